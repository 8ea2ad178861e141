// Unit tests of ledger/note.h: key IDs and verifier keys, note parsing and
// encoding, signing, and the verifier rules of c2sp.org/signed-note
// "Signatures". Expected values come from the signed-note spec and from the
// package documentation of golang.org/x/mod/sumdb/note (its PeterNeumann
// example publishes the private key too, so we can check that SignNote
// writes the same bytes as Go's note.Sign). No shared data is read here;
// tests/interop/note_vectors_test.cc checks the vector files.
#include "ledger/note.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "core/encoding.h"

namespace accord::ledger {
namespace {

using core::ErrorCode;
using namespace std::string_literals;

// golang.org/x/mod/sumdb/note, package documentation ("Example"): the
// signer key, verifier key, text and signed note of PeterNeumann.
constexpr std::string_view kGoSignerKeyBase64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kGoVerifierKey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kGoText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kGoNote =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

// c2sp.org/signed-note@v1.0.0, the worked example.
constexpr std::string_view kC2spVerifierKey =
    "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
constexpr std::string_view kC2spNote =
    "This is an example message.\n"
    "\n"
    "\xE2\x80\x94 example.com/foo "
    "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

constexpr std::string_view kEmDash = "\xE2\x80\x94 ";

core::Ed25519PrivateKey KeyFromSeedByte(std::uint8_t fill) {
  std::array<std::uint8_t, 32> seed{};
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(fill + i);
  auto key = core::Ed25519PrivateKey::FromSeed(seed);
  EXPECT_TRUE(key) << key.error().ToString();
  return std::move(*key);
}

NoteSigner Signer(std::string name, std::uint8_t seed_fill,
                  SignatureType type = SignatureType::kEd25519) {
  auto signer = NoteSigner::Create(std::move(name), type, KeyFromSeedByte(seed_fill));
  EXPECT_TRUE(signer) << signer.error().ToString();
  return std::move(*signer);
}

NoteSigner GoDocumentationSigner() {
  auto bytes = core::Base64Decode(kGoSignerKeyBase64);
  EXPECT_TRUE(bytes && bytes->size() == 33 && (*bytes)[0] == 0x01);
  std::array<std::uint8_t, 32> seed{};
  std::copy(bytes->begin() + 1, bytes->end(), seed.begin());
  auto key = core::Ed25519PrivateKey::FromSeed(seed);
  EXPECT_TRUE(key);
  auto signer = NoteSigner::Create("PeterNeumann", SignatureType::kEd25519, std::move(*key));
  EXPECT_TRUE(signer);
  return std::move(*signer);
}

std::string Base64(std::string_view bytes) { return core::Base64Encode(bytes); }

std::string KeyIdBytes(std::uint32_t id) {
  return {static_cast<char>(id >> 24), static_cast<char>(id >> 16), static_cast<char>(id >> 8),
          static_cast<char>(id)};
}

std::string Line(std::string_view name, std::string_view raw_bytes) {
  return std::string(kEmDash) + std::string(name) + " " + Base64(raw_bytes) + "\n";
}

// Expects failure with `code` and exactly `message`.
template <typename T>
void ExpectError(const core::Result<T>& result, ErrorCode code, std::string_view message) {
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, code) << result.error().ToString();
  EXPECT_EQ(result.error().message, message);
}

// ---------------------------------------------------------------------------
// Key IDs and verifier keys

TEST(NoteKeyIdTest, MatchesTheGoDocumentationKey) {
  const NoteSigner signer = GoDocumentationSigner();
  EXPECT_EQ(signer.key_id(), 0xc74f20a3u);
  EXPECT_EQ(signer.VerifierKey(), kGoVerifierKey);
}

TEST(NoteKeyIdTest, DependsOnTheSignatureType) {
  // signed-note "Signatures": the type byte is hashed, so one key used for
  // two types gets two IDs (tlog-cosignature "Format" relies on it).
  const NoteSigner signer = Signer("witness.example/w", 1);
  EXPECT_NE(NoteKeyId(signer.name(), SignatureType::kEd25519, signer.public_key()),
            NoteKeyId(signer.name(), SignatureType::kCosignatureV1, signer.public_key()));
}

TEST(NoteVerifierTest, ParsesTheC2spExampleKey) {
  auto verifier = NoteVerifier::Parse(kC2spVerifierKey);
  ASSERT_TRUE(verifier) << verifier.error().ToString();
  EXPECT_EQ(verifier->name(), "example.com/foo");
  EXPECT_EQ(verifier->key_id(), 0x530d903au);
  EXPECT_EQ(verifier->type(), SignatureType::kEd25519);
  EXPECT_EQ(verifier->VerifierKey(), kC2spVerifierKey);
  EXPECT_EQ(verifier->KeyLabel(), "example.com/foo+530d903a");
}

TEST(NoteVerifierTest, ParsesACosignerKeyOfType04) {
  // A cosigner vkey from Sunlight's skylight test data: the base64 starts
  // with 0x04 and the key ID is hashed over type 0x04 (tlog-cosignature
  // "Format").
  constexpr std::string_view kMirror =
      "mirror.example.org+3fb148ef+BAAjjch9GyYz0sJsJx7ALhbdAtz2ov0unbzSl1vMp94O";
  auto verifier = NoteVerifier::Parse(kMirror);
  ASSERT_TRUE(verifier) << verifier.error().ToString();
  EXPECT_EQ(verifier->type(), SignatureType::kCosignatureV1);
  EXPECT_EQ(verifier->key_id(), 0x3fb148efu);
  EXPECT_EQ(verifier->VerifierKey(), kMirror);
}

TEST(NoteVerifierTest, CosignerVerifierKeyUsesType04) {
  const NoteSigner cosigner = Signer("witness.example/w", 2, SignatureType::kCosignatureV1);
  const std::string vkey = cosigner.VerifierKey();
  const std::string prefix = cosigner.verifier().KeyLabel() + "+B";
  EXPECT_EQ(vkey.substr(0, prefix.size()), prefix);  // base64 of 0x04... starts with 'B'
  auto parsed = NoteVerifier::Parse(vkey);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(*parsed, cosigner.verifier());
}

TEST(NoteVerifierTest, RejectsTooFewFields) {
  ExpectError(NoteVerifier::Parse("example.com/foo"), ErrorCode::kInvalidArgument,
              "verifier key: 1 field, expected <name>+<key id>+<base64 key>");
  ExpectError(NoteVerifier::Parse("example.com/foo+530d903a"), ErrorCode::kInvalidArgument,
              "verifier key: 2 fields, expected <name>+<key id>+<base64 key>");
}

TEST(NoteVerifierTest, RejectsAnEmptyName) {
  ExpectError(NoteVerifier::Parse("+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
              ErrorCode::kInvalidArgument, "verifier key: key name: empty");
}

TEST(NoteVerifierTest, RejectsWhitespaceInTheName) {
  ExpectError(NoteVerifier::Parse("example com+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
              ErrorCode::kInvalidArgument,
              "verifier key: key name \"example com\": whitespace U+0020 at byte 7");
  // U+00A0 NO-BREAK SPACE is a Unicode space too.
  ExpectError(
      NoteVerifier::Parse("example\xC2\xA0" "com+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
      ErrorCode::kInvalidArgument,
      "verifier key: key name \"example\\xc2\\xa0com\": whitespace U+00A0 at byte 7");
}

TEST(NoteVerifierTest, RejectsAPlusInTheName) {
  ExpectError(
      NoteVerifier::Parse("example.com+foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
      ErrorCode::kInvalidArgument, "verifier key: key name \"example.com+foo\": '+' at byte 11");
}

TEST(NoteVerifierTest, RejectsAKeyIdThatIsNotEightLowercaseHexDigits) {
  ExpectError(
      NoteVerifier::Parse("example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
      ErrorCode::kInvalidArgument,
      "verifier key: key id \"530D903A\": expected 8 lowercase hex digits");
  ExpectError(
      NoteVerifier::Parse("example.com/foo+530d903+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
      ErrorCode::kInvalidArgument, "verifier key: key id \"530d903\": expected 8 lowercase hex digits");
}

TEST(NoteVerifierTest, RejectsAKeyIdThatDoesNotMatchTheKey) {
  ExpectError(
      NoteVerifier::Parse("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
      ErrorCode::kInvalidArgument,
      "verifier key: key id 530d903b does not match the name and key (computed 530d903a)");
  // The same key under another name has another ID.
  const core::Ed25519PublicKey key = NoteVerifier::Parse(kC2spVerifierKey).value().public_key();
  const std::string other_id =
      NoteKeyLabel("", NoteKeyId("example.com/bar", SignatureType::kEd25519, key)).substr(1);
  ExpectError(
      NoteVerifier::Parse("example.com/bar+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"),
      ErrorCode::kInvalidArgument,
      "verifier key: key id 530d903a does not match the name and key (computed " + other_id + ")");
}

TEST(NoteVerifierTest, RejectsAnUnknownTypeByte) {
  const std::string material = std::string(1, '\x02') + std::string(32, 'k');
  ExpectError(NoteVerifier::Parse("example.com/foo+530d903a+" + Base64(material)),
              ErrorCode::kInvalidArgument,
              "verifier key: unknown signature type 0x02 (accord implements 0x01 Ed25519 and "
              "0x04 cosignature/v1)");
}

TEST(NoteVerifierTest, RejectsAKeyOfTheWrongLength) {
  ExpectError(NoteVerifier::Parse("example.com/foo+530d903a+" +
                                  Base64(std::string(1, '\x01') + std::string(31, 'k'))),
              ErrorCode::kInvalidArgument,
              "verifier key: Ed25519 public key is 31 bytes, expected 32");
  ExpectError(NoteVerifier::Parse("example.com/foo+530d903a+" +
                                  Base64(std::string(1, '\x04') + std::string(33, 'k'))),
              ErrorCode::kInvalidArgument,
              "verifier key: Ed25519 public key is 33 bytes, expected 32");
  ExpectError(NoteVerifier::Parse("example.com/foo+530d903a+"), ErrorCode::kInvalidArgument,
              "verifier key: key: empty");
}

TEST(NoteVerifierTest, RejectsBadBase64) {
  auto parsed = NoteVerifier::Parse("example.com/foo+530d903a+Aeky_Rrm");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message.rfind("verifier key: key: base64: ", 0), 0u)
      << parsed.error().message;
}

TEST(ValidateKeyNameTest, AcceptsNonSpaceUnicode) {
  EXPECT_TRUE(ValidateKeyName("caf\xC3\xA9.example/log"));
  EXPECT_TRUE(ValidateKeyName("oid/1.3.6.1.4.1.44363.47.1"));
}

TEST(ValidateKeyNameTest, RejectsSpacesControlsAndBadUtf8) {
  ExpectError(ValidateKeyName("a\xE3\x80\x80" "b"), ErrorCode::kInvalidArgument,
              "key name \"a\\xe3\\x80\\x80b\": whitespace U+3000 at byte 1");
  ExpectError(ValidateKeyName("a\x01"), ErrorCode::kInvalidArgument,
              "key name \"a\\x01\": control character 0x01 at byte 1");
  ExpectError(ValidateKeyName("a\xC0\xAF"), ErrorCode::kInvalidArgument,
              "key name \"a\\xc0\\xaf\": invalid UTF-8 at byte 1");
  ExpectError(NoteSigner::Create("a b", SignatureType::kEd25519, KeyFromSeedByte(1)),
              ErrorCode::kInvalidArgument, "key name \"a b\": whitespace U+0020 at byte 1");
}

// ---------------------------------------------------------------------------
// Parsing and encoding

TEST(ParseNoteTest, ParsesTheC2spExample) {
  auto note = ParseNote(kC2spNote);
  ASSERT_TRUE(note) << note.error().ToString();
  EXPECT_EQ(note->text, "This is an example message.\n");
  ASSERT_EQ(note->signatures.size(), 1u);
  EXPECT_EQ(note->signatures[0].key_name, "example.com/foo");
  EXPECT_EQ(note->signatures[0].key_id, 0x530d903au);
  EXPECT_EQ(note->signatures[0].signature_bytes.size(), 64u);
  EXPECT_EQ(EncodeNote(*note), kC2spNote);
}

TEST(ParseNoteTest, SplitsAtTheLastBlankLine) {
  const std::string note = "a\n\nb\n\n" + Line("k", "12345");
  auto parsed = ParseNote(note);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->text, "a\n\nb\n");
  EXPECT_EQ(EncodeNote(*parsed), note);
}

TEST(ParseNoteTest, RejectsAControlCharacter) {
  ExpectError(ParseNote("a\tb\n\n" + Line("k", "12345")), ErrorCode::kInvalidArgument,
              "note: control character 0x09 at byte 1");
  ExpectError(ParseNote("a\r\n\n" + Line("k", "12345")), ErrorCode::kInvalidArgument,
              "note: control character 0x0d at byte 1");
}

TEST(ParseNoteTest, RejectsInvalidUtf8) {
  ExpectError(ParseNote("ab\xFF\n\n" + Line("k", "12345")), ErrorCode::kInvalidArgument,
              "note: invalid UTF-8 at byte 2");
  // An encoded surrogate (U+D800) is not UTF-8 either.
  ExpectError(ParseNote("ab\xED\xA0\x80\n\n" + Line("k", "12345")), ErrorCode::kInvalidArgument,
              "note: invalid UTF-8 at byte 2");
}

TEST(ParseNoteTest, RejectsANoteWithoutBlankLine) {
  ExpectError(ParseNote("text\n" + Line("k", "12345")), ErrorCode::kInvalidArgument,
              "note: no blank line before the signature lines");
}

TEST(ParseNoteTest, RejectsANoteWithoutSignatures) {
  ExpectError(ParseNote("text\n\n"), ErrorCode::kInvalidArgument,
              "note: no signature lines after the blank line");
}

TEST(ParseNoteTest, RejectsANoteNotEndingInNewline) {
  std::string note = "text\n\n" + Line("k", "12345");
  note.pop_back();
  ExpectError(ParseNote(note), ErrorCode::kInvalidArgument, "note: does not end in a newline");
}

TEST(ParseNoteTest, RejectsALineWithoutEmDash) {
  ExpectError(ParseNote("one\ntwo\n\n" + Line("k", "12345") + "- k " + Base64("12345") + "\n"),
              ErrorCode::kInvalidArgument,
              "note: line 5: signature line does not start with U+2014 (em dash) and a space");
  ExpectError(ParseNote("one\n\n\xE2\x80\x94k " + Base64("12345") + "\n"),
              ErrorCode::kInvalidArgument,
              "note: line 3: signature line does not start with U+2014 (em dash) and a space");
}

TEST(ParseNoteTest, RejectsALineWithoutSpaceAfterTheName) {
  ExpectError(ParseNote("one\n\n" + std::string(kEmDash) + "k" + Base64("12345") + "\n"),
              ErrorCode::kInvalidArgument,
              "note: line 3: signature line: no space between key name and signature");
}

TEST(ParseNoteTest, RejectsABadKeyName) {
  ExpectError(ParseNote("one\n\n" + std::string(kEmDash) + " " + Base64("12345") + "\n"),
              ErrorCode::kInvalidArgument, "note: line 3: key name: empty");
  ExpectError(ParseNote("one\n\n" + Line("a+b", "12345")), ErrorCode::kInvalidArgument,
              "note: line 3: key name \"a+b\": '+' at byte 1");
}

TEST(ParseNoteTest, RejectsBadBase64) {
  auto parsed = ParseNote("one\n\n" + std::string(kEmDash) + "k " + Base64("12345") + " x\n");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message.rfind("note: line 3: signature: base64: ", 0), 0u)
      << parsed.error().message;
  // Base64 with non-zero padding bits ("NQ==" is canonical for "5") would
  // give two spellings of one signature line.
  parsed = ParseNote("one\n\n" + std::string(kEmDash) + "k MTIzNDR=\n");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message.rfind("note: line 3: signature: base64: ", 0), 0u);
}

TEST(ParseNoteTest, RejectsASignatureShorterThanFiveBytes) {
  ExpectError(ParseNote("one\n\n" + Line("k", "1234")), ErrorCode::kInvalidArgument,
              "note: line 3: signature: 4 bytes, expected a 4-byte key id and at least 1 more");
}

TEST(ParseNoteTest, AcceptsExactlyTheMaximumNumberOfSignatures) {
  std::string note = "text\n\n";
  for (std::size_t i = 0; i < kMaxNoteSignatures; ++i) note += Line("k" + std::to_string(i), "12345");
  auto parsed = ParseNote(note);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->signatures.size(), kMaxNoteSignatures);

  note += Line("one-too-many", "12345");
  ExpectError(ParseNote(note), ErrorCode::kResourceExhausted, "note: more than 100 signature lines");
}

TEST(ParseNoteTest, RejectsANoteAboveTheSizeLimit) {
  std::string note(kMaxNoteBytes, 'x');
  note += "\n\n" + Line("k", "12345");
  ExpectError(ParseNote(note), ErrorCode::kResourceExhausted,
              "note: " + std::to_string(note.size()) + " bytes, more than the limit of 1048576");
}

TEST(ValidateNoteTextTest, RequiresAFinalNewline) {
  EXPECT_TRUE(ValidateNoteText("a\n"));
  ExpectError(ValidateNoteText(""), ErrorCode::kInvalidArgument,
              "note text: does not end in a newline");
  ExpectError(ValidateNoteText("a"), ErrorCode::kInvalidArgument,
              "note text: does not end in a newline");
  ExpectError(ValidateNoteText("a\x7F\x1F\n"), ErrorCode::kInvalidArgument,
              "note text: control character 0x1f at byte 2");
}

// ---------------------------------------------------------------------------
// Signing

TEST(SignNoteTest, IsByteIdenticalToGoNoteSign) {
  EXPECT_EQ(SignNote(kGoText, GoDocumentationSigner()), kGoNote);
}

TEST(SignNoteTest, RoundTripsThroughOpenNote) {
  const NoteSigner signer = Signer("accord.example/log", 7);
  const std::string text = "accord.example/log\n3\nsome text\n";
  const std::string note = SignNote(text, signer);
  EXPECT_EQ(note.substr(0, text.size() + 1), text + "\n");
  EXPECT_EQ(note.substr(text.size() + 1, kEmDash.size() + 19),
            std::string(kEmDash) + "accord.example/log ");

  const std::vector<NoteVerifier> known = {signer.verifier()};
  auto opened = OpenNote(note, known);
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->text, text);
  ASSERT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->verified[0].key_name, "accord.example/log");
  EXPECT_EQ(opened->verified[0].key_id, signer.key_id());
  EXPECT_EQ(opened->verified[0].type, SignatureType::kEd25519);
  EXPECT_FALSE(opened->verified[0].timestamp.has_value());
  EXPECT_TRUE(opened->ignored.empty());
}

// ---------------------------------------------------------------------------
// Verifier rules (signed-note "Signatures")

class OpenNoteTest : public ::testing::Test {
 protected:
  NoteSigner log_ = Signer("accord.example/log", 10);
  NoteSigner other_ = Signer("other.example/log", 20);
  std::string text_ = "accord.example/log\n42\nroot\n";
  std::string note_ = SignNote(text_, log_);
  std::vector<NoteVerifier> known_ = {log_.verifier()};
  std::string log_label_ = "\"" + log_.verifier().KeyLabel() + "\"";
};

TEST(OpenNoteGoTest, VerifiesTheGoDocumentationNote) {
  auto verifier = NoteVerifier::Parse(kGoVerifierKey);
  ASSERT_TRUE(verifier);
  auto opened = OpenNote(kGoNote, std::span(&*verifier, 1));
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->text, kGoText);
  ASSERT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->verified[0].key_id, 0xc74f20a3u);
}

