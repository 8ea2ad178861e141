// Tests of the graduated-response ladder (registry/response_ladder.h):
// loading errors, each with the key and reason in its message; every input
// moving the recommendation as data/response/ladder-1.toml and
// docs/response.md say; the red-line minimum; the recidivism window's
// edges; determinism; the canonical JSON for the log. Expected numbers are
// worked out by hand from the ladder file, not taken from our output.
#include "registry/response_ladder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "assess/methodology.h"
#include "core/canonical_json.h"
#include "core/json_reader.h"
#include "norms/catalogue.h"

namespace accord::registry {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono;

std::string ShippedText() {
  std::ifstream in(std::string(ACCORD_TEST_SOURCE_DIR) + "/data/response/ladder-1.toml");
  EXPECT_TRUE(in) << "cannot read data/response/ladder-1.toml";
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The shipped text with `from` (which must occur) replaced by `to`.
std::string Edited(const std::string& from, const std::string& to) {
  std::string text = ShippedText();
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "not in the ladder: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Parses `text`, expects kInvalidArgument, returns the message.
std::string Rejection(const std::string& text) {
  auto ladder = Ladder::Parse(text);
  EXPECT_FALSE(ladder);
  if (ladder) return "";
  EXPECT_EQ(ladder.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(ladder.error().message, HasSubstr("response ladder: "));
  return ladder.error().message;
}

model::Date D(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }

const Ladder& L() { return Ladder::Builtin(); }

// A violation of medium severity in one report, intent unknown, no record:
// 25 points, "consultation". Each test moves one input from here.
ResponseInputs Base() {
  ResponseInputs in;
  in.outcome = model::FindingOutcome::kViolation;
  in.finding_date = D(2026, 3, 31);
  in.report_levels = {"medium"};
  in.intent = "unknown";
  in.remediation = Remediation::kNone;
  return in;
}

Recommendation Rec(const ResponseInputs& inputs) {
  auto r = Recommend(L(), inputs);
  EXPECT_TRUE(r) << r.error().message;
  return r ? *r : Recommendation{};
}

std::string RungOf(const ResponseInputs& inputs) { return Rec(inputs).rung_id; }

const RationaleItem* Item(const Recommendation& r, std::string_view input) {
  for (const RationaleItem& item : r.rationale)
    if (item.input == input) return &item;
  return nullptr;
}

// --- loading -------------------------------------------------------------

TEST(ResponseLadderLoadTest, ShippedLadderParsesWithItsRungsInOrder) {
  auto ladder = Ladder::Parse(ShippedText());
  ASSERT_TRUE(ladder) << ladder.error().message;
  EXPECT_EQ(ladder->version, "1");
  EXPECT_EQ(ladder->effective, D(2026, 1, 1));
  std::vector<std::string> ids;
  for (const Rung& rung : ladder->rungs) ids.push_back(rung.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"consultation", "protest", "public-statement",
                                           "suspension", "sanctions-recommendation"}));
  EXPECT_EQ(ladder->rungs[3].min_points, 100);
  EXPECT_FALSE(ladder->rungs[3].entails.empty());
  EXPECT_EQ(ladder->recidivism_window_months, 60);
  EXPECT_EQ(ladder->remediation_points[2], -30);
}

TEST(ResponseLadderLoadTest, BuiltinIsTheShippedFile) {
  auto shipped = Ladder::Parse(ShippedText());
  auto builtin = Ladder::ParseBuiltin();
  ASSERT_TRUE(shipped && builtin);
  EXPECT_EQ(builtin->version, shipped->version);
  EXPECT_EQ(builtin->rungs.size(), shipped->rungs.size());
  EXPECT_EQ(builtin->severity_levels.size(), shipped->severity_levels.size());
}

TEST(ResponseLadderLoadTest, ShippedLadderMatchesMethodologyAndCatalogue) {
  auto status = CheckAgainst(L(), assess::Methodology::Builtin(), norms::Catalogue::Builtin());
  EXPECT_TRUE(status) << status.error().message;
}

TEST(ResponseLadderLoadTest, CheckAgainstNamesARenamedSeverityLevel) {
  auto ladder = Ladder::Parse(Edited("name = \"severe\"", "name = \"grave\""));
  ASSERT_TRUE(ladder) << ladder.error().message;
  auto status = CheckAgainst(*ladder, assess::Methodology::Builtin(), norms::Catalogue::Builtin());
  ASSERT_FALSE(status);
  EXPECT_THAT(status.error().message, HasSubstr("severity.levels[4].name: \"grave\""));
}

TEST(ResponseLadderLoadTest, CheckAgainstNamesAnUnknownRedLine) {
  auto ladder = Ladder::Parse(Edited("red_line = \"RL-SAFETY\"", "red_line = \"RL-NOPE\""));
  ASSERT_TRUE(ladder) << ladder.error().message;
  auto status = CheckAgainst(*ladder, assess::Methodology::Builtin(), norms::Catalogue::Builtin());
  ASSERT_FALSE(status);
  EXPECT_THAT(status.error().message,
              HasSubstr("red_lines.overrides[0].red_line: \"RL-NOPE\" is not a red line"));
}

// The smallest ladder the format allows (also a fuzz seed): one rung, no
// red-line overrides, all points 0.
constexpr const char* kMinimalLadder = R"(version = "0"
effective = 2000-02-29
name = "n"
source = "s"
[[rungs]]
id = "a"
name = "A"
description = "d"
entails = ["e"]
min_points = 0
[severity]
levels = [{ name = "x", points = 0 }]
per_additional_report = 0
additional_reports_max = 0
[intent]
options = [{ name = "i", points = 0 }]
[recidivism]
window_months = 1
points_per_finding = 0
max_points = 0
[cooperation]
points_per_record = 0
max_points = 0
[remediation]
options = [{ name = "none", points = 0 }, { name = "partial", points = 0 }, { name = "complete", points = 0 }]
[red_lines]
min_rung = "a"
[standing]
suspend_from_rung = "a"
suspend_unremediated_findings = 1
lookback_months = 1
review_non_cooperation_records = 1
probation_months = 0
benefits = [
  { standing = "good-standing", threat_intelligence_tier = "t", technical_assistance = true },
  { standing = "under-review", threat_intelligence_tier = "t", technical_assistance = true },
  { standing = "suspended", threat_intelligence_tier = "t", technical_assistance = false },
]
)";

TEST(ResponseLadderLoadTest, AcceptsAMinimalOneRungLadder) {
  auto ladder = Ladder::Parse(kMinimalLadder);
  ASSERT_TRUE(ladder) << ladder.error().message;
  EXPECT_EQ(ladder->effective, D(2000, 2, 29));
  EXPECT_TRUE(ladder->red_line_overrides.empty());
  ResponseInputs in;
  in.finding_date = D(2026, 1, 1);
  in.report_levels = {"x"};
  in.intent = "i";
  in.red_lines = {"RL-ANY"};
  auto r = Recommend(*ladder, in);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->rung_id, "a");
  EXPECT_EQ(r->total_points, 0);
}

