// A node's configuration and its data directory layout. `accord init`
// writes them; `accord serve` reads them. The node key never leaves the
// data directory and is never overwritten.
//
//   <data>/config.toml   settings (TOML, documented in docs/configuration.md)
//   <data>/node.key      Ed25519 private key, PKCS#8 PEM, mode 0600
//   <data>/node.pub      its public key, SPKI PEM
//   <data>/log/          the node's verifiable log (checkpoint, tile/, vkey)
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace accord::cli {

struct ListenAddress {
  std::string host;  // an IPv4 or IPv6 literal, without brackets
  std::uint16_t port = 0;
  std::string ToString() const;  // "127.0.0.1:8080", "[::1]:8080"
};

// Parses "HOST:PORT" where HOST is a dotted-quad IPv4 address or an IPv6
// address in brackets ("[::1]:8080"), and PORT is decimal, 0 to 65535.
// Host names are refused: a node binds to an address, not to whatever a
// name resolves to. Fails with kInvalidArgument naming the text and the reason.
core::Result<ListenAddress> ParseListenAddress(std::string_view text);

struct NodeConfig {
  // The log's origin line and the name of the node's signing key (C2SP
  // tlog-checkpoint: a schema-less URL without spaces or '+').
  std::string origin;
  ListenAddress listen{"127.0.0.1", 8080};
  std::uint64_t max_body_bytes = 1u << 20;
  int http_threads = 2;
  // Per-token (per-address for the public) request rate; 0 turns the
  // limit off (benchmarks). Over it, requests answer 429 with Retry-After.
  std::int64_t rate_limit_per_second = 100;
  std::int64_t rate_limit_burst = 200;
  // [notifications]: how long a recipient has to acknowledge, in whole
  // seconds, each 1 to 366 days (registry/deadlines.h DeadlineConfig,
  // docs/notifications.md). Absent keys keep these defaults.
  std::int64_t notification_urgent_seconds = 24 * 3600;
  std::int64_t notification_normal_seconds = 72 * 3600;
  std::int64_t notification_ping_seconds = 48 * 3600;
  // [cases]: the deadlines of a case's stages, in whole seconds, each 1
  // to 366 days (model::CaseDeadlines, docs/grievance.md), fixed for a
  // case when it is filed. Absent keys keep these defaults.
  std::int64_t case_information_response_seconds = 30 * 24 * 3600;
  std::int64_t case_panel_appointment_seconds = 20 * 24 * 3600;
  std::int64_t case_appeal_window_seconds = 60 * 24 * 3600;
};

// Checks the origin against the C2SP tlog-checkpoint and signed-note rules:
// non-empty, no whitespace, no '+', printable ASCII.
core::Status ValidateOrigin(std::string_view origin);

// Parses config.toml text. Errors name `source` (a file name for messages),
// the key and the reason; unknown keys are errors, so typos do not pass
// silently.
core::Result<NodeConfig> ParseNodeConfig(std::string_view toml_text, std::string_view source);

// The TOML text `accord init` writes, with comments.
std::string RenderNodeConfig(const NodeConfig& config);

struct DataDirectory {
  std::filesystem::path root;
  std::filesystem::path config() const { return root / "config.toml"; }
  std::filesystem::path node_key() const { return root / "node.key"; }
  std::filesystem::path node_public_key() const { return root / "node.pub"; }
  // The node's verifiable log (cli/log_directory.h), signed with node.key.
  std::filesystem::path log() const { return root / "log"; }
  // The registry's store (SQLite, WAL): full events and projections.
  std::filesystem::path store() const { return root / "store.sqlite"; }
  // The secretariat's first token, written by the node's first start
  // (mode 0600); the secretariat issues every other token with it.
  std::filesystem::path secretariat_token() const { return root / "secretariat.token"; }
};

}  // namespace accord::cli
