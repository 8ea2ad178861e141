// The JSON forms of the norms catalogue, as `accord norms list|show --json`
// prints them and GET /v1/norms and /v1/norms/{id} serve them: one writer
// so the command line and the API never disagree.
#pragma once

#include "core/json_value.h"
#include "norms/catalogue.h"

namespace accord::norms {

// {"catalogue","version","norms":[{"id","layer","basis","title"}]}
core::JsonValue CatalogueSummaryJson(const Catalogue& catalogue);

// {"id","layer","basis","title","text","rationale","sources":[{"source","at",
//  "citation"}],"assessed_from_reports", "assessed_through" (when not)}
core::JsonValue NormJson(const Catalogue& catalogue, const Norm& norm);

// [{"source","at","citation"}] of `refs`.
core::JsonValue SourcesJson(const Catalogue& catalogue, const std::vector<SourceRef>& refs);

}  // namespace accord::norms