TEST(ResponseLadderLoadTest, RejectsADateThatIsNotInTheCalendar) {
  std::string text = kMinimalLadder;
  text.replace(text.find("2000-02-29"), 10, "2001-02-29");
  EXPECT_THAT(Rejection(text), HasSubstr("line 2"));
}

TEST(ResponseLadderLoadTest, RejectsDuplicateRungId) {
  EXPECT_THAT(Rejection(Edited("id = \"public-statement\"", "id = \"consultation\"")),
              HasSubstr("rungs[2].id: duplicate of rungs[0].id"));
}

TEST(ResponseLadderLoadTest, RejectsUnknownKeysAtEveryLevel) {
  EXPECT_THAT(Rejection("colour = 1\n" + ShippedText()), HasSubstr("colour: unknown key"));
  EXPECT_THAT(Rejection(Edited("min_points = 30", "min_points = 30\ncolour = 1")),
              HasSubstr("rungs[1].colour: unknown key"));
  EXPECT_THAT(Rejection(Edited("per_additional_report = 5", "per_additional_report = 5\nx = 1")),
              HasSubstr("severity.x: unknown key"));
  EXPECT_THAT(Rejection(Edited("{ name = \"reckless\", points = 15 }",
                               "{ name = \"reckless\", points = 15, why = \"\" }")),
              HasSubstr("intent.options[1].why: unknown key"));
  EXPECT_THAT(Rejection(Edited("probation_months = 6", "probation_months = 6\ngrace = 1")),
              HasSubstr("standing.grace: unknown key"));
}

