// Registry: notifications between parties, their acknowledgment deadlines,
// and ping tests of the points of contact (issue 8, docs/notifications.md).
//
// Records (registry/record_writes.h): kind "notification" (the notification
// and its thread of replies; status "open" until every recipient has
// acknowledged) and one kind "notification-status" per recipient (the
// state machine of registry/deadlines.h). The log's public bodies name who
// notified whom, when, how urgently and how each recipient responded, never
// the subject, body or related reports: those stay between the parties.
#include <algorithm>
#include <memory>
#include <set>

#include "core/encoding.h"
#include "registry/internal/body_reading.h"
#include "registry/internal/deadline_sources.h"
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
using internal::NotificationThread;
using internal::Obj;
using internal::Str;

std::string Rfc3339(core::Timestamp time) { return core::FormatRfc3339(time); }

// The public body of notification.sent: who notified whom, when, how
// urgently, under which TLP; never the subject, body or related reports.
JsonValue SentPublicBody(const model::Notification& notification, core::Timestamp due) {
  core::JsonArray to;
  for (const auto& id : notification.to) to.push_back(Str(id.ToString()));
  return Obj({{"id", Str(notification.id.ToString())},
              {"kind", Str(model::Name(notification.kind))},
              {"from", Str(notification.from.ToString())},
              {"to", JsonValue::Array(std::move(to))},
              {"priority", Str(model::Name(notification.priority))},
              {"sent_at", Str(Rfc3339(notification.sent_at))},
              {"due", Str(Rfc3339(due))},
              {"tlp", Str(model::Name(notification.tlp))},
              {"exercise", Bool(notification.exercise)}});
}

// Reads the statuses of every recipient of `notification` through `view`.
core::Result<std::vector<NotificationStatus>> Statuses(const BatchView& view,
                                                       const model::Notification& notification) {
  std::vector<NotificationStatus> statuses;
  const std::string id = notification.id.ToString();
  for (const auto& recipient : notification.to) {
    auto row = view.Record(std::string(internal::kNotificationStatusKind),
                           internal::StatusRecordId(id, recipient.ToString()));
    if (!row) return row.error();
    if (!*row) return core::Corrupt("notification " + id + ": no status for recipient " + recipient.ToString());
    auto status = internal::NotificationStatusFromRow(**row);
    if (!status) return status.error();
    statuses.push_back(std::move(*status));
  }
  return statuses;
}

// Decodes a request body as a record of the model by adding the members the
// server sets; refuses the client's own values of those (422). `schema` is
// added when the client left it out.
std::vector<model::FieldError> RefuseServerSet(const JsonValue& body,
                                               std::initializer_list<std::string_view> server_set) {
  std::vector<model::FieldError> errors;
  for (std::string_view name : server_set)
    if (body.Find(name) != nullptr)
      errors.push_back({"/" + std::string(name), "is set by the server; leave it out"});
  return errors;
}

JsonValue WithServerMembers(const JsonValue& body, std::string_view schema, core::JsonObject added) {
  core::JsonObject members;
  if (body.Find("schema") == nullptr) members.push_back({"schema", Str(schema)});
  for (const auto& member : body.AsObject()) members.push_back(member);
  for (auto& member : added) members.push_back(std::move(member));
  return Obj(std::move(members));
}

}  // namespace

// ---------------------------------------------------------------------------
// Deadlines.

namespace internal {

core::Status CollectNotificationDeadlines(const store::Store& store, std::vector<Deadline>& pending,
                                          std::set<std::string>& fired) {
  return store.ForEachRecord(std::string(kNotificationStatusKind), [&](const store::RecordRow& row) {
    auto status = NotificationStatusFromRow(row);
    if (!status) return core::Status(status.error());
    const std::string id = AcknowledgmentDeadlineId(status->notification_id, status->recipient);
    // An overdue_at is the persisted firing, whatever came after it (a late
    // acknowledgment keeps it).
    if (status->overdue_at) fired.insert(id);
    else if (status->state == NotificationState::kSent || status->state == NotificationState::kDelivered)
      pending.push_back(Deadline{id, status->due});
    return core::Ok();
  });
}

}  // namespace internal

