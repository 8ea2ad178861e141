// The store: the node's query side (DESIGN.md, "store"). It keeps the full
// form of every event (the journal the projections are rebuilt from) and
// the projections the API reads: parties, tokens, incident reports and the
// reference data imports bring (ATT&CK techniques, vendor advisories).
//
// The log is the source of truth for what is public; the store is the only
// place the full (confidential) forms live. The registry writes one
// WriteBatch per group commit, in one transaction, then appends the batch's
// public forms to the log (registry/sequencer.h). Rows are plain data in
// the store's own terms (strings and integers), so that a PostgreSQL backend
// can implement the same interface later without knowing the registry.
//
// Thread-safety: every method of Store may be called from any thread at
// the same time (readers never block the writer: SQLite in WAL mode). Only
// one WriteBatch may be open at a time; BeginWrite waits for the previous
// one to finish.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace accord::store {

// One event of the registry: `seq` is its index in the log.
struct EventRecord {
  std::uint64_t seq = 0;
  std::string type;         // "report.submitted", "party.registered", ...
  std::string at;           // RFC 3339, UTC
  std::string full_json;    // RFC 8785 canonical JSON of the full form
  std::string public_json;  // the exact bytes appended to the log
  friend bool operator==(const EventRecord&, const EventRecord&) = default;
};

struct PartyRow {
  std::string id;      // "party--<uuid>"
  std::string kind;    // "state" "operator" "watchdog" "arbitrator" "secretariat"
  std::string name;
  std::string state;   // ISO 3166-1 alpha-2; "" when none
  std::string status;  // "active" "revoked"
  std::vector<std::string> client_of;  // party ids (privacy::Reader::client_of)
  std::string public_json;  // the public directory entry
  std::string full_json;    // with restricted points of contact
  std::uint64_t registered_seq = 0;
  std::uint64_t updated_seq = 0;
  friend bool operator==(const PartyRow&, const PartyRow&) = default;
};

struct TokenRow {
  std::string id;          // "tok_<16 hex>", public
  std::string hash_hex;    // SHA-256 of the whole bearer token, 64 lower-case hex
  std::string party_id;
  std::string issued_at;   // RFC 3339
  std::string expires_at;  // RFC 3339; "" when it does not expire
  bool revoked = false;
  std::uint64_t issued_seq = 0;
  friend bool operator==(const TokenRow&, const TokenRow&) = default;
};

// The current version of one incident report, with what the list filters
// and the visibility rules need as columns.
struct ReportRow {
  std::string id;  // "incident-report--<uuid>"
  std::int64_t version = 1;
  std::string submitter_party_id;
  std::vector<std::string> recipients;  // party ids named by the submitter
  std::string tlp;         // the report's marking: "CLEAR" "GREEN" "AMBER" "AMBER+STRICT" "RED"
  std::string max_tlp;     // the most restrictive of tlp and every field_tlp
  std::string record_visibility;    // "public" "parties-only"
  std::string envelope_visibility;  // "public" "parties-only"
  std::string reporter_kind;
  std::vector<std::string> states;   // affected states, sorted, unique
  std::vector<std::string> sectors;  // affected entities' sectors, sorted, unique
  std::string period_start;  // "YYYY-MM": month of times.start (year precision: "YYYY-01")
  std::string period_end;    // "YYYY-MM": same month (year precision: "YYYY-12")
  std::string severity_level;  // "baseline" .. "emergency"
  std::int64_t severity_rank = 0;  // 0 (lowest level) .. 5, for ordering
  std::int64_t score = 0;          // 0..1000
  std::string verdict_summary;
  // Norm id -> verdict name ("breach", "no-breach", "undetermined", ...),
  // one pair per norm evaluated; sorted by norm id.
  std::vector<std::pair<std::string, std::string>> verdicts;
  bool exercise = false;
  bool withdrawn = false;
  std::uint64_t submitted_seq = 0;  // event that created it: the list order
  std::uint64_t updated_seq = 0;    // last event that changed it
  std::string submitted_at;
  std::string updated_at;
  std::string full_json;    // the registry's full record (report, assessment, evaluation, salts)
  std::string public_json;  // the current public form
  friend bool operator==(const ReportRow&, const ReportRow&) = default;
};

// Reference data (issue 7): an ATT&CK technique as the registry recorded
// it. The store keeps the registry's JSON as given and indexes the key.
struct TechniqueRow {
  std::string id;    // the ATT&CK id: "T0800", "T1190.001"
  std::string json;  // RFC 8785 JSON of the technique (exchange::TechniqueToJson)
  std::uint64_t updated_seq = 0;  // the event that recorded this version
  friend bool operator==(const TechniqueRow&, const TechniqueRow&) = default;
};

