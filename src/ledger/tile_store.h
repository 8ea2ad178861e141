// Where the log's tiles, entry bundles and checkpoint live, addressed by
// their C2SP tlog-tiles path ("tile/0/x001/234", "checkpoint"). The ledger
// owns this contract; DirectoryTileStore writes files (what a static file
// server or CDN serves), MemoryTileStore serves tests and benchmarks.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace accord::ledger {

struct TileWrite {
  std::string path;
  std::string data;
};

class TileStore {
 public:
  virtual ~TileStore() = default;

  // The file's bytes; kNotFound if it does not exist, kUnavailable on I/O
  // errors. Safe to call concurrently with WriteAll.
  virtual core::Result<std::string> Read(std::string_view path) const = 0;

  // Writes every file so that each is whole or absent after a crash, and
  // all are durable when this returns: a checkpoint is signed right after,
  // and it must never promise what the disk could lose.
  virtual core::Status WriteAll(std::span<const TileWrite> writes) = 0;
};

// Files under a root directory, with one fsync per file and per directory
// touched in a batch. Creates the root and the folders below it as needed.
// Paths are relative to the root: an empty or absolute path, or one holding
// ".." or a NUL byte, is refused with kInternal (the ledger makes its own
// paths; the server checks requested ones with ParseTilePath first).
class DirectoryTileStore final : public TileStore {
 public:
  explicit DirectoryTileStore(std::filesystem::path root) : root_(std::move(root)) {}
  core::Result<std::string> Read(std::string_view path) const override;
  core::Status WriteAll(std::span<const TileWrite> writes) override;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// In memory; for tests and benchmarks. Thread-safe.
class MemoryTileStore final : public TileStore {
 public:
  core::Result<std::string> Read(std::string_view path) const override;
  core::Status WriteAll(std::span<const TileWrite> writes) override;
  std::size_t file_count() const;
  // For tests: replaces a file's bytes as a disk fault or an attacker would.
  void Overwrite(const std::string& path, std::string data);

 private:
  mutable std::mutex mutex_;  // guards files_
  std::map<std::string, std::string, std::less<>> files_;
};

}  // namespace accord::ledger
