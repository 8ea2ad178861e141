#include "core/key_file.h"

#include <string.h>  // explicit_bzero

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

#include "core/encoding.h"
#include "core/file_io.h"

// The DER of an Ed25519 key is a fixed, tiny structure (RFC 8410), so it is
// read here by hand rather than through OpenSSL's ASN.1 decoder: OpenSSL 3.0
// rejects the RFC 5958 version 2 form (with the public key) that Bouncy
// Castle writes, hand-written code names the exact byte that is wrong, and
// the fuzzer sees every branch. Strict DER only: definite, minimal lengths.
namespace accord::core {
namespace {

constexpr std::size_t kRawKeyBytes = 32;
constexpr std::string_view kBeginMarker = "-----BEGIN ";
constexpr std::string_view kEndMarker = "-----END ";
constexpr std::string_view kDashes = "-----";
constexpr std::string_view kPrivateKeyLabel = "PRIVATE KEY";
constexpr std::string_view kPublicKeyLabel = "PUBLIC KEY";
// RFC 7468 section 2: generators wrap base64 lines at 64 characters.
constexpr std::size_t kPemLineLength = 64;

// DER tags (X.690 section 8).
constexpr std::uint8_t kTagInteger = 0x02;
constexpr std::uint8_t kTagBitString = 0x03;
constexpr std::uint8_t kTagOctetString = 0x04;
constexpr std::uint8_t kTagObjectId = 0x06;
constexpr std::uint8_t kTagSequence = 0x30;
constexpr std::uint8_t kTagAttributes = 0xa0;  // [0] IMPLICIT, constructed (RFC 5958)
constexpr std::uint8_t kTagPublicKey = 0x81;   // [1] IMPLICIT BIT STRING, primitive

// id-Ed25519 = 1.3.101.112 (RFC 8410 section 3), as DER contents.
constexpr std::array<std::uint8_t, 3> kEd25519Oid = {0x2b, 0x65, 0x70};

// The fixed DER of an Ed25519 key minus its 32 key bytes: RFC 8410 section 7
// (OneAsymmetricKey v1: version 0, algorithm 1.3.101.112 without
// parameters, privateKey = OCTET STRING { OCTET STRING (32) }) and section 4
// (SubjectPublicKeyInfo with a 256-bit BIT STRING). One fixed encoding, the
// one `openssl genpkey` and `openssl pkey -pubout` write.
constexpr std::array<std::uint8_t, 16> kPkcs8Prefix = {
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
constexpr std::array<std::uint8_t, 12> kSpkiPrefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                                      0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

// Wipes a buffer that held key material before it is freed.
void Wipe(void* data, std::size_t size) {
  if (size > 0) explicit_bzero(data, size);
}

std::string Hex2(std::uint8_t byte) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", byte);
  return text;
}

// Reads DER TLVs from a buffer. Offsets in messages count from the start of
// the whole structure, so "at byte 12" can be found in `openssl asn1parse`.
class DerReader {
 public:
  DerReader(std::span<const std::uint8_t> data, std::size_t base) : data_(data), base_(base) {}

  bool AtEnd() const { return position_ == data_.size(); }
  std::optional<std::uint8_t> PeekTag() const {
    if (AtEnd()) return std::nullopt;
    return data_[position_];
  }
  std::size_t offset() const { return base_ + position_; }

  // Reads one element with tag `tag` and returns a reader over its contents.
  Result<DerReader> Read(std::uint8_t tag, std::string_view what) {
    const std::size_t start = offset();
    if (AtEnd()) return Fail(start, "expected " + std::string(what) + ", found the end");
    if (data_[position_] != tag)
      return Fail(start, "expected " + std::string(what) + " (tag " + Hex2(tag) + "), found tag " +
                             Hex2(data_[position_]));
    ++position_;
    auto length = ReadLength();
    if (!length) return length.error();
    if (*length > data_.size() - position_)
      return Fail(start, std::string(what) + " of " + std::to_string(*length) +
                             " bytes runs past the end (truncated)");
    DerReader contents(data_.subspan(position_, *length), base_ + position_);
    position_ += *length;
    return contents;
  }

  std::span<const std::uint8_t> bytes() const { return data_; }

  static Error Fail(std::size_t at, const std::string& reason) {
    return InvalidArgument("DER at byte " + std::to_string(at) + ": " + reason);
  }

