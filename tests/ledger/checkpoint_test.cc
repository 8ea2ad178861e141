// Unit tests of ledger/checkpoint.h: the checkpoint body of
// c2sp.org/tlog-checkpoint ("Note text"), log signatures, and cosignature/v1
// lines of c2sp.org/tlog-cosignature. Expected texts come from those specs'
// examples; keys are fixed seeds. No shared data is read here.
#include "ledger/checkpoint.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "core/encoding.h"

namespace accord::ledger {
namespace {

using core::ErrorCode;

// tlog-checkpoint, the example at the top of the spec.
constexpr std::string_view kSpecBody =
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
constexpr std::string_view kSpecRootBase64 = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
// A valid root line (32 zero bytes) for the error tests.
constexpr std::string_view kZeroRoot = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

constexpr std::string_view kEmDash = "\xE2\x80\x94 ";

Hash RootFromBase64(std::string_view text) {
  auto bytes = core::Base64Decode(text);
  Hash hash{};
  EXPECT_TRUE(bytes && bytes->size() == hash.size());
  if (bytes) std::copy(bytes->begin(), bytes->end(), hash.begin());
  return hash;
}

NoteSigner Signer(std::string name, std::uint8_t seed_fill, SignatureType type) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(seed_fill);
  auto key = core::Ed25519PrivateKey::FromSeed(seed);
  EXPECT_TRUE(key);
  auto signer = NoteSigner::Create(std::move(name), type, std::move(*key));
  EXPECT_TRUE(signer) << signer.error().ToString();
  return std::move(*signer);
}

Checkpoint SpecCheckpoint() {
  return Checkpoint{"example.com/behind-the-sofa", 20852163, RootFromBase64(kSpecRootBase64), {}};
}

template <typename T>
void ExpectError(const core::Result<T>& result, ErrorCode code, std::string_view message) {
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, code) << result.error().ToString();
  EXPECT_EQ(result.error().message, message);
}

void ExpectParseError(std::string_view body, std::string_view message) {
  ExpectError(ParseCheckpointBody(body), ErrorCode::kInvalidArgument, message);
}

// ---------------------------------------------------------------------------
// Body and parsing (tlog-checkpoint "Note text")

TEST(CheckpointBodyTest, MatchesTheSpecExample) {
  EXPECT_EQ(SpecCheckpoint().Body(), kSpecBody);
}

TEST(CheckpointBodyTest, WritesZeroForTheEmptyTreeAndExtensionsInOrder) {
  const Checkpoint empty{"log.example", 0, RootFromBase64(kZeroRoot), {"ext one", "ext two"}};
  EXPECT_EQ(empty.Body(), "log.example\n0\n" + std::string(kZeroRoot) + "\next one\next two\n");
}

TEST(ParseCheckpointBodyTest, ParsesTheSpecExample) {
  auto checkpoint = ParseCheckpointBody(kSpecBody);
  ASSERT_TRUE(checkpoint) << checkpoint.error().ToString();
  EXPECT_EQ(*checkpoint, SpecCheckpoint());
  EXPECT_EQ(checkpoint->Body(), kSpecBody);
}

TEST(ParseCheckpointBodyTest, KeepsExtensionLines) {
  const std::string body = "o\n18446744073709551615\n" + std::string(kZeroRoot) + "\nx\ny z\n";
  auto checkpoint = ParseCheckpointBody(body);
  ASSERT_TRUE(checkpoint) << checkpoint.error().ToString();
  EXPECT_EQ(checkpoint->tree_size, UINT64_MAX);
  EXPECT_EQ(checkpoint->extensions, (std::vector<std::string>{"x", "y z"}));
  EXPECT_EQ(checkpoint->Body(), body);
}

TEST(ParseCheckpointBodyTest, AcceptsAnyNonEmptyOrigin) {
  // "Note text" 1: clients MUST NOT assume the recommended URL form.
  auto checkpoint = ParseCheckpointBody("go.sum database tree\n0\n" + std::string(kZeroRoot) + "\n");
  ASSERT_TRUE(checkpoint) << checkpoint.error().ToString();
  EXPECT_EQ(checkpoint->origin, "go.sum database tree");
  EXPECT_EQ(checkpoint->tree_size, 0u);
}

TEST(ParseCheckpointBodyTest, RejectsFewerThanThreeLines) {
  ExpectParseError("origin\n", "checkpoint: 1 line, expected at least 3 (origin, tree size, root hash)");
  ExpectParseError("origin\n5\n",
                   "checkpoint: 2 lines, expected at least 3 (origin, tree size, root hash)");
}

