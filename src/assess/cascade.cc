#include "assess/cascade.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <toml++/toml.h>

#include "core/builtin_data.h"
#include "core/sectors.h"

namespace accord::embedded {
extern const std::string_view AssessDependenciesToml;
}

namespace accord::assess {
namespace {

core::Error At(const toml::node& node, std::string what, std::string_view reason) {
  return core::InvalidArgument("dependencies: line " + std::to_string(node.source().begin.line) +
                               ": " + what + ": " + std::string(reason));
}

void AddUnique(std::vector<std::string>& list, std::string_view code) {
  if (std::find(list.begin(), list.end(), code) == list.end()) list.emplace_back(code);
}

}  // namespace

std::string_view TopLevelSector(std::string_view code) {
  return code.substr(0, code.find('.'));
}

core::Result<DependencyMatrix> DependencyMatrix::Parse(std::string_view toml_text) {
  if (toml_text.size() > kMaxTextBytes)
    return core::ResourceExhausted("dependencies: " + std::to_string(toml_text.size()) +
                                   " bytes exceeds the limit of " + std::to_string(kMaxTextBytes));
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& error) {
    // toml++ reports syntax errors only by throwing; convert here.
    const auto& where = error.source().begin;
    return core::InvalidArgument("dependencies: line " + std::to_string(where.line) +
                                 ", column " + std::to_string(where.column) + ": " +
                                 std::string(error.description()));
  }
  DependencyMatrix matrix;
  for (const auto& [key, value] : root) {
    if (key.str() != "version" && key.str() != "source" && key.str() != "dependency")
      return At(value, std::string(key.str()), "unknown key");
  }
  auto version = root["version"].value<std::int64_t>();
  if (!root["version"].is_integer() || !version || *version < 1)
    return core::InvalidArgument("dependencies: version: expected an integer >= 1");
  matrix.version_ = *version;
  const toml::array* list = root["dependency"].as_array();
  if (list == nullptr) return core::InvalidArgument("dependencies: dependency: missing array of tables");
  if (list->size() > kMaxDependencies)
    return core::InvalidArgument("dependencies: dependency: more than " +
                                 std::to_string(kMaxDependencies) + " entries");
  const core::SectorTaxonomy& taxonomy = core::SectorTaxonomy::Builtin();
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string where = "dependency[" + std::to_string(i) + "]";
    const toml::table* entry = (*list)[i].as_table();
    if (entry == nullptr) return At((*list)[i], where, "expected a table");
    for (const auto& [key, value] : *entry) {
      std::string_view k = key.str();
      if (k != "from" && k != "to" && k != "strength" && k != "min_hours" && k != "basis")
        return At(value, where + "." + std::string(k), "unknown key");
    }
    Dependency dep;
    for (std::string_view key : {"from", "to", "basis"}) {
      const toml::node* node = entry->get(key);
      if (node == nullptr) return At(*entry, where + "." + std::string(key), "missing");
      if (!node->is_string()) return At(*node, where + "." + std::string(key), "expected a string");
      std::string text = *node->value<std::string>();
      if (text.empty()) return At(*node, where + "." + std::string(key), "empty");
      if (key != "basis") {
        auto sector = taxonomy.Find(text);
        if (!sector) return At(*node, where + "." + std::string(key), sector.error().message);
        if (!(*sector)->parent.empty())
          return At(*node, where + "." + std::string(key),
                    "\"" + text + "\" is a sub-sector; the matrix uses top-level sectors");
      }
      (key == "from" ? dep.from : key == "to" ? dep.to : dep.basis) = std::move(text);
    }
    if (dep.from == dep.to) return At(*entry, where + ".to", "equals from");
    for (const Dependency& other : matrix.dependencies_)
      if (other.from == dep.from && other.to == dep.to)
        return At(*entry, where, "repeats " + dep.from + " -> " + dep.to);
    const toml::node* strength = entry->get("strength");
    if (strength == nullptr || !strength->is_integer())
      return At(*entry, where + ".strength", "expected an integer");
    std::int64_t s = *strength->value<std::int64_t>();
    if (s < 1 || s > kScale) return At(*strength, where + ".strength", "outside 1..1000");
    dep.strength = static_cast<std::int32_t>(s);
    const toml::node* hours = entry->get("min_hours");
    if (hours == nullptr || !hours->is_integer())
      return At(*entry, where + ".min_hours", "expected an integer");
    dep.min_hours = *hours->value<std::int64_t>();
    if (dep.min_hours < 0 || dep.min_hours > 87600)
      return At(*hours, where + ".min_hours", "outside 0..87600");
    matrix.dependencies_.push_back(std::move(dep));
  }
  return matrix;
}

