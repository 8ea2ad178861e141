// accord exercise run|report: exercises of the notification channel
// (docs/notifications.md, "Exercises"). `run` injects a scenario's steps
// into a node at their offsets, each marked as an exercise; `report` prints
// each party's response times to exercise notifications.
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "cli/exercise_scenario.h"
#include "cli/notify_calls.h"
#include "core/file_io.h"
#include "core/id.h"
#include "core/time.h"

namespace accord::cli {
namespace {

// ---------------------------------------------------------------------------
// Exercises.

// State code -> party id, and "secretariat" -> the secretariat's id.
core::Result<std::map<std::string, std::string>> PartyDirectory(NodeConnection& connection) {
  auto answer = Call(connection, "GET", "/v1/parties");
  if (!answer) return answer.error();
  std::map<std::string, std::string> ids;
  for (const auto& party : Items(*answer)) {
    if (MemberText(party, "status") != "active") continue;
    if (MemberText(party, "kind") == "secretariat") ids["secretariat"] = MemberText(party, "id");
    if (MemberText(party, "kind") == "state" && !MemberText(party, "state").empty()) ids[MemberText(party, "state")] = MemberText(party, "id");
  }
  return ids;
}

core::Result<std::vector<std::string>> Resolve(const std::map<std::string, std::string>& ids,
                                               const ScenarioStep& step) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < step.to.size(); ++i) {
    if (step.to[i] == "all") return std::vector<std::string>{"all"};
    auto it = ids.find(step.to[i]);
    if (it == ids.end())
      return core::NotFound(step.key + ".to[" + std::to_string(i) + "]: no active state party " + step.to[i] +
                            " is registered on this node");
    out.push_back(it->second);
  }
  return out;
}

// The report of a report step, with a fresh id and marked as an exercise.
core::Result<JsonValue> ExerciseSubmission(const ScenarioStep& step, std::vector<std::string> recipients) {
  auto text = core::ReadFile(step.report);
  if (!text) return text.error().Context(step.key + ".report " + step.report.string());
  auto parsed = core::ParseJsonStrict(*text);
  if (!parsed) return core::InvalidArgument(step.key + ".report " + step.report.string() + ": " + parsed.error().message);
  const JsonValue* report = parsed->Find("report");
  if (report == nullptr) report = &*parsed;
  if (report->type() != JsonType::kObject)
    return core::InvalidArgument(step.key + ".report " + step.report.string() + ": not a report object");
  auto id = core::StixId::Random("incident-report");
  if (!id) return id.error();
  core::JsonObject members;
  for (const auto& member : report->AsObject())
    if (member.name != "id" && member.name != "exercise") members.push_back(member);
  members.push_back({"id", Text(id->ToString())});
  members.push_back({"exercise", JsonValue::Bool(true)});
  core::JsonObject submission{{"report", JsonValue::Object(std::move(members))}};
  if (!recipients.empty()) submission.push_back({"recipients", Texts(recipients)});
  return JsonValue::Object(std::move(submission));
}

}  // namespace

