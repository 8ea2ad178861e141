// The transport end to end over real loopback sockets: limits, protocol
// errors, keep-alive, asynchronous answers and graceful shutdown.
#include "server/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "server/problem.h"
#include "server/router.h"
#include "test_client.h"

namespace accord::server {
namespace {

using std::chrono::milliseconds;
using testing::Fetch;
using testing::TestConnection;

// A server on a free loopback port with a small router, stopped when the
// harness goes out of scope.
class ServerHarness {
 public:
  explicit ServerHarness(ServerOptions options = {}, Handler handler = nullptr) {
    options.port = 0;
    options.threads = 2;
    router_.Add(Method::kGet, "/hello", [](const Request&, const PathParams&) {
      return TextResponse(200, "hello", "text/plain");
    }).value();
    router_.Add(Method::kPost, "/echo", [](const Request& request, const PathParams&) {
      return TextResponse(200, request.body, "application/octet-stream");
    }).value();
    if (!handler)
      handler = SynchronousHandler([this](const Request& request) { return router_.Handle(request); });
    auto started = HttpServer::Start(options, std::move(handler), &metrics_);
    EXPECT_TRUE(started) << started.error().ToString();
    server_ = std::move(*started);
  }
  std::uint16_t port() const { return server_->port(); }
  HttpServer& server() { return *server_; }
  MetricsRegistry& metrics() { return metrics_; }

 private:
  Router router_;
  MetricsRegistry metrics_;
  std::unique_ptr<HttpServer> server_;
};

bool StillServes(std::uint16_t port) {
  auto response = Fetch(port, "GET", "/hello");
  return response && response->status == 200 && response->body == "hello";
}

TEST(HttpServerTest, AnswersSeveralRequestsOnOneKeepAliveConnection) {
  ServerHarness harness;
  TestConnection connection(harness.port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(connection.Send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n"));
    auto response = connection.ReadResponse();
    ASSERT_TRUE(response) << "request " << i;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "hello");
    EXPECT_EQ(response->Header("connection"), "");  // kept alive
    EXPECT_FALSE(response->Header("date").empty());
    EXPECT_FALSE(response->Header("x-request-id").empty());
  }
}

TEST(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  ServerHarness harness;
  TestConnection connection(harness.port());
  ASSERT_TRUE(connection.Send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\none"
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\ntwo"));
  auto first = connection.ReadResponse();
  auto second = connection.ReadResponse();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, "one");
  EXPECT_EQ(second->body, "two");
}

TEST(HttpServerTest, OversizeBodyGets413ProblemAndServerKeepsServing) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  ServerHarness harness(options);
  TestConnection connection(harness.port());
  std::string body(10 << 20, 'x');  // 10 MB, sent in full as a careless client would
  ASSERT_TRUE(connection.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\n\r\n"));
  connection.Send(body);  // the server may close before reading it all
  auto response = connection.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->Header("content-type"), "application/problem+json");
  EXPECT_NE(response->body.find("limit of 1024 bytes"), std::string::npos) << response->body;
  EXPECT_EQ(response->Header("connection"), "close");
  EXPECT_TRUE(StillServes(harness.port()));
}

TEST(HttpServerTest, ChunkedBodyOverTheLimitGets413) {
  ServerOptions options;
  options.max_body_bytes = 16;
  ServerHarness harness(options);
  TestConnection connection(harness.port());
  ASSERT_TRUE(connection.Send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "14\r\n01234567890123456789\r\n0\r\n\r\n"));
  auto response = connection.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
}

// POST /v1/imports takes more than a report (ServerOptions::large_body_routes).
ServerOptions WithLargeEchoRoute() {
  ServerOptions options;
  options.max_body_bytes = 16;
  options.large_body_routes.push_back({Method::kPost, "/echo", 64});
  return options;
}

TEST(HttpServerTest, LargeBodyRouteTakesMoreThanTheDefaultLimit) {
  ServerHarness harness(WithLargeEchoRoute());
  std::string body(40, 'x');
  auto echoed = Fetch(harness.port(), "POST", "/echo?x=1", body);
  ASSERT_TRUE(echoed);
  EXPECT_EQ(echoed->status, 200);
  EXPECT_EQ(echoed->body, body);
  // Another route keeps the default limit.
  auto other = Fetch(harness.port(), "POST", "/hello", body);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 413);
  EXPECT_NE(other->body.find("limit of 16 bytes"), std::string::npos) << other->body;
}