TEST(ResponseLadderLoadTest, RejectsMissingKeys) {
  EXPECT_THAT(Rejection(Edited("version = \"1\"", "")), HasSubstr("version: missing"));
  EXPECT_THAT(Rejection(Edited("max_points = 30\n", "")),
              HasSubstr("cooperation.max_points: missing"));
  EXPECT_THAT(Rejection(Edited("[intent]", "[intention]")), HasSubstr("intention: unknown key"));
}

TEST(ResponseLadderLoadTest, RejectsWrongTypes) {
  EXPECT_THAT(Rejection(Edited("min_points = 30", "min_points = \"30\"")),
              HasSubstr("rungs[1].min_points: expected an integer"));
  EXPECT_THAT(Rejection(Edited("min_points = 30", "min_points = 30.0")),
              HasSubstr("rungs[1].min_points: expected an integer"));
  EXPECT_THAT(Rejection(Edited("effective = 2026-01-01", "effective = \"2026-01-01\"")),
              HasSubstr("effective: expected a TOML date"));
  EXPECT_THAT(Rejection(Edited("technical_assistance = false", "technical_assistance = 0")),
              HasSubstr("standing.benefits[2].technical_assistance: expected true or false"));
}

TEST(ResponseLadderLoadTest, RejectsThresholdsThatDoNotAscend) {
  EXPECT_THAT(Rejection(Edited("min_points = 60", "min_points = 30")),
              HasSubstr("rungs[2].min_points: not above rungs[1].min_points"));
  EXPECT_THAT(Rejection(Edited("min_points = 0", "min_points = 5")),
              HasSubstr("rungs[0].min_points: the first rung must start at 0"));
}

TEST(ResponseLadderLoadTest, RejectsSeverityPointsFallingAsSeverityRises) {
  EXPECT_THAT(Rejection(Edited("{ name = \"high\", points = 40 }", "{ name = \"high\", points = 20 }")),
              HasSubstr("severity.levels[3].points: below severity.levels[2].points"));
}

TEST(ResponseLadderLoadTest, RejectsDuplicateOptionNames) {
  EXPECT_THAT(Rejection(Edited("{ name = \"reckless\"", "{ name = \"unknown\"")),
              HasSubstr("intent.options[1].name: duplicate of intent.options[0].name"));
}

TEST(ResponseLadderLoadTest, RejectsRemediationThatRaisesTheResponse) {
  EXPECT_THAT(Rejection(Edited("points = -15", "points = 5")),
              HasSubstr("remediation.options[1].points: 5 is outside -1000000..0"));
}

TEST(ResponseLadderLoadTest, RejectsRemediationOptionsOtherThanTheThree) {
  EXPECT_THAT(Rejection(Edited("name = \"partial\"", "name = \"apology\"")),
              HasSubstr("remediation.options[1].name: \"apology\" is not none, partial or complete"));
  EXPECT_THAT(Rejection(Edited("  { name = \"partial\", points = -15 },\n", "")),
              HasSubstr("remediation.options: no entry for \"partial\""));
}

TEST(ResponseLadderLoadTest, RejectsRungReferencesToNoRung) {
  EXPECT_THAT(Rejection(Edited("min_rung = \"public-statement\"", "min_rung = \"war\"")),
              HasSubstr("red_lines.min_rung: no rung \"war\""));
  EXPECT_THAT(Rejection(Edited("suspend_from_rung = \"suspension\"", "suspend_from_rung = \"x\"")),
              HasSubstr("standing.suspend_from_rung: no rung \"x\""));
}

