// Tests of registry/deadlines.h: the acknowledgment policy, the
// notification state machine, the deadline scheduler (with a ManualClock:
// restarts, clock steps, ordering, the waiting thread) and ping statistics.
#include "registry/deadlines.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace accord::registry {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

core::Timestamp At(std::string_view text) {
  return core::ParseRfc3339(text).value();
}
core::StixId Id(std::string_view text) {
  return core::StixId::Parse(text).value();
}

const core::StixId kPartyA = Id("party--11111111-1111-4111-8111-111111111111");
const core::StixId kPartyB = Id("party--22222222-2222-4222-8222-222222222222");
const core::StixId kPartyC = Id("party--33333333-3333-4333-8333-333333333333");
const core::Timestamp kSent = At("2026-03-01T08:00:00Z");

model::Notification MakeNotification(model::Priority priority,
                                     model::NotificationKind kind =
                                         model::NotificationKind::kIncidentAlert,
                                     std::string_view id =
                                         "notification--6f1c2d3e-4a5b-4c6d-8e7f-001122334455") {
  model::Notification n;
  n.id = Id(id);
  n.kind = kind;
  n.from = kPartyA;
  n.to = {kPartyB, kPartyC};
  n.priority = priority;
  n.subject = "subject";
  n.sent_at = kSent;
  return n;
}

model::Reply MakeReply(const model::Notification& n, const core::StixId& from,
                       model::ReplyKind kind, core::Timestamp at) {
  static int counter = 0;
  char id[80];
  std::snprintf(id, sizeof id, "notification-reply--aaaaaaaa-aaaa-4aaa-8aaa-%012d", ++counter);
  model::Reply reply;
  reply.id = Id(id);
  reply.notification_id = n.id;
  reply.from = from;
  reply.at = at;
  reply.kind = kind;
  reply.body = kind == model::ReplyKind::kAnswer ? "answer" : "";
  return reply;
}

// ---------------------------------------------------------------------------
// Policy.

TEST(DeadlinePolicyTest, DefaultsAre24HoursUrgent72HoursNormal48HoursPing) {
  const DeadlinePolicy policy;
  using model::NotificationKind;
  using model::Priority;
  EXPECT_EQ(policy.Window(NotificationKind::kIncidentAlert, Priority::kUrgent), hours(24));
  EXPECT_EQ(policy.Window(NotificationKind::kAdvanceNotice, Priority::kNormal), hours(72));
  EXPECT_EQ(policy.Window(NotificationKind::kPing, Priority::kUrgent), hours(48));
  EXPECT_EQ(policy.Window(NotificationKind::kPing, Priority::kNormal), hours(48));
  EXPECT_EQ(policy.AcknowledgmentDue(MakeNotification(Priority::kUrgent)),
            At("2026-03-02T08:00:00Z"));
}

TEST(DeadlinePolicyTest, FromConfigTakesConfiguredWindows) {
  auto policy = DeadlinePolicy::FromConfig({.urgent_seconds = 3600,
                                            .normal_seconds = 7200,
                                            .ping_seconds = 600});
  ASSERT_TRUE(policy);
  EXPECT_EQ(policy->AcknowledgmentDue(MakeNotification(model::Priority::kNormal)),
            At("2026-03-01T10:00:00Z"));
  EXPECT_EQ(policy->Window(model::NotificationKind::kPing, model::Priority::kNormal), seconds(600));
}

TEST(DeadlinePolicyTest, FromConfigRejectsAWindowOutOfRangeNamingTheField) {
  auto zero = DeadlinePolicy::FromConfig({.urgent_seconds = 0});
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(zero.error().message,
            "deadline config: field \"urgent_seconds\": 0 seconds; expected 1 to 31622400");
  auto long_ping = DeadlinePolicy::FromConfig({.ping_seconds = kMaxDeadlineSeconds + 1});
  ASSERT_FALSE(long_ping);
  EXPECT_NE(long_ping.error().message.find("\"ping_seconds\""), std::string::npos);
}

TEST(DeadlinePolicyTest, DueIsClampedAtTheLastRepresentableInstant) {
  model::Notification n = MakeNotification(model::Priority::kNormal);
  n.sent_at = At("9999-12-31T00:00:00Z");
  EXPECT_EQ(DeadlinePolicy().AcknowledgmentDue(n), core::kMaxTimestamp);
}

