// Unit tests of ledger/group_commit.h: many writers, one committer thread,
// batches over Log::AppendBatch. The store is memory tiles behind a wrapper
// that can hold tile writes at a gate (so a test decides what queues up
// behind a batch in flight) and inject write failures. After each scenario
// the whole stored log is re-verified (VerifyStoredLog) and every
// acknowledged entry is read back at its index.
#include "ledger/group_commit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/crypto.h"
#include "ledger/log.h"
#include "ledger/merkle.h"
#include "ledger/tile.h"
#include "ledger/tile_store.h"

namespace accord::ledger {
namespace {

using core::ErrorCode;
using ::testing::HasSubstr;

constexpr std::string_view kOrigin = "log.example/group-commit-test";

NoteSigner LogSigner() {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(0x77);
  auto key = core::Ed25519PrivateKey::FromSeed(seed);
  EXPECT_TRUE(key);
  auto signer = NoteSigner::Create(std::string(kOrigin), SignatureType::kEd25519, std::move(*key));
  EXPECT_TRUE(signer) << signer.error().ToString();
  return std::move(*signer);
}

bool IsTileWrite(std::span<const TileWrite> writes) {
  for (const auto& write : writes)
    if (write.path.rfind("tile/", 0) == 0) return true;
  return false;
}

// Memory tiles with a gate for tile writes and one-shot faults. A write of
// the log's tiles (the first of AppendBatch's three writes) decides whether
// it fails when it starts, then waits at the gate if the gate is held.
class ControllableStore final : public TileStore {
 public:
  core::Result<std::string> Read(std::string_view path) const override { return inner_.Read(path); }

  core::Status WriteAll(std::span<const TileWrite> writes) override {
    const bool tiles = IsTileWrite(writes);
    bool fail = false;
    bool fail_after_writing = false;
    {
      std::unique_lock lock(mutex_);
      if (tiles) {
        ++tile_writes_started_;
        fail = std::exchange(fail_next_tile_write_, false);
        changed_.notify_all();
        changed_.wait(lock, [this] { return !held_; });
      } else {
        fail_after_writing = std::exchange(fail_next_checkpoint_write_but_persist_, false);
      }
    }
    if (fail) return core::Unavailable("injected tile write failure");
    if (auto written = inner_.WriteAll(writes); !written) return written;
    if (fail_after_writing) return core::Unavailable("injected failure after the write landed");
    return core::Ok();
  }

  void Hold() {
    std::lock_guard lock(mutex_);
    held_ = true;
  }
  void Release() {
    {
      std::lock_guard lock(mutex_);
      held_ = false;
    }
    changed_.notify_all();
  }
  // Waits until `count` tile writes have started (and, if held, wait).
  void WaitForTileWrites(int count) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return tile_writes_started_ >= count; });
  }
  void FailNextTileWrite() {
    std::lock_guard lock(mutex_);
    fail_next_tile_write_ = true;
  }
  void FailNextCheckpointWriteButPersist() {
    std::lock_guard lock(mutex_);
    fail_next_checkpoint_write_but_persist_ = true;
  }
  const MemoryTileStore& inner() const { return inner_; }

 private:
  MemoryTileStore inner_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool held_ = false;
  int tile_writes_started_ = 0;
  bool fail_next_tile_write_ = false;
  bool fail_next_checkpoint_write_but_persist_ = false;
};

