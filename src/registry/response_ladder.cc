#include "registry/response_ladder.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <utility>

#include <toml++/toml.h>

#include "assess/methodology.h"
#include "core/builtin_data.h"
#include "norms/catalogue.h"

namespace accord::embedded {
extern const std::string_view ResponseLadderToml;
}

namespace accord::registry {
namespace {

constexpr std::array<std::string_view, 3> kRemediationNames = {"none", "partial", "complete"};
constexpr std::array<std::string_view, kStandingCount> kStandingNames = {
    "good-standing", "under-review", "suspended"};

// Longest name, id or description; keeps one ladder small and its
// rationale printable.
constexpr std::size_t kMaxTextField = 4000;

std::string Join(std::string_view where, std::string_view key) {
  if (where.empty()) return std::string(key);
  return std::string(where) + "." + std::string(key);
}

core::Error Fail(const toml::node* node, std::string_view key, std::string_view reason) {
  std::string line;
  if (node != nullptr && node->source().begin.line > 0)
    line = "line " + std::to_string(node->source().begin.line) + ": ";
  return core::InvalidArgument(line + std::string(key) + ": " + std::string(reason));
}

core::Status CheckKeys(const toml::table& table, std::string_view where,
                       std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
      return Fail(&value, Join(where, key.str()), "unknown key");
  }
  return core::Ok();
}

const toml::node* Get(const toml::table& table, std::string_view key) { return table.get(key); }

core::Result<std::int64_t> Int(const toml::table& table, std::string_view where,
                               std::string_view key, std::int64_t min, std::int64_t max) {
  std::string full = Join(where, key);
  const toml::node* node = Get(table, key);
  if (node == nullptr) return Fail(&table, full, "missing");
  if (!node->is_integer()) return Fail(node, full, "expected an integer");
  std::int64_t value = *node->value<std::int64_t>();
  if (value < min || value > max)
    return Fail(node, full,
                std::to_string(value) + " is outside " + std::to_string(min) + ".." +
                    std::to_string(max));
  return value;
}

core::Result<std::string> Str(const toml::table& table, std::string_view where,
                              std::string_view key) {
  std::string full = Join(where, key);
  const toml::node* node = Get(table, key);
  if (node == nullptr) return Fail(&table, full, "missing");
  if (!node->is_string()) return Fail(node, full, "expected a string");
  std::string value = *node->value<std::string>();
  if (value.empty() || value.size() > kMaxTextField)
    return Fail(node, full, "expected 1.." + std::to_string(kMaxTextField) + " bytes");
  return value;
}

core::Result<bool> Bool(const toml::table& table, std::string_view where, std::string_view key) {
  std::string full = Join(where, key);
  const toml::node* node = Get(table, key);
  if (node == nullptr) return Fail(&table, full, "missing");
  if (!node->is_boolean()) return Fail(node, full, "expected true or false");
  return *node->value<bool>();
}

core::Result<const toml::table*> Table(const toml::table& table, std::string_view where,
                                       std::string_view key) {
  std::string full = Join(where, key);
  const toml::node* node = Get(table, key);
  if (node == nullptr) return Fail(&table, full, "missing");
  if (!node->is_table()) return Fail(node, full, "expected a table");
  return node->as_table();
}

// An array of 1..kMaxListEntries elements.
core::Result<const toml::array*> Array(const toml::table& table, std::string_view where,
                                       std::string_view key, std::string_view what) {
  std::string full = Join(where, key);
  const toml::node* node = Get(table, key);
  if (node == nullptr) return Fail(&table, full, "missing");
  const toml::array* array = node->as_array();
  if (array == nullptr) return Fail(node, full, "expected an array of " + std::string(what));
  if (array->empty() || array->size() > Ladder::kMaxListEntries)
    return Fail(node, full,
                "expected 1.." + std::to_string(Ladder::kMaxListEntries) + " " + std::string(what));
  return array;
}

std::string At(std::string_view key, std::size_t i) {
  return std::string(key) + "[" + std::to_string(i) + "]";
}

core::Result<const toml::table*> Element(const toml::array& array, std::string_view key,
                                         std::size_t i) {
  const toml::table* table = array[i].as_table();
  if (table == nullptr) return Fail(&array[i], At(key, i), "expected a table");
  return table;
}

// A rung named by id, as an index; `full` is the key for the message.
core::Result<std::size_t> RungRef(const Ladder& ladder, const toml::table& table,
                                  std::string_view where, std::string_view key) {
  auto id = Str(table, where, key);
  if (!id) return id.error();
  auto index = ladder.FindRung(*id);
  if (!index) return Fail(Get(table, key), Join(where, key), "no rung \"" + *id + "\"");
  return *index;
}

// `options = [{ name, points }, ...]`: names unique, points in
// [min_points, max_points].
core::Status ParseOptions(const toml::table& table, std::string_view where, std::string_view key,
                          std::int64_t min_points, std::int64_t max_points,
                          std::vector<InputOption>& out) {
  std::string full = Join(where, key);
  auto array = Array(table, where, key, "{ name, points } tables");
  if (!array) return array.error();
  for (std::size_t i = 0; i < (*array)->size(); ++i) {
    std::string at = At(full, i);
    auto element = Element(**array, full, i);
    if (!element) return element.error();
    if (auto s = CheckKeys(**element, at, {"name", "points"}); !s) return s;
    auto name = Str(**element, at, "name");
    if (!name) return name.error();
    auto points = Int(**element, at, "points", min_points, max_points);
    if (!points) return points.error();
    for (std::size_t j = 0; j < out.size(); ++j)
      if (out[j].name == *name)
        return Fail(Get(**element, "name"), at + ".name", "duplicate of " + At(full, j) + ".name");
    out.push_back({std::move(*name), *points});
  }
  return core::Ok();
}

core::Status ParseRungs(const toml::table& root, Ladder& ladder) {
  auto array = Array(root, "", "rungs", "rung tables");
  if (!array) return array.error();
  for (std::size_t i = 0; i < (*array)->size(); ++i) {
    std::string at = At("rungs", i);
    auto element = Element(**array, "rungs", i);
    if (!element) return element.error();
    const toml::table& t = **element;
    if (auto s = CheckKeys(t, at, {"id", "name", "description", "entails", "min_points"}); !s)
      return s;
    Rung rung;
    auto id = Str(t, at, "id");
    if (!id) return id.error();
    for (std::size_t j = 0; j < ladder.rungs.size(); ++j)
      if (ladder.rungs[j].id == *id)
        return Fail(Get(t, "id"), at + ".id", "duplicate of " + At("rungs", j) + ".id");
    auto name = Str(t, at, "name");
    if (!name) return name.error();
    auto description = Str(t, at, "description");
    if (!description) return description.error();
    auto entails = Array(t, at, "entails", "strings");
    if (!entails) return entails.error();
    for (std::size_t k = 0; k < (*entails)->size(); ++k) {
      const toml::node& item = (**entails)[k];
      if (!item.is_string()) return Fail(&item, At(at + ".entails", k), "expected a string");
      std::string text = *item.value<std::string>();
      if (text.empty() || text.size() > kMaxTextField)
        return Fail(&item, At(at + ".entails", k),
                    "expected 1.." + std::to_string(kMaxTextField) + " bytes");
      rung.entails.push_back(std::move(text));
    }
    auto min_points = Int(t, at, "min_points", 0, Ladder::kMaxPoints);
    if (!min_points) return min_points.error();
    if (i == 0 && *min_points != 0)
      return Fail(Get(t, "min_points"), at + ".min_points",
                  "the first rung must start at 0 (every violation gets a response)");
    if (i > 0 && *min_points <= ladder.rungs.back().min_points)
      return Fail(Get(t, "min_points"), at + ".min_points",
                  "not above " + At("rungs", i - 1) + ".min_points");
    rung.id = std::move(*id);
    rung.name = std::move(*name);
    rung.description = std::move(*description);
    rung.min_points = *min_points;
    ladder.rungs.push_back(std::move(rung));
  }
  return core::Ok();
}

core::Status ParseSeverity(const toml::table& root, Ladder& ladder) {
  auto table = Table(root, "", "severity");
  if (!table) return table.error();
  const toml::table& t = **table;
  if (auto s = CheckKeys(t, "severity", {"levels", "per_additional_report",
                                         "additional_reports_max"});
      !s)
    return s;
  if (auto s = ParseOptions(t, "severity", "levels", 0, Ladder::kMaxPoints, ladder.severity_levels);
      !s)
    return s;
  for (std::size_t i = 1; i < ladder.severity_levels.size(); ++i)
    if (ladder.severity_levels[i].points < ladder.severity_levels[i - 1].points)
      return Fail(Get(t, "levels"), At("severity.levels", i) + ".points",
                  "below " + At("severity.levels", i - 1) +
                      ".points (points must not fall as severity rises)");
  auto per = Int(t, "severity", "per_additional_report", 0, Ladder::kMaxPoints);
  if (!per) return per.error();
  auto max = Int(t, "severity", "additional_reports_max", 0, Ladder::kMaxPoints);
  if (!max) return max.error();
  ladder.per_additional_report = *per;
  ladder.additional_reports_max = *max;
  return core::Ok();
}

// A table with a bounded per-item points value and a cap.
core::Status ParseCounted(const toml::table& root, std::string_view section,
                          std::string_view per_key, std::int64_t& per, std::int64_t& max,
                          std::int64_t* window_months) {
  auto table = Table(root, "", section);
  if (!table) return table.error();
  if (window_months != nullptr) {
    if (auto s = CheckKeys(**table, section, {"window_months", per_key, "max_points"}); !s)
      return s;
    auto window = Int(**table, section, "window_months", 1, Ladder::kMaxMonths);
    if (!window) return window.error();
    *window_months = *window;
  } else if (auto s = CheckKeys(**table, section, {per_key, "max_points"}); !s) {
    return s;
  }
  auto per_points = Int(**table, section, per_key, 0, Ladder::kMaxPoints);
  if (!per_points) return per_points.error();
  auto max_points = Int(**table, section, "max_points", 0, Ladder::kMaxPoints);
  if (!max_points) return max_points.error();
  per = *per_points;
  max = *max_points;
  return core::Ok();
}

core::Status ParseRedLines(const toml::table& root, Ladder& ladder) {
  auto table = Table(root, "", "red_lines");
  if (!table) return table.error();
  const toml::table& t = **table;
  if (auto s = CheckKeys(t, "red_lines", {"min_rung", "overrides"}); !s) return s;
  auto min_rung = RungRef(ladder, t, "red_lines", "min_rung");
  if (!min_rung) return min_rung.error();
  ladder.red_line_min_rung = *min_rung;
  if (Get(t, "overrides") == nullptr) return core::Ok();  // optional
  auto array = Array(t, "red_lines", "overrides", "{ red_line, min_rung } tables");
  if (!array) return array.error();
  for (std::size_t i = 0; i < (*array)->size(); ++i) {
    std::string at = At("red_lines.overrides", i);
    auto element = Element(**array, "red_lines.overrides", i);
    if (!element) return element.error();
    if (auto s = CheckKeys(**element, at, {"red_line", "min_rung"}); !s) return s;
    auto id = Str(**element, at, "red_line");
    if (!id) return id.error();
    for (std::size_t j = 0; j < ladder.red_line_overrides.size(); ++j)
      if (ladder.red_line_overrides[j].red_line == *id)
        return Fail(Get(**element, "red_line"), at + ".red_line",
                    "duplicate of " + At("red_lines.overrides", j) + ".red_line");
    auto rung = RungRef(ladder, **element, at, "min_rung");
    if (!rung) return rung.error();
    if (*rung <= ladder.red_line_min_rung)
      return Fail(Get(**element, "min_rung"), at + ".min_rung",
                  "not above red_lines.min_rung (an override only raises the minimum)");
    ladder.red_line_overrides.push_back({std::move(*id), *rung});
  }
  return core::Ok();
}

core::Status ParseStanding(const toml::table& root, Ladder& ladder) {
  auto table = Table(root, "", "standing");
  if (!table) return table.error();
  const toml::table& t = **table;
  const std::string_view w = "standing";
  if (auto s = CheckKeys(t, w, {"suspend_from_rung", "suspend_unremediated_findings",
                                "lookback_months", "review_non_cooperation_records",
                                "probation_months", "benefits"});
      !s)
    return s;
  StandingRules& rules = ladder.standing;
  auto rung = RungRef(ladder, t, w, "suspend_from_rung");
  if (!rung) return rung.error();
  auto findings = Int(t, w, "suspend_unremediated_findings", 1, Ladder::kMaxPoints);
  if (!findings) return findings.error();
  auto lookback = Int(t, w, "lookback_months", 1, Ladder::kMaxMonths);
  if (!lookback) return lookback.error();
  auto records = Int(t, w, "review_non_cooperation_records", 1, Ladder::kMaxPoints);
  if (!records) return records.error();
  auto probation = Int(t, w, "probation_months", 0, Ladder::kMaxMonths);
  if (!probation) return probation.error();
  rules.suspend_from_rung = *rung;
  rules.suspend_unremediated_findings = *findings;
  rules.lookback_months = *lookback;
  rules.review_non_cooperation_records = *records;
  rules.probation_months = *probation;

  auto array = Array(t, w, "benefits", "{ standing, threat_intelligence_tier, "
                                       "technical_assistance } tables");
  if (!array) return array.error();
  std::array<std::optional<std::size_t>, kStandingCount> seen;
  for (std::size_t i = 0; i < (*array)->size(); ++i) {
    std::string at = At("standing.benefits", i);
    auto element = Element(**array, "standing.benefits", i);
    if (!element) return element.error();
    if (auto s = CheckKeys(**element, at,
                           {"standing", "threat_intelligence_tier", "technical_assistance"});
        !s)
      return s;
    auto name = Str(**element, at, "standing");
    if (!name) return name.error();
    auto standing = StandingFromName(*name);
    if (!standing)
      return Fail(Get(**element, "standing"), at + ".standing",
                  "\"" + *name + "\" is not good-standing, under-review or suspended");
    auto index = static_cast<std::size_t>(*standing);
    if (seen[index])
      return Fail(Get(**element, "standing"), at + ".standing",
                  "duplicate of " + At("standing.benefits", *seen[index]) + ".standing");
    seen[index] = i;
    auto tier = Str(**element, at, "threat_intelligence_tier");
    if (!tier) return tier.error();
    auto assistance = Bool(**element, at, "technical_assistance");
    if (!assistance) return assistance.error();
    rules.benefits[index] = {std::move(*tier), *assistance};
  }
  for (std::size_t s = 0; s < kStandingCount; ++s)
    if (!seen[s])
      return Fail(*array, "standing.benefits",
                  "no entry for \"" + std::string(kStandingNames[s]) + "\"");
  return core::Ok();
}

core::Result<Ladder> ParseLadder(std::string_view text) {
  if (text.size() > Ladder::kMaxTextBytes)
    return core::ResourceExhausted(std::to_string(text.size()) + " bytes exceeds the limit of " +
                                   std::to_string(Ladder::kMaxTextBytes));
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error& error) {
    // toml++ reports syntax errors only by throwing; convert here.
    const auto& where = error.source().begin;
    return core::InvalidArgument("line " + std::to_string(where.line) + ", column " +
                                 std::to_string(where.column) + ": " +
                                 std::string(error.description()));
  }
  Ladder ladder;
  if (auto s = CheckKeys(root, "", {"version", "effective", "name", "source", "rungs", "severity",
                                    "intent", "recidivism", "cooperation", "remediation",
                                    "red_lines", "standing"});
      !s)
    return s.error();
  auto version = Str(root, "", "version");
  if (!version) return version.error();
  ladder.version = std::move(*version);
  const toml::node* effective = Get(root, "effective");
  if (effective == nullptr) return Fail(&root, "effective", "missing");
  const auto* date = effective->as_date();
  if (date == nullptr) return Fail(effective, "effective", "expected a TOML date (2026-01-01)");
  ladder.effective = model::Date{std::chrono::year{(*date)->year},
                                 std::chrono::month{(*date)->month},
                                 std::chrono::day{(*date)->day}};
  if (!ladder.effective.ok()) return Fail(effective, "effective", "not a calendar date");
  auto name = Str(root, "", "name");
  if (!name) return name.error();
  ladder.name = std::move(*name);
  if (auto source = Str(root, "", "source"); !source) return source.error();

