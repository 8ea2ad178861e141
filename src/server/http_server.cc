// The only translation unit that includes Boost.Beast and Boost.Asio.
//
// Each connection runs one coroutine on its own strand: read a request
// (header first, with the idle timeout, then the body with the request
// timeout), hand it to the Handler, write the answer, repeat while the
// client keeps the connection alive. Protocol errors are answered here with
// problem+json and end the connection, because after a framing error the
// rest of the byte stream cannot be trusted.
#include "server/http_server.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <mutex>
#include <optional>
#include <array>
#include <thread>
#include <unordered_set>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include "server/problem.h"

namespace accord::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

// After answering a protocol error we stop reading requests but drain what
// the client is still sending (e.g. a refused 10 MB body) for a while:
// closing a socket with unread input resets the connection, and the client
// would then never see our answer.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kMaxLingerBytes = 64u << 20;

namespace {

// Whether `path` matches a LargeBodyRoute's `pattern`: segment by segment,
// a pattern segment "{name}" standing for any one non-empty segment.
bool LargeBodyPathMatches(std::string_view pattern, std::string_view path) {
  while (!pattern.empty() && !path.empty()) {
    const std::size_t pattern_end = std::min(pattern.find('/', 1), pattern.size());
    const std::size_t path_end = std::min(path.find('/', 1), path.size());
    std::string_view want = pattern.substr(0, pattern_end);
    std::string_view got = path.substr(0, path_end);
    const bool parameter = want.size() > 3 && want[1] == '{' && want.back() == '}';
    if (parameter ? (got.size() < 2 || got[0] != '/') : want != got) return false;
    pattern.remove_prefix(pattern_end);
    path.remove_prefix(path_end);
  }
  return pattern.empty() && path.empty();
}

std::string HttpDate() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[64];
  // IMF-fixdate (RFC 9110 section 5.6.7); strftime's C locale gives the
  // English day and month names it requires.
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return buffer;
}

struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  // Both only touched on the connection's strand.
  bool busy = false;     // a request is being read past its header or handled
  bool closing = false;  // shutdown asked: finish the current request, then close
  // Read deadlines. beast::tcp_stream's own timeout closes the socket, which
  // would leave no way to answer 408; this timer only cancels the read.
  std::uint64_t read_generation = 0;
  bool read_timed_out = false;
};

// Delivers a handler's Response to the waiting coroutine exactly once, on
// the coroutine's executor, whichever thread answers. If every copy of the
// Responder is dropped without an answer (a bug), the request gets a 500
// instead of hanging forever.
template <typename Completion>
class ResponderState {
 public:
  explicit ResponderState(Completion completion) : completion_(std::move(completion)) {}
  ~ResponderState() {
    if (!done_.exchange(true))
      Deliver(ProblemResponse(HttpProblem(500, "the handler gave no response", "")));
  }
  void Complete(Response response) {
    if (done_.exchange(true)) return;  // a second answer is a bug; drop it
    Deliver(std::move(response));
  }

 private:
  void Deliver(Response response) {
    auto executor = asio::get_associated_executor(completion_);
    asio::post(executor, [completion = std::move(completion_),
                          response = std::move(response)]() mutable {
      std::move(completion)(std::move(response));
    });
  }
  Completion completion_;
  std::atomic<bool> done_{false};
};

}  // namespace

Handler SynchronousHandler(std::function<Response(const Request&)> handle) {
  return [handle = std::move(handle)](Request request, Responder respond) {
    respond(handle(request));
  };
}

class HttpServer::Impl {
 public:
  Impl(const ServerOptions& options, Handler handler, MetricsRegistry* metrics)
      : options_(options),
        handler_(std::move(handler)),
        metrics_(metrics),
        io_(options.threads),
        acceptor_(io_),
        signals_(io_),
        grace_timer_(io_) {}

