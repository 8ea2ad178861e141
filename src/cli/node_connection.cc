#include "cli/node_connection.h"

#include <cstdlib>
#include <utility>

#include "cli/node_config.h"
#include "core/file_io.h"

namespace accord::cli {
namespace {

// A token is one line; 4 KiB is far more than any token accord issues, and
// a bigger file was named by mistake.
constexpr std::uint64_t kMaxTokenFileBytes = 4096;
// DATA/config.toml is a few hundred bytes; the bound only stops a wrong path.
constexpr std::uint64_t kMaxConfigBytes = 1u << 20;

std::string TrimLineEnd(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  return text;
}

// The URL of the node whose data directory is `data`, from its listen address.
core::Result<std::string> UrlFromConfig(const DataDirectory& data) {
  auto text = core::ReadFile(data.config(), kMaxConfigBytes);
  if (!text) {
    if (text.error().code == core::ErrorCode::kNotFound)
      return core::NotFound("no --node URL given and no node configuration at " +
                            data.config().string() +
                            " (give --node http://HOST:PORT or --data DIR)");
    return text.error().Context("no --node URL given: read the node configuration");
  }
  auto config = ParseNodeConfig(*text, data.config().string());
  if (!config) return config.error();
  // 0.0.0.0 is where the node listens, not an address to connect to.
  std::string host = config->listen.host == "0.0.0.0" ? "127.0.0.1" : config->listen.host;
  return "http://" + ListenAddress{host, config->listen.port}.ToString();
}

}  // namespace

core::Result<std::string> ReadTokenFile(const std::filesystem::path& file, std::string_view flag) {
  auto text = core::ReadFile(file, kMaxTokenFileBytes);
  if (!text) return text.error().Context(std::string(flag));
  return TrimLineEnd(std::move(*text));
}

core::Result<NodeConnection> ConnectToNode(const NodeClientOptions& options, TokenUse token_use,
                                           std::chrono::milliseconds timeout) {
  const DataDirectory data{options.data_dir};
  NodeConnection connection;
  connection.url = options.node_url;
  if (connection.url.empty()) {
    auto url = UrlFromConfig(data);
    if (!url) return url.error();
    connection.url = std::move(*url);
  }
  auto url = ParseHttpUrl(connection.url);
  if (!url) return url.error().Context("--node");
  connection.client = std::make_unique<HttpClient>(*url, timeout);

  connection.token = options.token;
  if (connection.token.empty() && !options.token_file.empty()) {
    auto token = ReadTokenFile(options.token_file, "--token-file");
    if (!token) return token.error();
    connection.token = std::move(*token);
  }
  if (connection.token.empty())
    if (const char* env = std::getenv("ACCORD_TOKEN"); env != nullptr && *env != '\0')
      connection.token = env;
  if (connection.token.empty() && token_use == TokenUse::kRequired) {
    auto token = ReadTokenFile(data.secretariat_token(), "the node's secretariat token");
    if (!token) {
      if (token.error().code == core::ErrorCode::kNotFound)
        return core::Unauthenticated(
            "no token for the node at " + connection.url +
            ": give --token, --token-file or $ACCORD_TOKEN, or --data DIR of the node, whose "
            "secretariat.token is used (there is none at " +
            data.secretariat_token().string() + ")");
      return token.error();
    }
    connection.token = std::move(*token);
  }
  return connection;
}

}  // namespace accord::cli
