// Unit tests of ledger/log.h: a Log over a TileStore appends batches, signs
// checkpoints, proves inclusion and consistency, reads entries back, and
// refuses stored data that does not match what it signed.
//
// The harness (TestLog) keeps its own model of the log: every entry appended
// and a MemoryTree over their leaf hashes, so expected roots come from
// merkle.h's RFC 9162 tree (tested against the spec's vectors) and never
// from the tiles under test. CheckInvariants() re-verifies after each step,
// as Sunlight's CheckLog does: the root, sampled inclusion proofs, the
// consistency of every earlier signed tree and of every note that ever
// reached the public `checkpoint` file, ReadEntry, VerifyStoredLog, and a
// fresh Open of the same store. FaultyTileStore fails a chosen file write,
// with the file landed or lost, to stand in for a crash mid-batch.
#include "ledger/log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdlib.h>
#include <string>
#include <thread>
#include <vector>

#include "ledger/tile.h"

namespace accord::ledger {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr std::string_view kOrigin = "log.example.org/accord-test";

NoteSigner MakeSigner(std::uint8_t seed_fill = 7, std::string name = std::string(kOrigin)) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(seed_fill);
  auto key = core::Ed25519PrivateKey::FromSeed(seed);
  EXPECT_TRUE(key);
  auto signer = NoteSigner::Create(std::move(name), SignatureType::kEd25519, std::move(*key));
  EXPECT_TRUE(signer) << signer.error().ToString();
  return std::move(*signer);
}

// "entry-000042": every entry of a log has the same length (12 bytes), so a
// byte offset in a bundle tells which entry it belongs to.
std::string Entry(std::uint64_t index, std::string_view prefix = "entry") {
  std::string digits = std::to_string(index);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return std::string(prefix) + "-" + digits;
}
constexpr std::size_t kEntryBytes = 12;

std::vector<std::string> Entries(std::uint64_t first, std::uint64_t count,
                                 std::string_view prefix = "entry") {
  std::vector<std::string> out;
  out.reserve(count);
  for (std::uint64_t i = first; i < first + count; ++i) out.push_back(Entry(i, prefix));
  return out;
}

// ---- FaultyTileStore ------------------------------------------------------

// Whether a failed write reached the disk anyway (a write can fail after
// its bytes landed, e.g. when only the following fsync fails).
enum class Landing { kLost, kPersisted };

// An in-memory TileStore that can fail a chosen file write, delete files,
// and remembers every note ever written to the public `checkpoint`: a
// watcher could have fetched each of them. Thread-safe.
class FaultyTileStore final : public TileStore {
 public:
  core::Result<std::string> Read(std::string_view path) const override {
    std::lock_guard lock(mutex_);
    ++reads_;
    if (read_error_) return *read_error_;
    if (auto failing = failing_reads_.find(path); failing != failing_reads_.end())
      return failing->second;
    auto found = files_.find(path);
    if (found == files_.end()) return core::NotFound(std::string(path) + ": no such file");
    return found->second;
  }

  core::Status WriteAll(std::span<const TileWrite> writes) override {
    std::lock_guard lock(mutex_);
    for (const auto& write : writes) {
      ++file_writes_;
      if (fail_at_ != 0 && file_writes_ == fail_at_) {
        fail_at_ = 0;
        if (landing_ == Landing::kPersisted) Store(write);
        return core::Unavailable("injected fault writing " + write.path);
      }
      Store(write);
    }
    return core::Ok();
  }

  // The `n`th file write from now (1 = the next) fails. The files before it
  // in its WriteAll call have landed, it lands as `landing` says, and the
  // rest of that call does not happen.
  void FailFileWrite(std::uint64_t n, Landing landing) {
    std::lock_guard lock(mutex_);
    fail_at_ = file_writes_ + n;
    landing_ = landing;
  }
  void FailReads(std::optional<core::Error> error) {
    std::lock_guard lock(mutex_);
    read_error_ = std::move(error);
  }
  // Reads of `path` fail with `error`; std::nullopt ends that.
  void FailReadsOf(const std::string& path, std::optional<core::Error> error) {
    std::lock_guard lock(mutex_);
    if (error)
      failing_reads_[path] = std::move(*error);
    else
      failing_reads_.erase(path);
  }
  void Overwrite(const std::string& path, std::string data) {
    std::lock_guard lock(mutex_);
    files_[path] = std::move(data);
  }
  void Delete(const std::string& path) {
    std::lock_guard lock(mutex_);
    files_.erase(path);
  }
  std::map<std::string, std::string, std::less<>> Snapshot() const {
    std::lock_guard lock(mutex_);
    return files_;
  }
  std::vector<std::string> published() const {
    std::lock_guard lock(mutex_);
    return published_;
  }
  std::uint64_t file_writes() const {
    std::lock_guard lock(mutex_);
    return file_writes_;
  }
  std::uint64_t reads() const {
    std::lock_guard lock(mutex_);
    return reads_;
  }

 private:
  void Store(const TileWrite& write) {
    files_[write.path] = write.data;
    if (write.path == kCheckpointPath) published_.push_back(write.data);
  }

  mutable std::mutex mutex_;  // guards everything below
  std::map<std::string, std::string, std::less<>> files_;
  std::vector<std::string> published_;
  std::uint64_t file_writes_ = 0;
  mutable std::uint64_t reads_ = 0;
  std::uint64_t fail_at_ = 0;  // 0: no fault armed
  Landing landing_ = Landing::kLost;
  std::optional<core::Error> read_error_;
  std::map<std::string, core::Error, std::less<>> failing_reads_;
};

Checkpoint OpenOurs(std::string_view note) {
  std::vector<NoteVerifier> known{MakeSigner().verifier()};
  auto opened = OpenCheckpoint(note, known);
  EXPECT_TRUE(opened) << opened.error().ToString();
  return opened ? opened->checkpoint : Checkpoint{};
}

// ---- TestLog ----------------------------------------------------------------

struct SignedTree {
  std::uint64_t size = 0;
  Hash root{};
};

class TestLog {
 public:
  TestLog() {
    auto created = Log::Create(store_, MakeSigner());
    EXPECT_TRUE(created) << created.error().ToString();
    Reopen();
    checkpoints_.push_back({0, EmptyRootHash()});
  }

  void Reopen(OpenOptions options = {}) {
    auto opened = Log::Open(store_, MakeSigner(), options);
    EXPECT_TRUE(opened) << opened.error().ToString();
    if (opened) log_ = std::move(*opened);
  }

  Log& log() { return *log_; }
  FaultyTileStore& store() { return store_; }
  std::uint64_t size() const { return entries_.size(); }
  const std::vector<SignedTree>& checkpoints() const { return checkpoints_; }

