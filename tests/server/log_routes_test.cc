// Unit tests of server/log_routes.h: the log's checkpoint, verifier key,
// tiles and proofs over HTTP (docs/ledger-format.md sections 5 and 6,
// C2SP tlog-tiles). The log is a real ledger::Log over memory tiles, signed
// by a fixed key and grown in batches to 300 entries, across the first tile
// boundary. Expected tile bytes are built here from the entries (leaf hashes
// concatenated; uint16-length-prefixed bundles, tlog-tiles "Log entries"),
// expected roots come from a ledger::MemoryTree fed the same entries, and
// every proof is checked with ledger::VerifyInclusion / VerifyConsistency
// against the signed checkpoint.
#include "server/log_routes.h"

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
#include "core/json_reader.h"
#include "ledger/checkpoint.h"
#include "ledger/log.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/proof_json.h"
#include "ledger/tile.h"
#include "ledger/tile_store.h"
#include "server/request_target.h"
#include "server/router.h"

namespace accord::server {
namespace {

using ledger::Hash;
using ::testing::HasSubstr;

constexpr std::string_view kOrigin = "log.example/routes-test";
// Batch sizes: the log signs checkpoints at 1, 5, 100, 256 and 300.
constexpr std::array<std::uint64_t, 5> kBatches = {1, 4, 95, 156, 44};
constexpr std::uint64_t kSize = 300;

ledger::NoteSigner LogSigner() {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(0x5a);
  auto key = core::Ed25519PrivateKey::FromSeed(seed);
  EXPECT_TRUE(key);
  auto signer = ledger::NoteSigner::Create(std::string(kOrigin), ledger::SignatureType::kEd25519,
                                           std::move(*key));
  EXPECT_TRUE(signer) << signer.error().ToString();
  return std::move(*signer);
}

std::string Entry(std::uint64_t index) {
  return "entry " + std::to_string(index);
}

Request Get(std::string_view target) {
  Request request;
  request.method = Method::kGet;
  request.method_text = "GET";
  request.target = std::string(target);
  auto parsed = ParseRequestTarget(target);
  EXPECT_TRUE(parsed.has_value()) << target << ": " << parsed.error().ToString();
  if (parsed) request.parsed = *parsed;
  return request;
}

// Percent-encoding for a query value: '+' would mean a space, and a space
// may not appear raw.
std::string QueryEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '+')
      out += "%2B";
    else if (c == ' ')
      out += "%20";
    else if (c == '/')
      out += "%2F";
    else if (c == '=')
      out += "%3D";
    else
      out += c;
  }
  return out;
}

std::string HeaderOf(const Response& response, std::string_view name) {
  const std::string* value = response.Header(name);
  return value ? *value : std::string("<none>");
}

// Checks an RFC 9457 problem response and returns its "detail".
std::string ProblemDetail(const Response& response, int status) {
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/problem+json");
  auto json = core::ParseJsonStrict(response.body);
  if (!json) {
    ADD_FAILURE() << "problem body is not JSON: " << response.body;
    return "";
  }
  const core::JsonValue* status_member = json->Find("status");
  EXPECT_TRUE(status_member && status_member->type() == core::JsonType::kNumber &&
              status_member->AsNumber() == status)
      << response.body;
  const core::JsonValue* detail = json->Find("detail");
  if (!detail || detail->type() != core::JsonType::kString) {
    ADD_FAILURE() << "problem without a detail: " << response.body;
    return "";
  }
  return detail->AsString();
}

std::string LevelZeroTile(std::uint64_t first, std::uint64_t count) {
  std::string bytes;
  for (std::uint64_t i = first; i < first + count; ++i) {
    Hash hash = ledger::LeafHash(Entry(i));
    bytes.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  }
  return bytes;
}

std::string EntryBundle(std::uint64_t first, std::uint64_t count) {
  std::string bytes;
  for (std::uint64_t i = first; i < first + count; ++i) {
    std::string entry = Entry(i);
    bytes += static_cast<char>(entry.size() >> 8);
    bytes += static_cast<char>(entry.size() & 0xff);
    bytes += entry;
  }
  return bytes;
}

class LogRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger::NoteSigner signer = LogSigner();
    vkey_ = signer.VerifierKey();
    verifier_ = signer.verifier();
    ASSERT_TRUE(ledger::Log::Create(store_, signer));
    auto opened = ledger::Log::Open(store_, std::move(signer));
    ASSERT_TRUE(opened) << opened.error().ToString();
    log_ = std::move(*opened);
    std::uint64_t next = 0;
    for (std::uint64_t count : kBatches) {
      std::vector<std::string> batch;
      for (std::uint64_t i = 0; i < count; ++i, ++next) {
        batch.push_back(Entry(next));
        tree_.Append(ledger::LeafHash(Entry(next)));
      }
      auto receipt = log_->AppendBatch(batch);
      ASSERT_TRUE(receipt) << receipt.error().ToString();
      signed_roots_[log_->size()] = receipt->checkpoint.root_hash;
    }
    ASSERT_EQ(log_->size(), kSize);
    auto leaves = LeafIndex::Build(store_, *log_);
    ASSERT_TRUE(leaves) << leaves.error().ToString();
    leaves_ = std::move(*leaves);
    ASSERT_TRUE(AddLogRoutes(router_, *log_, store_, *leaves_, vkey_));
  }

  Response Handle(std::string_view target) { return router_.Handle(Get(target)); }

  // The root of the latest signed checkpoint, as a client gets it: from
  // /log/checkpoint, verified with the log's key.
  Hash CheckpointRoot() {
    Response response = Handle("/log/checkpoint");
    std::vector<ledger::NoteVerifier> known{verifier_};
    auto opened = ledger::OpenCheckpoint(response.body, known);
    EXPECT_TRUE(opened) << opened.error().ToString();
    return opened ? opened->checkpoint.root_hash : Hash{};
  }

  Hash RootAt(std::uint64_t size) {
    auto root = tree_.RootAt(size);
    EXPECT_TRUE(root);
    return root ? *root : Hash{};
  }

  ledger::ProofDocument DecodeOk(const Response& response) {
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/json");
    auto proof = ledger::DecodeProof(response.body);
    EXPECT_TRUE(proof) << proof.error().ToString() << "\n" << response.body;
    return proof ? *proof : ledger::ProofDocument{};
  }

  ledger::MemoryTileStore store_;
  std::unique_ptr<ledger::Log> log_;
  std::unique_ptr<LeafIndex> leaves_;
  Router router_;
  std::string vkey_;
  ledger::NoteVerifier verifier_ = LogSigner().verifier();
  ledger::MemoryTree tree_;
  std::map<std::uint64_t, Hash> signed_roots_;
};

// --- checkpoint and key ------------------------------------------------------

TEST_F(LogRoutesTest, CheckpointIsTheSignedNoteAndIsRevalidated) {
  Response response = Handle("/log/checkpoint");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, log_->signed_checkpoint());
  EXPECT_EQ(HeaderOf(response, "Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "no-cache");
  std::vector<ledger::NoteVerifier> known{verifier_};
  auto opened = ledger::OpenCheckpoint(response.body, known);
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(opened->checkpoint.origin, kOrigin);
  EXPECT_EQ(opened->checkpoint.tree_size, kSize);
  EXPECT_EQ(opened->checkpoint.root_hash, tree_.Root());
}

TEST_F(LogRoutesTest, CheckpointFollowsTheLogAsItGrows) {
  std::vector<std::string> batch{Entry(kSize)};
  ASSERT_TRUE(log_->AppendBatch(batch));
  tree_.Append(ledger::LeafHash(Entry(kSize)));
  Response response = Handle("/log/checkpoint");
  EXPECT_EQ(response.body, log_->signed_checkpoint());
  EXPECT_EQ(CheckpointRoot(), tree_.Root());
}

TEST_F(LogRoutesTest, VkeyIsTheLogsVerifierKey) {
  Response response = Handle("/log/vkey");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, vkey_ + "\n");
  EXPECT_THAT(HeaderOf(response, "Content-Type"), HasSubstr("text/plain"));
  auto parsed = ledger::NoteVerifier::Parse(response.body.substr(0, response.body.size() - 1));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(*parsed, verifier_);
}

// --- tiles -------------------------------------------------------------------

