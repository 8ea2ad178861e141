// Signed notes: see note.h and docs/formats/checkpoint.md. Section names in
// the comments are those of c2sp.org/signed-note@v1.0.0 unless another spec
// is named.
#include "ledger/note.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <string>
#include <utility>

#include "core/encoding.h"

namespace accord::ledger {
namespace {

// "Format": every signature line starts with U+2014 (UTF-8 E2 80 94) and a
// space.
constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";

constexpr std::size_t kEd25519SignatureBytes = 64;
// tlog-cosignature "Format": timestamped_signature = u64 timestamp || sig.
constexpr std::size_t kCosignatureBytes = 8 + kEd25519SignatureBytes;
// How many names an error message lists before "and N more".
constexpr std::size_t kMaxNamesInMessage = 16;

// One decoded code point and its length in bytes; length 0 means the bytes
// at that offset are not well-formed UTF-8 (RFC 3629 section 4: no overlong
// forms, no surrogates, nothing above U+10FFFF), as Go's utf8.DecodeRune
// reports with RuneError.
struct Rune {
  char32_t value = 0;
  std::size_t length = 0;
};

Rune DecodeRune(std::string_view text, std::size_t offset) {
  const auto lead = static_cast<unsigned char>(text[offset]);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t value = 0;
  char32_t smallest = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1F;
    smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    value = lead & 0x0F;
    smallest = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07;
    smallest = 0x10000;
  } else {
    return {};  // a continuation byte, 0xC0/0xC1 (always overlong) or 0xF5..0xFF
  }
  if (text.size() - offset < length) return {};
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[offset + k]);
    if ((next & 0xC0) != 0x80) return {};
    value = (value << 6) | (next & 0x3F);
  }
  if (value < smallest || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
  return {value, length};
}

// The Unicode White_Space property (PropList.txt), which is also what Go's
// unicode.IsSpace tests: "Format" forbids these in key names.
bool IsUnicodeSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

std::string HexByte(unsigned value) {
  constexpr char kDigits[] = "0123456789abcdef";
  return {'0', 'x', kDigits[(value >> 4) & 0xF], kDigits[value & 0xF]};
}

std::string CodePoint(char32_t c) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out = "U+";
  const int width = c > 0xFFFF ? 6 : 4;
  for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) out += kDigits[(c >> shift) & 0xF];
  return out;
}

std::string Hex8(std::uint32_t value) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = kDigits[value & 0xF];
  return out;
}

// "Format": valid UTF-8 and no ASCII control character other than newline.
// Fails naming `what` and the offset of the first offending byte.
core::Status CheckNoteCharacters(std::string_view text, std::string_view what) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x80) {  // the common case: printable ASCII
      ++i;
      continue;
    }
    if (byte < 0x20) {
      if (byte == '\n') {
        ++i;
        continue;
      }
      return core::InvalidArgument(std::string(what) + ": control character " + HexByte(byte) +
                                   " at byte " + std::to_string(i));
    }
    const Rune rune = DecodeRune(text, i);
    if (rune.length == 0) {
      return core::InvalidArgument(std::string(what) + ": invalid UTF-8 at byte " +
                                   std::to_string(i));
    }
    i += rune.length;
  }
  return core::Ok();
}

std::uint32_t ReadBigEndian32(std::string_view bytes) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

std::uint64_t ReadBigEndian64(std::string_view bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

bool IsLowerHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::uint32_t ParseHex8(std::string_view hex) {
  std::uint32_t value = 0;
  for (char c : hex) value = (value << 4) | static_cast<std::uint32_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  return value;
}

// A key name cannot contain '+', so in a verifier key "a+b+<id>+<key>" the
// first '+' ends the name too early. If the text after the second '+' holds
// "+<8 lowercase hex>+", the name most likely contained a '+'; returns the
// length of that longer name, or 0.
std::size_t NameWithPlusLength(std::string_view verifier_key, std::size_t second_plus) {
  for (std::size_t p = second_plus; p + 9 < verifier_key.size(); ++p) {
    if (verifier_key[p] == '+' && verifier_key[p + 9] == '+' &&
        IsLowerHex(verifier_key.substr(p + 1, 8))) {
      return p;
    }
  }
  return 0;
}

// `"a+12345678", "b+9abcdef0" and 3 more`, quoting untrusted names.
std::string ListLabels(const std::vector<std::string>& labels) {
  std::string out;
  const std::size_t shown = std::min(labels.size(), kMaxNamesInMessage);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) out += ", ";
    out += core::QuoteForMessage(labels[i], 128);
  }
  if (labels.size() > shown) out += " and " + std::to_string(labels.size() - shown) + " more";
  return out;
}

}  // namespace

