// libFuzzer target for what `accord audit` parses from a node it does not
// trust (cli/audit.h): the first-difference finders over a published report
// (strict JSON, RFC 4180 CSV, lines) and the CSV record reader. The input is
// split in two at its first byte: the "published" and the "recomputed"
// text. Besides memory errors it checks properties a bug would break:
//   - each finder reports no difference exactly when the texts are equal,
//     and none for a text compared with itself;
//   - a difference's description holds no control character (a hostile
//     node must not drive the watchdog's terminal through the verdict);
//   - ParseCsvRecords fails only with kInvalidArgument or kResourceExhausted.
// Any violation aborts, so libFuzzer reports it as a crash.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "cli/audit.h"

namespace {

using accord::cli::ReportDifference;

[[noreturn]] void Violated(const char* property, std::string_view detail) {
  std::fprintf(stderr, "property violated: %s\n%.*s\n", property, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

using Finder = std::optional<ReportDifference> (*)(std::string_view, std::string_view);

void Check(Finder finder, std::string_view published, std::string_view recomputed) {
  auto found = finder(published, recomputed);
  if (found.has_value() == (published == recomputed))
    Violated("a difference is reported exactly when the texts differ", published);
  if (finder(published, published).has_value()) Violated("a text equals itself", published);
  if (found) {
    const std::string text = found->Describe();
    for (char c : text)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
        Violated("no control character in a verdict", text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t split = std::min<std::size_t>(data[0], input.size());
  const std::string_view published = input.substr(0, split);
  const std::string_view recomputed = input.substr(split);

  Check(accord::cli::FirstJsonDifference, published, recomputed);
  Check(accord::cli::FirstCsvDifference, published, recomputed);
  Check(accord::cli::FirstLineDifference, published, recomputed);
  if (auto records = accord::cli::ParseCsvRecords(input); !records) {
    const auto code = records.error().code;
    if (code != accord::core::ErrorCode::kInvalidArgument &&
        code != accord::core::ErrorCode::kResourceExhausted)
      Violated("csv rejections are kInvalidArgument or kResourceExhausted",
               records.error().ToString());
  }
  return 0;
}
