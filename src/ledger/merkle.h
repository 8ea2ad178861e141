// The Merkle tree of the log (RFC 9162 section 2.1, identical for SHA-256 to
// RFC 6962 section 2.1): leaf and node hashing, tree hashes, inclusion and
// consistency proofs, and their verification.
//
// Everything here is a function of hashes. Where the hashes live is the
// caller's business: proofs and tree hashes read the complete subtrees they
// need through HashReader, which a C2SP tlog-tiles store implements by reading
// each tile once, and MemoryTree implements in memory. Verification needs no
// reader at all, so the node, `accord verify`, witnesses and the tests all
// check proofs with the same code.
//
// The tree is "left-complete": for n > 1 leaves the root joins the perfect
// subtree of the first k leaves (k = the largest power of two below n) with
// the tree of the remaining n - k. Every range a proof needs is therefore a
// run of perfect subtrees, and that is all a HashReader is asked for.
//
// Thread-safety: the free functions keep no shared state (hashing uses a
// per-thread context) and may run on any thread. A MemoryTree may be read
// from many threads at once while nobody appends.
//
// How proofs travel (tlog-proof receipts, tlog-witness requests) is for the
// files that parse them; this one only defines the hash lists.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/result.h"
#include "ledger/hash.h"

namespace accord::ledger {

// SHA-256(0x00 || entry): the hash of one log entry (RFC 9162 section 2.1.1).
Hash LeafHash(std::string_view entry);

// SHA-256(0x01 || left || right): an interior node (RFC 9162 section 2.1.1).
// The different prefixes keep a leaf from passing for a node.
Hash NodeHash(const Hash& left, const Hash& right);

// The root of the tree with no entries: SHA-256 of the empty string,
// e3b0c442...7852b855 (RFC 9162 section 2.1.1). Not 32 zero bytes, which is
// what Go's x/mod tlog.TreeHash(0) returns.
Hash EmptyRootHash();

// `bytes` as a Hash. Fails with kInvalidArgument ("hash has 12 bytes,
// expected 32") unless there are exactly 32 bytes. Verifiers take Hash, not
// bytes: a root or proof element of another length is rejected here, before
// any comparison (see the interop test for the one upstream vector that
// expects otherwise).
core::Result<Hash> HashFromBytes(std::span<const std::uint8_t> bytes);

// Lowercase hex of `hash`, as error messages print hashes.
std::string HashHex(const Hash& hash);

// The Merkle tree hash of `hashes` taken as consecutive nodes of one level
// (leaf hashes, or the level-8 hashes of a tile row, ...). For a power-of-two
// count this is the hash of the perfect subtree above them: a full 256-hash
// tile at level L gives its level L+8 node. For other counts it is the
// left-complete MTH of RFC 9162 section 2.1.1, and EmptyRootHash() for none.
// Linear time, constant memory, no allocation.
Hash SubtreeHash(std::span<const Hash> hashes);

// The root of a complete (perfect) subtree: the node over leaves
// [index * 2^level, (index + 1) * 2^level). Level 0 is a leaf hash. The
// C2SP tlog-tiles hash at tile level T, tile N, position i is the node
// {8T, 256N + i}.
struct NodeId {
  std::uint8_t level = 0;  // 0..63
  std::uint64_t index = 0;

  friend bool operator==(const NodeId&, const NodeId&) = default;
};

// Where proofs and tree hashes get complete-subtree hashes from. The
// functions below batch everything one call needs into one ReadHashes, so a
// tile store can read each tile once per request.
class HashReader {
 public:
  virtual ~HashReader();

  // Returns the hash of every node in `ids`, in the same order (ids may
  // repeat, and need not be sorted). Fails with kNotFound when a node is not
  // stored, e.g. because it covers leaves beyond the stored tree, or with
  // the storage's own error (kUnavailable, kCorrupt, ...). Must return
  // exactly ids.size() hashes on success; callers treat anything else as
  // kInternal.
  virtual core::Result<std::vector<Hash>> ReadHashes(std::span<const NodeId> ids) const = 0;
};

// An append-only tree in memory that keeps the hash of every complete
// subtree: about 2 hashes (64 bytes) per leaf. The appender of tests and of
// anything small, and a HashReader over everything appended so far.
// Copyable and movable.
class MemoryTree final : public HashReader {
 public:
  MemoryTree() = default;

