// Acknowledgment deadlines for notifications (issue 8, docs/notifications.md):
//   - DeadlinePolicy: how long a recipient has to acknowledge, by priority
//     (and for pings), loaded from a small config the node config feeds;
//   - the notification state machine, one status per recipient:
//     sent -> delivered -> acknowledged -> answered, and overdue when the
//     deadline passes first;
//   - DeadlineScheduler: fires each deadline once when the wall clock has
//     passed it, correct across clock steps and restarts;
//   - MeasurePings: per-party results of ping tests (communication checks).
//
// Everything here is pure or in-memory: the scheduler calls back, and the
// caller turns a DeadlineFired into an event and persists it (a later
// session wires it beside the sequencer). Deadlines are wall-clock instants
// (core::Timestamp, RFC 3339 on the log), not durations on a monotonic
// clock: they must mean the same after a restart and to every reader.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/id.h"
#include "core/result.h"
#include "core/time.h"
#include "model/notification.h"

namespace accord::registry {

// ---------------------------------------------------------------------------
// Policy.

// The configurable windows, in whole seconds (the node config's
// [notifications] table will feed this).
struct DeadlineConfig {
  std::int64_t urgent_seconds = 24 * 3600;
  std::int64_t normal_seconds = 72 * 3600;
  // A ping, whatever its priority: two days, the only acknowledgment level
  // found documented for such a mechanism (ADB's "acknowledge <= 2 days",
  // FIELD-NOTES 8/10); the UN directory publishes none.
  std::int64_t ping_seconds = 48 * 3600;
};

// The longest window accepted: a year. Longer is a typo, not a policy.
inline constexpr std::int64_t kMaxDeadlineSeconds = 366 * 24 * 3600;

class DeadlinePolicy {
 public:
  // The defaults of DeadlineConfig.
  DeadlinePolicy() = default;
  // Fails with kInvalidArgument naming the field ("urgent_seconds") when a
  // window is not in 1..kMaxDeadlineSeconds.
  static core::Result<DeadlinePolicy> FromConfig(const DeadlineConfig& config);

  // The acknowledgment window of a notification of `kind` and `priority`.
  std::chrono::seconds Window(model::NotificationKind kind, model::Priority priority) const;
  // sent_at + Window(...), clamped to core::kMaxTimestamp.
  core::Timestamp AcknowledgmentDue(const model::Notification& notification) const;

  const DeadlineConfig& config() const { return config_; }

 private:
  explicit DeadlinePolicy(const DeadlineConfig& config) : config_(config) {}
  DeadlineConfig config_;
};

// ---------------------------------------------------------------------------
// The state machine (docs/notifications.md has the table).

enum class NotificationState { kSent, kDelivered, kOverdue, kAcknowledged, kAnswered };
// "sent" "delivered" "overdue" "acknowledged" "answered"
std::string_view Name(NotificationState state);

// What moves a status.
enum class NotificationStep { kDeliver, kAcknowledge, kAnswer, kDeadlinePassed };
// "deliver" "acknowledge" "answer" "deadline-passed"
std::string_view Name(NotificationStep step);

// One recipient's status of one notification: each recipient acknowledges
// for itself.
struct NotificationStatus {
  core::StixId notification_id;
  core::StixId recipient;
  NotificationState state = NotificationState::kSent;
  core::Timestamp sent_at;
  // The first instant at which the recipient is late: acknowledging at
  // t < due is on time, at t >= due is late.
  core::Timestamp due;
  std::optional<core::Timestamp> delivered_at;
  std::optional<core::Timestamp> overdue_at;
  // Set by an acknowledgment, or by an answer that came without one.
  std::optional<core::Timestamp> acknowledged_at;
  std::optional<core::Timestamp> answered_at;  // the first answer
  // The recipient missed the deadline. Once set it stays set: a late
  // acknowledgment is recorded, and the record keeps that it was late.
  bool late = false;