TEST_F(OpenNoteTest, RejectsAFlippedByteInTheText) {
  std::string tampered = note_;
  tampered[20] ^= 0x01;  // "42" becomes "43"
  ExpectError(OpenNote(tampered, known_), ErrorCode::kInvalidArgument,
              "note: line 5: signature by key " + log_label_ + " does not verify");
}

TEST_F(OpenNoteTest, RejectsAFlippedByteInTheSignature) {
  auto parsed = ParseNote(note_);
  ASSERT_TRUE(parsed);
  parsed->signatures[0].signature_bytes[10] ^= 0x40;
  ExpectError(OpenNote(EncodeNote(*parsed), known_), ErrorCode::kInvalidArgument,
              "note: line 5: signature by key " + log_label_ + " does not verify");
}

TEST_F(OpenNoteTest, RejectsAKnownKeySignatureOfTheWrongLength) {
  auto parsed = ParseNote(note_);
  ASSERT_TRUE(parsed);
  parsed->signatures[0].signature_bytes += 'x';
  ExpectError(OpenNote(EncodeNote(*parsed), known_), ErrorCode::kInvalidArgument,
              "note: line 5: signature by key " + log_label_ + ": 65 bytes, expected 64");
}

TEST_F(OpenNoteTest, IgnoresUnknownKeys) {
  const std::string note = note_ + SignNote(text_, other_).substr(text_.size() + 1);
  auto opened = OpenNote(note, known_);
  ASSERT_TRUE(opened) << opened.error().ToString();
  ASSERT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->verified[0].key_name, log_.name());
  ASSERT_EQ(opened->ignored.size(), 1u);
  EXPECT_EQ(opened->ignored[0].key_name, other_.name());
  EXPECT_EQ(opened->ignored[0].key_id, other_.key_id());
}

