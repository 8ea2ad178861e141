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
  // kConflict if the store already has a checkpoint.
  static core::Status Create(TileStore& store, const NoteSigner& signer);

  // Opens the log in `store`, signed by `signer` (its name is the origin).
  // Fails with kNotFound when there is no checkpoint, kCorrupt naming the
  // file and index when the stored data does not match the signed
  // checkpoint, or when the checkpoint is not signed by `signer`.
  static core::Result<std::unique_ptr<Log>> Open(TileStore& store, NoteSigner signer,
                                                 const OpenOptions& options = {});

  // Appends `entries` in order, durably, and signs a checkpoint covering
  // them. Fails with kInvalidArgument, before anything is written, when an
  // entry is longer than kMaxEntryBytes; with the store's error if a write
  // fails, in which case nothing was acknowledged and the log's state is
  // unchanged (a later batch rewrites the same positions).
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
  core::Status Load(const OpenOptions& options);

  TileStore& store_;
  NoteSigner signer_;
  TileHashReader reader_;

  mutable std::mutex mutex_;  // guards the published state below
  std::shared_ptr<const RightEdge> edge_;
  std::string edge_bundle_;      // bytes of the partial entry bundle
  std::uint64_t edge_bundle_count_ = 0;
  Checkpoint checkpoint_;
  std::string signed_checkpoint_;
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
