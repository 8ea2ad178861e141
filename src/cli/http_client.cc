#include "cli/http_client.h"

#include <poll.h>

#include <cctype>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "core/json_reader.h"
#include "server/problem.h"

namespace accord::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Deadline = std::chrono::steady_clock::time_point;

// Our node's header block is a few hundred bytes; this is generous and
// still keeps a broken peer from growing it without bound.
constexpr std::uint32_t kMaxResponseHeaderBytes = 64u << 10;
// How much of a non-problem body DescribeProblem quotes.
constexpr std::size_t kDescribedBodyBytes = 500;

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// System messages come capitalised ("Connection refused"); ours are not.
std::string LowerFirst(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
// Visible ASCII, no space: what may appear in a request-target or a path
// prefix (RFC 9112 section 3.2 is stricter; the node rejects the rest).
bool IsVisibleAscii(char c) { return c > 0x20 && c < 0x7f; }

bool AllOf(std::string_view text, bool (*predicate)(char)) {
  for (char c : text)
    if (!predicate(c)) return false;
  return true;
}

// RFC 9110 section 5.6.2 tchar, for the method.
bool IsTokenChar(char c) {
  return IsAlnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A header value may hold visible characters, spaces and tabs, never CR or
// LF, which would let a value start a header of its own.
bool IsFieldValueChar(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte == '\t' || (byte >= 0x20 && byte != 0x7f);
}

bool IsHostNameChar(char c) { return IsAlnum(c) || c == '-' || c == '.' || c == '_'; }
bool IsIpv6LiteralChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

std::string FormatDuration(std::chrono::milliseconds duration) {
  if (duration.count() % 1000 == 0) return std::to_string(duration.count() / 1000) + " s";
  return std::to_string(duration.count()) + " ms";
}

// Replaces control characters other than newline and tab, so that text
// from the network cannot move the cursor or change the terminal's state.
std::string Printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7f) c = '?';
  }
  return out;
}

// The methods whose repetition has the effect of one request (RFC 9110
// section 9.2.2), and which may therefore be sent again after a lost answer.
bool IsIdempotent(std::string_view method) {
  for (std::string_view idempotent : {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
    if (method == idempotent) return true;
  return false;
}

bool IsConnectionLoss(const beast::error_code& error) {
  return error == http::error::end_of_stream || error == asio::error::eof ||
         error == asio::error::connection_reset || error == asio::error::broken_pipe ||
         error == asio::error::connection_aborted;
}

}  // namespace

std::string HttpUrl::Origin() const {
  std::string authority = host.find(':') == std::string::npos ? host : "[" + host + "]";
  return scheme + "://" + authority + ":" + std::to_string(port);
}

core::Result<HttpUrl> ParseHttpUrl(std::string_view url) {
  auto fail = [url](std::string_view reason) {
    return core::InvalidArgument("url " + Quoted(Printable(url)) + ": " + std::string(reason));
  };
  if (url.empty()) return core::InvalidArgument("url is empty; expected http://host:port");
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos)
    return fail("no scheme; write it as http://host:port");
  std::string scheme = Lower(url.substr(0, scheme_end));
  if (scheme == "https")
    return fail("TLS (https) is not supported by this client yet; use an http:// URL");
  if (scheme != "http") return fail("scheme " + Quoted(scheme) + " is not supported; use http://");

  std::string_view rest = url.substr(scheme_end + 3);
  if (rest.find_first_of("?#") != std::string_view::npos)
    return fail("has a query or fragment; give only host, port and path prefix");
  std::size_t authority_end = rest.find('/');
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view path =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos)
    return fail("user info before '@' is not supported; pass a token instead");

  HttpUrl parsed;
  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail("IPv6 address lacks its closing ']'");
    std::string_view address = authority.substr(1, close - 1);
    if (address.empty() || !AllOf(address, IsIpv6LiteralChar))
      return fail("malformed IPv6 address " + Quoted(address));
    parsed.host = std::string(address);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("unexpected text after the IPv6 address");
      port_text = after.substr(1);
      has_port = true;
    }
  } else {
    std::size_t colon = authority.find(':');
    std::string_view host = authority.substr(0, colon);
    if (host.empty()) return fail("host is empty");
    if (!AllOf(host, IsHostNameChar))
      return fail("host " + Quoted(Printable(host)) +
                  " may hold only letters, digits, '-', '.' and '_'");
    parsed.host = std::string(host);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      has_port = true;
    }
  }
  if (has_port) {
    if (port_text.empty()) return fail("port is empty");
    if (port_text.size() > 5 || !AllOf(port_text, IsDigit))
      return fail("port " + Quoted(Printable(port_text)) + " is not a number from 1 to 65535");
    unsigned long port = std::stoul(std::string(port_text));
    if (port < 1 || port > 65535)
      return fail("port " + std::string(port_text) + " is not a number from 1 to 65535");
    parsed.port = static_cast<std::uint16_t>(port);
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (!AllOf(path, IsVisibleAscii))
    return fail("path prefix may hold only visible ASCII characters (percent-encode the rest)");
  parsed.path_prefix = std::string(path);
  return parsed;
}

