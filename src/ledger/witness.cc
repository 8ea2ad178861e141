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
  // A request that is not a signed note, or whose text is not a checkpoint,
  // is malformed (400); only a well-formed note that no trusted key signed
  // is refused as unauthorised (tlog-witness "add-checkpoint": 403).
  if (auto parsed = ParseNote(checkpoint_note); !parsed)
    return parsed.error().Context("checkpoint note");
  std::vector<NoteVerifier> known{log.log_key};
  auto verified = OpenNote(checkpoint_note, known);
  if (!verified)
    return core::PermissionDenied("checkpoint is not signed by the log " + log.log_key.KeyLabel() +
                                  ": " + verified.error().message);
  auto opened = ParseCheckpointBody(verified->text);
  if (!opened) return opened.error().Context("checkpoint note");
  const Checkpoint& next = *opened;
  if (next.origin != log.log_key.name())
    return core::PermissionDenied("checkpoint origin \"" + next.origin +
                                  "\" is not the log's name \"" + log.log_key.name() + "\"");

  std::uint64_t witnessed_size = log.last ? log.last->tree_size : 0;
  if (old_size != witnessed_size)
    return core::Conflict("this witness last cosigned size " + std::to_string(witnessed_size) +
                          " of " + next.origin + ", not " + std::to_string(old_size) +
                          "; send a consistency proof from " + std::to_string(witnessed_size));
  if (witnessed_size == 0) {
    // From the empty tree there is nothing to prove (tlog-witness: "The
    // proof MUST be empty if the old size is zero"), whether or not an
    // empty checkpoint was cosigned before. The root check below also
    // covers a second, different root for size 0.
    if (!proof.empty())
      return core::InvalidArgument("a consistency proof from size 0 must be empty, got " +
                                   std::to_string(proof.size()) + " hashes");
    // The one tree of size 0 has the root SHA-256(""): a log that signs
    // another root for it signs a tree that cannot exist (tlog-witness on
    // main: 422), and once cosigned it would block every later checkpoint.
    if (next.tree_size == 0 && next.root_hash != EmptyRootHash())
      return core::Corrupt("refused: " + next.origin + " signed a checkpoint of " + Describe(next) +
                           ", but the empty tree's root is " + core::Base64Encode(EmptyRootHash()));
  } else {
    const Checkpoint& last = *log.last;
    if (next.tree_size < last.tree_size)
      // tlog-witness: an old size above the checkpoint's size is a bad
      // request (400). A replayed old checkpoint proves nothing by itself;
      // a log that signed a different tree is caught by the checks below.
      return core::InvalidArgument("refused: " + next.origin + " presented a checkpoint of " +
                                   Describe(next) + ", older than the one this witness cosigned (" +
                                   Describe(last) + "): a rollback or a replayed checkpoint");
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