TEST_F(LogRoutesTest, FullLevelZeroTileIsServedImmutable) {
  Response response = Handle("/log/tile/0/000");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body.size(), 8192u);  // tlog-tiles: 256 hashes, 8,192 bytes
  EXPECT_EQ(response.body, LevelZeroTile(0, 256));
  EXPECT_EQ(response.body, *store_.Read("tile/0/000"));
  EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/octet-stream");
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "public, max-age=31536000, immutable");
}

TEST_F(LogRoutesTest, FullEntryBundleIsServedImmutable) {
  Response response = Handle("/log/tile/entries/000");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, EntryBundle(0, 256));
  EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/octet-stream");
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "public, max-age=31536000, immutable");
}

TEST_F(LogRoutesTest, PartialTilesOfTheCurrentSizeAreServedWithAShortLifetime) {
  // tlog-tiles "Partial Tiles": for size 300, level 0 has a 44-wide partial
  // (300 mod 256), level 1 a 1-wide one (floor(300 / 256) mod 256).
  struct Case {
    std::string_view target;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"/log/tile/0/001.p/44", LevelZeroTile(256, 44)},
      {"/log/tile/entries/001.p/44", EntryBundle(256, 44)},
      {"/log/tile/1/000.p/1", std::string(reinterpret_cast<const char*>(RootAt(256).data()), 32)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.target);
    Response response = Handle(c.target);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.body, c.expected);
    EXPECT_EQ(response.body, *store_.Read(c.target.substr(5)));
    EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/octet-stream");
    std::string cache = HeaderOf(response, "Cache-Control");
    EXPECT_THAT(cache, HasSubstr("max-age="));
    EXPECT_THAT(cache, ::testing::Not(HasSubstr("immutable")));
    std::uint64_t max_age = std::stoull(cache.substr(cache.find("max-age=") + 8));
    EXPECT_LT(max_age, 31536000u);
  }
}

TEST_F(LogRoutesTest, PartialTilesOfEarlierSignedSizesAreStillServed) {
  // tlog-tiles: "Logs MUST serve partial tiles corresponding to tree sizes
  // for which a checkpoint was produced"; checkpoints were signed at 1, 5
  // and 100.
  struct Case {
    std::string_view target;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"/log/tile/0/000.p/1", LevelZeroTile(0, 1)},
      {"/log/tile/0/000.p/5", LevelZeroTile(0, 5)},
      {"/log/tile/0/000.p/100", LevelZeroTile(0, 100)},
      {"/log/tile/entries/000.p/100", EntryBundle(0, 100)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.target);
    Response response = Handle(c.target);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.body, c.expected);
  }
}

TEST_F(LogRoutesTest, TilesBeyondTheCheckpointAre404) {
  for (std::string_view target :
       {"/log/tile/0/001", "/log/tile/0/001.p/45", "/log/tile/0/001.p/255", "/log/tile/0/002.p/1",
        "/log/tile/1/000", "/log/tile/1/000.p/2", "/log/tile/2/000.p/1", "/log/tile/entries/001",
        "/log/tile/entries/001.p/45", "/log/tile/entries/002.p/1", "/log/tile/63/000.p/1"}) {
    SCOPED_TRACE(target);
    EXPECT_THAT(ProblemDetail(Handle(target), 404), HasSubstr("beyond the latest checkpoint"));
  }
}

TEST_F(LogRoutesTest, FilesLeftBeyondTheCheckpointAreNotServed) {
  // What a batch that crashed before its checkpoint was signed leaves behind.
  std::vector<ledger::TileWrite> leftovers = {{"tile/0/001.p/50", std::string(50 * 32, 'x')},
                                              {"tile/entries/001.p/50", "junk"},
                                              {"tile/0/001", std::string(8192, 'y')}};
  ASSERT_TRUE(store_.WriteAll(leftovers));
  for (std::string_view target :
       {"/log/tile/0/001.p/50", "/log/tile/entries/001.p/50", "/log/tile/0/001"}) {
    SCOPED_TRACE(target);
    EXPECT_THAT(ProblemDetail(Handle(target), 404), HasSubstr("beyond the latest checkpoint"));
  }
}

