// Fills a node's data directory with N generated incident reports through
// the registry's own command path (the same SubmitReport the HTTP route
// calls; only the HTTP hop is skipped), for the memory and read benchmarks
// at scale (docs/performance.md). Reports vary the affected state, sector,
// month and effects so that filters and statistics have work to do.
//
// Usage: accord_fill_node DATA_DIR COUNT (not a Google Benchmark: `make bench` skips it)
// The node must be stopped; start it afterwards with accord serve.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#include "cli/node.h"
#include "core/file_io.h"
#include "core/id.h"
#include "core/json_reader.h"

namespace {

using namespace accord;

constexpr const char* kStates[] = {"UA", "US", "DE", "EE", "IL", "IR", "SA", "FR", "PL", "JP"};
constexpr const char* kSectors[] = {"energy.electricity", "drinking-water", "health.healthcare-providers",
                                    "transport.rail", "digital-infrastructure", "banking"};

std::string Generated(const std::string& tmpl, std::size_t i) {
  std::string text = tmpl;
  auto replace = [&](const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  };
  replace("incident-report--00000000-0000-4000-8000-000000000000",
          core::StixId::Random("incident-report")->ToString());
  replace("\"ZZ\"", std::string("\"") + kStates[i % 10] + "\"");
  replace("SECTOR", kSectors[(i / 10) % 6]);
  char month[8];
  std::snprintf(month, sizeof month, "%04zu-%02zu", 2015 + (i / 12) % 10, 1 + i % 12);
  replace("YYYY-MM", month);
  replace("HOURS", std::to_string(i % 200));
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: accord_fill_node DATA_DIR COUNT\n");
    return 2;
  }
  const std::size_t count = std::strtoull(argv[2], nullptr, 10);
  const std::string tmpl = R"({"report":{"schema":"accord.incident-report/1",
    "id":"incident-report--00000000-0000-4000-8000-000000000000",
    "title":"Generated incident for the scale benchmark","reporter":{"kind":"watchdog","name":"bench"},
    "reported_at":"2026-01-01T00:00:00Z","times":{"start":"YYYY-MM-15T00:00:00Z","precision":"day"},
    "affected_states":["ZZ"],"affected_entities":[{"sector":"SECTOR","entity_type":"utility","state":"ZZ",
    "civilian_status":"civilian","population_served":50000}],
    "effects":{"confidentiality":false,"integrity":true,"availability":true,"effect_location":"ot",
    "disruption_hours":HOURS,"physical_damage":"none","recoverability":"regular"},
    "narrative":"Generated for the scale benchmark: operators reported a disruption of HOURS hours.",
    "tlp":"CLEAR"}})";
  auto node = cli::OpenNode(cli::NodeOpenOptions{argv[1], std::nullopt, std::nullopt, std::nullopt, "bench"});
  if (!node) {
    std::fprintf(stderr, "accord_fill_node: %s\n", node.error().message.c_str());
    return 1;
  }
  auto admin = core::ReadFile((*node)->data.secretariat_token());
  std::string token = admin ? *admin : "";
  while (!token.empty() && token.back() == '\n') token.pop_back();
  auto caller = (*node)->registry->Authenticate(token);
  if (!caller) {
    std::fprintf(stderr, "accord_fill_node: %s\n", caller.error().message.c_str());
    return 1;
  }
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t in_flight = 0, done = 0, failed = 0;
  auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    auto body = core::ParseJsonStrict(Generated(tmpl, i));
    if (!body) {
      std::fprintf(stderr, "accord_fill_node: template: %s\n", body.error().message.c_str());
      return 1;
    }
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return in_flight < 4096; });
      ++in_flight;
    }
    (*node)->registry->SubmitReport(*caller, *body, [&](registry::Reply reply) {
      std::lock_guard lock(mutex);
      --in_flight;
      ++done;
      if (reply.error && failed++ == 0) std::fprintf(stderr, "first failure: %s\n", reply.error->message.c_str());
      changed.notify_all();
    });
    if (i % 10000 == 0 && i > 0) {
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "\r%zu / %zu (%.0f/s)", i, count, static_cast<double>(i) / seconds);
    }
  }
  std::unique_lock lock(mutex);
  changed.wait(lock, [&] { return in_flight == 0; });
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "\n%zu reports in %.1f s (%.0f/s), %zu failed\n", done, seconds,
               static_cast<double>(done) / seconds, failed);
  return failed == 0 ? 0 : 1;
}
