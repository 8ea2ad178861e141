#include "core/encoding.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace accord::core {
namespace {

using ::testing::HasSubstr;

std::vector<std::uint8_t> Bytes(std::string_view text) {
  return std::vector<std::uint8_t>(text.begin(), text.end());
}

// RFC 4648 section 10 test vectors.
struct Rfc4648Vector {
  std::string_view input;
  std::string_view base16;
  std::string_view base64;
};
constexpr Rfc4648Vector kRfc4648Vectors[] = {
    {"", "", ""},
    {"f", "66", "Zg=="},
    {"fo", "666F", "Zm8="},
    {"foo", "666F6F", "Zm9v"},
    {"foob", "666F6F62", "Zm9vYg=="},
    {"fooba", "666F6F6261", "Zm9vYmE="},
    {"foobar", "666F6F626172", "Zm9vYmFy"},
};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(HexTest, EncodesRfc4648VectorsInLowerCase) {
  for (const auto& vector : kRfc4648Vectors) {
    EXPECT_EQ(HexEncode(vector.input), Lower(vector.base16)) << vector.input;
    EXPECT_EQ(HexEncode(Bytes(vector.input)), Lower(vector.base16)) << vector.input;
  }
}

TEST(HexTest, DecodesRfc4648VectorsInEitherCase) {
  for (const auto& vector : kRfc4648Vectors) {
    auto upper = HexDecode(vector.base16);
    ASSERT_TRUE(upper) << upper.error().ToString();
    EXPECT_EQ(*upper, Bytes(vector.input));
    auto lower = HexDecode(Lower(vector.base16));
    ASSERT_TRUE(lower) << lower.error().ToString();
    EXPECT_EQ(*lower, Bytes(vector.input));
  }
}

TEST(HexTest, EncodesEveryByteValue) {
  std::vector<std::uint8_t> all(256);
  for (int i = 0; i < 256; ++i) all[i] = static_cast<std::uint8_t>(i);
  const std::string hex = HexEncode(all);
  EXPECT_EQ(hex.substr(0, 8), "00010203");
  EXPECT_EQ(hex.substr(hex.size() - 8), "fcfdfeff");
  EXPECT_EQ(*HexDecode(hex), all);
}

TEST(HexTest, RejectsOddLength) {
  auto decoded = HexDecode("abc");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(decoded.error().message, "hex: odd length 3, expected two digits per byte");
}

TEST(HexTest, RejectsNonHexCharacterNamingItsOffset) {
  auto decoded = HexDecode("00ag");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(decoded.error().message, "hex: invalid character \"g\" at byte 3");
  EXPECT_THAT(HexDecode("0x12").error().message, HasSubstr("\"x\" at byte 1"));
  EXPECT_THAT(HexDecode("12 3").error().message, HasSubstr("\" \" at byte 2"));
}

TEST(HexTest, DecodeIntoFillsAFixedBuffer) {
  std::array<std::uint8_t, 3> out{};
  ASSERT_TRUE(HexDecodeInto("666F6f", out));
  EXPECT_EQ(out, (std::array<std::uint8_t, 3>{'f', 'o', 'o'}));
}

TEST(HexTest, DecodeIntoRejectsWrongLength) {
  std::array<std::uint8_t, 32> out{};
  auto decoded = HexDecodeInto("abcd", out);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().message, "hex: length 4, expected 64 digits for 32 bytes");
}

TEST(HexTest, DecodeIntoRejectsNonHexCharacter) {
  std::array<std::uint8_t, 2> out{};
  EXPECT_EQ(HexDecodeInto("12z4", out).error().message, "hex: invalid character \"z\" at byte 2");
}

TEST(Base64Test, EncodesRfc4648Vectors) {
  for (const auto& vector : kRfc4648Vectors) {
    EXPECT_EQ(Base64Encode(vector.input), vector.base64) << vector.input;
    EXPECT_EQ(Base64Encode(Bytes(vector.input)), vector.base64) << vector.input;
  }
}

TEST(Base64Test, DecodesRfc4648Vectors) {
  for (const auto& vector : kRfc4648Vectors) {
    auto decoded = Base64Decode(vector.base64);
    ASSERT_TRUE(decoded) << vector.base64 << ": " << decoded.error().ToString();
    EXPECT_EQ(*decoded, Bytes(vector.input));
  }
}

