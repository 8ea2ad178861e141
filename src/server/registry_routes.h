// The registry's HTTP API (docs/api/openapi.yaml): reports, parties,
// tokens, the norms catalogue and statistics. This layer only translates:
// it reads the bearer token and applies the per-token rate limit, checks
// the media type and parses the body as strict JSON, hands the request to
// the registry (registry/registry.h), and turns its Reply into a response
// or an RFC 9457 problem (422 with a JSON Pointer per offending field for
// a body that breaks its contract; 401 with WWW-Authenticate; 429 with
// Retry-After).
#pragma once

#include "core/result.h"
#include "registry/registry.h"
#include "server/rate_limit.h"
#include "server/router.h"

namespace accord::server {

// `registry` must outlive the router; `limiter` may be null (no limit).
core::Status AddRegistryRoutes(Router& router, registry::Registry& registry, RateLimiter* limiter);

}  // namespace accord::server
