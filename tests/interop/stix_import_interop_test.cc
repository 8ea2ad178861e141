// The STIX importer against third-party material in ../shared/data:
//   - MITRE ATT&CK for ICS v18.1 (attack-ics/): every attack-pattern with an
//     ATT&CK reference (all created by MITRE's identity, kMitreIdentityId)
//     becomes a technique (95, as the data's README and MITRE's release
//     say, 12 of them deprecated), nothing is rejected, every
//     other object is listed as ignored with a reason, and every ICS
//     technique the norms catalogue names is among the current ones;
//   - the OASIS STIX 2.1 example bundles (stix21/examples/) import with no
//     rejection;
//   - the OASIS validator's test documents (stix21/validator-test-examples/):
//     the valid ones pass, each invalid one fails for its own reason;
//   - the OASIS TLP 2.0 usage example (tlp20/examples/), whose relationship
//     carries an invalid timestamp and whose bundle lacks "type".
// Expected values are computed from the data with the plain strict reader,
// independently of the importer, or quoted from the data's documentation.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "core/file_io.h"
#include "core/json_reader.h"
#include "exchange/stix_import.h"
#include "exchange/stix_validation.h"
#include "norms/catalogue.h"
#include "shared_data.h"

namespace accord::exchange {
namespace {

namespace fs = std::filesystem;
using interop_test::SharedDataFolder;

fs::path AttackIcs() { return SharedDataFolder() / "attack-ics" / "ics-attack-18.1.json"; }

core::JsonValue ReadJson(const fs::path& path) {
  auto text = core::ReadFile(path);
  EXPECT_TRUE(text) << path;
  auto parsed = core::ParseJsonStrict(text.value_or("null"));
  EXPECT_TRUE(parsed) << path << ": " << (parsed ? "" : parsed.error().message);
  return parsed.value_or(core::JsonValue());
}

std::string ReasonsOf(const ImportPlan& plan) {
  std::string out;
  for (const ImportProblem& problem : plan.rejected)
    out += problem.object + " " + problem.field + ": " + problem.reason + "\n";
  return out;
}

// Some example documents are single objects rather than bundles; such an
// object is wrapped in a bundle as a producer would send it (on the first
// line, so that line numbers stay those of the file).
core::Result<ImportPlan> ImportDocument(const fs::path& path) {
  auto text = core::ReadFile(path);
  if (!text) return text.error();
  auto parsed = core::ParseJsonStrict(*text);
  const core::JsonValue* type = parsed ? parsed->Find("type") : nullptr;
  const bool bundle = parsed ? type != nullptr && type->type() == core::JsonType::kString &&
                                  type->AsString() == "bundle"
                             : text->find("\"bundle\"") != std::string::npos;
  if (bundle)
    return PlanStixImportText(*text, {});
  return PlanStixImportText(
      "{\"type\": \"bundle\", \"id\": \"bundle--0c2ad0c4-76fd-4ea7-a3bd-6b3fbbcd1f56\", "
      "\"objects\": [" + *text + "]}",
      {});
}

core::Result<ImportPlan> ImportValidatorExample(const std::string& name) {
  return ImportDocument(SharedDataFolder() / "stix21" / "validator-test-examples" / name);
}

void CollectIds(const norms::Condition& condition, std::set<std::string>& ids) {
  if (condition.field != nullptr && condition.field->type == norms::ValueType::kTechnique)
    for (const norms::Literal& literal : condition.values)
      ids.insert(std::get<std::string>(literal));
  for (const norms::Condition& child : condition.children) CollectIds(child, ids);
}

TEST(StixImportInteropTest, AttackForIcsGivesEveryTechniqueAndRejectsNothing) {
  auto plan = PlanStixImportFile(AttackIcs(), {});
  ASSERT_TRUE(plan) << plan.error().ToString();
  EXPECT_TRUE(plan->rejected.empty()) << ReasonsOf(*plan);

  // Independently: the attack-patterns with an ATT&CK external id.
  const core::JsonValue bundle = ReadJson(AttackIcs());
  std::map<std::string, bool> expected;  // ATT&CK id -> deprecated or revoked
  std::map<std::string, std::size_t> types;
  for (const core::JsonValue& object : bundle.Find("objects")->AsArray()) {
    const std::string& type = object.Find("type")->AsString();
    ++types[type];
    if (type != "attack-pattern") continue;
    for (const core::JsonValue& reference : object.Find("external_references")->AsArray()) {
      const std::string& source = reference.Find("source_name")->AsString();
      if ((source == "mitre-attack" || source == "mitre-ics-attack") && reference.Find("external_id")) {
        const core::JsonValue* deprecated = object.Find("x_mitre_deprecated");
        const core::JsonValue* revoked = object.Find("revoked");
        expected[reference.Find("external_id")->AsString()] =
            (deprecated && deprecated->AsBool()) || (revoked && revoked->AsBool());
      }
    }
  }
  // attack-ics/README (ATT&CK for ICS v18.1): 95 techniques in 1826 objects.
  EXPECT_EQ(expected.size(), 95u);
  EXPECT_EQ(plan->objects_read, 1826u);
  ASSERT_EQ(plan->techniques.size(), expected.size());
  std::size_t deprecated = 0;
  for (const Technique& technique : plan->techniques) {
    ASSERT_TRUE(expected.count(technique.id)) << technique.id;
    EXPECT_EQ(technique.deprecated, expected[technique.id]) << technique.id;
    EXPECT_EQ(technique.domain, "ics-attack") << technique.id;
    EXPECT_FALSE(technique.tactics.empty()) << technique.id;
    EXPECT_EQ(technique.stix_id.rfind("attack-pattern--", 0), 0u) << technique.id;
    deprecated += technique.deprecated;
  }
  EXPECT_EQ(deprecated, 12u);  // the 12 "mitre-ics-attack" ids of v18.1, all x_mitre_deprecated

  // Every other object is ignored, once, with a reason naming its type.
  EXPECT_EQ(plan->ignored.size() + plan->techniques.size(), plan->objects_read);
  std::map<std::string, std::size_t> ignored_types;
  for (const IgnoredObject& ignored : plan->ignored) {
    ++ignored_types[ignored.type];
    EXPECT_EQ(ignored.reason.rfind(ignored.type + ": ", 0), 0u) << ignored.reason;
  }
  types.erase("attack-pattern");
  EXPECT_EQ(ignored_types, types);
}

TEST(StixImportInteropTest, MitreIdentityIsTheCreatorOfEveryAttackForIcsTechnique) {
  // Techniques are kept only from MITRE's own objects (created_by_ref
  // kMitreIdentityId): the identity named "The MITRE Corporation" in the
  // data, which created every attack-pattern of the bundle.
  const core::JsonValue bundle = ReadJson(AttackIcs());
  std::string mitre;
  std::set<std::string> creators;
  for (const core::JsonValue& object : bundle.Find("objects")->AsArray()) {
    const std::string& type = object.Find("type")->AsString();
    const core::JsonValue* name = object.Find("name");
    if (type == "identity" && name && name->AsString() == "The MITRE Corporation")
      mitre = object.Find("id")->AsString();
    if (type == "attack-pattern") creators.insert(object.Find("created_by_ref")->AsString());
  }
  EXPECT_EQ(mitre, kMitreIdentityId);
  EXPECT_EQ(creators, std::set<std::string>{mitre});
}

TEST(StixImportInteropTest, AttackForIcsTechniqueNamesAndTacticsAreMitres) {
  auto plan = PlanStixImportFile(AttackIcs(), {});
  ASSERT_TRUE(plan) << plan.error().ToString();
  std::map<std::string, const Technique*> by_id;
  for (const Technique& technique : plan->techniques) by_id[technique.id] = &technique;
  // https://attack.mitre.org/techniques/T0816/ "Device Restart/Shutdown",
  // tactic Inhibit Response Function.
  ASSERT_TRUE(by_id.count("T0816"));
  EXPECT_EQ(by_id["T0816"]->name, "Device Restart/Shutdown");
  EXPECT_EQ(by_id["T0816"]->tactics, std::vector<std::string>{"inhibit-response-function"});
  EXPECT_EQ(by_id["T0816"]->url, "https://attack.mitre.org/techniques/T0816");
}

TEST(StixImportInteropTest, EveryIcsTechniqueOfTheNormsCatalogueIsImported) {
  auto plan = PlanStixImportFile(AttackIcs(), {});
  ASSERT_TRUE(plan) << plan.error().ToString();
  std::map<std::string, bool> imported;  // id -> deprecated
  for (const Technique& technique : plan->techniques) imported[technique.id] = technique.deprecated;
  const norms::Catalogue& catalogue = norms::Catalogue::Builtin();
  std::set<std::string> ids;
  for (const norms::ProhibitedAction& action : catalogue.prohibited_actions())
    ids.insert(action.attack_ids.begin(), action.attack_ids.end());
  for (const norms::Norm& norm : catalogue.norms())
    if (norm.violated_when) CollectIds(*norm.violated_when, ids);
  std::size_t checked = 0;
  for (const std::string& id : ids) {
    if (id.rfind("T0", 0) != 0) continue;  // Enterprise ids are not in this bundle
    ++checked;
    ASSERT_TRUE(imported.count(id)) << id << " is not among the imported techniques";
    EXPECT_FALSE(imported[id]) << id << " is imported as deprecated";
  }
  EXPECT_GE(checked, 15u);
}

TEST(StixImportInteropTest, OasisExampleBundlesImportWithoutRejection) {
  const fs::path dir = SharedDataFolder() / "stix21" / "examples";
  std::size_t files = 0;
  std::error_code error;
  for (const auto& entry : fs::recursive_directory_iterator(dir, error)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    auto plan = ImportDocument(entry.path());
    ASSERT_TRUE(plan) << entry.path() << ": " << plan.error().ToString();
    EXPECT_TRUE(plan->rejected.empty()) << entry.path() << "\n" << ReasonsOf(*plan);
    const core::JsonValue document = ReadJson(entry.path());
    const core::JsonValue* objects = document.Find("objects");
    EXPECT_EQ(plan->objects_read, objects != nullptr ? objects->AsArray().size() : 1u)
        << entry.path();
    EXPECT_EQ(plan->ignored.size() + plan->techniques.size() + plan->reports.size(),
              plan->objects_read)
        << entry.path();
  }
  EXPECT_FALSE(error) << dir << ": " << error.message();
  EXPECT_EQ(files, 8u);  // stix21/examples: 6 documents + 2 threat reports
}

TEST(StixImportInteropTest, ValidValidatorExamplesPass) {
  for (const char* name : {"identity.json", "identity_custom.json", "identity_unicode.json",
                           "identity_warning.json", "tlp-amber.json", "tool.json"}) {
    auto plan = ImportValidatorExample(name);
    ASSERT_TRUE(plan) << name << ": " << plan.error().ToString();
    EXPECT_TRUE(plan->rejected.empty()) << name << "\n" << ReasonsOf(*plan);
    EXPECT_EQ(plan->objects_read, 1u) << name;
  }
}

TEST(StixImportInteropTest, InvalidJsonValidatorExamplesFailWithTheirPosition) {
  // invalid_braces.json starts with '<'; invalid_comma.json has a trailing
  // comma after the last member (line 8), so the '}' on line 9 is unexpected.
  auto braces = ImportValidatorExample("invalid_braces.json");
  ASSERT_FALSE(braces);
  EXPECT_EQ(braces.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(braces.error().message.find("'<'"), std::string::npos) << braces.error().message;
  auto comma = ImportValidatorExample("invalid_comma.json");
  ASSERT_FALSE(comma);
  EXPECT_EQ(comma.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(comma.error().message.rfind("line 9, column 1 ", 0), 0u) << comma.error().message;
  EXPECT_NE(comma.error().message.find("objects[0]"), std::string::npos) << comma.error().message;
}

TEST(StixImportInteropTest, IdentityWithoutModifiedIsRejected) {
  auto plan = ImportValidatorExample("invalid_identity.json");
  ASSERT_TRUE(plan) << plan.error().ToString();
  ASSERT_EQ(plan->rejected.size(), 1u) << ReasonsOf(*plan);
  EXPECT_EQ(plan->rejected[0].object, "identity--8c6af861-7b20-41ef-9b59-6344fd872a8f");
  EXPECT_EQ(plan->rejected[0].field, "/modified");
  EXPECT_NE(plan->rejected[0].reason.find("required property is missing"), std::string::npos);
}

TEST(StixImportInteropTest, ModifiedBeforeCreatedIsRejected) {
  auto plan = ImportValidatorExample("invalid_timestamp.json");
  ASSERT_TRUE(plan) << plan.error().ToString();
  ASSERT_EQ(plan->rejected.size(), 1u) << ReasonsOf(*plan);
  EXPECT_EQ(plan->rejected[0].object, "identity--8c6af861-7b20-41ef-9b59-6344fd872a8f");
  EXPECT_EQ(plan->rejected[0].field, "/modified");
  EXPECT_NE(plan->rejected[0].reason.find("is earlier than created"), std::string::npos)
      << plan->rejected[0].reason;
}

TEST(StixImportInteropTest, TlpUsageExampleIsNotABundleAndHasAnInvalidTimestamp) {
  const fs::path path = SharedDataFolder() / "tlp20" / "examples" / "using-tlp2.0-green.json";
  auto plan = PlanStixImportFile(path, {});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(plan.error().message.find("member \"type\" (\"bundle\") is missing"), std::string::npos)
      << plan.error().message;

  // Its objects, validated one by one: only the relationship's created.
  const core::JsonValue bundle = ReadJson(path);
  std::vector<ImportProblem> problems;
  for (const core::JsonValue& object : bundle.Find("objects")->AsArray())
    for (ImportProblem& problem : ValidateStixObject(object, "?")) problems.push_back(problem);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].object, "relationship--1621d4d4-b67d-11e3-9670-f01faf20d111");
  EXPECT_EQ(problems[0].field, "/created");
  EXPECT_NE(problems[0].reason.find("\"2022-101-27T13:49:54.326Z\" is not a STIX timestamp"),
            std::string::npos)
      << problems[0].reason;
}

}  // namespace
}  // namespace accord::exchange
