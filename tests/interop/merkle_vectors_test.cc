// The inclusion and consistency test vectors of transparency-dev/merkle
// (commit 417fb0c3, testdata/), kept read-only in
// $ACCORD_SHARED_DATA/tlog-vectors/transparency-dev-merkle (its README
// describes them). Every inclusion/ and consistency/ vector is run, and each
// must give the verdict its `wantErr` states, except one documented
// deviation. The subtree*/ vectors are for draft-ietf-plants-merkle-tree-certs
// subtree proofs, which accord does not implement: they are not run, and a
// test checks that they are the only files not run. The test fails, never
// skips, when the data is missing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "core/encoding.h"
#include "core/file_io.h"
#include "core/json_reader.h"
#include "ledger/merkle.h"

namespace accord::ledger {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// Upstream expects success; we reject. Path relative to the folder, and why.
struct Deviation {
  std::string_view path;
  std::string_view reason;
};
constexpr Deviation kDeviations[] = {
    {"consistency/additional/sizes-are-equal-one-and-proof-is-empty.json",
     "its roots are 12-byte strings; transparency-dev/merkle only compares the bytes when the "
     "sizes are equal, but accord insists on 32-byte SHA-256 hashes (HashFromBytes), as "
     "tlogcheck does"},
};

// Counts stated in the folder's README: 196 inclusion + consistency vectors
// and 322 subtree vectors. A change in the data shows up here.
constexpr std::size_t kExpectedRun = 196;
constexpr std::size_t kExpectedSubtree = 322;

// The vector folder, or an empty path after recording a failure.
fs::path VectorFolder() {
  const char* shared = std::getenv("ACCORD_SHARED_DATA");
  if (shared == nullptr || *shared == '\0') {
    ADD_FAILURE() << "ACCORD_SHARED_DATA is not set; it must name the shared conformance data "
                     "folder holding tlog-vectors/transparency-dev-merkle";
    return {};
  }
  const fs::path folder = fs::path(shared) / "tlog-vectors" / "transparency-dev-merkle";
  std::error_code error;
  if (!fs::is_directory(folder / "inclusion", error) ||
      !fs::is_directory(folder / "consistency", error)) {
    ADD_FAILURE() << "missing folder " << folder << " with inclusion/ and consistency/ "
                  << "(ACCORD_SHARED_DATA=" << shared << ")";
    return {};
  }
  return folder;
}

enum class Kind { kInclusion, kConsistency, kReferenceTree, kSubtree, kLicense, kUnknown };

Kind KindOf(const fs::path& relative) {
  const std::string top = relative.begin()->string();
  if (relative == "LICENSE") return Kind::kLicense;
  if (relative == "reference-tree.json") return Kind::kReferenceTree;
  if (relative.extension() != ".json") return Kind::kUnknown;
  if (top == "inclusion") return Kind::kInclusion;
  if (top == "consistency") return Kind::kConsistency;
  if (top == "subtreeinclusion" || top == "subtreeconsistency") return Kind::kSubtree;
  return Kind::kUnknown;
}

// Every regular file under the folder, relative to it, sorted.
std::vector<fs::path> AllFiles(const fs::path& folder) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::recursive_directory_iterator(folder, error)) {
    if (entry.is_regular_file()) files.push_back(fs::relative(entry.path(), folder));
  }
  EXPECT_FALSE(error) << "listing " << folder << ": " << error.message();
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<fs::path> FilesOf(const fs::path& folder, Kind kind) {
  std::vector<fs::path> files;
  for (const fs::path& file : AllFiles(folder))
    if (KindOf(file) == kind) files.push_back(file);
  return files;
}

const Deviation* DeviationFor(const fs::path& relative) {
  for (const Deviation& deviation : kDeviations)
    if (relative.generic_string() == deviation.path) return &deviation;
  return nullptr;
}

// --- Reading one vector. Problems with the data itself (not JSON, a missing
// field, bad base64) are test failures, never verdicts.

struct Vector {
  std::string text;
  core::JsonValue json;
};

Vector ReadVector(const fs::path& path) {
  auto text = core::ReadFile(path);
  if (!text) {
    ADD_FAILURE() << text.error().ToString();
    return {};
  }
  auto json = core::ParseJsonStrict(*text);
  if (!json) {
    ADD_FAILURE() << path << ": " << json.error().ToString();
    return {};
  }
  return {*std::move(text), *std::move(json)};
}

