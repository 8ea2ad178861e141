// Unit tests of ledger/proof_json.h: the JSON form of inclusion and
// consistency proofs (docs/ledger-format.md section 6). Documents are written
// out by hand here, with hashes whose values are known independently of
// accord: the RFC 6962 leaf hashes of "" and "\x00" (the first two leaves of
// the classic CT reference tree) and SHA-256("") (the empty tree's root).
#include "ledger/proof_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/encoding.h"

namespace accord::ledger {
namespace {

using core::ErrorCode;
using ::testing::HasSubstr;

// SHA-256(0x00): the leaf hash of the empty entry.
constexpr std::string_view kLeafEmptyHex =
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d";
constexpr std::string_view kLeafEmptyBase64 = "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=";
// SHA-256(0x00 || 0x00): the leaf hash of the entry "\x00".
constexpr std::string_view kLeafZeroHex =
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7";
constexpr std::string_view kLeafZeroBase64 = "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=";
// SHA-256(""): the root of the empty tree.
constexpr std::string_view kEmptyRootHex =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr std::string_view kEmptyRootBase64 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

Hash FromHex(std::string_view hex) {
  Hash hash{};
  EXPECT_TRUE(core::HexDecodeInto(hex, hash)) << hex;
  return hash;
}

std::string S(std::string_view text) {
  return std::string(text);
}

// A valid inclusion document with `member` replaced by `value` (the JSON
// text of the value), or removed when `value` is empty.
std::string InclusionWith(std::string_view member, std::string_view value) {
  std::vector<std::pair<std::string, std::string>> members = {
      {"type", "\"inclusion\""},
      {"index", "1"},
      {"tree_size", "2"},
      {"leaf_hash", "\"" + S(kLeafZeroBase64) + "\""},
      {"root_hash", "\"" + S(kEmptyRootBase64) + "\""},
      {"proof", "[\"" + S(kLeafEmptyBase64) + "\"]"},
  };
  std::string json = "{";
  for (const auto& [name, text] : members) {
    std::string_view shown = name == member ? value : std::string_view(text);
    if (shown.empty()) continue;
    if (json.size() > 1) json += ",";
    json += "\"" + name + "\":" + std::string(shown);
  }
  return json + "}";
}

std::string ConsistencyWith(std::string_view member, std::string_view value) {
  std::vector<std::pair<std::string, std::string>> members = {
      {"type", "\"consistency\""},
      {"old_size", "1"},
      {"tree_size", "2"},
      {"old_root_hash", "\"" + S(kLeafEmptyBase64) + "\""},
      {"root_hash", "\"" + S(kEmptyRootBase64) + "\""},
      {"proof", "[\"" + S(kLeafZeroBase64) + "\"]"},
  };
  std::string json = "{";
  for (const auto& [name, text] : members) {
    std::string_view shown = name == member ? value : std::string_view(text);
    if (shown.empty()) continue;
    if (json.size() > 1) json += ",";
    json += "\"" + name + "\":" + std::string(shown);
  }
  return json + "}";
}

// Expects DecodeProof to refuse `json` with a message that holds `place`
// (e.g. `member "tree_size"`) and `reason`.
void ExpectRefusedAt(const std::string& json, const std::string& place, std::string_view reason) {
  SCOPED_TRACE(json);
  auto decoded = DecodeProof(json);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(decoded.error().message, HasSubstr("proof: " + place + ": "));
  EXPECT_THAT(decoded.error().message, HasSubstr(std::string(reason)));
}

void ExpectRefused(const std::string& json, std::string_view member, std::string_view reason) {
  ExpectRefusedAt(json, "member \"" + std::string(member) + "\"", reason);
}

void ExpectRefusedElement(const std::string& json, int index, std::string_view reason) {
  ExpectRefusedAt(json, "member \"proof\"[" + std::to_string(index) + "]", reason);
}

void ExpectSameDocument(const ProofDocument& a, const ProofDocument& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.old_size, b.old_size);
  EXPECT_EQ(a.tree_size, b.tree_size);
  EXPECT_EQ(a.leaf_hash, b.leaf_hash);
  EXPECT_EQ(a.old_root, b.old_root);
  EXPECT_EQ(a.root_hash, b.root_hash);
  EXPECT_EQ(a.proof, b.proof);
}

// --- decoding documents written by hand --------------------------------------

TEST(DecodeProofTest, ReadsAnInclusionDocument) {
  auto decoded = DecodeProof(InclusionWith("", ""));
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->kind, ProofDocument::Kind::kInclusion);
  EXPECT_EQ(decoded->index, 1u);
  EXPECT_EQ(decoded->tree_size, 2u);
  EXPECT_EQ(decoded->leaf_hash, FromHex(kLeafZeroHex));
  EXPECT_EQ(decoded->root_hash, FromHex(kEmptyRootHex));
  EXPECT_EQ(decoded->proof, std::vector<Hash>{FromHex(kLeafEmptyHex)});
}