  // Appends and, on success, records the batch in the model.
  core::Result<AppendReceipt> Append(const std::vector<std::string>& entries) {
    auto receipt = log_->AppendBatch(entries);
    if (receipt) Record(entries, *receipt);
    return receipt;
  }

  void Record(const std::vector<std::string>& entries, const AppendReceipt& receipt) {
    EXPECT_EQ(receipt.first_index, entries_.size());
    EXPECT_EQ(receipt.count, entries.size());
    Adopt(entries);
    EXPECT_EQ(receipt.checkpoint.tree_size, entries_.size());
    EXPECT_EQ(receipt.checkpoint.root_hash, tree_.Root());
    EXPECT_EQ(receipt.checkpoint, log_->checkpoint());
    checkpoints_.push_back({entries_.size(), tree_.Root()});
  }

  // Entries the log holds without a receipt for them (a batch whose write
  // failed after its checkpoint had landed).
  void Adopt(const std::vector<std::string>& entries) {
    for (const auto& entry : entries) {
      entries_.push_back(entry);
      tree_.Append(LeafHash(entry));
    }
  }

  // Proofs, roots and entries from the in-memory Log, against the model.
  void CheckReads() const {
    const std::uint64_t n = size();
    const Hash root = tree_.Root();
    Checkpoint checkpoint = log_->checkpoint();
    ASSERT_EQ(checkpoint.tree_size, n);
    EXPECT_EQ(log_->size(), n);
    EXPECT_EQ(checkpoint.origin, kOrigin);
    EXPECT_EQ(checkpoint.root_hash, root) << "log root differs from the RFC 9162 tree";
    EXPECT_EQ(OpenOurs(log_->signed_checkpoint()), checkpoint);

    for (const SignedTree& old : Sample(checkpoints_)) {
      auto root_at = log_->RootAt(old.size);
      ASSERT_TRUE(root_at) << old.size << ": " << root_at.error().ToString();
      EXPECT_EQ(*root_at, old.root) << "root at " << old.size;
      auto proof = log_->ProveConsistency(old.size, n);
      ASSERT_TRUE(proof) << old.size << ": " << proof.error().ToString();
      auto verified = VerifyConsistency(old.size, n, old.root, root, *proof);
      EXPECT_TRUE(verified) << old.size << " -> " << n << ": " << verified.error().ToString();
    }
    for (std::uint64_t index : SampleIndices()) {
      auto proof = log_->ProveInclusion(index, n);
      ASSERT_TRUE(proof) << index << ": " << proof.error().ToString();
      auto verified = VerifyInclusion(index, n, LeafHash(entries_[index]), *proof, root);
      EXPECT_TRUE(verified) << index << ": " << verified.error().ToString();
      // And against the first earlier signed tree that holds it.
      for (const SignedTree& old : checkpoints_) {
        if (old.size <= index || old.size == n) continue;
        auto old_proof = log_->ProveInclusion(index, old.size);
        ASSERT_TRUE(old_proof) << old_proof.error().ToString();
        EXPECT_TRUE(VerifyInclusion(index, old.size, LeafHash(entries_[index]), *old_proof,
                                    old.root))
            << index << " in " << old.size;
        break;
      }
      auto entry = log_->ReadEntry(index);
      ASSERT_TRUE(entry) << index << ": " << entry.error().ToString();
      EXPECT_EQ(*entry, entries_[index]) << index;
    }
  }

  // Everything: CheckReads, the stored files, and a fresh Open.
  void CheckInvariants() {
    SCOPED_TRACE("log of size " + std::to_string(size()));
    CheckReads();
    if (::testing::Test::HasFatalFailure()) return;
    const std::uint64_t n = size();
    const Hash root = tree_.Root();
    Checkpoint checkpoint = log_->checkpoint();
    EXPECT_EQ(*store_.Read(kCheckpointPath), log_->signed_checkpoint());
    EXPECT_EQ(*store_.Read(kPrivateCheckpointPath), log_->signed_checkpoint());

    // No note a watcher could have fetched contradicts the latest.
    auto published = store_.published();
    std::set<std::string> distinct(published.begin(), published.end());
    for (const std::string& note : distinct) {
      Checkpoint old = OpenOurs(note);
      ASSERT_LE(old.tree_size, n) << "a published checkpoint is ahead of the log:\n" << note;
      auto proof = log_->ProveConsistency(old.tree_size, n);
      ASSERT_TRUE(proof) << proof.error().ToString();
      auto verified = VerifyConsistency(old.tree_size, n, old.root_hash, root, *proof);
      EXPECT_TRUE(verified) << "published checkpoint of size " << old.tree_size
                            << " forks from the log: " << verified.error().ToString();
    }

    auto stored = VerifyStoredLog(store_, checkpoint);
    EXPECT_TRUE(stored) << stored.error().ToString();

    auto fresh = Log::Open(store_, MakeSigner());
    ASSERT_TRUE(fresh) << fresh.error().ToString();
    EXPECT_EQ((*fresh)->checkpoint(), checkpoint);
    EXPECT_EQ((*fresh)->signed_checkpoint(), log_->signed_checkpoint());
    EXPECT_EQ((*fresh)->size(), n);
    if (n > 0) {
      auto last = (*fresh)->ReadEntry(n - 1);
      ASSERT_TRUE(last) << last.error().ToString();
      EXPECT_EQ(*last, entries_[n - 1]);
    }
  }

 private:
  // Every index of a small log; of a large one the tile boundaries and a
  // spread of others.
  std::vector<std::uint64_t> SampleIndices() const {
    const std::uint64_t n = size();
    std::vector<std::uint64_t> out;
    if (n <= 600) {
      for (std::uint64_t i = 0; i < n; ++i) out.push_back(i);
      return out;
    }
    const std::uint64_t fixed[] = {0, 1, 255, 256, 257, 511, 512, 65535, 65536, 65537,
                                   n / 2, n - 257, n - 256, n - 2, n - 1, n / 256 * 256,
                                   n / 256 * 256 - 1};
    for (std::uint64_t i : fixed)
      if (i < n) out.push_back(i);
    std::uint64_t state = n * 0x9E3779B97F4A7C15ull;
    for (int k = 0; k < 120; ++k) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      out.push_back((state >> 17) % n);
    }
    return out;
  }

  // All of a short list; of a long one the first and last few and a spread.
  template <typename T>
  static std::vector<T> Sample(const std::vector<T>& all) {
    if (all.size() <= 24) return all;
    std::vector<T> out(all.begin(), all.begin() + 4);
    for (std::size_t i = 4; i + 12 < all.size(); i += all.size() / 8) out.push_back(all[i]);
    out.insert(out.end(), all.end() - 12, all.end());
    return out;
  }

  FaultyTileStore store_;
  std::unique_ptr<Log> log_;
  MemoryTree tree_;
  std::vector<std::string> entries_;
  std::vector<SignedTree> checkpoints_;
};