TEST(ResponseLadderLoadTest, RejectsARedLineOverrideThatDoesNotRaiseTheMinimum) {
  EXPECT_THAT(Rejection(Edited("{ red_line = \"RL-SAFETY\", min_rung = \"suspension\" }",
                               "{ red_line = \"RL-SAFETY\", min_rung = \"protest\" }")),
              HasSubstr("red_lines.overrides[0].min_rung: not above red_lines.min_rung"));
  EXPECT_THAT(Rejection(Edited("red_line = \"RL-HOSPITALS\"", "red_line = \"RL-SAFETY\"")),
              HasSubstr("red_lines.overrides[1].red_line: duplicate of "
                        "red_lines.overrides[0].red_line"));
}

TEST(ResponseLadderLoadTest, RejectsStandingBenefitsMissingRepeatedOrMisnamed) {
  EXPECT_THAT(Rejection(Edited("standing = \"suspended\"", "standing = \"under-review\"")),
              HasSubstr("standing.benefits[2].standing: duplicate of standing.benefits[1].standing"));
  EXPECT_THAT(Rejection(Edited("standing = \"suspended\"", "standing = \"expelled\"")),
              HasSubstr("standing.benefits[2].standing: \"expelled\" is not good-standing"));
  EXPECT_THAT(
      Rejection(Edited("  { standing = \"suspended\", threat_intelligence_tier = \"basic\", "
                       "technical_assistance = false },\n",
                       "")),
      HasSubstr("standing.benefits: no entry for \"suspended\""));
}

TEST(ResponseLadderLoadTest, RejectsNumbersOutOfRange) {
  EXPECT_THAT(Rejection(Edited("window_months = 60", "window_months = 0")),
              HasSubstr("recidivism.window_months: 0 is outside 1..1200"));
  EXPECT_THAT(Rejection(Edited("points_per_record = 10", "points_per_record = -1")),
              HasSubstr("cooperation.points_per_record: -1 is outside 0..1000000"));
}

TEST(ResponseLadderLoadTest, RejectsTomlSyntaxErrorsWithLineAndColumn) {
  EXPECT_THAT(Rejection("version = \"1\"\nname = \n"), HasSubstr("line 2, column"));
}

TEST(ResponseLadderLoadTest, RejectsAnEmptyText) {
  EXPECT_THAT(Rejection(""), HasSubstr("version: missing"));
}

TEST(ResponseLadderLoadTest, RefusesOversizedTextBeforeParsing) {
  auto ladder = Ladder::Parse(std::string(Ladder::kMaxTextBytes + 1, '#'));
  ASSERT_FALSE(ladder);
  EXPECT_EQ(ladder.error().code, core::ErrorCode::kResourceExhausted);
}

// --- recommending --------------------------------------------------------

TEST(RecommendTest, BaseCaseIsAConsultationWith25Points) {
  Recommendation r = Rec(Base());
  EXPECT_EQ(r.total_points, 25);
  EXPECT_EQ(r.rung_id, "consultation");
  EXPECT_EQ(r.ladder_version, "1");
  EXPECT_FALSE(r.red_line_min_rung);
}

TEST(RecommendTest, OnlyAViolationLeadsUpTheLadder) {
  for (model::FindingOutcome outcome :
       {model::FindingOutcome::kNoViolation, model::FindingOutcome::kInconclusive}) {
    ResponseInputs in = Base();
    in.outcome = outcome;
    in.report_levels = {"emergency"};
    in.intent = "deliberate";
    in.red_lines = {"RL-SAFETY"};
    Recommendation r = Rec(in);
    EXPECT_FALSE(r.rung);
    EXPECT_EQ(r.rung_id, "");
    ASSERT_EQ(r.rationale.size(), 1u);
    EXPECT_EQ(r.rationale[0].input, "outcome");
  }
}

TEST(RecommendTest, SeverityUsesTheHighestLevelAmongTheReports) {
  ResponseInputs in = Base();
  in.report_levels = {"high"};
  EXPECT_EQ(Rec(in).total_points, 40);
  EXPECT_EQ(RungOf(in), "protest");
  in.report_levels = {"severe"};
  EXPECT_EQ(RungOf(in), "public-statement");  // 60
  in.report_levels = {"low", "severe", "baseline"};
  Recommendation r = Rec(in);
  EXPECT_EQ(Item(r, "severity")->value, "severe");
  EXPECT_EQ(Item(r, "severity")->points, 60);
  EXPECT_EQ(r.total_points, 70);  // 60 + 2 further reports x 5
}

