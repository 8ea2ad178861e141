#include "ledger/merkle.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstring>
#include <utility>

#include "core/encoding.h"

namespace accord::ledger {
namespace {

using core::Error;

// The shape of the path from the node {level, index} up to the root of a
// tree of `tree_size` leaves, seen bottom-up with right-edge nodes promoted
// (the view Go's x/mod tlog and transparency-dev/merkle also take; it gives
// exactly the RFC 9162 section 2.1.3.1 path). Below `inner` levels the path
// to our node and the path to the last leaf are distinct: every one of those
// levels has a sibling, and only the topmost of them can be a truncated
// (right, incomplete) subtree. Above, our node is on the right edge, and a
// level has a sibling, always a complete left one, exactly where the
// index has a 1 bit. So the path has inner + popcount(index >> inner)
// hashes.
struct PathShape {
  int inner = 0;
  int border = 0;
  int size() const { return inner + border; }
};

// REQUIRES: tree_size > 0 and {level, index} lies within it.
PathShape ShapeOf(int level, std::uint64_t index, std::uint64_t tree_size) {
  const std::uint64_t last = (tree_size - 1) >> level;
  PathShape shape;
  shape.inner = static_cast<int>(std::bit_width(index ^ last));
  shape.border = shape.inner >= 64 ? 0 : std::popcount(index >> shape.inner);
  return shape;
}

// The complete subtrees one proof or tree hash needs, collected first so the
// reader is asked once. Each output hash is a run of consecutive ids: one
// node, or the maximal perfect subtrees of an incomplete range, folded
// right to left into that range's MTH.
class ReadPlan {
 public:
  ReadPlan() {
    ids_.reserve(128);
    runs_.reserve(66);
  }

  void AddNode(NodeId id) {
    ids_.push_back(id);
    runs_.push_back(1);
  }

  // Leaves [begin, end). REQUIRES: begin < end and begin a multiple of the
  // largest power of two <= end - begin, which holds for every range of a
  // left-complete tree. The pieces follow the 1 bits of the width, largest
  // first: the largest is the left child MTH splits off (RFC 9162 2.1.1).
  void AddRange(std::uint64_t begin, std::uint64_t end) {
    assert(begin < end);
    const std::uint64_t width = end - begin;
    std::uint8_t count = 0;
    for (int level = static_cast<int>(std::bit_width(width)) - 1; level >= 0; --level) {
      if (((width >> level) & 1) == 0) continue;
      assert(begin % (std::uint64_t{1} << level) == 0);
      ids_.push_back(NodeId{static_cast<std::uint8_t>(level), begin >> level});
      begin += std::uint64_t{1} << level;
      ++count;
    }
    runs_.push_back(count);
  }

  // The sibling hashes on the path from {level, index} to the root of the
  // tree of `tree_size` leaves, lowest first.
  void AddPath(int level, std::uint64_t index, std::uint64_t tree_size) {
    const PathShape shape = ShapeOf(level, index, tree_size);
    for (int i = 0; i < shape.inner; ++i) {
      const int node_level = level + i;
      const std::uint64_t node = index >> i;
      if (node & 1) {
        AddNode(NodeId{static_cast<std::uint8_t>(node_level), node ^ 1});
      } else {
        // A right sibling; the one at i == inner - 1 may stop short at the
        // end of the tree. Written to not overflow near 2^64.
        const std::uint64_t begin = (node + 1) << node_level;
        const std::uint64_t width = std::min(std::uint64_t{1} << node_level, tree_size - begin);
        AddRange(begin, begin + width);
      }
    }
    for (int i = shape.inner; i < 64 - level && (index >> i) != 0; ++i) {
      if ((index >> i) & 1) AddNode(NodeId{static_cast<std::uint8_t>(level + i), (index >> i) ^ 1});
    }
  }

  core::Result<std::vector<Hash>> Read(const HashReader& reader) const {
    if (ids_.empty()) return std::vector<Hash>();
    auto hashes = reader.ReadHashes(ids_);
    if (!hashes) return hashes.error();
    if (hashes->size() != ids_.size()) {
      return core::Internal("hash reader returned " + std::to_string(hashes->size()) +
                            " hashes for " + std::to_string(ids_.size()) + " nodes");
    }
    std::vector<Hash> out;
    out.reserve(runs_.size());
    std::size_t next = 0;
    for (std::uint8_t count : runs_) {
      Hash acc = (*hashes)[next + count - 1];
      for (std::size_t j = next + count - 1; j-- > next;) acc = NodeHash((*hashes)[j], acc);
      out.push_back(acc);
      next += count;
    }
    return out;
  }