std::string NoteKeyLabel(std::string_view name, std::uint32_t key_id) {
  std::string label(name);
  label += '+';
  label += Hex8(key_id);
  return label;
}

core::Status ValidateKeyName(std::string_view name) {
  if (name.empty()) return core::InvalidArgument("key name: empty");
  std::size_t i = 0;
  while (i < name.size()) {
    const Rune rune = DecodeRune(name, i);
    auto fail = [&](std::string reason) {
      return core::InvalidArgument("key name " + core::QuoteForMessage(name) + ": " + reason +
                                   " at byte " + std::to_string(i));
    };
    if (rune.length == 0) return fail("invalid UTF-8");
    if (IsUnicodeSpace(rune.value)) return fail("whitespace " + CodePoint(rune.value));
    if (rune.value < 0x20) return fail("control character " + HexByte(rune.value));
    if (rune.value == '+') return fail("'+'");
    i += rune.length;
  }
  return core::Ok();
}

core::Status ValidateNoteText(std::string_view text) {
  if (text.size() > kMaxNoteBytes) {
    return core::ResourceExhausted("note text: " + std::to_string(text.size()) +
                                   " bytes, more than the limit of " +
                                   std::to_string(kMaxNoteBytes));
  }
  if (text.empty() || text.back() != '\n') {
    return core::InvalidArgument("note text: does not end in a newline");
  }
  return CheckNoteCharacters(text, "note text");
}

std::uint32_t NoteKeyId(std::string_view name, SignatureType type,
                        const core::Ed25519PublicKey& public_key) {
  // "Signatures": key ID = SHA-256(key name || 0x0A || type || public key)[:4].
  std::string input;
  input.reserve(name.size() + 2 + public_key.bytes.size());
  input.append(name);
  input += '\n';
  input += static_cast<char>(type);
  input.append(reinterpret_cast<const char*>(public_key.bytes.data()), public_key.bytes.size());
  const core::Sha256Digest digest = core::Sha256(input);
  return (std::uint32_t{digest[0]} << 24) | (std::uint32_t{digest[1]} << 16) |
         (std::uint32_t{digest[2]} << 8) | std::uint32_t{digest[3]};
}

std::string CosignatureMessage(std::string_view checkpoint_body, std::uint64_t timestamp) {
  // tlog-cosignature "Ed25519 signed message": header line, timestamp line
  // (decimal, no leading zeros: std::to_string writes exactly that), body.
  constexpr std::string_view kHeader = "cosignature/v1\ntime ";
  const std::string time = std::to_string(timestamp);
  std::string message;
  message.reserve(kHeader.size() + time.size() + 1 + checkpoint_body.size());
  message.append(kHeader).append(time).append(1, '\n').append(checkpoint_body);
  return message;
}

// ---------------------------------------------------------------------------
// NoteVerifier

NoteVerifier::NoteVerifier(std::string name, SignatureType type,
                           const core::Ed25519PublicKey& public_key)
    : name_(std::move(name)),
      key_id_(NoteKeyId(name_, type, public_key)),
      type_(type),
      public_key_(public_key) {}

core::Result<NoteVerifier> NoteVerifier::Create(std::string name, SignatureType type,
                                                const core::Ed25519PublicKey& public_key) {
  if (auto valid = ValidateKeyName(name); !valid) return valid.error();
  return NoteVerifier(std::move(name), type, public_key);
}

