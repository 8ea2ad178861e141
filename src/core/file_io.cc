#include "core/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace accord::core {
namespace {

std::string Describe(const std::filesystem::path& path, int error_number) {
  return path.string() + ": " + std::strerror(error_number);
}

Error IoError(std::string_view what, const std::filesystem::path& path, int error_number) {
  std::string message(what);
  message.append(" ").append(Describe(path, error_number));
  if (error_number == ENOENT) return NotFound(std::move(message));
  if (error_number == EEXIST) return Conflict(std::move(message));
  if (error_number == EACCES || error_number == EPERM)
    return PermissionDenied(std::move(message));
  return Unavailable(std::move(message));
}

// Writes all of `contents` to `fd`, retrying on short writes and EINTR.
Status WriteAll(int fd, std::string_view contents, const std::filesystem::path& path) {
  while (!contents.empty()) {
    ssize_t written = ::write(fd, contents.data(), contents.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return IoError("write", path, errno);
    }
    contents.remove_prefix(static_cast<std::size_t>(written));
  }
  return Ok();
}

// Writes a new file at `path` with O_EXCL, fsyncs it and closes it. On any
// failure the partial file is removed.
Status WriteNewFile(const std::filesystem::path& path, std::string_view contents,
                    FileMode mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                  static_cast<mode_t>(mode));
  if (fd < 0) return IoError("create", path, errno);
  Status status = WriteAll(fd, contents, path);
  if (status && ::fsync(fd) != 0) status = IoError("fsync", path, errno);
  if (::close(fd) != 0 && status) status = IoError("close", path, errno);
  if (!status) ::unlink(path.c_str());
  return status;
}

// A temporary name beside `path`, unique to this call: the pid keeps
// processes apart, the counter keeps the threads of one process apart (they
// share the pid, and a shared name let one writer unlink or rename another's
// half-written file).
std::filesystem::path TemporaryPathFor(const std::filesystem::path& path) {
  static std::atomic<std::uint64_t> counter{0};
  std::filesystem::path temporary = path;
  temporary += ".tmp-" + std::to_string(::getpid()) + "-" +
               std::to_string(counter.fetch_add(1, std::memory_order_relaxed));
  return temporary;
}

std::filesystem::path ParentOf(const std::filesystem::path& path) {
  auto parent = path.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

}  // namespace

Result<std::string> ReadFile(const std::filesystem::path& path, std::uint64_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("open", path, errno);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    int saved = errno;
    ::close(fd);
    return IoError("stat", path, saved);
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    return InvalidArgument("read " + path.string() + ": is a directory, expected a file");
  }
  if (static_cast<std::uint64_t>(info.st_size) > max_bytes) {
    ::close(fd);
    return ResourceExhausted("read " + path.string() + ": file is " +
                             std::to_string(info.st_size) + " bytes, limit is " +
                             std::to_string(max_bytes));
  }
  std::string contents;
  char buffer[65536];
  while (true) {
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      int saved = errno;
      ::close(fd);
      return IoError("read", path, saved);
    }
    if (got == 0) break;
    contents.append(buffer, static_cast<std::size_t>(got));
    // The file may grow while we read it: the bound holds regardless.
    if (contents.size() > max_bytes) {
      ::close(fd);
      return ResourceExhausted("read " + path.string() + ": file exceeds the limit of " +
                               std::to_string(max_bytes) + " bytes");
    }
  }
  ::close(fd);
  return contents;
}

Status SyncDirectory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("open directory", dir, errno);
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  if (rc != 0) return IoError("fsync directory", dir, saved);
  return Ok();
}

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view contents,
                           FileMode mode) {
  // The temporary name is unique per call so that two writers of the same
  // file never share a temporary; the last rename wins, whole.
  std::filesystem::path temporary = TemporaryPathFor(path);
  ::unlink(temporary.c_str());  // a leftover from a crash of a process with our pid
  if (auto written = WriteNewFile(temporary, contents, mode); !written) return written;
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    int saved = errno;
    ::unlink(temporary.c_str());
    return IoError("rename to", path, saved);
  }
  return SyncDirectory(ParentOf(path));
}

Status CreateFileExclusively(const std::filesystem::path& path, std::string_view contents,
                             FileMode mode) {
  // Write the content under a temporary name, then link() it into place:
  // link fails with EEXIST instead of replacing, and readers never see a
  // partly written key.
  std::filesystem::path temporary = TemporaryPathFor(path);
  ::unlink(temporary.c_str());
  if (auto written = WriteNewFile(temporary, contents, mode); !written) return written;
  int rc = ::link(temporary.c_str(), path.c_str());
  int saved = errno;
  ::unlink(temporary.c_str());
  if (rc != 0) return IoError("create", path, saved);
  return SyncDirectory(ParentOf(path));
}

}  // namespace accord::core
