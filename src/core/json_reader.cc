#include "core/json_reader.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <system_error>
#include <unordered_set>
#include <utility>
#include <vector>

namespace accord::core {
namespace {

// Objects up to this many members are checked for duplicate names by a
// linear scan; larger ones switch to a hash set so that a hostile object
// with many members costs linear, not quadratic, time.
constexpr std::size_t kLinearDuplicateScanLimit = 32;

// Bytes a string may contain literally and that need no further look:
// printable ASCII except '"' and '\'. RFC 8259 section 7.
constexpr std::array<bool, 256> kPlainStringByte = [] {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x80; ++c) table[c] = c != '"' && c != '\\';
  return table;
}();

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Hex2(unsigned char byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02x", byte);
  return buffer;
}

// How a byte is named in a message: 'x' for printable ASCII, otherwise its
// value, so that control characters and stray UTF-8 stay readable.
std::string DescribeByte(unsigned char byte) {
  if (byte == '\'') return "\"'\"";
  if (byte > 0x20 && byte < 0x7f) return std::string("'") + static_cast<char>(byte) + "'";
  return "byte " + Hex2(byte);
}

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

// One array or object whose closing bracket has not been read yet. The
// reader keeps these on a heap stack instead of recursing. The container's
// elements or members so far sit on the parser's shared value or member
// stack from index `first` on, and move into an exactly sized vector when
// it closes: a document pays for stack growth once, not per container.
struct Frame {
  bool is_object = false;
  std::size_t first = 0;
  // Names of the members so far, filled only once the object outgrows the
  // linear scan.
  std::unordered_set<std::string> names;
};

// Moves `stack[first..]` into a vector of its own and drops it from `stack`.
template <typename T>
std::vector<T> TakeFrom(std::vector<T>& stack, std::size_t first) {
  const auto begin = stack.begin() + static_cast<std::ptrdiff_t>(first);
  std::vector<T> taken(std::make_move_iterator(begin), std::make_move_iterator(stack.end()));
  stack.erase(begin, stack.end());
  return taken;
}

class Parser {
 public:
  Parser(std::string_view text, const JsonLimits& limits)
      : begin_(text.data()),
        cursor_(text.data()),
        end_(text.data() + text.size()),
        limits_(limits) {}

  Result<JsonValue> Parse();

 private:
  Error ErrorAt(ErrorCode code, const char* at, std::string_view reason) const;
  Error Invalid(const char* at, std::string_view reason) const {
    return ErrorAt(ErrorCode::kInvalidArgument, at, reason);
  }
  Error Exhausted(const char* at, std::string_view reason) const {
    return ErrorAt(ErrorCode::kResourceExhausted, at, reason);
  }
  // "end of input" or the byte at `at`, for "unexpected ..." messages.
  std::string Found(const char* at) const {
    return at == end_ ? "end of input" : DescribeByte(static_cast<unsigned char>(*at));
  }

  void SkipWhitespace() {
    // RFC 8259 section 2: ws = *( %x20 / %x09 / %x0A / %x0D ).
    while (cursor_ != end_ &&
           (*cursor_ == ' ' || *cursor_ == '\n' || *cursor_ == '\r' || *cursor_ == '\t')) {
      ++cursor_;
    }
  }

  Status ParseMemberName(Frame& frame, bool after_comma);
  Status ParseString(std::string& out);
  Status ParseEscape(std::string& out);
  Status SkipUtf8Sequence();
  Result<double> ParseNumber();
  Status ParseLiteral(std::string_view word);

