#include "cli/http_tile_store.h"

#include "cli/node_calls.h"

namespace accord::cli {

core::Result<std::string> HttpTileStore::Read(std::string_view path) const {
  std::lock_guard lock(mutex_);
  auto response = client_.Call("GET", "/log/" + std::string(path));
  if (!response) return response.error();
  if (response->status == 404)
    return core::NotFound("tile " + std::string(path) + " is not on the node");
  if (response->status != 200)
    return ErrorForAnswer(*response, "GET /log/" + std::string(path) + ": ");
  const core::Sha256Digest digest = core::Sha256(response->body);
  if (auto found = seen_.find(path); found != seen_.end()) {
    // Verified bytes must stay the bytes: a second answer that differs is
    // the node showing the auditor two versions of one file.
    if (found->second != digest)
      return core::Corrupt(
          "the node served " + std::string(path) +
          " with other bytes than before (it changes what it shows between reads)");
  } else {
    seen_.emplace(std::string(path), digest);
    bytes_read_ += response->body.size();
  }
  return std::move(response->body);
}

core::Status HttpTileStore::WriteAll(std::span<const ledger::TileWrite>) {
  return core::Internal("the node's tiles are read-only here");
}

std::uint64_t HttpTileStore::files_read() const {
  std::lock_guard lock(mutex_);
  return seen_.size();
}

std::uint64_t HttpTileStore::bytes_read() const {
  std::lock_guard lock(mutex_);
  return bytes_read_;
}

}  // namespace accord::cli
