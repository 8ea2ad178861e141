// accord case file|list|show|advance|evidence|appoint|conflict|draw|finding|
// appeal and accord verify-panel: the grievance mechanism from the command
// line, over the node's HTTP API (docs/grievance.md "What is wired").
//
// verify-panel trusts nothing the node says without a check: it reads the
// panel's public record, verifies the node's signed checkpoint with the
// log's key (--vkey, else the node's /log/vkey: trust on first use), checks
// that the record's seed (the root hash at seed_tree_size) is consistent
// with that checkpoint through a consistency proof computed from the log's
// tiles (RFC 9162 section 2.1.4), and recomputes the seats with
// VerifyPanelDraw (registry/panel_draw.h).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_groups.h"
#include "cli/http_client.h"
#include "cli/http_tile_store.h"
#include "cli/log_directory.h"
#include "cli/node_calls.h"
#include "cli/node_connection.h"
#include "core/canonical_json.h"
#include "core/encoding.h"
#include "core/file_io.h"
#include "core/json_reader.h"
#include "ledger/checkpoint.h"
#include "ledger/log.h"
#include "ledger/merkle.h"
#include "ledger/tile_hash_reader.h"
#include "ledger/tile_store.h"
#include "registry/internal/case_records.h"
#include "registry/panel_draw.h"

