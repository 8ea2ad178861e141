// The shape checks of indicator values (docs/incident-report.md,
// `indicators`): hashes are hex of their digest's length, addresses are
// addresses. Other types (domain, url, file-name, email) are free text
// within the contract's length: their grammars are large, and a wrong one
// harms no one but the reader of the indicator.
//
// Not part of the module's interface: only model/*.cc include this.
#pragma once

#include <string>
#include <string_view>

#include "model/incident_report.h"

namespace accord::model::internal {

// "" when `value` is a well-formed value of `type`; otherwise a lower-case
// message saying what was expected. REQUIRES: value is at most a few KB
// (the decoder checks the length first).
std::string IndicatorValueProblem(IndicatorType type, std::string_view value);

}  // namespace accord::model::internal
