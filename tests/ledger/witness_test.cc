// Unit tests of ledger/witness.h: the add-checkpoint decision of C2SP
// tlog-witness with cosignature/v1 cosignatures (tlog-cosignature). The
// checkpoints come from real logs (ledger::Log over memory tiles) signed by a
// fixed key; forks are two such logs with the same key that share a prefix
// and then diverge, which is exactly what a split-view log would publish.
#include "ledger/witness.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "core/encoding.h"
#include "ledger/checkpoint.h"
#include "ledger/log.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tile_store.h"

namespace accord::ledger {
namespace {

using core::ErrorCode;
using ::testing::HasSubstr;

constexpr std::string_view kOrigin = "log.example/witness-test";
constexpr std::string_view kWitnessName = "witness.example/w1";
constexpr std::uint64_t kNow = 1679315147;  // the timestamp of tlog-cosignature's example

NoteSigner Signer(std::string_view name, std::uint8_t seed_fill, SignatureType type) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(seed_fill);
  auto key = core::Ed25519PrivateKey::FromSeed(seed);
  EXPECT_TRUE(key);
  auto signer = NoteSigner::Create(std::string(name), type, std::move(*key));
  EXPECT_TRUE(signer) << signer.error().ToString();
  return std::move(*signer);
}

NoteSigner LogSigner() {
  return Signer(kOrigin, 0x11, SignatureType::kEd25519);
}

// A log in memory whose signed checkpoints are kept by size.
class TestLog {
 public:
  explicit TestLog(NoteSigner signer = LogSigner()) {
    EXPECT_TRUE(Log::Create(store_, signer));
    auto opened = Log::Open(store_, std::move(signer));
    EXPECT_TRUE(opened) << opened.error().ToString();
    log_ = std::move(*opened);
    notes_[0] = log_->signed_checkpoint();
  }

  // Appends "<prefix> <i>" for i in [size, size + count) as one batch.
  void Append(std::string_view prefix, std::uint64_t count) {
    std::vector<std::string> entries;
    for (std::uint64_t i = 0; i < count; ++i)
      entries.push_back(std::string(prefix) + " " + std::to_string(log_->size() + i));
    auto receipt = log_->AppendBatch(entries);
    ASSERT_TRUE(receipt) << receipt.error().ToString();
    notes_[log_->size()] = log_->signed_checkpoint();
  }

  const std::string& NoteAt(std::uint64_t size) const { return notes_.at(size); }
  Checkpoint CheckpointAt(std::uint64_t size) const {
    std::vector<NoteVerifier> known{log_->signer().verifier()};
    auto opened = OpenCheckpoint(notes_.at(size), known);
    EXPECT_TRUE(opened) << opened.error().ToString();
    return opened ? opened->checkpoint : Checkpoint{};
  }
  std::vector<Hash> Proof(std::uint64_t old_size, std::uint64_t new_size) const {
    auto proof = log_->ProveConsistency(old_size, new_size);
    EXPECT_TRUE(proof) << proof.error().ToString();
    return proof ? *proof : std::vector<Hash>{};
  }
  const Log& log() const { return *log_; }

 private:
  MemoryTileStore store_;
  std::unique_ptr<Log> log_;
  std::map<std::uint64_t, std::string> notes_;
};

class WitnessTest : public ::testing::Test {
 protected:
  WitnessTest()
      : witness_(Signer(kWitnessName, 0x22, SignatureType::kCosignatureV1)),
        state_{LogSigner().verifier(), std::nullopt, ""} {}

  core::Result<CosignedCheckpoint> Add(std::uint64_t old_size, const std::vector<Hash>& proof,
                                       const std::string& note, std::uint64_t now = kNow) {
    return witness_.AddCheckpoint(state_, old_size, proof, note, now);
  }

  // Cosigns `note` (which must succeed) and checks the cosignature.
  void ExpectCosigned(std::uint64_t old_size, const std::vector<Hash>& proof,
                      const std::string& note, const Checkpoint& expected) {
    auto cosigned = Add(old_size, proof, note);
    ASSERT_TRUE(cosigned) << cosigned.error().ToString();
    EXPECT_EQ(cosigned->checkpoint, expected);
    auto timestamp =
        VerifyCosignature(expected, cosigned->cosignature_line, witness_.cosigner().verifier());
    ASSERT_TRUE(timestamp) << timestamp.error().ToString();
    EXPECT_EQ(*timestamp, kNow);
    EXPECT_EQ(cosigned->note, note + cosigned->cosignature_line);
    ASSERT_TRUE(state_.last.has_value());
    EXPECT_EQ(*state_.last, expected);
    EXPECT_EQ(state_.last_note, note);
  }