TEST(DecodeProofTest, ReadsAConsistencyDocument) {
  auto decoded = DecodeProof(ConsistencyWith("", ""));
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->kind, ProofDocument::Kind::kConsistency);
  EXPECT_EQ(decoded->old_size, 1u);
  EXPECT_EQ(decoded->tree_size, 2u);
  EXPECT_EQ(decoded->old_root, FromHex(kLeafEmptyHex));
  EXPECT_EQ(decoded->root_hash, FromHex(kEmptyRootHex));
  EXPECT_EQ(decoded->proof, std::vector<Hash>{FromHex(kLeafZeroHex)});
}

TEST(DecodeProofTest, AcceptsWhitespaceMemberOrderAndUnknownMembers) {
  std::string json =
      "{ \"proof\" : [ ], \"comment\": {\"x\": [1, 2]},\n"
      "  \"root_hash\": \"" +
      S(kEmptyRootBase64) +
      "\",\n"
      "  \"leaf_hash\": \"" +
      S(kLeafEmptyBase64) +
      "\",\n"
      "  \"tree_size\": 1, \"index\": 0, \"type\": \"inclusion\" }\n";
  auto decoded = DecodeProof(json);
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->tree_size, 1u);
  EXPECT_EQ(decoded->leaf_hash, FromHex(kLeafEmptyHex));
  EXPECT_TRUE(decoded->proof.empty());
}

TEST(DecodeProofTest, ReadsTheLargestSizes) {
  auto decoded = DecodeProof(ConsistencyWith("old_size", "18446744073709551615"));
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->old_size, UINT64_MAX);
  auto inclusion = DecodeProof(InclusionWith("tree_size", "18446744073709551615"));
  ASSERT_TRUE(inclusion) << inclusion.error().ToString();
  EXPECT_EQ(inclusion->tree_size, UINT64_MAX);
}

TEST(DecodeProofTest, AcceptsExactly128ProofHashes) {
  std::string hashes = "[";
  for (int i = 0; i < 128; ++i) hashes += (i ? ",\"" : "\"") + S(kLeafZeroBase64) + "\"";
  hashes += "]";
  auto decoded = DecodeProof(InclusionWith("proof", hashes));
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->proof.size(), 128u);
}

// --- encoding ----------------------------------------------------------------

TEST(EncodeProofTest, WritesTheDocumentedInclusionMembers) {
  ProofDocument proof;
  proof.index = 1;
  proof.tree_size = 2;
  proof.leaf_hash = FromHex(kLeafZeroHex);
  proof.root_hash = FromHex(kEmptyRootHex);
  proof.proof = {FromHex(kLeafEmptyHex)};
  EXPECT_EQ(EncodeProof(proof), InclusionWith("", ""));
}

TEST(EncodeProofTest, WritesTheDocumentedConsistencyMembers) {
  ProofDocument proof;
  proof.kind = ProofDocument::Kind::kConsistency;
  proof.old_size = 1;
  proof.tree_size = 2;
  proof.old_root = FromHex(kLeafEmptyHex);
  proof.root_hash = FromHex(kEmptyRootHex);
  proof.proof = {FromHex(kLeafZeroHex)};
  EXPECT_EQ(EncodeProof(proof), ConsistencyWith("", ""));
}

TEST(EncodeProofTest, RoundTripsBothKindsWithEmptyAndLongProofs) {
  std::vector<ProofDocument> documents;
  for (auto kind : {ProofDocument::Kind::kInclusion, ProofDocument::Kind::kConsistency}) {
    for (std::size_t length : {0u, 1u, 64u, 128u}) {
      ProofDocument proof;
      proof.kind = kind;
      proof.tree_size = UINT64_MAX - length;
      if (kind == ProofDocument::Kind::kInclusion) {
        proof.index = length * 1000;
        proof.leaf_hash = FromHex(kLeafZeroHex);
      } else {
        proof.old_size = length;
        proof.old_root = FromHex(kLeafEmptyHex);
      }
      proof.root_hash = FromHex(kEmptyRootHex);
      for (std::size_t i = 0; i < length; ++i) {
        Hash hash{};
        hash[0] = static_cast<std::uint8_t>(i);
        hash[31] = static_cast<std::uint8_t>(255 - i);
        proof.proof.push_back(hash);
      }
      documents.push_back(proof);
    }
  }
  for (const auto& proof : documents) {
    std::string json = EncodeProof(proof);
    SCOPED_TRACE(json.substr(0, 120));
    auto decoded = DecodeProof(json);
    ASSERT_TRUE(decoded) << decoded.error().ToString();
    ExpectSameDocument(*decoded, proof);
  }
}

// --- refusals: each names the member and the reason --------------------------