 private:
  std::vector<NodeId> ids_;
  std::vector<std::uint8_t> runs_;  // ids per output hash, in output order
};

std::string Num(std::uint64_t value) {
  return std::to_string(value);
}

std::string Mismatch(std::string_view what, const Hash& computed, const Hash& expected) {
  std::string message = "computed ";
  message.append(what).append(" ").append(HashHex(computed));
  message.append(" does not match expected ").append(what).append(" ");
  message.append(HashHex(expected));
  return message;
}

Error WrongLength(std::string prefix, std::size_t actual, int expected) {
  return core::InvalidArgument(std::move(prefix) + " has " + std::to_string(actual) +
                               " hashes, expected " + std::to_string(expected));
}

}  // namespace

Hash LeafHash(std::string_view entry) {
  // One context per thread, reused: no allocation per entry.
  thread_local core::Sha256Hasher hasher;
  return hasher.Update(std::uint8_t{0x00}).Update(entry).Finish();
}

Hash NodeHash(const Hash& left, const Hash& right) {
  // One 65-byte message in one update: measurably cheaper than three.
  std::array<std::uint8_t, 65> message;
  message[0] = 0x01;
  std::memcpy(message.data() + 1, left.data(), left.size());
  std::memcpy(message.data() + 33, right.data(), right.size());
  return core::Sha256(std::span<const std::uint8_t>(message));
}

Hash EmptyRootHash() {
  static const Hash empty = core::Sha256(std::string_view());
  return empty;
}

core::Result<Hash> HashFromBytes(std::span<const std::uint8_t> bytes) {
  Hash hash;
  if (bytes.size() != hash.size()) {
    return core::InvalidArgument("hash has " + std::to_string(bytes.size()) +
                                 " bytes, expected 32");
  }
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}

std::string HashHex(const Hash& hash) {
  return core::HexEncode(hash);
}

Hash SubtreeHash(std::span<const Hash> hashes) {
  if (hashes.empty()) return EmptyRootHash();
  // stack[0..depth) holds the perfect subtrees of the prefix seen so far,
  // largest first, one per 1 bit of its length.
  std::array<Hash, 64> stack;
  int depth = 0;
  for (std::uint64_t seen = 0; seen < hashes.size(); ++seen) {
    stack[depth++] = hashes[seen];
    for (std::uint64_t merged = seen + 1; (merged & 1) == 0; merged >>= 1) {
      --depth;
      stack[depth - 1] = NodeHash(stack[depth - 1], stack[depth]);
    }
  }
  Hash acc = stack[depth - 1];
  for (int i = depth - 1; i-- > 0;) acc = NodeHash(stack[i], acc);
  return acc;
}

HashReader::~HashReader() = default;

void MemoryTree::Append(const Hash& leaf_hash) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf_hash);
  // A level with an even count has just completed a pair: its parent is a
  // new complete subtree one level up.
  for (std::size_t level = 0; levels_[level].size() % 2 == 0; ++level) {
    if (level + 1 == levels_.size()) levels_.emplace_back();
    const std::vector<Hash>& below = levels_[level];
    levels_[level + 1].push_back(NodeHash(below[below.size() - 2], below.back()));
  }
}

Hash MemoryTree::Root() const {
  return *RootAt(size());
}

core::Result<Hash> MemoryTree::RootAt(std::uint64_t tree_size) const {
  if (tree_size > size()) {
    return core::InvalidArgument("tree size " + Num(tree_size) + " is beyond the " + Num(size()) +
                                 " leaves appended");
  }
  if (tree_size == 0) return EmptyRootHash();
  // The perfect subtrees of the first tree_size leaves, smallest (rightmost)
  // first, folded into the left-complete root.
  bool have = false;
  Hash acc;
  for (std::size_t level = 0; (tree_size >> level) != 0; ++level) {
    if (((tree_size >> level) & 1) == 0) continue;
    const Hash& node = levels_[level][(tree_size >> level) - 1];
    acc = have ? NodeHash(node, acc) : node;
    have = true;
  }
  return acc;
}

core::Result<std::vector<Hash>> MemoryTree::ReadHashes(std::span<const NodeId> ids) const {
  std::vector<Hash> hashes;
  hashes.reserve(ids.size());
  for (const NodeId& id : ids) {
    if (id.level >= levels_.size() || id.index >= levels_[id.level].size()) {
      return core::NotFound("no complete subtree at level " + Num(id.level) + " index " +
                            Num(id.index) + " in a tree of " + Num(size()) + " leaves");
    }
    hashes.push_back(levels_[id.level][id.index]);
  }
  return hashes;
}

core::Result<Hash> TreeHash(std::uint64_t tree_size, const HashReader& reader) {
  if (tree_size == 0) return EmptyRootHash();
  ReadPlan plan;
  plan.AddRange(0, tree_size);
  auto hashes = plan.Read(reader);
  if (!hashes) return hashes.error().Context("tree hash of size " + Num(tree_size));
  return hashes->front();
}

core::Result<std::vector<Hash>> InclusionProof(std::uint64_t index, std::uint64_t tree_size,
                                               const HashReader& reader) {
  if (index >= tree_size) {
    return core::InvalidArgument("leaf index " + Num(index) + " is out of range for tree size " +
                                 Num(tree_size));
  }
  ReadPlan plan;
  plan.AddPath(0, index, tree_size);
  auto proof = plan.Read(reader);
  if (!proof) {
    return proof.error().Context("inclusion proof for index " + Num(index) + " in tree of " +
                                 Num(tree_size));
  }
  return proof;
}

