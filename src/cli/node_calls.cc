#include "cli/node_calls.h"

#include "core/canonical_json.h"
#include "core/json_reader.h"

namespace accord::cli {

core::Error ErrorForAnswer(const HttpCallResponse& response, std::string_view prefix) {
  std::string described = std::string(prefix) + DescribeProblem(response);
  switch (response.status) {
    case 400:
    case 422: return core::InvalidArgument(described);
    case 401: return core::Unauthenticated(described);
    case 403: return core::PermissionDenied(described);
    case 404: return core::NotFound(described);
    case 409: return core::Conflict(described);
    case 413: return core::ResourceExhausted(described);
    default: return core::Unavailable(described);
  }
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string WithQuery(std::string path, const std::vector<std::pair<std::string, std::string>>& params) {
  char separator = '?';
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    path += separator + name + "=" + PercentEncode(value);
    separator = '&';
  }
  return path;
}

core::Result<std::string> CallNodeRaw(NodeConnection& connection, std::string_view method, std::string_view path,
                                      const std::optional<core::JsonValue>& body,
                                      const std::optional<std::string>& token) {
  std::string text = body ? core::SerializeCanonical(*body) : std::string();
  auto response = connection.client->Call(method, path, text, token ? *token : connection.token);
  if (!response) return response.error();
  if (response->status < 200 || response->status > 299)
    return ErrorForAnswer(*response, std::string(method) + " " + std::string(path) + ": ");
  return std::move(response->body);
}

core::Result<core::JsonValue> CallNode(NodeConnection& connection, std::string_view method, std::string_view path,
                                       const std::optional<core::JsonValue>& body,
                                       const std::optional<std::string>& token) {
  auto raw = CallNodeRaw(connection, method, path, body, token);
  if (!raw) return raw.error();
  auto parsed = core::ParseJsonStrict(*raw);
  if (!parsed)
    return core::Corrupt("the node answered " + std::string(method) + " " + std::string(path) +
                         " with JSON that does not parse: " + parsed.error().message);
  return parsed;
}

std::string CleanForTerminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  return out;
}

std::string MemberText(const core::JsonValue& object, std::string_view name) {
  const core::JsonValue* value = object.Find(name);
  if (value == nullptr) return "";
  if (value->type() == core::JsonType::kString) return CleanForTerminal(value->AsString());
  return CleanForTerminal(core::SerializeCanonical(*value));
}

}  // namespace accord::cli
