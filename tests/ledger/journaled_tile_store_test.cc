// JournaledTileStore: every acknowledged WriteAll survives a crash through
// the journal, a torn last record is dropped, and replay never puts an
// older version of a file back.
#include "ledger/journaled_tile_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/file_io.h"

namespace accord::ledger {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "accord-journal-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string FileText(const fs::path& path) {
  auto read = core::ReadFile(path);
  return read ? *read : "<" + read.error().message + ">";
}

core::Status Write(JournaledTileStore& store, std::vector<TileWrite> writes) {
  return store.WriteAll(writes);
}

TEST(JournaledTileStoreTest, WritesAreReadableAtOnce) {
  TempDir dir;
  auto store = JournaledTileStore::Open(dir.path());
  ASSERT_TRUE(store) << store.error().ToString();
  ASSERT_TRUE(Write(**store, {{"tile/0/000", "hashes"}, {"checkpoint", "v1"}}));
  EXPECT_EQ(*(*store)->Read("tile/0/000"), "hashes");
  EXPECT_EQ(FileText(dir.path() / "checkpoint"), "v1");
}

TEST(JournaledTileStoreTest, ReopeningReplaysFilesLostAfterTheJournalWasSynced) {
  TempDir dir;
  {
    auto store = JournaledTileStore::Open(dir.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(Write(**store, {{"tile/0/000", "tile"}}));
    ASSERT_TRUE(Write(**store, {{"checkpoint", "v2"}}));
  }
  // What a power cut can do to files that were written but never synced.
  fs::remove(dir.path() / "tile/0/000");
  std::ofstream(dir.path() / "checkpoint") << "v";
  auto reopened = JournaledTileStore::Open(dir.path());
  ASSERT_TRUE(reopened) << reopened.error().ToString();
  EXPECT_EQ((*reopened)->records_replayed(), 2u);
  EXPECT_EQ(FileText(dir.path() / "tile/0/000"), "tile");
  EXPECT_EQ(FileText(dir.path() / "checkpoint"), "v2");
  // The replay was made durable and the journal emptied.
  EXPECT_EQ(fs::file_size(dir.path() / "private/journal"), 0u);
}

TEST(JournaledTileStoreTest, ReplayEndsWithTheLastVersionOfAFile) {
  TempDir dir;
  {
    auto store = JournaledTileStore::Open(dir.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(Write(**store, {{"checkpoint", "old"}}));
    ASSERT_TRUE(Write(**store, {{"checkpoint", "new"}}));
  }
  // The journal holds both versions; replay must leave the newer one. (That
  // it writes only the newer, so that a crash during replay cannot roll back,
  // is checked end to end by tests/ledger/crash_test.py.)
  EXPECT_NE(FileText(dir.path() / "private/journal").find("old"), std::string::npos);
  auto reopened = JournaledTileStore::Open(dir.path());
  ASSERT_TRUE(reopened);
  EXPECT_EQ(FileText(dir.path() / "checkpoint"), "new");
}

TEST(JournaledTileStoreTest, ATornLastRecordIsDroppedAndTheRestReplayed) {
  TempDir dir;
  {
    auto store = JournaledTileStore::Open(dir.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(Write(**store, {{"checkpoint", "acknowledged"}}));
  }
  // A crash in the middle of appending the next record.
  std::ofstream(dir.path() / "private/journal", std::ios::app) << "ACJ1\x00\x00\x00\x01\x00";
  fs::remove(dir.path() / "checkpoint");
  auto reopened = JournaledTileStore::Open(dir.path());
  ASSERT_TRUE(reopened) << reopened.error().ToString();
  EXPECT_EQ((*reopened)->records_replayed(), 1u);
  EXPECT_EQ(FileText(dir.path() / "checkpoint"), "acknowledged");
}

TEST(JournaledTileStoreTest, ADamagedRecordBeforeTheLastIsCorrupt) {
  TempDir dir;
  {
    auto store = JournaledTileStore::Open(dir.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(Write(**store, {{"checkpoint", "first"}}));
    ASSERT_TRUE(Write(**store, {{"checkpoint", "second"}}));
  }
  std::string journal = FileText(dir.path() / "private/journal");
  journal[journal.find("first")] = 'F';
  std::ofstream(dir.path() / "private/journal", std::ios::trunc | std::ios::binary) << journal;
  auto reopened = JournaledTileStore::Open(dir.path());
  ASSERT_FALSE(reopened);
  EXPECT_EQ(reopened.error().code, core::ErrorCode::kCorrupt);
  EXPECT_NE(reopened.error().message.find("checksum"), std::string::npos)
      << reopened.error().message;
}

TEST(JournaledTileStoreTest, RefusesPathsOutsideTheRoot) {
  TempDir dir;
  auto store = JournaledTileStore::Open(dir.path());
  ASSERT_TRUE(store);
  EXPECT_FALSE(Write(**store, {{"../escape", "x"}}));
  EXPECT_FALSE(Write(**store, {{"/etc/passwd", "x"}}));
  EXPECT_FALSE(fs::exists(dir.path().parent_path() / "escape"));
}

}  // namespace
}  // namespace accord::ledger
