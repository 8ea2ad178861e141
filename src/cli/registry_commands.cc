// The registry commands that talk to a running node over its HTTP API
// (party, token, submit, demo load): the same path as any client, so
// that what the command line can do, the API can do, and the reverse.
#include <algorithm>
#include <cstdio>
#include <optional>

#include "cli/commands.h"
#include "cli/demo_directory.h"
#include "cli/http_client.h"
#include "cli/node_calls.h"
#include "cli/node_connection.h"
#include "core/canonical_json.h"
#include "core/file_io.h"
#include "core/json_reader.h"
#include "privacy/commitment.h"
#include "privacy/visibility.h"

namespace accord::cli {
namespace {

using core::JsonType;
using core::JsonValue;

JsonValue Text(std::string_view text) { return JsonValue::String(std::string(text)); }

// Calls the node; a non-2xx answer becomes an error carrying the problem's
// title, detail and field errors.
core::Result<JsonValue> Call(NodeConnection& connection, std::string_view method, std::string_view path,
                             const std::optional<JsonValue>& body = std::nullopt) {
  std::string text = body ? core::SerializeCanonical(*body) : std::string();
  auto response = connection.client->Call(method, path, text, connection.token);
  if (!response) return response.error();
  if (response->status < 200 || response->status > 299) return ErrorForAnswer(*response);
  auto parsed = core::ParseJsonStrict(response->body);
  if (!parsed) return core::Corrupt("the node answered " + std::string(method) + " " + std::string(path) +
                                    " with JSON that does not parse: " + parsed.error().message);
  return parsed;
}

void PrintJson(const JsonValue& value) {
  std::string text = core::SerializeCanonical(value) + "\n";
  std::fputs(text.c_str(), stdout);
}

}  // namespace

core::Status RunPartyAdd(const PartyOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  core::JsonObject members{{"kind", Text(options.kind)}, {"name", Text(options.name)}};
  if (!options.state.empty()) members.push_back({"state", Text(options.state)});
  if (!options.client_of.empty()) {
    core::JsonArray ids;
    for (const auto& id : options.client_of) ids.push_back(Text(id));
    members.push_back({"client_of", JsonValue::Array(std::move(ids))});
  }
  if (!options.contact_email.empty()) {
    core::JsonObject contact{{"role", Text("point-of-contact")},
                             {"name", Text(options.contact_name.empty() ? options.name : options.contact_name)},
                             {"email", Text(options.contact_email)}};
    if (!options.contact_phone.empty()) contact.push_back({"phone", Text(options.contact_phone)});
    core::JsonArray contacts{JsonValue::Object(std::move(contact))};
    members.push_back({"contacts", JsonValue::Object({{"public", JsonValue::Array(std::move(contacts))}})});
  }
  auto answer = Call(*connection, "POST", "/v1/parties", JsonValue::Object(std::move(members)));
  if (!answer) return answer.error().Context("register the party");
  if (options.client.json) return PrintJson(*answer), core::Ok();
  std::printf("%s\n", MemberText(*answer, "id").c_str());
  std::fprintf(stderr, "registered (log index %s); issue it a token with: accord token issue --party %s\n",
               MemberText(*answer, "log_index").c_str(), MemberText(*answer, "id").c_str());
  return core::Ok();
}

core::Status RunPartyList(const PartyOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kOptional);
  if (!connection) return connection.error();
  auto answer = Call(*connection, "GET", "/v1/parties");
  if (!answer) return answer.error().Context("list the parties");
  if (options.client.json) return PrintJson(*answer), core::Ok();
  std::string out;
  if (const JsonValue* items = answer->Find("items"); items && items->type() == JsonType::kArray)
    for (const auto& party : items->AsArray())
      out += MemberText(party, "id") + "  " + MemberText(party, "kind") + "  " + MemberText(party, "status") + "  " +
             (party.Find("state") ? MemberText(party, "state") + "  " : "") + MemberText(party, "name") + "\n";
  std::fputs(out.c_str(), stdout);
  return core::Ok();
}

