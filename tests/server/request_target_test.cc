#include "server/request_target.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace accord::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

// Parses `target` and fails the test (with the error) if it is refused.
RequestTarget MustParse(std::string_view target) {
  auto parsed = ParseRequestTarget(target);
  EXPECT_TRUE(parsed.has_value()) << target << ": " << parsed.error().ToString();
  return parsed.has_value() ? *parsed : RequestTarget{};
}

// The error message for `target`, which must be refused with kInvalidArgument.
std::string MustRefuse(std::string_view target) {
  auto parsed = ParseRequestTarget(target);
  EXPECT_FALSE(parsed.has_value()) << "accepted: " << target;
  if (parsed.has_value()) return "";
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument) << target;
  return parsed.error().message;
}

// --- origin-form (RFC 9112 section 3.2.1) ---------------------------------

TEST(RequestTargetTest, RootIsOneEmptySegment) {
  RequestTarget target = MustParse("/");
  EXPECT_THAT(target.segments, ElementsAre(""));
  EXPECT_THAT(target.query, IsEmpty());
  EXPECT_EQ(target.Path(), "/");
}

TEST(RequestTargetTest, SplitsAbsolutePathIntoSegments) {
  EXPECT_THAT(MustParse("/v1/reports/R-1").segments, ElementsAre("v1", "reports", "R-1"));
  // A trailing slash is an empty last segment, an empty middle one stays too.
  EXPECT_THAT(MustParse("/v1/x/").segments, ElementsAre("v1", "x", ""));
  EXPECT_THAT(MustParse("/a//b").segments, ElementsAre("a", "", "b"));
}

TEST(RequestTargetTest, RefusesAbsoluteForm) {
  // absolute-form is for requests to proxies (RFC 9112 section 3.2.2).
  EXPECT_THAT(MustRefuse("http://example.com/v1"), HasSubstr("byte 0"));
  EXPECT_THAT(MustRefuse("http://example.com/v1"), HasSubstr("origin-form"));
}

TEST(RequestTargetTest, RefusesAsteriskAndAuthorityForms) {
  // RFC 9112 sections 3.2.3 (CONNECT) and 3.2.4 (server-wide OPTIONS).
  EXPECT_THAT(MustRefuse("*"), HasSubstr("must start with '/'"));
  EXPECT_THAT(MustRefuse("example.com:443"), HasSubstr("must start with '/'"));
}

TEST(RequestTargetTest, RefusesEmptyTarget) {
  EXPECT_THAT(MustRefuse(""), HasSubstr("byte 0"));
}

TEST(RequestTargetTest, RefusesCharactersOutsidePcharWithTheirOffset) {
  // RFC 3986 section 3.3: space, '"', '<', '>', '\\', '^', '`', '{', '|', '}'
  // and non-ASCII bytes are not pchar and must arrive percent-encoded.
  EXPECT_THAT(MustRefuse("/a b"), HasSubstr("byte 2"));
  EXPECT_THAT(MustRefuse("/a b"), HasSubstr("0x20 must be percent-encoded"));
  EXPECT_THAT(MustRefuse("/x/<script>"), HasSubstr("byte 3"));
  EXPECT_THAT(MustRefuse("/a\\b"), HasSubstr("0x5c"));
  EXPECT_THAT(MustRefuse("/caf\xc3\xa9"), HasSubstr("byte 4"));
  EXPECT_THAT(MustRefuse("/a|b"), HasSubstr("byte 2"));
}

TEST(RequestTargetTest, RefusesRawNulAndControlBytes) {
  EXPECT_THAT(MustRefuse(std::string_view("/a\0b", 4)), HasSubstr("byte 2"));
  EXPECT_THAT(MustRefuse("/a\tb"), HasSubstr("0x09"));
  EXPECT_THAT(MustRefuse("/x?a=\r\n"), HasSubstr("byte 5"));
}

