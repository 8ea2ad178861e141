// The condition engine (norms/conditions.h) and its compiler
// (norms/internal/condition_parser.h): three-valued logic, each operator,
// absent and "unknown" values, paths through arrays, element operators,
// traces, and the errors a catalogue author gets.
#include "norms/conditions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "norms_test_util.h"

namespace accord::norms {
namespace {

using ::testing::HasSubstr;
using testing::CompileText;
using testing::GridReport;

Truth EvaluateText(std::string_view text, const model::IncidentReport& report, Trace* trace = nullptr) {
  auto condition = CompileText(text);
  EXPECT_TRUE(condition.has_value()) << (condition ? "" : condition.error().ToString());
  if (!condition) return Truth::kUnknown;
  Subject subject;
  subject.report = &report;
  if (!report.attributions.empty()) subject.relied_on = &report.attributions[0];
  return Evaluate(*condition, subject, ConditionTables{}, trace);
}

std::string CompileError(std::string_view text, Scope scope = Scope::kReport) {
  auto condition = CompileText(text, scope);
  EXPECT_FALSE(condition.has_value()) << text;
  return condition ? "" : condition.error().message;
}

TEST(TruthTest, AndOrNotFollowKleeneStrongLogic) {
  const Truth kT = Truth::kTrue, kF = Truth::kFalse, kU = Truth::kUnknown;
  EXPECT_EQ(And(kT, kT), kT);
  EXPECT_EQ(And(kT, kU), kU);
  EXPECT_EQ(And(kF, kU), kF);
  EXPECT_EQ(And(kU, kU), kU);
  EXPECT_EQ(Or(kF, kF), kF);
  EXPECT_EQ(Or(kF, kU), kU);
  EXPECT_EQ(Or(kT, kU), kT);
  EXPECT_EQ(Not(kT), kF);
  EXPECT_EQ(Not(kF), kT);
  EXPECT_EQ(Not(kU), kU);
}

TEST(OperatorTest, EveryOperatorNameRoundTrips) {
  for (auto op : {Operator::kExists, Operator::kEq, Operator::kIn, Operator::kGte, Operator::kLte,
                  Operator::kGt, Operator::kLt, Operator::kContains, Operator::kContainsAny,
                  Operator::kInSector, Operator::kAnyElementMatches, Operator::kAllElementsMatch}) {
    EXPECT_EQ(OperatorFromName(OperatorName(op)), op) << OperatorName(op);
  }
  EXPECT_FALSE(OperatorFromName("equals").has_value());
}

TEST(ConditionTest, ComparesBooleansIntegersAndEnumerations) {
  auto report = GridReport();
  EXPECT_EQ(EvaluateText(R"({ field = "effects.availability", op = "eq", value = true })", report), Truth::kTrue);
  EXPECT_EQ(EvaluateText(R"({ field = "effects.confidentiality", op = "eq", value = true })", report), Truth::kFalse);
  EXPECT_EQ(EvaluateText(R"({ field = "effects.disruption_hours", op = "gte", value = 6 })", report), Truth::kTrue);
  EXPECT_EQ(EvaluateText(R"({ field = "effects.disruption_hours", op = "gt", value = 6 })", report), Truth::kFalse);
  EXPECT_EQ(EvaluateText(R"({ field = "effects.disruption_hours", op = "lt", value = 7 })", report), Truth::kTrue);
  EXPECT_EQ(EvaluateText(R"({ field = "effects.disruption_hours", op = "lte", value = 5 })", report), Truth::kFalse);
  EXPECT_EQ(EvaluateText(R"({ field = "effects.effect_location", op = "in", value = ["ot", "safety-systems"] })", report),
            Truth::kTrue);
}

TEST(ConditionTest, AbsentSingleFieldMakesComparisonUnknownButExistsFalse) {
  auto report = GridReport();  // no deaths reported
  EXPECT_EQ(EvaluateText(R"({ field = "effects.deaths", op = "gte", value = 1 })", report), Truth::kUnknown);
  EXPECT_EQ(EvaluateText(R"({ field = "effects.deaths", op = "exists" })", report), Truth::kFalse);
  report.effects.deaths = 0;
  EXPECT_EQ(EvaluateText(R"({ field = "effects.deaths", op = "gte", value = 1 })", report), Truth::kFalse);
  EXPECT_EQ(EvaluateText(R"({ field = "effects.deaths", op = "exists" })", report), Truth::kTrue);
}

TEST(ConditionTest, UnknownEnumerationValueMakesComparisonUnknown) {
  auto report = GridReport();
  report.effects.physical_damage = model::PhysicalDamage::kUnknown;
  EXPECT_EQ(EvaluateText(R"({ field = "effects.physical_damage", op = "in", value = ["significant", "destroyed"] })", report),
            Truth::kUnknown);
  // Naming "unknown" asks what the report says, which it answers definitely.
  EXPECT_EQ(EvaluateText(R"({ field = "effects.physical_damage", op = "eq", value = "unknown" })", report), Truth::kTrue);
  EXPECT_EQ(EvaluateText(R"({ field = "effects.physical_damage", op = "in", value = ["none", "unknown"] })", report),
            Truth::kTrue);
}

TEST(ConditionTest, EmptyTechniquesAreUnknownButEmptyCascadeIsNone) {
  auto report = GridReport();
  EXPECT_EQ(EvaluateText(R"({ field = "techniques", op = "contains", value = "T0855" })", report), Truth::kUnknown);
  EXPECT_EQ(EvaluateText(R"({ field = "effects.cascade_sectors", op = "contains", value = "banking" })", report),
            Truth::kFalse);
  report.techniques = {"T0813"};
  EXPECT_EQ(EvaluateText(R"({ field = "techniques", op = "contains", value = "T0855" })", report), Truth::kFalse);
  EXPECT_EQ(EvaluateText(R"({ field = "techniques", op = "contains-any", value = ["T0855", "T0813"] })", report),
            Truth::kTrue);
}

TEST(ConditionTest, ListedTechniqueMatchesItsSubTechniques) {
  auto report = GridReport();
  report.techniques = {"T1561.002"};
  EXPECT_EQ(EvaluateText(R"({ field = "techniques", op = "contains", value = "T1561" })", report), Truth::kTrue);
  EXPECT_EQ(EvaluateText(R"({ field = "techniques", op = "contains", value = "T1561.001" })", report), Truth::kFalse);
  report.techniques = {"T1561"};
  EXPECT_EQ(EvaluateText(R"({ field = "techniques", op = "contains", value = "T1561.002" })", report), Truth::kFalse);
  report.techniques = {"T15610"};  // not a sub-technique, only a longer id
  EXPECT_EQ(EvaluateText(R"({ field = "techniques", op = "contains", value = "T1561" })", report), Truth::kFalse);
}

TEST(ConditionTest, InSectorMatchesSubSectorsButNotSiblingsOrPrefixes) {
  auto report = GridReport();  // energy.electricity
  EXPECT_EQ(EvaluateText(R"({ field = "affected_entities[*].sector", op = "in-sector", value = ["energy"] })", report),
            Truth::kTrue);
  EXPECT_EQ(EvaluateText(R"({ field = "affected_entities[*].sector", op = "in-sector", value = ["energy.gas"] })", report),
            Truth::kFalse);
  report.affected_entities[0].sector = "energy";
  EXPECT_EQ(EvaluateText(R"({ field = "affected_entities[*].sector", op = "in-sector", value = ["energy.electricity"] })",
                report),
            Truth::kFalse);
}

TEST(ConditionTest, AnyElementMatchesKeepsConditionsOnTheSameElement) {
  auto report = GridReport();
  model::AffectedEntity base = report.affected_entities[0];
  base.sector = "transport.rail";
  base.civilian_status = model::CivilianStatus::kMilitary;
  report.affected_entities.push_back(base);
  // A civilian entity and a rail entity exist, but no civilian rail entity.
  const char* civilian_rail = R"({ field = "affected_entities", op = "any-element-matches", where = { all = [
      { field = "sector", op = "in-sector", value = ["transport"] },
      { field = "civilian_status", op = "eq", value = "civilian" },
    ] } })";
  EXPECT_EQ(EvaluateText(civilian_rail, report), Truth::kFalse);
  EXPECT_EQ(EvaluateText(R"({ field = "affected_entities", op = "all-elements-match", where = { field = "civilian_status", op = "eq", value = "civilian" } })", report),
            Truth::kFalse);
  report.affected_entities[1].civilian_status = model::CivilianStatus::kUnknown;
  EXPECT_EQ(EvaluateText(civilian_rail, report), Truth::kUnknown);
}