namespace accord::cli {
namespace {

using core::JsonType;
using core::JsonValue;

JsonValue Text(std::string_view text) { return JsonValue::String(std::string(text)); }

struct CaseOptions {
  NodeClientOptions client;
  std::string id;
  std::string evidence_id;
  // file
  std::string accused;
  std::vector<std::string> reports;
  std::string statement;
  std::string statement_file;
  std::vector<std::string> evidence_files;
  std::string media_type = "application/octet-stream";
  std::string description;
  bool exercise = false;
  // list
  std::string stage;
  // advance
  std::string to;
  std::string reason;
  std::uint64_t seed_tree_size = 0;
  // evidence
  std::string out;
  // appoint / conflict
  std::string side;
  std::string arbitrator;
  std::vector<std::string> with;
  // finding
  std::string outcome;
  std::string reasoning;
  std::vector<std::string> norms;
  std::string intent;
  std::vector<std::string> red_lines;
  // verify-panel
  std::string kind = "first-instance";
  std::string vkey;
};




void Print(const std::string& line) { std::fputs((line + "\n").c_str(), stdout); }
void PrintJson(const JsonValue& value) { Print(core::SerializeCanonical(value)); }

JsonValue Strings(const std::vector<std::string>& items) {
  core::JsonArray array;
  for (const auto& item : items) array.push_back(Text(item));
  return JsonValue::Array(std::move(array));
}

// An evidence item from a file: its content in base64, with the media type
// and description given (the node computes sha256 and size).
core::Result<JsonValue> EvidenceItem(const std::string& file, const CaseOptions& options) {
  auto bytes = core::ReadFile(file, std::size_t{8} << 20);
  if (!bytes) return bytes.error().Context("evidence file " + file);
  return JsonValue::Object({{"media_type", Text(options.media_type)},
                            {"description", Text(options.description.empty() ? file : options.description)},
                            {"content_base64", Text(core::Base64Encode(*bytes))}});
}

core::Status Answered(const CaseOptions& options, const core::Result<JsonValue>& answer,
                      std::string_view doing, const std::string& line) {
  if (!answer) return answer.error().Context(std::string(doing));
  if (options.client.json) return PrintJson(*answer), core::Ok();
  Print(line);
  return core::Ok();
}

core::Status RunFile(const CaseOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  std::string statement = options.statement;
  if (!options.statement_file.empty()) {
    auto text = core::ReadFile(options.statement_file, std::size_t{1} << 20);
    if (!text) return text.error().Context("--statement-file");
    statement = *text;
  }
  if (statement.empty()) return core::InvalidArgument("--statement or --statement-file is required");
  core::JsonObject members{{"accused_state", Text(options.accused)},
                           {"reports", Strings(options.reports)},
                           {"statement", Text(statement)}};
  if (!options.evidence_files.empty()) {
    core::JsonArray items;
    for (const auto& file : options.evidence_files) {
      auto item = EvidenceItem(file, options);
      if (!item) return item.error();
      items.push_back(std::move(*item));
    }
    members.push_back({"evidence", JsonValue::Array(std::move(items))});
  }
  if (options.exercise) members.push_back({"exercise", JsonValue::Bool(true)});
  auto answer = CallNode(*connection, "POST", "/v1/cases", JsonValue::Object(std::move(members)));
  if (!answer) return answer.error().Context("file the case");
  if (options.client.json) return PrintJson(*answer), core::Ok();
  Print(MemberText(*answer, "id"));
  std::fprintf(stderr, "filed (log index %s); evidence %s\n", MemberText(*answer, "log_index").c_str(),
               MemberText(*answer, "evidence").c_str());
  return core::Ok();
}

core::Status RunList(const CaseOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kOptional);
  if (!connection) return connection.error();
  std::string path = "/v1/cases";
  if (!options.stage.empty()) path += "?stage=" + options.stage;
  auto answer = CallNode(*connection, "GET", path);
  if (!answer) return answer.error().Context("list the cases");
  if (options.client.json) return PrintJson(*answer), core::Ok();
  if (const JsonValue* items = answer->Find("items"); items && items->type() == JsonType::kArray)
    for (const auto& item : items->AsArray()) {
      const JsonValue* parties = item.Find("parties");
      Print(MemberText(item, "id") + "  " + MemberText(item, "stage") + "  " +
            (parties ? MemberText(*parties, "filer_state") + (MemberText(*parties, "filer_state").empty() ? "" : " ") +
                           "v " + MemberText(*parties, "accused_state")
                     : "") +
            "  filed " + MemberText(item, "filed_at") + (MemberText(item, "deadline").empty() ? "" : "  deadline " + MemberText(item, "deadline")));
    }
  return core::Ok();
}

core::Status RunShow(const CaseOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kOptional);
  if (!connection) return connection.error();
  auto answer = CallNode(*connection, "GET", "/v1/cases/" + options.id);
  if (!answer) return answer.error().Context("show the case");
  if (options.client.json) return PrintJson(*answer), core::Ok();
  Print(MemberText(*answer, "id") + "  stage " + MemberText(*answer, "stage") +
        (MemberText(*answer, "deadline").empty() ? "" : "  deadline " + MemberText(*answer, "deadline")));
  if (const JsonValue* history = answer->Find("history"); history && history->type() == JsonType::kArray)
    for (const auto& step : history->AsArray())
      Print("  " + MemberText(step, "at") + "  " + MemberText(step, "stage") + "  by " + MemberText(step, "by") +
            (MemberText(step, "reason").empty() ? "" : "  (" + MemberText(step, "reason") + ")"));
  if (const JsonValue* missed = answer->Find("non_cooperation"); missed && missed->type() == JsonType::kArray)
    for (const auto& entry : missed->AsArray())
      Print("  non-cooperation: " + MemberText(entry, "side") + " missed the " + MemberText(entry, "stage") +
            " deadline " + MemberText(entry, "deadline"));
  if (const JsonValue* evidence = answer->Find("evidence"); evidence && evidence->type() == JsonType::kArray)
    for (const auto& item : evidence->AsArray())
      Print("  evidence " + MemberText(item, "id") + "  sha256 " + MemberText(item, "sha256") + "  " +
            MemberText(item, "size_bytes") + " bytes");
  if (const JsonValue* allegation = answer->Find("allegation"))
    Print("  statement: " + MemberText(*allegation, "statement"));
  return core::Ok();
}