 private:
  // X.690 section 8.1.3 with the DER rules of section 10.1: the short form
  // below 128, else the fewest length bytes with no leading zero. Key files
  // are small, so two length bytes are the most accepted.
  Result<std::size_t> ReadLength() {
    const std::size_t start = offset();
    if (AtEnd()) return Fail(start, "length is missing (truncated)");
    const std::uint8_t first = data_[position_++];
    if (first < 0x80) return std::size_t{first};
    if (first == 0x80) return Fail(start, "indefinite length is not DER");
    const std::size_t count = first & 0x7f;
    if (count > 2) return Fail(start, "length of " + std::to_string(count) + " bytes is too large");
    if (data_.size() - position_ < count) return Fail(start, "length is truncated");
    std::size_t length = 0;
    for (std::size_t i = 0; i < count; ++i) length = (length << 8) | data_[position_++];
    if (length < 0x80 || (count == 2 && length < 0x100))
      return Fail(start, "length " + std::to_string(length) + " is not minimally encoded");
    return length;
  }

  std::span<const std::uint8_t> data_;
  std::size_t base_;
  std::size_t position_ = 0;
};

// Dotted text of an OBJECT IDENTIFIER's contents (X.690 section 8.19), or
// nullopt if they are malformed.
std::optional<std::string> OidText(std::span<const std::uint8_t> contents) {
  if (contents.empty() || contents.back() & 0x80) return std::nullopt;
  std::string text;
  std::uint64_t value = 0;
  bool first = true;
  for (std::size_t i = 0; i < contents.size(); ++i) {
    if (value == 0 && contents[i] == 0x80) return std::nullopt;  // non-minimal
    if (value > (UINT64_MAX >> 7)) return std::nullopt;
    value = (value << 7) | (contents[i] & 0x7f);
    if (contents[i] & 0x80) continue;
    if (first) {
      const std::uint64_t arc = value < 40 ? 0 : (value < 80 ? 1 : 2);
      text = std::to_string(arc) + "." + std::to_string(value - 40 * arc);
      first = false;
    } else {
      text += "." + std::to_string(value);
    }
    value = 0;
  }
  return text;
}

// "an RSA key" for an algorithm OID: the kind of key a user should recognise.
std::string DescribeAlgorithm(std::span<const std::uint8_t> oid) {
  struct Known {
    std::string_view dotted;
    std::string_view description;
  };
  static constexpr Known kKnown[] = {
      {"1.2.840.113549.1.1.1", "an RSA key"}, {"1.2.840.113549.1.1.10", "an RSA-PSS key"},
      {"1.2.840.10045.2.1", "an EC key"},     {"1.2.840.10040.4.1", "a DSA key"},
      {"1.2.840.113549.1.3.1", "a DH key"},   {"1.3.101.113", "an Ed448 key"},
      {"1.3.101.110", "an X25519 key"},       {"1.3.101.111", "an X448 key"},
  };
  const auto dotted = OidText(oid);
  if (!dotted) return "a key with a malformed algorithm OID";
  for (const auto& known : kKnown)
    if (known.dotted == *dotted) return std::string(known.description);
  return "a key with algorithm OID " + *dotted;
}

// Reads AlgorithmIdentifier (RFC 5280 section 4.1.1.2) and requires Ed25519
// without parameters (RFC 8410 section 3: "the parameters MUST be absent").
Status ReadEd25519Algorithm(DerReader& outer) {
  auto algorithm = outer.Read(kTagSequence, "AlgorithmIdentifier SEQUENCE");
  if (!algorithm) return algorithm.error();
  auto oid = algorithm->Read(kTagObjectId, "algorithm OBJECT IDENTIFIER");
  if (!oid) return oid.error();
  const auto oid_bytes = oid->bytes();
  if (!std::equal(oid_bytes.begin(), oid_bytes.end(), kEd25519Oid.begin(), kEd25519Oid.end()))
    return InvalidArgument("PEM holds " + DescribeAlgorithm(oid_bytes) + ", expected Ed25519");
  if (!algorithm->AtEnd())
    return DerReader::Fail(algorithm->offset(),
                           "Ed25519 algorithm has parameters; RFC 8410 section 3 requires "
                           "them absent");
  return Ok();
}

// Reads a BIT STRING holding a 32-byte key: no unused bits, 32 bytes.
Result<Ed25519PublicKey> ReadPublicKeyBits(DerReader& bits, std::string_view what) {
  const auto contents = bits.bytes();
  if (contents.size() != 1 + kRawKeyBytes || contents[0] != 0)
    return DerReader::Fail(bits.offset(), std::string(what) + " is " +
                                              std::to_string(contents.size()) +
                                              " bytes, expected 33 (0 unused bits + 32)");
  Ed25519PublicKey key;
  std::copy(contents.begin() + 1, contents.end(), key.bytes.begin());
  return key;
}

// OneAsymmetricKey, RFC 5958 section 2, for Ed25519 (RFC 8410 section 7):
//   SEQUENCE { version INTEGER (0 | 1), AlgorithmIdentifier,
//              privateKey OCTET STRING { CurvePrivateKey OCTET STRING (32) },
//              [0] attributes OPTIONAL, [1] publicKey BIT STRING OPTIONAL }
Result<Ed25519PrivateKey> PrivateKeyFromPkcs8(std::span<const std::uint8_t> der) {
  DerReader file(der, 0);
  auto key_info = file.Read(kTagSequence, "PKCS#8 SEQUENCE");
  if (!key_info) return key_info.error();
  if (!file.AtEnd())
    return DerReader::Fail(file.offset(), std::to_string(der.size() - file.offset()) +
                                              " bytes after the PKCS#8 structure");
  auto version = key_info->Read(kTagInteger, "version INTEGER");
  if (!version) return version.error();
  const auto version_bytes = version->bytes();
  if (version_bytes.size() != 1 || version_bytes[0] > 1)
    return DerReader::Fail(version->offset(), "PKCS#8 version is not 0 (v1) or 1 (v2)");
  const bool is_v2 = version_bytes[0] == 1;

  if (auto algorithm = ReadEd25519Algorithm(*key_info); !algorithm) return algorithm.error();

  auto private_key = key_info->Read(kTagOctetString, "privateKey OCTET STRING");
  if (!private_key) return private_key.error();
  auto seed = private_key->Read(kTagOctetString, "CurvePrivateKey OCTET STRING");
  if (!seed) return seed.error();
  if (!private_key->AtEnd())
    return DerReader::Fail(private_key->offset(), "bytes after the CurvePrivateKey");
  if (seed->bytes().size() != kRawKeyBytes)
    return DerReader::Fail(
        seed->offset(),
        "Ed25519 private key is " + std::to_string(seed->bytes().size()) + " bytes, expected 32");

  if (key_info->PeekTag() == kTagAttributes) {
    // Attributes carry nothing accord uses (e.g. a friendly name); skip them.
    if (auto attributes = key_info->Read(kTagAttributes, "attributes"); !attributes)
      return attributes.error();
  }
  std::optional<Ed25519PublicKey> embedded_public_key;
  if (key_info->PeekTag() == kTagPublicKey) {
    if (!is_v2)
      return DerReader::Fail(key_info->offset(),
                             "publicKey present in a version 0 key (RFC 5958 requires v2)");
    auto bits = key_info->Read(kTagPublicKey, "publicKey");
    if (!bits) return bits.error();
    auto public_key = ReadPublicKeyBits(*bits, "publicKey");
    if (!public_key) return public_key.error();
    embedded_public_key = *public_key;
  }
  if (!key_info->AtEnd())
    return DerReader::Fail(
        key_info->offset(),
        "unexpected field with tag " + Hex2(*key_info->PeekTag()) + " in the PKCS#8 structure");

  auto key = Ed25519PrivateKey::FromSeed(
      std::span<const std::uint8_t, kRawKeyBytes>(seed->bytes().data(), kRawKeyBytes));
  if (!key) return key.error();
  // A public key that does not belong to the seed means a damaged or forged
  // file: signing with the seed would not match what the file claims.
  if (embedded_public_key && !(*embedded_public_key == key->public_key()))
    return InvalidArgument("PKCS#8 publicKey does not match the private key");
  return key;
}

// SubjectPublicKeyInfo, RFC 5280 section 4.1, for Ed25519 (RFC 8410
// section 4): SEQUENCE { AlgorithmIdentifier, subjectPublicKey BIT STRING }.
Result<Ed25519PublicKey> PublicKeyFromSpki(std::span<const std::uint8_t> der) {
  DerReader file(der, 0);
  auto info = file.Read(kTagSequence, "SubjectPublicKeyInfo SEQUENCE");
  if (!info) return info.error();
  if (!file.AtEnd())
    return DerReader::Fail(file.offset(), std::to_string(der.size() - file.offset()) +
                                              " bytes after the SubjectPublicKeyInfo");
  if (auto algorithm = ReadEd25519Algorithm(*info); !algorithm) return algorithm.error();
  auto bits = info->Read(kTagBitString, "subjectPublicKey BIT STRING");
  if (!bits) return bits.error();
  auto key = ReadPublicKeyBits(*bits, "subjectPublicKey");
  if (!key) return key.error();
  if (!info->AtEnd()) return DerReader::Fail(info->offset(), "bytes after the subjectPublicKey");
  return key;
}

// Offset of `marker` at the start of a line, or npos.
std::size_t FindLineStart(std::string_view text, std::string_view marker, std::size_t from) {
  for (std::size_t at = text.find(marker, from); at != std::string_view::npos;
       at = text.find(marker, at + 1)) {
    if (at == 0 || text[at - 1] == '\n') return at;
  }
  return std::string_view::npos;
}

bool IsPemWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// The line starting at `start`, without its line ending or trailing blanks
// (RFC 7468 section 3 lets a lax parser ignore them).
std::string_view LineAt(std::string_view text, std::size_t start) {
  std::size_t end = std::min(text.find('\n', start), text.size());
  while (end > start && (text[end - 1] == '\r' || text[end - 1] == ' ' || text[end - 1] == '\t'))
    --end;
  return text.substr(start, end - start);
}

// The error for a PEM label that is not the one expected.
Error WrongLabel(std::string_view label, std::string_view expected) {
  if (label == "ENCRYPTED PRIVATE KEY")
    return InvalidArgument(
        "PEM holds an encrypted private key; accord reads unencrypted PKCS#8 (decrypt it "
        "with: openssl pkey -in <file> -out <new file>)");
  if (label == "RSA PRIVATE KEY" || label == "RSA PUBLIC KEY")
    return InvalidArgument("PEM holds an RSA key, expected Ed25519");
  if (label == "EC PRIVATE KEY") return InvalidArgument("PEM holds an EC key, expected Ed25519");
  if (label == "DSA PRIVATE KEY") return InvalidArgument("PEM holds a DSA key, expected Ed25519");
  if (label == "OPENSSH PRIVATE KEY")
    return InvalidArgument(
        "PEM holds an OpenSSH private key, expected PKCS#8 \"PRIVATE KEY\" (convert it with: "
        "ssh-keygen -p -m PKCS8 -f <file>)");
  if (label == kPublicKeyLabel && expected == kPrivateKeyLabel)
    return InvalidArgument("PEM holds a public key, expected a private key");
  if (label == kPrivateKeyLabel && expected == kPublicKeyLabel)
    return InvalidArgument(
        "PEM holds a private key, expected a public key (derive it with: openssl pkey -in "
        "<file> -pubout)");
  return InvalidArgument("PEM label " + QuoteForMessage(label) + ", expected " +
                         QuoteForMessage(expected));
}

// Decoded DER of a private or public key. Move-only; wiped on destruction,
// since for a private key it holds the seed.
struct SecretBytes {
  SecretBytes() = default;
  SecretBytes(SecretBytes&&) = default;
  SecretBytes& operator=(SecretBytes&&) = default;
  ~SecretBytes() { Wipe(bytes.data(), bytes.size()); }
  std::vector<std::uint8_t> bytes;
};

// Reads the one PEM block of `text` (RFC 7468) and returns its DER: a BEGIN
// line, base64 lines, the matching END line. Text before and after is
// allowed (section 2); a second block is not, since a key file with two keys
// is ambiguous. The label is checked against `expected_label` before the
// body is decoded, so that an RSA or OpenSSH key is named as such.
// REQUIRES: `text` has a BEGIN marker at a line start.
Result<SecretBytes> ReadPem(std::string_view text, std::string_view expected_label) {
  const std::size_t begin = FindLineStart(text, kBeginMarker, 0);
  const std::string_view begin_line = LineAt(text, begin);
  const std::size_t label_start = kBeginMarker.size();
  const std::size_t label_end = begin_line.find(kDashes, label_start);
  if (label_end == std::string_view::npos) {
    if (text.find('\n', begin) == std::string_view::npos)
      return InvalidArgument("PEM is truncated in the BEGIN line");
    return InvalidArgument("PEM BEGIN line at byte " + std::to_string(begin) +
                           " does not end with \"-----\"");
  }
  if (label_end + kDashes.size() != begin_line.size())
    return InvalidArgument("PEM BEGIN line at byte " + std::to_string(begin) +
                           " has text after \"-----\"");
  const std::string_view label = begin_line.substr(label_start, label_end - label_start);
  const std::string end_line = std::string(kEndMarker) + std::string(label) + std::string(kDashes);
  const std::size_t body_start = std::min(text.find('\n', begin), text.size());

  const std::size_t end = FindLineStart(text, kEndMarker, body_start);
  if (end == std::string_view::npos)
    return InvalidArgument("PEM is truncated: no " + QuoteForMessage(end_line) + " line");
  const std::string_view found_end_line = LineAt(text, end);
  if (found_end_line != end_line) {
    if (text.find('\n', end) == std::string_view::npos &&
        std::string_view(end_line).starts_with(found_end_line))
      return InvalidArgument("PEM is truncated in the END line");
    return InvalidArgument("PEM BEGIN label " + QuoteForMessage(label) + " does not match " +
                           QuoteForMessage(found_end_line));
  }
  if (FindLineStart(text, kBeginMarker, end) != std::string_view::npos)
    return InvalidArgument("file holds more than one PEM block");
  if (label != expected_label) return WrongLabel(label, expected_label);

  // The body: base64 split into lines. RFC 7468 section 3 lets parsers skip
  // whitespace anywhere in it; the base64 itself must be canonical.
  std::string base64;
  base64.reserve(end - body_start);
  for (std::size_t i = body_start; i < end; ++i) {
    const char c = text[i];
    if (IsPemWhitespace(c)) continue;
    if (c == ':')
      return InvalidArgument("PEM has header lines at byte " + std::to_string(i) +
                             " (a legacy encrypted key?); expected unencrypted PKCS#8");
    base64.push_back(c);
  }
  auto der = Base64Decode(base64);
  Wipe(base64.data(), base64.size());
  if (!der) return der.error().Context("PEM body");
  if (der->empty()) return InvalidArgument("PEM body is empty");
  SecretBytes result;
  result.bytes = std::move(*der);
  return result;
}

// The message for contents that are neither PEM nor a raw key.
Error NotAKey(std::string_view contents) {
  std::string message = "not PEM and not " + std::to_string(kRawKeyBytes) + " raw bytes (got " +
                        std::to_string(contents.size()) + " bytes)";
  if (contents.size() == kRawKeyBytes + 1 && contents.back() == '\n')
    message += "; a raw key file must not end with a newline";
  return InvalidArgument(std::move(message));
}

bool LooksLikePem(std::string_view contents) {
  return FindLineStart(contents, kBeginMarker, 0) != std::string_view::npos;
}

std::string PemOf(std::string_view label, std::span<const std::uint8_t> der) {
  std::string base64 = Base64Encode(der);
  std::string pem;
  pem.reserve(base64.size() + 2 * label.size() + 40);
  pem.append(kBeginMarker).append(label).append(kDashes).append("\n");
  for (std::size_t at = 0; at < base64.size(); at += kPemLineLength)
    pem.append(base64, at, kPemLineLength).append("\n");
  pem.append(kEndMarker).append(label).append(kDashes).append("\n");
  Wipe(base64.data(), base64.size());
  return pem;
}

std::string PathText(const std::filesystem::path& path) {
  return path.string();
}

enum class KeyKind { kPrivate, kPublic };

// Checks that `path` is a regular file (following links, as the read will)
// and, for a private key, that only its owner may access it. ssh refuses
// group- or world-accessible private keys the same way.
Status CheckKeyFile(const std::filesystem::path& path, KeyKind kind) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) return NotFound("does not exist");
  if (error) return Unavailable("stat: " + error.message());
  if (status.type() != std::filesystem::file_type::regular)
    return InvalidArgument("is not a regular file");
  const auto mode = static_cast<unsigned>(status.permissions()) & 0777u;
  if (kind == KeyKind::kPrivate && (mode & 077u) != 0) {
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", mode);
    return PermissionDenied(std::string("permissions ") + octal +
                            " are too open: group or others may access the private key; "
                            "run: chmod 600 " +
                            PathText(path));
  }
  return Ok();
}

}  // namespace