TEST(HttpServerTest, LargeBodyRouteWithAParameterSegmentMatchesAnyOneSegmentThere) {
  ServerOptions options;
  options.max_body_bytes = 16;
  options.large_body_routes.push_back({Method::kPost, "/things/{id}/blob", 64});
  ServerHarness harness(options);
  const std::string body(40, 'x');
  // Past the body limit, the router answers: no route here, but not 413.
  auto matched = Fetch(harness.port(), "POST", "/things/42/blob", body);
  ASSERT_TRUE(matched);
  EXPECT_EQ(matched->status, 404) << matched->body;
  for (const char* path : {"/things/42/43/blob", "/things//blob", "/things/42/blobs", "/things/42"}) {
    auto refused = Fetch(harness.port(), "POST", path, body);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 413) << path;
  }
}

TEST(HttpServerTest, LargeBodyRouteRefusesMoreThanItsOwnLimitNamingIt) {
  ServerHarness harness(WithLargeEchoRoute());
  auto declared = Fetch(harness.port(), "POST", "/echo", std::string(65, 'x'));
  ASSERT_TRUE(declared);
  EXPECT_EQ(declared->status, 413);
  EXPECT_NE(declared->body.find("limit of 64 bytes"), std::string::npos) << declared->body;
  TestConnection connection(harness.port());
  ASSERT_TRUE(connection.Send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "30\r\n" + std::string(48, 'a') + "\r\n30\r\n" + std::string(48, 'b') + "\r\n0\r\n\r\n"));
  auto chunked = connection.ReadResponse();
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->status, 413);
  EXPECT_TRUE(StillServes(harness.port()));
}

TEST(HttpServerTest, TruncatedBodyGets400Problem) {
  ServerHarness harness;
  TestConnection connection(harness.port());
  ASSERT_TRUE(connection.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n{\"a\":"));
  connection.ShutdownWrite();
  auto response = connection.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->Header("content-type"), "application/problem+json");
  EXPECT_NE(response->body.find("truncated"), std::string::npos) << response->body;
  EXPECT_TRUE(StillServes(harness.port()));
}

TEST(HttpServerTest, TruncatedHeaderGets400Problem) {
  ServerHarness harness;
  TestConnection connection(harness.port());
  ASSERT_TRUE(connection.Send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Cut-Off"));
  connection.ShutdownWrite();
  auto response = connection.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
}

TEST(HttpServerTest, StalledRequestGets408AfterTheRequestTimeout) {
  ServerOptions options;
  options.request_timeout = milliseconds(200);
  ServerHarness harness(options);
  TestConnection connection(harness.port());
  ASSERT_TRUE(connection.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
  auto response = connection.ReadResponse(std::chrono::seconds(5));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 408);
  EXPECT_EQ(response->Header("content-type"), "application/problem+json");
}

TEST(HttpServerTest, IdleConnectionIsClosedSilentlyAfterTheIdleTimeout) {
  ServerOptions options;
  options.idle_timeout = milliseconds(200);
  ServerHarness harness(options);
  TestConnection connection(harness.port());
  EXPECT_TRUE(connection.WaitForClose(std::chrono::seconds(5)));
}

TEST(HttpServerTest, MalformedRequestLineGets400Problem) {
  ServerHarness harness;
  TestConnection connection(harness.port());
  ASSERT_TRUE(connection.Send("NOT HTTP AT ALL\r\n\r\n"));
  auto response = connection.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_NE(response->body.find("malformed HTTP request"), std::string::npos) << response->body;
  EXPECT_TRUE(StillServes(harness.port()));
}

TEST(HttpServerTest, ConflictingContentLengthsAreRefused) {
  ServerHarness harness;
  TestConnection connection(harness.port());
  ASSERT_TRUE(connection.Send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"));
  auto response = connection.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
}

TEST(HttpServerTest, OversizeHeaderGets431) {
  ServerOptions options;
  options.max_header_bytes = 1024;
  ServerHarness harness(options);
  TestConnection connection(harness.port());
  ASSERT_TRUE(connection.Send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(4096, 'a') +
                              "\r\n\r\n"));
  auto response = connection.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
}

TEST(HttpServerTest, Http11RequestWithoutHostGets400) {
  ServerHarness harness;
  TestConnection connection(harness.port());
  ASSERT_TRUE(connection.Send("GET /hello HTTP/1.1\r\n\r\n"));
  auto response = connection.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_NE(response->body.find("Host"), std::string::npos);
}

TEST(HttpServerTest, BadTargetGets400NamingTheReason) {
  ServerHarness harness;
  auto response = Fetch(harness.port(), "GET", "/a/%2e%2e/hello");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_NE(response->body.find("dot-segment"), std::string::npos) << response->body;
}

TEST(HttpServerTest, HeadSendsTheLengthOfGetButNoBody) {
  ServerHarness harness;
  TestConnection connection(harness.port());
  ASSERT_TRUE(connection.Send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n"
                              "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto head = connection.ReadResponse(std::chrono::seconds(5), /*head_request=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"), "5");
  // The next response starts right after the HEAD's header: no body came.
  auto get = connection.ReadResponse();
  ASSERT_TRUE(get);
  EXPECT_EQ(get->body, "hello");
}