core::Status Registry::FireNotificationDeadline(const DeadlineFired& fired) {
  auto parsed = internal::ParseAckDeadlineId(fired.id);
  if (!parsed) return core::Internal("deadline " + fired.id + ": not an acknowledgment deadline id");
  auto committed = sequencer_->SubmitAndWait(
      [parsed = *parsed, fired](BatchView& view) -> core::Result<std::vector<Event>> {
        auto row = view.Record(std::string(internal::kNotificationStatusKind),
                               internal::StatusRecordId(parsed.notification_id, parsed.party_id));
        if (!row) return row.error();
        // No status: nothing to be late for (moot).
        if (!*row) return std::vector<Event>{};
        auto status = internal::NotificationStatusFromRow(**row);
        if (!status) return status.error();
        // Acknowledged in the meantime (the race docs/notifications.md
        // describes), or already overdue: the firing is dropped.
        if (!internal::Allows(*status, NotificationStep::kDeadlinePassed)) return std::vector<Event>{};
        auto notification_row = view.Record(std::string(internal::kNotificationKind), parsed.notification_id);
        if (!notification_row) return notification_row.error();
        if (!*notification_row)
          return core::Corrupt("notification " + parsed.notification_id + ": status without notification");
        auto thread = internal::NotificationThreadFromRow(**notification_row);
        if (!thread) return thread.error();
        // The batch's time, or the due instant when the clock was stepped
        // back since the scheduler found it due.
        const core::Timestamp at = std::max(view.now(), status->due);
        auto overdue = Advance(*status, NotificationStep::kDeadlinePassed, at);
        if (!overdue) return overdue.error();
        Event event;
        event.type = std::string(event_type::kNotificationOverdue);
        event.subject = parsed.notification_id;
        event.actor = Actor{};  // the node
        event.public_body = Obj({{"notification", Str(parsed.notification_id)},
                                 {"recipient", Str(parsed.party_id)},
                                 {"due", Str(Rfc3339(overdue->due))},
                                 {"overdue_at", Str(Rfc3339(*overdue->overdue_at))},
                                 {"exercise", Bool(thread->notification.exercise)}});
        event.full_body = RecordWritesBody(
            {internal::StatusWrite(*overdue, thread->notification, (*row)->created_seq)},
            {{"deadline", Obj({{"id", Str(fired.id)}, {"fired_at", Str(Rfc3339(fired.fired_at))}})}});
        return std::vector<Event>{std::move(event)};
      });
  if (!committed) return committed.error().Context("record " + fired.id + " as overdue");
  return core::Ok();
}

// ---------------------------------------------------------------------------
// Sending.

void Registry::SendNotification(const Caller& caller, const JsonValue& body, ReplyFn reply) {
  if (auto denied = internal::RequireRole(caller, {privacy::Role::kState, privacy::Role::kSecretariat},
                                          "send notifications (state parties and the secretariat may)"))
    return reply(internal::Failed(*denied));
  if (body.type() != JsonType::kObject) return reply(internal::Invalid("", "must be a JSON object"));
  auto errors = RefuseServerSet(body, {"id", "from", "sent_at"});
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  auto id = core::StixId::Random(model::kNotificationType);
  if (!id) return reply(internal::Failed(id.error()));
  auto decoded = model::DecodeNotification(
      WithServerMembers(body, model::kNotificationSchema,
                        {{"id", Str(id->ToString())},
                         {"from", Str(caller.reader.party_id)},
                         {"sent_at", Str(Rfc3339(options_.clock->Now()))}}));
  if (!decoded) return reply(internal::Invalid(std::move(decoded.errors)));
  // Recipients and related reports must exist; checked here for pointers
  // (422), and the recipients again in the batch (a revocation may race).
  for (std::size_t i = 0; i < decoded.value->to.size(); ++i) {
    const std::string party = decoded.value->to[i].ToString();
    auto row = store_.GetParty(party);
    const std::string at = "/to/" + std::to_string(i);
    if (!row && row.error().code == core::ErrorCode::kNotFound) errors.push_back({at, "party " + party + " is not registered"});
    else if (!row) return reply(internal::Failed(row.error()));
    else if (row->status != "active") errors.push_back({at, "party " + party + " is revoked"});
  }
  for (std::size_t i = 0; i < decoded.value->related_reports.size(); ++i) {
    const std::string report = decoded.value->related_reports[i].ToString();
    auto row = store_.GetReport(report);
    if (!row && row.error().code == core::ErrorCode::kNotFound)
      errors.push_back({"/related_reports/" + std::to_string(i), "report " + report + " does not exist"});
    else if (!row) return reply(internal::Failed(row.error()));
  }
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  SubmitNotification(Actor{caller.reader.party_id, caller.token_id}, std::move(*decoded.value), std::move(reply));
}

