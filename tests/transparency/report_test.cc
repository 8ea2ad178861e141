// The transparency report over the hand-written log of
// transparency_test_util.h: every expected figure is counted by hand from
// those entries (the comments say how), never taken from our output.
#include "transparency/report.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "transparency_test_util.h"

namespace accord::transparency {
namespace {

ledger::Checkpoint CheckpointOf(std::uint64_t tree_size) {
  ledger::Checkpoint checkpoint;
  checkpoint.origin = "log.example/transparency-test";
  checkpoint.tree_size = tree_size;
  checkpoint.root_hash.fill(0xab);
  return checkpoint;
}

PublicLedger Replayed() {
  auto ledger = PublicLedger::Replay(testing::HandWrittenLog());
  EXPECT_TRUE(ledger) << ledger.error().ToString();
  return ledger ? std::move(*ledger) : PublicLedger{};
}

TransparencyReport ComputeOk(const PublicLedger& ledger, int year,
                             std::optional<std::string> state = std::nullopt) {
  auto report = Compute(ledger, year, std::move(state), CheckpointOf(ledger.size()));
  EXPECT_TRUE(report) << report.error().ToString();
  return report ? std::move(*report) : TransparencyReport{};
}

std::int64_t Figure(const Figures& figures, const std::string& name) {
  auto found = figures.find(name);
  EXPECT_NE(found, figures.end()) << "no figure " << name;
  return found == figures.end() ? -1 : found->second;
}

TEST(TransparencyReportTest, CountsIncidentsReportedAndSufferedBySectorAndSeverity) {
  PublicLedger ledger = Replayed();
  TransparencyReport report = ComputeOk(ledger, 2026);
  // 2026: r1 and r2 (r3 is an exercise, r4 withdrawn, r5 from 2025).
  EXPECT_EQ(Figure(report.global, "incidents.reported"), 2);
  EXPECT_EQ(Figure(report.global, "incidents.envelope_withheld"), 1);  // r2
  EXPECT_EQ(Figure(report.global, "incidents.withdrawn"), 1);          // r4
  EXPECT_EQ(Figure(report.global, "incidents.reporter_not_public"), 0);
  EXPECT_EQ(Figure(report.global, "incidents.reported.severity.high"), 1);
  EXPECT_EQ(Figure(report.global, "incidents.reported.sector.energy"), 1);
  EXPECT_EQ(Figure(report.global, "incidents.reported.sector.water"), 1);
  EXPECT_EQ(Figure(report.global, "exercise.reports"), 1);  // r3
  const Figures& at = report.states.at("AT");
  EXPECT_EQ(Figure(at, "incidents.reported"), 1);
  EXPECT_EQ(Figure(at, "incidents.reported.sector.energy"), 1);
  EXPECT_EQ(Figure(at, "incidents.suffered"), 0);
  EXPECT_EQ(Figure(at, "exercise.reports"), 1);  // r3 affects AT
  const Figures& bo = report.states.at("BO");
  EXPECT_EQ(Figure(bo, "incidents.reported"), 0);
  EXPECT_EQ(Figure(bo, "incidents.suffered"), 1);
  EXPECT_EQ(Figure(bo, "incidents.suffered.severity.high"), 1);
  EXPECT_EQ(Figure(bo, "incidents.suffered.sector.water"), 1);
}

TEST(TransparencyReportTest, CountsNotificationsWithOnTimeRateAndLowerMedian) {
  PublicLedger ledger = Replayed();
  TransparencyReport report = ComputeOk(ledger, 2026);
  const Figures& bo = report.states.at("BO");
  EXPECT_EQ(Figure(bo, "notifications.received"), 3);  // n1, n2, n3
  EXPECT_EQ(Figure(bo, "notifications.acknowledged"), 2);
  EXPECT_EQ(Figure(bo, "notifications.acknowledged_on_time"), 1);  // n1
  EXPECT_EQ(Figure(bo, "notifications.overdue"), 1);               // n2
  // n3 is due 2027-01-03, after the last entry: not settled yet.
  EXPECT_EQ(Figure(bo, "notifications.settled"), 2);
  EXPECT_EQ(Figure(bo, "notifications.on_time_per_mille"), 500);  // 1 of 2
  // 3600 s (n1) and 4 days 4 hours = 360000 s (n2): the lower median.
  EXPECT_EQ(Figure(bo, "notifications.median_ack_seconds"), 3600);
  const Figures& at = report.states.at("AT");
  EXPECT_EQ(Figure(at, "notifications.sent"), 3);
  EXPECT_EQ(Figure(at, "notifications.received"), 0);
  // Nothing settled, nothing acknowledged: no rate and no median, not 0.
  EXPECT_EQ(at.count("notifications.on_time_per_mille"), 0u);
  EXPECT_EQ(at.count("notifications.median_ack_seconds"), 0u);
  // The secretariat's ping is not a notification sent by anyone's state.
  EXPECT_EQ(Figure(report.global, "notifications.sent"), 3);
  EXPECT_EQ(Figure(report.global, "notifications.on_time_per_mille"), 500);
}

TEST(TransparencyReportTest, CountsPingResultsPerRecipient) {
  PublicLedger ledger = Replayed();
  TransparencyReport report = ComputeOk(ledger, 2026);
  EXPECT_EQ(Figure(report.global, "pings.received"), 2);
  EXPECT_EQ(Figure(report.states.at("AT"), "pings.late"), 1);
  EXPECT_EQ(Figure(report.states.at("AT"), "pings.on_time"), 0);
  EXPECT_EQ(Figure(report.states.at("BO"), "pings.missed"), 1);
  EXPECT_EQ(Figure(report.states.at("BO"), "pings.pending"), 0);
}

TEST(TransparencyReportTest, CountsAllegationsCasesFindingsAndResponses) {
  PublicLedger ledger = Replayed();
  TransparencyReport report = ComputeOk(ledger, 2026);
  EXPECT_EQ(Figure(report.global, "allegations.filed"), 1);
  EXPECT_EQ(Figure(report.states.at("AT"), "allegations.filed_by"), 1);
  EXPECT_EQ(Figure(report.states.at("AT"), "allegations.filed_against"), 0);
  const Figures& bo = report.states.at("BO");
  EXPECT_EQ(Figure(bo, "allegations.filed_against"), 1);
  EXPECT_EQ(Figure(bo, "cases.stage.remedy-and-response"), 1);
  EXPECT_EQ(Figure(bo, "cases.non_cooperation"), 1);
  EXPECT_EQ(Figure(report.states.at("AT"), "cases.non_cooperation"), 0);
  EXPECT_EQ(Figure(bo, "findings.outcome.violation"), 1);
  EXPECT_EQ(Figure(bo, "responses.rung.public-statement"), 1);
  EXPECT_EQ(Figure(bo, "responses.remediation.partial"), 1);
  EXPECT_EQ(report.ladder_versions, std::vector<std::string>{"1"});
}

TEST(TransparencyReportTest, CountsTheDaysOfEachStandingOverTheYear) {
  PublicLedger ledger = Replayed();
  TransparencyReport report = ComputeOk(ledger, 2026);
  // BO: case c1 admitted on 2026-06-03 and still open (remedy-and-response)
  // at the last entry, so under review from then: 1 January to 2 June is
  // 31 + 28 + 31 + 30 + 31 + 2 = 153 days in good standing, the other 212
  // under review (the public-statement rung does not suspend).
  const Figures& bo = report.states.at("BO");
  EXPECT_EQ(Figure(bo, "standing.days.good-standing"), 153);
  EXPECT_EQ(Figure(bo, "standing.days.under-review"), 212);
  EXPECT_EQ(bo.count("standing.days.suspended"), 0u);
  EXPECT_EQ(Figure(bo, "standing.last_day.under-review"), 1);
  const Figures& at = report.states.at("AT");
  EXPECT_EQ(Figure(at, "standing.days.good-standing"), 365);
  EXPECT_EQ(Figure(at, "standing.last_day.good-standing"), 1);
  // A year after the last entry has no day to assess.
  TransparencyReport later = ComputeOk(ledger, 2027);
  EXPECT_EQ(later.states.at("BO").count("standing.last_day.under-review"), 0u);
}

TEST(TransparencyReportTest, OtherYearsCountOnlyTheirOwnEntries) {
  PublicLedger ledger = Replayed();
  TransparencyReport report = ComputeOk(ledger, 2025);
  // Only r5: an operator's report whose reporter is not in its public form.
  EXPECT_EQ(Figure(report.global, "incidents.reported"), 1);
  EXPECT_EQ(Figure(report.global, "incidents.reporter_not_public"), 1);
  EXPECT_EQ(Figure(report.global, "incidents.reported.severity.unknown"), 1);
  EXPECT_EQ(Figure(report.states.at("BO"), "incidents.suffered"), 1);
  EXPECT_EQ(Figure(report.global, "notifications.sent"), 0);
  EXPECT_EQ(Figure(report.global, "allegations.filed"), 0);
}

TEST(TransparencyReportTest, OneStateReportHoldsThatStateAndTheGlobalFigures) {
  PublicLedger ledger = Replayed();
  TransparencyReport report = ComputeOk(ledger, 2026, "BO");
  ASSERT_EQ(report.states.size(), 1u);
  EXPECT_EQ(Figure(report.states.at("BO"), "incidents.suffered"), 1);
  EXPECT_EQ(Figure(report.global, "incidents.reported"), 2);
  // A state with no party and no record gets its row of zeros.
  TransparencyReport absent = ComputeOk(ledger, 2026, "CA");
  EXPECT_EQ(Figure(absent.states.at("CA"), "incidents.suffered"), 0);
}

TEST(TransparencyReportTest, CitesTheCheckpoint) {
  PublicLedger ledger = Replayed();
  TransparencyReport report = ComputeOk(ledger, 2026);
  EXPECT_EQ(report.tree_size, ledger.size());
  std::string expected_root;
  for (int i = 0; i < 32; ++i) expected_root += "ab";  // the fill of CheckpointOf
  EXPECT_EQ(report.root_hash_hex, expected_root);
  const std::string json = EncodeReportJson(report);
  EXPECT_NE(json.find(R"("checkpoint":{"origin":"log.example/transparency-test","root_hash":")"),
            std::string::npos)
      << json;
}

TEST(TransparencyReportTest, EncodingsAreTheSameBytesForTheSameLog) {
  PublicLedger first = Replayed();
  PublicLedger second = Replayed();
  TransparencyReport a = ComputeOk(first, 2026);
  TransparencyReport b = ComputeOk(second, 2026);
  EXPECT_EQ(EncodeReportJson(a), EncodeReportJson(b));
  EXPECT_EQ(EncodeReportCsv(a), EncodeReportCsv(b));
}

TEST(TransparencyReportTest, JsonIsCanonicalWithIntegersOnly) {
  PublicLedger ledger = Replayed();
  const std::string json = EncodeReportJson(ComputeOk(ledger, 2026, "BO"));
  auto canonical = core::CanonicalizeJson(json);
  ASSERT_TRUE(canonical) << canonical.error().ToString();
  EXPECT_EQ(*canonical, json);
  // Every number is an integer: no '.', 'e' or 'E' outside strings.
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '"' && (i == 0 || json[i - 1] != '\\')) in_string = !in_string;
    if (!in_string) {
      EXPECT_TRUE(json[i] != '.' && json[i] != 'e' && json[i] != 'E') << i;
    }
  }
  EXPECT_NE(json.find(R"("notifications.on_time_per_mille":500)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("schema":"accord.transparency-report/1")"), std::string::npos);
  EXPECT_NE(json.find(R"("state":"BO")"), std::string::npos);
  EXPECT_NE(json.find(R"("year":2026)"), std::string::npos);
}

