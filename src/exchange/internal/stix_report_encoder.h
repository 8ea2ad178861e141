// How one report becomes STIX objects (exchange/stix_report.h): the encoder
// that the export's source files share, and the small helpers they use.
//   - stix_report.cc: the public functions, the extension definitions and
//     bundle assembly;
//   - stix_report_encoder.cc: the encoder's steps and common properties,
//     and the incident itself (accord's and Incident Core's extensions,
//     granular markings);
//   - stix_report_objects.cc: the objects around the incident (identities,
//     locations, attack patterns, vulnerabilities, actors, relationships,
//     the assessment note).
// docs/exchange/stix.md maps every field. Not part of the module's
// interface.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_value.h"
#include "core/time.h"
#include "exchange/stix_mapping.h"
#include "exchange/stix_report.h"
#include "exchange/tlp_markings.h"
#include "model/incident_report.h"

namespace accord::exchange::stix_internal {

// UUIDv5(AccordNamespace(), "extension-definition/accord.incident-report/1").
inline constexpr std::string_view kAccordExtensionId =
    "extension-definition--67098f00-d3be-554f-ad29-f8bffea21736";
// OASIS Incident Core Extension v2.0 (oasis-open/cti-stix-common-objects,
// extension-definition-specifications/incident-core/
// extension-definition--ef765651-680c-498d-9894-99799f2fa126.json).
inline constexpr std::string_view kIncidentCoreId =
    "extension-definition--ef765651-680c-498d-9894-99799f2fa126";

inline core::JsonValue Str(std::string_view text) {
  return core::JsonValue::String(std::string(text));
}
inline core::JsonValue Int(std::int64_t value) {
  return core::JsonValue::Number(static_cast<double>(value));
}
inline core::JsonValue StrArray(std::initializer_list<std::string_view> values) {
  core::JsonArray array;
  for (std::string_view value : values) array.push_back(Str(value));
  return core::JsonValue::Array(std::move(array));
}
// `object_marking_refs` naming the TLP 2.0 marking definition of `tlp`.
inline core::JsonValue MarkingRefs(model::Tlp tlp) {
  return core::JsonValue::Array({Str(Tlp2MarkingDefinition(tlp).id)});
}

// Encodes one report; EncodeReportAsStix is `ReportEncoder(...).Encode()`.
// `report` and `options` must outlive the encoder; Encode() is called once.
class ReportEncoder {
 public:
  ReportEncoder(const model::IncidentReport& report, const StixExportOptions& options);

  // The incident first, then every derived object once (by id).
  std::vector<core::JsonValue> Encode();

 private:
  // stix_report_encoder.cc: common properties.

  // `text` as a STIX timestamp if it is RFC 3339, else `fallback`.
  static std::string ParsedOr(const std::string& text, core::Timestamp fallback);
  // The most restrictive marking of anything at, above or under `pointer`:
  // what an object drawing on that part of the report must carry.
  model::Tlp Subtree(std::string_view pointer) const;
  // An id scoped to this report: exporting it again gives the same id.
  std::string Scoped(std::string_view type, std::string_view role) const;
  // Common properties (STIX 2.1 section 3.2). `shared` objects are
  // reference data with the fixed mapping time.
  ObjectBuilder Start(std::string_view type, const std::string& id, bool shared) const;
  // Appends `object` unless an object with `id` is already there.
  void AddObject(const std::string& id, core::JsonValue object);

  // stix_report_encoder.cc: the incident.

  // The `assessment` member of accord's extension.
  core::JsonValue AssessmentJson(const StixAssessment& assessment) const;
  // Incident Core section 4.1: harm caused is a successful attempt;
  // without any stated effect the incident stays suspected.
  std::string_view Determination() const;
  // The Incident Core extension property of the incident.
  core::JsonValue IncidentCoreJson() const;
  // The selector (STIX 2.1 section 7.2.3.1) of the place `pointer` names
  // inside accord's extension property `report`; "" if a token cannot be
  // written as a selector (not in a valid report).
  std::string ReportSelector(std::string_view pointer) const;
  // STIX 2.1 section 7.2.3: granular markings for the fields marked more
  // strictly than the report, on every property that carries them.
  core::JsonValue GranularMarkings() const;
  core::JsonValue EncodeIncident(const std::string& reporter_id) const;

  // stix_report_objects.cc: the objects around the incident.

  // Adds a relationship object `id` from `source` to `target`.
  void Relate(std::string_view relationship_type, const std::string& source,
              const std::string& target, model::Tlp tlp, bool shared, const std::string& id,
              std::string description = {}, std::optional<std::int64_t> confidence = {});
  // Adds the location of `country` (shared by all reports) and returns its id.
  std::string LocationId(const std::string& country);
  // Adds the reporter's identity; returns its id (the incident's created_by_ref).
  std::string EncodeReporter();
  void EncodeLocations();
  void EncodeAffectedEntities();
  void EncodeTechniques();
  void EncodeVulnerabilities();
  void EncodeAttributions();
  void EncodeNote();

  const model::IncidentReport& report_;
  const StixExportOptions& options_;
  core::JsonValue report_json_;  // the report as accord's extension carries it
  std::string incident_id_;
  std::string created_;
  std::string modified_;
  std::vector<core::JsonValue> objects_;
  std::set<std::string> seen_;  // ids in objects_
};

}  // namespace accord::exchange::stix_internal
