// Unit tests of ledger/tile.h: C2SP tlog-tiles paths ("Merkle Tree",
// "Partial Tiles" and "Log entries" sections of c2sp.org/tlog-tiles) and the
// byte layouts of hash tiles and entry bundles. Expected paths and widths
// come from the spec's text and examples: the index encoding example
// (1234067 -> x001/x234/067), the partial-width rule
// (width = floor(size / 256^L) mod 256) and the size-70,000 example.
#include "ledger/tile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "ledger/merkle.h"

namespace accord::ledger {
namespace {

using core::ErrorCode;
using ::testing::HasSubstr;

TileRef HashTile(std::uint8_t level, std::uint64_t index, std::uint16_t width = 256) {
  return TileRef{false, level, index, width};
}
TileRef Bundle(std::uint64_t index, std::uint16_t width = 256) {
  return TileRef{true, 0, index, width};
}

// ---- FormatTileIndex ------------------------------------------------------

TEST(FormatTileIndexTest, MatchesTheSpecExample) {
  // tlog-tiles: "index 1234067 will be encoded as x001/x234/067".
  EXPECT_EQ(FormatTileIndex(1234067), "x001/x234/067");
}

TEST(FormatTileIndexTest, PadsEveryGroupToThreeDigits) {
  EXPECT_EQ(FormatTileIndex(0), "000");
  EXPECT_EQ(FormatTileIndex(7), "007");
  EXPECT_EQ(FormatTileIndex(42), "042");
  EXPECT_EQ(FormatTileIndex(999), "999");
}

TEST(FormatTileIndexTest, StartsANewGroupAtEachPowerOfAThousand) {
  EXPECT_EQ(FormatTileIndex(1000), "x001/000");
  EXPECT_EQ(FormatTileIndex(1001), "x001/001");
  EXPECT_EQ(FormatTileIndex(999999), "x999/999");
  EXPECT_EQ(FormatTileIndex(1000000), "x001/x000/000");
}

TEST(FormatTileIndexTest, WritesTheLargestIndexInSevenGroups) {
  // 2^64 - 1 = 18,446,744,073,709,551,615.
  EXPECT_EQ(FormatTileIndex(std::numeric_limits<std::uint64_t>::max()),
            "x018/x446/x744/x073/x709/x551/615");
}

// ---- TileRef::Path -------------------------------------------------------

TEST(TileRefTest, FullHashTilePathHasLevelAndIndex) {
  EXPECT_EQ(HashTile(0, 0).Path(), "tile/0/000");
  EXPECT_EQ(HashTile(0, 1234067).Path(), "tile/0/x001/x234/067");
  EXPECT_EQ(HashTile(1, 1234067).Path(), "tile/1/x001/x234/067");
  EXPECT_EQ(HashTile(63, 5).Path(), "tile/63/005");
}

TEST(TileRefTest, PartialHashTilePathEndsInDotPAndWidth) {
  EXPECT_EQ(HashTile(0, 1, 44).Path(), "tile/0/001.p/44");
  EXPECT_EQ(HashTile(1, 0, 1).Path(), "tile/1/000.p/1");
  EXPECT_EQ(HashTile(2, 1234067, 255).Path(), "tile/2/x001/x234/067.p/255");
}

TEST(TileRefTest, EntryBundlePathUsesEntriesInsteadOfALevel) {
  EXPECT_EQ(Bundle(0).Path(), "tile/entries/000");
  EXPECT_EQ(Bundle(1234067).Path(), "tile/entries/x001/x234/067");
  EXPECT_EQ(Bundle(1, 44).Path(), "tile/entries/001.p/44");
}

// ---- ParseTilePath ----------------------------------------------------------

TEST(ParseTilePathTest, ParsesEveryKindOfPath) {
  struct Case {
    std::string_view path;
    TileRef expected;
  };
  const Case cases[] = {
      {"tile/0/000", HashTile(0, 0)},
      {"tile/0/x001/x234/067", HashTile(0, 1234067)},
      {"tile/1/000.p/1", HashTile(1, 0, 1)},
      {"tile/0/001.p/44", HashTile(0, 1, 44)},
      {"tile/63/x001/000.p/255", HashTile(63, 1000, 255)},
      {"tile/entries/000", Bundle(0)},
      {"tile/entries/x001/x234/067.p/8", Bundle(1234067, 8)},
      {"tile/10/x018/x446/x744/x073/x709/x551/615",
       HashTile(10, std::numeric_limits<std::uint64_t>::max())},
  };
  for (const auto& c : cases) {
    auto parsed = ParseTilePath(c.path);
    ASSERT_TRUE(parsed) << c.path << ": " << parsed.error().ToString();
    EXPECT_EQ(*parsed, c.expected) << c.path;
    EXPECT_EQ(parsed->Path(), c.path);
  }
}

TEST(ParseTilePathTest, RoundTripsEveryFormattedPath) {
  const std::uint64_t indices[] = {0, 1, 999, 1000, 1001, 65535, 1234067, 1000000000,
                                   std::numeric_limits<std::uint64_t>::max()};
  for (std::uint64_t index : indices) {
    for (std::uint16_t width : {std::uint16_t{1}, std::uint16_t{128}, std::uint16_t{255},
                                std::uint16_t{256}}) {
      for (std::uint8_t level : {std::uint8_t{0}, std::uint8_t{1}, std::uint8_t{63}}) {
        TileRef ref = HashTile(level, index, width);
        auto parsed = ParseTilePath(ref.Path());
        ASSERT_TRUE(parsed) << ref.Path() << ": " << parsed.error().ToString();
        EXPECT_EQ(*parsed, ref) << ref.Path();
      }
      TileRef bundle = Bundle(index, width);
      auto parsed = ParseTilePath(bundle.Path());
      ASSERT_TRUE(parsed) << bundle.Path() << ": " << parsed.error().ToString();
      EXPECT_EQ(*parsed, bundle) << bundle.Path();
    }
  }
}

// Each refused path with a word of the reason the message must give.
struct Refusal {
  std::string_view path;
  std::string_view reason;
};

TEST(ParseTilePathTest, RefusesNonCanonicalIndexGroups) {
  const Refusal refusals[] = {
      {"tile/0/0001", "index group"},             // four digits in the last group
      {"tile/0/01", "index group"},               // two digits
      {"tile/0/1", "index group"},                // one digit
      {"tile/0/1234", "index group"},             // too many digits
      {"tile/0/001/000", "index group"},          // "x" missing on the first group
      {"tile/0/x001/234/067", "index group"},     // "x" missing on a middle group
      {"tile/0/x001/x000", "index group"},        // "x" on the last group
      {"tile/0/X001/000", "index group"},         // capital X
      {"tile/0/x000/001", "canonical"},           // a leading zero group: 1 is "001"
      {"tile/0/x000/x001/234", "canonical"},      // same, deeper
      {"tile/0/x0001/000", "index group"},        // leading zeros inside a group
      {"tile/0/x018/x446/x744/x073/x709/x551/616", "out of range"},  // 2^64
      {"tile/0/x999/x999/x999/x999/x999/x999/x999/999", "out of range"},
      {"tile/0/", "index group"},                 // no index at all
      {"tile/0/+01", "index group"},
      {"tile/0/ 01", "index group"},
      {"tile/0/0x1", "index group"},
      {"tile/0/000/", "index group"},             // trailing slash
      {"tile/0//000", "index group"},
  };
  for (const auto& refusal : refusals) {
    auto parsed = ParseTilePath(refusal.path);
    ASSERT_FALSE(parsed) << refusal.path << " parsed as " << parsed->Path();
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << refusal.path;
    EXPECT_THAT(parsed.error().message, HasSubstr("\"" + std::string(refusal.path) + "\""));
    EXPECT_THAT(parsed.error().message, HasSubstr(refusal.reason)) << refusal.path;
  }
}

TEST(ParseTilePathTest, RefusesPartialWidthsOutsideOneTo255) {
  const Refusal refusals[] = {
      {"tile/0/000.p/0", "partial width"},     // empty tiles are not served
      {"tile/0/000.p/256", "partial width"},   // a full tile has no suffix
      {"tile/0/000.p/1000", "partial width"},
      {"tile/0/000.p/01", "partial width"},    // leading zero
      {"tile/0/000.p/", "partial width"},
      {"tile/0/000.p/-1", "partial width"},
      {"tile/0/000.p/5x", "partial width"},
      {"tile/0/000.p/5/", "partial width"},
      {"tile/0/000.p/5.p/6", "partial width"},
      {"tile/entries/000.p/0", "partial width"},
      {"tile/entries/000.p/256", "partial width"},
  };
  for (const auto& refusal : refusals) {
    auto parsed = ParseTilePath(refusal.path);
    ASSERT_FALSE(parsed) << refusal.path << " parsed as " << parsed->Path();
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << refusal.path;
    EXPECT_THAT(parsed.error().message, HasSubstr(refusal.reason)) << refusal.path;
  }
}

TEST(ParseTilePathTest, RefusesLevelsOutsideZeroTo63AndLeadingZeros) {
  const Refusal refusals[] = {
      {"tile/64/000", "level"},  // the spec's L is 0..63
      {"tile/255/000", "level"},
      {"tile/256/000", "level"},
      {"tile/99999999999999999999999/000", "level"},
      {"tile/00/000", "level"},
      {"tile/01/000", "level"},
      {"tile/-1/000", "level"},
      {"tile//000", "level"},
      {"tile/a/000", "level"},
      {"tile/Entries/000", "level"},
      {"tile/entry/000", "level"},
  };
  for (const auto& refusal : refusals) {
    auto parsed = ParseTilePath(refusal.path);
    ASSERT_FALSE(parsed) << refusal.path << " parsed as " << parsed->Path();
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << refusal.path;
    EXPECT_THAT(parsed.error().message, HasSubstr(refusal.reason)) << refusal.path;
  }
}

TEST(ParseTilePathTest, RefusesWhatIsNotATilePath) {
  const Refusal refusals[] = {
      {"", "tile/"},
      {"checkpoint", "tile/"},
      {"tiles/0/000", "tile/"},
      {"/tile/0/000", "tile/"},
      {"Tile/0/000", "tile/"},
      {"tile", "tile/"},
      {"tile/", "index"},
      {"tile/0", "index"},
      {"tile/entries", "index"},
      {"tile/0/000junk", "index group"},
      {"tile/0/../000", "index group"},
      {"tile/0/000\n", "index group"},
      {std::string_view("tile/0/000\0", 11), "index group"},
  };
  for (const auto& refusal : refusals) {
    auto parsed = ParseTilePath(refusal.path);
    ASSERT_FALSE(parsed) << refusal.path << " parsed as " << parsed->Path();
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << refusal.path;
    EXPECT_THAT(parsed.error().message, HasSubstr(refusal.reason)) << refusal.path;
  }
}

TEST(ParseTilePathTest, QuotesOnlyTheStartOfAVeryLongPath) {
  std::string path = "tile/0/" + std::string(100000, '1');
  auto parsed = ParseTilePath(path);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_LT(parsed.error().message.size(), 400u) << "the message should not echo 100 kB";
}

// ---- TileFor and HashesAtTileLevel --------------------------------------

// The spec's rule for the partial tile of level L at tree size s.
std::uint64_t SpecPartialWidth(std::uint8_t level, std::uint64_t size) {
  std::uint64_t divisor = 1;
  for (std::uint8_t l = 0; l < level; ++l) divisor *= 256;
  return size / divisor % 256;
}

TEST(TileForTest, LastLevelZeroTileIsPartialUntilItHolds256Hashes) {
  EXPECT_EQ(TileFor(false, 0, 0, 1), HashTile(0, 0, 1));
  EXPECT_EQ(TileFor(false, 0, 254, 255), HashTile(0, 0, 255));
  EXPECT_EQ(TileFor(false, 0, 0, 255), HashTile(0, 0, 255));
  EXPECT_EQ(TileFor(false, 0, 255, 256), HashTile(0, 0, 256));
  EXPECT_EQ(TileFor(false, 0, 0, 257), HashTile(0, 0, 256));
  EXPECT_EQ(TileFor(false, 0, 256, 257), HashTile(0, 1, 1));
  EXPECT_EQ(TileFor(false, 0, 65535, 65536), HashTile(0, 255, 256));
  EXPECT_EQ(TileFor(false, 0, 65536, 65537), HashTile(0, 256, 1));
}

TEST(TileForTest, UpperLevelsCountCompleteSubtreesOf256PowerLLeaves) {
  // Size 256: one full level-0 tile and a 1-wide level-1 partial (spec).
  EXPECT_EQ(TileFor(false, 1, 0, 256), HashTile(1, 0, 1));
  EXPECT_EQ(TileFor(false, 1, 0, 511), HashTile(1, 0, 1));
  EXPECT_EQ(TileFor(false, 1, 1, 512), HashTile(1, 0, 2));
  EXPECT_EQ(TileFor(false, 1, 254, 65535), HashTile(1, 0, 255));
  EXPECT_EQ(TileFor(false, 1, 255, 65536), HashTile(1, 0, 256));
  EXPECT_EQ(TileFor(false, 2, 0, 65536), HashTile(2, 0, 1));
  EXPECT_EQ(TileFor(false, 1, 256, 65792), HashTile(1, 1, 1));
  EXPECT_EQ(TileFor(false, 3, 0, 16777216), HashTile(3, 0, 1));
}

TEST(TileForTest, MatchesTheSpecExampleOfSize70000) {
  // tlog-tiles "Partial Tiles": a tree of 70,000 leaves has 273 full level-0
  // tiles and one of width 112, one full level-1 tile and one of width 17,
  // and one level-2 tile of width 1.
  EXPECT_EQ(TileFor(false, 0, 0, 70000), HashTile(0, 0));
  EXPECT_EQ(TileFor(false, 0, 272 * 256 + 255, 70000), HashTile(0, 272));
  EXPECT_EQ(TileFor(false, 0, 69999, 70000), HashTile(0, 273, 112));
  EXPECT_EQ(TileFor(false, 1, 0, 70000), HashTile(1, 0));
  EXPECT_EQ(TileFor(false, 1, 272, 70000), HashTile(1, 1, 17));
  EXPECT_EQ(TileFor(false, 2, 0, 70000), HashTile(2, 0, 1));
  EXPECT_EQ(TileFor(true, 0, 69999, 70000), Bundle(273, 112));
  EXPECT_EQ(TileFor(true, 0, 69887, 70000), Bundle(272));
}

TEST(TileForTest, LastTileWidthIsSizeOver256PowerLModulo256) {
  const std::uint64_t sizes[] = {1,     2,     255,   256,     257,     511,      512,
                                 513,   65535, 65536, 65537,   65792,   70000,    131071,
                                 131072, 16777215, 16777216, 16777217, 4294967295ull,
                                 (1ull << 40) + 12345};
  for (std::uint64_t size : sizes) {
    for (std::uint8_t level = 0; level < 6; ++level) {
      std::uint64_t count = HashesAtTileLevel(level, size);
      if (count == 0) continue;
      TileRef last = TileFor(false, level, count - 1, size);
      std::uint64_t spec_width = SpecPartialWidth(level, size);
      EXPECT_EQ(last.width, spec_width == 0 ? 256u : spec_width)
          << "size " << size << " level " << +level;
      EXPECT_EQ(last.index, (count - 1) / 256) << "size " << size << " level " << +level;
      EXPECT_EQ(last.level, level);
      EXPECT_FALSE(last.entries);
      if (level == 0) {
        TileRef bundle = TileFor(true, 0, size - 1, size);
        EXPECT_EQ(bundle, Bundle(last.index, last.width)) << "size " << size;
      }
    }
  }
}

TEST(TileForTest, EntryBundlesIgnoreTheLevelArgument) {
  EXPECT_EQ(TileFor(true, 3, 299, 300), Bundle(1, 44));
}

TEST(HashesAtTileLevelTest, CountsNodesOfLevel8L) {
  EXPECT_EQ(HashesAtTileLevel(0, 70000), 70000u);
  EXPECT_EQ(HashesAtTileLevel(1, 70000), 273u);
  EXPECT_EQ(HashesAtTileLevel(2, 70000), 1u);
  EXPECT_EQ(HashesAtTileLevel(3, 70000), 0u);
  EXPECT_EQ(HashesAtTileLevel(7, std::numeric_limits<std::uint64_t>::max()), 255u);
  // Level 8 is tree level 64: no tree of 64-bit size has a node there.
  EXPECT_EQ(HashesAtTileLevel(8, std::numeric_limits<std::uint64_t>::max()), 0u);
  EXPECT_EQ(HashesAtTileLevel(63, std::numeric_limits<std::uint64_t>::max()), 0u);
  EXPECT_EQ(HashesAtTileLevel(255, std::numeric_limits<std::uint64_t>::max()), 0u);
}

// ---- Entry bundles --------------------------------------------------------

TEST(EntryBundleTest, PrefixesEachEntryWithItsBigEndianUint16Length) {
  std::string bundle;
  AppendToEntryBundle("abc", bundle);
  AppendToEntryBundle("", bundle);
  AppendToEntryBundle(std::string(300, 'z'), bundle);
  ASSERT_EQ(bundle.size(), 2u + 3 + 2 + 2 + 300);
  EXPECT_EQ(bundle.substr(0, 5), std::string("\x00\x03" "abc", 5));
  EXPECT_EQ(bundle.substr(5, 2), std::string("\x00\x00", 2));
  EXPECT_EQ(bundle.substr(7, 2), std::string("\x01\x2c", 2));  // 300 = 0x012c
  EXPECT_EQ(bundle.substr(9), std::string(300, 'z'));
}

TEST(EntryBundleTest, HoldsAnEntryOfTheMaximumLength) {
  std::string bundle;
  std::string entry(kMaxEntryBytes, '\x7f');
  AppendToEntryBundle(entry, bundle);
  EXPECT_EQ(bundle.substr(0, 2), "\xff\xff");
  auto parsed = ParseEntryBundle(bundle, 1, "tile/entries/000.p/1");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ((*parsed)[0], entry);
}

TEST(EntryBundleTest, ParsesWhatWasAppended) {
  const std::vector<std::string> entries = {"first", "", std::string("\0\xff\n", 3),
                                            std::string(1000, 'q')};
  std::string bundle;
  for (const auto& entry : entries) AppendToEntryBundle(entry, bundle);
  auto parsed = ParseEntryBundle(bundle, entries.size(), "tile/entries/000.p/4");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->size(), entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) EXPECT_EQ((*parsed)[i], entries[i]);
}

TEST(EntryBundleTest, EmptyBundleHoldsNoEntries) {
  auto parsed = ParseEntryBundle("", 0, "tile/entries/000");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_TRUE(parsed->empty());
}

void ExpectCorrupt(const core::Result<std::vector<std::string_view>>& parsed,
                   std::initializer_list<std::string_view> parts) {
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kCorrupt) << parsed.error().ToString();
  for (auto part : parts) EXPECT_THAT(parsed.error().message, HasSubstr(std::string(part)));
}

