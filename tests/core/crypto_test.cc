#include "core/crypto.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/encoding.h"

namespace accord::core {
namespace {

std::string Hex(std::span<const std::uint8_t> bytes) {
  return HexEncode(bytes);
}

std::string Unhex(std::string_view hex) {
  auto bytes = HexDecode(hex);
  EXPECT_TRUE(bytes) << bytes.error().ToString();
  return bytes ? std::string(bytes->begin(), bytes->end()) : std::string();
}

template <std::size_t N>
std::array<std::uint8_t, N> UnhexArray(std::string_view hex) {
  std::array<std::uint8_t, N> out{};
  EXPECT_TRUE(HexDecodeInto(hex, out));
  return out;
}

// FIPS 180-2 appendix B (SHA-256 examples) and the empty message.
constexpr std::string_view kAbcDigest =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr std::string_view k448BitMessage =
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
constexpr std::string_view k448BitDigest =
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
constexpr std::string_view kMillionADigest =
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
constexpr std::string_view kEmptyDigest =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TEST(Sha256Test, MatchesFips180Examples) {
  EXPECT_EQ(Hex(Sha256("abc")), kAbcDigest);
  EXPECT_EQ(Hex(Sha256(k448BitMessage)), k448BitDigest);
  EXPECT_EQ(Hex(Sha256(std::string(1000000, 'a'))), kMillionADigest);
  EXPECT_EQ(Hex(Sha256("")), kEmptyDigest);
}

TEST(Sha256Test, HashesByteSpansLikeStrings) {
  const std::vector<std::uint8_t> abc = {'a', 'b', 'c'};
  EXPECT_EQ(Hex(Sha256(std::span<const std::uint8_t>(abc))), kAbcDigest);
}

TEST(Sha256HasherTest, MatchesFips180ExamplesFedInPieces) {
  Sha256Hasher hasher;
  hasher.Update("a").Update(std::string_view()).Update("bc");
  EXPECT_EQ(Hex(hasher.Finish()), kAbcDigest);

  // One million 'a' in uneven pieces, as a stream would deliver them.
  const std::string chunk(997, 'a');
  std::size_t fed = 0;
  while (fed + chunk.size() <= 1000000) {
    hasher.Update(chunk);
    fed += chunk.size();
  }
  hasher.Update(std::string(1000000 - fed, 'a'));
  EXPECT_EQ(Hex(hasher.Finish()), kMillionADigest);
}

TEST(Sha256HasherTest, AnySplitOfTheInputGivesTheSameDigest) {
  // Pieces below, across and above the hasher's internal buffer size: the
  // FIPS 180-2 one-million-'a' digest must come out whatever the split.
  for (std::size_t piece : {1u, 31u, 64u, 65u, 127u, 128u, 129u, 200u, 4096u}) {
    Sha256Hasher hasher;
    const std::string chunk(piece, 'a');
    std::size_t fed = 0;
    for (std::size_t round = 0; fed < 1000000; ++round) {
      // Alternate full and short pieces so the buffer fill level varies.
      std::size_t size = (round % 3 == 2) ? piece / 2 + 1 : piece;
      size = std::min(size, 1000000 - fed);
      hasher.Update(std::string_view(chunk).substr(0, size));
      fed += size;
    }
    EXPECT_EQ(Hex(hasher.Finish()), kMillionADigest) << "pieces of " << piece;
  }
}

TEST(Sha256HasherTest, FinishStartsAFreshMessage) {
  Sha256Hasher hasher;
  EXPECT_EQ(Hex(hasher.Finish()), kEmptyDigest);
  hasher.Update(k448BitMessage);
  EXPECT_EQ(Hex(hasher.Finish()), k448BitDigest);
  hasher.Update("abc");
  EXPECT_EQ(Hex(hasher.Finish()), kAbcDigest);
  EXPECT_EQ(Hex(hasher.Finish()), kEmptyDigest);
}

TEST(Sha256HasherTest, MixesSingleBytesSpansAndStrings) {
  // RFC 9162 section 2.1.1: a leaf hash is SHA-256(0x00 || entry). The
  // expected value is SHA-256 of the three bytes 00 61 62 63 written as one
  // string.
  Sha256Hasher hasher;
  const std::vector<std::uint8_t> b = {'b'};
  hasher.Update(std::uint8_t{0}).Update("a").Update(std::span<const std::uint8_t>(b)).Update("c");
  EXPECT_EQ(hasher.Finish(), Sha256(std::string_view("\0abc", 4)));
}

TEST(Sha256HasherTest, MovedHasherKeepsItsState) {
  Sha256Hasher first;
  first.Update("ab");
  Sha256Hasher second(std::move(first));
  second.Update("c");
  EXPECT_EQ(Hex(second.Finish()), kAbcDigest);
  Sha256Hasher third;
  third.Update("junk");
  third = std::move(second);
  third.Update("abc");
  EXPECT_EQ(Hex(third.Finish()), kAbcDigest);
}

TEST(Sha256Test, GivesTheSameDigestsOnManyThreads) {
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t, &mismatches] {
      for (int i = 0; i < 2000; ++i)
        if (Hex(Sha256(k448BitMessage)) != k448BitDigest) ++mismatches[t];
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

TEST(RandomBytesTest, FillsTheBufferWithDifferentBytesEachCall) {
  std::array<std::uint8_t, 32> first{}, second{};
  ASSERT_TRUE(RandomBytes(first));
  ASSERT_TRUE(RandomBytes(second));
  EXPECT_NE(first, second);  // equal with probability 2^-256
  EXPECT_NE(first, (std::array<std::uint8_t, 32>{}));
  EXPECT_TRUE(RandomBytes(std::span<std::uint8_t>()));
}

// RFC 8032 section 7.1 test vectors: SECRET KEY, PUBLIC KEY, MESSAGE,
// SIGNATURE.
struct Ed25519Vector {
  const char* name;
  std::string_view secret_key;
  std::string_view public_key;
  std::string_view message;
  std::string_view signature;
};
constexpr Ed25519Vector kRfc8032Vectors[] = {
    {"TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
     "1cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613"
     "d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760"
     "984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    {"TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3"
     "feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c664"
     "31e0303dca179c138ac17ad9bef1177331a704"},
};

TEST(Ed25519Test, DerivesThePublicKeyOfRfc8032Vectors) {
  for (const auto& vector : kRfc8032Vectors) {
    auto key = Ed25519PrivateKey::FromSeed(UnhexArray<32>(vector.secret_key));
    ASSERT_TRUE(key) << vector.name << ": " << key.error().ToString();
    EXPECT_EQ(Hex(key->public_key().bytes), vector.public_key) << vector.name;
    EXPECT_EQ(Hex(key->seed()), vector.secret_key) << vector.name;
  }
}

TEST(Ed25519Test, SignsRfc8032VectorsByteForByte) {
  for (const auto& vector : kRfc8032Vectors) {
    auto key = Ed25519PrivateKey::FromSeed(UnhexArray<32>(vector.secret_key));
    ASSERT_TRUE(key) << vector.name;
    EXPECT_EQ(Hex(key->Sign(Unhex(vector.message))), vector.signature) << vector.name;
  }
}

TEST(Ed25519Test, VerifiesRfc8032Vectors) {
  for (const auto& vector : kRfc8032Vectors) {
    const Ed25519PublicKey key{UnhexArray<32>(vector.public_key)};
    EXPECT_TRUE(Ed25519Verify(key, Unhex(vector.message), UnhexArray<64>(vector.signature)))
        << vector.name;
  }
}

TEST(Ed25519Test, RejectsAChangedMessageKeyOrSignature) {
  const auto& vector = kRfc8032Vectors[2];
  const Ed25519PublicKey key{UnhexArray<32>(vector.public_key)};
  const std::string message = Unhex(vector.message);
  const Ed25519Signature signature = UnhexArray<64>(vector.signature);

  EXPECT_FALSE(Ed25519Verify(key, message + "x", signature));
  EXPECT_FALSE(Ed25519Verify(key, "", signature));
  const Ed25519PublicKey other_key{UnhexArray<32>(kRfc8032Vectors[1].public_key)};
  EXPECT_FALSE(Ed25519Verify(other_key, message, signature));
  for (std::size_t i = 0; i < signature.size(); i += 7) {
    Ed25519Signature flipped = signature;
    flipped[i] ^= 0x01;
    EXPECT_FALSE(Ed25519Verify(key, message, flipped)) << "byte " << i;
  }
}

TEST(Ed25519Test, RejectsSignatureWithNonCanonicalS) {
  // RFC 8032 section 5.1.7 step 1: reject S >= L. S + L verifies under the
  // group equation, so a verifier that skips the check accepts a second
  // signature for the same message (malleability).
  constexpr std::array<std::uint8_t, 32> kGroupOrder = {
      // L, little-endian
      0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
      0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
  const auto& vector = kRfc8032Vectors[0];
  const Ed25519PublicKey key{UnhexArray<32>(vector.public_key)};
  Ed25519Signature signature = UnhexArray<64>(vector.signature);
  ASSERT_TRUE(Ed25519Verify(key, "", signature));
  unsigned carry = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    const unsigned sum = signature[32 + i] + kGroupOrder[i] + carry;
    signature[32 + i] = static_cast<std::uint8_t>(sum);
    carry = sum >> 8;
  }
  ASSERT_EQ(carry, 0u);
  EXPECT_FALSE(Ed25519Verify(key, "", signature));
}

TEST(Ed25519Test, RejectsAPublicKeyThatIsNotACurvePoint) {
  // y = 2 has no x on edwards25519 (2 is not (y^2-1)/(d*y^2+1) of a square),
  // so the encoding 02 00 .. 00 must fail point decoding (section 5.1.3).
  Ed25519PublicKey key{};
  key.bytes[0] = 0x02;
  const auto& vector = kRfc8032Vectors[0];
  EXPECT_FALSE(Ed25519Verify(key, "", UnhexArray<64>(vector.signature)));
  EXPECT_FALSE(Ed25519Verify(Ed25519PublicKey{}, "", Ed25519Signature{}));
}

TEST(Ed25519Test, GeneratedKeysSignAndVerify) {
  auto key = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(key) << key.error().ToString();
  const Ed25519Signature signature = key->Sign("checkpoint body");
  EXPECT_TRUE(Ed25519Verify(key->public_key(), "checkpoint body", signature));
  EXPECT_FALSE(Ed25519Verify(key->public_key(), "checkpoint body!", signature));
  // Ed25519 is deterministic (RFC 8032 section 5.1.6).
  EXPECT_EQ(key->Sign("checkpoint body"), signature);
  // A key made again from its seed is the same key.
  auto again = Ed25519PrivateKey::FromSeed(key->seed());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->public_key(), key->public_key());
  EXPECT_EQ(again->Sign("checkpoint body"), signature);
}

TEST(Ed25519Test, GenerateGivesDistinctKeys) {
  std::set<std::array<std::uint8_t, 32>> public_keys;
  for (int i = 0; i < 20; ++i) {
    auto key = Ed25519PrivateKey::Generate();
    ASSERT_TRUE(key);
    public_keys.insert(key->public_key().bytes);
  }
  EXPECT_EQ(public_keys.size(), 20u);
}

TEST(Ed25519Test, MovedKeyStillSigns) {
  auto key = Ed25519PrivateKey::FromSeed(UnhexArray<32>(kRfc8032Vectors[1].secret_key));
  ASSERT_TRUE(key);
  Ed25519PrivateKey moved(std::move(*key));
  EXPECT_EQ(Hex(moved.Sign(Unhex(kRfc8032Vectors[1].message))), kRfc8032Vectors[1].signature);
  auto other = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(other);
  *other = std::move(moved);
  EXPECT_EQ(Hex(other->public_key().bytes), kRfc8032Vectors[1].public_key);
  EXPECT_EQ(Hex(other->Sign(Unhex(kRfc8032Vectors[1].message))), kRfc8032Vectors[1].signature);
}

TEST(Ed25519Test, OneKeySignsFromManyThreads) {
  auto key = Ed25519PrivateKey::FromSeed(UnhexArray<32>(kRfc8032Vectors[2].secret_key));
  ASSERT_TRUE(key);
  const std::string message = Unhex(kRfc8032Vectors[2].message);
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i)
        if (Hex(key->Sign(message)) != kRfc8032Vectors[2].signature) ++mismatches[t];
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace accord::core
