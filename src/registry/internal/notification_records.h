// The store records of notifications (issue 8, docs/notifications.md,
// "record kinds"): the JSON of one recipient's NotificationStatus (kind
// "notification-status"), the row builders every notification command
// shares, and the readers that turn stored rows back into model records.
// Shared by notifications.cc, notification_views.cc and contacts.cc; not
// part of the registry's public interface.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_value.h"
#include "core/result.h"
#include "model/notification.h"
#include "registry/deadlines.h"
#include "registry/record_writes.h"
#include "registry/registry.h"
#include "store/store.h"

namespace accord::registry::internal {

inline constexpr std::string_view kContactKind = "contact";
inline constexpr std::string_view kNotificationKind = "notification";
inline constexpr std::string_view kNotificationStatusKind = "notification-status";

// NotificationState from its JSON spelling (Name(NotificationState)).
std::optional<NotificationState> NotificationStateFromName(std::string_view name);

// {"notification","recipient","state","sent_at","due","late", and
// "delivered_at","overdue_at","acknowledged_at","answered_at" when set}.
core::JsonValue NotificationStatusToJson(const NotificationStatus& status);
// The inverse; kCorrupt naming `where` and the member for anything else.
core::Result<NotificationStatus> NotificationStatusFromJson(const core::JsonValue& json,
                                                            std::string_view where);

// A notification as stored: the record and its thread.
struct NotificationThread {
  model::Notification notification;
  std::vector<model::Reply> replies;
};
core::JsonValue NotificationThreadToJson(const NotificationThread& thread);
// kCorrupt naming the row when its full form is not a thread.
core::Result<NotificationThread> NotificationThreadFromRow(const store::RecordRow& row);
core::Result<NotificationStatus> NotificationStatusFromRow(const store::RecordRow& row);

// The status row id: "<notification id>/<party id>".
std::string StatusRecordId(std::string_view notification_id, std::string_view party_id);

// "open" until every status is acknowledged or answered, then "acknowledged".
std::string NotificationRecordStatus(const std::vector<NotificationStatus>& statuses);

// Record writes with created_seq 0 (created by the event) unless given.
RecordWrite NotificationWrite(const NotificationThread& thread, std::string status,
                              std::uint64_t created_seq = 0);
RecordWrite StatusWrite(const NotificationStatus& status, const model::Notification& notification,
                        std::uint64_t created_seq = 0);

// Splits "ack/<notification id>/<party id>"; nullopt when `id` is not one.
struct AckDeadlineId {
  std::string notification_id;
  std::string party_id;
};
std::optional<AckDeadlineId> ParseAckDeadlineId(std::string_view id);

// Every role but the public's: who may read and reply to notifications.
inline constexpr std::initializer_list<privacy::Role> kPartyRoles = {
    privacy::Role::kWatchdog, privacy::Role::kOperator, privacy::Role::kState,
    privacy::Role::kArbitrator, privacy::Role::kSecretariat};

// The one answer for an unknown notification and for one the caller may
// not know exists (kNotFound).
core::Error NoSuchNotification(std::string_view id);

bool IsRecipient(const model::Notification& notification, std::string_view party);

// Whether `status` accepts `step` now.
bool Allows(const NotificationStatus& status, NotificationStep step);

}  // namespace accord::registry::internal
