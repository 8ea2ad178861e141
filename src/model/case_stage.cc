// The case state machine of model/case_stage.h. The table kRules is the
// whole of the rules; docs/grievance.md prints the same table.
#include "model/case_stage.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "model/internal/enum_names.h"

namespace accord::model {
namespace {

using Stage = CaseStage;

constexpr unsigned Bit(CaseActor actor) {
  return 1u << static_cast<unsigned>(actor);
}
constexpr unsigned kSecretariat = Bit(CaseActor::kSecretariat);
constexpr unsigned kFiler = Bit(CaseActor::kFiler);
constexpr unsigned kAccused = Bit(CaseActor::kAccused);
constexpr unsigned kPanel = Bit(CaseActor::kPanel);
constexpr unsigned kDeadline = Bit(CaseActor::kDeadline);

struct Rule {
  Stage from;
  Stage to;
  unsigned actors;  // bit set of CaseActor
};

// In the order docs/grievance.md lists them. Withdrawal (-> closed by the
// filer) is open until the panel is selected: from then on the accused has
// a legitimate interest in a finding, which a withdrawal would take away.
constexpr std::array<Rule, 20> kRules = {{
    {Stage::kFiled, Stage::kAdmissibilityReview, kSecretariat},
    {Stage::kFiled, Stage::kClosed, kFiler},
    {Stage::kAdmissibilityReview, Stage::kInadmissible, kSecretariat},
    {Stage::kAdmissibilityReview, Stage::kAdmitted, kSecretariat},
    {Stage::kAdmissibilityReview, Stage::kClosed, kFiler},
    {Stage::kAdmitted, Stage::kInformationRequested, kSecretariat},
    {Stage::kAdmitted, Stage::kClosed, kFiler},
    {Stage::kInformationRequested, Stage::kInvestigation, kAccused | kSecretariat | kDeadline},
    {Stage::kInformationRequested, Stage::kClosed, kFiler},
    {Stage::kInvestigation, Stage::kPanelSelected, kSecretariat | kDeadline},
    {Stage::kInvestigation, Stage::kClosed, kFiler},
    {Stage::kPanelSelected, Stage::kHearing, kPanel | kSecretariat},
    {Stage::kHearing, Stage::kFinding, kPanel},
    {Stage::kFinding, Stage::kRemedyAndResponse, kSecretariat | kDeadline},
    {Stage::kFinding, Stage::kAppealLodged, kFiler | kAccused},
    {Stage::kAppealLodged, Stage::kAppealPanelSelected, kSecretariat},
    {Stage::kAppealPanelSelected, Stage::kAppealHearing, kPanel | kSecretariat},
    {Stage::kAppealHearing, Stage::kAppealFinding, kPanel},
    {Stage::kAppealFinding, Stage::kRemedyAndResponse, kSecretariat},
    {Stage::kRemedyAndResponse, Stage::kClosed, kSecretariat},
}};

const Rule* FindRule(Stage from, Stage to) {
  for (const Rule& rule : kRules) {
    if (rule.actors != 0 && rule.from == from && rule.to == to) return &rule;
  }
  return nullptr;
}

std::string StageList(const std::vector<Stage>& stages) {
  if (stages.empty()) return "none (final stage)";
  std::string out;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (i > 0) out += ", ";
    out += Name(stages[i]);
  }
  return out;
}

bool NeedsReason(Stage from, Stage to) {
  return to == Stage::kInadmissible || (to == Stage::kClosed && from != Stage::kRemedyAndResponse);
}

bool Acted(const CaseState& state, CaseSide side) {
  return std::find(state.acted.begin(), state.acted.end(), side) != state.acted.end();
}

// The deadline a stage runs, counted from when the case enters it.
// Saturates at kMaxTimestamp (and a negative duration counts as zero), so
// that every deadline has an RFC 3339 spelling and nothing overflows.
std::optional<core::Timestamp> DeadlineOf(const CaseState& state, Stage stage, core::Timestamp at) {
  std::chrono::seconds duration{0};
  switch (stage) {
    case Stage::kInformationRequested:
      duration = state.deadlines.information_response;
      break;
    case Stage::kInvestigation:
      duration = state.deadlines.panel_appointment;
      break;
    case Stage::kFinding:
      duration = state.deadlines.appeal_window;
      break;
    default:
      return std::nullopt;
  }
  duration = std::max(duration, std::chrono::seconds{0});
  const auto room = std::chrono::duration_cast<std::chrono::seconds>(core::kMaxTimestamp - at);
  return duration >= room ? core::kMaxTimestamp : at + duration;
}

// The step itself, after every check.
CaseState Step(const CaseState& state, Stage to, CaseActor by, std::string reason,
               core::Timestamp at) {
  CaseState next = state;
  if (to == Stage::kAppealLodged) {
    next.appeal = AppealRight::kUsed;
    next.appealed_by = by == CaseActor::kFiler ? CaseSide::kFiler : CaseSide::kAccused;
  }
  next.stage = to;
  next.acted.clear();
  next.history.push_back(StageEntry{.stage = to,
                                    .at = at,
                                    .by = by,
                                    .reason = std::move(reason),
                                    .deadline = DeadlineOf(state, to, at)});
  return next;
}

core::JsonValue Str(std::string_view text) {
  return core::JsonValue::String(std::string(text));
}

}  // namespace

