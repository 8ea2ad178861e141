// The small toolkit stix_validation.cc and stix_validation_types.cc share:
// one object under check, the problems found so far, and typed getters that
// report a wrong type or a missing property as they go. Internal to
// exchange.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_value.h"
#include "core/time.h"
#include "exchange/import_plan.h"
#include "exchange/stix_validation.h"

namespace accord::exchange::internal {

// RFC 6901 reference token of a member name.
std::string PointerToken(std::string_view name);
// A value quoted for a message, cut at 80 bytes.
std::string Quote(std::string_view text);

class StixChecker {
 public:
  // `name`: how problems name the object (its id, or "objects[N]").
  StixChecker(const core::JsonValue& object, std::string name)
      : object_(object), name_(std::move(name)) {}

  const core::JsonValue& object() const { return object_; }
  std::vector<ImportProblem> TakeProblems() { return std::move(problems_); }

  void Problem(std::string field, std::string reason);
  static std::string Field(std::string_view property) {
    return "/" + PointerToken(property);
  }

  // The top-level property, or nullptr.
  const core::JsonValue* Get(std::string_view property) const;
  // The property's string, or nullptr when absent or (reported) not a string.
  const std::string* String(std::string_view property, std::string_view section);
  // As String, and reports it missing.
  const std::string* RequiredString(std::string_view property, std::string_view section);
  // Reports the property missing.
  void Require(std::string_view property, std::string_view section);
  // A STIX identifier whose type is one of `types` (any type if empty).
  bool CheckIdentifier(const std::string& field, const core::JsonValue& value,
                       std::initializer_list<std::string_view> types, std::string_view section);
  void Reference(std::string_view property, std::initializer_list<std::string_view> types,
                 std::string_view section);
  void References(std::string_view property, std::initializer_list<std::string_view> types,
                  std::string_view section);
  bool NonEmptyList(const std::string& field, const core::JsonValue& value,
                    std::string_view section);
  void StringList(std::string_view property, std::string_view section);
  // The property as a STIX timestamp (section 2.15), nullopt when absent
  // or (reported) invalid.
  std::optional<core::Timestamp> Timestamp(std::string_view property, std::string_view section,
                                           bool millisecond_precision = false);
  // Reports `later` < `earlier` (or <= when `strictly`).
  void NotBefore(std::string_view later, std::optional<core::Timestamp> later_time,
                 std::string_view earlier, std::optional<core::Timestamp> earlier_time,
                 std::string_view section, bool strictly);
  void Integer(std::string_view property, double min, double max, std::string_view section);
  void Boolean(std::string_view property, std::string_view section);
  void KillChainPhases();

 private:
  const core::JsonValue& object_;
  std::string name_;
  std::vector<ImportProblem> problems_;
};

// The rules of one type (sections 4, 5, 6, 7): required properties and
// value constraints beyond the common ones.
void CheckTypeRules(const std::string& type, StixObjectKind kind, StixChecker& check);

}  // namespace accord::exchange::internal