TEST(RecommendTest, BreadthAddsFivePerFurtherReportUpToTwenty) {
  ResponseInputs in = Base();
  in.report_levels = {"medium", "low"};
  EXPECT_EQ(Rec(in).total_points, 30);
  EXPECT_EQ(RungOf(in), "protest");
  in.report_levels = std::vector<std::string>(10, "medium");
  EXPECT_EQ(Item(Rec(in), "breadth")->points, 20);
  EXPECT_EQ(Rec(in).total_points, 45);
}

TEST(RecommendTest, IntentMovesTheRecommendation) {
  ResponseInputs in = Base();
  in.intent = "reckless";
  EXPECT_EQ(Rec(in).total_points, 40);
  EXPECT_EQ(RungOf(in), "protest");
  in.intent = "deliberate";
  in.report_levels = {"high"};
  EXPECT_EQ(Rec(in).total_points, 70);
  EXPECT_EQ(RungOf(in), "public-statement");
}

TEST(RecommendTest, RecidivismAddsThirtyPerEarlierFindingUpToNinety) {
  ResponseInputs in = Base();
  in.earlier_violation_dates = {D(2024, 1, 1)};
  EXPECT_EQ(Rec(in).total_points, 55);
  EXPECT_EQ(RungOf(in), "protest");
  in.earlier_violation_dates = {D(2022, 1, 1), D(2023, 1, 1), D(2024, 1, 1), D(2025, 1, 1)};
  EXPECT_EQ(Item(Rec(in), "recidivism")->points, 90);
  EXPECT_EQ(RungOf(in), "suspension");  // 25 + 90 = 115
}

TEST(RecommendTest, RecidivismWindowIncludesItsFirstDayAndNotTheDayBefore) {
  ResponseInputs in = Base();  // finding 2026-03-31, window 60 months
  in.earlier_violation_dates = {D(2021, 3, 31)};
  EXPECT_EQ(Item(Rec(in), "recidivism")->value, "1");
  in.earlier_violation_dates = {D(2021, 3, 30)};
  EXPECT_EQ(Item(Rec(in), "recidivism")->value, "0");
  EXPECT_EQ(Rec(in).total_points, 25);
}

TEST(RecommendTest, RecidivismWindowClampsToTheEndOfAShorterMonth) {
  ResponseInputs in = Base();
  in.finding_date = D(2024, 2, 29);  // 60 months back: 2019-02-28
  in.earlier_violation_dates = {D(2019, 2, 28)};
  EXPECT_EQ(Item(Rec(in), "recidivism")->value, "1");
  in.earlier_violation_dates = {D(2019, 2, 27)};
  EXPECT_EQ(Item(Rec(in), "recidivism")->value, "0");
  EXPECT_EQ(MonthsBefore(D(2024, 3, 31), 1), D(2024, 2, 29));
  EXPECT_EQ(MonthsBefore(D(2023, 3, 31), 1), D(2023, 2, 28));
  EXPECT_EQ(MonthsBefore(D(2024, 1, 15), 13), D(2022, 12, 15));
}

TEST(RecommendTest, RecidivismIgnoresFindingsAfterThisOneAndCountsTheSameDay) {
  ResponseInputs in = Base();
  in.earlier_violation_dates = {D(2026, 4, 1)};
  EXPECT_EQ(Item(Rec(in), "recidivism")->value, "0");
  in.earlier_violation_dates = {D(2026, 3, 31)};
  EXPECT_EQ(Item(Rec(in), "recidivism")->value, "1");
}

TEST(RecommendTest, NonCooperationAddsTenPerRecordUpToThirty) {
  ResponseInputs in = Base();
  in.non_cooperation_records = 1;
  EXPECT_EQ(Rec(in).total_points, 35);
  EXPECT_EQ(RungOf(in), "protest");
  in.non_cooperation_records = 1000;
  EXPECT_EQ(Item(Rec(in), "non_cooperation")->points, 30);
}

