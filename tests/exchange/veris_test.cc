// Tests of exchange/veris.h on records built here, one claim each: the
// mapping of docs/exchange/veris.md, and every path by which a record is
// rejected or a file ignored. The VCDB set itself is tests/interop's.
#include "exchange/veris.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>

#include "core/canonical_json.h"
#include "core/json_reader.h"
#include "model/json_pointer.h"
#include "model/report_codec.h"

namespace accord::exchange {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A VCDB-like record (schema 1.3.4) that maps to a valid report.
constexpr char kRecord[] = R"({
  "schema_version": "1.3.4",
  "incident_id": "7FBE1079-2038-4742-AD27-9F247E00D4D7",
  "source_id": "vcdb",
  "security_incident": "Confirmed",
  "summary": "Spear phishing against the water utility",
  "notes": "Coded from two articles.",
  "confidence": "Medium",
  "reference": "https://example.org/a; http://example.net/b (20140318) https://example.org/a",
  "timeline": {"incident": {"year": 2016, "month": 10, "day": 14, "time": "13:45:10"},
               "compromise": {"unit": "Days"}},
  "victim": {"country": ["Unknown", "UA"], "industry": "221310", "victim_id": "City Water",
             "employee_count": "1001 to 10000"},
  "actor": {"external": {"variety": ["State-affiliated"], "country": ["RU", "Unknown"],
                         "motive": ["Espionage"]}},
  "action": {"hacking": {"variety": ["Use of backdoor or C2"], "cve": "cve-2013-0640,CVE-2013-0641"},
             "malware": {"variety": ["Backdoor"], "cve": "Heartbleed, CVE-2013-0640"}},
  "attribute": {"availability": {"variety": ["Interruption"],
                                 "duration": {"unit": "Minutes", "value": 90}},
                "integrity": {"variety": ["Software installation"]},
                "confidentiality": {"data_disclosure": "Potentially"}},
  "asset": {"assets": [{"variety": "S - Mail"}]},
  "impact": {"overall_rating": "Unknown"},
  "plus": {"created": "2016-10-17T18:31:00Z", "modified": "2016-11-04T16:58:00Z",
           "analyst": "someone"}
})";

// kRecord with the member at `pointer` replaced by the JSON `value`, or
// removed when `value` is empty.
std::string Edited(std::string_view pointer, std::string_view value) {
  core::JsonValue record = *core::ParseJsonStrict(kRecord);
  const auto tokens = *model::ParsePointer(pointer);
  // Walks and rebuilds the path; the record's objects are small.
  std::function<core::JsonValue(const core::JsonValue&, std::size_t)> edit =
      [&](const core::JsonValue& node, std::size_t depth) -> core::JsonValue {
    core::JsonObject members = node.AsObject();
    const std::string& name = tokens[depth];
    auto found = std::find_if(members.begin(), members.end(),
                              [&](const core::JsonMember& m) { return m.name == name; });
    if (depth + 1 == tokens.size()) {
      if (value.empty()) {
        if (found != members.end()) members.erase(found);
      } else if (found != members.end()) {
        found->value = *core::ParseJsonStrict(value);
      } else {
        members.push_back({name, *core::ParseJsonStrict(value)});
      }
    } else {
      found->value = edit(found->value, depth + 1);
    }
    return core::JsonValue::Object(std::move(members));
  };
  return core::SerializeCanonical(edit(record, 0));
}

ImportPlan Plan(std::string_view text) {
  return PlanVerisImportText(text, "incidents/x.json");
}

// The single rejection reasons of a plan, "field: reason".
std::vector<std::string> Rejections(const ImportPlan& plan) {
  std::vector<std::string> out;
  for (const ImportProblem& problem : plan.rejected) {
    EXPECT_EQ(problem.object, "incidents/x.json");
    out.push_back(problem.field + ": " + problem.reason);
  }
  return out;
}

