// Calls to a running node's JSON API, shared by the commands that make them
// (registry_commands.cc, notify, case and response commands): a non-2xx
// answer becomes an error whose code follows the HTTP status and whose
// message carries the problem's title, detail and field errors; query
// values are percent-encoded; text from the node is made safe to print.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/http_client.h"
#include "cli/node_connection.h"
#include "core/json_value.h"
#include "core/result.h"

namespace accord::cli {

// The error for a non-2xx answer: 400/422 kInvalidArgument, 401
// kUnauthenticated, 403 kPermissionDenied, 404 kNotFound, 409 kConflict,
// 413 kResourceExhausted, anything else kUnavailable; the message is
// `prefix` followed by DescribeProblem(response).
core::Error ErrorForAnswer(const HttpCallResponse& response, std::string_view prefix = "");

// Everything but RFC 3986's unreserved characters percent-encoded, so that
// whatever the user typed stays one path segment or query value.
std::string PercentEncode(std::string_view text);

// `path` with "?name=value&..." for the parameters whose value is not
// empty, values percent-encoded.
std::string WithQuery(std::string path, const std::vector<std::pair<std::string, std::string>>& params);

// The node's answer body for a 2xx status; ErrorForAnswer's error (prefixed
// with "METHOD PATH: ") otherwise, or the client's (kUnavailable, ...).
// `token` overrides the connection's when set.
core::Result<std::string> CallNodeRaw(NodeConnection& connection, std::string_view method, std::string_view path,
                                      const std::optional<core::JsonValue>& body = std::nullopt,
                                      const std::optional<std::string>& token = std::nullopt);

// As CallNodeRaw, the answer parsed as strict JSON (kCorrupt naming the
// call when it does not parse).
core::Result<core::JsonValue> CallNode(NodeConnection& connection, std::string_view method, std::string_view path,
                                       const std::optional<core::JsonValue>& body = std::nullopt,
                                       const std::optional<std::string>& token = std::nullopt);

// `text` with control characters (and DEL) replaced by '?': a hostile node
// must not drive the terminal.
std::string CleanForTerminal(std::string_view text);

// A member of an answer as text to print: a string as itself, anything
// else as canonical JSON, "" when absent; cleaned for the terminal.
std::string MemberText(const core::JsonValue& object, std::string_view name);

}  // namespace accord::cli
