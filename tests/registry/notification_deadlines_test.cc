// Acknowledgment deadlines wired into the registry (issue 8,
// docs/notifications.md "The state machine" and "The deadline scheduler"):
// every path a deadline can take with a ManualClock and no deadline thread,
// including restarts over the same store and log and clock steps.
#include <chrono>
#include <set>

#include <gtest/gtest.h>

#include "notification_test_util.h"

namespace accord::registry::testing {
namespace {

using namespace std::chrono_literals;

// The harness's clock starts at 2026-03-01T12:00:00Z; the default urgent
// window is 24 hours (registry/deadlines.h DeadlineConfig).
constexpr std::string_view kUrgentDue = "2026-03-02T12:00:00Z";

std::string ActorOf(const store::EventRecord& event) {
  JsonValue full = Parse(event.full_json);
  return StringAt(full, "/actor/party_id");
}

TEST(NotificationDeadlineTest, SendingSchedulesOneDeadlinePerRecipientAtTheUrgentWindow) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id, h.c().id});
  auto pending = h.registry().PendingDeadlines();
  ASSERT_EQ(pending.size(), 2u);
  for (const auto& deadline : pending) EXPECT_EQ(deadline.due, Time(kUrgentDue));
  std::set<std::string> ids{pending[0].id, pending[1].id};
  EXPECT_TRUE(ids.count("ack/" + id + "/" + h.b().id));
  EXPECT_TRUE(ids.count("ack/" + id + "/" + h.c().id));
  EXPECT_EQ(StringAt(h.Status(id, h.b().id), "/due"), kUrgentDue);
}

TEST(NotificationDeadlineTest, ConfiguredWindowsSetTheDue) {
  RegistryOptions options = NotificationHarness::Options();
  options.notification_deadlines.normal_seconds = 90;
  NotificationHarness h(options);
  std::string id = h.SendOk({h.b().id}, "normal");
  EXPECT_EQ(StringAt(h.Status(id, h.b().id), "/due"), "2026-03-01T12:01:30Z");
}

TEST(NotificationDeadlineTest, AcknowledgmentOnTimeCancelsTheDeadline) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  h.harness().clock().Set(Time("2026-03-01T13:00:00Z"));
  Reply ack = h.Respond(h.b().caller, id, "acknowledgment");
  ASSERT_FALSE(ack.error) << Describe(ack);
  EXPECT_EQ(StringAt(ack.body, "/state"), "acknowledged");
  EXPECT_EQ(At(ack.body, "/late")->AsBool(), false);
  EXPECT_TRUE(h.registry().PendingDeadlines().empty());
  h.harness().clock().Set(Time("2026-03-05T00:00:00Z"));
  EXPECT_EQ(h.registry().PollDeadlines(), 0u);
  EXPECT_TRUE(h.Events(event_type::kNotificationOverdue).empty());
  JsonValue status = h.Status(id, h.b().id);
  EXPECT_EQ(StringAt(status, "/state"), "acknowledged");
  EXPECT_EQ(StringAt(status, "/acknowledged_at"), "2026-03-01T13:00:00Z");
  EXPECT_EQ(At(status, "/overdue_at"), nullptr);
}

TEST(NotificationDeadlineTest, OverdueFiresOnceAtDueWithTheNodeAsActor) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  h.harness().clock().Set(Time(kUrgentDue) - 1s);
  EXPECT_EQ(h.registry().PollDeadlines(), 0u) << "one second early";
  h.harness().clock().Set(Time(kUrgentDue));
  EXPECT_EQ(h.registry().PollDeadlines(), 1u) << "due is the first late instant";
  EXPECT_EQ(h.registry().PollDeadlines(), 0u);
  h.harness().clock().Set(Time("2026-03-09T00:00:00Z"));
  EXPECT_EQ(h.registry().PollDeadlines(), 0u);

  auto overdue = h.Events(event_type::kNotificationOverdue);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(ActorOf(overdue[0]), "") << "the node, not a party";
  Event logged = h.LogEvent(overdue[0].seq);
  EXPECT_EQ(logged.type, event_type::kNotificationOverdue);
  EXPECT_EQ(logged.subject, id);
  EXPECT_EQ(StringAt(logged.public_body, "/notification"), id);
  EXPECT_EQ(StringAt(logged.public_body, "/recipient"), h.b().id);
  EXPECT_EQ(StringAt(logged.public_body, "/due"), kUrgentDue);
  EXPECT_EQ(StringAt(logged.public_body, "/overdue_at"), kUrgentDue);

  JsonValue status = h.Status(id, h.b().id);
  EXPECT_EQ(StringAt(status, "/state"), "overdue");
  EXPECT_TRUE(At(status, "/late")->AsBool());
}