TEST(RequestTargetTest, RefusesFragment) {
  // A fragment is never sent in a request-target (RFC 9112 section 3.2).
  EXPECT_THAT(MustRefuse("/a#top"), HasSubstr("byte 2"));
  EXPECT_THAT(MustRefuse("/a?x=1#top"), HasSubstr("byte 6"));
}

TEST(RequestTargetTest, AcceptsEveryPcharLiterally) {
  // unreserved, sub-delims, ':' and '@' (RFC 3986 sections 2.2, 2.3, 3.3).
  RequestTarget target = MustParse("/AZaz09-._~!$&'()*+,;=:@");
  EXPECT_THAT(target.segments, ElementsAre("AZaz09-._~!$&'()*+,;=:@"));
}

// --- percent-decoding (RFC 3986 section 2.1) -------------------------------

TEST(RequestTargetTest, DecodesPercentEscapesPerSegment) {
  EXPECT_THAT(MustParse("/v1/a%20b/").segments, ElementsAre("v1", "a b", ""));
  // Hex digits are case-insensitive (RFC 3986 section 2.1).
  EXPECT_THAT(MustParse("/%4a%4A").segments, ElementsAre("JJ"));
}

TEST(RequestTargetTest, EncodedSlashStaysInsideItsSegment) {
  // Splitting happens before decoding (RFC 3986 section 2.2: an encoded
  // reserved character is data, not a delimiter).
  EXPECT_THAT(MustParse("/a%2Fb/c").segments, ElementsAre("a/b", "c"));
  EXPECT_THAT(MustParse("/%2f").segments, ElementsAre("/"));
}

TEST(RequestTargetTest, EncodedQuestionMarkStaysInThePath) {
  RequestTarget target = MustParse("/a%3Fb");
  EXPECT_THAT(target.segments, ElementsAre("a?b"));
  EXPECT_THAT(target.query, IsEmpty());
}

TEST(RequestTargetTest, DecodesMultiByteUtf8) {
  // U+00E9 and U+1F600 as UTF-8 (RFC 3629).
  EXPECT_THAT(MustParse("/caf%C3%A9/%F0%9F%98%80").segments,
              ElementsAre("caf\xc3\xa9", "\xf0\x9f\x98\x80"));
}

TEST(RequestTargetTest, PlusIsLiteralInThePath) {
  // '+' is a sub-delim in a path; only HTML form encoding (the query) maps
  // it to a space.
  EXPECT_THAT(MustParse("/a+b").segments, ElementsAre("a+b"));
}

TEST(RequestTargetTest, PlusIsSpaceInTheQuery) {
  RequestTarget target = MustParse("/search?q=a+b&c+d=1");
  EXPECT_THAT(target.query, ElementsAre(Pair("q", "a b"), Pair("c d", "1")));
}

TEST(RequestTargetTest, EncodedPlusInTheQueryIsAPlus) {
  EXPECT_THAT(MustParse("/s?q=1%2B1").query, ElementsAre(Pair("q", "1+1")));
}

TEST(RequestTargetTest, RefusesNonHexEscapeWithItsOffset) {
  std::string message = MustRefuse("/a%zz");
  EXPECT_THAT(message, HasSubstr("byte 2"));
  EXPECT_THAT(message, HasSubstr("percent-escape needs two hex digits"));
  EXPECT_THAT(MustRefuse("/ok/%4g"), HasSubstr("byte 4"));
}

TEST(RequestTargetTest, RefusesShortEscapeAtTheEndWithItsOffset) {
  EXPECT_THAT(MustRefuse("/abc%"), HasSubstr("byte 4"));
  EXPECT_THAT(MustRefuse("/abc%4"), HasSubstr("byte 4"));
  EXPECT_THAT(MustRefuse("/abc%4/x"), HasSubstr("byte 4"));
}