TEST(ParseCheckpointBodyTest, RejectsAnEmptyOrigin) {
  ExpectParseError("\n5\n" + std::string(kZeroRoot) + "\n", "checkpoint line 1 (origin): empty");
}

TEST(ParseCheckpointBodyTest, RejectsABadTreeSize) {
  const std::string root = "\n" + std::string(kZeroRoot) + "\n";
  ExpectParseError("o\n" + root, "checkpoint line 2 (tree size): empty");
  ExpectParseError("o\n007" + root, "checkpoint line 2 (tree size): leading zero in \"007\"");
  ExpectParseError("o\n00" + root, "checkpoint line 2 (tree size): leading zero in \"00\"");
  ExpectParseError("o\n+5" + root, "checkpoint line 2 (tree size): \"+5\" is not a decimal number");
  ExpectParseError("o\n-1" + root, "checkpoint line 2 (tree size): \"-1\" is not a decimal number");
  ExpectParseError("o\n 5" + root, "checkpoint line 2 (tree size): \" 5\" is not a decimal number");
  ExpectParseError("o\n12a" + root, "checkpoint line 2 (tree size): \"12a\" is not a decimal number");
  ExpectParseError("o\n18446744073709551616" + root,
                   "checkpoint line 2 (tree size): \"18446744073709551616\" does not fit in 64 bits");
}

TEST(ParseCheckpointBodyTest, RejectsABadRootHash) {
  ExpectParseError("o\n1\n\n", "checkpoint line 3 (root hash): empty");
  ExpectParseError("o\n1\nAAAA\n", "checkpoint line 3 (root hash): 3 bytes, expected 32");
  // 33 bytes
  ExpectParseError("o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
                   "checkpoint line 3 (root hash): 33 bytes, expected 32");
  // Unpadded, and non-zero padding bits: one root must have one spelling.
  auto unpadded = ParseCheckpointBody("o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
  ASSERT_FALSE(unpadded);
  EXPECT_EQ(unpadded.error().message.rfind("checkpoint line 3 (root hash): base64: ", 0), 0u)
      << unpadded.error().message;
  auto sloppy = ParseCheckpointBody("o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\n");
  ASSERT_FALSE(sloppy);
  EXPECT_EQ(sloppy.error().message.rfind("checkpoint line 3 (root hash): base64: ", 0), 0u)
      << sloppy.error().message;
}

TEST(ParseCheckpointBodyTest, RejectsAnEmptyExtensionLine) {
  ExpectParseError("o\n1\n" + std::string(kZeroRoot) + "\next\n\nmore\n",
                   "checkpoint line 5 (extension): empty");
}

TEST(ParseCheckpointBodyTest, RejectsWhatIsNotANoteText) {
  ExpectParseError("o\n1\n" + std::string(kZeroRoot),
                   "checkpoint: note text: does not end in a newline");
  ExpectParseError("o\t\n1\n" + std::string(kZeroRoot) + "\n",
                   "checkpoint: note text: control character 0x09 at byte 1");
}

TEST(CheckpointValidateTest, NamesTheBadField) {
  Checkpoint checkpoint = SpecCheckpoint();
  EXPECT_TRUE(checkpoint.Validate());
  checkpoint.origin = "";
  ExpectError(checkpoint.Validate(), ErrorCode::kInvalidArgument, "checkpoint origin: empty");
  checkpoint.origin = "a\nb";
  ExpectError(checkpoint.Validate(), ErrorCode::kInvalidArgument,
              "checkpoint origin: contains a newline");
  checkpoint.origin = "a";
  checkpoint.extensions = {"x", ""};
  ExpectError(checkpoint.Validate(), ErrorCode::kInvalidArgument,
              "checkpoint extension line 2: empty");
  checkpoint.extensions = {"x\x01"};
  ExpectError(checkpoint.Validate(), ErrorCode::kInvalidArgument,
              "checkpoint extension line 1: note text: control character 0x01 at byte 1");
}

// ---------------------------------------------------------------------------
// Log signatures

TEST(SignCheckpointTest, OpensWithTheLogKey) {
  const NoteSigner log = Signer("example.com/behind-the-sofa", 1, SignatureType::kEd25519);
  const std::string note = SignCheckpoint(SpecCheckpoint(), log);
  EXPECT_EQ(note.substr(0, kSpecBody.size() + 1), std::string(kSpecBody) + "\n");

  const std::vector<NoteVerifier> known = {log.verifier()};
  auto opened = OpenCheckpoint(note, known);
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->checkpoint, SpecCheckpoint());
  ASSERT_EQ(opened->note.verified.size(), 1u);
  EXPECT_EQ(opened->note.verified[0].key_name, "example.com/behind-the-sofa");
}

