// libFuzzer target for the sector taxonomy parser and lookups
// (core/sectors.h). Besides memory errors (and exceptions escaping toml++,
// which would abort) it checks properties a bug would break:
//   - a rejected text is kInvalidArgument or kResourceExhausted;
//   - in an accepted taxonomy every code is well formed and resolves to its
//     entry, every sub-sector is listed among its parent's children, and
//     every crosswalk value is one of the sixteen US sectors;
//   - Find() on the built-in taxonomy, given arbitrary input, fails only with
//     kInvalidArgument or kNotFound.
// Any violation aborts, so libFuzzer reports it as a crash.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/sectors.h"

namespace {

using accord::core::ErrorCode;
using accord::core::kUsCisaSectors;
using accord::core::Sector;
using accord::core::SectorTaxonomy;

[[noreturn]] void Violated(const char* property, std::string_view detail) {
  std::fprintf(stderr, "property violated: %s\n%.*s\n", property, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

void CheckTaxonomy(const SectorTaxonomy& taxonomy) {
  for (const Sector& sector : taxonomy.sectors()) {
    auto found = taxonomy.Find(sector.code);
    if (!found || *found != &sector) Violated("every code resolves to its entry", sector.code);
    if (!sector.parent.empty()) {
      auto siblings = taxonomy.Children(sector.parent);
      if (!siblings || std::find(siblings->begin(), siblings->end(), &sector) == siblings->end())
        Violated("a sub-sector is among its parent's children", sector.code);
    }
    if (!sector.us_cisa_sector.empty() && std::find(kUsCisaSectors.begin(), kUsCisaSectors.end(),
                                                    sector.us_cisa_sector) == kUsCisaSectors.end())
      Violated("crosswalk is one of the sixteen", sector.us_cisa_sector);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto found = SectorTaxonomy::Builtin().Find(text);
  if (!found && found.error().code != ErrorCode::kInvalidArgument &&
      found.error().code != ErrorCode::kNotFound)
    Violated("Find fails only with invalid_argument or not_found", found.error().message);

  auto parsed = SectorTaxonomy::Parse(text);
  if (!parsed) {
    if (parsed.error().code != ErrorCode::kInvalidArgument &&
        parsed.error().code != ErrorCode::kResourceExhausted)
      Violated("a rejected taxonomy is invalid_argument", parsed.error().message);
    return 0;
  }
  CheckTaxonomy(*parsed);
  return 0;
}
