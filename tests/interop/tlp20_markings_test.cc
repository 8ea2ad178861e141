// accord's TLP markings against the official files: each of the five OASIS
// TLP 2.0 marking-definition objects (../shared/data/tlp20/marking-
// definitions/) must equal what accord writes, byte for byte in RFC 8785
// form, and the STIX 2.1 schema's enumeration of the TLP 1.0 ids
// (stix21/schemas/common/marking-definition.json) must be exactly the ids
// accord recognises as TLP 1.0.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "core/canonical_json.h"
#include "core/file_io.h"
#include "core/json_reader.h"
#include "exchange/tlp_markings.h"
#include "shared_data.h"

namespace accord::exchange {
namespace {

namespace fs = std::filesystem;
using interop_test::SharedDataFolder;

core::JsonValue ReadJson(const fs::path& path) {
  auto text = core::ReadFile(path);
  EXPECT_TRUE(text) << path;
  auto parsed = core::ParseJsonStrict(text.value_or("null"));
  EXPECT_TRUE(parsed) << path << ": " << (parsed ? "" : parsed.error().message);
  return parsed.value_or(core::JsonValue());
}

TEST(Tlp20MarkingsInteropTest, AccordWritesEachOfficialObjectByteForByte) {
  const fs::path dir = SharedDataFolder() / "tlp20" / "marking-definitions";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  std::size_t compared = 0;
  for (const auto& definition : Tlp2MarkingDefinitions()) {
    std::string label(model::TlpName(definition.tlp));
    for (char& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const fs::path file = dir / ("tlp-" + label + ".json");
    const core::JsonValue bundle = ReadJson(file);
    const core::JsonValue* objects = bundle.Find("objects");
    ASSERT_NE(objects, nullptr) << file;
    ASSERT_EQ(objects->AsArray().size(), 1u) << file;
    EXPECT_EQ(core::SerializeCanonical(objects->AsArray()[0]),
              core::SerializeCanonical(Tlp2MarkingDefinitionJson(definition.tlp)))
        << file;
    ++compared;
  }
  EXPECT_EQ(compared, 5u);
}

TEST(Tlp20MarkingsInteropTest, TheStixSchemaEnumeratesExactlyTheTlp1IdsAccordRecognises) {
  const core::JsonValue schema = ReadJson(SharedDataFolder() / "stix21" / "schemas" / "common" / "marking-definition.json");
  // Every string in the schema that is a marking-definition id is one of
  // its TLP 1.0 enumerations; collect them wherever they sit.
  std::set<std::string> ids;
  std::vector<const core::JsonValue*> stack{&schema};
  while (!stack.empty()) {
    const core::JsonValue* value = stack.back();
    stack.pop_back();
    if (value->type() == core::JsonType::kString && value->AsString().rfind("marking-definition--", 0) == 0)
      ids.insert(value->AsString());
    if (value->type() == core::JsonType::kArray)
      for (const auto& item : value->AsArray()) stack.push_back(&item);
    if (value->type() == core::JsonType::kObject)
      for (const auto& member : value->AsObject()) stack.push_back(&member.value);
  }
  ASSERT_EQ(ids.size(), 4u);
  for (const std::string& id : ids) {
    auto recognized = RecognizeTlpMarking(id);
    ASSERT_TRUE(recognized) << id;
    EXPECT_EQ(recognized->version, TlpVersion::kTlp1) << id;
  }
}

}  // namespace
}  // namespace accord::exchange
