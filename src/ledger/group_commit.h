// Group commit for the log: many writers hand entries over one at a time;
// one thread appends whatever has queued up as a single batch (one round of
// syncs and one signed checkpoint for all of them), then answers each
// writer with its entry's index and the checkpoint that covers it. Under
// load batches grow by themselves, so the cost of durability is shared;
// when idle, a lone entry is committed at once.
//
// Thread-safety: Append may be called from any thread. Callbacks run on the
// committer's thread, in order of index; they must not block for long, and
// may call Append. The callback of an entry refused outright (too long, or
// after shutdown began) runs at once on the caller's thread, inside Append.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.h"
#include "ledger/log.h"

namespace accord::ledger {

struct CommittedEntry {
  std::uint64_t index = 0;
  Checkpoint checkpoint;  // the first checkpoint that covers the entry
};

using CommitCallback = std::function<void(core::Result<CommittedEntry>)>;

class GroupCommitter {
 public:
  // `log` must outlive the committer. `max_batch` bounds one batch.
  explicit GroupCommitter(Log& log, std::size_t max_batch = 4096);
  // Commits what is queued, then stops.
  ~GroupCommitter();
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Queues `entry`; `done` is called once it is durable and covered by a
  // signed checkpoint, or with the error that stopped its batch (then
  // nothing of that batch was acknowledged). An entry over kMaxEntryBytes
  // fails at once with kInvalidArgument, without failing the others; after
  // shutdown began, Append fails with kUnavailable.
  void Append(std::string entry, CommitCallback done);

  // The same, waiting for the answer.
  core::Result<CommittedEntry> AppendAndWait(std::string entry);

  std::uint64_t batches_committed() const;

 private:
  struct Pending {
    std::string entry;
    CommitCallback done;
  };
  void Run();

  Log& log_;
  const std::size_t max_batch_;
  mutable std::mutex mutex_;  // guards queue_, stopping_, batches_
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::uint64_t batches_ = 0;
  std::thread thread_;  // last: starts after the members above exist
};

}  // namespace accord::ledger
