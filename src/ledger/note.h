// C2SP signed notes (c2sp.org/signed-note@v1.0.0): a UTF-8 text followed by
// a blank line and one or more lines `— <key name> base64(key ID || sig)`.
// The log signs its checkpoints as notes, and witnesses add their
// cosignature lines (c2sp.org/tlog-cosignature, cosignature/v1) to the same
// note. docs/formats/checkpoint.md describes the bytes accord writes.
//
// This file holds the key types (NoteSigner, NoteVerifier and the verifier
// key string), parsing and encoding of notes, signing, and OpenNote, which
// applies the verifier rules of the spec's "Signatures" section. What a
// checkpoint's text means, and cosigning one, are in checkpoint.h.
//
// Two signature types are implemented, the ones accord needs (the spec asks
// implementations to select only those, "Signature types"):
//   0x01  Ed25519 over the note text (signed-note "Ed25519 signatures");
//   0x04  timestamped Ed25519 cosignature/v1 (tlog-cosignature "Format").
// Signatures of any other type parse, and OpenNote ignores them as signatures
// by unknown keys, as the spec requires.
//
// Limits: a note is at most kMaxNoteBytes and carries at most
// kMaxNoteSignatures signature lines (the spec asks for a cap of at least 16;
// Go's note.Open uses 100).
//
// Thread-safety: all functions are pure; a NoteSigner or NoteVerifier may be
// used from several threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/result.h"

namespace accord::ledger {

// The largest note accepted, signatures included. A checkpoint with a few
// dozen cosignatures is under 8 KiB; the cap bounds the work per request.
inline constexpr std::size_t kMaxNoteBytes = 1024 * 1024;

// The most signature lines accepted in one note (signed-note "Format" asks
// verifiers to accept at least 16; 100 is golang.org/x/mod/sumdb/note's cap).
inline constexpr std::size_t kMaxNoteSignatures = 100;

// The largest cosignature/v1 timestamp (tlog-cosignature "Format": it
// "MUST NOT exceed 2^63 - 1").
inline constexpr std::uint64_t kMaxCosignatureTimestamp = 0x7FFF'FFFF'FFFF'FFFF;

// Signature type identifier bytes (signed-note "Signature types"). Only the
// two accord implements are named; the byte goes into the key ID and the
// verifier key.
enum class SignatureType : std::uint8_t {
  kEd25519 = 0x01,         // signed-note "Ed25519 signatures"
  kCosignatureV1 = 0x04,   // tlog-cosignature, Ed25519 "cosignature/v1"
};

// Checks a key name (signed-note "Format"): non-empty, valid UTF-8, no
// Unicode White_Space character, no '+'. accord also refuses ASCII control
// characters, since a note cannot contain them and such a key could never
// sign one. Fails with kInvalidArgument naming the byte offset and reason,
// e.g. `key name: '+' at byte 7`.
core::Status ValidateKeyName(std::string_view name);

// Checks a note text (signed-note "Format"): at most kMaxNoteBytes, valid
// UTF-8, no ASCII control character except '\n', ending in '\n'. Fails with
// kInvalidArgument (kResourceExhausted for the size) naming the byte offset,
// e.g. `note text: control character 0x09 at byte 12`.
core::Status ValidateNoteText(std::string_view text);

// The recommended key ID (signed-note "Signatures", tlog-cosignature
// "Format"): the first four bytes, big-endian, of
// SHA-256(name || 0x0A || type || 32-byte Ed25519 public key).
std::uint32_t NoteKeyId(std::string_view name, SignatureType type,
                        const core::Ed25519PublicKey& public_key);

// "<name>+<8 lowercase hex digits of key_id>": how messages and logs name a
// key (the first two fields of its verifier key).
std::string NoteKeyLabel(std::string_view name, std::uint32_t key_id);

// A public key as note verifiers know it: name, key ID, type and key. Built
// from a verifier key string with Parse, or from its parts with Create.
class NoteVerifier {
 public:
  // Parses a verifier key `<name>+<key ID>+<base64(type || public key)>`
  // (signed-note v1.0.0 "Verifier keys"; the key ID is 8 lowercase hex
  // digits). The base64 part may itself contain '+', so the string is split
  // at its first two '+'. Fails with kInvalidArgument, the message starting
  // `verifier key: ` and naming the reason: fewer than three fields; a bad
  // key name (empty, whitespace, control character, '+'); a key ID that is
  // not 8 lowercase hex digits; bad base64; a type byte other than 0x01 or
  // 0x04; a public key that is not 32 bytes; a key ID that does not match
  // NoteKeyId of the name and key.
  static core::Result<NoteVerifier> Parse(std::string_view verifier_key);

