// The CLI's HTTP client against the node's own transport (server/http_server.h)
// on loopback: requests as the server sees them, keep-alive reuse and
// reconnection, the errors a person gets when no node answers, when it is
// too slow or sends too much, URL parsing, and how problems are described.
#include "cli/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <thread>

#include "server/http_server.h"
#include "server/problem.h"

namespace accord::cli {
namespace {

using server::Request;
using server::Response;
using std::chrono::milliseconds;

// A node on a free loopback port whose handler records what it received.
class TestNode {
 public:
  explicit TestNode(server::Handler handler = nullptr, server::ServerOptions options = {}) {
    options.address = "127.0.0.1";
    options.port = 0;
    if (!handler) {
      handler = server::SynchronousHandler([this](const Request& request) {
        Record(request);
        return Answer(request);
      });
    }
    auto started = server::HttpServer::Start(options, std::move(handler), nullptr);
    EXPECT_TRUE(started) << started.error().ToString();
    if (started) server_ = std::move(*started);
  }

  std::uint16_t port() const { return server_->port(); }
  HttpUrl url(std::string prefix = "") const {
    return HttpUrl{"http", "127.0.0.1", port(), std::move(prefix)};
  }
  server::HttpServer& server() { return *server_; }

  void Record(const Request& request) {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
  }
  std::vector<Request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  static Response Answer(const Request& request) {
    std::string path = request.parsed.Path();
    if (path == "/hello") {
      Response response = server::TextResponse(200, "hello", "text/plain; charset=utf-8");
      response.SetHeader("X-Test", "yes");
      return response;
    }
    if (path == "/missing")
      return server::ProblemResponse(core::NotFound("report R-1: no such report"), path);
    return server::TextResponse(201, request.body, "application/json");
  }

  mutable std::mutex mutex_;
  std::vector<Request> requests_;
  std::unique_ptr<server::HttpServer> server_;
};

std::string HeaderOf(const HttpCallResponse& response, std::string_view name) {
  for (const auto& [field, value] : response.headers)
    if (server::EqualsIgnoreCase(field, name)) return value;
  return "";
}

TEST(HttpClientTest, GetReturnsStatusContentTypeHeadersAndBody) {
  TestNode node;
  HttpClient client(node.url());
  auto response = client.Call("GET", "/hello");
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(response->body, "hello");
  EXPECT_EQ(HeaderOf(*response, "x-test"), "yes");
  EXPECT_EQ(HeaderOf(*response, "content-length"), "5");
}

TEST(HttpClientTest, PostSendsBodyContentTypeAndBearerToken) {
  TestNode node;
  HttpClient client(node.url());
  auto response = client.Call("POST", "/v1/reports?dry_run=1", R"({"report":{}})", "tok-123");
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, R"({"report":{}})");

  auto requests = node.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method_text, "POST");
  EXPECT_EQ(requests[0].target, "/v1/reports?dry_run=1");
  EXPECT_EQ(requests[0].body, R"({"report":{}})");
  ASSERT_NE(requests[0].Header("Content-Type"), nullptr);
  EXPECT_EQ(*requests[0].Header("Content-Type"), "application/json");
  ASSERT_NE(requests[0].Header("Authorization"), nullptr);
  EXPECT_EQ(*requests[0].Header("Authorization"), "Bearer tok-123");
  ASSERT_NE(requests[0].Header("Host"), nullptr);
  EXPECT_EQ(*requests[0].Header("Host"), "127.0.0.1:" + std::to_string(node.port()));
}

TEST(HttpClientTest, WithoutATokenNoAuthorizationIsSent) {
  TestNode node;
  HttpClient client(node.url());
  ASSERT_TRUE(client.Call("POST", "/v1/x", "text", {}, "text/plain"));
  auto requests = node.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].Header("Authorization"), nullptr);
  ASSERT_NE(requests[0].Header("Content-Type"), nullptr);
  EXPECT_EQ(*requests[0].Header("Content-Type"), "text/plain");
}

TEST(HttpClientTest, PathPrefixOfTheBaseUrlIsPrepended) {
  TestNode node;
  HttpClient client(node.url("/node-a"));
  ASSERT_TRUE(client.Call("GET", "/v1/parties"));
  auto requests = node.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/node-a/v1/parties");
}

