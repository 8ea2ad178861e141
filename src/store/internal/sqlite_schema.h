// The SQLite store's tables, and the check that an existing file holds the
// schema this build knows.
//
// Version 1:
//   meta(key, value)           "schema_version" -> "1"
//   events                     the journal: one row per event, by seq
//   parties, tokens            one row per party / bearer token; client_of
//                              is a packed list (nothing filters on it)
//   reports                    the filterable columns of each report, keyed
//                              by report_row (an integer, so that side rows
//                              and indexes stay small)
//   report_documents           what only the reader of a row needs: the
//                              vector members as packed lists, full_json
//                              and public_json. Kept apart so that filtering
//                              and counting scan small rows, not documents
//   report_states, report_sectors, report_verdicts, report_recipients
//                              one row per element of the vector members,
//                              each with the report's submitted_seq and an
//                              index on (value, submitted_seq): a filter on
//                              one element walks that index newest first and
//                              stops at the page's limit
//
// Version 2 (issue 7) adds the reference data imports bring:
//   techniques                 ATT&CK techniques by id, the JSON as recorded
//   advisories                 vendor advisories by (publisher, tracking_id),
//                              their CVE ids as a packed list
//   advisory_cves              one row per CVE id of an advisory, keyed
//                              (cve, publisher, tracking_id): the ?cve= filter
//
// Version 3 (issue 8) adds generic records (store.h RecordRow):
//   records                    one row per (kind, id): points of contact,
//                              notifications and their recipients' statuses,
//                              cases, evidence, panels, findings, ...
//   record_parties             one row per party a record involves, keyed
//                              (kind, party_id, id), for "my records" lists
// An older store is migrated when opened (the new tables are created in
// the transaction that checks the version).
//
// report_sectors holds each sector of a report and each of its dot
// prefixes (its families), with `listed` = 1 for the sectors the report
// itself names: the family filter "energy" is then one equality that never
// matches "energyx", and counting by sector reads the listed rows only.
//
// Not part of the module's interface: only store/*.cc include this.
#pragma once

#include "core/result.h"
#include "store/internal/sqlite_connection.h"

namespace accord::store::internal {

inline constexpr int kSchemaVersion = 3;

// On an empty database, creates the schema of kSchemaVersion; otherwise
// checks that `meta` records kSchemaVersion, or 1 or 2 (then migrated). kCorrupt when the version is
// another one (the message names it) or when the file holds tables but no
// `meta` (not an accord store); SQLite's errors otherwise.
core::Status CreateOrCheckSchema(Connection& writer);

}  // namespace accord::store::internal