// Answers collected from callbacks, which run on the committer's thread.
class Answers {
 public:
  CommitCallback For(std::size_t slot) {
    {
      std::lock_guard lock(mutex_);
      if (answers_.size() <= slot) answers_.resize(slot + 1);
    }
    return [this, slot](core::Result<CommittedEntry> result) {
      {
        std::lock_guard lock(mutex_);
        answers_[slot] = std::move(result);
        ++done_;
      }
      changed_.notify_all();
    };
  }
  void WaitFor(std::size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return done_ >= count; });
  }
  std::size_t done() {
    std::lock_guard lock(mutex_);
    return done_;
  }
  const core::Result<CommittedEntry>& operator[](std::size_t slot) {
    std::lock_guard lock(mutex_);
    EXPECT_TRUE(answers_.at(slot).has_value()) << "no answer for slot " << slot;
    return *answers_.at(slot);
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::optional<core::Result<CommittedEntry>>> answers_;
  std::size_t done_ = 0;
};

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NoteSigner signer = LogSigner();
    ASSERT_TRUE(Log::Create(store_, signer));
    auto opened = Log::Open(store_, std::move(signer));
    ASSERT_TRUE(opened) << opened.error().ToString();
    log_ = std::move(*opened);
  }

  // The whole stored log re-hashes to its checkpoint, and `entries[i]` is
  // the entry at index i.
  void CheckLog(const std::map<std::uint64_t, std::string>& entries) {
    EXPECT_TRUE(VerifyStoredLog(store_.inner(), log_->checkpoint()));
    for (const auto& [index, entry] : entries) {
      auto stored = log_->ReadEntry(index);
      ASSERT_TRUE(stored) << index << ": " << stored.error().ToString();
      EXPECT_EQ(*stored, entry) << index;
    }
  }

  ControllableStore store_;
  std::unique_ptr<Log> log_;
};

// --- batching under concurrency ------------------------------------------------

TEST_F(GroupCommitTest, ConcurrentWritersEachGetTheirOwnIndexAndACoveringCheckpoint) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 500;
  constexpr std::size_t kTotal = kThreads * kPerThread;
  struct Outcome {
    std::string entry;
    std::optional<core::Result<CommittedEntry>> result;
  };
  std::vector<std::vector<Outcome>> outcomes(kThreads, std::vector<Outcome>(kPerThread));
  // Async callbacks record the order in which they ran (one thread runs
  // them all, so no lock is needed; the latch publishes the writes).
  std::vector<std::uint64_t> callback_order;
  callback_order.reserve(kTotal);
  std::latch async_done(kThreads / 2 * kPerThread);
  {
    GroupCommitter committer(*log_);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          Outcome& outcome = outcomes[t][i];
          outcome.entry = "thread " + std::to_string(t) + " entry " + std::to_string(i);
          if (t % 2 == 0) {
            outcome.result = committer.AppendAndWait(outcome.entry);
          } else {
            Outcome* slot = &outcome;
            committer.Append(outcome.entry, [slot, &callback_order,
                                             &async_done](core::Result<CommittedEntry> result) {
              if (result) callback_order.push_back(result->index);
              slot->result = std::move(result);
              async_done.count_down();
            });
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
    async_done.wait();
    const std::uint64_t batches = committer.batches_committed();
    RecordProperty("batches", std::to_string(batches));
    EXPECT_GE(batches, 1u);
    EXPECT_LT(batches, kTotal) << "no two entries ever shared a batch";
  }

  std::map<std::uint64_t, std::string> by_index;
  std::map<std::uint64_t, Checkpoint> checkpoint_of;
  for (int t = 0; t < kThreads; ++t) {
    std::uint64_t previous = 0;
    for (int i = 0; i < kPerThread; ++i) {
      const Outcome& outcome = outcomes[t][i];
      ASSERT_TRUE(outcome.result.has_value()) << t << "/" << i;
      ASSERT_TRUE(*outcome.result) << outcome.result->error().ToString();
      const CommittedEntry& committed = **outcome.result;
      EXPECT_TRUE(by_index.emplace(committed.index, outcome.entry).second)
          << "index " << committed.index << " given twice";
      EXPECT_GT(committed.checkpoint.tree_size, committed.index);
      EXPECT_EQ(committed.checkpoint.origin, kOrigin);
      checkpoint_of[committed.index] = committed.checkpoint;
      // One thread's appends are committed in the order it made them.
      if (i > 0) {
        EXPECT_GT(committed.index, previous) << t << "/" << i;
      }
      previous = committed.index;
    }
  }
  ASSERT_EQ(by_index.size(), kTotal);
  EXPECT_EQ(by_index.begin()->first, 0u);
  EXPECT_EQ(by_index.rbegin()->first, kTotal - 1);
  EXPECT_EQ(log_->size(), kTotal);
  EXPECT_TRUE(std::is_sorted(callback_order.begin(), callback_order.end()));

  // The checkpoint given is the first that covers the entry: the entries
  // sharing a checkpoint of size S are exactly those from the previous
  // checkpoint's size up to S, and each root is the tree's at S.
  MemoryTree tree;
  for (const auto& [index, entry] : by_index) tree.Append(LeafHash(entry));
  std::uint64_t batch_start = 0;
  for (const auto& [index, checkpoint] : checkpoint_of) {
    if (index == checkpoint.tree_size - 1) {
      for (std::uint64_t i = batch_start; i <= index; ++i)
        EXPECT_EQ(checkpoint_of[i].tree_size, checkpoint.tree_size) << i;
      auto root = tree.RootAt(checkpoint.tree_size);
      ASSERT_TRUE(root);
      EXPECT_EQ(checkpoint.root_hash, *root) << checkpoint.tree_size;
      batch_start = index + 1;
    }
  }
  EXPECT_EQ(batch_start, kTotal);
  CheckLog(by_index);
}

