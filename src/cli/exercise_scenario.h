// Exercises of the notification channel (issue 8, docs/notifications.md
// "Exercises"): the scenario file `accord exercise run` injects into a node,
// and the per-party response times `accord exercise report` prints. Both
// are pure here (no network), so that they are tested without a node; the
// commands in cli/notify_command.cc do the calls.
//
// A scenario is TOML:
//   name = "..."                      required, 1..200 bytes
//   description = "..."               optional
//   [tokens]                          optional: sender -> token file, relative
//   AT = "tokens/at.token"            to the scenario's folder
//   [[steps]]                         1..1000 steps, injected in offset order
//   at = "5m"                         offset from the start: N, Ns, Nm, Nh, Nd
//   action = "notify"                 notify | report | ping
//   from = "AT"                       an ISO 3166 state code or "secretariat"
//   to = ["BO", "CA"]                 notify, ping ("all" for every state);
//                                     report: its recipients (optional)
//   kind, priority, subject, body, tlp   notify (kind defaults to
//                                     incident-alert, priority to urgent,
//                                     tlp to AMBER, body to "")
//   report = "report.json"            report: a report or a submission
//                                     {"report":...,"recipients":[...]}
// Every injected notification and report is marked "exercise": true.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_value.h"
#include "core/result.h"
#include "core/time.h"

namespace accord::cli {

enum class StepAction { kNotify, kReport, kPing };

struct ScenarioStep {
  std::string key;  // "steps[2]", for messages
  std::int64_t offset_seconds = 0;
  StepAction action = StepAction::kNotify;
  std::string from;             // a state code or "secretariat"
  std::vector<std::string> to;  // state codes (or {"all"} for a ping)
  std::string kind = "incident-alert";
  std::string priority = "urgent";
  std::string subject;
  std::string body;
  std::string tlp = "AMBER";
  std::filesystem::path report;  // resolved against the scenario's folder
};

struct Scenario {
  std::string name;
  std::string description;
  std::map<std::string, std::filesystem::path> tokens;  // sender -> token file (resolved)
  std::vector<ScenarioStep> steps;                       // in offset order (stable)
};

// Parses a scenario. kInvalidArgument "<source>: <key>: <reason>" naming the
// key ("steps[1].to[0]", "tokens.AT") for every shape error, or
// "<source>: line L, column C: ..." for TOML syntax.
core::Result<Scenario> ParseScenario(std::string_view toml_text, const std::filesystem::path& source);

// "90", "90s", "5m", "2h", "1d" -> seconds (0..366 days). kInvalidArgument
// naming the text otherwise.
core::Result<std::int64_t> ParseOffset(std::string_view text);

// One party's response times over exercise notifications.
struct PartyResponseTimes {
  std::string party;
  std::int64_t notifications = 0;
  std::int64_t on_time = 0;
  std::int64_t late = 0;
  std::int64_t missed = 0;   // not acknowledged and the deadline passed
  std::int64_t pending = 0;  // not acknowledged, deadline ahead
  std::optional<std::int64_t> median_seconds;  // lower median, acknowledged ones
  std::optional<std::int64_t> max_seconds;
};

// From the "items" of GET /v1/notifications?exercise=true (each with its
// "statuses"): per recipient, ordered by party id, counting notifications
// sent at or after `since`. kInvalidArgument naming the item when one lacks
// the members it needs.
core::Result<std::vector<PartyResponseTimes>> ExerciseResponseTimes(const core::JsonValue& items,
                                                                    core::Timestamp now,
                                                                    std::optional<core::Timestamp> since);

}  // namespace accord::cli
