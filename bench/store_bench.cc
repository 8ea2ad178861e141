// Benchmarks of the SQLite store (issue 6): what one group commit of the
// registry costs, and how many point reads the API can serve.
//
//   StorePutBatch/4096    one WriteBatch of 4096 PutReport + AppendEvent
//                         and its Commit (synchronous=FULL: one WAL sync),
//                         16 batches into one growing store; rows/s
//   StoreGetReport        GetReport of a uniformly random id, on a store of
//                         ACCORD_BENCH_STORE_ROWS reports (default 100,000),
//                         from 1, 2 and 4 threads at once; reads/s
//   StoreListReports      one page of 100 reports of one state, newest
//                         first, on the same store
//
// Files go to a fresh directory under ACCORD_BENCH_DIR (else TMPDIR, else
// /tmp). Rows are about the size of the registry's: a 2 KiB full form and
// a 1 KiB public form per report and per event. Each benchmark reports the
// process's peak resident memory (peak_rss_MB), which must stay under the
// node's 300 MB budget whatever the store's size. Durable writes count wall
// time, since waiting for the disk is their cost; reads count wall time
// too, so that threads add up to the rate a server would see.
#include <benchmark/benchmark.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "store/store.h"

namespace accord::store {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kBatchRows = 4096;  // the registry's largest group commit
constexpr std::int64_t kDefaultStoreRows = 100'000;
constexpr std::size_t kFullJsonBytes = 2048;
constexpr std::size_t kPublicJsonBytes = 1024;

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "store_bench: %s\n", message.c_str());
  std::exit(1);
}