Result<Ed25519PrivateKey> ParsePrivateKey(std::string_view file_contents) {
  // PEM is tried first: a 32-byte prefix of a PEM file must not be taken for
  // a raw seed.
  if (LooksLikePem(file_contents)) {
    auto der = ReadPem(file_contents, kPrivateKeyLabel);
    if (!der) return der.error();
    return PrivateKeyFromPkcs8(der->bytes);
  }
  if (file_contents.size() == kRawKeyBytes)
    return Ed25519PrivateKey::FromSeed(std::span<const std::uint8_t, kRawKeyBytes>(
        reinterpret_cast<const std::uint8_t*>(file_contents.data()), kRawKeyBytes));
  return NotAKey(file_contents);
}

std::string EncodePrivateKeyPem(const Ed25519PrivateKey& key) {
  std::array<std::uint8_t, kPkcs8Prefix.size() + kRawKeyBytes> der;
  std::copy(kPkcs8Prefix.begin(), kPkcs8Prefix.end(), der.begin());
  std::array<std::uint8_t, kRawKeyBytes> seed = key.seed();
  std::copy(seed.begin(), seed.end(), der.begin() + kPkcs8Prefix.size());
  std::string pem = PemOf(kPrivateKeyLabel, der);
  Wipe(der.data(), der.size());
  Wipe(seed.data(), seed.size());
  return pem;
}

