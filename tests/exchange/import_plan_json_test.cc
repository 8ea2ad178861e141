#include "exchange/import_plan_json.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "core/canonical_json.h"
#include "core/json_reader.h"
#include "model/report_codec.h"

namespace accord::exchange {
namespace {

using core::JsonValue;
using model::FieldError;

// A minimal valid report (docs/incident-report.md), the test's own text.
std::string ReportJson(const std::string& id) {
  return R"({"schema":"accord.incident-report/1","id":")" + id +
         R"(","title":"Outage at a water utility","tlp":"CLEAR",)"
         R"("reporter":{"kind":"watchdog","name":"A research group"},)"
         R"("times":{"start":"2024-03-01T00:00:00Z","precision":"day"},)"
         R"("reported_at":"2024-03-05T00:00:00Z","affected_states":["PL"],)"
         R"("affected_entities":[{"sector":"transport.water","entity_type":"port",)"
         R"("state":"PL","civilian_status":"civilian"}],)"
         R"("effects":{"confidentiality":false,"integrity":true,"availability":true,)"
         R"("effect_location":"it","physical_damage":"none","recoverability":"regular"}})";
}

JsonValue Parse(const std::string& text) {
  auto parsed = core::ParseJsonStrict(text);
  EXPECT_TRUE(parsed) << parsed.error().message;
  return parsed ? *parsed : JsonValue::Null();
}

std::vector<FieldError> ErrorsOf(const std::string& body) {
  auto decoded = DecodeImportRequest(Parse(body));
  if (auto* errors = std::get_if<std::vector<FieldError>>(&decoded)) return *errors;
  return {};
}

bool HasError(const std::vector<FieldError>& errors, const std::string& pointer,
              const std::string& message_part) {
  for (const auto& error : errors)
    if (error.pointer == pointer && error.message.find(message_part) != std::string::npos)
      return true;
  return false;
}

std::string Listed(const std::vector<FieldError>& errors) {
  std::string text;
  for (const auto& error : errors) text += error.ToString() + "\n";
  return text;
}

Technique SampleTechnique() {
  return Technique{.id = "T0800",
                   .name = "Activate Firmware Update Mode",
                   .stix_id = "attack-pattern--19a71d1e-6334-4233-8260-b749cae37953",
                   .modified = "2025-04-25T15:16:44.679Z",
                   .domain = "ics-attack",
                   .tactics = {"inhibit-response-function"},
                   .url = "https://attack.mitre.org/techniques/T0800",
                   .deprecated = false};
}

Advisory SampleAdvisory() {
  return Advisory{.tracking_id = "ICSA-24-001-01",
                  .publisher = "Example Vendor",
                  .title = "Example advisory",
                  .initial_release_date = "2024-01-02T00:00:00Z",
                  .current_release_date = "2024-01-03T00:00:00Z",
                  .tracking_version = "2",
                  .cves = {"CVE-2024-0001", "CVE-2024-12345"},
                  .url = "https://example.org/advisory.json"};
}

TEST(ImportPlanJsonTest, RequestRoundTripsReportsTechniquesAndAdvisories) {
  auto report = model::DecodeIncidentReport(
      ReportJson("incident-report--0b3a4e1c-6b7f-4f0e-9a55-8f2e3c4d5e6f"));
  ASSERT_TRUE(report) << report.ToError().message;
  ImportPlan plan;
  plan.reports.push_back({"incident--0b3a4e1c-6b7f-4f0e-9a55-8f2e3c4d5e6f", *report.report});
  plan.techniques.push_back(SampleTechnique());
  plan.advisories.push_back(SampleAdvisory());
  plan.ignored.push_back({"malware--x", "malware", "not kept"});  // stays on the client

  std::string text = EncodeImportRequest(plan, "bundle.json", true);
  auto decoded = DecodeImportRequest(Parse(text));
  auto* document = std::get_if<ImportDocument>(&decoded);
  ASSERT_NE(document, nullptr) << Listed(std::get<std::vector<FieldError>>(decoded));
  EXPECT_EQ(document->source, "bundle.json");
  EXPECT_TRUE(document->partial);
  ASSERT_EQ(document->plan.reports.size(), 1u);
  EXPECT_EQ(document->plan.reports[0].source, "incident--0b3a4e1c-6b7f-4f0e-9a55-8f2e3c4d5e6f");
  EXPECT_EQ(model::EncodeIncidentReport(document->plan.reports[0].report),
            model::EncodeIncidentReport(*report.report));
  EXPECT_EQ(document->plan.techniques, std::vector<Technique>{SampleTechnique()});
  EXPECT_EQ(document->plan.advisories, std::vector<Advisory>{SampleAdvisory()});
  EXPECT_TRUE(document->plan.ignored.empty());
}

