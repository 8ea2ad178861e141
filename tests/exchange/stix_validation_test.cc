#include "exchange/stix_validation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/json_reader.h"

namespace accord::exchange {
namespace {

// Common properties of an SDO; tests add or replace members after them.
constexpr std::string_view kCommon =
    "\"spec_version\": \"2.1\", \"created\": \"2016-04-06T20:03:00.000Z\", "
    "\"modified\": \"2016-04-06T20:03:00.000Z\"";

std::vector<ImportProblem> Validate(std::string_view text) {
  auto parsed = core::ParseJsonStrict(text);
  EXPECT_TRUE(parsed) << text << ": " << (parsed ? "" : parsed.error().message);
  if (!parsed) return {};
  return ValidateStixObject(*parsed, "objects[7]");
}

// An SDO of `type` with the given extra members ("" for none).
std::string Sdo(std::string_view type, std::string_view members,
                std::string_view uuid = "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f") {
  return "{\"type\": \"" + std::string(type) + "\", \"id\": \"" + std::string(type) + "--" +
         std::string(uuid) + "\", " + std::string(kCommon) +
         (members.empty() ? "" : ", " + std::string(members)) + "}";
}

std::string Describe(const std::vector<ImportProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.object + " " + p.field + ": " + p.reason + "\n";
  return out;
}

// The one problem found, or a failure.
ImportProblem Single(std::string_view text) {
  auto problems = Validate(text);
  EXPECT_EQ(problems.size(), 1u) << Describe(problems);
  return problems.empty() ? ImportProblem{} : problems[0];
}

TEST(StixValidationTest, ValidObjectsOfEveryKindPass) {
  for (const std::string& text : {
           Sdo("attack-pattern", "\"name\": \"Spearphishing\", \"kill_chain_phases\": "
                                 "[{\"kill_chain_name\": \"mitre-attack\", \"phase_name\": \"initial-access\"}]"),
           Sdo("identity", "\"name\": \"ACME\", \"identity_class\": \"organization\", \"lang\": \"en-GB\""),
           Sdo("malware", "\"is_family\": false"),
           Sdo("indicator", "\"pattern\": \"[file:name = 'a']\", \"pattern_type\": \"stix\", "
                            "\"valid_from\": \"2016-01-01T00:00:00Z\""),
           Sdo("relationship", "\"relationship_type\": \"uses\", \"source_ref\": "
                               "\"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b\", \"target_ref\": "
                               "\"attack-pattern--31b940d4-6f7f-459a-80ea-9c1f17b5891b\""),
           Sdo("sighting", "\"sighting_of_ref\": \"indicator--31b940d4-6f7f-459a-80ea-9c1f17b5891b\", \"count\": 3"),
           Sdo("location", "\"latitude\": 48.8566, \"longitude\": 2.3522"),
           Sdo("note", "\"content\": \"x\", \"object_refs\": [\"incident--31b940d4-6f7f-459a-80ea-9c1f17b5891b\"]"),
           Sdo("report", "\"name\": \"r\", \"published\": \"2016-01-01T00:00:00Z\", \"object_refs\": "
                         "[\"incident--31b940d4-6f7f-459a-80ea-9c1f17b5891b\"]"),
           Sdo("x-mitre-tactic", "\"name\": \"Impact\", \"x_mitre_shortname\": \"impact\""),
           std::string("{\"type\": \"ipv4-addr\", \"id\": \"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\", "
                       "\"value\": \"198.51.100.3\"}"),
           std::string("{\"type\": \"marking-definition\", \"spec_version\": \"2.1\", \"id\": "
                       "\"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\", \"created\": "
                       "\"2017-01-20T00:00:00.000Z\", \"definition_type\": \"tlp\", \"definition\": "
                       "{\"tlp\": \"green\"}, \"name\": \"TLP:GREEN\"}"),
       }) {
    auto problems = Validate(text);
    EXPECT_TRUE(problems.empty()) << text << "\n" << Describe(problems);
  }
}

TEST(StixValidationTest, WrongSpecVersionNamesTheObjectAndField) {
  std::string text = Sdo("identity", "\"name\": \"ACME\"");
  text.replace(text.find("\"2.1\""), 5, "\"2.0\"");
  ImportProblem problem = Single(text);
  EXPECT_EQ(problem.object, "identity--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
  EXPECT_EQ(problem.field, "/spec_version");
  EXPECT_EQ(problem.reason,
            "must be \"2.1\", found \"2.0\": accord imports STIX 2.1 objects only (section 3.2)");
}

TEST(StixValidationTest, MissingSpecVersionIsReportedButNotOnObservables) {
  ImportProblem problem = Single("{\"type\": \"identity\", \"id\": \"identity--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\", "
                                 "\"created\": \"2016-04-06T20:03:00.000Z\", \"modified\": "
                                 "\"2016-04-06T20:03:00.000Z\", \"name\": \"A\"}");
  EXPECT_EQ(problem.field, "/spec_version");
  EXPECT_TRUE(Validate("{\"type\": \"url\", \"id\": \"url--ff26c055-6336-5bc5-b98d-13d6226742dd\", "
                       "\"value\": \"https://example.com/\"}").empty());
}

TEST(StixValidationTest, ModifiedBeforeCreatedIsRejected) {
  std::string text = Sdo("identity", "\"name\": \"ACME\"");
  text.replace(text.rfind("2016-04-06T20:03:00.000Z"), 4, "2015");
  ImportProblem problem = Single(text);
  EXPECT_EQ(problem.field, "/modified");
  EXPECT_EQ(problem.reason, "modified \"2015-04-06T20:03:00.000Z\" is earlier than created "
                            "\"2016-04-06T20:03:00.000Z\" (section 3.2)");
}

TEST(StixValidationTest, TimestampsFollowSection215) {
  for (std::string_view bad : {"2016-04-06T20:03:00.000+00:00", "2016-04-06 20:03:00.000Z",
                               "2016-04-06T20:03:00.Z", "2016-02-30T20:03:00.000Z",
                               "2022-101-27T13:49:54.326Z", "2016-04-06t20:03:00.000z"}) {
    EXPECT_FALSE(ParseStixTimestamp(bad)) << bad;
  }
  EXPECT_TRUE(ParseStixTimestamp("2016-04-06T20:03:00Z"));
  // More than microsecond digits are allowed and truncated; :60 reads as :59.999999.
  auto nanos = ParseStixTimestamp("2016-04-06T20:03:00.123456789Z");
  auto micros = ParseStixTimestamp("2016-04-06T20:03:00.123456Z");
  ASSERT_TRUE(nanos && micros);
  EXPECT_EQ(*nanos, *micros);
  auto leap = ParseStixTimestamp("2016-12-31T23:59:60Z");
  auto before = ParseStixTimestamp("2016-12-31T23:59:59.999999Z");
  ASSERT_TRUE(leap && before);
  EXPECT_EQ(*leap, *before);
  EXPECT_EQ(ParseStixTimestamp("2022-101-27T13:49:54.326Z").error().message,
            "\"2022-101-27T13:49:54.326Z\" is not a STIX timestamp (YYYY-MM-DDTHH:mm:ss[.s+]Z): "
            "unexpected character at byte 7 (month)");
}

TEST(StixValidationTest, CreatedMustBePreciseToTheMillisecond) {
  std::string text = Sdo("identity", "\"name\": \"ACME\"");
  text.replace(text.find("2016-04-06T20:03:00.000Z"), 24, "2016-04-06T20:03:00Z");
  ImportProblem problem = Single(text);
  EXPECT_EQ(problem.field, "/created");
  EXPECT_NE(problem.reason.find("precise to the millisecond"), std::string::npos);
}

TEST(StixValidationTest, IdMustBeTheTypeAndAnRfc4122Uuid) {
  // Variant bits 0xxx (byte 8 = 0x7…) are not RFC 4122's.
  auto bad_variant = Single(Sdo("identity", "\"name\": \"A\"", "8e2e2d2b-17d4-4cbf-738f-98ee46b3cd3f"));
  EXPECT_EQ(bad_variant.object, "objects[7]");  // an unusable id does not name the object
  EXPECT_EQ(bad_variant.field, "/id");
  std::string other_type = Sdo("identity", "\"name\": \"A\"");
  other_type.replace(other_type.find("identity--"), 8, "location");
  auto mismatch = Single(other_type);
  EXPECT_EQ(mismatch.field, "/id");
  EXPECT_NE(mismatch.reason.find("must start with the object's type \"identity\""), std::string::npos);
}

TEST(StixValidationTest, RequiredPropertiesPerType) {
  struct Case {
    std::string_view type, members, field;
  };
  for (const Case& c : {
           Case{"attack-pattern", "", "/name"},
           Case{"identity", "", "/name"},
           Case{"incident", "", "/name"},
           Case{"malware", "", "/is_family"},
           Case{"malware", "\"is_family\": true", "/name"},
           Case{"relationship", "\"source_ref\": \"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b\", "
                                "\"target_ref\": \"identity--31b940d4-6f7f-459a-80ea-9c1f17b5891b\"",
                "/relationship_type"},
           Case{"relationship", "\"relationship_type\": \"uses\", \"target_ref\": "
                                "\"identity--31b940d4-6f7f-459a-80ea-9c1f17b5891b\"", "/source_ref"},
           Case{"sighting", "", "/sighting_of_ref"},
           Case{"note", "\"content\": \"x\"", "/object_refs"},
           Case{"report", "\"name\": \"r\", \"object_refs\": [\"incident--31b940d4-6f7f-459a-80ea-9c1f17b5891b\"]",
                "/published"},
           Case{"indicator", "\"pattern\": \"[a:b = 1]\", \"pattern_type\": \"stix\"", "/valid_from"},
           Case{"grouping", "\"object_refs\": [\"incident--31b940d4-6f7f-459a-80ea-9c1f17b5891b\"]", "/context"},
           Case{"opinion", "\"object_refs\": [\"incident--31b940d4-6f7f-459a-80ea-9c1f17b5891b\"]", "/opinion"},
       }) {
    ImportProblem problem = Single(Sdo(c.type, c.members));
    EXPECT_EQ(problem.field, c.field) << c.type;
    EXPECT_NE(problem.reason.find("required"), std::string::npos) << c.type << ": " << problem.reason;
  }
}

TEST(StixValidationTest, ValueRulesOfTypes) {
  EXPECT_EQ(Single(Sdo("identity", "\"name\": \"A\", \"confidence\": 101")).field, "/confidence");
  EXPECT_EQ(Single(Sdo("location", "\"latitude\": 91, \"longitude\": 0")).field, "/latitude");
  EXPECT_EQ(Single(Sdo("opinion", "\"opinion\": \"maybe\", \"object_refs\": "
                                  "[\"incident--31b940d4-6f7f-459a-80ea-9c1f17b5891b\"]")).field,
            "/opinion");
  EXPECT_EQ(Single(Sdo("indicator", "\"pattern\": \"[a:b = 1]\", \"pattern_type\": \"stix\", "
                                    "\"valid_from\": \"2016-01-02T00:00:00Z\", "
                                    "\"valid_until\": \"2016-01-01T00:00:00Z\"")).field,
            "/valid_until");
  auto to_marking = Single(Sdo("relationship", "\"relationship_type\": \"uses\", \"source_ref\": "
                                               "\"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b\", \"target_ref\": "
                                               "\"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\""));
  EXPECT_EQ(to_marking.field, "/target_ref");
  EXPECT_EQ(Single(Sdo("relationship", "\"relationship_type\": \"Uses It\", \"source_ref\": "
                                       "\"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b\", \"target_ref\": "
                                       "\"identity--31b940d4-6f7f-459a-80ea-9c1f17b5891b\"")).field,
            "/relationship_type");
}

TEST(StixValidationTest, CreatedByRefMustIdentifyAnIdentity) {
  auto problem = Single(Sdo("identity", "\"name\": \"A\", \"created_by_ref\": "
                                        "\"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b\""));
  EXPECT_EQ(problem.field, "/created_by_ref");
  EXPECT_NE(problem.reason.find("must identify a identity object"), std::string::npos) << problem.reason;
}

TEST(StixValidationTest, ReferenceListsHoldIdentifiers) {
  auto problem = Single(Sdo("identity", "\"name\": \"A\", \"object_marking_refs\": "
                                        "[\"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\", \"tlp:red\"]"));
  EXPECT_EQ(problem.field, "/object_marking_refs/1");
}

TEST(StixValidationTest, ExternalReferencesNeedSourceNameAndMore) {
  auto problems = Validate(Sdo("attack-pattern", "\"name\": \"A\", \"external_references\": "
                                                 "[{\"url\": \"https://x\"}, {\"source_name\": \"s\"}, "
                                                 "{\"source_name\": \"cve\", \"external_id\": \"CVE-16-1\"}]"));
  ASSERT_EQ(problems.size(), 3u) << Describe(problems);
  EXPECT_EQ(problems[0].field, "/external_references/0/source_name");
  EXPECT_EQ(problems[1].field, "/external_references/1");
  EXPECT_EQ(problems[2].field, "/external_references/2/external_id");
}

TEST(StixValidationTest, GranularMarkingSelectorsMustSelectSomething) {
  auto problems = Validate(Sdo("identity", "\"name\": \"A\", \"external_references\": "
                                           "[{\"source_name\": \"s\", \"url\": \"https://x\"}], "
                                           "\"granular_markings\": [{\"marking_ref\": "
                                           "\"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\", "
                                           "\"selectors\": [\"name\", \"external_references.[0].url\", "
                                           "\"external_references.[1]\", \"description\"]}]"));
  ASSERT_EQ(problems.size(), 2u) << Describe(problems);
  EXPECT_EQ(problems[0].field, "/granular_markings/0/selectors/2");
  EXPECT_EQ(problems[1].field, "/granular_markings/0/selectors/3");
  auto both = Single(Sdo("identity", "\"name\": \"A\", \"granular_markings\": [{\"lang\": \"en\", "
                                     "\"marking_ref\": \"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\", "
                                     "\"selectors\": [\"name\"]}]"));
  EXPECT_EQ(both.field, "/granular_markings/0");
}

TEST(StixValidationTest, PropertyNamesFollowSection31) {
  EXPECT_TRUE(Validate(Sdo("identity", "\"name\": \"A\", \"foo\": \"bar\", \"x_mitre_version\": \"1\"")).empty());
  EXPECT_EQ(Single(Sdo("identity", "\"name\": \"A\", \"Foo\": \"bar\"")).field, "/Foo");
  EXPECT_EQ(Single(Sdo("identity", "\"name\": \"A\", \"xy\": 1")).field, "/xy");
  EXPECT_EQ(Single(Sdo("identity", "\"name\": \"A\", \"x_empty\": []")).field, "/x_empty");
  EXPECT_EQ(Single(Sdo("identity", "\"name\": \"A\", \"description\": null")).field, "/description");
}

TEST(StixValidationTest, UnknownTypeNeedsXPrefixOrExtension) {
  auto problem = Single(Sdo("widget", ""));
  EXPECT_EQ(problem.field, "/type");
  EXPECT_NE(problem.reason.find("unknown type \"widget\""), std::string::npos);
  EXPECT_TRUE(Validate(Sdo("widget", "\"extensions\": {\"extension-definition--9c59fd79-4215-4ba2-920d-3e4f320e1e62\": "
                                     "{\"extension_type\": \"new-sdo\"}}")).empty());
  auto bad_extension = Single(Sdo("identity", "\"name\": \"A\", \"extensions\": "
                                              "{\"extension-definition--9c59fd79-4215-4ba2-920d-3e4f320e1e62\": "
                                              "{\"extension_type\": \"plugin\"}}"));
  EXPECT_EQ(bad_extension.field,
            "/extensions/extension-definition--9c59fd79-4215-4ba2-920d-3e4f320e1e62/extension_type");
}

TEST(StixValidationTest, TlpMarkingMustUseItsFixedId) {
  auto problem = Single("{\"type\": \"marking-definition\", \"spec_version\": \"2.1\", \"id\": "
                        "\"marking-definition--11111111-860f-48ae-8e50-ebd3cc5e41da\", \"created\": "
                        "\"2017-01-20T00:00:00.000Z\", \"definition_type\": \"tlp\", \"definition\": "
                        "{\"tlp\": \"green\"}}");
  EXPECT_EQ(problem.field, "/id");
  auto no_definition = Validate("{\"type\": \"marking-definition\", \"spec_version\": \"2.1\", \"id\": "
                                "\"marking-definition--11111111-860f-48ae-8e50-ebd3cc5e41da\", \"created\": "
                                "\"2017-01-20T00:00:00.000Z\"}");
  ASSERT_EQ(no_definition.size(), 2u) << Describe(no_definition);
  EXPECT_EQ(no_definition[0].field, "/definition_type");
}

TEST(StixValidationTest, NotAnObjectIsOneProblem) {
  auto problems = ValidateStixObject(core::JsonValue::String("x"), "objects[2]");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].object, "objects[2]");
}

}  // namespace
}  // namespace accord::exchange
