#include "ledger/journaled_tile_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "core/crypto.h"
#include "core/file_io.h"

namespace accord::ledger {
namespace {

// Record: "ACJ1" | uint32 count | uint64 body length | body | SHA-256(body)
// body:   for each write: uint32 path length | path | uint64 data length | data
constexpr char kMagic[4] = {'A', 'C', 'J', '1'};
constexpr std::size_t kHeaderBytes = 4 + 4 + 8;
constexpr std::uint64_t kMaxJournalBytes = std::uint64_t{1} << 31;

void PutU32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}
void PutU64(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}
std::uint64_t GetUint(std::string_view bytes, std::size_t offset, int width) {
  std::uint64_t value = 0;
  for (int i = 0; i < width; ++i)
    value = (value << 8) | static_cast<unsigned char>(bytes[offset + static_cast<std::size_t>(i)]);
  return value;
}

core::Error IoError(std::string_view what, const std::filesystem::path& path) {
  return core::Unavailable(std::string(what) + " " + path.string() + ": " +
                           std::strerror(errno));
}

std::filesystem::path JournalPath(const std::filesystem::path& root) {
  return root / "private" / "journal";
}

core::Status WriteFully(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return IoError("write", path);
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return core::Ok();
}

// Writes a file whole (temporary + rename) without syncing: the journal
// record already made it durable.
core::Status WriteUnsynced(const std::filesystem::path& root, const TileWrite& write) {
  std::filesystem::path target = root / write.path;
  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec) return core::Unavailable("create directory " + target.parent_path().string() + ": " +
                                   ec.message());
  std::filesystem::path temporary = target;
  temporary += ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("create", temporary);
  core::Status status = WriteFully(fd, write.data, temporary);
  ::close(fd);
  if (!status) return status;
  if (::rename(temporary.c_str(), target.c_str()) != 0) return IoError("rename", temporary);
  return core::Ok();
}

}  // namespace

JournaledTileStore::JournaledTileStore(std::filesystem::path root, int journal_fd)
    : files_(root), root_(std::move(root)), journal_fd_(journal_fd) {}

JournaledTileStore::~JournaledTileStore() {
  if (journal_fd_ >= 0) ::close(journal_fd_);
}

core::Result<std::unique_ptr<JournaledTileStore>> JournaledTileStore::Open(
    std::filesystem::path root) {
  std::error_code ec;
  std::filesystem::create_directories(root / "private", ec);
  if (ec) return core::Unavailable("create " + (root / "private").string() + ": " + ec.message());
  std::filesystem::path path = JournalPath(root);
  bool existed = std::filesystem::exists(path, ec);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("open", path);
  std::unique_ptr<JournaledTileStore> store(new JournaledTileStore(root, fd));
  if (!existed)
    if (auto synced = core::SyncDirectory(root / "private"); !synced) return synced.error();
  if (auto replayed = store->Replay(); !replayed) return replayed.error();
  return store;
}

