// JsonValue: a small, immutable-ish tree for one JSON document, as
// ParseJsonStrict (core/json_reader.h) returns it and SerializeCanonical
// (core/canonical_json.h) consumes it.
//
// It keeps what RFC 8785 needs and nothing more: numbers are IEEE-754
// doubles (RFC 8785 section 3.2.2.3 works on doubles only), strings are
// UTF-8 byte strings, and an object is its members in input order (sorting
// is the serializer's job, RFC 8785 section 3.2.3). It is not a general
// purpose JSON library: there is no mutation after construction beyond
// assignment, and the codec files that need a full DOM use Boost.JSON.
//
// Values are built bottom-up through the static factories and then only
// read. Copying copies the whole subtree; prefer moving. Destruction
// recurses once per nesting level, which ParseJsonStrict bounds by
// JsonLimits::max_depth. A JsonValue is a plain value: distinct objects may
// be used from distinct threads, one object may be read from many.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace accord::core {

class JsonValue;
struct JsonMember;

// The elements of an array, in order.
using JsonArray = std::vector<JsonValue>;
// The members of an object, in input (or construction) order.
using JsonObject = std::vector<JsonMember>;

enum class JsonType { kNull, kBool, kNumber, kString, kArray, kObject };

// Stable lower-case name of a type ("null", "bool", "number", "string",
// "array", "object"), for error messages.
std::string_view JsonTypeName(JsonType type);

class JsonValue {
 public:
  // A default-constructed value is JSON null.
  JsonValue() = default;

  static JsonValue Null();
  static JsonValue Bool(bool value);
  // `value` should be finite: JSON has no NaN or Infinity (RFC 8259
  // section 6). ParseJsonStrict never makes one; ValidateForCanonical
  // (core/canonical_json.h) reports one in a value built by hand, and
  // SerializeCanonical refuses to write one (see FormatJsonNumber).
  static JsonValue Number(double value);
  // `value` should be valid UTF-8 (RFC 8785 section 3.2.2.2 and RFC 7493
  // section 2.1); ParseJsonStrict guarantees it, ValidateForCanonical
  // (core/canonical_json.h) checks a value built by hand.
  static JsonValue String(std::string value);
  static JsonValue Array(JsonArray elements);
  // Member names should be unique (RFC 7493 section 2.3); ParseJsonStrict
  // guarantees it, ValidateForCanonical checks a value built by hand.
  static JsonValue Object(JsonObject members);

  JsonType type() const { return static_cast<JsonType>(storage_.index()); }

  // Typed access. REQUIRES: type() is the matching JsonType (assert).
  bool AsBool() const;
  double AsNumber() const;
  const std::string& AsString() const;
  const JsonArray& AsArray() const;
  const JsonObject& AsObject() const;

  // The value of the member named `name` (compared as bytes, after
  // unescaping), or nullptr when this is not an object or has no such
  // member. Linear in the number of members.
  const JsonValue* Find(std::string_view name) const;

  // Structural equality; numbers compare as doubles (so 0 == -0), members
  // compare in order.
  friend bool operator==(const JsonValue& a, const JsonValue& b);

 private:
  // The alternative index equals the JsonType enumerator, which type() uses.
  using Storage = std::variant<std::monostate, bool, double, std::string, JsonArray, JsonObject>;
  explicit JsonValue(Storage storage);

  Storage storage_;
};

struct JsonMember {
  std::string name;  // unescaped UTF-8
  JsonValue value;

  friend bool operator==(const JsonMember& a, const JsonMember& b) {
    return a.name == b.name && a.value == b.value;
  }
};

// The factories are defined here, where JsonMember is complete: the
// variant's special members need every alternative's element type.
inline JsonValue::JsonValue(Storage storage) : storage_(std::move(storage)) {}
inline JsonValue JsonValue::Null() {
  return JsonValue();
}
inline JsonValue JsonValue::Bool(bool value) {
  return JsonValue(Storage(std::in_place_index<1>, value));
}
inline JsonValue JsonValue::Number(double value) {
  return JsonValue(Storage(std::in_place_index<2>, value));
}
inline JsonValue JsonValue::String(std::string value) {
  return JsonValue(Storage(std::in_place_index<3>, std::move(value)));
}
inline JsonValue JsonValue::Array(JsonArray elements) {
  return JsonValue(Storage(std::in_place_index<4>, std::move(elements)));
}
inline JsonValue JsonValue::Object(JsonObject members) {
  return JsonValue(Storage(std::in_place_index<5>, std::move(members)));
}

}  // namespace accord::core
