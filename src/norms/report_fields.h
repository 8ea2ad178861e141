// The fixed table of incident-report fields that catalogue conditions may
// name, and how each is read from a model::IncidentReport. There is no
// reflection: a field a condition names must be in this table, or the
// catalogue fails to load (norms/catalogue.h). docs/norms.md, "Fields",
// lists the table for catalogue authors.
//
// A field is read in a scope. "report" fields are paths from the top of the
// report ("effects.availability"), plus "attribution.*": the fields of the
// one attribution the evaluation relies on (norms/evaluate.h picks it).
// "entity" fields are those of one element of `affected_entities`
// ("sector"), "attribution" fields those of one element of `attributions`.
// A path "affected_entities[*].sector" reads the field of every element.
//
// Reading allocates nothing: values are booleans, integers or views of the
// report's strings and of static enumeration spellings (model's Name()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/incident_report.h"

namespace accord::norms {

// What a field path is resolved against.
enum class Scope : std::uint8_t {
  kReport,       // the report (and the attribution relied on)
  kEntity,       // one element of affected_entities
  kAttribution,  // one element of attributions
};

// "report", "entity", "attribution".
std::string_view ScopeName(Scope scope);

// What a condition reads from: the report, the attribution the evaluation
// relies on, and for element scopes the element. Pointers are borrowed and
// must outlive the evaluation.
struct Subject {
  const model::IncidentReport* report = nullptr;
  const model::Attribution* relied_on = nullptr;  // null: none relied on
  std::size_t relied_on_index = 0;                // its index in attributions
  const model::AffectedEntity* entity = nullptr;  // kEntity scope
  const model::Attribution* attribution = nullptr;  // kAttribution scope
  std::size_t element_index = 0;  // index of entity or attribution
};

enum class ValueType : std::uint8_t {
  kBoolean,
  kInteger,
  kEnum,       // one of FieldSpec::enum_values
  kText,       // free text (entity_type)
  kSector,     // a code of the sector taxonomy
  kCountry,    // ISO 3166-1 alpha-2
  kTechnique,  // an ATT&CK id, T0NNN or T1NNN[.NNN]
  kObjects,    // an array of objects, read through element_scope
};

// "boolean", "integer", "enumeration", "text", "sector code", "country code",
// "ATT&CK id", "array of objects".
std::string_view ValueTypeName(ValueType type);

// One value read from a report. `element` is the position in an array field
// (for the pointer of the trace), or -1 for a single field.
struct FieldValue {
  std::variant<bool, std::int64_t, std::string_view> value;
  std::int32_t element = -1;
};

struct FieldSpec {
  std::string_view name = {};  // path within its scope: "effects.availability"
  Scope scope = Scope::kReport;
  ValueType type = ValueType::kBoolean;
  // An array of values (techniques, affected_states) rather than one.
  bool many = false;
  // For an array: whether an empty or absent array means "none"
  // (attributions: none is known) or "not reported" (techniques: the
  // reporter may not know them), which comparisons answer with unknown.
  bool empty_means_unknown = false;
  // kEnum: every spelling, and the one that means "not known" ("unknown"),
  // or "" if none does.
  std::span<const std::string_view> enum_values = {};
  std::string_view unknown_value = {};
  // kObjects: the scope of its elements.
  Scope element_scope = Scope::kReport;
  // RFC 6901 pointer of the field relative to its base: the report, the
  // element, or for attribution.* the attribution relied on.
  std::string_view pointer = {};
  // Exactly one reader is set for a field that is not kObjects: `read` for
  // report fields, `read_entity` for entity fields, `read_attribution` for
  // attribution fields and attribution.* (then read from the attribution
  // relied on). Each appends the field's values, nothing if it is absent.
  // Call them through ReadField().
  void (*read)(const Subject& subject, std::vector<FieldValue>& out) = nullptr;
  void (*read_entity)(const model::AffectedEntity& entity, std::vector<FieldValue>& out) = nullptr;
  void (*read_attribution)(const model::Attribution& attribution,
                           std::vector<FieldValue>& out) = nullptr;
  // kObjects: the number of elements, and the subject for element i.
  std::size_t (*size)(const Subject& subject) = nullptr;
  Subject (*element)(const Subject& subject, std::size_t index) = nullptr;
};

// Every field, report scope first. The table is static: pointers into it
// stay valid for the life of the process.
std::span<const FieldSpec> ReportFields();

// The field named `name` in `scope` (no "[*]" paths), or null.
const FieldSpec* FindField(Scope scope, std::string_view name);

// Appends the values of `spec` for `subject`: nothing when the field is
// absent (an optional member left out, no attribution relied on).
// REQUIRES: spec.type is not kObjects; subject has spec.scope's element.
void ReadField(const FieldSpec& spec, const Subject& subject, std::vector<FieldValue>& out);

// The RFC 6901 pointer of `spec` (element `element` of it, if >= 0) as read
// for `subject`, e.g. "/affected_entities/3/sector" or "/techniques/0".
std::string FieldPointer(const FieldSpec& spec, const Subject& subject, std::int32_t element = -1);

// The value as the catalogue spells literals: "true", "42", "civilian".
std::string FieldValueText(const FieldValue& value);

}  // namespace accord::norms