TEST(OpenCheckpointTest, RejectsASignedNoteThatIsNotACheckpoint) {
  const NoteSigner log = Signer("log.example", 1, SignatureType::kEd25519);
  const std::vector<NoteVerifier> known = {log.verifier()};
  ExpectError(OpenCheckpoint(SignNote("hello\n", log), known), ErrorCode::kInvalidArgument,
              "checkpoint note: checkpoint: 1 line, expected at least 3 (origin, tree size, root "
              "hash)");
}

TEST(OpenCheckpointTest, RejectsAnUnsignedCheckpoint) {
  const NoteSigner log = Signer("log.example", 1, SignatureType::kEd25519);
  const NoteSigner stranger = Signer("log.example", 2, SignatureType::kEd25519);
  const std::vector<NoteVerifier> known = {log.verifier()};
  ExpectError(OpenCheckpoint(SignCheckpoint(SpecCheckpoint(), stranger), known),
              ErrorCode::kInvalidArgument,
              "note: not signed by any known key (known: \"" + log.verifier().KeyLabel() +
                  "\"; signed by: \"" + stranger.verifier().KeyLabel() + "\")");
}

// ---------------------------------------------------------------------------
// Cosignatures (tlog-cosignature, cosignature/v1)

class CosignatureTest : public ::testing::Test {
 protected:
  static constexpr std::uint64_t kTime = 1679315147;  // the spec example's timestamp
  NoteSigner log_ = Signer("example.com/behind-the-sofa", 1, SignatureType::kEd25519);
  NoteSigner witness_ = Signer("witness.example.com/w1", 2, SignatureType::kCosignatureV1);
  Checkpoint checkpoint_ = SpecCheckpoint();
  std::string line_ = CosignCheckpoint(checkpoint_, witness_, kTime);
};

TEST_F(CosignatureTest, LineCarriesKeyIdTimestampAndSignature) {
  const std::string prefix = std::string(kEmDash) + "witness.example.com/w1 ";
  ASSERT_EQ(line_.substr(0, prefix.size()), prefix);
  ASSERT_EQ(line_.back(), '\n');
  auto bytes = core::Base64Decode(line_.substr(prefix.size(), line_.size() - prefix.size() - 1));
  ASSERT_TRUE(bytes);
  // tlog-cosignature "Format": 4-byte key ID, 8-byte big-endian timestamp,
  // 64-byte Ed25519 signature.
  ASSERT_EQ(bytes->size(), 76u);
  const std::uint32_t id = (std::uint32_t{(*bytes)[0]} << 24) | (std::uint32_t{(*bytes)[1]} << 16) |
                           (std::uint32_t{(*bytes)[2]} << 8) | (*bytes)[3];
  EXPECT_EQ(id, NoteKeyId("witness.example.com/w1", SignatureType::kCosignatureV1,
                          witness_.public_key()));
  std::uint64_t timestamp = 0;
  for (std::size_t i = 4; i < 12; ++i) timestamp = (timestamp << 8) | (*bytes)[i];
  EXPECT_EQ(timestamp, kTime);
  core::Ed25519Signature signature{};
  std::copy(bytes->begin() + 12, bytes->end(), signature.begin());
  EXPECT_TRUE(core::Ed25519Verify(
      witness_.public_key(),
      "cosignature/v1\ntime 1679315147\n" + std::string(kSpecBody), signature));
}

TEST_F(CosignatureTest, VerifiesAndReturnsTheTimestamp) {
  auto timestamp = VerifyCosignature(checkpoint_, line_, witness_.verifier());
  ASSERT_TRUE(timestamp) << timestamp.error().ToString();
  EXPECT_EQ(*timestamp, kTime);
  // Without the final newline too.
  timestamp = VerifyCosignature(checkpoint_, line_.substr(0, line_.size() - 1), witness_.verifier());
  ASSERT_TRUE(timestamp) << timestamp.error().ToString();
}

TEST_F(CosignatureTest, CoversExtensionLines) {
  // "Ed25519 signed message": extension lines MUST be in the message.
  checkpoint_.extensions = {"ext"};
  const std::string line = CosignCheckpoint(checkpoint_, witness_, kTime);
  EXPECT_TRUE(VerifyCosignature(checkpoint_, line, witness_.verifier()));
  checkpoint_.extensions = {"exu"};
  EXPECT_FALSE(VerifyCosignature(checkpoint_, line, witness_.verifier()));
}

