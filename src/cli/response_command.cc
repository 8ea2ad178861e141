// accord standing [PARTY] [--as-of DATE], accord response show CASE and
// accord response remediation CASE --status S --date D: the graduated
// response of issue 8 (docs/response.md) from the command line, through the
// node's HTTP API like every other client (GET /v1/standing,
// GET /v1/parties/{id}/standing, GET /v1/cases/{id}/recommendation,
// POST /v1/cases/{id}/remediation).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cli/command_groups.h"
#include "cli/http_client.h"
#include "cli/node_calls.h"
#include "cli/node_connection.h"
#include "core/canonical_json.h"
#include "core/json_reader.h"
#include "core/json_value.h"

namespace accord::cli {
namespace {

using core::JsonType;
using core::JsonValue;

struct StandingOptions {
  NodeClientOptions client;
  std::string party;  // a party id or an ISO 3166-1 code; empty: every state party
  std::string as_of;
};

struct ResponseOptions {
  NodeClientOptions client;
  std::string case_id;
  std::string status;
  std::string date;
};





void PrintJson(const JsonValue& value) {
  std::string text = core::SerializeCanonical(value) + "\n";
  std::fputs(text.c_str(), stdout);
}

// One party's standing: a line, then its reasons indented.
void PrintStanding(const JsonValue& item) {
  std::string tier;
  std::string assistance;
  if (const JsonValue* benefits = item.Find("benefits");
      benefits != nullptr && benefits->type() == JsonType::kObject) {
    tier = MemberText(*benefits, "threat_intelligence_tier");
    assistance = MemberText(*benefits, "technical_assistance") == "true" ? "yes" : "no";
  }
  std::printf("%-3s %-14s tier=%-6s assistance=%-3s %s (%s)\n", MemberText(item, "state").c_str(),
              MemberText(item, "standing").c_str(), tier.c_str(), assistance.c_str(),
              MemberText(item, "name").c_str(), MemberText(item, "party").c_str());
  if (const JsonValue* reasons = item.Find("reasons");
      reasons != nullptr && reasons->type() == JsonType::kArray)
    for (const JsonValue& reason : reasons->AsArray())
      if (reason.type() == JsonType::kString)
        std::printf("    - %s\n", CleanForTerminal(reason.AsString()).c_str());
}

core::Status RunStanding(const StandingOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kOptional);
  if (!connection) return connection.error();
  std::string query = options.as_of.empty() ? "" : "?as_of=" + PercentEncode(options.as_of);
  bool by_id = options.party.rfind("party--", 0) == 0;
  std::string path =
      by_id ? "/v1/parties/" + PercentEncode(options.party) + "/standing" + query : "/v1/standing" + query;
  auto answer = CallNode(*connection, "GET", path);
  if (!answer) return answer.error();
  if (by_id) {
    if (options.client.json)
      PrintJson(*answer);
    else {
      std::printf("as of %s (ladder %s)\n", MemberText(*answer, "as_of").c_str(),
                  MemberText(*answer, "ladder_version").c_str());
      PrintStanding(*answer);
    }
    return core::Ok();
  }
  const JsonValue* items = answer->Find("items");
  if (items == nullptr || items->type() != JsonType::kArray)
    return core::Corrupt("the node's answer to GET /v1/standing has no \"items\" array");
  if (!options.party.empty()) {
    // A state code: that state's entry only.
    for (const JsonValue& item : items->AsArray())
      if (item.type() == JsonType::kObject && MemberText(item, "state") == options.party) {
        if (options.client.json)
          PrintJson(item);
        else {
          std::printf("as of %s (ladder %s)\n", MemberText(*answer, "as_of").c_str(),
                      MemberText(*answer, "ladder_version").c_str());
          PrintStanding(item);
        }
        return core::Ok();
      }
    return core::NotFound("no active state party for \"" + CleanForTerminal(options.party) +
                          "\" (give a party id \"party--<uuid>\" or an ISO 3166-1 code)");
  }
  if (options.client.json) {
    PrintJson(*answer);
    return core::Ok();
  }
  std::printf("as of %s (ladder %s)\n", MemberText(*answer, "as_of").c_str(),
              MemberText(*answer, "ladder_version").c_str());
  for (const JsonValue& item : items->AsArray())
    if (item.type() == JsonType::kObject) PrintStanding(item);
  if (items->AsArray().empty()) std::printf("no state party is registered\n");
  return core::Ok();
}

core::Status RunResponseShow(const ResponseOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kOptional);
  if (!connection) return connection.error();
  auto answer =
      CallNode(*connection, "GET", "/v1/cases/" + PercentEncode(options.case_id) + "/recommendation");
  if (!answer) return answer.error();
  if (options.client.json) {
    PrintJson(*answer);
    return core::Ok();
  }
  std::printf("case %s: accused state %s, finding %s of %s\n", MemberText(*answer, "case").c_str(),
              MemberText(*answer, "accused_state").c_str(), MemberText(*answer, "finding").c_str(),
              MemberText(*answer, "finding_date").c_str());
  if (const JsonValue* remediation = answer->Find("remediation");
      remediation != nullptr && remediation->type() == JsonType::kObject) {
    std::string date = MemberText(*remediation, "date");
    std::printf("remediation: %s%s\n", MemberText(*remediation, "status").c_str(),
                date.empty() ? "" : (" (" + date + ")").c_str());
  }
  const JsonValue* recommendation = answer->Find("recommendation");
  if (recommendation == nullptr || recommendation->type() != JsonType::kObject) return core::Ok();
  std::printf("recommended rung: %s (%s points, ladder %s)\n",
              MemberText(*recommendation, "rung").c_str(),
              MemberText(*recommendation, "total_points").c_str(),
              MemberText(*recommendation, "ladder_version").c_str());
  if (const JsonValue* rationale = recommendation->Find("rationale");
      rationale != nullptr && rationale->type() == JsonType::kArray)
    for (const JsonValue& item : rationale->AsArray())
      if (item.type() == JsonType::kObject)
        std::printf("  %-16s %-12s %5s  %s\n", MemberText(item, "input").c_str(),
                    MemberText(item, "value").c_str(), MemberText(item, "points").c_str(),
                    MemberText(item, "why").c_str());
  return core::Ok();
}

