#include "server/taxii_routes.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <mutex>
#include <set>

#include "core/canonical_json.h"
#include "core/encoding.h"
#include "core/id.h"
#include "core/json_reader.h"
#include "exchange/stix_import.h"
#include "exchange/taxii.h"
#include "server/problem.h"

namespace accord::server {
namespace {

using core::JsonType;
using core::JsonValue;
using registry::Caller;

constexpr std::string_view kReportsAlias = "reports";

Response TaxiiResponse(int status, const JsonValue& body) {
  Response response = JsonResponse(status, core::SerializeCanonical(body));
  response.SetHeader("Content-Type", std::string(exchange::kTaxiiMediaType));
  return response;
}

// A TAXII error message (3.6.1) with the status's reason as title.
Response TaxiiErrorResponse(int status, std::string description) {
  exchange::TaxiiError error;
  error.title = std::string(ReasonPhrase(status));
  error.description = std::move(description);
  error.http_status = status;
  Response response = TaxiiResponse(status, exchange::EncodeTaxiiError(error));
  // 1.6.9: a request that is not authenticated gets a challenge.
  if (status == 401) response.SetHeader("WWW-Authenticate", "Bearer realm=\"accord\"");
  return response;
}

Response TaxiiErrorResponse(const core::Error& error) {
  return TaxiiErrorResponse(HttpStatusFor(error.code), error.message);
}

std::optional<std::string_view> HeaderValue(const Request& request, std::string_view name) {
  const std::string* value = request.Header(name);
  return value ? std::optional<std::string_view>(*value) : std::nullopt;
}

// An add's status (4.3.1) as it evolves, and who may read it.
struct StatusEntry {
  exchange::TaxiiStatus status;
  std::string party_id;
  std::chrono::steady_clock::time_point completed{};
};

// The statuses of adds, bounded (taxii_routes.h). Thread-safe.
class StatusStore {
 public:
  void Put(StatusEntry entry) {
    std::lock_guard lock(mutex_);
    Expire();
    while (entries_.size() >= kTaxiiMaxStatuses) entries_.pop_front();
    entries_.push_back(std::move(entry));
  }

  // Replaces the status `id` (when still kept).
  void Complete(const exchange::TaxiiStatus& status) {
    std::lock_guard lock(mutex_);
    for (auto& entry : entries_)
      if (entry.status.id == status.id) {
        entry.status = status;
        entry.completed = std::chrono::steady_clock::now();
      }
  }

  std::optional<exchange::TaxiiStatus> Get(const std::string& id, const std::string& party_id) {
    std::lock_guard lock(mutex_);
    Expire();
    for (const auto& entry : entries_)
      if (entry.status.id == id && entry.party_id == party_id) return entry.status;
    return std::nullopt;
  }

 private:
  void Expire() {
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(entries_, [&](const StatusEntry& entry) {
      return entry.status.complete && now - entry.completed > kTaxiiStatusRetention;
    });
  }

  std::mutex mutex_;  // guards entries_
  std::deque<StatusEntry> entries_;  // oldest first
};

class TaxiiServer : public std::enable_shared_from_this<TaxiiServer> {
 public:
  TaxiiServer(registry::Registry& registry, RateLimiter* limiter, TaxiiServerOptions options)
      : registry_(registry), limiter_(limiter), options_(std::move(options)),
        collection_id_(TaxiiReportsCollectionId(options_.origin)) {}

  // Negotiation and authentication, which every endpoint does first:
  // the caller, or the response to send instead.
  std::variant<Caller, Response> Admit(const Request& request) const {
    if (auto accepted = exchange::NegotiateTaxii(HeaderValue(request, "Accept")); !accepted)
      return TaxiiErrorResponse(406, accepted.error().message);
    auto bearer = BearerToken(request, "Bearer <token> (a token of this node)");
    if (!bearer) return TaxiiErrorResponse(bearer.error());
    auto caller = registry_.Authenticate(*bearer);
    if (!caller) return TaxiiErrorResponse(caller.error());
    if (limiter_) {
      std::string key = caller->anonymous() ? "ip:" + ClientHost(request) : caller->token_id;
      RateDecision decision = limiter_->Admit(key);
      if (!decision.allowed) {
        Response response = TaxiiErrorResponse(429, "rate limit reached; retry in " +
                                                        std::to_string(decision.retry_after.count()) + " s");
        response.SetHeader("Retry-After", std::to_string(decision.retry_after.count()));
        return response;
      }
    }
    return std::move(*caller);
  }

