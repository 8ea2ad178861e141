// libFuzzer target for the public-log replay (transparency/public_ledger.h):
// the input is split at '\n' into entries, which are applied in order, as a
// watchdog replays a log it does not trust. Besides memory errors it checks:
//   - every refusal is kCorrupt, its message naming the entry's index
//     ("entry N"), and the ledger's size stays N (the entry was not counted);
//   - Compute over whatever was replayed succeeds for a valid year, and
//     both encoders give the same bytes when run twice.
// Any violation aborts, so libFuzzer reports it as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "transparency/public_ledger.h"
#include "transparency/report.h"

namespace {

using namespace accord;

[[noreturn]] void Violated(const char* property) {
  std::fprintf(stderr, "property violated: %s\n", property);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  transparency::PublicLedger ledger;
  while (!input.empty()) {
    const std::size_t end = input.find('\n');
    std::string_view entry = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    const std::uint64_t before = ledger.size();
    auto applied = ledger.Apply(entry);
    if (applied) {
      if (ledger.size() != before + 1) Violated("an applied entry is counted once");
      continue;
    }
    if (applied.error().code != core::ErrorCode::kCorrupt) Violated("refusals are kCorrupt");
    if (applied.error().message.rfind("entry " + std::to_string(before), 0) != 0)
      Violated("a refusal names the entry's index");
    if (ledger.size() != before) Violated("a refused entry is not counted");
    break;
  }
  ledger::Checkpoint cite;
  cite.tree_size = ledger.size();
  auto report = transparency::Compute(ledger, 2026, std::nullopt, cite);
  if (!report) Violated("Compute succeeds on any replayed ledger");
  if (transparency::EncodeReportJson(*report) != transparency::EncodeReportJson(*report) ||
      transparency::EncodeReportCsv(*report) != transparency::EncodeReportCsv(*report))
    Violated("the encoders are deterministic");
  return 0;
}