// A fresh directory under ACCORD_BENCH_DIR (else TMPDIR, else /tmp),
// removed on destruction.
class TempDirectory {
 public:
  TempDirectory() {
    const char* base = std::getenv("ACCORD_BENCH_DIR");
    if (base == nullptr || *base == '\0') base = std::getenv("TMPDIR");
    if (base == nullptr || *base == '\0') base = "/tmp";
    std::string pattern = std::string(base) + "/accord-store-bench.XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) Die("mkdtemp " + pattern + " failed");
    path_ = pattern;
  }
  ~TempDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string ReportId(std::uint64_t n) {
  char id[64];
  std::snprintf(id, sizeof id, "incident-report--%08llx-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(n), static_cast<unsigned long long>(n * 7919));
  return id;
}

const char* const kStates[] = {"UA", "PL", "DE", "FR", "EE", "LV", "LT", "FI", "RO", "MD"};
const char* const kSectors[] = {"energy.electricity", "energy.gas",     "health",
                                "transport.rail",     "drinking-water", "digital-infrastructure"};
const char* const kVerdicts[] = {"breach", "no-breach", "undetermined"};

ReportRow BenchReport(std::uint64_t n) {
  ReportRow report;
  report.id = ReportId(n);
  report.version = 1;
  report.submitter_party_id = "party--" + std::to_string(n % 40);
  report.recipients = {"party--secretariat", "party--" + std::to_string((n + 1) % 40)};
  report.tlp = "GREEN";
  report.max_tlp = "AMBER";
  report.record_visibility = "public";
  report.envelope_visibility = "public";
  report.reporter_kind = n % 3 == 0 ? "state" : "operator";
  report.states = {kStates[n % 10]};
  if (n % 4 == 0) report.states.push_back(kStates[(n + 3) % 10]);
  report.sectors = {kSectors[n % 6]};
  report.period_start = "2025-" + std::string(n % 12 < 9 ? "0" : "") + std::to_string(n % 12 + 1);
  report.period_end = report.period_start;
  report.severity_level = "high";
  report.severity_rank = static_cast<std::int64_t>(n % 6);
  report.score = static_cast<std::int64_t>(n % 1001);
  report.verdict_summary = kVerdicts[n % 3];
  for (int norm = 1; norm <= 8; ++norm) {
    report.verdicts.emplace_back("norm-" + std::to_string(norm), kVerdicts[(n + norm) % 3]);
  }
  report.submitted_seq = n;
  report.updated_seq = n;
  report.submitted_at = "2026-01-02T03:04:05Z";
  report.updated_at = report.submitted_at;
  report.full_json = std::string(kFullJsonBytes, 'f');
  report.public_json = std::string(kPublicJsonBytes, 'p');
  return report;
}

EventRecord BenchEvent(std::uint64_t n) {
  return EventRecord{.seq = n,
                     .type = "report.submitted",
                     .at = "2026-01-02T03:04:05Z",
                     .full_json = std::string(kFullJsonBytes, 'f'),
                     .public_json = std::string(kPublicJsonBytes, 'p')};
}

// Writes rows [first, first + count) as one batch: what the registry's
// sequencer does per group commit.
void WriteBatchOf(Store& store, std::uint64_t first, std::size_t count) {
  auto batch = store.BeginWrite();
  if (!batch) Die(batch.error().ToString());
  for (std::uint64_t n = first; n < first + count; ++n) {
    if (auto appended = (*batch)->AppendEvent(BenchEvent(n)); !appended) {
      Die(appended.error().ToString());
    }
    if (auto put = (*batch)->PutReport(BenchReport(n)); !put) Die(put.error().ToString());
  }
  if (auto committed = (*batch)->Commit(); !committed) Die(committed.error().ToString());
}

void ReportPeakRss(benchmark::State& state) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void BM_StorePutBatch(benchmark::State& state) {
  TempDirectory dir;
  auto store = OpenSqliteStore(dir.path() / "store.db");
  if (!store) Die(store.error().ToString());
  const auto rows = static_cast<std::size_t>(state.range(0));
  std::uint64_t next = 1;
  for (auto _ : state) {
    WriteBatchOf(**store, next, rows);
    next += rows;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(next - 1));
  ReportPeakRss(state);
}
BENCHMARK(BM_StorePutBatch)
    ->Name("StorePutBatch")
    ->Arg(kBatchRows)
    ->Iterations(16)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The read benchmarks' store, built once for all of them and all threads.
struct ReadStore {
  TempDirectory dir;
  std::unique_ptr<Store> store;  // closed before `dir` is removed
  std::uint64_t rows = 0;
};

// Built on first use; destroyed at exit, which removes its directory.
ReadStore& SharedReadStore() {
  static std::unique_ptr<ReadStore> shared = [] {
    auto built = std::make_unique<ReadStore>();
    const char* rows_text = std::getenv("ACCORD_BENCH_STORE_ROWS");
    std::int64_t rows = rows_text != nullptr ? std::atoll(rows_text) : kDefaultStoreRows;
    if (rows <= 0) Die("ACCORD_BENCH_STORE_ROWS must be a positive number");
    built->rows = static_cast<std::uint64_t>(rows);
    auto store = OpenSqliteStore(built->dir.path() / "store.db");
    if (!store) Die(store.error().ToString());
    built->store = std::move(*store);
    for (std::uint64_t first = 1; first <= built->rows; first += kBatchRows) {
      WriteBatchOf(
          *built->store, first,
          static_cast<std::size_t>(std::min<std::uint64_t>(kBatchRows, built->rows - first + 1)));
    }
    return built;
  }();
  return *shared;
}

void BM_StoreGetReport(benchmark::State& state) {
  ReadStore& shared = SharedReadStore();
  std::mt19937_64 random(static_cast<std::uint64_t>(state.thread_index()) + 1);
  std::uniform_int_distribution<std::uint64_t> pick(1, shared.rows);
  for (auto _ : state) {
    auto report = shared.store->GetReport(ReportId(pick(random)));
    if (!report) {
      state.SkipWithError(report.error().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(report->score);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  if (state.thread_index() == 0) ReportPeakRss(state);
}
BENCHMARK(BM_StoreGetReport)
    ->Name("StoreGetReport")
    ->Threads(1)
    ->Threads(2)
    ->Threads(4)
    ->UseRealTime();

void BM_StoreListReports(benchmark::State& state) {
  ReadStore& shared = SharedReadStore();
  std::mt19937_64 random(static_cast<std::uint64_t>(state.thread_index()) + 1);
  std::uniform_int_distribution<std::size_t> pick(0, 9);
  for (auto _ : state) {
    auto page = shared.store->ListReports({.state = kStates[pick(random)], .limit = 100});
    if (!page || page->size() != 100) {
      state.SkipWithError(page ? "short page" : page.error().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(page->data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  if (state.thread_index() == 0) ReportPeakRss(state);
}
BENCHMARK(BM_StoreListReports)
    ->Name("StoreListReports")
    ->Threads(1)
    ->Threads(4)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace accord::store

BENCHMARK_MAIN();