TEST_F(OpenNoteTest, IgnoresABadSignatureByAnUnknownKey) {
  const std::string note = note_ + Line("other.example/log", KeyIdBytes(1) + std::string(64, 'x'));
  auto opened = OpenNote(note, known_);
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->ignored.size(), 1u);
}

TEST_F(OpenNoteTest, IgnoresAKeyThatSharesOnlyTheName) {
  // A rotated key: same name, different key, so a different key ID.
  const NoteSigner rotated = Signer("accord.example/log", 11);
  ASSERT_NE(rotated.key_id(), log_.key_id());
  const std::string note = SignNote(text_, rotated);
  ExpectError(OpenNote(note, known_), ErrorCode::kInvalidArgument,
              "note: not signed by any known key (known: " + log_label_ + "; signed by: \"" +
                  rotated.verifier().KeyLabel() + "\")");
}

TEST_F(OpenNoteTest, IgnoresAKeyThatSharesOnlyTheId) {
  // A line carrying the known key's ID under another name is not the known
  // key's, even though its signature bytes are the known key's.
  auto parsed = ParseNote(note_);
  ASSERT_TRUE(parsed);
  parsed->signatures[0].key_name = "impostor.example/log";
  ExpectError(OpenNote(EncodeNote(*parsed), known_), ErrorCode::kInvalidArgument,
              "note: not signed by any known key (known: " + log_label_ +
                  "; signed by: \"impostor.example/log+" + log_.verifier().KeyLabel().substr(19) +
                  "\")");
}

