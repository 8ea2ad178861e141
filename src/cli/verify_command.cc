// accord verify checkpoint|inclusion|consistency|log: the checks a watchdog
// runs on what a log publishes, with nothing but the log's verifier key.
// Each prints what it verified; a failure is kCorrupt (exit 4) with the
// reason, so scripts can tell "did not verify" from "could not run".
#include <unistd.h>

#include <cstdio>
#include <system_error>

#include "cli/commands.h"
#include "cli/log_directory.h"
#include "ledger/proof_json.h"
#include "core/encoding.h"
#include "core/file_io.h"
#include "ledger/checkpoint.h"
#include "ledger/log.h"
#include "ledger/merkle.h"
#include "ledger/tile.h"
#include "ledger/tile_hash_reader.h"

namespace accord::cli {
namespace {

constexpr std::uint64_t kMaxNoteFileBytes = 1u << 20;

core::Result<ledger::Checkpoint> ReadSignedCheckpoint(const std::filesystem::path& path,
                                                      const ledger::NoteVerifier& verifier) {
  auto note = core::ReadFile(path, kMaxNoteFileBytes);
  if (!note) return note.error();
  std::vector<ledger::NoteVerifier> known{verifier};
  auto opened = ledger::OpenCheckpoint(*note, known);
  if (!opened) return core::Corrupt(path.string() + ": " + opened.error().message);
  if (opened->checkpoint.origin != verifier.name())
    return core::Corrupt(path.string() + ": origin \"" + opened->checkpoint.origin +
                         "\" is not the key's name \"" + verifier.name() + "\"");
  return opened->checkpoint;
}

core::Result<ledger::ProofDocument> ReadProof(const std::filesystem::path& path) {
  auto text = core::ReadFile(path, kMaxNoteFileBytes);
  if (!text) return text.error();
  auto proof = ledger::DecodeProof(*text);
  if (!proof) return proof.error().Context(path.string());
  return proof;
}

core::Result<ledger::NoteVerifier> VerifierFor(const VerifyOptions& options) {
  if (options.vkey.empty())
    return core::InvalidArgument("--vkey: the log's verifier key (a string or a file) is required");
  return ReadVerifierKey(options.vkey);
}

std::string Short(const ledger::Hash& hash) { return core::Base64Encode(hash); }

}  // namespace

core::Status RunVerifyCheckpoint(const VerifyOptions& options) {
  auto verifier = VerifierFor(options);
  if (!verifier) return verifier.error();
  auto checkpoint = ReadSignedCheckpoint(options.checkpoint, *verifier);
  if (!checkpoint) return checkpoint.error();
  std::printf("ok: %s is signed by %s\n  origin %s, tree size %llu, root %s\n",
              options.checkpoint.c_str(), verifier->KeyLabel().c_str(), checkpoint->origin.c_str(),
              static_cast<unsigned long long>(checkpoint->tree_size),
              Short(checkpoint->root_hash).c_str());
  return core::Ok();
}

core::Status RunVerifyInclusion(const VerifyOptions& options) {
  auto verifier = VerifierFor(options);
  if (!verifier) return verifier.error();
  auto checkpoint = ReadSignedCheckpoint(options.checkpoint, *verifier);
  if (!checkpoint) return checkpoint.error();
  auto proof = ReadProof(options.proof);
  if (!proof) return proof.error();
  if (proof->kind != ledger::ProofDocument::Kind::kInclusion)
    return core::InvalidArgument(options.proof.string() + ": not an inclusion proof");
  if (proof->tree_size != checkpoint->tree_size)
    return core::InvalidArgument(options.proof.string() + ": proves tree size " +
                                 std::to_string(proof->tree_size) + " but the checkpoint is of " +
                                 std::to_string(checkpoint->tree_size));
  auto entry = core::ReadFile(options.entry, ledger::kMaxEntryBytes);
  if (!entry) return entry.error();
  ledger::Hash leaf = ledger::LeafHash(*entry);
  if (leaf != proof->leaf_hash)
    return core::Corrupt(options.entry.string() + ": its leaf hash " + Short(leaf) +
                         " is not the one the proof is for (" + Short(proof->leaf_hash) + ")");
  if (auto verified = ledger::VerifyInclusion(proof->index, checkpoint->tree_size, leaf,
                                              proof->proof, checkpoint->root_hash);
      !verified)
    return core::Corrupt(verified.error().message);
  std::printf("ok: %s is entry %llu of the log %s at tree size %llu (root %s)\n",
              options.entry.c_str(), static_cast<unsigned long long>(proof->index),
              checkpoint->origin.c_str(), static_cast<unsigned long long>(checkpoint->tree_size),
              Short(checkpoint->root_hash).c_str());
  return core::Ok();
}

core::Status RunVerifyConsistency(const VerifyOptions& options) {
  auto verifier = VerifierFor(options);
  if (!verifier) return verifier.error();
  auto older = ReadSignedCheckpoint(options.old_checkpoint, *verifier);
  if (!older) return older.error();
  auto newer = ReadSignedCheckpoint(options.checkpoint, *verifier);
  if (!newer) return newer.error();
  auto proof = ReadProof(options.proof);
  if (!proof) return proof.error();
  if (proof->kind != ledger::ProofDocument::Kind::kConsistency)
    return core::InvalidArgument(options.proof.string() + ": not a consistency proof");
  if (proof->old_size != older->tree_size || proof->tree_size != newer->tree_size)
    return core::InvalidArgument(options.proof.string() + ": proves sizes " +
                                 std::to_string(proof->old_size) + " -> " +
                                 std::to_string(proof->tree_size) + " but the checkpoints are " +
                                 std::to_string(older->tree_size) + " -> " +
                                 std::to_string(newer->tree_size));
  if (auto verified = ledger::VerifyConsistency(older->tree_size, newer->tree_size,
                                                older->root_hash, newer->root_hash, proof->proof);
      !verified)
    return core::Corrupt("the two checkpoints are not consistent (a rewritten or forked log): " +
                         verified.error().message);
  std::printf("ok: the log %s at tree size %llu extends the one at tree size %llu\n",
              newer->origin.c_str(), static_cast<unsigned long long>(newer->tree_size),
              static_cast<unsigned long long>(older->tree_size));
  return core::Ok();
}

core::Status RunVerifyLog(const VerifyOptions& options) {
  VerifyOptions resolved = options;
  if (resolved.vkey.empty()) resolved.vkey = LogVkeyPath(options.dir).string();
  auto verifier = VerifierFor(resolved);
  if (!verifier) return verifier.error();
  std::filesystem::path checkpoint_path = options.dir / "checkpoint";
  auto checkpoint = ReadSignedCheckpoint(checkpoint_path, *verifier);
  if (!checkpoint) return checkpoint.error();
  std::printf("ok: %s is signed by %s (tree size %llu)\n", checkpoint_path.c_str(),
              verifier->KeyLabel().c_str(),
              static_cast<unsigned long long>(checkpoint->tree_size));
  std::fflush(stdout);

  ledger::DirectoryTileStore store(options.dir);
  bool terminal = ::isatty(2);
  std::uint64_t total = checkpoint->tree_size, last_shown = 0;
  auto progress = [&](std::uint64_t done) {
    // Progress on standard error: a bar on a terminal, a line per 10%
    // otherwise (CI logs).
    if (terminal) {
      std::fprintf(stderr, "\rverifying entries: %llu / %llu (%3llu%%)",
                   static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                   static_cast<unsigned long long>(total ? done * 100 / total : 100));
    } else if (total >= 100000 && done * 10 / total > last_shown * 10 / total) {
      std::fprintf(stderr, "verifying entries: %llu / %llu\n",
                   static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
    }
    last_shown = done;
  };
  auto verified = ledger::VerifyStoredLog(store, *checkpoint, progress);
  if (terminal && total > 0) std::fprintf(stderr, "\n");
  if (!verified) return verified;
  std::printf("ok: all %llu entries, their hash tiles and the root match the checkpoint\n",
              static_cast<unsigned long long>(total));

  if (options.last_seen.empty()) return core::Ok();
  std::error_code ec;
  if (std::filesystem::exists(options.last_seen, ec)) {
    auto seen = ReadSignedCheckpoint(options.last_seen, *verifier);
    if (!seen) return seen.error().Context("--last-seen");
    if (seen->tree_size > checkpoint->tree_size)
      return core::Corrupt("the log's checkpoint (size " + std::to_string(checkpoint->tree_size) +
                           ") is older than the one seen before (size " +
                           std::to_string(seen->tree_size) +
                           "): a rollback or a replayed checkpoint");
    auto edge = ledger::LoadRightEdge(store, checkpoint->tree_size);
    if (!edge) return edge.error();
    ledger::TileHashReader reader(store);
    reader.SetEdge(std::make_shared<ledger::RightEdge>(std::move(*edge)));
    auto proof = ledger::ConsistencyProof(seen->tree_size, checkpoint->tree_size, reader);
    if (!proof) return proof.error();
    if (auto consistent = ledger::VerifyConsistency(seen->tree_size, checkpoint->tree_size,
                                                    seen->root_hash, checkpoint->root_hash, *proof);
        !consistent)
      return core::Corrupt("the log is not consistent with the checkpoint seen before (size " +
                           std::to_string(seen->tree_size) + "): it was rewritten or forked: " +
                           consistent.error().message);
    std::printf("ok: consistent with the checkpoint seen before (size %llu)\n",
                static_cast<unsigned long long>(seen->tree_size));
  }
  auto note = core::ReadFile(checkpoint_path, kMaxNoteFileBytes);
  if (!note) return note.error();
  if (auto kept = core::WriteFileAtomically(options.last_seen, *note); !kept) return kept;
  return core::Ok();
}

}  // namespace accord::cli