TEST_F(GroupCommitTest, ALoneEntryIsCommittedAtOnce) {
  GroupCommitter committer(*log_);
  auto committed = committer.AppendAndWait("only");
  ASSERT_TRUE(committed) << committed.error().ToString();
  EXPECT_EQ(committed->index, 0u);
  EXPECT_EQ(committed->checkpoint.tree_size, 1u);
  EXPECT_EQ(committed->checkpoint.root_hash, LeafHash("only"));  // RFC 9162: MTH({d}) = leaf hash
  EXPECT_EQ(committer.batches_committed(), 1u);
  CheckLog({{0, "only"}});
}

TEST_F(GroupCommitTest, EntriesQueuedBehindABatchShareTheNextOneUpToMaxBatch) {
  Answers answers;
  {
    GroupCommitter committer(*log_, /*max_batch=*/3);
    store_.Hold();
    committer.Append("e0", answers.For(0));
    store_.WaitForTileWrites(1);  // e0's batch is in flight, held at the gate
    for (std::size_t i = 1; i <= 10; ++i) committer.Append("e" + std::to_string(i), answers.For(i));
    store_.Release();
    answers.WaitFor(11);
    EXPECT_EQ(committer.batches_committed(), 5u);  // {e0}, then 10 entries in batches of 3
  }
  // Batches {e1..e3}, {e4..e6}, {e7..e9}, {e10}: each answer names its
  // batch's checkpoint.
  const std::array<std::uint64_t, 11> sizes = {1, 4, 4, 4, 7, 7, 7, 10, 10, 10, 11};
  std::map<std::uint64_t, std::string> entries;
  for (std::size_t i = 0; i <= 10; ++i) {
    ASSERT_TRUE(answers[i]) << answers[i].error().ToString();
    EXPECT_EQ(answers[i]->index, i);
    EXPECT_EQ(answers[i]->checkpoint.tree_size, sizes[i]) << i;
    entries[i] = "e" + std::to_string(i);
  }
  CheckLog(entries);
}

// --- failures --------------------------------------------------------------------

