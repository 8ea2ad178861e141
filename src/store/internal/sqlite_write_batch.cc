#include "store/internal/sqlite_write_batch.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "store/internal/sqlite_rows.h"

namespace accord::store::internal {
namespace {

std::int64_t Signed(std::uint64_t value) {
  return static_cast<std::int64_t>(value);
}

// Seqs order events and rows; SQLite's integers are signed, so a larger
// value would sort before 0.
core::Status CheckSeq(std::uint64_t seq, std::string_view field) {
  if (seq <= kMaxSeq) return core::Ok();
  return core::InvalidArgument(std::string(field) + " " + std::to_string(seq) +
                               ": above the largest storable seq (2^63-1)");
}

constexpr const char* kInsertEvent =
    "INSERT INTO events(seq, type, at, full_json, public_json) VALUES(?1, ?2, ?3, ?4, ?5)";

// Upserts keep the row and never delete another row: INSERT OR REPLACE would silently drop a
// different token whose hash collides instead of failing with kConflict.
constexpr const char* kUpsertParty =
    "INSERT INTO parties(id, kind, name, state, status, client_of, public_json, full_json, "
    "registered_seq, updated_seq) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
    "state = excluded.state, status = excluded.status, client_of = excluded.client_of, "
    "public_json = excluded.public_json, full_json = excluded.full_json, "
    "registered_seq = excluded.registered_seq, updated_seq = excluded.updated_seq";

constexpr const char* kUpsertToken =
    "INSERT INTO tokens(id, hash_hex, party_id, issued_at, expires_at, revoked, issued_seq) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT(id) DO UPDATE SET hash_hex = excluded.hash_hex, party_id = excluded.party_id, "
    "issued_at = excluded.issued_at, expires_at = excluded.expires_at, "
    "revoked = excluded.revoked, issued_seq = excluded.issued_seq";

// A report is looked up first: a new one (the common case) is inserted
// and has no side rows to delete; an existing one is updated in place, so
// that its report_row, which the side rows name, stays.
constexpr const char* kFindReport = "SELECT report_row FROM reports WHERE id = ?1";
constexpr const char* kInsertReport =
    "INSERT INTO reports(id, version, submitter_party_id, tlp, max_tlp, record_visibility, "
    "envelope_visibility, reporter_kind, period_start, period_end, severity_level, "
    "severity_rank, score, verdict_summary, exercise, withdrawn, submitted_seq, updated_seq, "
    "submitted_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
    "?14, ?15, ?16, ?17, ?18, ?19, ?20) RETURNING report_row";
// The same parameters, and ?21 the row.
constexpr const char* kUpdateReport =
    "UPDATE reports SET id = ?1, version = ?2, submitter_party_id = ?3, tlp = ?4, "
    "max_tlp = ?5, record_visibility = ?6, envelope_visibility = ?7, reporter_kind = ?8, "
    "period_start = ?9, period_end = ?10, severity_level = ?11, severity_rank = ?12, "
    "score = ?13, verdict_summary = ?14, exercise = ?15, withdrawn = ?16, "
    "submitted_seq = ?17, updated_seq = ?18, submitted_at = ?19, updated_at = ?20 "
    "WHERE report_row = ?21";

constexpr const char* kDeleteSideRows[] = {
    "DELETE FROM report_states WHERE report_row = ?1",
    "DELETE FROM report_sectors WHERE report_row = ?1",
    "DELETE FROM report_verdicts WHERE report_row = ?1",
    "DELETE FROM report_recipients WHERE report_row = ?1",
};

constexpr const char* kPutDocument =
    "INSERT OR REPLACE INTO report_documents(report_row, recipients, states, sectors, "
    "verdicts, full_json, public_json) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";

// OR IGNORE: the vectors are documented sorted and unique, but a repeated
// element must not fail a whole group commit; the packed copy in
// report_documents keeps the vector exactly as given.
constexpr const char* kInsertState =
    "INSERT OR IGNORE INTO report_states(report_row, state, submitted_seq) VALUES(?1, ?2, ?3)";
constexpr const char* kInsertSector =
    "INSERT OR IGNORE INTO report_sectors(report_row, family, listed, submitted_seq) "
    "VALUES(?1, ?2, ?3, ?4)";
constexpr const char* kInsertVerdict =
    "INSERT OR IGNORE INTO report_verdicts(report_row, norm, verdict, submitted_seq) "
    "VALUES(?1, ?2, ?3, ?4)";
constexpr const char* kInsertRecipient =
    "INSERT OR IGNORE INTO report_recipients(report_row, party_id, submitted_seq) "
    "VALUES(?1, ?2, ?3)";

constexpr const char* kUpsertTechnique =
    "INSERT INTO techniques(id, json, updated_seq) VALUES(?1, ?2, ?3) "
    "ON CONFLICT(id) DO UPDATE SET json = excluded.json, updated_seq = excluded.updated_seq";
constexpr const char* kUpsertAdvisory =
    "INSERT INTO advisories(publisher, tracking_id, cves, json, updated_seq) "
    "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(publisher, tracking_id) DO UPDATE SET "
    "cves = excluded.cves, json = excluded.json, updated_seq = excluded.updated_seq";
// An advisory's CVE rows are replaced with it: a new version may cite
// other CVE ids.
constexpr const char* kDeleteAdvisoryCves =
    "DELETE FROM advisory_cves WHERE publisher = ?1 AND tracking_id = ?2";
constexpr const char* kInsertAdvisoryCve =
    "INSERT OR IGNORE INTO advisory_cves(cve, publisher, tracking_id) VALUES(?1, ?2, ?3)";

constexpr const char* kUpsertRecord =
    "INSERT INTO records(kind, id, status, parties, exercise, created_seq, updated_seq, full_json, "
    "public_json) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(kind, id) DO UPDATE SET "
    "status = excluded.status, parties = excluded.parties, exercise = excluded.exercise, "
    "created_seq = excluded.created_seq, updated_seq = excluded.updated_seq, "
    "full_json = excluded.full_json, public_json = excluded.public_json";
// A record's party rows are replaced with it: a case may come to involve
// another party.
constexpr const char* kDeleteRecordParties = "DELETE FROM record_parties WHERE kind = ?1 AND id = ?2";
constexpr const char* kInsertRecordParty =
    "INSERT OR IGNORE INTO record_parties(kind, party_id, id, created_seq) VALUES(?1, ?2, ?3, ?4)";

// Children before parents, so that no cascade has anything left to do.
constexpr const char* kClearProjections =
    "DELETE FROM report_recipients; DELETE FROM report_verdicts; DELETE FROM report_sectors; "
    "DELETE FROM report_states; DELETE FROM report_documents; DELETE FROM reports; "
    "DELETE FROM tokens; DELETE FROM parties; DELETE FROM advisory_cves; "
    "DELETE FROM advisories; DELETE FROM techniques; DELETE FROM record_parties; "
    "DELETE FROM records;";

class SqliteWriteBatch final : public WriteBatch {
 public:
  explicit SqliteWriteBatch(Writer& writer) : writer_(writer) {}
  ~SqliteWriteBatch() override {
    if (finished_) return;
    // Not committed: nothing of the batch may become visible.
    if (connection().InTransaction()) (void)connection().Execute("ROLLBACK");
    Release();
  }
  SqliteWriteBatch(const SqliteWriteBatch&) = delete;
  SqliteWriteBatch& operator=(const SqliteWriteBatch&) = delete;

