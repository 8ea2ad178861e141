// The work behind each `accord` subcommand, with plain option structs so
// that main.cc (the only file that includes CLI11) just parses and calls.
// Each returns a Status whose message is printed by main() as the reason.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/result.h"

namespace accord::cli {

struct InitOptions {
  std::filesystem::path data_dir = "accord-data";
  std::string origin;  // empty: a unique development origin is chosen
  std::string listen = "127.0.0.1:8080";
};

// Creates the data directory (mode 0700) with a new node key, its public
// key and config.toml, and prints what it made. Fails with kConflict if the
// directory already holds a node key: keys are never overwritten.
core::Status RunInit(const InitOptions& options);

struct ServeOptions {
  std::filesystem::path data_dir = "accord-data";
  std::optional<std::string> listen;           // overrides config.toml
  std::optional<std::filesystem::path> web_root;  // default: found beside the binary
  std::optional<int> threads;
};

// Runs the node until SIGINT or SIGTERM, then shuts down gracefully.
core::Status RunServe(const ServeOptions& options, const std::string& version);

}  // namespace accord::cli
