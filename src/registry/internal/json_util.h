// Small helpers to build and read core::JsonValue trees in the registry's
// records. Numbers are integers only (DESIGN.md: no floating point in
// public entries); reading one that is not an integer is kCorrupt.
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/id.h"
#include "core/json_reader.h"
#include "core/json_value.h"
#include "core/result.h"
#include "core/time.h"

namespace accord::registry::internal {

inline core::JsonValue Str(std::string_view text) { return core::JsonValue::String(std::string(text)); }
inline core::JsonValue Int(std::int64_t value) {
  return core::JsonValue::Number(static_cast<double>(value));
}
inline core::JsonValue Bool(bool value) { return core::JsonValue::Bool(value); }
inline core::JsonValue Obj(core::JsonObject members) {
  return core::JsonValue::Object(std::move(members));
}
inline core::JsonValue StrArray(const std::vector<std::string>& items) {
  core::JsonArray array;
  array.reserve(items.size());
  for (const auto& item : items) array.push_back(Str(item));
  return core::JsonValue::Array(std::move(array));
}

// Parses JSON the registry stored itself (a store row's full or public
// form). Text that does not parse is stored data gone wrong: kCorrupt,
// "<what>: <the parser's reason>".
inline core::Result<core::JsonValue> ParseStored(std::string_view json, std::string_view what) {
  auto parsed = core::ParseJsonStrict(json);
  if (!parsed) return core::Corrupt(std::string(what) + ": " + parsed.error().message);
  return parsed;
}

// Readers for records the registry wrote itself: a missing or mistyped
// member is stored data gone wrong (kCorrupt), named with `where`.
inline core::Result<const core::JsonValue*> Member(const core::JsonValue& object,
                                                    std::string_view name,
                                                    std::string_view where) {
  const core::JsonValue* value = object.Find(name);
  if (value == nullptr)
    return core::Corrupt(std::string(where) + ": member \"" + std::string(name) + "\" is missing");
  return value;
}

inline core::Result<std::string> GetString(const core::JsonValue& object, std::string_view name,
                                           std::string_view where) {
  auto value = Member(object, name, where);
  if (!value) return value.error();
  if ((*value)->type() != core::JsonType::kString)
    return core::Corrupt(std::string(where) + ": member \"" + std::string(name) +
                         "\" must be a string");
  return (*value)->AsString();
}

inline std::string GetStringOr(const core::JsonValue& object, std::string_view name,
                               std::string fallback = {}) {
  const core::JsonValue* value = object.Find(name);
  if (value == nullptr || value->type() != core::JsonType::kString) return fallback;
  return value->AsString();
}

inline core::Result<std::int64_t> GetInt(const core::JsonValue& object, std::string_view name,
                                         std::string_view where) {
  auto value = Member(object, name, where);
  if (!value) return value.error();
  if ((*value)->type() != core::JsonType::kNumber)
    return core::Corrupt(std::string(where) + ": member \"" + std::string(name) +
                         "\" must be a number");
  double number = (*value)->AsNumber();
  if (number != std::floor(number) || std::fabs(number) > 9007199254740992.0)
    return core::Corrupt(std::string(where) + ": member \"" + std::string(name) +
                         "\" must be an integer");
  return static_cast<std::int64_t>(number);
}

inline bool GetBoolOr(const core::JsonValue& object, std::string_view name, bool fallback) {
  const core::JsonValue* value = object.Find(name);
  if (value == nullptr || value->type() != core::JsonType::kBool) return fallback;
  return value->AsBool();
}

inline std::vector<std::string> GetStrings(const core::JsonValue& object, std::string_view name) {
  std::vector<std::string> out;
  const core::JsonValue* value = object.Find(name);
  if (value == nullptr || value->type() != core::JsonType::kArray) return out;
  for (const auto& item : value->AsArray())
    if (item.type() == core::JsonType::kString) out.push_back(item.AsString());
  return out;
}

// A stored RFC 3339 time; kCorrupt naming the member otherwise.
inline core::Result<core::Timestamp> GetTime(const core::JsonValue& object, std::string_view name,
                                             std::string_view where) {
  auto text = GetString(object, name, where);
  if (!text) return text.error();
  auto parsed = core::ParseRfc3339(*text);
  if (!parsed)
    return core::Corrupt(std::string(where) + ": member \"" + std::string(name) + "\": " +
                         parsed.error().message);
  return *parsed;
}

// As GetTime, nullopt when the member is absent.
inline core::Result<std::optional<core::Timestamp>> GetOptionalTime(const core::JsonValue& object,
                                                                    std::string_view name,
                                                                    std::string_view where) {
  if (object.Find(name) == nullptr) return std::optional<core::Timestamp>{};
  auto at = GetTime(object, name, where);
  if (!at) return at.error();
  return std::optional<core::Timestamp>{*at};
}

// A stored STIX id ("case--<uuid>"); kCorrupt naming the member otherwise.
inline core::Result<core::StixId> GetId(const core::JsonValue& object, std::string_view name,
                                        std::string_view where) {
  auto text = GetString(object, name, where);
  if (!text) return text.error();
  auto id = core::StixId::Parse(*text);
  if (!id)
    return core::Corrupt(std::string(where) + ": member \"" + std::string(name) + "\": " +
                         id.error().message);
  return *id;
}

}  // namespace accord::registry::internal
