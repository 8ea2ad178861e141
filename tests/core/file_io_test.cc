#include "core/file_io.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>
#include <vector>

namespace accord::core {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "accord-file-io-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }
  fs::path operator/(std::string_view name) const { return path_ / name; }

  // Names in the directory, to check that no temporary file is left over.
  std::set<std::string> Names() const {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(path_))
      names.insert(entry.path().filename().string());
    return names;
  }

 private:
  fs::path path_;
};

void WritePlain(const fs::path& path, std::string_view contents) {
  std::ofstream(path, std::ios::binary) << contents;
}

unsigned ModeOf(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

unsigned CurrentUmask() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

TEST(ReadFileTest, ReturnsTheWholeFileIncludingNulBytes) {
  TempDir dir;
  const std::string contents("line one\n\0binary\xff", 17);
  WritePlain(dir / "f", contents);
  auto read = ReadFile(dir / "f");
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, contents);
}

TEST(ReadFileTest, ReadsAnEmptyFile) {
  TempDir dir;
  WritePlain(dir / "empty", "");
  auto read = ReadFile(dir / "empty");
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, "");
}

TEST(ReadFileTest, ReadsAFileLargerThanOneBuffer) {
  TempDir dir;
  std::string contents(200000, '\0');
  for (std::size_t i = 0; i < contents.size(); ++i) contents[i] = static_cast<char>(i * 7);
  WritePlain(dir / "big", contents);
  auto read = ReadFile(dir / "big");
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, contents);
}

TEST(ReadFileTest, ReportsAMissingFileAsNotFoundNamingThePath) {
  TempDir dir;
  auto read = ReadFile(dir / "absent");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(read.error().message, StartsWith("open " + (dir / "absent").string() + ": "));
}

TEST(ReadFileTest, RefusesADirectory) {
  TempDir dir;
  auto read = ReadFile(dir.path());
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(read.error().message,
            "read " + dir.path().string() + ": is a directory, expected a file");
}

TEST(ReadFileTest, EnforcesTheSizeBound) {
  TempDir dir;
  WritePlain(dir / "f", "0123456789");
  EXPECT_TRUE(ReadFile(dir / "f", 10));
  auto read = ReadFile(dir / "f", 9);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(read.error().message,
            "read " + (dir / "f").string() + ": file is 10 bytes, limit is 9");
}

TEST(ReadFileTest, EnforcesTheBoundOnFilesWithoutASize) {
  // A character device reports size 0 and never ends: the bound must still
  // stop the read.
  auto read = ReadFile("/dev/zero", 1000);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(read.error().message, "read /dev/zero: file exceeds the limit of 1000 bytes");
}

TEST(WriteFileAtomicallyTest, CreatesAFileAndLeavesNoTemporary) {
  TempDir dir;
  ASSERT_TRUE(WriteFileAtomically(dir / "config", "a = 1\n"));
  EXPECT_EQ(*ReadFile(dir / "config"), "a = 1\n");
  EXPECT_EQ(dir.Names(), (std::set<std::string>{"config"}));
}

TEST(WriteFileAtomicallyTest, ReplacesAnExistingFile) {
  TempDir dir;
  WritePlain(dir / "config", "old contents that are longer\n");
  ASSERT_TRUE(WriteFileAtomically(dir / "config", "new\n"));
  EXPECT_EQ(*ReadFile(dir / "config"), "new\n");
  EXPECT_EQ(dir.Names(), (std::set<std::string>{"config"}));
}

TEST(WriteFileAtomicallyTest, AppliesTheRequestedMode) {
  TempDir dir;
  ASSERT_TRUE(WriteFileAtomically(dir / "public", "x", FileMode::kPublic));
  EXPECT_EQ(ModeOf(dir / "public"), 0644u & ~CurrentUmask());
  ASSERT_TRUE(WriteFileAtomically(dir / "private", "x", FileMode::kPrivate));
  EXPECT_EQ(ModeOf(dir / "private"), 0600u & ~CurrentUmask());
  // Replacing a public file with a private one leaves a private file.
  ASSERT_TRUE(WriteFileAtomically(dir / "public", "y", FileMode::kPrivate));
  EXPECT_EQ(ModeOf(dir / "public"), 0600u & ~CurrentUmask());
}

TEST(WriteFileAtomicallyTest, WritesEmptyContents) {
  TempDir dir;
  ASSERT_TRUE(WriteFileAtomically(dir / "empty", ""));
  EXPECT_EQ(*ReadFile(dir / "empty"), "");
}

TEST(WriteFileAtomicallyTest, WritesARelativePathInTheCurrentDirectory) {
  TempDir dir;
  const fs::path previous = fs::current_path();
  fs::current_path(dir.path());
  Status written = WriteFileAtomically("relative.txt", "here");
  fs::current_path(previous);
  ASSERT_TRUE(written) << written.error().ToString();
  EXPECT_EQ(*ReadFile(dir / "relative.txt"), "here");
}

