// The incident report contract's numbers and names (docs/incident-report.md),
// in one place for the decoder: every bound, mirrored by
// maxLength/maxItems/maximum in docs/schema/incident-report.schema.json
// (a test keeps the two in step), and every object's member names in the
// contract's order. Not part of the module's interface.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/internal/field_reader.h"

namespace accord::model::internal::contract {

// ---------------------------------------------------------------------------
// The contract's bounds (docs/incident-report.md), one name each, mirrored
// by maxLength/maxItems/maximum in docs/schema/incident-report.schema.json.

inline constexpr Length kTitle{1, 200};
inline constexpr Length kPartyName{1, 200};
inline constexpr Length kEntityType{1, 100};
inline constexpr Length kEntityName{0, 200};
inline constexpr Length kServiceName{1, 100};
inline constexpr Length kMilitaryObjectiveDescription{0, 2000};
inline constexpr Length kIndicatorValue{1, 2048};
inline constexpr Length kNarrative{0, 20000};
inline constexpr Length kReferenceTitle{1, 300};
inline constexpr Length kPublisher{0, 200};
inline constexpr std::size_t kMaxUrlChars = 2000;
// A JSON Pointer key of `field_tlp`. The deepest field of a report is
// "/attributions/49/by/state"; 300 characters leaves room for names.
inline constexpr Length kFieldTlpPointer{0, 300};

inline constexpr std::size_t kMaxAffectedStates = 50;
inline constexpr std::size_t kMaxAffectedEntities = 100;
inline constexpr std::size_t kMaxServicesAffected = 50;
inline constexpr std::size_t kMaxCascadeSectors = 50;
inline constexpr std::size_t kMaxTechniques = 100;
inline constexpr std::size_t kMaxVulnerabilities = 100;
inline constexpr std::size_t kMaxAttributions = 50;
inline constexpr std::size_t kMaxIndicators = 1000;
inline constexpr std::size_t kMaxRelatedReports = 100;
inline constexpr std::size_t kMaxReferences = 100;
// One marking per field at most; 200 is far more than a report has fields
// worth marking apart, and bounds the ancestor check below.
inline constexpr std::size_t kMaxFieldTlpEntries = 200;

inline constexpr std::int64_t kMaxPopulation = 10'000'000'000;  // more than everyone alive
inline constexpr std::int64_t kMaxDisruptionHours = 87'600;     // ten years
inline constexpr std::int64_t kMaxCasualties = 10'000'000;

// A string read by the strict reader may be this long; the longest the
// contract allows is 20,000 code points (80,000 bytes) plus escapes, so a
// longer one is refused with the whole document.
inline constexpr std::size_t kMaxJsonStringBytes = std::size_t{1} << 20;

// ---------------------------------------------------------------------------
// Member names of each object, in the contract's order.

inline constexpr std::array<std::string_view, 21> kReportFields = {
    "schema",
    "id",
    "title",
    "reporter",
    "reported_at",
    "times",
    "affected_states",
    "affected_entities",
    "effects",
    "techniques",
    "vulnerabilities",
    "attributions",
    "military_objective",
    "indicators",
    "narrative",
    "tlp",
    "field_tlp",
    "publication",
    "related_reports",
    "exercise",
    "references",
};
inline constexpr std::array<std::string_view, 3> kReporterFields = {"kind", "state", "name"};
inline constexpr std::array<std::string_view, 4> kTimesFields = {"start", "detected", "end", "precision"};
inline constexpr std::array<std::string_view, 6> kEntityFields = {
    "sector", "entity_type", "state", "civilian_status", "name", "population_served"};
inline constexpr std::array<std::string_view, 12> kEffectsFields = {
    "confidentiality",  "integrity",       "availability",      "effect_location",
    "disruption_hours", "people_affected", "physical_damage",   "injuries",
    "deaths",           "recoverability",  "services_affected", "cascade_sectors"};
inline constexpr std::array<std::string_view, 8> kAttributionFields = {
    "by", "to", "sponsorship", "basis", "confidence", "date", "status", "source"};
inline constexpr std::array<std::string_view, 3> kPartyFields = {"kind", "name", "state"};
inline constexpr std::array<std::string_view, 2> kMilitaryObjectiveFields = {"claimed", "description"};
inline constexpr std::array<std::string_view, 2> kIndicatorFields = {"type", "value"};
inline constexpr std::array<std::string_view, 2> kPublicationFields = {"record", "envelope"};
inline constexpr std::array<std::string_view, 4> kReferenceFields = {"title", "url", "publisher", "date"};

// Top-level members that `field_tlp` may not mark: every reader, at every
// TLP, needs them to identify the report and to know how it is marked.
inline constexpr std::array<std::string_view, 4> kUnmarkableFields = {"schema", "id", "tlp", "field_tlp"};

}  // namespace accord::model::internal::contract