// One keep-alive connection and the I/O context that drives it. Calls run
// Beast's asynchronous operations to completion on the caller's thread:
// beast::tcp_stream enforces its expiry only for asynchronous operations,
// so this is how a blocking call gets a timeout.
class HttpClient::Connection {
 public:
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;  // bytes read past one response stay for the next

  // Opens a connection to `url` before `deadline`. Fails with kUnavailable
  // naming the URL (and, when nothing listens, how to start a node).
  static core::Result<std::unique_ptr<Connection>> Open(const HttpUrl& url, Deadline deadline,
                                                        std::chrono::milliseconds timeout);

  void Run() {
    io.restart();
    io.run();
  }

  // Whether the node closed the connection (or sent something unasked, such
  // as a 408) since the last answer. Such a connection is not reused.
  bool PeerClosedOrSpoke() {
    if (buffer.size() > 0) return true;
    pollfd poll_fd{stream.socket().native_handle(), POLLIN, 0};
    return ::poll(&poll_fd, 1, 0) != 0;
  }
};

HttpClient::HttpClient(HttpUrl base, std::chrono::milliseconds timeout)
    : base_(std::move(base)), timeout_(timeout) {}

HttpClient::~HttpClient() = default;

core::Result<HttpCallResponse> HttpClient::Call(std::string_view method,
                                                std::string_view path_and_query,
                                                std::string_view body,
                                                std::string_view bearer_token,
                                                std::string_view content_type,
                                                std::string_view accept) {
  if (method.empty() || !AllOf(method, IsTokenChar))
    return core::InvalidArgument("http method " + Quoted(Printable(method)) +
                                 " is not an HTTP token");
  if (path_and_query.empty() || path_and_query.front() != '/' ||
      !AllOf(path_and_query, IsVisibleAscii))
    return core::InvalidArgument("request path " + Quoted(Printable(path_and_query)) +
                                 " must start with '/' and hold only visible ASCII characters");
  if (!AllOf(bearer_token, IsVisibleAscii))
    return core::InvalidArgument("bearer token holds a space or control character");
  if (!AllOf(accept, IsFieldValueChar))
    return core::InvalidArgument("accept " + Quoted(Printable(accept)) + " holds a control character");
  if (!AllOf(content_type, IsFieldValueChar))
    return core::InvalidArgument("content type " + Quoted(Printable(content_type)) +
                                 " holds a control character");

  const std::string target = base_.path_prefix + std::string(path_and_query);
  const std::string what = std::string(method) + " " + base_.Origin() + target;
  const Deadline deadline = std::chrono::steady_clock::now() + timeout_;

  http::request<http::string_body> request;
  if (http::verb verb = http::string_to_verb(method); verb != http::verb::unknown)
    request.method(verb);
  else
    request.method_string(method);
  request.target(target);
  request.version(11);
  bool default_port = base_.port == 80;
  std::string host_header = base_.host.find(':') == std::string::npos ? base_.host
                                                                      : "[" + base_.host + "]";
  if (!default_port) host_header += ":" + std::to_string(base_.port);
  request.set(http::field::host, host_header);
  request.set(http::field::user_agent, "accord-cli");
  if (!accept.empty()) request.set(http::field::accept, accept);
  if (!bearer_token.empty())
    request.set(http::field::authorization, "Bearer " + std::string(bearer_token));
  if (!body.empty()) {
    request.set(http::field::content_type, content_type);
    request.body() = std::string(body);
  }
  request.keep_alive(true);
  request.prepare_payload();

  auto timed_out = [&] {
    return core::Unavailable(what + ": no answer within " + FormatDuration(timeout_) +
                             " (timeout)");
  };

  for (int attempt = 0;; ++attempt) {
    bool reused = false;
    if (connection_) {
      if (connection_->PeerClosedOrSpoke())
        connection_.reset();  // closed while idle: nothing was sent on it
      else
        reused = true;
    }
    if (!connection_) {
      auto connected = Connection::Open(base_, deadline, timeout_);
      if (!connected) return connected.error();
      connection_ = std::move(*connected);
    }
    // Only a connection that carried an exchange before may have been
    // closed underneath us; a fresh one that fails is reported at once.
    bool may_retry = reused && attempt == 0;
    Connection& connection = *connection_;

    beast::error_code error;
    connection.stream.expires_at(deadline);
    http::async_write(connection.stream, request,
                      [&error](beast::error_code written, std::size_t) { error = written; });
    connection.Run();
    if (error) {
      connection_.reset();
      if (error == beast::error::timeout) return timed_out();
      // A write that fails never delivered a whole request: safe to resend.
      if (may_retry && IsConnectionLoss(error)) continue;
      return core::Unavailable(what + ": sending the request failed: " +
                               LowerFirst(error.message()));
    }

    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxResponseBodyBytes);
    parser.header_limit(kMaxResponseHeaderBytes);
    if (request.method() == http::verb::head) parser.skip(true);
    connection.stream.expires_at(deadline);
    http::async_read(connection.stream, connection.buffer, parser,
                     [&error](beast::error_code read, std::size_t) { error = read; });
    connection.Run();
    if (error) {
      bool nothing_received = !parser.got_some();
      connection_.reset();
      if (error == beast::error::timeout) return timed_out();
      if (error == http::error::body_limit)
        return core::ResourceExhausted(what + ": response body exceeds the limit of " +
                                       std::to_string(kMaxResponseBodyBytes >> 20) + " MiB");
      if (error == http::error::header_limit)
        return core::ResourceExhausted(what + ": response header exceeds the limit of " +
                                       std::to_string(kMaxResponseHeaderBytes >> 10) + " KiB");
      if (IsConnectionLoss(error)) {
        if (may_retry && nothing_received && IsIdempotent(method)) continue;
        return core::Unavailable(
            what + ": the node closed the connection before answering" +
            (IsIdempotent(method) ? "" : "; the request may or may not have been applied"));
      }
      return core::Unavailable(what + ": malformed response: " + LowerFirst(error.message()));
    }

    http::response<http::string_body> response = parser.release();
    HttpCallResponse result;
    result.status = static_cast<int>(response.result_int());
    for (const auto& field : response) {
      result.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      if (field.name() == http::field::content_type) result.content_type = std::string(field.value());
    }
    result.body = std::move(response.body());
    if (!response.keep_alive()) connection_.reset();
    return result;
  }
}