core::Status RunPartyRevoke(const PartyOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  auto answer = Call(*connection, "POST", "/v1/parties/" + options.id + "/revoke",
                     JsonValue::Object({{"reason", Text(options.reason)}}));
  if (!answer) return answer.error().Context("revoke the party");
  if (options.client.json) return PrintJson(*answer), core::Ok();
  std::printf("revoked %s (log index %s); its tokens no longer work\n", options.id.c_str(),
              MemberText(*answer, "log_index").c_str());
  return core::Ok();
}

core::Status RunTokenIssue(const TokenOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  core::JsonObject members{{"party_id", Text(options.party_id)}};
  if (!options.expires_at.empty()) members.push_back({"expires_at", Text(options.expires_at)});
  auto answer = Call(*connection, "POST", "/v1/tokens", JsonValue::Object(std::move(members)));
  if (!answer) return answer.error().Context("issue the token");
  if (options.client.json) return PrintJson(*answer), core::Ok();
  std::printf("%s\n", MemberText(*answer, "token").c_str());
  std::fprintf(stderr, "issued token %s for %s; it is shown only now: keep it secret\n",
               MemberText(*answer, "id").c_str(), options.party_id.c_str());
  return core::Ok();
}

core::Status RunTokenRevoke(const TokenOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  auto answer = Call(*connection, "POST", "/v1/tokens/" + options.id + "/revoke", JsonValue::Object({}));
  if (!answer) return answer.error().Context("revoke the token");
  if (options.client.json) return PrintJson(*answer), core::Ok();
  std::printf("revoked %s (log index %s)\n", options.id.c_str(), MemberText(*answer, "log_index").c_str());
  return core::Ok();
}

namespace {

// A file's submission: the file as is when it is one, else the bare report
// wrapped with `recipients`.
core::Result<JsonValue> ReadSubmission(const std::filesystem::path& file,
                                       const std::vector<std::string>& recipients) {
  auto text = core::ReadFile(file, 4u << 20);
  if (!text) return text.error();
  auto parsed = core::ParseJsonStrict(*text);
  if (!parsed) return parsed.error().Context(file.string());
  if (parsed->type() == JsonType::kObject && parsed->Find("report") != nullptr) return parsed;
  core::JsonObject members{{"report", std::move(*parsed)}};
  if (!recipients.empty()) {
    core::JsonArray ids;
    for (const auto& id : recipients) ids.push_back(Text(id));
    members.push_back({"recipients", JsonValue::Array(std::move(ids))});
  }
  return JsonValue::Object(std::move(members));
}

std::string ReceiptLine(const JsonValue& receipt) {
  std::string level, score;
  if (const JsonValue* severity = receipt.Find("severity")) {
    level = MemberText(*severity, "level");
    score = MemberText(*severity, "score");
  }
  return MemberText(receipt, "id") + "  log index " + MemberText(receipt, "log_index") + "  severity " + level +
         " (" + score + ")";
}

}  // namespace

core::Status RunSubmit(const SubmitOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  for (const auto& file : options.files) {
    auto submission = ReadSubmission(file, options.recipients);
    if (!submission) return submission.error();
    auto answer = Call(*connection, "POST", "/v1/reports", *submission);
    if (!answer) return answer.error().Context("submit " + file.string());
    if (options.client.json) {
      PrintJson(*answer);
    } else {
      std::printf("%s\n", ReceiptLine(*answer).c_str());
    }
  }
  return core::Ok();
}