const core::JsonValue& Field(const core::JsonValue& json, std::string_view name,
                             core::JsonType type) {
  static const core::JsonValue null;
  const core::JsonValue* value = json.Find(name);
  if (value == nullptr || value->type() != type) {
    ADD_FAILURE() << "field \"" << name << "\" missing or not a " << core::JsonTypeName(type);
    return null;
  }
  return *value;
}

// An unsigned integer member, read exactly. The vectors hold 2^64 - 1
// (leafIdx-sub-@1), which a double cannot: the digits are taken from the
// text after `"name":`, and the parsed double must agree with them.
std::uint64_t Uint(const Vector& vector, std::string_view name) {
  const double number = Field(vector.json, name, core::JsonType::kNumber).AsNumber();
  const std::string key = "\"" + std::string(name) + "\"";
  for (std::size_t at = vector.text.find(key); at != std::string::npos;
       at = vector.text.find(key, at + 1)) {
    std::size_t next = vector.text.find_first_not_of(" \t\r\n", at + key.size());
    if (next == std::string::npos || vector.text[next] != ':') continue;  // inside a string
    next = vector.text.find_first_not_of(" \t\r\n", next + 1);
    if (next == std::string::npos) break;
    std::uint64_t value = 0;
    const char* begin = vector.text.data() + next;
    const char* end = vector.text.data() + vector.text.size();
    auto [stop, error] = std::from_chars(begin, end, value);
    if (error != std::errc() || stop == begin || static_cast<double>(value) != number) break;
    return value;
  }
  ADD_FAILURE() << "field \"" << name << "\" is not an unsigned 64-bit integer";
  return 0;
}

// Base64 to bytes, then to a Hash: only the second step may reject.
core::Result<Hash> DecodeHash(const std::string& base64, std::string_view what) {
  auto bytes = core::Base64Decode(base64);
  if (!bytes) {
    ADD_FAILURE() << what << ": not base64: " << bytes.error().ToString();
    return core::Internal("bad test data");
  }
  auto hash = HashFromBytes(*bytes);
  if (!hash) return hash.error().Context(what);
  return hash;
}

core::Result<Hash> HashField(const core::JsonValue& json, std::string_view name) {
  const core::JsonValue& value = Field(json, name, core::JsonType::kString);
  if (value.type() != core::JsonType::kString) return core::Internal("bad test data");
  return DecodeHash(value.AsString(), name);
}

core::Result<std::vector<Hash>> ProofField(const core::JsonValue& json) {
  std::vector<Hash> proof;
  const core::JsonValue* value = json.Find("proof");
  if (value == nullptr) {
    ADD_FAILURE() << "field \"proof\" missing";
    return core::Internal("bad test data");
  }
  if (value->type() == core::JsonType::kNull) return proof;  // Go's nil slice
  for (const core::JsonValue& element : Field(json, "proof", core::JsonType::kArray).AsArray()) {
    if (element.type() != core::JsonType::kString) {
      ADD_FAILURE() << "proof element is not a string";
      return core::Internal("bad test data");
    }
    auto hash = DecodeHash(element.AsString(), "proof[" + std::to_string(proof.size()) + "]");
    if (!hash) return hash.error();
    proof.push_back(*hash);
  }
  return proof;
}

// What accord says about one vector: its verdict and, if rejected, whether
// already because a hash was not 32 bytes.
struct Verdict {
  core::Status status;
  bool rejected_by_length = false;
};

Verdict RunInclusion(const Vector& vector) {
  const core::JsonValue& json = vector.json;
  auto root = HashField(json, "root");
  if (!root) return {root.error(), true};
  auto leaf = HashField(json, "leafHash");
  if (!leaf) return {leaf.error(), true};
  auto proof = ProofField(json);
  if (!proof) return {proof.error(), true};
  return {VerifyInclusion(Uint(vector, "leafIdx"), Uint(vector, "treeSize"), *leaf, *proof, *root)};
}

Verdict RunConsistency(const Vector& vector) {
  const core::JsonValue& json = vector.json;
  auto root1 = HashField(json, "root1");
  if (!root1) return {root1.error(), true};
  auto root2 = HashField(json, "root2");
  if (!root2) return {root2.error(), true};
  auto proof = ProofField(json);
  if (!proof) return {proof.error(), true};
  return {VerifyConsistency(Uint(vector, "size1"), Uint(vector, "size2"), *root1, *root2, *proof)};
}

struct Tally {
  std::size_t run = 0, accepted = 0, rejected = 0, rejected_by_length = 0, deviations = 0;
};

