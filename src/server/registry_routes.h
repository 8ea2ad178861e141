// The registry's HTTP API (docs/api/openapi.yaml): reports, parties,
// tokens, the norms catalogue, statistics, imports and reference data. This layer only translates:
// it reads the bearer token and applies the per-token rate limit, checks
// the media type and parses the body as strict JSON, hands the request to
// the registry (registry/registry.h), and turns its Reply into a response
// or an RFC 9457 problem (422 with a JSON Pointer per offending field for
// a body that breaks its contract; 401 with WWW-Authenticate; 429 with
// Retry-After).
#pragma once

#include "core/result.h"
#include "registry/registry.h"
#include <cstdint>
#include <vector>

#include "server/http_server.h"
#include "server/rate_limit.h"
#include "server/router.h"

namespace accord::server {

// POST /v1/imports takes up to 64 MiB (exchange::kMaxImportRequestBytes):
// the records of a whole bundle or directory, where a report is at most
// 4 MiB. The strict JSON reader's limits follow it.
inline constexpr std::uint64_t kMaxImportBodyBytes = std::uint64_t{64} << 20;

// `registry` must outlive the router; `limiter` may be null (no limit).
core::Status AddRegistryRoutes(Router& router, registry::Registry& registry, RateLimiter* limiter);

// The registry routes that take larger bodies than the server's default
// (ServerOptions::large_body_routes).
std::vector<LargeBodyRoute> RegistryLargeBodyRoutes();

}  // namespace accord::server
