// The verifiable log: appends entries in batches to a TileStore as C2SP
// tlog-tiles, signs a C2SP checkpoint after each batch, and proves
// inclusion and consistency. It stores bytes and knows nothing of treaties.
//
// Durability (see docs/ledger-format.md): a batch's entry bundles and hash
// tiles are made durable first; then the new checkpoint is signed, written
// to the private copy and then to the public `checkpoint`. An entry counts as
// appended only when AppendBatch returns, i.e. after both. A crash at any
// point leaves the last checkpoint and every tile it covers intact; tiles
// written beyond it are overwritten by the next batch.
//
// Thread-safety: AppendBatch calls are serialised by the caller (one
// writer; see GroupCommitter for many); proofs and Checkpoint() may run
// concurrently with an append.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tile_hash_reader.h"
#include "ledger/tile_store.h"

namespace accord::ledger {

// Where the private copy of the latest checkpoint lives in the store. It is
// written before the public one, so that a node can tell a stale or
// replayed public checkpoint from its own latest.
inline constexpr std::string_view kCheckpointPath = "checkpoint";
inline constexpr std::string_view kPrivateCheckpointPath = "private/checkpoint";

struct AppendReceipt {
  std::uint64_t first_index = 0;  // index of the batch's first entry
  std::uint64_t count = 0;
  Checkpoint checkpoint;          // the signed tree head covering the batch
};

struct OpenOptions {
  // Re-hash every entry bundle and tile against the checkpoint on open
  // (linear in the log's size). Without it only the right edge is checked.
  bool verify_everything = true;
};

class Log {
 public:
  // Writes the empty log's checkpoint (size 0) into `store`. Fails with
  // kConflict if the store already has a checkpoint (public or private),
  // and with the store's error, writing nothing, if it cannot tell.
  static core::Status Create(TileStore& store, const NoteSigner& signer);

  // Opens the log in `store`, signed by `signer` (its name is the origin).
  // Fails with kNotFound when there is no checkpoint, kCorrupt naming the
  // file and index when the stored data does not match the signed
  // checkpoint, or when the checkpoint is not signed by `signer`. The
  // public `checkpoint` is checked against the private copy: an older one
  // that is a prefix of the tree (a crash between the two writes, or a
  // replay) is replaced by the latest; a newer one, a missing private copy,
  // or a root that differs from the tree's at its size is kCorrupt.
  static core::Result<std::unique_ptr<Log>> Open(TileStore& store, NoteSigner signer,
                                                 const OpenOptions& options = {});

  // Appends `entries` in order, durably, and signs a checkpoint covering
  // them. Fails with kInvalidArgument, before anything is written, when the
  // batch is empty or an entry is longer than kMaxEntryBytes; with the
  // store's error if a write fails, in which case nothing was acknowledged
  // and the log's state is unchanged. If the tiles failed, a later batch
  // rewrites the same positions. If a checkpoint write failed, the signed
  // checkpoint may have landed anyway: the next call first re-reads the
  // stored checkpoint and continues from it (so the failed batch may turn
  // out to be in the log; the next receipt's first_index says), and fails
  // with the store's error while it cannot. This way the log never signs two
  // different trees of one size.
  core::Result<AppendReceipt> AppendBatch(std::span<const std::string> entries);

  // The latest signed checkpoint: parsed, and the note as published.
  Checkpoint checkpoint() const;
  std::string signed_checkpoint() const;
  std::uint64_t size() const;
  const NoteSigner& signer() const { return signer_; }

  // Proofs against the tree of `tree_size` leaves (<= size()). Fail with
  // kInvalidArgument naming the numbers when out of range.
  core::Result<std::vector<Hash>> ProveInclusion(std::uint64_t index,
                                                 std::uint64_t tree_size) const;
  core::Result<std::vector<Hash>> ProveConsistency(std::uint64_t old_size,
                                                   std::uint64_t new_size) const;
  // The root of an earlier tree size, computed from the tiles.
  core::Result<Hash> RootAt(std::uint64_t tree_size) const;
  // The entry at `index` (< size()), read from its bundle.
  core::Result<std::string> ReadEntry(std::uint64_t index) const;

 private:
  Log(TileStore& store, NoteSigner signer);
  // Reads the checkpoints and the right edge from the store and makes them
  // the published state. With `current`, refuses a stored checkpoint that
  // does not extend it.
  core::Status Load(const OpenOptions& options, const Checkpoint* current);

  TileStore& store_;
  NoteSigner signer_;
  TileHashReader reader_;

  mutable std::mutex mutex_;  // guards the published state below
  std::shared_ptr<const RightEdge> edge_;
  std::string edge_bundle_;      // bytes of the partial entry bundle
  std::uint64_t edge_bundle_count_ = 0;
  Checkpoint checkpoint_;
  std::string signed_checkpoint_;

  // Set when a checkpoint write failed; AppendBatch re-reads the store
  // before it signs again. Only the one writer touches it.
  bool resync_ = false;
};

// The partial tiles of a stored tree of `tree_size` leaves, read from
// `store`: with a TileHashReader this gives proofs and earlier roots to
// anyone holding the tiles, without the log's key. Fails with kCorrupt
// naming a missing or malformed file.
core::Result<RightEdge> LoadRightEdge(const TileStore& store, std::uint64_t tree_size);

// Re-hashes a whole stored log against `checkpoint`: every entry bundle's
// leaf hashes against the level-0 tiles, every full tile against its hash
// one level up, and the right edge against the root. Fails with kCorrupt
// naming the first file and index that disagree. `progress`, if given, is
// called with the number of entries checked so far.
core::Status VerifyStoredLog(const TileStore& store, const Checkpoint& checkpoint,
                             const std::function<void(std::uint64_t)>& progress = nullptr);

}  // namespace accord::ledger
