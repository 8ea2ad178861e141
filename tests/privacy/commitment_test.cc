#include "privacy/commitment.h"

#include <string>

#include <gtest/gtest.h>

#include "core/canonical_json.h"

namespace accord::privacy {
namespace {

CommitmentSalt CountingSalt() {
  CommitmentSalt salt;
  for (std::size_t i = 0; i < salt.size(); ++i) salt[i] = static_cast<std::uint8_t>(i);
  return salt;
}

// Expected digests computed independently with Python's hashlib:
//   sha256(b"accord-commitment/v1\x00" + bytes(range(32)) + b'{"deaths":3}')
TEST(CommitmentTest, DigestFollowsTheDocumentedConstruction) {
  EXPECT_EQ(DigestHex(CommitmentDigest(CountingSalt(), R"({"deaths":3})")),
            "e2df7fb225466899286c0ee7be00b29cab93573c7e9a84f1cec345509a292f3f");
  //   sha256(b"accord-commitment/v1\x00" + bytes(32))
  EXPECT_EQ(DigestHex(CommitmentDigest(CommitmentSalt{}, "")),
            "fbf6a43eb93ad2dd5f92e814b2e669b36bb4bbf0096a7182502c15588614fc1b");
}

TEST(CommitmentTest, VerifiesWithTheRightSaltAndValueOnly) {
  auto commitment = Commit("3");
  ASSERT_TRUE(commitment.has_value());
  EXPECT_TRUE(VerifyCommitment(commitment->digest, commitment->salt, "3"));
  EXPECT_FALSE(VerifyCommitment(commitment->digest, commitment->salt, "4"));
  CommitmentSalt wrong = commitment->salt;
  wrong[31] ^= 1;
  EXPECT_FALSE(VerifyCommitment(commitment->digest, wrong, "3"));
}

TEST(CommitmentTest, EachCommitmentDrawsAFreshSaltSoEqualValuesLookDifferent) {
  auto first = Commit("0");
  auto second = Commit("0");
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_NE(first->salt, second->salt);
  EXPECT_NE(first->digest, second->digest);
}

TEST(CommitmentTest, DigestIsNotThePlainOrUnseparatedHash) {
  // Without the domain tag (or without the salt) a low-entropy value could
  // be guessed by hashing candidates; the construction must differ from both.
  const std::string value = "3";
  EXPECT_NE(CommitmentDigest(CommitmentSalt{}, value), core::Sha256(value));
  std::string unseparated = "accord-commitment/v1";
  unseparated.append(32, '\0');
  unseparated += value;
  EXPECT_NE(CommitmentDigest(CommitmentSalt{}, value), core::Sha256(unseparated));
}

TEST(CommitmentTest, SaltEncodingsRoundTrip) {
  const CommitmentSalt salt = CountingSalt();
  EXPECT_EQ(SaltHex(salt), "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  EXPECT_EQ(SaltBase64(salt), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
  auto from_hex = ParseSaltHex(SaltHex(salt));
  ASSERT_TRUE(from_hex.has_value());
  EXPECT_EQ(*from_hex, salt);
  auto from_base64 = ParseSaltBase64(SaltBase64(salt));
  ASSERT_TRUE(from_base64.has_value());
  EXPECT_EQ(*from_base64, salt);
}

TEST(CommitmentTest, RejectsSaltOfWrongLength) {
  auto short_base64 = ParseSaltBase64("AAECAw==");
  ASSERT_FALSE(short_base64.has_value());
  EXPECT_EQ(short_base64.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(short_base64.error().message.find("commitment salt: 4 bytes, expected 32"),
            std::string::npos)
      << short_base64.error().message;
  auto short_hex = ParseSaltHex("0001");
  ASSERT_FALSE(short_hex.has_value());
  EXPECT_NE(short_hex.error().message.find("commitment salt"), std::string::npos);
}

TEST(CommitmentTest, RejectsDigestHexThatIsNotHex) {
  auto digest = ParseDigestHex(std::string(64, 'g'));
  ASSERT_FALSE(digest.has_value());
  EXPECT_EQ(digest.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(digest.error().message.find("commitment digest"), std::string::npos);
}

TEST(CommitmentTest, JsonFormIsAlgAndHexDigest) {
  const core::Sha256Digest digest = CommitmentDigest(CountingSalt(), R"({"deaths":3})");
  const core::JsonValue json = CommitmentJson(digest);
  EXPECT_EQ(core::SerializeCanonical(json),
            R"({"alg":"sha256-salted-v1","commitment":")"
            "e2df7fb225466899286c0ee7be00b29cab93573c7e9a84f1cec345509a292f3f\"}");
  auto parsed = ParseCommitmentJson(json);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, digest);
}

TEST(CommitmentTest, JsonFormWithOtherAlgorithmIsRejected) {
  const core::JsonValue json = core::JsonValue::Object({
      {"alg", core::JsonValue::String("sha1")},
      {"commitment", core::JsonValue::String(std::string(64, '0'))},
  });
  auto parsed = ParseCommitmentJson(json);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_NE(parsed.error().message.find("alg"), std::string::npos);
  EXPECT_FALSE(ParseCommitmentJson(core::JsonValue::String("x")).has_value());
}

}  // namespace
}  // namespace accord::privacy
