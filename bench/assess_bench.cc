// Severity scoring throughput (issue 5; docs/performance.md, "Assess").
// Target: >= 1M reports scored per second on one core for the score without
// cascade propagation. The report is decoded once; the loop scores it, as the
// registry does for each stored report when it re-scores under a new profile.
#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>

#include "assess/campaign.h"
#include "assess/score.h"
#include "model/report_codec.h"

namespace {

using namespace accord;

model::IncidentReport LoadDemo(const char* file) {
  std::ifstream in(std::string(ACCORD_BENCH_SOURCE_DIR) + "/data/demo/" + file);
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto decoded = model::DecodeIncidentReport(buffer.str());
  if (!decoded) {
    std::fprintf(stderr, "%s: %s\n", file, decoded.ToError().message.c_str());
    std::abort();
  }
  return *decoded.report;
}

void BM_ScoreWithoutCascade(benchmark::State& state) {
  const model::IncidentReport report = LoadDemo("2015-12-ukraine-power-grid.json");
  const auto& m = assess::Methodology::Builtin();
  const auto& d = assess::DependencyMatrix::Builtin();
  for (auto _ : state) {
    auto a = assess::Score(report, m, d, {false});
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScoreWithoutCascade)->MeasureProcessCPUTime();

void BM_ScoreWithCascade(benchmark::State& state) {
  const model::IncidentReport report = LoadDemo("2015-12-ukraine-power-grid.json");
  for (auto _ : state) {
    auto a = assess::Score(report);
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScoreWithCascade)->MeasureProcessCPUTime();

void BM_DecodeAndScore(benchmark::State& state) {
  std::ifstream in(std::string(ACCORD_BENCH_SOURCE_DIR) +
                   "/data/demo/2015-12-ukraine-power-grid.json");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string json = buffer.str();
  for (auto _ : state) {
    auto decoded = model::DecodeIncidentReport(json);
    auto a = assess::Score(*decoded.report, assess::Methodology::Builtin(),
                           assess::DependencyMatrix::Builtin(), {false});
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeAndScore)->MeasureProcessCPUTime();

}  // namespace

BENCHMARK_MAIN();
