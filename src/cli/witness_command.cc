// accord witness: keeps the last checkpoint cosigned per log and cosigns a
// new one only with a proof that it extends it (ledger/witness.h).
#include <chrono>
#include <cstdio>
#include <system_error>

#include "cli/commands.h"
#include "cli/log_directory.h"
#include "core/crypto.h"
#include "core/encoding.h"
#include "core/file_io.h"
#include "core/key_file.h"
#include "ledger/proof_json.h"
#include "ledger/witness.h"

namespace accord::cli {
namespace {

std::filesystem::path LogStateDir(const std::filesystem::path& dir, const std::string& origin) {
  return dir / "logs" / core::HexEncode(core::Sha256(origin));
}

core::Result<ledger::Witness> LoadWitness(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(dir / "vkey", ec))
    return core::NotFound("no witness in " + dir.string() +
                          "; create one with: accord witness init " + dir.string() +
                          " --name NAME");
  auto vkey = ReadVerifierKey((dir / "vkey").string());
  if (!vkey) return vkey.error();
  auto key = core::ReadPrivateKeyFile(dir / "witness.key");
  if (!key) return key.error();
  auto signer = ledger::NoteSigner::Create(vkey->name(), ledger::SignatureType::kCosignatureV1,
                                           std::move(*key));
  if (!signer) return signer.error();
  return ledger::Witness(std::move(*signer));
}

}  // namespace

core::Status RunWitnessInit(const WitnessOptions& options) {
  std::error_code ec;
  if (std::filesystem::exists(options.dir / "witness.key", ec))
    return core::Conflict(options.dir.string() + " already holds a witness key");
  std::filesystem::create_directories(options.dir / "logs", ec);
  if (ec) return core::Unavailable("create " + options.dir.string() + ": " + ec.message());
  auto key = core::Ed25519PrivateKey::Generate();
  if (!key) return key.error();
  auto copy = core::Ed25519PrivateKey::FromSeed(key->seed());
  if (!copy) return copy.error();
  auto signer = ledger::NoteSigner::Create(options.name, ledger::SignatureType::kCosignatureV1,
                                           std::move(*copy));
  if (!signer) return signer.error().Context("--name");
  if (auto written = core::WritePrivateKeyFile(options.dir / "witness.key", *key); !written)
    return written;
  std::string vkey = signer->VerifierKey();
  if (auto written = core::WriteFileAtomically(options.dir / "vkey", vkey + "\n"); !written)
    return written;
  std::printf("created witness %s in %s\ncosigner verifier key:\n%s\n", options.name.c_str(),
              options.dir.c_str(), vkey.c_str());
  return core::Ok();
}

core::Status RunWitnessFollow(const WitnessOptions& options) {
  auto witness = LoadWitness(options.dir);
  if (!witness) return witness.error();
  auto log_key = ReadVerifierKey(options.log_vkey);
  if (!log_key) return log_key.error();
  std::filesystem::path state = LogStateDir(options.dir, log_key->name());
  std::error_code ec;
  if (std::filesystem::exists(state / "vkey", ec))
    return core::Conflict("this witness already follows " + log_key->name());
  std::filesystem::create_directories(state, ec);
  if (ec) return core::Unavailable("create " + state.string() + ": " + ec.message());
  if (auto written = core::WriteFileAtomically(state / "vkey", log_key->VerifierKey() + "\n");
      !written)
    return written;
  std::printf("following %s (%s)\n", log_key->name().c_str(), log_key->KeyLabel().c_str());
  return core::Ok();
}

core::Status RunWitnessCosign(const WitnessOptions& options) {
  auto witness = LoadWitness(options.dir);
  if (!witness) return witness.error();
  auto note = core::ReadFile(options.checkpoint, 1u << 20);
  if (!note) return note.error();
  auto body = ledger::ParseNote(*note);
  if (!body) return body.error().Context(options.checkpoint.string());
  std::string origin = body->text.substr(0, body->text.find('\n'));
  std::filesystem::path state = LogStateDir(options.dir, origin);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(state / "vkey", ec))
    return core::NotFound("this witness does not follow \"" + origin +
                          "\"; add it with: accord witness follow " + options.dir.string() +
                          " --vkey LOG_VKEY");
  auto log_key = ReadVerifierKey((state / "vkey").string());
  if (!log_key) return log_key.error();
  ledger::WitnessedLog log{*log_key, std::nullopt, ""};
  if (std::filesystem::exists(state / "checkpoint", ec)) {
    auto last_note = core::ReadFile(state / "checkpoint", 1u << 20);
    if (!last_note) return last_note.error();
    std::vector<ledger::NoteVerifier> known{*log_key};
    auto last = ledger::OpenCheckpoint(*last_note, known);
    if (!last) return core::Corrupt((state / "checkpoint").string() + ": " + last.error().message);
    log.last = last->checkpoint;
    log.last_note = *last_note;
  }
  std::vector<ledger::Hash> proof;
  std::uint64_t old_size = log.last ? log.last->tree_size : 0;
  if (!options.proof.empty()) {
    auto text = core::ReadFile(options.proof, 1u << 20);
    if (!text) return text.error();
    auto document = ledger::DecodeProof(*text);
    if (!document) return document.error().Context(options.proof.string());
    if (document->kind != ledger::ProofDocument::Kind::kConsistency)
      return core::InvalidArgument(options.proof.string() + ": not a consistency proof");
    old_size = document->old_size;
    proof = document->proof;
  } else if (log.last && log.last->tree_size > 0) {
    // Without a proof only the same checkpoint can be cosigned again.
    old_size = log.last->tree_size;
  }
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  auto cosigned = witness->AddCheckpoint(log, old_size, proof, *note,
                                         static_cast<std::uint64_t>(now));
  if (!cosigned) return cosigned.error();
  if (auto written = core::WriteFileAtomically(state / "checkpoint", log.last_note); !written)
    return written.error().Context("remember the cosigned checkpoint");
  std::fputs(cosigned->note.c_str(), stdout);
  return core::Ok();
}

}  // namespace accord::cli
