// An Assessment as JSON: what `accord assess --json` prints and what the
// node publishes at GET /v1/reports/{id}/assessment, so that the breakdown a
// reader sees on the dashboard is the one anyone gets offline from the same
// report (docs/methodology.md, "Recomputing a score").
#pragma once

#include <cstdint>
#include <string>

#include "assess/methodology.h"
#include "assess/score.h"
#include "core/json_value.h"

namespace accord::assess {

// "12.5": a weighted contribution in score units, rounded to one decimal
// with integer arithmetic only (DESIGN.md: no floating point in what is
// published). REQUIRES total > 0.
std::string ContributionTenths(std::int64_t weighted, std::int32_t total);

// {"methodology_version","score","level","score_min","score_max",
//  "confidence","factors":[{"factor","weight","points","contribution",
//  "missing"}],"missing":[{"factor","field","treatment"}],"cascade"}
core::JsonValue AssessmentToJson(const Assessment& assessment, const Methodology& methodology);

}  // namespace accord::assess
