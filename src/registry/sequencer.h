// The sequencer: the one writer of the registry (DESIGN.md, "writes go
// through one sequencer"). Commands queue up; one thread takes whatever
// has queued (up to max_batch), lets each command decide its events
// against the current state, and commits the batch:
//   1. one store transaction holds every event's full form and the
//      projections (durable on commit: SQLite WAL, synchronous=FULL);
//   2. the events' public forms are appended to the log as one batch
//      (durable, with a signed checkpoint);
//   3. only then is each command answered.
// The store goes first because it alone holds the full forms: after a
// crash between 1 and 2, Start re-appends the public forms of the events
// the log lacks (their bytes are in the store), so the log catches up and
// nothing acknowledged, or half-written, is lost. A command is
// acknowledged only after both.
//
// Decisions run on the sequencer's thread, one command after another, so
// checks that depend on state (an id already used, a report's version, a
// revoked token) see every earlier command of the same batch (BatchView).
// Heavy work (parsing, scoring, evaluating, commitments) belongs before
// Submit, on the caller's thread.
//
// If a store commit or a log append fails, the sequencer stops taking
// writes (kUnavailable) until the node restarts and recovers: continuing
// after an unknown outcome could fork the log from the store.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "ledger/log.h"
#include "registry/event.h"
#include "registry/records.h"
#include "store/store.h"

namespace accord::registry {

// The state a decision sees: the store, plus what earlier commands of the
// same batch changed.
class BatchView {
 public:
  BatchView(const store::Store& store, std::uint64_t next_seq, core::Timestamp now);

  // The seq the deciding command's first event will get, and the batch's time.
  std::uint64_t next_seq() const { return next_seq_; }
  core::Timestamp now() const { return now_; }

  // nullopt when absent; errors are the store's.
  core::Result<std::optional<ReportRecord>> Report(const std::string& id) const;
  core::Result<std::optional<PartyRecord>> Party(const std::string& id) const;
  core::Result<std::optional<TokenRecord>> Token(const std::string& id) const;
  // Every party, the batch's changes included.
  core::Result<std::vector<PartyRecord>> Parties() const;
  // Reference data as recorded: the RFC 8785 JSON of the technique
  // (exchange::TechniqueToJson) or advisory, nullopt when absent.
  core::Result<std::optional<std::string>> TechniqueJson(const std::string& id) const;
  core::Result<std::optional<std::string>> AdvisoryJson(const std::string& publisher,
                                                        const std::string& tracking_id) const;
  // A generic record (issue 8, registry/record_writes.h) as the batch has
  // left it; nullopt when absent.
  core::Result<std::optional<store::RecordRow>> Record(const std::string& kind,
                                                       const std::string& id) const;

  // Called by the sequencer after each accepted event.
  void Absorb(const Event& event);

 private:
  const store::Store& store_;
  std::uint64_t next_seq_;
  core::Timestamp now_;
  std::map<std::string, std::shared_ptr<const ReportRecord>> reports_;
  std::map<std::string, PartyRecord> parties_;
  std::map<std::string, TokenRecord> tokens_;
  std::map<std::string, std::string> techniques_;  // id -> JSON
  std::map<std::pair<std::string, std::string>, std::string> advisories_;  // (publisher, tracking id) -> JSON
  std::map<std::pair<std::string, std::string>, store::RecordRow> records_;  // (kind, id) -> row
};

// What a committed command gets back: its events (seq and time set) and
// the checkpoint that covers them.
struct Committed {
  std::vector<Event> events;
  ledger::Checkpoint checkpoint;
};

// Returns the events to append (type, subject, actor and bodies; seq and at
// are set by the sequencer: the n-th event gets view.next_seq() + n), or
// the error to answer with, in which case nothing of the command is
// written. An empty vector records nothing and is answered like the
// batch's other commands, with no events (a deadline that turned out moot).
using DecideFn = std::function<core::Result<std::vector<Event>>(BatchView&)>;
using DoneFn = std::function<void(core::Result<Committed>)>;

struct SequencerOptions {
  std::size_t max_batch = 4096;
  // Called on the sequencer's thread after each batch is durable in the
  // log, with the index of its first entry and the entries' bytes (the
  // node's leaf-hash index listens here).
  std::function<void(std::uint64_t first_index, const std::vector<std::string>& entries)>
      on_appended;
};

class Sequencer {
 public:
  // Reconciles the log with the store (see above), then starts the
  // thread. kCorrupt when the log holds entries the store does not (its
  // full forms are gone: restore the store from a backup) or when the
  // store's last event differs from the log's entry of the same index.
  static core::Result<std::unique_ptr<Sequencer>> Start(store::Store& store, ledger::Log& log,
                                                        const core::Clock& clock,
                                                        SequencerOptions options = {});
  // Finishes what is queued, then stops.
  ~Sequencer();
  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;

  // Queues a command. `done` runs once: on the sequencer's thread after
  // the batch is durable, or with the decision's error, or at once with
  // kUnavailable when the sequencer has stopped or failed.
  void Submit(DecideFn decide, DoneFn done);
  core::Result<Committed> SubmitAndWait(DecideFn decide);

  std::uint64_t batches_committed() const;

 private:
  struct Pending {
    DecideFn decide;
    DoneFn done;
  };
  Sequencer(store::Store& store, ledger::Log& log, const core::Clock& clock,
            SequencerOptions options);
  void Run();
  void CommitBatch(std::deque<Pending>& batch);

  store::Store& store_;
  ledger::Log& log_;
  const core::Clock& clock_;
  SequencerOptions options_;
  mutable std::mutex mutex_;  // guards queue_, stopping_, failed_, batches_
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::optional<core::Error> failed_;
  std::uint64_t batches_ = 0;
  std::thread thread_;  // last: starts after the members above exist
};

// Re-appends to `log` the public forms of the store's events it lacks.
// Returns how many were appended. Used by Sequencer::Start and `accord
// rebuild`.
core::Result<std::uint64_t> ReconcileLogWithStore(store::Store& store, ledger::Log& log);

}  // namespace accord::registry
