// Tests of a party's standing (registry/standing.h) under the [standing]
// rules of data/response/ladder-1.toml: suspend from the "suspension" rung
// or 2 unremediated findings in 60 months, review for an open case, a
// non-cooperation record or an incompletely remediated finding in 60
// months, 6 months' probation after complete remediation. Expected
// standings are worked out by hand from those rules.
#include "registry/standing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace accord::registry {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono;

model::Date D(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }

const Ladder& L() { return Ladder::Builtin(); }

StandingAssessment Assess(const ConductRecord& record, model::Date as_of) {
  auto assessment = AssessStanding(L(), record, as_of);
  EXPECT_TRUE(assessment) << assessment.error().message;
  return assessment ? *assessment : StandingAssessment{};
}

Standing StandingOf(const ConductRecord& record, model::Date as_of) {
  return Assess(record, as_of).standing;
}

ViolationFindingRecord Finding(model::Date date, std::string rung, Remediation remediation,
                               std::optional<model::Date> complete = std::nullopt) {
  return {date, std::move(rung), remediation, complete};
}

const model::Date kToday = D(2026, 7, 15);

TEST(StandingTest, CleanRecordIsGoodStandingWithFullBenefits) {
  StandingAssessment a = Assess(ConductRecord{}, kToday);
  EXPECT_EQ(a.standing, Standing::kGoodStanding);
  EXPECT_EQ(a.benefits.threat_intelligence_tier, "full");
  EXPECT_TRUE(a.benefits.technical_assistance);
  EXPECT_TRUE(a.reasons.empty());
}

TEST(StandingTest, AnOpenCasePutsThePartyUnderReviewWithoutLosingBenefits) {
  ConductRecord record;
  record.open_cases = 1;
  StandingAssessment a = Assess(record, kToday);
  EXPECT_EQ(a.standing, Standing::kUnderReview);
  EXPECT_EQ(a.benefits.threat_intelligence_tier, "full");
  EXPECT_TRUE(a.benefits.technical_assistance);
  ASSERT_EQ(a.reasons.size(), 1u);
  EXPECT_THAT(a.reasons[0], HasSubstr("1 open case(s)"));
}

TEST(StandingTest, NonCooperationCountsWithinTheLookbackIncludingItsFirstDay) {
  ConductRecord record;
  record.non_cooperation_dates = {D(2021, 7, 15)};  // 60 months before 2026-07-15
  EXPECT_EQ(StandingOf(record, kToday), Standing::kUnderReview);
  record.non_cooperation_dates = {D(2021, 7, 14)};
  EXPECT_EQ(StandingOf(record, kToday), Standing::kGoodStanding);
  record.non_cooperation_dates = {D(2026, 7, 16)};  // after as_of: not yet
  EXPECT_EQ(StandingOf(record, kToday), Standing::kGoodStanding);
}

TEST(StandingTest, UnremediatedFindingAtTheSuspensionRungSuspends) {
  ConductRecord record;
  record.violation_findings = {Finding(D(2026, 1, 10), "suspension", Remediation::kNone)};
  StandingAssessment a = Assess(record, kToday);
  EXPECT_EQ(a.standing, Standing::kSuspended);
  EXPECT_EQ(a.benefits.threat_intelligence_tier, "basic");
  EXPECT_FALSE(a.benefits.technical_assistance);
  EXPECT_THAT(a.reasons[0], HasSubstr("2026-01-10"));
  record.violation_findings[0].rung_id = "sanctions-recommendation";
  EXPECT_EQ(StandingOf(record, kToday), Standing::kSuspended);
}

TEST(StandingTest, UnremediatedFindingBelowTheSuspensionRungIsReview) {
  ConductRecord record;
  record.violation_findings = {Finding(D(2026, 1, 10), "public-statement", Remediation::kNone)};
  EXPECT_EQ(StandingOf(record, kToday), Standing::kUnderReview);
}

TEST(StandingTest, UnremediatedFindingNeverExpires) {
  ConductRecord record;
  record.violation_findings = {Finding(D(2010, 1, 10), "protest", Remediation::kNone)};
  EXPECT_EQ(StandingOf(record, kToday), Standing::kUnderReview);
  record.violation_findings[0].rung_id = "suspension";
  EXPECT_EQ(StandingOf(record, kToday), Standing::kSuspended);
}

TEST(StandingTest, TwoUnremediatedFindingsWithinTheLookbackSuspend) {
  ConductRecord record;
  record.violation_findings = {Finding(D(2021, 7, 15), "protest", Remediation::kNone),
                               Finding(D(2025, 2, 1), "consultation", Remediation::kNone)};
  EXPECT_EQ(StandingOf(record, kToday), Standing::kSuspended);
  record.violation_findings[0].date = D(2021, 7, 14);  // one day outside
  EXPECT_EQ(StandingOf(record, kToday), Standing::kUnderReview);
}

TEST(StandingTest, PartialRemediationLiftsSuspensionToReview) {
  ConductRecord record;
  record.violation_findings = {Finding(D(2026, 1, 10), "suspension", Remediation::kPartial)};
  StandingAssessment a = Assess(record, kToday);
  EXPECT_EQ(a.standing, Standing::kUnderReview);
  EXPECT_TRUE(a.benefits.technical_assistance);
}

TEST(StandingTest, PartialRemediationStopsCountingAfterTheLookback) {
  ConductRecord record;
  record.violation_findings = {Finding(D(2021, 7, 14), "suspension", Remediation::kPartial)};
  EXPECT_EQ(StandingOf(record, kToday), Standing::kGoodStanding);
  record.violation_findings[0].date = D(2021, 7, 15);
  EXPECT_EQ(StandingOf(record, kToday), Standing::kUnderReview);
}

