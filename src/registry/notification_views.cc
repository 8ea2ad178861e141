// Registry: reading notifications (the caller's list, one thread as a
// party or the secretariat sees it) and the ping figures (issue 8,
// docs/notifications.md). Reads only: the commands, and the one read that
// records a delivery (GetNotification), are in notifications.cc.
#include <algorithm>

#include "core/encoding.h"
#include "registry/internal/json_util.h"
#include "registry/internal/list_params.h"
#include "registry/internal/notification_records.h"
#include "registry/internal/replies.h"
#include "registry/registry.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Bool;
using internal::Int;
using internal::Obj;
using internal::Str;

std::string Rfc3339(core::Timestamp time) { return core::FormatRfc3339(time); }

std::optional<bool> ParseBool(std::string_view text) {
  if (text == "true") return true;
  if (text == "false") return false;
  return std::nullopt;
}

core::Result<std::uint64_t> ParseCount(const std::string& name, const std::string& text, std::uint64_t min,
                                       std::uint64_t max) {
  std::uint64_t value = 0;
  bool ok = !text.empty() && text.size() <= 19;
  for (char c : text) {
    if (c < '0' || c > '9') ok = false;
    else value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (!ok || value < min || value > max)
    return core::InvalidArgument("query parameter \"" + name + "\": must be an integer from " +
                                 std::to_string(min) + " to " + std::to_string(max));
  return value;
}

}  // namespace

core::Result<JsonValue> Registry::NotificationView(const Caller& caller, const store::RecordRow& row,
                                                   bool with_replies) const {
  auto thread = internal::NotificationThreadFromRow(row);
  if (!thread) return thread.error();
  const model::Notification& notification = thread->notification;
  const bool party = notification.from.ToString() == caller.reader.party_id ||
                     internal::IsRecipient(notification, caller.reader.party_id);
  if (!party && caller.reader.role != privacy::Role::kSecretariat) return internal::NoSuchNotification(row.id);
  // The secretariat oversees every notification's delivery, not its
  // content: subject, body, related reports and reply bodies are for the
  // parties to it.
  core::JsonObject shown;
  const JsonValue full = model::NotificationToJson(notification);
  for (const auto& member : full.AsObject())
    if (party || (member.name != "subject" && member.name != "body" && member.name != "related_reports"))
      shown.push_back(member);
  core::JsonArray statuses;
  const std::string id = notification.id.ToString();
  for (const auto& recipient : notification.to) {
    auto status_row = store_.GetRecord(std::string(internal::kNotificationStatusKind),
                                       internal::StatusRecordId(id, recipient.ToString()));
    if (!status_row) return status_row.error().Context("status of " + recipient.ToString());
    auto parsed = internal::ParseStored(status_row->full_json, "notification status " + status_row->id);
    if (!parsed) return parsed.error();
    statuses.push_back(std::move(*parsed));
  }
  core::JsonObject members{{"id", Str(id)},
                           {"state", Str(row.status)},
                           {"exercise", Bool(row.exercise)},
                           {"log_index", Int(static_cast<std::int64_t>(row.updated_seq))},
                           {"notification", Obj(std::move(shown))},
                           {"statuses", JsonValue::Array(std::move(statuses))}};
  if (with_replies) {
    core::JsonArray replies;
    for (const auto& message : thread->replies) {
      core::JsonObject item;
      const JsonValue json = model::ReplyToJson(message);
      for (const auto& member : json.AsObject())
        if (party || member.name != "body") item.push_back(member);
      replies.push_back(Obj(std::move(item)));
    }
    members.push_back({"replies", JsonValue::Array(std::move(replies))});
  }
  return Obj(std::move(members));
}