core::Status RunDemoLoad(const DemoLoadOptions& options) {
  constexpr std::string_view kDemoReporter = "accord demo data set (public sources)";
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(options.dir, ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  if (ec) return core::NotFound("demo directory " + options.dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  if (files.empty()) return core::NotFound("no .json reports in " + options.dir.string());

  // The reporter of the demo set is one watchdog: register it once.
  auto parties = Call(*connection, "GET", "/v1/parties");
  if (!parties) return parties.error().Context("list the parties");
  std::string party_id;
  if (const JsonValue* items = parties->Find("items"); items && items->type() == JsonType::kArray)
    for (const auto& party : items->AsArray())
      if (MemberText(party, "name") == kDemoReporter && MemberText(party, "kind") == "watchdog" &&
          MemberText(party, "status") == "active")
        party_id = MemberText(party, "id");
  if (party_id.empty()) {
    auto added = Call(*connection, "POST", "/v1/parties",
                      JsonValue::Object({{"kind", Text("watchdog")}, {"name", Text(kDemoReporter)}}));
    if (!added) return added.error().Context("register the demo reporter");
    party_id = MemberText(*added, "id");
  }
  auto token = Call(*connection, "POST", "/v1/tokens", JsonValue::Object({{"party_id", Text(party_id)}}));
  if (!token) return token.error().Context("issue the demo reporter a token");
  NodeConnection reporter{std::make_unique<HttpClient>(connection->client->base()), connection->url,
                          MemberText(*token, "token")};

  std::size_t submitted = 0, present = 0;
  for (const auto& file : files) {
    auto submission = ReadSubmission(file, {});
    if (!submission) return submission.error();
    auto answer = Call(reporter, "POST", "/v1/reports", *submission);
    if (!answer) {
      if (answer.error().code == core::ErrorCode::kConflict) {
        ++present;
        continue;
      }
      return answer.error().Context("submit " + file.string());
    }
    ++submitted;
    std::fprintf(stderr, "[%zu/%zu] %s\n", submitted + present, files.size(), ReceiptLine(*answer).c_str());
  }
  // The demo reporter's token served its purpose.
  auto revoked = Call(*connection, "POST", "/v1/tokens/" + MemberText(*token, "id") + "/revoke", JsonValue::Object({}));
  if (!revoked) return revoked.error().Context("revoke the demo reporter's token");
  std::printf("demo data: %zu reports submitted, %zu already present (reporter %s)\n", submitted, present,
              party_id.c_str());

  // The points of contact and notifications, when the set has them.
  const std::filesystem::path directory = options.dir / "directory" / "directory.json";
  if (!std::filesystem::exists(directory, ec)) return core::Ok();
  auto loaded = LoadDemoDirectory(*connection, directory);
  if (!loaded) return loaded.error().Context("load the demo directory");
  if (loaded->already_present)
    std::printf("demo directory: already present\n");
  else
    std::printf("demo directory: %zu state parties with points of contact, %zu notifications, %zu replies\n",
                loaded->parties_registered, loaded->notifications_sent, loaded->replies_sent);
  return core::Ok();
}

}  // namespace accord::cli

namespace accord::cli {

core::Status RunProveField(const ProveFieldOptions& options) {
  JsonValue public_form;
  std::string source;
  if (!options.public_form_file.empty()) {
    auto text = core::ReadFile(options.public_form_file, 4u << 20);
    if (!text) return text.error();
    auto parsed = core::ParseJsonStrict(*text);
    if (!parsed) return parsed.error().Context(options.public_form_file.string());
    public_form = std::move(*parsed);
    source = options.public_form_file.string();
  } else {
    if (options.report_id.empty()) return core::InvalidArgument("give --report ID (with --node) or --public-form FILE");
    auto connection = ConnectToNode(options.client, TokenUse::kOptional);
    if (!connection) return connection.error();
    connection->token.clear();  // the public view is what the log holds
    auto answer = Call(*connection, "GET", "/v1/reports/" + options.report_id);
    if (!answer) return answer.error().Context("fetch report " + options.report_id);
    const JsonValue* form = answer->Find("public_form");
    if (form == nullptr) return core::Corrupt("the node's answer has no public_form");
    public_form = *form;
    source = "report " + options.report_id + " (log index " + MemberText(*answer, "log_index") + ")";
  }
  auto value = core::CanonicalizeJson(options.value);
  if (!value) return value.error().Context("--value (the field's value as JSON, e.g. '\"text\"' or 3)");
  auto salt = privacy::ParseSaltBase64(options.salt);
  if (!salt) return salt.error().Context("--salt");
  if (!privacy::VerifyDisclosure(public_form, options.pointer, *value, *salt))
    return core::InvalidArgument("the value and salt do not open a commitment at " + options.pointer + " in " +
                                 source + " (no commitment there, or another value or salt)");
  std::printf("proved: %s in %s is committed to %s\n", options.pointer.c_str(), source.c_str(), value->c_str());
  return core::Ok();
}

}  // namespace accord::cli