// A vendor's security advisory (CSAF), keyed by publisher and tracking id
// (CSAF 2.0 section 3.2.1.12.6: the tracking id is unique per publisher).
struct AdvisoryRow {
  std::string publisher;
  std::string tracking_id;
  std::vector<std::string> cves;  // sorted, unique: what the CVE filter matches
  std::string json;               // RFC 8785 JSON (exchange::AdvisoryToJson)
  std::uint64_t updated_seq = 0;
  friend bool operator==(const AdvisoryRow&, const AdvisoryRow&) = default;
};

struct AdvisoryFilter {
  std::optional<std::string> cve = std::nullopt;  // only advisories citing this CVE id
  std::size_t offset = 0;   // rows to skip (the list's cursor)
  std::size_t limit = 100;  // 1..1000; ListAdvisories fails with kInvalidArgument otherwise
};

// A record of the registry's later mechanisms (issue 8: points of contact,
// notifications and their per-recipient statuses, cases, evidence, panels,
// findings, recommendations), kept generically: the registry's JSON as
// given, with the few columns that lists filter on. `kind` names the
// record type ("notification", "case", ...); (kind, id) is the key.
struct RecordRow {
  std::string kind;
  std::string id;
  std::string status;                // the kind's state: a notification's, a case's stage
  std::vector<std::string> parties;  // party ids the record involves (who may list it)
  bool exercise = false;             // part of an exercise: kept out of real statistics
  std::uint64_t created_seq = 0;     // the event that created it: the list order
  std::uint64_t updated_seq = 0;     // the last event that changed it
  std::string full_json;             // the registry's full record
  std::string public_json;           // its public form; "" when it has none
  friend bool operator==(const RecordRow&, const RecordRow&) = default;
};

struct RecordFilter {
  std::string kind;                                  // required
  std::optional<std::string> party = std::nullopt;   // rows whose parties include it
  std::optional<std::string> status = std::nullopt;
  std::optional<bool> exercise = std::nullopt;
  // Cursor: only rows with created_seq < before_seq. Rows come newest first.
  std::optional<std::uint64_t> before_seq = std::nullopt;
  std::size_t limit = 100;  // 1..1000; ListRecords fails with kInvalidArgument otherwise
};

// A list query. Every set member narrows the result (AND); members of one
// row's vectors match when any element equals the wanted value.
struct ReportFilter {
  // Members default to "unset" (std::nullopt), so that callers can name only
  // what they filter on: ReportFilter{.state = "UA", .limit = 20}.
  std::optional<std::string> state = std::nullopt;
  // A sector code matches itself and its subsectors: "energy" matches
  // "energy" and "energy.electricity", not "energyx".
  std::optional<std::string> sector = std::nullopt;
  std::optional<std::string> level = std::nullopt;        // severity_level
  std::optional<std::string> period_from = std::nullopt;  // "YYYY-MM": period_end >= from
  std::optional<std::string> period_to = std::nullopt;    // "YYYY-MM": period_start <= to
  std::optional<std::string> norm = std::nullopt;  // has a verdict for this norm ...
  // ... with this verdict (or for any norm when norm is unset)
  std::optional<std::string> verdict = std::nullopt;
  std::optional<std::string> submitter_party_id = std::nullopt;
  bool include_withdrawn = false;
  bool include_exercise = false;
  // Only rows whose envelope_visibility is "public" (what the public's
  // filters may look at).
  bool envelope_public_only = false;
  // Cursor: only rows with submitted_seq < before_seq. Rows come newest first.
  std::optional<std::uint64_t> before_seq = std::nullopt;
  // The TAXII feed's order (registry/stix_feed.h): when set, rows with
  // updated_seq >= updated_from_seq, oldest update first (the order the
  // node stored their current versions), walking reports(updated_seq).
  // REQUIRES: no state, sector, norm, verdict or submitter filter, and no
  // before_seq (this order has its own cursor).
  std::optional<std::uint64_t> updated_from_seq = std::nullopt;
  std::size_t limit = 100;  // 1..1000; ListReports fails with kInvalidArgument otherwise
};

// Counts of reports for the statistics endpoint: rows matching `filter`
// (its cursor and limit are ignored), grouped by one column.
enum class GroupBy { kState, kSector, kLevel, kMonth, kVerdictSummary, kReporterKind };

struct GroupCount {
  std::string key;  // the state, sector, level, "YYYY-MM" (period_start), ...
  std::int64_t count = 0;
  friend bool operator==(const GroupCount&, const GroupCount&) = default;
};