TEST(RequestTargetTest, RefusesBadEscapeInTheQueryWithItsOffset) {
  // "/x?k=%g0": the '%' is byte 5.
  EXPECT_THAT(MustRefuse("/x?k=%g0"), HasSubstr("byte 5"));
  // "/x?a=1&%2=3": the '%' is byte 7.
  EXPECT_THAT(MustRefuse("/x?a=1&%2=3"), HasSubstr("byte 7"));
}

TEST(RequestTargetTest, RefusesEncodedNul) {
  EXPECT_THAT(MustRefuse("/a%00b"), HasSubstr("control character or invalid UTF-8"));
  EXPECT_THAT(MustRefuse("/x?k=a%00"), HasSubstr("control character or invalid UTF-8"));
}

TEST(RequestTargetTest, RefusesEncodedControlCharacters) {
  EXPECT_THAT(MustRefuse("/a%0Ab"), HasSubstr("control character"));  // LF
  EXPECT_THAT(MustRefuse("/a%0db"), HasSubstr("control character"));  // CR
  EXPECT_THAT(MustRefuse("/a%1F"), HasSubstr("control character"));
  EXPECT_THAT(MustRefuse("/a%7F"), HasSubstr("control character"));   // DEL
  EXPECT_THAT(MustRefuse("/a?%09=1"), HasSubstr("control character"));  // TAB in a name
}

TEST(RequestTargetTest, RefusesInvalidUtf8AfterDecoding) {
  // RFC 3629 section 4 (the UTF8-octets grammar) excludes each of these.
  EXPECT_FALSE(ParseRequestTarget("/%C3%28"));         // bad continuation byte
  EXPECT_FALSE(ParseRequestTarget("/%C3"));            // truncated sequence
  EXPECT_FALSE(ParseRequestTarget("/%80"));            // lone continuation byte
  EXPECT_FALSE(ParseRequestTarget("/%C0%AF"));         // overlong '/'
  EXPECT_FALSE(ParseRequestTarget("/%E0%80%AF"));      // overlong '/'
  EXPECT_FALSE(ParseRequestTarget("/%ED%A0%80"));      // UTF-16 surrogate D800
  EXPECT_FALSE(ParseRequestTarget("/%F4%90%80%80"));   // above U+10FFFF
  EXPECT_FALSE(ParseRequestTarget("/%FF"));            // never valid
  EXPECT_FALSE(ParseRequestTarget("/x?q=%E2%82"));     // truncated in the query
}

TEST(RequestTargetTest, InvalidUtf8MessageNamesTheComponentOffset) {
  // The component "%C3%28" starts at byte 3 of "/a/%C3%28".
  EXPECT_THAT(MustRefuse("/a/%C3%28"), HasSubstr("byte 3"));
}

TEST(RequestTargetTest, AcceptsUtf8AtTheRangeLimits) {
  EXPECT_TRUE(ParseRequestTarget("/%C2%80"));        // U+0080, smallest 2-byte
  EXPECT_TRUE(ParseRequestTarget("/%ED%9F%BF"));     // U+D7FF, just below surrogates
  EXPECT_TRUE(ParseRequestTarget("/%EE%80%80"));     // U+E000, just above
  EXPECT_TRUE(ParseRequestTarget("/%F4%8F%BF%BF"));  // U+10FFFF
}

// --- dot-segments (RFC 3986 section 3.3, 5.2.4) ----------------------------

TEST(RequestTargetTest, RefusesDotSegments) {
  EXPECT_THAT(MustRefuse("/a/./b"), HasSubstr("dot-segment \".\""));
  EXPECT_THAT(MustRefuse("/a/../b"), HasSubstr("dot-segment \"..\""));
  EXPECT_THAT(MustRefuse("/.."), HasSubstr("byte 1"));
  EXPECT_THAT(MustRefuse("/."), HasSubstr("byte 1"));
  EXPECT_THAT(MustRefuse("/static/.."), HasSubstr("byte 8"));
}

