// The pure pieces of `accord audit` (cli/audit_command.cc, docs/transparency.md
// "Auditing a node you do not trust"): where a published report first
// differs from the one recomputed from the log, what the checkpoint seen now
// says about the one this auditor saw before (first audit, same tree,
// extension, rollback, split view, fork), which witnesses cosigned, and
// where the auditor keeps its state. The command does the I/O around them;
// these take bytes and values, so the tests and the fuzz target can reach
// every branch.
//
// What a hostile node sends is untrusted text: the finders parse it with
// the strict JSON reader and a bounded CSV reader, never recurse deeper than
// the reader's depth limit, and quote what they show (QuoteForMessage) so
// that a node cannot drive the terminal through a verdict.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ledger/checkpoint.h"
#include "ledger/hash.h"
#include "ledger/note.h"

namespace accord::cli {

// The first item in which a published report differs from the recomputed one.
struct ReportDifference {
  // JSON: the JSON Pointer (RFC 6901) of the first differing member or
  // value ("/figures/global/incidents.reported"; "" for the whole
  // document). CSV: "row N (scope,figure)". HTML: "line N". When the
  // documents differ only in their spelling (e.g. whitespace): "byte N".
  std::string where;
  std::string published;   // what the node says, shortened and quoted when needed
  std::string recomputed;  // what the log gives
  // "<where>: node says <published>, log gives <recomputed>".
  std::string Describe() const;
};

// Each returns nullopt exactly when the two texts are byte for byte equal,
// else the first difference in document order (for JSON the recomputed
// report's member order, which is canonical; members only the node has come
// in canonical order among them). A published text that does not parse is
// a difference at "" (JSON) or "row N" (CSV) naming the parse error.
std::optional<ReportDifference> FirstJsonDifference(std::string_view published,
                                                    std::string_view recomputed);
std::optional<ReportDifference> FirstCsvDifference(std::string_view published,
                                                   std::string_view recomputed);
std::optional<ReportDifference> FirstLineDifference(std::string_view published,
                                                    std::string_view recomputed);

// RFC 4180 records (CRLF or LF line ends; quoted fields with "" escapes).
// Fails with kInvalidArgument naming the record for an unterminated quote
// or a character after a closing quote, and kResourceExhausted above
// kMaxCsvRecords records.
inline constexpr std::size_t kMaxCsvRecords = 1'000'000;
core::Result<std::vector<std::vector<std::string>>> ParseCsvRecords(std::string_view text);

// What the checkpoint seen now means next to the one this auditor kept.
enum class CheckpointHistory {
  kFirstAudit,  // nothing kept for this origin: the checkpoint will be pinned
  kSame,        // the same tree (size and root)
  kExtension,   // a larger tree whose prefix has the kept root
};

// Decides from the kept checkpoint `saved` (nullopt: none) and `current`
// (both already verified with the log's key, same origin). For a larger
// tree calls `root_at(saved->tree_size)`, which must compute that older
// root from the current, verified tiles (ledger::TreeHash through a
// TileHashReader), and compares it with the kept root. Errors, all
// kCorrupt and naming both checkpoints (size and root hex):
//   "rollback: ..."   current is smaller than saved;
//   "split view: ..." same size, another root;
//   "fork: ..."       larger, but its prefix is not the kept tree;
// and root_at's error with context when it fails.
core::Result<CheckpointHistory> CompareWithSaved(
    const std::optional<ledger::Checkpoint>& saved, const ledger::Checkpoint& current,
    const std::function<core::Result<ledger::Hash>(std::uint64_t)>& root_at);

// The witnesses among `witnesses` (kCosignatureV1 verifiers) whose
// cosignature/v1 on `checkpoint` is in `note` and verifies.
struct WitnessTally {
  std::vector<std::string> signed_by;  // key labels ("name+id"), in the order given
  std::vector<std::string> missing;    // key labels of those with no line
  std::vector<std::string> invalid;    // "name+id: reason" of lines that do not verify
};
// Fails with kInvalidArgument when `note` does not parse (ParseNote).
core::Result<WitnessTally> CountCosignatures(const ledger::Checkpoint& checkpoint,
                                             std::string_view note,
                                             std::span<const ledger::NoteVerifier> witnesses);

// Where an auditor keeps what it saw (one file per origin, the signed note
// as received; one pinned key per node URL):
//   <dir>/checkpoints/<hex SHA-256 of the origin>
//   <dir>/keys/<hex SHA-256 of the URL>
// The default directory is $XDG_STATE_HOME/accord/audit, else
// $HOME/.local/state/accord/audit; kInvalidArgument when neither variable
// is set (then --state-dir must be given).
core::Result<std::filesystem::path> DefaultAuditStateDir();
std::filesystem::path SavedCheckpointPath(const std::filesystem::path& state_dir,
                                          std::string_view origin);
std::filesystem::path PinnedKeyPath(const std::filesystem::path& state_dir, std::string_view url);

}  // namespace accord::cli
