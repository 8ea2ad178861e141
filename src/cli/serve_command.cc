#include <cstdio>
#include <cstdlib>
#include <system_error>

#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/log_directory.h"
#include "cli/node_config.h"
#include "cli/node_routes.h"
#include "core/file_io.h"
#include "core/key_file.h"
#include "server/http_server.h"
#include "server/log_routes.h"
#include "server/problem.h"

namespace accord::cli {
namespace {

constexpr std::uint64_t kMaxConfigBytes = 1u << 20;

// Where the dashboard's built files are, in order: --web, $ACCORD_WEB_ROOT,
// web/dist beside the build directory holding the binary (a source
// checkout), then web/dist under the working directory. Returns an empty
// path when none has an index.html.
std::filesystem::path FindWebRoot(const ServeOptions& options) {
  std::vector<std::filesystem::path> candidates;
  if (options.web_root) return *options.web_root;
  if (const char* env = std::getenv("ACCORD_WEB_ROOT"); env && *env) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path().parent_path() / "web" / "dist");
  candidates.push_back(std::filesystem::current_path(ec) / "web" / "dist");
  for (const auto& candidate : candidates)
    if (std::filesystem::is_regular_file(candidate / "index.html", ec)) return candidate;
  return {};
}

}  // namespace

core::Status RunServe(const ServeOptions& options, const std::string& version) {
  const DataDirectory data{options.data_dir};
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
  auto key = core::ReadPrivateKeyFile(data.node_key());
  if (!key) return key.error();

  // The log: created on first serve for data directories made before the
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
  auto leaves = server::LeafIndex::Build(*opened->store, *opened->log);
  if (!leaves) return leaves.error();
  spdlog::info("msg=\"log verified\" origin=\"{}\" tree_size={}", config->origin,
               opened->log->size());

  NodeInfo info{version, config->origin, key->public_key(),
                core::SystemClock().Now(), std::chrono::steady_clock::now(), opened->log.get()};
  server::MetricsRegistry metrics;

  std::filesystem::path web_root = FindWebRoot(options);
  std::unique_ptr<server::StaticFiles> static_files;
  std::error_code ec;
  if (!web_root.empty() && std::filesystem::is_directory(web_root, ec)) {
    static_files = std::make_unique<server::StaticFiles>(web_root);
    spdlog::info("msg=\"serving the dashboard\" web_root=\"{}\"", web_root.string());
  } else if (options.web_root) {
    return core::NotFound("--web " + options.web_root->string() + ": no such directory");
  } else {
    spdlog::warn("msg=\"no dashboard found (web/dist); build it with: make web\"");
  }

  server::Router router;
  if (auto added = AddNodeRoutes(router, info, metrics, static_files.get()); !added)
    return added.error().Context("register routes");
  if (auto added = server::AddLogRoutes(router, *opened->log, *opened->store, **leaves,
                                        opened->log->signer().VerifierKey());
      !added)
    return added.error().Context("register log routes");

  server::ServerOptions server_options;
  server_options.address = config->listen.host;
  server_options.port = config->listen.port;
  server_options.threads = config->http_threads;
  server_options.max_body_bytes = config->max_body_bytes;
  auto server = server::HttpServer::Start(
      server_options,
      server::SynchronousHandler([&router](const server::Request& request) {
        return router.Handle(request);
      }),
      &metrics);
  if (!server) return server.error();
  (*server)->ShutdownOnSignals();

  ListenAddress bound{config->listen.host, (*server)->port()};
  std::string host = bound.host == "0.0.0.0" ? "127.0.0.1" : bound.host;
  ListenAddress shown{host, bound.port};
  spdlog::info("msg=\"node started\" origin=\"{}\" listen={}", info.origin, bound.ToString());
  // The one line a person looks for, on standard output.
  std::printf("accord node %s is up at http://%s/\n", info.origin.c_str(),
              shown.ToString().c_str());
  std::fflush(stdout);

  (*server)->Wait();
  spdlog::info("msg=\"node stopped\"");
  return core::Ok();
}

}  // namespace accord::cli