TEST(RequestTargetTest, RefusesPercentEncodedDotSegments) {
  // "%2E" is "." once decoded (RFC 3986 section 2.3: equivalent), so
  // "%2e%2E" must not slip past as a name.
  EXPECT_THAT(MustRefuse("/a/%2e%2E/etc/passwd"), HasSubstr("dot-segment \"..\""));
  EXPECT_THAT(MustRefuse("/a/%2E"), HasSubstr("dot-segment \".\""));
  EXPECT_THAT(MustRefuse("/a/.%2e/b"), HasSubstr("dot-segment \"..\""));
}

TEST(RequestTargetTest, AcceptsSegmentsThatOnlyContainDots) {
  EXPECT_THAT(MustParse("/.well-known/x").segments, ElementsAre(".well-known", "x"));
  EXPECT_THAT(MustParse("/.../a..b/..c").segments, ElementsAre("...", "a..b", "..c"));
}

TEST(RequestTargetTest, DotsInTheQueryAreData) {
  EXPECT_THAT(MustParse("/x?path=../..").query, ElementsAre(Pair("path", "../..")));
}

// --- limits ---------------------------------------------------------------

TEST(RequestTargetTest, AcceptsTargetOfExactlyTheMaximumLength) {
  std::string target = "/" + std::string(kMaxTargetBytes - 1, 'a');
  ASSERT_EQ(target.size(), kMaxTargetBytes);
  EXPECT_TRUE(ParseRequestTarget(target));
}

TEST(RequestTargetTest, RefusesTargetOneByteOverTheMaximum) {
  std::string target = "/" + std::string(kMaxTargetBytes, 'a');
  EXPECT_THAT(MustRefuse(target), HasSubstr("longer than 8192 bytes"));
}

TEST(RequestTargetTest, AcceptsTheMaximumNumberOfSegments) {
  std::string target;
  for (std::size_t i = 0; i < kMaxPathSegments; ++i) target += "/s";
  EXPECT_EQ(MustParse(target).segments.size(), kMaxPathSegments);
}

TEST(RequestTargetTest, RefusesOneSegmentTooMany) {
  std::string target;
  for (std::size_t i = 0; i <= kMaxPathSegments; ++i) target += "/s";
  std::string message = MustRefuse(target);
  EXPECT_THAT(message, HasSubstr("more than 64 path segments"));
  // The 65th segment starts after 64 "/s" pairs and one more '/'.
  EXPECT_THAT(message, HasSubstr("byte " + std::to_string(2 * kMaxPathSegments + 1)));
}

TEST(RequestTargetTest, EmptySegmentsCountTowardsTheLimit) {
  EXPECT_THAT(MustRefuse(std::string(kMaxPathSegments + 1, '/')),
              HasSubstr("path segments"));
}

TEST(RequestTargetTest, AcceptsTheMaximumNumberOfQueryParameters) {
  std::string target = "/x?";
  for (std::size_t i = 0; i < kMaxQueryParameters; ++i) target += "k=v&";
  EXPECT_EQ(MustParse(target).query.size(), kMaxQueryParameters);
}

TEST(RequestTargetTest, RefusesOneQueryParameterTooMany) {
  std::string target = "/x?";
  for (std::size_t i = 0; i <= kMaxQueryParameters; ++i) target += "k=v&";
  std::string message = MustRefuse(target);
  EXPECT_THAT(message, HasSubstr("more than 64 query parameters"));
  // The 65th pair starts at 3 + 64 * 4.
  EXPECT_THAT(message, HasSubstr("byte " + std::to_string(3 + 4 * kMaxQueryParameters)));
}

// --- query parameters ------------------------------------------------------

TEST(RequestTargetTest, SplitsQueryIntoNameValuePairs) {
  RequestTarget target = MustParse("/v1/reports?state=FR&limit=10");
  EXPECT_THAT(target.segments, ElementsAre("v1", "reports"));
  EXPECT_THAT(target.query, ElementsAre(Pair("state", "FR"), Pair("limit", "10")));
}