TEST(HttpClientTest, HostNameIsResolved) {
  TestNode node;
  auto url = ParseHttpUrl("http://localhost:" + std::to_string(node.port()));
  ASSERT_TRUE(url);
  HttpClient client(*url);
  auto response = client.Call("GET", "/hello");
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->body, "hello");
}

TEST(HttpClientTest, ErrorStatusIsAResponseNotAnError) {
  TestNode node;
  HttpClient client(node.url());
  auto response = client.Call("GET", "/missing");
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->content_type, "application/problem+json");
}

TEST(HttpClientTest, HeadReadsNoBodyAndTheConnectionStaysUsable) {
  TestNode node;
  HttpClient client(node.url());
  auto head = client.Call("HEAD", "/hello");
  ASSERT_TRUE(head) << head.error().ToString();
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->body, "");
  EXPECT_EQ(HeaderOf(*head, "content-length"), "5");
  auto get = client.Call("GET", "/hello");
  ASSERT_TRUE(get) << get.error().ToString();
  EXPECT_EQ(get->body, "hello");
  auto requests = node.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].remote_address, requests[1].remote_address);
}

TEST(HttpClientTest, ReusesTheKeepAliveConnectionBetweenCalls) {
  TestNode node;
  HttpClient client(node.url());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.Call("POST", "/v1/x", "{}")) << i;
  auto requests = node.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].remote_address, requests[1].remote_address);
  EXPECT_EQ(requests[1].remote_address, requests[2].remote_address);
}

TEST(HttpClientTest, ReconnectsWhenTheNodeClosedTheIdleConnection) {
  server::ServerOptions options;
  options.idle_timeout = milliseconds(100);
  TestNode node(nullptr, options);
  HttpClient client(node.url());
  ASSERT_TRUE(client.Call("GET", "/hello"));
  std::this_thread::sleep_for(milliseconds(400));  // the node closes the idle connection
  // A POST too: nothing was sent on the closed connection, so nothing is
  // applied twice.
  auto response = client.Call("POST", "/v1/x", "{}");
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->status, 201);
  auto requests = node.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_NE(requests[0].remote_address, requests[1].remote_address);
}

// A bare socket server for what the node's transport never does: it answers
// the first request on each connection, then reads the second one and
// closes the connection without answering (as a node does that reaches its
// idle timeout just as the request arrives). One connection at a time.
class ClosingNode {
 public:
  ClosingNode() {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::listen(listener_, 8), 0);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ClosingNode() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }
  std::uint16_t port() const { return port_; }
  int requests_read() const { return requests_read_; }
  int connections() const { return connections_; }

 private:
  // Waits up to 50 ms for `fd` to be readable, so that the loops see stop_.
  static bool Readable(int fd) {
    pollfd poll_fd{fd, POLLIN, 0};
    return ::poll(&poll_fd, 1, 50) > 0;
  }

  // Reads one request (header and Content-Length body); false at EOF.
  bool ReadRequest(int fd, std::string& buffer) {
    std::size_t header_end;
    std::size_t body_length = 0;
    while (!stop_) {
      header_end = buffer.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::size_t field = buffer.find("Content-Length: ");
        if (field != std::string::npos && field < header_end)
          body_length = std::strtoul(buffer.c_str() + field + 16, nullptr, 10);
        if (buffer.size() >= header_end + 4 + body_length) {
          buffer.erase(0, header_end + 4 + body_length);
          return true;
        }
      }
      if (!Readable(fd)) continue;
      char chunk[4096];
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    return false;
  }

  void Serve() {
    while (!stop_) {
      if (!Readable(listener_)) continue;
      int connection = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (connection < 0) continue;
      ++connections_;
      std::string buffer;
      for (int on_connection = 0; ReadRequest(connection, buffer); ++on_connection) {
        ++requests_read_;
        if (on_connection > 0) break;  // read, not answered: close
        std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                             "Content-Length: 2\r\n\r\nok";
        if (::send(connection, answer.data(), answer.size(), MSG_NOSIGNAL) < 0) break;
      }
      ::close(connection);
    }
  }

  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_read_{0};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

