// Checkpoints and cosignatures: see checkpoint.h and
// docs/formats/checkpoint.md. "Note text" is the section of
// c2sp.org/tlog-checkpoint@v1.0.0; "Format" and "Ed25519 signed message" are
// sections of c2sp.org/tlog-cosignature.
#include "ledger/checkpoint.h"

#include <cassert>
#include <string>
#include <utility>

#include "core/encoding.h"

namespace accord::ledger {
namespace {

// One line of the body: non-empty, and (since the whole body must be a
// note text) valid UTF-8 without control characters.
core::Status ValidateLine(std::string_view line, const std::string& what) {
  if (line.empty()) return core::InvalidArgument(what + ": empty");
  if (line.find('\n') != std::string_view::npos) {
    return core::InvalidArgument(what + ": contains a newline");
  }
  std::string as_text(line);
  as_text += '\n';
  if (auto valid = ValidateNoteText(as_text); !valid) return valid.error().Context(what);
  return core::Ok();
}

std::string LineName(std::size_t number, std::string_view field) {
  return "checkpoint line " + std::to_string(number) + " (" + std::string(field) + ")";
}

// "Note text" 2: ASCII decimal, no leading zeros unless the value is 0.
core::Result<std::uint64_t> ParseTreeSize(std::string_view line) {
  const std::string what = LineName(2, "tree size");
  if (line.empty()) return core::InvalidArgument(what + ": empty");
  std::uint64_t value = 0;
  for (char c : line) {
    if (c < '0' || c > '9') {
      return core::InvalidArgument(what + ": " + core::QuoteForMessage(line) +
                                   " is not a decimal number");
    }
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) {
      return core::InvalidArgument(what + ": " + core::QuoteForMessage(line) +
                                   " does not fit in 64 bits");
    }
    value = value * 10 + digit;
  }
  if (line.size() > 1 && line[0] == '0') {
    return core::InvalidArgument(what + ": leading zero in " + core::QuoteForMessage(line));
  }
  return value;
}

// "Note text" 3: base64 (RFC 4648 section 4) of the 32-byte root. The
// strict decoder accepts one spelling only, so Body() gives back the input.
core::Result<Hash> ParseRootHash(std::string_view line) {
  const std::string what = LineName(3, "root hash");
  if (line.empty()) return core::InvalidArgument(what + ": empty");
  auto bytes = core::Base64Decode(line);
  if (!bytes) return bytes.error().Context(what);
  Hash hash{};
  if (bytes->size() != hash.size()) {
    return core::InvalidArgument(what + ": " + std::to_string(bytes->size()) +
                                 " bytes, expected 32");
  }
  std::copy(bytes->begin(), bytes->end(), hash.begin());
  return hash;
}

}  // namespace

core::Status Checkpoint::Validate() const {
  if (auto valid = ValidateLine(origin, "checkpoint origin"); !valid) return valid;
  for (std::size_t i = 0; i < extensions.size(); ++i) {
    if (auto valid = ValidateLine(extensions[i], "checkpoint extension line " + std::to_string(i + 1));
        !valid) {
      return valid;
    }
  }
  return core::Ok();
}

std::string Checkpoint::Body() const {
  assert(Validate().has_value());
  std::string body;
  body.reserve(origin.size() + 20 + 45 + 2);
  body.append(origin).append(1, '\n');
  body.append(std::to_string(tree_size)).append(1, '\n');
  body.append(core::Base64Encode(root_hash)).append(1, '\n');
  for (const std::string& extension : extensions) body.append(extension).append(1, '\n');
  return body;
}

