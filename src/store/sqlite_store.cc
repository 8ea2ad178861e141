// The Store on SQLite (store.h): one writer connection for the open
// WriteBatch, and a pool of read-only connections for everything else. In
// WAL mode readers see the last committed batch and never wait for the
// writer, so the API's GETs run while the sequencer commits.
//
// The files under store/internal/ hold the pieces: the connection and its
// statement cache, the schema, the row codecs, the list queries and the
// write batch.
#include "store/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "store/internal/record_query.h"
#include "store/internal/report_query.h"
#include "store/internal/sqlite_connection.h"
#include "store/internal/sqlite_rows.h"
#include "store/internal/sqlite_schema.h"
#include "store/internal/sqlite_write_batch.h"

namespace accord::store {
namespace {

using internal::Connection;
using internal::Statement;

// Readers open at most: each holds up to kReaderCacheKib of page cache.
// The HTTP server runs 2-4 threads; a ninth concurrent reader waits for
// one of these. No reader keeps a connection while calling back into
// the caller (ForEachEvent reads a page, then visits it), so waiting
// cannot deadlock.
constexpr std::size_t kMaxReadConnections = 8;
// Events ForEachEvent reads per visit of the pool: bounds the memory one
// page of full forms takes, and how long a read snapshot stays open.
constexpr std::int64_t kEventPageSize = 256;
// ReportFilter::limit's range (store.h): one page of the list API.
constexpr std::size_t kMaxListLimit = 1000;

class ReaderPool {
 public:
  explicit ReaderPool(std::filesystem::path path) : path_(std::move(path)) {}

  // A connection on loan; returned to the pool when destroyed.
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Connection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_) pool_->Return(std::move(connection_));
    }
    Connection& operator*() const { return *connection_; }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // An idle connection, or a new one while fewer than kMaxReadConnections
  // are open; otherwise waits for one to come back.
  core::Result<Lease> Acquire() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_ < kMaxReadConnections; });
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection));
    }
    ++open_;
    lock.unlock();
    auto opened = Connection::Open(path_, internal::OpenMode::kReadOnly);
    if (!opened) {
      lock.lock();
      --open_;
      lock.unlock();
      returned_.notify_one();
      return opened.error().Context("open read connection");
    }
    return Lease(*this, std::move(*opened));
  }

 private:
  void Return(std::unique_ptr<Connection> connection) {
    {
      std::lock_guard lock(mutex_);
      idle_.push_back(std::move(connection));
    }
    returned_.notify_one();
  }

  const std::filesystem::path path_;
  std::mutex mutex_;  // guards idle_ and open_
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle and leased; at most kMaxReadConnections
};

void BindAll(Statement& statement, const internal::ReportQuery& query) {
  int index = 1;
  for (const auto& parameter : query.parameters) {
    if (const auto* number = std::get_if<std::int64_t>(&parameter)) {
      statement.BindInt(index, *number);
    } else {
      statement.BindText(index, std::get<std::string>(parameter));
    }
    ++index;
  }
}

