// The published JSON Schema (docs/schema/incident-report.schema.json) and
// the decoder (model/report_codec.h) describe the same format: these tests
// hold them in step. The schema is for others; our own validation is the
// decoder. Each test walks the schema as JSON (no schema validator: they run
// std::regex on input, see ../shared/DEPENDENCIES.md) and asks the decoder
// the same question.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/canonical_json.h"
#include "model/incident_report.h"
#include "model/report_codec.h"
#include "report_test_util.h"

namespace accord::model {
namespace {

using testing::Decode;
using testing::Describe;
using ::testing::ElementsAreArray;
using testing::FullDocument;
using testing::Num;
using testing::ParseOrDie;
using testing::ReadTestdata;
using testing::Str;
using testing::With;

using core::JsonType;
using core::JsonValue;

const JsonValue& Schema() {
  static const JsonValue* const schema =
      new JsonValue(ParseOrDie(ReadTestdata("docs/schema/incident-report.schema.json")));
  return *schema;
}

// Follows "$ref": "#/$defs/<name>" and a lone allOf: [{"$ref": ...}], the
// two ways the schema points at a shared definition.
const JsonValue& Resolve(const JsonValue& node) {
  if (const JsonValue* ref = node.Find("$ref")) {
    const std::string prefix = "#/$defs/";
    const std::string& target = ref->AsString();
    EXPECT_EQ(target.substr(0, prefix.size()), prefix);
    const JsonValue* definition = Schema().Find("$defs")->Find(target.substr(prefix.size()));
    if (definition == nullptr) {
      ADD_FAILURE() << "unresolved " << target;
      std::abort();
    }
    return Resolve(*definition);
  }
  if (const JsonValue* all_of = node.Find("allOf")) {
    if (all_of->AsArray().size() == 1 && all_of->AsArray()[0].Find("$ref") != nullptr) {
      return Resolve(all_of->AsArray()[0]);
    }
  }
  return node;
}

// Every field the schema declares, as a path with "*" for array elements
// ("/attributions/*/by/kind"), mapped to its resolved schema.
void SchemaPaths(const JsonValue& node, const std::string& path,
                 std::map<std::string, const JsonValue*>& out) {
  const JsonValue& resolved = Resolve(node);
  if (!path.empty()) out[path] = &resolved;
  if (const JsonValue* properties = resolved.Find("properties")) {
    for (const core::JsonMember& member : properties->AsObject()) {
      SchemaPaths(member.value, path + "/" + member.name, out);
    }
  }
  if (const JsonValue* items = resolved.Find("items")) SchemaPaths(*items, path + "/*", out);
}

// The same for a document: every member's path, array indices as "*".
// field_tlp's members are pointers (data, not fields), so it is a leaf.
void DocumentPaths(const JsonValue& value, const std::string& path, std::set<std::string>& out) {
  if (!path.empty()) out.insert(path);
  if (path == "/field_tlp") return;
  if (value.type() == JsonType::kObject) {
    for (const core::JsonMember& member : value.AsObject()) {
      DocumentPaths(member.value, path + "/" + member.name, out);
    }
  } else if (value.type() == JsonType::kArray) {
    for (const JsonValue& item : value.AsArray()) DocumentPaths(item, path + "/*", out);
  }
}

std::map<std::string, const JsonValue*> AllSchemaPaths() {
  std::map<std::string, const JsonValue*> paths;
  SchemaPaths(Schema(), "", paths);
  return paths;
}

// A pointer into full.json for a schema path: "*" becomes an index whose
// element suits a plain string (the domain indicator, not the address).
std::string ExamplePointer(const std::string& path) {
  std::string pointer;
  std::size_t at = 0;
  while (at < path.size()) {
    std::size_t next = path.find('/', at + 1);
    if (next == std::string::npos) next = path.size();
    const std::string token = path.substr(at, next - at);
    pointer += token == "/*" ? (pointer == "/indicators" ? "/2" : "/0") : token;
    at = next;
  }
  return pointer;
}

TEST(ReportSchemaTest, SchemaIsStrictJsonForDraft202012) {
  EXPECT_EQ(Schema().Find("$schema")->AsString(), "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(Schema().Find("type")->AsString(), "object");
}

TEST(ReportSchemaTest, TopLevelPropertiesAreTheDecodersFieldsInTheSameOrder) {
  std::vector<std::string> names;
  for (const core::JsonMember& member : Schema().Find("properties")->AsObject()) {
    names.push_back(member.name);
  }
  std::vector<std::string> decoder;
  for (std::string_view name : IncidentReportFieldNames()) decoder.emplace_back(name);
  EXPECT_THAT(names, ElementsAreArray(decoder));
}

TEST(ReportSchemaTest, RequiredTopLevelFieldsAreThoseTheDecoderRequires) {
  std::vector<std::string> required;
  for (const JsonValue& name : Schema().Find("required")->AsArray()) {
    required.push_back("/" + name.AsString());
  }
  std::vector<std::string> missing;
  for (const FieldError& error : DecodeIncidentReport("{}").errors)
    missing.push_back(error.pointer);
  EXPECT_THAT(required, ElementsAreArray(missing));
}

TEST(ReportSchemaTest, EveryObjectForbidsAdditionalProperties) {
  std::size_t objects = 0;
  for (const auto& [path, node] : AllSchemaPaths()) {
    if (node->Find("properties") == nullptr) continue;
    ++objects;
    const JsonValue* additional = node->Find("additionalProperties");
    ASSERT_NE(additional, nullptr) << path;
    EXPECT_EQ(*additional, JsonValue::Bool(false)) << path;
  }
  EXPECT_EQ(Schema().Find("additionalProperties")->AsBool(), false);
  EXPECT_EQ(objects, 11u);  // reporter, times, entity, effects, attribution, by, to, ...
}

TEST(ReportSchemaTest, SchemaDeclaresExactlyTheFieldsOfTheFullExample) {
  // full.json spells every field of the contract and decodes; so the schema
  // declares what the decoder accepts, no more and no less.
  ASSERT_TRUE(Decode(FullDocument()).ok());
  std::set<std::string> schema_paths;
  for (const auto& [path, node] : AllSchemaPaths()) schema_paths.insert(path);
  std::set<std::string> document_paths;
  DocumentPaths(FullDocument(), "", document_paths);
  EXPECT_THAT(schema_paths, ElementsAreArray(document_paths));
}

TEST(ReportSchemaTest, EveryEnumListsTheDecodersSpellingsInOrder) {
  std::size_t checked = 0;
  for (const auto& [path, node] : AllSchemaPaths()) {
    const JsonValue* values = node->Find("enum");
    if (values == nullptr) continue;
    SCOPED_TRACE(path);
    ++checked;
    const std::string pointer = ExamplePointer(path);
    // Each listed value is accepted...
    for (const JsonValue& value : values->AsArray()) {
      DecodeResult result = Decode(With(FullDocument(), pointer, value));
      bool at_pointer = false;
      for (const FieldError& error : result.errors) at_pointer |= error.pointer == pointer;
      EXPECT_FALSE(at_pointer) << value.AsString() << Describe(result.errors);
    }
    // ...and the decoder's message for a wrong one lists the same values.
    std::string listed;
    for (const JsonValue& value : values->AsArray()) {
      listed += (listed.empty() ? "\"" : ", \"") + value.AsString() + "\"";
    }
    DecodeResult wrong = Decode(With(FullDocument(), pointer, Str("?")));
    ASSERT_FALSE(wrong.errors.empty());
    EXPECT_EQ(wrong.errors[0],
              (FieldError{pointer, "expected one of " + listed + ", found \"?\""}));
  }
  EXPECT_EQ(checked, 16u);
}

TEST(ReportSchemaTest, PlainStringBoundsAreTheDecodersBounds) {
  std::size_t checked = 0;
  for (const auto& [path, node] : AllSchemaPaths()) {
    if (node->Find("type") == nullptr || node->Find("type")->AsString() != "string") continue;
    // Strings with a format of their own are checked by the mutation tests.
    if (node->Find("enum") || node->Find("pattern") || node->Find("format")) continue;
    SCOPED_TRACE(path);
    ++checked;
    const std::string pointer = ExamplePointer(path);
    const auto max_length = static_cast<std::size_t>(node->Find("maxLength")->AsNumber());
    const JsonValue* min_node = node->Find("minLength");
    const std::size_t min_length = min_node ? static_cast<std::size_t>(min_node->AsNumber()) : 0;
    EXPECT_TRUE(Decode(With(FullDocument(), pointer, Str(std::string(max_length, 'a')))).ok());
    EXPECT_FALSE(Decode(With(FullDocument(), pointer, Str(std::string(max_length + 1, 'a')))).ok());
    EXPECT_EQ(Decode(With(FullDocument(), pointer, Str(""))).ok(), min_length == 0);
  }
  EXPECT_EQ(checked, 12u);
}

TEST(ReportSchemaTest, IntegerAndArrayBoundsAreTheDecodersBounds) {
  std::size_t checked = 0;
  for (const auto& [path, node] : AllSchemaPaths()) {
    if (node->Find("type") == nullptr) continue;
    const std::string& type = node->Find("type")->AsString();
    SCOPED_TRACE(path);
    const std::string pointer = ExamplePointer(path);
    if (type == "integer") {
      ++checked;
      EXPECT_EQ(node->Find("minimum")->AsNumber(), 0);
      const double maximum = node->Find("maximum")->AsNumber();
      EXPECT_TRUE(Decode(With(FullDocument(), pointer, Num(maximum))).ok());
      EXPECT_FALSE(Decode(With(FullDocument(), pointer, Num(maximum + 1))).ok());
      EXPECT_FALSE(Decode(With(FullDocument(), pointer, Num(-1))).ok());
    } else if (type == "array") {
      ++checked;
      // Every array is bounded; the mutation tests fill each to its bound.
      ASSERT_NE(node->Find("maxItems"), nullptr);
      const auto max_items = static_cast<std::size_t>(node->Find("maxItems")->AsNumber());
      const JsonValue& first = *ResolvePointer(FullDocument(), pointer + "/0");
      // Copies of the first element, one past the bound, are refused by size
      // (and, for unique arrays, as duplicates).
      DecodeResult over = Decode(
          With(FullDocument(), pointer, JsonValue::Array(core::JsonArray(max_items + 1, first))));
      bool size_error = false;
      for (const FieldError& error : over.errors) {
        size_error |=
            error == FieldError{pointer, "expected at most " + std::to_string(max_items) +
                                             " items, found " + std::to_string(max_items + 1)};
      }
      EXPECT_TRUE(size_error) << Describe(over.errors);
    }
  }
  EXPECT_EQ(checked, 5u + 11u);  // integers + arrays
}

}  // namespace
}  // namespace accord::model
