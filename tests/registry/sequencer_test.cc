// Unit tests of registry/sequencer.h: group commit of commands into one
// store transaction and one log batch, decisions that see the rest of
// their batch, what a failure answers, and the reconciliation of the log
// with the store at start. A real SQLite store in a temp dir and an
// in-memory log; a Gate holds the sequencer inside one decision so that a
// test decides exactly what queues up behind it (one batch), and wrappers
// inject store and tile failures.
#include "registry/sequencer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "registry/projection.h"
#include "registry_test_util.h"

namespace accord::registry {
namespace {

using core::ErrorCode;
using core::JsonValue;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Canon;
using testing::Parse;

// A report.read event: it touches no projection, so any number of them
// can be decided without setting anything up.
Event ReadEvent(const std::string& subject) {
  Event event;
  event.type = std::string(event_type::kReportRead);
  event.subject = subject;
  event.actor = {"party--reader", "tok_reader"};
  event.public_body = JsonValue::Object({{"report_id", testing::Str(subject)}});
  event.full_body = JsonValue::Object(
      {{"report_id", testing::Str(subject)}, {"token_id", testing::Str("tok_reader")}});
  return event;
}

DecideFn Reads(std::vector<std::string> subjects) {
  return [subjects](BatchView&) -> core::Result<std::vector<Event>> {
    std::vector<Event> events;
    for (const auto& subject : subjects) events.push_back(ReadEvent(subject));
    return events;
  };
}

DecideFn Read(const std::string& subject) { return Reads({subject}); }

// A report.submitted event for `id` unless the view already has the
// report (then kConflict): the shape of Registry::SubmitReport's decision.
DecideFn SubmitOnce(const std::string& id) {
  return [id](BatchView& view) -> core::Result<std::vector<Event>> {
    auto existing = view.Report(id);
    if (!existing) return existing.error();
    if (*existing) return core::Conflict("report " + id + " exists already");
    ReportRecord record;
    record.submitter_party_id = "party--submitter";
    record.report = JsonValue::Object({{"id", testing::Str(id)}, {"tlp", testing::Str("CLEAR")}});
    record.public_form = JsonValue::Object({{"id", testing::Str(id)}});
    record.salts = JsonValue::Object({});
    record.verdict_summary = JsonValue::Object({});
    record.submitted_seq = view.next_seq();
    Event event;
    event.type = std::string(event_type::kReportSubmitted);
    event.subject = id;
    event.public_body = ReportPublicJson(record);
    event.full_body = ReportFullJson(record);
    return std::vector<Event>{std::move(event)};
  };
}

// Answers collected from the sequencer's thread.
class Outcomes {
 public:
  DoneFn Done(int key) {
    return [this, key](core::Result<Committed> result) {
      std::lock_guard lock(mutex_);
      EXPECT_EQ(results_.count(key), 0u) << "command " << key << " answered twice";
      results_.emplace(key, std::move(result));
      changed_.notify_all();
    };
  }
  // Waits until `count` commands have answered.
  void Wait(std::size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return results_.size() >= count; });
  }
  const core::Result<Committed>& operator[](int key) {
    std::lock_guard lock(mutex_);
    return results_.at(key);
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<int, core::Result<Committed>> results_;
};

// A decision that holds the sequencer's thread until released, so that
// everything submitted meanwhile queues up as the next batch.
class Gate {
 public:
  Gate() : released_(release_.get_future().share()) {}
  DecideFn Decide() {
    return [this](BatchView&) -> core::Result<std::vector<Event>> {
      entered_.set_value();
      released_.wait();
      return std::vector<Event>{ReadEvent("gate")};
    };
  }
  void WaitEntered() { entered_.get_future().wait(); }
  void Release() { release_.set_value(); }

 private:
  std::promise<void> entered_;
  std::promise<void> release_;
  std::shared_future<void> released_;
};

struct Appended {
  std::uint64_t first_index;
  std::vector<std::string> entries;
};

// A store that passes everything to a real one, with one-shot faults in
// the write batches it hands out.
class FaultyStore final : public store::Store {
 public:
  explicit FaultyStore(store::Store& inner) : inner_(inner) {}
  // The n-th AppendEvent (0-based, counted over every batch from now on)
  // fails with kUnavailable.
  void FailAppendEvent(int n) { fail_append_at_ = appends_ + n; }
  void FailNextCommit() { fail_commit_ = true; }

