// Tests of ledger/merkle.h. Expected hashes are the classic Certificate
// Transparency reference values (transcribed below); proof shapes are the
// RFC 6962 section 2.1.3 worked example; the property tests compare against
// a direct transcription of the RFC 9162 section 2.1 recursive definitions.
#include "ledger/merkle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/encoding.h"

namespace accord::ledger {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Hash FromHex(std::string_view hex) {
  Hash hash{};
  EXPECT_TRUE(core::HexDecodeInto(hex, hash).has_value()) << hex;
  return hash;
}

std::string BytesFromHex(std::string_view hex) {
  auto bytes = core::HexDecode(hex);
  EXPECT_TRUE(bytes.has_value()) << hex;
  return std::string(bytes->begin(), bytes->end());
}

// The 8 reference leaves, their leaf hashes and the root of every size 0..8:
// the classic CT values, as transcribed from transparency-dev/merkle
// testonly/constants.go (commit 417fb0c3) into
// shared/data/tlog-vectors/transparency-dev-merkle/reference-tree.json.
constexpr std::array<std::string_view, 8> kLeafInputsHex = {"",
                                                            "00",
                                                            "10",
                                                            "2021",
                                                            "3031",
                                                            "40414243",
                                                            "5051525354555657",
                                                            "606162636465666768696a6b6c6d6e6f"};
constexpr std::array<std::string_view, 8> kLeafHashesHex = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"};
constexpr std::array<std::string_view, 9> kRootsHex = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

std::vector<Hash> ReferenceLeafHashes() {
  std::vector<Hash> hashes;
  for (std::string_view hex : kLeafHashesHex) hashes.push_back(FromHex(hex));
  return hashes;
}

MemoryTree TreeOf(std::span<const Hash> leaf_hashes) {
  MemoryTree tree;
  for (const Hash& leaf : leaf_hashes) tree.Append(leaf);
  return tree;
}

// Distinct leaf hashes for the property tests.
std::vector<Hash> SyntheticLeaves(std::size_t count) {
  std::vector<Hash> leaves;
  leaves.reserve(count);
  for (std::size_t i = 0; i < count; ++i) leaves.push_back(LeafHash("entry " + std::to_string(i)));
  return leaves;
}

// --- Oracles: RFC 9162 section 2.1 transcribed literally (k = the largest
// power of two strictly below n), independent of the code under test.

std::uint64_t SplitPoint(std::uint64_t n) {
  std::uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

Hash NaiveMth(std::span<const Hash> leaves) {
  if (leaves.empty()) return core::Sha256(std::string_view());
  if (leaves.size() == 1) return leaves[0];
  const std::uint64_t k = SplitPoint(leaves.size());
  return NodeHash(NaiveMth(leaves.first(k)), NaiveMth(leaves.subspan(k)));
}

std::vector<Hash> NaivePath(std::uint64_t m, std::span<const Hash> leaves) {
  if (leaves.size() <= 1) return {};
  const std::uint64_t k = SplitPoint(leaves.size());
  std::vector<Hash> path;
  if (m < k) {
    path = NaivePath(m, leaves.first(k));
    path.push_back(NaiveMth(leaves.subspan(k)));
  } else {
    path = NaivePath(m - k, leaves.subspan(k));
    path.push_back(NaiveMth(leaves.first(k)));
  }
  return path;
}

std::vector<Hash> NaiveSubproof(std::uint64_t m, std::span<const Hash> leaves, bool complete) {
  if (m == leaves.size()) {
    if (complete) return {};
    return {NaiveMth(leaves)};
  }
  const std::uint64_t k = SplitPoint(leaves.size());
  std::vector<Hash> proof;
  if (m <= k) {
    proof = NaiveSubproof(m, leaves.first(k), complete);
    proof.push_back(NaiveMth(leaves.subspan(k)));
  } else {
    proof = NaiveSubproof(m - k, leaves.subspan(k), false);
    proof.push_back(NaiveMth(leaves.first(k)));
  }
  return proof;
}

// A reader that records what it was asked, to check batching.
class RecordingReader : public HashReader {
 public:
  explicit RecordingReader(const HashReader& inner) : inner_(inner) {}
  core::Result<std::vector<Hash>> ReadHashes(std::span<const NodeId> ids) const override {
    calls.emplace_back(ids.begin(), ids.end());
    return inner_.ReadHashes(ids);
  }
  mutable std::vector<std::vector<NodeId>> calls;

 private:
  const HashReader& inner_;
};

// The tree whose leaves all have the same hash: the node at level l is
// H_l = NodeHash(H_{l-1}, H_{l-1}) whatever its index, so trees of up to
// 2^64 - 1 leaves are consistent without storing them.
class UniformReader : public HashReader {
 public:
  explicit UniformReader(std::uint64_t tree_size) : tree_size_(tree_size) {
    by_level_[0] = LeafHash("same");
    for (int level = 1; level < 64; ++level)
      by_level_[level] = NodeHash(by_level_[level - 1], by_level_[level - 1]);
  }
  core::Result<std::vector<Hash>> ReadHashes(std::span<const NodeId> ids) const override {
    std::vector<Hash> hashes;
    for (const NodeId& id : ids) {
      if (id.level >= 64 || id.index >= (tree_size_ >> id.level))
        return core::NotFound("node outside the tree");
      hashes.push_back(by_level_[id.level]);
    }
    return hashes;
  }
  const Hash& leaf() const { return by_level_[0]; }

 private:
  std::uint64_t tree_size_;
  std::array<Hash, 64> by_level_;
};

Hash Flipped(Hash hash, std::size_t bit) {
  hash[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
  return hash;
}

// --- Hashing

TEST(MerkleHashTest, LeafHashesMatchTheCtReferenceValues) {
  for (std::size_t i = 0; i < kLeafInputsHex.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(HashHex(LeafHash(BytesFromHex(kLeafInputsHex[i]))), kLeafHashesHex[i]);
  }
}

TEST(MerkleHashTest, EmptyRootIsSha256OfTheEmptyStringNotZeros) {
  EXPECT_EQ(HashHex(EmptyRootHash()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(MerkleHashTest, NodeHashOfTwoReferenceLeavesIsTheTwoLeafRoot) {
  const std::vector<Hash> leaves = ReferenceLeafHashes();
  EXPECT_EQ(HashHex(NodeHash(leaves[0], leaves[1])), kRootsHex[2]);
}

TEST(MerkleHashTest, HashFromBytesAcceptsExactly32Bytes) {
  const Hash root = FromHex(kRootsHex[8]);
  auto parsed = HashFromBytes(root);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, root);
}

TEST(MerkleHashTest, HashFromBytesRejectsOtherLengthsNamingThem) {
  const std::vector<std::uint8_t> twelve(12, 0x41);
  auto parsed = HashFromBytes(twelve);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().message, "hash has 12 bytes, expected 32");
  EXPECT_FALSE(HashFromBytes(std::span<const std::uint8_t>()).has_value());
  EXPECT_FALSE(HashFromBytes(std::vector<std::uint8_t>(33)).has_value());
}

// --- Tree hashes

TEST(MemoryTreeTest, RootAfterEachAppendMatchesTheCtReferenceRoots) {
  MemoryTree tree;
  EXPECT_EQ(HashHex(tree.Root()), kRootsHex[0]);
  for (const Hash& leaf : ReferenceLeafHashes()) {
    tree.Append(leaf);
    SCOPED_TRACE(tree.size());
    EXPECT_EQ(HashHex(tree.Root()), kRootsHex[tree.size()]);
  }
}

TEST(MemoryTreeTest, RootAtEverySizeMatchesTheCtReferenceRoots) {
  const MemoryTree tree = TreeOf(ReferenceLeafHashes());
  for (std::uint64_t size = 0; size <= 8; ++size) {
    auto root = tree.RootAt(size);
    ASSERT_TRUE(root.has_value()) << root.error().ToString();
    EXPECT_EQ(HashHex(*root), kRootsHex[size]) << "size " << size;
  }
}

TEST(MemoryTreeTest, RootAtBeyondTheTreeIsInvalidArgument) {
  const MemoryTree tree = TreeOf(ReferenceLeafHashes());
  auto root = tree.RootAt(9);
  ASSERT_FALSE(root.has_value());
  EXPECT_EQ(root.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(root.error().message, "tree size 9 is beyond the 8 leaves appended");
}

TEST(MemoryTreeTest, ReadingAnIncompleteSubtreeIsNotFound) {
  const std::vector<Hash> leaves = ReferenceLeafHashes();
  const MemoryTree tree = TreeOf(std::span(leaves).first(7));
  auto hashes = tree.ReadHashes(std::vector<NodeId>{{1, 2}, {1, 3}});
  ASSERT_FALSE(hashes.has_value());
  EXPECT_EQ(hashes.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(hashes.error().message, "no complete subtree at level 1 index 3 in a tree of 7 leaves");
}

TEST(MemoryTreeTest, RootEqualsTheRecursiveDefinitionForSizesUpTo600) {
  const std::vector<Hash> leaves = SyntheticLeaves(600);
  MemoryTree tree;
  for (std::size_t size = 0; size <= leaves.size(); ++size) {
    const Hash expected = NaiveMth(std::span(leaves).first(size));
    ASSERT_EQ(tree.Root(), expected) << "size " << size;
    if (size < leaves.size()) tree.Append(leaves[size]);
  }
}

TEST(TreeHashTest, EqualsTheRecursiveDefinitionThroughAnyReaderForSizesUpTo300) {
  const std::vector<Hash> leaves = SyntheticLeaves(300);
  const MemoryTree tree = TreeOf(leaves);
  for (std::uint64_t size = 0; size <= 300; ++size) {
    const Hash expected = NaiveMth(std::span(leaves).first(size));
    auto root = TreeHash(size, tree);
    ASSERT_TRUE(root.has_value()) << root.error().ToString();
    EXPECT_EQ(*root, expected) << "size " << size;
    EXPECT_EQ(SubtreeHash(std::span(leaves).first(size)), expected) << "size " << size;
  }
}

TEST(TreeHashTest, SubtreeHashOfTheReferenceLeavesMatchesTheCtReferenceRoots) {
  const std::vector<Hash> leaves = ReferenceLeafHashes();
  for (std::size_t size = 0; size <= 8; ++size)
    EXPECT_EQ(HashHex(SubtreeHash(std::span(leaves).first(size))), kRootsHex[size]);
}

TEST(TreeHashTest, SubtreeHashOfAFullTileIsItsLevel8Node) {
  const std::vector<Hash> leaves = SyntheticLeaves(512);
  const MemoryTree tree = TreeOf(leaves);
  auto nodes = tree.ReadHashes(std::vector<NodeId>{{8, 0}, {8, 1}});
  ASSERT_TRUE(nodes.has_value()) << nodes.error().ToString();
  EXPECT_EQ(SubtreeHash(std::span(leaves).first(256)), (*nodes)[0]);
  EXPECT_EQ(SubtreeHash(std::span(leaves).subspan(256)), (*nodes)[1]);
}

TEST(TreeHashTest, ReadsTheMaximalSubtreesInOneCall) {
  const MemoryTree tree = TreeOf(ReferenceLeafHashes());
  const RecordingReader reader(tree);
  auto root = TreeHash(7, reader);
  ASSERT_TRUE(root.has_value()) << root.error().ToString();
  EXPECT_EQ(HashHex(*root), kRootsHex[7]);
  ASSERT_EQ(reader.calls.size(), 1u);
  EXPECT_THAT(reader.calls[0], ElementsAre(NodeId{2, 0}, NodeId{1, 2}, NodeId{0, 6}));
}

TEST(TreeHashTest, EmptyTreeReadsNothing) {
  const MemoryTree tree;
  const RecordingReader reader(tree);
  auto root = TreeHash(0, reader);
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(*root, EmptyRootHash());
  EXPECT_TRUE(reader.calls.empty());
}

TEST(TreeHashTest, PassesOnTheReadersErrorWithContext) {
  const MemoryTree tree = TreeOf(ReferenceLeafHashes());
  auto root = TreeHash(9, tree);
  ASSERT_FALSE(root.has_value());
  EXPECT_EQ(root.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(root.error().message,
            "tree hash of size 9: no complete subtree at level 0 index 8 in a tree of 8 leaves");
}

// --- RFC 6962 section 2.1.3: the 7-leaf example tree, whose leaf hashes are
// a..f and j (entries d0..d6), with g = (a, b), h = (c, d), i = (e, f),
// k = (g, h), l = (i, j) and root = (k, l).
class Rfc6962ExampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::vector<Hash> leaves = ReferenceLeafHashes();
    a = leaves[0], b = leaves[1], c = leaves[2], d = leaves[3];
    e = leaves[4], f = leaves[5], j = leaves[6];
    g = NodeHash(a, b), h = NodeHash(c, d), i = NodeHash(e, f);
    k = NodeHash(g, h), l = NodeHash(i, j);
    for (std::size_t n = 0; n < 7; ++n) tree.Append(leaves[n]);
  }
  std::vector<Hash> Inclusion(std::uint64_t index) {
    auto proof = InclusionProof(index, 7, tree);
    EXPECT_TRUE(proof.has_value()) << proof.error().ToString();
    return proof.value_or(std::vector<Hash>());
  }
  std::vector<Hash> Consistency(std::uint64_t old_size) {
    auto proof = ConsistencyProof(old_size, 7, tree);
    EXPECT_TRUE(proof.has_value()) << proof.error().ToString();
    return proof.value_or(std::vector<Hash>());
  }
  Hash Root(std::uint64_t size) { return FromHex(kRootsHex[size]); }

  MemoryTree tree;
  Hash a, b, c, d, e, f, g, h, i, j, k, l;
};

TEST_F(Rfc6962ExampleTest, RootIsKJoinedWithL) {
  EXPECT_EQ(NodeHash(k, l), Root(7));
  EXPECT_EQ(tree.Root(), Root(7));
}

TEST_F(Rfc6962ExampleTest, AuditPathsAreTheOnesTheRfcGives) {
  EXPECT_THAT(Inclusion(0), ElementsAre(b, h, l));
  EXPECT_THAT(Inclusion(3), ElementsAre(c, g, l));
  EXPECT_THAT(Inclusion(4), ElementsAre(f, j, k));
  EXPECT_THAT(Inclusion(6), ElementsAre(i, k));
}

TEST_F(Rfc6962ExampleTest, ConsistencyProofsAreTheOnesTheRfcGives) {
  EXPECT_THAT(Consistency(3), ElementsAre(c, d, g, l));
  EXPECT_THAT(Consistency(4), ElementsAre(l));
  EXPECT_THAT(Consistency(6), ElementsAre(i, j, k));
}

TEST_F(Rfc6962ExampleTest, TheRfcProofsVerify) {
  const Hash root = Root(7);
  EXPECT_TRUE(VerifyInclusion(0, 7, a, std::vector<Hash>{b, h, l}, root).has_value());
  EXPECT_TRUE(VerifyInclusion(3, 7, d, std::vector<Hash>{c, g, l}, root).has_value());
  EXPECT_TRUE(VerifyInclusion(4, 7, e, std::vector<Hash>{f, j, k}, root).has_value());
  EXPECT_TRUE(VerifyInclusion(6, 7, j, std::vector<Hash>{i, k}, root).has_value());
  EXPECT_TRUE(VerifyConsistency(3, 7, Root(3), root, std::vector<Hash>{c, d, g, l}).has_value());
  EXPECT_TRUE(VerifyConsistency(4, 7, Root(4), root, std::vector<Hash>{l}).has_value());
  EXPECT_TRUE(VerifyConsistency(6, 7, Root(6), root, std::vector<Hash>{i, j, k}).has_value());
}

TEST_F(Rfc6962ExampleTest, InclusionProofReadsOnlyMaximalSubtreesInOneCall) {
  // l is incomplete in the 7-leaf tree: it is read as i and j and hashed.
  const RecordingReader reader(tree);
  auto proof = InclusionProof(0, 7, reader);
  ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
  EXPECT_THAT(*proof, ElementsAre(b, h, l));
  ASSERT_EQ(reader.calls.size(), 1u);
  EXPECT_THAT(reader.calls[0], ElementsAre(NodeId{0, 1}, NodeId{1, 1}, NodeId{1, 2}, NodeId{0, 6}));
}

TEST_F(Rfc6962ExampleTest, ConsistencyProofReadsOnlyMaximalSubtreesInOneCall) {
  const RecordingReader reader(tree);
  auto proof = ConsistencyProof(3, 7, reader);
  ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
  ASSERT_EQ(reader.calls.size(), 1u);
  EXPECT_THAT(reader.calls[0],
              ElementsAre(NodeId{0, 2}, NodeId{0, 3}, NodeId{1, 0}, NodeId{1, 2}, NodeId{0, 6}));
}

TEST_F(Rfc6962ExampleTest, WrongLengthIsReportedBeforeAnyHashing) {
  auto status = VerifyInclusion(0, 7, a, std::vector<Hash>{b, h}, Root(7));
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message,
            "inclusion proof for index 0 in tree of 7 has 2 hashes, "
            "expected 3");
  status = VerifyConsistency(3, 7, Root(3), Root(7), std::vector<Hash>{c, d, g});
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().message,
            "consistency proof from size 3 to 7 has 3 hashes, "
            "expected 4");
}

TEST_F(Rfc6962ExampleTest, RootMismatchNamesBothRootsInFull) {
  const Hash wrong = Root(6);
  auto status = VerifyInclusion(4, 7, e, std::vector<Hash>{f, j, k}, wrong);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message,
            "inclusion proof for index 4 in tree of 7: computed root " + std::string(kRootsHex[7]) +
                " does not match expected root " + std::string(kRootsHex[6]));
}

TEST_F(Rfc6962ExampleTest, ConsistencyMismatchSaysWhichRoot) {
  auto status = VerifyConsistency(6, 7, Root(5), Root(7), std::vector<Hash>{i, j, k});
  ASSERT_FALSE(status.has_value());
  EXPECT_THAT(status.error().message,
              HasSubstr("consistency proof from size 6 to 7: computed old root " +
                        std::string(kRootsHex[6]) + " does not match expected old root " +
                        std::string(kRootsHex[5])));
  status = VerifyConsistency(6, 7, Root(6), Root(8), std::vector<Hash>{i, j, k});
  ASSERT_FALSE(status.has_value());
  EXPECT_THAT(status.error().message, HasSubstr("computed new root " + std::string(kRootsHex[7]) +
                                                " does not match expected new root"));
}

// --- Argument checks and the size-0 / equal-size rules

TEST(InclusionProofTest, IndexAtOrBeyondTheSizeIsInvalidArgument) {
  const MemoryTree tree = TreeOf(ReferenceLeafHashes());
  auto proof = InclusionProof(8, 8, tree);
  ASSERT_FALSE(proof.has_value());
  EXPECT_EQ(proof.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(proof.error().message, "leaf index 8 is out of range for tree size 8");
  EXPECT_FALSE(InclusionProof(0, 0, tree).has_value());
}

TEST(InclusionProofTest, PassesOnTheReadersErrorWithContext) {
  const MemoryTree tree = TreeOf(ReferenceLeafHashes());
  auto proof = InclusionProof(2, 12, tree);
  ASSERT_FALSE(proof.has_value());
  EXPECT_EQ(proof.error().code, core::ErrorCode::kNotFound);
  EXPECT_THAT(proof.error().message,
              HasSubstr("inclusion proof for index 2 in tree of 12: no complete subtree"));
}

TEST(InclusionProofTest, AReaderReturningTheWrongCountIsInternal) {
  class ShortReader : public HashReader {
    core::Result<std::vector<Hash>> ReadHashes(std::span<const NodeId>) const override {
      return std::vector<Hash>(1);
    }
  };
  auto proof = InclusionProof(0, 8, ShortReader());
  ASSERT_FALSE(proof.has_value());
  EXPECT_EQ(proof.error().code, core::ErrorCode::kInternal);
  EXPECT_EQ(proof.error().message,
            "inclusion proof for index 0 in tree of 8: hash reader returned 1 hashes for 3 nodes");
}

TEST(VerifyInclusionTest, IndexAtOrBeyondTheSizeFailsAndSoDoesSizeZero) {
  const Hash leaf = LeafHash("x");
  auto status = VerifyInclusion(3, 3, leaf, {}, leaf);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message, "leaf index 3 is out of range for tree size 3");
  EXPECT_FALSE(VerifyInclusion(0, 0, leaf, {}, EmptyRootHash()).has_value());
}

TEST(VerifyInclusionTest, OneLeafTreeNeedsAnEmptyProofAndTheLeafAsRoot) {
  const Hash leaf = LeafHash("x");
  EXPECT_TRUE(VerifyInclusion(0, 1, leaf, {}, leaf).has_value());
  EXPECT_FALSE(VerifyInclusion(0, 1, leaf, std::vector<Hash>{leaf}, leaf).has_value());
  EXPECT_FALSE(VerifyInclusion(0, 1, leaf, {}, LeafHash("y")).has_value());
}

TEST(ConsistencyProofTest, OldSizeGreaterThanNewIsInvalidArgument) {
  const MemoryTree tree = TreeOf(ReferenceLeafHashes());
  auto proof = ConsistencyProof(5, 4, tree);
  ASSERT_FALSE(proof.has_value());
  EXPECT_EQ(proof.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(proof.error().message, "old size 5 is greater than new size 4");
}

TEST(ConsistencyProofTest, FromSizeZeroAndBetweenEqualSizesIsEmptyWithoutReading) {
  const MemoryTree tree = TreeOf(ReferenceLeafHashes());
  const RecordingReader reader(tree);
  for (auto [old_size, new_size] :
       {std::pair<std::uint64_t, std::uint64_t>{0, 0}, {0, 5}, {0, 8}, {5, 5}, {8, 8}}) {
    auto proof = ConsistencyProof(old_size, new_size, reader);
    ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
    EXPECT_TRUE(proof->empty()) << old_size << " -> " << new_size;
  }
  EXPECT_TRUE(reader.calls.empty());
}

TEST(VerifyConsistencyTest, OldSizeGreaterThanNewFails) {
  const Hash root = FromHex(kRootsHex[4]);
  auto status = VerifyConsistency(5, 4, root, root, {});
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message, "old size 5 is greater than new size 4");
}

TEST(VerifyConsistencyTest, EqualSizesNeedAnEmptyProofAndEqualRoots) {
  const Hash root4 = FromHex(kRootsHex[4]);
  const Hash root5 = FromHex(kRootsHex[5]);
  EXPECT_TRUE(VerifyConsistency(4, 4, root4, root4, {}).has_value());
  auto status = VerifyConsistency(4, 4, root4, root5, {});
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message, "trees of equal size 4 have different roots " +
                                        std::string(kRootsHex[4]) + " and " +
                                        std::string(kRootsHex[5]));
  status = VerifyConsistency(4, 4, root4, root4, std::vector<Hash>{root4});
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().message, "consistency proof from size 4 to 4 has 1 hashes, expected 0");
}

