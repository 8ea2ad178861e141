// PublicLedger: the replay of public entries written by hand from the
// documented public bodies, and its refusals (kCorrupt naming the index).
#include "transparency/public_ledger.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "transparency_test_util.h"

namespace accord::transparency {
namespace {

using testing::Entry;
using testing::HandWrittenLog;

core::Timestamp Time(std::string_view text) {
  auto time = core::ParseRfc3339(text);
  EXPECT_TRUE(time) << text;
  return time ? *time : core::Timestamp{};
}

TEST(PublicLedgerTest, ReplaysReportsAsTheirPublicFormsShowThem) {
  auto ledger = PublicLedger::Replay(HandWrittenLog());
  ASSERT_TRUE(ledger) << ledger.error().ToString();
  ASSERT_EQ(ledger->reports().size(), 5u);
  const PublicReport& r1 = ledger->reports()[1];
  EXPECT_EQ(r1.id, "incident-report--r1");
  EXPECT_EQ(r1.reporter_state, "AT");
  EXPECT_EQ(r1.affected_states, std::vector<std::string>{"BO"});
  EXPECT_EQ(r1.sectors, (std::vector<std::string>{"energy", "water"}));
  EXPECT_EQ(r1.severity_level, "high");
  EXPECT_TRUE(r1.envelope_public);
  EXPECT_EQ(r1.submitted_at, Time("2026-02-01T10:00:00Z"));
  const PublicReport& r2 = ledger->reports()[2];
  EXPECT_FALSE(r2.envelope_public);
  EXPECT_EQ(r2.period, "2026-02");
  EXPECT_FALSE(r2.reporter_state.has_value());
  EXPECT_TRUE(ledger->reports()[3].exercise);
  EXPECT_TRUE(ledger->reports()[4].withdrawn);
}

TEST(PublicLedgerTest, FollowsEachRecipientOfANotification) {
  auto ledger = PublicLedger::Replay(HandWrittenLog());
  ASSERT_TRUE(ledger) << ledger.error().ToString();
  ASSERT_EQ(ledger->notifications().size(), 4u);
  const PublicNotification& n1 = ledger->notifications()[0];
  ASSERT_EQ(n1.recipients.size(), 1u);
  EXPECT_EQ(n1.recipients[0].acknowledged_at, Time("2026-03-01T01:00:00Z"));
  EXPECT_FALSE(n1.recipients[0].late);
  const PublicNotification& n2 = ledger->notifications()[1];
  EXPECT_TRUE(n2.recipients[0].overdue);
  EXPECT_TRUE(n2.recipients[0].late);
  // An answer acknowledges (docs/notifications.md).
  EXPECT_EQ(n2.recipients[0].acknowledged_at, Time("2026-04-05T04:00:00Z"));
  EXPECT_EQ(n2.recipients[0].answered_at, Time("2026-04-05T04:00:00Z"));
  const PublicNotification& ping = ledger->notifications()[2];
  EXPECT_EQ(ping.kind, "ping");
  ASSERT_EQ(ping.recipients.size(), 2u);
  EXPECT_TRUE(ping.recipients[0].late);
  EXPECT_FALSE(ping.recipients[1].acknowledged_at.has_value());
}

TEST(PublicLedgerTest, FollowsACaseToItsResponse) {
  auto ledger = PublicLedger::Replay(HandWrittenLog());
  ASSERT_TRUE(ledger) << ledger.error().ToString();
  const PublicCase* filed = ledger->FindCase("case--c1");
  ASSERT_NE(filed, nullptr);
  EXPECT_EQ(filed->filer_state, "AT");
  EXPECT_EQ(filed->accused_state, "BO");
  EXPECT_EQ(filed->stage, "remedy-and-response");
  // filed, admissibility-review, admitted, information-requested,
  // investigation, panel-selected, hearing, finding, remedy-and-response.
  EXPECT_EQ(filed->history.size(), 9u);
  ASSERT_EQ(filed->non_cooperation.size(), 1u);
  EXPECT_EQ(filed->non_cooperation[0].side, "accused");
  ASSERT_EQ(ledger->findings().size(), 1u);
  EXPECT_EQ(ledger->findings()[0].outcome, "violation");
  ASSERT_EQ(ledger->recommendations().size(), 1u);
  EXPECT_EQ(ledger->recommendations()[0].rung, "public-statement");
  EXPECT_EQ(ledger->recommendations()[0].remediation, "partial");
  EXPECT_EQ(ledger->recommendations()[0].remediation_date, "2026-12-01");
}

TEST(PublicLedgerTest, KnowsTheStateOfStatePartiesOnly) {
  auto ledger = PublicLedger::Replay(HandWrittenLog());
  ASSERT_TRUE(ledger) << ledger.error().ToString();
  EXPECT_EQ(ledger->StateOf(testing::kAtlantis), "AT");
  EXPECT_EQ(ledger->StateOf(testing::kSecretariat), "");
  EXPECT_EQ(ledger->StateOf("party--unknown"), "");
  EXPECT_EQ(ledger->size(), HandWrittenLog().size());
  EXPECT_EQ(ledger->last_at(), Time("2026-12-31T00:00:00Z"));
}

TEST(PublicLedgerTest, RefusesAnEntryWhoseSeqIsNotItsIndex) {
  std::vector<std::string> log = HandWrittenLog();
  log.resize(3);
  log.push_back(testing::Party(7, "party--x", "state", "CA"));
  auto replayed = PublicLedger::Replay(log);
  ASSERT_FALSE(replayed);
  EXPECT_EQ(replayed.error().code, core::ErrorCode::kCorrupt);
  EXPECT_EQ(replayed.error().message, "entry 3: seq is 7, not the entry's index");
}

TEST(PublicLedgerTest, RefusesAnUnknownEventType) {
  std::vector<std::string> log = HandWrittenLog();
  log.resize(2);
  log.push_back(Entry(2, "report.teleported", "2026-01-01T00:00:00Z", "x", "{}"));
  auto replayed = PublicLedger::Replay(log);
  ASSERT_FALSE(replayed);
  EXPECT_EQ(replayed.error().code, core::ErrorCode::kCorrupt);
  EXPECT_EQ(replayed.error().message,
            "entry 2 (report.teleported): unknown event type report.teleported");
}

TEST(PublicLedgerTest, RefusesAnEntryThatIsNotAPublicEvent) {
  PublicLedger ledger;
  auto applied = ledger.Apply("{\"seq\":0");
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code, core::ErrorCode::kCorrupt);
  EXPECT_EQ(applied.error().message.rfind("entry 0: ", 0), 0u) << applied.error().message;
  EXPECT_EQ(ledger.size(), 0u);
}

TEST(PublicLedgerTest, RefusesABodyMissingAMemberAndNamesIt) {
  PublicLedger ledger;
  auto applied = ledger.Apply(Entry(0, "notification.sent", "2026-01-01T00:00:00Z", "notification--n",
                                    R"({"id":"notification--n","kind":"ping","from":"p","priority":"normal","to":[]})"));
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code, core::ErrorCode::kCorrupt);
  EXPECT_EQ(applied.error().message, "entry 0 (notification.sent): body.sent_at: missing");
  EXPECT_EQ(ledger.size(), 0u);
}