  if (auto s = ParseRungs(root, ladder); !s) return s.error();
  if (auto s = ParseSeverity(root, ladder); !s) return s.error();
  auto intent = Table(root, "", "intent");
  if (!intent) return intent.error();
  if (auto s = CheckKeys(**intent, "intent", {"options"}); !s) return s.error();
  if (auto s = ParseOptions(**intent, "intent", "options", 0, Ladder::kMaxPoints, ladder.intent);
      !s)
    return s.error();
  if (auto s = ParseCounted(root, "recidivism", "points_per_finding",
                            ladder.recidivism_points_per_finding, ladder.recidivism_max_points,
                            &ladder.recidivism_window_months);
      !s)
    return s.error();
  if (auto s = ParseCounted(root, "cooperation", "points_per_record",
                            ladder.non_cooperation_points_per_record,
                            ladder.non_cooperation_max_points, nullptr);
      !s)
    return s.error();
  auto remediation = Table(root, "", "remediation");
  if (!remediation) return remediation.error();
  if (auto s = CheckKeys(**remediation, "remediation", {"options"}); !s) return s.error();
  // Remediation only ever lowers the response (ARSIWA Art. 53): points <= 0.
  std::vector<InputOption> options;
  if (auto s = ParseOptions(**remediation, "remediation", "options", -Ladder::kMaxPoints, 0,
                            options);
      !s)
    return s.error();
  bool seen[3] = {false, false, false};
  for (std::size_t i = 0; i < options.size(); ++i) {
    auto value = RemediationFromName(options[i].name);
    if (!value)
      return Fail(Get(**remediation, "options"), At("remediation.options", i) + ".name",
                  "\"" + options[i].name + "\" is not none, partial or complete");
    seen[static_cast<std::size_t>(*value)] = true;
    ladder.remediation_points[static_cast<std::size_t>(*value)] = options[i].points;
  }
  for (std::size_t i = 0; i < 3; ++i)
    if (!seen[i])
      return Fail(Get(**remediation, "options"), "remediation.options",
                  "no entry for \"" + std::string(kRemediationNames[i]) + "\"");
  if (auto s = ParseRedLines(root, ladder); !s) return s.error();
  if (auto s = ParseStanding(root, ladder); !s) return s.error();
  return ladder;
}

}  // namespace