core::Result<NoteVerifier> NoteVerifier::Parse(std::string_view verifier_key) {
  // signed-note v1.0.0 "Verifier keys": <name>+<hex key ID>+<base64(type ||
  // key)>. Only the first two '+' separate fields: base64 uses '+' itself.
  const std::size_t first = verifier_key.find('+');
  const std::size_t second =
      first == std::string_view::npos ? first : verifier_key.find('+', first + 1);
  if (second == std::string_view::npos) {
    const int fields = first == std::string_view::npos ? 1 : 2;
    return core::InvalidArgument("verifier key: " + std::to_string(fields) +
                                 (fields == 1 ? " field" : " fields") +
                                 ", expected <name>+<key id>+<base64 key>");
  }
  const std::string_view name = verifier_key.substr(0, first);
  const std::string_view hex = verifier_key.substr(first + 1, second - first - 1);
  const std::string_view key_base64 = verifier_key.substr(second + 1);

  if (auto valid = ValidateKeyName(name); !valid) return valid.error().Context("verifier key");
  if (hex.size() != 8 || !IsLowerHex(hex)) {
    if (const std::size_t end = NameWithPlusLength(verifier_key, second); end != 0) {
      return core::InvalidArgument("verifier key: key name " +
                                   core::QuoteForMessage(verifier_key.substr(0, end)) +
                                   ": '+' at byte " + std::to_string(first));
    }
    return core::InvalidArgument("verifier key: key id " + core::QuoteForMessage(hex) +
                                 ": expected 8 lowercase hex digits");
  }
  auto key = core::Base64Decode(key_base64);
  if (!key) return key.error().Context("verifier key: key");
  if (key->empty()) return core::InvalidArgument("verifier key: key: empty");

  const std::uint8_t type_byte = (*key)[0];
  if (type_byte != static_cast<std::uint8_t>(SignatureType::kEd25519) &&
      type_byte != static_cast<std::uint8_t>(SignatureType::kCosignatureV1)) {
    return core::InvalidArgument("verifier key: unknown signature type " + HexByte(type_byte) +
                                 " (accord implements 0x01 Ed25519 and 0x04 cosignature/v1)");
  }
  const auto type = static_cast<SignatureType>(type_byte);
  core::Ed25519PublicKey public_key;
  if (key->size() - 1 != public_key.bytes.size()) {
    return core::InvalidArgument("verifier key: Ed25519 public key is " +
                                 std::to_string(key->size() - 1) + " bytes, expected 32");
  }
  std::copy(key->begin() + 1, key->end(), public_key.bytes.begin());

  NoteVerifier verifier(std::string(name), type, public_key);
  if (verifier.key_id_ != ParseHex8(hex)) {
    return core::InvalidArgument("verifier key: key id " + std::string(hex) +
                                 " does not match the name and key (computed " +
                                 Hex8(verifier.key_id_) + ")");
  }
  return verifier;
}

std::string NoteVerifier::VerifierKey() const {
  std::string material(1, static_cast<char>(type_));
  material.append(reinterpret_cast<const char*>(public_key_.bytes.data()),
                  public_key_.bytes.size());
  return KeyLabel() + "+" + core::Base64Encode(material);
}

core::Result<std::optional<std::uint64_t>> NoteVerifier::Verify(
    std::string_view text, std::string_view signature) const {
  const std::string key = core::QuoteForMessage(KeyLabel(), 128);
  core::Ed25519Signature ed25519{};
  if (type_ == SignatureType::kEd25519) {
    if (signature.size() != kEd25519SignatureBytes) {
      return core::InvalidArgument("signature by key " + key + ": " +
                                   std::to_string(signature.size()) + " bytes, expected 64");
    }
    std::copy(signature.begin(), signature.end(), ed25519.begin());
    if (!core::Ed25519Verify(public_key_, text, ed25519)) {
      return core::InvalidArgument("signature by key " + key + " does not verify");
    }
    return std::optional<std::uint64_t>();
  }

  // tlog-cosignature "Format": timestamped_signature, big-endian u64 first.
  if (signature.size() != kCosignatureBytes) {
    return core::InvalidArgument("cosignature by key " + key + ": " +
                                 std::to_string(signature.size()) +
                                 " bytes, expected 72 (8-byte timestamp, 64-byte Ed25519)");
  }
  const std::uint64_t timestamp = ReadBigEndian64(signature.substr(0, 8));
  if (timestamp > kMaxCosignatureTimestamp) {
    return core::InvalidArgument("cosignature by key " + key + ": timestamp " +
                                 std::to_string(timestamp) + " exceeds 2^63 - 1");
  }
  std::copy(signature.begin() + 8, signature.end(), ed25519.begin());
  if (!core::Ed25519Verify(public_key_, CosignatureMessage(text, timestamp), ed25519)) {
    return core::InvalidArgument("cosignature by key " + key + " does not verify");
  }
  return std::optional<std::uint64_t>(timestamp);
}

