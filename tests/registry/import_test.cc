// Tests of Registry::Import (registry/import.h) and the reference data
// reads: all or nothing, --partial, unchanged and updated items, who may
// import, the reference events' projections (rebuilt from the events
// alone), and which advisories a reader sees through a report's CVE ids.
#include "registry/import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "exchange/import_plan_json.h"
#include "model/report_codec.h"
#include "registry/event.h"
#include "registry/projection.h"
#include "registry_test_util.h"

namespace accord::registry {
namespace {

using core::ErrorCode;
using core::JsonValue;
using testing::Await;
using testing::Describe;
using testing::Harness;
using ::testing::HasSubstr;
using testing::IntAt;
using testing::Parse;
using testing::Set;
using testing::Str;
using testing::StringAt;

model::IncidentReport Decode(const JsonValue& json) {
  auto decoded = model::DecodeIncidentReport(json);
  EXPECT_TRUE(decoded) << decoded.ToError().message;
  return decoded ? *decoded.report : model::IncidentReport{};
}

exchange::Technique Technique(std::string id, std::string name) {
  exchange::Technique technique;
  technique.id = std::move(id);
  technique.name = std::move(name);
  technique.domain = "ics-attack";
  technique.tactics = {"impact"};
  return technique;
}

exchange::Advisory Advisory(std::string tracking_id, std::vector<std::string> cves) {
  exchange::Advisory advisory;
  advisory.tracking_id = std::move(tracking_id);
  advisory.publisher = "Example Vendor";
  advisory.title = "An advisory";
  advisory.cves = std::move(cves);
  return advisory;
}

class ImportTest : public ::testing::Test {
 protected:
  Reply Import(const Caller& caller, exchange::ImportPlan plan, bool partial = false) {
    ImportRequest request{std::move(plan), partial, "test-source"};
    return Await(
        [&](ReplyFn done) { harness_.registry().Import(caller, std::move(request), done); });
  }

  exchange::ImportPlan PlanOf(const std::vector<JsonValue>& reports,
                              std::vector<exchange::Technique> techniques = {},
                              std::vector<exchange::Advisory> advisories = {}) {
    exchange::ImportPlan plan;
    for (std::size_t i = 0; i < reports.size(); ++i)
      plan.reports.push_back({"file-" + std::to_string(i) + ".json", Decode(reports[i])});
    plan.techniques = std::move(techniques);
    plan.advisories = std::move(advisories);
    return plan;
  }

  std::string Outcome(const Reply& reply, std::size_t item) {
    return StringAt(reply.body, "/items/" + std::to_string(item) + "/outcome");
  }