// ---- Create and Open -------------------------------------------------------

TEST(LogTest, CreateWritesTheSignedEmptyTreeAndOpenReadsIt) {
  MemoryTileStore store;
  ASSERT_TRUE(Log::Create(store, MakeSigner()));
  // The empty tree's checkpoint, public and private copies identical.
  auto note = store.Read(kCheckpointPath);
  ASSERT_TRUE(note);
  EXPECT_EQ(*store.Read(kPrivateCheckpointPath), *note);
  Checkpoint checkpoint = OpenOurs(*note);
  EXPECT_EQ(checkpoint.origin, kOrigin);
  EXPECT_EQ(checkpoint.tree_size, 0u);
  EXPECT_EQ(checkpoint.root_hash, EmptyRootHash());
  EXPECT_EQ(store.file_count(), 2u);

  auto log = Log::Open(store, MakeSigner());
  ASSERT_TRUE(log) << log.error().ToString();
  EXPECT_EQ((*log)->size(), 0u);
  EXPECT_EQ((*log)->checkpoint(), checkpoint);
  EXPECT_EQ((*log)->signed_checkpoint(), *note);
  EXPECT_EQ(*(*log)->RootAt(0), EmptyRootHash());
  EXPECT_TRUE((*log)->ProveConsistency(0, 0)->empty());
  EXPECT_TRUE(VerifyStoredLog(store, checkpoint));
}

TEST(LogTest, CreateRefusesAStoreThatHasALog) {
  MemoryTileStore store;
  ASSERT_TRUE(Log::Create(store, MakeSigner()));
  auto before = store.Read(kCheckpointPath);
  auto again = Log::Create(store, MakeSigner(9));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(*store.Read(kCheckpointPath), *before);

  // Also when only the private copy is left.
  FaultyTileStore faulty;
  faulty.Overwrite(std::string(kPrivateCheckpointPath), *before);
  auto private_only = Log::Create(faulty, MakeSigner());
  ASSERT_FALSE(private_only);
  EXPECT_EQ(private_only.error().code, ErrorCode::kConflict);
}

TEST(LogTest, CreateWritesNothingWhenItCannotTellWhetherALogExists) {
  // A read that fails for another reason than "no such file" (an I/O error,
  // a permission problem) must not be taken for an empty store: that would
  // overwrite a live log's checkpoint with the empty tree.
  FaultyTileStore store;
  store.Overwrite(std::string(kCheckpointPath), "an existing log's checkpoint");
  store.FailReads(core::Unavailable("checkpoint: input/output error"));
  auto created = Log::Create(store, MakeSigner());
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ErrorCode::kUnavailable) << created.error().ToString();
  EXPECT_THAT(created.error().message, HasSubstr("input/output error"));
  EXPECT_EQ(store.file_writes(), 0u);
}

TEST(LogTest, OpenOfAnEmptyStoreIsNotFound) {
  MemoryTileStore store;
  auto log = Log::Open(store, MakeSigner());
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(log.error().message, HasSubstr("no checkpoint"));
}

TEST(LogTest, OpenWithAnotherKeyIsCorrupt) {
  MemoryTileStore store;
  ASSERT_TRUE(Log::Create(store, MakeSigner()));
  auto other_key = Log::Open(store, MakeSigner(8));  // same name, other key
  ASSERT_FALSE(other_key);
  EXPECT_EQ(other_key.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(other_key.error().message, HasSubstr("checkpoint"));
  auto other_name = Log::Open(store, MakeSigner(7, "other.example.org/log"));
  ASSERT_FALSE(other_name);
  EXPECT_EQ(other_name.error().code, ErrorCode::kCorrupt);
}

// ---- Appending ------------------------------------------------------------

TEST(LogTest, BatchesOfEverySizeAroundATileVerify) {
  for (std::uint64_t batch : {1u, 2u, 255u, 256u, 257u, 1000u}) {
    SCOPED_TRACE("batches of " + std::to_string(batch));
    TestLog t;
    t.CheckInvariants();
    for (int round = 0; round < 3; ++round) {
      auto receipt = t.Append(Entries(t.size(), batch));
      ASSERT_TRUE(receipt) << receipt.error().ToString();
      t.CheckInvariants();
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
}

TEST(LogTest, SingleEntryBatchesVerifyAfterEachAppend) {
  TestLog t;
  for (std::uint64_t i = 0; i < 300; ++i) {
    auto receipt = t.Append({Entry(i)});
    ASSERT_TRUE(receipt) << receipt.error().ToString();
    EXPECT_EQ(receipt->first_index, i);
    if (i < 20 || i % 50 == 0 || (i >= 254 && i <= 258)) {
      t.CheckInvariants();
      if (::testing::Test::HasFatalFailure()) return;
    } else {
      // Between full checks: the new leaf and the step from the last size.
      const Checkpoint& checkpoint = receipt->checkpoint;
      auto proof = t.log().ProveInclusion(i, i + 1);
      ASSERT_TRUE(proof);
      EXPECT_TRUE(VerifyInclusion(i, i + 1, LeafHash(Entry(i)), *proof, checkpoint.root_hash));
      const SignedTree& previous = t.checkpoints()[t.checkpoints().size() - 2];
      auto consistency = t.log().ProveConsistency(previous.size, i + 1);
      ASSERT_TRUE(consistency);
      EXPECT_TRUE(VerifyConsistency(previous.size, i + 1, previous.root, checkpoint.root_hash,
                                    *consistency));
      EXPECT_EQ(*t.log().ReadEntry(i), Entry(i));
    }
  }
  t.CheckInvariants();
}

TEST(LogTest, GrowingPastLevelOneAndLevelTwoTileBoundariesVerifies) {
  // 65,536 leaves fill the first level-1 tile and start level 2; 131,072
  // fill the second. Batches end exactly on, just before and just after
  // those sizes, and one batch straddles 65,536.
  TestLog t;
  const std::uint64_t batches[] = {1, 255, 256, 257, 1000, 63766, 2, 65535, 1, 300};
  for (std::uint64_t batch : batches) {
    auto receipt = t.Append(Entries(t.size(), batch));
    ASSERT_TRUE(receipt) << receipt.error().ToString();
    t.CheckInvariants();
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_EQ(t.size(), 131373u);
  // The tiles the spec implies for this size exist with their widths.
  for (std::string_view path : {"tile/0/513.p/45", "tile/0/512", "tile/1/000", "tile/1/001",
                                "tile/1/002.p/1", "tile/2/000.p/2", "tile/entries/513.p/45",
                                "tile/entries/512"}) {
    EXPECT_TRUE(t.store().Read(path)) << path;
  }
  EXPECT_EQ(t.store().Read("tile/3/000.p/1").error().code, ErrorCode::kNotFound);
}

TEST(LogTest, EntriesOfZeroAndOfTheMaximumLengthRoundTrip) {
  TestLog t;
  std::vector<std::string> batch = {"", std::string(kMaxEntryBytes, '\xab'), "x",
                                    std::string("\0\n\xff", 3)};
  ASSERT_TRUE(t.Append(batch));
  t.CheckInvariants();
}

TEST(LogTest, OversizeEntryIsRefusedBeforeAnythingIsWritten) {
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 300)));
  auto before = t.store().Snapshot();
  std::vector<std::string> batch = {Entry(300), std::string(kMaxEntryBytes + 1, 'a')};
  auto appended = t.log().AppendBatch(batch);
  ASSERT_FALSE(appended);
  EXPECT_EQ(appended.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(appended.error().message, HasSubstr("entry 1"));
  EXPECT_THAT(appended.error().message, HasSubstr("65536 bytes"));
  EXPECT_THAT(appended.error().message, HasSubstr("65535"));
  EXPECT_EQ(t.store().Snapshot(), before);
  t.CheckInvariants();
}

TEST(LogTest, EmptyBatchIsRefused) {
  TestLog t;
  auto before = t.store().Snapshot();
  auto appended = t.log().AppendBatch(std::vector<std::string>{});
  ASSERT_FALSE(appended);
  EXPECT_EQ(appended.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(t.store().Snapshot(), before);
}

TEST(LogTest, ReceiptNamesTheBatchPositionAndItsCheckpoint) {
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 10)));
  auto receipt = t.Append(Entries(10, 5));
  ASSERT_TRUE(receipt);
  EXPECT_EQ(receipt->first_index, 10u);
  EXPECT_EQ(receipt->count, 5u);
  EXPECT_EQ(receipt->checkpoint.tree_size, 15u);
  EXPECT_EQ(receipt->checkpoint.origin, kOrigin);
}

