// The stages of a grievance case and the rules for moving between them
// (issue 8; docs/grievance.md has the table of transitions, who may make
// each, and the deadlines). Pure functions of a CaseState value and a time:
// the registry turns each accepted step into an event, and replaying the
// events through these functions rebuilds the state, so the rules exist once.
//
//   filed -> admissibility-review -> inadmissible (final)
//                                 -> admitted -> information-requested [deadline: accused]
//   -> investigation [deadline: panel appointments] -> panel-selected -> hearing -> finding
//   finding [deadline: appeal window] -> remedy-and-response -> closed
//   finding -> appeal-lodged (once, by either side) -> appeal-panel-selected -> appeal-hearing
//           -> appeal-finding -> remedy-and-response
//   filed .. investigation -> closed (withdrawn by the filer)
//
// No party can block: each deadline, once passed, lets ExpireDeadline move
// the case on, recording non-cooperation of each side that did not act.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_value.h"
#include "core/result.h"
#include "core/time.h"
#include "model/case.h"

namespace accord::model {

enum class CaseStage {
  kFiled,
  kAdmissibilityReview,
  kInadmissible,
  kAdmitted,
  kInformationRequested,
  kInvestigation,
  kPanelSelected,
  kHearing,
  kFinding,
  kAppealLodged,
  kAppealPanelSelected,
  kAppealHearing,
  kAppealFinding,
  kRemedyAndResponse,
  kClosed,
};
// "filed" "admissibility-review" "inadmissible" "admitted" "information-requested"
// "investigation" "panel-selected" "hearing" "finding" "appeal-lodged"
// "appeal-panel-selected" "appeal-hearing" "appeal-finding" "remedy-and-response" "closed"

// Who makes a step. kDeadline is the node's scheduler acting on a missed
// deadline (ExpireDeadline), never a person.
enum class CaseActor { kSecretariat, kFiler, kAccused, kPanel, kDeadline };
// "secretariat" "filer" "accused" "panel" "deadline"

// The two sides of a case.
enum class CaseSide { kFiler, kAccused };
// "filer" "accused"

// Whether the one appeal of a case is still available.
enum class AppealRight { kAvailable, kUsed };

// Why a case stopped where it did, for stage attrition.
enum class StopReason { kInadmissible, kWithdrawn, kResolved, kPending };
// "inadmissible" "withdrawn" "resolved" "pending"

std::string_view Name(CaseStage value);
std::string_view Name(CaseActor value);
std::string_view Name(CaseSide value);
std::string_view Name(StopReason value);
template <>
std::optional<CaseStage> EnumFromName<CaseStage>(std::string_view name);
template <>
std::optional<CaseActor> EnumFromName<CaseActor>(std::string_view name);
template <>
std::optional<CaseSide> EnumFromName<CaseSide>(std::string_view name);

// How long each deadline runs, fixed for a case when it is filed so that a
// later change of policy does not alter a running case. Defaults follow the
// WTO DSU's orders of magnitude: 30 days to answer a request, 20 days to
// compose a panel before the default appointment (DSU Art. 8.7), 60 days to
// appeal (DSU Art. 16.4).
struct CaseDeadlines {
  std::chrono::seconds information_response{std::chrono::days{30}};
  std::chrono::seconds panel_appointment{std::chrono::days{20}};
  std::chrono::seconds appeal_window{std::chrono::days{60}};
  friend bool operator==(const CaseDeadlines&, const CaseDeadlines&) = default;
};

// One step of a case's history. Public: stage, time, actor role and reason.
struct StageEntry {
  CaseStage stage = CaseStage::kFiled;
  core::Timestamp at;
  CaseActor by = CaseActor::kSecretariat;
  std::string reason;  // why (required for inadmissible and withdrawal); public
  std::optional<core::Timestamp> deadline;  // set when the stage runs a deadline
  friend bool operator==(const StageEntry&, const StageEntry&) = default;
};

// A missed deadline: the side that did not act in time, and where.
struct NonCooperation {
  CaseSide side = CaseSide::kAccused;
  CaseStage stage = CaseStage::kInformationRequested;  // the stage whose deadline passed
  core::Timestamp deadline;
  friend bool operator==(const NonCooperation&, const NonCooperation&) = default;
};

// The parties as the public form shows them.
struct CaseParties {
  FilerKind filer_kind = FilerKind::kState;
  std::optional<std::string> filer_state;  // when the filer is a state
  std::string accused_state;
  friend bool operator==(const CaseParties&, const CaseParties&) = default;
};

struct CaseState {
  core::StixId id;  // "case--<uuid>"
  core::StixId allegation_id;
  CaseParties parties;
  CaseDeadlines deadlines;
  CaseStage stage = CaseStage::kFiled;
  // Every step so far, the first one "filed"; times never go backwards.
  std::vector<StageEntry> history;
  // The sides that acted on the current stage's deadline: a panel
  // appointment (RecordAppointment) during investigation. Cleared on each step.
  std::vector<CaseSide> acted;
  AppealRight appeal = AppealRight::kAvailable;
  std::optional<CaseSide> appealed_by;
  std::vector<NonCooperation> non_cooperation;
  friend bool operator==(const CaseState&, const CaseState&) = default;

