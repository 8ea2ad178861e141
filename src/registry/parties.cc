// Registry: parties (the agreement's members and its directory of points
// of contact).
#include <algorithm>

#include "core/id.h"
#include "core/iso3166.h"
#include "core/json_reader.h"
#include "registry/internal/body_reading.h"
#include "registry/internal/list_params.h"
#include "registry/internal/replies.h"
#include "registry/registry.h"
#include "registry/request_decoding.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Obj;
using internal::Str;

// What `caller` sees of a party: the directory entry, and the restricted
// contacts and client relations for the secretariat and the party itself.
core::Result<JsonValue> PartyView(const Caller& caller, const store::PartyRow& row) {
  bool privileged = caller.reader.role == privacy::Role::kSecretariat ||
                    (!caller.reader.party_id.empty() && caller.reader.party_id == row.id);
  auto parsed = core::ParseJsonStrict(privileged ? row.full_json : row.public_json);
  if (!parsed) return core::Corrupt("party " + row.id + ": " + parsed.error().message);
  // The stored forms carry the seq of registration for replay; the API
  // shows the time.
  core::JsonObject members;
  for (auto& member : parsed->AsObject())
    if (member.name != "registered_seq" && member.name != "revoked_reason")
      members.push_back(std::move(member));
  return Obj(std::move(members));
}

}  // namespace

void Registry::RegisterParty(const Caller& caller, const JsonValue& body, ReplyFn reply) {
  if (auto denied = internal::RequireRole(caller, {privacy::Role::kSecretariat}, "register parties"))
    return reply(internal::Failed(*denied));
  if (body.type() != JsonType::kObject) return reply(internal::Invalid("", "must be a JSON object"));
  std::vector<model::FieldError> errors;
  PartyRecord party = DecodePartyRegistration(body, errors);
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  auto uuid = core::Uuid::RandomV4();
  if (!uuid) return reply(internal::Failed(uuid.error()));
  party.id = "party--" + uuid->ToString();
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [actor, party](BatchView& view) -> core::Result<std::vector<Event>> {
        for (std::size_t i = 0; i < party.client_of.size(); ++i) {
          auto patron = view.Party(party.client_of[i]);
          if (!patron) return patron.error();
          if (!*patron) return core::NotFound("client_of/" + std::to_string(i) + ": party " +
                                              party.client_of[i] + " is not registered");
        }
        if (party.kind == "state") {
          auto parties = view.Parties();
          if (!parties) return parties.error();
          for (const auto& other : *parties)
            if (other.kind == "state" && other.state == party.state && other.status == "active")
              return core::Conflict("state " + party.state + " is already registered as party " +
                                    other.id + "; revoke it first to replace it");
        }
        PartyRecord record = party;
        record.registered_seq = view.next_seq();
        record.registered_at = core::FormatRfc3339(view.now());
        Event event;
        event.type = std::string(event_type::kPartyRegistered);
        event.subject = record.id;
        event.actor = actor;
        event.public_body = PartyPublicJson(record);
        event.full_body = PartyFullJson(record);
        return std::vector<Event>{std::move(event)};
      },
      [reply, id = party.id](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        core::JsonObject members{{"id", Str(id)}};
        internal::AppendReceipt(*committed, members);
        reply(internal::Created(Obj(std::move(members)), "/v1/parties/" + id));
      });
}

void Registry::RevokeParty(const Caller& caller, const std::string& id, const JsonValue& body,
                           ReplyFn reply) {
  if (auto denied = internal::RequireRole(caller, {privacy::Role::kSecretariat}, "revoke parties"))
    return reply(internal::Failed(*denied));
  if (body.type() != JsonType::kObject) return reply(internal::Invalid("", "must be a JSON object"));
  std::vector<model::FieldError> errors;
  internal::RejectUnknown(body, "", {"reason"}, errors);
  std::string reason;
  internal::ReadText(body, "reason", "", 2000, true, reason, errors);
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  if (id == caller.reader.party_id)
    return reply(internal::Failed(core::Conflict("the secretariat cannot revoke its own party")));
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [actor, id, reason](BatchView& view) -> core::Result<std::vector<Event>> {
        auto party = view.Party(id);
        if (!party) return party.error();
        if (!*party) return core::NotFound("party " + id + " is not registered");
        if ((*party)->status == "revoked") return core::Conflict("party " + id + " is already revoked");
        PartyRecord record = **party;
        record.status = "revoked";
        record.revoked_reason = reason;
        Event event;
        event.type = std::string(event_type::kPartyRevoked);
        event.subject = id;
        event.actor = actor;
        event.public_body = PartyPublicJson(record);
        event.full_body = PartyFullJson(record);
        return std::vector<Event>{std::move(event)};
      },
      [reply, id](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        core::JsonObject members{{"id", Str(id)}, {"status", Str("revoked")}};
        internal::AppendReceipt(*committed, members);
        reply(internal::Answer(Obj(std::move(members))));
      });
}

Reply Registry::ListParties(const Caller& caller, const QueryParams& params) const {
  auto read = internal::ReadParams(params, {"format"});
  if (!read) return internal::Failed(read.error());
  auto rows = store_.ListParties();
  if (!rows) return internal::Failed(rows.error());
  core::JsonArray items;
  for (const auto& row : *rows) {
    auto view = PartyView(caller, row);
    if (!view) return internal::Failed(view.error());
    items.push_back(std::move(*view));
  }
  if (internal::WantsCsv(*read))
    return internal::ItemsAsCsv(items, {"id", "kind", "name", "state", "status", "registered_at"});
  return internal::Answer(Obj({{"items", JsonValue::Array(std::move(items))}}));
}

Reply Registry::GetParty(const Caller& caller, const std::string& id) const {
  auto row = store_.GetParty(id);
  if (!row) return internal::Failed(row.error());
  auto view = PartyView(caller, *row);
  if (!view) return internal::Failed(view.error());
  return internal::Answer(std::move(*view));
}

}  // namespace accord::registry