  // Appends the leaf with hash `leaf_hash` (use LeafHash(entry)) and computes
  // the complete subtrees it closes: amortised one NodeHash per leaf and no
  // allocation beyond the vectors' geometric growth.
  void Append(const Hash& leaf_hash);

  // Number of leaves appended.
  std::uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }

  // The root of the current tree (EmptyRootHash() when empty). O(log size).
  Hash Root() const;

  // The root of the tree of the first `tree_size` leaves. Fails with
  // kInvalidArgument if tree_size > size().
  core::Result<Hash> RootAt(std::uint64_t tree_size) const;

  // HashReader: kNotFound naming the node and the tree size for a node not
  // complete within size().
  core::Result<std::vector<Hash>> ReadHashes(std::span<const NodeId> ids) const override;

 private:
  // levels_[l][i] is the node {l, i}; level l holds floor(size / 2^l) nodes.
  std::vector<std::vector<Hash>> levels_;
};

// The root of the tree of the first `tree_size` leaves (RFC 9162 section
// 2.1.1), from at most 64 complete subtrees read in one call; tree_size 0
// gives EmptyRootHash() without reading. Passes on the reader's error (e.g.
// kNotFound when the reader holds fewer leaves), with context.
core::Result<Hash> TreeHash(std::uint64_t tree_size, const HashReader& reader);

// The audit path for leaf `index` in the tree of the first `tree_size` leaves
// (RFC 9162 section 2.1.3.1): leaf-level sibling first, child of the root
// last; empty for a one-leaf tree. One ReadHashes call, for the maximal
// complete subtrees that make up the siblings. Fails with kInvalidArgument
// naming both numbers if index >= tree_size, and passes on the reader's
// error with context.
core::Result<std::vector<Hash>> InclusionProof(std::uint64_t index, std::uint64_t tree_size,
                                               const HashReader& reader);

// The consistency proof from the tree of the first `old_size` leaves to the
// tree of the first `new_size` (RFC 9162 section 2.1.4.1). One ReadHashes
// call. Empty, without reading, when old_size == new_size and when
// old_size == 0: RFC 9162 leaves size 0 undefined ("meaningless"), and we
// follow c2sp.org/tlog-witness, which accepts old size 0 with an empty proof
// (see VerifyConsistency). Fails with kInvalidArgument naming both sizes if
// old_size > new_size; passes on the reader's error with context. Whether
// the reader really holds new_size leaves is only found out when a hash is
// needed.
core::Result<std::vector<Hash>> ConsistencyProof(std::uint64_t old_size, std::uint64_t new_size,
                                                 const HashReader& reader);

// Verification (RFC 9162 sections 2.1.3.2 and 2.1.4.2). Every failure is
// kInvalidArgument: a verifier judges the inputs it was handed and cannot
// tell a garbled proof from a lying log. The message says which: sizes out
// of range, "proof has 3 hashes, expected 4" (checked first, so a proof
// never runs off its end), or "computed root <hex> does not match expected
// root <hex>" with both hashes in full. A caller that verifies its own
// stored data, or holds two signed roots, turns this into kCorrupt or
// evidence with its own context.

// Checks that `proof` proves the leaf with hash `leaf_hash` sits at `index`
// in the tree of `tree_size` leaves whose root is `root`. Fails if index >=
// tree_size (so always for tree_size 0), if the proof does not have exactly
// the length the tree shape requires, or if the computed root differs.
core::Status VerifyInclusion(std::uint64_t index, std::uint64_t tree_size, const Hash& leaf_hash,
                             std::span<const Hash> proof, const Hash& root);

// Checks that `proof` proves the tree of `old_size` leaves with root
// `old_root` is a prefix of the tree of `new_size` leaves with root
// `new_root`. Rules beyond RFC 9162 section 2.1.4.2, as c2sp.org/tlog-witness
// states them:
//   - old_size > new_size fails;
//   - equal sizes: the proof must be empty and the roots equal (two signed
//     checkpoints that fail this are evidence of a split view);
//   - old_size 0: the proof must be empty and old_root must be
//     EmptyRootHash() (the only root a tree of size 0 has); any new tree
//     extends the empty tree, so new_root is not checked unless new_size is
//     0 too.
// Otherwise the proof must have exactly the length the two sizes require and
// must reproduce both roots.
core::Status VerifyConsistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root,
                               const Hash& new_root, std::span<const Hash> proof);

}  // namespace accord::ledger