const model::IncidentReport& OnlyReport(const ImportPlan& plan) {
  EXPECT_EQ(plan.reports.size(), 1u);
  for (const ImportProblem& problem : plan.rejected) ADD_FAILURE() << problem.field << ": " << problem.reason;
  static const model::IncidentReport kEmpty;
  return plan.reports.empty() ? kEmpty : plan.reports[0].report;
}

TEST(VerisImportTest, MapsTheRecordFieldByField) {
  const ImportPlan plan = Plan(kRecord);
  const model::IncidentReport& report = OnlyReport(plan);
  EXPECT_EQ(plan.reports[0].source, "incidents/x.json");
  EXPECT_EQ(report.id.ToString(), "incident-report--7fbe1079-2038-4742-ad27-9f247e00d4d7");
  EXPECT_EQ(report.title, "Spear phishing against the water utility");
  EXPECT_EQ(report.reporter.kind, model::ReporterKind::kWatchdog);
  EXPECT_EQ(report.reporter.name, "VERIS Community Database");
  EXPECT_EQ(core::FormatRfc3339(report.reported_at), "2016-10-17T18:31:00Z");
  EXPECT_EQ(core::FormatRfc3339(report.times.start), "2016-10-14T13:45:10Z");
  EXPECT_EQ(report.times.precision, model::StartPrecision::kSecond);
  EXPECT_THAT(report.affected_states, ElementsAre("UA"));
  ASSERT_EQ(report.affected_entities.size(), 1u);
  EXPECT_EQ(report.affected_entities[0].sector, "drinking-water");
  EXPECT_EQ(report.affected_entities[0].entity_type, "water-utility");
  EXPECT_EQ(report.affected_entities[0].state, "UA");
  EXPECT_EQ(report.affected_entities[0].name, "City Water");
  EXPECT_EQ(report.affected_entities[0].civilian_status, model::CivilianStatus::kCivilian);
  EXPECT_TRUE(report.effects.availability);
  EXPECT_TRUE(report.effects.integrity);
  EXPECT_FALSE(report.effects.confidentiality);  // "Potentially" is not "Yes"
  EXPECT_EQ(report.effects.disruption_hours, 2);  // 90 minutes, rounded up
  EXPECT_THAT(report.vulnerabilities, ElementsAre("CVE-2013-0640", "CVE-2013-0641"));
  ASSERT_EQ(report.attributions.size(), 1u);
  const model::Attribution& attribution = report.attributions[0];
  EXPECT_EQ(attribution.to.kind, model::AttributedKind::kStateAffiliatedGroup);
  EXPECT_EQ(attribution.to.state, "RU");
  EXPECT_EQ(attribution.sponsorship, model::Sponsorship::kStateSponsored);
  EXPECT_EQ(attribution.by.kind, model::AttributorKind::kResearcher);
  EXPECT_THAT(attribution.basis, ElementsAre(model::AttributionBasis::kMedia));
  EXPECT_EQ(attribution.confidence, model::Confidence::kModerate);
  EXPECT_EQ(attribution.source, "https://example.org/a");
  ASSERT_EQ(report.references.size(), 1u);  // the http link and the date are listed, not kept
  EXPECT_EQ(report.references[0].url, "https://example.org/a");
  EXPECT_EQ(report.references[0].title, "example.org");
  EXPECT_EQ(report.narrative, "Spear phishing against the water utility\n\nCoded from two articles.");
  EXPECT_EQ(report.tlp, model::Tlp::kClear);
  EXPECT_FALSE(report.exercise);
  EXPECT_TRUE(model::ValidateIncidentReport(report).empty());
}

