#include "cli/demo_directory.h"

#include <map>
#include <string>
#include <vector>

#include "cli/node_calls.h"
#include "core/file_io.h"
#include "core/json_reader.h"

namespace accord::cli {
namespace {

using core::JsonType;
using core::JsonValue;

constexpr std::string_view kSchema = "accord.demo-directory/1";
constexpr std::uint64_t kMaxFileBytes = 1u << 20;

core::Result<const JsonValue*> Member(const JsonValue& object, std::string_view name, JsonType type,
                                      const std::string& where) {
  const JsonValue* value = object.type() == JsonType::kObject ? object.Find(name) : nullptr;
  if (value == nullptr || value->type() != type)
    return core::InvalidArgument(where + "/" + std::string(name) + ": missing or of the wrong type");
  return value;
}

core::Result<std::string> Text(const JsonValue& object, std::string_view name, const std::string& where) {
  auto value = Member(object, name, JsonType::kString, where);
  if (!value) return value.error();
  return (*value)->AsString();
}

// "kind/name/state" of a party request or a directory entry.
std::string PartyKey(const JsonValue& party) {
  return MemberText(party, "kind") + "/" + MemberText(party, "name") + "/" + MemberText(party, "state");
}

}  // namespace

core::Result<DemoDirectoryResult> LoadDemoDirectory(NodeConnection& secretariat,
                                                    const std::filesystem::path& file) {
  const std::string name = file.string();
  auto text = core::ReadFile(file, kMaxFileBytes);
  if (!text) return text.error();
  auto document = core::ParseJsonStrict(*text);
  if (!document) return document.error().Context(name);
  auto schema = Text(*document, "schema", name + ": ");
  if (!schema) return schema.error();
  if (*schema != kSchema)
    return core::InvalidArgument(name + ": /schema: \"" + *schema + "\", expected \"" + std::string(kSchema) + "\"");
  auto parties = Member(*document, "parties", JsonType::kArray, name + ": ");
  if (!parties) return parties.error();
  auto notifications = Member(*document, "notifications", JsonType::kArray, name + ": ");
  if (!notifications) return notifications.error();

  // Who is there already.
  auto listed = CallNode(secretariat, "GET", "/v1/parties");
  if (!listed) return listed.error();
  std::map<std::string, std::string> existing;  // PartyKey -> id
  if (const JsonValue* items = listed->Find("items"); items && items->type() == JsonType::kArray)
    for (const JsonValue& party : items->AsArray())
      if (MemberText(party, "status") == "active") existing[PartyKey(party)] = MemberText(party, "id");

  DemoDirectoryResult result;
  std::map<std::string, std::string> ids;  // the file's key -> party id
  bool all_present = true;
  for (std::size_t i = 0; i < (*parties)->AsArray().size(); ++i) {
    const JsonValue& entry = (*parties)->AsArray()[i];
    const std::string where = name + ": /parties/" + std::to_string(i);
    auto key = Text(entry, "key", where);
    if (!key) return key.error();
    auto party = Member(entry, "party", JsonType::kObject, where);
    if (!party) return party.error();
    auto contact = Member(entry, "contact", JsonType::kObject, where);
    if (!contact) return contact.error();
    if (auto found = existing.find(PartyKey(**party)); found != existing.end()) {
      ids[*key] = found->second;
      continue;
    }
    all_present = false;
    auto added = CallNode(secretariat, "POST", "/v1/parties", **party);
    if (!added) return added.error().Context(where);
    const std::string id = MemberText(*added, "id");
    ids[*key] = id;
    ++result.parties_registered;
    if (auto set = CallNode(secretariat, "PUT", "/v1/parties/" + PercentEncode(id) + "/contact", **contact); !set)
      return set.error().Context(where + "/contact");
  }
  if (all_present) {
    result.already_present = true;
    return result;
  }

  // Tokens for the parties that speak in the notifications, revoked at the end.
  std::map<std::string, std::pair<std::string, std::string>> tokens;  // key -> (token, token id)
  auto token_of = [&](const std::string& key, const std::string& where) -> core::Result<std::string> {
    auto id = ids.find(key);
    if (id == ids.end()) return core::InvalidArgument(where + ": \"" + key + "\" is no party's key in /parties");
    if (auto found = tokens.find(key); found != tokens.end()) return found->second.first;
    auto issued = CallNode(secretariat, "POST", "/v1/tokens",
                           JsonValue::Object({{"party_id", JsonValue::String(id->second)}}));
    if (!issued) return issued.error().Context(where);
    tokens[key] = {MemberText(*issued, "token"), MemberText(*issued, "id")};
    return tokens[key].first;
  };
  core::Status played = core::Ok();
  for (std::size_t i = 0; played && i < (*notifications)->AsArray().size(); ++i) {
    const JsonValue& entry = (*notifications)->AsArray()[i];
    const std::string where = name + ": /notifications/" + std::to_string(i);
    played = [&]() -> core::Status {
      auto from = Text(entry, "from", where);
      if (!from) return from.error();
      auto to = Member(entry, "to", JsonType::kArray, where);
      if (!to) return to.error();
      auto body = Member(entry, "notification", JsonType::kObject, where);
      if (!body) return body.error();
      core::JsonArray recipients;
      for (const JsonValue& key : (*to)->AsArray()) {
        if (key.type() != JsonType::kString || !ids.contains(key.AsString()))
          return core::InvalidArgument(where + "/to: every recipient must be a key of /parties");
        recipients.push_back(JsonValue::String(ids[key.AsString()]));
      }
      core::JsonObject request = (*body)->AsObject();
      request.push_back({"to", JsonValue::Array(std::move(recipients))});
      auto token = token_of(*from, where + "/from");
      if (!token) return token.error();
      auto sent = CallNode(secretariat, "POST", "/v1/notifications", JsonValue::Object(std::move(request)), *token);
      if (!sent) return sent.error().Context(where);
      ++result.notifications_sent;
      const std::string notification = MemberText(*sent, "id");
      const JsonValue* replies = entry.Find("replies");
      if (replies == nullptr) return core::Ok();
      if (replies->type() != JsonType::kArray) return core::InvalidArgument(where + "/replies: must be an array");
      for (std::size_t r = 0; r < replies->AsArray().size(); ++r) {
        const std::string at = where + "/replies/" + std::to_string(r);
        auto by = Text(replies->AsArray()[r], "by", at);
        if (!by) return by.error();
        auto reply = Member(replies->AsArray()[r], "reply", JsonType::kObject, at);
        if (!reply) return reply.error();
        auto replier = token_of(*by, at + "/by");
        if (!replier) return replier.error();
        // The recipient reads it first (delivery), as a person would.
        if (auto read = CallNode(secretariat, "GET", "/v1/notifications/" + PercentEncode(notification),
                                 std::nullopt, *replier);
            !read)
          return read.error().Context(at);
        if (auto replied = CallNode(secretariat, "POST",
                                    "/v1/notifications/" + PercentEncode(notification) + "/replies", **reply,
                                    *replier);
            !replied)
          return replied.error().Context(at);
        ++result.replies_sent;
      }
      return core::Ok();
    }();
  }
  // The tokens served their purpose, whatever happened above.
  for (const auto& [key, token] : tokens)
    if (auto revoked = CallNode(secretariat, "POST", "/v1/tokens/" + PercentEncode(token.second) + "/revoke",
                                JsonValue::Object({}));
        !revoked && played)
      played = revoked.error().Context("revoke the demo token of " + key);
  if (!played) return played.error();
  return result;
}

}  // namespace accord::cli
