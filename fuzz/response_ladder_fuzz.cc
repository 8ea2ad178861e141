// libFuzzer target for the response-ladder parser (registry/response_ladder.h)
// and, for every accepted ladder, Recommend() and AssessStanding(). Besides
// memory errors (and exceptions escaping toml++, which would abort) it
// checks:
//   - a rejected text is kInvalidArgument or kResourceExhausted, with a
//     message;
//   - an accepted ladder recommends, for a fixed finding built from its own
//     names, a rung within the ladder that is at least the red-line minimum,
//     a total that is not negative, and canonical JSON that round-trips;
//   - the same inputs give the same bytes twice (determinism);
//   - a clean record is in good standing.
// Any violation aborts, so libFuzzer reports it as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/canonical_json.h"
#include "registry/response_ladder.h"
#include "registry/standing.h"

namespace {

using accord::core::ErrorCode;
using namespace accord;
using namespace std::chrono;

[[noreturn]] void Violated(const char* property) {
  std::fprintf(stderr, "property violated: %s\n", property);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ladder = registry::Ladder::Parse(text);
  if (!ladder) {
    if (ladder.error().code != ErrorCode::kInvalidArgument &&
        ladder.error().code != ErrorCode::kResourceExhausted)
      Violated("rejection is kInvalidArgument or kResourceExhausted");
    if (ladder.error().message.empty()) Violated("rejection has a message");
    return 0;
  }
  if (ladder->rungs.empty() || ladder->severity_levels.empty() || ladder->intent.empty())
    Violated("an accepted ladder has rungs, levels and intents");

  registry::ResponseInputs inputs;
  inputs.finding_date = year{2026} / 3 / 31;
  inputs.report_levels = {ladder->severity_levels.back().name, ladder->severity_levels[0].name};
  inputs.intent = ladder->intent.back().name;
  inputs.earlier_violation_dates = {year{2025} / 1 / 1, year{1990} / 1 / 1};
  inputs.non_cooperation_records = 3;
  inputs.remediation = registry::Remediation::kPartial;
  inputs.red_lines = {"RL-SAFETY"};
  auto r = registry::Recommend(*ladder, inputs);
  if (!r) Violated("a finding using the ladder's own names is recommended");
  if (!r->rung || *r->rung >= ladder->rungs.size()) Violated("rung within the ladder");
  if (!r->red_line_min_rung || *r->rung < *r->red_line_min_rung)
    Violated("rung at least the red-line minimum");
  if (r->total_points < 0) Violated("total not negative");
  std::string json = registry::RecommendationJson(*ladder, *r);
  auto canonical = core::CanonicalizeJson(json);
  if (!canonical || *canonical != json) Violated("recommendation JSON is canonical");
  auto again = registry::Recommend(*ladder, inputs);
  if (!again || registry::RecommendationJson(*ladder, *again) != json)
    Violated("recommendation is deterministic");

  auto standing = registry::AssessStanding(*ladder, {}, year{2026} / 7 / 15);
  if (!standing || standing->standing != registry::Standing::kGoodStanding)
    Violated("a clean record is in good standing");
  return 0;
}
