// The node, assembled: configuration, key, log, store, registry, rate
// limiter and every route, from one data directory. `accord serve` runs
// it behind the HTTP server; `accord routes` prints its route table (what
// the OpenAPI test compares with docs/api/openapi.yaml); tests open it
// in-process.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cli/log_directory.h"
#include "cli/node_config.h"
#include "cli/node_routes.h"
#include "core/result.h"
#include "registry/registry.h"
#include "server/log_routes.h"
#include "server/metrics.h"
#include "server/rate_limit.h"
#include "server/router.h"
#include "server/static_files.h"
#include "server/transparency_routes.h"
#include "store/store.h"

namespace accord::cli {

struct NodeOpenOptions {
  std::filesystem::path data_dir;
  std::optional<std::string> listen;                  // overrides config.toml
  std::optional<std::filesystem::path> web_root;     // default: found beside the binary
  std::optional<int> threads;
  std::string version;
};

// Members in construction order; destroyed in reverse (the registry's
// sequencer drains before the store and the log close).
struct Node {
  DataDirectory data;
  NodeConfig config;
  OpenedLog log;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<server::LeafIndex> leaves;
  std::unique_ptr<registry::Registry> registry;
  std::unique_ptr<server::RateLimiter> limiter;
  std::unique_ptr<server::StaticFiles> static_files;
  std::unique_ptr<server::TransparencyPublisher> transparency;
  server::MetricsRegistry metrics;
  std::unique_ptr<NodeInfo> info;
  server::Router router;
  // Set on the first start only: the secretariat's token, also written to
  // data.secretariat_token().
  std::optional<std::string> new_secretariat_token;
};

// Opens the node in `options.data_dir`: reads config.toml and node.key,
// opens (verifying) the log and the store, reconciles them, registers the
// secretariat on first start, and registers every route. kNotFound when
// the directory holds no node (naming `accord init`); the log's and the
// store's errors otherwise.
core::Result<std::unique_ptr<Node>> OpenNode(const NodeOpenOptions& options);

}  // namespace accord::cli