// ---------------------------------------------------------------------------
// NoteSigner

core::Result<NoteSigner> NoteSigner::Create(std::string name, SignatureType type,
                                            core::Ed25519PrivateKey private_key) {
  auto verifier = NoteVerifier::Create(std::move(name), type, private_key.public_key());
  if (!verifier) return verifier.error();
  return NoteSigner(std::move(*verifier), std::move(private_key));
}

// ---------------------------------------------------------------------------
// Parsing and encoding

core::Result<NoteSignature> ParseSignatureLine(std::string_view line) {
  if (line.substr(0, kSignaturePrefix.size()) != kSignaturePrefix) {
    return core::InvalidArgument(
        "signature line does not start with U+2014 (em dash) and a space");
  }
  line.remove_prefix(kSignaturePrefix.size());
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) {
    return core::InvalidArgument("signature line: no space between key name and signature");
  }
  const std::string_view name = line.substr(0, space);
  if (auto valid = ValidateKeyName(name); !valid) return valid.error();
  auto bytes = core::Base64Decode(line.substr(space + 1));
  if (!bytes) return bytes.error().Context("signature");
  // "Format": 4 bytes of key ID then the signature. An empty signature is
  // refused, as Go's note.Open does, so both accept the same notes.
  if (bytes->size() < 5) {
    return core::InvalidArgument("signature: " + std::to_string(bytes->size()) +
                                 " bytes, expected a 4-byte key id and at least 1 more");
  }
  const std::string_view raw(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  return NoteSignature{std::string(name), ReadBigEndian32(raw), std::string(raw.substr(4))};
}

core::Result<Note> ParseNote(std::string_view note) {
  if (note.size() > kMaxNoteBytes) {
    return core::ResourceExhausted("note: " + std::to_string(note.size()) +
                                   " bytes, more than the limit of " +
                                   std::to_string(kMaxNoteBytes));
  }
  // "Format": the whole note, signature lines included, is UTF-8 without
  // control characters other than newline.
  if (auto valid = CheckNoteCharacters(note, "note"); !valid) return valid.error();

  // "Format": the text is separated from the signatures by the LAST empty
  // line; the text keeps its final newline.
  const std::size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return core::InvalidArgument("note: no blank line before the signature lines");
  }
  Note parsed;
  parsed.text = std::string(note.substr(0, split + 1));
  std::string_view lines = note.substr(split + 2);
  if (lines.empty()) return core::InvalidArgument("note: no signature lines after the blank line");
  if (lines.back() != '\n') return core::InvalidArgument("note: does not end in a newline");

  // Line numbers count from 1 over the whole note: the text's lines, the
  // blank line, then the signatures.
  std::size_t line_number =
      static_cast<std::size_t>(std::count(parsed.text.begin(), parsed.text.end(), '\n')) + 2;
  while (!lines.empty()) {
    const std::size_t end = lines.find('\n');  // found: `lines` ends in '\n'
    const std::string_view line = lines.substr(0, end);
    lines.remove_prefix(end + 1);
    if (parsed.signatures.size() == kMaxNoteSignatures) {
      return core::ResourceExhausted("note: more than " + std::to_string(kMaxNoteSignatures) +
                                     " signature lines");
    }
    auto signature = ParseSignatureLine(line);
    if (!signature) return signature.error().Context("note: line " + std::to_string(line_number));
    parsed.signatures.push_back(std::move(*signature));
    ++line_number;
  }
  return parsed;
}

std::string EncodeSignatureLine(std::string_view key_name, std::uint32_t key_id,
                                std::string_view signature_bytes) {
  assert(ValidateKeyName(key_name).has_value());
  std::string raw;
  raw.reserve(4 + signature_bytes.size());
  raw += static_cast<char>(key_id >> 24);
  raw += static_cast<char>(key_id >> 16);
  raw += static_cast<char>(key_id >> 8);
  raw += static_cast<char>(key_id);
  raw.append(signature_bytes);
  std::string line(kSignaturePrefix);
  line.append(key_name).append(1, ' ').append(core::Base64Encode(raw)).append(1, '\n');
  return line;
}

