#include "registry/event.h"

#include "core/canonical_json.h"
#include "core/json_reader.h"
#include "registry/internal/json_util.h"

namespace accord::registry {
namespace {

using core::JsonValue;
using internal::Str;

// The members of both forms in RFC 8785 order (member names sorted by
// UTF-16 code units: actor, at, body, schema, seq, subject, type), written
// straight into the output so that a large body is serialized once and
// never copied.
void AppendString(std::string_view text, std::string& out) {
  core::AppendCanonical(Str(text), out);
}

void AppendTail(const Event& event, std::string& out) {
  out += ",\"schema\":";
  AppendString(kEventSchema, out);
  out += ",\"seq\":";
  out += std::to_string(event.seq);  // below 2^53: ES6 prints integers plainly
  out += ",\"subject\":";
  AppendString(event.subject, out);
  out += ",\"type\":";
  AppendString(event.type, out);
  out += '}';
}

// Entries are limited to what the log stores (well under 2^53 of them), so
// the seq fits a double exactly.
core::Result<Event> DecodeHeader(const JsonValue& root, std::string_view what) {
  if (root.type() != core::JsonType::kObject)
    return core::Corrupt(std::string(what) + ": not a JSON object");
  auto schema = internal::GetString(root, "schema", what);
  if (!schema) return schema.error();
  if (*schema != kEventSchema)
    return core::Corrupt(std::string(what) + ": schema \"" + *schema + "\" is not \"" +
                         std::string(kEventSchema) + "\"");
  Event event;
  auto seq = internal::GetInt(root, "seq", what);
  if (!seq) return seq.error();
  if (*seq < 0) return core::Corrupt(std::string(what) + ": seq is negative");
  event.seq = static_cast<std::uint64_t>(*seq);
  auto type = internal::GetString(root, "type", what);
  if (!type) return type.error();
  event.type = std::move(*type);
  auto at = internal::GetString(root, "at", what);
  if (!at) return at.error();
  auto parsed = core::ParseRfc3339(*at);
  if (!parsed) return core::Corrupt(std::string(what) + ": at: " + parsed.error().message);
  event.at = *parsed;
  auto subject = internal::GetString(root, "subject", what);
  if (!subject) return subject.error();
  event.subject = std::move(*subject);
  return event;
}

// Every body and actor the registry writes is an object (records.h).
core::Result<const JsonValue*> ObjectMember(const JsonValue& root, std::string_view name,
                                            const std::string& where) {
  auto member = internal::Member(root, name, where);
  if (!member) return member.error();
  if ((*member)->type() != core::JsonType::kObject)
    return core::Corrupt(where + ": member \"" + std::string(name) + "\" must be an object");
  return member;
}

}  // namespace

std::string EncodePublicEvent(const Event& event) {
  std::string out = "{\"at\":";
  AppendString(core::FormatRfc3339(event.at), out);
  out += ",\"body\":";
  core::AppendCanonical(event.public_body, out);
  AppendTail(event, out);
  return out;
}

std::string EncodeFullEvent(const Event& event) {
  std::string out = "{\"actor\":{\"party_id\":";
  AppendString(event.actor.party_id, out);
  out += ",\"token_id\":";
  AppendString(event.actor.token_id, out);
  out += "},\"at\":";
  AppendString(core::FormatRfc3339(event.at), out);
  out += ",\"body\":";
  if (!event.full_body_json.empty())
    out += event.full_body_json;
  else
    core::AppendCanonical(event.full_body, out);
  AppendTail(event, out);
  return out;
}

core::Result<Event> DecodeFullEvent(std::string_view json) {
  auto root = core::ParseJsonStrict(json);
  if (!root) return core::Corrupt("full event: " + root.error().message);
  auto event = DecodeHeader(*root, "full event");
  if (!event) return event.error();
  std::string where = "full event " + std::to_string(event->seq);
  auto actor = ObjectMember(*root, "actor", where);
  if (!actor) return actor.error();
  // An actor is always written with both ids ("" for the node itself), so
  // a missing or mistyped one is damage, not a default.
  auto party_id = internal::GetString(**actor, "party_id", where + " actor");
  if (!party_id) return party_id.error();
  auto token_id = internal::GetString(**actor, "token_id", where + " actor");
  if (!token_id) return token_id.error();
  event->actor.party_id = std::move(*party_id);
  event->actor.token_id = std::move(*token_id);
  auto body = ObjectMember(*root, "body", where);
  if (!body) return body.error();
  event->full_body = **body;
  return event;
}

core::Result<Event> DecodePublicEvent(std::string_view json) {
  auto root = core::ParseJsonStrict(json);
  if (!root) return core::Corrupt("public event: " + root.error().message);
  auto event = DecodeHeader(*root, "public event");
  if (!event) return event.error();
  // Exactly the six members: a full form (with "actor") or anything else
  // that reached the log by mistake must not pass for a public entry.
  for (const auto& member : root->AsObject())
    if (member.name != "at" && member.name != "body" && member.name != "schema" && member.name != "seq" &&
        member.name != "subject" && member.name != "type")
      return core::Corrupt("public event " + std::to_string(event->seq) + ": unexpected member \"" +
                           member.name + "\"");
  auto body = ObjectMember(*root, "body", "public event " + std::to_string(event->seq));
  if (!body) return body.error();
  event->public_body = **body;
  return event;
}

}  // namespace accord::registry
