// Signed notes, checkpoints and cosignatures from other implementations,
// kept read-only in $ACCORD_SHARED_DATA/tlog-vectors (see its README.md):
//   signed-note/       the c2sp.org/signed-note example and the example of
//                      golang.org/x/mod/sumdb/note (with an extra signature
//                      by a key nobody knows);
//   c2sp-examples/     texts from tlog-checkpoint, tlog-cosignature,
//                      tlog-witness and tlog-proof (keys unpublished, so
//                      parse only) and Go's sumdb tree note;
//   sunlight-skylight/ checkpoints written by Sunlight: a cosignature/v1
//                      by a mirror, and a witness cosignature next to an
//                      RFC 6962 (type 0x05) log signature.
// The tests fail, never skip, when the data is missing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/file_io.h"
#include "core/json_reader.h"
#include "ledger/checkpoint.h"
#include "ledger/note.h"

namespace accord::ledger {
namespace {

namespace fs = std::filesystem;

// The tlog-vectors folder, or an empty path after recording a failure.
fs::path VectorFolder() {
  const char* shared = std::getenv("ACCORD_SHARED_DATA");
  if (shared == nullptr || *shared == '\0') {
    ADD_FAILURE() << "ACCORD_SHARED_DATA is not set; it must name the shared conformance data "
                     "folder holding tlog-vectors/signed-note, c2sp-examples and "
                     "sunlight-skylight";
    return {};
  }
  const fs::path folder = fs::path(shared) / "tlog-vectors";
  std::error_code error;
  if (!fs::is_directory(folder / "signed-note", error)) {
    ADD_FAILURE() << "missing folder " << (folder / "signed-note")
                  << " (ACCORD_SHARED_DATA=" << shared << ")";
    return {};
  }
  return folder;
}

// The contents of tlog-vectors/<relative>, or "" after recording a failure.
std::string Read(std::string_view relative) {
  const fs::path folder = VectorFolder();
  if (folder.empty()) return {};
  auto contents = core::ReadFile(folder / relative);
  EXPECT_TRUE(contents.has_value()) << contents.error().ToString();
  return contents.has_value() ? *contents : std::string();
}

// A .vkey file holds one verifier key and a newline.
NoteVerifier VerifierFromFile(std::string_view relative) {
  std::string text = Read(relative);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto verifier = NoteVerifier::Parse(text);
  EXPECT_TRUE(verifier) << relative << ": " << verifier.error().ToString();
  return verifier ? *verifier
                  : *NoteVerifier::Create("unusable", SignatureType::kEd25519, {});
}

// Sunlight's *.v0.json: {"verifier_keys": ["<vkey>"], ...}.
NoteVerifier VerifierFromJson(std::string_view relative) {
  auto json = core::ParseJsonStrict(Read(relative));
  EXPECT_TRUE(json) << relative << ": " << json.error().ToString();
  const core::JsonValue* keys = json ? json->Find("verifier_keys") : nullptr;
  const bool ok = keys != nullptr && keys->type() == core::JsonType::kArray &&
                  keys->AsArray().size() == 1 &&
                  keys->AsArray()[0].type() == core::JsonType::kString;
  EXPECT_TRUE(ok) << relative << ": expected \"verifier_keys\" with one string";
  if (!ok) return *NoteVerifier::Create("unusable", SignatureType::kEd25519, {});
  auto verifier = NoteVerifier::Parse(keys->AsArray()[0].AsString());
  EXPECT_TRUE(verifier) << relative << ": " << verifier.error().ToString();
  return verifier ? *verifier
                  : *NoteVerifier::Create("unusable", SignatureType::kEd25519, {});
}

std::string RootBase64(const Checkpoint& checkpoint) {
  return core::Base64Encode(checkpoint.root_hash);
}

// ---------------------------------------------------------------------------
// signed-note/

TEST(SignedNoteVectorsTest, C2spExampleVerifies) {
  const NoteVerifier verifier = VerifierFromFile("signed-note/c2sp-example.vkey");
  EXPECT_EQ(verifier.key_id(), 0x530d903au);
  auto opened = OpenNote(Read("signed-note/c2sp-example.note"), std::span(&verifier, 1));
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->text, "This is an example message.\n");
  ASSERT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->verified[0].key_name, "example.com/foo");
  EXPECT_TRUE(opened->ignored.empty());
}

