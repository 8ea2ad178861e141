// libFuzzer target for the PII scrubber (privacy/scrub.h). Besides memory
// errors it checks properties a bug would break:
//   - input over kMaxScrubInputBytes fails with kResourceExhausted, anything
//     else succeeds unless it does not settle within kMaxScrubRounds;
//   - scrubbing is idempotent: the output holds nothing the patterns would
//     still replace (no e-mail, phone, IP address or marked name left), so a
//     second pass returns it unchanged with all counts zero;
//   - the output is bounded: the worst growth is "::" (2 bytes) becoming
//     "[ip-address]" (12 bytes).
// Any violation aborts, so libFuzzer reports it as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "privacy/scrub.h"

namespace {

[[noreturn]] void Violated(const char* property, std::string_view detail) {
  std::fprintf(stderr, "property violated: %s\n%.*s\n", property,
               static_cast<int>(detail.size() > 512 ? 512 : detail.size()), detail.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Names that collide with placeholder words and with each other.
  static const std::vector<std::string> kNames = {"Jane Roe", "Jane", "email", "ip-address", "ip",
                                                  "address", "name"};
  auto once = accord::privacy::ScrubText(text, kNames);
  if (size > accord::privacy::kMaxScrubInputBytes) {
    if (once.has_value() || once.error().code != accord::core::ErrorCode::kResourceExhausted) {
      Violated("oversize input is refused with kResourceExhausted", text.substr(0, 64));
    }
    return 0;
  }
  if (!once.has_value()) {
    // Only text that does not settle within kMaxScrubRounds may be refused.
    if (once.error().code != accord::core::ErrorCode::kResourceExhausted ||
        once.error().message.find("rounds") == std::string::npos) {
      Violated("input within the limit is scrubbed", once.error().message);
    }
    return 0;
  }
  if (once->text.size() > 6 * size) Violated("output is at most six times the input", once->text);
  if (once->text.size() > accord::privacy::kMaxScrubInputBytes) return 0;
  auto twice = accord::privacy::ScrubText(once->text, kNames);
  if (!twice.has_value()) Violated("scrubbed output scrubs again", twice.error().message);
  if (twice->text != once->text || twice->counts.total() != 0) {
    Violated("scrubbing is idempotent", once->text + "\n---\n" + twice->text);
  }
  return 0;
}
