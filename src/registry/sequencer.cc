#include "registry/sequencer.h"

#include <future>

#include "core/canonical_json.h"
#include "registry/internal/json_util.h"
#include "registry/projection.h"
#include "registry/record_writes.h"

namespace accord::registry {

BatchView::BatchView(const store::Store& store, std::uint64_t next_seq, core::Timestamp now)
    : store_(store), next_seq_(next_seq), now_(now) {}

core::Result<std::optional<ReportRecord>> BatchView::Report(const std::string& id) const {
  if (auto it = reports_.find(id); it != reports_.end()) return std::optional(*it->second);
  auto row = store_.GetReport(id);
  if (!row) {
    if (row.error().code == core::ErrorCode::kNotFound) return std::optional<ReportRecord>();
    return row.error();
  }
  auto json = internal::ParseStored(row->full_json, "report " + id);
  if (!json) return json.error();
  auto record = ReportFromJson(*json);
  if (!record) return record.error();
  return std::optional(std::move(*record));
}

core::Result<std::optional<PartyRecord>> BatchView::Party(const std::string& id) const {
  if (auto it = parties_.find(id); it != parties_.end()) return std::optional(it->second);
  auto row = store_.GetParty(id);
  if (!row) {
    if (row.error().code == core::ErrorCode::kNotFound) return std::optional<PartyRecord>();
    return row.error();
  }
  auto json = internal::ParseStored(row->full_json, "party " + id);
  if (!json) return json.error();
  auto record = PartyFromJson(*json);
  if (!record) return record.error();
  return std::optional(std::move(*record));
}

core::Result<std::optional<TokenRecord>> BatchView::Token(const std::string& id) const {
  if (auto it = tokens_.find(id); it != tokens_.end()) return std::optional(it->second);
  auto row = store_.GetToken(id);
  if (!row) {
    if (row.error().code == core::ErrorCode::kNotFound) return std::optional<TokenRecord>();
    return row.error();
  }
  TokenRecord token{row->id,         row->hash_hex, row->party_id, row->issued_at,
                    row->expires_at, row->revoked,  row->issued_seq};
  return std::optional(std::move(token));
}

core::Result<std::vector<PartyRecord>> BatchView::Parties() const {
  auto rows = store_.ListParties();
  if (!rows) return rows.error();
  std::vector<PartyRecord> out;
  for (const auto& row : *rows) {
    if (parties_.count(row.id)) continue;
    auto json = internal::ParseStored(row.full_json, "party " + row.id);
    if (!json) return json.error();
    auto record = PartyFromJson(*json);
    if (!record) return record.error();
    out.push_back(std::move(*record));
  }
  for (const auto& [id, party] : parties_) out.push_back(party);
  return out;
}

core::Result<std::optional<std::string>> BatchView::TechniqueJson(const std::string& id) const {
  if (auto it = techniques_.find(id); it != techniques_.end()) return std::optional(it->second);
  auto row = store_.GetTechnique(id);
  if (!row) {
    if (row.error().code == core::ErrorCode::kNotFound) return std::optional<std::string>();
    return row.error();
  }
  return std::optional(std::move(row->json));
}

core::Result<std::optional<std::string>> BatchView::AdvisoryJson(const std::string& publisher,
                                                                 const std::string& tracking_id) const {
  if (auto it = advisories_.find({publisher, tracking_id}); it != advisories_.end())
    return std::optional(it->second);
  auto row = store_.GetAdvisory(publisher, tracking_id);
  if (!row) {
    if (row.error().code == core::ErrorCode::kNotFound) return std::optional<std::string>();
    return row.error();
  }
  return std::optional(std::move(row->json));
}

core::Result<std::optional<store::RecordRow>> BatchView::Record(const std::string& kind,
                                                               const std::string& id) const {
  if (auto it = records_.find({kind, id}); it != records_.end()) return std::optional(it->second);
  auto row = store_.GetRecord(kind, id);
  if (!row) {
    if (row.error().code == core::ErrorCode::kNotFound) return std::optional<store::RecordRow>();
    return row.error();
  }
  return std::optional(std::move(*row));
}

void BatchView::Absorb(const Event& event) {
  next_seq_ = event.seq + 1;
  const std::string& type = event.type;
  if (CarriesRecordWrites(type)) {
    // ApplyEvent has just read the same rows without error.
    if (auto rows = RecordRowsOf(event))
      for (auto& row : *rows) records_[{row.kind, row.id}] = std::move(row);
    return;
  }
  if (type == event_type::kReportSubmitted || type == event_type::kReportAmended ||
      type == event_type::kReportWithdrawn) {
    if (event.report) {
      reports_[event.subject] = event.report;
    } else if (auto record = ReportFromJson(event.full_body)) {
      reports_[event.subject] = std::make_shared<const ReportRecord>(std::move(*record));
    }
  } else if (type == event_type::kPartyRegistered || type == event_type::kPartyRevoked) {
    if (auto record = PartyFromJson(event.full_body)) parties_[record->id] = std::move(*record);
  } else if (type == event_type::kTokenIssued || type == event_type::kTokenRevoked) {
    if (auto record = TokenFromJson(event.full_body)) tokens_[record->id] = std::move(*record);
  } else if (type == event_type::kTechniqueRecorded) {
    techniques_[event.subject] = core::SerializeCanonical(event.full_body);
  } else if (type == event_type::kAdvisoryRecorded) {
    const core::JsonValue* publisher = event.full_body.Find("publisher");
    if (publisher && publisher->type() == core::JsonType::kString)
      advisories_[{publisher->AsString(), event.subject}] = core::SerializeCanonical(event.full_body);
  }
}

core::Result<std::uint64_t> ReconcileLogWithStore(store::Store& store, ledger::Log& log) {
  auto last = store.LastEventSeq();
  if (!last) return last.error();
  const std::uint64_t log_size = log.size();
  const std::uint64_t store_size = *last ? **last + 1 : 0;
  if (log_size > store_size)
    return core::Corrupt("the log has " + std::to_string(log_size) +
                         " entries but the store knows only " + std::to_string(store_size) +
                         " events: the full forms of the rest are gone (restore the store from "
                         "a backup, or start a new node with a data directory of its own)");
  if (log_size > 0) {
    // The last entry both hold must be the same bytes: a store from another
    // node, or an older backup that diverged, must not be mixed in.
    auto entry = log.ReadEntry(log_size - 1);
    if (!entry) return entry.error();
    auto event = store.GetEvent(log_size - 1);
    if (!event) return event.error().Context("read event " + std::to_string(log_size - 1));
    if (event->public_json != *entry)
      return core::Corrupt("event " + std::to_string(log_size - 1) +
                           " in the store differs from the log's entry of that index: the store "
                           "and the log belong to different histories");
  }
  std::uint64_t appended = 0;
  std::vector<std::string> entries;
  auto flush = [&]() -> core::Status {
    if (entries.empty()) return core::Ok();
    auto receipt = log.AppendBatch(entries);
    if (!receipt) return receipt.error().Context("re-append events the log lacked");
    appended += entries.size();
    entries.clear();
    return core::Ok();
  };
  auto visited = store.ForEachEvent(log_size, [&](const store::EventRecord& event) -> core::Status {
    if (event.seq != log_size + appended + entries.size())
      return core::Corrupt("the store has no event " +
                           std::to_string(log_size + appended + entries.size()) +
                           " but has event " + std::to_string(event.seq));
    entries.push_back(event.public_json);
    if (entries.size() == 4096) return flush();
    return core::Ok();
  });
  if (!visited) return visited.error();
  if (auto flushed = flush(); !flushed) return flushed.error();
  return appended;
}

Sequencer::Sequencer(store::Store& store, ledger::Log& log, const core::Clock& clock,
                     SequencerOptions options)
    : store_(store), log_(log), clock_(clock), options_(std::move(options)),
      thread_([this] { Run(); }) {}

core::Result<std::unique_ptr<Sequencer>> Sequencer::Start(store::Store& store, ledger::Log& log,
                                                          const core::Clock& clock,
                                                          SequencerOptions options) {
  if (options.max_batch == 0) return core::InvalidArgument("max_batch must be at least 1");
  const std::uint64_t before = log.size();
  auto reconciled = ReconcileLogWithStore(store, log);
  if (!reconciled) return reconciled.error();
  if (*reconciled > 0 && options.on_appended) {
    std::vector<std::string> entries;
    for (std::uint64_t i = before; i < log.size(); ++i) {
      auto entry = log.ReadEntry(i);
      if (!entry) return entry.error();
      entries.push_back(std::move(*entry));
    }
    options.on_appended(before, entries);
  }
  return std::unique_ptr<Sequencer>(new Sequencer(store, log, clock, std::move(options)));
}

Sequencer::~Sequencer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Sequencer::Submit(DecideFn decide, DoneFn done) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_ && !failed_) {
      queue_.push_back(Pending{std::move(decide), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  std::optional<core::Error> failed;
  {
    std::lock_guard lock(mutex_);
    failed = failed_;
  }
  done(failed ? core::Unavailable("the registry stopped taking writes after a failure (" +
                                  failed->message + "); restart the node to recover")
              : core::Unavailable("the node is shutting down"));
}

core::Result<Committed> Sequencer::SubmitAndWait(DecideFn decide) {
  std::promise<core::Result<Committed>> promise;
  auto future = promise.get_future();
  Submit(std::move(decide),
         [&promise](core::Result<Committed> result) { promise.set_value(std::move(result)); });
  return future.get();
}

std::uint64_t Sequencer::batches_committed() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

void Sequencer::Run() {
  for (;;) {
    std::deque<Pending> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is done
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitBatch(batch);
  }
}

void Sequencer::CommitBatch(std::deque<Pending>& batch) {
  // `sticky`: the outcome is unknown (a commit or an append failed), so
  // no further write may be taken; otherwise the transaction was rolled
  // back and nothing happened.
  auto fail_all = [&](const core::Error& error, std::vector<std::size_t>* only = nullptr,
                      bool sticky = true) {
    if (sticky) {
      std::lock_guard lock(mutex_);
      failed_ = error;
    }
    if (only) {
      for (std::size_t i : *only) batch[i].done(error);
    } else {
      for (auto& pending : batch) pending.done(error);
    }
  };
  {
    std::lock_guard lock(mutex_);
    if (failed_) {
      for (auto& pending : batch)
        pending.done(core::Unavailable("the registry stopped taking writes after a failure (" +
                                       failed_->message + "); restart the node to recover"));
      return;
    }
  }

  auto write = store_.BeginWrite();
  if (!write) {
    fail_all(write.error(), nullptr, /*sticky=*/false);
    return;
  }
  BatchView view(store_, log_.size(), clock_.Now());
  std::vector<std::vector<Event>> accepted(batch.size());
  std::vector<std::size_t> accepted_indices;
  std::vector<std::string> entries;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto events = batch[i].decide(view);
    if (!events) {
      batch[i].done(events.error());
      continue;
    }
    if (events->empty()) {
      // Nothing to record (a deadline that turned out moot): answered with
      // no events once the batch is durable, as the batch's others are.
      accepted_indices.push_back(i);
      continue;
    }
    std::uint64_t seq = view.next_seq();
    for (auto& event : *events) {
      event.seq = seq++;
      event.at = view.now();
      if (event.full_body_json.empty()) event.full_body_json = core::SerializeCanonical(event.full_body);
      store::EventRecord record{event.seq, event.type, core::FormatRfc3339(event.at),
                                EncodeFullEvent(event), EncodePublicEvent(event)};
      auto status = (*write)->AppendEvent(record);
      if (status) status = ApplyEvent(event, **write);
      if (!status) {
        // The transaction may hold part of this command: abandon it all.
        batch[i].done(status.error());
        std::vector<std::size_t> rest = accepted_indices;  // decided before i
        for (std::size_t j = i + 1; j < batch.size(); ++j) rest.push_back(j);
        write->reset();  // rolls back
        fail_all(status.error().Context("store the batch"), &rest, /*sticky=*/false);
        return;
      }
      entries.push_back(std::move(record.public_json));
      view.Absorb(event);
    }
    accepted[i] = std::move(*events);
    accepted_indices.push_back(i);
  }
  if (entries.empty()) {
    // Every command was refused or had nothing to record: nothing to write.
    write->reset();  // rolls back the empty transaction
    for (std::size_t i : accepted_indices) batch[i].done(Committed{{}, log_.checkpoint()});
    return;
  }

  if (auto committed = (*write)->Commit(); !committed) {
    fail_all(committed.error().Context("commit the batch to the store"), &accepted_indices);
    return;
  }
  const std::uint64_t first_index = log_.size();
  auto receipt = log_.AppendBatch(entries);
  if (!receipt) {
    fail_all(receipt.error().Context("append the batch to the log"), &accepted_indices);
    return;
  }
  if (options_.on_appended) options_.on_appended(first_index, entries);
  {
    std::lock_guard lock(mutex_);
    ++batches_;
  }
  for (std::size_t i : accepted_indices)
    batch[i].done(Committed{std::move(accepted[i]), receipt->checkpoint});
}

}  // namespace accord::registry
