#include "core/json_value.h"

#include <cassert>

namespace accord::core {

std::string_view JsonTypeName(JsonType type) {
  switch (type) {
    case JsonType::kNull:
      return "null";
    case JsonType::kBool:
      return "bool";
    case JsonType::kNumber:
      return "number";
    case JsonType::kString:
      return "string";
    case JsonType::kArray:
      return "array";
    case JsonType::kObject:
      return "object";
  }
  return "unknown";
}

bool JsonValue::AsBool() const {
  assert(type() == JsonType::kBool);
  return std::get<1>(storage_);
}

double JsonValue::AsNumber() const {
  assert(type() == JsonType::kNumber);
  return std::get<2>(storage_);
}

const std::string& JsonValue::AsString() const {
  assert(type() == JsonType::kString);
  return std::get<3>(storage_);
}

const JsonArray& JsonValue::AsArray() const {
  assert(type() == JsonType::kArray);
  return std::get<4>(storage_);
}

const JsonObject& JsonValue::AsObject() const {
  assert(type() == JsonType::kObject);
  return std::get<5>(storage_);
}

const JsonValue* JsonValue::Find(std::string_view name) const {
  if (type() != JsonType::kObject) return nullptr;
  for (const JsonMember& member : std::get<5>(storage_)) {
    if (member.name == name) return &member.value;
  }
  return nullptr;
}

bool operator==(const JsonValue& a, const JsonValue& b) {
  return a.storage_ == b.storage_;
}

}  // namespace accord::core