core::Result<std::unique_ptr<HttpClient::Connection>> HttpClient::Connection::Open(
    const HttpUrl& url, Deadline deadline, std::chrono::milliseconds timeout) {
  auto connection = std::make_unique<Connection>();
  const std::string origin = url.Origin();
  beast::error_code error;

  std::vector<tcp::endpoint> endpoints;
  if (auto address = asio::ip::make_address(url.host, error); !error) {
    endpoints.emplace_back(address, url.port);
  } else {
    // Name resolution has no stream to carry a deadline, so a timer cancels
    // it. (getaddrinfo itself cannot be interrupted; the resolver's own
    // timeout still bounds it.)
    tcp::resolver resolver(connection->io);
    asio::steady_timer timer(connection->io);
    bool resolve_timed_out = false;
    timer.expires_at(deadline);
    timer.async_wait([&](beast::error_code waited) {
      if (!waited) {
        resolve_timed_out = true;
        resolver.cancel();
      }
    });
    resolver.async_resolve(url.host, std::to_string(url.port),
                           tcp::resolver::numeric_service,
                           [&](beast::error_code resolved, tcp::resolver::results_type results) {
                             error = resolved;
                             for (const auto& entry : results) endpoints.push_back(entry.endpoint());
                             timer.cancel();
                           });
    connection->Run();
    if (resolve_timed_out)
      return core::Unavailable("resolve host " + Quoted(url.host) + ": no answer within " +
                               FormatDuration(timeout) + " (timeout)");
    if (error || endpoints.empty())
      return core::Unavailable("resolve host " + Quoted(url.host) + ": " +
                               LowerFirst(error ? error.message() : "no address"));
  }

  error = {};
  connection->stream.expires_at(deadline);
  connection->stream.async_connect(
      endpoints, [&error](beast::error_code connected, const tcp::endpoint&) { error = connected; });
  connection->Run();
  if (error == asio::error::connection_refused)
    return core::Unavailable("no node answers at " + origin +
                             " (connection refused); start one with: accord serve --data DIR");
  if (error == beast::error::timeout)
    return core::Unavailable("no node answered at " + origin + " within " +
                             FormatDuration(timeout) + " (connect timeout)");
  if (error)
    return core::Unavailable("cannot connect to " + origin + ": " + LowerFirst(error.message()));
  // Requests are small and sent whole; waiting to coalesce them only adds
  // latency to every call.
  connection->stream.socket().set_option(tcp::no_delay(true), error);
  return connection;
}

