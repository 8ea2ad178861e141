// StixId and ParseRfc3339 against real STIX 2.1 content: the official
// examples and validator examples (stix21/), the TLP 2.0 objects (tlp20/) and
// MITRE ATT&CK for ICS (attack-ics/, 1826 objects). Every identifier and
// timestamp there must parse, and must be written back byte for byte.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/file_io.h"
#include "core/id.h"
#include "core/time.h"
#include "shared_data.h"

namespace accord::core {
namespace {

namespace fs = std::filesystem;
using interop_test::SharedDataFolder;

// The official TLP 2.0 usage example holds `"created": "2022-101-27..."`
// (see shared/data/tlp20.md): a real negative case, checked on its own.
constexpr std::string_view kFileWithBadTimestamp = "using-tlp2.0-green.json";
// Files that are not STIX objects: two deliberately broken validator
// inputs, and ATT&CK's collection index (its top-level id is a bare UUID).
bool IsNotStix(const fs::path& path) {
  const std::string name = path.filename().string();
  return name == "invalid_braces.json" || name == "invalid_comma.json" || name == "index.json";
}

// Properties whose values are STIX timestamps (STIX 2.1 section 3.2 and the
// object sections that use them).
bool IsTimestampProperty(std::string_view key) {
  for (std::string_view name :
       {"created", "modified", "valid_from", "valid_until", "first_seen", "last_seen", "published",
        "first_observed", "last_observed", "start_time", "stop_time"})
    if (key == name) return true;
  return false;
}

bool IsIdentifierProperty(std::string_view key) {
  return key == "id" || key.ends_with("_ref") || key.ends_with("_refs");
}

struct Property {
  std::string key;
  std::string value;
};

// The string values of `"key": "value"` and `"key": ["v1", "v2"]` in a JSON
// text, without a JSON library: enough to pull identifiers and timestamps
// out of STIX files (none of whose ids or times contain escapes).
std::vector<Property> StringProperties(std::string_view json) {
  std::vector<Property> properties;
  auto read_string = [&](std::size_t& at) {
    std::string value;
    for (++at; at < json.size() && json[at] != '"'; ++at) {
      if (json[at] == '\\') ++at;
      if (at < json.size()) value.push_back(json[at]);
    }
    ++at;
    return value;
  };
  auto skip_space = [&](std::size_t& at) {
    while (at < json.size() &&
           (json[at] == ' ' || json[at] == '\n' || json[at] == '\r' || json[at] == '\t'))
      ++at;
  };
  std::size_t at = 0;
  while ((at = json.find('"', at)) != std::string_view::npos) {
    std::string key = read_string(at);
    skip_space(at);
    if (at >= json.size() || json[at] != ':') continue;
    ++at;
    skip_space(at);
    if (at < json.size() && json[at] == '"') {
      properties.push_back({key, read_string(at)});
    } else if (at < json.size() && json[at] == '[') {
      ++at;
      skip_space(at);
      while (at < json.size() && json[at] == '"') {
        properties.push_back({key, read_string(at)});
        skip_space(at);
        if (at < json.size() && json[at] == ',') ++at;
        skip_space(at);
      }
    }
  }
  return properties;
}

std::vector<fs::path> JsonFiles(const fs::path& root) {
  std::vector<fs::path> files;
  for (const char* folder :
       {"stix21/examples", "stix21/validator-test-examples", "tlp20", "attack-ics"})
    for (const auto& entry : fs::recursive_directory_iterator(root / folder))
      if (entry.is_regular_file() && entry.path().extension() == ".json" &&
          !IsNotStix(entry.path()) && entry.path().filename() != kFileWithBadTimestamp &&
          entry.path().string().find("schema") == std::string::npos)
        files.push_back(entry.path());
  return files;
}

// Digits after the '.' of a timestamp that ends in 'Z', or -1 if none.
int FractionDigits(std::string_view text) {
  const std::size_t dot = text.find('.');
  if (dot == std::string_view::npos) return 0;
  return static_cast<int>(text.size() - dot - 2);
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

TEST(StixInteropTest, EveryIdentifierParsesAndIsWrittenBackInLowerCase) {
  const fs::path root = SharedDataFolder();
  ASSERT_FALSE(root.empty());
  std::size_t checked = 0;
  std::size_t upper_case = 0;
  std::map<std::string, std::size_t> types;
  for (const fs::path& file : JsonFiles(root)) {
    auto text = ReadFile(file);
    ASSERT_TRUE(text) << text.error().ToString();
    for (const Property& property : StringProperties(*text)) {
      if (!IsIdentifierProperty(property.key)) continue;
      // ATT&CK for ICS 18.1 leaves its custom x_mitre_data_source_ref empty
      // on a few deprecated objects; that is MITRE's custom property, not a
      // STIX identifier.
      if (property.value.empty() && property.key.starts_with("x_mitre_")) continue;
      auto id = StixId::Parse(property.value);
      ASSERT_TRUE(id) << file << ": " << id.error().ToString();
      // identifier.json allows upper-case hex (examples/infrastructure.json
      // has one); we write lower case, RFC 9562 section 4's output form.
      EXPECT_EQ(id->ToString(), Lower(property.value)) << file;
      if (id->ToString() != property.value) ++upper_case;
      ++types[id->type];
      ++checked;
    }
  }
  EXPECT_GT(upper_case, 0u) << "the upper-case id of examples/infrastructure.json";
  // The ATT&CK bundle alone has 1826 objects, each with an id.
  EXPECT_GT(checked, 5000u);
  EXPECT_GT(types["x-mitre-tactic"], 0u);
  EXPECT_GT(types["marking-definition"], 0u);
  EXPECT_GT(types["relationship"], 1000u);
}

TEST(StixInteropTest, EveryTimestampParsesAndIsWrittenBackUnchanged) {
  const fs::path root = SharedDataFolder();
  ASSERT_FALSE(root.empty());
  std::size_t checked = 0;
  for (const fs::path& file : JsonFiles(root)) {
    auto text = ReadFile(file);
    ASSERT_TRUE(text) << text.error().ToString();
    for (const Property& property : StringProperties(*text)) {
      if (!IsTimestampProperty(property.key)) continue;
      auto time = ParseRfc3339(property.value);
      ASSERT_TRUE(time) << file << " " << property.key << ": " << time.error().ToString();
      // STIX writes UTC with 'Z' and 0, 3 or 6 fraction digits; each of
      // those is a precision FormatRfc3339 reproduces exactly.
      const int digits = FractionDigits(property.value);
      ASSERT_TRUE(digits == 0 || digits == 3 || digits == 6) << property.value;
      const TimePrecision precision = digits == 0   ? TimePrecision::kSeconds
                                      : digits == 3 ? TimePrecision::kMillis
                                                    : TimePrecision::kMicros;
      EXPECT_EQ(FormatRfc3339(*time, precision), property.value) << file;
      ++checked;
    }
  }
  EXPECT_GT(checked, 4000u);
}

TEST(StixInteropTest, RejectsTheMalformedTimestampOfTheTlp20Example) {
  const fs::path root = SharedDataFolder();
  ASSERT_FALSE(root.empty());
  auto text = ReadFile(root / "tlp20" / "examples" / kFileWithBadTimestamp);
  ASSERT_TRUE(text) << text.error().ToString();
  std::size_t rejected = 0;
  for (const Property& property : StringProperties(*text)) {
    if (property.value != "2022-101-27T13:49:54.326Z") continue;
    auto time = ParseRfc3339(property.value);
    ASSERT_FALSE(time);
    EXPECT_EQ(time.error().message,
              "\"2022-101-27T13:49:54.326Z\" at byte 7: expected '-' after the month, "
              "found \"1\"");
    ++rejected;
  }
  EXPECT_EQ(rejected, 1u);
}

}  // namespace
}  // namespace accord::core
