#include "cli/node_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace accord::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// The message of a refused listen address (kInvalidArgument required).
std::string ListenError(std::string_view text) {
  auto parsed = ParseListenAddress(text);
  EXPECT_FALSE(parsed.has_value()) << "accepted: " << text;
  if (parsed) return "";
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(parsed.error().message, HasSubstr("listen address \"" + std::string(text) + "\""));
  return parsed.error().message;
}

// The message of a refused config file (kInvalidArgument required).
std::string ConfigError(std::string_view toml_text) {
  auto parsed = ParseNodeConfig(toml_text, "/srv/accord/config.toml");
  EXPECT_FALSE(parsed.has_value()) << "accepted:\n" << toml_text;
  if (parsed) return "";
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(parsed.error().message, StartsWith("/srv/accord/config.toml: "));
  return parsed.error().message;
}

NodeConfig MustParse(std::string_view toml_text) {
  auto parsed = ParseNodeConfig(toml_text, "config.toml");
  EXPECT_TRUE(parsed.has_value()) << parsed.error().ToString();
  return parsed ? *parsed : NodeConfig{};
}

constexpr std::string_view kNodeSection = "[node]\norigin = \"accord.example/log\"\n";

// --- ParseListenAddress ------------------------------------------------------

TEST(ParseListenAddressTest, ParsesIpv4AndPort) {
  auto address = ParseListenAddress("127.0.0.1:8080");
  ASSERT_TRUE(address) << address.error().ToString();
  EXPECT_EQ(address->host, "127.0.0.1");
  EXPECT_EQ(address->port, 8080);
  EXPECT_EQ(address->ToString(), "127.0.0.1:8080");
}

TEST(ParseListenAddressTest, ParsesBracketedIpv6) {
  // RFC 3986 section 3.2.2: an IPv6 literal in an authority is bracketed.
  auto address = ParseListenAddress("[::1]:8443");
  ASSERT_TRUE(address) << address.error().ToString();
  EXPECT_EQ(address->host, "::1");
  EXPECT_EQ(address->port, 8443);
  EXPECT_EQ(address->ToString(), "[::1]:8443");
}

TEST(ParseListenAddressTest, ParsesLongerIpv6Forms) {
  // RFC 4291 section 2.2 text forms, including an embedded IPv4 address.
  EXPECT_TRUE(ParseListenAddress("[2001:db8::8:800:200c:417a]:80"));
  EXPECT_TRUE(ParseListenAddress("[::ffff:192.0.2.1]:80"));
  EXPECT_TRUE(ParseListenAddress("[::]:80"));
}

TEST(ParseListenAddressTest, AcceptsPortBounds) {
  auto zero = ParseListenAddress("0.0.0.0:0");  // 0: the OS picks a free port
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->port, 0);
  auto top = ParseListenAddress("0.0.0.0:65535");
  ASSERT_TRUE(top);
  EXPECT_EQ(top->port, 65535);
}

TEST(ParseListenAddressTest, RefusesMissingPort) {
  EXPECT_THAT(ListenError("127.0.0.1"), HasSubstr("expected HOST:PORT"));
  EXPECT_THAT(ListenError("127.0.0.1:"), HasSubstr("port must be a number"));
  EXPECT_THAT(ListenError("[::1]"), HasSubstr("expected ':PORT' after ']'"));
  EXPECT_THAT(ListenError("[::1]:"), HasSubstr("port must be a number"));
}

TEST(ParseListenAddressTest, RefusesPortAbove65535) {
  // A TCP port is 16 bits (RFC 9293 section 3.1).
  EXPECT_THAT(ListenError("127.0.0.1:65536"), HasSubstr("from 0 to 65535"));
  EXPECT_THAT(ListenError("[::1]:70000"), HasSubstr("from 0 to 65535"));
  EXPECT_THAT(ListenError("127.0.0.1:99999999999999999999999"), HasSubstr("from 0 to 65535"));
}

TEST(ParseListenAddressTest, RefusesPortThatIsNotADecimalNumber) {
  ListenError("127.0.0.1:-1");
  ListenError("127.0.0.1:+80");
  ListenError("127.0.0.1:80x");
  ListenError("127.0.0.1: 80");
  ListenError("127.0.0.1:0x50");
  ListenError("127.0.0.1:http");
}

TEST(ParseListenAddressTest, RefusesHostnames) {
  EXPECT_THAT(ListenError("localhost:8080"), HasSubstr("must be an IP address"));
  EXPECT_THAT(ListenError("example.com:80"), HasSubstr("must be an IP address"));
  EXPECT_THAT(ListenError("[localhost]:80"), HasSubstr("IP"));
}

