// The SQL of ListReports and CountReports, built from a ReportFilter.
//
// Every member of the filter becomes a bound parameter, never SQL text, so
// the statement's text depends only on which members are set: the
// connection caches one prepared statement per shape.
//
// Plans (checked by tests/store/report_query_test.cc with EXPLAIN QUERY
// PLAN): a list query walks one index newest first and stops at the page's
// limit, without sorting. The index it walks ("the driver") is the first
// that applies of
//   submitter        reports(submitter_party_id, submitted_seq)
//   norm + verdict   report_verdicts(norm, verdict, submitted_seq)
//   state            report_states(state, submitted_seq)
//   sector           report_sectors(family, submitted_seq)
//   otherwise        reports(severity_level, submitted_seq) with a level,
//                    else reports(submitted_seq)
// since one party's reports, or one norm's breaches, are usually fewer
// than one state's. The other vector members become EXISTS probes on
// their side table's primary key (report_row, ...); the other columns are
// conditions on the report's row. The driver is forced with CROSS JOIN
// (SQLite: "the left table is the outer loop") or INDEXED BY.
//
// Period filters are tested on the rows the driver walks. A B-tree serves
// one side of an overlap test only, and for recent periods (a dashboard's
// year) neither side is selective, so walking newest first and stopping at
// the limit is the better plan; a narrow period far back in a large store
// is the slow case. reports(period_start) serves counting by month.
//
// Not part of the module's interface: only store/*.cc include this.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "store/store.h"

namespace accord::store::internal {

struct ReportQuery {
  std::string sql;
  // Bound in order to ?1, ?2, ...
  std::vector<std::variant<std::int64_t, std::string>> parameters;
};

// Selects internal::kReportColumns of the rows matching `filter`, newest
// first, at most filter.limit rows. REQUIRES: filter.limit was checked.
ReportQuery ListReportsQuery(const ReportFilter& filter);

// Selects (key, count) for the rows matching `filter` (cursor and limit
// ignored), grouped by `group_by`, ordered by key.
ReportQuery CountReportsQuery(const ReportFilter& filter, GroupBy group_by);

}  // namespace accord::store::internal