  core::Result<std::unique_ptr<store::WriteBatch>> BeginWrite() override {
    auto inner = inner_.BeginWrite();
    if (!inner) return inner.error();
    return std::unique_ptr<store::WriteBatch>(new Batch(*this, std::move(*inner)));
  }
  core::Result<std::optional<std::uint64_t>> LastEventSeq() const override {
    return inner_.LastEventSeq();
  }
  core::Result<store::EventRecord> GetEvent(std::uint64_t seq) const override {
    return inner_.GetEvent(seq);
  }
  core::Status ForEachEvent(
      std::uint64_t from,
      const std::function<core::Status(const store::EventRecord&)>& visit) const override {
    return inner_.ForEachEvent(from, visit);
  }
  core::Result<store::PartyRow> GetParty(const std::string& id) const override {
    return inner_.GetParty(id);
  }
  core::Result<std::vector<store::PartyRow>> ListParties() const override {
    return inner_.ListParties();
  }
  core::Result<store::TokenRow> GetToken(const std::string& id) const override {
    return inner_.GetToken(id);
  }
  core::Result<store::TokenRow> GetTokenByHash(const std::string& hash_hex) const override {
    return inner_.GetTokenByHash(hash_hex);
  }
  core::Result<std::vector<store::TokenRow>> ListTokens(const std::string& party_id) const override {
    return inner_.ListTokens(party_id);
  }
  core::Result<store::ReportRow> GetReport(const std::string& id) const override {
    return inner_.GetReport(id);
  }
  core::Result<std::vector<store::ReportRow>> ListReports(
      const store::ReportFilter& filter) const override {
    return inner_.ListReports(filter);
  }
  core::Result<std::vector<store::GroupCount>> CountReports(const store::ReportFilter& filter,
                                                            store::GroupBy group_by) const override {
    return inner_.CountReports(filter, group_by);
  }
  core::Result<std::int64_t> CountAllReports() const override { return inner_.CountAllReports(); }
  core::Result<store::TechniqueRow> GetTechnique(const std::string& id) const override {
    return inner_.GetTechnique(id);
  }
  core::Result<std::vector<store::TechniqueRow>> ListTechniques() const override {
    return inner_.ListTechniques();
  }
  core::Result<store::AdvisoryRow> GetAdvisory(const std::string& publisher,
                                               const std::string& tracking_id) const override {
    return inner_.GetAdvisory(publisher, tracking_id);
  }
  core::Result<std::vector<store::AdvisoryRow>> ListAdvisories(
      const store::AdvisoryFilter& filter) const override {
    return inner_.ListAdvisories(filter);
  }
  core::Result<store::RecordRow> GetRecord(const std::string& kind, const std::string& id) const override {
    return inner_.GetRecord(kind, id);
  }
  core::Result<std::vector<store::RecordRow>> ListRecords(const store::RecordFilter& filter) const override {
    return inner_.ListRecords(filter);
  }
  core::Status ForEachRecord(
      const std::string& kind,
      const std::function<core::Status(const store::RecordRow&)>& visit) const override {
    return inner_.ForEachRecord(kind, visit);
  }

 private:
  class Batch final : public store::WriteBatch {
   public:
    Batch(FaultyStore& owner, std::unique_ptr<store::WriteBatch> inner)
        : owner_(owner), inner_(std::move(inner)) {}
    core::Status AppendEvent(const store::EventRecord& event) override {
      if (owner_.appends_++ == owner_.fail_append_at_)
        return core::Unavailable("injected event write failure");
      return inner_->AppendEvent(event);
    }
    core::Status PutParty(const store::PartyRow& party) override { return inner_->PutParty(party); }
    core::Status PutToken(const store::TokenRow& token) override { return inner_->PutToken(token); }
    core::Status PutReport(const store::ReportRow& report) override {
      return inner_->PutReport(report);
    }
    core::Status PutTechnique(const store::TechniqueRow& technique) override {
      return inner_->PutTechnique(technique);
    }
    core::Status PutAdvisory(const store::AdvisoryRow& advisory) override {
      return inner_->PutAdvisory(advisory);
    }
    core::Status PutRecord(const store::RecordRow& record) override { return inner_->PutRecord(record); }
    core::Status ClearProjections() override { return inner_->ClearProjections(); }
    core::Status Commit() override {
      if (std::exchange(owner_.fail_commit_, false))
        return core::Unavailable("injected commit failure");  // and rolled back
      return inner_->Commit();
    }

