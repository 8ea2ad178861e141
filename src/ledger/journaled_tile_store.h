// A TileStore over a directory that makes each WriteAll durable with ONE
// sync: the writes are appended as one checksummed record to a journal
// (<root>/private/journal) and fdatasync'd, then written to their files
// without syncing. The files reach the disk in the background; every
// `kJournalFlushBytes` the whole file system is synced once (syncfs) and the
// journal emptied. After a crash, Recover() replays the journal's complete
// records, so every WriteAll that returned is on disk again before anything
// is read or written.
//
// Why: the plain DirectoryTileStore syncs every file and directory it
// touches, two new files per 256 entries plus partial tiles, about 44 syncs
// for a batch of 4096 entries; on this project's machines that capped
// durable appends near 20k entries/s (docs/performance.md).
//
// Readers of the directory that are not the writer (a static file server,
// `accord verify log`) see the files as written; after a crash they may see
// a checkpoint whose tiles are missing until the writer has run Recover().
//
// Thread-safety: one writer; Read may run concurrently with WriteAll.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>

#include "ledger/tile_store.h"

namespace accord::ledger {

inline constexpr std::uint64_t kJournalFlushBytes = 32u << 20;

class JournaledTileStore final : public TileStore {
 public:
  // Opens (creating if needed) the journal under `root`/private and replays
  // it: every complete record is written to its files, the file system is
  // synced, and the journal emptied. A torn last record (a crash during its
  // append, so never acknowledged) is dropped. Fails with kUnavailable on
  // I/O errors and kCorrupt when a record in the middle fails its checksum.
  static core::Result<std::unique_ptr<JournaledTileStore>> Open(std::filesystem::path root);
  ~JournaledTileStore() override;

  core::Result<std::string> Read(std::string_view path) const override;
  core::Status WriteAll(std::span<const TileWrite> writes) override;

  // Number of records replayed by Open (for logs and tests).
  std::uint64_t records_replayed() const { return records_replayed_; }

 private:
  JournaledTileStore(std::filesystem::path root, int journal_fd);
  core::Status Replay();
  core::Status Flush();  // syncfs, then empty the journal

  DirectoryTileStore files_;
  std::filesystem::path root_;
  int journal_fd_ = -1;
  std::uint64_t journal_bytes_ = 0;
  std::uint64_t records_replayed_ = 0;
  std::mutex mutex_;  // serialises WriteAll
};

}  // namespace accord::ledger