Tally RunAll(const fs::path& folder, Kind kind) {
  Tally tally;
  for (const fs::path& file : FilesOf(folder, kind)) {
    SCOPED_TRACE(file.generic_string());
    const Vector vector = ReadVector(folder / file);
    const bool want_error = Field(vector.json, "wantErr", core::JsonType::kBool).AsBool();
    const Verdict verdict =
        kind == Kind::kInclusion ? RunInclusion(vector) : RunConsistency(vector);
    ++tally.run;
    if (verdict.status) {
      ++tally.accepted;
    } else {
      ++tally.rejected;
      if (verdict.rejected_by_length) ++tally.rejected_by_length;
    }
    if (DeviationFor(file) != nullptr) {
      ++tally.deviations;  // checked by its own test below
      continue;
    }
    if (want_error) {
      EXPECT_FALSE(verdict.status.has_value()) << "accepted, but upstream wants an error";
    } else {
      EXPECT_TRUE(verdict.status.has_value()) << verdict.status.error().ToString();
    }
  }
  std::cout << "transparency-dev-merkle "
            << (kind == Kind::kInclusion ? "inclusion" : "consistency") << ": " << tally.run
            << " run, " << tally.accepted << " accepted, " << tally.rejected << " rejected ("
            << tally.rejected_by_length << " of them for a hash that is not "
            << "32 bytes), " << tally.deviations << " documented deviation(s)\n";
  return tally;
}

TEST(MerkleVectorsTest, ReferenceTreeLeafHashesAndRootsMatch) {
  const fs::path folder = VectorFolder();
  if (folder.empty()) return;
  const core::JsonValue json = ReadVector(folder / "reference-tree.json").json;
  const auto& leaves = Field(json, "leaves_hex", core::JsonType::kArray).AsArray();
  const auto& leaf_hashes = Field(json, "leaf_hashes_hex", core::JsonType::kArray).AsArray();
  const auto& roots = Field(json, "roots_hex_by_size", core::JsonType::kArray).AsArray();
  ASSERT_EQ(leaves.size(), 8u);
  ASSERT_EQ(leaf_hashes.size(), 8u);
  ASSERT_EQ(roots.size(), 9u);
  MemoryTree tree;
  EXPECT_EQ(HashHex(tree.Root()), roots[0].AsString());
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    auto entry = core::HexDecode(leaves[i].AsString());
    ASSERT_TRUE(entry.has_value()) << entry.error().ToString();
    const Hash leaf =
        LeafHash(std::string_view(reinterpret_cast<const char*>(entry->data()), entry->size()));
    EXPECT_EQ(HashHex(leaf), leaf_hashes[i].AsString()) << "leaf " << i;
    tree.Append(leaf);
    EXPECT_EQ(HashHex(tree.Root()), roots[i + 1].AsString()) << "size " << i + 1;
  }
}

TEST(MerkleVectorsTest, EveryInclusionVectorGivesItsExpectedVerdict) {
  const fs::path folder = VectorFolder();
  if (folder.empty()) return;
  const Tally tally = RunAll(folder, Kind::kInclusion);
  EXPECT_EQ(tally.run, 98u);
  EXPECT_EQ(tally.deviations, 0u);
}

TEST(MerkleVectorsTest, EveryConsistencyVectorGivesItsExpectedVerdictButOneDeviation) {
  const fs::path folder = VectorFolder();
  if (folder.empty()) return;
  const Tally tally = RunAll(folder, Kind::kConsistency);
  EXPECT_EQ(tally.run, 98u);
  EXPECT_EQ(tally.deviations, std::size(kDeviations));
}