TEST(DecodeProofTest, RefusesTextThatIsNotAJsonObject) {
  for (std::string_view json : {"", "{", "{\"type\":}", "nul", "{} x"}) {
    auto decoded = DecodeProof(json);
    ASSERT_FALSE(decoded.has_value()) << json;
    EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(decoded.error().message, HasSubstr("proof: not JSON")) << json;
  }
  for (std::string_view json : {"[]", "\"inclusion\"", "42", "null"}) {
    auto decoded = DecodeProof(json);
    ASSERT_FALSE(decoded.has_value()) << json;
    EXPECT_EQ(decoded.error().message, "proof: expected a JSON object");
  }
}

TEST(DecodeProofTest, RefusesAMissingOrUnknownType) {
  ExpectRefused(InclusionWith("type", ""), "type", "missing");
  ExpectRefused(InclusionWith("type", "7"), "type", "not a string");
  ExpectRefused(InclusionWith("type", "\"exclusion\""), "type",
                "expected \"inclusion\" or \"consistency\"");
  ExpectRefused(InclusionWith("type", "\"Inclusion\""), "type", "expected");
}

TEST(DecodeProofTest, NamesTheTypeBeforeOtherMembersWhenItIsUnknown) {
  // A document of an unknown kind is reported as such, not as missing the
  // members of some other kind.
  ExpectRefused("{\"type\":\"exclusion\"}", "type", "expected \"inclusion\" or \"consistency\"");
}

TEST(DecodeProofTest, RefusesSizesThatAreNotNonNegativeIntegers) {
  for (std::string_view value :
       {"", "-1", "1.5", "1e3", "\"5\"", "true", "null", "18446744073709551616", "[1]"}) {
    ExpectRefused(InclusionWith("tree_size", value), "tree_size",
                  "missing or not a non-negative integer");
    ExpectRefused(InclusionWith("index", value), "index", "missing or not a non-negative integer");
    ExpectRefused(ConsistencyWith("old_size", value), "old_size",
                  "missing or not a non-negative integer");
  }
}

TEST(DecodeProofTest, RefusesHashesThatAreMissingNotBase64OrNot32Bytes) {
  const std::string short_hash = "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\"";  // 31 bytes
  const std::string long_hash = "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"";   // 33 bytes
  ExpectRefused(InclusionWith("root_hash", ""), "root_hash", "missing or not a string");
  ExpectRefused(InclusionWith("root_hash", "1"), "root_hash", "missing or not a string");
  ExpectRefused(InclusionWith("root_hash", "\"!!!!\""), "root_hash", "");
  ExpectRefused(InclusionWith("root_hash", short_hash), "root_hash", "31 bytes");
  ExpectRefused(InclusionWith("leaf_hash", ""), "leaf_hash", "missing or not a string");
  ExpectRefused(InclusionWith("leaf_hash", long_hash), "leaf_hash", "33 bytes");
  // Base64 with whitespace or URL-safe letters is not the canonical spelling.
  ExpectRefused(InclusionWith("leaf_hash", "\" " + S(kLeafZeroBase64) + "\""), "leaf_hash", "");
  ExpectRefused(ConsistencyWith("old_root_hash", ""), "old_root_hash", "missing or not a string");
  ExpectRefused(
      ConsistencyWith("old_root_hash", "\"bjQLnP-zepicpUTmu3gKLHiQHT-zNzh2hRGjBhevoB0=\""),
      "old_root_hash", "");
}

TEST(DecodeProofTest, RefusesABadProofArrayNamingTheElement) {
  ExpectRefused(InclusionWith("proof", ""), "proof", "missing or not an array");
  ExpectRefused(InclusionWith("proof", "{}"), "proof", "missing or not an array");
  ExpectRefused(InclusionWith("proof", "\"" + S(kLeafZeroBase64) + "\""), "proof",
                "missing or not an array");
  ExpectRefusedElement(InclusionWith("proof", "[\"" + S(kLeafZeroBase64) + "\", 3]"), 1,
                       "not a string");
  ExpectRefusedElement(ConsistencyWith("proof", "[\"" + S(kLeafZeroBase64) + "\",\"" +
                                                    S(kLeafZeroBase64) + "\",\"A===\"]"),
                       2, "");
  ExpectRefusedElement(InclusionWith("proof", "[\"AAAA\"]"), 0, "3 bytes");
}

TEST(DecodeProofTest, RefusesMoreThan128ProofHashes) {
  std::string hashes = "[";
  for (int i = 0; i < 129; ++i) hashes += (i ? ",\"" : "\"") + S(kLeafZeroBase64) + "\"";
  hashes += "]";
  ExpectRefused(InclusionWith("proof", hashes), "proof", "more than 128 hashes");
}

TEST(DecodeProofTest, RefusesMembersOfTheOtherKindInPlaceOfItsOwn) {
  // A consistency document relabelled as inclusion lacks index and leaf_hash.
  std::string relabelled = ConsistencyWith("type", "\"inclusion\"");
  ExpectRefused(relabelled, "index", "missing");
  std::string relabelled_back = InclusionWith("type", "\"consistency\"");
  ExpectRefused(relabelled_back, "old_size", "missing");
}

}  // namespace
}  // namespace accord::ledger