core::Status RunAdvance(const CaseOptions& options, std::string to) {
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  core::JsonObject members{{"to", Text(to)}};
  if (!options.reason.empty()) members.push_back({"reason", Text(options.reason)});
  if (options.seed_tree_size > 0)
    members.push_back({"seed_tree_size", JsonValue::Number(static_cast<double>(options.seed_tree_size))});
  auto answer = CallNode(*connection, "POST", "/v1/cases/" + options.id + "/transitions",
                     JsonValue::Object(std::move(members)));
  return Answered(options, answer, "move the case to " + to,
                  answer ? options.id + "  " + MemberText(*answer, "stage") +
                               (MemberText(*answer, "deadline").empty() ? "" : "  deadline " + MemberText(*answer, "deadline")) +
                               "  (log index " + MemberText(*answer, "log_index") + ")"
                         : "");
}

core::Status RunEvidence(const CaseOptions& options) {
  if (!options.evidence_files.empty()) {
    auto connection = ConnectToNode(options.client, TokenUse::kRequired);
    if (!connection) return connection.error();
    core::JsonArray items;
    for (const auto& file : options.evidence_files) {
      auto item = EvidenceItem(file, options);
      if (!item) return item.error();
      items.push_back(std::move(*item));
    }
    auto answer = CallNode(*connection, "POST", "/v1/cases/" + options.id + "/evidence",
                       JsonValue::Object({{"evidence", JsonValue::Array(std::move(items))}}));
    return Answered(options, answer, "add evidence", answer ? MemberText(*answer, "evidence") : "");
  }
  if (options.evidence_id.empty())
    return core::InvalidArgument("give an evidence id to read, or --add FILE to add evidence");
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  auto answer = CallNode(*connection, "GET", "/v1/cases/" + options.id + "/evidence/" + options.evidence_id);
  if (!answer) return answer.error().Context("read the evidence (the read is a custody entry on the log)");
  if (!options.out.empty()) {
    auto bytes = core::Base64Decode(MemberText(*answer, "content_base64"));
    if (!bytes) return core::Corrupt("the node's content_base64 does not decode: " + bytes.error().message);
    const JsonValue* evidence = answer->Find("evidence");
    std::string sha = core::HexEncode(std::span<const std::uint8_t>(core::Sha256(*bytes)));
    if (evidence == nullptr || MemberText(*evidence, "sha256") != sha)
      return core::Corrupt("the content's sha256 " + sha + " is not the evidence's recorded sha256");
    std::string data(bytes->begin(), bytes->end());
    if (auto written = core::WriteFileAtomically(options.out, data); !written) return written;
    if (!options.client.json) {
      Print("wrote " + options.out + " (sha256 " + sha + ", matches the record)");
      return core::Ok();
    }
  }
  PrintJson(*answer);
  return core::Ok();
}

core::Status RunAppoint(const CaseOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  auto answer = CallNode(*connection, "POST", "/v1/cases/" + options.id + "/appointments",
                     JsonValue::Object({{"side", Text(options.side)}, {"arbitrator", Text(options.arbitrator)}}));
  return Answered(options, answer, "appoint the arbitrator",
                  answer ? "appointed " + options.arbitrator + " for the " + options.side + " (log index " +
                               MemberText(*answer, "log_index") + ")"
                         : "");
}

core::Status RunConflict(const CaseOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  core::JsonObject members;
  if (!options.with.empty()) members.push_back({"with", Strings(options.with)});
  auto answer = CallNode(*connection, "POST", "/v1/cases/" + options.id + "/conflicts",
                     JsonValue::Object(std::move(members)));
  return Answered(options, answer, "declare the conflict",
                  answer ? "declared (log index " + MemberText(*answer, "log_index") + ")" : "");
}

core::Status RunDraw(const CaseOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  auto answer = CallNode(*connection, "POST", "/v1/cases/" + options.id + "/panel", JsonValue::Object({}));
  if (!answer) return answer.error().Context("draw the panel");
  if (options.client.json) return PrintJson(*answer), core::Ok();
  if (const JsonValue* panel = answer->Find("panel")) {
    Print("seed: root " + MemberText(*panel, "root_hash") + " at tree size " + MemberText(*panel, "seed_tree_size"));
    if (const JsonValue* seats = panel->Find("seats"); seats && seats->type() == JsonType::kArray)
      for (const auto& seat : seats->AsArray())
        Print("  " + MemberText(seat, "role") + "  " + MemberText(seat, "arbitrator") + "  " + MemberText(seat, "source"));
  }
  return core::Ok();
}