  // The deadline of the current stage, if it runs one.
  std::optional<core::Timestamp> deadline() const {
    return history.empty() ? std::nullopt : history.back().deadline;
  }
};

// A requested step.
struct CaseTransition {
  CaseStage to = CaseStage::kAdmissibilityReview;
  CaseActor by = CaseActor::kSecretariat;
  std::string reason;  // 1..1000 characters when required, else optional
};

inline constexpr std::size_t kMaxTransitionReasonChars = 1000;

// A new case for `allegation`, in stage "filed" at `allegation.filed_at`.
CaseState OpenCase(const core::StixId& case_id, const Allegation& allegation,
                   const CaseDeadlines& deadlines = {});

// The stages a case may go to from `from`, in the order of the table in
// docs/grievance.md; "appeal-lodged" is listed from "finding" only while
// the appeal is available. Empty for the final stages.
std::vector<CaseStage> AllowedTransitions(CaseStage from, AppealRight appeal);

// Whether `actor` may make the step from `from` to `to` (which must be
// allowed); kDeadline may make only the steps ExpireDeadline makes.
bool MayMakeTransition(CaseStage from, CaseStage to, CaseActor actor);

// The state after `transition` at `at`. Fails with
//   kConflict when the step is not allowed from the current stage
//     ("cannot go from hearing to closed; allowed: finding"), when the
//     appeal was already used, or when the current stage's deadline has
//     passed (ExpireDeadline must be applied first: the case has moved on);
//   kPermissionDenied when `transition.by` may not make this step;
//   kInvalidArgument when `at` is outside years 0000-9999 or before the
//     last step, or a required reason is missing or too long.
// Entering information-requested, investigation or finding sets that
// stage's deadline from `deadlines` (saturating at core::kMaxTimestamp).
core::Result<CaseState> ApplyTransition(const CaseState& state, const CaseTransition& transition,
                                        core::Timestamp at);

// Records that `side` appointed its arbitrator during investigation, before
// the appointment deadline. Fails with kConflict outside investigation,
// after the deadline, or when the side already appointed.
core::Result<CaseState> RecordAppointment(const CaseState& state, CaseSide side,
                                          core::Timestamp at);

// Applies the current stage's missed deadline at `now`: each side that had
// to act and did not is recorded as not cooperating (the accused for an
// information request; each side without an appointment for the panel; no
// one for the appeal window, whose lapse is a waiver), and the case moves
// on by actor kDeadline, stamped at the deadline itself so that a replay or
// a restart gives the same history:
//   information-requested -> investigation, investigation -> panel-selected
//   (empty seats filled by the draw's default rule), finding -> remedy-and-response.
// Fails with kConflict when the stage has no deadline or `now` is before it.
core::Result<CaseState> ExpireDeadline(const CaseState& state, core::Timestamp now);

// One line of the stage attrition statistics.
struct AttritionRow {
  CaseStage stage = CaseStage::kFiled;  // where the cases stopped
  StopReason reason = StopReason::kPending;
  std::int64_t cases = 0;
  friend bool operator==(const AttritionRow&, const AttritionRow&) = default;
};

// Where each case stopped and why, counted from the cases' histories alone
// (so anyone can recompute it from the public log): an inadmissible case
// stopped at admissibility-review; a withdrawn case at the stage it was
// withdrawn from; a closed case after remedy-and-response is resolved; an
// open case is pending at its current stage. Rows in stage order, then
// reason order; only non-zero rows.
std::vector<AttritionRow> StageAttrition(std::span<const CaseState> cases);

// The public form of a case: id, stage, parties' states and the filer's
// kind, the history (stage, time, actor, reason, deadline), non-cooperation
// and the appeal. Nothing confidential: the allegation's statement and
// evidence stay in the store. Public parties never include a private
// filer's party id.
core::JsonValue CasePublicJson(const CaseState& state);

}  // namespace accord::model