TEST(VerifyConsistencyTest, FromSizeZeroNeedsAnEmptyProofAndTheEmptyRoot) {
  // c2sp.org/tlog-witness: old size 0 with an empty proof is accepted; a
  // proof, or an old root other than SHA-256(""), is not.
  const Hash root5 = FromHex(kRootsHex[5]);
  EXPECT_TRUE(VerifyConsistency(0, 5, EmptyRootHash(), root5, {}).has_value());
  EXPECT_TRUE(VerifyConsistency(0, 0, EmptyRootHash(), EmptyRootHash(), {}).has_value());
  auto status = VerifyConsistency(0, 5, EmptyRootHash(), root5, std::vector<Hash>{root5});
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().message, "consistency proof from size 0 to 5 has 1 hashes, expected 0");
  status = VerifyConsistency(0, 5, root5, root5, {});
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message, "consistency proof from size 0 to 5: old root " +
                                        std::string(kRootsHex[5]) + " is not the empty tree hash " +
                                        std::string(kRootsHex[0]));
  // Two trees of size 0 both have the empty root, whatever is claimed.
  EXPECT_FALSE(VerifyConsistency(0, 0, EmptyRootHash(), root5, {}).has_value());
}

TEST(VerifyConsistencyTest, NonEmptyOldTreeNeedsANonEmptyProof) {
  // RFC 9162 section 2.1.4.2: an empty proof fails when 0 < old < new.
  const Hash root4 = FromHex(kRootsHex[4]);
  EXPECT_FALSE(VerifyConsistency(4, 8, root4, root4, {}).has_value());
}