TEST(ConditionTest, ElementOperatorsOnNoElementsAreFalseAndTrue) {
  auto report = GridReport();  // no attributions
  EXPECT_EQ(EvaluateText(R"({ field = "attributions", op = "any-element-matches", where = { field = "confidence", op = "eq", value = "high" } })", report), Truth::kFalse);
  EXPECT_EQ(EvaluateText(R"({ field = "attributions", op = "all-elements-match", where = { field = "confidence", op = "eq", value = "high" } })", report), Truth::kTrue);
}

TEST(ConditionTest, AttributionFieldsReadTheAttributionReliedOn) {
  auto report = GridReport();
  EXPECT_EQ(EvaluateText(R"({ field = "attribution.confidence", op = "eq", value = "high" })", report), Truth::kUnknown);
  report.attributions.push_back(testing::StateAttribution("RU"));
  EXPECT_EQ(EvaluateText(R"({ field = "attribution.confidence", op = "eq", value = "high" })", report), Truth::kTrue);
  EXPECT_EQ(EvaluateText(R"({ field = "attribution.basis", op = "contains", value = "technical" })", report), Truth::kTrue);
}

TEST(ConditionTest, AllAndAnyEvaluateEveryOperandForTheTrace) {
  auto report = GridReport();
  Trace trace;
  Truth result = EvaluateText(R"({ any = [
      { field = "effects.availability", op = "eq", value = true },
      { field = "effects.deaths", op = "gte", value = 1 } ] })", report, &trace);
  EXPECT_EQ(result, Truth::kTrue);
  ASSERT_EQ(trace.size(), 3u);
  EXPECT_EQ(trace[0].step, "any of");
  EXPECT_EQ(trace[0].depth, 0);
  EXPECT_EQ(trace[0].outcome, Truth::kTrue);
  EXPECT_EQ(trace[1].step, "effects.availability eq true");
  EXPECT_EQ(trace[1].depth, 1);
  EXPECT_EQ(trace[1].fields, std::vector<std::string>{"/effects/availability"});
  EXPECT_EQ(trace[1].values, std::vector<std::string>{"true"});
  EXPECT_EQ(trace[2].fields, std::vector<std::string>{"/effects/deaths"});
  EXPECT_EQ(trace[2].values, std::vector<std::string>{"absent"});
  EXPECT_EQ(trace[2].outcome, Truth::kUnknown);
}

