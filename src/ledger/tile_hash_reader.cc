#include "ledger/tile_hash_reader.h"

#include <algorithm>
#include <cassert>

#include "ledger/tile.h"

namespace accord::ledger {
namespace {

// Offset of interior level k (0..8) inside an ExpandedTile.
constexpr std::size_t LevelOffset(unsigned k) { return 512 - (512 >> k); }

// Cache key: 6 bits of level, 58 of index (indices above 2^58 tiles are
// far beyond any log).
std::uint64_t CacheKey(std::uint8_t level, std::uint64_t index) {
  return (static_cast<std::uint64_t>(level) << 58) | index;
}

}  // namespace

Hash RootFromEdge(const RightEdge& edge) {
  if (edge.tree_size == 0) return EmptyRootHash();
  // A tree of n > 0 leaves has at least one partial hash somewhere; an edge
  // without any does not describe its tree size.
  assert(std::any_of(edge.levels.begin(), edge.levels.end(),
                     [](const auto& hashes) { return !hashes.empty(); }));
  // Walk levels from the top; within a level's partial tile, split its
  // hashes into perfect subtrees, largest first (the binary decomposition
  // of the count). The root folds them from the right.
  std::vector<Hash> subtrees;
  for (std::size_t level = edge.levels.size(); level-- > 0;) {
    const auto& hashes = edge.levels[level];
    std::size_t start = 0;
    for (std::size_t bit = kTileWidth; bit > 0; bit >>= 1) {
      if ((hashes.size() - start) & bit) {
        subtrees.push_back(SubtreeHash(std::span<const Hash>(hashes).subspan(start, bit)));
        start += bit;
      }
    }
  }
  Hash root = subtrees.back();
  for (std::size_t i = subtrees.size() - 1; i-- > 0;) root = NodeHash(subtrees[i], root);
  return root;
}

TileHashReader::TileHashReader(const TileStore& store, std::size_t max_cached_tiles)
    : store_(store), max_cached_tiles_(max_cached_tiles) {}

void TileHashReader::SetEdge(std::shared_ptr<const RightEdge> edge) {
  auto view = std::make_shared<EdgeView>();
  view->expanded.resize(edge->levels.size());
  for (std::size_t level = 0; level < edge->levels.size(); ++level) {
    const auto& hashes = edge->levels[level];
    ExpandedTile& tile = view->expanded[level];
    std::copy(hashes.begin(), hashes.end(), tile.begin());
    for (unsigned k = 1; k <= kTileHeight; ++k) {
      std::size_t below = LevelOffset(k - 1), here = LevelOffset(k);
      for (std::size_t i = 0; i < (hashes.size() >> k); ++i)
        tile[here + i] = NodeHash(tile[below + 2 * i], tile[below + 2 * i + 1]);
    }
  }
  view->edge = std::move(edge);
  std::lock_guard lock(mutex_);
  edge_ = std::move(view);
}

core::Result<std::shared_ptr<const TileHashReader::ExpandedTile>> TileHashReader::FullTile(
    std::uint8_t level, std::uint64_t index) const {
  {
    std::lock_guard lock(mutex_);
    auto found = cache_.find(CacheKey(level, index));
    if (found != cache_.end()) return found->second;
  }
  TileRef ref{false, level, index, static_cast<std::uint16_t>(kTileWidth)};
  std::string path = ref.Path();
  auto data = store_.Read(path);
  if (!data) return data.error();
  auto hashes = ParseHashTile(*data, kTileWidth, path);
  if (!hashes) return hashes.error();
  auto tile = std::make_shared<ExpandedTile>();
  std::copy(hashes->begin(), hashes->end(), tile->begin());
  for (unsigned k = 1; k <= kTileHeight; ++k) {
    std::size_t below = LevelOffset(k - 1), here = LevelOffset(k);
    for (std::size_t i = 0; i < (kTileWidth >> k); ++i)
      (*tile)[here + i] = NodeHash((*tile)[below + 2 * i], (*tile)[below + 2 * i + 1]);
  }
  std::lock_guard lock(mutex_);
  // When full, drop the level-0 tiles first: every proof passes through the
  // few upper tiles, while level-0 tiles are touched by one leaf's proofs.
  if (cache_.size() >= max_cached_tiles_) {
    std::erase_if(cache_, [](const auto& item) { return (item.first >> 58) == 0; });
    if (cache_.size() >= max_cached_tiles_) cache_.clear();
  }
  cache_.emplace(CacheKey(level, index), tile);
  return std::shared_ptr<const ExpandedTile>(tile);
}

core::Status TileHashReader::PrefetchUpperLevels() {
  std::shared_ptr<const EdgeView> view;
  {
    std::lock_guard lock(mutex_);
    view = edge_;
  }
  if (!view) return core::Internal("tile hash reader: no tree set");
  std::size_t budget = max_cached_tiles_ / 2;
  for (std::uint8_t level = 1; HashesAtTileLevel(level, view->edge->tree_size) > 0; ++level) {
    std::uint64_t full = HashesAtTileLevel(level, view->edge->tree_size) / kTileWidth;
    for (std::uint64_t index = 0; index < full && budget > 0; ++index, --budget)
      if (auto tile = FullTile(level, index); !tile) return tile.error();
  }
  return core::Ok();
}

core::Result<std::vector<Hash>> TileHashReader::ReadHashes(std::span<const NodeId> ids) const {
  std::shared_ptr<const EdgeView> view;
  {
    std::lock_guard lock(mutex_);
    view = edge_;
  }
  if (!view) return core::Internal("tile hash reader: no tree set");
  const RightEdge* edge = view->edge.get();
  std::vector<Hash> out;
  out.reserve(ids.size());
  for (const NodeId& id : ids) {
    std::uint8_t tile_level = static_cast<std::uint8_t>(id.level / kTileHeight);
    unsigned k = id.level % kTileHeight;
    // The 2^k hashes of level 8*tile_level under this node.
    if (id.index > (UINT64_MAX >> k))
      return core::InvalidArgument("node index out of range");
    std::uint64_t first = id.index << k;
    std::uint64_t count = std::uint64_t{1} << k;
    std::uint64_t available = HashesAtTileLevel(tile_level, edge->tree_size);
    // Written so that it cannot wrap for indices near 2^64.
    if (first > available || count > available - first)
      return core::NotFound("node at level " + std::to_string(id.level) + " index " +
                            std::to_string(id.index) + " is not complete in a tree of " +
                            std::to_string(edge->tree_size));
    std::uint64_t tile_index = first / kTileWidth;
    std::uint64_t offset = first % kTileWidth;
    if (tile_index == available / kTileWidth) {
      // In the partial tile of the right edge, hashed when it was set.
      // The node is complete (checked above) and aligned: `offset` is a
      // multiple of 2^k.
      out.push_back(view->expanded.at(tile_level)[LevelOffset(k) + (offset >> k)]);
      continue;
    }
    auto tile = FullTile(tile_level, tile_index);
    if (!tile) return tile.error();
    out.push_back((**tile)[LevelOffset(k) + (offset >> k)]);
  }
  return out;
}

}  // namespace accord::ledger
