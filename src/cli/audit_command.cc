// accord audit --log URL|DIR: what a watchdog runs on a node it does not
// trust (issue 9, docs/transparency.md "Auditing a node you do not trust").
//
// With a node URL it fetches the published transparency reports FIRST and
// the checkpoint AFTER them, so that the checkpoint is at least as large as
// every size a report cites (checkpoints only grow). It then verifies the
// checkpoint's signature (and witness cosignatures with --witness), checks
// it against the last checkpoint this auditor kept for the origin
// (rollback, split view, fork), re-hashes every tile and entry bundle
// against it, replays every public entry, recomputes each published report
// at the size it cites and compares the bytes. A log directory (a mirror)
// gets the same checks without the reports.
//
// Verification problems are collected, not stopped at, so one run names
// all it can; the first is the verdict's reason. Only a clean audit moves
// the kept checkpoint forward.
//
// The Audit class is declared in cli/audit_run.h; its fetching side is in
// cli/audit_fetch.cc, its verifying side and the CLI11 wiring here.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "cli/audit.h"
#include "cli/audit_run.h"
#include "cli/command_groups.h"
#include "cli/http_client.h"
#include "cli/http_tile_store.h"
#include "cli/log_directory.h"
#include "cli/node_calls.h"
#include "cli/progress.h"
#include "core/encoding.h"
#include "core/file_io.h"
#include "ledger/checkpoint.h"
#include "ledger/log.h"
#include "ledger/merkle.h"
#include "ledger/tile_hash_reader.h"
#include "ledger/tile_store.h"
#include "transparency/public_ledger.h"
#include "transparency/replay.h"
#include "transparency/report.h"

