#include "server/problem.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <array>
#include <string>

namespace accord::server {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;

constexpr std::array<core::ErrorCode, 9> kAllCodes = {
    core::ErrorCode::kInvalidArgument,  core::ErrorCode::kNotFound,
    core::ErrorCode::kConflict,         core::ErrorCode::kPermissionDenied,
    core::ErrorCode::kUnauthenticated,
    core::ErrorCode::kResourceExhausted, core::ErrorCode::kUnavailable,
    core::ErrorCode::kCorrupt,          core::ErrorCode::kInternal,
};

// Parses a response body strictly (Boost.JSON refuses invalid UTF-8 by
// default) and requires a JSON object.
json::object ParseObject(const std::string& body) {
  boost::system::error_code ec;
  json::value value = json::parse(body, ec);
  EXPECT_FALSE(ec) << "not JSON (" << ec.message() << "): " << body;
  if (ec || !value.is_object()) {
    ADD_FAILURE() << "not a JSON object: " << body;
    return {};
  }
  return value.as_object();
}

std::string StringMember(const json::object& object, std::string_view name) {
  const json::value* member = object.if_contains(name);
  if (member == nullptr || !member->is_string()) {
    ADD_FAILURE() << "no string member \"" << name << "\" in " << json::serialize(object);
    return "";
  }
  return std::string(member->as_string());
}

// --- HttpStatusFor ----------------------------------------------------------

TEST(HttpStatusForTest, InvalidArgumentIsBadRequest) {
  EXPECT_EQ(HttpStatusFor(core::ErrorCode::kInvalidArgument), 400);  // RFC 9110 15.5.1
}
TEST(HttpStatusForTest, NotFoundIs404) {
  EXPECT_EQ(HttpStatusFor(core::ErrorCode::kNotFound), 404);  // RFC 9110 15.5.5
}
TEST(HttpStatusForTest, ConflictIs409) {
  EXPECT_EQ(HttpStatusFor(core::ErrorCode::kConflict), 409);  // RFC 9110 15.5.10
}
TEST(HttpStatusForTest, PermissionDeniedIsForbidden) {
  EXPECT_EQ(HttpStatusFor(core::ErrorCode::kPermissionDenied), 403);  // RFC 9110 15.5.4
  EXPECT_EQ(HttpStatusFor(core::ErrorCode::kUnauthenticated), 401);  // RFC 9110 15.5.2
}
TEST(HttpStatusForTest, ResourceExhaustedIsContentTooLarge) {
  EXPECT_EQ(HttpStatusFor(core::ErrorCode::kResourceExhausted), 413);  // RFC 9110 15.5.14
}
TEST(HttpStatusForTest, UnavailableIsServiceUnavailable) {
  EXPECT_EQ(HttpStatusFor(core::ErrorCode::kUnavailable), 503);  // RFC 9110 15.6.4
}
TEST(HttpStatusForTest, CorruptAndInternalAreServerErrors) {
  // Neither is the client's fault (RFC 9110 15.6.1).
  EXPECT_EQ(HttpStatusFor(core::ErrorCode::kCorrupt), 500);
  EXPECT_EQ(HttpStatusFor(core::ErrorCode::kInternal), 500);
}

// --- FindProblemType --------------------------------------------------------

TEST(FindProblemTypeTest, DocumentsEveryErrorCodeName) {
  for (core::ErrorCode code : kAllCodes) {
    std::string_view name = core::ErrorCodeName(code);
    const ProblemType* type = FindProblemType(name);
    ASSERT_NE(type, nullptr) << name;
    EXPECT_EQ(type->name, name);
    EXPECT_FALSE(type->title.empty()) << name;
    EXPECT_FALSE(type->description.empty()) << name;
  }
}

TEST(FindProblemTypeTest, EveryCodeHasItsOwnTitle) {
  // A title identifies the type (RFC 9457 section 3.1.3); two codes with one
  // title would be indistinguishable to a reader.
  for (std::size_t i = 0; i < kAllCodes.size(); ++i)
    for (std::size_t k = i + 1; k < kAllCodes.size(); ++k)
      EXPECT_NE(FindProblemType(core::ErrorCodeName(kAllCodes[i]))->title,
                FindProblemType(core::ErrorCodeName(kAllCodes[k]))->title);
}

TEST(FindProblemTypeTest, ReturnsNullForUnknownNames) {
  EXPECT_EQ(FindProblemType("no_such_problem"), nullptr);
  EXPECT_EQ(FindProblemType(""), nullptr);
  EXPECT_EQ(FindProblemType("Not_Found"), nullptr);  // names are exact
}

// --- ProblemFor / HttpProblem -----------------------------------------------

TEST(ProblemForTest, UsesCodeNameTypeStatusAndMessage) {
  Problem problem =
      ProblemFor(core::NotFound("report R-2031: no such report"), "/v1/reports/R-2031");
  EXPECT_EQ(problem.type, "/problems/not_found");
  EXPECT_EQ(problem.title, FindProblemType("not_found")->title);
  EXPECT_EQ(problem.status, 404);
  EXPECT_EQ(problem.detail, "report R-2031: no such report");
  EXPECT_EQ(problem.instance, "/v1/reports/R-2031");
}

TEST(ProblemForTest, StatusFollowsHttpStatusForForEveryCode) {
  for (core::ErrorCode code : kAllCodes) {
    Problem problem = ProblemFor(core::Error{code, "x"}, "/");
    EXPECT_EQ(problem.status, HttpStatusFor(code)) << core::ErrorCodeName(code);
    EXPECT_EQ(problem.type, "/problems/" + std::string(core::ErrorCodeName(code)));
  }
}

TEST(HttpProblemTest, IsAboutBlankTitledWithTheReasonPhrase) {
  // RFC 9457 section 4.2.1: with "about:blank" the title SHOULD be the
  // status's reason phrase.
  Problem problem = HttpProblem(405, "use GET", "/healthz");
  EXPECT_EQ(problem.type, "about:blank");
  EXPECT_EQ(problem.title, "Method Not Allowed");
  EXPECT_EQ(problem.status, 405);
  EXPECT_EQ(problem.detail, "use GET");
  EXPECT_EQ(problem.instance, "/healthz");
}

// --- ProblemResponse --------------------------------------------------------

TEST(ProblemResponseTest, HasProblemJsonContentTypeAndStatus) {
  Response response = ProblemResponse(core::Conflict("party FR exists"), "/v1/parties");
  EXPECT_EQ(response.status, 409);
  ASSERT_NE(response.Header("Content-Type"), nullptr);
  EXPECT_EQ(*response.Header("Content-Type"), "application/problem+json");  // RFC 9457 6.1
}

TEST(ProblemResponseTest, BodyHasEveryMemberWithItsJsonType) {
  Problem problem = ProblemFor(core::InvalidArgument("report: 2 fields are wrong"), "/v1/reports");
  problem.errors.push_back({"/incident/start", "not an RFC 3339 time"});
  problem.errors.push_back({"/sector", "unknown sector \"x\""});
  json::object body = ParseObject(ProblemResponse(problem).body);
  EXPECT_EQ(StringMember(body, "type"), "/problems/invalid_argument");
  EXPECT_EQ(StringMember(body, "title"), FindProblemType("invalid_argument")->title);
  // "status" is a JSON number (RFC 9457 section 3.1.2).
  ASSERT_TRUE(body.contains("status"));
  ASSERT_TRUE(body.at("status").is_int64());
  EXPECT_EQ(body.at("status").as_int64(), 400);
  EXPECT_EQ(StringMember(body, "detail"), "report: 2 fields are wrong");
  EXPECT_EQ(StringMember(body, "instance"), "/v1/reports");
  ASSERT_TRUE(body.contains("errors"));
  ASSERT_TRUE(body.at("errors").is_array());
  const json::array& errors = body.at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  ASSERT_TRUE(errors[0].is_object());
  EXPECT_EQ(StringMember(errors[0].as_object(), "pointer"), "/incident/start");
  EXPECT_EQ(StringMember(errors[0].as_object(), "detail"), "not an RFC 3339 time");
  EXPECT_EQ(StringMember(errors[1].as_object(), "pointer"), "/sector");
  EXPECT_EQ(StringMember(errors[1].as_object(), "detail"), "unknown sector \"x\"");
  EXPECT_EQ(body.size(), 6u);
}

TEST(ProblemResponseTest, OmitsEmptyOptionalMembers) {
  // detail, instance and errors are optional (RFC 9457 sections 3.1.4-3.1.5).
  json::object body = ParseObject(ProblemResponse(HttpProblem(404, "", "")).body);
  EXPECT_EQ(StringMember(body, "type"), "about:blank");
  EXPECT_EQ(StringMember(body, "title"), "Not Found");
  EXPECT_FALSE(body.contains("detail"));
  EXPECT_FALSE(body.contains("instance"));
  EXPECT_FALSE(body.contains("errors"));
}

TEST(ProblemResponseTest, EscapesQuotesBackslashesAndControlCharacters) {
  std::string detail = "field \"a\\b\": line\nbreak\ttab\rcr \x01\x1f\x7f end";
  json::object body = ParseObject(ProblemResponse(HttpProblem(400, detail, "/x")).body);
  EXPECT_EQ(StringMember(body, "detail"), detail);
}

TEST(ProblemResponseTest, KeepsValidUtf8) {
  std::string detail = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80";
  json::object body = ParseObject(ProblemResponse(HttpProblem(400, detail, "/x")).body);
  EXPECT_EQ(StringMember(body, "detail"), detail);
}

TEST(ProblemResponseTest, InvalidUtf8InTheDetailStillGivesValidJson) {
  // A message may quote what a client sent. Each ill-formed byte becomes
  // U+FFFD (EF BF BD) and the rest survives.
  std::string detail = "bad \xff byte";
  json::object body = ParseObject(ProblemResponse(HttpProblem(400, detail, "/x")).body);
  EXPECT_EQ(StringMember(body, "detail"), "bad \xef\xbf\xbd byte");
}

TEST(ProblemResponseTest, IllFormedSequencesOfEveryKindGiveValidJson) {
  const char* cases[] = {
      "\x80",              // lone continuation byte
      "\xc0\xaf",          // overlong
      "\xed\xa0\x80",      // surrogate
      "\xf4\x90\x80\x80",  // above U+10FFFF
      "\xe2\x82",          // truncated at the end
      "\xe2\x82x",         // truncated before ASCII
      "\xf8\x88\x80\x80\x80",  // 5-byte form
  };
  for (const char* bad : cases) {
    std::string detail = std::string("<") + bad + ">";
    json::object body = ParseObject(ProblemResponse(HttpProblem(400, detail, "/x")).body);
    std::string decoded = StringMember(body, "detail");
    EXPECT_EQ(decoded.front(), '<');
    EXPECT_EQ(decoded.back(), '>');
    EXPECT_THAT(decoded, HasSubstr("\xef\xbf\xbd"));
  }
}

TEST(ProblemResponseTest, InvalidUtf8InInstanceAndErrorsStillGivesValidJson) {
  Problem problem = HttpProblem(400, "x", "/a\xff");
  problem.errors.push_back({"/\xc3", std::string("n\0l", 3)});
  json::object body = ParseObject(ProblemResponse(problem).body);
  EXPECT_EQ(StringMember(body, "instance"), "/a\xef\xbf\xbd");
  ASSERT_TRUE(body.contains("errors"));
  const json::object& error = body.at("errors").as_array().at(0).as_object();
  EXPECT_EQ(StringMember(error, "pointer"), "/\xef\xbf\xbd");
  EXPECT_EQ(StringMember(error, "detail"), std::string("n\0l", 3));  // NUL as \u0000
}

TEST(ProblemResponseTest, AddsExtraHeaders) {
  Problem problem = HttpProblem(405, "", "/healthz");
  problem.extra_headers.emplace_back("Allow", "GET, HEAD");
  Response response = ProblemResponse(problem);
  ASSERT_NE(response.Header("Allow"), nullptr);
  EXPECT_EQ(*response.Header("Allow"), "GET, HEAD");
}

TEST(ProblemResponseTest, IsNotCached) {
  Response response = ProblemResponse(HttpProblem(404, "", "/x"));
  ASSERT_NE(response.Header("Cache-Control"), nullptr);
  EXPECT_EQ(*response.Header("Cache-Control"), "no-store");
}

// --- ReasonPhrase -----------------------------------------------------------

TEST(ReasonPhraseTest, MatchesRfc9110) {
  // RFC 9110 section 15 (413, 422 as renamed there), RFC 6585 for 429, 431.
  EXPECT_EQ(ReasonPhrase(200), "OK");
  EXPECT_EQ(ReasonPhrase(201), "Created");
  EXPECT_EQ(ReasonPhrase(204), "No Content");
  EXPECT_EQ(ReasonPhrase(304), "Not Modified");
  EXPECT_EQ(ReasonPhrase(400), "Bad Request");
  EXPECT_EQ(ReasonPhrase(401), "Unauthorized");
  EXPECT_EQ(ReasonPhrase(403), "Forbidden");
  EXPECT_EQ(ReasonPhrase(404), "Not Found");
  EXPECT_EQ(ReasonPhrase(405), "Method Not Allowed");
  EXPECT_EQ(ReasonPhrase(406), "Not Acceptable");
  EXPECT_EQ(ReasonPhrase(408), "Request Timeout");
  EXPECT_EQ(ReasonPhrase(409), "Conflict");
  EXPECT_EQ(ReasonPhrase(411), "Length Required");
  EXPECT_EQ(ReasonPhrase(413), "Content Too Large");
  EXPECT_EQ(ReasonPhrase(414), "URI Too Long");
  EXPECT_EQ(ReasonPhrase(415), "Unsupported Media Type");
  EXPECT_EQ(ReasonPhrase(422), "Unprocessable Content");
  EXPECT_EQ(ReasonPhrase(429), "Too Many Requests");
  EXPECT_EQ(ReasonPhrase(431), "Request Header Fields Too Large");
  EXPECT_EQ(ReasonPhrase(500), "Internal Server Error");
  EXPECT_EQ(ReasonPhrase(501), "Not Implemented");
  EXPECT_EQ(ReasonPhrase(503), "Service Unavailable");
  EXPECT_EQ(ReasonPhrase(505), "HTTP Version Not Supported");
}

TEST(ReasonPhraseTest, UnknownStatusIsUnknown) {
  EXPECT_EQ(ReasonPhrase(299), "Unknown");
  EXPECT_EQ(ReasonPhrase(0), "Unknown");
  EXPECT_EQ(ReasonPhrase(-1), "Unknown");
}

TEST(ReasonPhraseTest, EveryMappedStatusHasAPhrase) {
  // The statuses ProblemFor can produce must all have a title.
  for (core::ErrorCode code : kAllCodes)
    EXPECT_NE(ReasonPhrase(HttpStatusFor(code)), "Unknown") << core::ErrorCodeName(code);
}

}  // namespace
}  // namespace accord::server