  // Expects a refusal with `code` whose message holds every one of `parts`,
  // and that the witness's state did not move.
  void ExpectRefused(std::uint64_t old_size, const std::vector<Hash>& proof,
                     const std::string& note, ErrorCode code,
                     const std::vector<std::string>& parts) {
    const std::optional<Checkpoint> last_before = state_.last;
    const std::string note_before = state_.last_note;
    auto refused = Add(old_size, proof, note);
    ASSERT_FALSE(refused.has_value()) << "cosigned:\n" << note;
    EXPECT_EQ(refused.error().code, code) << refused.error().ToString();
    for (const auto& part : parts) EXPECT_THAT(refused.error().message, HasSubstr(part));
    EXPECT_EQ(state_.last, last_before);
    EXPECT_EQ(state_.last_note, note_before);
  }

  Witness witness_;
  WitnessedLog state_;
};

std::string B64(const Hash& hash) {
  return core::Base64Encode(hash);
}

// --- cosigning ---------------------------------------------------------------

TEST_F(WitnessTest, CosignsTheFirstCheckpointWithoutAProof) {
  TestLog log;
  log.Append("a", 10);
  ExpectCosigned(0, {}, log.NoteAt(10), log.CheckpointAt(10));
}

TEST_F(WitnessTest, CosignedNoteVerifiesWithTheLogAndWitnessKeys) {
  // tlog-witness: a client "MAY concatenate [the response] to the
  // checkpoint, and use a note verification function configured with the
  // witness keys it trusts".
  TestLog log;
  log.Append("a", 3);
  auto cosigned = Add(0, {}, log.NoteAt(3));
  ASSERT_TRUE(cosigned) << cosigned.error().ToString();
  std::vector<NoteVerifier> known{LogSigner().verifier(), witness_.cosigner().verifier()};
  auto opened = OpenNote(cosigned->note, known);
  ASSERT_TRUE(opened) << opened.error().ToString();
  ASSERT_EQ(opened->verified.size(), 2u);
  EXPECT_EQ(opened->verified[1].key_name, kWitnessName);
  EXPECT_EQ(opened->verified[1].type, SignatureType::kCosignatureV1);
  EXPECT_EQ(opened->verified[1].timestamp, kNow);
}

TEST_F(WitnessTest, CosignsAnExtensionProvenConsistent) {
  TestLog log;
  log.Append("a", 10);
  log.Append("a", 290);
  log.Append("a", 1);
  ExpectCosigned(0, {}, log.NoteAt(10), log.CheckpointAt(10));
  ExpectCosigned(10, log.Proof(10, 300), log.NoteAt(300), log.CheckpointAt(300));
  ExpectCosigned(300, log.Proof(300, 301), log.NoteAt(301), log.CheckpointAt(301));
}

TEST_F(WitnessTest, CosignsTheSameCheckpointAgain) {
  TestLog log;
  log.Append("a", 7);
  ExpectCosigned(0, {}, log.NoteAt(7), log.CheckpointAt(7));
  ExpectCosigned(7, {}, log.NoteAt(7), log.CheckpointAt(7));
}

TEST_F(WitnessTest, CosignsTheEmptyTreeAndThenItsExtension) {
  TestLog log;
  log.Append("a", 4);
  ExpectCosigned(0, {}, log.NoteAt(0), log.CheckpointAt(0));
  EXPECT_EQ(state_.last->root_hash, EmptyRootHash());
  ExpectCosigned(0, {}, log.NoteAt(4), log.CheckpointAt(4));
}

TEST_F(WitnessTest, IgnoresSignaturesOfUnknownKeys) {
  // signed-note: unknown signatures are ignored, e.g. another witness's
  // cosignature already on the checkpoint.
  TestLog log;
  log.Append("a", 5);
  NoteSigner other_witness = Signer("witness.example/w2", 0x33, SignatureType::kCosignatureV1);
  std::string note = log.NoteAt(5) + CosignCheckpoint(log.CheckpointAt(5), other_witness, 1);
  ExpectCosigned(0, {}, note, log.CheckpointAt(5));
}

// --- refusals ----------------------------------------------------------------

TEST_F(WitnessTest, RefusesAnotherRootAtTheSameSizeAsASplitView) {
  TestLog log;
  TestLog fork;
  log.Append("a", 5);
  fork.Append("a", 5);
  log.Append("a", 5);
  fork.Append("b", 5);
  ExpectCosigned(0, {}, log.NoteAt(10), log.CheckpointAt(10));
  ExpectRefused(10, {}, fork.NoteAt(10), ErrorCode::kCorrupt,
                {"split view", "size 10", B64(log.CheckpointAt(10).root_hash),
                 B64(fork.CheckpointAt(10).root_hash)});
}

TEST_F(WitnessTest, RefusesAnOlderCheckpointAsARollback) {
  TestLog log;
  log.Append("a", 10);
  log.Append("a", 290);
  ExpectCosigned(0, {}, log.NoteAt(300), log.CheckpointAt(300));
  ExpectRefused(300, {}, log.NoteAt(10), ErrorCode::kInvalidArgument, {"rollback", "size 10", "size 300"});
}

TEST_F(WitnessTest, RefusesTheForksExtensionAsASplitView) {
  // The fork's own proof connects its checkpoints, but not to the one the
  // witness cosigned.
  TestLog log;
  TestLog fork;
  log.Append("a", 5);
  fork.Append("a", 5);
  log.Append("a", 5);
  fork.Append("b", 5);
  fork.Append("b", 20);
  ExpectCosigned(0, {}, log.NoteAt(10), log.CheckpointAt(10));
  ExpectRefused(10, fork.Proof(10, 30), fork.NoteAt(30), ErrorCode::kCorrupt,
                {"split view", "size 30", "size 10"});
}

TEST_F(WitnessTest, RefusesAProofThatDoesNotVerify) {
  TestLog log;
  log.Append("a", 10);
  log.Append("a", 90);
  ExpectCosigned(0, {}, log.NoteAt(10), log.CheckpointAt(10));
  std::vector<Hash> proof = log.Proof(10, 100);
  ASSERT_FALSE(proof.empty());
  std::vector<Hash> flipped = proof;
  flipped.back()[0] ^= 1;
  ExpectRefused(10, flipped, log.NoteAt(100), ErrorCode::kCorrupt, {"split view"});
  std::vector<Hash> short_proof(proof.begin(), proof.end() - 1);
  ExpectRefused(10, short_proof, log.NoteAt(100), ErrorCode::kCorrupt, {"split view"});
  ExpectRefused(10, {}, log.NoteAt(100), ErrorCode::kCorrupt, {"split view"});
  // The same checkpoint again with a (needless) proof does not verify either.
  ExpectRefused(10, proof, log.NoteAt(10), ErrorCode::kCorrupt, {"split view"});
  ExpectCosigned(10, proof, log.NoteAt(100), log.CheckpointAt(100));
}

TEST_F(WitnessTest, RefusesAWrongOldSizeNamingItsOwn) {
  TestLog log;
  log.Append("a", 10);
  log.Append("a", 10);
  ExpectRefused(10, log.Proof(10, 20), log.NoteAt(20), ErrorCode::kConflict,
                {"last cosigned size 0"});
  ExpectCosigned(0, {}, log.NoteAt(10), log.CheckpointAt(10));
  ExpectRefused(0, {}, log.NoteAt(20), ErrorCode::kConflict, {"last cosigned size 10", "not 0"});
  ExpectRefused(5, log.Proof(5, 20), log.NoteAt(20), ErrorCode::kConflict,
                {"last cosigned size 10", "not 5"});
}

TEST_F(WitnessTest, RefusesACheckpointSignedByAnotherKey) {
  // Same name, another key: the key ID differs, so the signature is by an
  // unknown key and the note has no trusted signature (403).
  TestLog impostor(Signer(kOrigin, 0x44, SignatureType::kEd25519));
  impostor.Append("a", 3);
  ExpectRefused(0, {}, impostor.NoteAt(3), ErrorCode::kPermissionDenied,
                {"not signed by the log", LogSigner().verifier().KeyLabel()});
}

TEST_F(WitnessTest, RefusesAForgedSignatureOfTheLogsKey) {
  TestLog log;
  log.Append("a", 3);
  Checkpoint checkpoint = log.CheckpointAt(3);
  checkpoint.tree_size = 4;  // the log's signature no longer covers the text
  Note note = *ParseNote(log.NoteAt(3));
  note.text = checkpoint.Body();
  ExpectRefused(0, {}, EncodeNote(note), ErrorCode::kPermissionDenied, {"does not verify"});
}

TEST_F(WitnessTest, RefusesACheckpointOfAnotherOrigin) {
  // Signed by the log's key, but for another origin.
  TestLog log;
  log.Append("a", 3);
  Checkpoint other = log.CheckpointAt(3);
  other.origin = "other.example/log";
  ExpectRefused(0, {}, SignCheckpoint(other, log.log().signer()), ErrorCode::kPermissionDenied,
                {"origin", "other.example/log"});
  // And a log of another name (with its own key) altogether.
  TestLog other_log(Signer("other.example/log", 0x55, SignatureType::kEd25519));
  other_log.Append("a", 3);
  ExpectRefused(0, {}, other_log.NoteAt(3), ErrorCode::kPermissionDenied,
                {"not signed by the log"});
}

TEST_F(WitnessTest, RefusesANonEmptyProofFromSizeZero) {
  TestLog log;
  log.Append("a", 10);
  log.Append("a", 10);
  ExpectRefused(0, log.Proof(10, 20), log.NoteAt(20), ErrorCode::kInvalidArgument,
                {"from size 0 must be empty"});
  // Also after the empty tree was cosigned: its size is 0 as well.
  ExpectCosigned(0, {}, log.NoteAt(0), log.CheckpointAt(0));
  ExpectRefused(0, log.Proof(10, 20), log.NoteAt(20), ErrorCode::kInvalidArgument,
                {"from size 0 must be empty"});
}

TEST_F(WitnessTest, RefusesAnEmptyCheckpointWhoseRootIsNotTheEmptyTreesRoot) {
  // RFC 9162 section 2.1.1: the tree of no entries has root SHA-256("").
  TestLog log;
  log.Append("a", 1);
  NoteSigner signer = LogSigner();
  Checkpoint bogus{std::string(kOrigin), 0, LeafHash("a 0"), {}};
  ExpectRefused(0, {}, SignCheckpoint(bogus, signer), ErrorCode::kCorrupt,
                {"size 0", B64(EmptyRootHash())});
  // After the real empty tree, too.
  ExpectCosigned(0, {}, log.NoteAt(0), log.CheckpointAt(0));
  ExpectRefused(0, {}, SignCheckpoint(bogus, signer), ErrorCode::kCorrupt,
                {"size 0", B64(EmptyRootHash())});
  ExpectCosigned(0, {}, log.NoteAt(1), log.CheckpointAt(1));
}

TEST_F(WitnessTest, RefusesANoteThatDoesNotParseAsMalformed) {
  TestLog log;
  log.Append("a", 2);
  std::string note = log.NoteAt(2);
  ExpectRefused(0, {}, "", ErrorCode::kInvalidArgument, {"checkpoint note"});
  ExpectRefused(0, {}, note.substr(0, note.find("\n\n")), ErrorCode::kInvalidArgument,
                {"checkpoint note"});
  ExpectRefused(0, {}, note + "garbage\n", ErrorCode::kInvalidArgument, {"checkpoint note"});
}

TEST_F(WitnessTest, RefusesASignedNoteThatIsNotACheckpointAsMalformed) {
  NoteSigner signer = LogSigner();
  std::string note = SignNote(std::string(kOrigin) + "\nnot a size\nnot a root\n", signer);
  ExpectRefused(0, {}, note, ErrorCode::kInvalidArgument, {"checkpoint note", "line 2"});
}

TEST_F(WitnessTest, StateIsUnchangedAfterEveryKindOfRefusal) {
  // ExpectRefused checks the state after each refusal; this runs them all
  // against one cosigned checkpoint and then shows the witness still
  // accepts the honest extension.
  TestLog log;
  TestLog fork;
  log.Append("a", 8);
  fork.Append("a", 8);
  log.Append("a", 8);
  fork.Append("b", 8);
  log.Append("a", 16);
  ExpectCosigned(0, {}, log.NoteAt(16), log.CheckpointAt(16));
  ExpectRefused(16, {}, fork.NoteAt(16), ErrorCode::kCorrupt, {"split view"});
  ExpectRefused(16, {}, log.NoteAt(8), ErrorCode::kInvalidArgument, {"rollback"});
  ExpectRefused(8, log.Proof(8, 32), log.NoteAt(32), ErrorCode::kConflict, {"16"});
  ExpectRefused(16, log.Proof(8, 32), log.NoteAt(32), ErrorCode::kCorrupt, {"split view"});
  ExpectRefused(16, log.Proof(16, 32), "x", ErrorCode::kInvalidArgument, {"checkpoint note"});
  ExpectCosigned(16, log.Proof(16, 32), log.NoteAt(32), log.CheckpointAt(32));
}

}  // namespace
}  // namespace accord::ledger