TEST(LogTest, ProofsAndReadsOutOfRangeAreInvalidArguments) {
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 10)));
  auto inclusion_size = t.log().ProveInclusion(0, 11);
  ASSERT_FALSE(inclusion_size);
  EXPECT_EQ(inclusion_size.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(inclusion_size.error().message, HasSubstr("11"));
  auto inclusion_index = t.log().ProveInclusion(10, 10);
  ASSERT_FALSE(inclusion_index);
  EXPECT_EQ(inclusion_index.error().code, ErrorCode::kInvalidArgument);
  auto consistency = t.log().ProveConsistency(5, 11);
  ASSERT_FALSE(consistency);
  EXPECT_EQ(consistency.error().code, ErrorCode::kInvalidArgument);
  auto backwards = t.log().ProveConsistency(6, 5);
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().code, ErrorCode::kInvalidArgument);
  auto root = t.log().RootAt(11);
  ASSERT_FALSE(root);
  EXPECT_EQ(root.error().code, ErrorCode::kInvalidArgument);
  auto entry = t.log().ReadEntry(10);
  ASSERT_FALSE(entry);
  EXPECT_EQ(entry.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(entry.error().message, HasSubstr("entry 10"));
}

TEST(LogTest, WritesTheSpecsFilesToADirectory) {
  std::string pattern = (fs::temp_directory_path() / "accord-log-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const fs::path root = pattern;
  {
    DirectoryTileStore store(root / "log");
    ASSERT_TRUE(Log::Create(store, MakeSigner()));
    auto log = Log::Open(store, MakeSigner());
    ASSERT_TRUE(log) << log.error().ToString();
    ASSERT_TRUE((*log)->AppendBatch(Entries(0, 100)));
    ASSERT_TRUE((*log)->AppendBatch(Entries(100, 200)));
    for (std::string_view path : {"checkpoint", "private/checkpoint", "tile/0/000",
                                  "tile/0/000.p/100", "tile/0/001.p/44", "tile/1/000.p/1",
                                  "tile/entries/000", "tile/entries/000.p/100",
                                  "tile/entries/001.p/44"})
      EXPECT_TRUE(fs::is_regular_file(root / "log" / path)) << path;
    EXPECT_EQ(fs::file_size(root / "log/tile/0/000"), 8192u);
    EXPECT_EQ(fs::file_size(root / "log/tile/0/001.p/44"), 44u * 32);
    EXPECT_EQ(fs::file_size(root / "log/tile/entries/001.p/44"), 44u * (2 + kEntryBytes));
    auto reopened = Log::Open(store, MakeSigner());
    ASSERT_TRUE(reopened) << reopened.error().ToString();
    EXPECT_EQ((*reopened)->checkpoint(), (*log)->checkpoint());
    EXPECT_EQ(*(*reopened)->ReadEntry(299), Entry(299));
  }
  fs::remove_all(root);
}

// ---- Tampering --------------------------------------------------------------

// Every tile and bundle the checkpoint of `size` covers.
std::vector<TileRef> FilesOf(std::uint64_t size) {
  std::vector<TileRef> out;
  for (std::uint64_t i = 0; i < size; i += kTileWidth) out.push_back(TileFor(true, 0, i, size));
  for (std::uint8_t level = 0; HashesAtTileLevel(level, size) > 0; ++level)
    for (std::uint64_t i = 0; i < HashesAtTileLevel(level, size); i += kTileWidth)
      out.push_back(TileFor(false, level, i, size));
  return out;
}

// Opens (verifying everything) and re-verifies the stored log, expecting
// both to fail with kCorrupt and to name `path`, and `also` if not empty.
void ExpectCorruptionFound(TestLog& t, const std::string& path, const std::string& also,
                           const Checkpoint& checkpoint) {
  auto opened = Log::Open(t.store(), MakeSigner());
  ASSERT_FALSE(opened) << "Open accepted a damaged " << path;
  EXPECT_EQ(opened.error().code, ErrorCode::kCorrupt) << opened.error().ToString();
  EXPECT_THAT(opened.error().message, HasSubstr(path));
  if (!also.empty()) {
    EXPECT_THAT(opened.error().message, HasSubstr(also));
  }
  auto stored = VerifyStoredLog(t.store(), checkpoint);
  ASSERT_FALSE(stored) << "VerifyStoredLog accepted a damaged " << path;
  EXPECT_EQ(stored.error().code, ErrorCode::kCorrupt) << stored.error().ToString();
  EXPECT_THAT(stored.error().message, HasSubstr(path));
  if (!also.empty()) {
    EXPECT_THAT(stored.error().message, HasSubstr(also));
  }
}

// The global index of the entry whose bytes hold `offset` of bundle `ref`,
// or nothing for a length prefix (all test entries are kEntryBytes long).
std::optional<std::uint64_t> EntryAtBundleOffset(const TileRef& ref, std::size_t offset) {
  if (offset % (2 + kEntryBytes) < 2) return std::nullopt;
  return ref.index * kTileWidth + offset / (2 + kEntryBytes);
}

void TamperWithEveryFile(TestLog& t) {
  const Checkpoint checkpoint = t.log().checkpoint();
  const auto pristine = t.store().Snapshot();
  for (const TileRef& ref : FilesOf(checkpoint.tree_size)) {
    const std::string path = ref.Path();
    SCOPED_TRACE(path);
    const std::string good = pristine.at(path);
    for (std::size_t offset : {std::size_t{0}, std::size_t{1}, good.size() / 2 + 5,
                               good.size() - 1}) {
      std::string bad = good;
      bad[offset] = static_cast<char>(bad[offset] ^ 0x01);
      t.store().Overwrite(path, bad);
      // Where the damage is known to an entry, the message names it.
      std::string index;
      if (ref.entries) {
        if (auto entry = EntryAtBundleOffset(ref, offset)) index = "entry " + std::to_string(*entry);
      } else if (ref.level == 0) {
        index = "entry " + std::to_string(ref.index * kTileWidth + offset / sizeof(Hash));
      }
      SCOPED_TRACE("byte " + std::to_string(offset));
      ExpectCorruptionFound(t, path, index, checkpoint);
    }
    t.store().Overwrite(path, good.substr(0, good.size() - 1));
    ExpectCorruptionFound(t, path, "", checkpoint);
    t.store().Overwrite(path, "");
    ExpectCorruptionFound(t, path, "", checkpoint);
    t.store().Overwrite(path, good + std::string(1, '\0'));
    ExpectCorruptionFound(t, path, "", checkpoint);
    t.store().Delete(path);
    ExpectCorruptionFound(t, path, "", checkpoint);
    t.store().Overwrite(path, good);
    if (::testing::Test::HasFailure()) return;  // one file's story is enough
  }
  t.CheckInvariants();
}

TEST(LogTest, DamageToAnyTileOrBundleIsFoundAndNamed) {
  // 600 entries in three batches: full and partial bundles and level-0
  // tiles, and a level-1 partial.
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 100)));
  ASSERT_TRUE(t.Append(Entries(100, 300)));
  ASSERT_TRUE(t.Append(Entries(400, 200)));
  TamperWithEveryFile(t);
}