TEST(Base64Test, UsesTheStandardAlphabetForTheLastTwoValues) {
  // 0xfb 0xff encodes to values 62 and 63: '+' and '/' in section 4 (the
  // URL-safe alphabet of section 5 would give '-' and '_').
  EXPECT_EQ(Base64Encode(std::vector<std::uint8_t>{0xfb, 0xff}), "+/8=");
  EXPECT_EQ(*Base64Decode("+/8="), (std::vector<std::uint8_t>{0xfb, 0xff}));
}

TEST(Base64Test, RoundTripsEveryLengthUpToSixtyFive) {
  std::vector<std::uint8_t> data;
  for (int length = 0; length <= 65; ++length) {
    auto decoded = Base64Decode(Base64Encode(data));
    ASSERT_TRUE(decoded) << length;
    EXPECT_EQ(*decoded, data);
    data.push_back(static_cast<std::uint8_t>(length * 37 + 11));
  }
}

TEST(Base64Test, RejectsMissingPadding) {
  auto decoded = Base64Decode("Zg");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(decoded.error().message,
            "base64: length 2 is not a multiple of 4 (missing padding or stray characters)");
  EXPECT_FALSE(Base64Decode("Zm8"));
}

TEST(Base64Test, RejectsExcessPadding) {
  EXPECT_EQ(Base64Decode("Zg===").error().message,
            "base64: length 5 is not a multiple of 4 (missing padding or stray characters)");
  EXPECT_EQ(Base64Decode("Z===").error().message,
            "base64: padding '=' at byte 1 is not at the end");
  EXPECT_EQ(Base64Decode("====").error().message,
            "base64: padding '=' at byte 0 is not at the end");
  EXPECT_EQ(Base64Decode("Zm9v====").error().message,
            "base64: padding '=' at byte 4 is not at the end");
}

TEST(Base64Test, RejectsPaddingInTheMiddle) {
  EXPECT_EQ(Base64Decode("Zg==Zg==").error().message,
            "base64: padding '=' at byte 2 is not at the end");
  EXPECT_EQ(Base64Decode("Zm=v").error().message,
            "base64: padding '=' at byte 2 is not at the end");
}

TEST(Base64Test, RejectsCharactersOutsideTheAlphabetNamingTheOffset) {
  EXPECT_EQ(Base64Decode("Zm9-").error().message, "base64: invalid character \"-\" at byte 3");
  EXPECT_EQ(Base64Decode("Zm9_").error().message, "base64: invalid character \"_\" at byte 3");
  EXPECT_EQ(Base64Decode("Zm9v\nYmF").error().message,
            "base64: invalid character \"\\x0a\" at byte 4");
  EXPECT_EQ(Base64Decode("Zm9v YmF").error().message, "base64: invalid character \" \" at byte 4");
  EXPECT_EQ(Base64Decode("Zm9v\xff"
                         "YmF")
                .error()
                .message,
            "base64: invalid character \"\\xff\" at byte 4");
}

TEST(Base64Test, RejectsNonZeroTrailingBits) {
  // "Zh==" decodes to 'f' like "Zg==", but its last 4 bits are 0001: RFC
  // 4648 section 3.5 lets decoders reject it, and we must (one spelling per
  // byte string).
  auto decoded = Base64Decode("Zh==");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().message,
            "base64: non-zero padding bits in the character at byte 1 (non-canonical encoding)");
  EXPECT_EQ(Base64Decode("Zm9=").error().message,
            "base64: non-zero padding bits in the character at byte 2 (non-canonical encoding)");
}

TEST(QuoteForMessageTest, EscapesQuotesBackslashesAndControlBytes) {
  EXPECT_EQ(QuoteForMessage("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(QuoteForMessage(std::string_view("\n\0\x7f", 3)), "\"\\x0a\\x00\\x7f\"");
  EXPECT_EQ(QuoteForMessage("plain text"), "\"plain text\"");
}

TEST(QuoteForMessageTest, CutsLongInput) {
  EXPECT_EQ(QuoteForMessage(std::string(100, 'x'), 4), "\"xxxx\"...");
  EXPECT_EQ(QuoteForMessage("xxxx", 4), "\"xxxx\"");
}

}  // namespace
}  // namespace accord::core