TEST_F(OpenNoteTest, RejectsANoteWithNoKnownKeys) {
  ExpectError(OpenNote(note_, {}), ErrorCode::kInvalidArgument,
              "note: not signed by any known key (known: none; signed by: " + log_label_ + ")");
}

TEST_F(OpenNoteTest, ListsAtMostSixteenNamesInTheError) {
  std::string note = text_ + "\n";
  for (int i = 0; i < 20; ++i) note += Line("k" + std::to_string(i), KeyIdBytes(1) + "sig");
  auto opened = OpenNote(note, known_);
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("\"k15+00000001\" and 4 more)"), std::string::npos)
      << opened.error().message;
}

TEST_F(OpenNoteTest, ReportsADuplicatedSignatureOnce) {
  const std::string line = note_.substr(text_.size() + 1);
  auto opened = OpenNote(note_ + line, known_);
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->verified.size(), 1u);

  const std::string unknown = Line("u.example", KeyIdBytes(7) + "sig");
  opened = OpenNote(note_ + unknown + unknown, known_);
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->ignored.size(), 1u);
}

TEST_F(OpenNoteTest, RejectsABadDuplicateOfAGoodSignature) {
  // Go's note.Open would skip the second line of a key it has already seen;
  // we verify it, so no unverified bytes ride along as "signed".
  const std::string bad =
      Line(log_.name(), KeyIdBytes(log_.key_id()) + std::string(64, '\0'));
  ExpectError(OpenNote(note_ + bad, known_), ErrorCode::kInvalidArgument,
              "note: line 6: signature by key " + log_label_ + " does not verify");
}