TEST(ConditionTest, TraceNamesElementPointersAndLabels) {
  auto report = GridReport();
  Trace trace;
  EvaluateText(R"({ field = "affected_entities", op = "any-element-matches", label = "a civilian entity", where = { field = "civilian_status", op = "eq", value = "civilian" } })", report, &trace);
  ASSERT_EQ(trace.size(), 3u);
  EXPECT_EQ(trace[0].step, "a civilian entity");
  EXPECT_EQ(trace[1].step, "element 0");
  EXPECT_EQ(trace[1].fields, std::vector<std::string>{"/affected_entities/0"});
  EXPECT_EQ(trace[2].fields, std::vector<std::string>{"/affected_entities/0/civilian_status"});
  EXPECT_EQ(trace[2].depth, 2);
}

TEST(ConditionTest, TraceSumsUpElementsBeyondTheLimit) {
  auto report = GridReport();
  report.affected_entities.resize(kMaxTracedElements + 5, report.affected_entities[0]);
  report.affected_entities.back().civilian_status = model::CivilianStatus::kMilitary;
  Trace trace;
  Truth result = EvaluateText(R"({ field = "affected_entities", op = "all-elements-match", where = { field = "civilian_status", op = "eq", value = "civilian" } })", report, &trace);
  EXPECT_EQ(result, Truth::kFalse);  // the untraced last element still counts
  EXPECT_EQ(trace.back().step, "5 more elements, not traced one by one");
  EXPECT_EQ(trace.back().outcome, Truth::kFalse);
}

TEST(ConditionTest, UndecidableIsAlwaysUnknownAndSaysWhy) {
  auto report = GridReport();
  Trace trace;
  EXPECT_EQ(EvaluateText(R"({ undecidable = "intent cannot be read from a report" })", report, &trace), Truth::kUnknown);
  EXPECT_THAT(trace[0].step, HasSubstr("intent cannot be read from a report"));
}

TEST(ConditionCompileTest, UnknownFieldIsNamedWithTheNearestField) {
  std::string message = CompileError(R"({ field = "effects.availabilty", op = "eq", value = true })");
  EXPECT_THAT(message, HasSubstr("line 1: test at field"));
  EXPECT_THAT(message, HasSubstr("unknown field \"effects.availabilty\" in report scope"));
  EXPECT_THAT(message, HasSubstr("did you mean \"effects.availability\""));
}