TEST(LogTest, DamageAboveLevelOneIsFoundAndNamed) {
  // 65,795 = 257 * 256 + 3: a full level-1 tile, a level-1 partial, a
  // level-2 partial. Only the tiles above level 0 and the right edge are
  // damaged here (level 0 is covered above) to keep the test quick.
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 65795)));
  const Checkpoint checkpoint = t.log().checkpoint();
  for (std::string path : {"tile/1/000", "tile/1/001.p/1", "tile/2/000.p/1", "tile/0/257.p/3",
                           "tile/entries/257.p/3", "tile/0/256", "tile/0/000"}) {
    SCOPED_TRACE(path);
    const std::string good = *t.store().Read(path);
    std::string bad = good;
    bad[bad.size() - 7] = static_cast<char>(bad[bad.size() - 7] ^ 0x80);
    t.store().Overwrite(path, bad);
    ExpectCorruptionFound(t, path, "", checkpoint);
    t.store().Delete(path);
    ExpectCorruptionFound(t, path, "", checkpoint);
    t.store().Overwrite(path, good);
  }
  t.CheckInvariants();
}

TEST(LogTest, DamageToEitherCheckpointIsFoundAndNamed) {
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 300)));
  const auto pristine = t.store().Snapshot();
  for (std::string_view which : {kCheckpointPath, kPrivateCheckpointPath}) {
    const std::string path(which);
    const std::string good = pristine.at(path);
    SCOPED_TRACE(path);
    // Every byte of the note: body, signature line, base64 padding bits.
    for (std::size_t offset = 0; offset < good.size(); ++offset) {
      for (unsigned char mask : {0x01, 0x20, 0x80}) {
        std::string bad = good;
        bad[offset] = static_cast<char>(bad[offset] ^ mask);
        t.store().Overwrite(path, bad);
        auto opened = Log::Open(t.store(), MakeSigner());
        ASSERT_FALSE(opened) << "byte " << offset << " ^ " << +mask << " accepted:\n" << bad;
        EXPECT_EQ(opened.error().code, ErrorCode::kCorrupt) << opened.error().ToString();
        EXPECT_THAT(opened.error().message, StartsWith(path + ":"));
      }
    }
    for (std::size_t keep : {std::size_t{0}, good.size() / 2, good.size() - 1}) {
      t.store().Overwrite(path, good.substr(0, keep));
      auto opened = Log::Open(t.store(), MakeSigner());
      ASSERT_FALSE(opened) << "truncated to " << keep << " accepted";
      EXPECT_EQ(opened.error().code, ErrorCode::kCorrupt) << opened.error().ToString();
      EXPECT_THAT(opened.error().message, StartsWith(path + ":"));
    }
    t.store().Overwrite(path, good);
  }
  t.CheckInvariants();
}

TEST(LogTest, MissingPrivateCheckpointIsCorrupt) {
  // The public copy alone cannot say whether it is the latest: refuse, do
  // not guess.
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 30)));
  t.store().Delete(std::string(kPrivateCheckpointPath));
  auto opened = Log::Open(t.store(), MakeSigner());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kCorrupt) << opened.error().ToString();
  EXPECT_THAT(opened.error().message, HasSubstr(std::string(kPrivateCheckpointPath)));
}

TEST(LogTest, MissingPublicCheckpointIsRepublished) {
  // A crash between the private and the public write of Create.
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 30)));
  const std::string latest = t.log().signed_checkpoint();
  t.store().Delete(std::string(kCheckpointPath));
  t.Reopen();
  EXPECT_EQ(*t.store().Read(kCheckpointPath), latest);
  t.CheckInvariants();
}