core::Status RunFinding(const CaseOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  core::JsonObject members{{"outcome", Text(options.outcome)}, {"reasoning", Text(options.reasoning)}};
  if (!options.norms.empty()) members.push_back({"norms_violated", Strings(options.norms)});
  if (!options.intent.empty()) members.push_back({"intent", Text(options.intent)});
  if (!options.red_lines.empty()) members.push_back({"red_lines", Strings(options.red_lines)});
  auto answer = CallNode(*connection, "POST", "/v1/cases/" + options.id + "/finding",
                     JsonValue::Object(std::move(members)));
  return Answered(options, answer, "issue the finding",
                  answer ? MemberText(*answer, "id") +
                               (MemberText(*answer, "appeal_deadline").empty()
                                    ? ""
                                    : "  appeal window until " + MemberText(*answer, "appeal_deadline"))
                         : "");
}

core::Status RunVerifyPanel(const CaseOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kOptional);
  if (!connection) return connection.error();
  auto answer = CallNode(*connection, "GET", "/v1/cases/" + options.id + "/panel?kind=" + options.kind);
  if (!answer) return answer.error().Context("fetch the panel of " + options.id);
  auto panel = registry::internal::PanelRecordFromJson(*answer);
  if (!panel) return core::Corrupt("the panel record: " + panel.error().message);
  if (panel->case_id != options.id)
    return core::Corrupt("the panel record names case " + panel->case_id + ", not " + options.id);

  // The log's key: given, or the node's own (trust on first use).
  std::string vkey = options.vkey;
  if (vkey.empty()) {
    auto response = connection->client->Call("GET", "/log/vkey");
    if (!response) return response.error().Context("fetch the log's key");
    if (response->status != 200) return ErrorForAnswer(*response).Context("fetch the log's key");
    vkey = response->body;
    while (!vkey.empty() && (vkey.back() == '\n' || vkey.back() == '\r' || vkey.back() == ' ')) vkey.pop_back();
  }
  auto verifier = ReadVerifierKey(vkey);
  if (!verifier) return verifier.error().Context("--vkey");
  auto note = connection->client->Call("GET", "/log/checkpoint");
  if (!note) return note.error().Context("fetch the checkpoint");
  if (note->status != 200) return ErrorForAnswer(*note).Context("fetch the checkpoint");
  std::vector<ledger::NoteVerifier> known{*verifier};
  auto opened = ledger::OpenCheckpoint(note->body, known);
  if (!opened) return core::Corrupt("the node's checkpoint: " + opened.error().message);
  const ledger::Checkpoint& checkpoint = opened->checkpoint;
  if (panel->seed_tree_size == 0 || panel->seed_tree_size > checkpoint.tree_size)
    return core::Corrupt("the panel's seed tree size " + std::to_string(panel->seed_tree_size) +
                         " is not within the log's checkpoint (size " + std::to_string(checkpoint.tree_size) + ")");
  auto input = registry::internal::DrawInputOf(*panel);
  if (!input) return input.error();
  ledger::Hash published{};
  std::copy(input->seed.begin(), input->seed.end(), published.begin());

  // The root at the seed tree size, checked against the signed checkpoint:
  // the tiles come from the node, the proof from the tiles, and only a
  // genuine root at that size verifies.
  HttpTileStore tiles(*connection->client);
  auto edge = ledger::LoadRightEdge(tiles, checkpoint.tree_size);
  if (!edge) return edge.error().Context("read the log's tiles");
  if (ledger::RootFromEdge(*edge) != checkpoint.root_hash)
    return core::Corrupt("the node's tiles do not give the root of its signed checkpoint");
  if (panel->seed_tree_size == checkpoint.tree_size) {
    if (published != checkpoint.root_hash)
      return core::Corrupt("the panel's seed " + panel->root_hash_hex + " is not the log's root at tree size " +
                           std::to_string(panel->seed_tree_size));
  } else {
    ledger::TileHashReader reader(tiles);
    reader.SetEdge(std::make_shared<ledger::RightEdge>(std::move(*edge)));
    auto proof = ledger::ConsistencyProof(panel->seed_tree_size, checkpoint.tree_size, reader);
    if (!proof) return proof.error().Context("prove the root at the seed tree size");
    if (auto consistent = ledger::VerifyConsistency(panel->seed_tree_size, checkpoint.tree_size, published,
                                                    checkpoint.root_hash, *proof);
        !consistent)
      return core::Corrupt("the panel's seed " + panel->root_hash_hex + " is not the log's root at tree size " +
                           std::to_string(panel->seed_tree_size) + ": " + consistent.error().message);
  }
  if (auto verified = registry::VerifyPanelDraw(panel->roster, *input, panel->appointments, panel->seats);
      !verified) {
    if (verified.error().code == core::ErrorCode::kCorrupt) return verified.error();
    return core::Corrupt("the draw cannot be recomputed: " + verified.error().message);
  }
  if (options.client.json)
    return PrintJson(JsonValue::Object({{"case", Text(options.id)},
                                        {"verified", JsonValue::Bool(true)},
                                        {"seed_tree_size", JsonValue::Number(static_cast<double>(panel->seed_tree_size))},
                                        {"checkpoint_tree_size", JsonValue::Number(static_cast<double>(checkpoint.tree_size))}})),
           core::Ok();
  Print("panel verified: " + std::to_string(panel->seats.size()) + " seats recomputed from the root at tree size " +
        std::to_string(panel->seed_tree_size) + ", consistent with the checkpoint of size " +
        std::to_string(checkpoint.tree_size) + " signed by " + verifier->name());
  return core::Ok();
}

}  // namespace

