// The strict JSON reader's structure: values, containers on a heap stack,
// member names with duplicate detection, the limits, and error positions.
// Tokens are read by json_reader_lexemes.cc.
#include "core/json_reader.h"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "core/internal/json_parser.h"

namespace accord::core::internal {

std::string Hex2(unsigned char byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02x", byte);
  return buffer;
}

std::string DescribeByte(unsigned char byte) {
  if (byte == '\'') return "\"'\"";
  if (byte > 0x20 && byte < 0x7f) return std::string("'") + static_cast<char>(byte) + "'";
  return "byte " + Hex2(byte);
}

namespace {

// A member name as shown in a message: quoted, control characters escaped,
// cut at 64 bytes (on a character boundary) so that a huge name cannot
// make a huge message.
std::string QuoteName(std::string_view name) {
  constexpr std::size_t kMaxShown = 64;
  std::string quoted = "\"";
  std::size_t shown = name.size();
  if (shown > kMaxShown) {
    shown = kMaxShown;
    while (shown > 0 && (static_cast<unsigned char>(name[shown]) & 0xC0) == 0x80) --shown;
  }
  for (std::size_t i = 0; i < shown; ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += static_cast<char>(c);
    } else if (c < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      quoted += buffer;
    } else {
      quoted += static_cast<char>(c);
    }
  }
  quoted += '"';
  if (shown < name.size()) quoted += "...";
  return quoted;
}

}  // namespace

Error Parser::ErrorAt(ErrorCode code, const char* at, std::string_view reason) const {
  std::size_t line = 1;
  std::size_t column = 1;
  for (const char* p = begin_; p != at; ++p) {
    if (*p == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(*p) & 0xC0) != 0x80) {
      ++column;  // count characters, not UTF-8 continuation bytes
    }
  }
  char prefix[96];
  std::snprintf(prefix, sizeof prefix, "line %zu, column %zu (byte %zu): ", line, column,
                static_cast<std::size_t>(at - begin_));
  return Error{code, std::string(prefix).append(reason)};
}