TEST(ParseListenAddressTest, RefusesHostnamesMadeOfHexDigits) {
  // "cafe", "dead.beef" and "face.b00c" are valid DNS names, not addresses.
  EXPECT_THAT(ListenError("cafe:80"), HasSubstr("IP address"));
  EXPECT_THAT(ListenError("dead.beef:80"), HasSubstr("IP address"));
  EXPECT_THAT(ListenError("face.b00c:80"), HasSubstr("IP address"));
}

TEST(ParseListenAddressTest, RefusesMalformedIpv4) {
  // RFC 3986 section 3.2.2 IPv4address: four dotted decimal octets.
  ListenError("256.0.0.1:80");
  ListenError("1.2.3:80");
  ListenError("1.2.3.4.5:80");
  ListenError("127.1:80");
  ListenError("1..2.3:80");
}

TEST(ParseListenAddressTest, RefusesUnbracketedIpv6) {
  EXPECT_THAT(ListenError("::1:8080"), HasSubstr("in brackets"));
}

TEST(ParseListenAddressTest, RefusesMalformedIpv6) {
  ListenError("[1::2::3]:80");   // "::" twice (RFC 4291 section 2.2)
  ListenError("[:::1]:80");
  ListenError("[12345::1]:80");  // a group holds at most 4 hex digits
  ListenError("[::1:80");        // no ']'
}

TEST(ParseListenAddressTest, RefusesIpv4InBrackets) {
  // IP-literal holds IPv6address or IPvFuture only (RFC 3986 section 3.2.2).
  ListenError("[127.0.0.1]:80");
}

TEST(ParseListenAddressTest, RefusesEmptyHost) {
  EXPECT_THAT(ListenError(":8080"), HasSubstr("host is empty"));
  EXPECT_THAT(ListenError("[]:8080"), HasSubstr("host is empty"));
  ListenError("");
}

// --- ValidateOrigin ----------------------------------------------------------

TEST(ValidateOriginTest, AcceptsSchemalessUrl) {
  // C2SP tlog-checkpoint: the origin is a schema-less URL, e.g.
  // "example.com/log42".
  EXPECT_TRUE(ValidateOrigin("accord.example/log"));
  EXPECT_TRUE(ValidateOrigin("example.com/log42"));
  EXPECT_TRUE(ValidateOrigin("dev-0a1b2c3d.accord.invalid"));
}

