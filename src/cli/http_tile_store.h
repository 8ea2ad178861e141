// A node's log tiles over HTTP (GET <node>/log/<path>, C2SP tlog-tiles), as
// a read-only ledger::TileStore: with it `accord verify-panel` and `accord
// audit` run the same verification code (ledger::VerifyStoredLog,
// TileHashReader, transparency::ReplayStoredEntries) on a node they do not
// trust as `accord verify log` runs on a directory.
//
// A node that is not trusted could serve one set of bytes while they are
// verified and another when they are read again (to replay the entries or
// recompute an older root). So the store remembers the SHA-256 of every
// file it served and refuses, kCorrupt, a later read of the same path that
// differs: whatever a caller reads twice is what it verified.
//
// Thread-safety: Read may be called from several threads; the HttpClient
// itself serves one call at a time, so calls are serialised.
#pragma once

#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "cli/http_client.h"
#include "core/crypto.h"
#include "core/result.h"
#include "ledger/tile_store.h"

namespace accord::cli {

class HttpTileStore final : public ledger::TileStore {
 public:
  // `client` must outlive the store.
  explicit HttpTileStore(HttpClient& client) : client_(client) {}

  // The bytes of `path` (e.g. "tile/0/000.p/5") from the node. Errors:
  // kNotFound "tile PATH is not on the node" for a 404; the status's error
  // (cli/node_calls.h ErrorForAnswer) for another non-200 answer; the
  // client's (kUnavailable when the node does not answer); kCorrupt when the
  // node served `path` before with other bytes (the message names the path).
  core::Result<std::string> Read(std::string_view path) const override;

  // Always kInternal: the node's tiles are read-only here.
  core::Status WriteAll(std::span<const ledger::TileWrite> writes) override;

  // Files read so far (distinct paths) and their bytes, for progress and
  // the verdict.
  std::uint64_t files_read() const;
  std::uint64_t bytes_read() const;

 private:
  HttpClient& client_;
  mutable std::mutex mutex_;  // guards the client's one connection and seen_
  mutable std::map<std::string, core::Sha256Digest, std::less<>> seen_;
  mutable std::uint64_t bytes_read_ = 0;
};

}  // namespace accord::cli