Result<JsonValue> Parser::Parse() {
  if (static_cast<std::size_t>(end_ - begin_) > limits_.max_input_bytes) {
    return Exhausted(begin_ + limits_.max_input_bytes,
                     "input of " + std::to_string(end_ - begin_) + " bytes exceeds the limit of " +
                         std::to_string(limits_.max_input_bytes) + " bytes");
  }
  std::vector<Frame> stack;
  JsonValue value;
  bool after_comma = false;  // the value expected next follows a ','
  SkipWhitespace();
  for (;;) {
    // A value starts at cursor_. Scalars are read whole; '[' and '{' push
    // a frame and, unless empty, go round again for their first value.
    if (cursor_ == end_) return Invalid(cursor_, "unexpected end of input, expected a value");
    switch (*cursor_) {
      case '[':
      case '{': {
        if (stack.size() >= limits_.max_depth) {
          return Exhausted(
              cursor_, "nesting depth exceeds the limit of " + std::to_string(limits_.max_depth));
        }
        const bool is_object = *cursor_ == '{';
        ++cursor_;
        SkipWhitespace();
        if (cursor_ != end_ && *cursor_ == (is_object ? '}' : ']')) {
          ++cursor_;
          value = is_object ? JsonValue::Object({}) : JsonValue::Array({});
          break;
        }
        stack.push_back(Frame{is_object, is_object ? members_.size() : values_.size(), {}});
        if (is_object) {
          if (auto named = ParseMemberName(stack.back(), false); !named) return named.error();
        }
        after_comma = false;
        continue;
      }
      case '"': {
        std::string text;
        if (auto read = ParseString(text); !read) return read.error();
        value = JsonValue::String(std::move(text));
        break;
      }
      case 't':
        if (auto read = ParseLiteral("true"); !read) return read.error();
        value = JsonValue::Bool(true);
        break;
      case 'f':
        if (auto read = ParseLiteral("false"); !read) return read.error();
        value = JsonValue::Bool(false);
        break;
      case 'n':
        if (auto read = ParseLiteral("null"); !read) return read.error();
        value = JsonValue::Null();
        break;
      case '-':
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9': {
        auto number = ParseNumber();
        if (!number) return number.error();
        value = JsonValue::Number(*number);
        break;
      }
      default:
        if (after_comma && *cursor_ == ']') {
          return Invalid(cursor_,
                         "unexpected ']' after ',', expected a value "
                         "(trailing commas are not allowed)");
        }
        return Invalid(cursor_, "unexpected " + Found(cursor_) + ", expected a value");
    }

    // `value` is complete: hand it to its parent, closing every container
    // whose closing bracket follows, until a ',' asks for the next value.
    for (;;) {
      if (stack.empty()) {
        SkipWhitespace();
        if (cursor_ != end_) {
          return Invalid(cursor_, "unexpected " + Found(cursor_) + " after the JSON value");
        }
        return value;
      }
      Frame& frame = stack.back();
      if (frame.is_object) {
        members_.back().value = std::move(value);
      } else {
        values_.push_back(std::move(value));
      }
      SkipWhitespace();
      const char close = frame.is_object ? '}' : ']';
      if (cursor_ != end_ && *cursor_ == ',') {
        ++cursor_;
        SkipWhitespace();
        if (frame.is_object) {
          if (auto named = ParseMemberName(frame, true); !named) return named.error();
        }
        // In an object the ',' is followed by a name, so the value that
        // comes next does not directly follow the ','.
        after_comma = !frame.is_object;
        break;
      }
      if (cursor_ != end_ && *cursor_ == close) {
        ++cursor_;
        value = frame.is_object ? JsonValue::Object(TakeFrom(members_, frame.first))
                                : JsonValue::Array(TakeFrom(values_, frame.first));
        stack.pop_back();
        continue;
      }
      return Invalid(cursor_, "unexpected " + Found(cursor_) + ", expected ',' or '" + close + "'");
    }
  }
}

Status Parser::ParseMemberName(Frame& frame, bool after_comma) {
  const char* name_at = cursor_;
  if (cursor_ == end_ || *cursor_ != '"') {
    if (after_comma && cursor_ != end_ && *cursor_ == '}') {
      return Invalid(cursor_,
                     "unexpected '}' after ',', expected a member name "
                     "(trailing commas are not allowed)");
    }
    return Invalid(cursor_, "unexpected " + Found(cursor_) + ", expected a member name");
  }
  std::string& name = members_.emplace_back().name;
  if (auto read = ParseString(name); !read) return read;

  // RFC 7493 section 2.3: member names MUST be unique. Compared after
  // unescaping, so "a" and "\u0061" are the same name.
  const std::size_t earlier = members_.size() - 1 - frame.first;
  bool duplicate = false;
  if (earlier < kLinearDuplicateScanLimit) {
    for (std::size_t i = frame.first; i + 1 < members_.size(); ++i) {
      if (members_[i].name == name) {
        duplicate = true;
        break;
      }
    }
  } else {
    if (frame.names.empty()) {
      for (std::size_t i = frame.first; i + 1 < members_.size(); ++i) {
        frame.names.insert(members_[i].name);
      }
    }
    duplicate = !frame.names.insert(name).second;
  }
  if (duplicate) return Invalid(name_at, "duplicate member name " + QuoteName(name));

  SkipWhitespace();
  if (cursor_ == end_ || *cursor_ != ':') {
    return Invalid(cursor_, "unexpected " + Found(cursor_) + ", expected ':' after member name");
  }
  ++cursor_;
  SkipWhitespace();
  return Ok();
}

}  // namespace accord::core::internal

namespace accord::core {

Result<JsonValue> ParseJsonStrict(std::string_view text, const JsonLimits& limits) {
  return internal::Parser(text, limits).Parse();
}

}  // namespace accord::core