TEST(HttpClientTest, IdempotentRequestIsSentAgainWhenTheConnectionClosedBeforeAnAnswer) {
  ClosingNode node;
  HttpClient client(HttpUrl{"http", "127.0.0.1", node.port(), ""});
  ASSERT_TRUE(client.Call("GET", "/first"));
  auto second = client.Call("GET", "/second");
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->body, "ok");
  EXPECT_EQ(node.requests_read(), 3);  // first, second (dropped), second again
  EXPECT_EQ(node.connections(), 2);
}

TEST(HttpClientTest, PostIsNotSentAgainWhenTheConnectionClosedBeforeAnAnswer) {
  ClosingNode node;
  HttpClient client(HttpUrl{"http", "127.0.0.1", node.port(), ""});
  ASSERT_TRUE(client.Call("GET", "/first"));
  auto post = client.Call("POST", "/v1/reports", "{}");
  ASSERT_FALSE(post);
  EXPECT_EQ(post.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(post.error().message,
            "POST http://127.0.0.1:" + std::to_string(node.port()) +
                "/v1/reports: the node closed the connection before answering; the request "
                "may or may not have been applied");
  EXPECT_EQ(node.requests_read(), 2);
}

TEST(HttpClientTest, ConnectionRefusedNamesTheUrlAndHowToStartANode) {
  std::uint16_t closed_port;
  {
    TestNode node;  // takes a free port, then gives it back
    closed_port = node.port();
    node.server().Shutdown();
    node.server().Wait();
  }
  HttpClient client(HttpUrl{"http", "127.0.0.1", closed_port, ""});
  auto response = client.Call("GET", "/v1/parties");
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(response.error().message,
            "no node answers at http://127.0.0.1:" + std::to_string(closed_port) +
                " (connection refused); start one with: accord serve --data DIR");
}

TEST(HttpClientTest, SlowNodeTimesOutNamingTheTimeoutAndTheNextCallWorks) {
  std::mutex mutex;
  std::vector<server::Responder> pending;
  bool first = true;
  TestNode node([&](Request request, server::Responder respond) {
    std::lock_guard lock(mutex);
    if (first) {
      first = false;
      pending.push_back(std::move(respond));  // answered at the end of the test
      return;
    }
    respond(server::TextResponse(200, "late:" + request.parsed.Path(), "text/plain"));
  });
  HttpClient client(node.url(), milliseconds(300));
  auto started = std::chrono::steady_clock::now();
  auto response = client.Call("GET", "/slow");
  auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(response.error().message, "GET http://127.0.0.1:" + std::to_string(node.port()) +
                                          "/slow: no answer within 300 ms (timeout)");
  EXPECT_GE(elapsed, milliseconds(300));
  EXPECT_LT(elapsed, milliseconds(5000));

  auto next = client.Call("GET", "/fast");
  ASSERT_TRUE(next) << next.error().ToString();
  EXPECT_EQ(next->body, "late:/fast");

  std::lock_guard lock(mutex);
  for (auto& respond : pending) respond(server::TextResponse(200, "too late", "text/plain"));
}

// A node whose every answer has a body of `body_bytes` bytes.
server::Handler BodyOfSize(std::size_t body_bytes) {
  return server::SynchronousHandler([body_bytes](const Request&) {
    return server::TextResponse(200, std::string(body_bytes, 'x'), "application/octet-stream");
  });
}

TEST(HttpClientTest, BodyOverTheLimitIsResourceExhausted) {
  TestNode node(BodyOfSize(kMaxResponseBodyBytes + 1));
  HttpClient client(node.url());
  auto response = client.Call("GET", "/v1/tiles");
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_EQ(response.error().message, "GET http://127.0.0.1:" + std::to_string(node.port()) +
                                          "/v1/tiles: response body exceeds the limit of 64 MiB");
}

TEST(HttpClientTest, BodyAtTheLimitIsRead) {
  TestNode node(BodyOfSize(kMaxResponseBodyBytes));
  HttpClient client(node.url());
  auto response = client.Call("GET", "/v1/tiles");
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->body.size(), kMaxResponseBodyBytes);
}

