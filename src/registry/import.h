// An import (issue 7, docs/exchange/imports.md): the records a foreign
// document maps to (exchange::ImportPlan), applied to the registry by the
// secretariat in one command, so in one store transaction and one log
// batch, decided item by item against the state of the moment.
//
// Each report is prepared as a submission (validated, scored, evaluated,
// its public form built) and then:
//   - a new id becomes report.submitted, the secretariat its submitter;
//   - an id already stored with the same report content is "unchanged"
//     (no event);
//   - an id stored with other content becomes report.amended, as when its
//     submitter amends it (only the report's submitter may: a secretariat
//     import does not rewrite a state's report), and a withdrawn report is
//     refused.
// Each technique and advisory is "imported" (new), "updated" (other
// content: a reference.*.recorded event) or "unchanged" (no event).
//
// All or nothing: when any item is refused and the request is not
// partial, nothing is written and the reply (422) lists every refused item
// at its pointer into the request (/reports/3, /techniques/0, ...). With
// `partial`, the accepted items are written and the refused ones listed.
#pragma once

#include <string>

#include "exchange/import_plan.h"

namespace accord::registry {

struct ImportRequest {
  // Only reports, techniques and advisories are applied; `ignored` and
  // `rejected` are the client's and are only counted in the reply.
  exchange::ImportPlan plan;
  bool partial = false;
  std::string source;  // what was imported, for the reply
};

}  // namespace accord::registry