core::Status JournaledTileStore::Replay() {
  std::filesystem::path path = JournalPath(root_);
  auto journal = core::ReadFile(path, kMaxJournalBytes);
  if (!journal) return journal.error();
  std::string_view bytes(*journal);
  std::size_t offset = 0;
  // Only the last version of each file is written, in the order of those
  // last versions: replaying every record in turn would put an older
  // checkpoint back on disk for a moment, and a crash in that moment would
  // roll the log back.
  std::vector<TileWrite> latest;
  std::unordered_map<std::string, std::size_t> position_of;
  while (offset < bytes.size()) {
    // A record that does not fit is the torn tail of a crash during its
    // append: it was never acknowledged, and is dropped.
    if (bytes.size() - offset < kHeaderBytes) break;
    if (std::memcmp(bytes.data() + offset, kMagic, 4) != 0)
      return core::Corrupt(path.string() + ": no record starts at byte " + std::to_string(offset));
    std::uint64_t count = GetUint(bytes, offset + 4, 4);
    std::uint64_t body_length = GetUint(bytes, offset + 8, 8);
    if (body_length > bytes.size() - offset - kHeaderBytes ||
        bytes.size() - offset - kHeaderBytes - body_length < 32)
      break;
    std::string_view body = bytes.substr(offset + kHeaderBytes, body_length);
    std::string_view checksum = bytes.substr(offset + kHeaderBytes + body_length, 32);
    auto digest = core::Sha256(body);
    bool last = offset + kHeaderBytes + body_length + 32 == bytes.size();
    if (std::memcmp(digest.data(), checksum.data(), 32) != 0) {
      if (last) break;  // torn while being written
      return core::Corrupt(path.string() + ": record at byte " + std::to_string(offset) +
                           " fails its checksum");
    }
    std::size_t position = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
      if (body.size() - position < 4) return core::Corrupt(path.string() + ": malformed record");
      std::uint64_t path_length = GetUint(body, position, 4);
      position += 4;
      if (body.size() - position < path_length + 8)
        return core::Corrupt(path.string() + ": malformed record");
      TileWrite write;
      write.path = std::string(body.substr(position, path_length));
      position += path_length;
      std::uint64_t data_length = GetUint(body, position, 8);
      position += 8;
      if (body.size() - position < data_length)
        return core::Corrupt(path.string() + ": malformed record");
      write.data = std::string(body.substr(position, data_length));
      position += data_length;
      if (write.path.empty() || write.path.front() == '/' ||
          write.path.find("..") != std::string::npos)
        return core::Corrupt(path.string() + ": record names the path \"" + write.path + "\"");
      if (auto found = position_of.find(write.path); found != position_of.end())
        latest[found->second].path.clear();  // superseded: skipped below
      position_of[write.path] = latest.size();
      latest.push_back(std::move(write));
    }
    ++records_replayed_;
    offset += kHeaderBytes + body_length + 32;
  }
  for (const auto& write : latest)
    if (!write.path.empty())
      if (auto written = WriteUnsynced(root_, write); !written) return written;
  journal_bytes_ = bytes.size();
  // Make what was replayed durable and start an empty journal (dropping a
  // torn tail with it).
  return Flush();
}

core::Status JournaledTileStore::Flush() {
  if (::syncfs(journal_fd_) != 0) return IoError("syncfs for", root_);
  if (::ftruncate(journal_fd_, 0) != 0) return IoError("truncate", JournalPath(root_));
  if (::fdatasync(journal_fd_) != 0) return IoError("fsync", JournalPath(root_));
  journal_bytes_ = 0;
  return core::Ok();
}

core::Result<std::string> JournaledTileStore::Read(std::string_view path) const {
  return files_.Read(path);
}

core::Status JournaledTileStore::WriteAll(std::span<const TileWrite> writes) {
  std::lock_guard lock(mutex_);
  std::string record(kMagic, 4);
  std::string body;
  for (const auto& write : writes) {
    if (write.path.empty() || write.path.front() == '/' ||
        write.path.find("..") != std::string::npos)
      return core::Internal("tile store: refusing path \"" + write.path + "\"");
    PutU32(body, static_cast<std::uint32_t>(write.path.size()));
    body += write.path;
    PutU64(body, write.data.size());
    body += write.data;
  }
  PutU32(record, static_cast<std::uint32_t>(writes.size()));
  PutU64(record, body.size());
  record += body;
  auto digest = core::Sha256(body);
  record.append(reinterpret_cast<const char*>(digest.data()), digest.size());

  // The one sync of this write: once the record is on disk, the writes are
  // durable whatever happens to the files below.
  std::filesystem::path path = JournalPath(root_);
  if (auto written = WriteFully(journal_fd_, record, path); !written) {
    // Drop a partial record so the journal stays a sequence of whole ones.
    if (::ftruncate(journal_fd_, static_cast<off_t>(journal_bytes_)) != 0) {}
    return written;
  }
  if (::fdatasync(journal_fd_) != 0) return IoError("fsync", path);
  journal_bytes_ += record.size();
  for (const auto& write : writes)
    if (auto written = WriteUnsynced(root_, write); !written) return written;
  if (journal_bytes_ >= kJournalFlushBytes) return Flush();
  return core::Ok();
}

}  // namespace accord::ledger
