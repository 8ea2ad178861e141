#include "assess/methodology.h"

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>

#include <toml++/toml.h>

#include "core/builtin_data.h"

namespace accord::embedded {
extern const std::string_view AssessMethodologyToml;
}

namespace accord::assess {
namespace {

constexpr std::array<std::string_view, kFactorCount> kFactorKeys = {
    "functional_impact", "population",      "duration",        "physical_damage", "casualties",
    "recoverability",    "effect_location", "cascade",         "actor",
};

// The options each option factor must define, exactly (the scorer reads
// these names from the report). Empty: a banded factor.
std::vector<std::string_view> RequiredOptions(Factor factor) {
  switch (factor) {
    case Factor::kFunctionalImpact:
      return {"none", "information-only", "integrity-loss", "availability-loss"};
    case Factor::kPhysicalDamage: return {"none", "minor", "significant", "destroyed"};
    case Factor::kRecoverability:
      return {"regular", "supplemented", "extended", "not-recoverable"};
    case Factor::kEffectLocation: return {"it", "ot", "safety-systems"};
    case Factor::kActor:
      return {"non-state",        "state-tolerated", "state-affiliated-group",
              "state-sponsored",  "state-attributed", "state-directed",
              "state-conducted"};
    default: return {};
  }
}

std::string Line(const toml::node& node) {
  return "line " + std::to_string(node.source().begin.line) + ": ";
}

core::Error Fail(const toml::node* node, std::string_view key, std::string_view reason) {
  return core::InvalidArgument((node ? Line(*node) : std::string()) + std::string(key) + ": " +
                               std::string(reason));
}

core::Status CheckKeys(const toml::table& table, std::string_view where,
                       std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : table) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key.str();
    if (!known)
      return Fail(&value, std::string(where) + (where.empty() ? "" : ".") + std::string(key.str()),
                  "unknown key");
  }
  return core::Ok();
}

core::Result<std::int64_t> Int(const toml::table& table, std::string_view where,
                               std::string_view key, std::int64_t min, std::int64_t max) {
  std::string full = std::string(where) + (where.empty() ? "" : ".") + std::string(key);
  const toml::node* node = table.get(key);
  if (node == nullptr) return Fail(&table, full, "missing");
  auto value = node->value<std::int64_t>();
  if (!node->is_integer() || !value) return Fail(node, full, "expected an integer");
  if (*value < min || *value > max)
    return Fail(node, full,
                std::to_string(*value) + " is outside " + std::to_string(min) + ".." +
                    std::to_string(max));
  return *value;
}

core::Result<std::string> Str(const toml::table& table, std::string_view where,
                              std::string_view key) {
  std::string full = std::string(where) + (where.empty() ? "" : ".") + std::string(key);
  const toml::node* node = table.get(key);
  if (node == nullptr) return Fail(&table, full, "missing");
  if (!node->is_string()) return Fail(node, full, "expected a string");
  std::string value = *node->value<std::string>();
  if (value.empty() || value.size() > 4000) return Fail(node, full, "expected 1..4000 bytes");
  return value;
}

core::Result<const toml::table*> Table(const toml::table& table, std::string_view where,
                                       std::string_view key) {
  std::string full = std::string(where) + (where.empty() ? "" : ".") + std::string(key);
  const toml::node* node = table.get(key);
  if (node == nullptr) return Fail(&table, full, "missing");
  if (!node->is_table()) return Fail(node, full, "expected a table");
  return node->as_table();
}

