// STIX import throughput (issue 7; docs/performance.md, "STIX import"):
// PlanStixImportText and PlanStixImportFile on MITRE ATT&CK for ICS v18.1
// (../shared/data/attack-ics, 3.4 MB, 1826 objects), reported in bytes/s
// and objects/s. Each iteration does everything an import does before the
// node stores anything: stream the bundle, parse each object strictly,
// validate it (stix_validation.h), hash its RFC 8785 form for duplicate
// detection, resolve versions and cycles, extract the techniques and list
// the rest. tools/bench_stix_vs_jsonschema sets these figures beside
// python3-jsonschema validating the same bundle.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <benchmark/benchmark.h>

#include "core/file_io.h"
#include "exchange/stix_bundle_reader.h"
#include "exchange/stix_import.h"

namespace {

using namespace accord;

std::filesystem::path Bundle() {
  const char* dir = std::getenv("ACCORD_SHARED_DATA");
  return std::filesystem::path(dir != nullptr ? dir : ACCORD_BENCH_SHARED_DATA) / "attack-ics" /
         "ics-attack-18.1.json";
}

std::string LoadBundle() {
  auto text = core::ReadFile(Bundle());
  if (!text) {
    std::fprintf(stderr, "%s (set ACCORD_SHARED_DATA)\n", text.error().ToString().c_str());
    std::abort();
  }
  return *text;
}

void Report(benchmark::State& state, std::size_t bytes, std::size_t objects) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["objects/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * objects), benchmark::Counter::kIsRate);
  state.counters["objects"] = static_cast<double>(objects);
}

void BM_PlanStixImportText(benchmark::State& state) {
  const std::string text = LoadBundle();
  std::size_t objects = 0;
  for (auto _ : state) {
    auto plan = exchange::PlanStixImportText(text, {});
    if (!plan || !plan->rejected.empty()) state.SkipWithError("the bundle did not plan cleanly");
    objects = plan ? plan->objects_read : 0;
    benchmark::DoNotOptimize(plan);
  }
  Report(state, text.size(), objects);
}
BENCHMARK(BM_PlanStixImportText)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

void BM_PlanStixImportFile(benchmark::State& state) {
  const std::filesystem::path file = Bundle();
  const std::size_t bytes = std::filesystem::file_size(file);
  std::size_t objects = 0;
  for (auto _ : state) {
    auto plan = exchange::PlanStixImportFile(file, {});
    if (!plan || !plan->rejected.empty()) state.SkipWithError("the bundle did not plan cleanly");
    objects = plan ? plan->objects_read : 0;
    benchmark::DoNotOptimize(plan);
  }
  Report(state, bytes, objects);
}
BENCHMARK(BM_PlanStixImportFile)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

// The reader and the strict parse alone: what validation and planning add
// is the difference with BM_PlanStixImportText.
void BM_ReadAndParseOnly(benchmark::State& state) {
  const std::string text = LoadBundle();
  std::size_t objects = 0;
  for (auto _ : state) {
    exchange::StixBundleReaderOptions options;
    auto header = exchange::ReadStixBundleText(text, options, [&options](const exchange::RawStixObject& raw) {
      auto parsed = exchange::ParseStixObject(raw, options);
      benchmark::DoNotOptimize(parsed);
      return core::Ok();
    });
    objects = header ? header->objects : 0;
  }
  Report(state, text.size(), objects);
}
BENCHMARK(BM_ReadAndParseOnly)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

}  // namespace

BENCHMARK_MAIN();
