// The node's TAXII 2.1 server (OASIS TAXII 2.1; docs/exchange/taxii.md):
//
//   GET  /taxii2/                                   discovery (4.1)
//   GET  /taxii2/api/                               the one API root (4.2)
//   GET  /taxii2/api/status/{status-id}/            an add's status (4.3)
//   GET  /taxii2/api/collections/                   collections (5.1)
//   GET  /taxii2/api/collections/{id}/              a collection (5.2)
//   GET  /taxii2/api/collections/{id}/manifest/     (5.3)
//   GET  /taxii2/api/collections/{id}/objects/      (5.4)
//   POST /taxii2/api/collections/{id}/objects/      add objects (5.5)
//   GET  /taxii2/api/collections/{id}/objects/{object-id}/           (5.6)
//   GET  /taxii2/api/collections/{id}/objects/{object-id}/versions/  (5.8)
//
// One collection, "reports" (its id a UUID derived from the node's origin,
// its alias "reports" accepted in paths too): the registry's STIX feed
// (registry/stix_feed.h), readable by everyone, each reader seeing what
// its role and the TLP allow; writable by the secretariat, whose envelopes
// are imported through Registry::Import. Callers authenticate with the
// node's bearer tokens; every answer, errors included, is
// application/taxii+json;version=2.1 (errors as TAXII 3.6.1 error
// messages, not problem+json: TAXII clients read their own format).
//
// Statuses of adds are kept in memory (bounded; see kTaxiiMaxStatuses) and
// are lost when the node restarts. DELETE (5.7) is not offered: reports
// are withdrawn through /v1/reports/{id}/withdraw, which the log records.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "registry/registry.h"
#include "server/http_server.h"
#include "server/rate_limit.h"
#include "server/router.h"

namespace accord::server {

inline constexpr std::string_view kTaxiiDiscoveryPath = "/taxii2/";
inline constexpr std::string_view kTaxiiApiRootPath = "/taxii2/api/";

// The API root's max_content_length (4.2.1), and the body limit of POST
// objects: an envelope of a few thousand reports.
inline constexpr std::uint64_t kTaxiiMaxContentLength = std::uint64_t{32} << 20;
// Objects per page when the client gives no limit, and at most.
inline constexpr std::size_t kTaxiiDefaultPageObjects = 100;
inline constexpr std::size_t kTaxiiMaxPageObjects = 1000;
// Statuses kept: past this, the oldest is forgotten (404 from then on).
// 4.3 asks for 24 hours after completion; a node that takes more than this
// many adds a day forgets sooner, which docs/exchange/taxii.md says.
inline constexpr std::size_t kTaxiiMaxStatuses = 1000;
inline constexpr std::chrono::hours kTaxiiStatusRetention{24};

struct TaxiiServerOptions {
  std::string origin;  // the node's log origin: names it and its collection ids
};

// The id of the node's "reports" collection.
std::string TaxiiReportsCollectionId(std::string_view origin);

// `registry` must outlive the router; `limiter` may be null (no limit).
core::Status AddTaxiiRoutes(Router& router, registry::Registry& registry, RateLimiter* limiter,
                            TaxiiServerOptions options);

// POST objects takes up to kTaxiiMaxContentLength (ServerOptions::large_body_routes):
// the exact paths of the collection, by id and by alias.
std::vector<LargeBodyRoute> TaxiiLargeBodyRoutes(std::string_view origin);

}  // namespace accord::server
