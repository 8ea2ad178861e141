// Exercise scenarios and response times: see exercise_scenario.h.
#include "cli/exercise_scenario.h"

#include <algorithm>
#include <set>

#include <toml++/toml.h>

namespace accord::cli {
namespace {

constexpr std::size_t kMaxSteps = 1000;
constexpr std::int64_t kMaxOffsetSeconds = 366LL * 24 * 3600;

core::Error KeyError(const std::filesystem::path& source, std::string_view key, std::string_view reason) {
  return core::InvalidArgument(source.string() + ": " + std::string(key) + ": " + std::string(reason));
}

bool IsStateCode(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

bool IsSender(std::string_view from) { return from == "secretariat" || IsStateCode(from); }

// A required or optional string member of `table`.
core::Status ReadString(const toml::table& table, std::string_view name, const std::string& key,
                        const std::filesystem::path& source, bool required, std::size_t max,
                        std::string& out) {
  const toml::node* node = table.get(name);
  const std::string at = key.empty() ? std::string(name) : key + "." + std::string(name);
  if (node == nullptr) {
    if (required) return KeyError(source, at, "is required");
    return core::Ok();
  }
  auto value = node->value_exact<std::string>();
  if (!value) return KeyError(source, at, "must be a string");
  if (required && value->empty()) return KeyError(source, at, "must not be empty");
  if (value->size() > max) return KeyError(source, at, "must be at most " + std::to_string(max) + " bytes");
  out = *value;
  return core::Ok();
}

core::Status CheckKeys(const toml::table& table, const std::string& key, const std::filesystem::path& source,
                       std::initializer_list<std::string_view> known) {
  for (const auto& [name, node] : table) {
    (void)node;
    if (std::find(known.begin(), known.end(), name.str()) == known.end()) {
      std::string expected;
      for (auto k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
      return KeyError(source, key.empty() ? std::string(name.str()) : key + "." + std::string(name.str()),
                      "unknown key (expected " + expected + ")");
    }
  }
  return core::Ok();
}

core::Result<ScenarioStep> ParseStep(const toml::table& table, std::size_t index,
                                     const std::filesystem::path& source) {
  ScenarioStep step;
  step.key = "steps[" + std::to_string(index) + "]";
  const std::string& key = step.key;
  if (auto known = CheckKeys(table, key, source,
                             {"at", "action", "from", "to", "kind", "priority", "subject", "body", "tlp", "report"});
      !known)
    return known.error();
  std::string at;
  if (auto read = ReadString(table, "at", key, source, true, 32, at); !read) return read.error();
  auto offset = ParseOffset(at);
  if (!offset) return KeyError(source, key + ".at", offset.error().message);
  step.offset_seconds = *offset;
  std::string action;
  if (auto read = ReadString(table, "action", key, source, true, 32, action); !read) return read.error();
  if (action == "notify") step.action = StepAction::kNotify;
  else if (action == "report") step.action = StepAction::kReport;
  else if (action == "ping") step.action = StepAction::kPing;
  else return KeyError(source, key + ".action", "must be notify, report or ping, not \"" + action + "\"");
  if (step.action == StepAction::kPing) step.from = "secretariat";
  if (auto read = ReadString(table, "from", key, source, step.action != StepAction::kPing, 32, step.from); !read)
    return read.error();
  if (!IsSender(step.from))
    return KeyError(source, key + ".from", "must be an ISO 3166 alpha-2 state code or \"secretariat\"");
  if (step.action == StepAction::kPing && step.from != "secretariat")
    return KeyError(source, key + ".from", "a ping is sent by the secretariat");

  if (const toml::node* to = table.get("to")) {
    if (auto all = to->value_exact<std::string>(); all && *all == "all" && step.action == StepAction::kPing) {
      step.to = {"all"};
    } else if (const toml::array* list = to->as_array()) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        auto code = (*list)[i].value_exact<std::string>();
        const std::string at_key = key + ".to[" + std::to_string(i) + "]";
        if (!code || !IsStateCode(*code)) return KeyError(source, at_key, "must be an ISO 3166 alpha-2 state code");
        if (std::find(step.to.begin(), step.to.end(), *code) != step.to.end())
          return KeyError(source, at_key, "\"" + *code + "\" is listed twice");
        step.to.push_back(*code);
      }
    } else {
      return KeyError(source, key + ".to",
                      step.action == StepAction::kPing ? "must be an array of state codes or \"all\""
                                                       : "must be an array of state codes");
    }
  }
  if (step.action != StepAction::kReport && step.to.empty())
    return KeyError(source, key + ".to", "is required (at least one recipient)");

  if (step.action == StepAction::kReport) {
    for (std::string_view notify_only : {"kind", "priority", "subject", "body", "tlp"})
      if (table.get(notify_only) != nullptr)
        return KeyError(source, key + "." + std::string(notify_only), "only for a notify step");
    std::string report;
    if (auto read = ReadString(table, "report", key, source, true, 4096, report); !read) return read.error();
    step.report = source.parent_path() / report;
    return step;
  }
  if (table.get("report") != nullptr) return KeyError(source, key + ".report", "only for a report step");
  if (auto read = ReadString(table, "kind", key, source, false, 64, step.kind); !read) return read.error();
  if (step.action == StepAction::kPing) step.kind = "ping";
  if (auto read = ReadString(table, "priority", key, source, false, 16, step.priority); !read) return read.error();
  if (step.priority != "urgent" && step.priority != "normal")
    return KeyError(source, key + ".priority", "must be urgent or normal");
  if (auto read = ReadString(table, "subject", key, source, step.action == StepAction::kNotify, 800, step.subject);
      !read)
    return read.error();
  if (auto read = ReadString(table, "body", key, source, false, 80000, step.body); !read) return read.error();
  if (auto read = ReadString(table, "tlp", key, source, false, 16, step.tlp); !read) return read.error();
  return step;
}

}  // namespace

core::Result<std::int64_t> ParseOffset(std::string_view text) {
  if (text.empty()) return core::InvalidArgument("offset \"\": expected a number with s, m, h or d");
  std::int64_t unit = 1;
  std::string_view digits = text;
  switch (text.back()) {
    case 's': unit = 1; digits.remove_suffix(1); break;
    case 'm': unit = 60; digits.remove_suffix(1); break;
    case 'h': unit = 3600; digits.remove_suffix(1); break;
    case 'd': unit = 86400; digits.remove_suffix(1); break;
    default: break;
  }
  std::int64_t value = 0;
  if (digits.empty() || digits.size() > 9)
    return core::InvalidArgument("offset \"" + std::string(text) + "\": expected a number with s, m, h or d");
  for (char c : digits) {
    if (c < '0' || c > '9')
      return core::InvalidArgument("offset \"" + std::string(text) + "\": expected a number with s, m, h or d");
    value = value * 10 + (c - '0');
  }
  if (value * unit > kMaxOffsetSeconds)
    return core::InvalidArgument("offset \"" + std::string(text) + "\": more than 366 days");
  return value * unit;
}

core::Result<Scenario> ParseScenario(std::string_view toml_text, const std::filesystem::path& source) {
  toml::table table;
  try {
    table = toml::parse(toml_text, source.string());
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return core::InvalidArgument(source.string() + ": line " + std::to_string(where.line) + ", column " +
                                 std::to_string(where.column) + ": " + std::string(e.description()));
  }
  if (auto known = CheckKeys(table, "", source, {"name", "description", "tokens", "steps"}); !known)
    return known.error();
  Scenario scenario;
  if (auto read = ReadString(table, "name", "", source, true, 200, scenario.name); !read) return read.error();
  if (auto read = ReadString(table, "description", "", source, false, 4000, scenario.description); !read)
    return read.error();
  if (const toml::node* tokens = table.get("tokens")) {
    const toml::table* list = tokens->as_table();
    if (list == nullptr) return KeyError(source, "tokens", "must be a table of sender = \"token file\"");
    for (const auto& [sender, file] : *list) {
      const std::string at = "tokens." + std::string(sender.str());
      if (!IsSender(sender.str())) return KeyError(source, at, "must be a state code or \"secretariat\"");
      auto path = file.value_exact<std::string>();
      if (!path || path->empty()) return KeyError(source, at, "must be a token file's path");
      scenario.tokens[std::string(sender.str())] = source.parent_path() / *path;
    }
  }
  const toml::node* steps = table.get("steps");
  if (steps == nullptr) return KeyError(source, "steps", "is required ([[steps]] tables)");
  const toml::array* list = steps->as_array();
  if (list == nullptr || !list->is_array_of_tables())
    return KeyError(source, "steps", "must be an array of tables ([[steps]])");
  if (list->empty()) return KeyError(source, "steps", "must hold at least one step");
  if (list->size() > kMaxSteps)
    return KeyError(source, "steps", "at most " + std::to_string(kMaxSteps) + " steps");
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto step = ParseStep(*(*list)[i].as_table(), i, source);
    if (!step) return step.error();
    scenario.steps.push_back(std::move(*step));
  }
  std::stable_sort(scenario.steps.begin(), scenario.steps.end(),
                   [](const ScenarioStep& a, const ScenarioStep& b) { return a.offset_seconds < b.offset_seconds; });
  return scenario;
}