TEST(TransparencyReportTest, CsvHasOneRowPerScopeAndFigure) {
  PublicLedger ledger = Replayed();
  const std::string csv = EncodeReportCsv(ComputeOk(ledger, 2026, "BO"));
  EXPECT_EQ(csv.rfind("scope,figure,value\r\nreport,schema,accord.transparency-report/1\r\n"
                      "report,year,2026\r\nreport,state,BO\r\n",
                      0),
            0u)
      << csv;
  EXPECT_NE(csv.find("\r\nglobal,incidents.reported,2\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\nBO,notifications.median_ack_seconds,3600\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\nreport,ladder_versions,1\r\n"), std::string::npos) << csv;
  // Global rows come before the state's.
  EXPECT_LT(csv.find("\r\nglobal,"), csv.find("\r\nBO,"));
}

TEST(TransparencyReportTest, RefusesACheckpointOfAnotherSize) {
  PublicLedger ledger = Replayed();
  auto report = Compute(ledger, 2026, std::nullopt, CheckpointOf(ledger.size() + 1));
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(report.error().message, "checkpoint: tree size " + std::to_string(ledger.size() + 1) +
                                        " but the replayed log holds " +
                                        std::to_string(ledger.size()) + " entries");
}

TEST(TransparencyReportTest, RefusesABadYearOrStateCode) {
  PublicLedger ledger = Replayed();
  auto year = Compute(ledger, 1969, std::nullopt, CheckpointOf(ledger.size()));
  ASSERT_FALSE(year);
  EXPECT_EQ(year.error().message, "year: 1969 is outside 1970..9999");
  auto state = Compute(ledger, 2026, "bo", CheckpointOf(ledger.size()));
  ASSERT_FALSE(state);
  EXPECT_EQ(state.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(state.error().message,
            "state: \"bo\" is not an ISO 3166-1 alpha-2 code (two upper-case letters)");
}

}  // namespace
}  // namespace accord::transparency