TEST(PublicLedgerTest, RefusesAStepOfACaseNeverFiled) {
  PublicLedger ledger;
  auto applied = ledger.Apply(Entry(0, "case.transitioned", "2026-01-01T00:00:00Z", "case--z",
                                    R"({"case":"case--z","from":"filed","to":"closed","by":"filer","at":"2026-01-01T00:00:00Z"})"));
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().message,
            "entry 0 (case.transitioned): body.case: case--z was not filed earlier in the log");
}

TEST(PublicLedgerTest, RefusesAReportSubmittedTwice) {
  std::vector<std::string> log = HandWrittenLog();
  log.resize(5);  // r1 is entry 4
  std::string again = log[4];
  again.replace(again.find("\"seq\":4"), 7, "\"seq\":5");
  log.push_back(again);
  auto replayed = PublicLedger::Replay(log);
  ASSERT_FALSE(replayed);
  EXPECT_EQ(replayed.error().message,
            "entry 5 (report.submitted): report incident-report--r1 was submitted before");
}

TEST(PublicLedgerTest, AnOperatorsHomeStateIsNotAReportingState) {
  PublicLedger ledger;
  auto applied = ledger.Apply(Entry(0, "report.submitted", "2026-01-01T00:00:00Z", "incident-report--op",
                                    R"({"version":1,"public_form":{"id":"incident-report--op",
                                        "reporter":{"kind":"operator","state":"AT","name":"Water utility"},
                                        "envelope":{"affected_states":["AT"],"sectors":["water"],"month":"2026-01",
                                                    "reporter_kind":"operator","exercise":false}}})"));
  ASSERT_TRUE(applied) << applied.error().ToString();
  EXPECT_FALSE(ledger.reports()[0].reporter_state.has_value());
  EXPECT_EQ(ledger.reports()[0].affected_states, std::vector<std::string>{"AT"});
}

}  // namespace
}  // namespace accord::transparency
