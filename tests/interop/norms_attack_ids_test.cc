// The ATT&CK for ICS technique ids of the norms catalogue against MITRE's own
// bundle (ATT&CK for ICS v18.1, ../shared/data/attack-ics/): every ICS id
// the catalogue names (prohibited actions and conditions) is a technique
// there, not revoked or deprecated, and the names docs/norms.md gives them
// are MITRE's.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "core/file_io.h"
#include "core/json_reader.h"
#include "norms/catalogue.h"
#include "shared_data.h"

namespace accord::norms {
namespace {

namespace fs = std::filesystem;

// ICS technique id -> name, for techniques neither revoked nor deprecated.
std::map<std::string, std::string> IcsTechniques() {
  const fs::path dir = interop_test::SharedDataFolder("attack-ics");
  if (dir.empty()) return {};
  auto text = core::ReadFile(dir / "ics-attack-18.1.json", 16u << 20);
  if (!text) {
    ADD_FAILURE() << text.error().ToString();
    return {};
  }
  auto bundle = core::ParseJsonStrict(*text);
  if (!bundle) {
    ADD_FAILURE() << bundle.error().ToString();
    return {};
  }
  std::map<std::string, std::string> techniques;
  for (const core::JsonValue& object : bundle->Find("objects")->AsArray()) {
    const core::JsonValue* type = object.Find("type");
    if (type == nullptr || type->AsString() != "attack-pattern") continue;
    const core::JsonValue* revoked = object.Find("revoked");
    const core::JsonValue* deprecated = object.Find("x_mitre_deprecated");
    if ((revoked && revoked->AsBool()) || (deprecated && deprecated->AsBool())) continue;
    for (const core::JsonValue& reference : object.Find("external_references")->AsArray()) {
      const core::JsonValue* source = reference.Find("source_name");
      if (source != nullptr && source->AsString() == "mitre-attack")
        techniques[reference.Find("external_id")->AsString()] = object.Find("name")->AsString();
    }
  }
  return techniques;
}

void CollectIds(const Condition& condition, std::set<std::string>& ids) {
  if (condition.field != nullptr && condition.field->type == ValueType::kTechnique)
    for (const Literal& literal : condition.values) ids.insert(std::get<std::string>(literal));
  for (const Condition& child : condition.children) CollectIds(child, ids);
}

TEST(NormsAttackIdsTest, EveryIcsTechniqueOfTheCatalogueIsInAttackForIcs) {
  auto techniques = IcsTechniques();
  ASSERT_GT(techniques.size(), 80u);
  const Catalogue& catalogue = Catalogue::Builtin();
  std::set<std::string> ids;
  for (const ProhibitedAction& action : catalogue.prohibited_actions())
    ids.insert(action.attack_ids.begin(), action.attack_ids.end());
  for (const Norm& norm : catalogue.norms())
    if (norm.violated_when) CollectIds(*norm.violated_when, ids);
  std::size_t ics = 0;
  for (const std::string& id : ids) {
    if (id.rfind("T0", 0) != 0) continue;  // Enterprise ids are not in this bundle
    ++ics;
    EXPECT_TRUE(techniques.count(id)) << id << " is not a current ATT&CK for ICS technique";
  }
  EXPECT_GE(ics, 15u);
}

TEST(NormsAttackIdsTest, TechniqueNamesInTheDocsAreMitres) {
  auto techniques = IcsTechniques();
  const std::map<std::string, std::string> documented = {
      {"T0855", "Unauthorized Command Message"}, {"T0831", "Manipulation of Control"},
      {"T0813", "Denial of Control"},            {"T0816", "Device Restart/Shutdown"},
      {"T0857", "System Firmware"},              {"T0839", "Module Firmware"},
      {"T0809", "Data Destruction"},             {"T0879", "Damage to Property"},
      {"T0836", "Modify Parameter"},             {"T0880", "Loss of Safety"},
      {"T0837", "Loss of Protection"},           {"T0838", "Modify Alarm Settings"},
      {"T0878", "Alarm Suppression"},            {"T0814", "Denial of Service"},
      {"T0862", "Supply Chain Compromise"},
  };
  for (const auto& [id, name] : documented) EXPECT_EQ(techniques[id], name) << id;
}

}  // namespace
}  // namespace accord::norms