std::string_view Name(CaseStage value) {
  static constexpr std::array<std::string_view, 15> kNames = {"filed",
                                                              "admissibility-review",
                                                              "inadmissible",
                                                              "admitted",
                                                              "information-requested",
                                                              "investigation",
                                                              "panel-selected",
                                                              "hearing",
                                                              "finding",
                                                              "appeal-lodged",
                                                              "appeal-panel-selected",
                                                              "appeal-hearing",
                                                              "appeal-finding",
                                                              "remedy-and-response",
                                                              "closed"};
  return internal::EnumName(value, kNames);
}
std::string_view Name(CaseActor value) {
  static constexpr std::array<std::string_view, 5> kNames = {"secretariat", "filer", "accused",
                                                             "panel", "deadline"};
  return internal::EnumName(value, kNames);
}
std::string_view Name(CaseSide value) {
  static constexpr std::array<std::string_view, 2> kNames = {"filer", "accused"};
  return internal::EnumName(value, kNames);
}
std::string_view Name(StopReason value) {
  static constexpr std::array<std::string_view, 4> kNames = {"inadmissible", "withdrawn",
                                                             "resolved", "pending"};
  return internal::EnumName(value, kNames);
}
template <>
std::optional<CaseStage> EnumFromName<CaseStage>(std::string_view name) {
  return internal::EnumFromSpelling<CaseStage>(name);
}
template <>
std::optional<CaseActor> EnumFromName<CaseActor>(std::string_view name) {
  return internal::EnumFromSpelling<CaseActor>(name);
}
template <>
std::optional<CaseSide> EnumFromName<CaseSide>(std::string_view name) {
  return internal::EnumFromSpelling<CaseSide>(name);
}

CaseState OpenCase(const core::StixId& case_id, const Allegation& allegation,
                   const CaseDeadlines& deadlines) {
  CaseState state;
  state.id = case_id;
  state.allegation_id = allegation.id;
  state.parties.filer_kind = allegation.filer.kind;
  state.parties.filer_state = allegation.filer.state;
  state.parties.accused_state = allegation.accused_state;
  state.deadlines = deadlines;
  state.history.push_back(StageEntry{.stage = Stage::kFiled,
                                     .at = allegation.filed_at,
                                     .by = CaseActor::kFiler,
                                     .reason = {},
                                     .deadline = std::nullopt});
  return state;
}

std::vector<CaseStage> AllowedTransitions(CaseStage from, AppealRight appeal) {
  std::vector<CaseStage> out;
  for (const Rule& rule : kRules) {
    if (rule.actors == 0 || rule.from != from) continue;
    if (rule.to == Stage::kAppealLodged && appeal == AppealRight::kUsed) continue;
    out.push_back(rule.to);
  }
  return out;
}

bool MayMakeTransition(CaseStage from, CaseStage to, CaseActor actor) {
  const Rule* rule = FindRule(from, to);
  return rule != nullptr && (rule->actors & Bit(actor)) != 0;
}