std::string SelectFrom(const char* columns, const char* rest) {
  return std::string("SELECT ") + columns + " " + rest;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(const std::filesystem::path& path, std::unique_ptr<Connection> writer)
      : readers_(path) {
    writer_.connection = std::move(writer);
  }

  core::Result<std::unique_ptr<WriteBatch>> BeginWrite() override {
    return internal::BeginSqliteWriteBatch(writer_);
  }

  core::Result<std::optional<std::uint64_t>> LastEventSeq() const override {
    using Seq = std::optional<std::uint64_t>;
    return Read<Seq>(
        "read last event seq", "SELECT max(seq) FROM events", [](Statement&) {},
        [](Statement& row, bool found) -> core::Result<Seq> {
          if (!found || row.ColumnIsNull(0)) return Seq();
          return Seq(static_cast<std::uint64_t>(row.ColumnInt(0)));
        });
  }

  core::Result<EventRecord> GetEvent(std::uint64_t seq) const override {
    std::string name = "event " + std::to_string(seq);
    if (seq > internal::kMaxSeq) return core::NotFound(name + ": not found");
    static const std::string sql =
        SelectFrom(internal::kEventColumns, "FROM events WHERE seq = ?1");
    return Read<EventRecord>(
        "read " + name, sql,
        [&](Statement& query) { query.BindInt(1, static_cast<std::int64_t>(seq)); },
        [&](Statement& row, bool found) -> core::Result<EventRecord> {
          if (!found) return core::NotFound(name + ": not found");
          return internal::ReadEvent(row);
        });
  }

  core::Status ForEachEvent(
      std::uint64_t from,
      const std::function<core::Status(const EventRecord&)>& visit) const override {
    static const std::string sql =
        SelectFrom(internal::kEventColumns, "FROM events WHERE seq >= ?1 ORDER BY seq LIMIT ?2");
    std::uint64_t next = from;
    while (next <= internal::kMaxSeq) {
      std::vector<EventRecord> page;
      auto read = Read<bool>(
          "read events from " + std::to_string(next), sql,
          [&](Statement& query) {
            query.BindInt(1, static_cast<std::int64_t>(next));
            query.BindInt(2, kEventPageSize);
          },
          [&](Statement& row, bool found) -> core::Result<bool> {
            for (bool more = found; more;) {
              page.push_back(internal::ReadEvent(row));
              auto stepped = row.Step();
              if (!stepped) return stepped.error().Context("read events");
              more = *stepped;
            }
            return true;
          });
      if (!read) return read.error();
      // The page is read and its connection back in the pool: `visit` may
      // call the store, even write to it.
      for (const auto& event : page) {
        if (auto visited = visit(event); !visited) return visited;
      }
      if (page.size() < static_cast<std::size_t>(kEventPageSize)) break;
      if (page.back().seq == internal::kMaxSeq) break;
      next = page.back().seq + 1;
    }
    return core::Ok();
  }

  core::Result<PartyRow> GetParty(const std::string& id) const override {
    static const std::string sql =
        SelectFrom(internal::kPartyColumns, "FROM parties WHERE id = ?1");
    return Read<PartyRow>(
        "read party " + id, sql, [&](Statement& query) { query.BindText(1, id); },
        [&](Statement& row, bool found) -> core::Result<PartyRow> {
          if (!found) return core::NotFound("party " + id + ": not found");
          return internal::ReadParty(row);
        });
  }

  core::Result<std::vector<PartyRow>> ListParties() const override {
    static const std::string sql =
        SelectFrom(internal::kPartyColumns, "FROM parties ORDER BY registered_seq, id");
    return ReadAll<PartyRow>(
        "list parties", sql, [](Statement&) {}, internal::ReadParty);
  }

  core::Result<TokenRow> GetToken(const std::string& id) const override {
    static const std::string sql = SelectFrom(internal::kTokenColumns, "FROM tokens WHERE id = ?1");
    return Read<TokenRow>(
        "read token " + id, sql, [&](Statement& query) { query.BindText(1, id); },
        [&](Statement& row, bool found) -> core::Result<TokenRow> {
          if (!found) return core::NotFound("token " + id + ": not found");
          return internal::ReadToken(row);
        });
  }

  core::Result<TokenRow> GetTokenByHash(const std::string& hash_hex) const override {
    static const std::string sql =
        SelectFrom(internal::kTokenColumns, "FROM tokens WHERE hash_hex = ?1");
    // The hash stays out of messages: it identifies a bearer token.
    return Read<TokenRow>(
        "read token by hash", sql, [&](Statement& query) { query.BindText(1, hash_hex); },
        [&](Statement& row, bool found) -> core::Result<TokenRow> {
          if (!found) return core::NotFound("token: no token has this hash_hex");
          return internal::ReadToken(row);
        });
  }

  core::Result<std::vector<TokenRow>> ListTokens(const std::string& party_id) const override {
    static const std::string sql = SelectFrom(
        internal::kTokenColumns, "FROM tokens WHERE party_id = ?1 ORDER BY issued_seq, id");
    return ReadAll<TokenRow>(
        "list tokens of " + party_id, sql, [&](Statement& query) { query.BindText(1, party_id); },
        [](const Statement& row) -> core::Result<TokenRow> { return internal::ReadToken(row); });
  }

  core::Result<ReportRow> GetReport(const std::string& id) const override {
    static const std::string sql = SelectFrom(
        internal::kReportColumns,
        "FROM reports r JOIN report_documents d ON d.report_row = r.report_row WHERE r.id = ?1");
    return Read<ReportRow>(
        "read report " + id, sql, [&](Statement& query) { query.BindText(1, id); },
        [&](Statement& row, bool found) -> core::Result<ReportRow> {
          if (!found) return core::NotFound("report " + id + ": not found");
          return internal::ReadReport(row);
        });
  }

  core::Result<std::vector<ReportRow>> ListReports(const ReportFilter& filter) const override {
    if (filter.limit < 1 || filter.limit > kMaxListLimit) {
      return core::InvalidArgument("limit " + std::to_string(filter.limit) + ": must be 1 to " +
                                   std::to_string(kMaxListLimit));
    }
    internal::ReportQuery query = internal::ListReportsQuery(filter);
    return ReadAll<ReportRow>(
        "list reports", query.sql, [&](Statement& statement) { BindAll(statement, query); },
        internal::ReadReport);
  }

  core::Result<std::vector<GroupCount>> CountReports(const ReportFilter& filter,
                                                     GroupBy group_by) const override {
    internal::ReportQuery query = internal::CountReportsQuery(filter, group_by);
    return ReadAll<GroupCount>(
        "count reports", query.sql, [&](Statement& statement) { BindAll(statement, query); },
        [](const Statement& row) -> core::Result<GroupCount> {
          return GroupCount{.key = row.ColumnBytes(0), .count = row.ColumnInt(1)};
        });
  }

  core::Result<std::int64_t> CountAllReports() const override {
    return Read<std::int64_t>(
        "count reports", "SELECT count(*) FROM reports", [](Statement&) {},
        [](Statement& row, bool found) -> core::Result<std::int64_t> {
          return found ? row.ColumnInt(0) : 0;
        });
  }

  core::Result<TechniqueRow> GetTechnique(const std::string& id) const override {
    static const std::string sql =
        SelectFrom(internal::kTechniqueColumns, "FROM techniques WHERE id = ?1");
    return Read<TechniqueRow>(
        "read technique " + id, sql, [&](Statement& query) { query.BindText(1, id); },
        [&](Statement& row, bool found) -> core::Result<TechniqueRow> {
          if (!found) return core::NotFound("technique " + id + ": not found");
          return internal::ReadTechnique(row);
        });
  }

  core::Result<std::vector<TechniqueRow>> ListTechniques() const override {
    static const std::string sql = SelectFrom(internal::kTechniqueColumns, "FROM techniques ORDER BY id");
    return ReadAll<TechniqueRow>(
        "list techniques", sql, [](Statement&) {},
        [](const Statement& row) -> core::Result<TechniqueRow> { return internal::ReadTechnique(row); });
  }

  core::Result<AdvisoryRow> GetAdvisory(const std::string& publisher,
                                        const std::string& tracking_id) const override {
    static const std::string sql = SelectFrom(
        internal::kAdvisoryColumns, "FROM advisories WHERE publisher = ?1 AND tracking_id = ?2");
    return Read<AdvisoryRow>(
        "read advisory " + tracking_id, sql,
        [&](Statement& query) {
          query.BindText(1, publisher);
          query.BindText(2, tracking_id);
        },
        [&](Statement& row, bool found) -> core::Result<AdvisoryRow> {
          if (!found) return core::NotFound("advisory " + tracking_id + ": not found");
          return internal::ReadAdvisory(row);
        });
  }

  core::Result<std::vector<AdvisoryRow>> ListAdvisories(const AdvisoryFilter& filter) const override {
    if (filter.limit < 1 || filter.limit > kMaxListLimit) {
      return core::InvalidArgument("limit " + std::to_string(filter.limit) + ": must be 1 to " +
                                   std::to_string(kMaxListLimit));
    }
    static const std::string all = SelectFrom(
        internal::kAdvisoryColumns, "FROM advisories ORDER BY publisher, tracking_id LIMIT ?1 OFFSET ?2");
    static const std::string by_cve = SelectFrom(
        "a.publisher, a.tracking_id, a.cves, a.json, a.updated_seq",
        "FROM advisory_cves c JOIN advisories a ON a.publisher = c.publisher AND "
        "a.tracking_id = c.tracking_id WHERE c.cve = ?3 ORDER BY a.publisher, a.tracking_id "
        "LIMIT ?1 OFFSET ?2");
    return ReadAll<AdvisoryRow>(
        "list advisories", filter.cve ? by_cve : all,
        [&](Statement& query) {
          query.BindInt(1, static_cast<std::int64_t>(filter.limit));
          query.BindInt(2, static_cast<std::int64_t>(std::min<std::size_t>(filter.offset, internal::kMaxSeq)));
          if (filter.cve) query.BindText(3, *filter.cve);
        },
        internal::ReadAdvisory);
  }

  core::Result<RecordRow> GetRecord(const std::string& kind, const std::string& id) const override {
    static const std::string sql =
        SelectFrom(internal::kRecordColumns, "FROM records r WHERE r.kind = ?1 AND r.id = ?2");
    return Read<RecordRow>(
        "read " + kind + " " + id, sql,
        [&](Statement& query) {
          query.BindText(1, kind);
          query.BindText(2, id);
        },
        [&](Statement& row, bool found) -> core::Result<RecordRow> {
          if (!found) return core::NotFound(kind + " " + id + ": not found");
          return internal::ReadRecord(row);
        });
  }

  core::Result<std::vector<RecordRow>> ListRecords(const RecordFilter& filter) const override {
    if (filter.kind.empty()) return core::InvalidArgument("kind: must not be empty");
    if (filter.limit < 1 || filter.limit > kMaxListLimit) {
      return core::InvalidArgument("limit " + std::to_string(filter.limit) + ": must be 1 to " +
                                   std::to_string(kMaxListLimit));
    }
    internal::ReportQuery query = internal::ListRecordsQuery(filter);
    return ReadAll<RecordRow>(
        "list " + filter.kind + " records", query.sql,
        [&](Statement& statement) { BindAll(statement, query); }, internal::ReadRecord);
  }

  core::Status ForEachRecord(const std::string& kind,
                             const std::function<core::Status(const RecordRow&)>& visit) const override {
    std::uint64_t after_seq = 0;
    std::string after_id;
    for (;;) {
      // As ForEachEvent: read a page, give the connection back, then visit.
      internal::ReportQuery query = internal::RecordPageQuery(kind, after_seq, after_id, kEventPageSize);
      auto page = ReadAll<RecordRow>(
          "read " + kind + " records", query.sql,
          [&](Statement& statement) { BindAll(statement, query); }, internal::ReadRecord);
      if (!page) return page.error();
      for (const auto& record : *page) {
        if (auto visited = visit(record); !visited) return visited;
      }
      if (page->size() < static_cast<std::size_t>(kEventPageSize)) return core::Ok();
      after_seq = page->back().created_seq;
      after_id = page->back().id;
    }
  }

 private:
  // Runs `sql` on a pooled reader: `bind` sets its parameters, `take` gets
  // the statement after its first step (`found`: a row is ready) and may
  // step on. Failures here get `what` as context; `take` adds its own.
  template <typename T, typename Bind, typename Take>
  core::Result<T> Read(const std::string& what, std::string_view sql, Bind bind, Take take) const {
    auto lease = readers_.Acquire();
    if (!lease) return lease.error().Context(what);
    auto statement = (**lease).Prepare(sql);
    if (!statement) return statement.error().Context(what);
    bind(*statement);
    auto stepped = statement->Step();
    if (!stepped) return stepped.error().Context(what);
    return take(*statement, *stepped);
  }

  template <typename T, typename Bind, typename Row>
  core::Result<std::vector<T>> ReadAll(const std::string& what, std::string_view sql, Bind bind,
                                       Row read_row) const {
    return Read<std::vector<T>>(
        what, sql, bind, [&](Statement& statement, bool found) -> core::Result<std::vector<T>> {
          std::vector<T> rows;
          for (bool more = found; more;) {
            auto row = read_row(statement);
            if (!row) return row.error();
            rows.push_back(std::move(*row));
            auto stepped = statement.Step();
            if (!stepped) return stepped.error().Context(what);
            more = *stepped;
          }
          return rows;
        });
  }

  internal::Writer writer_;
  // Declared after writer_ so that the readers close first: the writer,
  // closing last, checkpoints the WAL into the file and removes it.
  mutable ReaderPool readers_;
};

}  // namespace

core::Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& path) {
  std::string what = "open store " + path.string();
  // Connections are used from many threads (one at a time each): a build of
  // SQLite without thread support would corrupt memory.
  if (sqlite3_threadsafe() == 0) return core::Internal(what + ": SQLite was built without threads");
  auto writer = Connection::Open(path, internal::OpenMode::kReadWrite);
  if (!writer) return writer.error().Context(what);
  if (auto schema = internal::CreateOrCheckSchema(**writer); !schema) {
    return schema.error().Context(what);
  }
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(path, std::move(*writer)));
}

}  // namespace accord::store
