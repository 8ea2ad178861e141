#include "store/internal/sqlite_schema.h"

#include <string>

namespace accord::store::internal {
namespace {

// STRICT tables reject a value of the wrong type instead of storing it, so
// a bug that binds text to an integer column fails loudly. Side rows name
// their report by report_row with ON DELETE CASCADE, so that no side row can
// outlive its report.
constexpr const char* kSchemaSql = R"sql(
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE events(
  seq INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  full_json BLOB NOT NULL,
  public_json BLOB NOT NULL
) STRICT;

CREATE TABLE parties(
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  status TEXT NOT NULL,
  client_of BLOB NOT NULL,
  public_json BLOB NOT NULL,
  full_json BLOB NOT NULL,
  registered_seq INTEGER NOT NULL,
  updated_seq INTEGER NOT NULL
) STRICT;
CREATE INDEX parties_by_registered_seq ON parties(registered_seq, id);

CREATE TABLE tokens(
  id TEXT PRIMARY KEY,
  hash_hex TEXT NOT NULL,
  party_id TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked INTEGER NOT NULL,
  issued_seq INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX tokens_by_hash ON tokens(hash_hex);
CREATE INDEX tokens_by_party ON tokens(party_id, issued_seq, id);

CREATE TABLE reports(
  report_row INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL,
  submitter_party_id TEXT NOT NULL,
  tlp TEXT NOT NULL,
  max_tlp TEXT NOT NULL,
  record_visibility TEXT NOT NULL,
  envelope_visibility TEXT NOT NULL,
  reporter_kind TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  severity_level TEXT NOT NULL,
  severity_rank INTEGER NOT NULL,
  score INTEGER NOT NULL,
  verdict_summary TEXT NOT NULL,
  exercise INTEGER NOT NULL,
  withdrawn INTEGER NOT NULL,
  submitted_seq INTEGER NOT NULL,
  updated_seq INTEGER NOT NULL,
  submitted_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX reports_by_submitted_seq ON reports(submitted_seq);
CREATE INDEX reports_by_submitter ON reports(submitter_party_id, submitted_seq);
CREATE INDEX reports_by_level ON reports(severity_level, submitted_seq);
CREATE INDEX reports_by_period_start ON reports(period_start);
CREATE INDEX reports_by_updated_seq ON reports(updated_seq);

CREATE TABLE report_documents(
  report_row INTEGER PRIMARY KEY REFERENCES reports(report_row) ON DELETE CASCADE,
  recipients BLOB NOT NULL,
  states BLOB NOT NULL,
  sectors BLOB NOT NULL,
  verdicts BLOB NOT NULL,
  full_json BLOB NOT NULL,
  public_json BLOB NOT NULL
) STRICT;

CREATE TABLE report_states(
  report_row INTEGER NOT NULL REFERENCES reports(report_row) ON DELETE CASCADE,
  state TEXT NOT NULL,
  submitted_seq INTEGER NOT NULL,
  PRIMARY KEY(report_row, state)
) STRICT, WITHOUT ROWID;
CREATE INDEX report_states_by_state ON report_states(state, submitted_seq);

CREATE TABLE report_sectors(
  report_row INTEGER NOT NULL REFERENCES reports(report_row) ON DELETE CASCADE,
  family TEXT NOT NULL,
  listed INTEGER NOT NULL,
  submitted_seq INTEGER NOT NULL,
  PRIMARY KEY(report_row, family)
) STRICT, WITHOUT ROWID;
CREATE INDEX report_sectors_by_family ON report_sectors(family, submitted_seq);

CREATE TABLE report_verdicts(
  report_row INTEGER NOT NULL REFERENCES reports(report_row) ON DELETE CASCADE,
  norm TEXT NOT NULL,
  verdict TEXT NOT NULL,
  submitted_seq INTEGER NOT NULL,
  PRIMARY KEY(report_row, norm, verdict)
) STRICT, WITHOUT ROWID;
CREATE INDEX report_verdicts_by_norm ON report_verdicts(norm, verdict, submitted_seq);

CREATE TABLE report_recipients(
  report_row INTEGER NOT NULL REFERENCES reports(report_row) ON DELETE CASCADE,
  party_id TEXT NOT NULL,
  submitted_seq INTEGER NOT NULL,
  PRIMARY KEY(report_row, party_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX report_recipients_by_party ON report_recipients(party_id, submitted_seq);
)sql";

// Version 2 adds the reference data of issue 7. Kept as its own statement
// list so that a version 1 store is migrated by running it alone.
constexpr const char* kReferenceDataSql = R"sql(
CREATE TABLE techniques(
  id TEXT PRIMARY KEY,
  json BLOB NOT NULL,
  updated_seq INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE advisories(
  publisher TEXT NOT NULL,
  tracking_id TEXT NOT NULL,
  cves BLOB NOT NULL,
  json BLOB NOT NULL,
  updated_seq INTEGER NOT NULL,
  PRIMARY KEY(publisher, tracking_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE advisory_cves(
  cve TEXT NOT NULL,
  publisher TEXT NOT NULL,
  tracking_id TEXT NOT NULL,
  PRIMARY KEY(cve, publisher, tracking_id)
) STRICT, WITHOUT ROWID;
)sql";

// Version 3 adds the generic records of issue 8 (store.h RecordRow). A
// rowid table, not WITHOUT ROWID: evidence records carry megabytes.
// record_parties lists each record under every party it involves, for
// "my notifications" and "my cases" without a scan.
constexpr const char* kRecordsSql = R"sql(
CREATE TABLE records(
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  status TEXT NOT NULL,
  parties BLOB NOT NULL,
  exercise INTEGER NOT NULL,
  created_seq INTEGER NOT NULL,
  updated_seq INTEGER NOT NULL,
  full_json BLOB NOT NULL,
  public_json BLOB NOT NULL,
  UNIQUE(kind, id)
) STRICT;
CREATE INDEX records_by_created ON records(kind, created_seq, id);
CREATE TABLE record_parties(
  kind TEXT NOT NULL,
  party_id TEXT NOT NULL,
  id TEXT NOT NULL,
  created_seq INTEGER NOT NULL,
  PRIMARY KEY(kind, party_id, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX record_parties_by_party ON record_parties(kind, party_id, created_seq, id);
)sql";

// Reads the recorded version; kCorrupt when there is none.
core::Result<std::string> ReadVersion(Connection& writer) {
  auto query = writer.Prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  if (!query) return query.error().Context("read schema version");
  auto row = query->Step();
  if (!row) return row.error().Context("read schema version");
  if (!*row) return core::Corrupt("table meta: no schema_version");
  return query->ColumnBytes(0);
}

core::Status RecordVersion(Connection& writer) {
  std::string update = "UPDATE meta SET value = '" + std::to_string(kSchemaVersion) +
                       "' WHERE key = 'schema_version'";
  if (auto recorded = writer.Execute(update.c_str()); !recorded)
    return recorded.error().Context("record schema version");
  return core::Ok();
}

core::Status CheckVersion(Connection& writer) {
  auto recorded = ReadVersion(writer);
  if (!recorded) return recorded.error();
  if (*recorded == std::to_string(kSchemaVersion)) return core::Ok();
  // Older versions lack only tables: add them, in the transaction of the
  // check, so that a crash leaves the old version intact.
  if (*recorded == "1") {
    if (auto created = writer.Execute(kReferenceDataSql); !created)
      return created.error().Context("migrate schema 1 to 2");
  }
  if (*recorded == "1" || *recorded == "2") {
    if (auto created = writer.Execute(kRecordsSql); !created)
      return created.error().Context("migrate schema " + *recorded + " to 3");
    return RecordVersion(writer);
  }
  return core::Corrupt("schema version \"" + *recorded +
                       "\" is not known to this build (it knows 1 to " +
                       std::to_string(kSchemaVersion) + ")");
}

core::Result<std::int64_t> CountRows(Connection& writer, const char* sql) {
  auto query = writer.Prepare(sql);
  if (!query) return query.error().Context("read schema");
  auto row = query->Step();
  if (!row) return row.error().Context("read schema");
  return *row ? query->ColumnInt(0) : 0;
}

core::Status CreateOrCheckInTransaction(Connection& writer) {
  auto meta = CountRows(
      writer, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'");
  if (!meta) return meta.error();
  if (*meta == 1) {
    if (auto checked = CheckVersion(writer); !checked) return checked;
    // Added to schema version 1 by issue 7 (the TAXII feed's order): a
    // store made before it gets the index when it is next opened.
    if (auto indexed = writer.Execute(
            "CREATE INDEX IF NOT EXISTS reports_by_updated_seq ON reports(updated_seq)");
        !indexed)
      return indexed.error().Context("create index reports_by_updated_seq");
    return core::Ok();
  }
  auto objects = CountRows(writer, "SELECT count(*) FROM sqlite_schema");
  if (!objects) return objects.error();
  if (*objects != 0) {
    return core::Corrupt("the file holds tables but no table meta: not an accord store");
  }
  if (auto created = writer.Execute(kSchemaSql); !created) {
    return created.error().Context("create schema");
  }
  if (auto created = writer.Execute(kReferenceDataSql); !created) {
    return created.error().Context("create schema");
  }
  if (auto created = writer.Execute(kRecordsSql); !created) {
    return created.error().Context("create schema");
  }
  std::string insert = "INSERT INTO meta(key, value) VALUES('schema_version', '" +
                       std::to_string(kSchemaVersion) + "')";
  if (auto recorded = writer.Execute(insert.c_str()); !recorded) {
    return recorded.error().Context("record schema version");
  }
  return core::Ok();
}

}  // namespace

core::Status CreateOrCheckSchema(Connection& writer) {
  // IMMEDIATE: two processes opening a new file at once must not both
  // create the schema.
  if (auto begun = writer.Execute("BEGIN IMMEDIATE"); !begun) {
    return begun.error().Context("begin schema transaction");
  }
  auto done = CreateOrCheckInTransaction(writer);
  if (!done) {
    (void)writer.Execute("ROLLBACK");  // the first error is the one to report
    return done;
  }
  if (auto committed = writer.Execute("COMMIT"); !committed) {
    return committed.error().Context("commit schema");
  }
  return core::Ok();
}

}  // namespace accord::store::internal