TEST_F(LogRoutesTest, HugeTileIndexesAre404WithoutWrappingAround) {
  // 2^56 * 256 = 2^64: a product that wraps to 0 would pass for tile 0.
  for (std::string_view target :
       {"/log/tile/0/x072/x057/x594/x037/x927/936", "/log/tile/0/x072/x057/x594/x037/x927/936.p/44",
        "/log/tile/entries/x072/x057/x594/x037/x927/936.p/1",
        "/log/tile/0/x018/x446/x744/x073/x709/x551/615"}) {
    SCOPED_TRACE(target);
    EXPECT_THAT(ProblemDetail(Handle(target), 404), HasSubstr("beyond the latest checkpoint"));
  }
}

TEST_F(LogRoutesTest, MalformedTilePathsAre404) {
  for (std::string_view target :
       {"/log/tile/0", "/log/tile/0/0", "/log/tile/0/0000", "/log/tile/00/000", "/log/tile/64/000",
        "/log/tile/-1/000", "/log/tile/0/x000/000", "/log/tile/0/x001", "/log/tile/0/000.p/0",
        "/log/tile/0/000.p/256", "/log/tile/0/000.p/05", "/log/tile/0/000.p/",
        "/log/tile/0/000.p/1/2", "/log/tile/entries", "/log/tile/entries/000.p/x",
        "/log/tile/data/000", "/log/tile/8/0/000", "/log/tile/0/001.p%2F44x"}) {
    SCOPED_TRACE(target);
    Response response = Handle(target);
    EXPECT_EQ(response.status, 404) << response.body;
    EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/problem+json");
  }
}

TEST_F(LogRoutesTest, PathsOutsideTheTilesAreNotServed) {
  // An encoded '/' joins segments back into a path, so "0/../../private/..."
  // reaches the tile route as one string: ParseTilePath refuses it.
  for (std::string_view target :
       {"/log/tile/0%2F..%2F..%2Fprivate%2Fcheckpoint", "/log/tile/private/checkpoint",
        "/log/private/checkpoint", "/log/tile/checkpoint"}) {
    SCOPED_TRACE(target);
    Response response = Handle(target);
    EXPECT_EQ(response.status, 404) << response.body;
    EXPECT_EQ(response.body.find(log_->signed_checkpoint()), std::string::npos);
  }
}

// --- inclusion proofs --------------------------------------------------------

TEST_F(LogRoutesTest, InclusionProofByIndexVerifiesAgainstTheCheckpoint) {
  const Hash root = CheckpointRoot();
  for (std::uint64_t index : {0u, 1u, 99u, 255u, 256u, 298u, 299u}) {
    SCOPED_TRACE(index);
    auto proof = DecodeOk(Handle("/v1/log/proofs/inclusion?index=" + std::to_string(index)));
    EXPECT_EQ(proof.kind, ledger::ProofDocument::Kind::kInclusion);
    EXPECT_EQ(proof.index, index);
    EXPECT_EQ(proof.tree_size, kSize);
    EXPECT_EQ(proof.leaf_hash, ledger::LeafHash(Entry(index)));
    EXPECT_EQ(proof.root_hash, root);
    EXPECT_TRUE(
        ledger::VerifyInclusion(index, kSize, ledger::LeafHash(Entry(index)), proof.proof, root));
  }
}

TEST_F(LogRoutesTest, InclusionProofByLeafHashFindsTheEntry) {
  // Pick an entry whose leaf hash has a '+' in base64, the character a
  // query must carry as %2B.
  std::uint64_t index = kSize;
  for (std::uint64_t i = 0; i < kSize && index == kSize; ++i)
    if (core::Base64Encode(ledger::LeafHash(Entry(i))).find('+') != std::string::npos) index = i;
  ASSERT_LT(index, kSize);
  const Hash leaf = ledger::LeafHash(Entry(index));
  auto proof = DecodeOk(
      Handle("/v1/log/proofs/inclusion?leaf_hash=" + QueryEscape(core::Base64Encode(leaf))));
  EXPECT_EQ(proof.index, index);
  EXPECT_EQ(proof.leaf_hash, leaf);
  EXPECT_TRUE(ledger::VerifyInclusion(index, kSize, leaf, proof.proof, CheckpointRoot()));
}