GroupDispatch AddCaseCommands(CLI::App& app) {
  auto options = std::make_shared<CaseOptions>();
  auto* group = app.add_subcommand("case", "Grievance cases: file, follow, move, panels and findings");
  group->require_subcommand(1);
  CLI::App* file = group->add_subcommand("file", "File an allegation (a state party, an operator or a watchdog)");
  AddClientOptions(file, options->client);
  file->add_option("--accused", options->accused, "The accused state (ISO 3166-1 alpha-2)")->required();
  file->add_option("--report", options->reports, "A report id the allegation rests on; repeat for more")->required();
  file->add_option("--statement", options->statement, "The statement (confidential: never on the log)");
  file->add_option("--statement-file", options->statement_file, "A file holding the statement");
  file->add_option("--evidence", options->evidence_files, "An evidence file (<= 8 MiB); repeat for more");
  file->add_option("--media-type", options->media_type, "The evidence files' media type")->capture_default_str();
  file->add_option("--description", options->description, "The evidence's description (confidential)");
  file->add_flag("--exercise", options->exercise, "Part of an exercise: kept out of the statistics");
  CLI::App* list = group->add_subcommand("list", "List the cases (public forms)");
  AddClientOptions(list, options->client);
  list->add_option("--stage", options->stage, "Only cases in this stage");
  CLI::App* show = group->add_subcommand("show", "Show a case (the sides and the secretariat see the allegation)");
  AddClientOptions(show, options->client);
  show->add_option("case", options->id, "The case id")->required();
  CLI::App* advance = group->add_subcommand("advance", "Move a case to another stage");
  AddClientOptions(advance, options->client);
  advance->add_option("case", options->id, "The case id")->required();
  advance->add_option("--to", options->to, "The stage to move to")->required();
  advance->add_option("--reason", options->reason, "Why (required for inadmissible and withdrawal; public)");
  advance->add_option("--seed-tree-size", options->seed_tree_size,
                      "The panel's seed tree size (secretariat; entering investigation or appeal-lodged)");
  CLI::App* evidence = group->add_subcommand(
      "evidence", "Add evidence (--add FILE) or read an item (its content; the read is a custody entry)");
  AddClientOptions(evidence, options->client);
  evidence->add_option("case", options->id, "The case id")->required();
  evidence->add_option("evidence", options->evidence_id, "The evidence id to read");
  evidence->add_option("--add", options->evidence_files, "A file to add as evidence; repeat for more");
  evidence->add_option("--media-type", options->media_type, "The added files' media type")->capture_default_str();
  evidence->add_option("--description", options->description, "The added evidence's description");
  evidence->add_option("--out", options->out, "Write the content read to this file (checked against its sha256)");
  CLI::App* appoint = group->add_subcommand("appoint", "Appoint a side's arbitrator (during investigation)");
  AddClientOptions(appoint, options->client);
  appoint->add_option("case", options->id, "The case id")->required();
  appoint->add_option("--side", options->side, "filer or accused")->required()->check(CLI::IsMember({"filer", "accused"}));
  appoint->add_option("--arbitrator", options->arbitrator, "The arbitrator's party id")->required();
  CLI::App* conflict = group->add_subcommand("conflict", "Declare a conflict with a case (an arbitrator)");
  AddClientOptions(conflict, options->client);
  conflict->add_option("case", options->id, "The case id")->required();
  conflict->add_option("--with", options->with, "A party id or state; repeat (default: the case's parties)");
  CLI::App* draw = group->add_subcommand("draw", "Draw the sitting panel from the roster (secretariat)");
  AddClientOptions(draw, options->client);
  draw->add_option("case", options->id, "The case id")->required();
  CLI::App* finding = group->add_subcommand("finding", "Issue the finding (the panel's chair or the secretariat)");
  AddClientOptions(finding, options->client);
  finding->add_option("case", options->id, "The case id")->required();
  finding->add_option("--outcome", options->outcome, "violation, no-violation or inconclusive")
      ->required()
      ->check(CLI::IsMember({"violation", "no-violation", "inconclusive"}));
  finding->add_option("--reasoning", options->reasoning, "The reasoning (public)")->required();
  finding->add_option("--norm", options->norms, "A norm violated (catalogue id); repeat for more");
  finding->add_option("--intent", options->intent, "deliberate, reckless or unknown")
      ->check(CLI::IsMember({"deliberate", "reckless", "unknown"}));
  finding->add_option("--red-line", options->red_lines, "A red line crossed (catalogue id); repeat for more");
  CLI::App* appeal = group->add_subcommand("appeal", "Lodge the one appeal against a finding (a side)");
  AddClientOptions(appeal, options->client);
  appeal->add_option("case", options->id, "The case id")->required();
  appeal->add_option("--reason", options->reason, "Why (public)");

  CLI::App* verify = app.add_subcommand(
      "verify-panel", "Check a case's panel against the log: the seed root at its tree size, then the seats recomputed");
  AddClientOptions(verify, options->client);
  verify->add_option("case", options->id, "The case id")->required();
  verify->add_option("--kind", options->kind, "first-instance or appeal")
      ->check(CLI::IsMember({"first-instance", "appeal"}))
      ->capture_default_str();
  verify->add_option("--vkey", options->vkey, "The log's verifier key (a string or a file; default: the node's)");

  return [=]() -> std::optional<core::Status> {
    if (file->parsed()) return RunFile(*options);
    if (list->parsed()) return RunList(*options);
    if (show->parsed()) return RunShow(*options);
    if (advance->parsed()) return RunAdvance(*options, options->to);
    if (evidence->parsed()) return RunEvidence(*options);
    if (appoint->parsed()) return RunAppoint(*options);
    if (conflict->parsed()) return RunConflict(*options);
    if (draw->parsed()) return RunDraw(*options);
    if (finding->parsed()) return RunFinding(*options);
    if (appeal->parsed()) return RunAdvance(*options, "appeal-lodged");
    if (verify->parsed()) return RunVerifyPanel(*options);
    return std::nullopt;
  };
}

}  // namespace accord::cli