// One transaction. Writes become visible to readers only after Commit;
// destroying an uncommitted batch rolls it back.
class WriteBatch {
 public:
  virtual ~WriteBatch() = default;
  // kConflict when an event with this seq exists.
  virtual core::Status AppendEvent(const EventRecord& event) = 0;
  // Insert or replace, keyed by id.
  virtual core::Status PutParty(const PartyRow& party) = 0;
  virtual core::Status PutToken(const TokenRow& token) = 0;
  virtual core::Status PutReport(const ReportRow& report) = 0;
  // Insert or replace, keyed by id (techniques) or by publisher and
  // tracking id (advisories).
  virtual core::Status PutTechnique(const TechniqueRow& technique) = 0;
  virtual core::Status PutAdvisory(const AdvisoryRow& advisory) = 0;
  // Insert or replace, keyed by (kind, id). kInvalidArgument when kind or
  // id is empty.
  virtual core::Status PutRecord(const RecordRow& record) = 0;
  // Deletes every party, token, report, technique, advisory and record row
  // (not the events): the first step of `accord rebuild`.
  virtual core::Status ClearProjections() = 0;
  // Durable when it returns Ok (synchronous=FULL). kUnavailable on I/O
  // failure; then nothing of the batch is stored.
  virtual core::Status Commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Waits until no other batch is open, then starts one transaction.
  // kUnavailable when the database's write lock stays held by another
  // process; kInternal when the calling thread holds an open batch already
  // (it would wait for itself). REQUIRES: the batch is destroyed before the
  // Store.
  virtual core::Result<std::unique_ptr<WriteBatch>> BeginWrite() = 0;

  // Events.
  // The highest seq stored, or nullopt when there is none.
  virtual core::Result<std::optional<std::uint64_t>> LastEventSeq() const = 0;
  // kNotFound when absent.
  virtual core::Result<EventRecord> GetEvent(std::uint64_t seq) const = 0;
  // Calls `visit` for every event with seq >= from, in order; stops at the
  // first error `visit` returns and passes it on.
  virtual core::Status ForEachEvent(std::uint64_t from,
                                    const std::function<core::Status(const EventRecord&)>& visit)
      const = 0;

  // Parties and tokens. kNotFound when absent.
  virtual core::Result<PartyRow> GetParty(const std::string& id) const = 0;
  // Every party, ordered by registered_seq.
  virtual core::Result<std::vector<PartyRow>> ListParties() const = 0;
  virtual core::Result<TokenRow> GetToken(const std::string& id) const = 0;
  virtual core::Result<TokenRow> GetTokenByHash(const std::string& hash_hex) const = 0;
  // Tokens of one party, ordered by issued_seq.
  virtual core::Result<std::vector<TokenRow>> ListTokens(const std::string& party_id) const = 0;

  // Reports. kNotFound when absent.
  virtual core::Result<ReportRow> GetReport(const std::string& id) const = 0;
  // Newest first (submitted_seq descending), at most filter.limit rows.
  // kInvalidArgument naming `limit` when it is not 1..1000.
  virtual core::Result<std::vector<ReportRow>> ListReports(const ReportFilter& filter) const = 0;
  virtual core::Result<std::vector<GroupCount>> CountReports(const ReportFilter& filter,
                                                             GroupBy group_by) const = 0;
  // Every report row, withdrawn and exercise ones included.
  virtual core::Result<std::int64_t> CountAllReports() const = 0;

  // Reference data. kNotFound when absent.
  virtual core::Result<TechniqueRow> GetTechnique(const std::string& id) const = 0;
  // Every technique, ordered by id.
  virtual core::Result<std::vector<TechniqueRow>> ListTechniques() const = 0;
  virtual core::Result<AdvisoryRow> GetAdvisory(const std::string& publisher,
                                                const std::string& tracking_id) const = 0;
  // Ordered by publisher, then tracking id; at most filter.limit rows from
  // filter.offset. kInvalidArgument naming `limit` when it is not 1..1000.
  virtual core::Result<std::vector<AdvisoryRow>> ListAdvisories(const AdvisoryFilter& filter) const = 0;

  // Records (issue 8). kNotFound when absent.
  virtual core::Result<RecordRow> GetRecord(const std::string& kind, const std::string& id) const = 0;
  // Newest first (created_seq descending, then id), at most filter.limit
  // rows. kInvalidArgument naming `kind` when it is empty, `limit` when it
  // is not 1..1000.
  virtual core::Result<std::vector<RecordRow>> ListRecords(const RecordFilter& filter) const = 0;
  // Calls `visit` for every record of `kind`, oldest first (created_seq,
  // then id); stops at the first error `visit` returns and passes it on.
  // For scans: statistics, the deadline scheduler's start.
  virtual core::Status ForEachRecord(const std::string& kind,
                                     const std::function<core::Status(const RecordRow&)>& visit) const = 0;
};

// Opens (creating when absent) the SQLite store at `path`: WAL journal,
// synchronous=FULL, foreign keys on, the schema created or checked (a
// schema version this code does not know fails with kCorrupt naming it).
// kUnavailable when the file cannot be opened; kCorrupt when it is not an
// SQLite database, or one without the store's `meta` table.
core::Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& path);

}  // namespace accord::store