TEST(HttpClientTest, RejectsRequestsThatCannotBeSentAsGiven) {
  HttpClient client(HttpUrl{"http", "127.0.0.1", 9, ""});  // never contacted
  auto bad_method = client.Call("GE T", "/x");
  ASSERT_FALSE(bad_method);
  EXPECT_EQ(bad_method.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad_method.error().message, "http method \"GE T\" is not an HTTP token");

  auto relative = client.Call("GET", "v1/x");
  ASSERT_FALSE(relative);
  EXPECT_EQ(relative.error().message,
            "request path \"v1/x\" must start with '/' and hold only visible ASCII characters");

  auto spaced = client.Call("GET", "/v1/a b");
  ASSERT_FALSE(spaced);
  EXPECT_EQ(spaced.error().code, core::ErrorCode::kInvalidArgument);

  auto injected = client.Call("GET", "/x", {}, "tok\r\nX-Evil: 1");
  ASSERT_FALSE(injected);
  EXPECT_EQ(injected.error().message, "bearer token holds a space or control character");
}

TEST(ParseHttpUrlTest, AcceptsHostPortAndPathPrefix) {
  auto plain = ParseHttpUrl("http://127.0.0.1:8080");
  ASSERT_TRUE(plain) << plain.error().ToString();
  EXPECT_EQ(plain->scheme, "http");
  EXPECT_EQ(plain->host, "127.0.0.1");
  EXPECT_EQ(plain->port, 8080);
  EXPECT_EQ(plain->path_prefix, "");
  EXPECT_EQ(plain->Origin(), "http://127.0.0.1:8080");

  auto default_port = ParseHttpUrl("HTTP://registry.example.org/");
  ASSERT_TRUE(default_port) << default_port.error().ToString();
  EXPECT_EQ(default_port->host, "registry.example.org");
  EXPECT_EQ(default_port->port, 80);  // RFC 9110 section 4.2.1
  EXPECT_EQ(default_port->path_prefix, "");

  auto prefixed = ParseHttpUrl("http://node-1:9000/accord/api/");
  ASSERT_TRUE(prefixed) << prefixed.error().ToString();
  EXPECT_EQ(prefixed->port, 9000);
  EXPECT_EQ(prefixed->path_prefix, "/accord/api");

  auto ipv6 = ParseHttpUrl("http://[::1]:65535/x");
  ASSERT_TRUE(ipv6) << ipv6.error().ToString();
  EXPECT_EQ(ipv6->host, "::1");
  EXPECT_EQ(ipv6->port, 65535);
  EXPECT_EQ(ipv6->Origin(), "http://[::1]:65535");
}

