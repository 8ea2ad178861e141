#include "model/json_pointer.h"

#include <charconv>
#include <cstddef>

namespace accord::model {
namespace {

// RFC 6901 section 4: an array index is "0" or a decimal number without a
// leading zero. Returns false for anything else, "-" included.
bool ParseArrayIndex(std::string_view token, std::size_t& index) {
  if (token.empty() || (token.size() > 1 && token[0] == '0')) return false;
  for (char c : token) {
    if (c < '0' || c > '9') return false;
  }
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
  return ec == std::errc() && end == token.data() + token.size();
}

}  // namespace

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string AppendPointerToken(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out += '/';
  out += EscapePointerToken(token);
  return out;
}

std::string AppendPointerIndex(std::string_view pointer, std::size_t index) {
  std::string out(pointer);
  out += '/';
  out += std::to_string(index);
  return out;
}

core::Result<std::vector<std::string>> ParsePointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  if (pointer[0] != '/') {
    return core::InvalidArgument("json pointer: must be empty or start with \"/\"");
  }
  for (std::size_t i = 0; i < pointer.size(); ++i) {
    const char c = pointer[i];
    if (c == '/') {
      tokens.emplace_back();
    } else if (c == '~') {
      // Section 4: "~1" is "/" and "~0" is "~"; any other "~" is an error.
      const char next = i + 1 < pointer.size() ? pointer[i + 1] : '\0';
      if (next != '0' && next != '1') {
        return core::InvalidArgument("json pointer: \"~\" at byte " + std::to_string(i) +
                                     " is not followed by \"0\" or \"1\"");
      }
      tokens.back() += next == '0' ? '~' : '/';
      ++i;
    } else {
      tokens.back() += c;
    }
  }
  return tokens;
}

const core::JsonValue* ResolvePointer(const core::JsonValue& document, std::string_view pointer) {
  auto tokens = ParsePointer(pointer);
  if (!tokens) return nullptr;
  const core::JsonValue* current = &document;
  for (const std::string& token : *tokens) {
    if (current->type() == core::JsonType::kObject) {
      current = current->Find(token);
      if (current == nullptr) return nullptr;
    } else if (current->type() == core::JsonType::kArray) {
      std::size_t index = 0;
      if (!ParseArrayIndex(token, index) || index >= current->AsArray().size()) return nullptr;
      current = &current->AsArray()[index];
    } else {
      return nullptr;
    }
  }
  return current;
}

}  // namespace accord::model