std::string DescribeProblem(const HttpCallResponse& response) {
  std::string media_type = Lower(response.content_type.substr(0, response.content_type.find(';')));
  while (!media_type.empty() && (media_type.back() == ' ' || media_type.back() == '\t'))
    media_type.pop_back();
  if (media_type == "application/problem+json") {
    auto document = core::ParseJsonStrict(response.body);
    if (document && document->type() == core::JsonType::kObject) {
      auto text = [](const core::JsonValue* value) {
        return value && value->type() == core::JsonType::kString ? Printable(value->AsString())
                                                                 : std::string();
      };
      std::string title = text(document->Find("title"));
      std::string detail = text(document->Find("detail"));
      if (title.empty()) title = std::string(server::ReasonPhrase(response.status));
      std::string described = detail.empty() ? title : title + ": " + detail;
      const core::JsonValue* errors = document->Find("errors");
      if (errors && errors->type() == core::JsonType::kArray) {
        for (const core::JsonValue& entry : errors->AsArray())
          described += "\n  " + text(entry.Find("pointer")) + ": " + text(entry.Find("detail"));
      }
      return described;
    }
    // A problem document that does not parse is described like any body.
  }

  std::string described = "HTTP " + std::to_string(response.status);
  // The node's table knows the statuses it sends; a proxy's 502 is shown bare.
  if (std::string_view reason = server::ReasonPhrase(response.status); reason != "Unknown")
    described += " " + std::string(reason);
  if (response.body.empty()) return described + " (empty body)";
  std::size_t cut = std::min(response.body.size(), kDescribedBodyBytes);
  // Do not split a UTF-8 sequence: back up over continuation bytes.
  if (cut < response.body.size())
    while (cut > 0 && (static_cast<unsigned char>(response.body[cut]) & 0xC0) == 0x80) --cut;
  described += ": " + Printable(std::string_view(response.body).substr(0, cut));
  if (cut < response.body.size())
    described += "... (" + std::to_string(response.body.size()) + " bytes in all)";
  return described;
}

}  // namespace accord::cli