  core::Status AppendEvent(const EventRecord& event) override {
    if (auto open = CheckOpen(); !open) return open;
    if (auto checked = CheckSeq(event.seq, "event seq"); !checked) return checked;
    auto inserted = InsertEvent(event);
    if (!inserted) return inserted.error().Context("insert event " + std::to_string(event.seq));
    return core::Ok();
  }

  core::Status PutParty(const PartyRow& party) override {
    if (auto open = CheckOpen(); !open) return open;
    auto put = UpsertParty(party);
    if (!put) return put.error().Context("put party " + party.id);
    return core::Ok();
  }

  core::Status PutToken(const TokenRow& token) override {
    if (auto open = CheckOpen(); !open) return open;
    auto put = UpsertToken(token);
    if (!put) return put.error().Context("put token " + token.id);
    return core::Ok();
  }

  core::Status PutReport(const ReportRow& report) override {
    if (auto open = CheckOpen(); !open) return open;
    auto put = UpsertReport(report);
    if (!put) return put.error().Context("put report " + report.id);
    return core::Ok();
  }

  core::Status PutTechnique(const TechniqueRow& technique) override {
    if (auto open = CheckOpen(); !open) return open;
    auto put = UpsertTechnique(technique);
    if (!put) return put.error().Context("put technique " + technique.id);
    return core::Ok();
  }

