// Paths and byte layouts of C2SP tlog-tiles (c2sp.org/tlog-tiles): how the
// log's Merkle tree and entries are cut into static files that any file
// server or CDN can serve. See docs/ledger-format.md.
//
//   tile/<L>/<N>[.p/<W>]        hash tile: W (<= 256) hashes of tree level 8L
//   tile/entries/<N>[.p/<W>]    entry bundle: W entries, each uint16 length-prefixed
//   checkpoint                  the signed tree head (ledger/checkpoint.h)
//
// <N> is written in groups of three digits, every group but the last with an
// "x" prefix: 1234067 -> x001/x234/067.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ledger/hash.h"

namespace accord::ledger {

inline constexpr std::uint64_t kTileWidth = 256;   // hashes or entries in a full tile
inline constexpr unsigned kTileHeight = 8;         // tree levels a tile spans
inline constexpr std::size_t kMaxEntryBytes = 65535;  // a uint16 length prefix

// "x001/x234/067" for 1234067, "000" for 0.
std::string FormatTileIndex(std::uint64_t index);

// A tile or entry bundle file. `width` is 256 for a full tile, 1..255 for a
// partial one (written with the ".p/<W>" suffix).
struct TileRef {
  bool entries = false;     // an entry bundle instead of a hash tile
  std::uint8_t level = 0;   // hash tiles only: holds hashes of tree level 8*level
  std::uint64_t index = 0;  // N
  std::uint16_t width = kTileWidth;

  std::string Path() const;
  friend bool operator==(const TileRef&, const TileRef&) = default;
};

// Parses a path made by TileRef::Path(). Fails with kInvalidArgument naming
// the path and the reason for anything else (non-canonical index groups,
// width 0 or 256 in a ".p/" suffix, level over 63, ...), so the server can
// refuse requests that are not tiles without touching the disk.
core::Result<TileRef> ParseTilePath(std::string_view path);

// The tile of `level` (or the entry bundle, with `entries`) holding position
// `index_at_level` in a tree of `tree_size` leaves, with the width it has at
// that size. REQUIRES: the position exists at that size.
TileRef TileFor(bool entries, std::uint8_t level, std::uint64_t index_at_level,
                std::uint64_t tree_size);

// Number of hashes at tree level 8*level in a tree of `tree_size` leaves.
std::uint64_t HashesAtTileLevel(std::uint8_t level, std::uint64_t tree_size);

// Entry bundles: each entry as a big-endian uint16 length and its bytes.
// REQUIRES: every entry is at most kMaxEntryBytes (checked on append).
void AppendToEntryBundle(std::string_view entry, std::string& bundle);

// Splits a bundle into exactly `expected_count` entries. Fails with
// kCorrupt naming `path`, the entry's number within the bundle and the byte
// offset when the bundle is truncated, has trailing bytes or holds a
// different count.
core::Result<std::vector<std::string_view>> ParseEntryBundle(std::string_view bundle,
                                                             std::size_t expected_count,
                                                             std::string_view path);

// Hash tiles: concatenated 32-byte hashes. Fails with kCorrupt naming `path`
// when the size is not exactly `expected_count` * 32.
core::Result<std::vector<Hash>> ParseHashTile(std::string_view data, std::size_t expected_count,
                                              std::string_view path);
std::string EncodeHashTile(std::span<const Hash> hashes);

}  // namespace accord::ledger