TEST(EntryBundleTest, FewerEntriesThanExpectedIsCorrupt) {
  std::string bundle;
  AppendToEntryBundle("a", bundle);
  AppendToEntryBundle("b", bundle);
  ExpectCorrupt(ParseEntryBundle(bundle, 3, "tile/entries/x001/002.p/3"),
                {"tile/entries/x001/002.p/3", "holds 2 entries, expected 3"});
  ExpectCorrupt(ParseEntryBundle("", 1, "tile/entries/000.p/1"),
                {"tile/entries/000.p/1", "holds 0 entries, expected 1"});
}

TEST(EntryBundleTest, MoreEntriesThanExpectedIsCorrupt) {
  std::string bundle;
  AppendToEntryBundle("a", bundle);
  AppendToEntryBundle("b", bundle);
  ExpectCorrupt(ParseEntryBundle(bundle, 1, "tile/entries/000.p/1"),
                {"tile/entries/000.p/1", "3 bytes after the expected 1 entries", "at byte 3"});
}

TEST(EntryBundleTest, TrailingByteIsCorrupt) {
  std::string bundle;
  AppendToEntryBundle("abc", bundle);
  bundle += '\0';
  ExpectCorrupt(ParseEntryBundle(bundle, 1, "tile/entries/000.p/1"),
                {"tile/entries/000.p/1", "1 bytes after", "at byte 5"});
}

