// The severity methodology of the agreement (issue 5): a versioned profile
// of factors, weights, option points, bands and level thresholds that turns
// an incident report into a score on a fixed 0-1000 scale. It is modelled on
// CISA's NCISS (weighted factors, priority levels) and on EuRepoC's
// intensity coding (points written into each coded value), adapted to harm
// to civilians; docs/methodology.md explains every choice and its source.
//
// The profile is data (data/assess/methodology-<version>.toml, compiled into
// the binary) so that a party can read and re-run it; this header loads and
// validates it. The set of factors is fixed here because each factor reads a
// particular part of the report; the profile sets everything numeric.
//
// A Methodology is immutable after Parse(): any number of threads may read
// it at once. Integer arithmetic only (DESIGN.md: no floating point in
// anything that is published or compared across nodes).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace accord::assess {

// The top of every points scale and of the score.
inline constexpr std::int32_t kScale = 1000;

// The factors, in the order of the profile and of every output.
enum class Factor {
  kFunctionalImpact,  // options: what the operation did to the service
  kPopulation,        // bands over people affected (or served, as a proxy)
  kDuration,          // bands over hours of disruption
  kPhysicalDamage,    // options
  kCasualties,        // bands over injuries + death_weight x deaths
  kRecoverability,    // options
  kEffectLocation,    // options: it, ot, safety-systems
  kCascade,           // bands over the number of dependent sectors reached
  kActor,             // options: the actor's characterization
};
inline constexpr std::size_t kFactorCount = 9;

// The profile's key for a factor ("functional_impact"); "" if out of range.
std::string_view FactorKey(Factor factor);

// One band of a banded factor: inputs >= `min` score `points` (until the
// next band's min). Bands are strictly ascending in min and non-decreasing
// in points, the first starts at 0, so points are monotone in the input.
struct Band {
  std::int64_t min = 0;
  std::int32_t points = 0;
};

struct Option {
  std::string name;
  std::int32_t points = 0;
};

struct FactorSpec {
  std::int32_t weight = 0;          // 0..1000
  std::int32_t missing_points = 0;  // used when the input is missing, 0..1000
  std::string missing_reason;       // why that value (printed with the result)
  std::vector<Band> bands;          // banded factors
  std::vector<Option> options;      // option factors

  // Points of a banded factor for `value` >= 0.
  std::int32_t BandPoints(std::int64_t value) const;
  // Points of option `name`, or -1 when the profile has no such option.
  std::int32_t OptionPoints(std::string_view name) const;
};

struct Level {
  std::string name;        // "baseline", "low", ... "emergency"
  std::int32_t min_score;  // the first level starts at 0; strictly ascending
};

class Methodology {
 public:
  // Profile texts are a few KB; anything larger is refused before parsing.
  static constexpr std::size_t kMaxTextBytes = 1u << 20;

  // Parses and validates a profile in the format of
  // data/assess/methodology-1.0.toml. Fails with kInvalidArgument when the
  // text is not TOML (line and column), a key is missing, unknown or of the
  // wrong type, a number is out of its range, the weights sum to 0, bands
  // are not ascending or not monotone, an option is missing or repeated, or
  // levels are not ascending; the message names the key and the reason.
  // kResourceExhausted when the text exceeds kMaxTextBytes.
  static core::Result<Methodology> Parse(std::string_view toml_text);
  // The built-in profile (embedded methodology-1.0.toml), parsed anew.
  static core::Result<Methodology> ParseBuiltin();
  // The built-in profile, parsed once (thread-safe). A broken built-in file
  // is a build defect (a test parses it): prints the reason and aborts.
  static const Methodology& Builtin();

  const std::string& version() const { return version_; }
  const std::string& name() const { return name_; }
  const FactorSpec& factor(Factor f) const { return factors_[static_cast<std::size_t>(f)]; }
  std::int32_t total_weight() const { return total_weight_; }
  const std::vector<Level>& levels() const { return levels_; }
  // The level whose range holds `score` (0..kScale).
  std::string_view LevelFor(std::int32_t score) const;

  // Injuries counted for one death in the casualties factor (1..1000).
  std::int32_t death_weight() const { return death_weight_; }
  // Confidence: "high" when no weight is missing; "moderate" while the
  // missing weight is at most this share of the total (per mille); "low" above.
  std::int32_t moderate_max_missing_permille() const { return moderate_max_missing_; }
  // Cascade: a dependent sector is reached while its intensity (per mille of
  // the source's) stays at least this, within this many hops.
  std::int32_t cascade_min_intensity() const { return cascade_min_intensity_; }
  std::int32_t cascade_max_hops() const { return cascade_max_hops_; }
  // Hours assumed for the cascade's duration thresholds when the report has
  // no disruption_hours (the duration factor is then also missing).
  std::int64_t cascade_hours_when_missing() const { return cascade_hours_when_missing_; }
  // Campaign: reports with a common actor whose starts lie within this many
  // days of each other are linked.
  std::int32_t campaign_window_days() const { return campaign_window_days_; }

 private:
  Methodology() = default;

  std::string version_;
  std::string name_;
  std::array<FactorSpec, kFactorCount> factors_;
  std::int32_t total_weight_ = 0;
  std::vector<Level> levels_;
  std::int32_t death_weight_ = 10;
  std::int32_t moderate_max_missing_ = 250;
  std::int32_t cascade_min_intensity_ = 250;
  std::int32_t cascade_max_hops_ = 3;
  std::int64_t cascade_hours_when_missing_ = 24;
  std::int32_t campaign_window_days_ = 90;
};

}  // namespace accord::assess