TEST(LogTest, UnreadableTileIsReportedAsTheStoreSaysNotAsCorruption) {
  // kCorrupt means "stop and tell a human"; an I/O error may pass.
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 300)));
  const Checkpoint checkpoint = t.log().checkpoint();
  for (std::string path : {"tile/0/000", "tile/entries/000", "tile/0/001.p/44",
                           "tile/1/000.p/1", "tile/entries/001.p/44"}) {
    SCOPED_TRACE(path);
    t.store().FailReadsOf(path, core::Unavailable(path + ": input/output error"));
    auto opened = Log::Open(t.store(), MakeSigner());
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable) << opened.error().ToString();
    EXPECT_THAT(opened.error().message, HasSubstr(path + ": input/output error"));
    auto stored = VerifyStoredLog(t.store(), checkpoint);
    ASSERT_FALSE(stored);
    EXPECT_EQ(stored.error().code, ErrorCode::kUnavailable) << stored.error().ToString();
    t.store().FailReadsOf(path, core::NotFound(path + ": no such file"));
    auto missing = Log::Open(t.store(), MakeSigner());
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kCorrupt) << missing.error().ToString();
    EXPECT_THAT(missing.error().message, HasSubstr(path + ": missing"));
    t.store().FailReadsOf(path, std::nullopt);
  }
  t.CheckInvariants();
}

TEST(LogTest, WithoutVerifyEverythingOnlyTheRightEdgeIsChecked) {
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 300)));
  const std::string full = *t.store().Read("tile/0/000");
  t.store().Overwrite("tile/0/000", std::string(8192, 'x'));
  auto quick = Log::Open(t.store(), MakeSigner(), OpenOptions{.verify_everything = false});
  EXPECT_TRUE(quick) << "a full tile is not read on a quick open";
  auto thorough = Log::Open(t.store(), MakeSigner());
  ASSERT_FALSE(thorough);
  EXPECT_THAT(thorough.error().message, HasSubstr("tile/0/000"));
  t.store().Overwrite("tile/0/000", full);

  const std::string edge = *t.store().Read("tile/0/001.p/44");
  std::string bad = edge;
  bad[40] ^= 0x01;
  t.store().Overwrite("tile/0/001.p/44", bad);
  auto edge_checked = Log::Open(t.store(), MakeSigner(), OpenOptions{.verify_everything = false});
  ASSERT_FALSE(edge_checked);
  EXPECT_EQ(edge_checked.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(edge_checked.error().message, HasSubstr("tile/0/001.p/44"));
  EXPECT_THAT(edge_checked.error().message, HasSubstr("entry 257"));
  t.store().Overwrite("tile/0/001.p/44", edge);

  const std::string top = *t.store().Read("tile/1/000.p/1");
  t.store().Overwrite("tile/1/000.p/1", std::string(32, 'y'));
  auto top_checked = Log::Open(t.store(), MakeSigner(), OpenOptions{.verify_everything = false});
  ASSERT_FALSE(top_checked);
  EXPECT_EQ(top_checked.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(top_checked.error().message, HasSubstr("tile/1/000.p/1"));
  t.store().Overwrite("tile/1/000.p/1", top);
  t.CheckInvariants();
}

// ---- Checkpoint replay, rollback and forks ----------------------------------

TEST(LogTest, ReplayedOldPublicCheckpointIsReplacedByTheLatest) {
  TestLog t;
  std::vector<std::string> notes = {t.log().signed_checkpoint()};
  for (std::uint64_t batch : {10u, 300u, 5u}) {
    ASSERT_TRUE(t.Append(Entries(t.size(), batch)));
    notes.push_back(t.log().signed_checkpoint());
  }
  for (std::size_t old = 0; old + 1 < notes.size(); ++old) {
    t.store().Overwrite(std::string(kCheckpointPath), notes[old]);
    auto opened = Log::Open(t.store(), MakeSigner());
    ASSERT_TRUE(opened) << opened.error().ToString();
    EXPECT_EQ((*opened)->signed_checkpoint(), notes.back());
    EXPECT_EQ(*t.store().Read(kCheckpointPath), notes.back()) << "not republished";
  }
  t.CheckInvariants();
}

TEST(LogTest, PublicCheckpointNewerThanThePrivateOneIsCorrupt) {
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 10)));
  const std::string older = t.log().signed_checkpoint();
  ASSERT_TRUE(t.Append(Entries(10, 10)));
  t.store().Overwrite(std::string(kPrivateCheckpointPath), older);
  auto opened = Log::Open(t.store(), MakeSigner());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(opened.error().message, HasSubstr("size 20"));
  EXPECT_THAT(opened.error().message, HasSubstr("rolled back"));
}

// A second log under the same key with other entries: what a forked log
// would have signed.
std::string ForkedNote(std::uint64_t size) {
  MemoryTileStore store;
  EXPECT_TRUE(Log::Create(store, MakeSigner()));
  auto log = Log::Open(store, MakeSigner());
  EXPECT_TRUE(log);
  EXPECT_TRUE((*log)->AppendBatch(Entries(0, size, "forked")));
  return (*log)->signed_checkpoint();
}

TEST(LogTest, TwoRootsForOneSizeAreASplitView) {
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 20)));
  const std::string forked = ForkedNote(20);
  const std::string ours = t.log().signed_checkpoint();
  for (std::string_view where : {kCheckpointPath, kPrivateCheckpointPath}) {
    t.store().Overwrite(std::string(where), forked);
    auto opened = Log::Open(t.store(), MakeSigner());
    ASSERT_FALSE(opened) << where;
    EXPECT_EQ(opened.error().code, ErrorCode::kCorrupt);
    EXPECT_THAT(opened.error().message, HasSubstr("split view"));
    EXPECT_THAT(opened.error().message, HasSubstr("20"));
    t.store().Overwrite(std::string(where), ours);
  }
  t.CheckInvariants();
}

TEST(LogTest, OlderPublicCheckpointOfAnotherTreeIsASplitView) {
  // Validly signed, older, but not a prefix of our tree: republishing over
  // it would hide the evidence of a fork.
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 20)));
  ASSERT_TRUE(t.Append(Entries(20, 20)));
  t.store().Overwrite(std::string(kCheckpointPath), ForkedNote(20));
  auto opened = Log::Open(t.store(), MakeSigner());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kCorrupt) << opened.error().ToString();
  EXPECT_THAT(opened.error().message, HasSubstr("checkpoint"));
  EXPECT_THAT(opened.error().message, HasSubstr("size 20"));
}

// ---- Failed writes --------------------------------------------------------