namespace accord::cli {
namespace audit_internal {
namespace {

// A tile is 8 KiB and a report a few hundred KiB; a slow node gets this long
// per call before the audit calls it unreachable.
constexpr std::chrono::seconds kAuditCallTimeout{60};

bool IsUrl(std::string_view text) {
  return text.starts_with("http://") || text.starts_with("https://");
}

std::string Describe(const Published& item) {
  return "report " + std::to_string(item.year) + (item.state ? " " + *item.state : std::string()) +
         " (" + item.format + ", tree size " + std::to_string(item.tree_size) + ")";
}

}  // namespace

core::Status Audit::VerifyTiles() {
  Progress progress("verify tiles", ProgressUnit::kEntries);
  auto verified = ledger::VerifyStoredLog(*store_, checkpoint_, [&](std::uint64_t done) {
    progress.Update(done, checkpoint_.tree_size);
  });
  progress.Finish();
  if (!verified) {
    if (verified.error().code == core::ErrorCode::kUnavailable)
      return core::NotFound("cannot audit " + url_ + ": " + verified.error().message);
    Problem("the log's tiles do not match its signed checkpoint: " + verified.error().message);
    return core::Ok();
  }
  Say("  tiles: all " + std::to_string(checkpoint_.tree_size) +
      " entries, their hash tiles and the root match the checkpoint");
  return core::Ok();
}

void Audit::CheckHistory() {
  auto edge = ledger::LoadRightEdge(*store_, checkpoint_.tree_size);
  ledger::TileHashReader reader(*store_);
  if (edge) reader.SetEdge(std::make_shared<ledger::RightEdge>(std::move(*edge)));
  auto history =
      CompareWithSaved(saved_, checkpoint_, [&](std::uint64_t size) -> core::Result<ledger::Hash> {
        if (!edge) return edge.error();
        return ledger::TreeHash(size, reader);
      });
  if (!history) {
    Problem(history.error().message);
    return;
  }
  history_ = *history;
}

core::Status Audit::ReplayAndCompare() {
  std::vector<const Published*> order;
  for (const auto& item : published_) {
    if (item.tree_size > checkpoint_.tree_size) {
      Problem("GET " + item.path + ": the report cites tree size " +
              std::to_string(item.tree_size) + ", larger than the node's checkpoint (" +
              std::to_string(checkpoint_.tree_size) +
              ") fetched after it: it stands for no log anyone can check");
      continue;
    }
    order.push_back(&item);
  }
  std::stable_sort(order.begin(), order.end(), [](const Published* a, const Published* b) {
    return a->tree_size < b->tree_size;
  });
  auto edge = ledger::LoadRightEdge(*store_, checkpoint_.tree_size);
  if (!edge) {
    Problem("read the right edge of the tiles: " + edge.error().message);
    return core::Ok();
  }
  ledger::TileHashReader reader(*store_);
  reader.SetEdge(std::make_shared<ledger::RightEdge>(std::move(*edge)));

  transparency::PublicLedger ledger;
  Progress progress("replay entries", ProgressUnit::kEntries);
  auto replay_to = [&](std::uint64_t size) -> bool {
    auto applied = transparency::ReplayStoredEntries(
        ledger, *store_, checkpoint_.tree_size, size,
        [&](std::uint64_t done) { progress.Update(done, checkpoint_.tree_size); });
    if (!applied) {
      progress.Finish();
      Problem("replay the public log: " + applied.error().message);
      return false;
    }
    return true;
  };
  auto root_at = [&](std::uint64_t size) -> core::Result<ledger::Hash> {
    if (size == checkpoint_.tree_size) return checkpoint_.root_hash;
    return ledger::TreeHash(size, reader);
  };
  bool index_checked = !index_size_ || *index_size_ > checkpoint_.tree_size;
  if (index_size_ && *index_size_ > checkpoint_.tree_size)
    Problem("GET /v1/transparency/reports: the index cites tree size " +
            std::to_string(*index_size_) + ", larger than the node's checkpoint (" +
            std::to_string(checkpoint_.tree_size) + ")");
  auto check_index = [&] {
    // The years the node lists are the ones a reader is offered: a year it
    // leaves out is a report nobody is asked to check.
    if (index_checked || ledger.size() != *index_size_) return;
    index_checked = true;
    if (transparency::CoveredYears(ledger) != index_years_)
      Problem(
          "GET /v1/transparency/reports: the years listed are not the years the log covers at tree "
          "size " +
          std::to_string(*index_size_));
  };
  for (const Published* item : order) {
    if (!index_checked && *index_size_ <= item->tree_size) {
      if (!replay_to(*index_size_)) return core::Ok();
      check_index();
    }
    if (!replay_to(item->tree_size)) return core::Ok();
    auto root = root_at(item->tree_size);
    if (!root) {
      Problem("compute the log's root at tree size " + std::to_string(item->tree_size) + ": " +
              root.error().message);
      continue;
    }
    ledger::Checkpoint cite;
    cite.origin = checkpoint_.origin;
    cite.tree_size = item->tree_size;
    cite.root_hash = *root;
    auto report = transparency::Compute(ledger, item->year, item->state, cite);
    if (!report) {
      Problem("recompute the " + Describe(*item) + ": " + report.error().message);
      continue;
    }
    std::optional<ReportDifference> difference;
    if (item->format == "json")
      difference = FirstJsonDifference(item->body, transparency::EncodeReportJson(*report) + "\n");
    else if (item->format == "csv")
      difference = FirstCsvDifference(item->body, transparency::EncodeReportCsv(*report));
    else
      difference = FirstLineDifference(item->body, transparency::EncodeReportHtml(*report));
    ++compared_;
    if (difference)
      Problem("the published " + Describe(*item) +
              " is not the report the log gives: " + difference->Describe());
  }
  if (!index_checked && *index_size_ <= checkpoint_.tree_size) {
    if (!replay_to(*index_size_)) return core::Ok();
    check_index();
  }
  if (!replay_to(checkpoint_.tree_size)) return core::Ok();
  progress.Finish();
  replayed_ = ledger.size();
  Say("  replay: all " + std::to_string(replayed_) + " public entries read");
  return core::Ok();
}

core::Status Audit::Verdict() {
  if (!problems_.empty()) {
    Say("audit: FAIL  " + problems_.front());
    for (std::size_t i = 1; i < problems_.size(); ++i) Say("  also: " + problems_[i]);
    if (saved_)
      Say("  (the checkpoint kept from the last audit, size " + std::to_string(saved_->tree_size) +
          ", was left as it was)");
    return core::Corrupt("audit failed: " + std::to_string(problems_.size()) + " problem" +
                         (problems_.size() == 1 ? "" : "s") + " (see above)");
  }
  // Only a log that verified moves the kept checkpoint forward.
  std::error_code ec;
  const auto saved_path = SavedCheckpointPath(state_dir_, checkpoint_.origin);
  std::filesystem::create_directories(saved_path.parent_path(), ec);
  if (ec)
    return core::Unavailable("create " + saved_path.parent_path().string() + ": " + ec.message());
  if (history_ != CheckpointHistory::kSame)
    if (auto kept = core::WriteFileAtomically(saved_path, note_); !kept)
      return kept.error().Context("keep the checkpoint");
  if (key_first_use_) {
    const auto pinned = PinnedKeyPath(state_dir_, url_);
    std::filesystem::create_directories(pinned.parent_path(), ec);
    if (auto written = core::WriteFileAtomically(pinned, key_->VerifierKey() + "\n"); !written)
      return written.error().Context("pin the log key");
  }
  std::string reports = client_ ? std::to_string(compared_) + " published report" +
                                      (compared_ == 1 ? "" : "s") + " recomputed, identical"
                                : "no published reports to compare (a log directory)";
  Say("audit: PASS  " + checkpoint_.origin + " at tree size " +
      std::to_string(checkpoint_.tree_size) + ", root " + ledger::HashHex(checkpoint_.root_hash) +
      "; " + std::to_string(replayed_) + " entries replayed; " + reports);
  if (history_ == CheckpointHistory::kFirstAudit)
    Say("  first audit of this log: checkpoint pinned in " + saved_path.string());
  else if (history_ == CheckpointHistory::kSame)
    Say("  the same checkpoint as seen on " + saved_day_);
  else
    Say("  consistent with the checkpoint of size " + std::to_string(saved_->tree_size) +
        " seen on " + saved_day_);
  if (!witness_line_.empty()) Say("  " + witness_line_);
  return core::Ok();
}

core::Status Audit::Run() {
  // Arguments first (exit 2), then the source (exit 3), then the checks (exit 4).
  if (options_.witness_quorum > static_cast<int>(options_.witnesses.size()))
    return core::InvalidArgument("--witness-quorum " + std::to_string(options_.witness_quorum) +
                                 ": only " + std::to_string(options_.witnesses.size()) +
                                 " --witness keys given");
  for (const auto& text : options_.witnesses) {
    auto witness = ReadVerifierKey(text);
    if (!witness) return witness.error().Context("--witness");
    if (witness->type() != ledger::SignatureType::kCosignatureV1)
      return core::InvalidArgument("--witness " + witness->name() +
                                   ": not a cosigner key (type 0x04)");
    witnesses_.push_back(std::move(*witness));
  }
  for (const auto& state : options_.states)
    if (state.size() != 2 || !std::isupper(static_cast<unsigned char>(state[0])) ||
        !std::isupper(static_cast<unsigned char>(state[1])))
      return core::InvalidArgument("--state " + core::QuoteForMessage(state) +
                                   ": not two upper-case letters");
  if (auto resolved = ResolveStateDir(); !resolved) return resolved;

  if (IsUrl(options_.log)) {
    auto url = ParseHttpUrl(options_.log);
    if (!url) return url.error().Context("--log");
    url_ = url->Origin() + url->path_prefix;
    client_ = std::make_unique<HttpClient>(*url, kAuditCallTimeout);
    store_ = std::make_unique<HttpTileStore>(*client_);
  } else {
    if (!options_.years.empty() || !options_.states.empty())
      return core::InvalidArgument(
          "--year and --state compare a node's published reports: give --log URL");
    dir_ = options_.log;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir_, ec))
      return core::NotFound(dir_.string() + ": no such log directory");
    url_ = dir_.string();
    store_ = std::make_unique<ledger::DirectoryTileStore>(dir_);
  }
  Say("audit of " + url_);
  if (auto resolved = ResolveKey(); !resolved) return resolved;

