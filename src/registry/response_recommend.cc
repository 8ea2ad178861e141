// Recommend() and RecommendationJson() of registry/response_ladder.h: the
// arithmetic of docs/response.md section 2 and the rationale that lets
// anyone redo it. Kept apart from the loader (response_ladder.cc), which
// is the only part that sees toml++.
#include <algorithm>
#include <string>
#include <utility>

#include "core/canonical_json.h"
#include "core/json_value.h"
#include "registry/response_ladder.h"

namespace accord::registry {
namespace {

std::string At(std::string_view key, std::size_t i) {
  return std::string(key) + "[" + std::to_string(i) + "]";
}
const InputOption* FindOption(const std::vector<InputOption>& options, std::string_view name) {
  for (const InputOption& option : options)
    if (option.name == name) return &option;
  return nullptr;
}

std::string Names(const std::vector<InputOption>& options) {
  std::string out;
  for (const InputOption& option : options) {
    if (!out.empty()) out += ", ";
    out += option.name;
  }
  return out;
}

// Red-line ids go into the logged rationale, so they must be plain ASCII
// (catalogue ids are "RL-WATER").
bool IsRedLineId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string Pts(std::int64_t points) {
  return (points > 0 ? "+" : "") + std::to_string(points);
}

}  // namespace

core::Result<Recommendation> Recommend(const Ladder& ladder, const ResponseInputs& inputs) {
  Recommendation r;
  r.ladder_version = ladder.version;
  r.outcome = inputs.outcome;
  if (inputs.outcome != model::FindingOutcome::kViolation) {
    r.rationale.push_back({"outcome", std::string(model::Name(inputs.outcome)), 0,
                           "only a violation finding leads up the ladder: no response"});
    return r;
  }
  if (!inputs.finding_date.ok())
    return core::InvalidArgument("response inputs: finding_date: not a calendar date");
  r.rationale.push_back({"outcome", "violation", 0, "a violation finding leads up the ladder"});

  // Severity: the highest level among the reports, by the ladder's order.
  if (inputs.report_levels.empty())
    return core::InvalidArgument("response inputs: report_levels: a violation concerns at least "
                                 "one report");
  std::size_t highest = 0;
  for (std::size_t i = 0; i < inputs.report_levels.size(); ++i) {
    std::size_t index = ladder.severity_levels.size();
    for (std::size_t k = 0; k < ladder.severity_levels.size(); ++k)
      if (ladder.severity_levels[k].name == inputs.report_levels[i]) index = k;
    if (index == ladder.severity_levels.size())
      return core::InvalidArgument("response inputs: " + At("report_levels", i) + ": \"" +
                                   inputs.report_levels[i] + "\" is not one of " +
                                   Names(ladder.severity_levels));
    highest = std::max(highest, index);
  }
  std::int64_t total = 0;
  const InputOption& level = ladder.severity_levels[highest];
  total += level.points;
  r.rationale.push_back({"severity", level.name, level.points,
                         "highest severity level among the " +
                             std::to_string(inputs.report_levels.size()) +
                             " report(s): severity.levels gives \"" + level.name + "\" " +
                             Pts(level.points)});

  std::int64_t additional = static_cast<std::int64_t>(inputs.report_levels.size()) - 1;
  // Bounded before multiplying: report counts come from outside.
  std::int64_t breadth =
      ladder.per_additional_report == 0
          ? 0
          : std::min(ladder.additional_reports_max,
                     std::min(additional, Ladder::kMaxPoints) * ladder.per_additional_report);
  total += breadth;
  r.rationale.push_back({"breadth", std::to_string(inputs.report_levels.size()), breadth,
                         std::to_string(additional) + " report(s) beyond the first x " +
                             std::to_string(ladder.per_additional_report) + ", at most " +
                             std::to_string(ladder.additional_reports_max)});

  const InputOption* intent = FindOption(ladder.intent, inputs.intent);
  if (intent == nullptr)
    return core::InvalidArgument("response inputs: intent: \"" + inputs.intent +
                                 "\" is not one of " + Names(ladder.intent));
  total += intent->points;
  r.rationale.push_back({"intent", intent->name, intent->points,
                         "intent as the finding states it: intent.options gives \"" +
                             intent->name + "\" " + Pts(intent->points)});

  model::Date window_start = MonthsBefore(inputs.finding_date, ladder.recidivism_window_months);
  std::int64_t repeats = 0;
  for (std::size_t i = 0; i < inputs.earlier_violation_dates.size(); ++i) {
    const model::Date& date = inputs.earlier_violation_dates[i];
    if (!date.ok())
      return core::InvalidArgument("response inputs: " + At("earlier_violation_dates", i) +
                                   ": not a calendar date");
    if (date >= window_start && date <= inputs.finding_date) ++repeats;
  }
  std::int64_t recidivism =
      std::min(ladder.recidivism_max_points,
               std::min(repeats, Ladder::kMaxPoints) * ladder.recidivism_points_per_finding);
  total += recidivism;
  r.rationale.push_back(
      {"recidivism", std::to_string(repeats), recidivism,
       std::to_string(repeats) + " earlier violation finding(s) from " + FormatDate(window_start) +
           " to " + FormatDate(inputs.finding_date) + " (" +
           std::to_string(ladder.recidivism_window_months) + " months) x " +
           std::to_string(ladder.recidivism_points_per_finding) + ", at most " +
           std::to_string(ladder.recidivism_max_points)});

  if (inputs.non_cooperation_records < 0)
    return core::InvalidArgument("response inputs: non_cooperation_records: negative");
  std::int64_t non_cooperation =
      std::min(ladder.non_cooperation_max_points,
               std::min(inputs.non_cooperation_records, Ladder::kMaxPoints) *
                   ladder.non_cooperation_points_per_record);
  total += non_cooperation;
  r.rationale.push_back({"non_cooperation", std::to_string(inputs.non_cooperation_records),
                         non_cooperation,
                         std::to_string(inputs.non_cooperation_records) +
                             " non-cooperation record(s) x " +
                             std::to_string(ladder.non_cooperation_points_per_record) +
                             ", at most " + std::to_string(ladder.non_cooperation_max_points)});

  std::string_view remediation = RemediationName(inputs.remediation);
  if (remediation.empty())
    return core::InvalidArgument("response inputs: remediation: out of range");
  std::int64_t remediation_points =
      ladder.remediation_points[static_cast<std::size_t>(inputs.remediation)];
  total += remediation_points;
  r.rationale.push_back({"remediation", std::string(remediation), remediation_points,
                         "remediation done: remediation.options gives \"" +
                             std::string(remediation) + "\" " + Pts(remediation_points) +
                             " (the total never falls below 0)"});

  r.total_points = std::max<std::int64_t>(total, 0);
  for (std::size_t i = 0; i < ladder.rungs.size(); ++i)
    if (ladder.rungs[i].min_points <= r.total_points) r.rung_by_points = i;

  // Red lines: sorted and deduplicated so that the order the finding lists
  // them in cannot change the rationale.
  for (std::size_t i = 0; i < inputs.red_lines.size(); ++i)
    if (!IsRedLineId(inputs.red_lines[i]))
      return core::InvalidArgument("response inputs: " + At("red_lines", i) +
                                   ": expected 1..64 bytes of letters, digits, '-', '_' or '.'");
  std::vector<std::string> crossed = inputs.red_lines;
  std::sort(crossed.begin(), crossed.end());
  crossed.erase(std::unique(crossed.begin(), crossed.end()), crossed.end());
  std::string red_line_why;
  if (crossed.empty()) {
    red_line_why = "no red line crossed: no minimum rung";
  } else {
    std::size_t minimum = ladder.red_line_min_rung;
    std::string governing = "red_lines.min_rung";
    for (const std::string& id : crossed)
      for (std::size_t i = 0; i < ladder.red_line_overrides.size(); ++i)
        if (ladder.red_line_overrides[i].red_line == id &&
            ladder.red_line_overrides[i].min_rung > minimum) {
          minimum = ladder.red_line_overrides[i].min_rung;
          governing = At("red_lines.overrides", i) + " (" + id + ")";
        }
    r.red_line_min_rung = minimum;
    red_line_why = "a red line was crossed: at least \"" + ladder.rungs[minimum].id + "\" by " +
                   governing;
  }
  std::string red_line_value;
  for (const std::string& id : crossed) red_line_value += (red_line_value.empty() ? "" : ",") + id;
  r.rationale.push_back({"red_lines", red_line_value, 0, red_line_why});

  std::size_t rung = std::max(r.rung_by_points, r.red_line_min_rung.value_or(0));
  r.rung = rung;
  r.rung_id = ladder.rungs[rung].id;
  r.rationale.push_back(
      {"total", std::to_string(r.total_points), r.total_points,
       "highest rung with min_points <= " + std::to_string(r.total_points) + " is \"" +
           ladder.rungs[r.rung_by_points].id + "\"; recommended \"" + r.rung_id + "\""});
  return r;
}

std::string RecommendationJson(const Ladder& ladder, const Recommendation& recommendation) {
  using core::JsonValue;
  auto str = [](std::string_view s) { return JsonValue::String(std::string(s)); };
  auto num = [](std::int64_t n) { return JsonValue::Number(static_cast<double>(n)); };
  auto rung_id = [&](std::size_t i) {
    return i < ladder.rungs.size() ? str(ladder.rungs[i].id) : JsonValue::Null();
  };
  core::JsonArray rationale;
  for (const RationaleItem& item : recommendation.rationale)
    rationale.push_back(JsonValue::Object({{"input", str(item.input)},
                                           {"value", str(item.value)},
                                           {"points", num(item.points)},
                                           {"why", str(item.why)}}));
  bool has_rung = recommendation.rung.has_value();
  JsonValue value = JsonValue::Object({
      {"schema", str("accord.response-recommendation/1")},
      {"ladder_version", str(recommendation.ladder_version)},
      {"outcome", str(model::Name(recommendation.outcome))},
      {"rung", has_rung ? rung_id(*recommendation.rung) : JsonValue::Null()},
      {"total_points", num(recommendation.total_points)},
      {"rung_by_points", has_rung ? rung_id(recommendation.rung_by_points) : JsonValue::Null()},
      {"red_line_min_rung", recommendation.red_line_min_rung
                                ? rung_id(*recommendation.red_line_min_rung)
                                : JsonValue::Null()},
      {"rationale", JsonValue::Array(std::move(rationale))},
  });
  return core::SerializeCanonical(value);
}

}  // namespace accord::registry
