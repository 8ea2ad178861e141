// Registry: points of contact (issue 8, docs/notifications.md). Each party
// keeps one current point of contact; the directory shows its public part
// to everyone and its restricted part (people, phone, e-mail, secure
// channel) to the parties that may need to reach it.
#include <algorithm>

#include "core/encoding.h"
#include "registry/internal/body_reading.h"
#include "registry/internal/json_util.h"
#include "registry/internal/list_params.h"
#include "registry/internal/notification_records.h"
#include "registry/internal/replies.h"
#include "registry/registry.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Obj;
using internal::Str;

// Who reads restricted contact details: the states (who must reach each
// other in an incident), the secretariat, and the party itself.
bool ReadsRestricted(const Caller& caller, const std::string& party_id) {
  if (caller.anonymous()) return false;
  if (caller.reader.role == privacy::Role::kSecretariat || caller.reader.role == privacy::Role::kState)
    return true;
  return caller.reader.party_id == party_id;
}

}  // namespace

void Registry::UpdateContact(const Caller& caller, const std::string& party_id, const JsonValue& body,
                             ReplyFn reply) {
  if (caller.anonymous() ||
      (caller.reader.role != privacy::Role::kSecretariat && caller.reader.party_id != party_id)) {
    if (auto denied = internal::RequireRole(caller, {privacy::Role::kSecretariat},
                                            "update another party's point of contact"))
      return reply(internal::Failed(*denied));
  }
  if (body.type() != JsonType::kObject) return reply(internal::Invalid("", "must be a JSON object"));
  std::vector<model::FieldError> errors;
  for (std::string_view server_set : {"party", "updated_at"})
    if (body.Find(server_set) != nullptr)
      errors.push_back({"/" + std::string(server_set), "is set by the server; leave it out"});
  if (body.Find("restricted") == nullptr)
    errors.push_back({"/restricted", "is required: a point of contact must be reachable"});
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  const core::Timestamp now = options_.clock->Now();
  core::JsonObject members;
  if (body.Find("schema") == nullptr)
    members.push_back({"schema", Str(model::kPointOfContactSchema)});
  for (const auto& member : body.AsObject()) members.push_back(member);
  members.push_back({"party", Str(party_id)});
  members.push_back({"updated_at", Str(core::FormatRfc3339(now))});
  auto decoded = model::DecodePointOfContact(Obj(std::move(members)));
  if (!decoded) {
    // The path's id is the only injected member that can fail.
    for (auto& field : decoded.errors)
      if (field.pointer == "/party") return reply(internal::Failed(core::NotFound(
                                         "party " + core::QuoteForMessage(party_id) + " does not exist")));
    return reply(internal::Invalid(std::move(decoded.errors)));
  }
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [actor, contact = std::move(*decoded.value)](BatchView& view) mutable
      -> core::Result<std::vector<Event>> {
        const std::string party_id = contact.party.ToString();
        auto party = view.Party(party_id);
        if (!party) return party.error();
        if (!*party) return core::NotFound("party " + party_id + " does not exist");
        if ((*party)->status != "active")
          return core::Conflict("party " + party_id + " is revoked: its point of contact cannot change");
        auto existing = view.Record(std::string(internal::kContactKind), party_id);
        if (!existing) return existing.error();
        contact.updated_at = view.now();
        RecordWrite write;
        write.kind = std::string(internal::kContactKind);
        write.id = party_id;
        write.status = "current";
        write.parties = {party_id};
        write.created_seq = *existing ? (*existing)->created_seq : 0;
        write.full = model::PointOfContactToJson(contact);
        write.public_form = model::PointOfContactPublicJson(contact);
        Event event;
        event.type = std::string(event_type::kContactUpdated);
        event.subject = party_id;
        event.actor = actor;
        event.public_body = write.public_form;
        event.full_body = RecordWritesBody({std::move(write)});
        return std::vector<Event>{std::move(event)};
      },
      [reply, party_id](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        core::JsonObject members{{"party", Str(party_id)},
                                 {"updated_at", Str(core::FormatRfc3339(committed->events.back().at))}};
        internal::AppendReceipt(*committed, members);
        reply(internal::Answer(Obj(std::move(members))));
      });
}

Reply Registry::ListContacts(const Caller& caller, const QueryParams& params) const {
  auto read = internal::ReadParams(params, {"format"});
  if (!read) return internal::Failed(read.error());
  const bool csv = internal::WantsCsv(*read);
  core::JsonArray items;
  auto visited = store_.ForEachRecord(std::string(internal::kContactKind), [&](const store::RecordRow& row) {
    const bool restricted = !csv && ReadsRestricted(caller, row.id);
    auto parsed = internal::ParseStored(restricted ? row.full_json : row.public_json, "contact " + row.id);
    if (!parsed) return core::Status(parsed.error());
    if (!csv) {
      items.push_back(std::move(*parsed));
      return core::Ok();
    }
    // One flat line per party: the public columns.
    const JsonValue* pub = parsed->Find("public");
    core::JsonObject flat{{"party", Str(row.id)},
                          {"updated_at", Str(internal::GetStringOr(*parsed, "updated_at"))}};
    if (pub != nullptr && pub->type() == JsonType::kObject) {
      for (std::string_view name : {"organisation", "role", "hours"})
        flat.push_back({std::string(name), Str(internal::GetStringOr(*pub, name))});
      flat.push_back({"languages", internal::StrArray(internal::GetStrings(*pub, "languages"))});
    }
    items.push_back(Obj(std::move(flat)));
    return core::Ok();
  });
  if (!visited) return internal::Failed(visited.error());
  if (csv) return internal::ItemsAsCsv(items, {"party", "organisation", "role", "languages", "hours", "updated_at"});
  return internal::Answer(Obj({{"items", JsonValue::Array(std::move(items))}}));
}

}  // namespace accord::registry
