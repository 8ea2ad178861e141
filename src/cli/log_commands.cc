// accord log init|append|checkpoint|prove: a bare log directory, used by
// the crash test and by anyone testing the log in isolation.
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/log_directory.h"
#include "ledger/proof_json.h"
#include "core/crypto.h"
#include "core/encoding.h"
#include "core/file_io.h"
#include "ledger/tile.h"

namespace accord::cli {
namespace {

core::Result<std::string> DevelopmentLogOrigin() {
  std::array<std::uint8_t, 4> random{};
  if (auto filled = core::RandomBytes(random); !filled) return filled.error();
  return "log-" + core::HexEncode(random) + ".accord.invalid";
}

// Appends `entries` as one durable batch and reports it on standard output
// only once it is covered by the written checkpoint.
core::Status Flush(ledger::Log& log, std::vector<std::string>& entries) {
  if (entries.empty()) return core::Ok();
  auto receipt = log.AppendBatch(entries);
  if (!receipt) return receipt.error();
  std::printf("appended %llu..%llu tree_size=%llu\n",
              static_cast<unsigned long long>(receipt->first_index),
              static_cast<unsigned long long>(receipt->first_index + receipt->count - 1),
              static_cast<unsigned long long>(receipt->checkpoint.tree_size));
  std::fflush(stdout);
  entries.clear();
  return core::Ok();
}

}  // namespace

core::Status RunLogInit(const LogInitOptions& options) {
  std::string origin = options.origin;
  if (origin.empty()) {
    auto chosen = DevelopmentLogOrigin();
    if (!chosen) return chosen.error();
    origin = *chosen;
  }
  auto key = core::Ed25519PrivateKey::Generate();
  if (!key) return key.error();
  auto vkey = CreateLogDirectory(options.dir, origin, *key, /*write_key_file=*/true);
  if (!vkey) return vkey.error();
  std::printf("created log %s in %s\nverifier key (also in %s):\n%s\n", origin.c_str(),
              options.dir.c_str(), LogVkeyPath(options.dir).c_str(), vkey->c_str());
  return core::Ok();
}

core::Status RunLogAppend(const LogAppendOptions& options) {
  if (options.batch == 0) return core::InvalidArgument("--batch: must be at least 1");
  // Read everything we were given from files first: a missing or oversize
  // file must stop the command before anything is appended.
  std::vector<std::string> from_files;
  for (const auto& file : options.files) {
    auto data = core::ReadFile(file, ledger::kMaxEntryBytes);
    if (!data) {
      if (data.error().code == core::ErrorCode::kResourceExhausted)
        return core::InvalidArgument(file.string() + ": larger than " +
                                     std::to_string(ledger::kMaxEntryBytes) +
                                     " bytes, the most one log entry can hold");
      return data.error();
    }
    from_files.push_back(std::move(*data));
  }
  auto opened = OpenLogDirectory(options.dir, options.key, ledger::OpenOptions{false});
  if (!opened) return opened.error();
  ledger::Log& log = *opened->log;
  std::vector<std::string> pending;
  if (!options.files.empty()) {
    for (auto& entry : from_files) {
      pending.push_back(std::move(entry));
      if (pending.size() == options.batch)
        if (auto flushed = Flush(log, pending); !flushed) return flushed;
    }
    return Flush(log, pending);
  }
  // Standard input: one entry per line, without its newline.
  std::string line;
  std::uint64_t line_number = 0;
  while (std::getline(std::cin, line)) {
    ++line_number;
    if (line.size() > ledger::kMaxEntryBytes)
      return core::InvalidArgument("standard input, line " + std::to_string(line_number) +
                                   ": " + std::to_string(line.size()) +
                                   " bytes, more than one log entry can hold (" +
                                   std::to_string(ledger::kMaxEntryBytes) + ")");
    pending.push_back(std::move(line));
    if (pending.size() == options.batch)
      if (auto flushed = Flush(log, pending); !flushed) return flushed;
  }
  return Flush(log, pending);
}

core::Status RunLogCheckpoint(const std::filesystem::path& dir) {
  auto opened = OpenLogDirectory(dir, {}, ledger::OpenOptions{false});
  if (!opened) return opened.error();
  std::fputs(opened->log->signed_checkpoint().c_str(), stdout);
  return core::Ok();
}

core::Status RunLogProve(const LogProveOptions& options) {
  if (options.index.has_value() == options.old_size.has_value())
    return core::InvalidArgument("give either --index (inclusion) or --consistency OLD_SIZE");
  auto opened = OpenLogDirectory(options.dir, {}, ledger::OpenOptions{false});
  if (!opened) return opened.error();
  const ledger::Log& log = *opened->log;
  ledger::ProofDocument document;
  document.tree_size = options.tree_size.value_or(log.size());
  auto root = log.RootAt(document.tree_size);
  if (!root) return root.error();
  document.root_hash = *root;
  if (options.index) {
    document.index = *options.index;
    auto proof = log.ProveInclusion(document.index, document.tree_size);
    if (!proof) return proof.error();
    auto entry = log.ReadEntry(document.index);
    if (!entry) return entry.error();
    document.leaf_hash = ledger::LeafHash(*entry);
    document.proof = std::move(*proof);
  } else {
    document.kind = ledger::ProofDocument::Kind::kConsistency;
    document.old_size = *options.old_size;
    auto proof = log.ProveConsistency(document.old_size, document.tree_size);
    if (!proof) return proof.error();
    auto old_root = log.RootAt(document.old_size);
    if (!old_root) return old_root.error();
    document.old_root = *old_root;
    document.proof = std::move(*proof);
  }
  std::printf("%s\n", ledger::EncodeProof(document).c_str());
  return core::Ok();
}

}  // namespace accord::cli