core::Result<DependencyMatrix> DependencyMatrix::ParseBuiltin() {
  return Parse(embedded::AssessDependenciesToml);
}

const DependencyMatrix& DependencyMatrix::Builtin() {
  return core::ParseBuiltinOnce<DependencyMatrix>("dependency matrix", &DependencyMatrix::ParseBuiltin);
}

CascadeResult PropagateCascade(std::span<const std::string> sources,
                               std::span<const std::string> observed,
                               std::optional<std::int64_t> hours,
                               std::optional<std::int64_t> population,
                               const Methodology& methodology, const DependencyMatrix& matrix,
                               bool disrupted) {
  CascadeResult result;
  result.hours_assumed = !hours.has_value();
  result.hours_used = hours ? *hours : methodology.cascade_hours_when_missing();
  for (const std::string& s : sources) AddUnique(result.sources, TopLevelSector(s));
  auto is_source = [&](std::string_view s) {
    return std::find(result.sources.begin(), result.sources.end(), s) != result.sources.end();
  };
  auto find = [&](std::string_view s) -> CascadeSector* {
    for (CascadeSector& r : result.reached)
      if (r.sector == s) return &r;
    return nullptr;
  };
  for (const std::string& s : observed) {
    std::string_view top = TopLevelSector(s);
    if (is_source(top) || find(top) != nullptr) continue;
    result.reached.push_back({std::string(top), kScale, 0, "", std::nullopt});
  }
  // Bellman-Ford over at most max_hops rounds: the intensity of a sector is
  // the strongest path to it. Strengths are <= 1000, so paths only weaken.
  struct Front {
    std::string sector;
    std::int32_t intensity;
  };
  std::vector<Front> front;
  if (disrupted)
    for (const std::string& s : result.sources) front.push_back({s, kScale});
  for (const CascadeSector& r : result.reached) front.push_back({r.sector, r.intensity});
  for (std::int32_t hop = 1; hop <= methodology.cascade_max_hops() && !front.empty(); ++hop) {
    std::vector<Front> next;
    for (const Front& f : front) {
      for (const Dependency& dep : matrix.dependencies()) {
        if (dep.from != f.sector || result.hours_used < dep.min_hours || is_source(dep.to))
          continue;
        std::int32_t intensity = static_cast<std::int32_t>(
            static_cast<std::int64_t>(f.intensity) * dep.strength / kScale);
        if (intensity < methodology.cascade_min_intensity()) continue;
        CascadeSector* existing = find(dep.to);
        if (existing != nullptr && existing->intensity >= intensity) continue;
        if (existing == nullptr) {
          result.reached.push_back({dep.to, intensity, hop, f.sector, std::nullopt});
        } else {
          existing->intensity = intensity;
          existing->hops = hop;
          existing->via = f.sector;
        }
        next.push_back({dep.to, intensity});
      }
    }
    front = std::move(next);
  }
  std::sort(result.reached.begin(), result.reached.end(),
            [](const CascadeSector& a, const CascadeSector& b) {
              return a.intensity != b.intensity ? a.intensity > b.intensity : a.sector < b.sector;
            });
  if (population) {
    std::int64_t total = 0;
    for (CascadeSector& r : result.reached) {
      // population <= 10^12 (validated), intensity <= 1000: no overflow.
      r.estimated_population = *population * r.intensity / kScale;
      total += *r.estimated_population;
    }
    result.estimated_population = total;
  }
  return result;
}

}  // namespace accord::assess
