// Tests of core/json_reader.h: what strict I-JSON accepts, and for each
// rejection its error code, position and reason. Rules come from RFC 8259
// (grammar), RFC 3629 (UTF-8) and RFC 7493 (I-JSON).
#include "core/json_reader.h"

#include <gtest/gtest.h>

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

namespace accord::core {
namespace {

::testing::AssertionResult Rejects(std::string_view text, ErrorCode code, std::string_view message,
                                   const JsonLimits& limits = {}) {
  auto parsed = ParseJsonStrict(text, limits);
  if (parsed.has_value()) return ::testing::AssertionFailure() << "accepted";
  if (parsed.error().code != code || parsed.error().message != message) {
    return ::testing::AssertionFailure() << "got " << parsed.error().ToString();
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult Invalid(std::string_view text, std::string_view message) {
  return Rejects(text, ErrorCode::kInvalidArgument, message);
}

JsonValue Parse(std::string_view text) {
  auto parsed = ParseJsonStrict(text);
  EXPECT_TRUE(parsed.has_value()) << parsed.error().ToString();
  return parsed.has_value() ? *parsed : JsonValue();
}

std::uint64_t Bits(double value) {
  return std::bit_cast<std::uint64_t>(value);
}

// --- What is accepted. ---

TEST(JsonReaderTest, AcceptsOneValueOfEveryTypeAtTopLevel) {
  EXPECT_EQ(Parse("0").AsNumber(), 0);
  EXPECT_EQ(Parse("-1.5e3").AsNumber(), -1500);
  EXPECT_EQ(Parse("\"\"").AsString(), "");
  EXPECT_TRUE(Parse("true").AsBool());
  EXPECT_FALSE(Parse("false").AsBool());
  EXPECT_EQ(Parse("null").type(), JsonType::kNull);
  EXPECT_TRUE(Parse("[]").AsArray().empty());
  EXPECT_TRUE(Parse("{}").AsObject().empty());
  EXPECT_EQ(Parse(" \t\n\r 7 \r\n\t ").AsNumber(), 7);
}

TEST(JsonReaderTest, KeepsMembersAndElementsInInputOrder) {
  const JsonValue value = Parse(R"({"b": [3, "x", null], "a": {"c": true}})");
  const JsonObject& members = value.AsObject();
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].name, "b");
  EXPECT_EQ(members[1].name, "a");
  const JsonArray& elements = members[0].value.AsArray();
  ASSERT_EQ(elements.size(), 3u);
  EXPECT_EQ(elements[0].AsNumber(), 3);
  EXPECT_EQ(elements[1].AsString(), "x");
  EXPECT_EQ(elements[2].type(), JsonType::kNull);
  ASSERT_NE(value.Find("a"), nullptr);
  EXPECT_TRUE(value.Find("a")->Find("c")->AsBool());
  EXPECT_EQ(value.Find("z"), nullptr);
  EXPECT_EQ(elements[0].Find("b"), nullptr);
}

TEST(JsonReaderTest, DecodesEveryEscape) {
  EXPECT_EQ(Parse(R"("\"\\\/\b\f\n\r\t")").AsString(), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(Parse(R"("\u0041\u00e9\u20AC\uD83D\uDE00")").AsString(),
            "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  EXPECT_EQ(Parse(R"("a\u0000b")").AsString(), std::string("a\0b", 3));
  EXPECT_EQ(Parse(R"("\udbff\udfff")").AsString(), "\xF4\x8F\xBF\xBF");
}

TEST(JsonReaderTest, AcceptsLiteralUtf8AtEveryRangeBoundary) {
  for (const char* text : {"\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80",
                           "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\x7F"}) {
    EXPECT_EQ(Parse("\"" + std::string(text) + "\"").AsString(), text);
  }
}

// --- Numbers. ---

TEST(JsonReaderTest, ParsesNumbersToTheCorrectlyRoundedDouble) {
  EXPECT_EQ(Bits(Parse("0.1").AsNumber()), 0x3FB999999999999Au);
  // 2^53 + 1 lies halfway between 2^53 and 2^53 + 2: ties go to even.
  EXPECT_EQ(Bits(Parse("9007199254740993").AsNumber()), 0x4340000000000000u);
  EXPECT_EQ(Bits(Parse("4.9406564584124654e-324").AsNumber()), 0x0000000000000001u);
  // Just above half the smallest subnormal rounds up to it.
  EXPECT_EQ(Bits(Parse("2.4703282292062328e-324").AsNumber()), 0x0000000000000001u);
  // Within half an ulp of the largest double: still finite.
  EXPECT_EQ(Bits(Parse("1.7976931348623158e308").AsNumber()), 0x7FEFFFFFFFFFFFFFu);
  // Long inputs: 400 zeros then an exponent that cancels them.
  EXPECT_EQ(Parse("1" + std::string(400, '0') + ".0e-400").AsNumber(), 1.0);
  EXPECT_EQ(Parse("0e99999999999999999999").AsNumber(), 0.0);
}

TEST(JsonReaderTest, RoundsUnderflowToSignedZeroLikeJsonParse) {
  const double positive = Parse("1e-400").AsNumber();
  EXPECT_EQ(positive, 0.0);
  EXPECT_FALSE(std::signbit(positive));
  const double negative = Parse("-1e-400").AsNumber();
  EXPECT_EQ(negative, 0.0);
  EXPECT_TRUE(std::signbit(negative));
  EXPECT_EQ(Bits(Parse("2.4703282292062327e-324").AsNumber()), 0u);
  EXPECT_EQ(Bits(Parse("0." + std::string(400, '0') + "1").AsNumber()), 0u);
  EXPECT_TRUE(std::signbit(Parse("-0").AsNumber()));
}

TEST(JsonReaderTest, RejectsNumbersTooLargeForADouble) {
  EXPECT_TRUE(
      Invalid("1e400", "line 1, column 1 (byte 0): number 1e400 is out of range of a double"));
  EXPECT_TRUE(Invalid("[-1.8e308]",
                      "line 1, column 2 (byte 1): number -1.8e308 is out of range of a double"));
  EXPECT_TRUE(Invalid("1.7976931348623159e308",
                      "line 1, column 1 (byte 0): number 1.7976931348623159e308 is out of range "
                      "of a double"));
  EXPECT_TRUE(Invalid("9" + std::string(400, '9'), "line 1, column 1 (byte 0): number " +
                                                       std::string(40, '9') +
                                                       "... is out of range of a double"));
}

TEST(JsonReaderTest, AgreesWithStrtodOnRandomDecimalNumbers) {
  // glibc's strtod rounds correctly and is a separate implementation from
  // the std::from_chars the reader uses; the two must agree bit for bit.
  std::mt19937_64 random(3629);
  for (int i = 0; i < 100000; ++i) {
    std::string text = random() % 2 ? "-" : "";
    const int int_digits = 1 + static_cast<int>(random() % 20);
    text += static_cast<char>('1' + random() % 9);
    for (int d = 1; d < int_digits; ++d) text += static_cast<char>('0' + random() % 10);
    if (random() % 2) {
      text += '.';
      for (int d = static_cast<int>(random() % 20); d >= 0; --d) {
        text += static_cast<char>('0' + random() % 10);
      }
    }
    if (random() % 4) text += "e" + std::to_string(static_cast<int>(random() % 700) - 350);
    errno = 0;
    const double expected = std::strtod(text.c_str(), nullptr);
    auto parsed = ParseJsonStrict(text);
    if (std::isinf(expected)) {
      ASSERT_FALSE(parsed.has_value()) << text;
      continue;
    }
    ASSERT_TRUE(parsed.has_value()) << text << ": " << parsed.error().ToString();
    ASSERT_EQ(Bits(parsed->AsNumber()), Bits(expected)) << text;
  }
}

TEST(JsonReaderTest, RejectsNumbersOutsideTheJsonGrammar) {
  EXPECT_TRUE(Invalid("01", "line 1, column 1 (byte 0): leading zero in number"));
  EXPECT_TRUE(Invalid("[-012]", "line 1, column 3 (byte 2): leading zero in number"));
  EXPECT_TRUE(Invalid("NaN", "line 1, column 1 (byte 0): unexpected 'N', expected a value"));
  EXPECT_TRUE(Invalid("Infinity", "line 1, column 1 (byte 0): unexpected 'I', expected a value"));
  EXPECT_TRUE(Invalid("-Infinity",
                      "line 1, column 2 (byte 1): unexpected 'I', expected a digit after '-'"));
  EXPECT_TRUE(Invalid("+1", "line 1, column 1 (byte 0): unexpected '+', expected a value"));
  EXPECT_TRUE(Invalid(".5", "line 1, column 1 (byte 0): unexpected '.', expected a value"));
  EXPECT_TRUE(Invalid("1.",
                      "line 1, column 3 (byte 2): unexpected end of input, expected a "
                      "digit after the decimal point"));
  EXPECT_TRUE(Invalid("1.e5",
                      "line 1, column 3 (byte 2): unexpected 'e', expected a digit "
                      "after the decimal point"));
  EXPECT_TRUE(Invalid("1e",
                      "line 1, column 3 (byte 2): unexpected end of input, expected a "
                      "digit in the exponent"));
  EXPECT_TRUE(Invalid(
      "[1e+]", "line 1, column 5 (byte 4): unexpected ']', expected a digit in the exponent"));
  EXPECT_TRUE(Invalid("0x10", "line 1, column 2 (byte 1): unexpected 'x' after the JSON value"));
  EXPECT_TRUE(Invalid("-",
                      "line 1, column 2 (byte 1): unexpected end of input, expected a "
                      "digit after '-'"));
}

// --- Structure. ---

TEST(JsonReaderTest, RejectsEmptyInput) {
  EXPECT_TRUE(Invalid("", "line 1, column 1 (byte 0): unexpected end of input, expected a value"));
  EXPECT_TRUE(
      Invalid("   ", "line 1, column 4 (byte 3): unexpected end of input, expected a value"));
}

TEST(JsonReaderTest, RejectsTrailingCommas) {
  EXPECT_TRUE(Invalid("[1,]",
                      "line 1, column 4 (byte 3): unexpected ']' after ',', expected a "
                      "value (trailing commas are not allowed)"));
  EXPECT_TRUE(Invalid(R"({"a":1,})",
                      "line 1, column 8 (byte 7): unexpected '}' after ',', "
                      "expected a member name (trailing commas are not allowed)"));
  // A missing member value is not a trailing comma.
  EXPECT_TRUE(
      Invalid(R"({"x":1,"a":])", "line 1, column 12 (byte 11): unexpected ']', expected a value"));
}

TEST(JsonReaderTest, RejectsComments) {
  EXPECT_TRUE(
      Invalid("[1] // note", "line 1, column 5 (byte 4): unexpected '/' after the JSON value"));
  EXPECT_TRUE(Invalid("/* c */ 1", "line 1, column 1 (byte 0): unexpected '/', expected a value"));
}

TEST(JsonReaderTest, RejectsWhitespaceOutsideRfc8259) {
  EXPECT_TRUE(Invalid("\f1", "line 1, column 1 (byte 0): unexpected byte 0x0c, expected a value"));
  EXPECT_TRUE(
      Invalid("[1,\v2]", "line 1, column 4 (byte 3): unexpected byte 0x0b, expected a value"));
  EXPECT_TRUE(
      Invalid("\xC2\xA0"
              "1",
              "line 1, column 1 (byte 0): unexpected byte 0xc2, expected a value"));
  // A byte order mark is not whitespace either (RFC 8259 section 8.1).
  EXPECT_TRUE(Invalid("\xEF\xBB\xBF{}",
                      "line 1, column 1 (byte 0): unexpected byte 0xef, expected a value"));
}

TEST(JsonReaderTest, RejectsAnythingAfterTheValue) {
  EXPECT_TRUE(Invalid("1 2", "line 1, column 3 (byte 2): unexpected '2' after the JSON value"));
  EXPECT_TRUE(Invalid("{} {}", "line 1, column 4 (byte 3): unexpected '{' after the JSON value"));
  EXPECT_TRUE(Invalid(std::string("null\0", 5),
                      "line 1, column 5 (byte 4): unexpected byte 0x00 after the JSON value"));
}

TEST(JsonReaderTest, RejectsMissingSeparators) {
  EXPECT_TRUE(Invalid("[1 2]", "line 1, column 4 (byte 3): unexpected '2', expected ',' or ']'"));
  EXPECT_TRUE(
      Invalid("[true false]", "line 1, column 7 (byte 6): unexpected 'f', expected ',' or ']'"));
  EXPECT_TRUE(Invalid(R"({"a":1 "b":2})",
                      "line 1, column 8 (byte 7): unexpected '\"', expected ',' or '}'"));
  EXPECT_TRUE(Invalid(R"({"a" 1})",
                      "line 1, column 6 (byte 5): unexpected '1', expected ':' after member name"));
  EXPECT_TRUE(
      Invalid("{1:2}", "line 1, column 2 (byte 1): unexpected '1', expected a member name"));
  EXPECT_TRUE(Invalid("{,}", "line 1, column 2 (byte 1): unexpected ',', expected a member name"));
  EXPECT_TRUE(Invalid("[,1]", "line 1, column 2 (byte 1): unexpected ',', expected a value"));
  EXPECT_TRUE(Invalid("]", "line 1, column 1 (byte 0): unexpected ']', expected a value"));
  EXPECT_TRUE(Invalid("['a']", "line 1, column 2 (byte 1): unexpected \"'\", expected a value"));
}

TEST(JsonReaderTest, RejectsTruncatedInput) {
  EXPECT_TRUE(Invalid("[", "line 1, column 2 (byte 1): unexpected end of input, expected a value"));
  EXPECT_TRUE(
      Invalid("[1", "line 1, column 3 (byte 2): unexpected end of input, expected ',' or ']'"));
  EXPECT_TRUE(Invalid(R"({"a":1)",
                      "line 1, column 7 (byte 6): unexpected end of input, expected ',' or '}'"));
  EXPECT_TRUE(Invalid(R"({"a")",
                      "line 1, column 5 (byte 4): unexpected end of input, expected "
                      "':' after member name"));
  EXPECT_TRUE(Invalid(
      R"("abc)", "line 1, column 5 (byte 4): unexpected end of input in string, expected '\"'"));
}

TEST(JsonReaderTest, RejectsMisspelledLiterals) {
  EXPECT_TRUE(Invalid("tru", "line 1, column 1 (byte 0): invalid literal, expected true"));
  EXPECT_TRUE(Invalid("[nulL]", "line 1, column 2 (byte 1): invalid literal, expected null"));
  EXPECT_TRUE(Invalid("falsy", "line 1, column 1 (byte 0): invalid literal, expected false"));
  EXPECT_TRUE(Invalid("True", "line 1, column 1 (byte 0): unexpected 'T', expected a value"));
}

TEST(JsonReaderTest, CountsLinesAndColumnsInCharacters) {
  // Column 8, byte 11: each euro sign is one character but three bytes.
  EXPECT_TRUE(Invalid("[\"\xE2\x82\xAC\xE2\x82\xAC\", x]",
                      "line 1, column 8 (byte 11): unexpected 'x', expected a value"));
  EXPECT_TRUE(Invalid("{\n  \"a\": 1,\n  \"a\": 2\n}",
                      "line 3, column 3 (byte 14): duplicate member name \"a\""));
  // A carriage return is not a line break; only LF counts.
  EXPECT_TRUE(
      Invalid("[1,\r\n\r\n  x]", "line 3, column 3 (byte 9): unexpected 'x', expected a value"));
}

// --- Strings. ---

TEST(JsonReaderTest, RejectsUnescapedControlCharacters) {
  EXPECT_TRUE(Invalid("\"a\tb\"",
                      "line 1, column 3 (byte 2): unescaped control character U+0009 in string"));
  EXPECT_TRUE(Invalid("[\"\n\"]",
                      "line 1, column 3 (byte 2): unescaped control character U+000A in string"));
  EXPECT_TRUE(Invalid(std::string("\"\0\"", 3),
                      "line 1, column 2 (byte 1): unescaped control character U+0000 in string"));
  EXPECT_TRUE(Invalid("\"\x1F\"",
                      "line 1, column 2 (byte 1): unescaped control character U+001F in string"));
}

TEST(JsonReaderTest, RejectsBadEscapes) {
  EXPECT_TRUE(Invalid(
      R"("\x")", "line 1, column 2 (byte 1): invalid escape sequence: 'x' after '\\' in string"));
  EXPECT_TRUE(
      Invalid(R"("\U0041")",
              "line 1, column 2 (byte 1): invalid escape sequence: 'U' after '\\' in string"));
  EXPECT_TRUE(Invalid(R"("\')",
                      "line 1, column 2 (byte 1): invalid escape sequence: \"'\" after "
                      "'\\' in string"));
  EXPECT_TRUE(
      Invalid(R"("\u12")",
              "line 1, column 2 (byte 1): invalid \\u escape in string, expected 4 hex digits"));
  EXPECT_TRUE(
      Invalid(R"("ab\u12G4")",
              "line 1, column 4 (byte 3): invalid \\u escape in string, expected 4 hex digits"));
  EXPECT_TRUE(
      Invalid(R"("\)", "line 1, column 3 (byte 2): unexpected end of input in escape sequence"));
}

TEST(JsonReaderTest, RejectsLoneAndMisorderedSurrogateEscapes) {
  const std::string high_reason =
      " in string, expected a low surrogate escape \\udc00-\\udfff to follow";
  EXPECT_TRUE(Invalid(R"("\ud800")",
                      "line 1, column 2 (byte 1): lone high surrogate \\ud800" + high_reason));
  EXPECT_TRUE(Invalid(R"("x\ud800y")",
                      "line 1, column 3 (byte 2): lone high surrogate \\ud800" + high_reason));
  EXPECT_TRUE(Invalid(R"("\ud800\u0041")",
                      "line 1, column 2 (byte 1): lone high surrogate \\ud800" + high_reason));
  EXPECT_TRUE(Invalid(R"("\uDBFF\uDBFF")",
                      "line 1, column 2 (byte 1): lone high surrogate \\uDBFF" + high_reason));
  EXPECT_TRUE(
      Invalid(R"("\uDC00")", "line 1, column 2 (byte 1): lone low surrogate \\uDC00 in string"));
  EXPECT_TRUE(Invalid(R"("\udc00\ud800")",
                      "line 1, column 2 (byte 1): lone low surrogate \\udc00 in string"));
  EXPECT_TRUE(
      Invalid(R"("\ud800\uzzzz")",
              "line 1, column 8 (byte 7): invalid \\u escape in string, expected 4 hex digits"));
}

TEST(JsonReaderTest, RejectsInvalidUtf8InStrings) {
  // The example of the error format in the design brief, reproduced.
  EXPECT_TRUE(Invalid("{\"a\":\"xy\xFF\"}",
                      "line 1, column 9 (byte 8): invalid UTF-8 byte 0xff in string"));
  EXPECT_TRUE(Invalid("\"\xFE\"", "line 1, column 2 (byte 1): invalid UTF-8 byte 0xfe in string"));
  EXPECT_TRUE(Invalid("\"\x80\"",
                      "line 1, column 2 (byte 1): invalid UTF-8 byte 0x80 in string "
                      "(continuation byte without a lead byte)"));
  EXPECT_TRUE(
      Invalid("{\"\xFF\":1}", "line 1, column 3 (byte 2): invalid UTF-8 byte 0xff in string"));
}

TEST(JsonReaderTest, RejectsOverlongUtf8) {
  EXPECT_TRUE(
      Invalid("\"\xC0\xAF\"",
              "line 1, column 2 (byte 1): invalid UTF-8 byte 0xc0 in string (overlong encoding)"));
  EXPECT_TRUE(
      Invalid("\"\xC1\xBF\"",
              "line 1, column 2 (byte 1): invalid UTF-8 byte 0xc1 in string (overlong encoding)"));
  EXPECT_TRUE(Invalid("\"\xE0\x80\xAF\"",
                      "line 1, column 2 (byte 1): overlong UTF-8 encoding 0xe0 0x80 in string"));
  EXPECT_TRUE(Invalid("\"\xE0\x9F\xBF\"",
                      "line 1, column 2 (byte 1): overlong UTF-8 encoding 0xe0 0x9f in string"));
  EXPECT_TRUE(Invalid("\"\xF0\x8F\xBF\xBF\"",
                      "line 1, column 2 (byte 1): overlong UTF-8 encoding 0xf0 0x8f in string"));
}

TEST(JsonReaderTest, RejectsUtf8EncodedSurrogates) {
  EXPECT_TRUE(Invalid("\"\xED\xA0\x80\"",
                      "line 1, column 2 (byte 1): UTF-8 encoded surrogate 0xed 0xa0 in string"));
  EXPECT_TRUE(Invalid("\"\xED\xBF\xBF\"",
                      "line 1, column 2 (byte 1): UTF-8 encoded surrogate 0xed 0xbf in string"));
}

TEST(JsonReaderTest, RejectsUtf8AboveU10ffff) {
  EXPECT_TRUE(
      Invalid("\"\xF4\x90\x80\x80\"",
              "line 1, column 2 (byte 1): UTF-8 sequence 0xf4 0x90 above U+10FFFF in string"));
  EXPECT_TRUE(Invalid("\"\xF5\x80\x80\x80\"",
                      "line 1, column 2 (byte 1): invalid UTF-8 byte 0xf5 in string"));
}

TEST(JsonReaderTest, RejectsTruncatedUtf8) {
  EXPECT_TRUE(Invalid("\"\xE2\x82\"",
                      "line 1, column 2 (byte 1): truncated UTF-8 sequence "
                      "starting with byte 0xe2 in string"));
  EXPECT_TRUE(Invalid("\"ok\xC3\"",
                      "line 1, column 4 (byte 3): truncated UTF-8 sequence "
                      "starting with byte 0xc3 in string"));
  EXPECT_TRUE(Invalid("\"\xF0\x9F\x98",
                      "line 1, column 2 (byte 1): truncated UTF-8 sequence "
                      "starting with byte 0xf0 in string"));
}

TEST(JsonReaderTest, RejectsInvalidUtf8OutsideStrings) {
  EXPECT_TRUE(
      Invalid("[\xFF]", "line 1, column 2 (byte 1): unexpected byte 0xff, expected a value"));
  EXPECT_TRUE(
      Invalid("1\xC3\xA9", "line 1, column 2 (byte 1): unexpected byte 0xc3 after the JSON value"));
}

// --- Duplicate member names (RFC 7493 section 2.3). ---

TEST(JsonReaderTest, RejectsDuplicateMemberNames) {
  EXPECT_TRUE(
      Invalid(R"({"a":1,"a":2})", "line 1, column 8 (byte 7): duplicate member name \"a\""));
  EXPECT_TRUE(Invalid(R"({"a":[1,{"b":2}],"a":null})",
                      "line 1, column 18 (byte 17): duplicate member name \"a\""));
}

TEST(JsonReaderTest, ComparesMemberNamesAfterUnescaping) {
  EXPECT_TRUE(
      Invalid(R"({"a":1,"\u0061":2})", "line 1, column 8 (byte 7): duplicate member name \"a\""));
  EXPECT_TRUE(Invalid(R"({"\u00e9":1,"é":2})",
                      "line 1, column 13 (byte 12): duplicate member name \"\xC3\xA9\""));
  EXPECT_TRUE(Invalid(R"({"q\"":1,"q\"":2})",
                      "line 1, column 10 (byte 9): duplicate member name \"q\\\"\""));
}

TEST(JsonReaderTest, AllowsTheSameNameInDifferentObjects) {
  EXPECT_EQ(Parse(R"({"a":{"a":1},"b":{"a":2}})").AsObject().size(), 2u);
  EXPECT_EQ(Parse(R"([{"a":1},{"a":1}])").AsArray().size(), 2u);
  // Names that differ only in case or normalization are different names.
  EXPECT_EQ(Parse(R"({"a":1,"A":2,"\u00e9":3,"e\u0301":4})").AsObject().size(), 4u);
}

TEST(JsonReaderTest, FindsDuplicatesInLargeObjects) {
  std::string text = "{";
  for (int i = 0; i < 1000; ++i)
    text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  const std::size_t duplicate_at = text.size();
  text += "\"k42\":0}";
  EXPECT_TRUE(Invalid(text, "line 1, column " + std::to_string(duplicate_at + 1) + " (byte " +
                                std::to_string(duplicate_at) + "): duplicate member name \"k42\""));
  text.replace(duplicate_at, 5, "\"k1000\"");
  EXPECT_EQ(Parse(text).AsObject().size(), 1001u);
}

TEST(JsonReaderTest, ShortensLongDuplicateNamesInTheMessage) {
  const std::string name(100, 'x');
  EXPECT_TRUE(Invalid(
      "{\"" + name + "\":1,\"" + name + "\":2}",
      "line 1, column 107 (byte 106): duplicate member name \"" + std::string(64, 'x') + "\"..."));
}

// --- Limits: kResourceExhausted. ---

TEST(JsonReaderTest, AcceptsNestingUpToTheDepthLimit) {
  EXPECT_TRUE(ParseJsonStrict(std::string(64, '[') + std::string(64, ']')).has_value());
  EXPECT_TRUE(Rejects(std::string(65, '[') + std::string(65, ']'), ErrorCode::kResourceExhausted,
                      "line 1, column 65 (byte 64): nesting depth exceeds the limit of 64"));
}

TEST(JsonReaderTest, CountsObjectsAndArraysTowardsTheDepthLimit) {
  JsonLimits limits;
  limits.max_depth = 2;
  EXPECT_TRUE(ParseJsonStrict(R"({"a":{"b":1}})", limits).has_value());
  EXPECT_TRUE(Rejects(R"({"a":{"b":[]}})", ErrorCode::kResourceExhausted,
                      "line 1, column 11 (byte 10): nesting depth exceeds the limit of 2", limits));
}

TEST(JsonReaderTest, RejectsHundredThousandLevelsWithoutCrashing) {
  const std::string deep(100000, '[');
  EXPECT_TRUE(Rejects(deep, ErrorCode::kResourceExhausted,
                      "line 1, column 65 (byte 64): nesting depth exceeds the limit of 64"));
  EXPECT_TRUE(Rejects(std::string(100000, '{'), ErrorCode::kInvalidArgument,
                      "line 1, column 2 (byte 1): unexpected '{', expected a member name"));
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  EXPECT_TRUE(Rejects(objects, ErrorCode::kResourceExhausted,
                      "line 1, column 321 (byte 320): nesting depth exceeds the limit of 64"));
  // The reader keeps its own stack on the heap, so even a limit far above
  // the input's depth does not recurse.
  JsonLimits limits;
  limits.max_depth = 1'000'000;
  EXPECT_TRUE(Rejects(
      deep, ErrorCode::kInvalidArgument,
      "line 1, column 100001 (byte 100000): unexpected end of input, expected a value", limits));
}

TEST(JsonReaderTest, RejectsInputAboveTheSizeLimit) {
  JsonLimits limits;
  limits.max_input_bytes = 10;
  EXPECT_TRUE(ParseJsonStrict("[1,2,3,45]", limits).has_value());
  EXPECT_TRUE(Rejects(
      "[1,2,3,4,5]", ErrorCode::kResourceExhausted,
      "line 1, column 11 (byte 10): input of 11 bytes exceeds the limit of 10 bytes", limits));
}

TEST(JsonReaderTest, RejectsStringsAboveTheLengthLimitAfterUnescaping) {
  JsonLimits limits;
  limits.max_string_bytes = 3;
  EXPECT_TRUE(ParseJsonStrict(R"(["abc", "\u00e9a", {"xyz": 1}])", limits).has_value());
  const char* const kReason = "string exceeds the limit of 3 bytes";
  EXPECT_TRUE(Rejects(R"(["abcd"])", ErrorCode::kResourceExhausted,
                      std::string("line 1, column 2 (byte 1): ") + kReason, limits));
  EXPECT_TRUE(Rejects(R"("\u00e9\u00e9")", ErrorCode::kResourceExhausted,
                      std::string("line 1, column 1 (byte 0): ") + kReason, limits));
  EXPECT_TRUE(Rejects("\"\xC3\xA9\xC3\xA9\"", ErrorCode::kResourceExhausted,
                      std::string("line 1, column 1 (byte 0): ") + kReason, limits));
  EXPECT_TRUE(Rejects(R"({"abcd":1})", ErrorCode::kResourceExhausted,
                      std::string("line 1, column 2 (byte 1): ") + kReason, limits));
}

TEST(JsonValueTest, NamesEveryType) {
  EXPECT_EQ(JsonTypeName(JsonType::kNull), "null");
  EXPECT_EQ(JsonTypeName(JsonType::kBool), "bool");
  EXPECT_EQ(JsonTypeName(JsonType::kNumber), "number");
  EXPECT_EQ(JsonTypeName(JsonType::kString), "string");
  EXPECT_EQ(JsonTypeName(JsonType::kArray), "array");
  EXPECT_EQ(JsonTypeName(JsonType::kObject), "object");
}

}  // namespace
}  // namespace accord::core