TEST(ImportPlanJsonTest, EncodingIsCanonicalJson) {
  ImportPlan plan;
  plan.techniques.push_back(SampleTechnique());
  std::string text = EncodeImportRequest(plan, "x", false);
  auto canonical = core::CanonicalizeJson(text);
  ASSERT_TRUE(canonical);
  EXPECT_EQ(*canonical, text);
}

TEST(ImportPlanJsonTest, ReportErrorsArePointersIntoTheRequest) {
  // times.end before times.start (docs/incident-report.md) in the fourth report.
  std::string good = ReportJson("incident-report--11111111-1111-4111-8111-111111111111");
  std::string reports;
  for (int i = 0; i < 3; ++i) {
    std::string id =
        "incident-report--1111111" + std::to_string(i) + "-1111-4111-8111-111111111111";
    reports += R"({"source":"s)" + std::to_string(i) + R"(","report":)" + ReportJson(id) + "},";
  }
  std::string bad = ReportJson("incident-report--22222222-2222-4222-8222-222222222222");
  bad.replace(bad.find(R"("precision":"day"})"), 18,
              R"("precision":"day","end":"2024-02-01T00:00:00Z"})");
  auto errors = ErrorsOf(R"({"reports":[)" + reports + R"({"source":"s3","report":)" + bad + "}]}");
  ASSERT_FALSE(errors.empty());
  EXPECT_TRUE(HasError(errors, "/reports/3/report/times/end", "")) << Listed(errors);
  for (const auto& error : errors)
    EXPECT_EQ(error.pointer.rfind("/reports/3/", 0), 0u) << error.ToString();
}

TEST(ImportPlanJsonTest, RefusesUnknownMembersAndWrongTypes) {
  auto errors = ErrorsOf(R"({"source":7,"partial":"yes","colour":"blue","reports":{}})");
  EXPECT_TRUE(HasError(errors, "/colour", "unknown member")) << Listed(errors);
  EXPECT_TRUE(HasError(errors, "/source", "must be a string")) << Listed(errors);
  EXPECT_TRUE(HasError(errors, "/partial", "true or false")) << Listed(errors);
  EXPECT_TRUE(HasError(errors, "/reports", "must be an array")) << Listed(errors);
  EXPECT_TRUE(HasError(ErrorsOf("[]"), "", "must be a JSON object"));
}

TEST(ImportPlanJsonTest, RefusesAReportItemWithoutSourceOrReport) {
  auto errors = ErrorsOf(R"({"reports":[{"extra":1}]})");
  EXPECT_TRUE(HasError(errors, "/reports/0/source", "is required")) << Listed(errors);
  EXPECT_TRUE(HasError(errors, "/reports/0/report", "is required")) << Listed(errors);
  EXPECT_TRUE(HasError(errors, "/reports/0/extra", "unknown member")) << Listed(errors);
}

TEST(ImportPlanJsonTest, RefusesTheSameReportIdTwice) {
  std::string report = ReportJson("incident-report--33333333-3333-4333-8333-333333333333");
  auto errors = ErrorsOf(R"({"reports":[{"source":"a","report":)" + report +
                         R"(},{"source":"b","report":)" + report + "}]}");
  EXPECT_TRUE(HasError(errors, "/reports/1/report/id", "repeats the id of /reports/0"))
      << Listed(errors);
}

TEST(ImportPlanJsonTest, RefusesMoreItemsThanOneImportTakes) {
  std::string techniques;
  for (std::size_t i = 0; i <= kMaxImportTechniques; ++i)
    techniques += std::string(i ? "," : "") + "{}";
  auto errors = ErrorsOf(R"({"techniques":[)" + techniques + "]}");
  ASSERT_EQ(errors.size(), 1u) << Listed(errors);
  EXPECT_EQ(errors[0].pointer, "/techniques");
  EXPECT_NE(errors[0].message.find("at most 5000"), std::string::npos) << errors[0].message;
}