TEST(ParseHttpUrlTest, RejectsHttpsSayingTlsIsNotSupportedYet) {
  auto https = ParseHttpUrl("https://registry.example.org");
  ASSERT_FALSE(https);
  EXPECT_EQ(https.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(https.error().message,
            "url \"https://registry.example.org\": TLS (https) is not supported by this client "
            "yet; use an http:// URL");
}

TEST(ParseHttpUrlTest, RejectsMalformedUrlsNamingTheProblem) {
  struct Case {
    std::string_view url;
    std::string_view message;
  };
  const Case cases[] = {
      {"", "url is empty; expected http://host:port"},
      {"127.0.0.1:8080", "url \"127.0.0.1:8080\": no scheme; write it as http://host:port"},
      {"ftp://h", "url \"ftp://h\": scheme \"ftp\" is not supported; use http://"},
      {"http://", "url \"http://\": host is empty"},
      {"http://:8080", "url \"http://:8080\": host is empty"},
      {"http://h:", "url \"http://h:\": port is empty"},
      {"http://h:0", "url \"http://h:0\": port 0 is not a number from 1 to 65535"},
      {"http://h:65536", "url \"http://h:65536\": port 65536 is not a number from 1 to 65535"},
      {"http://h:80a", "url \"http://h:80a\": port \"80a\" is not a number from 1 to 65535"},
      {"http://h:123456", "url \"http://h:123456\": port \"123456\" is not a number from 1 to 65535"},
      {"http://user:pw@h", "url \"http://user:pw@h\": user info before '@' is not supported; "
                           "pass a token instead"},
      {"http://h/x?y=1", "url \"http://h/x?y=1\": has a query or fragment; give only host, port "
                         "and path prefix"},
      {"http://h#top", "url \"http://h#top\": has a query or fragment; give only host, port and "
                       "path prefix"},
      {"http://[::1", "url \"http://[::1\": IPv6 address lacks its closing ']'"},
      {"http://[::1]x", "url \"http://[::1]x\": unexpected text after the IPv6 address"},
      {"http://[zz]:80", "url \"http://[zz]:80\": malformed IPv6 address \"zz\""},
      {"http://h st", "url \"http://h st\": host \"h st\" may hold only letters, digits, '-', '.' "
                      "and '_'"},
      {"http://h/a b", "url \"http://h/a b\": path prefix may hold only visible ASCII characters "
                       "(percent-encode the rest)"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseHttpUrl(c.url);
    ASSERT_FALSE(parsed) << c.url;
    EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument) << c.url;
    EXPECT_EQ(parsed.error().message, c.message) << c.url;
  }
}

HttpCallResponse ResponseOf(int status, std::string content_type, std::string body) {
  HttpCallResponse response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

TEST(DescribeProblemTest, ProblemJsonGivesTitleDetailAndEachFieldError) {
  // The shape of RFC 9457 section 3, with the "errors" extension the node
  // uses for validation failures (server/problem.h).
  auto response = ResponseOf(400, "application/problem+json", R"({
    "type": "/problems/invalid_argument", "title": "Invalid report", "status": 400,
    "detail": "2 fields are wrong",
    "errors": [
      {"pointer": "/times/end", "detail": "before /times/start"},
      {"pointer": "/affected_states/0", "detail": "\"XX\" is not an ISO 3166-1 code"}
    ]})");
  EXPECT_EQ(DescribeProblem(response),
            "Invalid report: 2 fields are wrong\n"
            "  /times/end: before /times/start\n"
            "  /affected_states/0: \"XX\" is not an ISO 3166-1 code");
}

TEST(DescribeProblemTest, ProblemWithoutDetailOrTitleFallsBackToTheStatus) {
  EXPECT_EQ(DescribeProblem(ResponseOf(409, "application/problem+json; charset=utf-8",
                                       R"({"title": "Conflict"})")),
            "Conflict");
  EXPECT_EQ(DescribeProblem(ResponseOf(404, "Application/Problem+JSON", R"({"detail": "gone"})")),
            "Not Found: gone");
}

TEST(DescribeProblemTest, ProblemFromTheNodeReadsAsTitleAndDetail) {
  TestNode node;
  HttpClient client(node.url());
  auto response = client.Call("GET", "/missing");
  ASSERT_TRUE(response) << response.error().ToString();
  auto problem = server::ProblemFor(core::NotFound("report R-1: no such report"), "/missing");
  EXPECT_EQ(DescribeProblem(*response), problem.title + ": report R-1: no such report");
}

TEST(DescribeProblemTest, OtherBodiesGiveTheStatusAndTheStartOfTheBody) {
  EXPECT_EQ(DescribeProblem(ResponseOf(502, "text/html", "<h1>upstream down</h1>")),
            "HTTP 502: <h1>upstream down</h1>");  // a proxy's status the node never sends
  EXPECT_EQ(DescribeProblem(ResponseOf(503, "", "")), "HTTP 503 Service Unavailable (empty body)");
  // A problem type that does not parse is shown like any other body.
  EXPECT_EQ(DescribeProblem(ResponseOf(500, "application/problem+json", "{oops")),
            "HTTP 500 Internal Server Error: {oops");
}

TEST(DescribeProblemTest, LongBodiesAreCutAt500BytesWithoutSplittingACharacter) {
  std::string body(499, 'a');
  body += "\xC3\xA9";  // U+00E9 straddles bytes 499 and 500
  body += std::string(1000, 'b');
  std::string described = DescribeProblem(ResponseOf(500, "text/plain", body));
  EXPECT_EQ(described, "HTTP 500 Internal Server Error: " + std::string(499, 'a') +
                           "... (1501 bytes in all)");
}

TEST(DescribeProblemTest, ControlCharactersFromTheNodeAreReplaced) {
  EXPECT_EQ(DescribeProblem(ResponseOf(500, "text/plain", "bad\x1b[2Jthing\r\nline two")),
            "HTTP 500 Internal Server Error: bad?[2Jthing?\nline two");
  EXPECT_EQ(DescribeProblem(ResponseOf(400, "application/problem+json",
                                       R"({"title": "T\u001b[31m", "detail": "d"})")),
            "T?[31m: d");
}

}  // namespace
}  // namespace accord::cli
