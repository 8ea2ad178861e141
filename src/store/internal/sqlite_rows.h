// Rows of the SQLite store in and out of statements: the column lists the
// readers select, the functions that turn a result row into an EventRecord,
// PartyRow, TokenRow, ReportRow, TechniqueRow, AdvisoryRow or RecordRow, and the
// packed lists that hold vector members in one column.
//
// A packed list is each element as `<decimal byte length>:<bytes>`, one
// after the other: binary-safe (ids may hold any byte the registry accepts)
// and read back in one pass. Pairs are packed as two elements each.
//
// Not part of the module's interface: only store/*.cc include this.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/internal/sqlite_connection.h"
#include "store/store.h"

namespace accord::store::internal {

std::string PackList(const std::vector<std::string>& items);
std::string PackPairs(const std::vector<std::pair<std::string, std::string>>& pairs);
// kCorrupt when `packed` is not a packed list; the message names the byte
// offset and the reason.
core::Result<std::vector<std::string>> UnpackList(std::string_view packed);
// As UnpackList, and kCorrupt when the number of elements is odd.
core::Result<std::vector<std::pair<std::string, std::string>>> UnpackPairs(std::string_view packed);

// The rows report_sectors holds for `sectors`: each sector and each of its
// dot prefixes ("energy.electricity" gives "energy" and
// "energy.electricity"), once each, with `listed` true for the codes in
// `sectors` themselves. Sorted by code.
struct SectorFamily {
  std::string family;
  bool listed = false;
};
std::vector<SectorFamily> SectorFamilies(const std::vector<std::string>& sectors);

// Column lists, in the order the Read* functions expect them.
inline constexpr const char* kEventColumns = "seq, type, at, full_json, public_json";
inline constexpr const char* kPartyColumns =
    "id, kind, name, state, status, client_of, public_json, full_json, registered_seq, "
    "updated_seq";
inline constexpr const char* kTokenColumns =
    "id, hash_hex, party_id, issued_at, expires_at, revoked, issued_seq";
// From `reports r` joined with `report_documents d`.
inline constexpr const char* kReportColumns =
    "r.id, r.version, r.submitter_party_id, r.tlp, r.max_tlp, r.record_visibility, "
    "r.envelope_visibility, r.reporter_kind, r.period_start, r.period_end, r.severity_level, "
    "r.severity_rank, r.score, r.verdict_summary, r.exercise, r.withdrawn, r.submitted_seq, "
    "r.updated_seq, r.submitted_at, r.updated_at, d.recipients, d.states, d.sectors, "
    "d.verdicts, d.full_json, d.public_json";

inline constexpr const char* kTechniqueColumns = "id, json, updated_seq";
inline constexpr const char* kAdvisoryColumns = "publisher, tracking_id, cves, json, updated_seq";

EventRecord ReadEvent(const Statement& row);
// kCorrupt when a packed list in the row is malformed.
core::Result<PartyRow> ReadParty(const Statement& row);
TokenRow ReadToken(const Statement& row);
core::Result<ReportRow> ReadReport(const Statement& row);
TechniqueRow ReadTechnique(const Statement& row);
// kCorrupt when the packed cves column is malformed.
core::Result<AdvisoryRow> ReadAdvisory(const Statement& row);
// Reads record_query.h's kRecordColumns. kCorrupt when the packed parties
// column is malformed.
core::Result<RecordRow> ReadRecord(const Statement& row);

// Sequence numbers are unsigned in the interface and signed in SQLite; the
// store refuses seqs above this rather than let them sort below 0.
inline constexpr std::uint64_t kMaxSeq = 0x7fffffffffffffffu;

}  // namespace accord::store::internal