  core::Status Listen() {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(options_.address, ec);
    if (ec)
      return core::InvalidArgument("listen address \"" + options_.address +
                                   "\": not an IP address");
    tcp::endpoint endpoint(address, options_.port);
    std::string where = options_.address + ":" + std::to_string(options_.port);
    if (acceptor_.open(endpoint.protocol(), ec); ec)
      return core::Unavailable("listen on " + where + ": " + ec.message());
    if (acceptor_.set_option(asio::socket_base::reuse_address(true), ec); ec)
      return core::Unavailable("listen on " + where + ": " + ec.message());
    if (acceptor_.bind(endpoint, ec); ec)
      return core::Unavailable("listen on " + where + ": " + ec.message());
    if (acceptor_.listen(asio::socket_base::max_listen_connections, ec); ec)
      return core::Unavailable("listen on " + where + ": " + ec.message());
    port_ = acceptor_.local_endpoint().port();
    return core::Ok();
  }

  void Run() {
    asio::co_spawn(io_, AcceptLoop(), asio::detached);
    int count = options_.threads < 1 ? 1 : options_.threads;
    for (int i = 0; i < count; ++i) threads_.emplace_back([this] { io_.run(); });
  }

  void ShutdownOnSignals() {
    // On the I/O threads: signal_set is not safe to use from two threads.
    asio::post(io_, [this] { WatchSignals(); });
  }

  void WatchSignals() {
    if (stopping_) return;
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    signals_.async_wait([this](const boost::system::error_code& ec, int signal_number) {
      if (ec) return;
      spdlog::info("msg=\"shutting down\" signal={}", signal_number);
      BeginShutdown();
    });
  }

  void Shutdown() {
    asio::post(io_, [this] { BeginShutdown(); });
  }

  void Wait() {
    std::lock_guard lock(join_mutex_);
    for (auto& thread : threads_)
      if (thread.joinable()) thread.join();
    threads_.clear();
  }

  std::uint16_t port() const { return port_; }

