// accord reports as STIX 2.1 objects, both ways (issue 7; docs/exchange/stix.md
// has the mapping field by field).
//
// Export: one report becomes an `incident` SDO carrying
//   - accord's own property extension (every field of the report, so that
//     node -> STIX -> node reproduces the same report), declared by an
//     `extension-definition` object that every bundle includes;
//   - the OASIS Incident Core extension's `criticality` and `scores`, so that
//     the severity travels with the incident to tools that know nothing of
//     accord;
//   - `object_marking_refs` to the OASIS TLP 2.0 marking definitions
//     (tlp_markings.h), and granular markings for stricter field markings;
// plus `identity` objects (the reporter, each affected entity with its
// sector), `attack-pattern` references to ATT&CK, `threat-actor` or
// `intrusion-set` objects for suspected actors, `location` objects for
// affected states, `relationship` objects tying them to the incident, and a
// `note` for the severity assessment and the norms verdicts.
//
// Import: DecodeReportFromStix reads an incident back, from accord's
// extension when present (lossless), otherwise from the standard properties
// and relationships of a foreign incident (MISP, OpenCTI), listing what it
// could not map.
//
// Ids are deterministic (UUIDv5 over the report id and the object's role),
// so that exporting the same report twice gives the same objects, and a
// TAXII consumer sees versions of one object rather than new objects.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_value.h"
#include "exchange/import_plan.h"
#include "model/incident_report.h"

namespace accord::exchange {

// What the node knows about a report beyond the report itself: its
// severity under the shared methodology and the norms verdicts. Optional in
// every export: a public reader gets only what the public may see.
struct StixAssessment {
  std::string methodology_version;  // "2024.1"
  std::int64_t score = 0;           // 0..1000 (assess::Assessment::score)
  std::string level;                // "severe", ...
  std::string confidence;           // "high" "moderate" "low"
  std::int64_t low = 0;             // score range when factors are missing
  std::int64_t high = 0;
  std::vector<std::pair<std::string, std::string>> verdicts;  // norm id -> verdict
  std::string assessed_at;          // RFC 3339, the note's created/modified
};

struct StixExportOptions {
  std::optional<StixAssessment> assessment;
  // The `created`/`modified` of the incident (and of derived objects):
  // when the node accepted this version of the report. Empty: the report's
  // reported_at.
  std::string created;
  std::string modified;
};

// The STIX objects for one report, the incident first. Marking
// definitions and the extension definition are not included (a bundle
// carries each once: see EncodeStixBundle).
std::vector<core::JsonValue> EncodeReportAsStix(const model::IncidentReport& report,
                                                const StixExportOptions& options);

// The accord extension-definition object (STIX 2.1 section 7.3) and its id
// (extension-definition--67098f00-d3be-554f-ad29-f8bffea21736, a UUIDv5 of
// accord's namespace). It is created by the accord project's identity
// (identity--abe2c2de-7016-58b1-a03a-642b02ac7e24), which EncodeStixBundle
// includes. Its `schema` is kAccordExtensionSchema: plain text naming the
// JSON Schema's place in the accord repository, which section 7.3.1 allows
// ("a URL or plain text"); accord publishes no web site to point at.
inline constexpr std::string_view kAccordExtensionSchema =
    "JSON Schema (draft 2020-12) docs/schema/stix-accord-extension.schema.json of the accord "
    "source repository; mapping described in docs/exchange/stix.md";
std::string_view AccordExtensionId();
core::JsonValue AccordExtensionDefinition();
// The OASIS TLP 2.0 extension-definition object (tlp_markings.h has only
// its id), with the values OASIS publishes for it.
core::JsonValue Tlp2ExtensionDefinition();
// The OASIS Incident Core extension's extension-definition id.
std::string_view IncidentCoreExtensionId();

// A STIX 2.1 bundle (section 8) of the given reports' objects, each object
// once, with the TLP 2.0 marking definitions they use, the TLP 2.0
// extension definition, and accord's extension definition. The bundle id
// is a fresh UUIDv4 unless `bundle_id` is given.
struct ExportedReport {
  const model::IncidentReport* report = nullptr;
  StixExportOptions options;
};
core::JsonValue EncodeStixBundle(std::span<const ExportedReport> reports,
                                 std::string bundle_id = {});

// Looks objects up by id while a bundle is decoded (stix_import.h builds it).
struct StixObjectLookup {
  std::function<const core::JsonValue*(std::string_view id)> object;
  // The relationship objects whose source_ref is `id`.
  std::function<std::vector<const core::JsonValue*>(std::string_view id)> relationships_from;
};

// The report an `incident` object describes, or every problem that keeps
// it from being one (each ImportProblem names the incident or a referenced
// object, and the field). `notes` receives what was read but not mapped.
struct DecodedStixReport {
  std::optional<model::IncidentReport> report;
  std::vector<ImportProblem> problems;  // non-empty exactly when !report
  std::vector<ImportProblem> notes;     // mapped with losses: what was left out
};
DecodedStixReport DecodeReportFromStix(const core::JsonValue& incident,
                                       const StixObjectLookup& lookup);

}  // namespace accord::exchange