Result<Ed25519PublicKey> ParsePublicKey(std::string_view file_contents) {
  if (LooksLikePem(file_contents)) {
    auto der = ReadPem(file_contents, kPublicKeyLabel);
    if (!der) return der.error();
    return PublicKeyFromSpki(der->bytes);
  }
  if (file_contents.size() == kRawKeyBytes) {
    Ed25519PublicKey key;
    std::copy(file_contents.begin(), file_contents.end(), key.bytes.begin());
    return key;
  }
  return NotAKey(file_contents);
}

std::string EncodePublicKeyPem(const Ed25519PublicKey& key) {
  std::array<std::uint8_t, kSpkiPrefix.size() + kRawKeyBytes> der;
  std::copy(kSpkiPrefix.begin(), kSpkiPrefix.end(), der.begin());
  std::copy(key.bytes.begin(), key.bytes.end(), der.begin() + kSpkiPrefix.size());
  return PemOf(kPublicKeyLabel, der);
}

Result<Ed25519PrivateKey> ReadPrivateKeyFile(const std::filesystem::path& path) {
  const std::string context = "key file " + PathText(path);
  if (auto checked = CheckKeyFile(path, KeyKind::kPrivate); !checked)
    return checked.error().Context(context);
  auto contents = ReadFile(path, kMaxKeyFileBytes);
  if (!contents) return contents.error().Context(context);
  auto key = ParsePrivateKey(*contents);
  Wipe(contents->data(), contents->size());
  if (!key) return key.error().Context(context);
  return key;
}

Status WritePrivateKeyFile(const std::filesystem::path& path, const Ed25519PrivateKey& key) {
  std::string pem = EncodePrivateKeyPem(key);
  Status written = CreateFileExclusively(path, pem, FileMode::kPrivate);
  Wipe(pem.data(), pem.size());
  if (!written) return written.error().Context("write key file " + PathText(path));
  return Ok();
}

Result<Ed25519PublicKey> ReadPublicKeyFile(const std::filesystem::path& path) {
  const std::string context = "public key file " + PathText(path);
  if (auto checked = CheckKeyFile(path, KeyKind::kPublic); !checked)
    return checked.error().Context(context);
  auto contents = ReadFile(path, kMaxKeyFileBytes);
  if (!contents) return contents.error().Context(context);
  auto key = ParsePublicKey(*contents);
  if (!key) return key.error().Context(context);
  return key;
}

}  // namespace accord::core