std::string EncodeNote(const Note& note) {
  assert(ValidateNoteText(note.text).has_value());
  std::string out = note.text;
  out += '\n';
  for (const NoteSignature& signature : note.signatures) {
    out += EncodeSignatureLine(signature.key_name, signature.key_id, signature.signature_bytes);
  }
  return out;
}

std::string SignNote(std::string_view text, const NoteSigner& signer) {
  assert(signer.type() == SignatureType::kEd25519);
  assert(ValidateNoteText(text).has_value());
  // "Ed25519 signatures": RFC 8032 Ed25519 over the note text, final newline
  // included, blank separator line excluded.
  const core::Ed25519Signature signature = signer.SignBytes(text);
  std::string note(text);
  note += '\n';
  note += EncodeSignatureLine(
      signer.name(), signer.key_id(),
      std::string_view(reinterpret_cast<const char*>(signature.data()), signature.size()));
  return note;
}

// ---------------------------------------------------------------------------
// Verification

core::Result<VerifiedNote> OpenNote(std::string_view note, std::span<const NoteVerifier> known) {
  // "Signatures": the (name, key ID) tuple identifies one key. Two different
  // keys under one tuple would make the outcome depend on which we tried.
  for (std::size_t i = 0; i < known.size(); ++i) {
    for (std::size_t j = i + 1; j < known.size(); ++j) {
      if (known[i].name() == known[j].name() && known[i].key_id() == known[j].key_id() &&
          !(known[i] == known[j])) {
        return core::InvalidArgument("known keys: " +
                                     core::QuoteForMessage(known[i].KeyLabel(), 128) +
                                     " names two different keys");
      }
    }
  }

  auto parsed = ParseNote(note);
  if (!parsed) return std::move(parsed).error();

  VerifiedNote result;
  result.text = std::move(parsed->text);
  const std::size_t first_line =
      static_cast<std::size_t>(std::count(result.text.begin(), result.text.end(), '\n')) + 2;
  for (std::size_t i = 0; i < parsed->signatures.size(); ++i) {
    NoteSignature& signature = parsed->signatures[i];
    const auto verifier = std::find_if(known.begin(), known.end(), [&](const NoteVerifier& v) {
      return v.name() == signature.key_name && v.key_id() == signature.key_id;
    });
    if (verifier == known.end()) {
      // "Signatures": unknown keys are ignored, even when the name or the ID
      // alone matches a known key. Identical lines are reported once.
      if (std::find(result.ignored.begin(), result.ignored.end(), signature) ==
          result.ignored.end()) {
        result.ignored.push_back(std::move(signature));
      }
      continue;
    }
    // "Signatures": a known key's signature MUST be verified, and one that
    // fails SHOULD reject the note; accord always rejects it. Every line is
    // checked, repeated ones too, so no unverified bytes pass as signed.
    auto timestamp = verifier->Verify(result.text, signature.signature_bytes);
    if (!timestamp) {
      return timestamp.error().Context("note: line " + std::to_string(first_line + i));
    }
    const bool seen = std::any_of(result.verified.begin(), result.verified.end(),
                                  [&](const VerifiedSignature& v) {
                                    return v.key_name == signature.key_name &&
                                           v.key_id == signature.key_id;
                                  });
    if (!seen) {
      result.verified.push_back(
          {std::move(signature.key_name), signature.key_id, verifier->type(), *timestamp});
    }
  }

  if (result.verified.empty()) {
    // "Signatures": if no known key's signature verifies, the note MUST be
    // rejected. Say which keys were expected and which signed, so that an
    // operator can spot a rotated key or a misconfigured name.
    std::vector<std::string> known_labels;
    for (const NoteVerifier& verifier : known) known_labels.push_back(verifier.KeyLabel());
    std::vector<std::string> present;
    for (const NoteSignature& signature : result.ignored) {
      std::string label = NoteKeyLabel(signature.key_name, signature.key_id);
      if (std::find(present.begin(), present.end(), label) == present.end()) {
        present.push_back(std::move(label));
      }
    }
    return core::InvalidArgument(
        "note: not signed by any known key (known: " +
        (known_labels.empty() ? std::string("none") : ListLabels(known_labels)) +
        "; signed by: " + ListLabels(present) + ")");
  }
  return result;
}

}  // namespace accord::ledger
