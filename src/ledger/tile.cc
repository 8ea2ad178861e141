#include "ledger/tile.h"

#include <cassert>
#include <charconv>
#include <cstring>

namespace accord::ledger {

std::string FormatTileIndex(std::uint64_t index) {
  // Three-digit groups, most significant first; all but the last get "x".
  std::vector<unsigned> groups;
  do {
    groups.push_back(static_cast<unsigned>(index % 1000));
    index /= 1000;
  } while (index > 0);
  std::string out;
  for (std::size_t i = groups.size(); i-- > 0;) {
    char digits[4];
    digits[0] = static_cast<char>('0' + groups[i] / 100);
    digits[1] = static_cast<char>('0' + groups[i] / 10 % 10);
    digits[2] = static_cast<char>('0' + groups[i] % 10);
    digits[3] = '\0';
    if (i > 0) out += 'x';
    out += digits;
    if (i > 0) out += '/';
  }
  return out;
}

std::string TileRef::Path() const {
  std::string path = entries ? "tile/entries/" : "tile/" + std::to_string(level) + "/";
  path += FormatTileIndex(index);
  if (width < kTileWidth) path += ".p/" + std::to_string(width);
  return path;
}

namespace {

core::Error BadPath(std::string_view path, std::string_view reason) {
  return core::InvalidArgument("tile path \"" + std::string(path.substr(0, 128)) + "\": " +
                               std::string(reason));
}

bool ParseDigits(std::string_view text, std::uint64_t& value) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

core::Result<TileRef> ParseTilePath(std::string_view path) {
  TileRef ref;
  std::string_view rest = path;
  if (rest.substr(0, 5) != "tile/") return BadPath(path, "does not start with \"tile/\"");
  rest.remove_prefix(5);
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return BadPath(path, "missing the tile index");
  std::string_view level_text = rest.substr(0, slash);
  rest.remove_prefix(slash + 1);
  if (level_text == "entries") {
    ref.entries = true;
  } else {
    std::uint64_t level = 0;
    if (!ParseDigits(level_text, level) || level > 63 ||
        (level_text.size() > 1 && level_text[0] == '0'))
      return BadPath(path, "level must be a number from 0 to 63 without leading zeros");
    ref.level = static_cast<std::uint8_t>(level);
  }
  // Width suffix.
  std::size_t partial = rest.find(".p/");
  std::string_view index_text = rest.substr(0, partial);
  if (partial != std::string_view::npos) {
    std::string_view width_text = rest.substr(partial + 3);
    std::uint64_t width = 0;
    if (!ParseDigits(width_text, width) || width == 0 || width >= kTileWidth ||
        width_text[0] == '0')
      return BadPath(path, "partial width must be a number from 1 to 255 without leading zeros");
    ref.width = static_cast<std::uint16_t>(width);
  }
  // Index groups: "x001/x234/067"; re-formatting must give the same text,
  // so that one tile has exactly one path.
  std::uint64_t index = 0;
  std::size_t start = 0;
  while (true) {
    std::size_t end = index_text.find('/', start);
    std::string_view group = index_text.substr(start, end == std::string_view::npos
                                                          ? std::string_view::npos
                                                          : end - start);
    bool last = end == std::string_view::npos;
    if (!last) {
      if (group.size() != 4 || group[0] != 'x') return BadPath(path, "bad index group");
      group.remove_prefix(1);
    }
    std::uint64_t value = 0;
    if (group.size() != 3 || !ParseDigits(group, value)) return BadPath(path, "bad index group");
    if (index > (UINT64_MAX - value) / 1000) return BadPath(path, "index out of range");
    index = index * 1000 + value;
    if (last) break;
    start = end + 1;
  }
  ref.index = index;
  if (FormatTileIndex(index) != index_text) return BadPath(path, "index is not in canonical form");
  return ref;
}

std::uint64_t HashesAtTileLevel(std::uint8_t level, std::uint64_t tree_size) {
  unsigned shift = kTileHeight * level;
  return shift >= 64 ? 0 : tree_size >> shift;
}

TileRef TileFor(bool entries, std::uint8_t level, std::uint64_t index_at_level,
                std::uint64_t tree_size) {
  std::uint64_t count = entries ? tree_size : HashesAtTileLevel(level, tree_size);
  assert(index_at_level < count);
  TileRef ref;
  ref.entries = entries;
  ref.level = entries ? 0 : level;
  ref.index = index_at_level / kTileWidth;
  std::uint64_t remaining = count - ref.index * kTileWidth;
  ref.width = static_cast<std::uint16_t>(remaining >= kTileWidth ? kTileWidth : remaining);
  return ref;
}

void AppendToEntryBundle(std::string_view entry, std::string& bundle) {
  assert(entry.size() <= kMaxEntryBytes);
  bundle += static_cast<char>((entry.size() >> 8) & 0xff);
  bundle += static_cast<char>(entry.size() & 0xff);
  bundle.append(entry);
}

core::Result<std::vector<std::string_view>> ParseEntryBundle(std::string_view bundle,
                                                             std::size_t expected_count,
                                                             std::string_view path) {
  std::vector<std::string_view> entries;
  entries.reserve(expected_count);
  std::size_t offset = 0;
  while (offset < bundle.size()) {
    if (entries.size() == expected_count)
      return core::Corrupt(std::string(path) + ": " + std::to_string(bundle.size() - offset) +
                           " bytes after the expected " + std::to_string(expected_count) +
                           " entries, at byte " + std::to_string(offset));
    if (bundle.size() - offset < 2)
      return core::Corrupt(std::string(path) + ": entry " + std::to_string(entries.size()) +
                           " of the bundle is truncated at byte " + std::to_string(offset) +
                           " (no room for its length)");
    std::size_t length = (static_cast<unsigned char>(bundle[offset]) << 8) |
                         static_cast<unsigned char>(bundle[offset + 1]);
    if (bundle.size() - offset - 2 < length)
      return core::Corrupt(std::string(path) + ": entry " + std::to_string(entries.size()) +
                           " of the bundle (at byte " + std::to_string(offset) + ") declares " +
                           std::to_string(length) + " bytes but only " +
                           std::to_string(bundle.size() - offset - 2) + " remain");
    entries.push_back(bundle.substr(offset + 2, length));
    offset += 2 + length;
  }
  if (entries.size() != expected_count)
    return core::Corrupt(std::string(path) + ": holds " + std::to_string(entries.size()) +
                         " entries, expected " + std::to_string(expected_count));
  return entries;
}

core::Result<std::vector<Hash>> ParseHashTile(std::string_view data, std::size_t expected_count,
                                              std::string_view path) {
  if (data.size() != expected_count * sizeof(Hash))
    return core::Corrupt(std::string(path) + ": " + std::to_string(data.size()) +
                         " bytes, expected " + std::to_string(expected_count) + " hashes (" +
                         std::to_string(expected_count * sizeof(Hash)) + " bytes)");
  std::vector<Hash> hashes(expected_count);
  if (expected_count > 0) std::memcpy(hashes.data(), data.data(), data.size());
  return hashes;
}

std::string EncodeHashTile(std::span<const Hash> hashes) {
  std::string data(hashes.size() * sizeof(Hash), '\0');
  if (!hashes.empty()) std::memcpy(data.data(), hashes.data(), data.size());
  return data;
}

}  // namespace accord::ledger