core::Result<CaseState> ApplyTransition(const CaseState& state, const CaseTransition& transition,
                                        core::Timestamp at) {
  const std::vector<Stage> allowed = AllowedTransitions(state.stage, state.appeal);
  if (std::find(allowed.begin(), allowed.end(), transition.to) == allowed.end()) {
    std::string message = "cannot go from " + std::string(Name(state.stage)) + " to " +
                          std::string(Name(transition.to)) + "; allowed: " + StageList(allowed);
    if (transition.to == Stage::kAppealLodged && state.appeal == AppealRight::kUsed &&
        state.appealed_by) {
      message +=
          " (the one appeal was lodged by the " + std::string(Name(*state.appealed_by)) + ")";
    }
    return core::Error{core::ErrorCode::kConflict, std::move(message)};
  }
  if (transition.by == CaseActor::kDeadline) {
    return core::PermissionDenied(
        "a missed deadline moves a case only through ExpireDeadline, not as a requested step");
  }
  if (!MayMakeTransition(state.stage, transition.to, transition.by)) {
    return core::PermissionDenied("the " + std::string(Name(transition.by)) +
                                  " may not move a case from " + std::string(Name(state.stage)) +
                                  " to " + std::string(Name(transition.to)));
  }
  if (at < core::kMinTimestamp || at > core::kMaxTimestamp) {
    return core::InvalidArgument("time is outside years 0000-9999");
  }
  const core::Timestamp last =
      state.history.empty() ? core::kMinTimestamp : state.history.back().at;
  if (at < last) {
    return core::InvalidArgument("time " + core::FormatRfc3339(at) +
                                 " is before the case's last step (" + core::FormatRfc3339(last) +
                                 ")");
  }
  if (NeedsReason(state.stage, transition.to) && transition.reason.empty()) {
    return core::InvalidArgument("field \"reason\": required to go from " +
                                 std::string(Name(state.stage)) + " to " +
                                 std::string(Name(transition.to)));
  }
  if (transition.reason.size() > kMaxTransitionReasonChars) {
    return core::InvalidArgument("field \"reason\": " + std::to_string(transition.reason.size()) +
                                 " bytes; expected at most " +
                                 std::to_string(kMaxTransitionReasonChars));
  }
  if (const auto deadline = state.deadline(); deadline && at > *deadline) {
    return core::Error{core::ErrorCode::kConflict,
                       "the deadline of stage " + std::string(Name(state.stage)) + " passed at " +
                           core::FormatRfc3339(*deadline) +
                           "; the case moves on by the missed deadline first"};
  }
  // A party's right to appoint its arbitrator lasts until the deadline: the
  // secretariat may constitute the panel early only when both have appointed.
  if (state.stage == Stage::kInvestigation && transition.to == Stage::kPanelSelected) {
    for (CaseSide side : {CaseSide::kFiler, CaseSide::kAccused}) {
      if (!Acted(state, side)) {
        return core::Error{core::ErrorCode::kConflict,
                           "the " + std::string(Name(side)) +
                               " has not appointed its arbitrator; the panel is selected when both "
                               "have, or when the appointment deadline passes"};
      }
    }
  }
  return Step(state, transition.to, transition.by, transition.reason, at);
}

core::Result<CaseState> RecordAppointment(const CaseState& state, CaseSide side,
                                          core::Timestamp at) {
  if (state.stage != Stage::kInvestigation) {
    return core::Error{core::ErrorCode::kConflict,
                       "arbitrators are appointed during investigation; the case is at " +
                           std::string(Name(state.stage))};
  }
  if (const auto deadline = state.deadline(); deadline && at > *deadline) {
    return core::Error{core::ErrorCode::kConflict,
                       "the appointment deadline passed at " + core::FormatRfc3339(*deadline)};
  }
  if (Acted(state, side)) {
    return core::Error{core::ErrorCode::kConflict,
                       "the " + std::string(Name(side)) + " has already appointed its arbitrator"};
  }
  CaseState next = state;
  next.acted.push_back(side);
  return next;
}