Reply Registry::ListNotifications(const Caller& caller, const QueryParams& params) const {
  if (auto denied = internal::RequireRole(caller, internal::kPartyRoles, "list notifications"))
    return internal::Failed(*denied);
  auto read = internal::ReadParams(params, {"role", "state", "exercise", "kind", "limit", "before"});
  if (!read) return internal::Failed(read.error());
  store::RecordFilter filter;
  filter.kind = std::string(internal::kNotificationKind);
  if (caller.reader.role != privacy::Role::kSecretariat) filter.party = caller.reader.party_id;
  std::string role;
  std::optional<model::NotificationKind> kind;
  for (const auto& [name, value] : *read) {
    if (name == "role") {
      if (value != "sent" && value != "received")
        return internal::Failed(core::InvalidArgument("query parameter \"role\": must be sent or received"));
      role = value;
    } else if (name == "state") {
      if (value != "open" && value != "acknowledged")
        return internal::Failed(core::InvalidArgument("query parameter \"state\": must be open or acknowledged"));
      filter.status = value;
    } else if (name == "exercise") {
      auto flag = ParseBool(value);
      if (!flag) return internal::Failed(core::InvalidArgument("query parameter \"exercise\": must be true or false"));
      filter.exercise = *flag;
    } else if (name == "kind") {
      kind = model::EnumFromName<model::NotificationKind>(value);
      if (!kind)
        return internal::Failed(core::InvalidArgument(
            "query parameter \"kind\": must be incident-alert, request-for-assistance, "
            "request-for-consultation, advance-notice or ping"));
    } else if (name == "limit") {
      auto limit = ParseCount(name, value, 1, 1000);
      if (!limit) return internal::Failed(limit.error());
      filter.limit = *limit;
    } else if (name == "before") {
      auto before = ParseCount(name, value, 1, std::uint64_t{1} << 62);
      if (!before) return internal::Failed(before.error());
      filter.before_seq = *before;
    }
  }
  auto rows = store_.ListRecords(filter);
  if (!rows) return internal::Failed(rows.error());
  core::JsonArray items;
  for (const auto& row : *rows) {
    if (!role.empty()) {
      const bool sent = !row.parties.empty() && row.parties.front() == caller.reader.party_id;
      if ((role == "sent") != sent) continue;
    }
    auto view = NotificationView(caller, row, /*with_replies=*/false);
    if (!view) return internal::Failed(view.error());
    if (kind) {
      const JsonValue* shown = view->Find("notification");
      if (shown == nullptr || internal::GetStringOr(*shown, "kind") != model::Name(*kind)) continue;
    }
    items.push_back(std::move(*view));
  }
  core::JsonObject members{{"items", JsonValue::Array(std::move(items))}};
  // Filters applied after the query can leave a page short: the cursor
  // says whether more rows follow.
  if (rows->size() == filter.limit)
    members.push_back({"next_before", Int(static_cast<std::int64_t>(rows->back().created_seq))});
  return internal::Answer(Obj(std::move(members)));
}

// ---------------------------------------------------------------------------
// Pings.

Reply Registry::Pings(const Caller& caller, const QueryParams& params) const {
  auto read = internal::ReadParams(params, {"exercise"});
  if (!read) return internal::Failed(read.error());
  bool exercise = false;
  if (auto it = read->find("exercise"); it != read->end()) {
    auto flag = ParseBool(it->second);
    if (!flag) return internal::Failed(core::InvalidArgument("query parameter \"exercise\": must be true or false"));
    exercise = *flag;
  }
  std::vector<model::Notification> pings;
  std::vector<model::Reply> replies;
  auto visited = store_.ForEachRecord(std::string(internal::kNotificationKind), [&](const store::RecordRow& row) {
    // Exercise pings are kept apart from the real ones (issue 8).
    if (row.exercise != exercise) return core::Ok();
    auto thread = internal::NotificationThreadFromRow(row);
    if (!thread) return core::Status(thread.error());
    if (thread->notification.kind != model::NotificationKind::kPing) return core::Ok();
    pings.push_back(std::move(thread->notification));
    for (auto& message : thread->replies) replies.push_back(std::move(message));
    return core::Ok();
  });
  if (!visited) return internal::Failed(visited.error());
  const core::Timestamp now = options_.clock->Now();
  auto report = MeasurePings(pings, replies, notification_policy_, now);
  if (!report) return internal::Failed(report.error());
  core::JsonArray parties;
  for (const auto& summary : report->parties) {
    core::JsonObject item{{"party", Str(summary.party.ToString())}, {"pings", Int(summary.pings)},
                          {"on_time", Int(summary.on_time)},        {"late", Int(summary.late)},
                          {"missed", Int(summary.missed)},          {"pending", Int(summary.pending)}};
    if (summary.median_seconds_to_acknowledge)
      item.push_back({"median_seconds_to_acknowledge", Int(*summary.median_seconds_to_acknowledge)});
    if (summary.max_seconds_to_acknowledge)
      item.push_back({"max_seconds_to_acknowledge", Int(*summary.max_seconds_to_acknowledge)});
    parties.push_back(Obj(std::move(item)));
  }
  core::JsonObject members{{"as_of", Str(Rfc3339(now))},
                           {"exercise", Bool(exercise)},
                           {"pings", Int(static_cast<std::int64_t>(pings.size()))},
                           {"parties", JsonValue::Array(std::move(parties))}};
  // Each ping's own results are for the parties (which ping a party missed
  // is between it and the secretariat); the public sees the summary.
  if (!caller.anonymous()) {
    core::JsonArray measurements;
    for (const auto& measurement : report->measurements) {
      core::JsonObject item{{"ping", Str(measurement.ping.ToString())},
                            {"party", Str(measurement.party.ToString())},
                            {"result", Str(Name(measurement.result))}};
      if (measurement.seconds_to_acknowledge)
        item.push_back({"seconds_to_acknowledge", Int(*measurement.seconds_to_acknowledge)});
      measurements.push_back(Obj(std::move(item)));
    }
    members.push_back({"measurements", JsonValue::Array(std::move(measurements))});
  }
  return internal::Answer(Obj(std::move(members)));
}

}  // namespace accord::registry