   private:
    FaultyStore& owner_;
    std::unique_ptr<store::WriteBatch> inner_;
  };

  store::Store& inner_;
  // Touched by the sequencer's thread only, once the test has set them.
  int appends_ = 0;
  int fail_append_at_ = -1;
  bool fail_commit_ = false;
};

// Memory tiles whose writes can be made to fail.
class FailingTiles final : public ledger::TileStore {
 public:
  core::Result<std::string> Read(std::string_view path) const override { return inner_.Read(path); }
  core::Status WriteAll(std::span<const ledger::TileWrite> writes) override {
    if (fail_) return core::Unavailable("injected tile write failure");
    return inner_.WriteAll(writes);
  }
  void FailWrites(bool fail) { fail_ = fail; }

 private:
  ledger::MemoryTileStore inner_;
  std::atomic<bool> fail_ = false;
};

class SequencerTest : public ::testing::Test {
 protected:
  SequencerTest() : clock_(testing::Time("2026-03-01T12:00:00Z")) {
    store_ = testing::OpenStore(dir_.path() / "store.db");
    log_ = testing::CreateLog(tiles_);
  }

  SequencerOptions RecordingOptions() {
    SequencerOptions options;
    options.on_appended = [this](std::uint64_t first, const std::vector<std::string>& entries) {
      std::lock_guard lock(appended_mutex_);
      appended_.push_back({first, entries});
    };
    return options;
  }

  std::unique_ptr<Sequencer> Start(SequencerOptions options = {}) {
    return Start(*store_, std::move(options));
  }
  std::unique_ptr<Sequencer> Start(store::Store& store, SequencerOptions options = {}) {
    auto sequencer = Sequencer::Start(store, *log_, clock_, std::move(options));
    EXPECT_TRUE(sequencer) << sequencer.error().ToString();
    return sequencer ? std::move(*sequencer) : nullptr;
  }

  // Writes the events straight into the store (as a batch that committed
  // before the node crashed, before its log append).
  void WriteToStore(const std::vector<Event>& events) {
    auto batch = store_->BeginWrite();
    ASSERT_TRUE(batch) << batch.error().ToString();
    for (const auto& event : events) {
      auto appended = (*batch)->AppendEvent(Record(event));
      ASSERT_TRUE(appended) << appended.error().ToString();
    }
    auto committed = (*batch)->Commit();
    ASSERT_TRUE(committed) << committed.error().ToString();
  }

  static store::EventRecord Record(const Event& event) {
    return store::EventRecord{event.seq, event.type, core::FormatRfc3339(event.at),
                              EncodeFullEvent(event), EncodePublicEvent(event)};
  }

  static Event Numbered(std::uint64_t seq, const std::string& subject) {
    Event event = ReadEvent(subject);
    event.seq = seq;
    event.at = testing::Time("2026-02-01T00:00:00Z");
    return event;
  }

  void AppendToLog(const std::vector<Event>& events) {
    std::vector<std::string> entries;
    for (const auto& event : events) entries.push_back(EncodePublicEvent(event));
    auto receipt = log_->AppendBatch(entries);
    ASSERT_TRUE(receipt) << receipt.error().ToString();
  }

  // Every log entry is the public form the store holds for that seq, and
  // the store holds nothing past the log.
  void ExpectLogMatchesStore() {
    auto last = store_->LastEventSeq();
    ASSERT_TRUE(last) << last.error().ToString();
    const std::uint64_t store_size = *last ? **last + 1 : 0;
    ASSERT_EQ(store_size, log_->size());
    for (std::uint64_t seq = 0; seq < log_->size(); ++seq) {
      auto entry = log_->ReadEntry(seq);
      ASSERT_TRUE(entry) << entry.error().ToString();
      auto event = store_->GetEvent(seq);
      ASSERT_TRUE(event) << event.error().ToString();
      EXPECT_EQ(event->public_json, *entry) << "seq " << seq;
      auto decoded = DecodePublicEvent(*entry);
      ASSERT_TRUE(decoded) << decoded.error().ToString();
      EXPECT_EQ(decoded->seq, seq) << "an entry names its own index";
      auto full = DecodeFullEvent(event->full_json);
      ASSERT_TRUE(full) << full.error().ToString();
      EXPECT_EQ(full->seq, seq);
      EXPECT_EQ(full->subject, decoded->subject);
    }
  }