TEST(LogTest, FailedWriteLeavesTheLogUnchangedAndTheNextBatchSucceeds) {
  const std::vector<std::string> lost = Entries(300, 300, "lost");
  // How many files that batch writes: its bundles and tiles, then the
  // private and the public checkpoint.
  std::uint64_t writes_per_batch = 0;
  {
    TestLog probe;
    ASSERT_TRUE(probe.Append(Entries(0, 300)));
    std::uint64_t before = probe.store().file_writes();
    ASSERT_TRUE(probe.Append(lost));
    writes_per_batch = probe.store().file_writes() - before;
  }
  // entries/001, tile/0/001, tile/0/002.p/88, tile/1/000.p/2,
  // entries/002.p/88, private/checkpoint, checkpoint.
  ASSERT_EQ(writes_per_batch, 7u);

  for (bool reopen : {false, true}) {
    for (Landing landing : {Landing::kLost, Landing::kPersisted}) {
      for (std::uint64_t n = 1; n <= writes_per_batch; ++n) {
        SCOPED_TRACE("write " + std::to_string(n) +
                     (landing == Landing::kLost ? " lost" : " persisted") +
                     (reopen ? ", then a restart" : ", same process"));
        TestLog t;
        ASSERT_TRUE(t.Append(Entries(0, 300)));
        const Checkpoint before = t.log().checkpoint();
        const std::string note_before = t.log().signed_checkpoint();

        t.store().FailFileWrite(n, landing);
        auto failed = t.log().AppendBatch(lost);
        ASSERT_FALSE(failed);
        EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
        EXPECT_THAT(failed.error().message, HasSubstr("injected fault"));
        const char* step = n <= writes_per_batch - 2 ? "append: write tiles"
                           : n == writes_per_batch - 1 ? "append: write private checkpoint"
                                                       : "append: write checkpoint";
        EXPECT_THAT(failed.error().message, StartsWith(step));
        // Nothing acknowledged: the log answers for the old tree.
        EXPECT_EQ(t.log().checkpoint(), before);
        EXPECT_EQ(t.log().signed_checkpoint(), note_before);
        t.CheckReads();

        // The batch's checkpoint is on disk when the private write landed.
        const bool landed = n == writes_per_batch ||
                            (n == writes_per_batch - 1 && landing == Landing::kPersisted);
        if (reopen) t.Reopen();
        const std::vector<std::string> next = Entries(0, 10, "next");
        auto appended = t.log().AppendBatch(next);
        ASSERT_TRUE(appended) << appended.error().ToString();
        // A checkpoint that reached the store is never contradicted: its
        // batch stays, and the next one follows it.
        if (landed) t.Adopt(lost);
        t.Record(next, *appended);
        t.CheckInvariants();
        if (::testing::Test::HasFatalFailure()) return;
      }
    }
  }
}

TEST(LogTest, FailedCheckpointWriteThatCannotBeReReadBlocksAppendsUntilItCan) {
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 5)));
  t.store().FailFileWrite(4, Landing::kLost);  // 2 tiles + private, then public
  ASSERT_FALSE(t.log().AppendBatch(Entries(5, 5, "lost")));
  // The store cannot even be read now: no append may sign anything.
  t.store().FailReads(core::Unavailable("disk gone"));
  auto blocked = t.log().AppendBatch(Entries(0, 1, "next"));
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::kUnavailable);
  t.store().FailReads(std::nullopt);
  auto appended = t.log().AppendBatch(Entries(0, 1, "next"));
  ASSERT_TRUE(appended) << appended.error().ToString();
  t.Adopt(Entries(5, 5, "lost"));
  t.Record(Entries(0, 1, "next"), *appended);
  t.CheckInvariants();
}

TEST(LogTest, CheckpointRolledBackAfterAFailedWriteIsCorrupt) {
  TestLog t;
  ASSERT_TRUE(t.Append(Entries(0, 5)));
  const std::string older = t.log().signed_checkpoint();
  ASSERT_TRUE(t.Append(Entries(5, 5)));
  t.store().FailFileWrite(3, Landing::kLost);  // the private checkpoint
  ASSERT_FALSE(t.log().AppendBatch(Entries(10, 5)));
  // Before the log re-reads it, the private copy goes back in time.
  t.store().Overwrite(std::string(kPrivateCheckpointPath), older);
  auto appended = t.log().AppendBatch(Entries(10, 5));
  ASSERT_FALSE(appended);
  EXPECT_EQ(appended.error().code, ErrorCode::kCorrupt) << appended.error().ToString();
  EXPECT_THAT(appended.error().message, HasSubstr("private/checkpoint: size 5"));
  EXPECT_EQ(t.log().size(), 10u);
}

TEST(LogTest, CrashInCreateBetweenTheTwoCheckpointsIsRepairedOnOpen) {
  FaultyTileStore store;
  store.FailFileWrite(2, Landing::kLost);
  ASSERT_FALSE(Log::Create(store, MakeSigner()));
  EXPECT_FALSE(store.Read(kCheckpointPath));
  auto log = Log::Open(store, MakeSigner());
  ASSERT_TRUE(log) << log.error().ToString();
  EXPECT_EQ(*store.Read(kCheckpointPath), *store.Read(kPrivateCheckpointPath));
  EXPECT_EQ((*log)->size(), 0u);
}

// ---- Concurrency ------------------------------------------------------------

TEST(LogTest, ProofsAndEntriesReadWhileAppendingVerify) {
  // One writer appends; two readers prove and read against whatever
  // checkpoint they see. The readers check against a MemoryTree built
  // beforehand over every entry the writer will append (read-only here).
  constexpr int kBatches = 120;
  std::vector<std::uint64_t> batch_sizes;
  std::uint64_t total = 0;
  for (int i = 0; i < kBatches; ++i) {
    batch_sizes.push_back(static_cast<std::uint64_t>(i * 97 % 400 + 1));
    total += batch_sizes.back();
  }
  MemoryTree expected;
  for (std::uint64_t i = 0; i < total; ++i) expected.Append(LeafHash(Entry(i)));

  TestLog t;
  std::atomic<bool> done{false};
  std::atomic<std::uint64_t> checks{0};
  auto reader = [&](std::uint64_t seed) {
    std::uint64_t state = seed;
    auto next = [&state](std::uint64_t bound) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      return (state >> 17) % bound;
    };
    while (!done.load()) {
      Checkpoint checkpoint = t.log().checkpoint();
      const std::uint64_t n = checkpoint.tree_size;
      if (n == 0) continue;
      ASSERT_EQ(checkpoint.root_hash, *expected.RootAt(n));
      std::uint64_t index = next(n);
      auto proof = t.log().ProveInclusion(index, n);
      ASSERT_TRUE(proof) << proof.error().ToString();
      ASSERT_TRUE(VerifyInclusion(index, n, LeafHash(Entry(index)), *proof, checkpoint.root_hash));
      std::uint64_t old = next(n + 1);
      auto consistency = t.log().ProveConsistency(old, n);
      ASSERT_TRUE(consistency) << consistency.error().ToString();
      ASSERT_TRUE(VerifyConsistency(old, n, *expected.RootAt(old), checkpoint.root_hash,
                                    *consistency));
      auto root = t.log().RootAt(old);
      ASSERT_TRUE(root) << root.error().ToString();
      ASSERT_EQ(*root, *expected.RootAt(old));
      auto entry = t.log().ReadEntry(index);
      ASSERT_TRUE(entry) << entry.error().ToString();
      ASSERT_EQ(*entry, Entry(index));
      checks.fetch_add(1);
    }
  };
  std::thread first(reader, 1), second(reader, 2);
  for (std::uint64_t batch : batch_sizes) {
    auto receipt = t.Append(Entries(t.size(), batch));
    if (!receipt) {
      ADD_FAILURE() << receipt.error().ToString();
      break;
    }
  }
  done.store(true);
  first.join();
  second.join();
  EXPECT_GT(checks.load(), 0u);
  t.CheckInvariants();
}

