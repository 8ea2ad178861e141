#include "server/static_files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace accord::server {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

// SHA-256("abc") is ba7816bf...f20015ad (FIPS 180-2 appendix B.1); the ETag
// is its first 128 bits in hex, as a strong entity-tag (RFC 9110 8.8.3).
constexpr std::string_view kIndexHtml = "abc";
constexpr std::string_view kIndexEtag = "\"ba7816bf8f01cfea414140de5dae2223\"";
// What the files outside the root hold; no answer may contain it.
constexpr std::string_view kSecret = "TOP-SECRET-CONTENT";

void WriteText(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

Request Get(std::string_view target) {
  Request request;
  request.method = Method::kGet;
  request.method_text = "GET";
  request.target = std::string(target);
  auto parsed = ParseRequestTarget(target);
  EXPECT_TRUE(parsed.has_value()) << target;
  if (parsed) request.parsed = *parsed;
  return request;
}

Request GetIfNoneMatch(std::string_view target, std::string if_none_match) {
  Request request = Get(target);
  request.headers.emplace_back("If-None-Match", std::move(if_none_match));
  return request;
}

std::string HeaderOr(const Response& response, std::string_view name) {
  const std::string* value = response.Header(name);
  return value ? *value : "<absent>";
}

// A scratch tree, deleted after each test:
//   <base>/www/            the root that is served
//   <base>/outside/        a secret that links inside www point to
//   <base>/www-private/    a sibling whose name starts with the root's
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string base_template = (fs::temp_directory_path() / "accord-static-XXXXXX").string();
    ASSERT_NE(mkdtemp(base_template.data()), nullptr);
    base_ = base_template;
    root_ = base_ / "www";
    WriteText(root_ / "index.html", kIndexHtml);
    WriteText(root_ / "assets" / "app-3f2a.js", "console.log(1);\n");
    WriteText(root_ / "assets" / "app-3f2a.css", "body{}\n");
    WriteText(root_ / "data.json", "{}");
    WriteText(root_ / "logo.svg", "<svg/>");
    WriteText(root_ / "blob.xyz", "?");
    WriteText(root_ / "docs" / "index.html", "<p>docs</p>");
    WriteText(base_ / "outside" / "secret.txt", kSecret);
    WriteText(base_ / "www-private" / "secret.txt", kSecret);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }

  Response Serve(const Request& request) const { return StaticFiles(root_).Serve(request); }

  fs::path base_;
  fs::path root_;
};

void ExpectNotFoundProblem(const Response& response) {
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(HeaderOr(response, "Content-Type"), "application/problem+json");
  EXPECT_THAT(response.body, HasSubstr("\"status\":404"));
  EXPECT_THAT(response.body, Not(HasSubstr(std::string(kSecret))));
}

// --- serving ---------------------------------------------------------------

