// Typed reading of JSON fields with error collection, for the decoders of
// the model module (model/report_codec.cc). Each reader checks one value,
// adds a FieldError at its pointer when the value is wrong, and returns
// nullopt (or nullptr), so a decoder carries on and finds every violation of
// a document in one pass. No function here recurses into values it is not
// asked about, and none uses std::regex: input is untrusted.
//
// Not part of the module's interface: only model/*.cc include this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/json_value.h"
#include "core/time.h"
#include "model/field_error.h"
#include "model/incident_report.h"

namespace accord::model::internal {

// The violations of one document, capped at `max_errors` entries: when the
// cap is reached the last entry says that checking stopped, and later
// violations are dropped.
class ErrorList {
 public:
  explicit ErrorList(std::size_t max_errors) : max_errors_(max_errors) {}

  void Add(std::string pointer, std::string message);
  bool empty() const { return errors_.empty(); }
  std::size_t size() const { return errors_.size(); }
  std::vector<FieldError> Take() { return std::move(errors_); }

 private:
  std::size_t max_errors_;
  std::vector<FieldError> errors_;
};

// The number of Unicode code points in `text`, which is what the contract's
// lengths ("1..200") count, as JSON Schema's maxLength does; nullopt when
// `text` is not valid UTF-8 (RFC 3629: no overlong form, no surrogate, no
// code point above U+10FFFF).
std::optional<std::size_t> CountCodePoints(std::string_view text);

// `text` in double quotes for a message, cut and escaped as
// core::QuoteForMessage does.
std::string Quote(std::string_view text);

// A JSON type with its article, for "found ..." in messages: "null",
// "a boolean", "a number", "a string", "an array", "an object".
std::string_view DescribeType(core::JsonType type);

// One JSON object whose members are read by name. Construction reports, at
// `pointer`, a value that is not an object, and at each member's pointer
// every member whose name is not in `known` (unknown fields are rejected
// everywhere, docs/incident-report.md).
class ObjectReader {
 public:
  ObjectReader(const core::JsonValue& value, std::string pointer,
               std::span<const std::string_view> known, ErrorList& errors);

  // Whether the value is an object; if not, every lookup gives nullptr.
  bool is_object() const { return object_ != nullptr; }
  const std::string& pointer() const { return pointer_; }
  // The pointer of member `name` of this object.
  std::string PointerOf(std::string_view name) const;

  // The member `name`, or nullptr when it is absent.
  const core::JsonValue* Optional(std::string_view name) const;
  // The same, but an absent member is reported as missing (with `why`
  // appended in parentheses when not empty, for conditional requirements).
  // Nothing is reported when this is not an object: that was reported once.
  const core::JsonValue* Required(std::string_view name, std::string_view why = {}) const;

 private:
  const core::JsonValue* object_ = nullptr;
  std::string pointer_;
  ErrorList& errors_;
};

// Bounds of a string, in code points.
struct Length {
  std::size_t min = 0;
  std::size_t max = 0;
};

std::optional<std::string> ReadString(const core::JsonValue& value, const std::string& pointer,
                                      Length length, ErrorList& errors);
std::optional<bool> ReadBool(const core::JsonValue& value, const std::string& pointer,
                             ErrorList& errors);
// An integer in [min, max]. JSON has one number type; a number with no
// fractional part (1.0 as well as 1) is an integer, as in JSON Schema
// 2020-12's "integer". REQUIRES: |min|, |max| <= 2^53.
std::optional<std::int64_t> ReadInteger(const core::JsonValue& value, const std::string& pointer,
                                        std::int64_t min, std::int64_t max, ErrorList& errors);
// The elements of an array with min..max items. A wrong type gives nullptr;
// a wrong size is reported but the array is still returned, so its elements
// are checked too.
const core::JsonArray* ReadArray(const core::JsonValue& value, const std::string& pointer,
                                 std::size_t min_items, std::size_t max_items, ErrorList& errors);

// A string that must be exactly `expected`.
bool ReadConstant(const core::JsonValue& value, const std::string& pointer,
                  std::string_view expected, ErrorList& errors);
// An RFC 3339 `date-time` (core::ParseRfc3339).
std::optional<core::Timestamp> ReadTimestamp(const core::JsonValue& value,
                                             const std::string& pointer, ErrorList& errors);
// An RFC 3339 `full-date`, YYYY-MM-DD.
std::optional<Date> ReadDate(const core::JsonValue& value, const std::string& pointer,
                             ErrorList& errors);
// An ISO 3166-1 alpha-2 code that the installed list assigns.
std::optional<std::string> ReadCountry(const core::JsonValue& value, const std::string& pointer,
                                       ErrorList& errors);
// A code of the built-in sector taxonomy (deprecated codes included: they
// still resolve, docs/sectors.md).
std::optional<std::string> ReadSector(const core::JsonValue& value, const std::string& pointer,
                                      ErrorList& errors);
// An ATT&CK technique id: T0NNN (ICS), T1NNN or T1NNN.NNN (Enterprise).
std::optional<std::string> ReadTechnique(const core::JsonValue& value, const std::string& pointer,
                                         ErrorList& errors);
// A CVE id (model::IsCveId): "CVE-YYYY-NNNN", four or more digits.
std::optional<std::string> ReadCveId(const core::JsonValue& value, const std::string& pointer,
                                     ErrorList& errors);
// An https URL of at most `max_chars` code points, with a host and no space
// or control character.
std::optional<std::string> ReadHttpsUrl(const core::JsonValue& value, const std::string& pointer,
                                        std::size_t max_chars, ErrorList& errors);
// A STIX identifier of type `type` ("incident-report--<uuid>").
std::optional<core::StixId> ReadStixId(const core::JsonValue& value, const std::string& pointer,
                                       std::string_view type, ErrorList& errors);

// The quoted spellings of E's enumerators, "\"a\", \"b\", \"c\"", for
// messages.
template <typename E>
std::string EnumChoices() {
  std::string out;
  for (int i = 0;; ++i) {
    const std::string_view name = Name(static_cast<E>(i));
    if (name.empty()) return out;
    if (i > 0) out += ", ";
    out += '"';
    out += name;
    out += '"';
  }
}

// One enumerator of E, spelled as Name() spells it.
template <typename E>
std::optional<E> ReadEnum(const core::JsonValue& value, const std::string& pointer,
                          ErrorList& errors) {
  if (value.type() != core::JsonType::kString) {
    errors.Add(pointer, "expected one of " + EnumChoices<E>() + ", found " +
                            std::string(DescribeType(value.type())));
    return std::nullopt;
  }
  std::optional<E> parsed = EnumFromName<E>(value.AsString());
  if (!parsed) {
    errors.Add(pointer,
               "expected one of " + EnumChoices<E>() + ", found " + Quote(value.AsString()));
  }
  return parsed;
}

// The limits a record's text is parsed under (each record has its own).
struct DocumentLimits {
  std::size_t max_bytes = 0;
  std::size_t max_depth = 0;
  std::size_t max_string_bytes = 0;
};

// Parses the text of one record (`what`: "report", "notification", ...)
// with the strict reader under `limits`. On failure returns nullopt and
// sets `error` (pointer "": the document as a whole) and `code`: a text
// longer than max_bytes is refused before parsing, so that the message
// names the record's limit rather than the reader's byte offset.
std::optional<core::JsonValue> ParseDocument(std::string_view json, std::string_view what,
                                             const DocumentLimits& limits, FieldError& error,
                                             core::ErrorCode& code);

}  // namespace accord::model::internal