core::Result<Checkpoint> ParseCheckpointBody(std::string_view text) {
  // The body is a note text ("Note text" builds on signed-note "Format").
  if (auto valid = ValidateNoteText(text); !valid) return valid.error().Context("checkpoint");

  // "Note text": at least three non-empty lines, separated by newlines.
  std::vector<std::string_view> lines;
  for (std::string_view rest = text; !rest.empty();) {
    const std::size_t end = rest.find('\n');  // found: the text ends in '\n'
    lines.push_back(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  if (lines.size() < 3) {
    return core::InvalidArgument("checkpoint: " + std::to_string(lines.size()) +
                                 (lines.size() == 1 ? " line" : " lines") +
                                 ", expected at least 3 (origin, tree size, root hash)");
  }

  Checkpoint checkpoint;
  // "Note text" 1: the origin MUST be non-empty. Its recommended form (a
  // URL without spaces or '+') is not enforced: clients MUST NOT assume it.
  if (lines[0].empty()) return core::InvalidArgument(LineName(1, "origin") + ": empty");
  checkpoint.origin = std::string(lines[0]);

  auto tree_size = ParseTreeSize(lines[1]);
  if (!tree_size) return tree_size.error();
  checkpoint.tree_size = *tree_size;

  auto root_hash = ParseRootHash(lines[2]);
  if (!root_hash) return root_hash.error();
  checkpoint.root_hash = *root_hash;

  // "Note text" 4: extension lines, if any, MUST be non-empty.
  for (std::size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) return core::InvalidArgument(LineName(i + 1, "extension") + ": empty");
    checkpoint.extensions.emplace_back(lines[i]);
  }
  return checkpoint;
}

std::string SignCheckpoint(const Checkpoint& checkpoint, const NoteSigner& signer) {
  return SignNote(checkpoint.Body(), signer);
}

core::Result<VerifiedCheckpoint> OpenCheckpoint(std::string_view note,
                                                std::span<const NoteVerifier> known) {
  auto opened = OpenNote(note, known);
  if (!opened) return std::move(opened).error();
  auto checkpoint = ParseCheckpointBody(opened->text);
  if (!checkpoint) return checkpoint.error().Context("checkpoint note");
  return VerifiedCheckpoint{std::move(*checkpoint), std::move(*opened)};
}

std::string CosignCheckpoint(const Checkpoint& checkpoint, const NoteSigner& cosigner,
                             std::uint64_t unix_seconds) {
  assert(cosigner.type() == SignatureType::kCosignatureV1);
  assert(unix_seconds <= kMaxCosignatureTimestamp);
  const core::Ed25519Signature signature =
      cosigner.SignBytes(CosignatureMessage(checkpoint.Body(), unix_seconds));
  // "Format": timestamped_signature = u64 timestamp (big-endian, RFC 8446
  // section 3.3) || 64-byte Ed25519 signature.
  std::string bytes;
  bytes.reserve(8 + signature.size());
  for (int shift = 56; shift >= 0; shift -= 8) bytes += static_cast<char>(unix_seconds >> shift);
  bytes.append(reinterpret_cast<const char*>(signature.data()), signature.size());
  return EncodeSignatureLine(cosigner.name(), cosigner.key_id(), bytes);
}

core::Result<std::uint64_t> VerifyCosignature(const Checkpoint& checkpoint,
                                              std::string_view signature_line,
                                              const NoteVerifier& cosigner) {
  if (cosigner.type() != SignatureType::kCosignatureV1) {
    return core::InvalidArgument("key " + core::QuoteForMessage(cosigner.KeyLabel()) +
                                 " is not a cosignature/v1 key");
  }
  if (auto valid = checkpoint.Validate(); !valid) return valid.error();
  if (!signature_line.empty() && signature_line.back() == '\n') signature_line.remove_suffix(1);
  auto signature = ParseSignatureLine(signature_line);
  if (!signature) return signature.error().Context("cosignature line");
  // tlog-cosignature "Format": clients ignore lines whose name and key ID
  // are not the configured cosigner's; asked about one line, we refuse it.
  if (signature->key_name != cosigner.name() || signature->key_id != cosigner.key_id()) {
    return core::InvalidArgument(
        "cosignature line: by " +
        core::QuoteForMessage(NoteKeyLabel(signature->key_name, signature->key_id)) +
        ", not by the cosigner " + core::QuoteForMessage(cosigner.KeyLabel()));
  }
  auto timestamp = cosigner.Verify(checkpoint.Body(), signature->signature_bytes);
  if (!timestamp) return timestamp.error();
  return **timestamp;
}

}  // namespace accord::ledger