TEST(SignedNoteVectorsTest, GoPeterNeumannExampleVerifies) {
  const NoteVerifier verifier = VerifierFromFile("signed-note/go-peterneumann.vkey");
  EXPECT_EQ(verifier.key_id(), 0xc74f20a3u);
  const std::string note = Read("signed-note/go-peterneumann.note");
  auto opened = OpenNote(note, std::span(&verifier, 1));
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->text,
            "If you think cryptography is the answer to your problem,\n"
            "then you don't know what your problem is.\n");
  ASSERT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->verified[0].key_name, "PeterNeumann");
  auto parsed = ParseNote(note);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(EncodeNote(*parsed), note);
}

TEST(SignedNoteVectorsTest, UnknownEnochRootSignatureIsIgnored) {
  const NoteVerifier verifier = VerifierFromFile("signed-note/go-peterneumann.vkey");
  auto opened = OpenNote(Read("signed-note/go-peterneumann-plus-unknown-enochroot.note"),
                         std::span(&verifier, 1));
  ASSERT_TRUE(opened) << opened.error().ToString();
  ASSERT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->verified[0].key_name, "PeterNeumann");
  ASSERT_EQ(opened->ignored.size(), 1u);
  EXPECT_EQ(opened->ignored[0].key_name, "EnochRoot");
  EXPECT_EQ(opened->ignored[0].signature_bytes.size(), 64u);
}

TEST(SignedNoteVectorsTest, NoteByAnotherKeyIsRejectedNamingItsSigner) {
  const NoteVerifier verifier = VerifierFromFile("signed-note/go-peterneumann.vkey");
  auto opened = OpenNote(Read("signed-note/c2sp-example.note"), std::span(&verifier, 1));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message,
            "note: not signed by any known key (known: \"PeterNeumann+c74f20a3\"; signed by: "
            "\"example.com/foo+530d903a\")");
}

TEST(SignedNoteVectorsTest, TamperedTextFailsNamingTheKey) {
  const NoteVerifier verifier = VerifierFromFile("signed-note/c2sp-example.vkey");
  std::string note = Read("signed-note/c2sp-example.note");
  ASSERT_FALSE(note.empty());
  note[0] = 't';
  auto opened = OpenNote(note, std::span(&verifier, 1));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message,
            "note: line 3: signature by key \"example.com/foo+530d903a\" does not verify");
}

// ---------------------------------------------------------------------------
// c2sp-examples/ (parse only: the example keys were never published)