  // The verifier of `public_key` under `name` for signatures of `type`.
  // Fails with kInvalidArgument if ValidateKeyName(name) fails.
  static core::Result<NoteVerifier> Create(std::string name, SignatureType type,
                                           const core::Ed25519PublicKey& public_key);

  const std::string& name() const { return name_; }
  std::uint32_t key_id() const { return key_id_; }
  SignatureType type() const { return type_; }
  const core::Ed25519PublicKey& public_key() const { return public_key_; }

  // The verifier key string: name, '+', 8 lowercase hex digits of the key
  // ID, '+', base64(type || public key). Parse(VerifierKey()) gives back an
  // equal verifier. For a cosigner the type byte is 0x04, as
  // tlog-cosignature "Format" says Ed25519 cosigner vkeys are written.
  std::string VerifierKey() const;

  // NoteKeyLabel(name(), key_id()).
  std::string KeyLabel() const { return NoteKeyLabel(name_, key_id_); }

  // Checks `signature` (the bytes after the 4-byte key ID) over `text`, the
  // note text. For kEd25519 the signature is 64 bytes of Ed25519 over the
  // text and the result holds no timestamp. For kCosignatureV1 it is an
  // 8-byte big-endian timestamp then 64 bytes of Ed25519 over
  // CosignatureMessage(text, timestamp), and the result holds
  // the timestamp. Fails with kInvalidArgument naming this key and the
  // reason: wrong length, a timestamp above 2^63 - 1, or a signature that
  // does not verify.
  core::Result<std::optional<std::uint64_t>> Verify(std::string_view text,
                                                   std::string_view signature) const;

  friend bool operator==(const NoteVerifier&, const NoteVerifier&) = default;

 private:
  NoteVerifier(std::string name, SignatureType type, const core::Ed25519PublicKey& public_key);

  std::string name_;
  std::uint32_t key_id_ = 0;
  SignatureType type_ = SignatureType::kEd25519;
  core::Ed25519PublicKey public_key_;
};

// A private key with its name and signature type: the log's checkpoint key
// (kEd25519) or a witness's cosigning key (kCosignatureV1). Move-only, like
// the private key it owns. Distinct cosigners need distinct keys, because the
// cosignature/v1 message does not commit to the name (tlog-cosignature
// "Ed25519 signed message").
class NoteSigner {
 public:
  // Fails with kInvalidArgument if ValidateKeyName(name) fails.
  static core::Result<NoteSigner> Create(std::string name, SignatureType type,
                                         core::Ed25519PrivateKey private_key);

  const std::string& name() const { return verifier_.name(); }
  std::uint32_t key_id() const { return verifier_.key_id(); }
  SignatureType type() const { return verifier_.type(); }
  const core::Ed25519PublicKey& public_key() const { return verifier_.public_key(); }

  // The verifier for this key, and its verifier key string (as
  // NoteVerifier::VerifierKey, i.e. what Go's note.GenerateKey prints as
  // vkey for kEd25519).
  const NoteVerifier& verifier() const { return verifier_; }
  std::string VerifierKey() const { return verifier_.VerifierKey(); }

  // Raw Ed25519 signature of `message`; SignNote and CosignCheckpoint
  // build the message and the line around it.
  core::Ed25519Signature SignBytes(std::string_view message) const {
    return private_key_.Sign(message);
  }

 private:
  NoteSigner(NoteVerifier verifier, core::Ed25519PrivateKey private_key)
      : verifier_(std::move(verifier)), private_key_(std::move(private_key)) {}

  NoteVerifier verifier_;
  core::Ed25519PrivateKey private_key_;
};

// The message a cosignature/v1 signs (tlog-cosignature "Ed25519 signed
// message"): "cosignature/v1\n", "time <timestamp>\n" (decimal, no leading
// zeros), then the whole checkpoint body including its final newline.
std::string CosignatureMessage(std::string_view checkpoint_body, std::uint64_t timestamp);

// One signature line of a note, not yet verified.
struct NoteSignature {
  std::string key_name;
  std::uint32_t key_id = 0;
  std::string signature_bytes;  // the bytes after the key ID (raw, not base64)

