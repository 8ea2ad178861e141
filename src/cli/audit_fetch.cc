// The fetching side of `accord audit` (the Audit class of cli/audit_run.h;
// the verifying side and the command are in cli/audit_command.cc): the state
// directory, the log key (given, pinned, or trusted on first use), the
// published reports and the checkpoint from a node, or the checkpoint of a
// log directory, the witnesses' cosignatures, and the checkpoint kept from
// the last audit.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "cli/audit.h"
#include "cli/audit_run.h"
#include "cli/http_client.h"
#include "cli/log_directory.h"
#include "cli/node_calls.h"
#include "core/file_io.h"
#include "core/json_reader.h"
#include "core/time.h"
#include "ledger/checkpoint.h"
#include "ledger/note.h"

namespace accord::cli::audit_internal {
namespace {

// A signed note is a few hundred bytes (kMaxNoteBytes bounds it).
constexpr std::uint64_t kMaxNoteFileBytes = ledger::kMaxNoteBytes;
// A verifier key is one short line.
constexpr std::uint64_t kMaxKeyBytes = 4096;

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  return text;
}

std::string FormatDay(std::filesystem::file_time_type time) {
  const auto system = std::chrono::file_clock::to_sys(time);
  return core::FormatRfc3339(std::chrono::time_point_cast<std::chrono::microseconds>(system),
                             core::TimePrecision::kSeconds);
}

}  // namespace

void Say(const std::string& line) {
  std::fputs((line + "\n").c_str(), stdout);
  std::fflush(stdout);
}

core::Result<HttpCallResponse> Audit::Get(const std::string& path) {
  auto response = client_->Call("GET", path, {}, {}, "application/json");
  if (!response) {
    if (response.error().code == core::ErrorCode::kUnavailable)
      return core::NotFound("cannot audit " + url_ + ": GET " + path + ": " +
                            response.error().message);
    // An answer over the client's limits is the node misbehaving, not absent.
    if (response.error().code == core::ErrorCode::kResourceExhausted)
      return core::Corrupt("GET " + path + ": " + response.error().message);
    return response.error();
  }
  return response;
}

core::Status Audit::ResolveStateDir() {
  if (!options_.state_dir.empty()) {
    state_dir_ = options_.state_dir;
    return core::Ok();
  }
  auto dir = DefaultAuditStateDir();
  if (!dir) return dir.error();
  state_dir_ = *dir;
  return core::Ok();
}

core::Status Audit::ResolveKey() {
  if (!options_.vkey.empty()) {
    auto key = ReadVerifierKey(options_.vkey);
    if (!key) return key.error().Context("--vkey");
    key_ = *key;
    return core::Ok();
  }
  if (client_ == nullptr) {
    // A mirror directory carries its key, as `accord transparency report` reads it.
    const auto path = LogVkeyPath(dir_);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      return core::NotFound(path.string() +
                            ": no verifier key (is --log a log directory? else give --vkey)");
    auto key = ReadVerifierKey(path.string());
    if (!key) return key.error().Context(path.string());
    key_ = *key;
    return core::Ok();
  }
  // A node: the key pinned for this URL, else the one it serves (trust on
  // first use). The served key is asked for either way: a node whose key
  // changed under a pinned one is a finding.
  auto served = Get("/log/vkey");
  if (!served) return served.error();
  std::optional<ledger::NoteVerifier> served_key;
  if (served->status == 200) {
    if (auto parsed = ledger::NoteVerifier::Parse(Trimmed(served->body)); parsed)
      served_key = *parsed;
    else
      Problem("GET /log/vkey: " + parsed.error().message);
  } else {
    Problem("GET /log/vkey: " + DescribeProblem(*served));
  }
  const auto pinned_path = PinnedKeyPath(state_dir_, url_);
  std::error_code ec;
  if (std::filesystem::exists(pinned_path, ec)) {
    auto text = core::ReadFile(pinned_path, kMaxKeyBytes);
    if (!text) return text.error().Context("the pinned key");
    auto pinned = ledger::NoteVerifier::Parse(Trimmed(*text));
    if (!pinned) return core::Corrupt(pinned_path.string() + ": " + pinned.error().message);
    key_ = *pinned;
    if (served_key && !(*served_key == *pinned))
      Problem("the node now serves the log key " + served_key->KeyLabel() + ", not the key " +
              pinned->KeyLabel() + " pinned on the first audit (" + pinned_path.string() + ")");
    return core::Ok();
  }
  if (!served_key)
    return core::Corrupt("the node serves no usable log key and none is pinned: give --vkey");
  key_ = *served_key;
  key_first_use_ = true;
  std::fprintf(
      stderr,
      "accord audit: warning: trusting on first use the log key the node serves: %s\n"
      "  compare it with the key the agreement publishes; give --vkey to check against a known "
      "key.\n"
      "  It is pinned after an audit that passes; a different key later fails the audit.\n",
      key_->VerifierKey().c_str());
  return core::Ok();
}