TEST(EntryBundleTest, LengthPrefixCutInHalfIsCorrupt) {
  std::string bundle;
  AppendToEntryBundle("abc", bundle);
  AppendToEntryBundle("de", bundle);
  bundle += '\0';  // the first byte of a third length
  ExpectCorrupt(ParseEntryBundle(bundle, 3, "tile/entries/007.p/3"),
                {"tile/entries/007.p/3", "entry 2 of the bundle", "truncated at byte 9"});
}

TEST(EntryBundleTest, EntryCutShortIsCorrupt) {
  std::string bundle;
  AppendToEntryBundle("abc", bundle);
  AppendToEntryBundle("defgh", bundle);
  bundle.pop_back();
  ExpectCorrupt(ParseEntryBundle(bundle, 2, "tile/entries/000.p/2"),
                {"tile/entries/000.p/2", "entry 1 of the bundle", "at byte 5", "declares 5 bytes",
                 "only 4 remain"});
}

TEST(EntryBundleTest, LengthLargerThanTheBundleIsCorrupt) {
  ExpectCorrupt(ParseEntryBundle(std::string("\xff\xff" "ab", 4), 1, "tile/entries/000.p/1"),
                {"tile/entries/000.p/1", "entry 0 of the bundle", "declares 65535 bytes"});
}