  Response Discovery() const {
    exchange::TaxiiDiscovery discovery;
    discovery.title = "accord node " + options_.origin;
    discovery.description =
        "Incident reports of the accord registry as STIX 2.1, each reader seeing what its role and "
        "the TLP allow (docs/exchange/taxii.md)";
    discovery.default_api_root = std::string(kTaxiiApiRootPath);
    discovery.api_roots = {std::string(kTaxiiApiRootPath)};
    return TaxiiResponse(200, exchange::EncodeTaxiiDiscovery(discovery));
  }

  Response ApiRoot() const {
    exchange::TaxiiApiRoot root;
    root.title = "accord registry of " + options_.origin;
    root.description = "The registry's incident reports";
    root.max_content_length = kTaxiiMaxContentLength;
    return TaxiiResponse(200, exchange::EncodeTaxiiApiRoot(root));
  }

  exchange::TaxiiCollection Collection(const Caller& caller) const {
    exchange::TaxiiCollection collection;
    collection.id = collection_id_;
    collection.title = "Incident reports";
    collection.description =
        "Every incident report this reader may read in full, as a STIX 2.1 incident with accord's "
        "extension and its related objects, plus the TLP 2.0 marking definitions and the extension "
        "definitions";
    collection.alias = std::string(kReportsAlias);
    collection.can_read = true;
    collection.can_write = caller.reader.role == privacy::Role::kSecretariat;
    collection.media_types = {std::string(exchange::kStixMediaType)};
    return collection;
  }

  Response Collections(const Caller& caller) const {
    std::vector<exchange::TaxiiCollection> collections{Collection(caller)};
    return TaxiiResponse(200, exchange::EncodeTaxiiCollections(collections));
  }

  bool KnownCollection(const std::string& id) const { return id == collection_id_ || id == kReportsAlias; }

  Response UnknownCollection(const std::string& id) const {
    return TaxiiErrorResponse(404, "no collection " + core::QuoteForMessage(id) + " in this API root; " +
                                       "the one collection is " + collection_id_ + " (alias \"reports\")");
  }

