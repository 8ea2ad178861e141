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
// Both show their progress on stderr (cli/progress.h): pull the pages and
// objects fetched (their number is not known in advance), push the reports
// sent of all of them.
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

#include "cli/commands.h"
#include "cli/http_client.h"
#include "cli/node_calls.h"
#include "cli/node_connection.h"
#include "cli/progress.h"
#include "core/canonical_json.h"
#include "core/encoding.h"
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
// Our node plans and commits a pulled collection in one import (as
// `accord import`, minutes at worst).
constexpr auto kNodeCallTimeout = std::chrono::minutes(10);

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

// Every object of the collection, in order, fetched page by page; the
// pages and objects so far go to `progress` (how many pages there are is
// not known until the last says there is no more).
core::Result<std::vector<JsonValue>> FetchPages(TaxiiEndpoint& server, const std::string& added_after,
                                                Progress& progress) {
  std::string after = added_after;
  std::vector<JsonValue> objects;
  std::set<std::pair<std::string, std::string>> seen;  // (id, version): a page may repeat one
  std::string next;
  for (std::size_t page = 1;; ++page) {
    std::string path = server.api_root + "collections/" + server.collection + "/objects/?limit=" +
                       std::to_string(kPageObjects);
    if (!after.empty()) path += "&added_after=" + PercentEncode(after);
    if (!next.empty()) path += "&next=" + PercentEncode(next);
    HttpCallResponse raw;
    auto envelope = TaxiiGet(server, path, &raw);
    if (!envelope) return envelope.error().Context("fetch page " + std::to_string(page));
    if (const JsonValue* items = envelope->Find("objects"); items && items->type() == JsonType::kArray)
      for (const auto& object : items->AsArray()) {
        if (!seen.insert({StringMember(object, "id"), exchange::StixObjectVersion(object)}).second) continue;
        objects.push_back(object);
      }
    progress.Update(page, 0, objects.size());
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

core::Result<std::vector<JsonValue>> FetchAll(TaxiiEndpoint& server, const std::string& added_after,
                                              std::string label) {
  Progress progress(std::move(label), ProgressUnit::kPages);
  auto objects = FetchPages(server, added_after, progress);
  progress.Finish();  // also on failure: the bar's line ends before the error is printed
  return objects;
}

core::Result<std::string> TaxiiToken(const TaxiiOptions& options) {
  if (!options.taxii_token.empty()) return options.taxii_token;
  if (!options.taxii_token_file.empty())
    return ReadTokenFile(options.taxii_token_file, "--taxii-token-file");
  return std::string();
}

std::string NumberMember(const JsonValue& object, std::string_view name) {
  const JsonValue* value = object.Find(name);
  return value && value->type() == JsonType::kNumber ? core::FormatJsonNumber(value->AsNumber()) : "0";
}

// A count in a TAXII status (4.3.1: integers); 0 when absent or not a
// non-negative number.
std::size_t CountMember(const JsonValue& object, std::string_view name) {
  const JsonValue* value = object.Find(name);
  return value && value->type() == JsonType::kNumber && value->AsNumber() >= 0
             ? static_cast<std::size_t>(value->AsNumber())
             : 0;
}

// What push sends: the definitions (in every envelope, so that each one
// stands alone) and the objects grouped by report.
struct PushGroups {
  std::vector<JsonValue> definitions;
  std::vector<std::vector<JsonValue>> groups;
  std::size_t reports = 0;  // groups that start with an incident
};

struct PushTally {
  std::size_t envelopes = 0, successes = 0, failures = 0;
  std::vector<std::string> failure_lines;  // one per object the remote refused
};

// Posts `envelope` to the remote collection and polls its status until it
// is complete (TAXII 5.5, 4.3); returns the complete status.
core::Result<JsonValue> PostEnvelope(TaxiiEndpoint& remote, const std::string& envelope) {
  const std::string path = remote.api_root + "collections/" + remote.collection + "/objects/";
  auto response = remote.client->Call("POST", path, envelope, remote.token, kAccept, kAccept);
  if (!response) return response.error();
  if (response->status != 202) return core::Unavailable("POST " + path + ": " + DescribeProblem(*response));
  auto status = core::ParseJsonStrict(response->body);
  if (!status) return core::Corrupt("POST " + path + ": the status is not JSON");
  const auto deadline = std::chrono::steady_clock::now() + kStatusTimeout;
  const std::string status_path = remote.api_root + "status/" + StringMember(*status, "id") + "/";
  while (StringMember(*status, "status") != "complete") {
    if (std::chrono::steady_clock::now() > deadline)
      return core::Unavailable("status " + status_path + " still pending after 10 minutes");
    std::this_thread::sleep_for(kStatusPoll);
    status = TaxiiGet(remote, status_path);
    if (!status) return status.error().Context("poll the status");
  }
  return status;
}

// Sends the groups in envelopes of at most `budget` bytes (a group larger
// than that goes alone), counting into `tally` and `progress` (reports sent
// of all of them, objects sent).
core::Status PushEnvelopes(TaxiiEndpoint& remote, PushGroups& push, std::uint64_t budget,
                           Progress& progress, PushTally& tally) {
  const std::size_t definitions_bytes =
      core::SerializeCanonical(JsonValue::Array(push.definitions)).size() + 16;
  std::size_t next_group = 0, reports_sent = 0, objects_sent = 0;
  progress.Update(0, push.reports);
  while (next_group < push.groups.size()) {
    std::vector<JsonValue> batch = push.definitions;
    std::size_t bytes = definitions_bytes;
    while (next_group < push.groups.size()) {
      std::vector<JsonValue>& group = push.groups[next_group];
      std::size_t group_bytes = core::SerializeCanonical(JsonValue::Array(group)).size();
      if (batch.size() > push.definitions.size() && bytes + group_bytes > budget) break;
      bytes += group_bytes;
      reports_sent += StringMember(group.front(), "type") == "incident" ? 1 : 0;
      for (auto& object : group) batch.push_back(std::move(object));
      ++next_group;
    }
    const std::size_t batch_objects = batch.size();
    std::string body =
        core::SerializeCanonical(JsonValue::Object({{"objects", JsonValue::Array(std::move(batch))}}));
    ++tally.envelopes;
    auto status = PostEnvelope(remote, body);
    if (!status) return status.error().Context("push envelope " + std::to_string(tally.envelopes));
    tally.successes += CountMember(*status, "success_count");
    tally.failures += CountMember(*status, "failure_count");
    if (const JsonValue* list = status->Find("failures"); list && list->type() == JsonType::kArray)
      for (const auto& failure : list->AsArray())
        tally.failure_lines.push_back("  failed " + StringMember(failure, "id") + " (envelope " +
                                      std::to_string(tally.envelopes) + ", status " +
                                      StringMember(*status, "id") + "): " + StringMember(failure, "message"));
    objects_sent += batch_objects;
    progress.Update(reports_sent, push.reports, objects_sent);
  }
  return core::Ok();
}

// Both ends of a pull or push: the remote collection (readable for pull,
// writable for push) and our node.
struct TaxiiEnds {
  TaxiiEndpoint remote;
  NodeConnection node;
};

core::Result<TaxiiEnds> OpenEnds(const TaxiiOptions& options, bool for_writing) {
  auto token = TaxiiToken(options);
  if (!token) return token.error();
  auto remote = OpenTaxii(options.url, options.collection, *token, for_writing);
  if (!remote) return remote.error();
  auto node = ConnectToNode(options.node, TokenUse::kRequired, kNodeCallTimeout);
  if (!node) return node.error();
  return TaxiiEnds{std::move(*remote), std::move(*node)};
}

}  // namespace

core::Status RunTaxiiPull(const TaxiiOptions& options) {
  auto ends = OpenEnds(options, /*for_writing=*/false);
  if (!ends) return ends.error();
  TaxiiEndpoint& server = ends->remote;
  NodeConnection& node = ends->node;
  auto objects = FetchAll(server, options.added_after, "fetch collection " + server.collection);
  if (!objects) return objects.error();
  std::string envelope = core::SerializeCanonical(
      JsonValue::Object({{"objects", JsonValue::Array(std::move(*objects))}}));
  Progress reading("read the fetched objects", ProgressUnit::kBytes);
  exchange::StixImportOptions import_options;
  import_options.envelope = true;
  import_options.progress = [&reading](std::uint64_t bytes_done, std::uint64_t bytes_total,
                                       std::size_t objects_read) {
    reading.Update(bytes_done, bytes_total, objects_read);
  };
  auto plan = exchange::PlanStixImportText(envelope, import_options);
  reading.Finish();
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
  const std::string source = server.client->base().Origin() + server.api_root + "collections/" +
                             server.collection + "/";
  std::string body = exchange::EncodeImportRequest(*plan, source, options.partial);
  auto response = node.client->Call("POST", "/v1/imports", body, node.token);
  if (!response) return response.error().Context("send the import to " + node.url);
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
  auto ends = OpenEnds(options, /*for_writing=*/true);
  if (!ends) return ends.error();
  TaxiiEndpoint& remote = ends->remote;
  const NodeConnection& node = ends->node;
  // Our node through its own TAXII collection: what it shows this token.
  auto ours = OpenTaxii(node.url + "/taxii2/", "reports", node.token, /*for_writing=*/false);
  if (!ours) return ours.error().Context("read our node's TAXII collection");
  auto objects = FetchAll(*ours, "", "read our node's collection");
  if (!objects) return objects.error();

  // Groups: the definitions, then one group per incident (the incident
  // and the objects after it, up to the next incident: the feed's order).
  PushGroups groups;
  for (auto& object : *objects) {
    std::string type = StringMember(object, "type");
    if (type == "marking-definition" || type == "extension-definition") {
      groups.definitions.push_back(std::move(object));
    } else if (type == "incident" || groups.groups.empty()) {
      groups.reports += type == "incident" ? 1 : 0;
      groups.groups.emplace_back().push_back(std::move(object));
    } else {
      groups.groups.back().push_back(std::move(object));
    }
  }
  const std::uint64_t budget =
      std::min<std::uint64_t>(remote.max_content_length ? remote.max_content_length : (1u << 20),
                              options.envelope_bytes);
  const std::string destination = remote.client->base().Origin() + remote.api_root;
  PushTally tally;
  Progress progress("push to " + destination, ProgressUnit::kReports);
  core::Status pushed = PushEnvelopes(remote, groups, budget, progress, tally);
  progress.Finish();
  // Listed after the bar, which would otherwise overwrite them.
  for (const std::string& failure : tally.failure_lines) std::fprintf(stderr, "%s\n", failure.c_str());
  if (!pushed) return pushed.error();
  std::printf("pushed %zu reports in %zu envelopes to %s: %zu objects succeeded, %zu failed\n",
              groups.reports, tally.envelopes, destination.c_str(), tally.successes, tally.failures);
  return tally.failures == 0
             ? core::Ok()
             : core::InvalidArgument(std::to_string(tally.failures) + " objects failed (listed above)");
}

}  // namespace accord::cli