// ---------------------------------------------------------------------------
// State machine.

class NotificationStateTest : public ::testing::Test {
 protected:
  model::Notification notification_ = MakeNotification(model::Priority::kUrgent);
  NotificationStatus status_ = OpenNotification(notification_, DeadlinePolicy())[0];
  const core::Timestamp due_ = At("2026-03-02T08:00:00Z");

  NotificationStatus Step(const NotificationStatus& status, NotificationStep step,
                          core::Timestamp at) {
    auto next = Advance(status, step, at);
    EXPECT_TRUE(next) << next.error().message;
    return next ? *next : status;
  }
};

TEST_F(NotificationStateTest, OpensOneSentStatusPerRecipientWithTheDueTime) {
  const auto statuses = OpenNotification(notification_, DeadlinePolicy());
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[0].recipient, kPartyB);
  EXPECT_EQ(statuses[1].recipient, kPartyC);
  for (const auto& status : statuses) {
    EXPECT_EQ(status.state, NotificationState::kSent);
    EXPECT_EQ(status.due, due_);
    EXPECT_FALSE(status.late);
  }
}

TEST_F(NotificationStateTest, OnTimePathGoesSentDeliveredAcknowledgedAnswered) {
  auto s = Step(status_, NotificationStep::kDeliver, kSent + minutes(1));
  EXPECT_EQ(s.state, NotificationState::kDelivered);
  s = Step(s, NotificationStep::kAcknowledge, kSent + hours(2));
  EXPECT_EQ(s.state, NotificationState::kAcknowledged);
  s = Step(s, NotificationStep::kAnswer, kSent + hours(30));  // answers have no deadline
  EXPECT_EQ(s.state, NotificationState::kAnswered);
  EXPECT_EQ(s.delivered_at, kSent + minutes(1));
  EXPECT_EQ(s.acknowledged_at, kSent + hours(2));
  EXPECT_EQ(s.answered_at, kSent + hours(30));
  EXPECT_FALSE(s.late);
  EXPECT_FALSE(s.overdue_at);
}

TEST_F(NotificationStateTest, MissedDeadlineMakesItOverdueAndALateAcknowledgmentStaysLate) {
  auto s = Step(status_, NotificationStep::kDeliver, kSent + minutes(1));
  s = Step(s, NotificationStep::kDeadlinePassed, due_);
  EXPECT_EQ(s.state, NotificationState::kOverdue);
  EXPECT_TRUE(s.late);
  EXPECT_EQ(s.overdue_at, due_);
  s = Step(s, NotificationStep::kAcknowledge, due_ + hours(5));
  EXPECT_EQ(s.state, NotificationState::kAcknowledged);
  EXPECT_EQ(s.acknowledged_at, due_ + hours(5));
  EXPECT_TRUE(s.late);
  s = Step(s, NotificationStep::kAnswer, due_ + hours(6));
  EXPECT_EQ(s.state, NotificationState::kAnswered);
  EXPECT_TRUE(s.late);
}

TEST_F(NotificationStateTest, AcknowledgingAtTheDueInstantIsLateAndJustBeforeIsNot) {
  auto on_time = Step(status_, NotificationStep::kAcknowledge, due_ - microseconds(1));
  EXPECT_FALSE(on_time.late);
  auto late = Step(status_, NotificationStep::kAcknowledge, due_);
  EXPECT_TRUE(late.late);
  // Late even though the scheduler had not yet marked it overdue (e.g. the
  // node was down): the flag is the record of the deadline.
  EXPECT_EQ(late.state, NotificationState::kAcknowledged);
  EXPECT_FALSE(late.overdue_at);
}

TEST_F(NotificationStateTest, AnAnswerWithoutAcknowledgmentAcknowledgesToo) {
  auto s = Step(status_, NotificationStep::kAnswer, kSent + hours(3));
  EXPECT_EQ(s.state, NotificationState::kAnswered);
  EXPECT_EQ(s.acknowledged_at, kSent + hours(3));
  EXPECT_EQ(s.delivered_at, kSent + hours(3));
  // A later answer is a further reply; the status keeps the first.
  s = Step(s, NotificationStep::kAnswer, kSent + hours(4));
  EXPECT_EQ(s.answered_at, kSent + hours(3));
}