  Harness harness_;
};

TEST_F(ImportTest, SecretariatImportsReportsTechniquesAndAdvisoriesInOneLogBatch) {
  JsonValue report = testing::DemoReport();
  const std::uint64_t before = harness_.log().size();
  Reply reply = Import(harness_.secretariat(),
                       PlanOf({report}, {Technique("T0800", "Activate Firmware Update Mode")},
                              {Advisory("ICSA-1", {"CVE-2024-0001"})}));
  ASSERT_FALSE(reply.error) << Describe(reply);
  EXPECT_EQ(StringAt(reply.body, "/status"), "complete");
  EXPECT_EQ(IntAt(reply.body, "/imported"), 3);
  EXPECT_EQ(IntAt(reply.body, "/rejected"), 0);
  EXPECT_EQ(harness_.log().size(), before + 3);
  EXPECT_EQ(IntAt(reply.body, "/log_index"), static_cast<std::int64_t>(before + 2));
  EXPECT_EQ(StringAt(reply.body, "/items/0/source"), "file-0.json");

  auto row = harness_.store().GetReport(StringAt(report, "/id"));
  ASSERT_TRUE(row) << row.error().ToString();
  EXPECT_EQ(row->submitter_party_id, harness_.secretariat().reader.party_id);
  EXPECT_EQ(row->version, 1);
  auto technique = harness_.store().GetTechnique("T0800");
  ASSERT_TRUE(technique) << technique.error().ToString();
  EXPECT_EQ(technique->updated_seq, before + 1);
  auto advisory = harness_.store().GetAdvisory("Example Vendor", "ICSA-1");
  ASSERT_TRUE(advisory) << advisory.error().ToString();
  EXPECT_EQ(advisory->cves, std::vector<std::string>{"CVE-2024-0001"});
  auto event = harness_.store().GetEvent(before + 1);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->type, event_type::kTechniqueRecorded);
  EXPECT_THAT(event->public_json, HasSubstr(R"("name":"Activate Firmware Update Mode")"));
}

TEST_F(ImportTest, OneRefusedItemRefusesTheWholeImport) {
  // A watchdog's report, imported again with other content: the
  // secretariat may not amend another party's report.
  Caller watchdog = harness_.NewCaller("watchdog", "Watch");
  JsonValue theirs = testing::DemoReport("2015-12-ukraine-power-grid.json");
  harness_.SubmitOk(watchdog, theirs);
  JsonValue fresh = testing::DemoReport();
  const std::uint64_t before = harness_.log().size();
  Reply reply =
      Import(harness_.secretariat(), PlanOf({fresh, Set(theirs, "/title", Str("Rewritten"))},
                                            {Technique("T0801", "Monitor Process State")}));
  ASSERT_TRUE(reply.error);
  EXPECT_EQ(reply.error->code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(reply.error->message, HasSubstr("nothing was written"));
  ASSERT_EQ(reply.fields.size(), 1u) << Describe(reply);
  EXPECT_EQ(reply.fields[0].pointer, "/reports/1");
  EXPECT_THAT(reply.fields[0].message, HasSubstr("only its submitter may amend it"));
  EXPECT_EQ(harness_.log().size(), before);
  EXPECT_EQ(harness_.store().GetReport(StringAt(fresh, "/id")).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(harness_.store().GetTechnique("T0801").error().code, ErrorCode::kNotFound);
}

TEST_F(ImportTest, PartialImportWritesTheAcceptedItemsAndListsTheRefused) {
  Caller watchdog = harness_.NewCaller("watchdog", "Watch");
  JsonValue theirs = testing::DemoReport("2015-12-ukraine-power-grid.json");
  harness_.SubmitOk(watchdog, theirs);
  JsonValue fresh = testing::DemoReport();
  Reply reply =
      Import(harness_.secretariat(), PlanOf({fresh, Set(theirs, "/title", Str("Rewritten"))}),
             /*partial=*/true);
  ASSERT_FALSE(reply.error) << Describe(reply);
  EXPECT_EQ(IntAt(reply.body, "/imported"), 1);
  EXPECT_EQ(IntAt(reply.body, "/rejected"), 1);
  EXPECT_EQ(Outcome(reply, 1), "rejected");
  EXPECT_EQ(StringAt(reply.body, "/items/1/pointer"), "/reports/1");
  EXPECT_TRUE(harness_.store().GetReport(StringAt(fresh, "/id")));
  auto kept = harness_.store().GetReport(StringAt(theirs, "/id"));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->version, 1);
}

TEST_F(ImportTest, SameContentAgainIsUnchangedAndWritesNothing) {
  JsonValue report = testing::DemoReport();
  auto plan = [&] {
    return PlanOf({report}, {Technique("T0800", "Activate Firmware Update Mode")},
                  {Advisory("ICSA-1", {"CVE-2024-0001"})});
  };
  ASSERT_FALSE(Import(harness_.secretariat(), plan()).error);
  const std::uint64_t before = harness_.log().size();
  Reply again = Import(harness_.secretariat(), plan());
  ASSERT_FALSE(again.error) << Describe(again);
  EXPECT_EQ(IntAt(again.body, "/unchanged"), 3);
  EXPECT_EQ(IntAt(again.body, "/imported"), 0);
  EXPECT_EQ(harness_.log().size(), before);
  EXPECT_EQ(again.body.Find("log_index"), nullptr);
}

TEST_F(ImportTest, OtherContentAmendsTheReportAndRecordsTheReferenceAgain) {
  JsonValue report = testing::DemoReport();
  ASSERT_FALSE(Import(harness_.secretariat(), PlanOf({report}, {Technique("T0800", "Old name")},
                                                     {Advisory("ICSA-1", {"CVE-2024-0001"})}))
                   .error);
  const std::uint64_t before = harness_.log().size();
  Reply reply = Import(
      harness_.secretariat(),
      PlanOf({Set(report, "/title", Str("A better title"))}, {Technique("T0800", "New name")},
             {Advisory("ICSA-1", {"CVE-2024-0001", "CVE-2024-0002"})}));
  ASSERT_FALSE(reply.error) << Describe(reply);
  EXPECT_EQ(IntAt(reply.body, "/updated"), 3);
  EXPECT_EQ(harness_.log().size(), before + 3);
  auto event = harness_.store().GetEvent(before);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->type, event_type::kReportAmended);
  auto row = harness_.store().GetReport(StringAt(report, "/id"));
  ASSERT_TRUE(row);
  EXPECT_EQ(row->version, 2);
  EXPECT_THAT(harness_.store().GetTechnique("T0800")->json, HasSubstr("New name"));
  store::AdvisoryFilter by_cve{.cve = "CVE-2024-0002"};
  auto found = harness_.store().ListAdvisories(by_cve);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->size(), 1u);
}