TEST(RequestTargetTest, NameWithoutEqualsHasAnEmptyValue) {
  EXPECT_THAT(MustParse("/x?flag&b=").query, ElementsAre(Pair("flag", ""), Pair("b", "")));
}

TEST(RequestTargetTest, OnlyTheFirstEqualsSeparatesNameFromValue) {
  EXPECT_THAT(MustParse("/x?a=b=c").query, ElementsAre(Pair("a", "b=c")));
}

TEST(RequestTargetTest, QueryMayHoldSlashAndQuestionMark) {
  // RFC 3986 section 3.4: query = *( pchar / "/" / "?" ).
  EXPECT_THAT(MustParse("/x?next=/a/b?c").query, ElementsAre(Pair("next", "/a/b?c")));
}

TEST(RequestTargetTest, SkipsEmptyPairs) {
  EXPECT_THAT(MustParse("/x?&&a=1&&").query, ElementsAre(Pair("a", "1")));
  EXPECT_THAT(MustParse("/x?").query, IsEmpty());
}

TEST(RequestTargetTest, RefusesEmptyParameterName) {
  EXPECT_THAT(MustRefuse("/x?=v"), HasSubstr("empty name"));
  // "/x?a=1&=2": the second pair starts at byte 7.
  std::string message = MustRefuse("/x?a=1&=2");
  EXPECT_THAT(message, HasSubstr("query parameter with an empty name"));
  EXPECT_THAT(message, HasSubstr("byte 7"));
}

TEST(RequestTargetTest, RepeatedParametersKeepTheirOrder) {
  RequestTarget target = MustParse("/x?t=1&u=3&t=2&t=4");
  EXPECT_THAT(target.query,
              ElementsAre(Pair("t", "1"), Pair("u", "3"), Pair("t", "2"), Pair("t", "4")));
}

TEST(RequestTargetTest, QueryReturnsTheFirstValue) {
  RequestTarget target = MustParse("/x?t=1&t=2");
  ASSERT_NE(target.Query("t"), nullptr);
  EXPECT_EQ(*target.Query("t"), "1");
}

TEST(RequestTargetTest, QueryReturnsNullForAnAbsentName) {
  RequestTarget target = MustParse("/x?t=1");
  EXPECT_EQ(target.Query("u"), nullptr);
  EXPECT_EQ(target.Query("T"), nullptr);  // names are case-sensitive
  EXPECT_EQ(MustParse("/x").Query("t"), nullptr);
}

TEST(RequestTargetTest, QueryMatchesTheDecodedName) {
  RequestTarget target = MustParse("/x?a%20b=1&c+d=2");
  ASSERT_NE(target.Query("a b"), nullptr);
  EXPECT_EQ(*target.Query("a b"), "1");
  ASSERT_NE(target.Query("c d"), nullptr);
  EXPECT_EQ(*target.Query("c d"), "2");
  EXPECT_EQ(target.Query("a%20b"), nullptr);
}

TEST(RequestTargetTest, QueryFindsAnEmptyValue) {
  RequestTarget target = MustParse("/x?flag");
  ASSERT_NE(target.Query("flag"), nullptr);
  EXPECT_EQ(*target.Query("flag"), "");
}

// --- Path() ---------------------------------------------------------------

TEST(RequestTargetTest, PathJoinsDecodedSegmentsWithoutTheQuery) {
  EXPECT_EQ(MustParse("/v1/a%20b?x=1").Path(), "/v1/a b");
  EXPECT_EQ(MustParse("/v1/x/").Path(), "/v1/x/");
  EXPECT_EQ(MustParse("/a//b").Path(), "/a//b");
}

TEST(RequestTargetTest, PathOfDefaultTargetIsRoot) {
  // A default-constructed target (no segments) still names a path.
  EXPECT_EQ(RequestTarget{}.Path(), "/");
}

}  // namespace
}  // namespace accord::server
