// What `accord contact|notify|ping|exercise` share (cli/notify_command.cc
// and cli/exercise_command.cc): calls to a node's JSON API with errors a
// person can act on, and readers of the answers. Only those two files,
// compiled into the `accord` executable, include it.
#pragma once

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "cli/http_client.h"
#include "cli/node_calls.h"
#include "cli/node_connection.h"
#include "core/canonical_json.h"
#include "core/file_io.h"
#include "core/json_reader.h"
#include "core/result.h"

namespace accord::cli {

using core::JsonType;
using core::JsonValue;

inline JsonValue Text(std::string_view text) { return JsonValue::String(std::string(text)); }

inline JsonValue Texts(const std::vector<std::string>& items) {
  core::JsonArray array;
  for (const auto& item : items) array.push_back(Text(item));
  return JsonValue::Array(std::move(array));
}




inline core::Result<JsonValue> Call(NodeConnection& connection, std::string_view method, std::string_view path,
                                   const std::optional<JsonValue>& body = std::nullopt,
                                   std::optional<std::string> token = std::nullopt) {
  return CallNode(connection, method, path, body, token);
}


inline std::string Joined(const JsonValue& object, std::string_view name, std::string_view separator = ",") {
  const JsonValue* value = object.Find(name);
  if (value == nullptr || value->type() != JsonType::kArray) return "";
  std::string out;
  for (const auto& item : value->AsArray())
    if (item.type() == JsonType::kString) out += (out.empty() ? "" : std::string(separator)) + item.AsString();
  return out;
}

inline const core::JsonArray& Items(const JsonValue& answer) {
  static const core::JsonArray kEmpty;
  const JsonValue* items = answer.Find("items");
  return items != nullptr && items->type() == JsonType::kArray ? items->AsArray() : kEmpty;
}

inline void Print(const std::string& line) { std::fputs((line + "\n").c_str(), stdout); }
inline void PrintJson(const JsonValue& value) { Print(core::SerializeCanonical(value)); }

inline core::Result<std::string> BodyText(const std::string& body, const std::filesystem::path& file) {
  if (file.empty()) return body;
  if (!body.empty()) return core::InvalidArgument("--body and --body-file: give one of them");
  auto text = core::ReadFile(file);
  if (!text) return text.error().Context("--body-file " + file.string());
  return *text;
}

struct ExerciseOptions {
  NodeClientOptions client;
  std::filesystem::path scenario;
  bool no_wait = false;
  std::string since;
};

// `accord exercise run SCENARIO` and `accord exercise report`
// (cli/exercise_scenario.h has the scenario's format).
core::Status RunExerciseRun(const ExerciseOptions& options);
core::Status RunExerciseReport(const ExerciseOptions& options);

}  // namespace accord::cli
