// accord taxii pull|push: a TAXII 2.1 client (docs/exchange/taxii.md).
//
// pull: every page of a remote collection's objects (following `more` and
// `next`, TAXII 3.5), planned as one STIX import (exchange/stix_import.h)
// and sent to our node's POST /v1/imports (exchange/import_plan_json.h):
// all or nothing unless --partial.
// push: every object our node shows us through its own TAXII collection,
// posted to the remote collection in envelopes of bounded size (each
// report's objects in one envelope, with the definitions they refer to),
// each followed by polling its status until complete (TAXII 5.5, 4.3).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <thread>

#include "cli/commands.h"
#include "cli/http_client.h"
#include "cli/node_config.h"
#include "core/canonical_json.h"
#include "core/encoding.h"
#include "core/file_io.h"
#include "core/json_reader.h"
#include "exchange/import_plan_json.h"
#include "exchange/stix_import.h"
#include "exchange/taxii.h"

namespace accord::cli {
namespace {

using core::JsonType;
using core::JsonValue;

constexpr std::string_view kAccept = "application/taxii+json;version=2.1";
// Objects asked for per page.
constexpr std::size_t kPageObjects = 500;
// How long push waits for a remote status to complete, and how often it looks.
constexpr auto kStatusTimeout = std::chrono::minutes(10);
constexpr auto kStatusPoll = std::chrono::milliseconds(200);

bool EqualsIgnoreCaseAscii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string Trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string Percent(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// A TAXII server: its origin's client, and the path of the API root.
struct TaxiiEndpoint {
  std::unique_ptr<HttpClient> client;
  std::string token;
  std::string api_root;    // "/taxii2/api/"
  std::string collection;  // the collection's id
  std::uint64_t max_content_length = 0;
};

core::Result<JsonValue> TaxiiGet(TaxiiEndpoint& server, const std::string& path,
                                 HttpCallResponse* raw = nullptr) {
  auto response = server.client->Call("GET", path, {}, server.token, "application/json", kAccept);
  if (!response) return response.error();
  if (response->status != 200)
    return core::Unavailable("GET " + server.client->base().Origin() + path + ": " + DescribeProblem(*response));
  auto parsed = core::ParseJsonStrict(response->body);
  if (!parsed) return core::Corrupt("GET " + path + ": the answer is not JSON: " + parsed.error().message);
  if (raw) *raw = std::move(*response);
  return parsed;
}

std::string StringMember(const JsonValue& object, std::string_view name) {
  const JsonValue* value = object.Find(name);
  return value && value->type() == JsonType::kString ? value->AsString() : "";
}

// Finds the API root and the collection from URL: the server's discovery
// (".../taxii2/"), an API root, or a collection's URL (".../collections/ID/").
core::Result<TaxiiEndpoint> OpenTaxii(const std::string& url, std::string collection, std::string token,
                                      bool for_writing) {
  std::size_t scheme = url.find("://");
  std::size_t path_start = scheme == std::string::npos ? std::string::npos : url.find('/', scheme + 3);
  std::string origin = path_start == std::string::npos ? url : url.substr(0, path_start);
  std::string path = path_start == std::string::npos ? "/taxii2/" : url.substr(path_start);
  if (path.back() != '/') path += '/';
  auto base = ParseHttpUrl(origin);
  if (!base) return base.error().Context("TAXII URL");
  TaxiiEndpoint server{std::make_unique<HttpClient>(*base), std::move(token), "", "", 0};
  if (auto at = path.find("/collections/"); at != std::string::npos) {
    server.api_root = path.substr(0, at + 1);
    std::string rest = path.substr(at + 13);
    if (collection.empty()) collection = rest.substr(0, rest.find('/'));
  } else if (path.size() >= 8 && path.substr(path.size() - 8) == "/taxii2/") {
    auto discovery = TaxiiGet(server, path);
    if (!discovery) return discovery.error().Context("read the TAXII discovery");
    std::string root = StringMember(*discovery, "default");
    if (root.empty())
      if (const JsonValue* roots = discovery->Find("api_roots");
          roots && roots->type() == JsonType::kArray && !roots->AsArray().empty() &&
          roots->AsArray()[0].type() == JsonType::kString)
        root = roots->AsArray()[0].AsString();
    if (root.empty()) return core::NotFound("the TAXII server at " + url + " names no API root");
    // An absolute root on this origin becomes its path (4.1.1 allows both).
    if (root.starts_with("http://") || root.starts_with("https://")) {
      std::size_t slash = root.find('/', root.find("://") + 3);
      root = slash == std::string::npos ? "/" : root.substr(slash);
    }
    server.api_root = root.back() == '/' ? root : root + '/';
  } else {
    server.api_root = path;
  }
  auto api_root = TaxiiGet(server, server.api_root);
  if (!api_root) return api_root.error().Context("read the API root");
  if (const JsonValue* max = api_root->Find("max_content_length"); max && max->type() == JsonType::kNumber)
    server.max_content_length = static_cast<std::uint64_t>(max->AsNumber());
  auto collections = TaxiiGet(server, server.api_root + "collections/");
  if (!collections) return collections.error().Context("list the collections");
  if (const JsonValue* items = collections->Find("collections"); items && items->type() == JsonType::kArray)
    for (const auto& item : items->AsArray()) {
      std::string id = StringMember(item, "id");
      const JsonValue* can = item.Find(for_writing ? "can_write" : "can_read");
      bool allowed = can && can->type() == JsonType::kBool && can->AsBool();
      if (!collection.empty() ? (id == collection || StringMember(item, "alias") == collection)
                              : allowed) {
        if (!allowed)
          return core::PermissionDenied("collection " + collection + " is not " +
                                        (for_writing ? "writable" : "readable") + " with this token");
        server.collection = id;
        return server;
      }
    }
  return core::NotFound(collection.empty() ? "no " + std::string(for_writing ? "writable" : "readable") +
                                                 " collection at " + url + " (give --collection ID)"
                                           : "no collection " + collection + " at " + url);
}

// Every object of the collection, in order, fetched page by page.
core::Result<std::vector<JsonValue>> FetchAll(TaxiiEndpoint& server, const std::string& added_after) {
  std::string after = added_after;
  std::vector<JsonValue> objects;
  std::set<std::pair<std::string, std::string>> seen;  // (id, version): a page may repeat one
  std::string next;
  for (std::size_t page = 1;; ++page) {
    std::string path = server.api_root + "collections/" + server.collection + "/objects/?limit=" +
                       std::to_string(kPageObjects);
    if (!after.empty()) path += "&added_after=" + Percent(after);
    if (!next.empty()) path += "&next=" + Percent(next);
    HttpCallResponse raw;
    auto envelope = TaxiiGet(server, path, &raw);
    if (!envelope) return envelope.error().Context("fetch page " + std::to_string(page));
    std::size_t count = 0;
    if (const JsonValue* items = envelope->Find("objects"); items && items->type() == JsonType::kArray)
      for (const auto& object : items->AsArray()) {
        if (!seen.insert({StringMember(object, "id"), exchange::StixObjectVersion(object)}).second) continue;
        objects.push_back(object);
        ++count;
      }
    std::fprintf(stderr, "page %zu: %zu objects (%zu in all)\n", page, count, objects.size());
    const JsonValue* more = envelope->Find("more");
    if (!more || more->type() != JsonType::kBool || !more->AsBool()) break;
    next = StringMember(*envelope, "next");
    if (next.empty()) {
      // 3.5: without `next`, continue after the last date_added seen.
      std::string last;
      for (const auto& [name, value] : raw.headers)
        if (EqualsIgnoreCaseAscii(name, "X-TAXII-Date-Added-Last")) last = value;
      if (last.empty() || last == after)
        return core::Corrupt("the server says there is more but gives neither next nor a new "
                             "X-TAXII-Date-Added-Last");
      after = last;
    }
  }
  return objects;
}

// Our node: its URL and token as the registry commands find them.
struct NodeConnection {
  std::unique_ptr<HttpClient> client;
  std::string url;
  std::string token;
};

core::Result<NodeConnection> ConnectNode(const NodeClientOptions& options) {
  NodeConnection connection;
  DataDirectory data{options.data_dir};
  connection.url = options.node_url;
  if (connection.url.empty()) {
    auto text = core::ReadFile(data.config(), 1u << 20);
    if (!text)
      return core::NotFound("no --node URL given and no node configuration at " + data.config().string() +
                            " (give --node http://HOST:PORT or --data DIR)");
    auto config = ParseNodeConfig(*text, data.config().string());
    if (!config) return config.error();
    std::string host = config->listen.host == "0.0.0.0" ? "127.0.0.1" : config->listen.host;
    connection.url = "http://" + ListenAddress{host, config->listen.port}.ToString();
  }
  auto url = ParseHttpUrl(connection.url);
  if (!url) return url.error().Context("--node");
  connection.client = std::make_unique<HttpClient>(*url, std::chrono::minutes(10));
  connection.token = options.token;
  if (connection.token.empty() && !options.token_file.empty()) {
    auto text = core::ReadFile(options.token_file, 4096);
    if (!text) return text.error().Context("--token-file");
    connection.token = Trim(*text);
  }
  if (connection.token.empty())
    if (const char* env = std::getenv("ACCORD_TOKEN"); env && *env) connection.token = env;
  if (connection.token.empty()) {
    auto text = core::ReadFile(data.secretariat_token(), 4096);
    if (!text)
      return core::Unauthenticated("no token for the node: give --token, --token-file or $ACCORD_TOKEN "
                                   "(or --data DIR of the node, whose secretariat.token is used)");
    connection.token = Trim(*text);
  }
  return connection;
}

core::Result<std::string> TaxiiToken(const TaxiiOptions& options) {
  if (!options.taxii_token.empty()) return options.taxii_token;
  if (!options.taxii_token_file.empty()) {
    auto text = core::ReadFile(options.taxii_token_file, 4096);
    if (!text) return text.error().Context("--taxii-token-file");
    return Trim(*text);
  }
  return std::string();
}

std::string NumberMember(const JsonValue& object, std::string_view name) {
  const JsonValue* value = object.Find(name);
  return value && value->type() == JsonType::kNumber ? core::FormatJsonNumber(value->AsNumber()) : "0";
}

}  // namespace

core::Status RunTaxiiPull(const TaxiiOptions& options) {
  auto token = TaxiiToken(options);
  if (!token) return token.error();
  auto server = OpenTaxii(options.url, options.collection, *token, /*for_writing=*/false);
  if (!server) return server.error();
  auto node = ConnectNode(options.node);
  if (!node) return node.error();
  auto objects = FetchAll(*server, options.added_after);
  if (!objects) return objects.error();
  std::string envelope = core::SerializeCanonical(
      JsonValue::Object({{"objects", JsonValue::Array(std::move(*objects))}}));
  exchange::StixImportOptions import_options;
  import_options.envelope = true;
  auto plan = exchange::PlanStixImportText(envelope, import_options);
  if (!plan) return plan.error().Context("read the fetched objects");
  std::fprintf(stderr, "planned: %zu reports, %zu techniques, %zu ignored, %zu rejected of %zu objects\n",
               plan->reports.size(), plan->techniques.size(), plan->ignored.size(), plan->rejected.size(),
               plan->objects_read);
  if (!plan->rejected.empty()) {
    for (std::size_t i = 0; i < plan->rejected.size() && i < 20; ++i) {
      const auto& problem = plan->rejected[i];
      std::fprintf(stderr, "  rejected %s%s: %s\n", problem.object.c_str(),
                   problem.field.empty() ? "" : (" " + problem.field).c_str(), problem.reason.c_str());
    }
    if (!options.partial)
      return core::InvalidArgument(std::to_string(plan->rejected.size()) +
                                   " objects were refused (listed above); nothing was imported (give "
                                   "--partial to import the rest)");
  }
  const std::string source = server->client->base().Origin() + server->api_root + "collections/" +
                             server->collection + "/";
  std::string body = exchange::EncodeImportRequest(*plan, source, options.partial);
  auto response = node->client->Call("POST", "/v1/imports", body, node->token);
  if (!response) return response.error().Context("send the import to " + node->url);
  if (response->status < 200 || response->status > 299)
    return core::InvalidArgument("the node refused the import: " + DescribeProblem(*response));
  auto answer = core::ParseJsonStrict(response->body);
  if (!answer) return core::Corrupt("the node's answer to the import is not JSON");
  if (options.node.json) {
    std::printf("%s\n", core::SerializeCanonical(*answer).c_str());
    return core::Ok();
  }
  std::printf("pulled %s: %s imported, %s updated, %s unchanged, %s ignored, %s rejected\n", source.c_str(),
              NumberMember(*answer, "imported").c_str(), NumberMember(*answer, "updated").c_str(),
              NumberMember(*answer, "unchanged").c_str(), NumberMember(*answer, "ignored").c_str(),
              NumberMember(*answer, "rejected").c_str());
  return core::Ok();
}

core::Status RunTaxiiPush(const TaxiiOptions& options) {
  auto token = TaxiiToken(options);
  if (!token) return token.error();
  auto remote = OpenTaxii(options.url, options.collection, *token, /*for_writing=*/true);
  if (!remote) return remote.error();
  auto node = ConnectNode(options.node);
  if (!node) return node.error();
  // Our node through its own TAXII collection: what it shows this token.
  auto ours = OpenTaxii(node->url + "/taxii2/", "reports", node->token, /*for_writing=*/false);
  if (!ours) return ours.error().Context("read our node's TAXII collection");
  auto objects = FetchAll(*ours, "");
  if (!objects) return objects.error();

  // Groups: the definitions, then one group per incident (the incident
  // and the objects after it, up to the next incident: the feed's order).
  std::vector<JsonValue> definitions;
  std::vector<std::vector<JsonValue>> groups;
  for (auto& object : *objects) {
    std::string type = StringMember(object, "type");
    if (type == "marking-definition" || type == "extension-definition") {
      definitions.push_back(std::move(object));
    } else if (type == "incident" || groups.empty()) {
      groups.emplace_back().push_back(std::move(object));
    } else {
      groups.back().push_back(std::move(object));
    }
  }
  const std::uint64_t budget =
      std::min<std::uint64_t>(remote->max_content_length ? remote->max_content_length : (1u << 20),
                              options.envelope_bytes);
  std::size_t envelopes = 0, successes = 0, failures = 0;
  std::size_t next_group = 0;
  while (next_group < groups.size()) {
    std::vector<JsonValue> batch = definitions;
    std::size_t bytes = core::SerializeCanonical(JsonValue::Array(definitions)).size() + 16;
    while (next_group < groups.size()) {
      std::size_t group_bytes = core::SerializeCanonical(JsonValue::Array(groups[next_group])).size();
      if (batch.size() > definitions.size() && bytes + group_bytes > budget) break;
      bytes += group_bytes;
      for (auto& object : groups[next_group]) batch.push_back(std::move(object));
      ++next_group;
    }
    std::string body = core::SerializeCanonical(JsonValue::Object({{"objects", JsonValue::Array(std::move(batch))}}));
    const std::string path = remote->api_root + "collections/" + remote->collection + "/objects/";
    auto response = remote->client->Call("POST", path, body, remote->token, kAccept, kAccept);
    if (!response) return response.error().Context("post envelope " + std::to_string(envelopes + 1));
    if (response->status != 202)
      return core::Unavailable("POST " + path + ": " + DescribeProblem(*response));
    auto status = core::ParseJsonStrict(response->body);
    if (!status) return core::Corrupt("POST " + path + ": the status is not JSON");
    ++envelopes;
    const auto deadline = std::chrono::steady_clock::now() + kStatusTimeout;
    const std::string status_path = remote->api_root + "status/" + StringMember(*status, "id") + "/";
    while (StringMember(*status, "status") != "complete") {
      if (std::chrono::steady_clock::now() > deadline)
        return core::Unavailable("status " + status_path + " still pending after 10 minutes");
      std::this_thread::sleep_for(kStatusPoll);
      status = TaxiiGet(*remote, status_path);
      if (!status) return status.error().Context("poll the status");
    }
    successes += static_cast<std::size_t>(std::stoull(NumberMember(*status, "success_count")));
    failures += static_cast<std::size_t>(std::stoull(NumberMember(*status, "failure_count")));
    if (const JsonValue* list = status->Find("failures"); list && list->type() == JsonType::kArray)
      for (const auto& failure : list->AsArray())
        std::fprintf(stderr, "  failed %s: %s\n", StringMember(failure, "id").c_str(),
                     StringMember(failure, "message").c_str());
    std::fprintf(stderr, "envelope %zu: %s objects, status %s complete (%s succeeded, %s failed)\n", envelopes,
                 NumberMember(*status, "total_count").c_str(), StringMember(*status, "id").c_str(),
                 NumberMember(*status, "success_count").c_str(), NumberMember(*status, "failure_count").c_str());
  }
  std::size_t reports = 0;
  for (const auto& object : *objects) reports += StringMember(object, "type") == "incident" ? 1 : 0;
  std::printf("pushed %zu reports in %zu envelopes to %s: %zu objects succeeded, %zu failed\n", reports,
              envelopes, (remote->client->base().Origin() + remote->api_root).c_str(), successes, failures);
  return failures == 0 ? core::Ok()
                       : core::InvalidArgument(std::to_string(failures) + " objects failed (listed above)");
}

}  // namespace accord::cli
