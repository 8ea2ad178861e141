// libFuzzer target for the signed-note, checkpoint and verifier-key parsers
// (ledger/note.h, ledger/checkpoint.h). Besides memory errors it checks
// properties a bug would break:
//   - ParseNote, ParseCheckpointBody and NoteVerifier::Parse fail only with
//     kInvalidArgument or kResourceExhausted;
//   - a note that parses encodes back to exactly the input (one spelling per
//     note: strict base64, split at the last blank line);
//   - a checkpoint body that parses validates, and Body() reproduces the
//     input exactly;
//   - a verifier key that parses writes back exactly the input;
//   - OpenNote against fixed keys never accepts a note that no fixed key
//     signed (the fuzzer cannot forge Ed25519, so every acceptance is a bug).
// Any violation aborts, so libFuzzer reports it as a crash.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/checkpoint.h"
#include "ledger/note.h"

namespace {

using accord::core::Error;
using accord::core::ErrorCode;
using namespace accord::ledger;

[[noreturn]] void Violated(const char* property, std::string_view detail) {
  std::fprintf(stderr, "property violated: %s\n%.*s\n", property, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

void CheckRejection(const Error& error) {
  if (error.code != ErrorCode::kInvalidArgument && error.code != ErrorCode::kResourceExhausted) {
    Violated("rejections are kInvalidArgument or kResourceExhausted", error.ToString());
  }
}

// Verifiers whose names a fuzzer can find in the seeds but whose signatures
// it cannot produce.
const std::vector<NoteVerifier>& FixedVerifiers() {
  static const std::vector<NoteVerifier> verifiers = [] {
    std::vector<NoteVerifier> list;
    accord::core::Ed25519PublicKey key;
    key.bytes.fill(0x42);
    list.push_back(NoteVerifier::Create("log.example", SignatureType::kEd25519, key).value());
    key.bytes.fill(0x43);
    list.push_back(
        NoteVerifier::Create("witness.example", SignatureType::kCosignatureV1, key).value());
    return list;
  }();
  return verifiers;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  if (auto note = ParseNote(input); note) {
    if (EncodeNote(*note) != input) Violated("EncodeNote(ParseNote(x)) == x", input);
  } else {
    CheckRejection(note.error());
  }

  if (auto checkpoint = ParseCheckpointBody(input); checkpoint) {
    if (auto valid = checkpoint->Validate(); !valid) {
      Violated("a parsed checkpoint validates", valid.error().ToString());
    }
    if (checkpoint->Body() != input) Violated("Body(ParseCheckpointBody(x)) == x", input);
  } else {
    CheckRejection(checkpoint.error());
  }

  if (auto verifier = NoteVerifier::Parse(input); verifier) {
    if (verifier->VerifierKey() != input) Violated("VerifierKey(Parse(x)) == x", input);
  } else {
    CheckRejection(verifier.error());
  }

  if (auto opened = OpenNote(input, FixedVerifiers()); opened) {
    Violated("OpenNote accepts only notes signed by a known key", input);
  } else {
    CheckRejection(opened.error());
  }
  return 0;
}
