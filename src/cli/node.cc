#include "cli/node.h"

#include <cstdlib>
#include <system_error>

#include <spdlog/spdlog.h>

#include "core/file_io.h"
#include "core/key_file.h"
#include "server/registry_routes.h"
#include "server/taxii_routes.h"

namespace accord::cli {
namespace {

constexpr std::uint64_t kMaxConfigBytes = 1u << 20;

// Where the dashboard's built files are, in order: --web, $ACCORD_WEB_ROOT,
// web/dist beside the build directory holding the binary (a source
// checkout), then web/dist under the working directory. Returns an empty
// path when none has an index.html.
std::filesystem::path FindWebRoot(const NodeOpenOptions& options) {
  if (options.web_root) return *options.web_root;
  if (const char* env = std::getenv("ACCORD_WEB_ROOT"); env && *env) return env;
  std::vector<std::filesystem::path> candidates;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path().parent_path() / "web" / "dist");
  candidates.push_back(std::filesystem::current_path(ec) / "web" / "dist");
  for (const auto& candidate : candidates)
    if (std::filesystem::is_regular_file(candidate / "index.html", ec)) return candidate;
  return {};
}

}  // namespace

core::Result<std::unique_ptr<Node>> OpenNode(const NodeOpenOptions& options) {
  auto node = std::make_unique<Node>();
  node->data = DataDirectory{options.data_dir};
  const DataDirectory& data = node->data;
  auto config_text = core::ReadFile(data.config(), kMaxConfigBytes);
  if (!config_text) {
    if (config_text.error().code == core::ErrorCode::kNotFound)
      return core::NotFound("no node in " + data.root.string() + " (" + data.config().string() +
                            " is missing); create one with: accord init --data " +
                            data.root.string());
    return config_text.error();
  }
  auto config = ParseNodeConfig(*config_text, data.config().string());
  if (!config) return config.error();
  if (options.listen) {
    auto listen = ParseListenAddress(*options.listen);
    if (!listen) return listen.error().Context("--listen");
    config->listen = *listen;
  }
  if (options.threads) {
    if (*options.threads < 1 || *options.threads > 256)
      return core::InvalidArgument("--threads: must be from 1 to 256");
    config->http_threads = *options.threads;
  }
  node->config = *config;
  auto key = core::ReadPrivateKeyFile(data.node_key());
  if (!key) return key.error();

  // The log: created on first start for data directories made before the
  // log existed; verified in full on open, so a tampered tile stops the
  // node before it serves or signs anything.
  std::error_code exists_ec;
  if (!std::filesystem::exists(LogVkeyPath(data.log()), exists_ec)) {
    auto vkey = CreateLogDirectory(data.log(), config->origin, *key, /*write_key_file=*/false);
    if (!vkey) return vkey.error().Context("create the node's log");
    spdlog::info("msg=\"created the node's log\" dir=\"{}\"", data.log().string());
  }
  auto opened = OpenLogDirectory(data.log(), data.node_key());
  if (!opened) return opened.error();
  node->log = std::move(*opened);
  auto leaves = server::LeafIndex::Build(*node->log.store, *node->log.log);
  if (!leaves) return leaves.error();
  node->leaves = std::move(*leaves);
  spdlog::info("msg=\"log verified\" origin=\"{}\" tree_size={}", config->origin,
               node->log.log->size());

  auto store = store::OpenSqliteStore(data.store());
  if (!store) return store.error().Context("open the store " + data.store().string());
  node->store = std::move(*store);
  registry::RegistryOptions registry_options;
  // [notifications] (docs/notifications.md): the acknowledgment windows.
  registry_options.notification_deadlines.urgent_seconds = config->notification_urgent_seconds;
  registry_options.notification_deadlines.normal_seconds = config->notification_normal_seconds;
  registry_options.notification_deadlines.ping_seconds = config->notification_ping_seconds;
  // [cases] (docs/grievance.md): the stage deadlines of new cases.
  registry_options.case_deadlines.information_response =
      std::chrono::seconds{config->case_information_response_seconds};
  registry_options.case_deadlines.panel_appointment = std::chrono::seconds{config->case_panel_appointment_seconds};
  registry_options.case_deadlines.appeal_window = std::chrono::seconds{config->case_appeal_window_seconds};
  server::LeafIndex* leaf_index = node->leaves.get();
  registry_options.sequencer.on_appended = [leaf_index](std::uint64_t first,
                                                        const std::vector<std::string>& entries) {
    leaf_index->Add(first, entries);
  };
  auto registry = registry::Registry::Open(*node->store, *node->log.log, std::move(registry_options));
  if (!registry) return registry.error().Context("open the registry");
  node->registry = std::move(*registry);
  auto token = node->registry->Bootstrap("Secretariat of " + config->origin);
  if (!token) return token.error();
  if (*token) {
    if (auto written = core::WriteFileAtomically(data.secretariat_token(), **token + "\n",
                                                 core::FileMode::kPrivate);
        !written)
      return written.error().Context("write the secretariat's first token");
    spdlog::info("msg=\"registered the secretariat; its token is in {}\"",
                 data.secretariat_token().string());
    node->new_secretariat_token = *token;
  }

  if (config->rate_limit_per_second > 0) {
    server::RateLimitOptions limits;
    limits.requests_per_second = static_cast<double>(config->rate_limit_per_second);
    limits.burst = static_cast<double>(config->rate_limit_burst);
    node->limiter = std::make_unique<server::RateLimiter>(limits);
  }

  std::filesystem::path web_root = FindWebRoot(options);
  std::error_code ec;
  if (!web_root.empty() && std::filesystem::is_directory(web_root, ec)) {
    node->static_files = std::make_unique<server::StaticFiles>(web_root);
    spdlog::info("msg=\"serving the dashboard\" web_root=\"{}\"", web_root.string());
  } else if (options.web_root) {
    return core::NotFound("--web " + options.web_root->string() + ": no such directory");
  } else {
    spdlog::warn("msg=\"no dashboard found (web/dist); build it with: make web\"");
  }

  node->info = std::make_unique<NodeInfo>(NodeInfo{options.version, config->origin, key->public_key(),
                                                   core::SystemClock().Now(),
                                                   std::chrono::steady_clock::now(), node->log.log.get()});
  if (auto added = AddNodeRoutes(node->router, *node->info, node->metrics, node->static_files.get()); !added)
    return added.error().Context("register routes");
  if (auto added = server::AddLogRoutes(node->router, *node->log.log, *node->log.store, *node->leaves,
                                        node->log.log->signer().VerifierKey());
      !added)
    return added.error().Context("register log routes");
  if (auto added = server::AddRegistryRoutes(node->router, *node->registry, node->limiter.get()); !added)
    return added.error().Context("register registry routes");
  node->transparency =
      std::make_unique<server::TransparencyPublisher>(*node->log.log, *node->log.store);
  if (auto added = server::AddTransparencyRoutes(node->router, *node->transparency); !added)
    return added.error().Context("register transparency routes");
  if (auto added = server::AddTaxiiRoutes(node->router, *node->registry, node->limiter.get(),
                                          server::TaxiiServerOptions{config->origin});
      !added)
    return added.error().Context("register TAXII routes");
  return node;
}

}  // namespace accord::cli
