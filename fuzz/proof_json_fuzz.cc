// libFuzzer target for the JSON proof documents (ledger/proof_json.h), which
// `accord verify` reads from files anyone may hand it. Besides memory errors
// it checks properties a bug would break:
//   - DecodeProof fails only with kInvalidArgument, and every message starts
//     with "proof: " (it names the member, or says the text is not JSON);
//   - a document that decodes re-encodes to one that decodes to the same
//     document, and encoding that again gives the same bytes (EncodeProof
//     has one spelling per document).
// Any violation aborts, so libFuzzer reports it as a crash.
//
// Boost.JSON is compiled into this target (src.hpp) so that its parser is
// instrumented too; Debian's libboost_json.so is not, and without coverage
// inside the parser the fuzzer finds well-formed JSON only by luck. The
// definitions here take precedence over the shared library's.
#include <boost/json/src.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ledger/proof_json.h"

namespace {

using accord::core::ErrorCode;
using accord::ledger::DecodeProof;
using accord::ledger::EncodeProof;
using accord::ledger::ProofDocument;

[[noreturn]] void Violated(const char* property, std::string_view detail) {
  std::fprintf(stderr, "property violated: %s\n%.*s\n", property, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

bool SameDocument(const ProofDocument& a, const ProofDocument& b) {
  return a.kind == b.kind && a.index == b.index && a.old_size == b.old_size &&
         a.tree_size == b.tree_size && a.leaf_hash == b.leaf_hash && a.old_root == b.old_root &&
         a.root_hash == b.root_hash && a.proof == b.proof;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto decoded = DecodeProof(text);
  if (!decoded) {
    if (decoded.error().code != ErrorCode::kInvalidArgument)
      Violated("rejections are kInvalidArgument", decoded.error().ToString());
    if (decoded.error().message.rfind("proof: ", 0) != 0)
      Violated("messages start with \"proof: \"", decoded.error().message);
    return 0;
  }
  // Members a kind does not use are not part of its document.
  ProofDocument expected = *decoded;
  if (expected.kind == ProofDocument::Kind::kInclusion) {
    if (expected.old_size != 0 || expected.old_root != accord::ledger::Hash{})
      Violated("an inclusion document leaves the consistency members empty", text);
  } else if (expected.index != 0 || expected.leaf_hash != accord::ledger::Hash{}) {
    Violated("a consistency document leaves the inclusion members empty", text);
  }

  const std::string encoded = EncodeProof(*decoded);
  auto again = DecodeProof(encoded);
  if (!again) Violated("an encoded document decodes", again.error().ToString() + "\n" + encoded);
  if (!SameDocument(*again, *decoded))
    Violated("decode(encode(d)) == d", std::string(text) + "\n" + encoded);
  if (EncodeProof(*again) != encoded) Violated("encoding is deterministic", encoded);
  return 0;
}
