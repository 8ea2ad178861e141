// Plain HTTP request and response values exchanged between the transport
// (http_server.cc, the only file that sees Boost.Beast) and the handlers.
// Handlers never touch sockets; the transport never interprets routes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "server/request_target.h"

namespace accord::server {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

// "GET" -> kGet; anything unknown -> kOther.
Method ParseMethod(std::string_view text);
std::string_view MethodName(Method method);

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  Method method = Method::kGet;
  std::string method_text;    // as received, e.g. "GET"
  std::string target;         // raw request-target, e.g. "/v1/x?y=1"
  RequestTarget parsed;       // decoded path segments and query
  HeaderList headers;         // names as received; look up with Header()
  std::string body;
  std::string remote_address; // "127.0.0.1:53422"
  std::string request_id;     // assigned by the transport, echoed in X-Request-Id

  // The first header named `name` (case-insensitive), or nullptr.
  const std::string* Header(std::string_view name) const;
};

struct Response {
  int status = 200;
  HeaderList headers;
  std::string body;
  // A low-cardinality name of what handled the request ("/healthz",
  // "static", "unmatched"), for metrics and logs; never sent to the client.
  std::string route = "unmatched";

  // Replaces any header of the same name (case-insensitive).
  void SetHeader(std::string_view name, std::string value);
  const std::string* Header(std::string_view name) const;
};

// 200 application/json with `json_body`, not cached by default.
Response JsonResponse(int status, std::string json_body);
Response TextResponse(int status, std::string text, std::string content_type);

// Case-insensitive ASCII comparison, as HTTP field names require (RFC 9110
// section 5.1).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// The token of an "Authorization: Bearer <token>" header (RFC 6750 section
// 2.1; the scheme is case-insensitive, spaces around the token are dropped),
// nullopt without the header. Fails with kUnauthenticated for another scheme
// ("the Authorization header must be: <expected_form>") or an empty token.
// The view points into `request`.
core::Result<std::optional<std::string_view>> BearerToken(
    const Request& request, std::string_view expected_form = "Bearer <token>");

// Escapes `text` as the inside of a JSON string (no quotes added). Used by
// handlers that build small JSON bodies without a JSON library.
std::string JsonEscape(std::string_view text);

}  // namespace accord::server
