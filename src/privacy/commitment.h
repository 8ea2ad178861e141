// Salted commitments to what stays confidential (DESIGN.md, "the log is the
// source of truth"): a report's public form carries, in place of each field
// above TLP:CLEAR, a digest that binds the log to the field's exact value
// without revealing it. The submitter keeps the salt; showing the value and
// the salt to anyone later proves that the log committed to exactly that
// value at that time.
//
// The construction ("sha256-salted-v1"):
//   digest = SHA-256( "accord-commitment/v1" || 0x00 || salt || value )
// where salt is 32 bytes from the CSPRNG and value is the RFC 8785
// canonical JSON of the field (so every implementation commits to the same
// bytes). Why each part:
//   - the domain tag and its 0x00 terminator keep a commitment from ever
//     equalling another accord hash (a Merkle leaf or node of RFC 9162, which
//     starts with 0x00 or 0x01 directly) or a commitment of a later version;
//     the tag contains no 0x00, so the split of the input is unambiguous;
//   - the salt is fixed-length (32 bytes, 256 bits), so salt and value are
//     split unambiguously too, and it makes the digest hiding: many
//     confidential values have low entropy ("deaths": 0..10, a state code,
//     a sector), and without a secret salt anyone could hash every candidate
//     and read the value off the log;
//   - SHA-256's collision resistance makes it binding: the submitter cannot
//     later open the digest to a different value.
// Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/crypto.h"
#include "core/json_value.h"
#include "core/result.h"

namespace accord::privacy {

// The name of the construction above, as the public form writes it.
inline constexpr std::string_view kCommitmentAlgorithm = "sha256-salted-v1";
// The domain tag; followed by one 0x00 byte in the hashed input.
inline constexpr std::string_view kCommitmentDomain = "accord-commitment/v1";

using CommitmentSalt = std::array<std::uint8_t, 32>;

struct Commitment {
  core::Sha256Digest digest{};
  CommitmentSalt salt{};  // secret: returned to the submitter, never published
};

// The digest of `canonical_value` under `salt` (deterministic; for verifying
// and for tests with fixed salts).
core::Sha256Digest CommitmentDigest(const CommitmentSalt& salt, std::string_view canonical_value);

// A commitment to `canonical_value` with a fresh random salt. Fails with
// kUnavailable when the CSPRNG cannot give bytes (core::RandomBytes).
core::Result<Commitment> Commit(std::string_view canonical_value);

// Whether `digest` commits to `canonical_value` under `salt`.
bool VerifyCommitment(const core::Sha256Digest& digest, const CommitmentSalt& salt,
                      std::string_view canonical_value);

// Encodings: lower-case hex (64 characters for either) and padded base64.
std::string DigestHex(const core::Sha256Digest& digest);
std::string SaltHex(const CommitmentSalt& salt);
std::string SaltBase64(const CommitmentSalt& salt);
// Decoders; kInvalidArgument naming the offset, or the length when it is
// not exactly 32 bytes.
core::Result<core::Sha256Digest> ParseDigestHex(std::string_view hex);
core::Result<CommitmentSalt> ParseSaltHex(std::string_view hex);
core::Result<CommitmentSalt> ParseSaltBase64(std::string_view base64);

// The object a public form holds in place of a confidential value:
// {"alg": "sha256-salted-v1", "commitment": "<64 hex>"}.
core::JsonValue CommitmentJson(const core::Sha256Digest& digest);

// The digest of an object CommitmentJson wrote, or kInvalidArgument when
// `value` is not exactly such an object (other alg, extra members, bad hex).
core::Result<core::Sha256Digest> ParseCommitmentJson(const core::JsonValue& value);

}  // namespace accord::privacy