 private:
  void BeginShutdown() {
    if (stopping_.exchange(true)) return;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
    std::lock_guard lock(connections_mutex_);
    for (const auto& connection : connections_) {
      asio::post(connection->stream.get_executor(), [connection] {
        connection->closing = true;
        // Idle connections are waiting for a request that need not come.
        if (!connection->busy) connection->stream.cancel();
      });
    }
    if (connections_.empty()) return;
    grace_timer_.expires_after(options_.shutdown_grace);
    grace_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;  // every connection finished in time
      spdlog::warn("msg=\"shutdown grace period over, closing remaining connections\"");
      io_.stop();
    });
  }

  void Forget(const std::shared_ptr<Connection>& connection) {
    std::lock_guard lock(connections_mutex_);
    connections_.erase(connection);
    if (metrics_) ConnectionsGauge().Add(-1);
    if (stopping_ && connections_.empty())
      asio::post(io_, [this] { grace_timer_.cancel(); });
  }

  Gauge& ConnectionsGauge() {
    return metrics_->GetGauge("accord_http_connections_open", "Open HTTP connections");
  }

  asio::awaitable<void> AcceptLoop() {
    while (!stopping_) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(io_), kAsTuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || stopping_) co_return;
        // Out of file descriptors and the like: back off instead of spinning.
        spdlog::warn("msg=\"accept failed\" error=\"{}\"", ec.message());
        asio::steady_timer pause(io_, std::chrono::milliseconds(100));
        co_await pause.async_wait(kAsTuple);
        continue;
      }
      auto connection = std::make_shared<Connection>(std::move(socket));
      {
        std::lock_guard lock(connections_mutex_);
        if (stopping_) co_return;
        connections_.insert(connection);
        if (metrics_) ConnectionsGauge().Add(1);
      }
      asio::co_spawn(connection->stream.get_executor(), Serve(connection),
                     [this, connection](std::exception_ptr failure) {
                       if (failure) {
                         try {
                           std::rethrow_exception(failure);
                         } catch (const std::exception& e) {
                           spdlog::error("msg=\"connection failed\" error=\"{}\"", e.what());
                         }
                       }
                       Forget(connection);
                     });
    }
  }

  // The answer to a request that could not be read, or nullopt when the
  // connection should just be closed (the client left, or an idle timeout).
  static std::optional<Response> ReadFailure(const boost::system::error_code& ec,
                                             bool got_some, const ServerOptions& options,
                                             std::uint64_t body_limit) {
    if (ec == http::error::end_of_stream && !got_some) return std::nullopt;
    if (ec == asio::error::operation_aborted) return std::nullopt;
    if (ec == beast::error::timeout) {
      if (!got_some) return std::nullopt;
      return ProblemResponse(HttpProblem(
          408, "the request was not complete within " +
                   std::to_string(options.request_timeout.count()) + " ms",
          ""));
    }
    if (ec == http::error::body_limit)
      return ProblemResponse(HttpProblem(
          413, "the request body is larger than the limit of " +
                   std::to_string(body_limit) + " bytes",
          ""));
    if (ec == http::error::header_limit)
      return ProblemResponse(HttpProblem(
          431, "the request line and header fields exceed the limit of " +
                   std::to_string(options.max_header_bytes) + " bytes",
          ""));
    if (ec == http::error::partial_message || ec == http::error::end_of_stream)
      return ProblemResponse(HttpProblem(
          400, "the request is truncated: the client stopped sending before the message ended",
          ""));
    if (ec.category() == http::make_error_code(http::error::bad_method).category())
      return ProblemResponse(HttpProblem(400, "malformed HTTP request: " + ec.message(), ""));
    return std::nullopt;  // the connection itself failed (reset, ...)
  }

  // The body limit of the request whose header is `header`: a large body
  // route's, or max_body_bytes.
  std::uint64_t BodyLimitFor(const http::request<http::string_body>& header) const {
    std::string_view target = header.target();
    std::string_view path = target.substr(0, target.find('?'));
    const Method method = ParseMethod(header.method_string());
    for (const auto& route : options_.large_body_routes)
      if (route.method == method && LargeBodyPathMatches(route.path, path)) return route.max_body_bytes;
    return options_.max_body_bytes;
  }

  // The largest body any route takes: the parser's limit until the header
  // says which route the request is for.
  std::uint64_t LargestBodyLimit() const {
    std::uint64_t largest = options_.max_body_bytes;
    for (const auto& route : options_.large_body_routes) largest = std::max(largest, route.max_body_bytes);
    return largest;
  }

  static Request ToRequest(http::request<http::string_body>&& message) {
    Request request;
    request.method_text = std::string(message.method_string());
    request.method = ParseMethod(request.method_text);
    request.target = std::string(message.target());
    for (const auto& field : message)
      request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    request.body = std::move(message.body());
    return request;
  }

  // Checks that need the whole request but no handler: the Host field that
  // HTTP/1.1 requires (RFC 9112 section 3.2) and a well-formed target.
  static std::optional<Response> Precheck(Request& request, unsigned version) {
    if (version == 11 && request.Header("Host") == nullptr)
      return ProblemResponse(HttpProblem(400, "HTTP/1.1 request without a Host header field",
                                         ""));
    auto target = ParseRequestTarget(request.target);
    if (!target) return ProblemResponse(target.error(), "");
    request.parsed = std::move(*target);
    return std::nullopt;
  }

  asio::awaitable<Response> CallHandler(Request request) {
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Response)>(
        [this, &request](auto completion) {
          using State = ResponderState<decltype(completion)>;
          auto state = std::make_shared<State>(std::move(completion));
          Responder respond = [state](Response response) { state->Complete(std::move(response)); };
          // The one last-resort catch per request: an exception must not
          // escape into io_context::run() and take other connections down.
          try {
            handler_(std::move(request), respond);
          } catch (const std::exception& e) {
            spdlog::error("msg=\"handler threw\" error=\"{}\"", e.what());
            respond(ProblemResponse(core::Internal("unexpected failure while handling the request"),
                                    ""));
          }
        },
        asio::use_awaitable);
  }

  http::response<http::string_body> ToMessage(Response& response, bool head_request,
                                              bool keep_alive, unsigned version,
                                              const std::string& request_id) {
    http::response<http::string_body> message;
    message.version(version);
    message.result(static_cast<unsigned>(response.status));
    // RFC 9110's phrases (Beast still says "Payload Too Large" for 413).
    message.reason(ReasonPhrase(response.status));
    for (auto& [name, value] : response.headers) message.set(name, value);
    message.set(http::field::date, HttpDate());
    message.set("X-Request-Id", request_id);
    message.keep_alive(keep_alive);
    bool no_body = response.status == 204 || response.status == 304 ||
                   (response.status >= 100 && response.status < 200);
    if (no_body) return message;
    // HEAD: the length of the body GET would send, and no body
    // (RFC 9110 section 9.3.2).
    message.content_length(response.body.size());
    if (!head_request) message.body() = std::move(response.body);
    return message;
  }

  void Record(const Request& request, const Response& response, std::uint64_t bytes,
              std::chrono::steady_clock::time_point started) {
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
    if (metrics_) {
      metrics_
          ->GetCounter("accord_http_requests_total", "HTTP requests answered",
                       {{"method", std::string(MethodName(request.method))},
                        {"route", response.route},
                        {"status", std::to_string(response.status)}})
          .Increment();
      metrics_
          ->GetHistogram("accord_http_request_duration_seconds",
                         "Time from a complete request to its answer being written",
                         {{"route", response.route}})
          .ObserveMicroseconds(static_cast<std::uint64_t>(micros));
    }
    spdlog::info(
        "msg=request method={} path=\"{}\" route=\"{}\" status={} bytes={} duration_us={} "
        "remote={} request_id={}",
        request.method_text.empty() ? "-" : JsonEscape(request.method_text.substr(0, 32)),
        JsonEscape(request.target.substr(0, 256)), response.route, response.status, bytes,
        micros, request.remote_address, request.request_id);
  }

  // Cancels the connection's pending read when `timeout` passes. The
  // generation guards against a timer that fired just as the read finished:
  // its late handler must not cancel the next operation.
  static void ArmReadDeadline(const std::shared_ptr<Connection>& connection,
                              asio::steady_timer& timer, std::chrono::milliseconds timeout) {
    connection->read_timed_out = false;
    std::uint64_t generation = ++connection->read_generation;
    timer.expires_after(timeout);
    timer.async_wait([connection, generation](const boost::system::error_code& ec) {
      if (ec || connection->read_generation != generation) return;
      connection->read_timed_out = true;
      boost::system::error_code ignored;
      connection->stream.socket().cancel(ignored);
    });
  }

  // Ends the deadline of the read that finished with `ec`; a read cancelled
  // by the deadline reports beast::error::timeout.
  static boost::system::error_code DisarmReadDeadline(
      const std::shared_ptr<Connection>& connection, asio::steady_timer& timer,
      boost::system::error_code ec) {
    ++connection->read_generation;
    timer.cancel();
    if (connection->read_timed_out) return beast::error::timeout;
    return ec;
  }

  std::string NextRequestId() {
    return "r" + std::to_string(next_request_id_.fetch_add(1, std::memory_order_relaxed) + 1);
  }

  asio::awaitable<void> Serve(std::shared_ptr<Connection> connection) {
    auto& stream = connection->stream;
    beast::flat_buffer buffer;
    boost::system::error_code ec;
    auto remote = stream.socket().remote_endpoint(ec);
    std::string remote_address =
        ec ? "-" : remote.address().to_string() + ":" + std::to_string(remote.port());

    while (!connection->closing) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(LargestBodyLimit());
      parser.header_limit(options_.max_header_bytes);

      connection->busy = false;
      stream.expires_never();
      asio::steady_timer deadline(stream.get_executor());
      ArmReadDeadline(connection, deadline,
                      buffer.size() > 0 ? options_.request_timeout : options_.idle_timeout);
      auto [header_ec, header_bytes] = co_await http::async_read_header(stream, buffer, parser, kAsTuple);
      (void)header_bytes;
      boost::system::error_code read_ec = DisarmReadDeadline(connection, deadline, header_ec);
      connection->busy = true;
      auto started = std::chrono::steady_clock::now();
      std::uint64_t body_limit = options_.max_body_bytes;
      // The request line is parsed before a header field is refused, so
      // the route is known even when the declared length was too large.
      if (parser.got_some()) body_limit = BodyLimitFor(parser.get());
      if (!read_ec && !parser.is_done()) {
        // The header named the route: hold the body to its limit (a chunked
        // body counts down from here; a declared length is checked now).
        if (auto length = parser.content_length(); length && *length > body_limit)
          read_ec = http::error::body_limit;
        parser.body_limit(body_limit);
      }
      if (!read_ec && !parser.is_done()) {
        ArmReadDeadline(connection, deadline, options_.request_timeout);
        auto [body_ec, body_bytes] = co_await http::async_read(stream, buffer, parser, kAsTuple);
        (void)body_bytes;
        read_ec = DisarmReadDeadline(connection, deadline, body_ec);
      }

      Request request;
      request.method = Method::kOther;
      request.remote_address = remote_address;
      if (read_ec) {
        bool got_some = parser.got_some() || buffer.size() > 0;
        auto answer = ReadFailure(read_ec, got_some, options_, body_limit);
        if (!answer) break;
        request.request_id = NextRequestId();
        if (parser.is_header_done()) {
          request.method_text = std::string(parser.get().method_string());
          request.method = ParseMethod(request.method_text);
          request.target = std::string(parser.get().target());
        }
        answer->route = "invalid";
        co_await AnswerAndClose(connection, request, std::move(*answer), started);
        co_return;
      }

      unsigned version = parser.get().version();
      bool keep_alive = parser.get().keep_alive();
      Request received = ToRequest(parser.release());
      received.remote_address = std::move(request.remote_address);
      received.request_id = NextRequestId();
      request = std::move(received);

      Response response;
      if (auto refused = Precheck(request, version)) {
        response = std::move(*refused);
        response.route = "invalid";
      } else {
        response = co_await CallHandler(request);
      }
      keep_alive = keep_alive && !connection->closing && !stopping_;
      bool head = request.method == Method::kHead;
      auto message = ToMessage(response, head, keep_alive, version, request.request_id);
      stream.expires_after(options_.request_timeout);
      auto [write_ec, written] = co_await http::async_write(stream, message, kAsTuple);
      Record(request, response, written, started);
      if (write_ec) break;
      if (!keep_alive) {
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        break;
      }
    }
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.socket().close(ec);
  }

  asio::awaitable<void> AnswerAndClose(std::shared_ptr<Connection> connection, Request request,
                                       Response response,
                                       std::chrono::steady_clock::time_point started) {
    auto& stream = connection->stream;
    auto message = ToMessage(response, /*head_request=*/false, /*keep_alive=*/false, 11,
                             request.request_id);
    stream.expires_after(options_.request_timeout);
    auto [write_ec, written] = co_await http::async_write(stream, message, kAsTuple);
    Record(request, response, written, started);
    boost::system::error_code ec;
    if (!write_ec) {
      stream.socket().shutdown(tcp::socket::shutdown_send, ec);
      stream.expires_after(kLingerTime);
      std::array<char, 16384> sink;
      std::size_t drained = 0;
      while (drained < kMaxLingerBytes) {
        auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(sink), kAsTuple);
        if (read_ec) break;
        drained += n;
      }
    }
    stream.socket().close(ec);
  }

  ServerOptions options_;
  Handler handler_;
  MetricsRegistry* metrics_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer grace_timer_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> next_request_id_{0};
  std::mutex connections_mutex_;  // guards connections_
  std::unordered_set<std::shared_ptr<Connection>> connections_;
  std::mutex join_mutex_;  // serialises Wait()
  std::vector<std::thread> threads_;
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  impl_->Shutdown();
  impl_->Wait();
}

core::Result<std::unique_ptr<HttpServer>> HttpServer::Start(const ServerOptions& options,
                                                            Handler handler,
                                                            MetricsRegistry* metrics) {
  auto impl = std::make_unique<Impl>(options, std::move(handler), metrics);
  if (auto listening = impl->Listen(); !listening) return listening.error();
  impl->Run();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

std::uint16_t HttpServer::port() const { return impl_->port(); }
void HttpServer::Shutdown() { impl_->Shutdown(); }
void HttpServer::ShutdownOnSignals() { impl_->ShutdownOnSignals(); }
void HttpServer::Wait() { impl_->Wait(); }

}  // namespace accord::server
