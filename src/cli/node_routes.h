// The routes every node serves regardless of its registry: health, metrics,
// problem type documentation, the RFC 8785 canonicalization tool, and the
// dashboard's static files. Later issues add the registry and log routes.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/crypto.h"
#include "core/result.h"
#include "core/time.h"
#include "ledger/log.h"
#include "server/metrics.h"
#include "server/router.h"
#include "server/static_files.h"

namespace accord::cli {

struct NodeInfo {
  std::string version;
  std::string origin;
  core::Ed25519PublicKey public_key;
  core::Timestamp started_at;
  std::chrono::steady_clock::time_point started_steady;
  const ledger::Log* log = nullptr;  // the node's log, if open
};

// Limits of the canonicalization tool: the body limit bounds its size; the
// depth bound keeps hostile nesting cheap.
inline constexpr std::size_t kCanonicalJsonMaxDepth = 64;

// Registers the routes on `router`. `static_files` may be null (no
// dashboard built); it must otherwise outlive the router, as must `metrics`.
core::Status AddNodeRoutes(server::Router& router, const NodeInfo& info,
                           server::MetricsRegistry& metrics,
                           const server::StaticFiles* static_files);

// The /healthz body: {"status":"ok", ...}.
std::string HealthJson(const NodeInfo& info);

}  // namespace accord::cli
