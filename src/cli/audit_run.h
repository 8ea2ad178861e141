// The `accord audit` run (cli/audit_command.cc, cli/audit_fetch.cc): its
// options and the Audit class that holds one run's state, declared here so
// that the command can live in two files, the fetching side (audit_fetch.cc:
// the node or mirror, the keys, the reports, the checkpoints) and the
// verifying side (audit_command.cc: tiles, history, replay, verdict, and the
// CLI11 wiring). Internal to those two files; the pure, tested pieces are in
// cli/audit.h. No CLI11 here: only the command file includes it.
//
// Thread-safety: one Audit per run, used from one thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/audit.h"
#include "cli/http_client.h"
#include "core/result.h"
#include "ledger/checkpoint.h"
#include "ledger/note.h"
#include "ledger/tile_store.h"

namespace accord::cli::audit_internal {

// The command line of `accord audit`, as CLI11 fills it.
struct AuditOptions {
  std::string log;
  std::string vkey;
  std::vector<std::string> witnesses;
  int witness_quorum = -1;  // -1: all the witnesses given
  std::string state_dir;
  std::vector<int> years;
  std::vector<std::string> states;
};

// One report as the node published it.
struct Published {
  int year = 0;
  std::optional<std::string> state;
  std::string format;
  std::string path;  // the request, for messages
  std::string body;
  std::uint64_t tree_size = 0;
};

// Writes one line of the audit's account to stdout and flushes it, so that a
// watchdog piping the output sees each step as it happens.
void Say(const std::string& line);

// One audit run. Verification problems are collected (Problem), not stopped
// at; Run returns kInvalidArgument for bad arguments, kNotFound when there is
// no node or directory to audit, kCorrupt when the audit fails (the verdict),
// and the error of a local step (state directory, kept files) otherwise.
class Audit {
 public:
  explicit Audit(const AuditOptions& options) : options_(options) {}

  core::Status Run();

 private:
  void Problem(std::string text) { problems_.push_back(std::move(text)); }

  // Fetching side (audit_fetch.cc).

  // A call to the node; a transport failure is kNotFound (exit 3: no node
  // to audit there), any HTTP status is a value.
  core::Result<HttpCallResponse> Get(const std::string& path);

  core::Status ResolveStateDir();
  core::Status ResolveKey();
  core::Status FetchReports();
  core::Status FetchCheckpoint();
  core::Status ReadLocalCheckpoint();
  void CheckWitnesses();
  void ReadSaved();

  // Verifying side (audit_command.cc).
  core::Status VerifyTiles();
  void CheckHistory();
  core::Status ReplayAndCompare();
  core::Status Verdict();

  const AuditOptions& options_;
  std::vector<std::string> problems_;
  std::filesystem::path state_dir_;
  std::filesystem::path dir_;           // DIR mode
  std::string url_;                     // URL mode: the node's URL (origin and prefix)
  std::unique_ptr<HttpClient> client_;  // URL mode
  std::unique_ptr<ledger::TileStore> store_;
  std::optional<ledger::NoteVerifier> key_;
  std::vector<ledger::NoteVerifier> witnesses_;  // --witness, parsed
  bool key_first_use_ = false;
  std::vector<Published> published_;
  std::optional<std::uint64_t> index_size_;
  std::vector<int> index_years_;
  std::string note_;
  ledger::Checkpoint checkpoint_;
  std::optional<ledger::Checkpoint> saved_;
  std::string saved_day_;
  std::optional<CheckpointHistory> history_;
  std::string witness_line_;
  std::uint64_t replayed_ = 0;
  std::size_t compared_ = 0;
};

}  // namespace accord::cli::audit_internal