TEST(VerisImportTest, ListsWhatIsNotMappedPerSection) {
  const ImportPlan plan = Plan(kRecord);
  std::map<std::string, std::string> by_type;
  for (const IgnoredObject& ignored : plan.ignored) {
    EXPECT_EQ(ignored.object, "incidents/x.json");
    by_type[ignored.type] = ignored.reason;
  }
  EXPECT_THAT(by_type["reference"], HasSubstr("1 http URL not mapped"));
  EXPECT_THAT(by_type["reference"], HasSubstr("\"(20140318)\""));
  EXPECT_THAT(by_type["action.*.cve"], HasSubstr("\"Heartbleed\""));
  EXPECT_THAT(by_type["action"], HasSubstr("hacking, malware"));
  EXPECT_THAT(by_type["victim"], HasSubstr("employee_count"));
  EXPECT_THAT(by_type["plus"], HasSubstr("analyst"));
  EXPECT_THAT(by_type["timeline"], HasSubstr("compromise"));
  EXPECT_EQ(by_type.count("impact"), 1u);
  EXPECT_EQ(by_type.count("asset"), 1u);
  EXPECT_EQ(by_type.count("security_incident"), 1u);
}

// Expected ids computed independently with Python's uuid module:
//   python3 -c "import uuid; print(uuid.uuid5(
//       uuid.UUID('e8c428db-fbf7-45ad-9e33-669ae17c7859'), 'TEST_ID'))"
// (and 'TEST_ID2', 'vcdb-\u00e4 1'): UUIDv5 of RFC 9562 section 5.5 in the
// VERIS namespace of docs/exchange/veris.md, over the id's UTF-8 text.
TEST(VerisImportTest, NonUuidIncidentIdsBecomeUuidV5InTheVerisNamespace) {
  const std::string text = Edited("/incident_id", R"("TEST_ID")");
  const model::IncidentReport first = OnlyReport(Plan(text));
  EXPECT_EQ(first.id.ToString(), "incident-report--04c91114-2267-5b27-bfa0-a1601b3d251b");
  EXPECT_EQ(first.id.uuid.version(), 5);
  EXPECT_TRUE(first.id.uuid.is_rfc9562_variant());
  EXPECT_EQ(first.id, OnlyReport(Plan(text)).id);  // the same on every import
  EXPECT_EQ(OnlyReport(Plan(Edited("/incident_id", R"("TEST_ID2")"))).id.ToString(),
            "incident-report--f050c7e5-5159-50c3-82b2-d3a6ec13016e");
  // The name is the JSON string's value, not its escaped spelling.
  EXPECT_EQ(OnlyReport(Plan(Edited("/incident_id", R"("vcdb-\u00e4 1")"))).id.ToString(),
            "incident-report--802a70fd-2f68-5072-aeed-03c6ac4e9968");
}

TEST(VerisImportTest, TimelinePrecisionFollowsTheFieldsGiven) {
  const model::IncidentReport year_only =
      OnlyReport(Plan(Edited("/timeline/incident", R"({"year": 2012})")));
  EXPECT_EQ(core::FormatRfc3339(year_only.times.start), "2012-01-01T00:00:00Z");
  EXPECT_EQ(year_only.times.precision, model::StartPrecision::kYear);
  const model::IncidentReport month =
      OnlyReport(Plan(Edited("/timeline/incident", R"({"year": 2012, "month": 7})")));
  EXPECT_EQ(month.times.precision, model::StartPrecision::kMonth);
  const model::IncidentReport bad_time = OnlyReport(
      Plan(Edited("/timeline/incident", R"({"year": 2012, "month": 7, "day": 3, "time": "noon"})")));
  EXPECT_EQ(bad_time.times.precision, model::StartPrecision::kDay);
}

TEST(VerisImportTest, LongSummariesAreCutAtAWordBoundary) {
  std::string summary;
  while (summary.size() < 400) summary += "word ";
  const model::IncidentReport report =
      OnlyReport(Plan(Edited("/summary", "\"" + summary + "\"")));
  EXPECT_LE(report.title.size(), 200u + 2);  // "…" is 3 bytes, 1 code point
  EXPECT_THAT(report.title, ::testing::EndsWith("word\u2026"));
  EXPECT_EQ(report.narrative->substr(0, 20), summary.substr(0, 20));
}

TEST(VerisImportTest, NationStateWithoutCountryIsAnUnknownActorOfAState) {
  const model::IncidentReport report = OnlyReport(Plan(
      Edited("/actor", R"({"external": {"variety": ["Nation-state"], "country": ["Unknown"]}})")));
  ASSERT_EQ(report.attributions.size(), 1u);
  EXPECT_EQ(report.attributions[0].to.kind, model::AttributedKind::kUnknown);
  EXPECT_EQ(report.attributions[0].sponsorship, model::Sponsorship::kStateConducted);
}