core::Status RunExerciseRun(const ExerciseOptions& options) {
  auto text = core::ReadFile(options.scenario);
  if (!text) return text.error().Context("scenario " + options.scenario.string());
  auto scenario = ParseScenario(*text, options.scenario);
  if (!scenario) return scenario.error();
  std::map<std::string, std::string> tokens;
  for (const auto& [sender, file] : scenario->tokens) {
    auto token = ReadTokenFile(file, "tokens." + sender);
    if (!token) return token.error();
    tokens[sender] = *token;
  }
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  auto ids = PartyDirectory(*connection);
  if (!ids) return ids.error();
  std::fprintf(stderr, "exercise \"%s\": %zu steps\n", scenario->name.c_str(), scenario->steps.size());
  const auto start = std::chrono::steady_clock::now();
  for (const auto& step : scenario->steps) {
    if (!options.no_wait) std::this_thread::sleep_until(start + std::chrono::seconds(step.offset_seconds));
    auto recipients = Resolve(*ids, step);
    if (!recipients) return recipients.error();
    auto token_it = tokens.find(step.from);
    const std::string token = token_it != tokens.end() ? token_it->second : connection->token;
    core::Result<JsonValue> answer = core::Internal("unreachable");
    std::string what;
    switch (step.action) {
      case StepAction::kNotify: {
        answer = Call(*connection, "POST", "/v1/notifications",
                      JsonValue::Object({{"kind", Text(step.kind)},
                                         {"to", Texts(*recipients)},
                                         {"priority", Text(step.priority)},
                                         {"subject", Text(step.subject)},
                                         {"body", Text(step.body)},
                                         {"tlp", Text(step.tlp)},
                                         {"exercise", JsonValue::Bool(true)}}),
                      token);
        what = "notify " + step.from + " -> " + Joined(JsonValue::Object({{"to", Texts(step.to)}}), "to");
        break;
      }
      case StepAction::kPing: {
        JsonValue to = *recipients == std::vector<std::string>{"all"} ? Text("all") : Texts(*recipients);
        answer = Call(*connection, "POST", "/v1/pings",
                      JsonValue::Object({{"to", std::move(to)}, {"exercise", JsonValue::Bool(true)}}), token);
        what = "ping";
        break;
      }
      case StepAction::kReport: {
        auto submission = ExerciseSubmission(step, *recipients);
        if (!submission) return submission.error();
        answer = Call(*connection, "POST", "/v1/reports", *submission, token);
        what = "report by " + step.from;
        break;
      }
    }
    if (!answer) return answer.error().Context(step.key + " (" + what + ")");
    if (options.client.json) PrintJson(*answer);
    else Print(step.key + "  +" + std::to_string(step.offset_seconds) + "s  " + what + ": " + MemberText(*answer, "id"));
  }
  std::fprintf(stderr, "injected; see the response times with: accord exercise report\n");
  return core::Ok();
}

core::Status RunExerciseReport(const ExerciseOptions& options) {
  std::optional<core::Timestamp> since;
  if (!options.since.empty()) {
    auto parsed = core::ParseRfc3339(options.since);
    if (!parsed) return core::InvalidArgument("--since: " + parsed.error().message);
    since = *parsed;
  }
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  core::JsonArray all;
  std::string before;
  for (int page = 0; page < 1000; ++page) {
    auto answer = Call(*connection, "GET",
                       WithQuery("/v1/notifications", {{"exercise", "true"}, {"limit", "1000"}, {"before", before}}));
    if (!answer) return answer.error();
    for (const auto& item : Items(*answer)) all.push_back(item);
    before = MemberText(*answer, "next_before");
    if (before.empty()) break;
  }
  auto times = ExerciseResponseTimes(JsonValue::Array(std::move(all)), core::SystemClock().Now(), since);
  if (!times) return times.error();
  if (options.client.json) {
    core::JsonArray parties;
    for (const auto& party : *times) {
      core::JsonObject item{{"party", Text(party.party)},
                            {"notifications", JsonValue::Number(static_cast<double>(party.notifications))},
                            {"on_time", JsonValue::Number(static_cast<double>(party.on_time))},
                            {"late", JsonValue::Number(static_cast<double>(party.late))},
                            {"missed", JsonValue::Number(static_cast<double>(party.missed))},
                            {"pending", JsonValue::Number(static_cast<double>(party.pending))}};
      if (party.median_seconds)
        item.push_back({"median_seconds", JsonValue::Number(static_cast<double>(*party.median_seconds))});
      if (party.max_seconds) item.push_back({"max_seconds", JsonValue::Number(static_cast<double>(*party.max_seconds))});
      parties.push_back(JsonValue::Object(std::move(item)));
    }
    return PrintJson(JsonValue::Object({{"parties", JsonValue::Array(std::move(parties))}})), core::Ok();
  }
  // Names make the table readable in the exercise's debrief.
  std::map<std::string, std::string> names;
  if (auto parties = Call(*connection, "GET", "/v1/parties"))
    for (const auto& party : Items(*parties))
      names[MemberText(party, "id")] = MemberText(party, "name") +
                                   (MemberText(party, "state").empty() ? "" : " (" + MemberText(party, "state") + ")");
  Print("party  notifications  on-time  late  missed  pending  median-s  max-s");
  for (const auto& party : *times)
    Print(party.party + (names.count(party.party) ? "  " + names[party.party] : "") + "  " + std::to_string(party.notifications) + "  " + std::to_string(party.on_time) + "  " +
          std::to_string(party.late) + "  " + std::to_string(party.missed) + "  " + std::to_string(party.pending) +
          "  " + (party.median_seconds ? std::to_string(*party.median_seconds) : "-") + "  " +
          (party.max_seconds ? std::to_string(*party.max_seconds) : "-"));
  return core::Ok();
}

}  // namespace accord::cli
