// The log's public HTTP face (docs/ledger-format.md, "Serving"):
//
//   GET /log/checkpoint                 the latest signed checkpoint
//   GET /log/vkey                       the log's verifier key string
//   GET /log/tile/...                   hash tiles and entry bundles (C2SP tlog-tiles)
//   GET /v1/log/proofs/inclusion        ?index=I or ?leaf_hash=B64, [&tree_size=N]
//   GET /v1/log/proofs/consistency      ?old_size=M[&tree_size=N]
//
// Tiles and checkpoint are served as the static files they are, so that a
// mirror or CDN can take over; full tiles never change and are cached for a
// year, the checkpoint is revalidated on every use.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>
#include <unordered_map>

#include "core/result.h"
#include "ledger/log.h"
#include "ledger/tile_store.h"
#include "server/router.h"

namespace accord::server {

// Entry index by leaf hash, for proofs by hash. Built from the level-0 hash
// tiles, then kept current by the registry's sequencer; about 50 bytes per
// entry. Thread-safe: Find runs concurrently with Add.
class LeafIndex {
 public:
  // Reads every level-0 tile of the log's current size.
  static core::Result<std::unique_ptr<LeafIndex>> Build(const ledger::TileStore& store,
                                                        const ledger::Log& log);
  // The first index whose leaf hash is `hash`, if any.
  std::optional<std::uint64_t> Find(const ledger::Hash& hash) const;
  // Indexes `entries`, appended at first_index, first_index + 1, ...
  void Add(std::uint64_t first_index, const std::vector<std::string>& entries);

 private:
  struct HashOfHash {
    std::size_t operator()(const ledger::Hash& hash) const;
  };
  mutable std::shared_mutex mutex_;  // guards index_
  std::unordered_map<ledger::Hash, std::uint64_t, HashOfHash> index_;
};

// Registers the routes above. `log`, `store` and `leaves` must outlive the
// router; `vkey` is the log's verifier key string.
core::Status AddLogRoutes(Router& router, const ledger::Log& log, const ledger::TileStore& store,
                          const LeafIndex& leaves, std::string vkey);

}  // namespace accord::server
