#include "assess/campaign.h"

#include <algorithm>
#include <chrono>
#include <numeric>

namespace accord::assess {
namespace {

bool ShareActor(const model::IncidentReport& a, const model::IncidentReport& b) {
  for (const model::Attribution& x : a.attributions) {
    if (x.to.kind == model::AttributedKind::kUnknown) continue;
    for (const model::Attribution& y : b.attributions) {
      if (y.to.kind == model::AttributedKind::kUnknown) continue;
      if (x.to.name && y.to.name && *x.to.name == *y.to.name) return true;
      if (x.to.kind == model::AttributedKind::kState && y.to.kind == model::AttributedKind::kState &&
          x.to.state && y.to.state && *x.to.state == *y.to.state)
        return true;
    }
  }
  return false;
}

bool Linked(const model::IncidentReport& a, const model::IncidentReport& b, std::int32_t window_days) {
  auto lists = [](const model::IncidentReport& r, const core::StixId& id) {
    return std::find(r.related_reports.begin(), r.related_reports.end(), id) != r.related_reports.end();
  };
  if (lists(a, b.id) || lists(b, a.id)) return true;
  auto gap = a.times.start > b.times.start ? a.times.start - b.times.start : b.times.start - a.times.start;
  return gap <= std::chrono::days(window_days) && ShareActor(a, b);
}

std::size_t Root(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

template <typename T>
void Worst(std::optional<T>& into, const std::optional<T>& other, const FactorSpec& spec) {
  if (!other) return;
  if (!into || spec.OptionPoints(*other) > spec.OptionPoints(*into)) into = other;
}

}  // namespace

core::Result<std::vector<CampaignAssessment>> AssessCampaigns(
    std::span<const model::IncidentReport> reports, const Methodology& m,
    const DependencyMatrix& matrix) {
  std::vector<FactorInputs> inputs;
  inputs.reserve(reports.size());
  for (std::size_t i = 0; i < reports.size(); ++i) {
    auto in = ExtractInputs(reports[i], m);
    if (!in) return in.error().Context("report " + std::to_string(i));
    inputs.push_back(*in);
  }
  std::vector<std::size_t> parent(reports.size());
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  for (std::size_t i = 0; i < reports.size(); ++i)
    for (std::size_t j = i + 1; j < reports.size(); ++j)
      if (Linked(reports[i], reports[j], m.campaign_window_days()))
        parent[Root(parent, i)] = Root(parent, j);
  std::vector<CampaignAssessment> campaigns;
  std::vector<bool> done(reports.size(), false);
  for (std::size_t i = 0; i < reports.size(); ++i) {
    if (done[i]) continue;
    std::vector<std::size_t> group;
    for (std::size_t j = i; j < reports.size(); ++j)
      if (Root(parent, j) == Root(parent, i)) group.push_back(j);
    for (std::size_t j : group) done[j] = true;
    if (group.size() < 2) continue;
    CampaignAssessment campaign;
    FactorInputs all;
    all.functional_impact = "none";
    std::vector<std::string> sources, observed;
    bool disrupted = false;
    const FactorSpec& fi = m.factor(Factor::kFunctionalImpact);
    for (std::size_t j : group) {
      const model::IncidentReport& r = reports[j];
      auto alone = Score(r, m, matrix);
      if (!alone) return alone.error().Context("report " + std::to_string(j));
      campaign.report_ids.push_back(r.id.ToString());
      campaign.members.push_back(std::move(*alone));
      const FactorInputs& in = inputs[j];
      if (fi.OptionPoints(in.functional_impact) > fi.OptionPoints(all.functional_impact))
        all.functional_impact = in.functional_impact;
      if (in.population) {
        all.population = std::min<std::int64_t>(all.population.value_or(0) + *in.population,
                                                10'000'000'000);
        all.population_is_served = all.population_is_served || in.population_is_served;
      }
      if (in.duration_hours) all.duration_hours = std::max(all.duration_hours.value_or(0), *in.duration_hours);
      if (in.casualty_units) all.casualty_units = all.casualty_units.value_or(0) + *in.casualty_units;
      Worst(all.physical_damage, in.physical_damage, m.factor(Factor::kPhysicalDamage));
      Worst(all.recoverability, in.recoverability, m.factor(Factor::kRecoverability));
      Worst(all.effect_location, in.effect_location, m.factor(Factor::kEffectLocation));
      Worst(all.actor, in.actor, m.factor(Factor::kActor));
      disrupted = disrupted || r.effects.availability;
      for (const auto& e : r.affected_entities) sources.push_back(e.sector);
      for (const auto& s : r.effects.cascade_sectors) observed.push_back(s);
    }
    CascadeResult cascade =
        PropagateCascade(sources, observed, all.duration_hours, all.population, m, matrix,
                         disrupted);
    all.cascade_sectors = static_cast<std::int64_t>(cascade.reached.size());
    campaign.combined = ScoreInputs(all, m);
    campaign.combined.cascade = std::move(cascade);
    campaigns.push_back(std::move(campaign));
  }
  return campaigns;
}

}  // namespace accord::assess
