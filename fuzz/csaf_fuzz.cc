// libFuzzer target for the CSAF import (exchange/csaf.h) on one document
// given as text. Besides memory errors it checks that each input is an
// advisory, rejections or one ignored file, never a mix, and that an
// advisory's CVE ids are sorted and unique. Any violation aborts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "exchange/csaf.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const accord::exchange::ImportPlan plan = accord::exchange::PlanCsafImportText(text, "fuzz.json");
  if (plan.objects_read != 1 || !plan.reports.empty()) std::abort();
  if (!plan.advisories.empty() && (plan.advisories.size() != 1 || !plan.rejected.empty())) std::abort();
  if (plan.advisories.empty() && plan.rejected.empty() && plan.ignored.size() != 1) std::abort();
  for (const accord::exchange::Advisory& advisory : plan.advisories) {
    if (std::adjacent_find(advisory.cves.begin(), advisory.cves.end(),
                           [](const auto& a, const auto& b) { return !(a < b); }) !=
        advisory.cves.end()) {
      std::abort();
    }
  }
  return 0;
}
