// accord transparency report --year Y [--state CC] [--format json|csv|html]
// [--log DIR] [--out FILE]: the annual transparency report (issue 9,
// docs/transparency.md) computed offline from a log directory, as a
// watchdog holding a copy of the tiles would compute it. The checkpoint is
// verified with the log's verifier key (<dir>/vkey, or --vkey), every entry
// bundle is re-hashed against it (ledger::VerifyStoredLog), and the report
// cites it: the figures stand for exactly the entries it signs.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "cli/command_groups.h"
#include "cli/log_directory.h"
#include "core/file_io.h"
#include "ledger/checkpoint.h"
#include "ledger/log.h"
#include "ledger/tile.h"
#include "ledger/tile_store.h"
#include "transparency/public_ledger.h"
#include "transparency/replay.h"
#include "transparency/report.h"

namespace accord::cli {
namespace {

// A signed note is a few hundred bytes; this bounds a hostile file.
constexpr std::uint64_t kMaxCheckpointFileBytes = 1u << 20;

struct TransparencyReportOptions {
  int year = 0;
  std::string state;  // "" for every state
  std::string format = "json";
  std::filesystem::path log = "accord-data/log";
  std::string vkey;  // default: <log>/vkey
  std::filesystem::path out;  // "" for standard output
};

core::Result<ledger::Checkpoint> VerifiedCheckpoint(const TransparencyReportOptions& options) {
  const std::string vkey = options.vkey.empty() ? LogVkeyPath(options.log).string() : options.vkey;
  // ReadVerifierKey takes a missing file for a key string; say plainly
  // that the log directory has no key instead.
  std::error_code ec;
  if (options.vkey.empty() && !std::filesystem::exists(vkey, ec))
    return core::NotFound(vkey + ": no verifier key (is --log a log directory? else give --vkey)");
  auto verifier = ReadVerifierKey(vkey);
  if (!verifier) return verifier.error().Context("--vkey " + vkey);
  const std::filesystem::path path = options.log / "checkpoint";
  auto note = core::ReadFile(path, kMaxCheckpointFileBytes);
  if (!note) return note.error();
  std::vector<ledger::NoteVerifier> known{*verifier};
  auto opened = ledger::OpenCheckpoint(*note, known);
  if (!opened) return core::Corrupt(path.string() + ": " + opened.error().message);
  if (opened->checkpoint.origin != verifier->name())
    return core::Corrupt(path.string() + ": origin \"" + opened->checkpoint.origin +
                         "\" is not the key's name \"" + verifier->name() + "\"");
  return opened->checkpoint;
}

core::Status RunTransparencyReport(const TransparencyReportOptions& options) {
  auto checkpoint = VerifiedCheckpoint(options);
  if (!checkpoint) return checkpoint.error();
  ledger::DirectoryTileStore store(options.log);
  if (auto verified = ledger::VerifyStoredLog(store, *checkpoint); !verified)
    return verified.error().Context("verify the log against its checkpoint");
  transparency::PublicLedger replayed;
  if (auto applied = transparency::ReplayStoredEntries(replayed, store, checkpoint->tree_size,
                                                       checkpoint->tree_size);
      !applied)
    return applied.error().Context("replay the public log");
  std::optional<std::string> state;
  if (!options.state.empty()) state = options.state;
  auto report = transparency::Compute(replayed, options.year, state, *checkpoint);
  if (!report) return report.error();
  const std::string text = options.format == "csv"    ? transparency::EncodeReportCsv(*report)
                           : options.format == "html" ? transparency::EncodeReportHtml(*report)
                                                      : transparency::EncodeReportJson(*report) + "\n";
  if (options.out.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return core::Ok();
  }
  return core::WriteFileAtomically(options.out, text);
}

}  // namespace

GroupDispatch AddTransparencyCommands(CLI::App& app) {
  auto options = std::make_shared<TransparencyReportOptions>();
  auto* group = app.add_subcommand(
      "transparency", "Transparency reports computed from the public log (docs/transparency.md)");
  group->require_subcommand(1);
  auto* report = group->add_subcommand(
      "report", "The annual report of one year (UTC), per state and global, from a log directory");
  report->add_option("--year", options->year, "The calendar year (UTC)")
      ->required()
      ->check(CLI::Range(1970, 9999));
  report->add_option("--state", options->state,
                     "Only this state (ISO 3166-1 alpha-2) besides the global figures");
  report->add_option("--format", options->format, "json, csv or html")
      ->check(CLI::IsMember({"json", "csv", "html"}))
      ->capture_default_str();
  report->add_option("--log", options->log,
                     "The log directory (checkpoint, tile/, vkey), e.g. DATA/log")
      ->capture_default_str();
  report->add_option("--vkey", options->vkey,
                     "The log's verifier key, a string or a file (default: <log>/vkey)");
  report->add_option("--out", options->out, "Write the report to this file (default: stdout)");
  return [=]() -> std::optional<core::Status> {
    if (*report) return RunTransparencyReport(*options);
    return std::nullopt;
  };
}

}  // namespace accord::cli