TEST(RecommendTest, RemediationLowersTheRecommendation) {
  ResponseInputs in = Base();
  in.report_levels = {"high"};
  in.intent = "deliberate";  // 70: public-statement
  in.remediation = Remediation::kPartial;
  EXPECT_EQ(Rec(in).total_points, 55);
  EXPECT_EQ(RungOf(in), "protest");
  in.remediation = Remediation::kComplete;
  EXPECT_EQ(Rec(in).total_points, 40);
  EXPECT_EQ(RungOf(in), "protest");
}

TEST(RecommendTest, TotalNeverFallsBelowZero) {
  ResponseInputs in = Base();
  in.report_levels = {"baseline"};
  in.remediation = Remediation::kComplete;
  Recommendation r = Rec(in);
  EXPECT_EQ(r.total_points, 0);
  EXPECT_EQ(r.rung_id, "consultation");
}

TEST(RecommendTest, RedLineSetsAMinimumRung) {
  ResponseInputs in = Base();
  in.red_lines = {"RL-WATER"};  // 25 points, but a red line: public-statement
  Recommendation r = Rec(in);
  EXPECT_EQ(r.total_points, 25);
  EXPECT_EQ(r.rung_by_points, 0u);
  EXPECT_EQ(r.red_line_min_rung, 2u);
  EXPECT_EQ(r.rung_id, "public-statement");
}

TEST(RecommendTest, RedLineOverrideRaisesTheMinimumForThatRedLine) {
  ResponseInputs in = Base();
  in.red_lines = {"RL-WATER", "RL-SAFETY"};
  EXPECT_EQ(RungOf(in), "suspension");
  EXPECT_THAT(Item(Rec(in), "red_lines")->why, HasSubstr("red_lines.overrides[0] (RL-SAFETY)"));
}

TEST(RecommendTest, RedLineMinimumDoesNotLowerAHigherRungByPoints) {
  ResponseInputs in = Base();
  in.report_levels = {"emergency"};
  in.intent = "deliberate";
  in.earlier_violation_dates = {D(2025, 1, 1), D(2024, 1, 1)};
  in.red_lines = {"RL-ELECTRICITY"};
  EXPECT_EQ(Rec(in).total_points, 170);
  EXPECT_EQ(RungOf(in), "sanctions-recommendation");
}

TEST(RecommendTest, RedLineMinimumHoldsDespiteCompleteRemediation) {
  ResponseInputs in = Base();
  in.red_lines = {"RL-HOSPITALS"};
  in.remediation = Remediation::kComplete;
  EXPECT_EQ(RungOf(in), "suspension");
}

TEST(RecommendTest, RationaleListsEveryInputAndItsPointsAddUp) {
  ResponseInputs in = Base();
  in.report_levels = {"high", "medium"};
  in.intent = "reckless";
  in.earlier_violation_dates = {D(2025, 6, 1)};
  in.non_cooperation_records = 2;
  in.remediation = Remediation::kPartial;
  Recommendation r = Rec(in);
  std::vector<std::string> inputs;
  std::int64_t sum = 0;
  for (const RationaleItem& item : r.rationale) {
    inputs.push_back(item.input);
    EXPECT_FALSE(item.why.empty()) << item.input;
    if (item.input != "total") sum += item.points;
  }
  EXPECT_EQ(inputs, (std::vector<std::string>{"outcome", "severity", "breadth", "intent",
                                              "recidivism", "non_cooperation", "remediation",
                                              "red_lines", "total"}));
  // 40 + 5 + 15 + 30 + 20 - 15
  EXPECT_EQ(sum, 95);
  EXPECT_EQ(r.total_points, 95);
  EXPECT_EQ(r.rung_id, "public-statement");
}

TEST(RecommendTest, SameInputsInAnyOrderGiveTheSameBytes) {
  ResponseInputs a = Base();
  a.report_levels = {"high", "low", "severe"};
  a.earlier_violation_dates = {D(2025, 1, 1), D(2019, 1, 1), D(2024, 1, 1)};
  a.red_lines = {"RL-WATER", "RL-SAFETY", "RL-WATER"};
  ResponseInputs b = a;
  b.report_levels = {"severe", "high", "low"};
  b.earlier_violation_dates = {D(2024, 1, 1), D(2025, 1, 1), D(2019, 1, 1)};
  b.red_lines = {"RL-SAFETY", "RL-WATER"};
  std::string first = RecommendationJson(L(), Rec(a));
  EXPECT_EQ(first, RecommendationJson(L(), Rec(a)));
  EXPECT_EQ(first, RecommendationJson(L(), Rec(b)));
}

