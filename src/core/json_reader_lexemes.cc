// The strict JSON reader's tokens: strings (RFC 8259 section 7, with
// UTF-8 checked per RFC 3629 section 4), numbers (section 6) and the
// literals true, false and null (section 3). The structure around them is
// json_reader.cc's.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>
#include <system_error>

#include "core/internal/json_parser.h"

namespace accord::core::internal {

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

}  // namespace accord::core::internal
