#include "core/canonical_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace accord::core {
namespace {

void AppendNumber(double value, std::string& out) {
  if (!std::isfinite(value)) {
    // See FormatJsonNumber's contract: never emit "nan" or "inf" into bytes
    // that will be hashed, signed and published.
    std::fputs(
        "accord: FormatJsonNumber called with a non-finite number "
        "(RFC 8785 section 3.2.2.3 has no form for it)\n",
        stderr);
    std::abort();
  }
  if (value == 0) {  // both 0 and -0: ECMAScript writes "0"
    out += '0';
    return;
  }
  // std::to_chars without a precision gives the shortest digits that
  // round-trip, the nearest to the value when several qualify: exactly the
  // k and s of ECMA-262 Number::toString step 5 (with its Note 2). The
  // scientific format makes them easy to take apart: [-]d[.ddd]e(+|-)xx.
  char buffer[32];
  const auto converted =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  const char* p = buffer;
  if (*p == '-') {
    out += '-';
    ++p;
  }
  char digits[20];
  int k = 0;  // number of significant digits
  for (; *p != 'e'; ++p) {
    if (*p != '.') digits[k++] = *p;
  }
  ++p;  // 'e'
  int exponent = 0;
  std::from_chars(*p == '+' ? p + 1 : p, converted.ptr, exponent);
  // ECMAScript's n: the value is 0.d1d2...dk * 10^n.
  const int n = exponent + 1;

  if (k <= n && n <= 21) {
    // An integer: the digits, then n - k zeros ("1e+20" is written out).
    out.append(digits, static_cast<std::size_t>(k));
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    // The decimal point falls inside the digits.
    out.append(digits, static_cast<std::size_t>(n));
    out += '.';
    out.append(digits + n, static_cast<std::size_t>(k - n));
  } else if (-6 < n && n <= 0) {
    // A small fraction: "0.", -n zeros, the digits.
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out.append(digits, static_cast<std::size_t>(k));
  } else {
    // Exponent form: d[.ddd]e(+|-)(n-1).
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits + 1, static_cast<std::size_t>(k - 1));
    }
    out += 'e';
    out += n - 1 < 0 ? '-' : '+';
    out += std::to_string(n - 1 < 0 ? 1 - n : n - 1);
  }
}

