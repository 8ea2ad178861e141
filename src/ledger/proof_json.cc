#include "ledger/proof_json.h"

#include <boost/json.hpp>

#include "core/encoding.h"
#include "ledger/merkle.h"

namespace accord::ledger {
namespace {

std::string B64(const Hash& hash) { return core::Base64Encode(hash); }

core::Result<Hash> HashMember(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  if (!value || !value->is_string())
    return core::InvalidArgument("proof: member \"" + std::string(name) +
                                 "\": missing or not a string");
  auto bytes = core::Base64Decode(value->as_string());
  if (!bytes) return bytes.error().Context("proof: member \"" + std::string(name) + "\"");
  auto hash = HashFromBytes(*bytes);
  if (!hash) return hash.error().Context("proof: member \"" + std::string(name) + "\"");
  return hash;
}

core::Result<std::uint64_t> NumberMember(const boost::json::object& object,
                                         std::string_view name) {
  const auto* value = object.if_contains(name);
  if (value && value->is_uint64()) return value->as_uint64();
  if (value && value->is_int64() && value->as_int64() >= 0)
    return static_cast<std::uint64_t>(value->as_int64());
  return core::InvalidArgument("proof: member \"" + std::string(name) +
                               "\": missing or not a non-negative integer");
}

}  // namespace

std::string EncodeProof(const ProofDocument& proof) {
  boost::json::object object;
  boost::json::array hashes;
  for (const auto& hash : proof.proof) hashes.emplace_back(B64(hash));
  if (proof.kind == ProofDocument::Kind::kInclusion) {
    object["type"] = "inclusion";
    object["index"] = proof.index;
    object["tree_size"] = proof.tree_size;
    object["leaf_hash"] = B64(proof.leaf_hash);
    object["root_hash"] = B64(proof.root_hash);
  } else {
    object["type"] = "consistency";
    object["old_size"] = proof.old_size;
    object["tree_size"] = proof.tree_size;
    object["old_root_hash"] = B64(proof.old_root);
    object["root_hash"] = B64(proof.root_hash);
  }
  object["proof"] = std::move(hashes);
  return boost::json::serialize(object);
}

core::Result<ProofDocument> DecodeProof(std::string_view json) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json, ec);
  if (ec) return core::InvalidArgument("proof: not JSON: " + ec.message());
  if (!value.is_object()) return core::InvalidArgument("proof: expected a JSON object");
  const auto& object = value.as_object();
  ProofDocument proof;
  // The type first: a document of an unknown kind is reported as that, not
  // as lacking the members of some kind it is not.
  const auto* type = object.if_contains("type");
  if (!type || !type->is_string())
    return core::InvalidArgument(
        "proof: member \"type\": missing or not a string (expected \"inclusion\" or "
        "\"consistency\")");
  if (type->as_string() != "inclusion" && type->as_string() != "consistency")
    return core::InvalidArgument(
        "proof: member \"type\": expected \"inclusion\" or \"consistency\"");
  auto tree_size = NumberMember(object, "tree_size");
  if (!tree_size) return tree_size.error();
  proof.tree_size = *tree_size;
  auto root = HashMember(object, "root_hash");
  if (!root) return root.error();
  proof.root_hash = *root;
  if (type->as_string() == "inclusion") {
    auto index = NumberMember(object, "index");
    if (!index) return index.error();
    proof.index = *index;
    auto leaf = HashMember(object, "leaf_hash");
    if (!leaf) return leaf.error();
    proof.leaf_hash = *leaf;
  } else {
    proof.kind = ProofDocument::Kind::kConsistency;
    auto old_size = NumberMember(object, "old_size");
    if (!old_size) return old_size.error();
    proof.old_size = *old_size;
    auto old_root = HashMember(object, "old_root_hash");
    if (!old_root) return old_root.error();
    proof.old_root = *old_root;
  }
  const auto* hashes = object.if_contains("proof");
  if (!hashes || !hashes->is_array())
    return core::InvalidArgument("proof: member \"proof\": missing or not an array");
  if (hashes->as_array().size() > 128)
    return core::InvalidArgument("proof: member \"proof\": more than 128 hashes");
  for (std::size_t i = 0; i < hashes->as_array().size(); ++i) {
    const auto& item = hashes->as_array()[i];
    if (!item.is_string())
      return core::InvalidArgument("proof: member \"proof\"[" + std::to_string(i) +
                                   "]: not a string");
    auto bytes = core::Base64Decode(item.as_string());
    if (!bytes) return bytes.error().Context("proof: member \"proof\"[" + std::to_string(i) + "]");
    auto hash = HashFromBytes(*bytes);
    if (!hash) return hash.error().Context("proof: member \"proof\"[" + std::to_string(i) + "]");
    proof.proof.push_back(*hash);
  }
  return proof;
}

}  // namespace accord::ledger
