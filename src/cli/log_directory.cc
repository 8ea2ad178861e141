#include "cli/log_directory.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <system_error>

#include "core/file_io.h"
#include "core/key_file.h"
#include "ledger/journaled_tile_store.h"

namespace accord::cli {

core::Result<std::string> CreateLogDirectory(const std::filesystem::path& dir,
                                             const std::string& origin,
                                             const core::Ed25519PrivateKey& key,
                                             bool write_key_file) {
  std::error_code ec;
  if (std::filesystem::exists(dir / "checkpoint", ec) ||
      std::filesystem::exists(dir / "private" / "checkpoint", ec))
    return core::Conflict(dir.string() + " already holds a log (it has a checkpoint)");
  std::filesystem::create_directories(dir / "private", ec);
  if (ec) return core::Unavailable("create " + (dir / "private").string() + ": " + ec.message());
  ::chmod((dir / "private").c_str(), 0700);

  auto seed = key.seed();
  auto copy = core::Ed25519PrivateKey::FromSeed(seed);
  if (!copy) return copy.error();
  auto signer = ledger::NoteSigner::Create(origin, ledger::SignatureType::kEd25519,
                                           std::move(*copy));
  if (!signer) return signer.error().Context("log origin");
  if (write_key_file)
    if (auto written = core::WritePrivateKeyFile(LogKeyPath(dir), key); !written)
      return written.error();
  ledger::DirectoryTileStore store(dir);
  if (auto created = ledger::Log::Create(store, *signer); !created) return created.error();
  std::string vkey = signer->VerifierKey();
  if (auto written = core::WriteFileAtomically(LogVkeyPath(dir), vkey + "\n"); !written)
    return written.error();
  return vkey;
}

core::Result<ledger::NoteVerifier> ReadVerifierKey(const std::string& text_or_path) {
  std::string text = text_or_path;
  std::error_code ec;
  if (std::filesystem::is_regular_file(text_or_path, ec)) {
    auto read = core::ReadFile(text_or_path, 4096);
    if (!read) return read.error();
    text = *read;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto verifier = ledger::NoteVerifier::Parse(text);
  if (!verifier) return verifier.error().Context("verifier key");
  return verifier;
}

core::Result<LogLock> LogLock::Acquire(const std::filesystem::path& dir) {
  std::filesystem::path path = dir / "private" / "lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return core::Unavailable("open " + path.string() + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int saved = errno;
    ::close(fd);
    if (saved == EWOULDBLOCK)
      return core::Unavailable("log " + dir.string() +
                               " is open for writing by another process (a running node or "
                               "accord log append); stop it first");
    return core::Unavailable("lock " + path.string() + ": " + std::strerror(saved));
  }
  return LogLock(fd);
}

LogLock& LogLock::operator=(LogLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

LogLock::~LogLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

core::Result<OpenedLog> OpenLogDirectory(const std::filesystem::path& dir,
                                         const std::filesystem::path& key_path,
                                         const ledger::OpenOptions& options) {
  auto vkey_text = core::ReadFile(LogVkeyPath(dir), 4096);
  if (!vkey_text) {
    if (vkey_text.error().code == core::ErrorCode::kNotFound)
      return core::NotFound("no log in " + dir.string() + " (" + LogVkeyPath(dir).string() +
                            " is missing); create one with: accord log init " + dir.string());
    return vkey_text.error();
  }
  auto verifier = ReadVerifierKey(LogVkeyPath(dir).string());
  if (!verifier) return verifier.error().Context(LogVkeyPath(dir).string());
  auto key = core::ReadPrivateKeyFile(key_path.empty() ? LogKeyPath(dir) : key_path);
  if (!key) return key.error();
  if (key->public_key().bytes != verifier->public_key().bytes)
    return core::InvalidArgument(LogVkeyPath(dir).string() + ": the verifier key is not the " +
                                 "public half of the signing key");
  auto signer = ledger::NoteSigner::Create(verifier->name(), ledger::SignatureType::kEd25519,
                                           std::move(*key));
  if (!signer) return signer.error();
  OpenedLog opened;
  auto lock = LogLock::Acquire(dir);
  if (!lock) return lock.error();
  opened.lock.emplace(std::move(*lock));
  // The journal is replayed before the log is read: after a crash, every
  // write that was acknowledged is on disk again first.
  auto store = ledger::JournaledTileStore::Open(dir);
  if (!store) return store.error().Context("open log " + dir.string());
  opened.store = std::move(*store);
  auto log = ledger::Log::Open(*opened.store, std::move(*signer), options);
  if (!log) return log.error().Context("open log " + dir.string());
  opened.log = std::move(*log);
  return opened;
}

}  // namespace accord::cli