TEST(HttpServerTest, HandlerExceptionBecomes500AndOtherRequestsContinue) {
  std::atomic<int> calls{0};
  ServerHarness harness({}, [&calls](Request request, Responder respond) {
    if (calls++ == 0) throw std::runtime_error("boom");
    respond(TextResponse(200, request.parsed.Path(), "text/plain"));
  });
  auto failed = Fetch(harness.port(), "GET", "/x");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 500);
  EXPECT_EQ(failed->body.find("boom"), std::string::npos) << "internal details leaked";
  auto next = Fetch(harness.port(), "GET", "/y");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body, "/y");
}

TEST(HttpServerTest, HandlerMayAnswerLaterFromAnotherThread) {
  std::vector<std::thread> workers;
  std::mutex workers_mutex;
  {
    ServerHarness harness({}, [&](Request request, Responder respond) {
      std::lock_guard lock(workers_mutex);
      workers.emplace_back([request = std::move(request), respond]() {
        std::this_thread::sleep_for(milliseconds(50));
        respond(TextResponse(200, "later:" + request.parsed.Path(), "text/plain"));
      });
    });
    auto response = Fetch(harness.port(), "GET", "/async");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, "later:/async");
    std::lock_guard lock(workers_mutex);
    for (auto& worker : workers) worker.join();
  }
}

TEST(HttpServerTest, DroppedResponderGives500InsteadOfHanging) {
  ServerHarness harness({}, [](Request, Responder) { /* forgets to answer */ });
  auto response = Fetch(harness.port(), "GET", "/forgotten");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
}

TEST(HttpServerTest, ShutdownLetsTheRequestInFlightFinishThenCloses) {
  std::atomic<bool> handler_entered{false};
  std::thread worker;
  ServerHarness harness({}, [&](Request, Responder respond) {
    handler_entered = true;
    worker = std::thread([respond] {
      std::this_thread::sleep_for(milliseconds(300));
      respond(TextResponse(200, "finished", "text/plain"));
    });
  });
  TestConnection busy(harness.port());
  TestConnection idle(harness.port());
  ASSERT_TRUE(busy.Send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n"));
  while (!handler_entered) std::this_thread::sleep_for(milliseconds(5));
  harness.server().Shutdown();
  auto response = busy.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "finished");
  EXPECT_EQ(response->Header("connection"), "close");
  EXPECT_TRUE(idle.WaitForClose());
  harness.server().Wait();
  worker.join();
  TestConnection after(harness.port());
  EXPECT_FALSE(after.connected()) << "still accepting after shutdown";
}

TEST(HttpServerTest, SecondServerOnTheSamePortFailsNamingTheAddress) {
  ServerHarness first;
  ServerOptions options;
  options.port = first.port();
  auto second = HttpServer::Start(options, SynchronousHandler([](const Request&) {
                                    return TextResponse(200, "", "text/plain");
                                  }),
                                  nullptr);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(second.error().message.find("127.0.0.1:" + std::to_string(first.port())),
            std::string::npos)
      << second.error().message;
}

TEST(HttpServerTest, UnparsableListenAddressIsInvalidArgument) {
  ServerOptions options;
  options.address = "not-an-ip";
  auto server = HttpServer::Start(options, SynchronousHandler([](const Request&) {
                                    return TextResponse(200, "", "text/plain");
                                  }),
                                  nullptr);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(HttpServerTest, CountsRequestsByRouteAndStatus) {
  ServerHarness harness;
  ASSERT_TRUE(Fetch(harness.port(), "GET", "/hello"));
  ASSERT_TRUE(Fetch(harness.port(), "GET", "/missing"));
  // A request is counted once its answer is written, which may be just
  // after the client has read it: wait for the server to catch up.
  std::string text;
  for (int attempt = 0; attempt < 200; ++attempt) {
    text = harness.metrics().Render();
    if (text.find("status=\"404\"} 1") != std::string::npos &&
        text.find("status=\"200\"} 1") != std::string::npos)
      break;
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_NE(text.find("accord_http_requests_total{method=\"GET\",route=\"/hello\",status=\"200\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("accord_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace accord::server