TEST_F(LogRoutesTest, InclusionProofForAnEarlierTreeVerifiesAgainstItsSignedRoot) {
  struct Case {
    std::uint64_t index, tree_size;
  };
  for (const Case c : {Case{0, 1}, Case{3, 5}, Case{42, 100}, Case{99, 100}, Case{255, 256},
                       Case{0, 256}, Case{150, 299}}) {
    SCOPED_TRACE(std::to_string(c.index) + " in " + std::to_string(c.tree_size));
    auto proof = DecodeOk(Handle("/v1/log/proofs/inclusion?index=" + std::to_string(c.index) +
                                 "&tree_size=" + std::to_string(c.tree_size)));
    EXPECT_EQ(proof.tree_size, c.tree_size);
    EXPECT_EQ(proof.root_hash, RootAt(c.tree_size));
    if (signed_roots_.count(c.tree_size)) {
      EXPECT_EQ(proof.root_hash, signed_roots_[c.tree_size]);
    }
    EXPECT_TRUE(ledger::VerifyInclusion(c.index, c.tree_size, ledger::LeafHash(Entry(c.index)),
                                        proof.proof, RootAt(c.tree_size)));
  }
  // By hash, too.
  auto proof = DecodeOk(Handle("/v1/log/proofs/inclusion?tree_size=100&leaf_hash=" +
                               QueryEscape(core::Base64Encode(ledger::LeafHash(Entry(7))))));
  EXPECT_EQ(proof.index, 7u);
  EXPECT_TRUE(
      ledger::VerifyInclusion(7, 100, ledger::LeafHash(Entry(7)), proof.proof, signed_roots_[100]));
}

TEST_F(LogRoutesTest, InclusionRefusesOutOfRangeNumbersNamingTheParameter) {
  EXPECT_THAT(ProblemDetail(Handle("/v1/log/proofs/inclusion?index=300"), 400),
              AllOf(HasSubstr("\"index\""), HasSubstr("300")));
  EXPECT_THAT(ProblemDetail(Handle("/v1/log/proofs/inclusion?index=5&tree_size=5"), 400),
              AllOf(HasSubstr("\"index\""), HasSubstr("5")));
  EXPECT_THAT(ProblemDetail(Handle("/v1/log/proofs/inclusion?index=0&tree_size=301"), 400),
              AllOf(HasSubstr("\"tree_size\""), HasSubstr("300")));
  EXPECT_THAT(ProblemDetail(Handle("/v1/log/proofs/inclusion?index=0&tree_size=0"), 400),
              HasSubstr("\"tree_size\""));
  EXPECT_THAT(ProblemDetail(Handle("/v1/log/proofs/inclusion?index=18446744073709551615"), 400),
              HasSubstr("\"index\""));
}

TEST_F(LogRoutesTest, InclusionRefusesNonNumericValuesNamingTheParameter) {
  for (std::string_view value :
       {"abc", "-1", "+1", "1.0", "", "1e3", " 1", "0x10", "18446744073709551616"}) {
    SCOPED_TRACE(value);
    EXPECT_THAT(
        ProblemDetail(Handle("/v1/log/proofs/inclusion?index=" + QueryEscape(std::string(value))),
                      400),
        HasSubstr("\"index\""));
    EXPECT_THAT(ProblemDetail(Handle("/v1/log/proofs/inclusion?index=1&tree_size=" +
                                     QueryEscape(std::string(value))),
                              400),
                HasSubstr("\"tree_size\""));
  }
}

TEST_F(LogRoutesTest, InclusionNeedsExactlyOneOfIndexAndLeafHash) {
  const std::string leaf = QueryEscape(core::Base64Encode(ledger::LeafHash(Entry(3))));
  const std::vector<std::string> targets = {"/v1/log/proofs/inclusion",
                                            "/v1/log/proofs/inclusion?tree_size=10",
                                            "/v1/log/proofs/inclusion?index=3&leaf_hash=" + leaf};
  for (const std::string& target : targets) {
    SCOPED_TRACE(target);
    EXPECT_THAT(ProblemDetail(Handle(target), 400),
                AllOf(HasSubstr("\"index\""), HasSubstr("\"leaf_hash\"")));
  }
}

