#include "server/router.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "server/problem.h"

namespace accord::server {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

Request MakeRequest(std::string_view method, std::string_view target) {
  Request request;
  request.method = ParseMethod(method);
  request.method_text = std::string(method);
  request.target = std::string(target);
  auto parsed = ParseRequestTarget(target);
  EXPECT_TRUE(parsed.has_value()) << target;
  if (parsed) request.parsed = *parsed;
  return request;
}

// A handler that answers 200 with `name` as the body, so a test can see
// which handler ran.
RouteHandler Answer(std::string name) {
  return [name](const Request&, const PathParams&) {
    return TextResponse(200, name, "text/plain");
  };
}

// The methods of an Allow header (RFC 9110 section 10.2.1: a list of
// method tokens separated by commas and optional whitespace).
std::multiset<std::string> AllowedMethods(const Response& response) {
  std::multiset<std::string> methods;
  const std::string* allow = response.Header("Allow");
  if (allow == nullptr) {
    ADD_FAILURE() << "no Allow header";
    return methods;
  }
  std::string token;
  for (char c : *allow + ",") {
    if (c == ',') {
      if (!token.empty()) methods.insert(token);
      token.clear();
    } else if (c != ' ' && c != '\t') {
      token += c;
    }
  }
  return methods;
}

void ExpectProblem(const Response& response, int status) {
  EXPECT_EQ(response.status, status);
  ASSERT_NE(response.Header("Content-Type"), nullptr);
  EXPECT_EQ(*response.Header("Content-Type"), "application/problem+json");
}

// --- matching ---------------------------------------------------------------

TEST(RouterTest, LiteralPathRunsItsHandler) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/healthz", Answer("health")));
  ASSERT_TRUE(router.Add(Method::kGet, "/metrics", Answer("metrics")));
  Response response = router.Handle(MakeRequest("GET", "/metrics"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "metrics");
}

TEST(RouterTest, RootPatternMatchesOnlyRoot) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/", Answer("root")));
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/")).body, "root");
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/x")).status, 404);
}

TEST(RouterTest, LiteralMatchIsExactAndCaseSensitive) {
  // RFC 3986 section 6.2.2.1: the path is case-sensitive.
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/healthz", Answer("health")));
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/Healthz")).status, 404);
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/healthz/")).status, 404);
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/healthz/x")).status, 404);
}

TEST(RouterTest, CaptureBindsOneDecodedSegment) {
  Router router;
  std::string captured;
  ASSERT_TRUE(router.Add(Method::kGet, "/v1/reports/{id}",
                         [&captured](const Request&, const PathParams& params) {
                           captured = params.at("id");
                           return TextResponse(200, "", "text/plain");
                         }));
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/v1/reports/R-2031")).status, 200);
  EXPECT_EQ(captured, "R-2031");
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/v1/reports/a%20b%2Fc")).status, 200);
  EXPECT_EQ(captured, "a b/c");
}

TEST(RouterTest, SeveralCapturesBindByName) {
  Router router;
  PathParams seen;
  ASSERT_TRUE(router.Add(Method::kGet, "/v1/parties/{party}/reports/{id}",
                         [&seen](const Request&, const PathParams& params) {
                           seen = params;
                           return TextResponse(200, "", "text/plain");
                         }));
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/v1/parties/FR/reports/R-1")).status, 200);
  EXPECT_EQ(seen, (PathParams{{"party", "FR"}, {"id", "R-1"}}));
}

TEST(RouterTest, CaptureDoesNotMatchAnEmptySegment) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/v1/reports/{id}", Answer("report")));
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/v1/reports/")).status, 404);
}

TEST(RouterTest, CaptureDoesNotSpanSegments) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/v1/reports/{id}", Answer("report")));
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/v1/reports/a/b")).status, 404);
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/v1/reports")).status, 404);
}

TEST(RouterTest, SamePatternDispatchesByMethod) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/v1/reports", Answer("list")));
  ASSERT_TRUE(router.Add(Method::kPost, "/v1/reports", Answer("file")));
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/v1/reports")).body, "list");
  EXPECT_EQ(router.Handle(MakeRequest("POST", "/v1/reports")).body, "file");
}

// --- 404 and 405 ------------------------------------------------------------