TEST_F(NotificationStateTest, OverdueAcceptsOneLateDeliveryReceipt) {
  auto s = Step(status_, NotificationStep::kDeadlinePassed, due_ + seconds(1));
  s = Step(s, NotificationStep::kDeliver, due_ + hours(1));
  EXPECT_EQ(s.state, NotificationState::kOverdue);
  EXPECT_EQ(s.delivered_at, due_ + hours(1));
  auto again = Advance(s, NotificationStep::kDeliver, due_ + hours(2));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_NE(again.error().message.find("state is \"overdue\"; allowed: acknowledge, answer"),
            std::string::npos)
      << again.error().message;
}

TEST_F(NotificationStateTest, RefusedStepsNameTheStateAndTheAllowedSteps) {
  auto acknowledged = Step(status_, NotificationStep::kAcknowledge, kSent + hours(1));
  auto twice = Advance(acknowledged, NotificationStep::kAcknowledge, kSent + hours(2));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(twice.error().message,
            "acknowledge: notification notification--6f1c2d3e-4a5b-4c6d-8e7f-001122334455 for "
            "party--22222222-2222-4222-8222-222222222222: state is \"acknowledged\"; allowed: "
            "answer");
  // The scheduler can lose a race with an acknowledgment: refused, not applied.
  auto overdue_after_ack = Advance(acknowledged, NotificationStep::kDeadlinePassed, due_);
  ASSERT_FALSE(overdue_after_ack);
  EXPECT_EQ(overdue_after_ack.error().code, core::ErrorCode::kConflict);

  auto delivered = Step(status_, NotificationStep::kDeliver, kSent);
  auto redelivered = Advance(delivered, NotificationStep::kDeliver, kSent + seconds(1));
  ASSERT_FALSE(redelivered);
  EXPECT_NE(redelivered.error().message.find(
                "state is \"delivered\"; allowed: acknowledge, answer, deadline-passed"),
            std::string::npos);

  auto overdue = Step(status_, NotificationStep::kDeadlinePassed, due_);
  auto overdue_twice = Advance(overdue, NotificationStep::kDeadlinePassed, due_ + hours(1));
  ASSERT_FALSE(overdue_twice);
  EXPECT_NE(overdue_twice.error().message.find("allowed: deliver, acknowledge, answer"),
            std::string::npos);
}

TEST_F(NotificationStateTest, DeadlineStepBeforeTheDueInstantIsRefused) {
  auto early = Advance(status_, NotificationStep::kDeadlinePassed, due_ - seconds(1));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(early.error().message.find("at 2026-03-02T07:59:59Z is before the deadline "
                                       "2026-03-02T08:00:00Z"),
            std::string::npos);
}

TEST_F(NotificationStateTest, StepDatedBeforeSendingIsRefused) {
  auto before = Advance(status_, NotificationStep::kAcknowledge, kSent - seconds(1));
  ASSERT_FALSE(before);
  EXPECT_EQ(before.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(before.error().message.find("is before sent_at 2026-03-01T08:00:00Z"),
            std::string::npos);
}

TEST_F(NotificationStateTest, ApplyReplyMapsKindsAndChecksTheSender) {
  auto ack = ApplyReply(status_, MakeReply(notification_, kPartyB, model::ReplyKind::kAcknowledgment,
                                           kSent + hours(1)));
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->state, NotificationState::kAcknowledged);

  auto note = ApplyReply(status_, MakeReply(notification_, kPartyA, model::ReplyKind::kNote,
                                            kSent + hours(1)));
  ASSERT_TRUE(note);
  EXPECT_EQ(*note, status_);

  auto other = ApplyReply(status_, MakeReply(notification_, kPartyC,
                                             model::ReplyKind::kAcknowledgment, kSent));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_NE(other.error().message.find("only the recipient party--2222"), std::string::npos);

  model::Reply stray =
      MakeReply(notification_, kPartyB, model::ReplyKind::kAcknowledgment, kSent);
  stray.notification_id = Id("notification--99999999-9999-4999-8999-999999999999");
  auto wrong = ApplyReply(status_, stray);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, core::ErrorCode::kInvalidArgument);

  auto twice = ApplyReply(*ack, MakeReply(notification_, kPartyB,
                                          model::ReplyKind::kAcknowledgment, kSent + hours(2)));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message.rfind("reply notification-reply--", 0), 0u);
  EXPECT_NE(twice.error().message.find("allowed: answer"), std::string::npos);
}