TEST(WriteFileAtomicallyTest, ReportsAMissingDirectoryAsNotFound) {
  TempDir dir;
  Status written = WriteFileAtomically(dir / "no-such-dir" / "file", "x");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(written.error().message, HasSubstr((dir / "no-such-dir").string()));
}

TEST(WriteFileAtomicallyTest, ConcurrentWritersOfOneFileFromOneProcessAllSucceed) {
  // Threads of one process share a pid. Each writer needs its own temporary
  // file, or one thread's unlink/O_EXCL/rename interleaves with another's.
  TempDir dir;
  const fs::path path = dir / "shared";
  constexpr int kThreads = 8;
  constexpr int kRounds = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  std::set<std::string> written_values;
  for (int t = 0; t < kThreads; ++t) written_values.insert(std::string(1000, 'a' + t));
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      const std::string contents(1000, static_cast<char>('a' + t));
      for (int i = 0; i < kRounds; ++i)
        if (!WriteFileAtomically(path, contents)) ++failures;
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto final_contents = ReadFile(path);
  ASSERT_TRUE(final_contents);
  EXPECT_EQ(written_values.count(*final_contents), 1u) << "a mixed or partial file";
  EXPECT_EQ(dir.Names(), (std::set<std::string>{"shared"}));
}

TEST(WriteFileAtomicallyTest, ReadersNeverSeeAPartialFileWhileThreadsWrite) {
  TempDir dir;
  const fs::path path = dir / "shared";
  const std::string first(100000, 'x');
  const std::string second(100000, 'y');
  ASSERT_TRUE(WriteFileAtomically(path, first));
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::thread reader([&] {
    while (!done) {
      auto contents = ReadFile(path);
      if (contents && *contents != first && *contents != second) ++torn;
    }
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) (void)WriteFileAtomically(path, t % 2 ? first : second);
    });
  for (auto& writer : writers) writer.join();
  done = true;
  reader.join();
  EXPECT_EQ(torn.load(), 0);
}

TEST(CreateFileExclusivelyTest, CreatesAFileWithTheModeAndNoTemporary) {
  TempDir dir;
  ASSERT_TRUE(CreateFileExclusively(dir / "node.key", "secret", FileMode::kPrivate));
  EXPECT_EQ(*ReadFile(dir / "node.key"), "secret");
  EXPECT_EQ(ModeOf(dir / "node.key"), 0600u & ~CurrentUmask());
  EXPECT_EQ(dir.Names(), (std::set<std::string>{"node.key"}));
}

TEST(CreateFileExclusivelyTest, RefusesToReplaceAnExistingFile) {
  TempDir dir;
  ASSERT_TRUE(CreateFileExclusively(dir / "node.key", "first", FileMode::kPrivate));
  Status again = CreateFileExclusively(dir / "node.key", "second", FileMode::kPrivate);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_THAT(again.error().message, StartsWith("create " + (dir / "node.key").string() + ": "));
  EXPECT_EQ(*ReadFile(dir / "node.key"), "first");
  EXPECT_EQ(dir.Names(), (std::set<std::string>{"node.key"}));
}

TEST(CreateFileExclusivelyTest, RefusesToReplaceAnExistingDanglingSymlink) {
  // link() does not follow a symlink at the target: a planted link pointing
  // elsewhere must not redirect the key.
  TempDir dir;
  fs::create_symlink(dir / "elsewhere", dir / "node.key");
  Status created = CreateFileExclusively(dir / "node.key", "secret", FileMode::kPrivate);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(fs::exists(dir / "elsewhere"));
}

TEST(CreateFileExclusivelyTest, OnlyOneOfManyConcurrentCreatorsWins) {
  TempDir dir;
  const fs::path path = dir / "node.key";
  constexpr int kThreads = 8;
  std::atomic<int> successes{0}, conflicts{0}, others{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      Status created = CreateFileExclusively(path, std::string(100, 'a' + t), FileMode::kPrivate);
      if (created) {
        ++successes;
      } else if (created.error().code == ErrorCode::kConflict) {
        ++conflicts;
      } else {
        ++others;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(successes.load(), 1);
  EXPECT_EQ(conflicts.load(), kThreads - 1);
  EXPECT_EQ(others.load(), 0);
  EXPECT_EQ(dir.Names(), (std::set<std::string>{"node.key"}));
}

TEST(SyncDirectoryTest, SyncsAnExistingDirectoryAndReportsAMissingOne) {
  TempDir dir;
  EXPECT_TRUE(SyncDirectory(dir.path()));
  Status missing = SyncDirectory(dir / "absent");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(missing.error().message, StartsWith("open directory " + (dir / "absent").string()));
}

}  // namespace
}  // namespace accord::core
