// How the `accord` commands that talk to a running node find it and the
// bearer token to send (NodeClientOptions, commands.h): the registry
// commands (party, token, submit, demo load, prove-field), `accord import`
// and `accord taxii pull|push`. One place, so that they look in the same
// order and say the same thing when something is missing:
//   the node:  --node URL, else the listen address in DATA/config.toml
//              (a node listening on 0.0.0.0 is reached at 127.0.0.1);
//   the token: --token, else the file --token-file, else $ACCORD_TOKEN,
//              else DATA/secretariat.token (the secretariat's first token,
//              written by the node's first start), when the command needs one.
// What a command does with the connection (its calls, how it reads the
// answers) stays with the command.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "cli/http_client.h"
#include "core/result.h"

namespace accord::cli {

// The registry commands' calls are small; imports pass a longer timeout.
inline constexpr std::chrono::milliseconds kDefaultNodeCallTimeout = std::chrono::seconds(30);

// Whether a command can work without a token: reading public views can
// (DATA/secretariat.token is then not looked at), writing cannot.
enum class TokenUse { kOptional, kRequired };

struct NodeConnection {
  std::unique_ptr<HttpClient> client;  // never null
  std::string url;    // the node's URL as given with --node, or made from DATA/config.toml
  std::string token;  // empty only with TokenUse::kOptional when none was given
};

// Finds the node and the token as the header says, and opens a client
// whose calls are bounded by `timeout` (no connection is made yet).
// Errors:
//   kNotFound         no --node and no DATA/config.toml (the message names
//                     the path and the flags to give);
//   kInvalidArgument  DATA/config.toml does not parse (its message), or the
//                     URL is not http://HOST[:PORT][/PREFIX] ("--node: ...");
//   kUnauthenticated  TokenUse::kRequired and no token anywhere: the message
//                     lists the four places, naming the secretariat.token
//                     path that was looked at;
//   ReadFile's codes  --token-file, DATA/config.toml or
//                     DATA/secretariat.token exists but cannot be read (the
//                     message names the flag or the file).
core::Result<NodeConnection> ConnectToNode(
    const NodeClientOptions& options, TokenUse token_use,
    std::chrono::milliseconds timeout = kDefaultNodeCallTimeout);

// The token held in `file` (given with `flag`, for messages), without its
// trailing newline, carriage return or spaces. Errors: ReadFile's
// (kNotFound, kResourceExhausted over 4 KiB, kUnavailable), prefixed with
// `flag`.
core::Result<std::string> ReadTokenFile(const std::filesystem::path& file, std::string_view flag);

}  // namespace accord::cli