TEST(VerisImportTest, AssetCountryStandsInForAnUnknownVictimCountry) {
  std::string text = Edited("/victim/country", R"(["Unknown"])");
  text = [&] {
    core::JsonValue record = *core::ParseJsonStrict(text);
    core::JsonObject members = record.AsObject();
    for (auto& member : members) {
      if (member.name == "asset") member.value = *core::ParseJsonStrict(R"({"country": ["FR"]})");
    }
    return core::SerializeCanonical(core::JsonValue::Object(std::move(members)));
  }();
  EXPECT_THAT(OnlyReport(Plan(text)).affected_states, ElementsAre("FR"));
}

TEST(VerisImportTest, RejectsUnknownCountryWithTheReason) {
  EXPECT_THAT(Rejections(Plan(Edited("/victim/country", R"(["Unknown", "Other"])"))),
              ElementsAre("/victim/country: no country known (found \"Unknown\", \"Other\"): "
                          "accord requires at least one affected state (ISO 3166-1 alpha-2), and "
                          "neither victim.country nor asset.country names one"));
}

TEST(VerisImportTest, RejectsAnInvalidCountryCodeAtItsVerisField) {
  const auto rejections = Rejections(Plan(Edited("/victim/country", R"(["Unknown", "XK"])")));
  ASSERT_FALSE(rejections.empty());
  EXPECT_THAT(rejections[0], HasSubstr("/victim/country/1: maps to /affected_states/0: "));
}

TEST(VerisImportTest, RejectsIndustriesOutsideCriticalInfrastructure) {
  const auto rejections = Rejections(Plan(Edited("/victim/industry", R"("721110")")));
  ASSERT_EQ(rejections.size(), 1u);
  EXPECT_THAT(rejections[0], HasSubstr("/victim/industry: NAICS \"721110\" is outside the critical "
                                       "infrastructure sectors accord covers"));
  EXPECT_THAT(Rejections(Plan(Edited("/victim/industry", ""))),
              ElementsAre(HasSubstr("/victim/industry: expected the victim's NAICS code")));
}

TEST(VerisImportTest, RejectsUnsupportedOrMissingSchemaVersions) {
  EXPECT_THAT(Rejections(Plan(Edited("/schema_version", R"("1.2.1")"))),
              ElementsAre("/schema_version: VERIS schema \"1.2.1\" is not supported; expected "
                          "1.3.x or 1.4.x"));
  EXPECT_THAT(Rejections(Plan(Edited("/schema_version", ""))),
              ElementsAre(HasSubstr("/schema_version: missing")));
  EXPECT_EQ(Plan(Edited("/schema_version", R"("1.4.1")")).reports.size(), 1u);
}

TEST(VerisImportTest, RejectsAMissingIncidentId) {
  EXPECT_THAT(Rejections(Plan(Edited("/incident_id", R"(42)"))),
              ElementsAre("/incident_id: expected the incident's id (a non-empty string), found a "
                          "number"));
}

TEST(VerisImportTest, RejectsBadTimelines) {
  EXPECT_THAT(Rejections(Plan(Edited("/timeline/incident", R"({"month": 2})"))),
              ElementsAre("/timeline/incident/year: missing; VERIS requires the year"));
  EXPECT_THAT(Rejections(Plan(Edited("/timeline/incident", R"({"year": 2015, "month": 2, "day": 30})"))),
              ElementsAre("/timeline/incident/day: no day 30 in 2015-2"));
  EXPECT_THAT(Rejections(Plan(Edited("/timeline/incident", R"({"year": 2015, "month": 13})"))),
              ElementsAre("/timeline/incident/month: expected an integer from 1 to 12, found 13"));
  EXPECT_THAT(Rejections(Plan(Edited("/timeline", ""))),
              ElementsAre(HasSubstr("/timeline/incident: missing")));
}