core::Status Audit::FetchReports() {
  auto index = Get("/v1/transparency/reports");
  if (!index) return index.error();
  std::vector<int> years = options_.years;
  if (index->status != 200) {
    Problem("GET /v1/transparency/reports: the node publishes no report index: " +
            DescribeProblem(*index));
  } else if (auto parsed = core::ParseJsonStrict(index->body); !parsed) {
    Problem("GET /v1/transparency/reports: not JSON: " + parsed.error().message);
  } else {
    const core::JsonValue* size = parsed->Find("tree_size");
    const core::JsonValue* listed = parsed->Find("years");
    if (size == nullptr || size->type() != core::JsonType::kNumber || size->AsNumber() < 0 ||
        listed == nullptr || listed->type() != core::JsonType::kArray) {
      Problem("GET /v1/transparency/reports: no tree_size or years");
    } else {
      index_size_ = static_cast<std::uint64_t>(size->AsNumber());
      for (const auto& year : listed->AsArray())
        if (year.type() == core::JsonType::kNumber)
          index_years_.push_back(static_cast<int>(year.AsNumber()));
      if (years.empty()) years = index_years_;
    }
  }
  struct Wanted {
    int year;
    std::optional<std::string> state;
    std::string format;
  };
  std::vector<Wanted> wanted;
  for (int year : years) {
    for (const char* format : {"json", "csv", "html"})
      wanted.push_back({year, std::nullopt, format});
    for (const auto& state : options_.states) wanted.push_back({year, state, "json"});
  }
  for (const auto& want : wanted) {
    std::string path = WithQuery("/v1/transparency/reports/" + std::to_string(want.year),
                                 {{"format", want.format}, {"state", want.state.value_or("")}});
    auto response = Get(path);
    if (!response) return response.error();
    if (response->status != 200) {
      Problem("GET " + path + ": " + DescribeProblem(*response));
      continue;
    }
    std::optional<std::uint64_t> cited;
    for (const auto& [name, value] : response->headers) {
      if (name.size() != 16 || !std::equal(name.begin(), name.end(), "accord-tree-size",
                                           [](char a, char b) { return (a | 0x20) == b; }))
        continue;
      // Decimal without sign; 19 digits always fit in 64 bits.
      if (value.empty() || value.size() > 19 ||
          !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
        continue;
      std::uint64_t number = 0;
      for (char c : value) number = number * 10 + static_cast<std::uint64_t>(c - '0');
      cited = number;
    }
    if (!cited) {
      Problem("GET " + path + ": no Accord-Tree-Size header naming the size the report stands for");
      continue;
    }
    published_.push_back(
        {want.year, want.state, want.format, path, std::move(response->body), *cited});
  }
  Say("  reports: " + std::to_string(published_.size()) + " published report" +
      (published_.size() == 1 ? "" : "s") + " fetched (years " +
      [&] {
        std::string text;
        for (int year : years) text += (text.empty() ? "" : ", ") + std::to_string(year);
        return text.empty() ? std::string("none") : text;
      }() +
      ")");
  return core::Ok();
}

core::Status Audit::FetchCheckpoint() {
  auto response = Get("/log/checkpoint");
  if (!response) return response.error();
  if (response->status != 200)
    return core::Corrupt("GET /log/checkpoint: " + DescribeProblem(*response));
  note_ = std::move(response->body);
  return core::Ok();
}

core::Status Audit::ReadLocalCheckpoint() {
  auto note = core::ReadFile(dir_ / "checkpoint", kMaxNoteFileBytes);
  if (!note) return note.error();
  note_ = std::move(*note);
  return core::Ok();
}

void Audit::CheckWitnesses() {
  if (options_.witnesses.empty()) return;
  const std::vector<ledger::NoteVerifier>& witnesses = witnesses_;
  const std::size_t quorum = options_.witness_quorum < 0
                                 ? witnesses.size()
                                 : static_cast<std::size_t>(options_.witness_quorum);
  auto tally = CountCosignatures(checkpoint_, note_, witnesses);
  if (!tally) {
    Problem("witnesses: " + tally.error().message);
    return;
  }
  auto join = [](const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
  };
  witness_line_ = std::to_string(tally->signed_by.size()) + " of " +
                  std::to_string(witnesses.size()) + " witnesses cosigned (quorum " +
                  std::to_string(quorum) + ")" +
                  (tally->signed_by.empty() ? "" : ": " + join(tally->signed_by));
  Say("  witnesses: " + witness_line_ +
      (tally->missing.empty() ? "" : "; no cosignature from " + join(tally->missing)));
  for (const auto& invalid : tally->invalid)
    Problem("witness cosignature does not verify: " + invalid);
  if (tally->signed_by.size() < quorum)
    Problem("witness quorum not met: " + std::to_string(tally->signed_by.size()) + " of the " +
            std::to_string(witnesses.size()) + " witnesses given cosigned this checkpoint, " +
            std::to_string(quorum) + " required" +
            (tally->missing.empty() ? "" : " (no cosignature from " + join(tally->missing) + ")"));
}

void Audit::ReadSaved() {
  const auto path = SavedCheckpointPath(state_dir_, checkpoint_.origin);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return;
  auto note = core::ReadFile(path, kMaxNoteFileBytes);
  if (!note) {
    Problem("the checkpoint kept from the last audit: " + note.error().message);
    return;
  }
  std::vector<ledger::NoteVerifier> known{*key_};
  auto opened = ledger::OpenCheckpoint(*note, known);
  if (!opened) {
    // A kept checkpoint the key does not verify: the log's key changed (or
    // the file was damaged); either way a human must look.
    Problem("the checkpoint kept from the last audit (" + path.string() +
            ") does not verify with the log key " + key_->KeyLabel() +
            " (did the log's key change?): " + opened.error().message);
    return;
  }
  saved_ = opened->checkpoint;
  if (auto when = std::filesystem::last_write_time(path, ec); !ec) saved_day_ = FormatDay(when);
}

}  // namespace accord::cli::audit_internal
