// The SQL of the generic records (issue 8's points of contact,
// notifications, cases and the rest; store.h RecordRow), built from a
// RecordFilter.
//
// As for reports (report_query.h), every filter value is a bound parameter
// and the statement's text depends only on which members are set, so the
// connection caches one prepared statement per shape. A list walks
// records(kind, created_seq) newest first and stops at the limit; a party
// filter drives from record_parties(kind, party_id, created_seq) instead,
// since one party's records are few among all of a kind.
//
// Not part of the module's interface: only store/*.cc include this.
#pragma once

#include <cstdint>
#include <string>

#include "store/internal/report_query.h"
#include "store/store.h"

namespace accord::store::internal {

inline constexpr const char* kRecordColumns =
    "r.kind, r.id, r.status, r.parties, r.exercise, r.created_seq, r.updated_seq, r.full_json, "
    "r.public_json";

// Selects kRecordColumns of the rows matching `filter`, newest first, at
// most filter.limit rows. REQUIRES: filter.kind and filter.limit were checked.
ReportQuery ListRecordsQuery(const RecordFilter& filter);

// One page of ForEachRecord: rows of `kind` after (created_seq, id) =
// (after_seq, after_id), oldest first, at most `limit`.
ReportQuery RecordPageQuery(const std::string& kind, std::uint64_t after_seq,
                            const std::string& after_id, std::int64_t limit);

}  // namespace accord::store::internal
