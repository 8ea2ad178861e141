// libFuzzer target for the VERIS import (exchange/veris.h) on one record
// given as text. Besides memory errors it checks that each input is
// accounted for exactly once (a report, rejections, or one ignored file),
// and that every report the plan holds is valid and survives the model
// codec's round trip byte for byte. Any violation aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "exchange/veris.h"
#include "model/report_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const accord::exchange::ImportPlan plan = accord::exchange::PlanVerisImportText(text, "fuzz.json");
  if (plan.objects_read != 1) std::abort();
  const bool imported = !plan.reports.empty();
  if (imported && (plan.reports.size() != 1 || !plan.rejected.empty())) std::abort();
  if (!imported && plan.rejected.empty() && plan.ignored.size() != 1) std::abort();
  for (const accord::exchange::ImportProblem& problem : plan.rejected) {
    if (problem.reason.empty() || problem.object != "fuzz.json") std::abort();
  }
  for (const accord::exchange::ImportedReport& imported_report : plan.reports) {
    if (!accord::model::ValidateIncidentReport(imported_report.report).empty()) std::abort();
    const std::string encoded = accord::model::EncodeIncidentReport(imported_report.report);
    const accord::model::DecodeResult decoded = accord::model::DecodeIncidentReport(encoded);
    if (!decoded.ok() || accord::model::EncodeIncidentReport(*decoded.report) != encoded) std::abort();
  }
  return 0;
}
