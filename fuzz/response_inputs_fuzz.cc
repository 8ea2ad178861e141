// libFuzzer target for the parsers of the wired responses
// (registry/internal/responses.h): ParseDay, which reads the `as_of` query
// parameter and the remediation body's `date`, and
// DecodeRecommendationRecord, which reads stored "recommendation" records.
// Besides memory errors it checks:
//   - a day ParseDay accepts is a valid calendar date that FormatDate spells
//     back as exactly the input (one spelling per day);
//   - DecodeRecommendationRecord either succeeds, with a valid finding date
//     and a remediation date only when it is a valid day, or fails with
//     kCorrupt and a message.
// Any violation aborts, so libFuzzer reports it as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "registry/internal/responses.h"

namespace {

using namespace accord;

[[noreturn]] void Violated(const char* property) {
  std::fprintf(stderr, "property violated: %s\n", property);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto day = registry::internal::ParseDay(text)) {
    if (!day->ok()) Violated("an accepted day is a calendar date");
    if (registry::FormatDate(*day) != text) Violated("an accepted day spells back as itself");
  }
  auto record = registry::internal::DecodeRecommendationRecord(text);
  if (record) {
    if (!record->finding_date.ok()) Violated("a decoded finding date is a calendar date");
    if (record->remediation_date && !record->remediation_date->ok())
      Violated("a decoded remediation date is a calendar date");
  } else if (record.error().code != core::ErrorCode::kCorrupt || record.error().message.empty()) {
    Violated("a refused record is kCorrupt with a message");
  }
  return 0;
}