TEST_F(ImportTest, WithdrawnReportWithOtherContentIsRefused) {
  JsonValue report = testing::DemoReport();
  ASSERT_FALSE(Import(harness_.secretariat(), PlanOf({report})).error);
  ASSERT_FALSE(harness_.Withdraw(harness_.secretariat(), StringAt(report, "/id")).error);
  Reply reply = Import(harness_.secretariat(), PlanOf({Set(report, "/title", Str("Back"))}));
  ASSERT_TRUE(reply.error);
  ASSERT_EQ(reply.fields.size(), 1u);
  EXPECT_THAT(reply.fields[0].message, HasSubstr("was withdrawn"));
}

TEST_F(ImportTest, OnlyTheSecretariatMayImport) {
  Caller watchdog = harness_.NewCaller("watchdog", "Watch");
  const std::uint64_t before = harness_.log().size();
  Reply refused = Import(watchdog, PlanOf({testing::DemoReport()}));
  ASSERT_TRUE(refused.error);
  EXPECT_EQ(refused.error->code, ErrorCode::kPermissionDenied);
  EXPECT_THAT(refused.error->message, HasSubstr("a watchdog token may not import records"));
  Reply anonymous = Import(Caller{}, PlanOf({testing::DemoReport()}));
  ASSERT_TRUE(anonymous.error);
  EXPECT_EQ(anonymous.error->code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(harness_.log().size(), before);
}

TEST_F(ImportTest, RebuildReplaysTheReferenceEvents) {
  ASSERT_FALSE(
      Import(harness_.secretariat(),
             PlanOf({}, {Technique("T0800", "a"), Technique("T0801", "b")},
                    {Advisory("ICSA-1", {"CVE-2024-0001"}), Advisory("ICSA-2", {"CVE-2024-0001"})}))
          .error);
  ASSERT_FALSE(Import(harness_.secretariat(), PlanOf({}, {Technique("T0800", "a2")},
                                                     {Advisory("ICSA-1", {"CVE-2024-0003"})}))
                   .error);
  auto techniques = harness_.store().ListTechniques();
  auto advisories = harness_.store().ListAdvisories({});
  ASSERT_TRUE(techniques && advisories);
  harness_.Close();
  ASSERT_TRUE(RebuildProjections(harness_.store()));
  auto rebuilt_techniques = harness_.store().ListTechniques();
  auto rebuilt_advisories = harness_.store().ListAdvisories({});
  ASSERT_TRUE(rebuilt_techniques && rebuilt_advisories);
  EXPECT_EQ(*rebuilt_techniques, *techniques);
  EXPECT_EQ(*rebuilt_advisories, *advisories);
  ASSERT_EQ(advisories->size(), 2u);
  // The second version of ICSA-1 no longer cites CVE-2024-0001.
  auto citing = harness_.store().ListAdvisories({.cve = "CVE-2024-0001"});
  ASSERT_TRUE(citing);
  ASSERT_EQ(citing->size(), 1u);
  EXPECT_EQ((*citing)[0].tracking_id, "ICSA-2");
}

TEST_F(ImportTest, ReferenceListsAreJsonOrCsv) {
  ASSERT_FALSE(Import(harness_.secretariat(),
                      PlanOf({}, {Technique("T0800", "Activate, carefully")},
                             {Advisory("ICSA-1", {"CVE-2024-0001", "CVE-2024-0002"})}))
                   .error);
  Reply techniques = harness_.registry().ListTechniques({});
  ASSERT_FALSE(techniques.error) << Describe(techniques);
  EXPECT_EQ(StringAt(techniques.body, "/items/0/id"), "T0800");
  Reply csv = harness_.registry().ListTechniques({{"format", "csv"}});
  ASSERT_FALSE(csv.error);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8; header=present");
  EXPECT_THAT(csv.raw_body,
              HasSubstr("id,name,domain,tactics,deprecated,url,modified,stix_id,log_index\r\n"));
  EXPECT_THAT(csv.raw_body, HasSubstr("T0800,\"Activate, carefully\",ics-attack,impact,false,"));
  Reply advisories =
      harness_.registry().ListAdvisories({{"cve", "CVE-2024-0002"}, {"format", "csv"}});
  ASSERT_FALSE(advisories.error);
  EXPECT_THAT(advisories.raw_body, HasSubstr("CVE-2024-0001;CVE-2024-0002"));
  Reply none = harness_.registry().ListAdvisories({{"cve", "CVE-2023-9999"}});
  ASSERT_FALSE(none.error);
  EXPECT_EQ(testing::At(none.body, "/items")->AsArray().size(), 0u);
  Reply bad = harness_.registry().ListAdvisories({{"cve", "Heartbleed"}});
  ASSERT_TRUE(bad.error);
  EXPECT_THAT(bad.error->message, HasSubstr("query parameter \"cve\""));
  Reply unknown = harness_.registry().ListTechniques({{"colour", "blue"}});
  ASSERT_TRUE(unknown.error);
  EXPECT_THAT(unknown.error->message, HasSubstr("\"colour\": unknown"));
  Reply parties = harness_.registry().ListParties(harness_.secretariat(), {{"format", "csv"}});
  ASSERT_FALSE(parties.error);
  EXPECT_THAT(parties.raw_body, HasSubstr("id,kind,name,state,status,registered_at\r\n"));
  EXPECT_THAT(parties.raw_body, HasSubstr(",secretariat,Secretariat of the accord,,active,"));
}

TEST_F(ImportTest, ReportAdvisoriesFollowWhatTheReaderMaySee) {
  ASSERT_FALSE(
      Import(harness_.secretariat(), PlanOf({}, {}, {Advisory("ICSA-1", {"CVE-2024-0001"})}))
          .error);
  Caller poland = harness_.NewCaller("state", "Poland", "PL");
  Caller watchdog = harness_.NewCaller("watchdog", "Watch");
  // CLEAR: everyone sees the CVE ids, hence the advisory.
  JsonValue open =
      Set(testing::StateReport("PL"), "/vulnerabilities", testing::Strings({"CVE-2024-0001"}));
  harness_.SubmitOk(poland, open);
  // The same CVE id marked AMBER: only the submitter (and recipients) see it.
  JsonValue marked =
      Set(testing::StateReport("PL"), "/vulnerabilities", testing::Strings({"CVE-2024-0001"}));
  marked = Set(marked, "/field_tlp", Parse(R"({"/vulnerabilities":"AMBER"})"));
  harness_.SubmitOk(poland, marked);
  auto count = [&](const Caller& caller, const JsonValue& report) -> std::size_t {
    Reply reply = harness_.registry().ReportAdvisories(caller, StringAt(report, "/id"), {});
    EXPECT_FALSE(reply.error) << Describe(reply);
    const JsonValue* items = testing::At(reply.body, "/items");
    return items ? items->AsArray().size() : 0;
  };
  EXPECT_EQ(count(Caller{}, open), 1u);
  EXPECT_EQ(count(watchdog, open), 1u);
  EXPECT_EQ(count(Caller{}, marked), 0u);
  EXPECT_EQ(count(watchdog, marked), 0u);
  EXPECT_EQ(count(poland, marked), 1u);
  Reply missing = harness_.registry().ReportAdvisories(Caller{}, testing::NewReportId(), {});
  ASSERT_TRUE(missing.error);
  EXPECT_EQ(missing.error->code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace accord::registry
