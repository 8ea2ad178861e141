// Checkpoints (c2sp.org/tlog-checkpoint@v1.0.0) and their Ed25519
// cosignatures (c2sp.org/tlog-cosignature, cosignature/v1). A checkpoint is
// the log's signed tree head: a signed note (note.h) whose text is the
// origin, the tree size, the base64 root hash and optional extension lines.
// Witnesses cosign it by adding signature lines of type 0x04.
// docs/formats/checkpoint.md shows the bytes accord writes.
//
// This file only formats, parses, signs and verifies. Whether a checkpoint
// is consistent with an earlier one is merkle.h's business, and which keys
// and how many witnesses a client trusts is policy, decided by the caller.
//
// Thread-safety: pure functions on values.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ledger/hash.h"
#include "ledger/note.h"

namespace accord::ledger {

struct Checkpoint {
  // tlog-checkpoint "Note text", line 1: a unique identifier of the log,
  // non-empty. Recommended (not required) to be a schema-less URL without
  // spaces or '+'; accord's log uses its key name here.
  std::string origin;
  // Line 2: the number of leaves.
  std::uint64_t tree_size = 0;
  // Line 3: the RFC 6962 (RFC 9162 section 2.1.1) root of the first
  // `tree_size` leaves.
  Hash root_hash{};
  // Lines 4+: opaque, each non-empty; NOT RECOMMENDED by the spec, since
  // monitors cannot audit them. accord's log writes none.
  std::vector<std::string> extensions;

  // Checks what Body() needs to produce a valid checkpoint note text: the
  // origin and every extension line non-empty, valid UTF-8, free of control
  // characters (newline included). Fails with kInvalidArgument naming the
  // field, e.g. `checkpoint extension line 2: empty`.
  core::Status Validate() const;

  // The note text: "<origin>\n<tree_size>\n<base64(root_hash)>\n" then
  // "<extension>\n" for each extension. The tree size is decimal without
  // leading zeros ("0" for the empty tree).
  // REQUIRES: Validate() passes.
  std::string Body() const;

  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// Parses a checkpoint note text (tlog-checkpoint "Note text"): the text must
// be a valid note text (ValidateNoteText) of at least three lines, each
// non-empty; line 2 decimal digits without leading zeros (only "0" itself
// may start with 0) that fit in 64 bits; line 3 canonical base64 of exactly
// 32 bytes. Body() of the result reproduces `text` exactly. Fails with
// kInvalidArgument (kResourceExhausted above kMaxNoteBytes) naming the line
// and the reason, e.g. `checkpoint line 2 (tree size): leading zero in "007"`.
core::Result<Checkpoint> ParseCheckpointBody(std::string_view text);

// A checkpoint note whose signatures OpenNote checked.
struct VerifiedCheckpoint {
  Checkpoint checkpoint;
  VerifiedNote note;
};

// Signs `checkpoint` as the log: SignNote(checkpoint.Body(), signer).
// REQUIRES: checkpoint.Validate() passes; signer.type() is kEd25519.
std::string SignCheckpoint(const Checkpoint& checkpoint, const NoteSigner& signer);

// OpenNote(note, known), then ParseCheckpointBody of its text. Fails as
// those do; a parse failure gets the context "checkpoint note". To accept
// only notes the log itself signed, pass only the log's key in `known`, or
// check the result's `note.verified`.
core::Result<VerifiedCheckpoint> OpenCheckpoint(std::string_view note,
                                                std::span<const NoteVerifier> known);

// A witness's cosignature/v1 on `checkpoint` (tlog-cosignature "Format" and
// "Ed25519 signed message"): the signature line
//   "— <name> base64(key ID || uint64be(unix_seconds) || Ed25519 sig)\n"
// where the Ed25519 signature covers
// CosignatureMessage(checkpoint.Body(), unix_seconds). Append the line to a
// signed checkpoint note to add the cosignature.
// REQUIRES: checkpoint.Validate() passes; cosigner.type() is
// kCosignatureV1; unix_seconds <= 2^63 - 1 (the spec's bound).
std::string CosignCheckpoint(const Checkpoint& checkpoint, const NoteSigner& cosigner,
                             std::uint64_t unix_seconds);

// Verifies one cosignature line (with or without its final newline) on
// `checkpoint` by `cosigner` (a kCosignatureV1 verifier) and returns its
// timestamp. Fails with kInvalidArgument if `cosigner` is not a cosigner
// key, if the line is malformed, if its name and key ID are not the
// cosigner's, or as NoteVerifier::Verify fails (the message names the key).
core::Result<std::uint64_t> VerifyCosignature(const Checkpoint& checkpoint,
                                              std::string_view signature_line,
                                              const NoteVerifier& cosigner);

}  // namespace accord::ledger
