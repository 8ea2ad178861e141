#include "server/request_target.h"

#include <cstdio>
#include <string>

namespace accord::server {
namespace {

core::Error TargetError(std::size_t offset, std::string_view reason) {
  return core::InvalidArgument("request target, byte " + std::to_string(offset) + ": " +
                               std::string(reason));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 section 3.3 pchar, plus '/' handled by the caller. Characters
// outside this set (space, '"', '<', '>', '\\', '^', '`', '{', '|', '}',
// non-ASCII bytes) must arrive percent-encoded.
bool IsPathChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-': case '.': case '_': case '~':                         // unreserved
    case '!': case '$': case '&': case '\'': case '(': case ')':    // sub-delims
    case '*': case '+': case ',': case ';': case '=':
    case ':': case '@':
      return true;
    default:
      return false;
  }
}

bool IsQueryChar(char c) { return IsPathChar(c) || c == '/' || c == '?'; }

// True if `text` is valid UTF-8 with no C0 control, DEL or NUL characters.
// Returns the offset of the first bad byte in `bad_at` otherwise.
bool IsCleanUtf8(std::string_view text, std::size_t& bad_at) {
  for (std::size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if (byte < 0x20 || byte == 0x7f) { bad_at = i; return false; }
      ++i;
      continue;
    }
    std::size_t length;
    unsigned char low = 0x80, high = 0xBF;
    if (byte >= 0xC2 && byte <= 0xDF) length = 2;
    else if (byte == 0xE0) { length = 3; low = 0xA0; }
    else if (byte == 0xED) { length = 3; high = 0x9F; }
    else if (byte >= 0xE1 && byte <= 0xEF) length = 3;
    else if (byte == 0xF0) { length = 4; low = 0x90; }
    else if (byte == 0xF4) { length = 4; high = 0x8F; }
    else if (byte >= 0xF1 && byte <= 0xF3) length = 4;
    else { bad_at = i; return false; }
    if (i + length > text.size()) { bad_at = i; return false; }
    auto second = static_cast<unsigned char>(text[i + 1]);
    if (second < low || second > high) { bad_at = i; return false; }
    for (std::size_t k = 2; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if (next < 0x80 || next > 0xBF) { bad_at = i; return false; }
    }
    i += length;
  }
  return true;
}

// Decodes one component that starts at `base` in the target. `plus_is_space`
// applies HTML form decoding to query components.
core::Result<std::string> Decode(std::string_view component, std::size_t base,
                                 bool plus_is_space, bool (*allowed)(char)) {
  std::string out;
  out.reserve(component.size());
  for (std::size_t i = 0; i < component.size(); ++i) {
    char c = component[i];
    if (c == '%') {
      if (i + 2 >= component.size())
        return TargetError(base + i, "percent-escape needs two hex digits");
      int high = HexValue(component[i + 1]);
      int low = HexValue(component[i + 2]);
      if (high < 0 || low < 0)
        return TargetError(base + i, "percent-escape needs two hex digits");
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (plus_is_space && c == '+') {
      out += ' ';
    } else if (allowed(c)) {
      out += c;
    } else {
      auto byte = static_cast<unsigned>(static_cast<unsigned char>(c));
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", byte);
      return TargetError(base + i, std::string("character ") + hex +
                                       " must be percent-encoded");
    }
  }
  std::size_t bad_at = 0;
  if (!IsCleanUtf8(out, bad_at))
    return TargetError(base, "decodes to a control character or invalid UTF-8");
  return out;
}

}  // namespace

const std::string* RequestTarget::Query(std::string_view name) const {
  for (const auto& [key, value] : query)
    if (key == name) return &value;
  return nullptr;
}

std::string RequestTarget::Path() const {
  std::string path;
  for (const auto& segment : segments) path.append("/").append(segment);
  return path.empty() ? "/" : path;
}

core::Result<RequestTarget> ParseRequestTarget(std::string_view target) {
  if (target.size() > kMaxTargetBytes)
    return TargetError(kMaxTargetBytes, "longer than " + std::to_string(kMaxTargetBytes) +
                                            " bytes");
  if (target.empty() || target.front() != '/')
    return TargetError(0, "must start with '/' (origin-form, RFC 9112 section 3.2.1)");

  std::size_t query_start = target.find('?');
  std::string_view path = target.substr(0, query_start);
  RequestTarget result;

  // Split the path on '/' before decoding, so that "%2F" stays inside a
  // segment instead of creating a new one.
  std::size_t position = 1;
  while (true) {
    std::size_t slash = path.find('/', position);
    std::string_view raw = path.substr(position, slash == std::string_view::npos
                                                     ? std::string_view::npos
                                                     : slash - position);
    if (result.segments.size() == kMaxPathSegments)
      return TargetError(position, "more than " + std::to_string(kMaxPathSegments) +
                                       " path segments");
    auto decoded = Decode(raw, position, /*plus_is_space=*/false, IsPathChar);
    if (!decoded) return decoded.error();
    if (*decoded == "." || *decoded == "..")
      return TargetError(position, "dot-segment \"" + *decoded + "\" is not allowed");
    result.segments.push_back(std::move(*decoded));
    if (slash == std::string_view::npos) break;
    position = slash + 1;
  }

  if (query_start != std::string_view::npos) {
    std::string_view query = target.substr(query_start + 1);
    std::size_t start = 0;
    while (start <= query.size()) {
      std::size_t amp = query.find('&', start);
      std::string_view pair = query.substr(start, amp == std::string_view::npos
                                                      ? std::string_view::npos
                                                      : amp - start);
      std::size_t base = query_start + 1 + start;
      if (!pair.empty()) {
        if (result.query.size() == kMaxQueryParameters)
          return TargetError(base, "more than " + std::to_string(kMaxQueryParameters) +
                                       " query parameters");
        std::size_t equals = pair.find('=');
        std::string_view raw_key = pair.substr(0, equals);
        std::string_view raw_value =
            equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
        auto key = Decode(raw_key, base, /*plus_is_space=*/true, IsQueryChar);
        if (!key) return key.error();
        auto value = Decode(raw_value, base + (equals == std::string_view::npos ? 0 : equals + 1),
                            /*plus_is_space=*/true, IsQueryChar);
        if (!value) return value.error();
        if (key->empty()) return TargetError(base, "query parameter with an empty name");
        result.query.emplace_back(std::move(*key), std::move(*value));
      }
      if (amp == std::string_view::npos) break;
      start = amp + 1;
    }
  }
  return result;
}

}  // namespace accord::server
