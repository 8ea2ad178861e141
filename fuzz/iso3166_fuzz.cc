// libFuzzer target for the ISO 3166-1 list parser and lookups
// (core/iso3166.h). Besides memory errors it checks properties a bug would
// break:
//   - a rejected list is kCorrupt, as Parse()'s contract says;
//   - every entry of an accepted list resolves to itself by each of its codes;
//   - lookups of arbitrary input against an accepted list never crash, fail
//     only with kInvalidArgument or kNotFound, and quote at most a bounded
//     prefix of the input.
// Any violation aborts, so libFuzzer reports it as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/iso3166.h"

namespace {

using accord::core::Country;
using accord::core::CountryRegistry;
using accord::core::ErrorCode;

[[noreturn]] void Violated(const char* property, std::string_view detail) {
  std::fprintf(stderr, "property violated: %s\n%.*s\n", property, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

template <typename LookupResult>
void CheckLookup(const LookupResult& found, std::string_view input) {
  if (found) return;
  if (found.error().code != ErrorCode::kInvalidArgument &&
      found.error().code != ErrorCode::kNotFound)
    Violated("lookup fails only with invalid_argument or not_found", found.error().message);
  // The quoted input is cut at 40 bytes and escaped at most 4x.
  if (found.error().message.size() > 400) Violated("lookup message is bounded", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = CountryRegistry::Parse(text);
  if (!parsed) {
    if (parsed.error().code != ErrorCode::kCorrupt)
      Violated("a rejected list is corrupt", parsed.error().message);
    return 0;
  }
  for (const Country& country : parsed->countries()) {
    auto by_alpha_2 = parsed->FindAlpha2(country.alpha_2);
    auto by_alpha_3 = parsed->FindAlpha3(country.alpha_3);
    auto by_numeric = parsed->FindNumeric(country.numeric);
    if (!by_alpha_2 || !by_alpha_3 || !by_numeric || *by_alpha_2 != &country ||
        *by_alpha_3 != &country || *by_numeric != &country)
      Violated("every entry resolves to itself", country.alpha_2);
  }
  // Use the tail of the input as a code to look up, whatever it is.
  std::string_view code = text.substr(text.size() > 8 ? text.size() - 8 : 0);
  for (std::size_t length = 0; length <= code.size(); ++length) {
    std::string_view candidate = code.substr(code.size() - length);
    CheckLookup(parsed->FindAlpha2(candidate), candidate);
    CheckLookup(parsed->FindAlpha3(candidate), candidate);
    CheckLookup(parsed->FindNumeric(candidate), candidate);
  }
  return 0;
}