  if (client_) {
    // The reports before the checkpoint: the checkpoint is then at least as
    // large as any size they cite, and a cited size beyond it is a lie.
    if (auto fetched = FetchReports(); !fetched) return fetched;
    if (auto fetched = FetchCheckpoint(); !fetched) return fetched;
  } else if (auto read = ReadLocalCheckpoint(); !read) {
    return read;
  }
  std::vector<ledger::NoteVerifier> known{*key_};
  auto opened = ledger::OpenCheckpoint(note_, known);
  if (!opened) {
    key_first_use_ = false;
    Problem("the checkpoint does not verify with the log key " + key_->KeyLabel() + ": " +
            opened.error().message);
    return Verdict();
  }
  checkpoint_ = opened->checkpoint;
  if (checkpoint_.origin != key_->name()) {
    key_first_use_ = false;
    Problem("the checkpoint's origin " + core::QuoteForMessage(checkpoint_.origin) +
            " is not the key's name " + core::QuoteForMessage(key_->name()));
    return Verdict();
  }
  Say("  checkpoint: tree size " + std::to_string(checkpoint_.tree_size) + ", root " +
      ledger::HashHex(checkpoint_.root_hash) + ", signed by " + key_->KeyLabel());
  CheckWitnesses();
  ReadSaved();

