// Evaluation of a report (norms/evaluate.h) against the built-in catalogue,
// on reports built in code so that each test changes one thing: the four
// steps of a verdict, the principles, red lines and prohibited actions, the
// attribution relied on, adherence, and the generalised EuRepoC rule.
#include "norms/evaluate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/canonical_json.h"
#include "norms/evaluation_format.h"
#include "norms_test_util.h"

namespace accord::norms {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::CriminalAttribution;
using testing::GridReport;
using testing::StateAttribution;

const Adherence& TestAdherence() {
  static const Adherence* const adherence = [] {
    auto parsed = Adherence::Parse(
        "demo = true\nnotice = \"DEMO DATA for tests\"\ncatalogue = \"accord-norms\"\n"
        "[[state]]\ncode = \"RU\"\nsigned = 2011-11-15\nratified = 2012-05-10\n"
        "[[state.reservation]]\nnorm = \"ACN-V2\"\nmade = 2012-05-10\nstatement = \"reserved in a test\"\n",
        Catalogue::Builtin());
    EXPECT_TRUE(parsed.has_value()) << parsed.error().ToString();
    return new Adherence(std::move(parsed).value());
  }();
  return *adherence;
}

Evaluation Evaluate(const model::IncidentReport& report) {
  return EvaluateIncident(report, Catalogue::Builtin(), TestAdherence());
}

const NormVerdict* VerdictOf(const Evaluation& evaluation, std::string_view norm) {
  for (const NormVerdict& verdict : evaluation.verdicts)
    if (verdict.norm == norm) return &verdict;
  return nullptr;
}

const NormNotApplied* NotAppliedOf(const Evaluation& evaluation, std::string_view norm) {
  for (const NormNotApplied& entry : evaluation.not_applied)
    if (entry.norm == norm) return &entry;
  return nullptr;
}

Truth Outcome(const std::vector<RuleCheck>& checks, std::string_view id) {
  for (const RuleCheck& check : checks)
    if (check.id == id) return check.outcome;
  ADD_FAILURE() << "no check " << id;
  return Truth::kUnknown;
}

TEST(EvaluateTest, StateAttackOnTheGridIsAPotentialViolationAndCountermeasuresCouldBeJustified) {
  auto report = GridReport();
  report.attributions.push_back(StateAttribution("RU"));
  Evaluation evaluation = Evaluate(report);
  const NormVerdict* b1 = VerdictOf(evaluation, "ACN-B1");
  ASSERT_NE(b1, nullptr);
  EXPECT_EQ(b1->verdict, Verdict::kPotentialViolation);
  EXPECT_EQ(b1->catalogue_version, "1.0");
  EXPECT_EQ(Outcome(evaluation.red_lines, "RL-ELECTRICITY"), Truth::kTrue);
  EXPECT_EQ(evaluation.Summary(Layer::kBinding).verdict, Verdict::kPotentialViolation);
  EXPECT_TRUE(evaluation.attribution.found);
  EXPECT_EQ(evaluation.attribution.state, "RU");
  EXPECT_EQ(evaluation.response.response_class, ResponseClass::kCountermeasuresCouldBeJustified);
  EXPECT_EQ(evaluation.response.attribution, Truth::kTrue);
  EXPECT_EQ(evaluation.response.breach, Truth::kTrue);
  EXPECT_THAT(evaluation.response.explanation, HasSubstr("is for arbitration"));
}

TEST(EvaluateTest, VerdictTraceHasTheFourStepsInOrder) {
  auto report = GridReport();
  report.attributions.push_back(StateAttribution("RU"));
  Evaluation evaluation = Evaluate(report);
  const NormVerdict* b1 = VerdictOf(evaluation, "ACN-B1");
  ASSERT_NE(b1, nullptr);
  std::vector<std::string> top;
  for (const TraceStep& step : b1->trace)
    if (step.depth == 0) top.push_back(step.step.substr(0, step.step.find(':')));
  EXPECT_EQ(top, (std::vector<std::string>{"adherence", "applies when", "attributed when", "violated when"}));
  EXPECT_THAT(b1->trace[0].step, HasSubstr("RU ratified on 2012-05-10; in force for RU from 2012-06-09"));
  EXPECT_EQ(b1->trace[0].fields[0], "/attributions/0/to/state");
  bool read_availability = false;
  for (const TraceStep& step : b1->trace)
    for (const std::string& field : step.fields) read_availability |= field == "/effects/availability";
  EXPECT_TRUE(read_availability);
}

TEST(EvaluateTest, CriminalRansomwareAtAHospitalIsNoViolationByAStateAndRetorsionOnly) {
  auto report = GridReport();
  report.affected_entities[0].sector = "health.healthcare-providers";
  report.affected_entities[0].entity_type = "hospital";
  report.attributions.push_back(CriminalAttribution());
  Evaluation evaluation = Evaluate(report);
  EXPECT_FALSE(evaluation.attribution.found);
  EXPECT_EQ(Outcome(evaluation.red_lines, "RL-HOSPITALS"), Truth::kTrue);  // the conduct
  const NormVerdict* b1 = VerdictOf(evaluation, "ACN-B1");
  ASSERT_NE(b1, nullptr);
  EXPECT_EQ(b1->attributed, Truth::kFalse);
  EXPECT_EQ(b1->verdict, Verdict::kNoViolation);
  EXPECT_EQ(evaluation.Summary(Layer::kBinding).verdict, Verdict::kNoViolation);
  // EuRepoC: breach without state attribution justifies retorsion only.
  EXPECT_EQ(evaluation.response.breach, Truth::kTrue);
  EXPECT_EQ(evaluation.response.attribution, Truth::kFalse);
  EXPECT_EQ(evaluation.response.response_class, ResponseClass::kRetorsionOnly);
  EXPECT_THAT(evaluation.response.explanation, StartsWith("retorsion only: no attribution names a state"));
}

TEST(EvaluateTest, NoAttributionAtAllIsInsufficientInformation) {
  Evaluation evaluation = Evaluate(GridReport());
  const NormVerdict* b1 = VerdictOf(evaluation, "ACN-B1");
  ASSERT_NE(b1, nullptr);
  EXPECT_EQ(b1->attributed, Truth::kUnknown);
  EXPECT_EQ(b1->breached, Truth::kTrue);
  EXPECT_EQ(b1->verdict, Verdict::kInsufficientInformation);
  EXPECT_THAT(b1->trace[0].step, HasSubstr("no state attribution"));
  EXPECT_EQ(evaluation.response.response_class, ResponseClass::kRetorsionOnly);
}

TEST(EvaluateTest, ContestedMediaAttributionDoesNotEstablishAState) {
  auto report = GridReport();
  auto media = StateAttribution("RU", model::Sponsorship::kUnknown, model::Confidence::kLow,
                                model::AttributionStatus::kContested);
  media.by.kind = model::AttributorKind::kMedia;
  report.attributions.push_back(media);
  Evaluation evaluation = Evaluate(report);
  EXPECT_EQ(VerdictOf(evaluation, "ACN-B1")->verdict, Verdict::kInsufficientInformation);
  EXPECT_EQ(evaluation.response.attribution, Truth::kFalse);
}

TEST(EvaluateTest, IntelligenceCollectionBreachesNoBindingNormButIsRecordedAsPrePositioning) {
  auto report = GridReport();
  report.effects.availability = false;
  report.effects.integrity = false;
  report.effects.confidentiality = true;
  report.effects.effect_location = model::EffectLocation::kIt;
  report.attributions.push_back(StateAttribution("RU", model::Sponsorship::kStateSponsored));
  Evaluation evaluation = Evaluate(report);
  EXPECT_EQ(evaluation.Summary(Layer::kBinding).verdict, Verdict::kNoViolation);
  EXPECT_EQ(VerdictOf(evaluation, "ACN-V3")->verdict, Verdict::kPotentialViolation);
  EXPECT_EQ(evaluation.response.response_class, ResponseClass::kRetorsionOnly);
}

TEST(EvaluateTest, StateOutsideTheAgreementIsHeldOnlyToCustomaryNorms) {
  auto report = GridReport();
  report.attributions.push_back(StateAttribution("FR"));
  Evaluation evaluation = Evaluate(report);
  const NormNotApplied* b1 = NotAppliedOf(evaluation, "ACN-B1");
  ASSERT_NE(b1, nullptr);
  EXPECT_EQ(b1->reason, "FR has not signed the agreement");
  const NormVerdict* distinction = VerdictOf(evaluation, "ACN-B4");
  ASSERT_NE(distinction, nullptr);
  EXPECT_EQ(distinction->verdict, Verdict::kPotentialViolation);
  EXPECT_EQ(evaluation.response.response_class, ResponseClass::kCountermeasuresCouldBeJustified);
}

TEST(EvaluateTest, IncidentBeforeEntryIntoForceIsNotAssessedAgainstTreatyNorms) {
  auto report = GridReport();
  report.times.start = testing::Time("2012-06-01T00:00:00Z");  // RU in force from 2012-06-09
  report.reported_at = report.times.start;
  report.attributions.push_back(StateAttribution("RU"));
  Evaluation evaluation = Evaluate(report);
  ASSERT_NE(NotAppliedOf(evaluation, "ACN-B1"), nullptr);
  EXPECT_THAT(NotAppliedOf(evaluation, "ACN-B1")->reason, HasSubstr("not yet in force for RU"));
  report.times.precision = model::StartPrecision::kMonth;  // June: straddles 2012-06-09
  EXPECT_EQ(VerdictOf(Evaluate(report), "ACN-B1")->verdict, Verdict::kInsufficientInformation);
}

TEST(EvaluateTest, ReservedNormIsListedAsNotAppliedWithTheReservation) {
  auto report = GridReport();
  report.techniques = {"T1195.002"};
  report.attributions.push_back(StateAttribution("RU"));
  Evaluation evaluation = Evaluate(report);
  const NormNotApplied* v2 = NotAppliedOf(evaluation, "ACN-V2");
  ASSERT_NE(v2, nullptr);
  EXPECT_EQ(v2->reason, "RU reserved ACN-V2 on 2012-05-10: reserved in a test");
}

TEST(EvaluateTest, DeclaredMilitaryObjectiveBringsProportionalityIntoPlay) {
  auto report = GridReport();
  report.attributions.push_back(StateAttribution("RU"));
  Evaluation without = Evaluate(report);
  EXPECT_EQ(without.principles[1].principle, "proportionality");
  EXPECT_EQ(without.principles[1].outcome, PrincipleOutcome::kNotApplicable);
  ASSERT_NE(NotAppliedOf(without, "ACN-B5"), nullptr);
  EXPECT_THAT(NotAppliedOf(without, "ACN-B5")->reason, HasSubstr("does not apply to this incident; it applies when a military objective is declared"));

  report.military_objective = model::MilitaryObjective{true, "grid feeds a rail depot"};
  EXPECT_EQ(VerdictOf(Evaluate(report), "ACN-B5")->verdict, Verdict::kInsufficientInformation);
  report.effects.deaths = 2;
  Evaluation with = Evaluate(report);
  EXPECT_EQ(with.principles[1].outcome, PrincipleOutcome::kBreached);
  EXPECT_EQ(VerdictOf(with, "ACN-B5")->verdict, Verdict::kPotentialViolation);
}

TEST(EvaluateTest, DistinctionTurnsOnTheTargetsStatus) {
  auto report = GridReport();
  report.attributions.push_back(StateAttribution("RU"));
  EXPECT_EQ(Evaluate(report).principles[0].outcome, PrincipleOutcome::kBreached);
  report.affected_entities[0].civilian_status = model::CivilianStatus::kMilitary;
  EXPECT_EQ(Evaluate(report).principles[0].outcome, PrincipleOutcome::kNotBreached);
  // Unknown status of critical infrastructure: presumed civilian.
  report.affected_entities[0].civilian_status = model::CivilianStatus::kUnknown;
  EXPECT_EQ(Evaluate(report).principles[0].outcome, PrincipleOutcome::kBreached);
}

TEST(EvaluateTest, ProhibitedActionNeedsEffectTargetAndTechnique) {
  auto report = GridReport();
  EXPECT_EQ(Outcome(Evaluate(report).prohibited_actions, "PA-01"), Truth::kUnknown);  // no techniques
  report.techniques = {"T0855"};
  EXPECT_EQ(Outcome(Evaluate(report).prohibited_actions, "PA-01"), Truth::kTrue);
  report.techniques = {"T0801"};
  EXPECT_EQ(Outcome(Evaluate(report).prohibited_actions, "PA-01"), Truth::kFalse);
}

TEST(EvaluateTest, CollectionFromAnEmergencyResponseTeamCrossesItsRedLine) {
  auto report = GridReport();
  report.affected_entities[0].sector = "public-administration";
  report.affected_entities[0].entity_type = "national-csirt";
  report.effects = model::Effects{};
  report.effects.confidentiality = true;
  report.effects.effect_location = model::EffectLocation::kIt;
  report.attributions.push_back(StateAttribution("RU"));
  Evaluation evaluation = Evaluate(report);
  EXPECT_EQ(Outcome(evaluation.red_lines, "RL-CSIRT"), Truth::kTrue);
  EXPECT_EQ(VerdictOf(evaluation, "ACN-B3")->verdict, Verdict::kPotentialViolation);
}

TEST(SelectAttributionTest, PrefersOfficialSettledConfidentAndDirectAttributions) {
  auto report = GridReport();
  auto company = StateAttribution("CN");
  company.by.kind = model::AttributorKind::kCompany;
  report.attributions.push_back(company);
  report.attributions.push_back(StateAttribution("RU", model::Sponsorship::kStateSponsored));
  EXPECT_EQ(SelectAttribution(report), 1u);  // official beats company
  report.attributions.push_back(StateAttribution("IR"));
  EXPECT_EQ(SelectAttribution(report), 2u);  // conducted beats sponsored
  report.attributions[2].status = model::AttributionStatus::kContested;
  EXPECT_EQ(SelectAttribution(report), 1u);  // settled beats contested
  report.attributions.push_back(StateAttribution("KP", model::Sponsorship::kStateSponsored));
  EXPECT_EQ(SelectAttribution(report), 1u);  // of equals, the earlier position
  report.attributions[3].date = testing::Day(2016, 1, 1);
  EXPECT_EQ(SelectAttribution(report), 3u);  // of equals, the earlier date
}

TEST(SelectAttributionTest, AttributionsThatNameNoStateAreNotCandidates) {
  auto report = GridReport();
  report.attributions.push_back(CriminalAttribution());
  EXPECT_FALSE(SelectAttribution(report).has_value());
}

TEST(EvaluationFormatTest, EveryOutputSaysItIsAnAssessmentAndNamesTheVersion) {
  auto report = GridReport();
  report.attributions.push_back(StateAttribution("RU"));
  Evaluation evaluation = Evaluate(report);
  std::string json = core::SerializeCanonical(EvaluationToJson(evaluation));
  EXPECT_THAT(json, HasSubstr("\"format\":\"accord.norms-evaluation/1\""));
  EXPECT_THAT(json, HasSubstr("\"assessment_notice\":\"This is an assessment by accord's norms engine, not a judgment."));
  EXPECT_THAT(json, HasSubstr("\"catalogue\":{\"name\":\"accord-norms\",\"version\":\"1.0\"}"));
  EXPECT_THAT(json, HasSubstr("\"catalogue_version\":\"1.0\""));
  EXPECT_THAT(json, HasSubstr("\"demo\":true"));
  for (TextDetail detail : {TextDetail::kSummary, TextDetail::kWithTraces}) {
    std::string text = EvaluationToText(evaluation, detail);
    EXPECT_THAT(text, StartsWith("ASSESSMENT, NOT A FINDING."));
    EXPECT_THAT(text, HasSubstr("ADHERENCE DATA: DEMO DATA for tests"));
    EXPECT_THAT(text, HasSubstr("catalogue  accord-norms 1.0"));
  }
}

TEST(EvaluationFormatTest, SameInputsGiveTheSameBytes) {
  auto report = GridReport();
  report.attributions.push_back(StateAttribution("RU"));
  EXPECT_EQ(core::SerializeCanonical(EvaluationToJson(Evaluate(report))),
            core::SerializeCanonical(EvaluationToJson(Evaluate(report))));
}

}  // namespace
}  // namespace accord::norms
