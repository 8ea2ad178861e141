// Registry: the deadline scheduler beside the sequencer (issue 8). It is
// built from the store's records when the registry opens, and it turns each
// deadline that passes into an event through the sequencer, so that an
// overdue acknowledgment or an expired case stage is on the log like any
// other change, and a restart finds it there.
#include <set>

#include "registry/internal/deadline_sources.h"
#include "registry/registry.h"
#include "registry/response_ladder.h"

namespace accord::registry {

core::Status Registry::StartDeadlines() {
  auto policy = DeadlinePolicy::FromConfig(options_.notification_deadlines);
  if (!policy) return policy.error().Context("notification deadlines");
  notification_policy_ = *policy;
  std::vector<Deadline> pending;
  std::set<std::string> fired;
  if (auto collected = internal::CollectNotificationDeadlines(store_, pending, fired); !collected)
    return collected.error().Context("collect notification deadlines");
  if (auto collected = internal::CollectCaseDeadlines(store_, pending, fired); !collected)
    return collected.error().Context("collect case deadlines");
  auto scheduler = DeadlineScheduler::Create(
      *options_.clock, std::move(pending), std::move(fired),
      [this](const DeadlineFired& deadline) { return FireDeadline(deadline); });
  if (!scheduler) return scheduler.error().Context("start the deadline scheduler");
  deadlines_ = std::move(*scheduler);
  if (options_.run_deadline_thread) deadlines_->Start();
  return core::Ok();
}

core::Status Registry::FireDeadline(const DeadlineFired& fired) {
  if (fired.id.starts_with("ack/")) return FireNotificationDeadline(fired);
  if (fired.id.starts_with("case/")) return FireCaseDeadline(fired);
  // An id nobody handles would retry forever: it is a bug, said once.
  return core::Internal("deadline " + fired.id + ": no mechanism handles this kind of deadline");
}

std::size_t Registry::PollDeadlines() { return deadlines_ ? deadlines_->PollNow() : 0; }

std::vector<Deadline> Registry::PendingDeadlines() const {
  return deadlines_ ? deadlines_->Pending() : std::vector<Deadline>{};
}

}  // namespace accord::registry