  core::Status PutAdvisory(const AdvisoryRow& advisory) override {
    if (auto open = CheckOpen(); !open) return open;
    auto put = UpsertAdvisory(advisory);
    if (!put) return put.error().Context("put advisory " + advisory.tracking_id);
    return core::Ok();
  }

  core::Status PutRecord(const RecordRow& record) override {
    if (auto open = CheckOpen(); !open) return open;
    if (record.kind.empty() || record.id.empty())
      return core::InvalidArgument("put record: kind and id must not be empty");
    auto put = UpsertRecord(record);
    if (!put) return put.error().Context("put " + record.kind + " " + record.id);
    return core::Ok();
  }

  core::Status ClearProjections() override {
    if (auto open = CheckOpen(); !open) return open;
    if (auto cleared = connection().Execute(kClearProjections); !cleared) {
      return cleared.error().Context("clear projections");
    }
    return core::Ok();
  }

  core::Status Commit() override {
    if (auto open = CheckOpen(); !open) {
      if (!finished_) Release();  // rolled back already: nothing to commit
      return open.error().Context("commit");
    }
    auto committed = connection().Execute("COMMIT");
    if (!committed) {
      // A COMMIT that fails may leave the transaction open (SQLITE_BUSY):
      // end it, so that the promise "then nothing of the batch is stored"
      // holds.
      if (connection().InTransaction()) (void)connection().Execute("ROLLBACK");
      Release();
      core::Error error = committed.error().Context("commit");
      error.code = core::ErrorCode::kUnavailable;
      return error;
    }
    Release();
    return core::Ok();
  }

 private:
  Connection& connection() { return *writer_.connection; }

  core::Status CheckOpen() const {
    if (finished_) return core::Internal("write batch: used after Commit");
    // Some failures (disk full, I/O error) make SQLite roll the whole
    // transaction back; writing on would then commit each statement alone.
    if (!writer_.connection->InTransaction()) {
      return core::Unavailable(
          "write batch: the transaction was rolled back after an earlier error");
    }
    return core::Ok();
  }

  void Release() {
    finished_ = true;
    {
      std::lock_guard lock(writer_.mutex);
      writer_.busy = false;
      writer_.holder = std::thread::id();
    }
    writer_.released.notify_one();
  }

  core::Status InsertEvent(const EventRecord& event) {
    auto insert = connection().Prepare(kInsertEvent);
    if (!insert) return insert.error();
    insert->BindInt(1, Signed(event.seq));
    insert->BindText(2, event.type);
    insert->BindText(3, event.at);
    insert->BindBlob(4, event.full_json);
    insert->BindBlob(5, event.public_json);
    return insert->Run();
  }

