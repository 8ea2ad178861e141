#include "server/http_types.h"

#include <array>
#include <cstdio>

namespace accord::server {

namespace {
struct MethodEntry {
  std::string_view name;
  Method method;
};
constexpr std::array<MethodEntry, 7> kMethods{{
    {"GET", Method::kGet},
    {"HEAD", Method::kHead},
    {"POST", Method::kPost},
    {"PUT", Method::kPut},
    {"PATCH", Method::kPatch},
    {"DELETE", Method::kDelete},
    {"OPTIONS", Method::kOptions},
}};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

Method ParseMethod(std::string_view text) {
  // Methods are case-sensitive (RFC 9110 section 9.1).
  for (const auto& entry : kMethods)
    if (entry.name == text) return entry.method;
  return Method::kOther;
}

std::string_view MethodName(Method method) {
  for (const auto& entry : kMethods)
    if (entry.method == method) return entry.name;
  return "OTHER";
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (Lower(a[i]) != Lower(b[i])) return false;
  return true;
}

namespace {
const std::string* FindHeader(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers)
    if (EqualsIgnoreCase(key, name)) return &value;
  return nullptr;
}
}  // namespace

const std::string* Request::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

const std::string* Response::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

void Response::SetHeader(std::string_view name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (EqualsIgnoreCase(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
}

Response JsonResponse(int status, std::string json_body) {
  Response response;
  response.status = status;
  response.body = std::move(json_body);
  response.SetHeader("Content-Type", "application/json");
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Response TextResponse(int status, std::string text, std::string content_type) {
  Response response;
  response.status = status;
  response.body = std::move(text);
  response.SetHeader("Content-Type", std::move(content_type));
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

namespace {
// Length of the valid UTF-8 sequence starting at text[i], or 0 if the bytes
// there are not valid UTF-8 (RFC 3629 section 4: no overlongs, no
// surrogates, nothing above U+10FFFF).
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = at(i);
  std::size_t length = 0;
  unsigned char min_second = 0x80, max_second = 0xBF;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead == 0xE0) { length = 3; min_second = 0xA0; }
  else if (lead == 0xED) { length = 3; max_second = 0x9F; }
  else if (lead >= 0xE1 && lead <= 0xEF) length = 3;
  else if (lead == 0xF0) { length = 4; min_second = 0x90; }
  else if (lead == 0xF4) { length = 4; max_second = 0x8F; }
  else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
  else return 0;
  if (i + length > text.size()) return 0;
  if (at(i + 1) < min_second || at(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  return length;
}
}  // namespace

core::Result<std::optional<std::string_view>> BearerToken(const Request& request,
                                                          std::string_view expected_form) {
  const std::string* header = request.Header("Authorization");
  if (header == nullptr) return std::optional<std::string_view>();
  std::string_view value = *header;
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() || !EqualsIgnoreCase(value.substr(0, kScheme.size()), kScheme))
    return core::Unauthenticated("the Authorization header must be: " + std::string(expected_form));
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return core::Unauthenticated("the Authorization header carries no token");
  return std::optional(value);
}

std::string JsonEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      // Error messages may quote what a client sent: never let invalid
      // UTF-8 make our own JSON invalid.
      std::size_t length = Utf8SequenceLength(text, i);
      if (length == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20 || byte == 0x7f) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
          out += escaped;
        } else {
          out += c;
        }
    }
    ++i;
  }
  return out;
}

}  // namespace accord::server