  friend bool operator==(const NotificationStatus&, const NotificationStatus&) = default;
};

// One status per recipient, in the order of `notification.to`, all kSent
// with due = policy.AcknowledgmentDue(notification).
std::vector<NotificationStatus> OpenNotification(const model::Notification& notification,
                                                 const DeadlinePolicy& policy);

// The steps `status` accepts, in NotificationStep order.
std::vector<NotificationStep> AllowedSteps(const NotificationStatus& status);

// `status` after `step` at `at`. Fails, changing nothing:
//   kConflict when the state does not accept the step, naming the state and
//     the steps it accepts ("acknowledge: notification is "acknowledged";
//     allowed: answer");
//   kInvalidArgument when `at` is before sent_at, or for kDeadlinePassed
//     when `at` is before `due`.
// Acknowledging or answering at or after `due` sets `late`.
core::Result<NotificationStatus> Advance(const NotificationStatus& status, NotificationStep step,
                                         core::Timestamp at);

// Applies a reply of the thread: an acknowledgment is kAcknowledge, an
// answer kAnswer, a note changes nothing. Fails with kInvalidArgument when
// the reply belongs to another notification, kPermissionDenied when an
// acknowledgment or answer does not come from this status's recipient, and
// otherwise as Advance.
core::Result<NotificationStatus> ApplyReply(const NotificationStatus& status,
                                            const model::Reply& reply);

// The scheduler id of a recipient's acknowledgment deadline:
// "ack/<notification id>/<party id>".
std::string AcknowledgmentDeadlineId(const core::StixId& notification_id,
                                     const core::StixId& recipient);

// ---------------------------------------------------------------------------
// The scheduler.

struct Deadline {
  std::string id;  // unique among pending and fired deadlines
  core::Timestamp due;
  friend bool operator==(const Deadline&, const Deadline&) = default;
};

// What the scheduler reports for a deadline that passed: the caller makes
// it an event (e.g. "notification.overdue") and persists it; on restart it
// passes every persisted id back as `already_fired`.
struct DeadlineFired {
  std::string id;
  core::Timestamp due;
  core::Timestamp fired_at;  // the wall-clock reading that found it due (>= due)
  friend bool operator==(const DeadlineFired&, const DeadlineFired&) = default;
};

// Persists one firing. Ok means durable: the deadline never fires again in
// this scheduler. An error leaves it pending, and it and every later one
// wait for the next poll (the order of firings is kept).
using FireFn = std::function<core::Status(const DeadlineFired&)>;

struct SchedulerOptions {
  // The waiting thread re-reads the wall clock at least this often, so a
  // clock step forward is noticed within it (a wait until `due` alone
  // would be measured on the steady clock and miss the step).
  std::chrono::milliseconds max_wait{1000};
};

// Holds pending deadlines and fires each once, in (due, id) order, when the
// clock reads a time at or after its due instant.
//
// Guarantees (given that the caller persists each DeadlineFired before its
// FireFn returns Ok, and passes the persisted ids back at construction):
//   - exactly once: a deadline whose id is in `already_fired` never fires;
//     one that fires is never fired again by this scheduler;
//   - restarts: a deadline that fell due while the node was down fires at
//     the first Poll (Start polls at once);
//   - clock steps: each poll compares with the clock's current reading, so
//     a step forward fires what became due, a step backward fires nothing
//     early, and nothing pending is dropped.
// If the process dies between persisting and FireFn returning, the event
// is persisted and the id is in `already_fired` next time: still once.
//
// Thread-safe: Add, Cancel, Pending and Poll may be called from any thread
// while the waiting thread runs. FireFn runs on the polling thread with no
// lock of the scheduler's held except the one that orders firings; it may
// call Add and Cancel but not Poll or Stop.
class DeadlineScheduler {
 public:
  // Fails with kInvalidArgument naming the id when `pending` holds an id
  // twice. Pending deadlines whose id is in `already_fired` are dropped
  // (they fired before the restart; the pending list was not yet updated).
  static core::Result<std::unique_ptr<DeadlineScheduler>> Create(
      const core::Clock& clock, std::vector<Deadline> pending, std::set<std::string> already_fired,
      FireFn on_fire, SchedulerOptions options = {});
  // Stops the thread if it runs.
  ~DeadlineScheduler();
  DeadlineScheduler(const DeadlineScheduler&) = delete;
  DeadlineScheduler& operator=(const DeadlineScheduler&) = delete;

