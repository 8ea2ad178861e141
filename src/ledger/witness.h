// A witness (C2SP tlog-witness, cosignature per tlog-cosignature): it keeps
// the last checkpoint it cosigned for each log it follows, and cosigns a
// new checkpoint only when the log proves that it extends that one. A
// witness never cosigns two inconsistent checkpoints, so a log that shows
// different trees to different people (a split view) is caught as soon as
// both views meet a witness: the refusal names the two checkpoints.
//
// This class is the decision; where the state lives (files for `accord
// witness`) and how requests arrive are the caller's business.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "ledger/checkpoint.h"
#include "ledger/note.h"

namespace accord::ledger {

struct WitnessedLog {
  NoteVerifier log_key;                 // the log's own key; its name is the origin
  std::optional<Checkpoint> last;       // the last checkpoint cosigned, if any
  std::string last_note;                // ... as the log signed it (evidence)
};

struct CosignedCheckpoint {
  Checkpoint checkpoint;
  std::string cosignature_line;  // "— <witness> <base64>\n"
  std::string note;              // the log's note with the cosignature line appended
};

class Witness {
 public:
  // `cosigner` must be a kCosignatureV1 signer.
  explicit Witness(NoteSigner cosigner) : cosigner_(std::move(cosigner)) {}

  const NoteSigner& cosigner() const { return cosigner_; }

  // Decides on `checkpoint_note` for `log` (tlog-witness "add-checkpoint"):
  // `old_size` is the size the caller believes the witness last cosigned
  // and `proof` the consistency proof from it. On success returns the
  // cosignature and updates `log.last`. Refusals, with the HTTP status
  // tlog-witness gives them:
  //  - kPermissionDenied (403): not signed by the log's key, or another origin;
  //  - kConflict (409): `old_size` is not the witness's size (the message
  //    names it, so the caller can fetch the right proof);
  //  - kInvalidArgument (400): the checkpoint is older than the last one
  //    cosigned (a rollback or a replay; tlog-witness answers 400);
  //  - kCorrupt (422): the checkpoint has another root at the same size as
  //    the last one cosigned, or the proof does
  //    not show that it extends it: evidence of a split view; the message
  //    says so and names both checkpoints. Also a checkpoint of size 0
  //    whose root is not SHA-256(""), the only root of the empty tree;
  //  - kInvalidArgument (400): a note that does not parse or whose text is
  //    not a checkpoint (kResourceExhausted above kMaxNoteBytes), or a
  //    non-empty proof from size 0.
  // `log` is unchanged by every refusal.
  // REQUIRES: now_unix_seconds <= kMaxCosignatureTimestamp.
  core::Result<CosignedCheckpoint> AddCheckpoint(WitnessedLog& log, std::uint64_t old_size,
                                                 std::span<const Hash> proof,
                                                 std::string_view checkpoint_note,
                                                 std::uint64_t now_unix_seconds) const;

 private:
  NoteSigner cosigner_;
};

}  // namespace accord::ledger