TEST(VerisImportTest, RejectsRecordsWithoutACodingDate) {
  EXPECT_THAT(Rejections(Plan(Edited("/plus", R"({"analyst": "x"})"))),
              ElementsAre("/plus/created: missing, as is /plus/modified; accord needs when the "
                          "incident was reported"));
  EXPECT_THAT(Rejections(Plan(Edited("/plus/created", R"("yesterday")"))),
              ElementsAre(HasSubstr("/plus/created: expected an RFC 3339 date-time")));
}

TEST(VerisImportTest, ReportedBeforeTheIncidentIsRejectedAtTheCodingDate) {
  core::JsonValue record = *core::ParseJsonStrict(Edited("/plus", R"({"created": "2015-01-01T00:00:00Z"})"));
  const auto rejections = Rejections(Plan(core::SerializeCanonical(record)));
  ASSERT_EQ(rejections.size(), 1u);
  EXPECT_THAT(rejections[0], HasSubstr("/plus/created: maps to /reported_at: "));
}

TEST(VerisImportTest, RejectsFalsePositives) {
  EXPECT_THAT(Rejections(Plan(Edited("/security_incident", R"("False positive")"))),
              ElementsAre("/security_incident: \"False positive\": the record describes no "
                          "incident"));
}

TEST(VerisImportTest, RejectsTextThatIsNotJson) {
  const auto rejections = Rejections(Plan("{\"incident_id\": "));
  ASSERT_EQ(rejections.size(), 1u);
  EXPECT_THAT(rejections[0], HasSubstr(": not a JSON document: line 1"));
}

TEST(VerisImportTest, IgnoresJsonThatIsNotAVerisIncident) {
  const ImportPlan plan = Plan(R"({"description": "a manifest", "count": 3})");
  EXPECT_TRUE(plan.reports.empty());
  EXPECT_TRUE(plan.rejected.empty());
  ASSERT_EQ(plan.ignored.size(), 1u);
  EXPECT_EQ(plan.ignored[0].type, "file");
  EXPECT_EQ(plan.ignored[0].reason,
            "not a VERIS incident: neither incident_id nor schema_version is present");
  EXPECT_EQ(Plan("[1, 2]").ignored[0].reason, "not a VERIS incident: a JSON array, not an object");
}

TEST(VerisImportTest, DirectoryImportNamesFilesAndReportsProgress) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("veris_test_" + std::to_string(::getpid())) / "set";
  std::filesystem::create_directories(dir / "incidents");
  std::ofstream(dir / "incidents" / "a.json") << kRecord;
  std::ofstream(dir / "incidents" / "b.JSON") << Edited("/victim/industry", R"("44")");
  std::ofstream(dir / "notes.txt") << "not read";
  std::vector<std::pair<std::size_t, std::size_t>> progress;
  DirectoryImportOptions options;
  options.progress = [&](std::size_t done, std::size_t total) { progress.emplace_back(done, total); };
  auto plan = PlanVerisImport(dir, options);
  std::filesystem::remove_all(dir.parent_path());
  ASSERT_TRUE(plan.has_value()) << plan.error().ToString();
  EXPECT_EQ(plan->objects_read, 2u);
  ASSERT_EQ(plan->reports.size(), 1u);
  EXPECT_EQ(plan->reports[0].source, "set/incidents/a.json");
  ASSERT_EQ(plan->rejected.size(), 1u);
  EXPECT_EQ(plan->rejected[0].object, "set/incidents/b.JSON");
  EXPECT_EQ(progress, (std::vector<std::pair<std::size_t, std::size_t>>{{1, 2}, {2, 2}}));
}

TEST(VerisImportTest, AMissingPathFailsAsAWhole) {
  auto plan = PlanVerisImport("/nonexistent/veris", {});
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().code, core::ErrorCode::kNotFound);
  EXPECT_THAT(plan.error().message, HasSubstr("/nonexistent/veris: no such file or directory"));
}

}  // namespace
}  // namespace accord::exchange