TEST_F(StaticFilesTest, RootServesIndexHtml) {
  Response response = Serve(Get("/"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, kIndexHtml);
  EXPECT_EQ(HeaderOr(response, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(response.route, "static");
}

TEST_F(StaticFilesTest, DirectoryWithTrailingSlashServesItsIndex) {
  Response response = Serve(Get("/docs/"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "<p>docs</p>");
}

TEST_F(StaticFilesTest, ServesNestedFile) {
  Response response = Serve(Get("/assets/app-3f2a.js"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "console.log(1);\n");
}

TEST_F(StaticFilesTest, SetsContentTypeFromTheExtension) {
  // RFC 9239 (JavaScript), RFC 8259 (JSON), W3C SVG; unknown -> octet-stream.
  EXPECT_EQ(HeaderOr(Serve(Get("/assets/app-3f2a.js")), "Content-Type"),
            "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOr(Serve(Get("/assets/app-3f2a.css")), "Content-Type"),
            "text/css; charset=utf-8");
  EXPECT_EQ(HeaderOr(Serve(Get("/data.json")), "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOr(Serve(Get("/logo.svg")), "Content-Type"), "image/svg+xml");
  EXPECT_EQ(HeaderOr(Serve(Get("/blob.xyz")), "Content-Type"), "application/octet-stream");
}

TEST_F(StaticFilesTest, ContentTypeForKnownExtensions) {
  EXPECT_EQ(StaticFiles::ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(StaticFiles::ContentTypeFor("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(StaticFiles::ContentTypeFor("a.png"), "image/png");
  EXPECT_EQ(StaticFiles::ContentTypeFor("a.woff2"), "font/woff2");  // RFC 8081
  EXPECT_EQ(StaticFiles::ContentTypeFor("site.webmanifest"), "application/manifest+json");
  EXPECT_EQ(StaticFiles::ContentTypeFor("Makefile"), "application/octet-stream");
  EXPECT_EQ(StaticFiles::ContentTypeFor("html"), "application/octet-stream");
}

TEST_F(StaticFilesTest, SendsNosniff) {
  EXPECT_EQ(HeaderOr(Serve(Get("/data.json")), "X-Content-Type-Options"), "nosniff");
}

// --- validators and caching ------------------------------------------------

TEST_F(StaticFilesTest, EtagIsAStrongValidatorOverTheContent) {
  EXPECT_EQ(HeaderOr(Serve(Get("/")), "ETag"), kIndexEtag);
  EXPECT_EQ(HeaderOr(Serve(Get("/index.html")), "ETag"), kIndexEtag);
}

TEST_F(StaticFilesTest, EtagChangesWithTheContent) {
  std::string before = HeaderOr(Serve(Get("/data.json")), "ETag");
  WriteText(root_ / "data.json", "{\"a\":1}");
  EXPECT_NE(HeaderOr(Serve(Get("/data.json")), "ETag"), before);
}

TEST_F(StaticFilesTest, MatchingIfNoneMatchIs304WithoutBody) {
  // RFC 9110 section 13.1.2; a 304 repeats ETag and Cache-Control (15.4.5).
  Response response = Serve(GetIfNoneMatch("/", std::string(kIndexEtag)));
  EXPECT_EQ(response.status, 304);
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(HeaderOr(response, "ETag"), kIndexEtag);
  EXPECT_EQ(HeaderOr(response, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, OtherIfNoneMatchIs200) {
  Response response = Serve(GetIfNoneMatch("/", "\"0000\""));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, kIndexHtml);
}

TEST_F(StaticFilesTest, IfNoneMatchListContainingTheEtagIs304) {
  // If-None-Match = "*" / #entity-tag (RFC 9110 section 13.1.2).
  EXPECT_EQ(Serve(GetIfNoneMatch("/", "\"0000\", " + std::string(kIndexEtag))).status, 304);
  EXPECT_EQ(Serve(GetIfNoneMatch("/", std::string(kIndexEtag) + ",\"0000\"")).status, 304);
  // etagc includes ',' (section 8.8.3): a comma inside a tag is not a separator.
  EXPECT_EQ(Serve(GetIfNoneMatch("/", "\"a, b\" , W/\"c,\"," + std::string(kIndexEtag))).status,
            304);
}

TEST_F(StaticFilesTest, IfNoneMatchUsesWeakComparison) {
  // RFC 9110 section 13.1.2: "A recipient MUST use the weak comparison
  // function when comparing entity tags for If-None-Match".
  EXPECT_EQ(Serve(GetIfNoneMatch("/", "W/" + std::string(kIndexEtag))).status, 304);
}

TEST_F(StaticFilesTest, IfNoneMatchStarIs304ForAnExistingFile) {
  EXPECT_EQ(Serve(GetIfNoneMatch("/", "*")).status, 304);
}

TEST_F(StaticFilesTest, UnquotedOrPartialEtagDoesNotMatch) {
  std::string bare(kIndexEtag.substr(1, kIndexEtag.size() - 2));
  EXPECT_EQ(Serve(GetIfNoneMatch("/", bare)).status, 200);
  EXPECT_EQ(Serve(GetIfNoneMatch("/", "\"" + bare.substr(0, 8) + "\"")).status, 200);
  EXPECT_EQ(Serve(GetIfNoneMatch("/", "")).status, 200);
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutableForAYear) {
  // RFC 8246 immutable; RFC 9111 section 5.2.2.1 max-age.
  EXPECT_EQ(HeaderOr(Serve(Get("/assets/app-3f2a.js")), "Cache-Control"),
            "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, OtherFilesMustBeRevalidated) {
  // no-cache: store, but revalidate before each use (RFC 9111 5.2.2.4).
  EXPECT_EQ(HeaderOr(Serve(Get("/")), "Cache-Control"), "no-cache");
  EXPECT_EQ(HeaderOr(Serve(Get("/data.json")), "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, HtmlCarriesAContentSecurityPolicy) {
  std::string policy = HeaderOr(Serve(Get("/")), "Content-Security-Policy");
  EXPECT_THAT(policy, HasSubstr("default-src 'self'"));
  EXPECT_THAT(policy, HasSubstr("frame-ancestors 'none'"));
}

TEST_F(StaticFilesTest, NonHtmlHasNoContentSecurityPolicy) {
  EXPECT_EQ(Serve(Get("/assets/app-3f2a.js")).Header("Content-Security-Policy"), nullptr);
}

// --- refusals ----------------------------------------------------------------

TEST_F(StaticFilesTest, MissingFileIs404Problem) {
  Response response = Serve(Get("/nope.html"));
  ExpectNotFoundProblem(response);
  EXPECT_THAT(response.body, HasSubstr("\"instance\":\"/nope.html\""));
}

TEST_F(StaticFilesTest, DirectoryWithoutIndexIs404) {
  ExpectNotFoundProblem(Serve(Get("/assets/")));
  ExpectNotFoundProblem(Serve(Get("/assets")));
}

TEST_F(StaticFilesTest, MissingRootIs404) {
  Response response = StaticFiles(base_ / "no-such-dir").Serve(Get("/"));
  ExpectNotFoundProblem(response);
}

TEST_F(StaticFilesTest, RefusesSymlinkToAFileOutsideTheRoot) {
  fs::create_symlink(base_ / "outside" / "secret.txt", root_ / "leak.txt");
  ExpectNotFoundProblem(Serve(Get("/leak.txt")));
}

TEST_F(StaticFilesTest, RefusesSymlinkToADirectoryOutsideTheRoot) {
  fs::create_directory_symlink(base_ / "outside", root_ / "leakdir");
  ExpectNotFoundProblem(Serve(Get("/leakdir/secret.txt")));
}

TEST_F(StaticFilesTest, RefusesRelativeSymlinkClimbingOut) {
  fs::create_symlink("../outside/secret.txt", root_ / "up.txt");
  ExpectNotFoundProblem(Serve(Get("/up.txt")));
}

TEST_F(StaticFilesTest, RefusesSymlinkIntoASiblingThatSharesTheRootsPrefix) {
  // "<base>/www-private" starts with the characters of "<base>/www" but is
  // not inside it: containment is by path component, not by string prefix.
  fs::create_symlink(base_ / "www-private" / "secret.txt", root_ / "p.txt");
  ExpectNotFoundProblem(Serve(Get("/p.txt")));
}

TEST_F(StaticFilesTest, ServesSymlinkThatStaysInsideTheRoot) {
  fs::create_symlink(root_ / "data.json", root_ / "alias.json");
  Response response = Serve(Get("/alias.json"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{}");
}

TEST_F(StaticFilesTest, ServesThroughARootThatIsItselfASymlink) {
  fs::create_directory_symlink(root_, base_ / "current");
  Response response = StaticFiles(base_ / "current").Serve(Get("/data.json"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{}");
}

TEST_F(StaticFilesTest, RootWithTrailingSlashStillRefusesEscapes) {
  fs::create_symlink(base_ / "outside" / "secret.txt", root_ / "leak.txt");
  StaticFiles files(root_.string() + "/");
  EXPECT_EQ(files.Serve(Get("/data.json")).status, 200);
  ExpectNotFoundProblem(files.Serve(Get("/leak.txt")));
}

TEST_F(StaticFilesTest, RefusesDecodedSegmentContainingSlash) {
  // "assets%2Fapp-3f2a.js" is one segment "assets/app-3f2a.js": it names no
  // file in the root, even though assets/app-3f2a.js exists.
  ExpectNotFoundProblem(Serve(Get("/assets%2Fapp-3f2a.js")));
  ExpectNotFoundProblem(Serve(Get("/%2Fetc%2Fpasswd")));
}

TEST_F(StaticFilesTest, RefusesDecodedSegmentContainingBackslash) {
  ExpectNotFoundProblem(Serve(Get("/assets%5Capp-3f2a.js")));
}

TEST_F(StaticFilesTest, RefusesSegmentsThatBypassedTheParser) {
  // Serve must hold even if handed segments that ParseRequestTarget would
  // refuse: ".." must not climb out of the root.
  Request request = Get("/x");
  request.parsed.segments = {"..", "outside", "secret.txt"};
  ExpectNotFoundProblem(Serve(request));
  request.parsed.segments = {"..", "www-private", "secret.txt"};
  ExpectNotFoundProblem(Serve(request));
}

}  // namespace
}  // namespace accord::server
