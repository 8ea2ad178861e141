// Fuzzes ParseRfc3339: it must never crash, and whatever it accepts must
// survive FormatRfc3339(kMicros) and a second parse unchanged. A difference
// means the log could store a time it cannot reproduce.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/time.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace accord::core;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = ParseRfc3339(text);
  if (!parsed) {
    // Every rejection must explain itself.
    if (parsed.error().message.empty()) std::abort();
    return 0;
  }
  if (*parsed < kMinTimestamp || *parsed > kMaxTimestamp) std::abort();
  for (auto precision : {TimePrecision::kMicros, TimePrecision::kAuto}) {
    const std::string formatted = FormatRfc3339(*parsed, precision);
    auto again = ParseRfc3339(formatted);
    if (!again || *again != *parsed) {
      std::fprintf(stderr, "round trip failed: %s -> %s\n", std::string(text).c_str(),
                   formatted.c_str());
      std::abort();
    }
  }
  return 0;
}