TEST(ConditionCompileTest, FieldOfAnotherScopeIsUnknown) {
  EXPECT_THAT(CompileError(R"({ field = "sector", op = "eq", value = "health" })"),
              HasSubstr("unknown field \"sector\" in report scope"));
  EXPECT_THAT(CompileError(R"({ field = "effects.availability", op = "eq", value = true })", Scope::kEntity),
              HasSubstr("in entity scope"));
}

TEST(ConditionCompileTest, UnknownOperatorListsTheKnownOnes) {
  std::string message = CompileError(R"({ field = "effects.availability", op = "equals", value = true })");
  EXPECT_THAT(message, HasSubstr("at op: unknown operator \"equals\" (known: exists, eq,"));
}

TEST(ConditionCompileTest, OperatorMustFitTheFieldsTypeAndCardinality) {
  EXPECT_THAT(CompileError(R"({ field = "techniques", op = "eq", value = "T0855" })"),
              HasSubstr("is an array; use contains or contains-any"));
  EXPECT_THAT(CompileError(R"({ field = "effects.availability", op = "contains", value = true })"),
              HasSubstr("is not an array of values"));
  EXPECT_THAT(CompileError(R"({ field = "effects.effect_location", op = "gte", value = 1 })"),
              HasSubstr("is not a single integer"));
  EXPECT_THAT(CompileError(R"({ field = "techniques", op = "in-sector", value = ["energy"] })"),
              HasSubstr("does not hold sector codes"));
  EXPECT_THAT(CompileError(R"({ field = "affected_entities", op = "eq", value = 1 })"),
              HasSubstr("is an array"));
}

TEST(ConditionCompileTest, ValuesAreCheckedAgainstTheField) {
  EXPECT_THAT(CompileError(R"({ field = "effects.physical_damage", op = "eq", value = "severe" })"),
              HasSubstr("\"severe\" is not a value of \"effects.physical_damage\" (known: none, minor,"));
  EXPECT_THAT(CompileError(R"({ field = "affected_entities[*].sector", op = "in-sector", value = ["electricity"] })"),
              HasSubstr("did you mean \"energy.electricity\""));
  EXPECT_THAT(CompileError(R"({ field = "techniques", op = "contains", value = "T855" })"),
              HasSubstr("is not an ATT&CK id"));
  EXPECT_THAT(CompileError(R"({ field = "reporter.state", op = "eq", value = "ua" })"),
              HasSubstr("is not an ISO 3166-1 alpha-2 code"));
  EXPECT_THAT(CompileError(R"({ field = "effects.deaths", op = "gte", value = "1" })"),
              HasSubstr("expected an integer for field \"effects.deaths\", got a string"));
  EXPECT_THAT(CompileError(R"({ field = "effects.effect_location", op = "in", value = [] })"),
              HasSubstr("takes a non-empty array"));
}

TEST(ConditionCompileTest, ShapeErrorsNameThePathInsideTheCondition) {
  EXPECT_THAT(CompileError(R"({ all = [ { field = "exercise", op = "eq", value = true }, { nope = 1 } ] })"),
              HasSubstr("at all[1]: needs one of all, any, not, field"));
  EXPECT_THAT(CompileError(R"({ all = [], any = [] })"), HasSubstr("has both"));
  EXPECT_THAT(CompileError(R"({ field = "exercise", op = "eq", value = true, extra = 1 })"),
              HasSubstr("unknown key \"extra\""));
  EXPECT_THAT(CompileError(R"({ field = "exercise", op = "exists", value = true })"),
              HasSubstr("\"exists\" takes no value"));
  EXPECT_THAT(CompileError(R"({ field = "attributions", op = "any-element-matches" })"),
              HasSubstr("key \"where\" is missing"));
  EXPECT_THAT(CompileError(R"({ all = [] })"), HasSubstr("must be a non-empty array of conditions"));
  EXPECT_THAT(CompileError(R"({ use = "hospital" })"), HasSubstr("unknown definition \"hospital\""));
  EXPECT_THAT(CompileError(R"({ red_line = "RL-X" })", Scope::kEntity), HasSubstr("cannot be used in entity scope"));
}

TEST(ConditionCompileTest, NestingDeeperThanTheLimitIsRefused) {
  std::string text = R"({ field = "exercise", op = "eq", value = true })";
  for (int i = 0; i <= internal::kMaxConditionDepth; ++i) text = "{ not = " + text + " }";
  EXPECT_THAT(CompileError(text), HasSubstr("nested more than"));
}

}  // namespace
}  // namespace accord::norms