TEST_F(GroupCommitTest, AnOversizeEntryFailsAloneAndAtOnce) {
  Answers answers;
  GroupCommitter committer(*log_);
  store_.Hold();
  committer.Append("e0", answers.For(0));
  store_.WaitForTileWrites(1);
  committer.Append("a", answers.For(1));
  // Refused in Append itself, before anything is queued.
  committer.Append(std::string(kMaxEntryBytes + 1, 'x'), answers.For(2));
  EXPECT_EQ(answers.done(), 1u);
  const std::string largest(kMaxEntryBytes, 'y');  // exactly the uint16 limit: accepted
  committer.Append(largest, answers.For(3));
  store_.Release();
  answers.WaitFor(4);

  ASSERT_FALSE(answers[2].has_value());
  EXPECT_EQ(answers[2].error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(answers[2].error().message, HasSubstr("65536 bytes"));
  EXPECT_THAT(answers[2].error().message, HasSubstr("65535"));
  ASSERT_TRUE(answers[0]) << answers[0].error().ToString();
  ASSERT_TRUE(answers[1]) << answers[1].error().ToString();
  ASSERT_TRUE(answers[3]) << answers[3].error().ToString();
  EXPECT_EQ(answers[1]->index, 1u);
  EXPECT_EQ(answers[3]->index, 2u);
  EXPECT_EQ(answers[3]->checkpoint.tree_size, 3u);  // "a" and the largest shared a batch
  EXPECT_EQ(committer.batches_committed(), 2u);
  CheckLog({{0, "e0"}, {1, "a"}, {2, largest}});
}

TEST_F(GroupCommitTest, AStoreFailureFailsExactlyTheEntriesOfItsBatch) {
  Answers answers;
  GroupCommitter committer(*log_);
  store_.Hold();
  committer.Append("e0", answers.For(0));
  store_.WaitForTileWrites(1);  // e0's batch decided not to fail, and waits
  for (std::size_t i = 1; i <= 10; ++i) committer.Append("e" + std::to_string(i), answers.For(i));
  store_.FailNextTileWrite();  // the batch of e1..e10
  store_.Release();
  answers.WaitFor(11);

  ASSERT_TRUE(answers[0]) << answers[0].error().ToString();
  EXPECT_EQ(answers[0]->index, 0u);
  for (std::size_t i = 1; i <= 10; ++i) {
    ASSERT_FALSE(answers[i].has_value()) << i;
    EXPECT_EQ(answers[i].error().code, ErrorCode::kUnavailable);
    EXPECT_THAT(answers[i].error().message, HasSubstr("injected tile write failure"));
  }
  EXPECT_EQ(committer.batches_committed(), 1u);
  EXPECT_EQ(log_->size(), 1u);

  // The committer goes on; the next entries take the positions the failed
  // batch did not get.
  auto after = committer.AppendAndWait("after");
  ASSERT_TRUE(after) << after.error().ToString();
  EXPECT_EQ(after->index, 1u);
  auto again = committer.AppendAndWait("e1");  // a writer retrying
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->index, 2u);
  CheckLog({{0, "e0"}, {1, "after"}, {2, "e1"}});
}

TEST_F(GroupCommitTest, ABatchWhoseCheckpointWriteFailedAfterLandingIsInTheLog) {
  // Log::AppendBatch's contract: a failed checkpoint write may have landed,
  // and the next batch continues from what the store holds. The writers of
  // that batch were told it failed although their entries are in the log,
  // so a writer that retries may append its entry twice.
  GroupCommitter committer(*log_);
  ASSERT_TRUE(committer.AppendAndWait("x0"));
  store_.FailNextCheckpointWriteButPersist();
  auto failed = committer.AppendAndWait("x1");
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
  auto next = committer.AppendAndWait("x2");
  ASSERT_TRUE(next) << next.error().ToString();
  EXPECT_EQ(next->index, 2u);
  CheckLog({{0, "x0"}, {1, "x1"}, {2, "x2"}});
}

// --- callbacks and shutdown ----------------------------------------------------

TEST_F(GroupCommitTest, ACallbackMayAppendAgain) {
  Answers answers;
  GroupCommitter committer(*log_);
  committer.Append("first", [&](core::Result<CommittedEntry> result) {
    EXPECT_TRUE(result);
    EXPECT_GE(committer.batches_committed(), 1u);
    committer.Append("second", answers.For(0));
  });
  answers.WaitFor(1);
  ASSERT_TRUE(answers[0]) << answers[0].error().ToString();
  EXPECT_EQ(answers[0]->index, 1u);
}

TEST_F(GroupCommitTest, DestructionCommitsEverythingQueued) {
  constexpr std::size_t kQueued = 100;
  Answers answers;
  auto committer = std::make_unique<GroupCommitter>(*log_);
  store_.Hold();
  committer->Append("e0", answers.For(0));
  store_.WaitForTileWrites(1);
  for (std::size_t i = 1; i <= kQueued; ++i)
    committer->Append("e" + std::to_string(i), answers.For(i));
  // Open the gate only once the destructor has (almost certainly) begun, so
  // that it finds the queue full. Were the order reversed, the test would
  // still pass, only without testing the drain.
  std::thread opener([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    store_.Release();
  });
  committer.reset();
  opener.join();
  ASSERT_EQ(answers.done(), kQueued + 1);
  std::map<std::uint64_t, std::string> entries;
  for (std::size_t i = 0; i <= kQueued; ++i) {
    ASSERT_TRUE(answers[i]) << i << ": " << answers[i].error().ToString();
    EXPECT_EQ(answers[i]->index, i);
    entries[i] = "e" + std::to_string(i);
  }
  EXPECT_EQ(log_->size(), kQueued + 1);
  CheckLog(entries);
}

}  // namespace
}  // namespace accord::ledger