core::Result<std::vector<Hash>> ConsistencyProof(std::uint64_t old_size, std::uint64_t new_size,
                                                 const HashReader& reader) {
  if (old_size > new_size) {
    return core::InvalidArgument("old size " + Num(old_size) + " is greater than new size " +
                                 Num(new_size));
  }
  if (old_size == 0 || old_size == new_size) return std::vector<Hash>();
  // The old tree's smallest perfect subtree is {level, index}; the proof is
  // that node (left out when it is the whole old tree, whose root the
  // verifier has) followed by its path to the new root. This is what
  // SUBPROOF of RFC 9162 section 2.1.4.1 produces, read bottom-up.
  const int level = std::countr_zero(old_size);
  const std::uint64_t index = (old_size - 1) >> level;
  ReadPlan plan;
  if (index != 0) plan.AddNode(NodeId{static_cast<std::uint8_t>(level), index});
  plan.AddPath(level, index, new_size);
  auto proof = plan.Read(reader);
  if (!proof) {
    return proof.error().Context("consistency proof from size " + Num(old_size) + " to " +
                                 Num(new_size));
  }
  return proof;
}

core::Status VerifyInclusion(std::uint64_t index, std::uint64_t tree_size, const Hash& leaf_hash,
                             std::span<const Hash> proof, const Hash& root) {
  if (index >= tree_size) {
    return core::InvalidArgument("leaf index " + Num(index) + " is out of range for tree size " +
                                 Num(tree_size));
  }
  // Messages are built only on failure: verification runs per request.
  auto what = [&] {
    return "inclusion proof for index " + Num(index) + " in tree of " + Num(tree_size);
  };
  const PathShape shape = ShapeOf(0, index, tree_size);
  if (proof.size() != static_cast<std::size_t>(shape.size()))
    return WrongLength(what(), proof.size(), shape.size());
  // RFC 9162 section 2.1.3.2, with the length known in advance: below
  // `inner` the index bit says on which side the sibling sits; above it
  // every sibling is on the left.
  Hash acc = leaf_hash;
  for (int i = 0; i < shape.inner; ++i)
    acc = ((index >> i) & 1) ? NodeHash(proof[i], acc) : NodeHash(acc, proof[i]);
  for (std::size_t i = shape.inner; i < proof.size(); ++i) acc = NodeHash(proof[i], acc);
  if (acc != root) return core::InvalidArgument(what() + ": " + Mismatch("root", acc, root));
  return core::Ok();
}

core::Status VerifyConsistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root,
                               const Hash& new_root, std::span<const Hash> proof) {
  if (old_size > new_size) {
    return core::InvalidArgument("old size " + Num(old_size) + " is greater than new size " +
                                 Num(new_size));
  }
  auto what = [&] {
    return "consistency proof from size " + Num(old_size) + " to " + Num(new_size);
  };
  if (old_size == 0 || old_size == new_size) {
    // Nothing to prove; the roots are checked against what they must be.
    if (!proof.empty()) return WrongLength(what(), proof.size(), 0);
    if (old_size == 0 && old_root != EmptyRootHash()) {
      return core::InvalidArgument(what() + ": old root " + HashHex(old_root) +
                                   " is not the empty tree hash " + HashHex(EmptyRootHash()));
    }
    if (old_size == new_size && old_root != new_root) {
      return core::InvalidArgument("trees of equal size " + Num(old_size) +
                                   " have different roots " + HashHex(old_root) + " and " +
                                   HashHex(new_root));
    }
    return core::Ok();
  }
  // RFC 9162 section 2.1.4.2, with the length known in advance (see
  // ConsistencyProof for the shape). old_acc rebuilds the old root from the
  // left siblings only; new_acc takes every sibling.
  const int level = std::countr_zero(old_size);
  const std::uint64_t index = (old_size - 1) >> level;
  const bool old_is_perfect = index == 0;  // the old root is the first node
  const PathShape shape = ShapeOf(level, index, new_size);
  const int expected = (old_is_perfect ? 0 : 1) + shape.size();
  if (proof.size() != static_cast<std::size_t>(expected))
    return WrongLength(what(), proof.size(), expected);
  std::size_t next = 0;
  Hash old_acc = old_is_perfect ? old_root : proof[next++];
  Hash new_acc = old_acc;
  for (int i = 0; i < shape.inner; ++i, ++next) {
    if ((index >> i) & 1) {
      old_acc = NodeHash(proof[next], old_acc);
      new_acc = NodeHash(proof[next], new_acc);
    } else {
      new_acc = NodeHash(new_acc, proof[next]);
    }
  }
  for (; next < proof.size(); ++next) {
    old_acc = NodeHash(proof[next], old_acc);
    new_acc = NodeHash(proof[next], new_acc);
  }
  if (old_acc != old_root)
    return core::InvalidArgument(what() + ": " + Mismatch("old root", old_acc, old_root));
  if (new_acc != new_root)
    return core::InvalidArgument(what() + ": " + Mismatch("new root", new_acc, new_root));
  return core::Ok();
}

}  // namespace accord::ledger