  // GET objects/, manifest/, objects/{object-id}/ and its versions/.
  void ReadFeed(const Request& request, const Caller& caller, const std::string& collection,
                exchange::TaxiiEndpoint endpoint, std::optional<std::string> object_id,
                RouteResponder respond) const {
    if (!KnownCollection(collection)) return respond(UnknownCollection(collection));
    auto query = exchange::ParseTaxiiQuery(request.parsed.query, endpoint);
    if (!query) return respond(TaxiiErrorResponse(400, query.error().message));
    registry::StixFeedRequest feed;
    const std::string scope = collection_id_ + "/" + object_id.value_or("") + "/" +
                              std::to_string(static_cast<int>(endpoint));
    if (query->next) {
      auto cursor = exchange::DecodeTaxiiCursor(*query->next, query->filter_key, scope);
      if (!cursor) return respond(TaxiiErrorResponse(400, cursor.error().message));
      feed.start = *cursor;
    }
    feed.limit = std::min(query->limit.value_or(kTaxiiDefaultPageObjects), kTaxiiMaxPageObjects);
    feed.object_id = object_id;
    const std::string filter_key = query->filter_key;
    feed.query = std::move(*query);
    registry_.ReadStixFeed(
        caller, std::move(feed),
        [respond = std::move(respond), endpoint, object_id, filter_key, scope](
            core::Result<registry::StixFeedPage> page) {
          if (!page) return respond(TaxiiErrorResponse(page.error()));
          const std::string next =
              page->more && page->next ? exchange::EncodeTaxiiCursor(*page->next, filter_key, scope) : "";
          if (object_id && page->objects.empty() && !page->more)
            return respond(TaxiiErrorResponse(
                404, "no object " + core::QuoteForMessage(*object_id, 200) +
                         " in this collection for this reader (with these filters)"));
          Response response;
          switch (endpoint) {
            case exchange::TaxiiEndpoint::kObjects:
            case exchange::TaxiiEndpoint::kObject: {
              std::vector<JsonValue> objects;
              for (auto& object : page->objects) objects.push_back(std::move(object.object));
              response = TaxiiResponse(200, exchange::EncodeTaxiiEnvelope(std::move(objects), page->more, next));
              break;
            }
            case exchange::TaxiiEndpoint::kManifest: {
              std::vector<exchange::TaxiiManifestRecord> records;
              for (const auto& object : page->objects)
                records.push_back({object.id, object.date_added, object.version, std::string(exchange::kStixMediaType)});
              response = TaxiiResponse(200, exchange::EncodeTaxiiManifest(records, page->more, next));
              break;
            }
            case exchange::TaxiiEndpoint::kVersions: {
              std::vector<std::string> versions;
              for (const auto& object : page->objects) versions.push_back(object.version);
              response = TaxiiResponse(200, exchange::EncodeTaxiiVersions(versions, page->more, next));
              break;
            }
          }
          // 3.2: date_added of the first and last object of this response.
          if (!page->objects.empty()) {
            response.SetHeader("X-TAXII-Date-Added-First",
                               exchange::FormatTaxiiTimestamp(page->objects.front().date_added));
            response.SetHeader("X-TAXII-Date-Added-Last",
                               exchange::FormatTaxiiTimestamp(page->objects.back().date_added));
          }
          respond(std::move(response));
        });
  }

  Response Status(const Caller& caller, const std::string& id) {
    auto status = statuses_.Get(id, caller.reader.party_id);
    if (caller.anonymous() || !status)
      return TaxiiErrorResponse(404, "no status " + core::QuoteForMessage(id) +
                                         " for this caller (statuses are kept in memory for 24 hours, "
                                         "and lost when the node restarts)");
    return TaxiiResponse(200, exchange::EncodeTaxiiStatus(*status));
  }