  const char* const begin_;
  const char* cursor_;
  const char* const end_;
  const JsonLimits limits_;
  // Elements and members of the open containers, innermost last. In an
  // object the last member is the one whose value is being read.
  std::vector<JsonValue> values_;
  std::vector<JsonMember> members_;
};

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

Status Parser::ParseString(std::string& out) {
  const char* open = cursor_;
  ++cursor_;  // the opening quote
  out.clear();
  const char* run = cursor_;  // start of bytes not yet copied to `out`
  for (;;) {
    while (cursor_ != end_ && kPlainStringByte[static_cast<unsigned char>(*cursor_)]) ++cursor_;
    if (cursor_ == end_) {
      return Invalid(cursor_, "unexpected end of input in string, expected '\"'");
    }
    const unsigned char c = static_cast<unsigned char>(*cursor_);
    if (c == '"') {
      out.append(run, cursor_);
      ++cursor_;
      break;
    }
    if (c == '\\') {
      out.append(run, cursor_);
      if (auto escape = ParseEscape(out); !escape) return escape;
      run = cursor_;
      if (out.size() > limits_.max_string_bytes) break;
      continue;
    }
    if (c < 0x20) {
      char reason[64];
      std::snprintf(reason, sizeof reason, "unescaped control character U+%04X in string", c);
      return Invalid(cursor_, reason);
    }
    if (auto valid = SkipUtf8Sequence(); !valid) return valid;
  }
  if (out.size() > limits_.max_string_bytes) {
    return Exhausted(
        open, "string exceeds the limit of " + std::to_string(limits_.max_string_bytes) + " bytes");
  }
  return Ok();
}

// Checks the UTF-8 sequence whose lead byte (>= 0x80) is at cursor_ and
// steps over it. The allowed ranges are those of RFC 3629 section 4, which
// exclude overlong forms, surrogates (ED A0..BF) and code points above
// U+10FFFF.
Status Parser::SkipUtf8Sequence() {
  const char* start = cursor_;
  const auto lead = static_cast<unsigned char>(*start);
  std::size_t length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead < 0xC0) {
    return Invalid(start, "invalid UTF-8 byte " + Hex2(lead) +
                              " in string (continuation byte without a lead byte)");
  } else if (lead < 0xC2) {
    return Invalid(start, "invalid UTF-8 byte " + Hex2(lead) + " in string (overlong encoding)");
  } else if (lead < 0xE0) {
    length = 2;
  } else if (lead < 0xF0) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // below is overlong
    if (lead == 0xED) second_max = 0x9F;  // above is a surrogate
  } else if (lead < 0xF5) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // below is overlong
    if (lead == 0xF4) second_max = 0x8F;  // above is beyond U+10FFFF
  } else {
    return Invalid(start, "invalid UTF-8 byte " + Hex2(lead) + " in string");
  }
  for (std::size_t i = 1; i < length; ++i) {
    if (start + i == end_ || (static_cast<unsigned char>(start[i]) & 0xC0) != 0x80) {
      return Invalid(start,
                     "truncated UTF-8 sequence starting with byte " + Hex2(lead) + " in string");
    }
  }
  const auto second = static_cast<unsigned char>(start[1]);
  if (second < second_min) {
    return Invalid(start,
                   "overlong UTF-8 encoding " + Hex2(lead) + " " + Hex2(second) + " in string");
  }
  if (second > second_max) {
    return Invalid(start, lead == 0xED ? "UTF-8 encoded surrogate " + Hex2(lead) + " " +
                                             Hex2(second) + " in string"
                                       : "UTF-8 sequence " + Hex2(lead) + " " + Hex2(second) +
                                             " above U+10FFFF in string");
  }
  cursor_ += length;
  return Ok();
}