// --- Properties over many shapes

TEST(MerklePropertyTest, EveryInclusionProofUpTo130LeavesIsTheRfcPath) {
  // The oracle costs O(size) hashes per proof, hence the smaller bound.
  const std::vector<Hash> leaves = SyntheticLeaves(130);
  const MemoryTree tree = TreeOf(leaves);
  for (std::uint64_t size = 1; size <= leaves.size(); ++size) {
    for (std::uint64_t index = 0; index < size; ++index) {
      auto proof = InclusionProof(index, size, tree);
      ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
      ASSERT_EQ(*proof, NaivePath(index, std::span(leaves).first(size))) << index << " in " << size;
    }
  }
}

TEST(MerklePropertyTest, EveryInclusionProofUpTo300LeavesVerifiesAndNoFlippedBitDoes) {
  const std::vector<Hash> leaves = SyntheticLeaves(300);
  const MemoryTree tree = TreeOf(leaves);
  for (std::uint64_t size = 1; size <= leaves.size(); ++size) {
    const Hash root = NaiveMth(std::span(leaves).first(size));
    for (std::uint64_t index = 0; index < size; ++index) {
      auto proof = InclusionProof(index, size, tree);
      ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
      ASSERT_TRUE(VerifyInclusion(index, size, leaves[index], *proof, root).has_value())
          << index << " in " << size;
      // Any flipped bit, in any proof hash, the leaf or the root, fails.
      const std::size_t bit = (index * 7 + size) % 256;
      for (std::size_t p = 0; p < proof->size(); ++p) {
        std::vector<Hash> bad = *proof;
        bad[p] = Flipped(bad[p], bit);
        ASSERT_FALSE(VerifyInclusion(index, size, leaves[index], bad, root).has_value())
            << "flipped hash " << p << " of " << index << " in " << size;
      }
      ASSERT_FALSE(
          VerifyInclusion(index, size, Flipped(leaves[index], bit), *proof, root).has_value());
      ASSERT_FALSE(
          VerifyInclusion(index, size, leaves[index], *proof, Flipped(root, bit)).has_value());
      if (index + 1 < size) {
        ASSERT_FALSE(VerifyInclusion(index + 1, size, leaves[index], *proof, root).has_value());
      }
    }
  }
}