TEST(AcknowledgmentDeadlineIdTest, NamesTheNotificationAndTheRecipient) {
  EXPECT_EQ(AcknowledgmentDeadlineId(Id("notification--6f1c2d3e-4a5b-4c6d-8e7f-001122334455"),
                                     kPartyB),
            "ack/notification--6f1c2d3e-4a5b-4c6d-8e7f-001122334455/"
            "party--22222222-2222-4222-8222-222222222222");
}

// ---------------------------------------------------------------------------
// Scheduler.

// Records firings as the node would persist them.
struct FiredLog {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<DeadlineFired> fired;
  int fail_next = 0;  // how many calls to fail before persisting again

  FireFn Callback() {
    return [this](const DeadlineFired& event) -> core::Status {
      std::lock_guard lock(mutex);
      if (fail_next > 0) {
        --fail_next;
        return core::Error{core::ErrorCode::kUnavailable, "store unavailable"};
      }
      fired.push_back(event);
      changed.notify_all();
      return core::Ok();
    };
  }
  std::vector<std::string> Ids() {
    std::lock_guard lock(mutex);
    std::vector<std::string> ids;
    for (const auto& event : fired) ids.push_back(event.id);
    return ids;
  }
  std::set<std::string> IdSet() {
    auto ids = Ids();
    return {ids.begin(), ids.end()};
  }
  // Waits (bounded) until `count` firings are recorded.
  bool WaitFor(std::size_t count, std::chrono::seconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, limit, [&] { return fired.size() >= count; });
  }
};

const core::Timestamp kT0 = At("2026-03-01T00:00:00Z");

std::unique_ptr<DeadlineScheduler> MakeScheduler(const core::Clock& clock,
                                                 std::vector<Deadline> pending,
                                                 std::set<std::string> fired, FiredLog& log,
                                                 SchedulerOptions options = {}) {
  auto scheduler =
      DeadlineScheduler::Create(clock, std::move(pending), std::move(fired), log.Callback(),
                                options);
  EXPECT_TRUE(scheduler) << scheduler.error().message;
  return std::move(*scheduler);
}

TEST(DeadlineSchedulerTest, FiresNothingBeforeTheDueInstantAndFiresAtIt) {
  core::ManualClock clock(kT0);
  FiredLog log;
  auto scheduler = MakeScheduler(clock, {{"a", kT0 + hours(1)}}, {}, log);
  EXPECT_EQ(scheduler->Poll(kT0 + hours(1) - microseconds(1)), 0u);
  EXPECT_TRUE(log.Ids().empty());
  EXPECT_EQ(scheduler->Poll(kT0 + hours(1)), 1u);
  ASSERT_EQ(log.fired.size(), 1u);
  EXPECT_EQ(log.fired[0], (DeadlineFired{"a", kT0 + hours(1), kT0 + hours(1)}));
  EXPECT_TRUE(scheduler->HasFired("a"));
  EXPECT_TRUE(scheduler->Pending().empty());
}

TEST(DeadlineSchedulerTest, FiresEachDeadlineOnceHoweverOftenPolled) {
  core::ManualClock clock(kT0);
  FiredLog log;
  auto scheduler = MakeScheduler(clock, {{"a", kT0}, {"b", kT0 + seconds(1)}}, {}, log);
  EXPECT_EQ(scheduler->Poll(kT0 + hours(1)), 2u);
  EXPECT_EQ(scheduler->Poll(kT0 + hours(2)), 0u);
  EXPECT_EQ(scheduler->Poll(kT0 + hours(2)), 0u);
  EXPECT_EQ(log.Ids(), (std::vector<std::string>{"a", "b"}));
}