TEST(NotificationDeadlineTest, LateAcknowledgmentIsRecordedAndStaysLate) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  h.harness().clock().Set(Time("2026-03-02T13:00:00Z"));
  ASSERT_EQ(h.registry().PollDeadlines(), 1u);
  Reply ack = h.Respond(h.b().caller, id, "acknowledgment");
  ASSERT_FALSE(ack.error) << Describe(ack);
  EXPECT_EQ(StringAt(ack.body, "/state"), "acknowledged");
  EXPECT_TRUE(At(ack.body, "/late")->AsBool());
  JsonValue status = h.Status(id, h.b().id);
  EXPECT_EQ(StringAt(status, "/overdue_at"), "2026-03-02T13:00:00Z");
  EXPECT_EQ(StringAt(status, "/acknowledged_at"), "2026-03-02T13:00:00Z");
  EXPECT_TRUE(At(status, "/late")->AsBool());

  auto replied = h.Events(event_type::kNotificationReplied);
  ASSERT_EQ(replied.size(), 1u);
  Event logged = h.LogEvent(replied[0].seq);
  EXPECT_EQ(StringAt(logged.public_body, "/kind"), "acknowledgment");
  EXPECT_EQ(StringAt(logged.public_body, "/state"), "acknowledged");
  EXPECT_TRUE(At(logged.public_body, "/late")->AsBool());
}

TEST(NotificationDeadlineTest, AcknowledgmentAfterDueIsLateEvenWhenTheDeadlineNeverFired) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  h.harness().clock().Set(Time(kUrgentDue) + 5min);
  Reply ack = h.Respond(h.b().caller, id, "acknowledgment");
  ASSERT_FALSE(ack.error) << Describe(ack);
  EXPECT_TRUE(At(ack.body, "/late")->AsBool());
  EXPECT_EQ(h.registry().PollDeadlines(), 0u) << "cancelled by the acknowledgment";
  EXPECT_TRUE(h.Events(event_type::kNotificationOverdue).empty());
}

TEST(NotificationDeadlineTest, AnswerWithoutAcknowledgmentAcknowledgesAndCancels) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  h.harness().clock().Set(Time("2026-03-01T15:00:00Z"));
  Reply answer = h.Respond(h.b().caller, id, "answer", "we isolated the historian");
  ASSERT_FALSE(answer.error) << Describe(answer);
  EXPECT_EQ(StringAt(answer.body, "/state"), "answered");
  JsonValue status = h.Status(id, h.b().id);
  EXPECT_EQ(StringAt(status, "/acknowledged_at"), "2026-03-01T15:00:00Z");
  EXPECT_EQ(StringAt(status, "/answered_at"), "2026-03-01T15:00:00Z");
  EXPECT_FALSE(At(status, "/late")->AsBool());
  EXPECT_TRUE(h.registry().PendingDeadlines().empty());
  h.harness().clock().Set(Time("2026-03-04T00:00:00Z"));
  EXPECT_EQ(h.registry().PollDeadlines(), 0u);
}

TEST(NotificationDeadlineTest, OneRecipientsAcknowledgmentLeavesTheOthersDeadline) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id, h.c().id});
  ASSERT_FALSE(h.Respond(h.b().caller, id, "acknowledgment").error);
  h.harness().clock().Set(Time(kUrgentDue));
  EXPECT_EQ(h.registry().PollDeadlines(), 1u);
  auto overdue = h.Events(event_type::kNotificationOverdue);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(StringAt(h.LogEvent(overdue[0].seq).public_body, "/recipient"), h.c().id);
  EXPECT_EQ(StringAt(h.Get(h.a().caller, id).body, "/state"), "open");
  ASSERT_FALSE(h.Respond(h.c().caller, id, "acknowledgment").error);
  EXPECT_EQ(StringAt(h.Get(h.a().caller, id).body, "/state"), "acknowledged");
}

TEST(NotificationDeadlineTest, RestartMidDeadlineFiresTheMissedDeadlineOnce) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  h.harness().Close();
  // The node is down when the deadline passes.
  h.harness().clock().Set(Time("2026-03-03T00:00:00Z"));
  h.harness().Open(NotificationHarness::Options());
  ASSERT_EQ(h.registry().PendingDeadlines().size(), 1u) << "collected from the store";
  EXPECT_EQ(h.registry().PollDeadlines(), 1u);
  EXPECT_EQ(h.registry().PollDeadlines(), 0u);
  auto overdue = h.Events(event_type::kNotificationOverdue);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(StringAt(h.LogEvent(overdue[0].seq).public_body, "/overdue_at"), "2026-03-03T00:00:00Z");
  EXPECT_EQ(StringAt(h.Status(id, h.b().id), "/state"), "overdue");
}