void Registry::SubmitNotification(const Actor& actor, model::Notification notification, ReplyFn reply) {
  auto scheduled = std::make_shared<std::vector<Deadline>>();
  const std::string id = notification.id.ToString();
  sequencer_->Submit(
      [actor, notification = std::move(notification), policy = notification_policy_,
       scheduled](BatchView& view) mutable -> core::Result<std::vector<Event>> {
        for (const auto& recipient : notification.to) {
          auto party = view.Party(recipient.ToString());
          if (!party) return party.error();
          if (!*party) return core::NotFound("party " + recipient.ToString() + " is not registered");
          if ((*party)->status != "active") return core::Conflict("party " + recipient.ToString() + " is revoked");
        }
        // The log's time is the notification's: the deadline runs from it.
        notification.sent_at = view.now();
        const std::vector<NotificationStatus> statuses = OpenNotification(notification, policy);
        std::vector<RecordWrite> writes;
        writes.push_back(internal::NotificationWrite(NotificationThread{notification, {}}, "open"));
        scheduled->clear();
        for (const auto& status : statuses) {
          writes.push_back(internal::StatusWrite(status, notification));
          scheduled->push_back(Deadline{AcknowledgmentDeadlineId(status.notification_id, status.recipient), status.due});
        }
        Event event;
        event.type = std::string(event_type::kNotificationSent);
        event.subject = notification.id.ToString();
        event.actor = actor;
        event.public_body = SentPublicBody(notification, statuses.front().due);
        event.full_body = RecordWritesBody(writes);
        return std::vector<Event>{std::move(event)};
      },
      [this, reply, id, scheduled](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        // Durable: now the scheduler may fire them (a restart collects them
        // from the store instead).
        if (deadlines_)
          for (const auto& deadline : *scheduled) (void)deadlines_->Add(deadline);
        const Event& event = committed->events.back();
        core::JsonObject members{{"id", Str(id)},
                                 {"sent_at", Str(Rfc3339(event.at))},
                                 {"due", Str(Rfc3339(scheduled->empty() ? event.at : scheduled->front().due))}};
        internal::AppendReceipt(*committed, members);
        reply(internal::Created(Obj(std::move(members)), "/v1/notifications/" + id));
      });
}

void Registry::SendPing(const Caller& caller, const JsonValue& body, ReplyFn reply) {
  if (auto denied = internal::RequireRole(caller, {privacy::Role::kSecretariat}, "send pings (the secretariat may)"))
    return reply(internal::Failed(*denied));
  if (body.type() != JsonType::kObject) return reply(internal::Invalid("", "must be a JSON object"));
  std::vector<model::FieldError> errors;
  internal::RejectUnknown(body, "", {"to", "exercise", "priority", "subject", "body"}, errors);
  const JsonValue* to = body.Find("to");
  JsonValue recipients;
  if (to == nullptr) {
    errors.push_back({"/to", "is required: an array of party ids or \"all\""});
  } else if (to->type() == JsonType::kString && to->AsString() == "all") {
    auto parties = store_.ListParties();
    if (!parties) return reply(internal::Failed(parties.error()));
    core::JsonArray ids;
    for (const auto& party : *parties)
      if (party.kind == "state" && party.status == "active" && party.id != caller.reader.party_id)
        ids.push_back(Str(party.id));
    if (ids.empty()) errors.push_back({"/to", "\"all\": no active state party to ping"});
    recipients = JsonValue::Array(std::move(ids));
  } else if (to->type() == JsonType::kArray) {
    recipients = *to;
  } else {
    errors.push_back({"/to", "must be an array of party ids or \"all\""});
  }
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  core::JsonObject notification{{"kind", Str("ping")},
                                {"to", std::move(recipients)},
                                {"priority", Str("normal")},
                                {"subject", Str("Communication check")},
                                {"body", Str("")},
                                {"tlp", Str("GREEN")}};
  for (const auto& member : body.AsObject()) {
    if (member.name == "to") continue;
    auto it = std::find_if(notification.begin(), notification.end(),
                           [&](const core::JsonMember& m) { return m.name == member.name; });
    if (it != notification.end()) it->value = member.value;
    else notification.push_back(member);
  }
  SendNotification(caller, Obj(std::move(notification)), std::move(reply));
}

