// accord rebuild: the store's projections, dropped and replayed from the
// events (DESIGN.md: "anything in the store can be rebuilt by replaying
// events").
#include <cstdio>

#include "cli/commands.h"
#include "cli/log_directory.h"
#include "cli/node_config.h"
#include "registry/projection.h"
#include "registry/record_writes.h"
#include "store/store.h"

namespace accord::cli {
namespace {

struct Snapshot {
  std::vector<store::PartyRow> parties;
  std::vector<store::TokenRow> tokens;
  std::vector<store::ReportRow> reports;
  std::vector<store::TechniqueRow> techniques;
  std::vector<store::AdvisoryRow> advisories;
  std::vector<store::RecordRow> records;
};

core::Result<Snapshot> TakeSnapshot(const store::Store& store) {
  Snapshot snapshot;
  auto parties = store.ListParties();
  if (!parties) return parties.error();
  snapshot.parties = std::move(*parties);
  for (const auto& party : snapshot.parties) {
    auto tokens = store.ListTokens(party.id);
    if (!tokens) return tokens.error();
    snapshot.tokens.insert(snapshot.tokens.end(), tokens->begin(), tokens->end());
  }
  store::ReportFilter filter;
  filter.include_withdrawn = true;
  filter.include_exercise = true;
  filter.limit = 1000;
  for (;;) {
    auto rows = store.ListReports(filter);
    if (!rows) return rows.error();
    for (auto& row : *rows) {
      filter.before_seq = row.submitted_seq;
      snapshot.reports.push_back(std::move(row));
    }
    if (rows->size() < filter.limit) break;
  }
  auto techniques = store.ListTechniques();
  if (!techniques) return techniques.error();
  snapshot.techniques = std::move(*techniques);
  store::AdvisoryFilter advisories{.offset = 0, .limit = 1000};
  for (;;) {
    auto rows = store.ListAdvisories(advisories);
    if (!rows) return rows.error();
    snapshot.advisories.insert(snapshot.advisories.end(), rows->begin(), rows->end());
    if (rows->size() < advisories.limit) break;
    advisories.offset += rows->size();
  }
  for (auto kind : registry::kRecordKinds) {
    auto read = store.ForEachRecord(std::string(kind), [&](const store::RecordRow& row) {
      snapshot.records.push_back(row);
      return core::Ok();
    });
    if (!read) return read.error();
  }
  return snapshot;
}

template <typename Row>
std::string Key(const Row& row) {
  return row.id;
}
std::string Key(const store::AdvisoryRow& row) { return row.publisher + " " + row.tracking_id; }
std::string Key(const store::RecordRow& row) { return row.kind + " " + row.id; }

template <typename Row>
core::Status Compare(const std::vector<Row>& before, const std::vector<Row>& after, std::string_view what) {
  if (before.size() != after.size())
    return core::Corrupt(std::string(what) + ": " + std::to_string(before.size()) + " rows before the rebuild, " +
                         std::to_string(after.size()) + " after");
  for (std::size_t i = 0; i < before.size(); ++i)
    if (!(before[i] == after[i]))
      return core::Corrupt(std::string(what) + " " + Key(before[i]) + " differs after the rebuild");
  return core::Ok();
}

}  // namespace

core::Status RunRebuild(const RebuildOptions& options) {
  DataDirectory data{options.data_dir};
  std::error_code ec;
  if (!std::filesystem::exists(data.store(), ec))
    return core::NotFound("no store at " + data.store().string() + " (is " + data.root.string() +
                          " a node's data directory?)");
  // The node holds this lock while it runs: a rebuild under a live
  // sequencer would race its writes.
  auto lock = LogLock::Acquire(data.log());
  if (!lock) return lock.error().Context("the node must be stopped to rebuild");
  auto store = store::OpenSqliteStore(data.store());
  if (!store) return store.error();
  std::optional<Snapshot> before;
  if (options.check) {
    auto snapshot = TakeSnapshot(**store);
    if (!snapshot) return snapshot.error().Context("read the projections before the rebuild");
    before = std::move(*snapshot);
  }
  std::uint64_t replayed = 0;
  auto rebuilt = registry::RebuildProjections(**store, [&](std::uint64_t count) {
    replayed = count;
    std::fprintf(stderr, "\rreplayed %llu events", static_cast<unsigned long long>(count));
  });
  std::fprintf(stderr, "\n");
  if (!rebuilt) return rebuilt.error().Context("rebuild");
  if (before) {
    auto after = TakeSnapshot(**store);
    if (!after) return after.error().Context("read the projections after the rebuild");
    if (auto same = Compare(before->parties, after->parties, "party"); !same) return same;
    if (auto same = Compare(before->tokens, after->tokens, "token"); !same) return same;
    if (auto same = Compare(before->reports, after->reports, "report"); !same) return same;
    if (auto same = Compare(before->techniques, after->techniques, "technique"); !same) return same;
    if (auto same = Compare(before->advisories, after->advisories, "advisory"); !same) return same;
    if (auto same = Compare(before->records, after->records, "record"); !same) return same;
    std::printf("rebuilt from %llu events: %zu parties, %zu tokens, %zu reports, %zu techniques, "
                "%zu advisories, %zu records, identical to before\n",
                static_cast<unsigned long long>(replayed), after->parties.size(), after->tokens.size(),
                after->reports.size(), after->techniques.size(), after->advisories.size(),
                after->records.size());
  } else {
    std::printf("rebuilt the projections from %llu events\n", static_cast<unsigned long long>(replayed));
  }
  return core::Ok();
}

}  // namespace accord::cli