  // Adds a deadline and wakes the thread. kConflict when the id is pending
  // or has fired; kInvalidArgument when it is empty.
  core::Status Add(Deadline deadline);
  // Removes a pending deadline (its notification was acknowledged).
  // Returns whether it was pending.
  bool Cancel(const std::string& id);

  // Fires, in (due, id) order, every pending deadline with due <= now.
  // Returns how many fired (an FireFn error stops the round early).
  std::size_t Poll(core::Timestamp now);
  // Poll(clock.Now()).
  std::size_t PollNow();

  // Starts the waiting thread: it polls at once, then whenever woken, the
  // next deadline's wait has elapsed, or max_wait has passed. No-op if
  // running.
  void Start();
  // Wakes the thread and joins it; idempotent. A firing in progress ends
  // first.
  void Stop();
  // Makes the thread poll now (e.g. after the clock was set).
  void Wake();

  // Pending deadlines in (due, id) order.
  std::vector<Deadline> Pending() const;
  bool HasFired(const std::string& id) const;

 private:
  DeadlineScheduler(const core::Clock& clock, FireFn on_fire, SchedulerOptions options);
  void Run();

  const core::Clock& clock_;
  FireFn on_fire_;
  SchedulerOptions options_;
  // Held for a whole Poll round, so rounds from the thread and from a
  // caller cannot interleave and fire out of order.
  std::mutex fire_mutex_;
  // Guards everything below; released while FireFn runs.
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::set<std::pair<core::Timestamp, std::string>> queue_;  // (due, id), fire order
  std::map<std::string, core::Timestamp> pending_;           // id -> due
  std::set<std::string> fired_;
  bool stopping_ = false;
  bool woken_ = false;
  // The last round stopped at a failed FireFn: wait max_wait before
  // retrying, rather than spinning on a deadline that is due.
  bool retry_later_ = false;
  std::thread thread_;
};

// ---------------------------------------------------------------------------
// Ping tests.

enum class PingResult {
  kOnTime,   // acknowledged (or answered) before the deadline
  kLate,     // acknowledged at or after the deadline
  kMissed,   // not acknowledged, and the deadline has passed
  kPending,  // not acknowledged, the deadline has not passed yet
};
// "on-time" "late" "missed" "pending"
std::string_view Name(PingResult result);

struct PingMeasurement {
  core::StixId ping;
  core::StixId party;
  PingResult result = PingResult::kPending;
  // Whole seconds from sent_at to the first acknowledgment, rounded down.
  std::optional<std::int64_t> seconds_to_acknowledge;
  friend bool operator==(const PingMeasurement&, const PingMeasurement&) = default;
};

struct PartyPingSummary {
  core::StixId party;
  std::int64_t pings = 0;
  std::int64_t on_time = 0;
  std::int64_t late = 0;
  std::int64_t missed = 0;
  std::int64_t pending = 0;
  // Over acknowledged pings: the lower median and the maximum, in whole
  // seconds (integers only: these go into public statistics).
  std::optional<std::int64_t> median_seconds_to_acknowledge;
  std::optional<std::int64_t> max_seconds_to_acknowledge;
  friend bool operator==(const PartyPingSummary&, const PartyPingSummary&) = default;
};

struct PingReport {
  // One per (ping, recipient), ordered by (sent_at, ping id, party).
  std::vector<PingMeasurement> measurements;
  // One per party pinged, ordered by party id.
  std::vector<PartyPingSummary> parties;
};

// Measures ping tests as of `now`: for each ping and each recipient, the
// first acknowledgment or answer from that recipient in `replies` (replies
// to other notifications, from non-recipients, and notes are ignored).
// Fails with kInvalidArgument naming the notification when one is not a
// ping or appears twice, and naming the reply when it is dated before its
// ping was sent. Exercise pings are measured like others: filter them
// first to keep them apart.
core::Result<PingReport> MeasurePings(std::span<const model::Notification> pings,
                                      std::span<const model::Reply> replies,
                                      const DeadlinePolicy& policy, core::Timestamp now);

}  // namespace accord::registry
