// One SQLite connection and the statements prepared on it, for the SQLite
// store (store/sqlite_store.cc). Statements are prepared once per connection
// and kept: the API reads tens of thousands of rows a second and preparing
// costs more than the lookup. Every SQLite failure becomes a core::Error
// whose message is SQLite's own; callers add what they were doing with
// Context(), e.g. `insert event 42: UNIQUE constraint failed: events.seq`.
//
// The headers here declare sqlite3 and sqlite3_stmt only by name, so that
// <sqlite3.h> stays inside the store's .cc files.
//
// Not part of the module's interface: only store/*.cc include this.
//
// Thread-safety: none. One thread at a time uses a Connection and the
// Statements taken from it; the store's writer mutex and reader pool see to
// that (the connections are opened with SQLITE_OPEN_NOMUTEX).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace accord::store::internal {

enum class OpenMode { kReadWrite, kReadOnly };

// Page cache of one connection, in KiB (PRAGMA cache_size takes negative
// KiB). The node must stay under 300 MB with a million reports stored
// (issue 6): the writer and at most kMaxReadConnections readers hold
// 16 + 8 * 8 = 80 MB at most, and mmap is off so the file's size never
// shows up as resident memory.
inline constexpr int kWriterCacheKib = 16000;
inline constexpr int kReaderCacheKib = 8000;
// How long a connection waits for a lock held by another process (another
// `accord` command on the same file) before failing with kUnavailable.
inline constexpr int kBusyTimeoutMilliseconds = 5000;
// Statements built from a ReportFilter vary with the filter's shape; past
// this many cached statements a connection prepares new shapes per call
// instead of caching them, so that the cache stays bounded.
inline constexpr std::size_t kMaxCachedStatements = 256;

class Connection;

// A prepared statement in use. Binds parameters (1-based), steps, reads
// columns (0-based), and resets the statement when destroyed so that it
// holds no read snapshot and no parameter afterwards.
//
// Text and blob parameters are bound without copying: the bytes must stay
// alive until the Statement is destroyed.
class Statement {
 public:
  Statement(Connection& connection, sqlite3_stmt* statement, bool owned);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // A failed bind (a value over SQLite's size limit) is reported by the
  // next Step.
  void BindInt(int index, std::int64_t value);
  void BindText(int index, std::string_view text);
  void BindBlob(int index, std::string_view bytes);

  // True when a row is ready, false when the statement is done.
  core::Result<bool> Step();
  // Steps a statement that returns no row (INSERT, DELETE, ...).
  core::Status Run();
  // Makes the statement ready to be bound and run again.
  void Reset();

  std::int64_t ColumnInt(int column) const;
  bool ColumnIsNull(int column) const;
  // Text and blob columns both come back as bytes.
  std::string ColumnBytes(int column) const;
  // The same without a copy: valid until the next Step or the destruction.
  std::string_view ColumnView(int column) const;

 private:
  Connection* connection_;
  sqlite3_stmt* statement_;
  bool owned_;  // not cached: finalized on destruction
  int bind_error_ = 0;
};

class Connection {
 public:
  // Opens `path` with WAL journal, synchronous=FULL, foreign keys on, the
  // busy timeout and a bounded page cache with mmap off. kReadWrite creates
  // the file when absent. kUnavailable when the file cannot be opened,
  // kCorrupt when it is not an SQLite database.
  static core::Result<std::unique_ptr<Connection>> Open(const std::filesystem::path& path,
                                                        OpenMode mode);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows.
  core::Status Execute(const char* sql);

  // The statement for `sql`, prepared on first use and cached. REQUIRES:
  // the previous Statement for the same `sql` is destroyed.
  core::Result<Statement> Prepare(std::string_view sql);

  // SQLite's message for the last failure, `result_code`, with an ErrorCode
  // chosen from the code (constraint -> kConflict, busy and I/O ->
  // kUnavailable, corrupt or not a database -> kCorrupt, out of memory ->
  // kResourceExhausted, otherwise kInternal).
  core::Error ErrorFor(int result_code) const;

  // Whether a transaction is open (BEGIN without COMMIT or ROLLBACK yet).
  bool InTransaction() const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> statements_;
};

}  // namespace accord::store::internal