void AppendUtf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// Reads the 4 hex digits after "\u" at `at`; -1 if they are not there.
long ReadUnicodeEscape(const char* at, const char* end) {
  if (end - at < 6) return -1;
  long unit = 0;
  for (int i = 2; i < 6; ++i) {
    int digit = HexValue(at[i]);
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

Status Parser::ParseEscape(std::string& out) {
  const char* at = cursor_;  // the backslash
  if (end_ - at < 2) return Invalid(at + 1, "unexpected end of input in escape sequence");
  const char kind = at[1];
  cursor_ += 2;
  switch (kind) {
    case '"':
      out += '"';
      return Ok();
    case '\\':
      out += '\\';
      return Ok();
    case '/':
      out += '/';
      return Ok();
    case 'b':
      out += '\b';
      return Ok();
    case 'f':
      out += '\f';
      return Ok();
    case 'n':
      out += '\n';
      return Ok();
    case 'r':
      out += '\r';
      return Ok();
    case 't':
      out += '\t';
      return Ok();
    case 'u':
      break;
    default:
      return Invalid(at,
                     "invalid escape sequence: " + DescribeByte(static_cast<unsigned char>(kind)) +
                         " after '\\' in string");
  }
  const long unit = ReadUnicodeEscape(at, end_);
  if (unit < 0) return Invalid(at, "invalid \\u escape in string, expected 4 hex digits");
  const std::string_view escape(at, 6);
  cursor_ = at + 6;
  // RFC 7493 section 2.1: strings must not contain lone surrogates, escaped
  // or not. A high surrogate escape must be followed at once by a low one.
  if (unit >= 0xDC00 && unit <= 0xDFFF) {
    return Invalid(at, "lone low surrogate " + std::string(escape) + " in string");
  }
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    long low = -1;
    if (end_ - cursor_ >= 2 && cursor_[0] == '\\' && cursor_[1] == 'u') {
      low = ReadUnicodeEscape(cursor_, end_);
      if (low < 0) return Invalid(cursor_, "invalid \\u escape in string, expected 4 hex digits");
    }
    if (low < 0xDC00 || low > 0xDFFF) {
      return Invalid(at,
                     "lone high surrogate " + std::string(escape) +
                         " in string, expected a low surrogate escape \\udc00-\\udfff to follow");
    }
    cursor_ += 6;
    AppendUtf8(out, 0x10000 + ((static_cast<std::uint32_t>(unit) - 0xD800) << 10) +
                        (static_cast<std::uint32_t>(low) - 0xDC00));
    return Ok();
  }
  AppendUtf8(out, static_cast<std::uint32_t>(unit));
  return Ok();
}

Result<double> Parser::ParseNumber() {
  // RFC 8259 section 6: number = [ minus ] int [ frac ] [ exp ]. The
  // grammar is checked here; std::from_chars then gives the correctly
  // rounded double but would also accept forms JSON forbids.
  const char* start = cursor_;
  const bool negative = *cursor_ == '-';
  if (negative) ++cursor_;
  if (cursor_ == end_ || !IsDigit(*cursor_)) {
    return Invalid(cursor_, "unexpected " + Found(cursor_) + ", expected a digit after '-'");
  }
  const char* int_begin = cursor_;
  if (*cursor_ == '0') {
    ++cursor_;
    if (cursor_ != end_ && IsDigit(*cursor_)) return Invalid(int_begin, "leading zero in number");
  } else {
    while (cursor_ != end_ && IsDigit(*cursor_)) ++cursor_;
  }
  const char* int_end = cursor_;
  const char* fraction_begin = cursor_;
  const char* fraction_end = cursor_;
  if (cursor_ != end_ && *cursor_ == '.') {
    ++cursor_;
    if (cursor_ == end_ || !IsDigit(*cursor_)) {
      return Invalid(cursor_,
                     "unexpected " + Found(cursor_) + ", expected a digit after the decimal point");
    }
    fraction_begin = cursor_;
    while (cursor_ != end_ && IsDigit(*cursor_)) ++cursor_;
    fraction_end = cursor_;
  }
  std::int64_t exponent = 0;
  if (cursor_ != end_ && (*cursor_ == 'e' || *cursor_ == 'E')) {
    ++cursor_;
    bool exponent_negative = false;
    if (cursor_ != end_ && (*cursor_ == '+' || *cursor_ == '-')) {
      exponent_negative = *cursor_ == '-';
      ++cursor_;
    }
    if (cursor_ == end_ || !IsDigit(*cursor_)) {
      return Invalid(cursor_,
                     "unexpected " + Found(cursor_) + ", expected a digit in the exponent");
    }
    while (cursor_ != end_ && IsDigit(*cursor_)) {
      // Saturate: beyond 10^9 the value is 0 or out of range either way.
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (*cursor_ - '0');
      ++cursor_;
    }
    if (exponent_negative) exponent = -exponent;
  }

  double value = 0;
  const auto [end, status] = std::from_chars(start, cursor_, value);
  if (status == std::errc() && end == cursor_) return value;
  const std::string_view number(start, static_cast<std::size_t>(cursor_ - start));
  const std::string shown =
      number.size() > 40 ? std::string(number.substr(0, 40)) + "..." : std::string(number);
  if (status == std::errc::result_out_of_range) {
    // from_chars reports both overflow and underflow this way. Tell them
    // apart by the decimal magnitude m, the value being about 0.d * 10^m:
    // overflow needs m > 308, underflow m < -322, so the sign decides.
    std::int64_t first_nonzero = 0;  // index of the first nonzero digit
    const char* p = int_begin;
    for (; p != int_end && *p == '0'; ++p) ++first_nonzero;
    if (p == int_end) {
      for (p = fraction_begin; p != fraction_end && *p == '0'; ++p) ++first_nonzero;
    }
    const std::int64_t magnitude = (int_end - int_begin) - first_nonzero + exponent;
    if (magnitude > 0) return Invalid(start, "number " + shown + " is out of range of a double");
    // ECMAScript's JSON.parse rounds such a number to zero, keeping its sign.
    return negative ? -0.0 : 0.0;
  }
  return ErrorAt(ErrorCode::kInternal, start, "number " + shown + " was not converted");
}

Status Parser::ParseLiteral(std::string_view word) {
  if (static_cast<std::size_t>(end_ - cursor_) >= word.size() &&
      std::string_view(cursor_, word.size()) == word) {
    cursor_ += word.size();
    return Ok();
  }
  return Invalid(cursor_, "invalid literal, expected " + std::string(word));
}

}  // namespace

Result<JsonValue> ParseJsonStrict(std::string_view text, const JsonLimits& limits) {
  return Parser(text, limits).Parse();
}

}  // namespace accord::core
