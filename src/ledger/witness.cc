#include "ledger/witness.h"

#include "core/encoding.h"
#include "ledger/merkle.h"

namespace accord::ledger {
namespace {

std::string Describe(const Checkpoint& checkpoint) {
  return "size " + std::to_string(checkpoint.tree_size) + " root " +
         core::Base64Encode(checkpoint.root_hash);
}

}  // namespace

core::Result<CosignedCheckpoint> Witness::AddCheckpoint(WitnessedLog& log, std::uint64_t old_size,
                                                        std::span<const Hash> proof,
                                                        std::string_view checkpoint_note,
                                                        std::uint64_t now_unix_seconds) const {
  std::vector<NoteVerifier> known{log.log_key};
  auto opened = OpenCheckpoint(checkpoint_note, known);
  if (!opened) {
    if (opened.error().code == core::ErrorCode::kInvalidArgument &&
        opened.error().message.find("verif") != std::string::npos)
      return core::PermissionDenied("checkpoint: " + opened.error().message);
    return core::PermissionDenied("checkpoint is not signed by the log " +
                                  log.log_key.KeyLabel() + ": " + opened.error().message);
  }
  const Checkpoint& next = opened->checkpoint;
  if (next.origin != log.log_key.name())
    return core::PermissionDenied("checkpoint origin \"" + next.origin +
                                  "\" is not the log's name \"" + log.log_key.name() + "\"");

  std::uint64_t witnessed_size = log.last ? log.last->tree_size : 0;
  if (old_size != witnessed_size)
    return core::Conflict("this witness last cosigned size " + std::to_string(witnessed_size) +
                          " of " + next.origin + ", not " + std::to_string(old_size) +
                          "; send a consistency proof from " + std::to_string(witnessed_size));
  if (log.last) {
    const Checkpoint& last = *log.last;
    if (next.tree_size < last.tree_size)
      return core::Corrupt("refused: " + next.origin + " presented a checkpoint of " +
                           Describe(next) + ", older than the one this witness cosigned (" +
                           Describe(last) + "): a rollback, evidence of a split view");
    if (next.tree_size == last.tree_size && next.root_hash != last.root_hash)
      return core::Corrupt("refused: " + next.origin + " signed two different trees of size " +
                           std::to_string(next.tree_size) + " (" + Describe(last) + " cosigned, " +
                           Describe(next) + " presented): evidence of a split view");
    if (auto consistent = VerifyConsistency(last.tree_size, next.tree_size, last.root_hash,
                                            next.root_hash, proof);
        !consistent)
      return core::Corrupt("refused: the proof does not show that " + next.origin + " at " +
                           Describe(next) + " extends the checkpoint this witness cosigned (" +
                           Describe(last) + "); if the log sent this proof, it is evidence of a "
                           "split view: " + consistent.error().message);
  } else if (!proof.empty()) {
    return core::InvalidArgument("a consistency proof from size 0 must be empty");
  }

  CosignedCheckpoint result;
  result.checkpoint = next;
  result.cosignature_line = CosignCheckpoint(next, cosigner_, now_unix_seconds);
  result.note = std::string(checkpoint_note) + result.cosignature_line;
  log.last = next;
  log.last_note = std::string(checkpoint_note);
  return result;
}

}  // namespace accord::ledger