TEST(DeadlineSchedulerTest, FiresInDueOrderThenIdOrderWhateverTheInsertionOrder) {
  core::ManualClock clock(kT0);
  FiredLog log;
  auto scheduler = MakeScheduler(
      clock, {{"late", kT0 + hours(3)}, {"same-b", kT0 + hours(1)}, {"early", kT0}}, {}, log);
  ASSERT_TRUE(scheduler->Add({"same-a", kT0 + hours(1)}));
  ASSERT_TRUE(scheduler->Add({"same-c", kT0 + hours(1)}));
  EXPECT_EQ(scheduler->Poll(kT0 + hours(5)), 5u);
  EXPECT_EQ(log.Ids(),
            (std::vector<std::string>{"early", "same-a", "same-b", "same-c", "late"}));
}

TEST(DeadlineSchedulerTest, CancelledDeadlineNeverFires) {
  core::ManualClock clock(kT0);
  FiredLog log;
  auto scheduler = MakeScheduler(clock, {{"a", kT0}, {"b", kT0}}, {}, log);
  EXPECT_TRUE(scheduler->Cancel("a"));
  EXPECT_FALSE(scheduler->Cancel("a"));
  EXPECT_FALSE(scheduler->Cancel("unknown"));
  scheduler->Poll(kT0 + hours(1));
  EXPECT_EQ(log.Ids(), (std::vector<std::string>{"b"}));
}

TEST(DeadlineSchedulerTest, FailedPersistenceKeepsTheDeadlineAndTheOrder) {
  core::ManualClock clock(kT0);
  FiredLog log;
  auto scheduler = MakeScheduler(clock, {{"a", kT0}, {"b", kT0 + seconds(1)}}, {}, log);
  log.fail_next = 1;
  EXPECT_EQ(scheduler->Poll(kT0 + hours(1)), 0u);  // "b" did not jump ahead of "a"
  EXPECT_FALSE(scheduler->HasFired("a"));
  EXPECT_EQ(scheduler->Pending().size(), 2u);
  EXPECT_EQ(scheduler->Poll(kT0 + hours(1)), 2u);
  EXPECT_EQ(log.Ids(), (std::vector<std::string>{"a", "b"}));
}

