// Scoring one incident report with a methodology profile (issue 5;
// docs/methodology.md). The score is sum(weight x points) / sum(weight),
// rounded half up, on 0..1000; each factor's points come from the profile's
// options or bands, so the score is monotone in every harm input.
//
// Missing inputs (the rule, docs/methodology.md "Missing inputs"): a factor
// whose input the report does not give is scored at the profile's
// `missing_points` for that factor (a stated conservative default, never a
// silent zero), is listed in Assessment::missing with that treatment, and
// lowers the confidence: "high" when nothing is missing, "moderate" while
// the missing weight is at most confidence.moderate_max_missing_permille of
// the total, "low" above. score_min and score_max give the score had each
// missing factor scored 0 or 1000, so a reader sees how much the gaps matter.
//
// Thread-safe; allocation-free when the cascade is not propagated.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assess/cascade.h"
#include "assess/methodology.h"
#include "core/result.h"
#include "model/incident_report.h"

namespace accord::assess {

enum class ScoreConfidence { kHigh, kModerate, kLow };
std::string_view Name(ScoreConfidence confidence);  // "high" "moderate" "low"

// What the factors read, taken from one report (or merged over a campaign).
// Empty optionals are missing inputs.
struct FactorInputs {
  std::string_view functional_impact;               // an option name; never missing
  std::optional<std::int64_t> population;           // people
  bool population_is_served = false;                // population_served used as a proxy
  std::optional<std::int64_t> duration_hours;
  std::optional<std::string_view> physical_damage;  // option names
  std::optional<std::int64_t> casualty_units;       // injuries + death_weight x deaths
  std::optional<std::string_view> recoverability;
  std::optional<std::string_view> effect_location;
  std::int64_t cascade_sectors = 0;                 // dependent sectors reached
  std::optional<std::string_view> actor;
};

struct FactorScore {
  Factor factor = Factor::kFunctionalImpact;
  std::int32_t weight = 0;
  std::int32_t points = 0;        // 0..1000
  std::int64_t weighted = 0;      // weight x points; contribution = weighted / total_weight
  bool missing = false;           // scored at the profile's missing_points
};

struct Assessment {
  std::string_view methodology_version;  // views into the Methodology used
  std::int32_t score = 0;                // 0..1000
  std::string_view level;
  std::int32_t score_min = 0;            // every missing factor at 0
  std::int32_t score_max = 0;            // every missing factor at 1000
  ScoreConfidence confidence = ScoreConfidence::kHigh;
  std::int32_t total_weight = 0;
  std::array<FactorScore, kFactorCount> factors{};
  std::optional<CascadeResult> cascade;  // set when propagated

  std::size_t MissingCount() const;
};

struct ScoreOptions {
  // Propagate through the dependency matrix (allocates). Without it, the
  // cascade factor counts only the report's observed cascade_sectors.
  bool propagate_cascade = true;
};

// The inputs of `report`. Fails with kInvalidArgument naming the field
// (JSON Pointer) and the reason when a number is outside the contract's
// range (a negative duration, a population above 10^10, ...): such a report
// did not come out of DecodeIncidentReport, and scoring it would mislead.
core::Result<FactorInputs> ExtractInputs(const model::IncidentReport& report,
                                         const Methodology& methodology);

// Scores inputs (cascade_sectors already counted). Never fails.
Assessment ScoreInputs(const FactorInputs& inputs, const Methodology& methodology);

// Extracts, propagates the cascade if asked and scores. Fails as
// ExtractInputs does.
core::Result<Assessment> Score(const model::IncidentReport& report,
                               const Methodology& methodology = Methodology::Builtin(),
                               const DependencyMatrix& matrix = DependencyMatrix::Builtin(),
                               const ScoreOptions& options = {});

// The JSON field a factor reads, for "missing" lists ("/effects/deaths").
std::string_view FactorSourceField(Factor factor);

}  // namespace accord::assess
