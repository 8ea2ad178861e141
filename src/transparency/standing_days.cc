// Standing over the year (docs/transparency.md, docs/response.md section 3):
// the node's standing rules applied day by day to the public records.
#include "transparency/internal/standing_days.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "registry/response_ladder.h"
#include "registry/standing.h"

namespace accord::transparency::internal {
namespace {

model::Date DayOf(core::Timestamp time) {
  return model::Date{std::chrono::floor<std::chrono::days>(time)};
}

// docs/response.md, "standing is computed on read": a case counts as open
// against the accused from admission until it is closed or inadmissible.
bool IsOpenStage(std::string_view stage) {
  return !stage.empty() && stage != "filed" && stage != "admissibility-review" &&
         stage != "inadmissible" && stage != "closed";
}

// The stage of `filed` at the end of `day` ("" before it was filed).
std::string_view StageOn(const PublicCase& filed, const model::Date& day) {
  std::string_view stage;
  for (const StageStep& step : filed.history) {
    if (DayOf(step.at) > day) break;  // times never go backwards
    stage = step.stage;
  }
  return stage;
}

}  // namespace

void CountStanding(const PublicLedger& ledger, int year, TransparencyReport& report) {
  const registry::Ladder& ladder = registry::Ladder::Builtin();
  for (const PublicRecommendation& recommendation : ledger.recommendations())
    if (recommendation.ladder_version != ladder.version) return;
  if (ledger.size() == 0) return;
  const std::chrono::sys_days first{std::chrono::year{year} / std::chrono::January / 1};
  const std::chrono::sys_days end_of_year{std::chrono::year{year} / std::chrono::December / 31};
  const std::chrono::sys_days last = std::min(end_of_year, std::chrono::sys_days{DayOf(ledger.last_at())});
  if (last < first) return;

  std::map<std::string, core::Timestamp, std::less<>> finding_dates;
  for (const PublicFinding& finding : ledger.findings()) finding_dates[finding.id] = finding.issued_at;
  struct Conduct {
    std::vector<const PublicCase*> cases;
    std::vector<model::Date> non_cooperation;
    std::vector<const PublicRecommendation*> recommendations;
  };
  std::map<std::string, Conduct, std::less<>> conduct;
  for (const PublicCase& filed : ledger.cases()) {
    if (filed.exercise) continue;
    Conduct& of = conduct[filed.accused_state];
    of.cases.push_back(&filed);
    for (const NonCooperationRecord& missed : filed.non_cooperation)
      if (missed.side == "accused") of.non_cooperation.push_back(DayOf(missed.deadline));
  }
  for (const PublicRecommendation& recommendation : ledger.recommendations()) {
    const PublicCase* decided = ledger.FindCase(recommendation.case_id);
    if (decided == nullptr || decided->exercise || recommendation.rung.empty()) continue;
    conduct[recommendation.accused_state].recommendations.push_back(&recommendation);
  }

  // All or nothing: a record AssessStanding refuses (a complete
  // remediation logged without its date) leaves standing out everywhere.
  std::map<std::string, Figures> standing;
  for (const auto& [code, unused] : report.states) {
    Figures& figures = standing[code];
    std::map<std::string_view, std::int64_t> days;
    std::string_view last_standing;
    auto found = conduct.find(code);
    for (std::chrono::sys_days day = first; day <= last; day += std::chrono::days{1}) {
      const model::Date as_of{day};
      registry::ConductRecord record;
      if (found != conduct.end()) {
        for (const PublicCase* filed : found->second.cases)
          if (IsOpenStage(StageOn(*filed, as_of))) ++record.open_cases;
        record.non_cooperation_dates = found->second.non_cooperation;
        for (const PublicRecommendation* recommendation : found->second.recommendations) {
          auto issued = finding_dates.find(recommendation->finding_id);
          if (issued == finding_dates.end()) continue;
          registry::ViolationFindingRecord finding;
          finding.date = DayOf(issued->second);
          finding.rung_id = recommendation->rung;
          finding.remediation = registry::RemediationFromName(recommendation->remediation)
                                    .value_or(registry::Remediation::kNone);
          if (!recommendation->remediation_date.empty()) {
            auto date = core::ParseRfc3339(recommendation->remediation_date + "T00:00:00Z");
            if (date) finding.remediation_complete_date = DayOf(*date);
          }
          // As the node does: a partial remediation assessed after the day
          // did not exist on it (a complete one AssessStanding itself
          // counts as partial then).
          if (finding.remediation == registry::Remediation::kPartial &&
              finding.remediation_complete_date && *finding.remediation_complete_date > as_of)
            finding.remediation = registry::Remediation::kNone;
          record.violation_findings.push_back(std::move(finding));
        }
      }
      auto assessed = registry::AssessStanding(ladder, record, as_of);
      if (!assessed) return;
      last_standing = registry::StandingName(assessed->standing);
      ++days[last_standing];
    }
    for (const auto& [standing, count] : days) figures["standing.days." + std::string(standing)] = count;
    figures["standing.last_day." + std::string(last_standing)] = 1;
  }
  for (auto& [code, figures] : standing) report.states[code].merge(figures);
}

}  // namespace accord::transparency::internal