TEST(MerkleVectorsTest, WeRejectEqualSizesWithTwelveByteRootsWhichUpstreamAccepts) {
  // The one deviation: the vector wants success for size1 == size2 == 1
  // with an empty proof and equal roots "ZG9uJ3QgY2FyZSAy" ("don't care 2",
  // 12 bytes). A tree head's root is a SHA-256 hash; accord rejects anything
  // else before comparing, so a 12-byte "root" is never accepted.
  const fs::path folder = VectorFolder();
  if (folder.empty()) return;
  for (const Deviation& deviation : kDeviations) {
    SCOPED_TRACE(std::string(deviation.path) + ": " + std::string(deviation.reason));
    const fs::path path = folder / deviation.path;
    ASSERT_TRUE(fs::exists(path)) << "deviation file gone upstream; drop it from kDeviations";
    const Vector vector = ReadVector(path);
    EXPECT_FALSE(Field(vector.json, "wantErr", core::JsonType::kBool).AsBool())
        << "upstream now wants an error: no longer a deviation";
    const Verdict verdict = RunConsistency(vector);
    ASSERT_FALSE(verdict.status.has_value());
    EXPECT_TRUE(verdict.rejected_by_length);
    EXPECT_EQ(verdict.status.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(verdict.status.error().message, "root1: hash has 12 bytes, expected 32");
  }
}

TEST(MerkleVectorsTest, HappyPathProofsAreTheOnesWeGenerateFromTheReferenceTree) {
  // Where a vector expects success over the reference tree, our prover must
  // produce exactly its proof: this checks the prover, which the verdict
  // tests above never call.
  const fs::path folder = VectorFolder();
  if (folder.empty()) return;
  const core::JsonValue reference = ReadVector(folder / "reference-tree.json").json;
  MemoryTree tree;
  for (const core::JsonValue& hex :
       Field(reference, "leaf_hashes_hex", core::JsonType::kArray).AsArray()) {
    Hash leaf{};
    ASSERT_TRUE(core::HexDecodeInto(hex.AsString(), leaf).has_value());
    tree.Append(leaf);
  }
  std::size_t compared = 0;
  for (Kind kind : {Kind::kInclusion, Kind::kConsistency}) {
    for (const fs::path& file : FilesOf(folder, kind)) {
      const Vector vector = ReadVector(folder / file);
      const core::JsonValue& json = vector.json;
      if (Field(json, "wantErr", core::JsonType::kBool).AsBool()) continue;
      if (DeviationFor(file) != nullptr) continue;
      SCOPED_TRACE(file.generic_string());
      auto proof = ProofField(json);
      ASSERT_TRUE(proof.has_value());
      if (kind == Kind::kInclusion) {
        const std::uint64_t index = Uint(vector, "leafIdx"), size = Uint(vector, "treeSize");
        auto leaf = HashField(json, "leafHash");
        ASSERT_TRUE(leaf.has_value());
        auto stored = tree.ReadHashes(std::vector<NodeId>{{0, index}});
        if (size > tree.size() || !stored || (*stored)[0] != *leaf) continue;  // another tree
        auto ours = InclusionProof(index, size, tree);
        ASSERT_TRUE(ours.has_value()) << ours.error().ToString();
        EXPECT_EQ(*ours, *proof);
      } else {
        const std::uint64_t size1 = Uint(vector, "size1"), size2 = Uint(vector, "size2");
        if (size2 > tree.size()) continue;
        auto root2 = HashField(json, "root2");
        ASSERT_TRUE(root2.has_value());
        if (*root2 != *tree.RootAt(size2)) continue;  // another tree
        auto ours = ConsistencyProof(size1, size2, tree);
        ASSERT_TRUE(ours.has_value()) << ours.error().ToString();
        EXPECT_EQ(*ours, *proof);
      }
      ++compared;
    }
  }
  // 5 inclusion happy paths over the reference tree (the single-entry one
  // uses another leaf) and 5 consistency happy paths.
  EXPECT_EQ(compared, 10u);
}

TEST(MerkleVectorsTest, OnlyTheSubtreeVectorsAreNotRun) {
  const fs::path folder = VectorFolder();
  if (folder.empty()) return;
  std::map<Kind, std::size_t> counts;
  for (const fs::path& file : AllFiles(folder)) {
    const Kind kind = KindOf(file);
    EXPECT_NE(kind, Kind::kUnknown) << "unexpected file " << file << ": neither run nor listed";
    ++counts[kind];
  }
  EXPECT_EQ(counts[Kind::kInclusion] + counts[Kind::kConsistency], kExpectedRun);
  EXPECT_EQ(counts[Kind::kReferenceTree], 1u);
  EXPECT_EQ(counts[Kind::kLicense], 1u);
  // Not run: draft-ietf-plants-merkle-tree-certs subtree proofs, which accord
  // does not implement (Go's x/mod tlog does not either).
  EXPECT_EQ(counts[Kind::kSubtree], kExpectedSubtree);
  std::cout << "transparency-dev-merkle: " << counts[Kind::kInclusion] << " inclusion and "
            << counts[Kind::kConsistency] << " consistency vectors run; " << counts[Kind::kSubtree]
            << " subtree vectors (subtreeinclusion/, "
            << "subtreeconsistency/) not run: another draft\n";
}

}  // namespace
}  // namespace accord::ledger