// ---------------------------------------------------------------------------
// Replies.

void Registry::ReplyToNotification(const Caller& caller, const std::string& id, const JsonValue& body,
                                   ReplyFn reply) {
  if (auto denied = internal::RequireRole(caller, internal::kPartyRoles, "reply to notifications"))
    return reply(internal::Failed(*denied));
  if (body.type() != JsonType::kObject) return reply(internal::Invalid("", "must be a JSON object"));
  auto errors = RefuseServerSet(body, {"id", "notification_id", "from", "at"});
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  if (!core::StixId::Parse(id) || !id.starts_with("notification--"))
    return reply(internal::Failed(internal::NoSuchNotification(id)));
  auto reply_id = core::StixId::Random(model::kReplyType);
  if (!reply_id) return reply(internal::Failed(reply_id.error()));
  auto decoded = model::DecodeReply(WithServerMembers(body, model::kReplySchema,
                                                      {{"id", Str(reply_id->ToString())},
                                                       {"notification_id", Str(id)},
                                                       {"from", Str(caller.reader.party_id)},
                                                       {"at", Str(Rfc3339(options_.clock->Now()))}}));
  if (!decoded) return reply(internal::Invalid(std::move(decoded.errors)));
  const bool secretariat = caller.reader.role == privacy::Role::kSecretariat;
  Actor actor{caller.reader.party_id, caller.token_id};
  struct Outcome {
    std::optional<NotificationStatus> status;
  };
  auto outcome = std::make_shared<Outcome>();
  sequencer_->Submit(
      [actor, id, secretariat, message = std::move(*decoded.value),
       outcome](BatchView& view) mutable -> core::Result<std::vector<Event>> {
        auto row = view.Record(std::string(internal::kNotificationKind), id);
        if (!row) return row.error();
        if (!*row) return internal::NoSuchNotification(id);
        auto thread = internal::NotificationThreadFromRow(**row);
        if (!thread) return thread.error();
        const bool sender = thread->notification.from.ToString() == actor.party_id;
        const bool recipient = internal::IsRecipient(thread->notification, actor.party_id);
        if (!sender && !recipient) {
          // Others do not learn that it exists; the secretariat, which sees
          // every notification's metadata, is told why.
          if (!secretariat) return internal::NoSuchNotification(id);
          return core::PermissionDenied("only the sender or a recipient may reply to notification " + id);
        }
        message.at = view.now();
        std::vector<RecordWrite> writes;
        core::JsonObject public_body{{"notification", Str(id)},
                                     {"reply", Str(message.id.ToString())},
                                     {"from", Str(actor.party_id)},
                                     {"kind", Str(model::Name(message.kind))},
                                     {"at", Str(Rfc3339(message.at))},
                                     {"exercise", Bool(thread->notification.exercise)}};
        std::string record_status = (*row)->status;
        if (message.kind != model::ReplyKind::kNote) {
          if (!recipient)
            return core::PermissionDenied("only a recipient may acknowledge or answer notification " + id +
                                          "; the sender may add notes");
          auto statuses = Statuses(view, thread->notification);
          if (!statuses) return statuses.error();
          for (auto& status : *statuses) {
            if (status.recipient.ToString() != actor.party_id) continue;
            auto next = ApplyReply(status, message);
            if (!next)
              return core::Error{next.error().code, std::string(model::Name(message.kind)) + " notification " + id +
                                                        ": " + next.error().message};
            status = *next;
            outcome->status = *next;
            auto status_row = view.Record(std::string(internal::kNotificationStatusKind),
                                          internal::StatusRecordId(id, actor.party_id));
            if (!status_row) return status_row.error();
            writes.push_back(internal::StatusWrite(*next, thread->notification,
                                                   *status_row ? (**status_row).created_seq : 0));
            public_body.push_back({"state", Str(Name(next->state))});
            public_body.push_back({"late", Bool(next->late)});
          }
          record_status = internal::NotificationRecordStatus(*statuses);
        }
        thread->replies.push_back(message);
        writes.insert(writes.begin(), internal::NotificationWrite(*thread, record_status, (*row)->created_seq));
        Event event;
        event.type = std::string(event_type::kNotificationReplied);
        event.subject = id;
        event.actor = actor;
        event.public_body = Obj(std::move(public_body));
        event.full_body = RecordWritesBody(writes);
        return std::vector<Event>{std::move(event)};
      },
      [this, reply, id, reply_id = reply_id->ToString(), outcome,
       party = caller.reader.party_id](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        core::JsonObject members{{"id", Str(reply_id)}, {"notification", Str(id)}};
        if (outcome->status) {
          // Acknowledged: the deadline is moot (a firing already running is
          // dropped by the state machine).
          if (deadlines_) deadlines_->Cancel(AcknowledgmentDeadlineId(outcome->status->notification_id,
                                                                       outcome->status->recipient));
          members.push_back({"state", Str(Name(outcome->status->state))});
          members.push_back({"late", Bool(outcome->status->late)});
        }
        internal::AppendReceipt(*committed, members);
        reply(internal::Created(Obj(std::move(members)), "/v1/notifications/" + id));
      });
}

