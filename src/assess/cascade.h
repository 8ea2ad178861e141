// Cross-sector cascade (issue 5): a sector interdependency matrix
// (data/assess/dependencies.toml, compiled in) and the propagation of a
// disruption from the sectors a report names to the sectors that depend on
// them. Each dependency has a strength (the share, per mille, of the
// source's disruption that reaches the dependent sector) and a duration
// threshold (hours of disruption the dependent sector rides out, on backup
// power, storage or stock, before it is affected). Intensities multiply
// along a path (attenuation); a sector is reached while its intensity stays
// at least the profile's cascade.min_intensity, within cascade.max_hops.
// Integer arithmetic only.
//
// Sectors are the top-level codes of core::SectorTaxonomy ("energy"); a
// sub-sector ("energy.electricity") counts as its sector. A DependencyMatrix
// is immutable after Parse(), safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "assess/methodology.h"
#include "core/result.h"

namespace accord::assess {

struct Dependency {
  std::string from;          // the sector depended on
  std::string to;            // the dependent sector
  std::int32_t strength;     // 1..1000 per mille
  std::int64_t min_hours;    // 0..87,600
  std::string basis;         // why, with its source
};

class DependencyMatrix {
 public:
  static constexpr std::size_t kMaxTextBytes = 1u << 20;
  static constexpr std::size_t kMaxDependencies = 1000;

  // Parses data/assess/dependencies.toml's format. Fails with
  // kInvalidArgument naming the line, the entry and the key when the text is
  // not TOML, a key is missing or unknown, a sector is not a top-level code
  // of the built-in taxonomy, a pair repeats, from equals to, or a number is
  // out of range; kResourceExhausted above kMaxTextBytes.
  static core::Result<DependencyMatrix> Parse(std::string_view toml_text);
  static core::Result<DependencyMatrix> ParseBuiltin();
  // Parsed once (thread-safe); a broken built-in file aborts (a test checks it).
  static const DependencyMatrix& Builtin();

  std::span<const Dependency> dependencies() const { return dependencies_; }
  std::int64_t version() const { return version_; }

 private:
  DependencyMatrix() = default;
  std::vector<Dependency> dependencies_;
  std::int64_t version_ = 0;
};

// One sector reached by the cascade.
struct CascadeSector {
  std::string sector;       // top-level code
  std::int32_t intensity;   // per mille of the source disruption
  std::int32_t hops;        // 0: observed in the report (effects.cascade_sectors)
  std::string via;          // the sector it was reached from; "" when observed
  // People estimated affected: the source population x intensity / 1000;
  // empty when the report gives no population.
  std::optional<std::int64_t> estimated_population;
};

struct CascadeResult {
  std::vector<std::string> sources;         // the report's own sectors (top level)
  std::vector<CascadeSector> reached;       // not among sources; by intensity, then code
  std::int64_t hours_used = 0;              // the duration the thresholds were applied to
  bool hours_assumed = false;               // true: the report had no disruption_hours
  std::optional<std::int64_t> estimated_population;  // sum over `reached`
};

// The top-level sector of a code ("energy.oil" -> "energy").
std::string_view TopLevelSector(std::string_view code);

// Propagates from `sources` (any sector codes; duplicates ignored) for a
// disruption of `hours` (nullopt: the profile's cascade.hours_when_missing,
// and hours_assumed is set), adding `observed` sectors at intensity 1000.
// `population`: people affected at the source, if known. `disrupted`
// false (the report has no availability effect): nothing propagates from
// `sources`, only from the observed sectors.
CascadeResult PropagateCascade(std::span<const std::string> sources,
                               std::span<const std::string> observed,
                               std::optional<std::int64_t> hours,
                               std::optional<std::int64_t> population,
                               const Methodology& methodology, const DependencyMatrix& matrix,
                               bool disrupted = true);

}  // namespace accord::assess