// ---- Hash tiles ----------------------------------------------------------

Hash Filled(std::uint8_t value) {
  Hash hash;
  hash.fill(value);
  return hash;
}

TEST(HashTileTest, IsTheHashesConcatenatedInOrder) {
  std::array<Hash, 3> hashes = {Filled(1), Filled(2), Filled(3)};
  std::string data = EncodeHashTile(hashes);
  ASSERT_EQ(data.size(), 96u);
  EXPECT_EQ(data.substr(0, 32), std::string(32, '\x01'));
  EXPECT_EQ(data.substr(32, 32), std::string(32, '\x02'));
  EXPECT_EQ(data.substr(64, 32), std::string(32, '\x03'));
  auto parsed = ParseHashTile(data, 3, "tile/0/000.p/3");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(*parsed, std::vector<Hash>(hashes.begin(), hashes.end()));
}

TEST(HashTileTest, FullTileIs8192Bytes) {
  std::vector<Hash> hashes(kTileWidth);
  for (std::size_t i = 0; i < hashes.size(); ++i) hashes[i] = LeafHash(std::to_string(i));
  std::string data = EncodeHashTile(hashes);
  EXPECT_EQ(data.size(), 8192u);  // tlog-tiles: 256 hashes of 32 bytes
  auto parsed = ParseHashTile(data, kTileWidth, "tile/0/000");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, hashes);
}

TEST(HashTileTest, WrongSizeIsCorruptNamingThePath) {
  std::string data(63, 'a');
  auto parsed = ParseHashTile(data, 2, "tile/1/x001/000.p/2");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(parsed.error().message, HasSubstr("tile/1/x001/000.p/2"));
  EXPECT_THAT(parsed.error().message, HasSubstr("63 bytes, expected 2 hashes (64 bytes)"));

  auto longer = ParseHashTile(std::string(8193, 'a'), 256, "tile/0/000");
  ASSERT_FALSE(longer);
  EXPECT_EQ(longer.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(longer.error().message, HasSubstr("tile/0/000: 8193 bytes"));

  auto empty = ParseHashTile("", 1, "tile/0/000.p/1");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(empty.error().message, HasSubstr("tile/0/000.p/1: 0 bytes"));
}

}  // namespace
}  // namespace accord::ledger
