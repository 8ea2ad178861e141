// Fuzzes ParseRequestTarget with arbitrary bytes. Beyond "does not crash",
// every accepted target must satisfy what routes and the static file server
// rely on, and every refusal must be a kInvalidArgument naming a byte offset.
// Any violation aborts, so libFuzzer keeps the input.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "server/request_target.h"

namespace {

using accord::server::ParseRequestTarget;
using accord::server::RequestTarget;

#define ACCORD_FUZZ_CHECK(condition)                                             \
  do {                                                                           \
    if (!(condition)) {                                                          \
      std::fprintf(stderr, "invariant failed: %s (%s:%d)\n", #condition, __FILE__, \
                   __LINE__);                                                    \
      std::abort();                                                              \
    }                                                                            \
  } while (0)

// Independent of the parser's own check: valid UTF-8 (RFC 3629 section 4)
// with no C0 control character and no DEL.
bool IsCleanUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7f) return false;
    if (byte < 0x80) {
      ++i;
      continue;
    }
    std::uint32_t code_point;
    std::size_t length;
    if ((byte & 0xE0) == 0xC0) { code_point = byte & 0x1F; length = 2; }
    else if ((byte & 0xF0) == 0xE0) { code_point = byte & 0x0F; length = 3; }
    else if ((byte & 0xF8) == 0xF0) { code_point = byte & 0x07; length = 4; }
    else return false;
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kSmallest[length]) return false;                 // overlong
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;   // surrogate
    if (code_point > 0x10FFFF) return false;
    i += length;
  }
  return true;
}

// Percent-encodes everything but RFC 3986 unreserved characters, so the
// result parses back to `text` in a path segment and in a query alike.
std::string Encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

void CheckAccepted(std::string_view input, const RequestTarget& target) {
  ACCORD_FUZZ_CHECK(!input.empty() && input.front() == '/');
  ACCORD_FUZZ_CHECK(input.size() <= accord::server::kMaxTargetBytes);

  // One segment per '/' before the query: "%2F" never splits a segment.
  std::string_view raw_path = input.substr(0, input.find('?'));
  std::size_t slashes = 0;
  for (char c : raw_path) slashes += c == '/';
  ACCORD_FUZZ_CHECK(target.segments.size() == slashes);
  ACCORD_FUZZ_CHECK(!target.segments.empty());
  ACCORD_FUZZ_CHECK(target.segments.size() <= accord::server::kMaxPathSegments);
  ACCORD_FUZZ_CHECK(target.query.size() <= accord::server::kMaxQueryParameters);
  if (input.find('?') == std::string_view::npos) ACCORD_FUZZ_CHECK(target.query.empty());

  for (const std::string& segment : target.segments) {
    ACCORD_FUZZ_CHECK(segment != "." && segment != "..");
    ACCORD_FUZZ_CHECK(IsCleanUtf8(segment));
    for (char c : segment) ACCORD_FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20);
  }
  for (const auto& [name, value] : target.query) {
    ACCORD_FUZZ_CHECK(!name.empty());
    ACCORD_FUZZ_CHECK(IsCleanUtf8(name));
    ACCORD_FUZZ_CHECK(IsCleanUtf8(value));
    // The query's first value for a name is what Query() returns.
    const std::string* found = target.Query(name);
    ACCORD_FUZZ_CHECK(found != nullptr);
  }
  if (!target.query.empty()) {
    const std::string* first = target.Query(target.query.front().first);
    ACCORD_FUZZ_CHECK(first == &target.query.front().second);
  }

  std::string path = target.Path();
  ACCORD_FUZZ_CHECK(!path.empty() && path.front() == '/');

  // Re-encoding what was decoded gives a target that decodes to the same
  // segments and parameters: decoding loses nothing and invents nothing.
  std::string again;
  for (const std::string& segment : target.segments) again += "/" + Encode(segment);
  if (!target.query.empty()) {
    again += '?';
    for (std::size_t i = 0; i < target.query.size(); ++i) {
      if (i) again += '&';
      again += Encode(target.query[i].first) + "=" + Encode(target.query[i].second);
    }
  }
  if (again.size() <= accord::server::kMaxTargetBytes) {
    auto reparsed = ParseRequestTarget(again);
    ACCORD_FUZZ_CHECK(reparsed.has_value());
    ACCORD_FUZZ_CHECK(reparsed->segments == target.segments);
    ACCORD_FUZZ_CHECK(reparsed->query == target.query);
  }
}

void Check(std::string_view input) {
  auto parsed = ParseRequestTarget(input);
  if (parsed) {
    CheckAccepted(input, *parsed);
  } else {
    ACCORD_FUZZ_CHECK(parsed.error().code == accord::core::ErrorCode::kInvalidArgument);
    ACCORD_FUZZ_CHECK(parsed.error().message.rfind("request target, byte ", 0) == 0);
  }
}

// Escapes that matter to the invariants. Byte mutations rarely build
// "%2e" or a whole UTF-8 sequence by chance (a 60 s run without this did not
// reach an accepted "/%2e" when the dot-segment check was broken on
// purpose), so each byte 0x80 + i of the input also stands for kTokens[i].
constexpr std::string_view kTokens[] = {
    "%2e", "%2E", "%2f", "%2F", "%5c", "%00", "%0A", "%1f", "%7F", "%25", "%2B", "%20",
    "%3F", "%26", "%3D", "%23", "%C3%A9", "%F0%9F%98%80", "%ED%A0%80", "%C0%AE", "%E2%82",
    "%F4%90%80%80", "%C2%80", "..", "%",
};
constexpr std::size_t kTokenCount = sizeof kTokens / sizeof kTokens[0];

std::string ExpandTokens(std::string_view input, bool& expanded) {
  std::string out;
  expanded = false;
  for (char c : input) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 && byte < 0x80 + kTokenCount) {
      out += kTokens[byte - 0x80];
      expanded = true;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Check(input);
  bool expanded = false;
  std::string with_tokens = ExpandTokens(input, expanded);
  if (expanded) Check(with_tokens);
  return 0;
}