TEST(C2spExamplesTest, TlogCheckpointExampleParses) {
  const std::string text = Read("c2sp-examples/tlog-checkpoint-example.checkpoint");
  auto note = ParseNote(text);
  ASSERT_TRUE(note) << note.error().ToString();
  EXPECT_EQ(EncodeNote(*note), text);
  ASSERT_EQ(note->signatures.size(), 1u);
  EXPECT_EQ(note->signatures[0].key_name, "example.com/behind-the-sofa");
  auto checkpoint = ParseCheckpointBody(note->text);
  ASSERT_TRUE(checkpoint) << checkpoint.error().ToString();
  EXPECT_EQ(checkpoint->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(checkpoint->tree_size, 20852163u);
  EXPECT_EQ(RootBase64(*checkpoint), "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  EXPECT_TRUE(checkpoint->extensions.empty());
  EXPECT_EQ(checkpoint->Body(), note->text);
}

TEST(C2spExamplesTest, TlogCosignatureExampleDecodesAndMatchesTheSignedMessage) {
  auto note = ParseNote(Read("c2sp-examples/tlog-cosignature-example.checkpoint"));
  ASSERT_TRUE(note) << note.error().ToString();
  ASSERT_EQ(note->signatures.size(), 2u);
  const NoteSignature& witness = note->signatures[1];
  EXPECT_EQ(witness.key_name, "witness.example.com/w1");
  EXPECT_EQ(witness.key_id, 0x8d66cf3fu);
  // tlog-cosignature "Format": timestamp (8 bytes) || Ed25519 (64 bytes).
  ASSERT_EQ(witness.signature_bytes.size(), 72u);
  std::uint64_t timestamp = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    timestamp = (timestamp << 8) | static_cast<unsigned char>(witness.signature_bytes[i]);
  }
  EXPECT_EQ(timestamp, 1679315147u);
  EXPECT_EQ(CosignatureMessage(note->text, timestamp),
            Read("c2sp-examples/tlog-cosignature-example.signed-message"));
}

TEST(C2spExamplesTest, WitnessRequestSplitsAtTheLastBlankLine) {
  // An add-checkpoint body has two blank lines; read as a note, everything
  // up to the last one is text (signed-note "Format"), and the checkpoint's
  // two signatures share a name under two key IDs (a key rotation).
  const std::string request = Read("c2sp-examples/tlog-witness-add-checkpoint-request.txt");
  auto note = ParseNote(request);
  ASSERT_TRUE(note) << note.error().ToString();
  EXPECT_EQ(note->text.rfind("old 20852014\n", 0), 0u);
  ASSERT_EQ(note->signatures.size(), 2u);
  EXPECT_EQ(note->signatures[0].key_name, note->signatures[1].key_name);
  EXPECT_NE(note->signatures[0].key_id, note->signatures[1].key_id);

  const std::size_t checkpoint_start = request.find("\n\n") + 2;
  auto checkpoint = ParseNote(std::string_view(request).substr(checkpoint_start));
  ASSERT_TRUE(checkpoint) << checkpoint.error().ToString();
  auto body = ParseCheckpointBody(checkpoint->text);
  ASSERT_TRUE(body) << body.error().ToString();
  EXPECT_EQ(body->tree_size, 20852163u);
}

TEST(C2spExamplesTest, GoSumdbTreeNoteIsACheckpointBody) {
  const std::string text = Read("c2sp-examples/go-sumdb-tree-note-text.txt");
  auto checkpoint = ParseCheckpointBody(text);
  ASSERT_TRUE(checkpoint) << checkpoint.error().ToString();
  EXPECT_EQ(checkpoint->origin, "go.sum database tree");
  EXPECT_EQ(checkpoint->tree_size, 123456789012u);
  // The root in Go's golden test is the RFC 6962 leaf hash of "hello world".
  EXPECT_EQ(checkpoint->root_hash, core::Sha256(std::string("\0hello world", 12)));
  EXPECT_EQ(checkpoint->Body(), text);
}

TEST(C2spExamplesTest, TlogProofExampleCarriesACheckpointBody) {
  // c2sp.org/tlog-proof: header lines, a blank line, then the checkpoint
  // note (its signatures are elided with [...] in the spec).
  const std::string proof = Read("c2sp-examples/tlog-proof-example.txt");
  const std::size_t start = proof.find("\n\n");
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = proof.find("\n\n", start + 2);
  ASSERT_NE(end, std::string::npos);
  auto checkpoint = ParseCheckpointBody(proof.substr(start + 2, end + 1 - (start + 2)));
  ASSERT_TRUE(checkpoint) << checkpoint.error().ToString();
  EXPECT_EQ(checkpoint->origin, "example.com/fancylog");
  EXPECT_EQ(checkpoint->tree_size, 109482u);
  // The elided signatures are not base64, so the note itself is refused.
  auto note = ParseNote(std::string_view(proof).substr(start + 2));
  ASSERT_FALSE(note);
  EXPECT_EQ(note.error().message.rfind("note: line 5: signature: base64: ", 0), 0u)
      << note.error().message;
}

// ---------------------------------------------------------------------------
// sunlight-skylight/

TEST(SunlightVectorsTest, MirrorCheckpointVerifiesWithTheMirrorCosignerOnly) {
  const NoteVerifier mirror = VerifierFromJson("sunlight-skylight/mirror/mirror.v0.json");
  EXPECT_EQ(mirror.type(), SignatureType::kCosignatureV1);
  EXPECT_EQ(mirror.KeyLabel(), "mirror.example.org+3fb148ef");
  auto opened = OpenCheckpoint(Read("sunlight-skylight/mirror/checkpoint"), std::span(&mirror, 1));
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->checkpoint.origin, "rome2026h1.example.org");
  EXPECT_EQ(opened->checkpoint.tree_size, 300u);
  EXPECT_EQ(RootBase64(opened->checkpoint), "gw31yQrqZZCcEOPrzX+bpy3nJ6QgngTKn8G1m0i62uU=");
  ASSERT_EQ(opened->note.verified.size(), 1u);
  EXPECT_EQ(opened->note.verified[0].type, SignatureType::kCosignatureV1);
  EXPECT_EQ(opened->note.verified[0].timestamp, std::optional<std::uint64_t>(1767139200));
}