TEST(ValidateOriginTest, RefusesEmpty) {
  auto valid = ValidateOrigin("");
  ASSERT_FALSE(valid);
  EXPECT_EQ(valid.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(valid.error().message, HasSubstr("must not be empty"));
}

TEST(ValidateOriginTest, RefusesPlus) {
  // C2SP signed-note: key names contain neither spaces nor '+' (U+002B),
  // and the origin doubles as the key name.
  auto valid = ValidateOrigin("accord.example/log+1");
  ASSERT_FALSE(valid);
  EXPECT_EQ(valid.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(valid.error().message, HasSubstr("'+'"));
}

TEST(ValidateOriginTest, RefusesSpacesWithTheirOffset) {
  auto valid = ValidateOrigin("accord example");
  ASSERT_FALSE(valid);
  EXPECT_THAT(valid.error().message, HasSubstr("byte 6"));
  EXPECT_FALSE(ValidateOrigin(" accord.example"));
  EXPECT_FALSE(ValidateOrigin("accord.example "));
  EXPECT_FALSE(ValidateOrigin("accord\texample"));
  EXPECT_FALSE(ValidateOrigin("accord\nexample"));  // would end the origin line
}

TEST(ValidateOriginTest, RefusesControlAndNonAsciiBytes) {
  EXPECT_FALSE(ValidateOrigin(std::string("a\0b", 3)));
  EXPECT_FALSE(ValidateOrigin("a\x7f"));
  // U+00A0 and U+3000 are Unicode spaces; our rule (printable ASCII) is
  // stricter than C2SP's and refuses every non-ASCII byte.
  EXPECT_FALSE(ValidateOrigin("a\xc2\xa0" "b"));
  EXPECT_FALSE(ValidateOrigin("a\xe3\x80\x80" "b"));
}

// --- ParseNodeConfig ---------------------------------------------------------

TEST(ParseNodeConfigTest, MinimalConfigTakesDefaults) {
  NodeConfig config = MustParse(kNodeSection);
  EXPECT_EQ(config.origin, "accord.example/log");
  EXPECT_EQ(config.listen.ToString(), "127.0.0.1:8080");
  EXPECT_EQ(config.max_body_bytes, 1u << 20);
  EXPECT_EQ(config.http_threads, 2);
}

TEST(ParseNodeConfigTest, ReadsEveryKey) {
  NodeConfig config = MustParse(
      "# comment\n"
      "[node]\n"
      "origin = \"accord.example/log\"\n"
      "[http]\n"
      "listen = \"[::1]:9000\"\n"
      "max_body_bytes = 2_097_152\n"  // TOML allows '_' between digits
      "threads = 8\n");
  EXPECT_EQ(config.listen.host, "::1");
  EXPECT_EQ(config.listen.port, 9000);
  EXPECT_EQ(config.max_body_bytes, 2097152u);
  EXPECT_EQ(config.http_threads, 8);
}

TEST(ParseNodeConfigTest, AcceptsLimitsAtTheirBounds) {
  std::string text(kNodeSection);
  NodeConfig low = MustParse(text + "[http]\nmax_body_bytes = 1024\nthreads = 1\n");
  EXPECT_EQ(low.max_body_bytes, 1024u);
  EXPECT_EQ(low.http_threads, 1);
  NodeConfig high = MustParse(text + "[http]\nmax_body_bytes = 268435456\nthreads = 256\n");
  EXPECT_EQ(high.max_body_bytes, 268435456u);
  EXPECT_EQ(high.http_threads, 256);
}

TEST(ParseNodeConfigTest, UnknownSectionNamesFileSectionAndReason) {
  std::string message = ConfigError(std::string(kNodeSection) + "[htp]\nlisten = \"127.0.0.1:1\"\n");
  EXPECT_EQ(message,
            "/srv/accord/config.toml: htp: unknown section (expected [node], [http], [notifications] or [cases])");
}

TEST(ParseNodeConfigTest, NotificationWindowsDefaultToTheDocumentedOnes) {
  // docs/notifications.md: urgent 24 h, normal 72 h, ping 48 h.
  NodeConfig config = MustParse(std::string(kNodeSection));
  EXPECT_EQ(config.notification_urgent_seconds, 86400);
  EXPECT_EQ(config.notification_normal_seconds, 259200);
  EXPECT_EQ(config.notification_ping_seconds, 172800);
}

TEST(ParseNodeConfigTest, ReadsNotificationWindows) {
  NodeConfig config = MustParse(std::string(kNodeSection) +
                                "[notifications]\nurgent_seconds = 60\nnormal_seconds = 120\nping_seconds = 1\n");
  EXPECT_EQ(config.notification_urgent_seconds, 60);
  EXPECT_EQ(config.notification_normal_seconds, 120);
  EXPECT_EQ(config.notification_ping_seconds, 1);
}

TEST(ParseNodeConfigTest, NotificationWindowsOutOfRangeNameTheKey) {
  EXPECT_THAT(ConfigError(std::string(kNodeSection) + "[notifications]\nurgent_seconds = 0\n"),
              HasSubstr("notifications.urgent_seconds: must be an integer number of seconds from 1"));
  EXPECT_THAT(ConfigError(std::string(kNodeSection) + "[notifications]\nping_seconds = 31622401\n"),
              HasSubstr("notifications.ping_seconds: must be"));
  EXPECT_THAT(ConfigError(std::string(kNodeSection) + "[notifications]\nnormal_seconds = \"1h\"\n"),
              HasSubstr("notifications.normal_seconds: must be"));
  EXPECT_EQ(ConfigError(std::string(kNodeSection) + "[notifications]\nack_seconds = 5\n"),
            "/srv/accord/config.toml: notifications.ack_seconds: unknown key");
}

TEST(ParseNodeConfigTest, CaseDeadlinesDefaultToTheDocumentedOnesAndAreRead) {
  // docs/grievance.md: 30 days to answer, 20 to appoint, 60 to appeal.
  NodeConfig defaults = MustParse(std::string(kNodeSection));
  EXPECT_EQ(defaults.case_information_response_seconds, 30 * 86400);
  EXPECT_EQ(defaults.case_panel_appointment_seconds, 20 * 86400);
  EXPECT_EQ(defaults.case_appeal_window_seconds, 60 * 86400);
  NodeConfig config = MustParse(std::string(kNodeSection) +
                                "[cases]\ninformation_response_seconds = 60\npanel_appointment_seconds = 120\n"
                                "appeal_window_seconds = 180\n");
  EXPECT_EQ(config.case_information_response_seconds, 60);
  EXPECT_EQ(config.case_panel_appointment_seconds, 120);
  EXPECT_EQ(config.case_appeal_window_seconds, 180);
  EXPECT_THAT(ConfigError(std::string(kNodeSection) + "[cases]\nappeal_window_seconds = 0\n"),
              HasSubstr("cases.appeal_window_seconds: must be an integer number of seconds from 1"));
  EXPECT_EQ(ConfigError(std::string(kNodeSection) + "[cases]\nhearing_seconds = 5\n"),
            "/srv/accord/config.toml: cases.hearing_seconds: unknown key");
}

TEST(ParseNodeConfigTest, UnknownKeyNamesFileKeyAndReason) {
  EXPECT_EQ(ConfigError(std::string(kNodeSection) + "[http]\nlisten_addr = \"127.0.0.1:1\"\n"),
            "/srv/accord/config.toml: http.listen_addr: unknown key");
  EXPECT_EQ(ConfigError("[node]\norigin = \"a.example/l\"\norigon = \"x\"\n"),
            "/srv/accord/config.toml: node.origon: unknown key");
}

TEST(ParseNodeConfigTest, TopLevelKeyIsRefused) {
  EXPECT_THAT(ConfigError("origin = \"a.example/l\"\n"), HasSubstr("origin: unknown section"));
}

TEST(ParseNodeConfigTest, SectionThatIsNotATableIsRefused) {
  EXPECT_THAT(ConfigError("node = 5\n"), HasSubstr("node: must be a table"));
}

TEST(ParseNodeConfigTest, MissingOriginIsRefused) {
  EXPECT_THAT(ConfigError("[node]\n"), HasSubstr("node.origin: missing"));
  EXPECT_THAT(ConfigError("[http]\nthreads = 2\n"), HasSubstr("node.origin: missing"));
  EXPECT_THAT(ConfigError(""), HasSubstr("node.origin: missing"));
}

TEST(ParseNodeConfigTest, OriginOfTheWrongTypeSaysSoRatherThanMissing) {
  std::string message = ConfigError("[node]\norigin = 5\n");
  EXPECT_THAT(message, HasSubstr("node.origin: must be a string"));
  EXPECT_THAT(message, Not(HasSubstr("missing")));
}

TEST(ParseNodeConfigTest, InvalidOriginNamesTheKeyAndTheReason) {
  std::string message = ConfigError("[node]\norigin = \"log+1\"\n");
  EXPECT_THAT(message, HasSubstr("node.origin: "));
  EXPECT_THAT(message, HasSubstr("'+'"));
  EXPECT_THAT(ConfigError("[node]\norigin = \"\"\n"), HasSubstr("node.origin: "));
}

TEST(ParseNodeConfigTest, ListenOfTheWrongTypeIsRefused) {
  EXPECT_THAT(ConfigError(std::string(kNodeSection) + "[http]\nlisten = 8080\n"),
              HasSubstr("http.listen: must be a string"));
}

TEST(ParseNodeConfigTest, BadListenNamesTheKeyAndTheReason) {
  std::string message =
      ConfigError(std::string(kNodeSection) + "[http]\nlisten = \"localhost:8080\"\n");
  EXPECT_THAT(message, HasSubstr("http.listen: listen address \"localhost:8080\""));
  EXPECT_THAT(message, HasSubstr("IP address"));
  EXPECT_THAT(ConfigError(std::string(kNodeSection) + "[http]\nlisten = \"127.0.0.1:70000\"\n"),
              HasSubstr("from 0 to 65535"));
}

TEST(ParseNodeConfigTest, IntegersOfTheWrongTypeAreRefused) {
  // TOML 1.0 has distinct integer, float, boolean and string types; none of
  // the others is an integer.
  std::string text(kNodeSection);
  EXPECT_THAT(ConfigError(text + "[http]\nthreads = \"4\"\n"), HasSubstr("http.threads: "));
  EXPECT_THAT(ConfigError(text + "[http]\nthreads = 2.5\n"), HasSubstr("http.threads: "));
  EXPECT_THAT(ConfigError(text + "[http]\nthreads = 2.0\n"), HasSubstr("http.threads: "));
  EXPECT_THAT(ConfigError(text + "[http]\nthreads = true\n"), HasSubstr("http.threads: "));
  EXPECT_THAT(ConfigError(text + "[http]\nmax_body_bytes = \"1MiB\"\n"),
              HasSubstr("http.max_body_bytes: "));
  EXPECT_THAT(ConfigError(text + "[http]\nmax_body_bytes = 4096.0\n"),
              HasSubstr("http.max_body_bytes: "));
}

TEST(ParseNodeConfigTest, IntegersOutOfRangeAreRefused) {
  std::string text(kNodeSection);
  EXPECT_THAT(ConfigError(text + "[http]\nthreads = 0\n"),
              HasSubstr("http.threads: must be an integer from 1 to 256"));
  EXPECT_THAT(ConfigError(text + "[http]\nthreads = 257\n"), HasSubstr("from 1 to 256"));
  EXPECT_THAT(ConfigError(text + "[http]\nthreads = -1\n"), HasSubstr("from 1 to 256"));
  EXPECT_THAT(ConfigError(text + "[http]\nmax_body_bytes = 1023\n"),
              HasSubstr("http.max_body_bytes: must be an integer from 1024 to 268435456"));
  EXPECT_THAT(ConfigError(text + "[http]\nmax_body_bytes = 268435457\n"),
              HasSubstr("from 1024 to 268435456"));
}

TEST(ParseNodeConfigTest, SyntaxErrorNamesLineAndColumn) {
  // Line 2, column 14 is the 'j' after the string (TOML allows only a
  // comment or whitespace there).
  std::string message = ConfigError("[node]\norigin = \"x\" junk\n");
  EXPECT_THAT(message, StartsWith("/srv/accord/config.toml: line 2, column 14: "));
}

TEST(ParseNodeConfigTest, UnclosedTableHeaderNamesItsLine) {
  EXPECT_THAT(ConfigError(std::string(kNodeSection) + "[http\nthreads = 2\n"),
              StartsWith("/srv/accord/config.toml: line 3, column "));
}

TEST(ParseNodeConfigTest, DuplicateKeyIsASyntaxError) {
  // TOML 1.0: "Defining a key multiple times is invalid."
  EXPECT_THAT(ConfigError("[node]\norigin = \"a\"\norigin = \"b\"\n"),
              StartsWith("/srv/accord/config.toml: line 3, column "));
}

// --- RenderNodeConfig --------------------------------------------------------

TEST(RenderNodeConfigTest, RoundTripsThroughParseNodeConfig) {
  NodeConfig config;
  config.origin = "accord.example/log";
  config.listen = {"::1", 9000};
  config.max_body_bytes = 4u << 20;
  config.http_threads = 16;
  auto parsed = ParseNodeConfig(RenderNodeConfig(config), "rendered");
  ASSERT_TRUE(parsed) << parsed.error().ToString() << "\n" << RenderNodeConfig(config);
  EXPECT_EQ(parsed->origin, config.origin);
  EXPECT_EQ(parsed->listen.host, "::1");
  EXPECT_EQ(parsed->listen.port, 9000);
  EXPECT_EQ(parsed->max_body_bytes, config.max_body_bytes);
  EXPECT_EQ(parsed->http_threads, 16);
}

TEST(RenderNodeConfigTest, DefaultsRoundTrip) {
  NodeConfig config;
  config.origin = "dev-0a1b2c3d.accord.invalid";
  auto parsed = ParseNodeConfig(RenderNodeConfig(config), "rendered");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->listen.ToString(), "127.0.0.1:8080");
  EXPECT_EQ(parsed->max_body_bytes, config.max_body_bytes);
  EXPECT_EQ(parsed->http_threads, config.http_threads);
}

TEST(RenderNodeConfigTest, OriginWithQuoteAndBackslashRoundTrips) {
  // Both are printable ASCII, so ValidateOrigin accepts them; TOML basic
  // strings must escape them (TOML 1.0, "String").
  NodeConfig config;
  config.origin = "accord.example/\"log\"\\1";
  ASSERT_TRUE(ValidateOrigin(config.origin));
  auto parsed = ParseNodeConfig(RenderNodeConfig(config), "rendered");
  ASSERT_TRUE(parsed) << parsed.error().ToString() << "\n" << RenderNodeConfig(config);
  EXPECT_EQ(parsed->origin, config.origin);
}

TEST(RenderNodeConfigTest, EveryPrintableAsciiOriginRoundTrips) {
  for (char c = 0x21; c < 0x7f; ++c) {
    if (c == '+') continue;
    NodeConfig config;
    config.origin = std::string("o") + c + "o";
    ASSERT_TRUE(ValidateOrigin(config.origin)) << config.origin;
    auto parsed = ParseNodeConfig(RenderNodeConfig(config), "rendered");
    ASSERT_TRUE(parsed) << config.origin << ": " << parsed.error().ToString();
    EXPECT_EQ(parsed->origin, config.origin);
  }
}

}  // namespace
}  // namespace accord::cli