TEST_F(LogRoutesTest, InclusionRefusesAMalformedIndexEvenWithALeafHash) {
  const std::string leaf = QueryEscape(core::Base64Encode(ledger::LeafHash(Entry(3))));
  Response response = Handle("/v1/log/proofs/inclusion?index=abc&leaf_hash=" + leaf);
  EXPECT_THAT(ProblemDetail(response, 400), HasSubstr("\"index\""));
}

TEST_F(LogRoutesTest, InclusionRefusesAMalformedLeafHashNamingIt) {
  const std::string leaf = core::Base64Encode(ledger::LeafHash(Entry(3)));
  for (std::string value :
       {std::string("!!!!"), std::string("AAAA"),
        QueryEscape(core::Base64Encode(std::string(31, 'a'))), QueryEscape(leaf.substr(0, 40))}) {
    SCOPED_TRACE(value);
    EXPECT_THAT(ProblemDetail(Handle("/v1/log/proofs/inclusion?leaf_hash=" + value), 400),
                HasSubstr("\"leaf_hash\""));
  }
}

TEST_F(LogRoutesTest, InclusionExplainsARawPlusInTheLeafHash) {
  std::uint64_t index = kSize;
  for (std::uint64_t i = 0; i < kSize && index == kSize; ++i)
    if (core::Base64Encode(ledger::LeafHash(Entry(i))).find('+') != std::string::npos) index = i;
  ASSERT_LT(index, kSize);
  std::string raw = core::Base64Encode(ledger::LeafHash(Entry(index)));
  std::string target = "/v1/log/proofs/inclusion?leaf_hash=";
  for (char c : raw) target += c == '/' ? std::string("%2F") : c == '=' ? "%3D" : std::string(1, c);
  EXPECT_THAT(ProblemDetail(Handle(target), 400),
              AllOf(HasSubstr("\"leaf_hash\""), HasSubstr("%2B")));
}

TEST_F(LogRoutesTest, InclusionByUnknownLeafHashIs404) {
  const std::string unknown = core::Base64Encode(ledger::LeafHash("not in the log"));
  EXPECT_THAT(
      ProblemDetail(Handle("/v1/log/proofs/inclusion?leaf_hash=" + QueryEscape(unknown)), 404),
      HasSubstr("no entry with leaf hash " + unknown));
  // An entry that exists, but not in the tree asked for.
  const std::string later = core::Base64Encode(ledger::LeafHash(Entry(150)));
  EXPECT_THAT(
      ProblemDetail(
          Handle("/v1/log/proofs/inclusion?tree_size=100&leaf_hash=" + QueryEscape(later)), 404),
      HasSubstr("tree of size 100"));
}

// --- consistency proofs ------------------------------------------------------

TEST_F(LogRoutesTest, ConsistencyProofsVerifyBetweenSignedRoots) {
  struct Case {
    std::uint64_t old_size, tree_size;
  };
  for (const Case c :
       {Case{0, 300}, Case{1, 300}, Case{5, 100}, Case{100, 256}, Case{256, 300}, Case{299, 300},
        Case{300, 300}, Case{7, 100}, Case{0, 0}, Case{1, 1}, Case{128, 256}, Case{255, 257}}) {
    SCOPED_TRACE(std::to_string(c.old_size) + " -> " + std::to_string(c.tree_size));
    auto proof =
        DecodeOk(Handle("/v1/log/proofs/consistency?old_size=" + std::to_string(c.old_size) +
                        "&tree_size=" + std::to_string(c.tree_size)));
    EXPECT_EQ(proof.kind, ledger::ProofDocument::Kind::kConsistency);
    EXPECT_EQ(proof.old_size, c.old_size);
    EXPECT_EQ(proof.tree_size, c.tree_size);
    EXPECT_EQ(proof.old_root, RootAt(c.old_size));
    EXPECT_EQ(proof.root_hash, RootAt(c.tree_size));
    EXPECT_TRUE(ledger::VerifyConsistency(c.old_size, c.tree_size, RootAt(c.old_size),
                                          RootAt(c.tree_size), proof.proof));
    if (c.old_size == c.tree_size || c.old_size == 0) {
      EXPECT_TRUE(proof.proof.empty());
    }
  }
}