  friend bool operator==(const NoteSignature&, const NoteSignature&) = default;
};

// A parsed note: the text (ending in '\n', without the blank separator line)
// and its signature lines in order.
struct Note {
  std::string text;
  std::vector<NoteSignature> signatures;

  friend bool operator==(const Note&, const Note&) = default;
};

// Parses a signed note (signed-note "Format"). The text ends at the LAST
// blank line; every line after it must be a signature line: U+2014 em dash,
// space, a valid key name, space, strict base64 (core::Base64Decode) of at
// least 5 bytes (the 4-byte key ID and a non-empty signature, as Go's
// note.Open requires), newline. Signatures are not checked here. Fails with
// kResourceExhausted if the note exceeds kMaxNoteBytes or has more than
// kMaxNoteSignatures signature lines, else kInvalidArgument naming the byte
// offset or line number and the reason.
core::Result<Note> ParseNote(std::string_view note);

// Parses one signature line without its final newline (signed-note
// "Format"): "— ", a valid key name, " ", strict base64 of the 4-byte key ID
// and at least one signature byte. Fails with kInvalidArgument naming the
// reason, e.g. `signature line does not start with U+2014 (em dash) and a
// space`; ParseNote adds the line number.
core::Result<NoteSignature> ParseSignatureLine(std::string_view line);

// The bytes of `note`: text, blank line, one signature line each.
// EncodeNote(*ParseNote(x)) == x for every x that parses.
// REQUIRES: `note.text` passes ValidateNoteText and every key name
// ValidateKeyName.
std::string EncodeNote(const Note& note);

// One signature line: "— <name> <base64(key ID || signature)>\n".
// REQUIRES: ValidateKeyName(key_name) passes.
std::string EncodeSignatureLine(std::string_view key_name, std::uint32_t key_id,
                                std::string_view signature_bytes);

// Signs `text` with an Ed25519 note key and returns the whole note: text,
// '\n', one signature line. Byte-identical to golang.org/x/mod/sumdb/note's
// Sign for the same key (Ed25519 is deterministic).
// REQUIRES: ValidateNoteText(text) passes and signer.type() is kEd25519
// (cosignatures sign another message: CosignCheckpoint in checkpoint.h).
std::string SignNote(std::string_view text, const NoteSigner& signer);

// A signature that OpenNote checked.
struct VerifiedSignature {
  std::string key_name;
  std::uint32_t key_id = 0;
  SignatureType type = SignatureType::kEd25519;
  // The cosignature/v1 timestamp (POSIX seconds) for kCosignatureV1, else
  // empty. Whether a timestamp in the future is acceptable is the caller's
  // policy (tlog-cosignature "Format" allows rejecting it).
  std::optional<std::uint64_t> timestamp;

  friend bool operator==(const VerifiedSignature&, const VerifiedSignature&) = default;
};

// The result of OpenNote: the text, the known keys that signed it (each
// once, in the order of their first line), and the signature lines of
// unknown keys (identical lines once), which were not checked.
struct VerifiedNote {
  std::string text;
  std::vector<VerifiedSignature> verified;
  std::vector<NoteSignature> ignored;
};

// Parses `note` and applies the verifier rules of signed-note "Signatures":
//   - a line whose (name, key ID) matches no key in `known` is ignored, even
//     if the name or the ID alone matches one;
//   - every line of a known key is verified, duplicates included, and one
//     that fails rejects the note (the spec's SHOULD, taken as MUST; Go's
//     note.Open skips repeated lines of one key unverified instead);
//   - at least one known key's signature must verify.
// All failures are kInvalidArgument (kResourceExhausted for ParseNote's
// limits): OpenNote cannot tell whether the bytes came from a peer or from
// our own storage; a caller that reads its own stored checkpoint reports
// kCorrupt with Context. Messages: `note: signature by known key
// "<name>+<id>" does not verify`, and `note: not signed by any known key
// (known: ...; signed by: ...)`, listing the names present. Two entries of
// `known` with equal name and ID but different keys are refused as
// ambiguous.
core::Result<VerifiedNote> OpenNote(std::string_view note, std::span<const NoteVerifier> known);

}  // namespace accord::ledger
