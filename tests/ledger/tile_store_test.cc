// Unit tests of ledger/tile_store.h: MemoryTileStore and DirectoryTileStore
// behave as the TileStore contract says (missing files are kNotFound, writes
// replace whole files, the directory store creates its folders and never
// leaves its root). DirectoryTileStore runs in a fresh temporary folder.
#include "ledger/tile_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace accord::ledger {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;
using ::testing::HasSubstr;

std::string ReadDisk(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// A fresh folder under the system's temporary directory, removed afterwards.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern = (fs::temp_directory_path() / "accord-tile-store-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// ---- MemoryTileStore ------------------------------------------------------

TEST(MemoryTileStoreTest, MissingFileIsNotFoundNamingThePath) {
  MemoryTileStore store;
  auto read = store.Read("tile/0/000");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(read.error().message, HasSubstr("tile/0/000"));
}

TEST(MemoryTileStoreTest, ReadsBackWhatWasWrittenAndReplacesWholeFiles) {
  MemoryTileStore store;
  std::vector<TileWrite> writes = {{"tile/0/000.p/1", std::string("\0\x01\x02", 3)},
                                   {"checkpoint", "a long first version"}};
  ASSERT_TRUE(store.WriteAll(writes));
  EXPECT_EQ(store.file_count(), 2u);
  EXPECT_EQ(*store.Read("tile/0/000.p/1"), std::string("\0\x01\x02", 3));
  std::vector<TileWrite> replace = {{"checkpoint", "short"}};
  ASSERT_TRUE(store.WriteAll(replace));
  EXPECT_EQ(*store.Read("checkpoint"), "short");
  EXPECT_EQ(store.file_count(), 2u);
}

TEST(MemoryTileStoreTest, OverwriteReplacesBytesLikeADiskFault) {
  MemoryTileStore store;
  std::vector<TileWrite> writes = {{"tile/0/000.p/1", "good"}};
  ASSERT_TRUE(store.WriteAll(writes));
  store.Overwrite("tile/0/000.p/1", "evil");
  EXPECT_EQ(*store.Read("tile/0/000.p/1"), "evil");
}

// ---- DirectoryTileStore ---------------------------------------------------

TEST(DirectoryTileStoreTest, RoundTripsFilesAndCreatesTheirFolders) {
  TemporaryFolder folder;
  const fs::path root = folder.path() / "log";  // does not exist yet
  DirectoryTileStore store(root);
  std::string binary(8192, '\0');
  for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 7);
  std::vector<TileWrite> writes = {
      {"tile/0/x001/x234/067.p/5", "five hashes"},
      {"tile/entries/000", binary},
      {"private/checkpoint", "note\n"},
      {"checkpoint", "note\n"},
  };
  ASSERT_TRUE(store.WriteAll(writes));
  for (const auto& write : writes) {
    auto read = store.Read(write.path);
    ASSERT_TRUE(read) << write.path << ": " << read.error().ToString();
    EXPECT_EQ(*read, write.data) << write.path;
    // Where a static file server would find it.
    EXPECT_EQ(ReadDisk(root / write.path), write.data) << write.path;
  }
  EXPECT_TRUE(fs::is_directory(root / "tile/0/x001/x234/067.p"));
  EXPECT_EQ(store.root(), root);
}

TEST(DirectoryTileStoreTest, ReplacesAFileWholeAndLeavesNoTemporaryFiles) {
  TemporaryFolder folder;
  DirectoryTileStore store(folder.path());
  std::vector<TileWrite> first = {{"checkpoint", std::string(5000, 'a')}};
  ASSERT_TRUE(store.WriteAll(first));
  std::vector<TileWrite> second = {{"checkpoint", "b"}};
  ASSERT_TRUE(store.WriteAll(second));
  EXPECT_EQ(*store.Read("checkpoint"), "b");  // no tail of the longer old file
  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(folder.path()))
    names.push_back(entry.path().filename().string());
  EXPECT_THAT(names, ::testing::ElementsAre("checkpoint"));
}

TEST(DirectoryTileStoreTest, WritesAnEmptyFile) {
  TemporaryFolder folder;
  DirectoryTileStore store(folder.path());
  std::vector<TileWrite> writes = {{"tile/entries/000.p/1", ""}};
  ASSERT_TRUE(store.WriteAll(writes));
  auto read = store.Read("tile/entries/000.p/1");
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, "");
}

TEST(DirectoryTileStoreTest, MissingFileIsNotFoundNamingThePath) {
  TemporaryFolder folder;
  DirectoryTileStore store(folder.path());
  auto read = store.Read("tile/1/000.p/1");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(read.error().message, HasSubstr("tile/1/000.p/1"));
}

TEST(DirectoryTileStoreTest, RefusesPathsThatLeaveTheRoot) {
  TemporaryFolder folder;
  const fs::path root = folder.path() / "log";
  fs::create_directories(root);
  DirectoryTileStore store(root);
  const std::string outside = (folder.path() / "outside").string();
  const std::string refused[] = {
      "",
      "/etc/passwd",
      outside,
      "../outside",
      "tile/../../outside",
      "tile/0/..",
      "..",
      std::string("tile\0/../../outside", 19),
  };
  for (const auto& path : refused) {
    auto read = store.Read(path);
    ASSERT_FALSE(read) << path;
    EXPECT_EQ(read.error().code, ErrorCode::kInternal) << path;
    EXPECT_THAT(read.error().message, HasSubstr("refusing path")) << path;
    std::vector<TileWrite> writes = {{path, "escaped"}};
    auto written = store.WriteAll(writes);
    ASSERT_FALSE(written) << path;
    EXPECT_EQ(written.error().code, ErrorCode::kInternal) << path;
    EXPECT_THAT(written.error().message, HasSubstr("refusing path")) << path;
  }
  EXPECT_FALSE(fs::exists(folder.path() / "outside"));
  EXPECT_TRUE(fs::is_empty(root));
}

TEST(DirectoryTileStoreTest, WriteIntoAFileInsteadOfAFolderIsUnavailable) {
  TemporaryFolder folder;
  DirectoryTileStore store(folder.path());
  std::vector<TileWrite> file = {{"tile", "not a folder"}};
  ASSERT_TRUE(store.WriteAll(file));
  std::vector<TileWrite> below = {{"tile/0/000", "hashes"}};
  auto written = store.WriteAll(below);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kUnavailable) << written.error().ToString();
  EXPECT_THAT(written.error().message, HasSubstr("tile"));
}

TEST(DirectoryTileStoreTest, RootThatIsAFileGivesAnErrorNamingIt) {
  TemporaryFolder folder;
  std::ofstream(folder.path() / "file") << "x";
  DirectoryTileStore store(folder.path() / "file");
  std::vector<TileWrite> writes = {{"checkpoint", "note"}};
  auto written = store.WriteAll(writes);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kUnavailable) << written.error().ToString();
  EXPECT_THAT(written.error().message, HasSubstr((folder.path() / "file").string()));
  EXPECT_EQ(ReadDisk(folder.path() / "file"), "x");
}

}  // namespace
}  // namespace accord::ledger
