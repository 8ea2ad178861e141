#include "ledger/group_commit.h"

#include <memory>
#include <vector>

#include "ledger/tile.h"

namespace accord::ledger {

GroupCommitter::GroupCommitter(Log& log, std::size_t max_batch)
    : log_(log), max_batch_(max_batch == 0 ? 1 : max_batch), thread_([this] { Run(); }) {}

GroupCommitter::~GroupCommitter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void GroupCommitter::Append(std::string entry, CommitCallback done) {
  if (entry.size() > kMaxEntryBytes) {
    done(core::InvalidArgument("entry is " + std::to_string(entry.size()) +
                               " bytes; the tile format allows at most " +
                               std::to_string(kMaxEntryBytes)));
    return;
  }
  bool queued = false;
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back({std::move(entry), std::move(done)});
      queued = true;
    }
  }
  if (queued) {
    wake_.notify_one();
    return;
  }
  // Outside the lock, like every other callback: one that called back into
  // the committer would otherwise deadlock.
  done(core::Unavailable("the log is shutting down"));
}

core::Result<CommittedEntry> GroupCommitter::AppendAndWait(std::string entry) {
  // The callback owns the promise: the waiter may return (and unwind its
  // stack) as soon as set_value makes the answer ready, while set_value is
  // still running on the committer's thread.
  auto promise = std::make_shared<std::promise<core::Result<CommittedEntry>>>();
  auto answer = promise->get_future();
  Append(std::move(entry), [promise](core::Result<CommittedEntry> result) {
    promise->set_value(std::move(result));
  });
  return answer.get();
}

std::uint64_t GroupCommitter::batches_committed() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

void GroupCommitter::Run() {
  std::vector<Pending> batch;
  std::vector<std::string> entries;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything is committed
      // Take whatever queued while the previous batch was being written:
      // that is the whole trick of group commit.
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    entries.clear();
    for (auto& pending : batch) entries.push_back(std::move(pending.entry));
    auto receipt = log_.AppendBatch(entries);
    {
      std::lock_guard lock(mutex_);
      if (receipt) ++batches_;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (receipt)
        batch[i].done(CommittedEntry{receipt->first_index + i, receipt->checkpoint});
      else
        batch[i].done(receipt.error());
    }
    batch.clear();
  }
}

}  // namespace accord::ledger