  const std::size_t before_tiles = problems_.size();
  if (auto verified = VerifyTiles(); !verified) return verified;
  if (problems_.size() > before_tiles) return Verdict();  // unverified tiles prove nothing more
  CheckHistory();
  if (auto replayed = ReplayAndCompare(); !replayed) return replayed;
  return Verdict();
}

}  // namespace audit_internal

GroupDispatch AddAuditCommand(CLI::App& app) {
  auto options = std::make_shared<audit_internal::AuditOptions>();
  auto* audit = app.add_subcommand(
      "audit", "Audit a node you do not trust: verify its log and recompute its published reports");
  audit
      ->add_option(
          "--log", options->log,
          "The node (http://HOST:PORT) or a copy of its log directory (checkpoint, tile/, vkey)")
      ->required();
  audit->add_option(
      "--vkey", options->vkey,
      "The log's verifier key, a string or a file (default: DIR/vkey; for a node the key pinned "
      "on the first audit, else the node's own, trusted on first use)");
  audit->add_option(
      "--witness", options->witnesses,
      "A witness's cosigner key (string or file) whose cosignature the checkpoint must carry; "
      "repeat for more");
  audit
      ->add_option("--witness-quorum", options->witness_quorum,
                   "How many of the --witness keys must have cosigned (default: all)")
      ->check(CLI::Range(0, 1000));
  audit->add_option("--state-dir", options->state_dir,
                    "Where the auditor keeps the last checkpoint seen per log and the pinned keys "
                    "(default: $XDG_STATE_HOME/accord/audit, else ~/.local/state/accord/audit)");
  audit
      ->add_option("--year", options->years,
                   "Only the reports of this year (repeat; default: every year listed)")
      ->check(CLI::Range(1970, 9999));
  audit->add_option("--state", options->states,
                    "Also compare the per-state JSON report of this state (repeat)");
  audit->footer(
      "What it checks: the checkpoint's signature (and the witnesses' cosignatures); that the\n"
      "checkpoint extends the last one this auditor kept for the log (a smaller tree is a "
      "rollback,\n"
      "another root at one size a split view, a tree whose prefix differs a fork); every tile and\n"
      "entry bundle against the checkpoint; every public entry replayed; and each published "
      "report\n"
      "(json, csv, html) recomputed at the tree size it cites and compared byte for byte, naming "
      "the\n"
      "first differing item. The kept checkpoint moves forward only when all of it passes.\n"
      "What it cannot see alone: a node that shows you one log and others another. Keep the state\n"
      "directory, compare checkpoints with other watchdogs, and require witnesses (--witness).\n"
      "Verdict on stdout: 'audit: PASS ...' or 'audit: FAIL <first problem>' and the others.\n"
      "Exit status: 0 pass, 4 verification failed or a report differs, 3 node unreachable or\n"
      "directory missing, 2 bad arguments. docs/transparency.md explains each check.");
  return [=]() -> std::optional<core::Status> {
    if (*audit) return audit_internal::Audit(*options).Run();
    return std::nullopt;
  };
}

}  // namespace accord::cli
