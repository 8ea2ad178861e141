// The packed lists that hold a row's vector members, and the sector
// families that make the sector filter one equality.
#include "store/internal/sqlite_rows.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace accord::store::internal {
namespace {

using Strings = std::vector<std::string>;
using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(PackedListTest, HoldsEachElementAsLengthColonBytes) {
  EXPECT_EQ(PackList({"UA", "", "energy.gas"}), "2:UA0:10:energy.gas");
  EXPECT_EQ(PackList({}), "");
  EXPECT_EQ(PackPairs({{"norm-a", "breach"}}), "6:norm-a6:breach");
}

TEST(PackedListTest, AnyBytesComeBackAsPacked) {
  const Strings items = {"3:abc", "", std::string("\0\xff\n", 3), std::string(1000, 'x'), ":"};
  auto unpacked = UnpackList(PackList(items));
  ASSERT_TRUE(unpacked) << unpacked.error().ToString();
  EXPECT_EQ(*unpacked, items);
  const Pairs pairs = {{"10:x", ""}, {"", "undetermined"}};
  auto unpacked_pairs = UnpackPairs(PackPairs(pairs));
  ASSERT_TRUE(unpacked_pairs) << unpacked_pairs.error().ToString();
  EXPECT_EQ(*unpacked_pairs, pairs);
}

TEST(PackedListTest, MalformedListsAreCorruptNamingTheByte) {
  struct Bad {
    std::string packed;
    std::string message;
  };
  const std::vector<Bad> cases = {
      {"UA", "packed list: byte 0: expected a length followed by ':'"},
      {"2:UA3", "packed list: byte 5: expected a length followed by ':'"},
      {"2;UA", "packed list: byte 1: expected a length followed by ':'"},
      {"5:UA", "packed list: byte 0: element of 5 bytes runs past the end"},
      {"2:UA18446744073709551615:x", "packed list: byte 4: length longer than 10 digits"},
  };
  for (const auto& bad : cases) {
    auto unpacked = UnpackList(bad.packed);
    ASSERT_FALSE(unpacked) << bad.packed;
    EXPECT_EQ(unpacked.error().code, core::ErrorCode::kCorrupt);
    EXPECT_EQ(unpacked.error().message, bad.message) << bad.packed;
  }
  auto odd = UnpackPairs("1:a1:b1:c");
  ASSERT_FALSE(odd);
  EXPECT_EQ(odd.error().code, core::ErrorCode::kCorrupt);
  EXPECT_EQ(odd.error().message, "packed pairs: odd number of elements (3)");
}

TEST(SectorFamiliesTest, EachSectorBringsItsDotPrefixesOnce) {
  auto families = SectorFamilies({"energy.electricity", "energy.gas", "health"});
  std::vector<std::pair<std::string, bool>> got;
  for (const auto& family : families) got.emplace_back(family.family, family.listed);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, bool>>{{"energy", false},
                                                            {"energy.electricity", true},
                                                            {"energy.gas", true},
                                                            {"health", true}}));
}

TEST(SectorFamiliesTest, ASectorListedWithItsSubsectorIsListed) {
  auto families = SectorFamilies({"energy.gas", "energy"});
  ASSERT_EQ(families.size(), 2u);
  EXPECT_EQ(families[0].family, "energy");
  EXPECT_TRUE(families[0].listed);
  EXPECT_EQ(families[1].family, "energy.gas");
  EXPECT_TRUE(families[1].listed);
}

TEST(SectorFamiliesTest, PrefixesEndAtDotsOnly) {
  // "energyx" has no family "energy"; a deeper code has every level.
  auto families = SectorFamilies({"energyx", "a.b.c"});
  Strings codes;
  for (const auto& family : families) codes.push_back(family.family);
  EXPECT_EQ(codes, (Strings{"a", "a.b", "a.b.c", "energyx"}));
}

}  // namespace
}  // namespace accord::store::internal