TEST(DeadlineSchedulerTest, RestartFiresWhatFellDueWhileDownAndNothingTwice) {
  const std::vector<Deadline> pending = {
      {"a", kT0 + hours(1)}, {"b", kT0 + hours(2)}, {"c", kT0 + hours(3)}, {"d", kT0 + hours(9)}};
  core::ManualClock clock(kT0);
  FiredLog persisted;
  {
    auto first = MakeScheduler(clock, pending, {}, persisted);
    clock.Set(kT0 + hours(1) + minutes(30));
    EXPECT_EQ(first->PollNow(), 1u);  // "a"; then the node goes down
  }
  // Down from 01:30 to 05:00: "b" and "c" fell due meanwhile. The node
  // rebuilds from its stale pending list and the persisted fired events.
  clock.Set(kT0 + hours(5));
  auto second = MakeScheduler(clock, pending, persisted.IdSet(), persisted);
  EXPECT_EQ(second->Pending().size(), 3u);
  EXPECT_EQ(second->PollNow(), 2u);
  EXPECT_EQ(persisted.Ids(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(persisted.fired[1].fired_at, kT0 + hours(5));
  EXPECT_EQ(persisted.fired[1].due, kT0 + hours(2));
  // "d" is in the middle of its deadline: it waits for its instant.
  clock.Set(kT0 + hours(9) - seconds(1));
  EXPECT_EQ(second->PollNow(), 0u);
  clock.Set(kT0 + hours(9));
  EXPECT_EQ(second->PollNow(), 1u);
  EXPECT_EQ(persisted.Ids(), (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(DeadlineSchedulerTest, RestartBeforeDueDoesNotFireEarly) {
  core::ManualClock clock(kT0);
  FiredLog persisted;
  const std::vector<Deadline> pending = {{"ack", kT0 + hours(24)}};
  { auto first = MakeScheduler(clock, pending, {}, persisted); }
  clock.Set(kT0 + hours(12));  // restarted half-way through the window
  auto second = MakeScheduler(clock, pending, persisted.IdSet(), persisted);
  EXPECT_EQ(second->PollNow(), 0u);
  clock.Set(kT0 + hours(24));
  EXPECT_EQ(second->PollNow(), 1u);
}

TEST(DeadlineSchedulerTest, AlreadyFiredIdsAreNotAcceptedAgain) {
  core::ManualClock clock(kT0);
  FiredLog log;
  auto scheduler = MakeScheduler(clock, {{"a", kT0}}, {"a"}, log);
  EXPECT_TRUE(scheduler->Pending().empty());
  EXPECT_EQ(scheduler->Poll(kT0 + hours(1)), 0u);
  auto add = scheduler->Add({"a", kT0});
  ASSERT_FALSE(add);
  EXPECT_EQ(add.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(add.error().message, "add deadline \"a\": it has already fired");
}

TEST(DeadlineSchedulerTest, RejectsDuplicateOrEmptyIds) {
  core::ManualClock clock(kT0);
  FiredLog log;
  auto duplicate = DeadlineScheduler::Create(clock, {{"a", kT0}, {"a", kT0 + hours(1)}}, {},
                                             log.Callback());
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().message, "pending deadline \"a\": listed twice");
  auto scheduler = MakeScheduler(clock, {{"a", kT0 + hours(1)}}, {}, log);
  auto again = scheduler->Add({"a", kT0});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message, "add deadline \"a\": it is already pending");
  auto empty = scheduler->Add({"", kT0});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(DeadlineSchedulerTest, ClockStepForwardFiresWhatBecameDue) {
  core::ManualClock clock(kT0);
  FiredLog log;
  auto scheduler =
      MakeScheduler(clock, {{"a", kT0 + hours(1)}, {"b", kT0 + hours(30)}}, {}, log);
  EXPECT_EQ(scheduler->PollNow(), 0u);
  clock.Advance(hours(2));  // e.g. NTP corrects a slow clock
  EXPECT_EQ(scheduler->PollNow(), 1u);
  EXPECT_EQ(log.Ids(), (std::vector<std::string>{"a"}));
}

TEST(DeadlineSchedulerTest, ClockStepBackwardFiresNothingEarlyAndLosesNothing) {
  core::ManualClock clock(kT0 + hours(1));
  FiredLog log;
  auto scheduler =
      MakeScheduler(clock, {{"a", kT0 + hours(2)}, {"b", kT0 + hours(3)}}, {}, log);
  clock.Advance(-hours(10));
  EXPECT_EQ(scheduler->PollNow(), 0u);
  EXPECT_EQ(scheduler->Pending().size(), 2u);
  clock.Set(kT0 + hours(2));
  EXPECT_EQ(scheduler->PollNow(), 1u);
  clock.Advance(-hours(1));  // back again after "a" fired: "a" does not fire again
  EXPECT_EQ(scheduler->PollNow(), 0u);
  clock.Set(kT0 + hours(3));
  EXPECT_EQ(scheduler->PollNow(), 1u);
  EXPECT_EQ(log.Ids(), (std::vector<std::string>{"a", "b"}));
}

TEST(DeadlineSchedulerTest, FireCallbackMayCancelAndAddDeadlines) {
  core::ManualClock clock(kT0);
  std::vector<std::string> fired;
  std::unique_ptr<DeadlineScheduler> scheduler;
  auto created = DeadlineScheduler::Create(
      clock, {{"a", kT0}, {"b", kT0 + seconds(1)}}, {},
      [&](const DeadlineFired& event) -> core::Status {
        fired.push_back(event.id);
        if (event.id == "a") {
          EXPECT_TRUE(scheduler->Cancel("b"));
          EXPECT_TRUE(scheduler->Add({"c", kT0 + seconds(2)}));
        }
        return core::Ok();
      });
  ASSERT_TRUE(created);
  scheduler = std::move(*created);
  EXPECT_EQ(scheduler->Poll(kT0 + hours(1)), 2u);
  EXPECT_EQ(fired, (std::vector<std::string>{"a", "c"}));
}

TEST(DeadlineSchedulerThreadTest, FiresSoonAfterTheClockReachesTheDueInstant) {
  core::ManualClock clock(kT0);
  FiredLog log;
  auto scheduler =
      MakeScheduler(clock, {{"a", kT0 + hours(24)}}, {}, log, {.max_wait = std::chrono::milliseconds(5)});
  scheduler->Start();
  clock.Set(kT0 + hours(24));  // no Wake(): the thread re-reads the clock on its own
  ASSERT_TRUE(log.WaitFor(1));
  scheduler->Stop();
  EXPECT_EQ(log.Ids(), (std::vector<std::string>{"a"}));
}

TEST(DeadlineSchedulerThreadTest, FiresAtStartWhatFellDueWhileDown) {
  core::ManualClock clock(kT0 + hours(100));
  FiredLog log;
  // A long max_wait: only the poll at start can fire these in time.
  auto scheduler = MakeScheduler(clock, {{"b", kT0 + hours(2)}, {"a", kT0 + hours(1)}}, {}, log,
                                 {.max_wait = std::chrono::hours(1)});
  scheduler->Start();
  ASSERT_TRUE(log.WaitFor(2));
  scheduler->Stop();
  EXPECT_EQ(log.Ids(), (std::vector<std::string>{"a", "b"}));
}

TEST(DeadlineSchedulerThreadTest, AddWakesTheThreadForAnEarlierDeadline) {
  core::ManualClock clock(kT0);
  FiredLog log;
  auto scheduler = MakeScheduler(clock, {{"far", kT0 + hours(100)}}, {}, log,
                                 {.max_wait = std::chrono::hours(1)});
  scheduler->Start();
  ASSERT_TRUE(scheduler->Add({"now", kT0}));
  ASSERT_TRUE(log.WaitFor(1));
  scheduler->Stop();
  EXPECT_EQ(log.Ids(), (std::vector<std::string>{"now"}));
}

TEST(DeadlineSchedulerThreadTest, WakeAfterAClockStepFiresWithoutWaitingForTheRecheck) {
  core::ManualClock clock(kT0);
  FiredLog log;
  auto scheduler = MakeScheduler(clock, {{"a", kT0 + hours(5)}}, {}, log,
                                 {.max_wait = std::chrono::hours(1)});
  scheduler->Start();
  clock.Advance(hours(6));
  scheduler->Wake();
  ASSERT_TRUE(log.WaitFor(1));
  scheduler->Stop();
}

TEST(DeadlineSchedulerThreadTest, StopWhileWaitingReturnsAndFiresNothing) {
  core::ManualClock clock(kT0);
  FiredLog log;
  auto scheduler = MakeScheduler(clock, {{"a", kT0 + hours(24)}}, {}, log,
                                 {.max_wait = std::chrono::hours(1)});
  scheduler->Start();
  scheduler->Stop();  // would hang for an hour if Stop did not wake the wait
  scheduler->Stop();  // idempotent
  EXPECT_TRUE(log.Ids().empty());
  EXPECT_EQ(scheduler->Pending().size(), 1u);
  // A stopped scheduler can still be polled, and restarted.
  scheduler->Start();
  clock.Set(kT0 + hours(24));
  scheduler->Wake();
  ASSERT_TRUE(log.WaitFor(1));
}

TEST(DeadlineSchedulerThreadTest, ThreadAndCallerPollingTogetherFireEachOnceInOrder) {
  core::ManualClock clock(kT0);
  FiredLog log;
  std::vector<Deadline> pending;
  std::vector<std::string> expected;
  for (int i = 0; i < 200; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "d%03d", i);
    pending.push_back({id, kT0 + seconds(i)});
    expected.push_back(id);
  }
  auto scheduler =
      MakeScheduler(clock, pending, {}, log, {.max_wait = std::chrono::milliseconds(1)});
  scheduler->Start();
  for (int i = 0; i < 200; ++i) {
    clock.Advance(seconds(1));
    if (i % 3 == 0) scheduler->PollNow();
  }
  clock.Set(kT0 + hours(1));
  scheduler->PollNow();
  ASSERT_TRUE(log.WaitFor(200));
  scheduler->Stop();
  EXPECT_EQ(log.Ids(), expected);
}

// ---------------------------------------------------------------------------
// Pings.

TEST(MeasurePingsTest, ClassifiesEachRecipientAndSummarisesInWholeSeconds) {
  const DeadlinePolicy policy;  // pings: 48 hours
  auto ping1 = MakeNotification(model::Priority::kNormal, model::NotificationKind::kPing,
                                "notification--00000000-0000-4000-8000-000000000001");
  auto ping2 = MakeNotification(model::Priority::kNormal, model::NotificationKind::kPing,
                                "notification--00000000-0000-4000-8000-000000000002");
  ping2.sent_at = kSent + hours(100);
  const std::vector<model::Notification> pings = {ping1, ping2};
  const std::vector<model::Reply> replies = {
      // B acknowledges ping 1 after 90.9 s (rounded down to 90) then answers.
      MakeReply(ping1, kPartyB, model::ReplyKind::kAcknowledgment,
                kSent + seconds(90) + std::chrono::milliseconds(900)),
      MakeReply(ping1, kPartyB, model::ReplyKind::kAnswer, kSent + seconds(300)),
      // C only leaves a note on ping 1, then answers late.
      MakeReply(ping1, kPartyC, model::ReplyKind::kNote, kSent + seconds(5)),
      MakeReply(ping1, kPartyC, model::ReplyKind::kAnswer, kSent + hours(48)),
      // A is not a recipient: ignored.
      MakeReply(ping2, kPartyA, model::ReplyKind::kAcknowledgment, ping2.sent_at),
      // Listed first but later: the earliest acknowledging reply counts.
      MakeReply(ping2, kPartyB, model::ReplyKind::kAnswer, ping2.sent_at + seconds(500)),
      MakeReply(ping2, kPartyB, model::ReplyKind::kAcknowledgment, ping2.sent_at + seconds(10)),
  };
  // Ping 2 was sent 100 h after ping 1; measured 49 h after ping 2.
  auto report = MeasurePings(pings, replies, policy, ping2.sent_at + hours(49));
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->measurements.size(), 4u);
  EXPECT_EQ(report->measurements[0],
            (PingMeasurement{ping1.id, kPartyB, PingResult::kOnTime, 90}));
  EXPECT_EQ(report->measurements[1],
            (PingMeasurement{ping1.id, kPartyC, PingResult::kLate, 48 * 3600}));
  EXPECT_EQ(report->measurements[2],
            (PingMeasurement{ping2.id, kPartyB, PingResult::kOnTime, 10}));
  EXPECT_EQ(report->measurements[3],
            (PingMeasurement{ping2.id, kPartyC, PingResult::kMissed, std::nullopt}));
  ASSERT_EQ(report->parties.size(), 2u);
  EXPECT_EQ(report->parties[0], (PartyPingSummary{kPartyB, 2, 2, 0, 0, 0, 10, 90}));
  EXPECT_EQ(report->parties[1], (PartyPingSummary{kPartyC, 2, 0, 1, 1, 0, 172800, 172800}));
}

TEST(MeasurePingsTest, AnUnacknowledgedPingBeforeItsDeadlineIsPending) {
  auto ping = MakeNotification(model::Priority::kNormal, model::NotificationKind::kPing);
  const std::vector<model::Notification> pings = {ping};
  auto report = MeasurePings(pings, {}, DeadlinePolicy(), kSent + hours(48) - seconds(1));
  ASSERT_TRUE(report);
  EXPECT_EQ(report->measurements[0].result, PingResult::kPending);
  EXPECT_EQ(report->parties[0].pending, 1);
  EXPECT_FALSE(report->parties[0].median_seconds_to_acknowledge);
  auto later = MeasurePings(pings, {}, DeadlinePolicy(), kSent + hours(48));
  ASSERT_TRUE(later);
  EXPECT_EQ(later->measurements[0].result, PingResult::kMissed);
}

TEST(MeasurePingsTest, RejectsANotificationThatIsNotAPing) {
  const std::vector<model::Notification> pings = {MakeNotification(model::Priority::kUrgent)};
  auto report = MeasurePings(pings, {}, DeadlinePolicy(), kSent);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().message,
            "measure pings: notification notification--6f1c2d3e-4a5b-4c6d-8e7f-001122334455: "
            "kind is \"incident-alert\"; expected \"ping\"");
}

TEST(MeasurePingsTest, RejectsAnAcknowledgmentDatedBeforeThePing) {
  auto ping = MakeNotification(model::Priority::kNormal, model::NotificationKind::kPing);
  const std::vector<model::Notification> pings = {ping};
  const std::vector<model::Reply> replies = {
      MakeReply(ping, kPartyB, model::ReplyKind::kAcknowledgment, kSent - seconds(1))};
  auto report = MeasurePings(pings, replies, DeadlinePolicy(), kSent + hours(1));
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(report.error().message.find("is before its ping was sent (2026-03-01T08:00:00Z)"),
            std::string::npos);
}

}  // namespace
}  // namespace accord::registry
