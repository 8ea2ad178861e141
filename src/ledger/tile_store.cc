#include "ledger/tile_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <system_error>

#include "core/file_io.h"

namespace accord::ledger {
namespace {

// Paths come from the ledger itself, but the store is the last line of
// defence against a path that would leave the root.
core::Status CheckRelative(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.find("..") != std::string_view::npos ||
      path.find('\0') != std::string_view::npos)
    return core::Internal("tile store: refusing path \"" + std::string(path) + "\"");
  return core::Ok();
}

core::Status WriteAndSync(const std::filesystem::path& temporary, std::string_view data) {
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return core::Unavailable("create " + temporary.string() + ": " + std::strerror(errno));
  std::size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      int saved = errno;
      ::close(fd);
      return core::Unavailable("write " + temporary.string() + ": " + std::strerror(saved));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd) != 0) {
    int saved = errno;
    ::close(fd);
    return core::Unavailable("fsync " + temporary.string() + ": " + std::strerror(saved));
  }
  ::close(fd);
  return core::Ok();
}

}  // namespace

core::Result<std::string> DirectoryTileStore::Read(std::string_view path) const {
  if (auto valid = CheckRelative(path); !valid) return valid.error();
  return core::ReadFile(root_ / std::string(path), 64u << 20);
}

core::Status DirectoryTileStore::WriteAll(std::span<const TileWrite> writes) {
  // Each file: write a temporary beside it, fdatasync, rename into place;
  // then fsync every directory that gained a name, so the renames are
  // durable too. Readers see the old file or the new one, never a part.
  std::set<std::filesystem::path> directories;
  for (const auto& write : writes) {
    if (auto valid = CheckRelative(write.path); !valid) return valid;
    std::filesystem::path target = root_ / write.path;
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec)
      return core::Unavailable("create directory " + target.parent_path().string() + ": " +
                               ec.message());
    std::filesystem::path temporary = target;
    temporary += ".tmp";
    if (auto written = WriteAndSync(temporary, write.data); !written) return written;
    if (::rename(temporary.c_str(), target.c_str()) != 0)
      return core::Unavailable("rename " + temporary.string() + ": " + std::strerror(errno));
    // New directories must be synced up to the root, or a crash can lose
    // the directory entry that holds the file.
    for (auto dir = target.parent_path(); ; dir = dir.parent_path()) {
      directories.insert(dir);
      if (dir == root_ || dir.parent_path() == dir || !dir.has_relative_path()) break;
      if (dir.string().size() <= root_.string().size()) break;
    }
  }
  for (const auto& dir : directories)
    if (auto synced = core::SyncDirectory(dir); !synced) return synced;
  return core::Ok();
}

core::Result<std::string> MemoryTileStore::Read(std::string_view path) const {
  std::lock_guard lock(mutex_);
  auto found = files_.find(path);
  if (found == files_.end()) return core::NotFound(std::string(path) + ": no such file");
  return found->second;
}

core::Status MemoryTileStore::WriteAll(std::span<const TileWrite> writes) {
  std::lock_guard lock(mutex_);
  for (const auto& write : writes) files_[write.path] = write.data;
  return core::Ok();
}

std::size_t MemoryTileStore::file_count() const {
  std::lock_guard lock(mutex_);
  return files_.size();
}

void MemoryTileStore::Overwrite(const std::string& path, std::string data) {
  std::lock_guard lock(mutex_);
  files_[path] = std::move(data);
}

}  // namespace accord::ledger
