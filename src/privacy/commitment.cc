#include "privacy/commitment.h"

#include <span>
#include <utility>

#include "core/encoding.h"
#include "core/error.h"

namespace accord::privacy {

core::Sha256Digest CommitmentDigest(const CommitmentSalt& salt,
                                    std::string_view canonical_value) {
  core::Sha256Hasher hasher;
  hasher.Update(kCommitmentDomain).Update(std::uint8_t{0});
  hasher.Update(std::span<const std::uint8_t>(salt)).Update(canonical_value);
  return hasher.Finish();
}

core::Result<Commitment> Commit(std::string_view canonical_value) {
  Commitment commitment;
  if (auto random = core::RandomBytes(commitment.salt); !random) {
    return random.error().Context("commitment salt");
  }
  commitment.digest = CommitmentDigest(commitment.salt, canonical_value);
  return commitment;
}

bool VerifyCommitment(const core::Sha256Digest& digest, const CommitmentSalt& salt,
                      std::string_view canonical_value) {
  // Neither the digest nor the candidate is secret from the verifier, so a
  // plain comparison leaks nothing.
  return CommitmentDigest(salt, canonical_value) == digest;
}

std::string DigestHex(const core::Sha256Digest& digest) {
  return core::HexEncode(digest);
}

std::string SaltHex(const CommitmentSalt& salt) {
  return core::HexEncode(salt);
}

std::string SaltBase64(const CommitmentSalt& salt) {
  return core::Base64Encode(salt);
}

core::Result<core::Sha256Digest> ParseDigestHex(std::string_view hex) {
  core::Sha256Digest digest;
  if (auto decoded = core::HexDecodeInto(hex, digest); !decoded) {
    return decoded.error().Context("commitment digest");
  }
  return digest;
}

core::Result<CommitmentSalt> ParseSaltHex(std::string_view hex) {
  CommitmentSalt salt;
  if (auto decoded = core::HexDecodeInto(hex, salt); !decoded) {
    return decoded.error().Context("commitment salt");
  }
  return salt;
}

core::Result<CommitmentSalt> ParseSaltBase64(std::string_view base64) {
  auto decoded = core::Base64Decode(base64);
  if (!decoded) return decoded.error().Context("commitment salt");
  if (decoded->size() != CommitmentSalt{}.size()) {
    return core::InvalidArgument("commitment salt: " + std::to_string(decoded->size()) +
                                 " bytes, expected 32");
  }
  CommitmentSalt salt;
  std::copy(decoded->begin(), decoded->end(), salt.begin());
  return salt;
}

core::JsonValue CommitmentJson(const core::Sha256Digest& digest) {
  return core::JsonValue::Object({
      {"alg", core::JsonValue::String(std::string(kCommitmentAlgorithm))},
      {"commitment", core::JsonValue::String(DigestHex(digest))},
  });
}

core::Result<core::Sha256Digest> ParseCommitmentJson(const core::JsonValue& value) {
  if (value.type() != core::JsonType::kObject || value.AsObject().size() != 2) {
    return core::InvalidArgument("commitment: expected an object with alg and commitment");
  }
  const core::JsonValue* alg = value.Find("alg");
  const core::JsonValue* commitment = value.Find("commitment");
  if (alg == nullptr || alg->type() != core::JsonType::kString ||
      alg->AsString() != kCommitmentAlgorithm) {
    return core::InvalidArgument("commitment: alg is not \"sha256-salted-v1\"");
  }
  if (commitment == nullptr || commitment->type() != core::JsonType::kString) {
    return core::InvalidArgument("commitment: member commitment is not a string");
  }
  return ParseDigestHex(commitment->AsString());
}

}  // namespace accord::privacy
