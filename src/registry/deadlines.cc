#include "registry/deadlines.h"

#include <algorithm>
#include <array>
#include <tuple>
#include <utility>

#include "core/error.h"

namespace accord::registry {
namespace {

template <typename E, std::size_t N>
std::string_view Lookup(E value, const std::array<std::string_view, N>& names) {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : std::string_view();
}

std::string TimeText(core::Timestamp time) {
  return core::FormatRfc3339(time);
}

core::Status CheckWindow(std::string_view field, std::int64_t seconds) {
  if (seconds < 1 || seconds > kMaxDeadlineSeconds) {
    return core::InvalidArgument("deadline config: field \"" + std::string(field) + "\": " +
                                 std::to_string(seconds) + " seconds; expected 1 to " +
                                 std::to_string(kMaxDeadlineSeconds));
  }
  return core::Ok();
}

std::string StepList(const std::vector<NotificationStep>& steps) {
  if (steps.empty()) return "none";
  std::string out;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (i > 0) out += ", ";
    out += Name(steps[i]);
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// Policy.

core::Result<DeadlinePolicy> DeadlinePolicy::FromConfig(const DeadlineConfig& config) {
  if (auto ok = CheckWindow("urgent_seconds", config.urgent_seconds); !ok) return ok.error();
  if (auto ok = CheckWindow("normal_seconds", config.normal_seconds); !ok) return ok.error();
  if (auto ok = CheckWindow("ping_seconds", config.ping_seconds); !ok) return ok.error();
  return DeadlinePolicy(config);
}

std::chrono::seconds DeadlinePolicy::Window(model::NotificationKind kind,
                                            model::Priority priority) const {
  if (kind == model::NotificationKind::kPing) return std::chrono::seconds(config_.ping_seconds);
  return std::chrono::seconds(priority == model::Priority::kUrgent ? config_.urgent_seconds
                                                                   : config_.normal_seconds);
}

core::Timestamp DeadlinePolicy::AcknowledgmentDue(const model::Notification& notification) const {
  const auto window = Window(notification.kind, notification.priority);
  // Clamped rather than overflowing: a record sent in year 9999 has no
  // representable deadline, and "the end of time" is never reached.
  if (notification.sent_at > core::kMaxTimestamp - window) return core::kMaxTimestamp;
  return notification.sent_at + window;
}

// ---------------------------------------------------------------------------
// State machine.

std::string_view Name(NotificationState state) {
  static constexpr std::array<std::string_view, 5> kNames = {"sent", "delivered", "overdue",
                                                             "acknowledged", "answered"};
  return Lookup(state, kNames);
}

std::string_view Name(NotificationStep step) {
  static constexpr std::array<std::string_view, 4> kNames = {"deliver", "acknowledge", "answer",
                                                             "deadline-passed"};
  return Lookup(step, kNames);
}

std::vector<NotificationStatus> OpenNotification(const model::Notification& notification,
                                                 const DeadlinePolicy& policy) {
  std::vector<NotificationStatus> statuses;
  statuses.reserve(notification.to.size());
  const core::Timestamp due = policy.AcknowledgmentDue(notification);
  for (const core::StixId& recipient : notification.to) {
    NotificationStatus status;
    status.notification_id = notification.id;
    status.recipient = recipient;
    status.sent_at = notification.sent_at;
    status.due = due;
    statuses.push_back(std::move(status));
  }
  return statuses;
}

std::vector<NotificationStep> AllowedSteps(const NotificationStatus& status) {
  using S = NotificationStep;
  switch (status.state) {
    case NotificationState::kSent:
      return {S::kDeliver, S::kAcknowledge, S::kAnswer, S::kDeadlinePassed};
    case NotificationState::kDelivered:
      return {S::kAcknowledge, S::kAnswer, S::kDeadlinePassed};
    case NotificationState::kOverdue:
      // A delivery receipt may come after the deadline; it is recorded once.
      if (status.delivered_at) return {S::kAcknowledge, S::kAnswer};
      return {S::kDeliver, S::kAcknowledge, S::kAnswer};
    case NotificationState::kAcknowledged:
      return {S::kAnswer};
    case NotificationState::kAnswered:
      // Later answers are further replies in the thread; the status keeps
      // the first.
      return {S::kAnswer};
  }
  return {};
}

core::Result<NotificationStatus> Advance(const NotificationStatus& status, NotificationStep step,
                                         core::Timestamp at) {
  const std::string what = std::string(Name(step)) + ": notification " +
                           status.notification_id.ToString() + " for " +
                           status.recipient.ToString();
  const std::vector<NotificationStep> allowed = AllowedSteps(status);
  if (std::find(allowed.begin(), allowed.end(), step) == allowed.end()) {
    return core::Error{core::ErrorCode::kConflict,
                       what + ": state is \"" + std::string(Name(status.state)) +
                           "\"; allowed: " + StepList(allowed)};
  }
  if (at < status.sent_at) {
    return core::InvalidArgument(what + ": at " + TimeText(at) + " is before sent_at " +
                                 TimeText(status.sent_at));
  }
  NotificationStatus next = status;
  const bool after_deadline = at >= status.due;
  switch (step) {
    case NotificationStep::kDeliver:
      next.delivered_at = at;
      if (next.state == NotificationState::kSent) next.state = NotificationState::kDelivered;
      break;
    case NotificationStep::kDeadlinePassed:
      if (!after_deadline) {
        return core::InvalidArgument(what + ": at " + TimeText(at) + " is before the deadline " +
                                     TimeText(status.due));
      }
      next.overdue_at = at;
      next.late = true;
      next.state = NotificationState::kOverdue;
      break;
    case NotificationStep::kAcknowledge:
    case NotificationStep::kAnswer:
      // Acknowledging implies delivery; an answer without an earlier
      // acknowledgment acknowledges too.
      if (!next.delivered_at) next.delivered_at = at;
      if (!next.acknowledged_at) {
        next.acknowledged_at = at;
        if (after_deadline) next.late = true;
      }
      if (step == NotificationStep::kAnswer) {
        if (!next.answered_at) next.answered_at = at;
        next.state = NotificationState::kAnswered;
      } else {
        next.state = NotificationState::kAcknowledged;
      }
      break;
  }
  return next;
}

core::Result<NotificationStatus> ApplyReply(const NotificationStatus& status,
                                            const model::Reply& reply) {
  if (reply.notification_id != status.notification_id) {
    return core::InvalidArgument("reply " + reply.id.ToString() + ": notification_id " +
                                 reply.notification_id.ToString() + " is not " +
                                 status.notification_id.ToString());
  }
  if (reply.kind == model::ReplyKind::kNote) return status;
  if (reply.from != status.recipient) {
    return core::Error{core::ErrorCode::kPermissionDenied,
                       "reply " + reply.id.ToString() + ": from " + reply.from.ToString() +
                           ": only the recipient " + status.recipient.ToString() +
                           " acknowledges or answers for itself"};
  }
  const NotificationStep step = reply.kind == model::ReplyKind::kAnswer
                                    ? NotificationStep::kAnswer
                                    : NotificationStep::kAcknowledge;
  auto next = Advance(status, step, reply.at);
  if (!next) return next.error().Context("reply " + reply.id.ToString());
  return next;
}

std::string AcknowledgmentDeadlineId(const core::StixId& notification_id,
                                     const core::StixId& recipient) {
  return "ack/" + notification_id.ToString() + "/" + recipient.ToString();
}

// ---------------------------------------------------------------------------
// Scheduler.

DeadlineScheduler::DeadlineScheduler(const core::Clock& clock, FireFn on_fire,
                                     SchedulerOptions options)
    : clock_(clock), on_fire_(std::move(on_fire)), options_(options) {}

core::Result<std::unique_ptr<DeadlineScheduler>> DeadlineScheduler::Create(
    const core::Clock& clock, std::vector<Deadline> pending, std::set<std::string> already_fired,
    FireFn on_fire, SchedulerOptions options) {
  std::unique_ptr<DeadlineScheduler> scheduler(
      new DeadlineScheduler(clock, std::move(on_fire), options));
  for (Deadline& deadline : pending) {
    if (deadline.id.empty()) return core::InvalidArgument("pending deadline: empty id");
    if (already_fired.count(deadline.id) != 0) continue;
    if (!scheduler->pending_.emplace(deadline.id, deadline.due).second) {
      return core::InvalidArgument("pending deadline \"" + deadline.id + "\": listed twice");
    }
    scheduler->queue_.emplace(deadline.due, std::move(deadline.id));
  }
  scheduler->fired_ = std::move(already_fired);
  return scheduler;
}

DeadlineScheduler::~DeadlineScheduler() {
  Stop();
}

core::Status DeadlineScheduler::Add(Deadline deadline) {
  if (deadline.id.empty()) return core::InvalidArgument("add deadline: empty id");
  {
    std::lock_guard lock(mutex_);
    if (fired_.count(deadline.id) != 0) {
      return core::Error{core::ErrorCode::kConflict,
                         "add deadline \"" + deadline.id + "\": it has already fired"};
    }
    if (!pending_.emplace(deadline.id, deadline.due).second) {
      return core::Error{core::ErrorCode::kConflict,
                         "add deadline \"" + deadline.id + "\": it is already pending"};
    }
    queue_.emplace(deadline.due, std::move(deadline.id));
    woken_ = true;  // it may come before the one the thread waits for
  }
  wake_.notify_all();
  return core::Ok();
}

bool DeadlineScheduler::Cancel(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto found = pending_.find(id);
  if (found == pending_.end()) return false;
  queue_.erase({found->second, id});
  pending_.erase(found);
  return true;
}

std::size_t DeadlineScheduler::Poll(core::Timestamp now) {
  std::lock_guard round(fire_mutex_);
  std::size_t fired = 0;
  for (;;) {
    DeadlineFired event;
    {
      std::lock_guard lock(mutex_);
      if (queue_.empty() || queue_.begin()->first > now) break;
      event = DeadlineFired{queue_.begin()->second, queue_.begin()->first, now};
    }
    // The deadline stays pending while FireFn persists it: if FireFn
    // fails, nothing is lost, and nothing later fires ahead of it. A Cancel
    // that races with this firing loses: the deadline had passed, and the
    // state machine refuses a deadline step after an acknowledgment.
    const core::Status persisted = on_fire_(event);
    std::lock_guard lock(mutex_);
    if (!persisted) {
      retry_later_ = true;
      break;
    }
    queue_.erase({event.due, event.id});
    pending_.erase(event.id);
    fired_.insert(event.id);
    ++fired;
  }
  return fired;
}

std::size_t DeadlineScheduler::PollNow() {
  return Poll(clock_.Now());
}

void DeadlineScheduler::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  woken_ = true;  // poll at once: deadlines may have fallen due while down
  thread_ = std::thread([this] { Run(); });
}

void DeadlineScheduler::Stop() {
  std::thread thread;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    thread = std::move(thread_);
  }
  wake_.notify_all();
  if (thread.joinable()) thread.join();
}

void DeadlineScheduler::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void DeadlineScheduler::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    // How long until something may be due. The wait runs on the steady
    // clock, so it is capped at max_wait and the wall clock re-read after
    // it: that is how a step of the wall clock is noticed.
    auto wait = options_.max_wait;
    if (!queue_.empty() && !retry_later_) {
      const auto until = queue_.begin()->first - clock_.Now();
      if (until <= until.zero()) {
        wait = wait.zero();
      } else {
        wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(until));
      }
    }
    if (!woken_ && wait > wait.zero()) {
      wake_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
    }
    if (stopping_) break;
    woken_ = false;
    retry_later_ = false;
    lock.unlock();
    PollNow();
    lock.lock();
  }
}

