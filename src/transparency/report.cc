#include "transparency/report.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <utility>

#include "core/canonical_json.h"
#include "core/encoding.h"
#include "core/json_value.h"
#include "exchange/csv.h"
#include "transparency/internal/standing_days.h"

namespace accord::transparency {
namespace {

using core::JsonValue;

int YearOf(core::Timestamp time) {
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(time)};
  return static_cast<int>(day.year());
}

bool IsStateCode(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

// The figures every scope has, 0 when nothing happened, so that a reader
// (and a CSV diff) sees the same rows every year. Breakdowns (by sector,
// severity, stage, outcome, rung) appear only when non-zero.
constexpr std::string_view kCommonFigures[] = {
    "incidents.reported",
    "notifications.sent",
    "notifications.received",
    "notifications.acknowledged",
    "notifications.acknowledged_on_time",
    "notifications.settled",
    "notifications.overdue",
    "pings.received",
    "pings.on_time",
    "pings.late",
    "pings.missed",
    "pings.pending",
    "cases.non_cooperation",
    "findings.issued",
    "responses.recommended",
    "exercise.reports",
    "exercise.notifications_sent",
    "exercise.notifications_received",
    "exercise.pings_received",
    "exercise.cases",
};
constexpr std::string_view kGlobalFigures[] = {
    "incidents.envelope_withheld", "incidents.reporter_not_public", "incidents.withdrawn",
    "allegations.filed", "allegations.filed_by_private_entities",
};
constexpr std::string_view kStateFigures[] = {
    "incidents.suffered", "allegations.filed_by", "allegations.filed_against",
};

class Tally {
 public:
  Tally(TransparencyReport& report) : report_(report) {
    for (std::string_view name : kCommonFigures) report_.global[std::string(name)] = 0;
    for (std::string_view name : kGlobalFigures) report_.global[std::string(name)] = 0;
  }

  // Adds `count` to figure `name` of `state`'s scope ("" adds nothing: an
  // act no state can be named for).
  void State(std::string_view state, const std::string& name, std::int64_t count = 1) {
    if (Figures* figures = Scope(state)) (*figures)[name] += count;
  }
  void Global(const std::string& name, std::int64_t count = 1) { report_.global[name] += count; }

  // Creates the scope of `state` (with its zero figures) if it is reported.
  Figures* Scope(std::string_view state) {
    if (state.empty() || (report_.state && *report_.state != state)) return nullptr;
    auto [it, inserted] = report_.states.try_emplace(std::string(state));
    if (inserted) {
      for (std::string_view name : kCommonFigures) it->second[std::string(name)] = 0;
      for (std::string_view name : kStateFigures) it->second[std::string(name)] = 0;
    }
    return &it->second;
  }

  // Seconds to acknowledge, per scope ("" = global), for the medians.
  std::map<std::string, std::vector<std::int64_t>> ack_seconds;

 private:
  TransparencyReport& report_;
};

// Lower median (docs/notifications.md, MeasurePings): no averaging, so an
// integer. REQUIRES: `values` non-empty.
std::int64_t LowerMedian(std::vector<std::int64_t> values) {
  const std::size_t middle = (values.size() - 1) / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
  return values[middle];
}

void CountReports(const PublicLedger& ledger, int year, Tally& tally) {
  for (const PublicReport& report : ledger.reports()) {
    if (YearOf(report.submitted_at) != year) continue;
    // A report counts under each state once, however many of its entities
    // that state has; and under each of its sectors once.
    std::set<std::string> states(report.affected_states.begin(), report.affected_states.end());
    if (report.reporter_state) states.insert(*report.reporter_state);
    if (report.exercise) {
      tally.Global("exercise.reports");
      for (const std::string& state : states) tally.State(state, "exercise.reports");
      continue;
    }
    if (report.withdrawn) {
      tally.Global("incidents.withdrawn");
      continue;
    }
    tally.Global("incidents.reported");
    if (!report.envelope_public) {
      tally.Global("incidents.envelope_withheld");
      continue;
    }
    const std::string level = report.severity_level.value_or("unknown");
    tally.Global("incidents.reported.severity." + level);
    for (const std::string& sector : report.sectors) tally.Global("incidents.reported.sector." + sector);
    if (report.reporter_state) {
      const std::string& by = *report.reporter_state;
      tally.State(by, "incidents.reported");
      tally.State(by, "incidents.reported.severity." + level);
      for (const std::string& sector : report.sectors)
        tally.State(by, "incidents.reported.sector." + sector);
    } else {
      tally.Global("incidents.reporter_not_public");
    }
    for (const std::string& state : std::set<std::string>(report.affected_states.begin(),
                                                          report.affected_states.end())) {
      tally.State(state, "incidents.suffered");
      tally.State(state, "incidents.suffered.severity." + level);
      for (const std::string& sector : report.sectors)
        tally.State(state, "incidents.suffered.sector." + sector);
    }
  }
}

void CountNotifications(const PublicLedger& ledger, int year, Tally& tally) {
  const core::Timestamp as_of = ledger.last_at();
  for (const PublicNotification& notification : ledger.notifications()) {
    if (YearOf(notification.sent_at) != year) continue;
    const std::string sender = ledger.StateOf(notification.from);
    const bool ping = notification.kind == "ping";
    if (notification.exercise) {
      if (!ping) {
        tally.Global("exercise.notifications_sent");
        tally.State(sender, "exercise.notifications_sent");
      }
      for (const RecipientProgress& recipient : notification.recipients) {
        const std::string name = ping ? "exercise.pings_received" : "exercise.notifications_received";
        tally.Global(name);
        tally.State(ledger.StateOf(recipient.party), name);
      }
      continue;
    }
    if (!ping) {
      tally.Global("notifications.sent");
      tally.State(sender, "notifications.sent");
    }
    for (const RecipientProgress& recipient : notification.recipients) {
      const std::string state = ledger.StateOf(recipient.party);
      auto both = [&](const std::string& name) {
        tally.Global(name);
        tally.State(state, name);
      };
      const bool acknowledged = recipient.acknowledged_at.has_value();
      // Settled: acknowledged, or the deadline passed by the last entry.
      const bool settled = acknowledged || recipient.overdue || notification.due <= as_of;
      if (ping) {
        both("pings.received");
        if (acknowledged)
          both(recipient.late ? "pings.late" : "pings.on_time");
        else
          both(settled ? "pings.missed" : "pings.pending");
        continue;
      }
      both("notifications.received");
      if (recipient.overdue) both("notifications.overdue");
      if (settled) both("notifications.settled");
      if (!acknowledged) continue;
      both("notifications.acknowledged");
      if (!recipient.late) both("notifications.acknowledged_on_time");
      const std::int64_t seconds =
          std::chrono::floor<std::chrono::seconds>(*recipient.acknowledged_at - notification.sent_at)
              .count();
      tally.ack_seconds[""].push_back(seconds);
      if (tally.Scope(state) != nullptr) tally.ack_seconds[state].push_back(seconds);
    }
  }
}

void CountCases(const PublicLedger& ledger, int year, Tally& tally) {
  for (const PublicCase& filed : ledger.cases()) {
    const std::string filer = filed.filer_state.value_or("");
    if (YearOf(filed.filed_at) == year) {
      if (filed.exercise) {
        tally.Global("exercise.cases");
        tally.State(filer, "exercise.cases");
        if (filed.accused_state != filer) tally.State(filed.accused_state, "exercise.cases");
      } else {
        tally.Global("allegations.filed");
        if (!filed.filer_state) tally.Global("allegations.filed_by_private_entities");
        tally.State(filer, "allegations.filed_by");
        tally.State(filed.accused_state, "allegations.filed_against");
        const std::string stage = "cases.stage." + filed.stage;
        tally.Global(stage);
        tally.State(filer, stage);
        tally.State(filed.accused_state, stage);
      }
    }
    if (filed.exercise) continue;
    // Non-cooperation counts in the year its deadline passed, against the
    // side that missed it.
    for (const NonCooperationRecord& missed : filed.non_cooperation) {
      if (YearOf(missed.deadline) != year) continue;
      tally.Global("cases.non_cooperation");
      tally.State(missed.side == "accused" ? filed.accused_state : filer, "cases.non_cooperation");
    }
  }
  for (const PublicFinding& finding : ledger.findings()) {
    const PublicCase* decided = ledger.FindCase(finding.case_id);
    if (decided == nullptr || decided->exercise || YearOf(finding.issued_at) != year) continue;
    const std::string outcome = "findings.outcome." + finding.outcome;
    tally.Global("findings.issued");
    tally.Global(outcome);
    tally.State(decided->accused_state, "findings.issued");
    tally.State(decided->accused_state, outcome);
    if (finding.appeal) {
      tally.Global("findings.appeal");
      tally.State(decided->accused_state, "findings.appeal");
    }
  }
}

void CountResponses(const PublicLedger& ledger, int year, Tally& tally,
                    std::set<std::string>& ladder_versions) {
  for (const PublicRecommendation& recommendation : ledger.recommendations()) {
    const PublicCase* decided = ledger.FindCase(recommendation.case_id);
    if (decided == nullptr || decided->exercise || YearOf(recommendation.recommended_at) != year)
      continue;
    ladder_versions.insert(recommendation.ladder_version);
    const std::string& state = recommendation.accused_state;
    const std::string rung =
        "responses.rung." + (recommendation.rung.empty() ? std::string("none") : recommendation.rung);
    const std::string remediation = "responses.remediation." + recommendation.remediation;
    for (const std::string* name : {&rung, &remediation}) {
      tally.Global(*name);
      tally.State(state, *name);
    }
    tally.Global("responses.recommended");
    tally.State(state, "responses.recommended");
  }
}

void FinishNotifications(Figures& figures, const std::vector<std::int64_t>* seconds) {
  const std::int64_t settled = figures["notifications.settled"];
  if (settled > 0) {
    // Acknowledged on time out of every settled notification: an
    // unacknowledged one whose deadline passed counts as not on time.
    figures["notifications.on_time_per_mille"] =
        figures["notifications.acknowledged_on_time"] * 1000 / settled;
  }
  if (seconds != nullptr && !seconds->empty())
    figures["notifications.median_ack_seconds"] = LowerMedian(*seconds);
}

}  // namespace

core::Result<TransparencyReport> Compute(const PublicLedger& ledger, int year,
                                         std::optional<std::string> state,
                                         const ledger::Checkpoint& cite) {
  if (year < 1970 || year > 9999)
    return core::InvalidArgument("year: " + std::to_string(year) + " is outside 1970..9999");
  if (state && !IsStateCode(*state))
    return core::InvalidArgument("state: \"" + *state +
                                 "\" is not an ISO 3166-1 alpha-2 code (two upper-case letters)");
  if (cite.tree_size != ledger.size())
    return core::InvalidArgument("checkpoint: tree size " + std::to_string(cite.tree_size) +
                                 " but the replayed log holds " + std::to_string(ledger.size()) +
                                 " entries");
  TransparencyReport report;
  report.year = year;
  report.state = std::move(state);
  report.origin = cite.origin;
  report.tree_size = cite.tree_size;
  report.root_hash_hex = core::HexEncode(cite.root_hash);
  report.as_of = ledger.last_at();

  Tally tally(report);
  // Every state party has a scope, even in a year it did nothing: a row of
  // zeros is a fact too.
  for (const PublicParty& party : ledger.parties())
    if (party.kind == "state" && !party.state.empty()) tally.Scope(party.state);
  if (report.state) tally.Scope(*report.state);

  CountReports(ledger, year, tally);
  CountNotifications(ledger, year, tally);
  CountCases(ledger, year, tally);
  std::set<std::string> ladder_versions;
  CountResponses(ledger, year, tally, ladder_versions);
  report.ladder_versions.assign(ladder_versions.begin(), ladder_versions.end());
  internal::CountStanding(ledger, year, report);

  auto seconds_of = [&](const std::string& scope) -> const std::vector<std::int64_t>* {
    auto found = tally.ack_seconds.find(scope);
    return found == tally.ack_seconds.end() ? nullptr : &found->second;
  };
  FinishNotifications(report.global, seconds_of(""));
  for (auto& [code, figures] : report.states) FinishNotifications(figures, seconds_of(code));
  return report;
}

namespace {

JsonValue Int(std::int64_t value) { return JsonValue::Number(static_cast<double>(value)); }

JsonValue FiguresJson(const Figures& figures) {
  core::JsonObject members;
  for (const auto& [name, value] : figures) members.push_back({name, Int(value)});
  return JsonValue::Object(std::move(members));
}

}  // namespace

std::string EncodeReportJson(const TransparencyReport& report) {
  core::JsonArray versions;
  for (const std::string& version : report.ladder_versions) versions.push_back(JsonValue::String(version));
  core::JsonObject states;
  for (const auto& [code, figures] : report.states) states.push_back({code, FiguresJson(figures)});
  JsonValue json = JsonValue::Object({
      {"schema", JsonValue::String(std::string(kReportSchema))},
      {"year", Int(report.year)},
      {"state", report.state ? JsonValue::String(*report.state) : JsonValue::Null()},
      {"checkpoint", JsonValue::Object({{"origin", JsonValue::String(report.origin)},
                                        {"tree_size", Int(static_cast<std::int64_t>(report.tree_size))},
                                        {"root_hash", JsonValue::String(report.root_hash_hex)}})},
      {"as_of", JsonValue::String(core::FormatRfc3339(report.as_of))},
      {"ladder_versions", JsonValue::Array(std::move(versions))},
      {"figures", JsonValue::Object({{"global", FiguresJson(report.global)},
                                     {"states", JsonValue::Object(std::move(states))}})},
  });
  return core::SerializeCanonical(json);
}

std::string EncodeReportCsv(const TransparencyReport& report) {
  std::string out;
  auto row = [&out](std::string scope, std::string figure, std::string value) {
    const std::string fields[] = {std::move(scope), std::move(figure), std::move(value)};
    exchange::AppendCsvRecord(fields, out);
  };
  row("scope", "figure", "value");
  std::string versions;
  for (const std::string& version : report.ladder_versions)
    versions += (versions.empty() ? "" : " ") + version;
  row("report", "schema", std::string(kReportSchema));
  row("report", "year", std::to_string(report.year));
  row("report", "state", report.state.value_or(""));
  row("report", "checkpoint.origin", report.origin);
  row("report", "checkpoint.tree_size", std::to_string(report.tree_size));
  row("report", "checkpoint.root_hash", report.root_hash_hex);
  row("report", "as_of", core::FormatRfc3339(report.as_of));
  row("report", "ladder_versions", versions);
  for (const auto& [name, value] : report.global) row("global", name, std::to_string(value));
  for (const auto& [code, figures] : report.states)
    for (const auto& [name, value] : figures) row(code, name, std::to_string(value));
  return out;
}

}  // namespace accord::transparency
