// The node's HTTP/1.1 transport on Boost.Beast: accepts connections, parses
// requests with hard limits, hands plain Request values to a Handler, writes
// the Response, and keeps connections alive. Malformed or oversize requests
// are answered with problem+json here, before any handler runs, and the
// server keeps serving everyone else.
//
// Beast and Asio are included only by http_server.cc (they cost seconds per
// translation unit); this header exposes none of them.
//
// Threading: `threads` I/O threads run the connections; each connection is
// served on its own strand. The Handler may answer on any thread, later
// (e.g. once a write is durable), by calling the Responder it was given.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "server/http_types.h"
#include "server/metrics.h"

namespace accord::server {

// A route that takes a larger body than ServerOptions::max_body_bytes.
struct LargeBodyRoute {
  Method method = Method::kPost;
  // Without the query: exact ("/v1/imports"), or with whole segments as
  // parameters ("/v1/cases/{id}/evidence" matches any one segment there).
  std::string path;
  std::uint64_t max_body_bytes = 0;
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port; see HttpServer::port()
  int threads = 2;
  // Larger bodies are refused with 413 before they are read: reports are
  // small, and an unbounded body is the cheapest denial of service.
  std::uint64_t max_body_bytes = 1u << 20;
  // The few routes allowed more (POST /v1/imports carries a whole bundle's
  // records): the limit is chosen once the request's header is read, and a
  // larger body is refused with 413 before it is read.
  std::vector<LargeBodyRoute> large_body_routes;
  // Request line plus header fields; larger answers 431.
  std::uint32_t max_header_bytes = 16u << 10;
  // Time to read one whole request once its first byte arrived; a client
  // that stalls mid-request gets 408.
  std::chrono::milliseconds request_timeout = std::chrono::seconds(30);
  // Time an idle keep-alive connection is kept open.
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);
  // On shutdown, requests in flight get this long to finish.
  std::chrono::milliseconds shutdown_grace = std::chrono::seconds(10);
};

// Called exactly once per request with the response to send.
using Responder = std::function<void(Response)>;
using Handler = std::function<void(Request, Responder)>;

// Adapts a synchronous function to a Handler that answers at once.
Handler SynchronousHandler(std::function<Response(const Request&)> handle);

class HttpServer {
 public:
  // Binds and starts serving on `options.threads` threads. Fails with
  // kUnavailable naming the address when it cannot bind (e.g. in use), and
  // kInvalidArgument for an address that does not parse. `metrics` may be
  // null; when given it must outlive the server.
  static core::Result<std::unique_ptr<HttpServer>> Start(const ServerOptions& options,
                                                         Handler handler,
                                                         MetricsRegistry* metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The port actually bound (useful with port 0).
  std::uint16_t port() const;

  // Graceful shutdown: stop accepting, close idle connections, let requests
  // in flight finish (up to shutdown_grace), then stop the threads.
  // Idempotent and callable from any thread, including a handler.
  void Shutdown();

  // Also shut down on SIGINT or SIGTERM.
  void ShutdownOnSignals();

  // Blocks until the server has stopped and its threads are joined.
  void Wait();

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace accord::server