TEST_F(CosignatureTest, RejectsAnotherCheckpoint) {
  Checkpoint other = checkpoint_;
  other.tree_size += 1;
  ExpectError(VerifyCosignature(other, line_, witness_.verifier()), ErrorCode::kInvalidArgument,
              "cosignature by key \"" + witness_.verifier().KeyLabel() + "\" does not verify");
  other = checkpoint_;
  other.root_hash[31] ^= 0x01;
  EXPECT_FALSE(VerifyCosignature(other, line_, witness_.verifier()));
}

TEST_F(CosignatureTest, RejectsAFlippedByteInTheLine) {
  std::string tampered = line_;
  tampered[tampered.size() - 10] = tampered[tampered.size() - 10] == 'A' ? 'B' : 'A';
  auto result = VerifyCosignature(checkpoint_, tampered, witness_.verifier());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find(witness_.verifier().KeyLabel()), std::string::npos)
      << result.error().message;
}

TEST_F(CosignatureTest, RejectsALineByAnotherKey) {
  const NoteSigner other = Signer("witness.example.com/w1", 3, SignatureType::kCosignatureV1);
  ExpectError(VerifyCosignature(checkpoint_, CosignCheckpoint(checkpoint_, other, kTime),
                                witness_.verifier()),
              ErrorCode::kInvalidArgument,
              "cosignature line: by \"" + other.verifier().KeyLabel() +
                  "\", not by the cosigner \"" + witness_.verifier().KeyLabel() + "\"");
}

TEST_F(CosignatureTest, RejectsANonCosignerVerifier) {
  ExpectError(VerifyCosignature(checkpoint_, line_, log_.verifier()), ErrorCode::kInvalidArgument,
              "key \"" + log_.verifier().KeyLabel() + "\" is not a cosignature/v1 key");
}

TEST_F(CosignatureTest, RejectsAMalformedLine) {
  ExpectError(VerifyCosignature(checkpoint_, "- witness.example.com/w1 AAAA", witness_.verifier()),
              ErrorCode::kInvalidArgument,
              "cosignature line: signature line does not start with U+2014 (em dash) and a space");
}

TEST_F(CosignatureTest, AnEd25519NoteKeyCannotStandInForTheCosigner) {
  // The same private key as a type 0x01 key has another key ID, so its
  // plain note signature is not taken for a cosignature (signed-note
  // "Signatures": the type byte is part of the key ID).
  auto same_key = core::Ed25519PrivateKey::FromSeed(std::array<std::uint8_t, 32>{
      2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2});
  ASSERT_TRUE(same_key);
  auto as_note_key =
      NoteSigner::Create("witness.example.com/w1", SignatureType::kEd25519, std::move(*same_key));
  ASSERT_TRUE(as_note_key);
  ASSERT_EQ(as_note_key->public_key(), witness_.public_key());
  const std::string note = SignCheckpoint(checkpoint_, *as_note_key);
  const std::vector<NoteVerifier> known = {witness_.verifier()};
  auto opened = OpenNote(note, known);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message.rfind("note: not signed by any known key", 0), 0u);
}

TEST_F(CosignatureTest, LogSignatureAndCosignatureOpenTogether) {
  // What a witness returns is appended to the log's note (tlog-witness
  // "add-checkpoint"); clients open the result with all the keys they trust.
  const std::string note = SignCheckpoint(checkpoint_, log_) + line_;
  const std::vector<NoteVerifier> known = {log_.verifier(), witness_.verifier()};
  auto opened = OpenCheckpoint(note, known);
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->checkpoint, checkpoint_);
  ASSERT_EQ(opened->note.verified.size(), 2u);
  EXPECT_EQ(opened->note.verified[0].type, SignatureType::kEd25519);
  EXPECT_FALSE(opened->note.verified[0].timestamp.has_value());
  EXPECT_EQ(opened->note.verified[1].type, SignatureType::kCosignatureV1);
  EXPECT_EQ(opened->note.verified[1].timestamp, std::optional<std::uint64_t>(kTime));

  // Only the witness key known: the log signature is ignored, not an error.
  const std::vector<NoteVerifier> witness_only = {witness_.verifier()};
  opened = OpenCheckpoint(note, witness_only);
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->note.verified.size(), 1u);
  EXPECT_EQ(opened->note.ignored.size(), 1u);
}

TEST_F(CosignatureTest, TimestampZeroAndTheLargestAllowedVerify) {
  for (std::uint64_t time : {std::uint64_t{0}, std::uint64_t{0x7FFF'FFFF'FFFF'FFFF}}) {
    const std::string line = CosignCheckpoint(checkpoint_, witness_, time);
    auto timestamp = VerifyCosignature(checkpoint_, line, witness_.verifier());
    ASSERT_TRUE(timestamp) << timestamp.error().ToString();
    EXPECT_EQ(*timestamp, time);
  }
}

}  // namespace
}  // namespace accord::ledger
