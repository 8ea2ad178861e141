#include "store/internal/sqlite_connection.h"

#include <sqlite3.h>

#include <string>
#include <utility>

namespace accord::store::internal {
namespace {

core::ErrorCode CodeFor(int result_code) {
  // Extended result codes carry the primary code in their low byte.
  switch (result_code & 0xff) {
    case SQLITE_CONSTRAINT:
      return core::ErrorCode::kConflict;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return core::ErrorCode::kUnavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return core::ErrorCode::kCorrupt;
    case SQLITE_NOMEM:
    case SQLITE_TOOBIG:
      return core::ErrorCode::kResourceExhausted;
    default:
      return core::ErrorCode::kInternal;
  }
}

core::Error MakeError(int result_code, std::string message) {
  return core::Error{CodeFor(result_code), std::move(message)};
}

}  // namespace

Statement::Statement(Connection& connection, sqlite3_stmt* statement, bool owned)
    : connection_(&connection), statement_(statement), owned_(owned) {}

Statement::Statement(Statement&& other) noexcept
    : connection_(other.connection_),
      statement_(std::exchange(other.statement_, nullptr)),
      owned_(other.owned_),
      bind_error_(other.bind_error_) {}

Statement::~Statement() {
  if (statement_ == nullptr) return;
  // Resetting ends the statement's read of the database (in WAL mode an
  // unreset SELECT would pin its snapshot); clearing drops the pointers to
  // the caller's bytes. The codes they return repeat the last Step's.
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  if (owned_) sqlite3_finalize(statement_);
}

void Statement::BindInt(int index, std::int64_t value) {
  int result = sqlite3_bind_int64(statement_, index, value);
  if (result != SQLITE_OK && bind_error_ == 0) bind_error_ = result;
}

void Statement::BindText(int index, std::string_view text) {
  // A null pointer would bind NULL; an empty view may have one.
  const char* data = text.data() != nullptr ? text.data() : "";
  int result =
      sqlite3_bind_text64(statement_, index, data, text.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (result != SQLITE_OK && bind_error_ == 0) bind_error_ = result;
}

void Statement::BindBlob(int index, std::string_view bytes) {
  const char* data = bytes.data() != nullptr ? bytes.data() : "";
  int result = sqlite3_bind_blob64(statement_, index, data, bytes.size(), SQLITE_STATIC);
  if (result != SQLITE_OK && bind_error_ == 0) bind_error_ = result;
}

core::Result<bool> Statement::Step() {
  if (bind_error_ != 0) {
    return MakeError(bind_error_, std::string("bind: ") + sqlite3_errstr(bind_error_));
  }
  int result = sqlite3_step(statement_);
  if (result == SQLITE_ROW) return true;
  if (result == SQLITE_DONE) return false;
  return connection_->ErrorFor(result);
}

core::Status Statement::Run() {
  auto stepped = Step();
  if (!stepped) return stepped.error();
  return core::Ok();
}

void Statement::Reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  bind_error_ = 0;
}

std::int64_t Statement::ColumnInt(int column) const {
  return sqlite3_column_int64(statement_, column);
}

bool Statement::ColumnIsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::string Statement::ColumnBytes(int column) const {
  return std::string(ColumnView(column));
}

std::string_view Statement::ColumnView(int column) const {
  // sqlite3_column_blob returns a text value's bytes unconverted; the size
  // must be asked after the pointer (the SQLite documentation's order).
  const void* data = sqlite3_column_blob(statement_, column);
  int size = sqlite3_column_bytes(statement_, column);
  if (data == nullptr || size <= 0) return std::string_view();
  return std::string_view(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

core::Result<std::unique_ptr<Connection>> Connection::Open(const std::filesystem::path& path,
                                                           OpenMode mode) {
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= mode == OpenMode::kReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                        : SQLITE_OPEN_READONLY;
  sqlite3* db = nullptr;
  int opened = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (opened != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(opened);
    sqlite3_close_v2(db);
    // Whatever SQLite says, a file we cannot open is for the operator to
    // fix (path, permissions, disk), then try again.
    return core::Unavailable(message);
  }
  std::unique_ptr<Connection> connection(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMilliseconds);

  if (mode == OpenMode::kReadWrite) {
    // The first statement to read the file: a file that is not SQLite fails
    // here with "file is not a database" (kCorrupt).
    auto journal = connection->Prepare("PRAGMA journal_mode=WAL");
    if (!journal) return journal.error().Context("set journal mode");
    auto row = journal->Step();
    if (!row) return row.error().Context("set journal mode");
    std::string journal_mode = *row ? journal->ColumnBytes(0) : "";
    if (journal_mode != "wal") {
      return core::Unavailable("set journal mode: the file stays in journal mode \"" +
                               journal_mode + "\", not wal");
    }
  }
  int cache_kib = mode == OpenMode::kReadWrite ? kWriterCacheKib : kReaderCacheKib;
  // synchronous=FULL syncs the WAL at every commit: Commit() promises
  // durability. journal_size_limit trims the WAL file after a checkpoint so
  // that one huge batch does not leave a huge file behind.
  std::string pragmas =
      "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA mmap_size=0; "
      "PRAGMA journal_size_limit=67108864; PRAGMA cache_size=-" +
      std::to_string(cache_kib) + ";";
  if (mode == OpenMode::kReadWrite) {
    // Statement journals (the undo record of one statement inside a batch,
    // a few pages each) are temp files: on disk they cost two syscalls per
    // page changed, more than the batch's own writes. Readers keep temp
    // files on disk, where a large GROUP BY cannot grow the heap.
    pragmas += " PRAGMA temp_store=MEMORY;";
  }
  if (auto set = connection->Execute(pragmas.c_str()); !set) {
    return set.error().Context("set pragmas");
  }
  if (mode == OpenMode::kReadOnly) {
    // Reading the schema now makes a broken file fail at open, not at the
    // first request.
    auto check = connection->Prepare("SELECT count(*) FROM sqlite_schema");
    if (!check) return check.error().Context("read schema");
    if (auto row = check->Step(); !row) return row.error().Context("read schema");
  }
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  // close_v2 cannot fail for a busy connection: it defers the close. Every
  // statement is finalized above, so the close happens now.
  sqlite3_close_v2(db_);
}

core::Status Connection::Execute(const char* sql) {
  char* message = nullptr;
  int result = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (result == SQLITE_OK) return core::Ok();
  std::string text = message != nullptr ? message : sqlite3_errstr(result);
  sqlite3_free(message);
  return MakeError(result, std::move(text));
}

core::Result<Statement> Connection::Prepare(std::string_view sql) {
  auto found = statements_.find(sql);
  // A busy cached statement is still being stepped by an outer caller; a
  // second user gets a statement of its own rather than resetting that one.
  if (found != statements_.end() && sqlite3_stmt_busy(found->second) == 0) {
    return Statement(*this, found->second, /*owned=*/false);
  }
  bool cache = found == statements_.end() && statements_.size() < kMaxCachedStatements;
  sqlite3_stmt* statement = nullptr;
  int result = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                  cache ? SQLITE_PREPARE_PERSISTENT : 0, &statement, nullptr);
  if (result != SQLITE_OK) return ErrorFor(result);
  if (statement == nullptr) return core::Internal("empty statement");
  if (!cache) return Statement(*this, statement, /*owned=*/true);
  statements_.emplace(std::string(sql), statement);
  return Statement(*this, statement, /*owned=*/false);
}

core::Error Connection::ErrorFor(int result_code) const {
  return MakeError(result_code, sqlite3_errmsg(db_));
}

bool Connection::InTransaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

}  // namespace accord::store::internal
