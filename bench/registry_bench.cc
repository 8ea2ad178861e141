// The registry's write path, piece by piece, without HTTP: what one
// submission costs before the sequencer (decode, score, evaluate, public
// form) and what the sequencer's durable batch costs per report (events,
// projections, SQLite commit, log append). The end-to-end figure over HTTP
// comes from wrk (tools/bench_api); docs/performance.md has both.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "assess/cascade.h"
#include "assess/methodology.h"
#include "core/canonical_json.h"
#include "core/crypto.h"
#include "core/file_io.h"
#include "core/id.h"
#include "core/json_reader.h"
#include "ledger/log.h"
#include "ledger/note.h"
#include "ledger/tile_store.h"
#include "model/report_codec.h"
#include "norms/adherence.h"
#include "norms/catalogue.h"
#include "norms/evaluate.h"
#include "privacy/visibility.h"
#include "registry/records.h"
#include "registry/registry.h"
#include "registry/submission.h"
#include "store/store.h"

namespace {

using namespace accord;

std::string DemoReport() {
  auto text = core::ReadFile(std::filesystem::path(ACCORD_BENCH_SOURCE_DIR) / "data/demo/2015-12-ukraine-power-grid.json");
  if (!text) std::abort();
  return *text;
}

// The report with a fresh id, wrapped as a submission.
std::string FreshSubmission(const std::string& report) {
  auto id = core::StixId::Random("incident-report");
  std::string text = report;
  auto at = text.find("incident-report--");
  text.replace(at, 17 + 36, id->ToString());
  return "{\"report\":" + text + "}";
}

registry::SubmissionReferences References() {
  return {assess::Methodology::Builtin(), assess::DependencyMatrix::Builtin(), norms::Catalogue::Builtin(),
          norms::Adherence::Builtin()};
}

void BM_ParseJson(benchmark::State& state) {
  std::string body = FreshSubmission(DemoReport());
  for (auto _ : state) benchmark::DoNotOptimize(core::ParseJsonStrict(body));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseJson);

void BM_DecodeReport(benchmark::State& state) {
  auto json = core::ParseJsonStrict(DemoReport());
  for (auto _ : state) benchmark::DoNotOptimize(model::DecodeIncidentReport(*json));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeReport);

void BM_EvaluateNorms(benchmark::State& state) {
  auto decoded = model::DecodeIncidentReport(DemoReport());
  for (auto _ : state)
    benchmark::DoNotOptimize(
        norms::EvaluateIncident(*decoded.report, norms::Catalogue::Builtin(), norms::Adherence::Builtin()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateNorms);

void BM_PublicForm(benchmark::State& state) {
  auto decoded = model::DecodeIncidentReport(DemoReport());
  for (auto _ : state) benchmark::DoNotOptimize(privacy::PublicForm(*decoded.report));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PublicForm);

void BM_PrepareSubmission(benchmark::State& state) {
  auto body = core::ParseJsonStrict(FreshSubmission(DemoReport()));
  auto references = References();
  for (auto _ : state) benchmark::DoNotOptimize(registry::PrepareSubmission(*body, references));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PrepareSubmission);

// Submits `batch` reports per round through the registry (durable SQLite
// store in a temporary directory, in-memory log) and waits for them all.
void BM_RegistrySubmitBatch(benchmark::State& state) {
  const auto batch = static_cast<std::size_t>(state.range(0));
  auto dir = std::filesystem::temp_directory_path() / ("accord-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = store::OpenSqliteStore(dir / "store.sqlite");
  std::array<std::uint8_t, 32> seed{};
  seed.fill(7);
  auto key = core::Ed25519PrivateKey::FromSeed(seed);
  auto signer = ledger::NoteSigner::Create("bench.example/log", ledger::SignatureType::kEd25519, std::move(*key));
  ledger::MemoryTileStore tiles;
  (void)ledger::Log::Create(tiles, *signer);
  auto log = ledger::Log::Open(tiles, std::move(*signer));
  auto reg = registry::Registry::Open(**store, **log);
  auto admin = (*reg)->Bootstrap("bench");
  auto caller = (*reg)->Authenticate(**admin);
  std::string report = DemoReport();
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<core::JsonValue> bodies;
    for (std::size_t i = 0; i < batch; ++i) bodies.push_back(*core::ParseJsonStrict(FreshSubmission(report)));
    state.ResumeTiming();
    std::mutex mutex;
    std::condition_variable done;
    std::size_t answered = 0;
    for (const auto& body : bodies)
      (*reg)->SubmitReport(*caller, body, [&](registry::Reply reply) {
        if (reply.error) std::abort();
        std::lock_guard lock(mutex);
        if (++answered == batch) done.notify_one();
      });
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return answered == batch; });
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch));
  reg->reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_RegistrySubmitBatch)->Arg(64)->Arg(1024)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
