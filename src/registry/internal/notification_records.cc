// The store records of notifications: see notification_records.h.
#include "registry/internal/notification_records.h"

#include <algorithm>
#include <array>

#include "core/encoding.h"
#include "core/json_reader.h"
#include "registry/internal/json_util.h"

namespace accord::registry::internal {
namespace {

using core::JsonType;
using core::JsonValue;

constexpr std::array<NotificationState, 5> kStates = {
    NotificationState::kSent, NotificationState::kDelivered, NotificationState::kOverdue,
    NotificationState::kAcknowledged, NotificationState::kAnswered};

void AddTime(core::JsonObject& members, std::string_view name,
             const std::optional<core::Timestamp>& time) {
  if (time) members.push_back({std::string(name), Str(core::FormatRfc3339(*time))});
}

}  // namespace

std::optional<NotificationState> NotificationStateFromName(std::string_view name) {
  for (NotificationState state : kStates)
    if (Name(state) == name) return state;
  return std::nullopt;
}

JsonValue NotificationStatusToJson(const NotificationStatus& status) {
  core::JsonObject members{{"notification", Str(status.notification_id.ToString())},
                           {"recipient", Str(status.recipient.ToString())},
                           {"state", Str(Name(status.state))},
                           {"sent_at", Str(core::FormatRfc3339(status.sent_at))},
                           {"due", Str(core::FormatRfc3339(status.due))},
                           {"late", Bool(status.late)}};
  AddTime(members, "delivered_at", status.delivered_at);
  AddTime(members, "overdue_at", status.overdue_at);
  AddTime(members, "acknowledged_at", status.acknowledged_at);
  AddTime(members, "answered_at", status.answered_at);
  return Obj(std::move(members));
}

core::Result<NotificationStatus> NotificationStatusFromJson(const JsonValue& json, std::string_view where) {
  if (json.type() != JsonType::kObject) return core::Corrupt(std::string(where) + ": not an object");
  NotificationStatus status;
  auto notification = GetId(json, "notification", where);
  if (!notification) return notification.error();
  status.notification_id = *notification;
  auto recipient = GetId(json, "recipient", where);
  if (!recipient) return recipient.error();
  status.recipient = *recipient;
  auto state_name = GetString(json, "state", where);
  if (!state_name) return state_name.error();
  auto state = NotificationStateFromName(*state_name);
  if (!state) return core::Corrupt(std::string(where) + ": member \"state\": unknown state " + *state_name);
  status.state = *state;
  auto sent_at = GetTime(json, "sent_at", where);
  if (!sent_at) return sent_at.error();
  status.sent_at = *sent_at;
  auto due = GetTime(json, "due", where);
  if (!due) return due.error();
  status.due = *due;
  const JsonValue* late = json.Find("late");
  if (late == nullptr || late->type() != JsonType::kBool)
    return core::Corrupt(std::string(where) + ": member \"late\" must be a boolean");
  status.late = late->AsBool();
  struct Optional {
    std::string_view name;
    std::optional<core::Timestamp>* out;
  };
  for (const Optional& optional : {Optional{"delivered_at", &status.delivered_at},
                                   Optional{"overdue_at", &status.overdue_at},
                                   Optional{"acknowledged_at", &status.acknowledged_at},
                                   Optional{"answered_at", &status.answered_at}}) {
    auto time = GetOptionalTime(json, optional.name, where);
    if (!time) return time.error();
    *optional.out = *time;
  }
  return status;
}

JsonValue NotificationThreadToJson(const NotificationThread& thread) {
  core::JsonArray replies;
  replies.reserve(thread.replies.size());
  for (const auto& reply : thread.replies) replies.push_back(model::ReplyToJson(reply));
  return Obj({{"notification", model::NotificationToJson(thread.notification)},
              {"replies", JsonValue::Array(std::move(replies))}});
}

core::Result<NotificationThread> NotificationThreadFromRow(const store::RecordRow& row) {
  const std::string where = "notification " + row.id;
  auto full = ParseStored(row.full_json, where);
  if (!full) return full.error();
  auto notification_json = Member(*full, "notification", where);
  if (!notification_json) return notification_json.error();
  auto notification = model::DecodeNotification(**notification_json);
  if (!notification)
    return core::Corrupt(where + ": " + model::DecodeErrorSummary("notification", notification.errors,
                                                                  notification.code)
                                            .message);
  NotificationThread thread{std::move(*notification.value), {}};
  auto replies = Member(*full, "replies", where);
  if (!replies) return replies.error();
  if ((*replies)->type() != JsonType::kArray) return core::Corrupt(where + ": member \"replies\" must be an array");
  for (const auto& item : (*replies)->AsArray()) {
    auto reply = model::DecodeReply(item);
    if (!reply)
      return core::Corrupt(where + ": " + model::DecodeErrorSummary("reply", reply.errors, reply.code).message);
    thread.replies.push_back(std::move(*reply.value));
  }
  return thread;
}

core::Result<NotificationStatus> NotificationStatusFromRow(const store::RecordRow& row) {
  const std::string where = "notification status " + row.id;
  auto full = ParseStored(row.full_json, where);
  if (!full) return full.error();
  return NotificationStatusFromJson(*full, where);
}

std::string StatusRecordId(std::string_view notification_id, std::string_view party_id) {
  return std::string(notification_id) + "/" + std::string(party_id);
}

std::string NotificationRecordStatus(const std::vector<NotificationStatus>& statuses) {
  for (const auto& status : statuses)
    if (status.state != NotificationState::kAcknowledged && status.state != NotificationState::kAnswered)
      return "open";
  return "acknowledged";
}

RecordWrite NotificationWrite(const NotificationThread& thread, std::string status, std::uint64_t created_seq) {
  RecordWrite write;
  write.kind = std::string(kNotificationKind);
  write.id = thread.notification.id.ToString();
  write.status = std::move(status);
  write.parties.push_back(thread.notification.from.ToString());
  for (const auto& to : thread.notification.to) write.parties.push_back(to.ToString());
  write.exercise = thread.notification.exercise;
  write.created_seq = created_seq;
  write.full = NotificationThreadToJson(thread);
  write.public_form = JsonValue::Null();
  return write;
}

RecordWrite StatusWrite(const NotificationStatus& status, const model::Notification& notification,
                        std::uint64_t created_seq) {
  RecordWrite write;
  write.kind = std::string(kNotificationStatusKind);
  write.id = StatusRecordId(status.notification_id.ToString(), status.recipient.ToString());
  write.status = std::string(Name(status.state));
  write.parties = {status.recipient.ToString(), notification.from.ToString()};
  write.exercise = notification.exercise;
  write.created_seq = created_seq;
  write.full = NotificationStatusToJson(status);
  write.public_form = JsonValue::Null();
  return write;
}

std::optional<AckDeadlineId> ParseAckDeadlineId(std::string_view id) {
  constexpr std::string_view kPrefix = "ack/";
  if (!id.starts_with(kPrefix)) return std::nullopt;
  id.remove_prefix(kPrefix.size());
  const std::size_t slash = id.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == id.size()) return std::nullopt;
  if (id.find('/', slash + 1) != std::string_view::npos) return std::nullopt;
  return AckDeadlineId{std::string(id.substr(0, slash)), std::string(id.substr(slash + 1))};
}

core::Error NoSuchNotification(std::string_view id) {
  return core::NotFound("notification " + core::QuoteForMessage(id) + " does not exist");
}

bool IsRecipient(const model::Notification& notification, std::string_view party) {
  return std::any_of(notification.to.begin(), notification.to.end(),
                     [&](const core::StixId& id) { return id.ToString() == party; });
}

bool Allows(const NotificationStatus& status, NotificationStep step) {
  auto steps = AllowedSteps(status);
  return std::find(steps.begin(), steps.end(), step) != steps.end();
}

}  // namespace accord::registry::internal