std::string_view RemediationName(Remediation remediation) {
  auto i = static_cast<std::size_t>(remediation);
  return i < kRemediationNames.size() ? kRemediationNames[i] : std::string_view();
}

std::optional<Remediation> RemediationFromName(std::string_view name) {
  for (std::size_t i = 0; i < kRemediationNames.size(); ++i)
    if (kRemediationNames[i] == name) return static_cast<Remediation>(i);
  return std::nullopt;
}

std::string_view StandingName(Standing standing) {
  auto i = static_cast<std::size_t>(standing);
  return i < kStandingCount ? kStandingNames[i] : std::string_view();
}

std::optional<Standing> StandingFromName(std::string_view name) {
  for (std::size_t i = 0; i < kStandingCount; ++i)
    if (kStandingNames[i] == name) return static_cast<Standing>(i);
  return std::nullopt;
}

std::string FormatDate(const model::Date& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

model::Date MonthsBefore(const model::Date& date, std::int64_t months) {
  using namespace std::chrono;
  year_month ym = year_month{date.year(), date.month()} - std::chrono::months{months};
  day last = year_month_day_last{ym.year(), month_day_last{ym.month()}}.day();
  return year_month_day{ym.year(), ym.month(), std::min(date.day(), last)};
}

core::Result<Ladder> Ladder::Parse(std::string_view toml_text) {
  auto ladder = ParseLadder(toml_text);
  if (!ladder) return ladder.error().Context("response ladder");
  return ladder;
}

core::Result<Ladder> Ladder::ParseBuiltin() { return Parse(embedded::ResponseLadderToml); }

const Ladder& Ladder::Builtin() {
  return core::ParseBuiltinOnce<Ladder>("response ladder", &Ladder::ParseBuiltin);
}

std::optional<std::size_t> Ladder::FindRung(std::string_view id) const {
  for (std::size_t i = 0; i < rungs.size(); ++i)
    if (rungs[i].id == id) return i;
  return std::nullopt;
}

core::Status CheckAgainst(const Ladder& ladder, const assess::Methodology& methodology,
                          const norms::Catalogue& catalogue) {
  const auto& levels = methodology.levels();
  std::size_t count = std::min(levels.size(), ladder.severity_levels.size());
  for (std::size_t i = 0; i < count; ++i)
    if (levels[i].name != ladder.severity_levels[i].name)
      return core::InvalidArgument("response ladder: " + At("severity.levels", i) + ".name: \"" +
                                   ladder.severity_levels[i].name + "\" but methodology " +
                                   methodology.version() + " has \"" + levels[i].name +
                                   "\" at that place");
  if (levels.size() != ladder.severity_levels.size())
    return core::InvalidArgument("response ladder: severity.levels: " +
                                 std::to_string(ladder.severity_levels.size()) +
                                 " levels but methodology " + methodology.version() + " has " +
                                 std::to_string(levels.size()));
  for (std::size_t i = 0; i < ladder.red_line_overrides.size(); ++i)
    if (catalogue.FindRedLine(ladder.red_line_overrides[i].red_line) == nullptr)
      return core::InvalidArgument("response ladder: " + At("red_lines.overrides", i) +
                                   ".red_line: \"" + ladder.red_line_overrides[i].red_line +
                                   "\" is not a red line of catalogue " + catalogue.version());
  return core::Ok();
}

}  // namespace accord::registry
