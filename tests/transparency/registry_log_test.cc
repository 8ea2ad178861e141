// The report over a log the registry itself wrote: notifications, a late
// one, a report and a case are played through the registry's commands (the
// issue-8 test utilities), then the log's entries are replayed from their
// bytes. The figures must be what was played.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../registry/case_test_util.h"
#include "transparency/public_ledger.h"
#include "transparency/report.h"

namespace accord::transparency {
namespace {

using registry::Caller;
using registry::Reply;
using registry::ReplyFn;
using registry::testing::Await;
using registry::testing::CaseWorld;
using registry::testing::Describe;
using registry::testing::Parse;
using registry::testing::StringAt;

std::string SendOk(CaseWorld& world, const Caller& from, const std::string& to) {
  core::JsonValue body = Parse(R"({"kind":"incident-alert","to":[")" + to +
                               R"("],"priority":"urgent","subject":"s","body":"b","tlp":"AMBER"})");
  Reply reply = Await([&](ReplyFn done) { world.registry().SendNotification(from, body, done); });
  EXPECT_FALSE(reply.error) << Describe(reply);
  return reply.error ? "" : StringAt(reply.body, "/id");
}

std::vector<std::string> Entries(ledger::Log& log) {
  std::vector<std::string> entries;
  for (std::uint64_t i = 0; i < log.size(); ++i) {
    auto entry = log.ReadEntry(i);
    EXPECT_TRUE(entry) << entry.error().ToString();
    if (entry) entries.push_back(*entry);
  }
  return entries;
}

TEST(RegistryLogReportTest, FiguresOfARegistryWrittenLogAreWhatWasPlayed) {
  CaseWorld world;  // UA, RU, FR, an operator, arbitrators; UA reports an incident in UA
  auto& clock = world.harness().clock();  // 2026-03-01T12:00:00Z

  // UA alerts RU, which acknowledges one hour later (urgent: 24 h window).
  const std::string ru_party = world.ru().reader.party_id;
  const std::string fr_party = world.fr().reader.party_id;
  const std::string to_ru = SendOk(world, world.ua(), ru_party);
  clock.Advance(std::chrono::seconds{3600});
  core::JsonValue ack = Parse(R"({"kind":"acknowledgment"})");
  Reply acked = Await([&](ReplyFn done) { world.registry().ReplyToNotification(world.ru(), to_ru, ack, done); });
  ASSERT_FALSE(acked.error) << Describe(acked);
  // UA alerts FR, which never answers: the deadline fires.
  SendOk(world, world.ua(), fr_party);
  clock.Advance(std::chrono::hours{25});
  EXPECT_EQ(world.registry().PollDeadlines(), 1u);

  // UA files a case against RU; it is found inadmissible.
  const std::string case_id = world.FileOk();
  ASSERT_FALSE(case_id.empty());
  world.MoveOk(world.secretariat(), case_id, "admissibility-review");
  world.MoveOk(world.secretariat(), case_id, "inadmissible", "no prohibited operation alleged");

  // The secretariat pings every state party; UA acknowledges at once, RU
  // and FR are still within the 48-hour window at the last entry.
  core::JsonValue ping_body = Parse(R"({"to":"all"})");
  Reply ping = Await([&](ReplyFn done) { world.registry().SendPing(world.secretariat(), ping_body, done); });
  ASSERT_FALSE(ping.error) << Describe(ping);
  Reply ping_ack = Await([&](ReplyFn done) {
    world.registry().ReplyToNotification(world.ua(), StringAt(ping.body, "/id"), ack, done);
  });
  ASSERT_FALSE(ping_ack.error) << Describe(ping_ack);

  ledger::Log& log = world.harness().log();
  auto ledger = PublicLedger::Replay(Entries(log));
  ASSERT_TRUE(ledger) << ledger.error().ToString();
  auto report = Compute(*ledger, 2026, std::nullopt, log.checkpoint());
  ASSERT_TRUE(report) << report.error().ToString();

  const Figures& ua = report->states.at("UA");
  EXPECT_EQ(ua.at("incidents.reported"), 1);
  EXPECT_EQ(ua.at("incidents.suffered"), 1);
  EXPECT_EQ(ua.at("notifications.sent"), 2);
  EXPECT_EQ(ua.at("allegations.filed_by"), 1);
  std::int64_t by_severity = 0;
  for (const auto& [name, value] : ua)
    if (name.rfind("incidents.reported.severity.", 0) == 0) by_severity += value;
  EXPECT_EQ(by_severity, 1);  // the one report, at whatever level it scored

  const Figures& ru = report->states.at("RU");
  EXPECT_EQ(ru.at("notifications.received"), 1);
  EXPECT_EQ(ru.at("notifications.acknowledged_on_time"), 1);
  EXPECT_EQ(ru.at("notifications.on_time_per_mille"), 1000);
  EXPECT_EQ(ru.at("notifications.median_ack_seconds"), 3600);
  EXPECT_EQ(ru.at("allegations.filed_against"), 1);
  EXPECT_EQ(ru.at("cases.stage.inadmissible"), 1);

  const Figures& fr = report->states.at("FR");
  EXPECT_EQ(fr.at("notifications.received"), 1);
  EXPECT_EQ(fr.at("notifications.overdue"), 1);
  EXPECT_EQ(fr.at("notifications.settled"), 1);
  EXPECT_EQ(fr.at("notifications.on_time_per_mille"), 0);
  EXPECT_EQ(fr.count("notifications.median_ack_seconds"), 0u);

  EXPECT_EQ(report->global.at("pings.received"), 3);
  EXPECT_EQ(ua.at("pings.on_time"), 1);
  EXPECT_EQ(ru.at("pings.pending"), 1);
  EXPECT_EQ(fr.at("pings.pending"), 1);
  EXPECT_EQ(report->global.at("notifications.sent"), 2);  // a ping is not a notification sent
  EXPECT_EQ(report->global.at("allegations.filed"), 1);
  EXPECT_EQ(report->tree_size, log.size());

  // Replaying the same bytes again gives the same report, byte for byte.
  auto again = PublicLedger::Replay(Entries(log));
  ASSERT_TRUE(again);
  auto second = Compute(*again, 2026, std::nullopt, log.checkpoint());
  ASSERT_TRUE(second);
  EXPECT_EQ(EncodeReportJson(*report), EncodeReportJson(*second));
  EXPECT_EQ(EncodeReportCsv(*report), EncodeReportCsv(*second));
}

}  // namespace
}  // namespace accord::transparency
