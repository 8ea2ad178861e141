// Reports as STIX 2.1 objects and back (exchange/stix_report.h). Expected
// ids come from the OASIS publications (TLP 2.0 markings, Incident Core
// extension id), RFC 9562's UUIDv5 example and the STIX 2.1 spec.
#include "exchange/stix_report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/json_reader.h"
#include "exchange/stix_mapping.h"
#include "exchange/tlp_markings.h"
#include "model/report_codec.h"

namespace accord::exchange {
namespace {

using core::JsonType;
using core::JsonValue;
using model::IncidentReport;

constexpr std::string_view kTlpClear = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
constexpr std::string_view kTlpGreen = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
constexpr std::string_view kTlpAmber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
constexpr std::string_view kTlpRed = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
// STIX 2.1 section 7.2.1.4: the TLP 1.0 AMBER marking.
constexpr std::string_view kTlp1Amber = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

JsonValue Parse(std::string_view text) {
  auto parsed = core::ParseJsonStrict(text);
  EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
  return parsed.has_value() ? *parsed : JsonValue();
}

// The report of a demo file or of a submission ({"report": ...}).
IncidentReport LoadReport(const std::filesystem::path& path) {
  JsonValue document = Parse(ReadText(path));
  const JsonValue* report = document.Find("schema") ? &document : document.Find("report");
  if (report == nullptr) {
    ADD_FAILURE() << path << " holds no report";
    return {};
  }
  model::DecodeResult decoded = model::DecodeIncidentReport(*report);
  if (!decoded.ok()) {
    ADD_FAILURE() << path << ": " << decoded.ToError().message;
    return {};
  }
  return *decoded.report;
}

std::vector<std::filesystem::path> ReportFiles() {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path root = ACCORD_TEST_SOURCE_DIR;
  for (const char* dir : {"data/demo", "examples"}) {
    for (const auto& entry : std::filesystem::directory_iterator(root / dir)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

IncidentReport Ukraine2015() {
  return LoadReport(std::filesystem::path(ACCORD_TEST_SOURCE_DIR) /
                    "data/demo/2015-12-ukraine-power-grid.json");
}

// A lookup over a list of objects, as stix_import.h builds one.
struct Graph {
  std::vector<JsonValue> objects;
  StixObjectLookup lookup;

  explicit Graph(std::vector<JsonValue> list) : objects(std::move(list)) {
    lookup.object = [this](std::string_view id) -> const JsonValue* {
      for (const JsonValue& object : objects) {
        if (const std::string* own = stix_internal::StringMember(object, "id"); own && *own == id) {
          return &object;
        }
      }
      return nullptr;
    };
    lookup.relationships_from = [this](std::string_view id) {
      std::vector<const JsonValue*> out;
      for (const JsonValue& object : objects) {
        const std::string* type = stix_internal::StringMember(object, "type");
        const std::string* source = stix_internal::StringMember(object, "source_ref");
        if (type && *type == "relationship" && source && *source == id) out.push_back(&object);
      }
      return out;
    };
  }
};

const std::string& Str(const JsonValue& object, std::string_view name) {
  static const std::string empty;
  const std::string* value = stix_internal::StringMember(object, name);
  return value ? *value : empty;
}

std::vector<const JsonValue*> OfType(const std::vector<JsonValue>& objects, std::string_view type) {
  std::vector<const JsonValue*> out;
  for (const JsonValue& object : objects) {
    if (Str(object, "type") == type) out.push_back(&object);
  }
  return out;
}

TEST(StixUuidV5Test, MatchesRfc9562Example) {
  // RFC 9562 Appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
  auto dns = core::Uuid::Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  ASSERT_TRUE(dns.has_value());
  EXPECT_EQ(stix_internal::UuidV5(*dns, "www.example.com").ToString(),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2");
}

TEST(StixUuidV5Test, AccordIdsAreTheDocumentedDerivations) {
  EXPECT_EQ(stix_internal::AccordNamespace().ToString(), "381f8070-6e62-5025-9db1-268141a4077f");
  EXPECT_EQ(AccordExtensionId(),
            stix_internal::DerivedId("extension-definition",
                                     "extension-definition/accord.incident-report/1"));
  EXPECT_EQ(stix_internal::kAccordIdentityId,
            stix_internal::DerivedId("identity", "identity/accord"));
}

TEST(StixReportTest, EveryDemoAndExampleReportRoundTrips) {
  const auto files = ReportFiles();
  ASSERT_GE(files.size(), 20u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const IncidentReport report = LoadReport(file);
    Graph graph(EncodeReportAsStix(report, {}));
    ASSERT_FALSE(graph.objects.empty());
    const DecodedStixReport decoded = DecodeReportFromStix(graph.objects[0], graph.lookup);
    ASSERT_TRUE(decoded.problems.empty()) << decoded.problems[0].field << ": "
                                          << decoded.problems[0].reason;
    ASSERT_TRUE(decoded.report.has_value());
    EXPECT_EQ(*decoded.report, report);
  }
}

TEST(StixReportTest, IncidentKeepsTheReportUuidAndTheOasisTlpMarking) {
  const IncidentReport report = Ukraine2015();  // TLP:CLEAR
  const auto objects = EncodeReportAsStix(report, {});
  const JsonValue& incident = objects[0];
  EXPECT_EQ(Str(incident, "type"), "incident");
  EXPECT_EQ(Str(incident, "spec_version"), "2.1");
  EXPECT_EQ(Str(incident, "id"), "incident--65b2fb0e-4027-4afd-8a12-a6b8046baa48");
  EXPECT_EQ(Str(incident, "name"), report.title);
  EXPECT_EQ(Str(incident, "description"), *report.narrative);
  EXPECT_EQ(Str(incident, "created"), "2026-11-27T00:00:00.000Z");
  ASSERT_NE(incident.Find("object_marking_refs"), nullptr);
  EXPECT_EQ(incident.Find("object_marking_refs")->AsArray()[0].AsString(), kTlpClear);
  EXPECT_EQ(incident.Find("granular_markings"), nullptr);
  EXPECT_EQ(incident.Find("external_references")->AsArray().size(), report.references.size());
}

TEST(StixReportTest, ExportIsDeterministic) {
  const IncidentReport report = Ukraine2015();
  EXPECT_EQ(EncodeReportAsStix(report, {}), EncodeReportAsStix(report, {}));
}

TEST(StixReportTest, IncidentCoreCarriesCriticalityScoreAndRecoverability) {
  const IncidentReport report = Ukraine2015();
  StixExportOptions options;
  options.assessment = StixAssessment{"2024.1", 715, "severe", "high", 690, 740,
                                      {{"ACN-B1", "breach-indicated"}}, "2027-01-01T00:00:00Z"};
  const auto objects = EncodeReportAsStix(report, options);
  const JsonValue* core = objects[0].Find("extensions")->Find(
      "extension-definition--ef765651-680c-498d-9894-99799f2fa126");
  ASSERT_NE(core, nullptr);
  EXPECT_EQ(IncidentCoreExtensionId(), "extension-definition--ef765651-680c-498d-9894-99799f2fa126");
  EXPECT_EQ(Str(*core, "extension_type"), "property-extension");
  EXPECT_EQ(Str(*core, "determination"), "successful-attempt");
  EXPECT_EQ(core->Find("criticality")->AsNumber(), 72);  // round(715 / 10)
  EXPECT_EQ(Str(*core, "recoverability"), "supplemented");
  EXPECT_EQ(core->Find("impacted_entity_counts")->Find("organization")->AsNumber(), 3);
  EXPECT_EQ(core->Find("scores")->AsArray()[0].Find("value")->AsNumber(), 715);
  const auto notes = OfType(objects, "note");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(Str(*notes[0], "content").find("ACN-B1: breach-indicated"), std::string::npos);
  EXPECT_EQ(notes[0]->Find("object_refs")->AsArray()[0].AsString(), Str(objects[0], "id"));
  const JsonValue* accord = objects[0].Find("extensions")->Find(AccordExtensionId());
  EXPECT_EQ(accord->Find("assessment")->Find("score")->AsNumber(), 715);
}

TEST(StixReportTest, StricterFieldMarkingsBecomeGranularMarkings) {
  IncidentReport report = Ukraine2015();
  report.tlp = model::Tlp::kGreen;
  report.field_tlp["/narrative"] = model::Tlp::kRed;
  report.field_tlp["/affected_entities/1/name"] = model::Tlp::kAmber;
  const auto objects = EncodeReportAsStix(report, {});
  const JsonValue* granular = objects[0].Find("granular_markings");
  ASSERT_NE(granular, nullptr);
  std::map<std::string, std::vector<std::string>> by_marking;
  for (const JsonValue& marking : granular->AsArray()) {
    for (const JsonValue& selector : marking.Find("selectors")->AsArray()) {
      by_marking[Str(marking, "marking_ref")].push_back(selector.AsString());
    }
  }
  const std::string ext = "extensions." + std::string(AccordExtensionId()) + ".report";
  EXPECT_EQ(by_marking[std::string(kTlpRed)],
            (std::vector<std::string>{"description", ext + ".narrative"}));
  const auto& amber = by_marking[std::string(kTlpAmber)];
  EXPECT_NE(std::find(amber.begin(), amber.end(), ext + ".affected_entities.[1].name"), amber.end());
  // The entity's own identity carries the stricter marking as a whole.
  const JsonValue* entity = nullptr;
  for (const JsonValue* identity : OfType(objects, "identity")) {
    if (Str(*identity, "name") == "Kyivoblenergo") entity = identity;
  }
  ASSERT_NE(entity, nullptr);
  EXPECT_EQ(entity->Find("object_marking_refs")->AsArray()[0].AsString(), kTlpAmber);
  EXPECT_EQ(objects[0].Find("object_marking_refs")->AsArray()[0].AsString(), kTlpGreen);
}

TEST(StixReportTest, TechniquesReferToAttackWithTheirSourceName) {
  IncidentReport report = Ukraine2015();
  report.techniques = {"T0803", "T1190.001"};
  const auto objects = EncodeReportAsStix(report, {});
  std::map<std::string, std::string> source_of;
  for (const JsonValue* pattern : OfType(objects, "attack-pattern")) {
    const JsonValue& ref = pattern->Find("external_references")->AsArray()[0];
    source_of[Str(ref, "external_id")] = Str(ref, "source_name");
    if (Str(ref, "external_id") == "T1190.001") {
      EXPECT_EQ(Str(ref, "url"), "https://attack.mitre.org/techniques/T1190/001/");
    }
  }
  EXPECT_EQ(source_of["T0803"], "mitre-ics-attack");
  EXPECT_EQ(source_of["T1190.001"], "mitre-attack");
}

TEST(StixReportTest, RelationshipsUseOnlyIncidentCoreAndSpecNames) {
  const auto objects = EncodeReportAsStix(Ukraine2015(), {});
  std::map<std::string, int> types;
  for (const JsonValue* relationship : OfType(objects, "relationship")) {
    ++types[Str(*relationship, "relationship_type")];
  }
  EXPECT_EQ(types["impacts"], 3);
  EXPECT_EQ(types["attributed-to"], 3);
  EXPECT_EQ(types["related-to"], 22);
  for (const auto& [type, count] : types) {
    EXPECT_TRUE(type == "impacts" || type == "attributed-to" || type == "related-to" ||
                type == "located-at")
        << type;
  }
  // A state and a state-affiliated group are threat actors.
  EXPECT_EQ(OfType(objects, "threat-actor").size(), 3u);
}

TEST(StixReportTest, AffectedEntitiesMapToIndustrySectors) {
  const auto objects = EncodeReportAsStix(Ukraine2015(), {});
  int energy = 0;
  for (const JsonValue* identity : OfType(objects, "identity")) {
    if (const JsonValue* sectors = identity->Find("sectors");
        sectors && sectors->AsArray()[0].AsString() == "energy") {
      ++energy;
    }
  }
  EXPECT_EQ(energy, 3);
  EXPECT_EQ(stix_internal::StixSectorOf("health.healthcare-providers"), "healthcare");
  EXPECT_EQ(stix_internal::StixSectorOf("manufacturing.machinery"), "manufacturing");
  EXPECT_EQ(stix_internal::StixSectorOf("digital-infrastructure"), "");
}

TEST(StixBundleTest, HoldsEachObjectOnceWithDefinitionsAndMarkings) {
  const IncidentReport first = Ukraine2015();
  IncidentReport second = first;
  second.id = *core::StixId::Parse("incident-report--3f1f5b9e-3c7a-4d52-9d0e-9a1b2c3d4e5f");
  second.tlp = model::Tlp::kAmber;
  const ExportedReport reports[] = {{&first, {}}, {&second, {}}};
  const JsonValue bundle =
      EncodeStixBundle(reports, "bundle--0b6f3c1e-6d2a-4c39-9a57-3c1f2b1e7d10");
  EXPECT_EQ(Str(bundle, "type"), "bundle");
  EXPECT_EQ(Str(bundle, "id"), "bundle--0b6f3c1e-6d2a-4c39-9a57-3c1f2b1e7d10");
  const auto& objects = bundle.Find("objects")->AsArray();
  std::set<std::string> ids;
  for (const JsonValue& object : objects) {
    EXPECT_TRUE(ids.insert(Str(object, "id")).second) << Str(object, "id");
  }
  EXPECT_EQ(OfType(objects, "incident").size(), 2u);
  EXPECT_EQ(OfType(objects, "attack-pattern").size(), 22u);  // shared by both
  EXPECT_TRUE(ids.contains(std::string(kTlp2ExtensionDefinitionId)));
  EXPECT_TRUE(ids.contains(std::string(AccordExtensionId())));
  EXPECT_TRUE(ids.contains(std::string(stix_internal::kAccordIdentityId)));
  EXPECT_TRUE(ids.contains(std::string(kTlpClear)));
  EXPECT_TRUE(ids.contains(std::string(kTlpAmber)));
  EXPECT_FALSE(ids.contains(std::string(kTlpRed)));
}

TEST(StixBundleTest, ExtensionDefinitionHasWhatSection73Requires) {
  const JsonValue definition = AccordExtensionDefinition();
  EXPECT_EQ(Str(definition, "type"), "extension-definition");
  EXPECT_EQ(Str(definition, "created_by_ref"), stix_internal::kAccordIdentityId);
  for (const char* required : {"name", "schema", "version", "created", "modified"}) {
    EXPECT_FALSE(Str(definition, required).empty()) << required;
  }
  EXPECT_EQ(definition.Find("extension_types")->AsArray()[0].AsString(), "property-extension");
  const JsonValue tlp = Tlp2ExtensionDefinition();
  EXPECT_EQ(Str(tlp, "id"), kTlp2ExtensionDefinitionId);
  EXPECT_EQ(Str(tlp, "name"), "TLP 2.0");
}

// --- decoding problems -----------------------------------------------------

std::vector<JsonValue> ExportedUkraine() { return EncodeReportAsStix(Ukraine2015(), {}); }

TEST(StixDecodeTest, RefusesAnObjectWithoutId) {
  Graph graph({});
  const auto decoded = DecodeReportFromStix(Parse(R"({"type":"incident"})"), graph.lookup);
  ASSERT_EQ(decoded.problems.size(), 1u);
  EXPECT_EQ(decoded.problems[0].field, "/id");
  EXPECT_FALSE(decoded.report);
}

TEST(StixDecodeTest, RefusesAnIdOfAnotherType) {
  Graph graph({});
  const auto decoded = DecodeReportFromStix(
      Parse(R"({"type":"incident","id":"note--65b2fb0e-4027-4afd-8a12-a6b8046baa48"})"),
      graph.lookup);
  ASSERT_EQ(decoded.problems.size(), 1u);
  EXPECT_EQ(decoded.problems[0].field, "/id");
  EXPECT_NE(decoded.problems[0].reason.find("type note"), std::string::npos);
}

// Rebuilds the incident with its accord extension replaced.
JsonValue WithAccordExtension(const JsonValue& incident, JsonValue extension) {
  core::JsonObject members;
  for (const core::JsonMember& member : incident.AsObject()) {
    if (member.name != "extensions") {
      members.push_back(member);
      continue;
    }
    core::JsonObject extensions;
    for (const core::JsonMember& ext : member.value.AsObject()) {
      extensions.push_back(ext.name == AccordExtensionId() ? core::JsonMember{ext.name, extension}
                                                           : ext);
    }
    members.push_back({"extensions", JsonValue::Object(std::move(extensions))});
  }
  return JsonValue::Object(std::move(members));
}

TEST(StixDecodeTest, ReportErrorsPointIntoTheExtension) {
  auto objects = ExportedUkraine();
  const JsonValue* ext = objects[0].Find("extensions")->Find(AccordExtensionId());
  core::JsonObject report = ext->Find("report")->AsObject();
  for (auto& member : report) {
    if (member.name == "title") member.value = JsonValue::String("");
  }
  const JsonValue incident = WithAccordExtension(
      objects[0], JsonValue::Object({{"extension_type", JsonValue::String("property-extension")},
                                     {"report", JsonValue::Object(report)}}));
  Graph graph(objects);
  const auto decoded = DecodeReportFromStix(incident, graph.lookup);
  ASSERT_EQ(decoded.problems.size(), 1u);
  EXPECT_EQ(decoded.problems[0].object, "incident--65b2fb0e-4027-4afd-8a12-a6b8046baa48");
  EXPECT_EQ(decoded.problems[0].field,
            "/extensions/" + std::string(AccordExtensionId()) + "/report/title");
}

TEST(StixDecodeTest, RefusesAReportOfAnotherUuid) {
  auto objects = ExportedUkraine();
  const JsonValue* ext = objects[0].Find("extensions")->Find(AccordExtensionId());
  core::JsonObject report = ext->Find("report")->AsObject();
  for (auto& member : report) {
    if (member.name == "id") {
      member.value = JsonValue::String("incident-report--11111111-1111-4111-8111-111111111111");
    }
  }
  const JsonValue incident = WithAccordExtension(
      objects[0], JsonValue::Object({{"extension_type", JsonValue::String("property-extension")},
                                     {"report", JsonValue::Object(report)}}));
  Graph graph(objects);
  const auto decoded = DecodeReportFromStix(incident, graph.lookup);
  ASSERT_EQ(decoded.problems.size(), 1u);
  EXPECT_EQ(decoded.problems[0].field,
            "/extensions/" + std::string(AccordExtensionId()) + "/report/id");
  EXPECT_NE(decoded.problems[0].reason.find("does not match"), std::string::npos);
}

TEST(StixDecodeTest, RefusesAnExtensionWithoutReportOrNotAnObject) {
  auto objects = ExportedUkraine();
  Graph graph(objects);
  const std::string base = "/extensions/" + std::string(AccordExtensionId());
  auto missing = DecodeReportFromStix(
      WithAccordExtension(objects[0], JsonValue::Object({{"extension_type",
                                                          JsonValue::String("property-extension")}})),
      graph.lookup);
  ASSERT_EQ(missing.problems.size(), 1u);
  EXPECT_EQ(missing.problems[0].field, base + "/report");
  auto wrong = DecodeReportFromStix(WithAccordExtension(objects[0], JsonValue::String("x")),
                                    graph.lookup);
  ASSERT_EQ(wrong.problems.size(), 1u);
  EXPECT_EQ(wrong.problems[0].field, base);
  EXPECT_NE(wrong.problems[0].reason.find("expected an object"), std::string::npos);
}

// --- foreign incidents ------------------------------------------------------

constexpr std::string_view kForeignIncident = R"({
  "type": "incident", "spec_version": "2.1",
  "id": "incident--7a3c1c51-2f0a-4f39-9a2e-0b9f0f7c2d11",
  "created": "2024-03-02T10:00:00.000Z", "modified": "2024-03-02T10:00:00.000Z",
  "first_seen": "2024-03-01T06:00:00Z",
  "name": "Outage at a regional utility", "description": "Breakers opened remotely.",
  "created_by_ref": "identity--0c1e3a4e-5b7d-4c0e-9a2b-1d2e3f4a5b6c",
  "object_marking_refs": ["marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"],
  "external_references": [{"source_name": "CERT-X", "description": "Advisory",
                           "url": "https://cert.example/advisory/1"},
                          {"source_name": "internal", "external_id": "case-17"}],
  "labels": ["ics"]
})";

std::vector<JsonValue> ForeignObjects() {
  std::vector<JsonValue> objects;
  objects.push_back(Parse(kForeignIncident));
  for (std::string_view text : {
           R"({"type":"identity","spec_version":"2.1","id":"identity--0c1e3a4e-5b7d-4c0e-9a2b-1d2e3f4a5b6c","created":"2024-03-02T10:00:00.000Z","modified":"2024-03-02T10:00:00.000Z","name":"Grid Operator Ltd","identity_class":"organization"})",
           R"({"type":"identity","spec_version":"2.1","id":"identity--1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6","created":"2024-03-02T10:00:00.000Z","modified":"2024-03-02T10:00:00.000Z","name":"Substation operator","identity_class":"organization","sectors":["utilities","energy"],"roles":["distribution-system-operator"]})",
           R"({"type":"location","spec_version":"2.1","id":"location--2e3f4a5b-6c7d-4e8f-9a01-b2c3d4e5f6a7","created":"2024-03-02T10:00:00.000Z","modified":"2024-03-02T10:00:00.000Z","country":"ee"})",
           R"({"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--3f4a5b6c-7d8e-4f90-8a12-c3d4e5f6a7b8","created":"2024-03-02T10:00:00.000Z","modified":"2024-03-02T10:00:00.000Z","name":"Manipulation of Control","external_references":[{"source_name":"mitre-ics-attack","external_id":"T0831"}]})",
           R"({"type":"threat-actor","spec_version":"2.1","id":"threat-actor--4a5b6c7d-8e9f-4a01-9b23-d4e5f6a7b8c9","created":"2024-03-02T10:00:00.000Z","modified":"2024-03-02T10:00:00.000Z","name":"Example Group","threat_actor_types":["nation-state"]})",
           R"({"type":"malware","spec_version":"2.1","id":"malware--5b6c7d8e-9f0a-4b12-8c34-e5f6a7b8c9d0","created":"2024-03-02T10:00:00.000Z","modified":"2024-03-02T10:00:00.000Z","name":"x","is_family":false})",
           R"({"type":"relationship","spec_version":"2.1","id":"relationship--6c7d8e9f-0a1b-4c23-9d45-f6a7b8c9d0e1","created":"2024-03-02T10:00:00.000Z","modified":"2024-03-02T10:00:00.000Z","relationship_type":"impacts","source_ref":"incident--7a3c1c51-2f0a-4f39-9a2e-0b9f0f7c2d11","target_ref":"identity--1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6"})",
           R"({"type":"relationship","spec_version":"2.1","id":"relationship--7d8e9f0a-1b2c-4d34-8e56-a7b8c9d0e1f2","created":"2024-03-02T10:00:00.000Z","modified":"2024-03-02T10:00:00.000Z","relationship_type":"located-at","source_ref":"identity--1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6","target_ref":"location--2e3f4a5b-6c7d-4e8f-9a01-b2c3d4e5f6a7"})",
           R"({"type":"relationship","spec_version":"2.1","id":"relationship--8e9f0a1b-2c3d-4e45-9f67-b8c9d0e1f2a3","created":"2024-03-02T10:00:00.000Z","modified":"2024-03-02T10:00:00.000Z","relationship_type":"uses","source_ref":"incident--7a3c1c51-2f0a-4f39-9a2e-0b9f0f7c2d11","target_ref":"attack-pattern--3f4a5b6c-7d8e-4f90-8a12-c3d4e5f6a7b8"})",
           R"({"type":"relationship","spec_version":"2.1","id":"relationship--9f0a1b2c-3d4e-4f56-8a78-c9d0e1f2a3b4","created":"2024-03-05T10:00:00.000Z","modified":"2024-03-05T10:00:00.000Z","relationship_type":"attributed-to","confidence":75,"source_ref":"incident--7a3c1c51-2f0a-4f39-9a2e-0b9f0f7c2d11","target_ref":"threat-actor--4a5b6c7d-8e9f-4a01-9b23-d4e5f6a7b8c9"})",
           R"({"type":"relationship","spec_version":"2.1","id":"relationship--0a1b2c3d-4e5f-4a67-9b89-d0e1f2a3b4c5","created":"2024-03-02T10:00:00.000Z","modified":"2024-03-02T10:00:00.000Z","relationship_type":"related-to","source_ref":"incident--7a3c1c51-2f0a-4f39-9a2e-0b9f0f7c2d11","target_ref":"malware--5b6c7d8e-9f0a-4b12-8c34-e5f6a7b8c9d0"})",
       }) {
    objects.push_back(Parse(text));
  }
  return objects;
}

bool HasNote(const DecodedStixReport& decoded, std::string_view field, std::string_view words) {
  for (const ImportProblem& note : decoded.notes) {
    if (note.field == field && note.reason.find(words) != std::string::npos) return true;
  }
  return false;
}

TEST(StixForeignTest, MapsStandardPropertiesAndRelationships) {
  Graph graph(ForeignObjects());
  const auto decoded = DecodeReportFromStix(graph.objects[0], graph.lookup);
  ASSERT_TRUE(decoded.problems.empty()) << decoded.problems[0].field << ": "
                                        << decoded.problems[0].reason;
  const IncidentReport& report = *decoded.report;
  EXPECT_EQ(report.id.ToString(), "incident-report--7a3c1c51-2f0a-4f39-9a2e-0b9f0f7c2d11");
  EXPECT_EQ(report.title, "Outage at a regional utility");
  EXPECT_EQ(report.narrative, "Breakers opened remotely.");
  EXPECT_EQ(report.reporter.kind, model::ReporterKind::kOperator);
  EXPECT_EQ(report.reporter.name, "Grid Operator Ltd");
  ASSERT_EQ(report.affected_entities.size(), 1u);
  EXPECT_EQ(report.affected_entities[0].sector, "energy");  // "utilities" has no match
  EXPECT_EQ(report.affected_entities[0].state, "EE");
  EXPECT_EQ(report.affected_entities[0].entity_type, "distribution-system-operator");
  EXPECT_EQ(report.affected_states, std::vector<std::string>{"EE"});
  EXPECT_EQ(report.techniques, std::vector<std::string>{"T0831"});
  EXPECT_EQ(report.tlp, model::Tlp::kAmber);  // TLP 1.0 AMBER read as AMBER
  ASSERT_EQ(report.attributions.size(), 1u);
  EXPECT_EQ(report.attributions[0].to.name, "Example Group");
  EXPECT_EQ(report.attributions[0].confidence, model::Confidence::kHigh);  // 75
  EXPECT_EQ(report.attributions[0].date,
            std::chrono::year_month_day(std::chrono::year(2024), std::chrono::month(3),
                                        std::chrono::day(5)));
  ASSERT_EQ(report.references.size(), 1u);
  EXPECT_EQ(report.references[0].url, "https://cert.example/advisory/1");
  EXPECT_EQ(report.references[0].publisher, "CERT-X");
  EXPECT_TRUE(HasNote(decoded, "/labels", "not mapped"));
  EXPECT_TRUE(HasNote(decoded, "/external_references/1", "https"));
  EXPECT_TRUE(HasNote(decoded, "/relationship_type", "related-to"));
}

TEST(StixForeignTest, UnmarkedIncidentIsTlpRed) {
  auto objects = ForeignObjects();
  core::JsonObject incident;
  for (const auto& member : objects[0].AsObject()) {
    if (member.name != "object_marking_refs") incident.push_back(member);
  }
  objects[0] = JsonValue::Object(std::move(incident));
  Graph graph(std::move(objects));
  const auto decoded = DecodeReportFromStix(graph.objects[0], graph.lookup);
  ASSERT_TRUE(decoded.report.has_value());
  EXPECT_EQ(decoded.report->tlp, model::Tlp::kRed);
  EXPECT_TRUE(HasNote(decoded, "/object_marking_refs", "TLP:RED"));
}

// The foreign incident without the named member.
std::vector<JsonValue> ForeignWithout(std::string_view name) {
  auto objects = ForeignObjects();
  core::JsonObject incident;
  for (const auto& member : objects[0].AsObject()) {
    if (member.name != name) incident.push_back(member);
  }
  objects[0] = JsonValue::Object(std::move(incident));
  return objects;
}

TEST(StixForeignTest, EachMissingRequiredFieldIsAPreciseProblem) {
  for (const char* field : {"name", "first_seen", "created_by_ref", "created"}) {
    SCOPED_TRACE(field);
    Graph graph(ForeignWithout(field));
    const auto decoded = DecodeReportFromStix(graph.objects[0], graph.lookup);
    EXPECT_FALSE(decoded.report.has_value());
    ASSERT_FALSE(decoded.problems.empty());
    bool found = false;
    for (const ImportProblem& problem : decoded.problems) {
      found = found || (problem.field == "/" + std::string(field) &&
                        problem.object == "incident--7a3c1c51-2f0a-4f39-9a2e-0b9f0f7c2d11" &&
                        problem.reason.find("missing") != std::string::npos);
    }
    EXPECT_TRUE(found);
  }
}

TEST(StixForeignTest, IncidentWithoutVictimsIsRefused) {
  auto objects = ForeignObjects();
  objects.erase(std::remove_if(objects.begin(), objects.end(),
                               [](const JsonValue& o) {
                                 return Str(o, "relationship_type") == "impacts";
                               }),
                objects.end());
  Graph graph(std::move(objects));
  const auto decoded = DecodeReportFromStix(graph.objects[0], graph.lookup);
  EXPECT_FALSE(decoded.report.has_value());
  bool entities = false;
  for (const ImportProblem& problem : decoded.problems) {
    entities = entities || problem.reason.find("affected entity") != std::string::npos;
  }
  EXPECT_TRUE(entities);
}

TEST(StixForeignTest, SectorWithoutAccordEquivalentIsAProblemOnTheIdentity) {
  auto objects = ForeignObjects();
  objects[2] = Parse(R"({"type":"identity","spec_version":"2.1","id":"identity--1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6","created":"2024-03-02T10:00:00.000Z","modified":"2024-03-02T10:00:00.000Z","name":"Shop","identity_class":"organization","sectors":["retail"]})");
  Graph graph(std::move(objects));
  const auto decoded = DecodeReportFromStix(graph.objects[0], graph.lookup);
  EXPECT_FALSE(decoded.report.has_value());
  ASSERT_FALSE(decoded.problems.empty());
  EXPECT_EQ(decoded.problems[0].object, "identity--1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6");
  EXPECT_EQ(decoded.problems[0].field, "/sectors");
}

TEST(StixForeignTest, UnknownMarkingIsNotedAndTheTlp1AmberIsRecognised) {
  EXPECT_EQ(RecognizeTlpMarking(kTlp1Amber)->tlp, model::Tlp::kAmber);
  Graph graph(ForeignObjects());
  const auto decoded = DecodeReportFromStix(graph.objects[0], graph.lookup);
  EXPECT_TRUE(HasNote(decoded, "/", "states no effects"));
}

}  // namespace
}  // namespace accord::exchange
