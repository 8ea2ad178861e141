#include "registry/standing.h"

#include <algorithm>
#include <string>
#include <utility>

namespace accord::registry {
namespace {

std::string At(std::string_view key, std::size_t i) {
  return std::string(key) + "[" + std::to_string(i) + "]";
}

core::Error Bad(const std::string& field, std::string_view reason) {
  return core::InvalidArgument("party record: " + field + ": " + std::string(reason));
}

}  // namespace

core::Result<StandingAssessment> AssessStanding(const Ladder& ladder, const ConductRecord& record,
                                                const model::Date& as_of) {
  const StandingRules& rules = ladder.standing;
  if (!as_of.ok()) return core::InvalidArgument("standing: as_of: not a calendar date");
  if (record.open_cases < 0) return Bad("open_cases", "negative");
  const model::Date lookback_start = MonthsBefore(as_of, rules.lookback_months);
  const model::Date probation_start = MonthsBefore(as_of, rules.probation_months);

  // Findings in date order (then rung, remediation) so that the reasons do
  // not depend on the order the record lists them in.
  std::vector<std::pair<const ViolationFindingRecord*, std::size_t>> findings;
  for (std::size_t i = 0; i < record.violation_findings.size(); ++i) {
    const ViolationFindingRecord& f = record.violation_findings[i];
    std::string where = At("violation_findings", i);
    if (!f.date.ok()) return Bad(where + ".date", "not a calendar date");
    auto rung = ladder.FindRung(f.rung_id);
    if (!rung) return Bad(where + ".rung_id", "\"" + f.rung_id + "\" is not a rung of the ladder");
    if (f.remediation == Remediation::kComplete) {
      if (!f.remediation_complete_date)
        return Bad(where + ".remediation_complete_date", "missing for complete remediation");
      if (!f.remediation_complete_date->ok())
        return Bad(where + ".remediation_complete_date", "not a calendar date");
    }
    if (f.date <= as_of) findings.emplace_back(&f, *rung);
  }
  std::sort(findings.begin(), findings.end(), [](const auto& a, const auto& b) {
    if (a.first->date != b.first->date) return a.first->date < b.first->date;
    if (a.second != b.second) return a.second < b.second;
    return a.first->remediation < b.first->remediation;
  });
  for (std::size_t i = 0; i < record.non_cooperation_dates.size(); ++i)
    if (!record.non_cooperation_dates[i].ok())
      return Bad(At("non_cooperation_dates", i), "not a calendar date");

  std::vector<std::string> suspension;
  std::vector<std::string> review;
  std::int64_t unremediated_in_lookback = 0;
  for (const auto& [finding, rung] : findings) {
    std::string name = "violation finding of " + FormatDate(finding->date) + " (rung \"" +
                       finding->rung_id + "\")";
    // A complete remediation dated after as_of was still under way that
    // day: it counts as partial.
    Remediation remediation = finding->remediation;
    if (remediation == Remediation::kComplete && *finding->remediation_complete_date > as_of)
      remediation = Remediation::kPartial;
    bool in_lookback = finding->date >= lookback_start;
    switch (remediation) {
      case Remediation::kNone:
        if (in_lookback) ++unremediated_in_lookback;
        if (rung >= rules.suspend_from_rung)
          suspension.push_back(name + " is unremediated, and its response suspends benefits");
        else
          review.push_back(name + " is unremediated (this never expires)");
        break;
      case Remediation::kPartial:
        if (in_lookback)
          review.push_back(name + " is partially remediated, within " +
                           std::to_string(rules.lookback_months) + " months");
        break;
      case Remediation::kComplete:
        // Probation: review until probation_months after the completion
        // day; on that day the finding stops counting.
        if (*finding->remediation_complete_date > probation_start)
          review.push_back(name + " was remediated on " +
                           FormatDate(*finding->remediation_complete_date) + ": probation of " +
                           std::to_string(rules.probation_months) + " months");
        break;
    }
  }
  if (unremediated_in_lookback >= rules.suspend_unremediated_findings &&
      unremediated_in_lookback > 0)
    suspension.push_back(std::to_string(unremediated_in_lookback) +
                         " unremediated violation finding(s) since " +
                         FormatDate(lookback_start) + " (suspended from " +
                         std::to_string(rules.suspend_unremediated_findings) + ")");

  std::int64_t non_cooperation = 0;
  for (const model::Date& date : record.non_cooperation_dates)
    if (date >= lookback_start && date <= as_of) ++non_cooperation;
  if (non_cooperation >= rules.review_non_cooperation_records)
    review.push_back(std::to_string(non_cooperation) + " non-cooperation record(s) since " +
                     FormatDate(lookback_start));
  if (record.open_cases > 0)
    review.push_back(std::to_string(record.open_cases) + " open case(s) against the party");

  StandingAssessment assessment;
  if (!suspension.empty())
    assessment.standing = Standing::kSuspended;
  else if (!review.empty())
    assessment.standing = Standing::kUnderReview;
  assessment.benefits = rules.benefits[static_cast<std::size_t>(assessment.standing)];
  assessment.reasons = std::move(suspension);
  for (std::string& reason : review) assessment.reasons.push_back(std::move(reason));
  return assessment;
}

}  // namespace accord::registry