  std::vector<Appended> appended() {
    std::lock_guard lock(appended_mutex_);
    return appended_;
  }

  testing::TempDir dir_;
  core::ManualClock clock_;
  std::unique_ptr<store::Store> store_;
  ledger::MemoryTileStore tiles_;
  std::unique_ptr<ledger::Log> log_;
  std::mutex appended_mutex_;
  std::vector<Appended> appended_;
};

// --------------------------------------------------------------- batching

TEST_F(SequencerTest, CommandsFromSeveralThreadsAllCommitAtTheirOwnLogIndex) {
  auto sequencer = Start(RecordingOptions());
  ASSERT_TRUE(sequencer);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::mutex mutex;
  std::map<std::uint64_t, std::string> subject_at;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string subject = "cmd-" + std::to_string(t) + "-" + std::to_string(i);
        auto committed = sequencer->SubmitAndWait(Read(subject));
        ASSERT_TRUE(committed) << committed.error().ToString();
        ASSERT_EQ(committed->events.size(), 1u);
        const Event& event = committed->events[0];
        EXPECT_EQ(event.subject, subject);
        EXPECT_EQ(event.at, clock_.Now());
        // The checkpoint answered covers the event.
        EXPECT_GT(committed->checkpoint.tree_size, event.seq);
        std::lock_guard lock(mutex);
        EXPECT_TRUE(subject_at.emplace(event.seq, subject).second) << "seq " << event.seq << " twice";
      }
    });
  }
  for (auto& thread : threads) thread.join();

  constexpr std::uint64_t kTotal = kThreads * kPerThread;
  ASSERT_EQ(log_->size(), kTotal);
  ASSERT_EQ(subject_at.size(), kTotal);
  EXPECT_EQ(subject_at.begin()->first, 0u);
  EXPECT_EQ(subject_at.rbegin()->first, kTotal - 1);
  for (const auto& [seq, subject] : subject_at) {
    auto entry = log_->ReadEntry(seq);
    ASSERT_TRUE(entry) << entry.error().ToString();
    auto decoded = DecodePublicEvent(*entry);
    ASSERT_TRUE(decoded) << decoded.error().ToString();
    EXPECT_EQ(decoded->subject, subject) << "seq " << seq;
  }
  ExpectLogMatchesStore();
  EXPECT_GE(sequencer->batches_committed(), 1u);
  EXPECT_LE(sequencer->batches_committed(), kTotal);
  // on_appended saw every entry once, in order, as the log holds them.
  std::uint64_t next = 0;
  for (const auto& batch : appended()) {
    EXPECT_EQ(batch.first_index, next);
    for (const auto& entry : batch.entries) {
      auto in_log = log_->ReadEntry(next++);
      ASSERT_TRUE(in_log);
      EXPECT_EQ(entry, *in_log);
    }
  }
  EXPECT_EQ(next, kTotal);
}

TEST_F(SequencerTest, WhatQueuesBehindABatchInFlightCommitsAsOneBatch) {
  auto sequencer = Start(RecordingOptions());
  ASSERT_TRUE(sequencer);
  Gate gate;
  Outcomes outcomes;
  sequencer->Submit(gate.Decide(), outcomes.Done(0));
  gate.WaitEntered();
  for (int i = 1; i <= 5; ++i) sequencer->Submit(Read("queued-" + std::to_string(i)), outcomes.Done(i));
  gate.Release();
  outcomes.Wait(6);

  EXPECT_EQ(sequencer->batches_committed(), 2u);
  for (int i = 1; i <= 5; ++i) {
    const auto& result = outcomes[i];
    ASSERT_TRUE(result) << result.error().ToString();
    EXPECT_EQ(result->events[0].seq, static_cast<std::uint64_t>(i)) << "in submission order";
    // One checkpoint for the whole batch.
    EXPECT_EQ(result->checkpoint.tree_size, 6u);
  }
  auto batches = appended();
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0].first_index, 0u);
  EXPECT_EQ(batches[0].entries.size(), 1u);
  EXPECT_EQ(batches[1].first_index, 1u);
  ASSERT_EQ(batches[1].entries.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    auto decoded = DecodePublicEvent(batches[1].entries[i]);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->subject, "queued-" + std::to_string(i + 1));
  }
  ExpectLogMatchesStore();
}