std::vector<Deadline> DeadlineScheduler::Pending() const {
  std::lock_guard lock(mutex_);
  std::vector<Deadline> out;
  out.reserve(queue_.size());
  for (const auto& [due, id] : queue_) out.push_back(Deadline{id, due});
  return out;
}

bool DeadlineScheduler::HasFired(const std::string& id) const {
  std::lock_guard lock(mutex_);
  return fired_.count(id) != 0;
}

// ---------------------------------------------------------------------------
// Ping tests.

std::string_view Name(PingResult result) {
  static constexpr std::array<std::string_view, 4> kNames = {"on-time", "late", "missed",
                                                             "pending"};
  return Lookup(result, kNames);
}

core::Result<PingReport> MeasurePings(std::span<const model::Notification> pings,
                                      std::span<const model::Reply> replies,
                                      const DeadlinePolicy& policy, core::Timestamp now) {
  // Index the pings; then the first acknowledging reply per (ping,
  // recipient), earliest by `at` whatever the input order.
  std::map<core::StixId, const model::Notification*> by_id;
  for (const model::Notification& ping : pings) {
    if (ping.kind != model::NotificationKind::kPing) {
      return core::InvalidArgument("measure pings: notification " + ping.id.ToString() +
                                   ": kind is \"" + std::string(model::Name(ping.kind)) +
                                   "\"; expected \"ping\"");
    }
    if (!by_id.emplace(ping.id, &ping).second) {
      return core::InvalidArgument("measure pings: notification " + ping.id.ToString() +
                                   ": listed twice");
    }
  }
  std::map<std::pair<core::StixId, core::StixId>, core::Timestamp> first_ack;
  for (const model::Reply& reply : replies) {
    if (reply.kind == model::ReplyKind::kNote) continue;
    auto ping = by_id.find(reply.notification_id);
    if (ping == by_id.end()) continue;
    const auto& to = ping->second->to;
    if (std::find(to.begin(), to.end(), reply.from) == to.end()) continue;
    if (reply.at < ping->second->sent_at) {
      return core::InvalidArgument("measure pings: reply " + reply.id.ToString() + ": at " +
                                   TimeText(reply.at) + " is before its ping was sent (" +
                                   TimeText(ping->second->sent_at) + ")");
    }
    auto [it, inserted] = first_ack.emplace(std::make_pair(reply.notification_id, reply.from),
                                            reply.at);
    if (!inserted && reply.at < it->second) it->second = reply.at;
  }

  PingReport report;
  std::map<core::StixId, PartyPingSummary> summaries;
  std::map<core::StixId, std::vector<std::int64_t>> seconds_by_party;
  for (const model::Notification& ping : pings) {
    const core::Timestamp due = policy.AcknowledgmentDue(ping);
    for (const core::StixId& party : ping.to) {
      PingMeasurement measurement{ping.id, party, PingResult::kPending, std::nullopt};
      PartyPingSummary& summary = summaries[party];
      summary.party = party;
      ++summary.pings;
      auto ack = first_ack.find({ping.id, party});
      if (ack != first_ack.end()) {
        const std::int64_t seconds =
            std::chrono::floor<std::chrono::seconds>(ack->second - ping.sent_at).count();
        measurement.seconds_to_acknowledge = seconds;
        seconds_by_party[party].push_back(seconds);
        measurement.result = ack->second < due ? PingResult::kOnTime : PingResult::kLate;
      } else {
        measurement.result = now >= due ? PingResult::kMissed : PingResult::kPending;
      }
      switch (measurement.result) {
        case PingResult::kOnTime: ++summary.on_time; break;
        case PingResult::kLate: ++summary.late; break;
        case PingResult::kMissed: ++summary.missed; break;
        case PingResult::kPending: ++summary.pending; break;
      }
      report.measurements.push_back(std::move(measurement));
    }
  }
  std::map<core::StixId, core::Timestamp> sent_at;
  for (const model::Notification& ping : pings) sent_at[ping.id] = ping.sent_at;
  std::sort(report.measurements.begin(), report.measurements.end(),
            [&](const PingMeasurement& a, const PingMeasurement& b) {
              return std::tie(sent_at[a.ping], a.ping, a.party) <
                     std::tie(sent_at[b.ping], b.ping, b.party);
            });
  for (auto& [party, summary] : summaries) {
    auto seconds = seconds_by_party.find(party);
    if (seconds != seconds_by_party.end()) {
      std::vector<std::int64_t>& values = seconds->second;
      std::sort(values.begin(), values.end());
      summary.median_seconds_to_acknowledge = values[(values.size() - 1) / 2];
      summary.max_seconds_to_acknowledge = values.back();
    }
    report.parties.push_back(summary);
  }
  return report;
}

}  // namespace accord::registry