TEST_F(OpenNoteTest, RejectsAmbiguousKnownKeys) {
  // Two different public keys whose IDs under one name collide. 32-bit IDs
  // collide after about 2^16 keys (the birthday bound); the spec notes that
  // IDs are identifiers, not a security property.
  std::map<std::uint32_t, core::Ed25519PublicKey> seen;
  core::Ed25519PublicKey key;
  std::vector<NoteVerifier> ambiguous;
  for (std::uint32_t counter = 0; ambiguous.empty(); ++counter) {
    std::memcpy(key.bytes.data(), &counter, sizeof(counter));
    const std::uint32_t id = NoteKeyId("n", SignatureType::kEd25519, key);
    auto [it, inserted] = seen.emplace(id, key);
    if (!inserted) {
      ambiguous.push_back(NoteVerifier::Create("n", SignatureType::kEd25519, it->second).value());
      ambiguous.push_back(NoteVerifier::Create("n", SignatureType::kEd25519, key).value());
    }
  }
  ASSERT_EQ(ambiguous[0].key_id(), ambiguous[1].key_id());
  ExpectError(OpenNote(note_, ambiguous), ErrorCode::kInvalidArgument,
              "known keys: \"" + ambiguous[0].KeyLabel() + "\" names two different keys");
  // The same key listed twice is harmless.
  const std::vector<NoteVerifier> twice = {log_.verifier(), log_.verifier()};
  EXPECT_TRUE(OpenNote(note_, twice));
}

