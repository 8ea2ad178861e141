// The SQLite store's WriteBatch: one IMMEDIATE transaction on the store's
// single writer connection, held for the batch's whole life.
//
// Not part of the module's interface: only store/*.cc include this.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "core/result.h"
#include "store/internal/sqlite_connection.h"
#include "store/store.h"

namespace accord::store::internal {

// The writer connection and who may use it.
struct Writer {
  std::unique_ptr<Connection> connection;  // used only by the open batch
  // Guards `busy` and `holder`. Not held for the batch's life: a batch may
  // be committed on another thread than the one that began it, and a
  // std::mutex must be unlocked by the thread that locked it.
  std::mutex mutex;
  std::condition_variable released;  // signalled when `busy` turns false
  // True from BeginWrite to Commit or destruction: at most one transaction
  // at a time on `connection`.
  bool busy = false;
  // The thread that began the open batch, so that a thread asking for a
  // second batch while it holds one gets an error instead of waiting on
  // itself forever.
  std::thread::id holder;
};

// Waits until no batch is open, then runs BEGIN IMMEDIATE. kInternal when the
// calling thread holds an open batch already; SQLite's error (kUnavailable
// when another process holds the write lock past the busy timeout) when
// the transaction cannot start. REQUIRES: `writer` outlives the batch.
core::Result<std::unique_ptr<WriteBatch>> BeginSqliteWriteBatch(Writer& writer);

}  // namespace accord::store::internal
