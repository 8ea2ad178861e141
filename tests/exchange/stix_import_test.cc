#include "exchange/stix_import.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/canonical_json.h"
#include "core/json_reader.h"
#include "exchange/stix_report.h"
#include "model/report_codec.h"

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer keeps freed blocks in a quarantine (256 MB by default)
// before reusing them, which would make the resident-memory bound below
// measure the quarantine instead of the importer. A small one keeps the
// bound meaningful and use-after-free detection on.
extern "C" const char* __asan_default_options() { return "quarantine_size_mb=8"; }
#endif

namespace accord::exchange {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kA = "attack-pattern--0a3ead4e-6d47-4ccb-854c-a6a4f9d96b22";
constexpr std::string_view kB = "attack-pattern--1b3ead4e-6d47-4ccb-854c-a6a4f9d96b22";
constexpr std::string_view kC = "attack-pattern--2c3ead4e-6d47-4ccb-854c-a6a4f9d96b22";

// The creator of ATT&CK's objects: the identity "The MITRE Corporation" of
// ../shared/data/attack-ics/ics-attack-18.1.json.
constexpr std::string_view kMitre = "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5";
// accord's own identity (docs/exchange/stix.md): a creator other than MITRE.
constexpr std::string_view kAccord = "identity--abe2c2de-7016-58b1-a03a-642b02ac7e24";

// An ATT&CK for ICS attack-pattern as MITRE publishes it (created_by_ref
// `creator`; none when empty).
std::string AttackPattern(std::string_view id, std::string_view modified, std::string_view name,
                          std::string_view external_id = "T0816",
                          std::string_view creator = kMitre) {
  return "{\"type\": \"attack-pattern\", \"spec_version\": \"2.1\", \"id\": \"" + std::string(id) +
         (creator.empty() ? "" : "\", \"created_by_ref\": \"" + std::string(creator)) +
         "\", \"created\": \"2020-05-21T17:43:26.506Z\", \"modified\": \"" + std::string(modified) +
         "\", \"name\": \"" + std::string(name) +
         "\", \"external_references\": [{\"source_name\": \"mitre-attack\", \"external_id\": \"" +
         std::string(external_id) + "\", \"url\": \"https://attack.mitre.org/techniques/" +
         std::string(external_id) + "\"}], \"kill_chain_phases\": [{\"kill_chain_name\": "
         "\"mitre-ics-attack\", \"phase_name\": \"inhibit-response-function\"}], "
         "\"x_mitre_domains\": [\"ics-attack\"]}";
}

std::string Relationship(std::string_view uuid_prefix, std::string_view type, std::string_view source,
                         std::string_view target) {
  return "{\"type\": \"relationship\", \"spec_version\": \"2.1\", \"id\": \"relationship--" +
         std::string(uuid_prefix) + "3ead4e-6d47-4ccb-854c-a6a4f9d96b22\", \"created\": "
         "\"2020-05-21T17:43:26.506Z\", \"modified\": \"2020-05-21T17:43:26.506Z\", "
         "\"relationship_type\": \"" + std::string(type) + "\", \"source_ref\": \"" +
         std::string(source) + "\", \"target_ref\": \"" + std::string(target) + "\"}";
}

std::string Bundle(const std::vector<std::string>& objects) {
  std::string text = "{\"type\": \"bundle\", \"id\": \"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\", \"objects\": [";
  for (std::size_t i = 0; i < objects.size(); ++i) text += (i ? ",\n" : "\n") + objects[i];
  return text + "\n]}";
}

ImportPlan Plan(const std::string& text, const StixImportOptions& options = {}) {
  auto plan = PlanStixImportText(text, options);
  EXPECT_TRUE(plan) << plan.error().ToString();
  return plan.value_or(ImportPlan{});
}

std::string Rejections(const ImportPlan& plan) {
  std::string out;
  for (const auto& p : plan.rejected) out += p.object + " " + p.field + ": " + p.reason + "\n";
  return out;
}

TEST(StixImportTest, AttackPatternBecomesATechnique) {
  ImportPlan plan = Plan(Bundle({AttackPattern(kA, "2023-01-01T00:00:00.000Z", "Device Restart/Shutdown")}));
  ASSERT_EQ(plan.techniques.size(), 1u) << Rejections(plan);
  const Technique& technique = plan.techniques[0];
  EXPECT_EQ(technique.id, "T0816");
  EXPECT_EQ(technique.name, "Device Restart/Shutdown");
  EXPECT_EQ(technique.stix_id, kA);
  EXPECT_EQ(technique.modified, "2023-01-01T00:00:00.000Z");
  EXPECT_EQ(technique.domain, "ics-attack");
  EXPECT_EQ(technique.tactics, std::vector<std::string>{"inhibit-response-function"});
  EXPECT_EQ(technique.url, "https://attack.mitre.org/techniques/T0816");
  EXPECT_FALSE(technique.deprecated);
  EXPECT_EQ(plan.objects_read, 1u);
}

TEST(StixImportTest, AttackPatternNotPublishedByMitreIsIgnoredWithItsCreator) {
  const std::string modified = "2023-01-01T00:00:00.000Z";
  ImportPlan plan = Plan(Bundle({AttackPattern(kA, modified, "T0816", "T0816", kAccord),
                                 AttackPattern(kB, modified, "Restart", "T0816", /*creator=*/""),
                                 AttackPattern(kC, modified, "Real", "T0800")}));
  EXPECT_TRUE(plan.rejected.empty()) << Rejections(plan);
  ASSERT_EQ(plan.techniques.size(), 1u);
  EXPECT_EQ(plan.techniques[0].stix_id, kC);
  ASSERT_EQ(plan.ignored.size(), 2u);
  EXPECT_EQ(plan.ignored[0].object, kA);
  EXPECT_EQ(plan.ignored[0].type, "attack-pattern");
  EXPECT_EQ(plan.ignored[0].reason,
            "attack-pattern: ATT&CK reference not published by MITRE (created_by_ref "
            "identity--abe2c2de-7016-58b1-a03a-642b02ac7e24); the technique catalogue keeps "
            "MITRE's own objects");
  EXPECT_EQ(plan.ignored[1].object, kB);
  EXPECT_EQ(plan.ignored[1].reason,
            "attack-pattern: ATT&CK reference not published by MITRE (no created_by_ref); the "
            "technique catalogue keeps MITRE's own objects");
}

TEST(StixImportTest, RevokedAttackPatternIsADeprecatedTechnique) {
  std::string object = AttackPattern(kA, "2023-01-01T00:00:00.000Z", "Old");
  object.insert(object.size() - 1, ", \"revoked\": true");
  ImportPlan plan = Plan(Bundle({object}));
  ASSERT_EQ(plan.techniques.size(), 1u);
  EXPECT_TRUE(plan.techniques[0].deprecated);
}

TEST(StixImportTest, IdenticalDuplicatesAreKeptOnce) {
  // Same content, other member order and spacing: identical in RFC 8785 form.
  const std::string first = AttackPattern(kA, "2023-01-01T00:00:00.000Z", "Same");
  auto parsed = core::ParseJsonStrict(first);
  ASSERT_TRUE(parsed);
  ImportPlan plan = Plan(Bundle({first, core::SerializeCanonical(*parsed)}));
  EXPECT_TRUE(plan.rejected.empty()) << Rejections(plan);
  ASSERT_EQ(plan.techniques.size(), 1u);
  ASSERT_EQ(plan.ignored.size(), 1u);
  EXPECT_EQ(plan.ignored[0].object, kA);
  EXPECT_EQ(plan.ignored[0].reason, "duplicate of objects[0] (identical content): kept once");
}

TEST(StixImportTest, ConflictingDuplicatesAreRejectedNamingBoth) {
  ImportPlan plan = Plan(Bundle({AttackPattern(kA, "2023-01-01T00:00:00.000Z", "One"),
                                 AttackPattern(kB, "2023-01-01T00:00:00.000Z", "Other"),
                                 AttackPattern(kA, "2023-01-01T00:00:00.000Z", "Two")}));
  ASSERT_EQ(plan.rejected.size(), 1u) << Rejections(plan);
  EXPECT_EQ(plan.rejected[0].object, kA);
  EXPECT_EQ(plan.rejected[0].field, "/modified");
  EXPECT_EQ(plan.rejected[0].reason,
            "objects[0] and objects[2] have the same id and modified \"2023-01-01T00:00:00.000Z\" "
            "but different content: which one is meant cannot be told (section 3.6)");
  ASSERT_EQ(plan.techniques.size(), 1u);  // only kB
  EXPECT_EQ(plan.techniques[0].stix_id, kB);
}

TEST(StixImportTest, DuplicatesReadFromAFileAreComparedByContent) {
  // The earlier version is re-read from the file for the comparison.
  const std::string first = AttackPattern(kA, "2023-01-01T00:00:00.000Z", "Same");
  auto parsed = core::ParseJsonStrict(first);
  ASSERT_TRUE(parsed);
  const fs::path path = fs::path(testing::TempDir()) / "stix_import_duplicates.json";
  std::ofstream(path, std::ios::binary)
      << Bundle({first, AttackPattern(kB, "2023-01-01T00:00:00.000Z", "B", "T0800"),
                 core::SerializeCanonical(*parsed), AttackPattern(kB, "2023-01-01T00:00:00.000Z", "C", "T0800")});
  auto plan = PlanStixImportFile(path, {});
  fs::remove(path);
  ASSERT_TRUE(plan) << plan.error().ToString();
  ASSERT_EQ(plan->rejected.size(), 1u) << Rejections(*plan);
  EXPECT_EQ(plan->rejected[0].object, kB);
  EXPECT_NE(plan->rejected[0].reason.find("objects[1] and objects[3]"), std::string::npos);
  ASSERT_EQ(plan->ignored.size(), 1u);
  EXPECT_EQ(plan->ignored[0].reason, "duplicate of objects[0] (identical content): kept once");
  ASSERT_EQ(plan->techniques.size(), 1u);
  EXPECT_EQ(plan->techniques[0].stix_id, kA);
}

TEST(StixImportTest, NewestVersionIsKeptAndOlderOnesIgnored) {
  ImportPlan plan = Plan(Bundle({AttackPattern(kA, "2023-02-01T00:00:00.000Z", "Middle"),
                                 AttackPattern(kA, "2023-03-01T00:00:00.000Z", "Newest"),
                                 AttackPattern(kA, "2023-01-01T00:00:00.000Z", "Oldest")}));
  EXPECT_TRUE(plan.rejected.empty()) << Rejections(plan);
  ASSERT_EQ(plan.techniques.size(), 1u);
  EXPECT_EQ(plan.techniques[0].name, "Newest");
  ASSERT_EQ(plan.ignored.size(), 2u);
  for (const IgnoredObject& ignored : plan.ignored) {
    EXPECT_EQ(ignored.object, kA);
    EXPECT_EQ(ignored.reason.rfind("older version: modified ", 0), 0u) << ignored.reason;
  }
  EXPECT_NE(plan.ignored[0].reason.find("2023-02-01"), std::string::npos);
  EXPECT_NE(plan.ignored[1].reason.find("2023-01-01"), std::string::npos);
}

TEST(StixImportTest, WrongSpecVersionIsRejectedWithObjectAndField) {
  std::string object = AttackPattern(kA, "2023-01-01T00:00:00.000Z", "A");
  object.replace(object.find("\"2.1\""), 5, "\"2.0\"");
  ImportPlan plan = Plan(Bundle({object}));
  ASSERT_EQ(plan.rejected.size(), 1u) << Rejections(plan);
  EXPECT_EQ(plan.rejected[0].object, kA);
  EXPECT_EQ(plan.rejected[0].field, "/spec_version");
  EXPECT_TRUE(plan.techniques.empty());
}

TEST(StixImportTest, CircularRevocationIsRejectedNamingTheCycle) {
  ImportPlan plan = Plan(Bundle({AttackPattern(kA, "2023-01-01T00:00:00.000Z", "A"),
                                 AttackPattern(kB, "2023-01-01T00:00:00.000Z", "B", "T0800"),
                                 Relationship("a1", "revoked-by", kA, kB),
                                 Relationship("b2", "revoked-by", kB, kA)}));
  ASSERT_EQ(plan.rejected.size(), 2u) << Rejections(plan);
  for (const ImportProblem& problem : plan.rejected) {
    EXPECT_EQ(problem.object.rfind("relationship--", 0), 0u);
    EXPECT_NE(problem.reason.find("circular revoked-by chain: "), std::string::npos) << problem.reason;
    // The cycle is named whichever end the search started from.
    const bool a_first = problem.reason.find(std::string(kA) + " -> " + std::string(kB) + " -> " +
                                             std::string(kA)) != std::string::npos;
    const bool b_first = problem.reason.find(std::string(kB) + " -> " + std::string(kA) + " -> " +
                                             std::string(kB)) != std::string::npos;
    EXPECT_TRUE(a_first || b_first) << problem.reason;
  }
}

TEST(StixImportTest, LongerCycleAndSelfLoopAreRejectedButChainsAreNot) {
  ImportPlan cycle = Plan(Bundle({Relationship("a1", "derived-from", kA, kB),
                                  Relationship("b2", "duplicate-of", kB, kC),
                                  Relationship("c3", "derived-from", kC, kA)}));
  EXPECT_EQ(cycle.rejected.size(), 3u) << Rejections(cycle);
  ImportPlan self = Plan(Bundle({Relationship("d4", "derived-from", kA, kA)}));
  ASSERT_EQ(self.rejected.size(), 1u) << Rejections(self);
  EXPECT_NE(self.rejected[0].reason.find(std::string(kA) + " -> " + std::string(kA)), std::string::npos);
  ImportPlan chain = Plan(Bundle({Relationship("a1", "revoked-by", kA, kB),
                                  Relationship("b2", "revoked-by", kB, kC),
                                  Relationship("e5", "uses", kC, kA)}));
  EXPECT_TRUE(chain.rejected.empty()) << Rejections(chain);
  EXPECT_EQ(chain.ignored.size(), 3u);
}

TEST(StixImportTest, RelationshipWithAbsentEndIsFineButNotedForAnIncident) {
  ImportPlan plan = Plan(Bundle({Relationship("a1", "uses", kA, kB),
                                 Relationship("b2", "targets",
                                              "incident--7a3ead4e-6d47-4ccb-854c-a6a4f9d96b22",
                                              "identity--7a3ead4e-6d47-4ccb-854c-a6a4f9d96b22")}));
  EXPECT_TRUE(plan.rejected.empty()) << Rejections(plan);
  ASSERT_EQ(plan.ignored.size(), 2u);
  EXPECT_EQ(plan.ignored[0].reason, "relationship: kept only as part of an incident it connects");
  EXPECT_EQ(plan.ignored[1].reason,
            "relationship: identity--7a3ead4e-6d47-4ccb-854c-a6a4f9d96b22 is not in the bundle "
            "(allowed by STIX, section 5.1), so this relationship of an incident is not imported");
}

TEST(StixImportTest, MarkingsAreRecognisedOrIgnoredWithAReason) {
  const std::string tlp1_green =
      "{\"type\": \"marking-definition\", \"spec_version\": \"2.1\", \"id\": "
      "\"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\", \"created\": "
      "\"2017-01-20T00:00:00.000Z\", \"definition_type\": \"tlp\", \"definition\": {\"tlp\": \"green\"}}";
  const std::string statement =
      "{\"type\": \"marking-definition\", \"spec_version\": \"2.1\", \"id\": "
      "\"marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168\", \"created\": "
      "\"2017-06-01T00:00:00.000Z\", \"definition_type\": \"statement\", \"definition\": "
      "{\"statement\": \"Copyright\"}}";
  ImportPlan plan = Plan(Bundle({tlp1_green, statement}));
  EXPECT_TRUE(plan.rejected.empty()) << Rejections(plan);
  ASSERT_EQ(plan.ignored.size(), 2u);
  EXPECT_NE(plan.ignored[0].reason.find("TLP:GREEN (TLP 1.0)"), std::string::npos) << plan.ignored[0].reason;
  EXPECT_NE(plan.ignored[1].reason.find("a statement marking, not one of the nine TLP"), std::string::npos)
      << plan.ignored[1].reason;
}

TEST(StixImportTest, OtherTypesAreIgnoredWithOneLinePerType) {
  const std::string tactic =
      "{\"type\": \"x-mitre-tactic\", \"spec_version\": \"2.1\", \"id\": "
      "\"x-mitre-tactic--3a3ead4e-6d47-4ccb-854c-a6a4f9d96b22\", \"created\": \"2020-05-21T17:43:26.506Z\", "
      "\"modified\": \"2020-05-21T17:43:26.506Z\", \"name\": \"Impact\"}";
  ImportPlan plan = Plan(Bundle({tactic}));
  ASSERT_EQ(plan.ignored.size(), 1u);
  EXPECT_EQ(plan.ignored[0].type, "x-mitre-tactic");
  EXPECT_EQ(plan.ignored[0].reason,
            "x-mitre-tactic: ATT&CK tactic, not kept by accord (techniques carry their tactic names)");
}

TEST(StixImportTest, UnknownTopLevelMemberIsListed) {
  std::string text = Bundle({});
  text.insert(1, "\"spec_version\": \"2.0\", ");
  ImportPlan plan = Plan(text);
  ASSERT_EQ(plan.ignored.size(), 1u);
  EXPECT_EQ(plan.ignored[0].type, "bundle");
  EXPECT_EQ(plan.ignored[0].object, "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d");
  EXPECT_NE(plan.ignored[0].reason.find("\"spec_version\""), std::string::npos);
}

TEST(StixImportTest, TruncatedBundleIsOneErrorWithPosition) {
  const std::string text = Bundle({AttackPattern(kA, "2023-01-01T00:00:00.000Z", "A")});
  auto plan = PlanStixImportText(std::string_view(text).substr(0, 150), {});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(plan.error().message.rfind("line 2, column ", 0), 0u) << plan.error().message;
  EXPECT_NE(plan.error().message.find("(byte 150): unexpected end of input in a string of objects[0]"),
            std::string::npos)
      << plan.error().message;
}

TEST(StixImportTest, DeepNestingIsRefusedAsAResourceLimit) {
  std::string object = AttackPattern(kA, "2023-01-01T00:00:00.000Z", "A");
  object.insert(object.size() - 1, ", \"x_deep\": " + std::string(70, '[') + std::string(70, ']'));
  auto plan = PlanStixImportText(Bundle({object}), {});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_NE(plan.error().message.find("objects[0] is nested deeper than 64 levels"), std::string::npos);
}

TEST(StixImportTest, EnvelopeIsReadWhenAsked) {
  StixImportOptions options;
  options.envelope = true;
  auto plan = PlanStixImportText(
      "{\"more\": false, \"objects\": [" + AttackPattern(kA, "2023-01-01T00:00:00.000Z", "A") + "]}",
      options);
  ASSERT_TRUE(plan) << plan.error().ToString();
  EXPECT_EQ(plan->techniques.size(), 1u);
  auto as_bundle = PlanStixImportText("{\"more\": false, \"objects\": []}", {});
  EXPECT_FALSE(as_bundle);
}

TEST(StixImportTest, CountsObjectsAndBytesAndReportsProgress) {
  const std::string text = Bundle({AttackPattern(kA, "2023-01-01T00:00:00.000Z", "A"),
                                   AttackPattern(kB, "2023-01-01T00:00:00.000Z", "B", "T0800")});
  StixImportOptions options;
  std::uint64_t done = 0;
  std::size_t objects = 0;
  options.progress = [&](std::uint64_t bytes_done, std::uint64_t, std::size_t count) {
    done = bytes_done;
    objects = count;
  };
  ImportPlan plan = Plan(text, options);
  EXPECT_EQ(plan.objects_read, 2u);
  EXPECT_EQ(plan.bytes_read, text.size());
  EXPECT_EQ(done, text.size());
  EXPECT_EQ(objects, 2u);
}

// A demo report of the repository (data/demo/NAME), decoded.
std::optional<model::IncidentReport> DemoReport(std::string_view name) {
  std::ifstream in(std::string(ACCORD_TEST_SOURCE_DIR) + "/data/demo/" + std::string(name));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return model::DecodeIncidentReport(buffer.str()).report;
}

// The bundle `accord stix export` writes for `report`.
std::string ExportBundle(const model::IncidentReport& report) {
  ExportedReport exported{&report, {}};
  return core::SerializeCanonical(EncodeStixBundle(
      std::span<const ExportedReport>(&exported, 1), "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"));
}

TEST(StixImportTest, ExportedIncidentComesBackAsAReport) {
  const auto report = DemoReport("2015-12-ukraine-power-grid.json");
  ASSERT_TRUE(report.has_value());
  ImportPlan plan = Plan(ExportBundle(*report));
  EXPECT_TRUE(plan.rejected.empty()) << Rejections(plan);
  ASSERT_EQ(plan.reports.size(), 1u);
  EXPECT_EQ(plan.reports[0].source.rfind("incident--", 0), 0u);
  EXPECT_EQ(plan.reports[0].report.id, report->id);
  // node -> STIX -> node reproduces the report (issue 7).
  EXPECT_TRUE(plan.reports[0].report == *report);
}

TEST(StixImportTest, AccordExportYieldsNoTechniquesAndSaysWhy) {
  // `accord stix export` cites each technique of a report in an
  // attack-pattern of its own: name = the id, an ATT&CK external
  // reference, no created_by_ref (docs/exchange/stix.md, `techniques[k]`).
  // Importing the bundle again must not record those as techniques, nor
  // replace MITRE's fuller entries with them.
  const auto report = DemoReport("2017-06-notpetya.json");
  ASSERT_TRUE(report.has_value());
  ASSERT_FALSE(report->techniques.empty()) << "the demo report names no technique: nothing to check";
  ImportPlan plan = Plan(ExportBundle(*report));
  EXPECT_TRUE(plan.rejected.empty()) << Rejections(plan);
  EXPECT_TRUE(plan.techniques.empty());
  std::size_t attack_patterns = 0;
  for (const IgnoredObject& ignored : plan.ignored) {
    if (ignored.type != "attack-pattern") continue;
    ++attack_patterns;
    EXPECT_EQ(ignored.reason,
              "attack-pattern: ATT&CK reference not published by MITRE (no created_by_ref); the "
              "technique catalogue keeps MITRE's own objects")
        << ignored.object;
  }
  EXPECT_EQ(attack_patterns, report->techniques.size());
  // The report itself still names its techniques: they are read through
  // the incident.
  ASSERT_EQ(plan.reports.size(), 1u);
  EXPECT_EQ(plan.reports[0].report.techniques, report->techniques);
}

TEST(StixImportTest, ForeignIncidentReadsRelationshipsOfItsIdentities) {
  // A MISP/OpenCTI-style incident without accord's extension: the affected
  // entity's country comes from the identity's located-at relationship,
  // which the planner must hand to the decoder.
  auto object = [](std::string_view type, std::string_view uuid, std::string_view members) {
    return "{\"type\": \"" + std::string(type) + "\", \"spec_version\": \"2.1\", \"id\": \"" +
           std::string(type) + "--" + std::string(uuid) +
           "\", \"created\": \"2024-03-01T10:00:00.000Z\", \"modified\": \"2024-03-01T10:00:00.000Z\", " +
           std::string(members) + "}";
  };
  const std::string reporter = "identity--1a0d4b8e-2d0c-4c8a-9a51-0f3c2f9d7a01";
  const std::string victim = "identity--2b0d4b8e-2d0c-4c8a-9a51-0f3c2f9d7a02";
  const std::string location = "location--3c0d4b8e-2d0c-4c8a-9a51-0f3c2f9d7a03";
  const std::string incident = "incident--4d0d4b8e-2d0c-4c8a-9a51-0f3c2f9d7a04";
  const std::string bundle = Bundle({
      object("identity", "1a0d4b8e-2d0c-4c8a-9a51-0f3c2f9d7a01",
             "\"name\": \"CERT-UA\", \"identity_class\": \"organization\""),
      object("identity", "2b0d4b8e-2d0c-4c8a-9a51-0f3c2f9d7a02",
             "\"name\": \"Oblenergo\", \"identity_class\": \"organization\", \"sectors\": [\"energy\"]"),
      object("location", "3c0d4b8e-2d0c-4c8a-9a51-0f3c2f9d7a03", "\"country\": \"UA\""),
      object("incident", "4d0d4b8e-2d0c-4c8a-9a51-0f3c2f9d7a04",
             "\"name\": \"Grid outage\", \"first_seen\": \"2024-02-28T22:00:00Z\", \"created_by_ref\": \"" + reporter + "\""),
      Relationship("51", "targets", incident, victim),
      Relationship("62", "located-at", victim, location),
  });
  ImportPlan plan = Plan(bundle);
  if (plan.reports.empty()) {
    std::string problems = Rejections(plan);
    FAIL() << "no report; rejected:\n" << problems;
  }
  ASSERT_EQ(plan.reports[0].report.affected_entities.size(), 1u);
  EXPECT_EQ(plan.reports[0].report.affected_entities[0].state, "UA");
}

// Peak resident memory in KiB (VmHWM), after resetting it where the kernel
// allows (writing 5 to clear_refs, Linux 4.0+).
long PeakRssKib(bool reset) {
  if (reset) std::ofstream("/proc/self/clear_refs") << "5";
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

long CurrentRssKib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

TEST(StixImportTest, HundredMegabyteBundleIsPlannedInBoundedMemory) {
  // 12,000 indicators of ~9 KB each, written piece by piece.
  const fs::path path = fs::path(testing::TempDir()) / "stix_import_100mb.json";
  const std::string description(8800, 'd');
  {
    std::ofstream out(path, std::ios::binary);
    out << "{\"type\": \"bundle\", \"id\": \"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\", \"objects\": [\n";
    char id[64];
    for (int i = 0; i < 12000; ++i) {
      std::snprintf(id, sizeof id, "indicator--%08x-6d47-4ccb-854c-a6a4f9d96b22", i);
      out << (i ? ",\n" : "") << "{\"type\": \"indicator\", \"spec_version\": \"2.1\", \"id\": \"" << id
          << "\", \"created\": \"2020-05-21T17:43:26.506Z\", \"modified\": \"2020-05-21T17:43:26.506Z\", "
             "\"pattern\": \"[ipv4-addr:value = '198.51.100.1']\", \"pattern_type\": \"stix\", "
             "\"valid_from\": \"2020-05-21T17:43:26Z\", \"description\": \"" << description << "\"}";
    }
    out << "\n]}\n";
  }
  ASSERT_GT(fs::file_size(path), 100u << 20);
  const long baseline = CurrentRssKib();
  PeakRssKib(true);
  auto plan = PlanStixImportFile(path, {});
  const long peak = PeakRssKib(false);
  fs::remove(path);
  ASSERT_TRUE(plan) << plan.error().ToString();
  EXPECT_EQ(plan->objects_read, 12000u);
  EXPECT_EQ(plan->ignored.size(), 12000u);
  EXPECT_TRUE(plan->rejected.empty());
  // The whole file would be 100+ MB; its trees several times that.
  RecordProperty("peak_rss_growth_kib", static_cast<int>(peak - baseline));
  std::printf("peak RSS growth while planning %ju bytes: %ld KiB\n",
              static_cast<std::uintmax_t>(plan->bytes_read), peak - baseline);
  EXPECT_LT(peak - baseline, 64 * 1024) << "peak RSS grew by " << (peak - baseline) << " KiB";
}

}  // namespace
}  // namespace accord::exchange
