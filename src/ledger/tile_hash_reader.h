// A HashReader (ledger/merkle.h) over a log stored as tiles: the hash of a
// complete subtree at tree level 8L+k is computed from 2^k consecutive
// hashes of the level-L tile that holds them. Full tiles are read from the
// TileStore once and kept, with all their interior levels, in a bounded
// cache; the right edge (the partial tiles of the current tree) is given by
// the log from memory.
//
// Thread-safety: ReadHashes may be called from many threads at once.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "ledger/merkle.h"
#include "ledger/tile_store.h"

namespace accord::ledger {

// The partial tile of every level of one tree size: edge[L] holds the
// hashes of tree level 8L that are not yet in a full tile (< 256 each).
struct RightEdge {
  std::uint64_t tree_size = 0;
  std::vector<std::vector<Hash>> levels;
};

// The root of the tree described by `edge` alone: every maximal complete
// subtree of a tree lies in the partial tile of its level (a full tile would
// be a larger complete subtree containing it), so no full tile is needed.
Hash RootFromEdge(const RightEdge& edge);

class TileHashReader final : public HashReader {
 public:
  // `store` must outlive the reader. `max_cached_tiles` bounds memory at
  // about 16 KiB per tile.
  explicit TileHashReader(const TileStore& store, std::size_t max_cached_tiles = 4096);

  // The tree that ReadHashes answers for. Nodes must lie within its size.
  void SetEdge(std::shared_ptr<const RightEdge> edge);

  core::Result<std::vector<Hash>> ReadHashes(std::span<const NodeId> ids) const override;

  // Reads and expands the full tiles of levels 1 and up (at most half the
  // cache), so that the first proofs after opening a log need only their
  // level-0 tile from the store. Fails with the store's error.
  core::Status PrefetchUpperLevels();

 private:
  // All 511 hashes of a full tile: level 0 (256), level 1 (128), ... level 8 (1).
  using ExpandedTile = std::array<Hash, 511>;
  core::Result<std::shared_ptr<const ExpandedTile>> FullTile(std::uint8_t level,
                                                             std::uint64_t index) const;

  // The right edge with every complete node inside its partial tiles
  // hashed once, when the tree is set: proofs at the newest sizes touch
  // these tiles most, and recomputing them per proof cost most of a proof.
  struct EdgeView {
    std::shared_ptr<const RightEdge> edge;
    std::vector<ExpandedTile> expanded;  // per level; only complete nodes are set
  };

  const TileStore& store_;
  std::size_t max_cached_tiles_;
  mutable std::mutex mutex_;  // guards edge_ and cache_
  std::shared_ptr<const EdgeView> edge_;
  mutable std::unordered_map<std::uint64_t, std::shared_ptr<const ExpandedTile>> cache_;
};

}  // namespace accord::ledger
