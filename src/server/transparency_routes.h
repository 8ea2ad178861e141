// The node's published transparency reports (issue 9, docs/transparency.md):
//
//   GET /v1/transparency/reports          {"origin","tree_size","years":[...]}
//   GET /v1/transparency/reports/{year}   ?format=json|csv|html [&state=CC]
//
// Each report is computed from the node's own public log at its latest
// checkpoint, with the same code (transparency::ReplayStoredEntries,
// Compute, Encode*) that `accord transparency report` and `accord audit`
// run on a copy of the tiles, so a watchdog can recompute it and compare it
// byte for byte. The header `Accord-Tree-Size` names the checkpoint size the
// report stands for (the report cites it too, with the root hash).
//
// The replayed ledger is kept and brought forward as the log grows, so a
// request costs the new entries plus the report's own computation; the
// encoded reports of the current size are cached.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/result.h"
#include "ledger/log.h"
#include "ledger/tile_store.h"
#include "server/router.h"
#include "transparency/public_ledger.h"

namespace accord::server {

// A published report: its bytes, their media type and the size it cites.
struct PublishedReport {
  std::string body;
  std::string content_type;
  std::uint64_t tree_size = 0;
};

// Thread-safe: requests are served one at a time under a mutex (a report
// is a few milliseconds; the replay of new entries is shared by all).
class TransparencyPublisher {
 public:
  // `log` and `store` must outlive the publisher.
  TransparencyPublisher(const ledger::Log& log, const ledger::TileStore& store)
      : log_(log), store_(store) {}

  // The report of `year` at the log's current checkpoint; `format` is
  // "json", "csv" or "html". Fails with kInvalidArgument for a bad year,
  // state or format (from transparency::Compute), or kCorrupt when the
  // node's own log does not replay (a bug worth a 500, never hidden).
  core::Result<PublishedReport> Report(int year, const std::optional<std::string>& state,
                                       const std::string& format);

  // {"origin","tree_size","years"} at the current checkpoint.
  core::Result<std::string> Index();

 private:
  // Replays up to the current checkpoint; returns it.
  core::Result<ledger::Checkpoint> CatchUp();

  const ledger::Log& log_;
  const ledger::TileStore& store_;
  std::mutex mutex_;  // guards everything below
  transparency::PublicLedger ledger_;
  std::uint64_t cached_size_ = 0;
  std::map<std::string, PublishedReport> cache_;  // "year/state/format" at cached_size_
};

// Registers the two routes; `publisher` must outlive the router.
core::Status AddTransparencyRoutes(Router& router, TransparencyPublisher& publisher);

}  // namespace accord::server
