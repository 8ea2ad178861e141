// Reading the members of a request body into fields, with one FieldError
// (JSON Pointer + reason) per problem, for the registry's decoders.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_value.h"
#include "model/field_error.h"

namespace accord::registry::internal {

using core::JsonType;
using core::JsonValue;

// A string member of at most `max` bytes (at least 1 when `required`).
inline void ReadText(const JsonValue& object, std::string_view name, std::string_view pointer,
              std::size_t max, bool required, std::string& out,
              std::vector<model::FieldError>& errors) {
  const JsonValue* value = object.Find(name);
  std::string at = std::string(pointer) + "/" + std::string(name);
  if (value == nullptr) {
    if (required) errors.push_back({at, "is required"});
    return;
  }
  if (value->type() != JsonType::kString) {
    errors.push_back({at, "must be a string"});
    return;
  }
  const std::string& text = value->AsString();
  if (required && text.empty()) errors.push_back({at, "must not be empty"});
  else if (text.size() > max) errors.push_back({at, "must be at most " + std::to_string(max) + " bytes"});
  else out = text;
}

inline void RejectUnknown(const JsonValue& object, std::string_view pointer,
                   std::initializer_list<std::string_view> known,
                   std::vector<model::FieldError>& errors) {
  for (const auto& member : object.AsObject())
    if (std::find(known.begin(), known.end(), member.name) == known.end())
      errors.push_back({std::string(pointer) + "/" + member.name, "unknown member"});
}

}  // namespace accord::registry::internal
