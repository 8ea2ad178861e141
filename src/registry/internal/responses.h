// The graduated response wired into the registry (issue 8, docs/response.md):
// the one call the cases commands make when a case reaches
// remedy-and-response (RecommendationEvent), and the helpers the response
// commands and the standing views share (responses.cc, standing_views.cc).
//
// Record kind "recommendation" (id = case id; status = the rung id, or
// "none"; parties = the case's parties): full = public =
//   {"case", "accused_state", "finding", "finding_date": "YYYY-MM-DD",
//    "recommendation": <RecommendationJson parsed>,
//    "remediation": {"status": "none|partial|complete", "date"?: "YYYY-MM-DD"}}
// Everything in it is public: a recommendation and its remediation are what
// the agreement publishes (docs/response.md).
//
// Functions here run on the sequencer's thread (inside a decide function)
// or on a request thread; they keep no state.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"
#include "core/json_value.h"
#include "core/result.h"
#include "model/case.h"
#include "model/case_stage.h"
#include "model/incident_report.h"
#include "registry/event.h"
#include "registry/response_ladder.h"
#include "registry/sequencer.h"
#include "store/store.h"

namespace accord::registry {

inline constexpr std::string_view kRecommendationKind = "recommendation";

// The response.recommended event for `state` entering remedy-and-response on `finding` (the
// appeal's finding when there was one). nullopt when the outcome is not a violation (no
// recommendation, no event). Reads the reports' severity levels through `view`, earlier violation
// findings against the same state from `store` records of kind "recommendation" (recidivism),
// non-cooperation from `state`. Errors: Recommend's (kInvalidArgument naming the input).
core::Result<std::optional<Event>> RecommendationEvent(
    const Ladder& ladder, const BatchView& view, const store::Store& store,
    const model::CaseState& state, const model::Finding& finding, const std::string& intent,
    const std::vector<std::string>& red_lines, const std::vector<core::StixId>& report_ids,
    const Actor& actor);

namespace internal {

// A "recommendation" record's content, decoded.
struct RecommendationRecord {
  std::string case_id;
  std::string accused_state;
  std::string finding_id;
  model::Date finding_date{};
  std::string rung_id;  // "" when the outcome gave no rung
  Remediation remediation = Remediation::kNone;
  std::optional<model::Date> remediation_date;
  core::JsonValue full;  // the record's JSON as stored
};

// Decodes a stored record's full JSON. kCorrupt naming the member.
core::Result<RecommendationRecord> DecodeRecommendationRecord(std::string_view full_json);

// "YYYY-MM-DD" as a calendar date (years 0000-9999); nullopt otherwise.
std::optional<model::Date> ParseDay(std::string_view text);

// The UTC calendar day of `time`.
model::Date DayOf(core::Timestamp time);

}  // namespace internal
}  // namespace accord::registry