TEST_F(SequencerTest, MaxBatchSplitsWhatQueued) {
  SequencerOptions options = RecordingOptions();
  options.max_batch = 2;
  auto sequencer = Start(std::move(options));
  ASSERT_TRUE(sequencer);
  Gate gate;
  Outcomes outcomes;
  sequencer->Submit(gate.Decide(), outcomes.Done(0));
  gate.WaitEntered();
  for (int i = 1; i <= 5; ++i) sequencer->Submit(Read("q" + std::to_string(i)), outcomes.Done(i));
  gate.Release();
  outcomes.Wait(6);
  // 1 (the gate) + 2 + 2 + 1.
  EXPECT_EQ(sequencer->batches_committed(), 4u);
  std::vector<std::uint64_t> firsts;
  for (const auto& batch : appended()) firsts.push_back(batch.first_index);
  EXPECT_THAT(firsts, ElementsAre(0u, 1u, 3u, 5u));
  ExpectLogMatchesStore();
}

TEST_F(SequencerTest, ACommandsEventsGetConsecutiveSeqs) {
  auto sequencer = Start();
  ASSERT_TRUE(sequencer);
  ASSERT_TRUE(sequencer->SubmitAndWait(Read("first")));
  auto committed = sequencer->SubmitAndWait(Reads({"a", "b", "c"}));
  ASSERT_TRUE(committed) << committed.error().ToString();
  ASSERT_EQ(committed->events.size(), 3u);
  EXPECT_EQ(committed->events[0].seq, 1u);
  EXPECT_EQ(committed->events[1].seq, 2u);
  EXPECT_EQ(committed->events[2].seq, 3u);
  EXPECT_EQ(committed->checkpoint.tree_size, 4u);
  ExpectLogMatchesStore();
}

TEST_F(SequencerTest, TheBatchTimeIsTheClocksAtCommit) {
  auto sequencer = Start();
  ASSERT_TRUE(sequencer);
  clock_.Set(testing::Time("2026-07-04T10:11:12.345678Z"));
  auto committed = sequencer->SubmitAndWait(Read("timed"));
  ASSERT_TRUE(committed);
  EXPECT_EQ(committed->events[0].at, testing::Time("2026-07-04T10:11:12.345678Z"));
  auto stored = store_->GetEvent(0);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->at, "2026-07-04T10:11:12.345678Z");
}

// ------------------------------------------------------------- refusals