TEST(MerklePropertyTest, EveryConsistencyProofUpTo130LeavesIsTheRfcProofAndVerifies) {
  const std::vector<Hash> leaves = SyntheticLeaves(130);
  const MemoryTree tree = TreeOf(leaves);
  std::vector<Hash> roots;
  for (std::size_t size = 0; size <= leaves.size(); ++size)
    roots.push_back(NaiveMth(std::span(leaves).first(size)));
  for (std::uint64_t new_size = 0; new_size <= leaves.size(); ++new_size) {
    for (std::uint64_t old_size = 0; old_size <= new_size; ++old_size) {
      auto proof = ConsistencyProof(old_size, new_size, tree);
      ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
      if (old_size > 0 && old_size < new_size) {
        ASSERT_EQ(*proof, NaiveSubproof(old_size, std::span(leaves).first(new_size), true))
            << old_size << " -> " << new_size;
      } else {
        ASSERT_TRUE(proof->empty());
      }
      const Hash& old_root = roots[old_size];
      const Hash& new_root = roots[new_size];
      ASSERT_TRUE(VerifyConsistency(old_size, new_size, old_root, new_root, *proof).has_value())
          << old_size << " -> " << new_size;
      if (old_size == 0) continue;  // nothing but the empty root is checked
      const std::size_t bit = (old_size * 5 + new_size) % 256;
      for (std::size_t p = 0; p < proof->size(); ++p) {
        std::vector<Hash> bad = *proof;
        bad[p] = Flipped(bad[p], bit);
        ASSERT_FALSE(VerifyConsistency(old_size, new_size, old_root, new_root, bad).has_value())
            << "flipped hash " << p << " of " << old_size << " -> " << new_size;
      }
      ASSERT_FALSE(VerifyConsistency(old_size, new_size, Flipped(old_root, bit), new_root, *proof)
                       .has_value());
      ASSERT_FALSE(VerifyConsistency(old_size, new_size, old_root, Flipped(new_root, bit), *proof)
                       .has_value());
    }
  }
}

TEST(MerklePropertyTest, ProofsWorkAtTheEdgeOfUint64) {
  // Shifts near bit 63 and sizes near 2^64 - 1 (UBSan watches this test).
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  const UniformReader reader(kMax);
  auto root = TreeHash(kMax, reader);
  ASSERT_TRUE(root.has_value()) << root.error().ToString();
  for (std::uint64_t index : {std::uint64_t{0}, std::uint64_t{1} << 63, kMax - 2, kMax - 1}) {
    auto proof = InclusionProof(index, kMax, reader);
    ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
    EXPECT_LE(proof->size(), 64u);
    EXPECT_TRUE(VerifyInclusion(index, kMax, reader.leaf(), *proof, *root).has_value()) << index;
  }
  for (std::uint64_t old_size : {std::uint64_t{1}, (std::uint64_t{1} << 63) + 1, kMax - 1}) {
    auto old_root = TreeHash(old_size, reader);
    ASSERT_TRUE(old_root.has_value());
    auto proof = ConsistencyProof(old_size, kMax, reader);
    ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
    EXPECT_TRUE(VerifyConsistency(old_size, kMax, *old_root, *root, *proof).has_value())
        << old_size;
  }
}

}  // namespace
}  // namespace accord::ledger