  // POST objects/ (5.5): the envelope is planned as a STIX import and
  // applied by Registry::Import, all or nothing; 202 with its status.
  void AddObjects(const Request& request, const Caller& caller, const std::string& collection,
                  RouteResponder respond) {
    if (!KnownCollection(collection)) return respond(UnknownCollection(collection));
    if (caller.anonymous())
      return respond(TaxiiErrorResponse(401, "adding objects needs a secretariat token"));
    if (caller.reader.role != privacy::Role::kSecretariat)
      return respond(TaxiiErrorResponse(403, "this collection is written by the secretariat only (can_write)"));
    if (auto type = exchange::CheckTaxiiContentType(HeaderValue(request, "Content-Type")); !type)
      return respond(TaxiiErrorResponse(415, type.error().message));
    if (request.body.size() > kTaxiiMaxContentLength)
      return respond(TaxiiErrorResponse(413, "the envelope has " + std::to_string(request.body.size()) +
                                                  " bytes; this API root takes at most " +
                                                  std::to_string(kTaxiiMaxContentLength)));
    core::JsonLimits limits;
    limits.max_input_bytes = kTaxiiMaxContentLength;
    auto parsed = core::ParseJsonStrict(request.body, limits);
    if (!parsed) return respond(TaxiiErrorResponse(400, "request body: " + parsed.error().message));
    const JsonValue* objects = parsed->Find("objects");
    if (parsed->type() != JsonType::kObject || (objects && objects->type() != JsonType::kArray))
      return respond(TaxiiErrorResponse(422, "the body is not a TAXII envelope (3.7): an object whose "
                                             "\"objects\" is an array of STIX objects"));
    exchange::StixImportOptions import_options;
    import_options.envelope = true;
    auto plan = exchange::PlanStixImportText(request.body, import_options);
    if (!plan) return respond(TaxiiErrorResponse(422, plan.error().message));

    // Every object of the envelope, for the status (4.3.1: total_count
    // counts the objects of the request).
    struct Posted {
      std::string id, version;
    };
    auto posted = std::make_shared<std::vector<Posted>>();
    if (objects)
      for (const auto& object : objects->AsArray()) {
        const JsonValue* id = object.Find("id");
        posted->push_back({id && id->type() == JsonType::kString ? id->AsString() : "",
                           exchange::StixObjectVersion(object)});
      }
    auto status_id = core::Uuid::RandomV4();
    if (!status_id) return respond(TaxiiErrorResponse(status_id.error()));
    exchange::TaxiiStatus status;
    status.id = status_id->ToString();
    status.request_timestamp = clock_.Now();
    status.total_count = posted->size();
    for (const auto& object : *posted) status.pendings.push_back({object.id, object.version, ""});
    statuses_.Put(StatusEntry{status, caller.reader.party_id, {}});

    // What the plan says of each object, for the status's messages.
    auto rejected = std::make_shared<std::map<std::string, std::string>>();
    for (const auto& problem : plan->rejected)
      if (!rejected->count(problem.object))
        (*rejected)[problem.object] = (problem.field.empty() ? "" : problem.field + ": ") + problem.reason;
    auto ignored = std::make_shared<std::map<std::string, std::string>>();
    for (const auto& object : plan->ignored) (*ignored)[object.object] = object.reason;

    registry::ImportRequest import;
    import.plan = std::move(*plan);
    import.partial = false;
    import.source = "TAXII envelope to collection " + collection_id_;
    registry_.Import(caller, std::move(import),
                     [self = shared_from_this(), status, posted, rejected, ignored](registry::Reply reply) mutable {
                       std::map<std::string, std::string> outcomes;  // source id -> outcome
                       if (!reply.error)
                         if (const JsonValue* items = reply.body.Find("items");
                             items && items->type() == JsonType::kArray)
                           for (const auto& item : items->AsArray()) {
                             const JsonValue* source = item.Find("source");
                             const JsonValue* outcome = item.Find("outcome");
                             const JsonValue* id = item.Find("id");
                             if (source && outcome && source->type() == JsonType::kString &&
                                 outcome->type() == JsonType::kString)
                               outcomes[source->AsString()] =
                                   outcome->AsString() +
                                   (id && id->type() == JsonType::kString ? " as " + id->AsString() : "");
                           }
                       status.pendings.clear();
                       status.complete = true;
                       for (const auto& object : *posted) {
                         exchange::TaxiiStatusDetail detail{object.id, object.version, ""};
                         if (auto it = rejected->find(object.id); it != rejected->end()) {
                           detail.message = it->second;
                           status.failures.push_back(std::move(detail));
                         } else if (reply.error) {
                           detail.message = "not imported: " + reply.error->message;
                           status.failures.push_back(std::move(detail));
                         } else {
                           if (auto outcome = outcomes.find(object.id); outcome != outcomes.end())
                             detail.message = outcome->second;
                           else if (auto it = ignored->find(object.id); it != ignored->end())
                             detail.message = "read; accord keeps no record of it: " + it->second;
                           else
                             detail.message = "read as part of the reports it belongs to";
                           status.successes.push_back(std::move(detail));
                         }
                       }
                       self->statuses_.Complete(status);
                     });
    // The import may have answered already (at once when refused).
    auto now = statuses_.Get(status.id, caller.reader.party_id);
    respond(TaxiiResponse(202, exchange::EncodeTaxiiStatus(now.value_or(status))));
  }

 private:
  static std::string ClientHost(const Request& request) {
    std::string_view address = request.remote_address;
    if (auto colon = address.rfind(':'); colon != std::string_view::npos) address = address.substr(0, colon);
    return std::string(address);
  }