TEST(NotificationDeadlineTest, RestartBeforeDueKeepsTheDeadlinePending) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  h.Restart();
  auto pending = h.registry().PendingDeadlines();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].id, "ack/" + id + "/" + h.b().id);
  EXPECT_EQ(pending[0].due, Time(kUrgentDue));
  EXPECT_EQ(h.registry().PollDeadlines(), 0u);
  h.harness().clock().Set(Time(kUrgentDue));
  EXPECT_EQ(h.registry().PollDeadlines(), 1u);
}

TEST(NotificationDeadlineTest, RestartAfterTheOverdueDoesNotFireAgain) {
  NotificationHarness h;
  h.SendOk({h.b().id});
  h.harness().clock().Set(Time(kUrgentDue));
  ASSERT_EQ(h.registry().PollDeadlines(), 1u);
  h.Restart();
  EXPECT_TRUE(h.registry().PendingDeadlines().empty());
  h.harness().clock().Set(Time("2026-04-01T00:00:00Z"));
  EXPECT_EQ(h.registry().PollDeadlines(), 0u);
  EXPECT_EQ(h.Events(event_type::kNotificationOverdue).size(), 1u);
}

TEST(NotificationDeadlineTest, RestartAfterAcknowledgmentSchedulesNothing) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  ASSERT_FALSE(h.Respond(h.b().caller, id, "acknowledgment").error);
  h.Restart();
  EXPECT_TRUE(h.registry().PendingDeadlines().empty());
}

TEST(NotificationDeadlineTest, ClockSteppedBackwardsFiresNothingEarlyAndDropsNothing) {
  NotificationHarness h;
  h.SendOk({h.b().id});
  h.harness().clock().Set(Time(kUrgentDue) - 1s);
  EXPECT_EQ(h.registry().PollDeadlines(), 0u);
  h.harness().clock().Set(Time("2026-02-20T00:00:00Z"));  // NTP steps back
  EXPECT_EQ(h.registry().PollDeadlines(), 0u);
  EXPECT_EQ(h.registry().PendingDeadlines().size(), 1u);
  h.harness().clock().Set(Time(kUrgentDue));
  EXPECT_EQ(h.registry().PollDeadlines(), 1u);
  EXPECT_EQ(h.Events(event_type::kNotificationOverdue).size(), 1u);
}

TEST(NotificationDeadlineTest, DeliveryAfterOverdueIsALateReceiptRecordedOnce) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  h.harness().clock().Set(Time(kUrgentDue) + 1h);
  ASSERT_EQ(h.registry().PollDeadlines(), 1u);
  ASSERT_FALSE(h.Get(h.b().caller, id).error);
  ASSERT_FALSE(h.Get(h.b().caller, id).error);
  EXPECT_EQ(h.Events(event_type::kNotificationDelivered).size(), 1u);
  JsonValue status = h.Status(id, h.b().id);
  EXPECT_EQ(StringAt(status, "/state"), "overdue");
  EXPECT_EQ(StringAt(status, "/delivered_at"), "2026-03-02T13:00:00Z");
}

TEST(NotificationDeadlineTest, DeadlineEventsHoldNoConfidentialContent) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id, h.c().id});
  ASSERT_FALSE(h.Get(h.b().caller, id).error);
  ASSERT_FALSE(h.Respond(h.b().caller, id, "answer", "SECRET-ANSWER we isolated it").error);
  h.harness().clock().Set(Time(kUrgentDue));
  ASSERT_EQ(h.registry().PollDeadlines(), 1u);
  for (const auto& entry : h.LogEntries()) {
    EXPECT_EQ(entry.find("SECRET-"), std::string::npos) << entry;
  }
  // ... while the store's full forms keep them for the parties.
  auto sent = h.Events(event_type::kNotificationSent);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].full_json.find("SECRET-SUBJECT"), std::string::npos);
}

TEST(NotificationDeadlineTest, AnInvalidWindowRefusesToOpenNamingTheField) {
  Harness harness(Harness::Start::kEmpty, NotificationHarness::Options());
  RegistryOptions options = NotificationHarness::Options();
  options.notification_deadlines.urgent_seconds = 0;
  options.clock = &harness.clock();
  harness.Close();
  auto opened = Registry::Open(harness.store(), harness.log(), options);
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("urgent_seconds"), std::string::npos) << opened.error().ToString();
}

}  // namespace
}  // namespace accord::registry::testing