TEST_F(OpenNoteTest, PassesOnParseErrors) {
  ExpectError(OpenNote("no signatures\n", known_), ErrorCode::kInvalidArgument,
              "note: no blank line before the signature lines");
}

// ---------------------------------------------------------------------------
// Cosignatures through OpenNote (the line format is tested in
// checkpoint_test.cc)

TEST(CosignatureMessageTest, MatchesTheTlogCosignatureExample) {
  // tlog-cosignature "Ed25519 signed message", the example.
  EXPECT_EQ(CosignatureMessage("example.com/behind-the-sofa\n20852163\n"
                               "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
                               1679315147),
            "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
            "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
  EXPECT_EQ(CosignatureMessage("a\n", 0), "cosignature/v1\ntime 0\na\n");
}

TEST(CosignerVerifyTest, ReturnsTheTimestamp) {
  const NoteSigner cosigner = Signer("witness.example/w", 3, SignatureType::kCosignatureV1);
  const std::string text = "o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
  const core::Ed25519Signature ed25519 = cosigner.SignBytes(CosignatureMessage(text, 1767139200));
  std::string signature = "\x00\x00\x00\x00\x69\x54\x67\x80"s;  // 1767139200 big-endian
  signature.append(reinterpret_cast<const char*>(ed25519.data()), ed25519.size());
  auto timestamp = cosigner.verifier().Verify(text, signature);
  ASSERT_TRUE(timestamp) << timestamp.error().ToString();
  EXPECT_EQ(*timestamp, std::optional<std::uint64_t>(1767139200));

  // The Ed25519 signature alone (as a type 0x01 key would sign) is refused.
  ExpectError(cosigner.verifier().Verify(text, signature.substr(8)), ErrorCode::kInvalidArgument,
              "cosignature by key \"" + cosigner.verifier().KeyLabel() +
                  "\": 64 bytes, expected 72 (8-byte timestamp, 64-byte Ed25519)");
}

TEST(CosignerVerifyTest, RejectsATimestampAboveTwoToThe63) {
  const NoteSigner cosigner = Signer("witness.example/w", 3, SignatureType::kCosignatureV1);
  const std::string signature = "\x80" + std::string(7, '\0') + std::string(64, 's');
  ExpectError(cosigner.verifier().Verify("a\n", signature), ErrorCode::kInvalidArgument,
              "cosignature by key \"" + cosigner.verifier().KeyLabel() +
                  "\": timestamp 9223372036854775808 exceeds 2^63 - 1");
}

}  // namespace
}  // namespace accord::ledger