  core::Status UpsertParty(const PartyRow& party) {
    if (auto checked = CheckSeq(party.registered_seq, "registered_seq"); !checked) return checked;
    if (auto checked = CheckSeq(party.updated_seq, "updated_seq"); !checked) return checked;
    auto upsert = connection().Prepare(kUpsertParty);
    if (!upsert) return upsert.error();
    std::string client_of = PackList(party.client_of);
    upsert->BindText(1, party.id);
    upsert->BindText(2, party.kind);
    upsert->BindText(3, party.name);
    upsert->BindText(4, party.state);
    upsert->BindText(5, party.status);
    upsert->BindBlob(6, client_of);
    upsert->BindBlob(7, party.public_json);
    upsert->BindBlob(8, party.full_json);
    upsert->BindInt(9, Signed(party.registered_seq));
    upsert->BindInt(10, Signed(party.updated_seq));
    return upsert->Run();
  }

  core::Status UpsertToken(const TokenRow& token) {
    if (auto checked = CheckSeq(token.issued_seq, "issued_seq"); !checked) return checked;
    auto upsert = connection().Prepare(kUpsertToken);
    if (!upsert) return upsert.error();
    upsert->BindText(1, token.id);
    upsert->BindText(2, token.hash_hex);
    upsert->BindText(3, token.party_id);
    upsert->BindText(4, token.issued_at);
    upsert->BindText(5, token.expires_at);
    upsert->BindInt(6, token.revoked ? 1 : 0);
    upsert->BindInt(7, Signed(token.issued_seq));
    return upsert->Run();
  }

  core::Status UpsertTechnique(const TechniqueRow& technique) {
    if (auto checked = CheckSeq(technique.updated_seq, "updated_seq"); !checked) return checked;
    auto upsert = connection().Prepare(kUpsertTechnique);
    if (!upsert) return upsert.error();
    upsert->BindText(1, technique.id);
    upsert->BindBlob(2, technique.json);
    upsert->BindInt(3, Signed(technique.updated_seq));
    return upsert->Run();
  }

  core::Status UpsertAdvisory(const AdvisoryRow& advisory) {
    if (auto checked = CheckSeq(advisory.updated_seq, "updated_seq"); !checked) return checked;
    auto upsert = connection().Prepare(kUpsertAdvisory);
    if (!upsert) return upsert.error();
    std::string cves = PackList(advisory.cves);
    upsert->BindText(1, advisory.publisher);
    upsert->BindText(2, advisory.tracking_id);
    upsert->BindBlob(3, cves);
    upsert->BindBlob(4, advisory.json);
    upsert->BindInt(5, Signed(advisory.updated_seq));
    if (auto done = upsert->Run(); !done) return done;
    auto remove = connection().Prepare(kDeleteAdvisoryCves);
    if (!remove) return remove.error().Context("delete cve rows");
    remove->BindText(1, advisory.publisher);
    remove->BindText(2, advisory.tracking_id);
    if (auto removed = remove->Run(); !removed) return removed.error().Context("delete cve rows");
    auto insert = connection().Prepare(kInsertAdvisoryCve);
    if (!insert) return insert.error().Context("insert cve rows");
    for (const auto& cve : advisory.cves) {
      insert->BindText(1, cve);
      insert->BindText(2, advisory.publisher);
      insert->BindText(3, advisory.tracking_id);
      if (auto done = insert->Run(); !done) return done.error().Context("insert cve " + cve);
      insert->Reset();
    }
    return core::Ok();
  }

