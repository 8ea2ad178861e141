#include "core/id.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace accord::core {
namespace {

using ::testing::HasSubstr;

// Example values of RFC 9562 appendix A.
constexpr std::string_view kRfc9562V1 = "C232AB00-9414-11EC-B3C8-9F6BDECED846";
constexpr std::string_view kRfc9562V3 = "5df41881-3aed-3515-88a7-2f4a814cf09e";
constexpr std::string_view kRfc9562V4 = "919108f7-52d1-4320-9bac-f847db4148a8";
constexpr std::string_view kRfc9562V5 = "2ed6657d-e927-568b-95e1-2665a8aea6a2";
constexpr std::string_view kRfc9562V7 = "017F22E2-79B0-7CC3-98C4-DC0C0C07398F";
// An identifier from the official STIX 2.1 examples
// (examples/indicator-for-c2-ip-address.json).
constexpr std::string_view kStixIndicator = "indicator--33fe3b22-0201-47cf-85d0-97c02164528d";

TEST(UuidTest, ParsesIntoBytesInNetworkOrder) {
  auto uuid = Uuid::Parse(kRfc9562V4);
  ASSERT_TRUE(uuid) << uuid.error().ToString();
  const std::array<std::uint8_t, 16> expected = {0x91, 0x91, 0x08, 0xf7, 0x52, 0xd1, 0x43, 0x20,
                                                 0x9b, 0xac, 0xf8, 0x47, 0xdb, 0x41, 0x48, 0xa8};
  EXPECT_EQ(uuid->bytes, expected);
}

TEST(UuidTest, ReadsTheVersionOfRfc9562Examples) {
  EXPECT_EQ(Uuid::Parse(kRfc9562V1)->version(), 1);
  EXPECT_EQ(Uuid::Parse(kRfc9562V3)->version(), 3);
  EXPECT_EQ(Uuid::Parse(kRfc9562V4)->version(), 4);
  EXPECT_EQ(Uuid::Parse(kRfc9562V5)->version(), 5);
  EXPECT_EQ(Uuid::Parse(kRfc9562V7)->version(), 7);
  EXPECT_TRUE(Uuid::Parse(kRfc9562V7)->is_rfc9562_variant());
}

TEST(UuidTest, AcceptsEitherCaseAndWritesLowerCase) {
  auto upper = Uuid::Parse(kRfc9562V1);
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->ToString(), "c232ab00-9414-11ec-b3c8-9f6bdeced846");
  EXPECT_EQ(*Uuid::Parse("c232ab00-9414-11ec-b3c8-9f6bdeced846"), *upper);
}

TEST(UuidTest, AcceptsNilAndMaxUuids) {
  // RFC 9562 sections 5.9 and 5.10.
  auto nil = Uuid::Parse("00000000-0000-0000-0000-000000000000");
  ASSERT_TRUE(nil);
  EXPECT_EQ(nil->bytes, (std::array<std::uint8_t, 16>{}));
  EXPECT_EQ(nil->version(), 0);
  auto max = Uuid::Parse("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF");
  ASSERT_TRUE(max);
  EXPECT_EQ(max->version(), 15);
  EXPECT_EQ(max->ToString(), "ffffffff-ffff-ffff-ffff-ffffffffffff");
}

