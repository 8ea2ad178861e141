// The registry's request inputs other than incident reports, decoded with
// precise errors: the body of POST /v1/parties and the query of GET
// /v1/reports and /v1/statistics. Plain functions (fuzzed by
// fuzz/registry_inputs_fuzz.cc).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_value.h"
#include "core/result.h"
#include "model/field_error.h"
#include "registry/records.h"
#include "registry/registry.h"
#include "store/store.h"

namespace accord::assess {
class Methodology;
}
namespace accord::norms {
class Catalogue;
}

namespace accord::registry {

inline constexpr std::size_t kDefaultListLimit = 50;
inline constexpr std::size_t kMaxListLimit = 200;

// The party a registration body describes ({"kind","name","state",
// "client_of","contacts"}; docs/api/openapi.yaml); its id and seq are set
// later. Every problem is appended to `errors` with its pointer; the
// result is meaningful only when none was.
PartyRecord DecodePartyRegistration(const core::JsonValue& body, std::vector<model::FieldError>& errors);

struct ReportQuery {
  store::ReportFilter filter;
  std::size_t limit = kDefaultListLimit;  // list only
  std::optional<std::string> group_by;    // statistics only
  bool csv = false;                       // list only: format=csv
};

// The query of GET /v1/reports (`list`) or GET /v1/statistics. An unknown
// or repeated parameter, or a bad value, is kInvalidArgument naming the
// parameter and the reason.
core::Result<ReportQuery> ParseReportQuery(const QueryParams& params, bool list,
                                           const assess::Methodology& methodology,
                                           const norms::Catalogue& catalogue);

// The grouping named `name`, or nullopt.
std::optional<store::GroupBy> ParseGroupBy(std::string_view name);

}  // namespace accord::registry
