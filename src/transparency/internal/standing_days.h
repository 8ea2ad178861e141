// Standing over the year, for transparency/report.cc: a helper of the
// module, not part of its interface.
#pragma once

#include "transparency/public_ledger.h"
#include "transparency/report.h"

namespace accord::transparency::internal {

// Adds `standing.days.<standing>` and `standing.last_day.<standing>` to each
// state of `report.states`: for each day of `year` up to the day of the last
// entry, registry::AssessStanding on that day over the state's public
// conduct record (cases against it open at the end of the day, violation
// findings with their remediation, non-cooperation as the accused), as the
// node computes standing on read. Adds nothing when a recommendation names
// a ladder version other than the built-in one (whose standing rules this
// build does not hold), or when AssessStanding refuses a record (all or
// nothing).
void CountStanding(const PublicLedger& ledger, int year, TransparencyReport& report);

}  // namespace accord::transparency::internal
