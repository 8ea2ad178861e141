// Where the registry's deadline scheduler finds its deadlines when the node
// starts: each mechanism reads its own records in the store and lists
//   - `pending`: deadlines not yet passed-and-recorded (a notification
//     status still "sent" or "delivered"; a case stage with a deadline),
//   - `fired`: the ids already recorded as passed (an "overdue" status, an
//     expired stage), so that a restart never fires one twice.
// A deadline that fell due while the node was down is pending, and the
// scheduler's first poll fires it (registry/deadlines.h).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "registry/deadlines.h"
#include "store/store.h"

namespace accord::registry::internal {

// Acknowledgment deadlines, ids "ack/<notification>/<party>" (notifications.cc).
core::Status CollectNotificationDeadlines(const store::Store& store, std::vector<Deadline>& pending,
                                          std::set<std::string>& fired);

// Case stage deadlines, ids "case/..." (cases.cc).
core::Status CollectCaseDeadlines(const store::Store& store, std::vector<Deadline>& pending,
                                  std::set<std::string>& fired);

}  // namespace accord::registry::internal