core::Result<CaseState> ExpireDeadline(const CaseState& state, core::Timestamp now) {
  const auto deadline = state.deadline();
  if (!deadline) {
    return core::Error{core::ErrorCode::kConflict,
                       "stage " + std::string(Name(state.stage)) + " runs no deadline"};
  }
  if (now < *deadline) {
    return core::Error{core::ErrorCode::kConflict,
                       "the deadline of stage " + std::string(Name(state.stage)) + " is " +
                           core::FormatRfc3339(*deadline) + ", after " + core::FormatRfc3339(now)};
  }
  std::vector<CaseSide> missed;
  Stage to = Stage::kClosed;
  std::string reason;
  switch (state.stage) {
    case Stage::kInformationRequested:
      missed.push_back(CaseSide::kAccused);
      to = Stage::kInvestigation;
      reason = "the accused state did not answer the request for information in time";
      break;
    case Stage::kInvestigation:
      for (CaseSide side : {CaseSide::kFiler, CaseSide::kAccused}) {
        if (!Acted(state, side)) missed.push_back(side);
      }
      to = Stage::kPanelSelected;
      reason = missed.empty() ? "appointment deadline reached"
                              : "seats not appointed in time are filled by the draw";
      break;
    case Stage::kFinding:
      to = Stage::kRemedyAndResponse;
      reason = "the appeal window closed without an appeal";
      break;
    default:
      return core::Internal("stage " + std::string(Name(state.stage)) +
                            " has a deadline but no rule for missing it");
  }
  CaseState next = Step(state, to, CaseActor::kDeadline, std::move(reason), *deadline);
  for (CaseSide side : missed) {
    next.non_cooperation.push_back(
        NonCooperation{.side = side, .stage = state.stage, .deadline = *deadline});
  }
  return next;
}

std::vector<AttritionRow> StageAttrition(std::span<const CaseState> cases) {
  std::map<std::pair<Stage, StopReason>, std::int64_t> counts;
  for (const CaseState& state : cases) {
    const std::vector<StageEntry>& history = state.history;
    if (history.empty()) continue;
    const Stage last = history.back().stage;
    const Stage before = history.size() >= 2 ? history[history.size() - 2].stage : last;
    if (last == Stage::kInadmissible) {
      ++counts[{before, StopReason::kInadmissible}];
    } else if (last == Stage::kClosed && before == Stage::kRemedyAndResponse) {
      ++counts[{before, StopReason::kResolved}];
    } else if (last == Stage::kClosed) {
      ++counts[{before, StopReason::kWithdrawn}];
    } else {
      ++counts[{last, StopReason::kPending}];
    }
  }
  std::vector<AttritionRow> rows;
  rows.reserve(counts.size());
  for (const auto& [key, count] : counts) {
    rows.push_back(AttritionRow{.stage = key.first, .reason = key.second, .cases = count});
  }
  return rows;
}

core::JsonValue CasePublicJson(const CaseState& state) {
  core::JsonArray history;
  for (const StageEntry& entry : state.history) {
    core::JsonObject members = {{"stage", Str(Name(entry.stage))},
                                {"at", Str(core::FormatRfc3339(entry.at))},
                                {"by", Str(Name(entry.by))}};
    if (!entry.reason.empty()) members.push_back({"reason", Str(entry.reason)});
    if (entry.deadline) members.push_back({"deadline", Str(core::FormatRfc3339(*entry.deadline))});
    history.push_back(core::JsonValue::Object(std::move(members)));
  }
  core::JsonArray non_cooperation;
  for (const NonCooperation& missed : state.non_cooperation) {
    non_cooperation.push_back(core::JsonValue::Object({
        {"side", Str(Name(missed.side))},
        {"stage", Str(Name(missed.stage))},
        {"deadline", Str(core::FormatRfc3339(missed.deadline))},
    }));
  }
  core::JsonObject parties = {{"filer_kind", Str(Name(state.parties.filer_kind))},
                              {"accused_state", Str(state.parties.accused_state)}};
  if (state.parties.filer_state)
    parties.push_back({"filer_state", Str(*state.parties.filer_state)});
  core::JsonObject members = {
      {"id", Str(state.id.ToString())},
      {"allegation_id", Str(state.allegation_id.ToString())},
      {"stage", Str(Name(state.stage))},
      {"parties", core::JsonValue::Object(std::move(parties))},
      {"history", core::JsonValue::Array(std::move(history))},
      {"non_cooperation", core::JsonValue::Array(std::move(non_cooperation))},
      {"appeal_used", core::JsonValue::Bool(state.appeal == AppealRight::kUsed)},
  };
  if (state.appealed_by) members.push_back({"appealed_by", Str(Name(*state.appealed_by))});
  if (const auto deadline = state.deadline())
    members.push_back({"deadline", Str(core::FormatRfc3339(*deadline))});
  return core::JsonValue::Object(std::move(members));
}

}  // namespace accord::model