  core::Status UpsertRecord(const RecordRow& record) {
    if (auto checked = CheckSeq(record.created_seq, "created_seq"); !checked) return checked;
    if (auto checked = CheckSeq(record.updated_seq, "updated_seq"); !checked) return checked;
    auto upsert = connection().Prepare(kUpsertRecord);
    if (!upsert) return upsert.error();
    std::string parties = PackList(record.parties);
    upsert->BindText(1, record.kind);
    upsert->BindText(2, record.id);
    upsert->BindText(3, record.status);
    upsert->BindBlob(4, parties);
    upsert->BindInt(5, record.exercise ? 1 : 0);
    upsert->BindInt(6, Signed(record.created_seq));
    upsert->BindInt(7, Signed(record.updated_seq));
    upsert->BindBlob(8, record.full_json);
    upsert->BindBlob(9, record.public_json);
    if (auto done = upsert->Run(); !done) return done;
    auto remove = connection().Prepare(kDeleteRecordParties);
    if (!remove) return remove.error().Context("delete party rows");
    remove->BindText(1, record.kind);
    remove->BindText(2, record.id);
    if (auto removed = remove->Run(); !removed) return removed.error().Context("delete party rows");
    auto insert = connection().Prepare(kInsertRecordParty);
    if (!insert) return insert.error().Context("insert party rows");
    for (const auto& party : record.parties) {
      insert->BindText(1, record.kind);
      insert->BindText(2, party);
      insert->BindText(3, record.id);
      insert->BindInt(4, Signed(record.created_seq));
      if (auto done = insert->Run(); !done) return done.error().Context("insert party " + party);
      insert->Reset();
    }
    return core::Ok();
  }

  core::Status UpsertReport(const ReportRow& report) {
    if (auto checked = CheckSeq(report.submitted_seq, "submitted_seq"); !checked) return checked;
    if (auto checked = CheckSeq(report.updated_seq, "updated_seq"); !checked) return checked;
    auto existing = FindReport(report.id);
    if (!existing) return existing.error().Context("find row");
    auto row = *existing ? UpdateReportColumns(**existing, report) : InsertReportColumns(report);
    if (!row) return row.error().Context("write columns");
    if (*existing) {
      // Replacing a report replaces its side rows: drop the old ones first.
      for (const char* sql : kDeleteSideRows) {
        auto remove = connection().Prepare(sql);
        if (!remove) return remove.error().Context("delete side rows");
        remove->BindInt(1, *row);
        if (auto removed = remove->Run(); !removed) {
          return removed.error().Context("delete side rows");
        }
      }
    }
    if (auto put = PutDocument(*row, report); !put) return put.error().Context("write document");
    if (auto put = InsertSideRows(*row, report); !put) return put;
    return core::Ok();
  }

  core::Result<std::optional<std::int64_t>> FindReport(const std::string& id) {
    auto find = connection().Prepare(kFindReport);
    if (!find) return find.error();
    find->BindText(1, id);
    auto found = find->Step();
    if (!found) return found.error();
    if (!*found) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(find->ColumnInt(0));
  }

  static void BindReportColumns(Statement& statement, const ReportRow& report) {
    statement.BindText(1, report.id);
    statement.BindInt(2, report.version);
    statement.BindText(3, report.submitter_party_id);
    statement.BindText(4, report.tlp);
    statement.BindText(5, report.max_tlp);
    statement.BindText(6, report.record_visibility);
    statement.BindText(7, report.envelope_visibility);
    statement.BindText(8, report.reporter_kind);
    statement.BindText(9, report.period_start);
    statement.BindText(10, report.period_end);
    statement.BindText(11, report.severity_level);
    statement.BindInt(12, report.severity_rank);
    statement.BindInt(13, report.score);
    statement.BindText(14, report.verdict_summary);
    statement.BindInt(15, report.exercise ? 1 : 0);
    statement.BindInt(16, report.withdrawn ? 1 : 0);
    statement.BindInt(17, Signed(report.submitted_seq));
    statement.BindInt(18, Signed(report.updated_seq));
    statement.BindText(19, report.submitted_at);
    statement.BindText(20, report.updated_at);
  }

  core::Result<std::int64_t> InsertReportColumns(const ReportRow& report) {
    auto insert = connection().Prepare(kInsertReport);
    if (!insert) return insert.error();
    BindReportColumns(*insert, report);
    // RETURNING: SQLite makes the change in the first step and returns the
    // new row's key there.
    auto stepped = insert->Step();
    if (!stepped) return stepped.error();
    if (!*stepped) return core::Internal("insert returned no report_row");
    return insert->ColumnInt(0);
  }