TEST(SunlightVectorsTest, MirrorCosignatureLineVerifiesAlone) {
  const NoteVerifier mirror = VerifierFromJson("sunlight-skylight/mirror/mirror.v0.json");
  const std::string note = Read("sunlight-skylight/mirror/checkpoint");
  auto parsed = ParseNote(note);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  auto checkpoint = ParseCheckpointBody(parsed->text);
  ASSERT_TRUE(checkpoint) << checkpoint.error().ToString();
  const std::string line = note.substr(parsed->text.size() + 1);
  auto timestamp = VerifyCosignature(*checkpoint, line, mirror);
  ASSERT_TRUE(timestamp) << timestamp.error().ToString();
  EXPECT_EQ(*timestamp, 1767139200u);

  checkpoint->tree_size = 301;
  auto moved = VerifyCosignature(*checkpoint, line, mirror);
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().message,
            "cosignature by key \"mirror.example.org+3fb148ef\" does not verify");
}

TEST(SunlightVectorsTest, WitnessCheckpointVerifiesIgnoringTheType05LogSignature) {
  const NoteVerifier witness = VerifierFromJson("sunlight-skylight/witness/witness.v0.json");
  auto opened =
      OpenCheckpoint(Read("sunlight-skylight/witness/checkpoint"), std::span(&witness, 1));
  ASSERT_TRUE(opened) << opened.error().ToString();
  ASSERT_EQ(opened->note.verified.size(), 1u);
  EXPECT_EQ(opened->note.verified[0].key_name, "witness.example.org");
  EXPECT_EQ(opened->note.verified[0].timestamp, std::optional<std::uint64_t>(1767139200));
  // The static-ct-api signature (type 0x05) is a signature by an unknown key.
  ASSERT_EQ(opened->note.ignored.size(), 1u);
  EXPECT_EQ(opened->note.ignored[0].key_name, "rome2026h1.example.org");
  EXPECT_EQ(opened->checkpoint.tree_size, 300u);
}

TEST(SunlightVectorsTest, Witness2CheckpointVerifiesWithItsKey) {
  const NoteVerifier witness2 = VerifierFromJson("sunlight-skylight/witness2/witness.v0.json");
  auto opened =
      OpenCheckpoint(Read("sunlight-skylight/witness2/checkpoint"), std::span(&witness2, 1));
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->checkpoint.origin, "milan2026h1.example.org");
  ASSERT_EQ(opened->note.verified.size(), 1u);
}

TEST(SunlightVectorsTest, CheckpointsAreRejectedWithTheWrongWitness) {
  const NoteVerifier witness = VerifierFromJson("sunlight-skylight/witness/witness.v0.json");
  auto opened =
      OpenCheckpoint(Read("sunlight-skylight/witness2/checkpoint"), std::span(&witness, 1));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message,
            "note: not signed by any known key (known: \"witness.example.org+b8a2cf20\"; signed "
            "by: \"witness2.example.org+2e55b896\")");

  // The log's own checkpoint carries only the type-0x05 signature.
  const std::string log_note = Read("sunlight-skylight/log/checkpoint");
  auto parsed = ParseNote(log_note);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->signatures.size(), 1u);
  EXPECT_EQ(parsed->signatures[0].key_id, 0x91507526u);
  opened = OpenCheckpoint(log_note, std::span(&witness, 1));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message,
            "note: not signed by any known key (known: \"witness.example.org+b8a2cf20\"; signed "
            "by: \"rome2026h1.example.org+91507526\")");
}

TEST(SunlightVectorsTest, WitnessCosignatureOnTheMirrorRootFails) {
  // The witness cosigned another root for the same origin and size; moving
  // its line onto the mirror's checkpoint must fail, naming the key.
  const NoteVerifier witness = VerifierFromJson("sunlight-skylight/witness/witness.v0.json");
  const std::string witness_note = Read("sunlight-skylight/witness/checkpoint");
  const std::string mirror_note = Read("sunlight-skylight/mirror/checkpoint");
  const std::size_t line_start = witness_note.find("\xE2\x80\x94 witness.example.org ");
  ASSERT_NE(line_start, std::string::npos);
  auto opened = OpenNote(mirror_note + witness_note.substr(line_start), std::span(&witness, 1));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message,
            "note: line 6: cosignature by key \"witness.example.org+b8a2cf20\" does not verify");
}

}  // namespace
}  // namespace accord::ledger