core::Result<std::vector<PartyResponseTimes>> ExerciseResponseTimes(const core::JsonValue& items,
                                                                    core::Timestamp now,
                                                                    std::optional<core::Timestamp> since) {
  if (items.type() != core::JsonType::kArray) return core::InvalidArgument("items: must be an array");
  std::map<std::string, PartyResponseTimes> parties;
  std::map<std::string, std::vector<std::int64_t>> seconds;
  auto text = [](const core::JsonValue& object, std::string_view name) -> std::optional<std::string> {
    const core::JsonValue* value = object.Find(name);
    if (value == nullptr || value->type() != core::JsonType::kString) return std::nullopt;
    return value->AsString();
  };
  const auto& array = items.AsArray();
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string where = "items[" + std::to_string(i) + "]";
    const core::JsonValue* statuses = array[i].Find("statuses");
    if (statuses == nullptr || statuses->type() != core::JsonType::kArray)
      return core::InvalidArgument(where + ": no \"statuses\" array");
    for (std::size_t s = 0; s < statuses->AsArray().size(); ++s) {
      const core::JsonValue& status = statuses->AsArray()[s];
      const std::string at = where + ".statuses[" + std::to_string(s) + "]";
      auto recipient = text(status, "recipient");
      auto sent_text = text(status, "sent_at");
      auto due_text = text(status, "due");
      if (!recipient || !sent_text || !due_text)
        return core::InvalidArgument(at + ": needs \"recipient\", \"sent_at\" and \"due\"");
      auto sent_at = core::ParseRfc3339(*sent_text);
      auto due = core::ParseRfc3339(*due_text);
      if (!sent_at || !due) return core::InvalidArgument(at + ": \"sent_at\" and \"due\" must be RFC 3339 times");
      if (since && *sent_at < *since) continue;
      PartyResponseTimes& party = parties[*recipient];
      party.party = *recipient;
      ++party.notifications;
      auto acknowledged_text = text(status, "acknowledged_at");
      if (!acknowledged_text) {
        if (now >= *due) ++party.missed;
        else ++party.pending;
        continue;
      }
      auto acknowledged = core::ParseRfc3339(*acknowledged_text);
      if (!acknowledged) return core::InvalidArgument(at + ": \"acknowledged_at\" must be an RFC 3339 time");
      if (*acknowledged >= *due) ++party.late;
      else ++party.on_time;
      seconds[*recipient].push_back(
          std::chrono::duration_cast<std::chrono::seconds>(*acknowledged - *sent_at).count());
    }
  }
  std::vector<PartyResponseTimes> out;
  for (auto& [id, party] : parties) {
    auto& times = seconds[id];
    if (!times.empty()) {
      std::sort(times.begin(), times.end());
      party.median_seconds = times[(times.size() - 1) / 2];
      party.max_seconds = times.back();
    }
    out.push_back(party);
  }
  return out;
}

}  // namespace accord::cli