TEST(UuidTest, RejectsWrongLength) {
  auto uuid = Uuid::Parse("919108f7-52d1-4320-9bac-f847db4148a");
  ASSERT_FALSE(uuid);
  EXPECT_EQ(uuid.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(uuid.error().message,
            "uuid \"919108f7-52d1-4320-9bac-f847db4148a\": uuid has 35 characters, expected 36 "
            "(8-4-4-4-12 hex digits)");
  EXPECT_FALSE(Uuid::Parse(""));
  EXPECT_FALSE(Uuid::Parse("{919108f7-52d1-4320-9bac-f847db4148a8}"));
  EXPECT_FALSE(Uuid::Parse("urn:uuid:919108f7-52d1-4320-9bac-f847db4148a8"));
  EXPECT_FALSE(Uuid::Parse("919108f752d143209bacf847db4148a8"));
}

TEST(UuidTest, RejectsMisplacedHyphenNamingItsOffset) {
  EXPECT_EQ(Uuid::Parse("919108f752-d1-4320-9bac-f847db4148a8").error().message,
            "uuid \"919108f752-d1-4320-9bac-f847db4148a8\": expected '-' at byte 8, found \"5\"");
}

TEST(UuidTest, RejectsNonHexCharacterNamingItsOffset) {
  EXPECT_EQ(Uuid::Parse("919108f7-52d1-4320-9bac-f847db4148ag").error().message,
            "uuid \"919108f7-52d1-4320-9bac-f847db4148ag\": invalid character \"g\" at byte 35 "
            "in the uuid, expected a hex digit");
  EXPECT_THAT(Uuid::Parse("919108f7-52d1-4320-9bac+f847db4148a8").error().message,
              HasSubstr("expected '-' at byte 23, found \"+\""));
}

TEST(UuidTest, RandomV4HasVersion4AndTheRfcVariant) {
  std::set<Uuid> seen;
  for (int i = 0; i < 1000; ++i) {
    auto uuid = Uuid::RandomV4();
    ASSERT_TRUE(uuid) << uuid.error().ToString();
    EXPECT_EQ(uuid->version(), 4);
    EXPECT_TRUE(uuid->is_rfc9562_variant());
    // Section 5.4: the text form shows the version as the 13th hex digit
    // and the variant as 8, 9, a or b in the 17th.
    const std::string text = uuid->ToString();
    EXPECT_EQ(text[14], '4');
    EXPECT_THAT(std::string("89ab"), HasSubstr(std::string(1, text[19])));
    EXPECT_EQ(*Uuid::Parse(text), *uuid);
    seen.insert(*uuid);
  }
  EXPECT_EQ(seen.size(), 1000u);  // 122 random bits: a repeat means no randomness
}

TEST(UuidTest, RandomV4UsesTheOtherBitsRandomly) {
  // Every one of the 122 random bits must be seen both set and clear in 200
  // draws; a bit stuck at one value (a masking bug) would fail this with
  // certainty, while a fair bit fails with probability 2^-199.
  std::array<std::uint8_t, 16> ones{}, zeros{};
  for (int i = 0; i < 200; ++i) {
    auto uuid = Uuid::RandomV4();
    ASSERT_TRUE(uuid);
    for (int b = 0; b < 16; ++b) {
      ones[b] |= uuid->bytes[b];
      zeros[b] |= static_cast<std::uint8_t>(~uuid->bytes[b]);
    }
  }
  for (int b = 0; b < 16; ++b) {
    std::uint8_t fixed = 0;
    if (b == 6) fixed = 0xf0;  // version
    if (b == 8) fixed = 0xc0;  // variant
    EXPECT_EQ(ones[b] & zeros[b], static_cast<std::uint8_t>(~fixed)) << "byte " << b;
  }
}

TEST(StixIdTest, ParsesTypeAndUuid) {
  auto id = StixId::Parse(kStixIndicator);
  ASSERT_TRUE(id) << id.error().ToString();
  EXPECT_EQ(id->type, "indicator");
  EXPECT_EQ(id->uuid.ToString(), "33fe3b22-0201-47cf-85d0-97c02164528d");
  EXPECT_EQ(id->ToString(), kStixIndicator);
}

TEST(StixIdTest, AcceptsTypesWithDigitsAndHyphens) {
  EXPECT_TRUE(StixId::Parse("x-mitre-tactic--" + std::string(kRfc9562V4)));
  EXPECT_TRUE(StixId::Parse("ipv4-addr--" + std::string(kRfc9562V5)));
  EXPECT_TRUE(StixId::Parse("abc--" + std::string(kRfc9562V1)));
  // identifier.json's [a-z0-9-]+ allows "--" inside the type; the UUID is
  // what follows the last one.
  auto double_hyphen = StixId::Parse("x--y--" + std::string(kRfc9562V4));
  ASSERT_TRUE(double_hyphen) << double_hyphen.error().ToString();
  EXPECT_EQ(double_hyphen->type, "x--y");
}

TEST(StixIdTest, WritesTheUuidInLowerCase) {
  auto id = StixId::Parse("identity--" + std::string(kRfc9562V1));
  ASSERT_TRUE(id);
  EXPECT_EQ(id->ToString(), "identity--c232ab00-9414-11ec-b3c8-9f6bdeced846");
}

TEST(StixIdTest, RejectsAMissingSeparator) {
  auto id = StixId::Parse("indicator-1234");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(id.error().message, "identifier \"indicator-1234\": missing \"--\" separator");
}

TEST(StixIdTest, RejectsBadTypes) {
  const std::string uuid(kRfc9562V4);
  EXPECT_EQ(StixId::Parse("Indicator--" + uuid).error().message,
            "identifier \"Indicator--" + uuid +
                "\": type must start with a lowercase letter, found \"I\" at byte 0");
  EXPECT_THAT(StixId::Parse("1abc--" + uuid).error().message,
              HasSubstr("type must start with a lowercase letter, found \"1\" at byte 0"));
  EXPECT_THAT(StixId::Parse("ab--" + uuid).error().message,
              HasSubstr("type \"ab\" is shorter than 3 characters"));
  EXPECT_THAT(StixId::Parse("--" + uuid).error().message,
              HasSubstr("type \"\" is shorter than 3 characters"));
  EXPECT_THAT(StixId::Parse("attack_pattern--" + uuid).error().message,
              HasSubstr("invalid character \"_\" at byte 6 in the type, expected [a-z0-9-]"));
  EXPECT_THAT(StixId::Parse("abc---" + uuid).error().message,
              HasSubstr("type must not end with '-'"));
  EXPECT_THAT(StixId::Parse(std::string(251, 'a') + "--" + uuid).error().message,
              HasSubstr("type is 251 characters long, the limit is 250"));
  EXPECT_TRUE(StixId::Parse(std::string(250, 'a') + "--" + uuid));
}

TEST(StixIdTest, RejectsBadUuidsNamingTheOffsetInTheIdentifier) {
  EXPECT_EQ(StixId::Parse("indicator--33fe3b22-0201-47cf-85d0-97c02164528z").error().message,
            "identifier \"indicator--33fe3b22-0201-47cf-85d0-97c02164528z\": invalid character "
            "\"z\" at byte 46 in the uuid, expected a hex digit");
  EXPECT_THAT(StixId::Parse("indicator--1234").error().message,
              HasSubstr("uuid has 4 characters, expected 36"));
}

TEST(StixIdTest, RejectsUuidVersionsOutsideOneToFive) {
  // identifier.json: the version digit is [1-5].
  EXPECT_THAT(StixId::Parse("indicator--" + std::string(kRfc9562V7)).error().message,
              HasSubstr("uuid version 7 at byte 25 is not 1 to 5"));
  EXPECT_THAT(StixId::Parse("indicator--00000000-0000-0000-0000-000000000000").error().message,
              HasSubstr("uuid version 0 at byte 25 is not 1 to 5"));
}

TEST(StixIdTest, RejectsUuidsOfAnotherVariant) {
  // identifier.json: the variant digit is [89abAB]. 'c' is the Microsoft
  // variant 110.
  EXPECT_THAT(StixId::Parse("indicator--919108f7-52d1-4320-cbac-f847db4148a8").error().message,
              HasSubstr("uuid variant at byte 30 is not the RFC 4122 variant"));
}

TEST(StixIdTest, RandomMakesAValidIdentifierOfTheType) {
  auto id = StixId::Random("incident");
  ASSERT_TRUE(id) << id.error().ToString();
  EXPECT_EQ(id->type, "incident");
  EXPECT_EQ(id->uuid.version(), 4);
  auto reparsed = StixId::Parse(id->ToString());
  ASSERT_TRUE(reparsed) << reparsed.error().ToString();
  EXPECT_EQ(*reparsed, *id);
  EXPECT_NE(*StixId::Random("incident"), *id);
}

TEST(StixIdTest, RandomRejectsAnInvalidType) {
  auto id = StixId::Random("Incident");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      id.error().message,
      "stix type \"Incident\": type must start with a lowercase letter, found \"I\" at byte 0");
}

TEST(ValidateStixTypeTest, AcceptsTheTypesOfStix21) {
  for (std::string_view type :
       {"attack-pattern", "bundle", "course-of-action", "identity", "indicator", "intrusion-set",
        "malware-analysis", "marking-definition", "observed-data", "relationship", "sighting",
        "threat-actor", "x509-certificate", "ipv6-addr"})
    EXPECT_TRUE(ValidateStixType(type)) << type;
}

}  // namespace
}  // namespace accord::core