TEST(ImportPlanJsonTest, TechniqueRulesNameTheField) {
  auto errors = ErrorsOf(
      R"({"techniques":[{"id":"X0800","name":"","stix_id":"malware--1","modified":"yesterday",)"
      R"("tactics":[""],"deprecated":"no"}]})");
  EXPECT_TRUE(HasError(errors, "/techniques/0/id", "ATT&CK technique id")) << Listed(errors);
  EXPECT_TRUE(HasError(errors, "/techniques/0/name", "1 to 500 bytes")) << Listed(errors);
  EXPECT_TRUE(HasError(errors, "/techniques/0/stix_id", "attack-pattern")) << Listed(errors);
  EXPECT_TRUE(HasError(errors, "/techniques/0/modified", "RFC 3339")) << Listed(errors);
  EXPECT_TRUE(HasError(errors, "/techniques/0/tactics/0", "1 to 100 bytes")) << Listed(errors);
  EXPECT_TRUE(HasError(errors, "/techniques/0/deprecated", "true or false")) << Listed(errors);
}

TEST(ImportPlanJsonTest, RefusesTheSameTechniqueTwice) {
  auto errors = ErrorsOf(R"({"techniques":[{"id":"T0800","name":"a"},{"id":"T0800","name":"b"}]})");
  EXPECT_TRUE(HasError(errors, "/techniques/1/id", "repeats the id of /techniques/0"))
      << Listed(errors);
}

TEST(ImportPlanJsonTest, AdvisoryRulesNameTheField) {
  auto errors = ErrorsOf(
      R"({"advisories":[{"publisher":"V","cves":["CVE-2024-1","CVE-2024-12345","CVE-2024-12345"]}]})");
  EXPECT_TRUE(HasError(errors, "/advisories/0/tracking_id", "is required")) << Listed(errors);
  EXPECT_TRUE(HasError(errors, "/advisories/0/cves/0", "CVE id")) << Listed(errors);
  EXPECT_TRUE(HasError(errors, "/advisories/0/cves/2", "repeats")) << Listed(errors);
}

TEST(ImportPlanJsonTest, AdvisoryCvesAreSorted) {
  std::vector<FieldError> errors;
  Advisory advisory = AdvisoryFromJson(
      Parse(R"({"tracking_id":"A","publisher":"V","cves":["CVE-2024-9999","CVE-2023-0001"]})"), "",
      errors);
  ASSERT_TRUE(errors.empty()) << Listed(errors);
  EXPECT_EQ(advisory.cves, (std::vector<std::string>{"CVE-2023-0001", "CVE-2024-9999"}));
}

TEST(ImportPlanJsonTest, CveIdSyntaxFollowsTheCveProgram) {
  // CVE Program: CVE-YYYY-NNNN, the sequence part 4 or more digits.
  EXPECT_TRUE(IsCveId("CVE-2014-0160"));
  EXPECT_TRUE(IsCveId("CVE-2021-44228"));
  EXPECT_TRUE(IsCveId("CVE-2024-1234567"));
  EXPECT_FALSE(IsCveId("CVE-2014-016"));
  EXPECT_FALSE(IsCveId("cve-2014-0160"));
  EXPECT_FALSE(IsCveId("CVE-14-0160"));
  EXPECT_FALSE(IsCveId("CVE-2014-0160x"));
  EXPECT_FALSE(IsCveId("Heartbleed"));
}

TEST(ImportPlanJsonTest, AttackIdsAreTechniquesAndSubtechniques) {
  EXPECT_TRUE(IsAttackTechniqueId("T0800"));
  EXPECT_TRUE(IsAttackTechniqueId("T1190.001"));
  EXPECT_FALSE(IsAttackTechniqueId("TA0100"));  // a tactic
  EXPECT_FALSE(IsAttackTechniqueId("T080"));
  EXPECT_FALSE(IsAttackTechniqueId("T1190.1"));
  EXPECT_FALSE(IsAttackTechniqueId("S0001"));
}

}  // namespace
}  // namespace accord::exchange
