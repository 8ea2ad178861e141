// accord's C2SP tlog-tiles against a real tiled tree written by another
// implementation: the mirror of Sunlight's skylight test data (FiloSottile/
// sunlight ed0bc387, cmd/skylight/testdata/, ISC licence), kept read-only
// in $ACCORD_SHARED_DATA/tlog-vectors/sunlight-skylight/mirror. It holds
// the hash tiles of a 300-leaf tree whose leaf i is the ASCII text
// "record <i>" (tile/0/000, tile/0/001.p/44, tile/1/000.p/1) and a
// checkpoint for size 300 cosigned by the mirror's key (mirror.v0.json).
//
// Two claims: (a) our Log, fed the same 300 entries in any batch split,
// writes byte-identical hash tiles and reaches the same root; (b) our
// TileHashReader over that directory computes the root and valid proofs.
// The test fails, never skips, when the data is missing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/encoding.h"
#include "core/file_io.h"
#include "ledger/checkpoint.h"
#include "ledger/log.h"
#include "ledger/merkle.h"
#include "ledger/tile.h"
#include "ledger/tile_hash_reader.h"
#include "ledger/tile_store.h"

namespace accord::ledger {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kMirrorSize = 300;
// The root of "record 0".."record 299", as the mirror's checkpoint states it.
constexpr std::string_view kMirrorRoot = "gw31yQrqZZCcEOPrzX+bpy3nJ6QgngTKn8G1m0i62uU=";
// The hash tiles the mirror holds for that size.
const std::vector<std::string> kMirrorTiles = {"tile/0/000", "tile/0/001.p/44",
                                               "tile/1/000.p/1"};

// The mirror folder, or an empty path after recording a failure.
fs::path MirrorFolder() {
  const char* shared = std::getenv("ACCORD_SHARED_DATA");
  if (shared == nullptr || *shared == '\0') {
    ADD_FAILURE() << "ACCORD_SHARED_DATA is not set; it must name the shared conformance data "
                     "folder holding tlog-vectors/sunlight-skylight/mirror";
    return {};
  }
  const fs::path folder = fs::path(shared) / "tlog-vectors" / "sunlight-skylight" / "mirror";
  std::error_code error;
  for (const auto& tile : kMirrorTiles) {
    if (!fs::is_regular_file(folder / tile, error)) {
      ADD_FAILURE() << "missing " << (folder / tile) << " (ACCORD_SHARED_DATA=" << shared << ")";
      return {};
    }
  }
  return folder;
}

std::string ReadOrFail(const fs::path& path) {
  auto data = core::ReadFile(path);
  EXPECT_TRUE(data) << data.error().ToString();
  return data ? *data : std::string();
}

std::string Record(std::uint64_t i) { return "record " + std::to_string(i); }

Hash RootFromBase64(std::string_view text) {
  auto bytes = core::Base64Decode(text);
  EXPECT_TRUE(bytes && bytes->size() == 32);
  Hash hash{};
  if (bytes && bytes->size() == 32) std::copy(bytes->begin(), bytes->end(), hash.begin());
  return hash;
}

NoteSigner OurSigner() {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(3);
  auto key = core::Ed25519PrivateKey::FromSeed(seed);
  EXPECT_TRUE(key);
  auto signer =
      NoteSigner::Create("rome2026h1.example.org", SignatureType::kEd25519, std::move(*key));
  EXPECT_TRUE(signer) << signer.error().ToString();
  return std::move(*signer);
}

TEST(TileVectorsTest, MirrorCheckpointIsCosignedForSize300AndTheStatedRoot) {
  const fs::path mirror = MirrorFolder();
  ASSERT_FALSE(mirror.empty());
  const std::string note = ReadOrFail(mirror / "checkpoint");
  const std::size_t blank = note.find("\n\n");
  ASSERT_NE(blank, std::string::npos);
  auto checkpoint = ParseCheckpointBody(note.substr(0, blank + 1));
  ASSERT_TRUE(checkpoint) << checkpoint.error().ToString();
  EXPECT_EQ(checkpoint->tree_size, kMirrorSize);
  EXPECT_EQ(checkpoint->root_hash, RootFromBase64(kMirrorRoot));

  // The cosignature line, checked with the key mirror.v0.json publishes.
  auto config = core::ReadFile(mirror / "mirror.v0.json");
  ASSERT_TRUE(config);
  const std::string vkey = "mirror.example.org+3fb148ef+BAAjjch9GyYz0sJsJx7ALhbdAtz2ov0unbzSl1vMp94O";
  ASSERT_THAT(*config, ::testing::HasSubstr(vkey));
  auto cosigner = NoteVerifier::Parse(vkey);
  ASSERT_TRUE(cosigner) << cosigner.error().ToString();
  auto time = VerifyCosignature(*checkpoint, note.substr(blank + 2), *cosigner);
  EXPECT_TRUE(time) << time.error().ToString();
}

// (a) --------------------------------------------------------------------------

TEST(TileVectorsTest, OurLogWritesTheMirrorsHashTilesForEveryBatchSplit) {
  const fs::path mirror = MirrorFolder();
  ASSERT_FALSE(mirror.empty());
  const std::string full_tile = ReadOrFail(mirror / "tile/0/000");
  const std::string partial_tile = ReadOrFail(mirror / "tile/0/001.p/44");
  const std::vector<std::vector<std::uint64_t>> splits = {
      {300},          {1, 299},       {255, 1, 44},  {256, 44},     {257, 43},
      {100, 100, 100}, {44, 212, 44}, {299, 1},      {128, 128, 1, 43},
  };
  for (const auto& split : splits) {
    std::string name;
    for (auto batch : split) name += std::to_string(batch) + " ";
    SCOPED_TRACE("batches " + name);
    MemoryTileStore store;
    ASSERT_TRUE(Log::Create(store, OurSigner()));
    auto log = Log::Open(store, OurSigner());
    ASSERT_TRUE(log) << log.error().ToString();
    std::uint64_t next = 0;
    for (std::uint64_t batch : split) {
      std::vector<std::string> entries;
      for (std::uint64_t i = 0; i < batch; ++i) entries.push_back(Record(next++));
      auto receipt = (*log)->AppendBatch(entries);
      ASSERT_TRUE(receipt) << receipt.error().ToString();
      // The level-0 partial tile of each signed size is a prefix of the
      // mirror's tile at the same index.
      const std::uint64_t size = receipt->checkpoint.tree_size;
      TileRef edge = TileFor(false, 0, size - 1, size);
      if (edge.width < kTileWidth) {
        const std::string& source = edge.index == 0 ? full_tile : partial_tile;
        auto data = store.Read(edge.Path());
        ASSERT_TRUE(data) << edge.Path();
        EXPECT_EQ(*data, source.substr(0, edge.width * 32u)) << edge.Path();
      }
    }
    ASSERT_EQ(next, kMirrorSize);
    EXPECT_EQ((*log)->checkpoint().root_hash, RootFromBase64(kMirrorRoot));
    for (const auto& tile : kMirrorTiles) {
      auto ours = store.Read(tile);
      ASSERT_TRUE(ours) << tile << ": " << ours.error().ToString();
      EXPECT_TRUE(*ours == ReadOrFail(mirror / tile)) << tile << " differs from the mirror's";
    }
  }
}

TEST(TileVectorsTest, OurLogOnDiskHasTheMirrorsFilesByteForByte) {
  const fs::path mirror = MirrorFolder();
  ASSERT_FALSE(mirror.empty());
  std::string pattern = (fs::temp_directory_path() / "accord-tile-vectors-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const fs::path root = pattern;
  {
    DirectoryTileStore store(root);
    ASSERT_TRUE(Log::Create(store, OurSigner()));
    auto log = Log::Open(store, OurSigner());
    ASSERT_TRUE(log) << log.error().ToString();
    std::vector<std::string> entries;
    for (std::uint64_t i = 0; i < kMirrorSize; ++i) entries.push_back(Record(i));
    ASSERT_TRUE((*log)->AppendBatch(entries));
    for (const auto& tile : kMirrorTiles)
      EXPECT_TRUE(ReadOrFail(root / tile) == ReadOrFail(mirror / tile)) << tile;
  }
  fs::remove_all(root);
}

// (b) --------------------------------------------------------------------------

TEST(TileVectorsTest, ReaderOverTheMirrorGivesItsRootAndValidProofs) {
  const fs::path mirror = MirrorFolder();
  ASSERT_FALSE(mirror.empty());
  DirectoryTileStore store(mirror);
  // The right edge of size 300: the partial tile of each level.
  RightEdge edge;
  edge.tree_size = kMirrorSize;
  for (std::uint8_t level = 0; HashesAtTileLevel(level, kMirrorSize) > 0; ++level) {
    const std::uint64_t count = HashesAtTileLevel(level, kMirrorSize);
    TileRef ref = TileFor(false, level, count - 1, kMirrorSize);
    ASSERT_LT(ref.width, kTileWidth);
    auto data = store.Read(ref.Path());
    ASSERT_TRUE(data) << data.error().ToString();
    auto hashes = ParseHashTile(*data, ref.width, ref.Path());
    ASSERT_TRUE(hashes) << hashes.error().ToString();
    edge.levels.push_back(std::move(*hashes));
  }
  const Hash root = RootFromBase64(kMirrorRoot);
  EXPECT_EQ(RootFromEdge(edge), root);

  TileHashReader reader(store);
  reader.SetEdge(std::make_shared<const RightEdge>(edge));
  EXPECT_EQ(*TreeHash(kMirrorSize, reader), root);

  // Roots of every earlier size against an independent in-memory tree of
  // the same leaves, and proofs against the mirror's root.
  MemoryTree tree;
  for (std::uint64_t i = 0; i < kMirrorSize; ++i) tree.Append(LeafHash(Record(i)));
  for (std::uint64_t i = 0; i < kMirrorSize; ++i) {
    auto proof = InclusionProof(i, kMirrorSize, reader);
    ASSERT_TRUE(proof) << i << ": " << proof.error().ToString();
    auto verified = VerifyInclusion(i, kMirrorSize, LeafHash(Record(i)), *proof, root);
    EXPECT_TRUE(verified) << i << ": " << verified.error().ToString();
    // And a wrong leaf does not verify.
    EXPECT_FALSE(VerifyInclusion(i, kMirrorSize, LeafHash(Record(i + 1)), *proof, root));
  }
  for (std::uint64_t size = 0; size <= kMirrorSize; ++size) {
    auto at = TreeHash(size, reader);
    ASSERT_TRUE(at) << size << ": " << at.error().ToString();
    EXPECT_EQ(*at, *tree.RootAt(size)) << size;
    auto proof = ConsistencyProof(size, kMirrorSize, reader);
    ASSERT_TRUE(proof) << size << ": " << proof.error().ToString();
    auto verified = VerifyConsistency(size, kMirrorSize, *at, root, *proof);
    EXPECT_TRUE(verified) << size << ": " << verified.error().ToString();
  }
}

}  // namespace
}  // namespace accord::ledger
