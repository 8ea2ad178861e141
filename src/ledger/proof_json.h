// The JSON form of inclusion and consistency proofs, as `accord log prove`
// prints them, the node serves them and `accord verify` reads them
// (docs/ledger-format.md, "Proofs"). Hashes are standard base64.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ledger/hash.h"

namespace accord::ledger {

struct ProofDocument {
  enum class Kind { kInclusion, kConsistency } kind = Kind::kInclusion;
  std::uint64_t index = 0;       // inclusion
  std::uint64_t old_size = 0;    // consistency
  std::uint64_t tree_size = 0;   // the (new) tree size
  Hash leaf_hash{};      // inclusion
  Hash old_root{};       // consistency
  Hash root_hash{};      // of tree_size
  std::vector<Hash> proof;
};

std::string EncodeProof(const ProofDocument& proof);
// Fails with kInvalidArgument naming the member and the reason.
core::Result<ProofDocument> DecodeProof(std::string_view json);

}  // namespace accord::ledger