core::Status ParseFactor(const toml::table& root, Factor factor, FactorSpec& spec) {
  std::string where = "factor." + std::string(FactorKey(factor));
  auto table = Table(root, "factor", FactorKey(factor));
  if (!table) return table.error();
  std::vector<std::string_view> required = RequiredOptions(factor);
  bool banded = required.empty();
  if (auto s = CheckKeys(**table, where,
                         {"weight", "missing_points", "missing_reason", banded ? "bands" : "options"});
      !s)
    return s;
  auto weight = Int(**table, where, "weight", 0, kScale);
  if (!weight) return weight.error();
  auto missing = Int(**table, where, "missing_points", 0, kScale);
  if (!missing) return missing.error();
  auto reason = Str(**table, where, "missing_reason");
  if (!reason) return reason.error();
  spec.weight = static_cast<std::int32_t>(*weight);
  spec.missing_points = static_cast<std::int32_t>(*missing);
  spec.missing_reason = std::move(*reason);
  if (banded) {
    const toml::node* node = (*table)->get("bands");
    std::string key = where + ".bands";
    if (node == nullptr) return Fail(*table, key, "missing");
    const toml::array* bands = node->as_array();
    if (bands == nullptr) return Fail(node, key, "expected an array of [min, points] pairs");
    if (bands->empty() || bands->size() > 64) return Fail(node, key, "expected 1..64 bands");
    for (std::size_t i = 0; i < bands->size(); ++i) {
      std::string at = key + "[" + std::to_string(i) + "]";
      const toml::array* pair = (*bands)[i].as_array();
      if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_integer() ||
          !(*pair)[1].is_integer())
        return Fail(node, at, "expected [min, points] with two integers");
      Band band{*(*pair)[0].value<std::int64_t>(), 0};
      std::int64_t points = *(*pair)[1].value<std::int64_t>();
      if (points < 0 || points > kScale) return Fail(node, at, "points outside 0..1000");
      if (band.min < 0) return Fail(node, at, "min is negative");
      band.points = static_cast<std::int32_t>(points);
      if (i == 0 && band.min != 0) return Fail(node, at, "the first band must start at 0");
      if (i > 0 && band.min <= spec.bands.back().min)
        return Fail(node, at, "min is not above the previous band's");
      if (i > 0 && band.points < spec.bands.back().points)
        return Fail(node, at, "points decrease (the score must be monotone in the input)");
      spec.bands.push_back(band);
    }
    return core::Ok();
  }
  auto options = Table(**table, where, "options");
  if (!options) return options.error();
  std::string key = where + ".options";
  for (const auto& [name, value] : **options) {
    bool known = false;
    for (std::string_view r : required) known = known || r == name.str();
    if (!known) return Fail(&value, key + "." + std::string(name.str()), "unknown option");
    auto points = value.value<std::int64_t>();
    if (!value.is_integer() || !points)
      return Fail(&value, key + "." + std::string(name.str()), "expected an integer");
    if (*points < 0 || *points > kScale)
      return Fail(&value, key + "." + std::string(name.str()), "points outside 0..1000");
    spec.options.push_back({std::string(name.str()), static_cast<std::int32_t>(*points)});
  }
  for (std::string_view r : required)
    if (spec.OptionPoints(r) < 0) return Fail(*options, key + "." + std::string(r), "missing");
  return core::Ok();
}

}  // namespace

std::string_view FactorKey(Factor factor) {
  auto i = static_cast<std::size_t>(factor);
  return i < kFactorCount ? kFactorKeys[i] : std::string_view();
}

std::int32_t FactorSpec::BandPoints(std::int64_t value) const {
  std::int32_t points = 0;
  for (const Band& band : bands) {
    if (value < band.min) break;
    points = band.points;
  }
  return points;
}

std::int32_t FactorSpec::OptionPoints(std::string_view name) const {
  for (const Option& option : options)
    if (option.name == name) return option.points;
  return -1;
}

std::string_view Methodology::LevelFor(std::int32_t score) const {
  std::string_view name;
  for (const Level& level : levels_) {
    if (score < level.min_score) break;
    name = level.name;
  }
  return name;
}

