// Registry: parties (the agreement's members and its directory of points
// of contact).
#include <algorithm>

#include "core/id.h"
#include "core/iso3166.h"
#include "core/json_reader.h"
#include "registry/internal/replies.h"
#include "registry/registry.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Obj;
using internal::Str;

constexpr std::size_t kMaxContacts = 20;
constexpr std::size_t kMaxClientOf = 20;

bool IsKnownKind(std::string_view kind) {
  return std::find(std::begin(kPartyKinds), std::end(kPartyKinds), kind) != std::end(kPartyKinds);
}

// A string member of at most `max` bytes (at least 1 when `required`).
void ReadText(const JsonValue& object, std::string_view name, std::string_view pointer,
              std::size_t max, bool required, std::string& out,
              std::vector<model::FieldError>& errors) {
  const JsonValue* value = object.Find(name);
  std::string at = std::string(pointer) + "/" + std::string(name);
  if (value == nullptr) {
    if (required) errors.push_back({at, "is required"});
    return;
  }
  if (value->type() != JsonType::kString) {
    errors.push_back({at, "must be a string"});
    return;
  }
  const std::string& text = value->AsString();
  if (required && text.empty()) errors.push_back({at, "must not be empty"});
  else if (text.size() > max) errors.push_back({at, "must be at most " + std::to_string(max) + " bytes"});
  else out = text;
}

void RejectUnknown(const JsonValue& object, std::string_view pointer,
                   std::initializer_list<std::string_view> known,
                   std::vector<model::FieldError>& errors) {
  for (const auto& member : object.AsObject())
    if (std::find(known.begin(), known.end(), member.name) == known.end())
      errors.push_back({std::string(pointer) + "/" + member.name, "unknown member"});
}

std::vector<Contact> ReadContacts(const JsonValue* array, const std::string& pointer,
                                  std::vector<model::FieldError>& errors) {
  std::vector<Contact> out;
  if (array == nullptr) return out;
  if (array->type() != JsonType::kArray) {
    errors.push_back({pointer, "must be an array"});
    return out;
  }
  if (array->AsArray().size() > kMaxContacts) {
    errors.push_back({pointer, "must hold at most " + std::to_string(kMaxContacts) + " contacts"});
    return out;
  }
  std::size_t index = 0;
  for (const auto& item : array->AsArray()) {
    std::string at = pointer + "/" + std::to_string(index++);
    if (item.type() != JsonType::kObject) {
      errors.push_back({at, "must be an object"});
      continue;
    }
    RejectUnknown(item, at, {"role", "name", "email", "phone", "hours"}, errors);
    Contact contact;
    ReadText(item, "role", at, 100, true, contact.role, errors);
    ReadText(item, "name", at, 200, true, contact.name, errors);
    ReadText(item, "email", at, 254, true, contact.email, errors);
    if (!contact.email.empty() && contact.email.find('@') == std::string::npos)
      errors.push_back({at + "/email", "must be an e-mail address"});
    ReadText(item, "phone", at, 50, false, contact.phone, errors);
    ReadText(item, "hours", at, 100, false, contact.hours, errors);
    out.push_back(std::move(contact));
  }
  return out;
}

// The party a registration body describes; its id and seq come later.
PartyRecord ReadRegistration(const JsonValue& body, std::vector<model::FieldError>& errors) {
  PartyRecord party;
  RejectUnknown(body, "", {"kind", "name", "state", "client_of", "contacts"}, errors);
  ReadText(body, "kind", "", 20, true, party.kind, errors);
  if (!party.kind.empty() && !IsKnownKind(party.kind))
    errors.push_back({"/kind", "must be one of state, operator, watchdog, arbitrator, secretariat"});
  ReadText(body, "name", "", 200, true, party.name, errors);
  ReadText(body, "state", "", 2, party.kind == "state", party.state, errors);
  if (!party.state.empty()) {
    auto countries = core::LoadedCountries();
    if (!countries) {
      errors.push_back({"/state", countries.error().message});
    } else if (auto found = (*countries)->FindAlpha2(party.state); !found) {
      errors.push_back({"/state", found.error().message});
    }
  }
  if (const JsonValue* client_of = body.Find("client_of")) {
    if (client_of->type() != JsonType::kArray || client_of->AsArray().size() > kMaxClientOf) {
      errors.push_back({"/client_of", "must be an array of at most " + std::to_string(kMaxClientOf) +
                                          " party ids"});
    } else {
      std::size_t index = 0;
      for (const auto& item : client_of->AsArray()) {
        std::string at = "/client_of/" + std::to_string(index++);
        if (item.type() != JsonType::kString || !core::StixId::Parse(item.AsString()) ||
            item.AsString().rfind("party--", 0) != 0)
          errors.push_back({at, "must be a party id (party--<uuid>)"});
        else
          party.client_of.push_back(item.AsString());
      }
    }
  }
  if (const JsonValue* contacts = body.Find("contacts")) {
    if (contacts->type() != JsonType::kObject) {
      errors.push_back({"/contacts", "must be an object"});
    } else {
      RejectUnknown(*contacts, "/contacts", {"public", "restricted"}, errors);
      party.public_contacts = ReadContacts(contacts->Find("public"), "/contacts/public", errors);
      party.restricted_contacts =
          ReadContacts(contacts->Find("restricted"), "/contacts/restricted", errors);
    }
  }
  return party;
}

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
  PartyRecord party = ReadRegistration(body, errors);
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
  RejectUnknown(body, "", {"reason"}, errors);
  std::string reason;
  ReadText(body, "reason", "", 2000, true, reason, errors);
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

Reply Registry::ListParties(const Caller& caller) const {
  auto rows = store_.ListParties();
  if (!rows) return internal::Failed(rows.error());
  core::JsonArray items;
  for (const auto& row : *rows) {
    auto view = PartyView(caller, row);
    if (!view) return internal::Failed(view.error());
    items.push_back(std::move(*view));
  }
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