// ---- TileHashReader and RootFromEdge (tile_hash_reader.h) ------------------

// The partial hashes of every tile level of the first `size` leaves, taken
// from the in-memory RFC 9162 tree.
RightEdge EdgeOf(const MemoryTree& tree, std::uint64_t size) {
  RightEdge edge;
  edge.tree_size = size;
  for (std::uint8_t level = 0; HashesAtTileLevel(level, size) > 0; ++level) {
    const std::uint64_t count = HashesAtTileLevel(level, size);
    std::vector<NodeId> ids;
    for (std::uint64_t i = count / kTileWidth * kTileWidth; i < count; ++i)
      ids.push_back({static_cast<std::uint8_t>(kTileHeight * level), i});
    auto hashes = tree.ReadHashes(ids);
    EXPECT_TRUE(hashes) << hashes.error().ToString();
    edge.levels.push_back(std::move(*hashes));
  }
  return edge;
}

TEST(RootFromEdgeTest, IsTheRfcRootAtEverySize) {
  MemoryTree tree;
  for (std::uint64_t i = 0; i < 70000; ++i) tree.Append(LeafHash(Entry(i)));
  std::vector<std::uint64_t> sizes;
  for (std::uint64_t size = 0; size <= 1100; ++size) sizes.push_back(size);
  for (std::uint64_t size = 65530; size <= 65540; ++size) sizes.push_back(size);
  for (std::uint64_t size = 69990; size <= 70000; ++size) sizes.push_back(size);
  for (std::uint64_t size : sizes) {
    Hash expected = *tree.RootAt(size);
    EXPECT_EQ(RootFromEdge(EdgeOf(tree, size)), expected) << "size " << size;
  }
}

class TileHashReaderTest : public ::testing::Test {
 protected:
  // 65,836 = 65,536 + 300: nodes complete up to tree level 16.
  static constexpr std::uint64_t kSize = 65836;

  void SetUp() override {
    ASSERT_TRUE(Log::Create(store_, MakeSigner()));
    auto log = Log::Open(store_, MakeSigner());
    ASSERT_TRUE(log);
    ASSERT_TRUE((*log)->AppendBatch(Entries(0, 40000)));
    ASSERT_TRUE((*log)->AppendBatch(Entries(40000, kSize - 40000)));
    for (std::uint64_t i = 0; i < kSize; ++i) tree_.Append(LeafHash(Entry(i)));
    auto edge = LoadRightEdge(store_, kSize);
    ASSERT_TRUE(edge) << edge.error().ToString();
    edge_ = std::make_shared<const RightEdge>(std::move(*edge));
  }

  FaultyTileStore store_;
  MemoryTree tree_;
  std::shared_ptr<const RightEdge> edge_;
};

TEST_F(TileHashReaderTest, GivesEveryCompleteSubtreeLikeTheMemoryTree) {
  // A two-tile cache forces evictions on the way.
  TileHashReader reader(store_, 2);
  reader.SetEdge(edge_);
  std::vector<NodeId> ids;
  for (std::uint8_t level = 0; level <= 16; ++level) {
    const std::uint64_t count = kSize >> level;
    const std::uint64_t step = count > 3000 ? count / 997 : 1;
    for (std::uint64_t i = 0; i < count; i += step) ids.push_back({level, i});
    ids.push_back({level, count - 1});
  }
  ids.push_back(ids.front());  // repeats are allowed
  auto got = reader.ReadHashes(ids);
  ASSERT_TRUE(got) << got.error().ToString();
  auto want = tree_.ReadHashes(ids);
  ASSERT_TRUE(want);
  ASSERT_EQ(got->size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i)
    EXPECT_EQ((*got)[i], (*want)[i]) << "node " << +ids[i].level << "/" << ids[i].index;
  EXPECT_EQ(*TreeHash(kSize, reader), tree_.Root());
  EXPECT_EQ(*TreeHash(12345, reader), *tree_.RootAt(12345));
}

TEST_F(TileHashReaderTest, NodesBeyondTheTreeAreNotFoundWithoutReadingTheStore) {
  TileHashReader reader(store_);
  reader.SetEdge(edge_);
  const NodeId beyond[] = {
      {0, kSize},
      {8, kSize >> 8},
      {16, 1},
      {17, 0},
      {63, 0},
      {255, 0},
      {0, std::numeric_limits<std::uint64_t>::max()},
      {7, std::numeric_limits<std::uint64_t>::max() >> 7},
      {15, std::numeric_limits<std::uint64_t>::max() >> 15},
  };
  for (const NodeId& id : beyond) {
    const std::uint64_t reads_before = store_.reads();
    auto got = reader.ReadHashes(std::span<const NodeId>(&id, 1));
    ASSERT_FALSE(got) << +id.level << "/" << id.index;
    EXPECT_EQ(got.error().code, ErrorCode::kNotFound) << got.error().ToString();
    EXPECT_EQ(store_.reads(), reads_before) << +id.level << "/" << id.index;
  }
}

TEST_F(TileHashReaderTest, WithoutATreeItIsAnInternalError) {
  TileHashReader reader(store_);
  const NodeId id{0, 0};
  auto got = reader.ReadHashes(std::span<const NodeId>(&id, 1));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kInternal);
}

TEST_F(TileHashReaderTest, DamagedFullTileIsCorruptNamingIt) {
  store_.Overwrite("tile/1/000", std::string(100, 'x'));
  TileHashReader reader(store_);
  reader.SetEdge(edge_);
  const NodeId id{9, 3};
  auto got = reader.ReadHashes(std::span<const NodeId>(&id, 1));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(got.error().message, HasSubstr("tile/1/000"));
}

}  // namespace
}  // namespace accord::ledger