core::Status RunResponseRemediation(const ResponseOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  JsonValue body = JsonValue::Object(
      {{"status", JsonValue::String(options.status)}, {"date", JsonValue::String(options.date)}});
  auto answer =
      CallNode(*connection, "POST", "/v1/cases/" + PercentEncode(options.case_id) + "/remediation", body);
  if (!answer) return answer.error();
  if (options.client.json)
    PrintJson(*answer);
  else
    std::printf("recorded remediation %s of %s for case %s (log index %s)\n",
                options.status.c_str(), options.date.c_str(), MemberText(*answer, "case").c_str(),
                MemberText(*answer, "log_index").c_str());
  return core::Ok();
}

}  // namespace

GroupDispatch AddResponseCommands(CLI::App& app) {
  // Shared by the closures below: the options live as long as the dispatch.
  auto standing = std::make_shared<StandingOptions>();
  auto show = std::make_shared<ResponseOptions>();
  auto remediation = std::make_shared<ResponseOptions>();

  auto* standing_command = app.add_subcommand(
      "standing", "Show the standing of every state party, or of one (docs/response.md)");
  standing_command->add_option("party", standing->party,
                               "A party id (party--<uuid>) or a state's ISO 3166-1 code");
  standing_command->add_option("--as-of", standing->as_of,
                               "The day, YYYY-MM-DD (default: today, by the node)");
  AddClientOptions(standing_command, standing->client);

  auto* response =
      app.add_subcommand("response", "Graduated responses: recommendations and remediation");
  response->require_subcommand(1);
  auto* show_command =
      response->add_subcommand("show", "Show a case's recommended response and its rationale");
  show_command->add_option("case", show->case_id, "The case id (case--<uuid>)")->required();
  AddClientOptions(show_command, show->client);
  auto* remediation_command = response->add_subcommand(
      "remediation", "Record how far the accused state remedied a violation (secretariat)");
  remediation_command->add_option("case", remediation->case_id, "The case id (case--<uuid>)")
      ->required();
  remediation_command->add_option("--status", remediation->status, "none, partial or complete")
      ->required()
      ->check(CLI::IsMember({"none", "partial", "complete"}));
  remediation_command
      ->add_option("--date", remediation->date, "The day it was assessed, YYYY-MM-DD")
      ->required();
  AddClientOptions(remediation_command, remediation->client);

  return [=]() -> std::optional<core::Status> {
    if (*standing_command) return RunStanding(*standing);
    if (*show_command) return RunResponseShow(*show);
    if (*remediation_command) return RunResponseRemediation(*remediation);
    return std::nullopt;
  };
}

}  // namespace accord::cli
