// Tests of core/canonical_json.h. Expected bytes come from RFC 8785 itself
// (the examples of sections 3.2.2 to 3.2.4 and the Appendix B number
// table) or from its rules applied by hand; the property tests check
// round trips against the input, never against our own earlier output.
#include "core/canonical_json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace accord::core {
namespace {

std::string Canonical(std::string_view text) {
  auto canonical = CanonicalizeJson(text);
  EXPECT_TRUE(canonical.has_value()) << canonical.error().ToString();
  return canonical.has_value() ? *canonical : std::string();
}

// "7b 22 ..." -> the bytes.
std::string FromHex(std::string_view hex) {
  std::string bytes;
  int high = -1;
  for (char c : hex) {
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) continue;
    if (high < 0) {
      high = digit;
    } else {
      bytes += static_cast<char>(high * 16 + digit);
      high = -1;
    }
  }
  return bytes;
}

// RFC 8785 section 3.2.2: the input document of the running example.
constexpr std::string_view kRfcExampleInput = R"({
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
})";

TEST(CanonicalJsonTest, SerializesRfcSection322PrimitivesAsTheRfcShows) {
  // RFC 8785 section 3.2.2 serializes the example's values as
  // "numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],
  // "string":"€$\u000f\nA'B\"\\\\\"/", "literals":[null,true,false].
  EXPECT_EQ(Canonical("[333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001]"),
            "[333333333.3333333,1e+30,4.5,0.002,1e-27]");
  EXPECT_EQ(Canonical(R"("\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/")"),
            "\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"");
  EXPECT_EQ(Canonical("[null, true, false]"), "[null,true,false]");
}

TEST(CanonicalJsonTest, SortsRfcSection323ExampleIntoTheRfcOrder) {
  // RFC 8785 section 3.2.3: the canonical form of the running example.
  EXPECT_EQ(Canonical(kRfcExampleInput),
            "{\"literals\":[null,true,false],"
            "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

TEST(CanonicalJsonTest, ProducesRfcSection324Utf8Bytes) {
  // RFC 8785 section 3.2.4: the canonical example as UTF-8 bytes.
  const std::string expected = FromHex(
      "7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72"
      "75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a"
      "5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31"
      "65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37"
      "5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30"
      "30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d");
  EXPECT_EQ(Canonical(kRfcExampleInput), expected);
}

TEST(CanonicalJsonTest, SortsRfcSection323PropertyExampleByUtf16CodeUnits) {
  // RFC 8785 section 3.2.3, the sorting test: the RFC lists the result
  // order as \r, "1", U+0080, U+00F6, U+20AC, U+1F600, U+FB33.
  const std::string_view input = R"({
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"
  })";
  EXPECT_EQ(Canonical(input),
            "{\"\\r\":\"Carriage Return\","
            "\"1\":\"One\","
            "\"\xC2\x80\":\"Control\","
            "\"\xC3\xB6\":\"Latin Small Letter O With Diaeresis\","
            "\"\xE2\x82\xAC\":\"Euro Sign\","
            "\"\xF0\x9F\x98\x80\":\"Emoji: Grinning Face\","
            "\"\xEF\xAC\xB3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

struct NumberSample {
  std::uint64_t ieee754;
  const char* expected;
};

// RFC 8785 Appendix B, "Number Serialization Samples", every finite row.
constexpr NumberSample kAppendixB[] = {
    {0x0000000000000000, "0"},                         // Zero
    {0x8000000000000000, "0"},                         // Minus zero
    {0x0000000000000001, "5e-324"},                    // Min pos number
    {0x8000000000000001, "-5e-324"},                   // Min neg number
    {0x7fefffffffffffff, "1.7976931348623157e+308"},   // Max pos number
    {0xffefffffffffffff, "-1.7976931348623157e+308"},  // Max neg number
    {0x4340000000000000, "9007199254740992"},          // Max pos int
    {0xc340000000000000, "-9007199254740992"},         // Max neg int
    {0x4430000000000000, "295147905179352830000"},     // ~2**68
    {0x44b52d02c7e14af5, "9.999999999999997e+22"},
    {0x44b52d02c7e14af6, "1e+23"},
    {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
    {0x444b1ae4d6e2ef4e, "999999999999999700000"},
    {0x444b1ae4d6e2ef4f, "999999999999999900000"},
    {0x444b1ae4d6e2ef50, "1e+21"},
    {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
    {0x3eb0c6f7a0b5ed8d, "0.000001"},
    {0x41b3de4355555553, "333333333.3333332"},
    {0x41b3de4355555554, "333333333.33333325"},
    {0x41b3de4355555555, "333333333.3333333"},
    {0x41b3de4355555556, "333333333.3333334"},
    {0x41b3de4355555557, "333333333.33333343"},
    {0xbecbf647612f3696, "-0.0000033333333333333333"},
    {0x43143ff3c1cb0959, "1424953923781206.2"},  // Round to even
};

TEST(CanonicalJsonTest, FormatsEveryAppendixBNumberAsTheRfcLists) {
  for (const NumberSample& sample : kAppendixB) {
    EXPECT_EQ(FormatJsonNumber(std::bit_cast<double>(sample.ieee754)), sample.expected)
        << std::hex << sample.ieee754;
  }
}

TEST(CanonicalJsonTest, AppendixBFormsParseBackToTheSameDouble) {
  // Each listed form read back must be the listed double (-0 becomes 0).
  for (const NumberSample& sample : kAppendixB) {
    auto parsed = ParseJsonStrict(sample.expected);
    ASSERT_TRUE(parsed.has_value()) << sample.expected;
    const double expected = std::bit_cast<double>(sample.ieee754);
    EXPECT_EQ(parsed->AsNumber(), expected) << sample.expected;
  }
}

using CanonicalJsonDeathTest = ::testing::Test;

TEST_F(CanonicalJsonDeathTest, FormatJsonNumberStopsOnNanAndInfinity) {
  // Appendix B rows 7fffffffffffffff (NaN) and 7ff0000000000000
  // (Infinity): "not permitted in JSON". We abort rather than sign "nan".
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(FormatJsonNumber(std::bit_cast<double>(std::uint64_t{0x7fffffffffffffff})),
               "non-finite");
  EXPECT_DEATH(FormatJsonNumber(std::bit_cast<double>(std::uint64_t{0x7ff0000000000000})),
               "non-finite");
  EXPECT_DEATH(SerializeCanonical(
                   JsonValue::Array({JsonValue::Number(-std::numeric_limits<double>::infinity())})),
               "non-finite");
}

TEST(CanonicalJsonTest, FormatsNumbersAtTheEcmaScriptLayoutBoundaries) {
  // ECMA-262 Number::toString: integers up to 21 digits are written out,
  // 1e21 switches to exponent form; fractions down to n = -5 keep "0.",
  // 1e-7 switches to exponent form.
  EXPECT_EQ(FormatJsonNumber(1e20), "100000000000000000000");
  EXPECT_EQ(FormatJsonNumber(1e21), "1e+21");
  EXPECT_EQ(FormatJsonNumber(123e18), "123000000000000000000");
  EXPECT_EQ(FormatJsonNumber(1.5e21), "1.5e+21");
  EXPECT_EQ(FormatJsonNumber(0.000001), "0.000001");
  EXPECT_EQ(FormatJsonNumber(0.0000015), "0.0000015");
  EXPECT_EQ(FormatJsonNumber(1e-7), "1e-7");
  EXPECT_EQ(FormatJsonNumber(1.5e-7), "1.5e-7");
  EXPECT_EQ(FormatJsonNumber(-1.5e-7), "-1.5e-7");
  EXPECT_EQ(FormatJsonNumber(123.456), "123.456");
  EXPECT_EQ(FormatJsonNumber(-42), "-42");
  EXPECT_EQ(FormatJsonNumber(0.5), "0.5");
  EXPECT_EQ(FormatJsonNumber(1e300), "1e+300");
  EXPECT_EQ(FormatJsonNumber(-0.0), "0");
}

TEST(CanonicalJsonTest, CanonicalizesNegativeZeroAndUnderflowToZero) {
  EXPECT_EQ(Canonical("[-0, -0.0, 0e5, -1e-400]"), "[0,0,0,0]");
}

TEST(CanonicalJsonTest, EscapesEachControlCharacterAsSection3222Requires) {
  // RFC 8785 section 3.2.2.2: \b \t \n \f \r for those five, otherwise
  // \u00xx with lowercase hex for U+0000..U+001F.
  const char* const expected[0x20] = {
      "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
      "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",     "\\u000e", "\\u000f",
      "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
      "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f"};
  for (int c = 0; c < 0x20; ++c) {
    const JsonValue value = JsonValue::String(std::string(1, static_cast<char>(c)));
    EXPECT_EQ(SerializeCanonical(value), std::string("\"") + expected[c] + "\"") << c;
  }
}

TEST(CanonicalJsonTest, WritesQuoteBackslashAndNonAsciiAsSection3222Requires) {
  EXPECT_EQ(SerializeCanonical(JsonValue::String("a\"b\\c/d")), R"("a\"b\\c/d")");
  // DEL and everything from U+0080 up stay literal UTF-8.
  EXPECT_EQ(Canonical(R"("\u007f\u00e9\u2028\ud83d\ude02")"),
            "\"\x7F\xC3\xA9\xE2\x80\xA8\xF0\x9F\x98\x82\"");
}

TEST(CanonicalJsonTest, RemovesAllWhitespace) {
  EXPECT_EQ(Canonical(" \t\r\n{ \"a\" : [ 1 , { } , [ ] ] }\n"), R"({"a":[1,{},[]]})");
}

TEST(CanonicalJsonTest, SortsNestedObjectsAndKeepsArrayOrder) {
  EXPECT_EQ(Canonical(R"({"b":[{"z":1,"y":2},3,1],"a":{"d":{"f":0,"e":0},"c":0}})"),
            R"({"a":{"c":0,"d":{"e":0,"f":0}},"b":[{"y":2,"z":1},3,1]})");
}

TEST(CanonicalJsonTest, SortsShorterPrefixFirst) {
  EXPECT_EQ(Canonical(R"({"ab":1,"a":2,"":3})"), R"({"":3,"a":2,"ab":1})");
}

TEST(CanonicalJsonTest, Utf16OrderPutsSupplementaryCharactersBeforeUpperBmp) {
  // U+10000 is D800 DC00 in UTF-16, so it sorts before U+E000 and U+FFFF
  // although its code point (and UTF-8 lead byte F0) is larger.
  const std::string u10000 = "\xF0\x90\x80\x80";
  const std::string u1f600 = "\xF0\x9F\x98\x80";
  const std::string ue000 = "\xEE\x80\x80";
  const std::string uffff = "\xEF\xBF\xBF";
  const std::string ud7ff = "\xED\x9F\xBF";
  EXPECT_TRUE(Utf16CodeUnitLess(u10000, uffff));
  EXPECT_FALSE(Utf16CodeUnitLess(uffff, u10000));
  EXPECT_TRUE(Utf16CodeUnitLess(u1f600, ue000));
  EXPECT_FALSE(Utf16CodeUnitLess(ue000, u1f600));
  EXPECT_TRUE(Utf16CodeUnitLess(ud7ff, u10000));  // D7FF < D800
  EXPECT_TRUE(Utf16CodeUnitLess(u10000, u1f600));
  EXPECT_TRUE(Utf16CodeUnitLess(ue000, uffff));
  EXPECT_TRUE(Utf16CodeUnitLess("a" + u10000, "a" + uffff));
  EXPECT_FALSE(Utf16CodeUnitLess("a", "a"));
  EXPECT_TRUE(Utf16CodeUnitLess("a", "a" + ue000));

  EXPECT_EQ(Canonical(R"({"\uffff":1,"\ue000":2,"\ud800\udc00":3,"\ud7ff":4})"),
            "{\"" + ud7ff + "\":4,\"" + u10000 + "\":3,\"" + ue000 + "\":2,\"" + uffff + "\":1}");
}

TEST(CanonicalJsonTest, CanonicalizesEveryTopLevelType) {
  EXPECT_EQ(Canonical(" 1.0 "), "1");
  EXPECT_EQ(Canonical("\"x\""), "\"x\"");
  EXPECT_EQ(Canonical("true"), "true");
  EXPECT_EQ(Canonical("null"), "null");
  EXPECT_EQ(Canonical("[]"), "[]");
  EXPECT_EQ(Canonical("{}"), "{}");
}

TEST(CanonicalJsonTest, PassesParseErrorsThroughWithTheirPosition) {
  auto duplicate = CanonicalizeJson("{\"a\":1,\"a\":2}");
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(duplicate.error().message, "line 1, column 8 (byte 7): duplicate member name \"a\"");

  JsonLimits limits;
  limits.max_depth = 1;
  auto deep = CanonicalizeJson("[[]]", limits);
  ASSERT_FALSE(deep.has_value());
  EXPECT_EQ(deep.error().code, ErrorCode::kResourceExhausted);
}

TEST(CanonicalJsonTest, AppendCanonicalAppendsToExistingBytes) {
  std::string out = "prefix:";
  AppendCanonical(JsonValue::Object({{"b", JsonValue::Bool(false)}, {"a", JsonValue::Null()}}),
                  out);
  EXPECT_EQ(out, R"(prefix:{"a":null,"b":false})");
}

TEST(CanonicalJsonTest, ValidateAcceptsWhatTheParserProduces) {
  auto value = ParseJsonStrict(kRfcExampleInput);
  ASSERT_TRUE(value.has_value());
  EXPECT_TRUE(ValidateForCanonical(*value).has_value());
}

TEST(CanonicalJsonTest, ValidateRejectsNonFiniteNumberAndNamesItsPointer) {
  const JsonValue value = JsonValue::Object(
      {{"a/b", JsonValue::Array({JsonValue::Number(1),
                                 JsonValue::Number(std::numeric_limits<double>::quiet_NaN())})}});
  const Status status = ValidateForCanonical(value);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message, "value at \"/a~1b/1\": number is not finite");
}

TEST(CanonicalJsonTest, ValidateRejectsInvalidUtf8InStringsAndNames) {
  const Status in_string = ValidateForCanonical(
      JsonValue::Array({JsonValue::String("ok"), JsonValue::String("ab\xED\xA0\x80")}));
  ASSERT_FALSE(in_string.has_value());
  EXPECT_EQ(in_string.error().message, "value at \"/1\": invalid UTF-8 at byte 2 of string");

  const Status in_name =
      ValidateForCanonical(JsonValue::Object({{"x~\xC0\xAF", JsonValue::Null()}}));
  ASSERT_FALSE(in_name.has_value());
  EXPECT_EQ(in_name.error().message, "value at \"\": invalid UTF-8 at byte 2 of member name");
}

TEST(CanonicalJsonTest, ValidateRejectsDuplicateMemberNames) {
  const Status status = ValidateForCanonical(JsonValue::Object(
      {{"k", JsonValue::Object({{"a", JsonValue::Null()}, {"a", JsonValue::Null()}})}}));
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().message, "value at \"/k\": duplicate member name \"a\"");
}

// --- Properties over generated values. ---

class RandomJson {
 public:
  explicit RandomJson(std::uint64_t seed) : random_(seed) {}

  double FiniteDouble() {
    for (;;) {
      const double value = std::bit_cast<double>(random_());
      if (std::isfinite(value)) return value;
    }
  }

  // Code points from every UTF-8 length and the ranges the rules single out:
  // controls, quote and backslash, DEL, U+E000..U+FFFF, supplementary.
  std::string String() {
    std::string text;
    const int length = static_cast<int>(random_() % 6);
    for (int i = 0; i < length; ++i) {
      std::uint32_t code_point = 0;
      switch (random_() % 6) {
        case 0:
          code_point = static_cast<std::uint32_t>(random_() % 0x20);
          break;
        case 1:
          code_point = "\"\\/ a\x7f"[random_() % 6];
          break;
        case 2:
          code_point = 0x80 + static_cast<std::uint32_t>(random_() % 0x780);
          break;
        case 3:
          code_point = 0xE000 + static_cast<std::uint32_t>(random_() % 0x2000);
          break;
        case 4:
          code_point = 0x10000 + static_cast<std::uint32_t>(random_() % 0x100000);
          break;
        default:
          code_point = 0x800 + static_cast<std::uint32_t>(random_() % 0xD000);
          break;
      }
      if (code_point >= 0xD800 && code_point < 0xE000) code_point = 'x';
      AppendUtf8(text, code_point);
    }
    return text;
  }

  JsonValue Value(int depth) {
    switch (random_() % (depth > 0 ? 7 : 5)) {
      case 0:
        return JsonValue::Null();
      case 1:
        return JsonValue::Bool(random_() % 2 == 0);
      case 2:
        return JsonValue::Number(FiniteDouble());
      case 3:
        return JsonValue::Number(static_cast<double>(static_cast<std::int32_t>(random_())));
      case 4:
        return JsonValue::String(String());
      case 5: {
        JsonArray elements;
        for (int i = static_cast<int>(random_() % 5); i > 0; --i)
          elements.push_back(Value(depth - 1));
        return JsonValue::Array(std::move(elements));
      }
      default: {
        JsonObject members;
        for (int i = static_cast<int>(random_() % 6); i > 0; --i) {
          std::string name = String();
          bool taken = false;
          for (const JsonMember& member : members) taken = taken || member.name == name;
          if (!taken) members.push_back({std::move(name), Value(depth - 1)});
        }
        return JsonValue::Object(std::move(members));
      }
    }
  }

 private:
  static void AppendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::mt19937_64 random_;
};

// Sorts object members the way section 3.2.3 orders them, so that a parsed
// canonical form can be compared with the value it came from.
JsonValue SortedCopy(const JsonValue& value) {
  if (value.type() == JsonType::kArray) {
    JsonArray elements;
    for (const JsonValue& element : value.AsArray()) elements.push_back(SortedCopy(element));
    return JsonValue::Array(std::move(elements));
  }
  if (value.type() != JsonType::kObject) return value;
  JsonObject members;
  for (const JsonMember& member : value.AsObject()) {
    members.push_back({member.name, SortedCopy(member.value)});
  }
  std::sort(members.begin(), members.end(), [](const JsonMember& a, const JsonMember& b) {
    return Utf16CodeUnitLess(a.name, b.name);
  });
  return JsonValue::Object(std::move(members));
}

TEST(CanonicalJsonPropertyTest, CanonicalizingCanonicalOutputIsTheIdentity) {
  RandomJson random(20201);
  for (int i = 0; i < 3000; ++i) {
    const JsonValue value = random.Value(4);
    const std::string canonical = SerializeCanonical(value);
    auto again = CanonicalizeJson(canonical);
    ASSERT_TRUE(again.has_value()) << again.error().ToString() << "\n" << canonical;
    ASSERT_EQ(*again, canonical);
  }
}

TEST(CanonicalJsonPropertyTest, CanonicalOutputParsesBackToTheSameValue) {
  RandomJson random(8785);
  for (int i = 0; i < 3000; ++i) {
    const JsonValue value = random.Value(4);
    auto parsed = ParseJsonStrict(SerializeCanonical(value));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
    ASSERT_TRUE(*parsed == SortedCopy(value)) << SerializeCanonical(value);
  }
}

TEST(CanonicalJsonPropertyTest, FormattedNumbersRoundTripBitForBit) {
  // The shortest form must still name exactly the same double (RFC 8785
  // section 3.2.2.3); only -0 is allowed to come back as +0.
  RandomJson random(7493);
  for (int i = 0; i < 200000; ++i) {
    const double value = random.FiniteDouble();
    if (value == 0) continue;
    const std::string text = FormatJsonNumber(value);
    auto parsed = ParseJsonStrict(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    ASSERT_EQ(std::bit_cast<std::uint64_t>(parsed->AsNumber()), std::bit_cast<std::uint64_t>(value))
        << text;
  }
}

}  // namespace
}  // namespace accord::core