TEST(StandingTest, CompleteRemediationLeavesReviewAfterSixMonthsProbation) {
  ConductRecord record;
  record.violation_findings = {
      Finding(D(2025, 6, 1), "suspension", Remediation::kComplete, D(2026, 1, 15))};
  EXPECT_EQ(StandingOf(record, D(2026, 7, 14)), Standing::kUnderReview);
  EXPECT_THAT(Assess(record, D(2026, 7, 14)).reasons[0], HasSubstr("probation of 6 months"));
  EXPECT_EQ(StandingOf(record, D(2026, 7, 15)), Standing::kGoodStanding);
}

TEST(StandingTest, RemediationCompletedAfterAsOfCountsAsPartial) {
  ConductRecord record;
  record.violation_findings = {
      Finding(D(2025, 6, 1), "suspension", Remediation::kComplete, D(2026, 9, 1))};
  EXPECT_EQ(StandingOf(record, kToday), Standing::kUnderReview);
}

TEST(StandingTest, FindingsAfterAsOfAreIgnored) {
  ConductRecord record;
  record.violation_findings = {Finding(D(2026, 7, 16), "suspension", Remediation::kNone)};
  EXPECT_EQ(StandingOf(record, kToday), Standing::kGoodStanding);
}

TEST(StandingTest, APartyRegainsGoodStandingThroughRemediation) {
  // A suspension-level finding on 2025-03-01; partial remediation reported
  // by 2025-09-01, complete on 2026-01-15.
  ConductRecord record;
  record.violation_findings = {Finding(D(2025, 3, 1), "suspension", Remediation::kNone)};
  EXPECT_EQ(StandingOf(record, D(2025, 6, 1)), Standing::kSuspended);
  // Waiting alone does not help.
  EXPECT_EQ(StandingOf(record, D(2035, 6, 1)), Standing::kSuspended);
  record.violation_findings[0].remediation = Remediation::kPartial;
  EXPECT_EQ(StandingOf(record, D(2025, 9, 1)), Standing::kUnderReview);
  record.violation_findings[0].remediation = Remediation::kComplete;
  record.violation_findings[0].remediation_complete_date = D(2026, 1, 15);
  EXPECT_EQ(StandingOf(record, D(2026, 3, 1)), Standing::kUnderReview);
  EXPECT_EQ(StandingOf(record, D(2026, 7, 15)), Standing::kGoodStanding);
}

TEST(StandingTest, SuspensionReasonsComeBeforeReviewReasons) {
  ConductRecord record;
  record.open_cases = 2;
  record.violation_findings = {Finding(D(2026, 1, 10), "suspension", Remediation::kNone)};
  StandingAssessment a = Assess(record, kToday);
  ASSERT_EQ(a.reasons.size(), 2u);
  EXPECT_THAT(a.reasons[0], HasSubstr("suspends benefits"));
  EXPECT_THAT(a.reasons[1], HasSubstr("2 open case(s)"));
}

TEST(StandingTest, ResultDoesNotDependOnTheOrderOfTheRecord) {
  ConductRecord a;
  a.violation_findings = {Finding(D(2024, 1, 1), "protest", Remediation::kPartial),
                          Finding(D(2025, 1, 1), "consultation", Remediation::kNone),
                          Finding(D(2023, 1, 1), "suspension", Remediation::kComplete,
                                  D(2026, 5, 1))};
  a.non_cooperation_dates = {D(2025, 1, 1), D(2024, 1, 1)};
  ConductRecord b = a;
  std::swap(b.violation_findings[0], b.violation_findings[2]);
  std::swap(b.non_cooperation_dates[0], b.non_cooperation_dates[1]);
  StandingAssessment x = Assess(a, kToday);
  StandingAssessment y = Assess(b, kToday);
  EXPECT_EQ(x.standing, Standing::kUnderReview);
  EXPECT_EQ(x.standing, y.standing);
  EXPECT_EQ(x.reasons, y.reasons);
}

TEST(StandingTest, BenefitsComeFromTheLadderData) {
  Ladder ladder = L();
  ladder.standing.benefits[static_cast<std::size_t>(Standing::kSuspended)] = {"none", false};
  ConductRecord record;
  record.violation_findings = {Finding(D(2026, 1, 10), "suspension", Remediation::kNone)};
  auto a = AssessStanding(ladder, record, kToday);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->benefits.threat_intelligence_tier, "none");
}

TEST(StandingTest, RejectsMalformedRecords) {
  ConductRecord record;
  record.open_cases = -1;
  auto a = AssessStanding(L(), record, kToday);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(a.error().message, HasSubstr("open_cases: negative"));

  record = {};
  record.violation_findings = {Finding(D(2026, 1, 10), "war", Remediation::kNone)};
  a = AssessStanding(L(), record, kToday);
  ASSERT_FALSE(a);
  EXPECT_THAT(a.error().message,
              HasSubstr("violation_findings[0].rung_id: \"war\" is not a rung of the ladder"));

  record.violation_findings = {Finding(D(2026, 1, 10), "protest", Remediation::kComplete)};
  a = AssessStanding(L(), record, kToday);
  ASSERT_FALSE(a);
  EXPECT_THAT(a.error().message,
              HasSubstr("violation_findings[0].remediation_complete_date: missing"));

  record = {};
  record.non_cooperation_dates = {D(2026, 2, 30)};
  a = AssessStanding(L(), record, kToday);
  ASSERT_FALSE(a);
  EXPECT_THAT(a.error().message, HasSubstr("non_cooperation_dates[0]: not a calendar date"));

  a = AssessStanding(L(), ConductRecord{}, D(2026, 2, 30));
  ASSERT_FALSE(a);
  EXPECT_THAT(a.error().message, HasSubstr("as_of: not a calendar date"));
}

}  // namespace
}  // namespace accord::registry