TEST_F(LogRoutesTest, ConsistencyProofDefaultsToTheLatestCheckpoint) {
  auto proof = DecodeOk(Handle("/v1/log/proofs/consistency?old_size=100"));
  EXPECT_EQ(proof.tree_size, kSize);
  EXPECT_EQ(proof.root_hash, CheckpointRoot());
  EXPECT_TRUE(
      ledger::VerifyConsistency(100, kSize, signed_roots_[100], CheckpointRoot(), proof.proof));
}

TEST_F(LogRoutesTest, ConsistencyRefusesBadSizesNamingTheParameter) {
  EXPECT_THAT(ProblemDetail(Handle("/v1/log/proofs/consistency?old_size=200&tree_size=100"), 400),
              AllOf(HasSubstr("\"old_size\""), HasSubstr("200")));
  EXPECT_THAT(ProblemDetail(Handle("/v1/log/proofs/consistency?old_size=301"), 400),
              HasSubstr("\"old_size\""));
  EXPECT_THAT(ProblemDetail(Handle("/v1/log/proofs/consistency?old_size=1&tree_size=301"), 400),
              AllOf(HasSubstr("\"tree_size\""), HasSubstr("301")));
  EXPECT_THAT(ProblemDetail(Handle("/v1/log/proofs/consistency"), 400), HasSubstr("\"old_size\""));
  EXPECT_THAT(ProblemDetail(Handle("/v1/log/proofs/consistency?tree_size=5"), 400),
              HasSubstr("\"old_size\""));
  EXPECT_THAT(ProblemDetail(Handle("/v1/log/proofs/consistency?old_size=x"), 400),
              HasSubstr("\"old_size\""));
  EXPECT_THAT(ProblemDetail(Handle("/v1/log/proofs/consistency?old_size=1&tree_size=-3"), 400),
              HasSubstr("\"tree_size\""));
}

// --- the leaf index ----------------------------------------------------------

TEST_F(LogRoutesTest, LeafIndexFindsEveryEntryAndNothingElse) {
  for (std::uint64_t i = 0; i < kSize; ++i) {
    auto found = leaves_->Find(ledger::LeafHash(Entry(i)));
    ASSERT_TRUE(found.has_value()) << i;
    EXPECT_EQ(*found, i);
  }
  EXPECT_FALSE(leaves_->Find(ledger::LeafHash("entry 300")).has_value());
  EXPECT_FALSE(leaves_->Find(ledger::EmptyRootHash()).has_value());
}

TEST(LeafIndexTest, KeepsTheFirstIndexOfARepeatedEntry) {
  ledger::MemoryTileStore store;
  ledger::NoteSigner signer = LogSigner();
  ASSERT_TRUE(ledger::Log::Create(store, signer));
  auto log = ledger::Log::Open(store, std::move(signer));
  ASSERT_TRUE(log) << log.error().ToString();
  std::vector<std::string> batch{"a", "b", "a", "c", "a"};
  ASSERT_TRUE((*log)->AppendBatch(batch));
  auto leaves = LeafIndex::Build(store, **log);
  ASSERT_TRUE(leaves) << leaves.error().ToString();
  EXPECT_EQ((*leaves)->Find(ledger::LeafHash("a")), 0u);
  EXPECT_EQ((*leaves)->Find(ledger::LeafHash("c")), 3u);
}

TEST(LeafIndexTest, FailsWhenALevelZeroTileIsMissing) {
  // A store that has the checkpoint of a log but lost its tiles.
  ledger::MemoryTileStore store;
  ledger::NoteSigner signer = LogSigner();
  ASSERT_TRUE(ledger::Log::Create(store, signer));
  auto log = ledger::Log::Open(store, std::move(signer));
  ASSERT_TRUE(log) << log.error().ToString();
  std::vector<std::string> batch{"a", "b"};
  ASSERT_TRUE((*log)->AppendBatch(batch));
  store.Overwrite("tile/0/000.p/2", "short");
  auto leaves = LeafIndex::Build(store, **log);
  ASSERT_FALSE(leaves.has_value());
  EXPECT_THAT(leaves.error().message, HasSubstr("tile/0/000.p/2"));
}

}  // namespace
}  // namespace accord::server
