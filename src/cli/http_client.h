// A small blocking HTTP/1.1 client with which the `accord` command talks to a
// running node (`accord party add`, `accord token issue`, `accord submit`,
// `accord demo load`). It sends one request at a time on one keep-alive
// connection, bounds every call by a timeout and the response body by a size
// limit, and turns what goes wrong into errors that tell the person at the
// terminal what to do. It speaks plain http:// only; TLS is left to a proxy in
// front of the node for now.
//
// Boost.Beast and Asio are included by http_client.cc alone (they cost
// seconds per translation unit); this header exposes none of them.
//
// Thread-safety: one HttpClient serves one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace accord::cli {

// Responses larger than this are refused: the largest answer the CLI asks
// for (a page of reports, a log tile) is far smaller, and a node that sends
// more is broken or hostile.
inline constexpr std::uint64_t kMaxResponseBodyBytes = 64u << 20;

struct HttpUrl {
  std::string scheme = "http";
  std::string host;         // a name or an address; IPv6 without brackets
  std::uint16_t port = 80;
  std::string path_prefix;  // "" or "/some/prefix", never ending in '/'

  // "http://host:port", with brackets around an IPv6 address; for messages.
  std::string Origin() const;
};

// Parses "http://host[:port][/prefix]". Fails with kInvalidArgument naming
// the URL and the problem: an https:// URL (this client has no TLS yet), any
// other or missing scheme, user info, an empty or malformed host, a port
// that is not 1..65535, a query or a fragment.
core::Result<HttpUrl> ParseHttpUrl(std::string_view url);

struct HttpCallResponse {
  int status = 0;
  std::string content_type;  // the Content-Type header as sent, or ""
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
};

class HttpClient {
 public:
  explicit HttpClient(HttpUrl base,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `method` `path_and_query` (appended to the base URL's path prefix)
  // and returns the response, whatever its status: a 4xx or 5xx is a value,
  // not an error (see DescribeProblem). `body` goes with `content_type` when
  // it is not empty; `bearer_token`, when not empty, as "Authorization:
  // Bearer <token>"; `accept`, when not empty, as the Accept header (TAXII
  // requests must send one). `timeout` bounds the whole call.
  //
  // The connection is kept for the next call. If the node closed it in the
  // meantime (its idle timeout), the call reconnects once. A request sent on
  // a reused connection that was closed before any byte of the answer came
  // back is sent again only when its method is idempotent (RFC 9110 section
  // 9.2.2); a POST could have been applied, so that case is an error.
  //
  // Errors: kInvalidArgument for a path that does not start with '/' or
  // holds spaces or control characters; kUnavailable when no node answers
  // (the message names the URL and how to start one), when the call exceeds
  // the timeout (the message names it) or the connection breaks;
  // kResourceExhausted for a body over kMaxResponseBodyBytes or an oversize
  // header; a malformed response is kUnavailable too, naming the parse error.
  core::Result<HttpCallResponse> Call(std::string_view method, std::string_view path_and_query,
                                      std::string_view body = {},
                                      std::string_view bearer_token = {},
                                      std::string_view content_type = "application/json",
                                      std::string_view accept = {});

  const HttpUrl& base() const { return base_; }

 private:
  class Connection;
  HttpUrl base_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<Connection> connection_;
};

// One line (or a few) for a person, about a response that is not a success.
// For application/problem+json (RFC 9457): "<title>: <detail>", then each
// entry of its "errors" array as "\n  <pointer>: <detail>". For anything
// else: "HTTP <status> <reason>: <body>", where the reason appears when the
// node's table knows the status and the body is cut after 500 bytes (at a
// UTF-8 boundary). Control characters from the node are replaced, so a
// hostile node cannot drive the terminal.
std::string DescribeProblem(const HttpCallResponse& response);

}  // namespace accord::cli