core::Result<Methodology> Methodology::Parse(std::string_view toml_text) {
  if (toml_text.size() > kMaxTextBytes)
    return core::ResourceExhausted("methodology profile: " + std::to_string(toml_text.size()) +
                                   " bytes exceeds the limit of " + std::to_string(kMaxTextBytes));
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& error) {
    // toml++ reports syntax errors only by throwing; convert here.
    const auto& where = error.source().begin;
    return core::InvalidArgument("methodology profile: line " + std::to_string(where.line) +
                                 ", column " + std::to_string(where.column) + ": " +
                                 std::string(error.description()));
  }
  Methodology m;
  auto fail = [](const core::Error& e) { return e.Context("methodology profile"); };
  if (auto s = CheckKeys(root, "", {"version", "name", "death_weight", "confidence", "cascade",
                                    "campaign", "factor", "levels", "source"});
      !s)
    return fail(s.error());
  auto version = Str(root, "", "version");
  if (!version) return fail(version.error());
  auto name = Str(root, "", "name");
  if (!name) return fail(name.error());
  auto death = Int(root, "", "death_weight", 1, kScale);
  if (!death) return fail(death.error());
  m.version_ = std::move(*version);
  m.name_ = std::move(*name);
  m.death_weight_ = static_cast<std::int32_t>(*death);

  auto confidence = Table(root, "", "confidence");
  if (!confidence) return fail(confidence.error());
  if (auto s = CheckKeys(**confidence, "confidence", {"moderate_max_missing_permille"}); !s)
    return fail(s.error());
  auto moderate = Int(**confidence, "confidence", "moderate_max_missing_permille", 0, kScale);
  if (!moderate) return fail(moderate.error());
  m.moderate_max_missing_ = static_cast<std::int32_t>(*moderate);

  auto cascade = Table(root, "", "cascade");
  if (!cascade) return fail(cascade.error());
  if (auto s = CheckKeys(**cascade, "cascade", {"min_intensity", "max_hops", "hours_when_missing"});
      !s)
    return fail(s.error());
  auto min_intensity = Int(**cascade, "cascade", "min_intensity", 1, kScale);
  if (!min_intensity) return fail(min_intensity.error());
  auto hops = Int(**cascade, "cascade", "max_hops", 0, 8);
  if (!hops) return fail(hops.error());
  auto hours = Int(**cascade, "cascade", "hours_when_missing", 0, 87600);
  if (!hours) return fail(hours.error());
  m.cascade_min_intensity_ = static_cast<std::int32_t>(*min_intensity);
  m.cascade_max_hops_ = static_cast<std::int32_t>(*hops);
  m.cascade_hours_when_missing_ = *hours;

  auto campaign = Table(root, "", "campaign");
  if (!campaign) return fail(campaign.error());
  if (auto s = CheckKeys(**campaign, "campaign", {"window_days"}); !s) return fail(s.error());
  auto window = Int(**campaign, "campaign", "window_days", 0, 3660);
  if (!window) return fail(window.error());
  m.campaign_window_days_ = static_cast<std::int32_t>(*window);

  auto factors = Table(root, "", "factor");
  if (!factors) return fail(factors.error());
  for (const auto& [key, value] : **factors) {
    bool known = false;
    for (std::string_view k : kFactorKeys) known = known || k == key.str();
    if (!known) return fail(Fail(&value, "factor." + std::string(key.str()), "unknown factor"));
  }
  for (std::size_t i = 0; i < kFactorCount; ++i) {
    if (auto s = ParseFactor(root["factor"].ref<toml::table>(), static_cast<Factor>(i),
                             m.factors_[i]);
        !s)
      return fail(s.error());
    m.total_weight_ += m.factors_[i].weight;
  }
  if (m.total_weight_ <= 0) return fail(Fail(&root, "factor", "the weights sum to 0"));

  const toml::node* levels = root.get("levels");
  if (levels == nullptr) return fail(Fail(&root, "levels", "missing"));
  const toml::array* list = levels->as_array();
  if (list == nullptr || list->empty() || list->size() > 16)
    return fail(Fail(levels, "levels", "expected an array of 1..16 tables"));
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string where = "levels[" + std::to_string(i) + "]";
    const toml::table* level = (*list)[i].as_table();
    if (level == nullptr) return fail(Fail(levels, where, "expected a table"));
    if (auto s = CheckKeys(*level, where, {"name", "min_score", "meaning"}); !s)
      return fail(s.error());
    auto level_name = Str(*level, where, "name");
    if (!level_name) return fail(level_name.error());
    auto min_score = Int(*level, where, "min_score", 0, kScale);
    if (!min_score) return fail(min_score.error());
    auto meaning = Str(*level, where, "meaning");
    if (!meaning) return fail(meaning.error());
    if (i == 0 && *min_score != 0)
      return fail(Fail(level, where + ".min_score", "the first level must start at 0"));
    if (i > 0 && *min_score <= m.levels_.back().min_score)
      return fail(Fail(level, where + ".min_score", "not above the previous level's"));
    m.levels_.push_back({std::move(*level_name), static_cast<std::int32_t>(*min_score)});
  }
  return m;
}

core::Result<Methodology> Methodology::ParseBuiltin() {
  return Parse(embedded::AssessMethodologyToml);
}

const Methodology& Methodology::Builtin() {
  return core::ParseBuiltinOnce<Methodology>("methodology profile", &Methodology::ParseBuiltin);
}

}  // namespace accord::assess