  core::Result<std::int64_t> UpdateReportColumns(std::int64_t row, const ReportRow& report) {
    auto update = connection().Prepare(kUpdateReport);
    if (!update) return update.error();
    BindReportColumns(*update, report);
    update->BindInt(21, row);
    if (auto updated = update->Run(); !updated) return updated.error();
    return row;
  }

  core::Status PutDocument(std::int64_t row, const ReportRow& report) {
    auto put = connection().Prepare(kPutDocument);
    if (!put) return put.error();
    std::string recipients = PackList(report.recipients);
    std::string states = PackList(report.states);
    std::string sectors = PackList(report.sectors);
    std::string verdicts = PackPairs(report.verdicts);
    put->BindInt(1, row);
    put->BindBlob(2, recipients);
    put->BindBlob(3, states);
    put->BindBlob(4, sectors);
    put->BindBlob(5, verdicts);
    put->BindBlob(6, report.full_json);
    put->BindBlob(7, report.public_json);
    return put->Run();
  }

  core::Status InsertSideRows(std::int64_t row, const ReportRow& report) {
    std::int64_t seq = Signed(report.submitted_seq);
    auto state = connection().Prepare(kInsertState);
    if (!state) return state.error().Context("insert states");
    for (const auto& code : report.states) {
      state->BindInt(1, row);
      state->BindText(2, code);
      state->BindInt(3, seq);
      if (auto done = state->Run(); !done) return done.error().Context("insert state " + code);
      state->Reset();
    }
    auto sector = connection().Prepare(kInsertSector);
    if (!sector) return sector.error().Context("insert sectors");
    for (const auto& family : SectorFamilies(report.sectors)) {
      sector->BindInt(1, row);
      sector->BindText(2, family.family);
      sector->BindInt(3, family.listed ? 1 : 0);
      sector->BindInt(4, seq);
      if (auto done = sector->Run(); !done) {
        return done.error().Context("insert sector " + family.family);
      }
      sector->Reset();
    }
    auto verdict = connection().Prepare(kInsertVerdict);
    if (!verdict) return verdict.error().Context("insert verdicts");
    for (const auto& [norm, name] : report.verdicts) {
      verdict->BindInt(1, row);
      verdict->BindText(2, norm);
      verdict->BindText(3, name);
      verdict->BindInt(4, seq);
      if (auto done = verdict->Run(); !done) return done.error().Context("insert verdict " + norm);
      verdict->Reset();
    }
    auto recipient = connection().Prepare(kInsertRecipient);
    if (!recipient) return recipient.error().Context("insert recipients");
    for (const auto& party : report.recipients) {
      recipient->BindInt(1, row);
      recipient->BindText(2, party);
      recipient->BindInt(3, seq);
      if (auto done = recipient->Run(); !done) {
        return done.error().Context("insert recipient " + party);
      }
      recipient->Reset();
    }
    return core::Ok();
  }

  Writer& writer_;
  bool finished_ = false;  // committed, or released after a failure
};

}  // namespace

core::Result<std::unique_ptr<WriteBatch>> BeginSqliteWriteBatch(Writer& writer) {
  {
    std::unique_lock lock(writer.mutex);
    if (writer.busy && writer.holder == std::this_thread::get_id()) {
      return core::Internal("begin write: this thread holds an open write batch already");
    }
    writer.released.wait(lock, [&] { return !writer.busy; });
    writer.busy = true;
    writer.holder = std::this_thread::get_id();
  }
  // From here the batch owns the connection; destroying it releases the
  // writer whether BEGIN worked or not.
  auto batch = std::make_unique<SqliteWriteBatch>(writer);
  // IMMEDIATE takes the write lock now, so that a second process fails here
  // (after the busy timeout) rather than at the first write of a batch.
  if (auto begun = writer.connection->Execute("BEGIN IMMEDIATE"); !begun) {
    return begun.error().Context("begin write");
  }
  return std::unique_ptr<WriteBatch>(std::move(batch));
}

}  // namespace accord::store::internal
