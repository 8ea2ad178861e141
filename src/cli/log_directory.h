// A bare log directory, as `accord log` and the node use it:
//
//   <dir>/checkpoint            the latest signed checkpoint (public)
//   <dir>/tile/...              hash tiles and entry bundles (public)
//   <dir>/vkey                  the log's verifier key string (public)
//   <dir>/private/log.key       the signing key, PKCS#8 PEM, mode 0600
//   <dir>/private/checkpoint    the private copy of the latest checkpoint
//   <dir>/private/journal       the writer's journal (ledger/journaled_tile_store.h)
//
// Only checkpoint, tile/ and vkey are meant to be published; private/ is
// created with mode 0700 and must never be served.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "ledger/log.h"
#include "ledger/note.h"
#include "ledger/tile_store.h"

namespace accord::cli {

// Holds an exclusive lock on <dir>/private/lock for as long as it lives:
// two writers of one log would sign two different trees of the same size,
// a split view, so a second writer is refused instead.
class LogLock {
 public:
  static core::Result<LogLock> Acquire(const std::filesystem::path& dir);
  LogLock(LogLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  LogLock& operator=(LogLock&& other) noexcept;
  ~LogLock();

 private:
  explicit LogLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

struct OpenedLog {
  std::optional<LogLock> lock;
  std::unique_ptr<ledger::TileStore> store;  // journaled: one sync per write
  std::unique_ptr<ledger::Log> log;
};

inline std::filesystem::path LogKeyPath(const std::filesystem::path& dir) {
  return dir / "private" / "log.key";
}
inline std::filesystem::path LogVkeyPath(const std::filesystem::path& dir) { return dir / "vkey"; }

// Creates a log in `dir` signed by `key` under the name `origin`: the
// private directory, the key file (unless `key_already_stored`), the empty
// checkpoint and vkey. Returns the verifier key string. Fails with
// kConflict if `dir` already holds a log.
core::Result<std::string> CreateLogDirectory(const std::filesystem::path& dir,
                                             const std::string& origin,
                                             const core::Ed25519PrivateKey& key,
                                             bool write_key_file);

// Opens the log in `dir` with the key at `key_path` (default
// <dir>/private/log.key); the origin is the name in <dir>/vkey, which must
// belong to that key.
core::Result<OpenedLog> OpenLogDirectory(const std::filesystem::path& dir,
                                         const std::filesystem::path& key_path = {},
                                         const ledger::OpenOptions& options = {});

// Reads a verifier key given either as the string itself or as a file
// holding it.
core::Result<ledger::NoteVerifier> ReadVerifierKey(const std::string& text_or_path);

}  // namespace accord::cli
