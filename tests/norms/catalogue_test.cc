// The norms catalogue (norms/catalogue.h): the built-in catalogue-1.0.toml
// loads and covers what issue 4 asks of it, and every kind of mistake in a
// catalogue is a load error that names the line, the entry and the key.
#include "norms/catalogue.h"

#include <algorithm>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace accord::embedded {
extern const std::string_view NormsCatalogueToml;
}  // namespace accord::embedded

namespace accord::norms {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Builtin() { return std::string(embedded::NormsCatalogueToml); }

// The built-in text with the one occurrence of `from` replaced by `to`.
std::string Edited(std::string_view from, std::string_view to) {
  std::string text = Builtin();
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "not in the catalogue: " << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "more than once: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The 1-based line of the first occurrence of `needle` in `text`.
int LineOf(const std::string& text, std::string_view needle) {
  std::size_t at = text.find(needle);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

std::string LoadError(const std::string& text) {
  auto catalogue = Catalogue::Parse(text);
  EXPECT_FALSE(catalogue.has_value());
  return catalogue ? "" : catalogue.error().message;
}

TEST(CatalogueTest, BuiltinCatalogueLoads) {
  auto catalogue = Catalogue::ParseBuiltin();
  ASSERT_TRUE(catalogue.has_value()) << catalogue.error().ToString();
  EXPECT_EQ(catalogue->name(), "accord-norms");
  EXPECT_EQ(catalogue->version(), "1.0");
  EXPECT_EQ(catalogue->entry_into_force_days(), 30);
  EXPECT_THAT(catalogue->assessment_notice(), HasSubstr("not a judgment"));
  EXPECT_EQ(catalogue->norms().size(), 23u);
  EXPECT_EQ(catalogue->red_lines().size(), 6u);
  EXPECT_EQ(catalogue->prohibited_actions().size(), 8u);
  EXPECT_EQ(&Catalogue::Builtin(), &Catalogue::Builtin());
}

TEST(CatalogueTest, HasTheThreeLayersAndTheThreePrinciples) {
  const Catalogue& catalogue = Catalogue::Builtin();
  std::set<Layer> layers;
  for (const Norm& norm : catalogue.norms()) layers.insert(norm.layer);
  EXPECT_EQ(layers, (std::set<Layer>{Layer::kBinding, Layer::kVoluntary, Layer::kCbm}));
  for (const char* id : {"distinction", "proportionality", "necessity"})
    EXPECT_NE(catalogue.FindPrinciple(id), nullptr) << id;
}

// Issue 4: the catalogue draws on the eleven norms of A/70/174, paragraph
// 13 (a) to (k); each is cited by some norm.
TEST(CatalogueTest, CitesEachOfTheElevenNormsOfA70174) {
  const Catalogue& catalogue = Catalogue::Builtin();
  for (char letter = 'a'; letter <= 'k'; ++letter) {
    std::string paragraph = std::string("13(") + letter + ")";
    bool cited = false;
    for (const Norm& norm : catalogue.norms())
      for (const SourceRef& ref : norm.sources)
        cited = cited || (ref.source == "a70-174" && ref.at.find(paragraph) != std::string::npos);
    EXPECT_TRUE(cited) << "A/70/174 para. " << paragraph << " is cited by no norm";
  }
}

TEST(CatalogueTest, DefinesWhatTheIssueAsksFor) {
  const Catalogue& catalogue = Catalogue::Builtin();
  for (const char* id : {"civilian-object", "military-objective", "critical-infrastructure",
                         "offensive-cyber-operation", "disruptive-effect", "destructive-effect",
                         "state-sponsored"})
    EXPECT_NE(catalogue.FindDefinition(id), nullptr) << id;
  for (const char* id : {"RL-ELECTRICITY", "RL-WATER", "RL-HOSPITALS", "RL-EMERGENCY", "RL-CSIRT"})
    EXPECT_NE(catalogue.FindRedLine(id), nullptr) << id;
}

TEST(CatalogueTest, EveryNormAssessedFromReportsHasAViolationCondition) {
  for (const Norm& norm : Catalogue::Builtin().norms()) {
    if (norm.assessed_from_reports) {
      EXPECT_TRUE(norm.violated_when.has_value()) << norm.id;
    } else {
      EXPECT_FALSE(norm.assessed_through.empty()) << norm.id;
    }
  }
}

TEST(CatalogueLoadTest, UnknownFieldInANormNamesLineNormKeyAndNearestField) {
  std::string text = Edited(R"(violated_when = { prohibited_action = "any" })",
                            R"(violated_when = { field = "effects.availabilty", op = "eq", value = true })");
  std::string message = LoadError(text);
  EXPECT_THAT(message, StartsWith("line " + std::to_string(LineOf(text, "effects.availabilty")) + ": "));
  EXPECT_THAT(message, HasSubstr("norm \"ACN-B7\": key \"violated_when\" at field: unknown field "
                                 "\"effects.availabilty\" in report scope (did you mean "
                                 "\"effects.availability\"?)"));
}

TEST(CatalogueLoadTest, UnknownOperatorIsALoadError) {
  std::string message = LoadError(Edited(
      R"(condition = { field = "effects.availability", op = "eq", value = true })",
      R"(condition = { field = "effects.availability", op = "is", value = true })"));
  EXPECT_THAT(message, HasSubstr("definition \"disruptive-effect\": key \"condition\" at op: unknown operator \"is\""));
}

TEST(CatalogueLoadTest, UnknownEnumerationValueIsALoadError) {
  std::string message = LoadError(Edited(R"(op = "eq", value = "not-recoverable")",
                                         R"(op = "eq", value = "unrecoverable")"));
  EXPECT_THAT(message, HasSubstr("definition \"destructive-effect\""));
  EXPECT_THAT(message, HasSubstr("\"unrecoverable\" is not a value of \"effects.recoverability\""));
}

TEST(CatalogueLoadTest, UnknownSectorCodeIsALoadError) {
  std::string message = LoadError(Edited(R"(value = ["energy.electricity"] })",
                                         R"(value = ["energy.power"] })"));
  EXPECT_THAT(message, HasSubstr("definition \"electricity-system\""));
  EXPECT_THAT(message, HasSubstr("sector code \"energy.power\": unknown"));
}

TEST(CatalogueLoadTest, UnknownReferencesAreLoadErrors) {
  EXPECT_THAT(LoadError(Edited(R"({ red_line = "RL-SAFETY" },)", R"({ red_line = "RL-SAFE" },)")),
              HasSubstr("norm \"ACN-B2\": key \"violated_when\" at any[4].red_line: unknown red line \"RL-SAFE\""));
  EXPECT_THAT(LoadError(Edited(R"(violated_when = { principle = "necessity" })",
                               R"(violated_when = { principle = "need" })")),
              HasSubstr("unknown principle \"need\""));
  EXPECT_THAT(LoadError(Edited(R"x(sources = [{ source = "a70-174", at = "para. 13(d)" }])x",
                               R"x(sources = [{ source = "a70-175", at = "para. 13(d)" }])x")),
              HasSubstr("norm \"ACN-V8\": sources[0]: key \"source\": unknown source \"a70-175\""));
}

TEST(CatalogueLoadTest, DefinitionOfAnotherScopeIsALoadError) {
  const std::string distinction_applies = "question = \"Was the target civilian?\"";
  std::string text = Builtin();
  std::size_t at = text.find("applies_when = { use = \"offensive-cyber-operation\" }",
                             text.find(distinction_applies));
  text.replace(at, 52, "applies_when = { use = \"hospital\" }");
  EXPECT_THAT(LoadError(text),
              HasSubstr("principle \"distinction\": key \"applies_when\" at use: definition "
                        "\"hospital\" is in entity scope, this condition in report scope"));
  EXPECT_THAT(LoadError(Edited("target = \"water-system\"", "target = \"disruptive-effect\"")),
              HasSubstr("prohibited action \"PA-03\": key \"target\": definition "
                        "\"disruptive-effect\" must be in entity scope"));
}

TEST(CatalogueLoadTest, ReferenceCycleIsALoadError) {
  std::string message = LoadError(Edited(
      R"(condition = { field = "civilian_status", op = "in", value = ["civilian", "dual-use", "unknown"] })",
      R"(condition = { use = "protected-ci-entity" })"));
  EXPECT_THAT(message, HasSubstr("references form a cycle: "));
  EXPECT_THAT(message, HasSubstr("definition \"not-military\""));
  EXPECT_THAT(message, HasSubstr("definition \"protected-ci-entity\""));
}

TEST(CatalogueLoadTest, ExpansionBeyondTheLimitIsRefused) {
  // Twenty definitions, each using the next twice: 2^20 checks.
  std::string text = Builtin();
  for (int i = 0; i < 20; ++i) {
    text += "\n[[definition]]\nid = \"blow-" + std::to_string(i) + "\"\nterm = \"t\"\nscope = \"report\"\n"
            "text = \"t\"\nsources = [{ source = \"eurepoc\", at = \"x\" }]\n";
    text += i == 19 ? "condition = { field = \"exercise\", op = \"eq\", value = true }\n"
                    : "condition = { any = [{ use = \"blow-" + std::to_string(i + 1) +
                          "\" }, { use = \"blow-" + std::to_string(i + 1) + "\" }] }\n";
  }
  auto catalogue = Catalogue::Parse(text);
  ASSERT_FALSE(catalogue.has_value());
  EXPECT_EQ(catalogue.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_THAT(catalogue.error().message, HasSubstr("expands to more than 100000 checks"));
}

TEST(CatalogueLoadTest, ReferenceChainsDeeperThanTheLimitAreRefused) {
  // A chain of definitions, each using the next: evaluation would recurse
  // once per link.
  std::string text = Builtin();
  const int links = static_cast<int>(Catalogue::kMaxExpandedDepth) + 2;
  for (int i = 0; i < links; ++i) {
    text += "\n[[definition]]\nid = \"chain-" + std::to_string(i) + "\"\nterm = \"t\"\nscope = \"report\"\n"
            "text = \"t\"\nsources = [{ source = \"eurepoc\", at = \"x\" }]\n";
    text += i == links - 1 ? "condition = { field = \"exercise\", op = \"eq\", value = true }\n"
                           : "condition = { use = \"chain-" + std::to_string(i + 1) + "\" }\n";
  }
  auto catalogue = Catalogue::Parse(text);
  ASSERT_FALSE(catalogue.has_value());
  EXPECT_EQ(catalogue.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_THAT(catalogue.error().message, HasSubstr("levels deep"));
}

TEST(CatalogueLoadTest, NormRulesAreEnforced) {
  EXPECT_THAT(LoadError(Edited("id = \"ACN-V1\"\nlayer = \"voluntary\"", "id = \"ACN-B9\"\nlayer = \"voluntary\"")),
              HasSubstr("norm \"ACN-B9\": key \"id\": \"ACN-B9\" does not match layer \"voluntary\" (use ACN-V...)"));
  EXPECT_THAT(LoadError(Edited("id = \"ACN-V2\"\nlayer = \"voluntary\"\nbasis = \"treaty\"",
                               "id = \"ACN-V2\"\nlayer = \"voluntary\"\nbasis = \"customary\"")),
              HasSubstr("norm \"ACN-V2\": key \"basis\": a customary rule binds every state"));
  EXPECT_THAT(LoadError(Edited("id = \"ACN-V3\"", "id = \"ACN-V2\"")),
              HasSubstr("norm \"ACN-V2\": key \"id\": defined twice"));
  EXPECT_THAT(LoadError(Edited("assessed_through = \"annual transparency reports (issue 9)\"\n\n[[norm]]\nid = \"ACN-V9\"",
                               "assessed_through = \"annual transparency reports (issue 9)\"\n"
                               "violated_when = { field = \"exercise\", op = \"eq\", value = true }\n\n"
                               "[[norm]]\nid = \"ACN-V9\"")),
              HasSubstr("key \"violated_when\": a norm not assessed from reports has no conditions"));
  EXPECT_THAT(LoadError(Edited("rationale = \"Norm 13(e).\"", "rationale = \"Norm 13(e).\"\nweight = 2")),
              HasSubstr("norm \"ACN-V9\": unknown key \"weight\""));
}

TEST(CatalogueLoadTest, RedLineMustBeGivenEffectByItsNorm) {
  EXPECT_THAT(LoadError(Edited("  { red_line = \"RL-SAFETY\" },\n", "")),
              HasSubstr("red line \"RL-SAFETY\": key \"norm\": norm \"ACN-B2\" does not refer to this red line"));
}

TEST(CatalogueLoadTest, MissingPrincipleIsALoadError) {
  std::string text = Edited("[[principle]]\nid = \"necessity\"", "[[principle]]\nid = \"restraint\"");
  text = text.replace(text.find("{ principle = \"necessity\" }"), 27, "{ principle = \"restraint\" }");
  EXPECT_THAT(LoadError(text), HasSubstr("principle \"necessity\": missing"));
}

TEST(CatalogueLoadTest, ProhibitedActionIdsAreChecked) {
  EXPECT_THAT(LoadError(Edited(R"(attack_ids = ["T0836", "T0831", "T0855"])", R"(attack_ids = ["T0836", "T831"])")),
              HasSubstr("\"T831\" is not an ATT&CK id"));
  EXPECT_THAT(LoadError(Edited(R"(attack_ids = ["T0836", "T0831", "T0855"])", R"(attack_ids = ["T0836", "T0836"])")),
              HasSubstr("prohibited action \"PA-03\": key \"attack_ids\": lists an id twice"));
}

TEST(CatalogueLoadTest, TopLevelAndSyntaxErrors) {
  EXPECT_THAT(LoadError(Edited("entry_into_force_days = 30", "entry_into_force_days = 30\nforce = true")),
              HasSubstr("catalogue: unknown key \"force\""));
  EXPECT_THAT(LoadError(Edited("version = \"1.0\"", "version = \"one\"")),
              HasSubstr("key \"version\": \"one\" is not a version such as \"1.0\""));
  std::string broken = Edited("version = \"1.0\"", "version = ");
  EXPECT_THAT(LoadError(broken), StartsWith("norms catalogue: line " + std::to_string(LineOf(broken, "version = ")) + ", column"));
}

TEST(CatalogueLoadTest, OversizedTextIsRefusedBeforeParsing) {
  auto catalogue = Catalogue::Parse(std::string(Catalogue::kMaxTextBytes + 1, '#'));
  ASSERT_FALSE(catalogue.has_value());
  EXPECT_EQ(catalogue.error().code, core::ErrorCode::kResourceExhausted);
}

}  // namespace
}  // namespace accord::norms
