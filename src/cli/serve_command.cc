#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/node.h"
#include "server/http_server.h"
#include "server/registry_routes.h"
#include "server/taxii_routes.h"

namespace accord::cli {

core::Status RunServe(const ServeOptions& options, const std::string& version) {
  auto node = OpenNode(NodeOpenOptions{options.data_dir, options.listen, options.web_root,
                                       options.threads, version});
  if (!node) return node.error();
  const NodeConfig& config = (*node)->config;

  server::ServerOptions server_options;
  server_options.address = config.listen.host;
  server_options.port = config.listen.port;
  server_options.threads = config.http_threads;
  server_options.max_body_bytes = config.max_body_bytes;
  server_options.large_body_routes = server::RegistryLargeBodyRoutes();
  for (auto& route : server::TaxiiLargeBodyRoutes(config.origin))
    server_options.large_body_routes.push_back(std::move(route));
  const server::Router& router = (*node)->router;
  auto server = server::HttpServer::Start(
      server_options,
      [&router](server::Request request, server::Responder respond) {
        router.Dispatch(request, std::move(respond));
      },
      &(*node)->metrics);
  if (!server) return server.error();
  (*server)->ShutdownOnSignals();

  ListenAddress bound{config.listen.host, (*server)->port()};
  std::string host = bound.host == "0.0.0.0" ? "127.0.0.1" : bound.host;
  ListenAddress shown{host, bound.port};
  spdlog::info("msg=\"node started\" origin=\"{}\" listen={}", config.origin, bound.ToString());
  // The lines a person looks for, on standard output.
  std::printf("accord node %s is up at http://%s/\n", config.origin.c_str(), shown.ToString().c_str());
  if ((*node)->new_secretariat_token)
    std::printf("first start: the secretariat's token is in %s\n",
                (*node)->data.secretariat_token().c_str());
  std::fflush(stdout);

  (*server)->Wait();
  spdlog::info("msg=\"node stopped\"");
  return core::Ok();
}

core::Status RunRoutes(const RoutesOptions& options, const std::string& version) {
  std::filesystem::path data_dir = options.data_dir;
  std::filesystem::path temporary;
  if (data_dir.empty()) {
    // A throw-away node: the route table does not depend on the data.
    std::string pattern = (std::filesystem::temp_directory_path() / "accord-routes-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      return core::Unavailable("create a temporary directory: " + std::string(std::strerror(errno)));
    temporary = pattern;
    data_dir = temporary / "node";
    InitOptions init;
    init.data_dir = data_dir;
    init.listen = "127.0.0.1:0";
    init.quiet = true;
    if (auto made = RunInit(init); !made) return made;
  }
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      if (!dir.empty()) std::filesystem::remove_all(dir, ec);
    }
  } cleanup{temporary};
  auto node = OpenNode(NodeOpenOptions{data_dir, std::nullopt, std::nullopt, std::nullopt, version});
  if (!node) return node.error();
  std::string out;
  for (const auto& [method, pattern] : (*node)->router.Routes())
    out += std::string(server::MethodName(method)) + " " + pattern + "\n";
  std::fputs(out.c_str(), stdout);
  return core::Ok();
}

}  // namespace accord::cli