void AppendString(std::string_view text, std::string& out) {
  // RFC 8785 section 3.2.2.2: escape '"' and '\', the five controls with a
  // short form as \b \t \n \f \r, other controls below U+0020 as \u00xx
  // with lowercase hex; everything else, DEL and non-ASCII included, as is.
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of bytes not yet copied
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

class Serializer {
 public:
  explicit Serializer(std::string& out) : out_(out) {}

  void Append(const JsonValue& value) {
    switch (value.type()) {
      case JsonType::kNull:
        out_ += "null";
        return;
      case JsonType::kBool:
        out_ += value.AsBool() ? "true" : "false";
        return;
      case JsonType::kNumber:
        AppendNumber(value.AsNumber(), out_);
        return;
      case JsonType::kString:
        AppendString(value.AsString(), out_);
        return;
      case JsonType::kArray: {
        out_ += '[';
        bool first = true;
        for (const JsonValue& element : value.AsArray()) {
          if (!first) out_ += ',';
          first = false;
          Append(element);
        }
        out_ += ']';
        return;
      }
      case JsonType::kObject:
        AppendObject(value.AsObject());
        return;
    }
  }

 private:
  void AppendObject(const JsonObject& members) {
    // Sort pointers to the members in a scratch area shared by the whole
    // serialization: this object's range sits at the end, and nested
    // objects push theirs beyond it, so the range is read by index.
    const std::size_t begin = sorted_.size();
    for (const JsonMember& member : members) sorted_.push_back(&member);
    std::sort(sorted_.begin() + static_cast<std::ptrdiff_t>(begin), sorted_.end(),
              [](const JsonMember* a, const JsonMember* b) {
                return Utf16CodeUnitLess(a->name, b->name);
              });
    out_ += '{';
    for (std::size_t i = begin; i < begin + members.size(); ++i) {
      if (i != begin) out_ += ',';
      AppendString(sorted_[i]->name, out_);
      out_ += ':';
      Append(sorted_[i]->value);
    }
    out_ += '}';
    sorted_.resize(begin);
  }

  std::string& out_;
  std::vector<const JsonMember*> sorted_;
};

// Offset of the first byte that is not part of valid UTF-8 (RFC 3629
// section 4), or npos.
std::size_t FindInvalidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
    if (lead < 0xC2) return i;
    if (lead < 0xE0) {
      length = 2;
    } else if (lead < 0xF0) {
      length = 3;
      if (lead == 0xE0) second_min = 0xA0;
      if (lead == 0xED) second_max = 0x9F;
    } else if (lead < 0xF5) {
      length = 4;
      if (lead == 0xF0) second_min = 0x90;
      if (lead == 0xF4) second_max = 0x8F;
    } else {
      return i;
    }
    if (text.size() - i < length) return i;
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (second < second_min || second > second_max) return i;
    for (std::size_t j = 2; j < length; ++j) {
      if ((static_cast<unsigned char>(text[i + j]) & 0xC0) != 0x80) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

// RFC 6901: "~" is written "~0" and "/" is written "~1" in a reference token.
std::string PointerToken(std::string_view name) {
  std::string token;
  for (char c : name) {
    if (c == '~') {
      token += "~0";
    } else if (c == '/') {
      token += "~1";
    } else {
      token += c;
    }
  }
  return token;
}

class Validator {
 public:
  Status Check(const JsonValue& value) {
    switch (value.type()) {
      case JsonType::kNull:
      case JsonType::kBool:
        return Ok();
      case JsonType::kNumber:
        if (!std::isfinite(value.AsNumber())) return Fail("number is not finite");
        return Ok();
      case JsonType::kString:
        return CheckUtf8(value.AsString(), "string");
      case JsonType::kArray: {
        const JsonArray& elements = value.AsArray();
        for (std::size_t i = 0; i < elements.size(); ++i) {
          path_.push_back(std::to_string(i));
          if (auto checked = Check(elements[i]); !checked) return checked;
          path_.pop_back();
        }
        return Ok();
      }
      case JsonType::kObject:
        return CheckObject(value.AsObject());
    }
    return Ok();
  }

 private:
  Status CheckObject(const JsonObject& members) {
    for (const JsonMember& member : members) {
      if (auto checked = CheckUtf8(member.name, "member name"); !checked) return checked;
    }
    // RFC 7493 section 2.3: names are unique. Sorting finds repeats in
    // n log n; the first repeat in sorted order is reported.
    std::vector<std::string_view> names;
    names.reserve(members.size());
    for (const JsonMember& member : members) names.push_back(member.name);
    std::sort(names.begin(), names.end());
    const auto repeat = std::adjacent_find(names.begin(), names.end());
    if (repeat != names.end()) {
      return Fail("duplicate member name \"" + std::string(*repeat) + "\"");
    }
    for (const JsonMember& member : members) {
      path_.push_back(PointerToken(member.name));
      if (auto checked = Check(member.value); !checked) return checked;
      path_.pop_back();
    }
    return Ok();
  }

  Status CheckUtf8(std::string_view text, std::string_view what) {
    const std::size_t bad = FindInvalidUtf8(text);
    if (bad == std::string_view::npos) return Ok();
    return Fail("invalid UTF-8 at byte " + std::to_string(bad) + " of " + std::string(what));
  }

  Error Fail(std::string_view reason) const {
    std::string pointer;
    for (const std::string& token : path_) pointer.append("/").append(token);
    return InvalidArgument("value at \"" + pointer + "\": " + std::string(reason));
  }

  std::vector<std::string> path_;  // RFC 6901 reference tokens to the current value
};

}  // namespace

bool Utf16CodeUnitLess(std::string_view a, std::string_view b) {
  const std::size_t common = std::min(a.size(), b.size());
  const auto [a_at, b_at] =
      std::mismatch(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(common), b.begin());
  if (a_at == a.begin() + static_cast<std::ptrdiff_t>(common)) return a.size() < b.size();
  const auto x = static_cast<unsigned char>(*a_at);
  const auto y = static_cast<unsigned char>(*b_at);
  // The bytes before the mismatch are equal, so both bytes start or continue
  // the same kind of sequence; bytes >= 0xEE are lead bytes. UTF-8 byte
  // order is code point order, and UTF-16 order differs from it only in
  // putting U+E000..U+FFFF (lead 0xEE or 0xEF) after U+10000..U+10FFFF
  // (lead 0xF0..0xF4), whose first code unit is a surrogate 0xD800..0xDBFF.
  if (x >= 0xEE && y >= 0xEE && (x >= 0xF0) != (y >= 0xF0)) return x >= 0xF0;
  return x < y;
}

std::string FormatJsonNumber(double value) {
  std::string out;
  AppendNumber(value, out);
  return out;
}

void AppendCanonical(const JsonValue& value, std::string& out) {
  Serializer(out).Append(value);
}

std::string SerializeCanonical(const JsonValue& value) {
  std::string out;
  AppendCanonical(value, out);
  return out;
}

Status ValidateForCanonical(const JsonValue& value) {
  return Validator().Check(value);
}

Result<std::string> CanonicalizeJson(std::string_view text, const JsonLimits& limits) {
  auto value = ParseJsonStrict(text, limits);
  if (!value) return std::move(value).error();
  std::string out;
  // Canonical output is rarely longer than its input (escapes of controls
  // and numbers like 1e21 written out are the exceptions).
  out.reserve(text.size());
  AppendCanonical(*value, out);
  return out;
}

}  // namespace accord::core