TEST(RouterTest, UnknownPathIs404Problem) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/healthz", Answer("health")));
  Response response = router.Handle(MakeRequest("GET", "/nowhere"));
  ExpectProblem(response, 404);
  EXPECT_THAT(response.body, HasSubstr("\"title\":\"Not Found\""));
  EXPECT_THAT(response.body, HasSubstr("\"instance\":\"/nowhere\""));
  EXPECT_EQ(response.Header("Allow"), nullptr);
}

TEST(RouterTest, UnknownPathIs404ForEveryMethod) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/healthz", Answer("health")));
  EXPECT_EQ(router.Handle(MakeRequest("POST", "/nowhere")).status, 404);
  EXPECT_EQ(router.Handle(MakeRequest("DELETE", "/nowhere")).status, 404);
}

TEST(RouterTest, KnownPathWithWrongMethodIs405WithAllow) {
  // RFC 9110 section 15.5.6: a 405 MUST carry Allow with the target's methods.
  Router router;
  ASSERT_TRUE(router.Add(Method::kPost, "/v1/reports", Answer("file")));
  ASSERT_TRUE(router.Add(Method::kDelete, "/v1/reports", Answer("delete")));
  Response response = router.Handle(MakeRequest("PUT", "/v1/reports"));
  ExpectProblem(response, 405);
  EXPECT_THAT(AllowedMethods(response), UnorderedElementsAre("POST", "DELETE"));
  EXPECT_THAT(response.body, HasSubstr("method PUT is not allowed on /v1/reports"));
}

TEST(RouterTest, AllowListsHeadWithGet) {
  // A server that supports GET supports HEAD (RFC 9110 section 9.3.2).
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/v1/reports", Answer("list")));
  ASSERT_TRUE(router.Add(Method::kPost, "/v1/reports", Answer("file")));
  Response response = router.Handle(MakeRequest("DELETE", "/v1/reports"));
  ExpectProblem(response, 405);
  EXPECT_THAT(AllowedMethods(response), UnorderedElementsAre("GET", "HEAD", "POST"));
}

TEST(RouterTest, AllowOmitsHeadWithoutGet) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kPost, "/v1/canonical-json", Answer("canon")));
  Response response = router.Handle(MakeRequest("HEAD", "/v1/canonical-json"));
  ExpectProblem(response, 405);
  EXPECT_THAT(AllowedMethods(response), UnorderedElementsAre("POST"));
}

TEST(RouterTest, AllowListsEachMethodOnceWhenPatternsOverlap) {
  // Both patterns match "/v1/reports/latest"; Allow is a set of methods.
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/v1/reports/latest", Answer("latest")));
  ASSERT_TRUE(router.Add(Method::kGet, "/v1/reports/{id}", Answer("report")));
  Response response = router.Handle(MakeRequest("POST", "/v1/reports/latest"));
  ExpectProblem(response, 405);
  EXPECT_THAT(AllowedMethods(response), UnorderedElementsAre("GET", "HEAD"));
}

TEST(RouterTest, UnknownMethodOnKnownPathIs405NamingTheMethod) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/healthz", Answer("health")));
  Response response = router.Handle(MakeRequest("BREW", "/healthz"));
  ExpectProblem(response, 405);
  EXPECT_THAT(response.body, HasSubstr("method BREW is not allowed"));
}

// --- HEAD -------------------------------------------------------------------