  registry::Registry& registry_;
  RateLimiter* limiter_;
  TaxiiServerOptions options_;
  std::string collection_id_;
  core::SystemClock clock_;
  StatusStore statuses_;
};

}  // namespace

std::string TaxiiReportsCollectionId(std::string_view origin) {
  return exchange::TaxiiCollectionId("accord taxii collection reports of " + std::string(origin));
}

std::vector<LargeBodyRoute> TaxiiLargeBodyRoutes(std::string_view origin) {
  std::string base = std::string(kTaxiiApiRootPath) + "collections/";
  return {LargeBodyRoute{Method::kPost, base + TaxiiReportsCollectionId(origin) + "/objects/", kTaxiiMaxContentLength},
          LargeBodyRoute{Method::kPost, base + std::string(kReportsAlias) + "/objects/", kTaxiiMaxContentLength}};
}

core::Status AddTaxiiRoutes(Router& router, registry::Registry& registry, RateLimiter* limiter,
                            TaxiiServerOptions options) {
  auto server = std::make_shared<TaxiiServer>(registry, limiter, std::move(options));
  const std::string root(kTaxiiApiRootPath);

  // The synchronous endpoints: admit, then answer.
  using Sync = std::function<Response(TaxiiServer&, const Caller&, const PathParams&)>;
  auto sync = [server](Sync answer) -> RouteHandler {
    return [server, answer = std::move(answer)](const Request& request, const PathParams& params) {
      auto admitted = server->Admit(request);
      if (auto* refused = std::get_if<Response>(&admitted)) return std::move(*refused);
      return answer(*server, std::get<Caller>(admitted), params);
    };
  };
  struct SyncRoute {
    std::string pattern;
    Sync answer;
  };
  const SyncRoute sync_routes[] = {
      {std::string(kTaxiiDiscoveryPath), [](TaxiiServer& s, const Caller&, const PathParams&) { return s.Discovery(); }},
      {root, [](TaxiiServer& s, const Caller&, const PathParams&) { return s.ApiRoot(); }},
      {root + "status/{status_id}/",
       [](TaxiiServer& s, const Caller& c, const PathParams& p) { return s.Status(c, p.at("status_id")); }},
      {root + "collections/", [](TaxiiServer& s, const Caller& c, const PathParams&) { return s.Collections(c); }},
      {root + "collections/{id}/",
       [](TaxiiServer& s, const Caller& c, const PathParams& p) {
         if (!s.KnownCollection(p.at("id"))) return s.UnknownCollection(p.at("id"));
         return TaxiiResponse(200, exchange::EncodeTaxiiCollection(s.Collection(c)));
       }},
  };
  for (const auto& route : sync_routes)
    if (auto added = router.Add(Method::kGet, route.pattern, sync(route.answer)); !added) return added;

  struct FeedRoute {
    std::string pattern;
    exchange::TaxiiEndpoint endpoint;
  };
  const FeedRoute feed_routes[] = {
      {root + "collections/{id}/manifest/", exchange::TaxiiEndpoint::kManifest},
      {root + "collections/{id}/objects/", exchange::TaxiiEndpoint::kObjects},
      {root + "collections/{id}/objects/{object_id}/", exchange::TaxiiEndpoint::kObject},
      {root + "collections/{id}/objects/{object_id}/versions/", exchange::TaxiiEndpoint::kVersions},
  };
  for (const auto& route : feed_routes) {
    auto endpoint = route.endpoint;
    auto added = router.AddAsync(
        Method::kGet, route.pattern,
        [server, endpoint](const Request& request, const PathParams& params, RouteResponder respond) {
          auto admitted = server->Admit(request);
          if (auto* refused = std::get_if<Response>(&admitted)) return respond(std::move(*refused));
          std::optional<std::string> object_id;
          if (auto it = params.find("object_id"); it != params.end()) object_id = it->second;
          server->ReadFeed(request, std::get<Caller>(admitted), params.at("id"), endpoint, object_id,
                           std::move(respond));
        });
    if (!added) return added;
  }
  return router.AddAsync(Method::kPost, root + "collections/{id}/objects/",
                         [server](const Request& request, const PathParams& params, RouteResponder respond) {
                           auto admitted = server->Admit(request);
                           if (auto* refused = std::get_if<Response>(&admitted)) return respond(std::move(*refused));
                           server->AddObjects(request, std::get<Caller>(admitted), params.at("id"),
                                              std::move(respond));
                         });
}

}  // namespace accord::server