// ---------------------------------------------------------------------------
// Reading.

void Registry::GetNotification(const Caller& caller, const std::string& id, ReplyFn reply) {
  if (auto denied = internal::RequireRole(caller, internal::kPartyRoles, "read notifications"))
    return reply(internal::Failed(*denied));
  auto row = store_.GetRecord(std::string(internal::kNotificationKind), id);
  if (!row) {
    if (row.error().code == core::ErrorCode::kNotFound) return reply(internal::Failed(internal::NoSuchNotification(id)));
    return reply(internal::Failed(row.error()));
  }
  auto answer = [this, caller, id](ReplyFn& reply) {
    auto current = store_.GetRecord(std::string(internal::kNotificationKind), id);
    if (!current) return reply(internal::Failed(current.error()));
    auto view = NotificationView(caller, *current, /*with_replies=*/true);
    if (!view) return reply(internal::Failed(view.error()));
    reply(internal::Answer(std::move(*view)));
  };
  const bool recipient = row->parties.size() > 1 &&
                         std::find(row->parties.begin() + 1, row->parties.end(), caller.reader.party_id) !=
                             row->parties.end();
  if (!recipient) return answer(reply);
  auto status_row = store_.GetRecord(std::string(internal::kNotificationStatusKind),
                                     internal::StatusRecordId(id, caller.reader.party_id));
  if (!status_row) return reply(internal::Failed(status_row.error()));
  auto status = internal::NotificationStatusFromRow(*status_row);
  if (!status) return reply(internal::Failed(status.error()));
  if (!internal::Allows(*status, NotificationStep::kDeliver) || status->delivered_at) return answer(reply);
  // The recipient's first read is its delivery receipt, durable before the
  // content is shown.
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [actor, id](BatchView& view) -> core::Result<std::vector<Event>> {
        auto current = view.Record(std::string(internal::kNotificationStatusKind),
                                   internal::StatusRecordId(id, actor.party_id));
        if (!current) return current.error();
        if (!*current) return std::vector<Event>{};
        auto status = internal::NotificationStatusFromRow(**current);
        if (!status) return status.error();
        if (!internal::Allows(*status, NotificationStep::kDeliver) || status->delivered_at) return std::vector<Event>{};
        // A clock stepped back before sent_at cannot date a receipt: none.
        auto delivered = Advance(*status, NotificationStep::kDeliver, view.now());
        if (!delivered) return std::vector<Event>{};
        auto notification_row = view.Record(std::string(internal::kNotificationKind), id);
        if (!notification_row) return notification_row.error();
        if (!*notification_row) return core::Corrupt("notification " + id + ": status without notification");
        auto thread = internal::NotificationThreadFromRow(**notification_row);
        if (!thread) return thread.error();
        Event event;
        event.type = std::string(event_type::kNotificationDelivered);
        event.subject = id;
        event.actor = actor;
        event.public_body = Obj({{"notification", Str(id)},
                                 {"recipient", Str(actor.party_id)},
                                 {"state", Str(Name(delivered->state))},
                                 {"delivered_at", Str(Rfc3339(*delivered->delivered_at))},
                                 {"exercise", Bool(thread->notification.exercise)}});
        event.full_body =
            RecordWritesBody({internal::StatusWrite(*delivered, thread->notification, (*current)->created_seq)});
        return std::vector<Event>{std::move(event)};
      },
      [answer, reply](core::Result<Committed> committed) mutable {
        if (!committed) return reply(internal::Failed(committed.error()));
        answer(reply);
      });
}

}  // namespace accord::registry