TEST(RouterTest, HeadRunsTheGetHandler) {
  Router router;
  Method seen = Method::kOther;
  ASSERT_TRUE(router.Add(Method::kGet, "/healthz",
                         [&seen](const Request& request, const PathParams&) {
                           seen = request.method;
                           return TextResponse(200, "ok", "text/plain");
                         }));
  Response response = router.Handle(MakeRequest("HEAD", "/healthz"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.route, "/healthz");
  // The handler still sees HEAD, so it may skip building a body.
  EXPECT_EQ(seen, Method::kHead);
}

// --- registration -----------------------------------------------------------

TEST(RouterTest, DuplicateRegistrationIsConflict) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/v1/reports/{id}", Answer("first")));
  auto again = router.Add(Method::kGet, "/v1/reports/{id}", Answer("second"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_THAT(again.error().message, HasSubstr("GET /v1/reports/{id}"));
  EXPECT_THAT(again.error().message, HasSubstr("registered twice"));
  // The first registration still answers.
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/v1/reports/R-1")).body, "first");
}

TEST(RouterTest, SameShapeWithOtherCaptureNameIsConflict) {
  // "/v1/reports/{report}" could never run after "/v1/reports/{id}": both
  // match exactly the same paths.
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/v1/reports/{id}", Answer("first")));
  auto again = router.Add(Method::kGet, "/v1/reports/{report}", Answer("second"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_THAT(again.error().message,
              HasSubstr("GET /v1/reports/{report} matches the same paths as /v1/reports/{id}"));
}

TEST(RouterTest, SamePatternWithAnotherMethodIsNotConflict) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/v1/reports", Answer("list")));
  EXPECT_TRUE(router.Add(Method::kPost, "/v1/reports", Answer("file")));
}

TEST(RouterTest, MalformedPatternIsInvalidArgument) {
  const char* malformed[] = {
      "",            // empty
      "healthz",     // not absolute
      "/x?y=1",      // a query is not part of a pattern
      "/v1/{}",      // capture without a name
      "/v1/{id",     // unbalanced brace
      "/v1/id}",     // unbalanced brace
      "/v1/x{id}",   // a capture is a whole segment
      "/v1/{a{b}}",  // nested braces
      "/{id}/{id}",  // one name bound twice
  };
  for (const char* pattern : malformed) {
    Router router;
    auto added = router.Add(Method::kGet, pattern, Answer("x"));
    ASSERT_FALSE(added) << "accepted: \"" << pattern << "\"";
    EXPECT_EQ(added.error().code, core::ErrorCode::kInvalidArgument) << pattern;
    EXPECT_THAT(added.error().message, HasSubstr("route pattern \"" + std::string(pattern) + "\""));
  }
}

// --- fallback ---------------------------------------------------------------

TEST(RouterTest, FallbackServesUnmatchedGetAndHead) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/healthz", Answer("health")));
  int calls = 0;
  router.SetFallback([&calls](const Request&, const PathParams&) {
    ++calls;
    return TextResponse(200, "file", "text/html");
  });
  Response get = router.Handle(MakeRequest("GET", "/index.html"));
  EXPECT_EQ(get.body, "file");
  EXPECT_EQ(get.route, "fallback");
  EXPECT_EQ(router.Handle(MakeRequest("HEAD", "/index.html")).body, "file");
  EXPECT_EQ(calls, 2);
}

TEST(RouterTest, FallbackIsNotUsedForOtherMethods) {
  Router router;
  int calls = 0;
  router.SetFallback([&calls](const Request&, const PathParams&) {
    ++calls;
    return TextResponse(200, "file", "text/html");
  });
  ExpectProblem(router.Handle(MakeRequest("POST", "/index.html")), 404);
  ExpectProblem(router.Handle(MakeRequest("DELETE", "/index.html")), 404);
  ExpectProblem(router.Handle(MakeRequest("BREW", "/index.html")), 404);
  EXPECT_EQ(calls, 0);
}

TEST(RouterTest, FallbackDoesNotHideA405) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kPost, "/v1/reports", Answer("file")));
  int calls = 0;
  router.SetFallback([&calls](const Request&, const PathParams&) {
    ++calls;
    return TextResponse(200, "file", "text/html");
  });
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/v1/reports")).status, 405);
  EXPECT_EQ(calls, 0);
}

TEST(RouterTest, FallbackKeepsTheRouteItNames) {
  Router router;
  router.SetFallback([](const Request&, const PathParams&) {
    Response response = TextResponse(200, "file", "text/html");
    response.route = "static";
    return response;
  });
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/app.js")).route, "static");
}

// --- the route label --------------------------------------------------------

TEST(RouterTest, RouteLabelIsThePatternNotThePath) {
  // Metrics are labelled by route: one series per pattern, not per id.
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/v1/reports/{id}", Answer("report")));
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/v1/reports/R-1")).route, "/v1/reports/{id}");
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/v1/reports/R-2")).route, "/v1/reports/{id}");
}

TEST(RouterTest, RouteLabelOverridesWhatTheHandlerSet) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kGet, "/healthz", [](const Request&, const PathParams&) {
    Response response = TextResponse(200, "ok", "text/plain");
    response.route = "/v1/reports/R-1";  // a handler cannot raise cardinality
    return response;
  }));
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/healthz")).route, "/healthz");
}

TEST(RouterTest, UnmatchedAnswersAreLabelledUnmatched) {
  Router router;
  ASSERT_TRUE(router.Add(Method::kPost, "/v1/reports", Answer("file")));
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/v1/reports")).route, "unmatched");  // 405
  EXPECT_EQ(router.Handle(MakeRequest("GET", "/v1/nothing")).route, "unmatched");  // 404
}

}  // namespace
}  // namespace accord::server