TEST_F(SequencerTest, ADecisionsErrorAnswersOnlyThatCommand) {
  auto sequencer = Start();
  ASSERT_TRUE(sequencer);
  Gate gate;
  Outcomes outcomes;
  sequencer->Submit(gate.Decide(), outcomes.Done(0));
  gate.WaitEntered();
  sequencer->Submit(Read("before"), outcomes.Done(1));
  sequencer->Submit([](BatchView&) -> core::Result<std::vector<Event>> {
    return core::PermissionDenied("refused by its decision");
  }, outcomes.Done(2));
  sequencer->Submit(Read("after"), outcomes.Done(3));
  gate.Release();
  outcomes.Wait(4);

  ASSERT_TRUE(outcomes[1]);
  ASSERT_TRUE(outcomes[3]);
  ASSERT_FALSE(outcomes[2]);
  EXPECT_EQ(outcomes[2].error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(outcomes[2].error().message, "refused by its decision");
  // The refused command took no seq.
  EXPECT_EQ(outcomes[1]->events[0].seq, 1u);
  EXPECT_EQ(outcomes[3]->events[0].seq, 2u);
  EXPECT_EQ(log_->size(), 3u);
  ExpectLogMatchesStore();
}

TEST_F(SequencerTest, ABatchWhoseEveryCommandIsRefusedWritesNothing) {
  auto sequencer = Start(RecordingOptions());
  ASSERT_TRUE(sequencer);
  auto refused = sequencer->SubmitAndWait([](BatchView&) -> core::Result<std::vector<Event>> {
    return core::NotFound("nothing here");
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(log_->size(), 0u);
  EXPECT_EQ(sequencer->batches_committed(), 0u);
  EXPECT_TRUE(appended().empty());
  // And the sequencer goes on.
  auto next = sequencer->SubmitAndWait(Read("next"));
  ASSERT_TRUE(next) << next.error().ToString();
  EXPECT_EQ(next->events[0].seq, 0u);
}

TEST_F(SequencerTest, ACommandThatDecidesNoEventIsAnsweredAndWritesNothing) {
  // A deadline that turned out moot decides no event: it succeeds with no
  // events, and neither the store nor the log grows.
  auto sequencer = Start();
  ASSERT_TRUE(sequencer);
  auto empty = sequencer->SubmitAndWait(
      [](BatchView&) -> core::Result<std::vector<Event>> { return std::vector<Event>{}; });
  ASSERT_TRUE(empty) << empty.error().ToString();
  EXPECT_TRUE(empty->events.empty());
  EXPECT_EQ(empty->checkpoint.tree_size, 0u);
  EXPECT_EQ(log_->size(), 0u);
  auto last = store_->LastEventSeq();
  ASSERT_TRUE(last);
  EXPECT_FALSE(last->has_value());
}

TEST_F(SequencerTest, StartRefusesAZeroMaxBatch) {
  SequencerOptions options;
  options.max_batch = 0;
  auto sequencer = Sequencer::Start(*store_, *log_, clock_, options);
  ASSERT_FALSE(sequencer);
  EXPECT_EQ(sequencer.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(sequencer.error().message, HasSubstr("max_batch"));
}

// ---------------------------------------------------------- the batch view

TEST_F(SequencerTest, CommandsInOneBatchSeeEachOther) {
  auto sequencer = Start();
  ASSERT_TRUE(sequencer);
  const std::string id = testing::NewReportId();
  Gate gate;
  Outcomes outcomes;
  std::uint64_t seen_next_seq = 0;
  sequencer->Submit(gate.Decide(), outcomes.Done(0));
  gate.WaitEntered();
  sequencer->Submit(SubmitOnce(id), outcomes.Done(1));
  sequencer->Submit(SubmitOnce(id), outcomes.Done(2));
  sequencer->Submit(
      [&seen_next_seq](BatchView& view) -> core::Result<std::vector<Event>> {
        seen_next_seq = view.next_seq();
        return std::vector<Event>{ReadEvent("third")};
      },
      outcomes.Done(3));
  gate.Release();
  outcomes.Wait(4);

  ASSERT_TRUE(outcomes[1]) << outcomes[1].error().ToString();
  ASSERT_FALSE(outcomes[2]) << "the second submit of one id in one batch must be refused";
  EXPECT_EQ(outcomes[2].error().code, ErrorCode::kConflict);
  ASSERT_TRUE(outcomes[3]);
  EXPECT_EQ(seen_next_seq, 2u) << "the view counts the batch's earlier events";
  EXPECT_EQ(sequencer->batches_committed(), 2u);
  auto row = store_->GetReport(id);
  ASSERT_TRUE(row) << row.error().ToString();
  EXPECT_EQ(row->submitted_seq, 1u);
  // And a later batch sees the stored report.
  auto again = sequencer->SubmitAndWait(SubmitOnce(id));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST_F(SequencerTest, TheViewListsPartiesRegisteredEarlierInTheBatch) {
  auto sequencer = Start();
  ASSERT_TRUE(sequencer);
  auto register_party = [](std::string id) {
    return [id](BatchView& view) -> core::Result<std::vector<Event>> {
      PartyRecord party;
      party.id = id;
      party.kind = "watchdog";
      party.name = id;
      party.registered_seq = view.next_seq();
      Event event;
      event.type = std::string(event_type::kPartyRegistered);
      event.subject = id;
      event.public_body = PartyPublicJson(party);
      event.full_body = PartyFullJson(party);
      return std::vector<Event>{std::move(event)};
    };
  };
  ASSERT_TRUE(sequencer->SubmitAndWait(register_party("party--stored")));
  Gate gate;
  Outcomes outcomes;
  std::vector<std::string> listed;
  sequencer->Submit(gate.Decide(), outcomes.Done(0));
  gate.WaitEntered();
  sequencer->Submit(register_party("party--batched"), outcomes.Done(1));
  sequencer->Submit(
      [&listed](BatchView& view) -> core::Result<std::vector<Event>> {
        auto parties = view.Parties();
        if (!parties) return parties.error();
        for (const auto& party : *parties) listed.push_back(party.id);
        auto one = view.Party("party--batched");
        if (!one) return one.error();
        if (!*one) return core::NotFound("party--batched is not in the view");
        return std::vector<Event>{ReadEvent("lister")};
      },
      outcomes.Done(2));
  gate.Release();
  outcomes.Wait(3);
  ASSERT_TRUE(outcomes[2]) << outcomes[2].error().ToString();
  EXPECT_THAT(listed, ElementsAre("party--stored", "party--batched"));
}

// --------------------------------------------------------------- failures

TEST_F(SequencerTest, AStoreWriteFailureAnswersTheWholeBatchAndRollsItBack) {
  FaultyStore faulty(*store_);
  auto sequencer = Start(faulty);
  ASSERT_TRUE(sequencer);
  Gate gate;
  Outcomes outcomes;
  sequencer->Submit(gate.Decide(), outcomes.Done(0));
  gate.WaitEntered();
  // Events of the next batch: a(0) b(1) c(2): the write of b fails.
  faulty.FailAppendEvent(1);
  sequencer->Submit(Read("a"), outcomes.Done(1));
  sequencer->Submit(Read("b"), outcomes.Done(2));
  sequencer->Submit(Read("c"), outcomes.Done(3));
  gate.Release();
  outcomes.Wait(4);
  ASSERT_TRUE(outcomes[0]);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_FALSE(outcomes[i]) << "command " << i << " was answered as written";
    EXPECT_THAT(outcomes[i].error().message, HasSubstr("injected event write failure"));
  }
  EXPECT_EQ(log_->size(), 1u);
  ExpectLogMatchesStore();
  // A rolled-back transaction is a known outcome: writes go on.
  auto next = sequencer->SubmitAndWait(Read("d"));
  ASSERT_TRUE(next) << next.error().ToString();
  EXPECT_EQ(next->events[0].seq, 1u);
  ExpectLogMatchesStore();
}

TEST_F(SequencerTest, AFailedCommitStopsTheSequencerTakingWrites) {
  FaultyStore faulty(*store_);
  auto sequencer = Start(faulty);
  ASSERT_TRUE(sequencer);
  ASSERT_TRUE(sequencer->SubmitAndWait(Read("before")));
  faulty.FailNextCommit();
  auto failed = sequencer->SubmitAndWait(Read("lost"));
  ASSERT_FALSE(failed);
  EXPECT_THAT(failed.error().message, HasSubstr("injected commit failure"));
  auto refused = sequencer->SubmitAndWait(Read("after"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(refused.error().message, HasSubstr("restart the node"));
  EXPECT_EQ(log_->size(), 1u);
  ExpectLogMatchesStore();
}

TEST_F(SequencerTest, AFailedLogAppendStopsTheSequencerAndARestartCatchesUp) {
  FailingTiles tiles;
  ASSERT_TRUE(ledger::Log::Create(tiles, testing::LogSigner()));
  {
    auto log = ledger::Log::Open(tiles, testing::LogSigner());
    ASSERT_TRUE(log);
    auto sequencer = Sequencer::Start(*store_, **log, clock_);
    ASSERT_TRUE(sequencer);
    ASSERT_TRUE((*sequencer)->SubmitAndWait(Read("kept")));
    tiles.FailWrites(true);
    auto failed = (*sequencer)->SubmitAndWait(Read("in the store only"));
    ASSERT_FALSE(failed);
    EXPECT_THAT(failed.error().message, HasSubstr("append the batch to the log"));
    EXPECT_THAT(failed.error().message, HasSubstr("injected tile write failure"));
    // The outcome is unknown to the sequencer: it takes no more writes.
    tiles.FailWrites(false);
    auto refused = (*sequencer)->SubmitAndWait(Read("refused"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ((*log)->size(), 1u);
  }
  // The store committed event 1 but the log never took it: the restarted
  // node re-appends it before taking writes.
  auto log = ledger::Log::Open(tiles, testing::LogSigner());
  ASSERT_TRUE(log) << log.error().ToString();
  ASSERT_EQ((*log)->size(), 1u);
  auto sequencer = Sequencer::Start(*store_, **log, clock_);
  ASSERT_TRUE(sequencer) << sequencer.error().ToString();
  ASSERT_EQ((*log)->size(), 2u);
  auto entry = (*log)->ReadEntry(1);
  ASSERT_TRUE(entry);
  auto stored = store_->GetEvent(1);
  ASSERT_TRUE(stored);
  EXPECT_EQ(*entry, stored->public_json);
  auto decoded = DecodePublicEvent(*entry);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->subject, "in the store only");
  auto next = (*sequencer)->SubmitAndWait(Read("next"));
  ASSERT_TRUE(next) << next.error().ToString();
  EXPECT_EQ(next->events[0].seq, 2u);
}

// ---------------------------------------------------------- reconciliation

TEST_F(SequencerTest, StartReappendsExactlyTheEventsTheLogLacks) {
  {
    auto sequencer = Start();
    ASSERT_TRUE(sequencer);
    ASSERT_TRUE(sequencer->SubmitAndWait(Read("r0")));
    ASSERT_TRUE(sequencer->SubmitAndWait(Read("r1")));
  }
  ASSERT_EQ(log_->size(), 2u);
  // Events 2..4 reached the store, then the node stopped before the log.
  std::vector<Event> lost = {Numbered(2, "s2"), Numbered(3, "s3"), Numbered(4, "s4")};
  WriteToStore(lost);

  auto sequencer = Start(RecordingOptions());
  ASSERT_TRUE(sequencer);
  ASSERT_EQ(log_->size(), 5u);
  auto batches = appended();
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].first_index, 2u);
  ASSERT_EQ(batches[0].entries.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(batches[0].entries[i], EncodePublicEvent(lost[i]));
  ExpectLogMatchesStore();
  // The next command continues after them.
  auto next = sequencer->SubmitAndWait(Read("r5"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->events[0].seq, 5u);
  ExpectLogMatchesStore();
}

TEST_F(SequencerTest, ReconcileReturnsHowManyItAppendedAndIsIdempotent) {
  WriteToStore({Numbered(0, "a"), Numbered(1, "b")});
  auto first = ReconcileLogWithStore(*store_, *log_);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(*first, 2u);
  auto second = ReconcileLogWithStore(*store_, *log_);
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(*second, 0u);
  ExpectLogMatchesStore();
}

TEST_F(SequencerTest, StartWithAnEmptyStoreAndLogAppendsNothing) {
  auto sequencer = Start(RecordingOptions());
  ASSERT_TRUE(sequencer);
  EXPECT_EQ(log_->size(), 0u);
  EXPECT_TRUE(appended().empty()) << "on_appended is called only when something was appended";
}

TEST_F(SequencerTest, StartRefusesALogAheadOfTheStore) {
  AppendToLog({Numbered(0, "a"), Numbered(1, "b"), Numbered(2, "c")});
  WriteToStore({Numbered(0, "a"), Numbered(1, "b")});
  auto sequencer = Sequencer::Start(*store_, *log_, clock_);
  ASSERT_FALSE(sequencer);
  EXPECT_EQ(sequencer.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(sequencer.error().message, HasSubstr("the log has 3 entries"));
  EXPECT_THAT(sequencer.error().message, HasSubstr("only 2 events"));
}

TEST_F(SequencerTest, StartRefusesALogWithEntriesAndAnEmptyStore) {
  AppendToLog({Numbered(0, "a")});
  auto sequencer = Sequencer::Start(*store_, *log_, clock_);
  ASSERT_FALSE(sequencer);
  EXPECT_EQ(sequencer.error().code, ErrorCode::kCorrupt);
}

TEST_F(SequencerTest, StartRefusesAStoreWhoseLastSharedEventDiffersFromTheLog) {
  AppendToLog({Numbered(0, "a"), Numbered(1, "b")});
  WriteToStore({Numbered(0, "a"), Numbered(1, "another b"), Numbered(2, "c")});
  auto sequencer = Sequencer::Start(*store_, *log_, clock_);
  ASSERT_FALSE(sequencer);
  EXPECT_EQ(sequencer.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(sequencer.error().message, HasSubstr("event 1 in the store differs"));
  EXPECT_EQ(log_->size(), 2u) << "nothing is appended from a foreign history";
}

TEST_F(SequencerTest, ReconcileRefusesAGapInTheStoresEvents) {
  WriteToStore({Numbered(0, "a"), Numbered(1, "b"), Numbered(3, "d")});
  auto reconciled = ReconcileLogWithStore(*store_, *log_);
  ASSERT_FALSE(reconciled);
  EXPECT_EQ(reconciled.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(reconciled.error().message, HasSubstr("has no event 2"));
}

}  // namespace
}  // namespace accord::registry
