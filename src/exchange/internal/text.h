// Small helpers of the VERIS and CSAF importers: walking a parsed JSON
// document by member names, quoting values for messages, cutting text to
// the report's bounds in code points. Not part of the module's interface.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/encoding.h"
#include "core/json_value.h"

namespace accord::exchange::internal {

// The value at the member path `names` below `value`, or nullptr.
inline const core::JsonValue* Member(const core::JsonValue& value,
                                     std::initializer_list<std::string_view> names) {
  const core::JsonValue* at = &value;
  for (std::string_view name : names) {
    at = at->Find(name);
    if (at == nullptr) return nullptr;
  }
  return at;
}

// `value` for a message: a string quoted and shortened, else its type.
inline std::string Quote(const core::JsonValue* value) {
  if (value == nullptr) return "nothing";
  if (value->type() == core::JsonType::kString) return core::QuoteForMessage(value->AsString());
  return "a " + std::string(core::JsonTypeName(value->type()));
}

inline bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

// `text` with each run of whitespace and control characters made one space,
// and none at either end.
inline std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// The byte length of the first `max_code_points` code points of UTF-8 `text`.
inline std::size_t PrefixBytes(std::string_view text, std::size_t max_code_points) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (IsContinuationByte(text[i])) continue;
    if (points == max_code_points) return i;
    ++points;
  }
  return text.size();
}

// `text` if it has at most `max_code_points` code points; otherwise cut at
// the last space that leaves room for "…" (U+2026), or mid-word when the
// first word alone is too long, and "…" appended. Never splits a UTF-8
// sequence.
inline std::string TruncateAtWord(std::string_view text, std::size_t max_code_points) {
  if (PrefixBytes(text, max_code_points) == text.size()) return std::string(text);
  std::string_view head = text.substr(0, PrefixBytes(text, max_code_points - 1));
  const std::size_t space = head.rfind(' ');
  if (space != std::string_view::npos && space > 0) head = head.substr(0, space);
  while (!head.empty() && head.back() == ' ') head.remove_suffix(1);
  return std::string(head) + "\u2026";
}

// A number as a message shows it ("13.5"), or Quote() for other values.
inline std::string NumberOrQuote(const core::JsonValue* value) {
  if (value == nullptr || value->type() != core::JsonType::kNumber) return Quote(value);
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value->AsNumber());
  return text;
}

// An integer member of `object` in [min, max]: nullopt with `problem` set
// when present but wrong, nullopt with `problem` empty when absent.
inline std::optional<std::int64_t> IntegerMember(const core::JsonValue& object,
                                                 std::string_view name, std::int64_t min,
                                                 std::int64_t max, std::string& problem) {
  const core::JsonValue* value = object.Find(name);
  if (value == nullptr) return std::nullopt;
  if (value->type() != core::JsonType::kNumber || std::trunc(value->AsNumber()) != value->AsNumber() ||
      value->AsNumber() < static_cast<double>(min) || value->AsNumber() > static_cast<double>(max)) {
    problem = "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
              ", found " + NumberOrQuote(value);
    return std::nullopt;
  }
  return static_cast<std::int64_t>(value->AsNumber());
}

}  // namespace accord::exchange::internal