TEST(RecommendTest, JsonIsCanonicalWithIntegersOnly) {
  ResponseInputs in = Base();
  in.report_levels = {"high"};
  in.intent = "deliberate";
  in.red_lines = {"RL-WATER"};
  std::string json = RecommendationJson(L(), Rec(in));
  auto canonical = core::CanonicalizeJson(json);
  ASSERT_TRUE(canonical) << canonical.error().message;
  EXPECT_EQ(*canonical, json);
  auto value = core::ParseJsonStrict(json);
  ASSERT_TRUE(value);
  EXPECT_EQ(value->Find("schema")->AsString(), "accord.response-recommendation/1");
  EXPECT_EQ(value->Find("rung")->AsString(), "public-statement");
  EXPECT_EQ(value->Find("rung_by_points")->AsString(), "public-statement");
  EXPECT_EQ(value->Find("red_line_min_rung")->AsString(), "public-statement");
  EXPECT_EQ(value->Find("total_points")->AsNumber(), 70);
  for (const core::JsonValue& item : value->Find("rationale")->AsArray()) {
    double points = item.Find("points")->AsNumber();
    EXPECT_EQ(points, static_cast<double>(static_cast<std::int64_t>(points)));
  }
}

TEST(RecommendTest, JsonOfANonViolationHasNoRung) {
  ResponseInputs in = Base();
  in.outcome = model::FindingOutcome::kInconclusive;
  auto value = core::ParseJsonStrict(RecommendationJson(L(), Rec(in)));
  ASSERT_TRUE(value);
  EXPECT_EQ(value->Find("outcome")->AsString(), "inconclusive");
  EXPECT_EQ(value->Find("rung")->type(), core::JsonType::kNull);
  EXPECT_EQ(value->Find("red_line_min_rung")->type(), core::JsonType::kNull);
}

// --- input errors --------------------------------------------------------

std::string InputRejection(const ResponseInputs& in) {
  auto r = Recommend(L(), in);
  EXPECT_FALSE(r);
  if (r) return "";
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  return r.error().message;
}

TEST(RecommendTest, RejectsAnIntentTheLadderDoesNotName) {
  ResponseInputs in = Base();
  in.intent = "malicious";
  EXPECT_THAT(InputRejection(in),
              HasSubstr("intent: \"malicious\" is not one of unknown, reckless, deliberate"));
}

TEST(RecommendTest, RejectsASeverityLevelTheLadderDoesNotName) {
  ResponseInputs in = Base();
  in.report_levels = {"low", "catastrophic"};
  EXPECT_THAT(InputRejection(in), HasSubstr("report_levels[1]: \"catastrophic\" is not one of"));
}

TEST(RecommendTest, RejectsAViolationWithoutReports) {
  ResponseInputs in = Base();
  in.report_levels.clear();
  EXPECT_THAT(InputRejection(in), HasSubstr("report_levels: a violation concerns at least one"));
}

TEST(RecommendTest, RejectsNegativeNonCooperationAndBadDatesAndIds) {
  ResponseInputs in = Base();
  in.non_cooperation_records = -1;
  EXPECT_THAT(InputRejection(in), HasSubstr("non_cooperation_records: negative"));
  in = Base();
  in.earlier_violation_dates = {D(2025, 2, 30)};
  EXPECT_THAT(InputRejection(in), HasSubstr("earlier_violation_dates[0]: not a calendar date"));
  in = Base();
  in.finding_date = D(2025, 13, 1);
  EXPECT_THAT(InputRejection(in), HasSubstr("finding_date: not a calendar date"));
  in = Base();
  in.red_lines = {"RL-WATER", "RL \"x\""};
  EXPECT_THAT(InputRejection(in), HasSubstr("red_lines[1]: expected 1..64 bytes"));
}

}  // namespace
}  // namespace accord::registry
