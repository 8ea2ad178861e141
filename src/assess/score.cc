#include "assess/score.h"

#include <algorithm>
#include <string>

namespace accord::assess {
namespace {

constexpr std::int64_t kMaxPeople = 10'000'000'000;  // docs/incident-report.md
constexpr std::int64_t kMaxHours = 87'600;
constexpr std::int64_t kMaxCasualties = 10'000'000;

core::Status CheckRange(std::string_view pointer, const std::optional<std::int64_t>& value,
                        std::int64_t max) {
  if (!value) return core::Ok();
  if (*value < 0 || *value > max)
    return core::InvalidArgument(std::string(pointer) + ": " + std::to_string(*value) +
                                 " is outside the contract's range 0.." + std::to_string(max));
  return core::Ok();
}

// The actor option of one attribution, by how directly a state is involved.
std::optional<std::string_view> ActorOption(const model::Attribution& a) {
  switch (a.sponsorship) {
    case model::Sponsorship::kStateConducted: return "state-conducted";
    case model::Sponsorship::kStateDirected: return "state-directed";
    case model::Sponsorship::kStateSponsored: return "state-sponsored";
    case model::Sponsorship::kStateTolerated: return "state-tolerated";
    case model::Sponsorship::kNonState: return "non-state";
    case model::Sponsorship::kUnknown: break;
  }
  switch (a.to.kind) {
    case model::AttributedKind::kState: return "state-attributed";
    case model::AttributedKind::kStateAffiliatedGroup: return "state-affiliated-group";
    case model::AttributedKind::kNonStateGroup:
    case model::AttributedKind::kIndividual: return "non-state";
    case model::AttributedKind::kUnknown: break;
  }
  return std::nullopt;
}

std::int32_t Rounded(std::int64_t weighted_sum, std::int32_t total) {
  return static_cast<std::int32_t>((weighted_sum + total / 2) / total);
}

}  // namespace

std::string_view Name(ScoreConfidence confidence) {
  switch (confidence) {
    case ScoreConfidence::kHigh: return "high";
    case ScoreConfidence::kModerate: return "moderate";
    case ScoreConfidence::kLow: return "low";
  }
  return "";
}

std::size_t Assessment::MissingCount() const {
  std::size_t n = 0;
  for (const FactorScore& f : factors) n += f.missing ? 1 : 0;
  return n;
}

std::string_view FactorSourceField(Factor factor) {
  switch (factor) {
    case Factor::kFunctionalImpact: return "/effects/availability, /effects/integrity";
    case Factor::kPopulation: return "/effects/people_affected (or affected_entities/*/population_served)";
    case Factor::kDuration: return "/effects/disruption_hours";
    case Factor::kPhysicalDamage: return "/effects/physical_damage";
    case Factor::kCasualties: return "/effects/injuries, /effects/deaths";
    case Factor::kRecoverability: return "/effects/recoverability";
    case Factor::kEffectLocation: return "/effects/effect_location";
    case Factor::kCascade: return "/affected_entities/*/sector, /effects/cascade_sectors";
    case Factor::kActor: return "/attributions";
  }
  return "";
}

core::Result<FactorInputs> ExtractInputs(const model::IncidentReport& report,
                                         const Methodology& methodology) {
  const model::Effects& e = report.effects;
  if (auto s = CheckRange("/effects/people_affected", e.people_affected, kMaxPeople); !s) return s.error();
  if (auto s = CheckRange("/effects/disruption_hours", e.disruption_hours, kMaxHours); !s) return s.error();
  if (auto s = CheckRange("/effects/injuries", e.injuries, kMaxCasualties); !s) return s.error();
  if (auto s = CheckRange("/effects/deaths", e.deaths, kMaxCasualties); !s) return s.error();
  FactorInputs in;
  in.functional_impact = e.availability ? "availability-loss"
                         : e.integrity  ? "integrity-loss"
                         : e.confidentiality ? "information-only"
                                             : "none";
  if (e.people_affected) {
    in.population = e.people_affected;
  } else {
    std::int64_t served = 0;
    bool any = false;
    for (std::size_t i = 0; i < report.affected_entities.size(); ++i) {
      const auto& p = report.affected_entities[i].population_served;
      if (!p) continue;
      if (auto s = CheckRange("/affected_entities/" + std::to_string(i) + "/population_served", p,
                              kMaxPeople);
          !s)
        return s.error();
      served += *p;  // <= 100 x 10^10: no overflow
      any = true;
    }
    if (any) {
      in.population = std::min(served, kMaxPeople);
      in.population_is_served = true;
    }
  }
  in.duration_hours = e.disruption_hours;
  if (e.physical_damage != model::PhysicalDamage::kUnknown) in.physical_damage = model::Name(e.physical_damage);
  if (e.injuries || e.deaths)
    in.casualty_units = e.injuries.value_or(0) + methodology.death_weight() * e.deaths.value_or(0);
  if (e.recoverability != model::Recoverability::kUnknown) in.recoverability = model::Name(e.recoverability);
  if (e.effect_location != model::EffectLocation::kUnknown) in.effect_location = model::Name(e.effect_location);
  const FactorSpec& actor = methodology.factor(Factor::kActor);
  for (const model::Attribution& a : report.attributions) {
    auto option = ActorOption(a);
    if (option && (!in.actor || actor.OptionPoints(*option) > actor.OptionPoints(*in.actor)))
      in.actor = option;
  }
  return in;
}

Assessment ScoreInputs(const FactorInputs& in, const Methodology& m) {
  Assessment out;
  out.methodology_version = m.version();
  out.total_weight = m.total_weight();
  auto option = [&](Factor f, std::optional<std::string_view> name) -> std::optional<std::int32_t> {
    if (!name) return std::nullopt;
    std::int32_t p = m.factor(f).OptionPoints(*name);
    if (p < 0) return std::nullopt;  // a value outside the enumeration: treated as missing
    return p;
  };
  auto band = [&](Factor f, std::optional<std::int64_t> value) -> std::optional<std::int32_t> {
    if (!value || *value < 0) return std::nullopt;
    return m.factor(f).BandPoints(*value);
  };
  std::array<std::optional<std::int32_t>, kFactorCount> points = {
      option(Factor::kFunctionalImpact, in.functional_impact),
      band(Factor::kPopulation, in.population),
      band(Factor::kDuration, in.duration_hours),
      option(Factor::kPhysicalDamage, in.physical_damage),
      band(Factor::kCasualties, in.casualty_units),
      option(Factor::kRecoverability, in.recoverability),
      option(Factor::kEffectLocation, in.effect_location),
      band(Factor::kCascade, in.cascade_sectors),
      option(Factor::kActor, in.actor),
  };
  std::int64_t sum = 0, sum_min = 0, sum_max = 0, missing_weight = 0;
  for (std::size_t i = 0; i < kFactorCount; ++i) {
    const FactorSpec& spec = m.factor(static_cast<Factor>(i));
    FactorScore& f = out.factors[i];
    f.factor = static_cast<Factor>(i);
    f.weight = spec.weight;
    f.missing = !points[i].has_value();
    f.points = f.missing ? spec.missing_points : *points[i];
    f.weighted = static_cast<std::int64_t>(f.weight) * f.points;
    sum += f.weighted;
    if (f.missing) {
      missing_weight += f.weight;
      sum_max += static_cast<std::int64_t>(f.weight) * kScale;
    } else {
      sum_min += f.weighted;
      sum_max += f.weighted;
    }
  }
  out.score = Rounded(sum, m.total_weight());
  out.score_min = Rounded(sum_min, m.total_weight());
  out.score_max = Rounded(sum_max, m.total_weight());
  out.level = m.LevelFor(out.score);
  std::int64_t missing_permille = missing_weight * kScale / m.total_weight();
  out.confidence = missing_weight == 0 ? ScoreConfidence::kHigh
                   : missing_permille <= m.moderate_max_missing_permille() ? ScoreConfidence::kModerate
                                                                           : ScoreConfidence::kLow;
  return out;
}

core::Result<Assessment> Score(const model::IncidentReport& report, const Methodology& methodology,
                               const DependencyMatrix& matrix, const ScoreOptions& options) {
  auto inputs = ExtractInputs(report, methodology);
  if (!inputs) return inputs.error();
  std::optional<CascadeResult> cascade;
  if (options.propagate_cascade) {
    std::vector<std::string> sources;
    sources.reserve(report.affected_entities.size());
    for (const auto& entity : report.affected_entities) sources.push_back(entity.sector);
    // Only a disruption propagates: without an availability effect the
    // report's own sectors pass nothing on; observed knock-on sectors still do.
    cascade = PropagateCascade(sources, report.effects.cascade_sectors, inputs->duration_hours,
                               inputs->population, methodology, matrix,
                               report.effects.availability);
    inputs->cascade_sectors = static_cast<std::int64_t>(cascade->reached.size());
  } else {
    // Observed knock-on sectors only, outside the report's own sectors.
    std::int64_t n = 0;
    const auto& observed = report.effects.cascade_sectors;
    for (std::size_t i = 0; i < observed.size(); ++i) {
      std::string_view top = TopLevelSector(observed[i]);
      bool counted = false;
      for (const auto& entity : report.affected_entities)
        counted = counted || TopLevelSector(entity.sector) == top;
      for (std::size_t j = 0; j < i && !counted; ++j) counted = TopLevelSector(observed[j]) == top;
      n += counted ? 0 : 1;
    }
    inputs->cascade_sectors = n;
  }
  Assessment assessment = ScoreInputs(*inputs, methodology);
  assessment.cascade = std::move(cascade);
  return assessment;
}

}  // namespace accord::assess
