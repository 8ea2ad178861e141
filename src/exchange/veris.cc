// VERIS incidents -> IncidentReports (exchange/veris.h): reading the files,
// telling VERIS records from other JSON, the steps of one record in order,
// the contract check and the sections left unmapped. The steps themselves
// are in veris_incident.cc, veris_victim.cc and veris_actor.cc
// (internal/veris_mapper.h); docs/exchange/veris.md is the mapping, and
// each step names the VERIS field it reads.
#include "exchange/veris.h"

#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "core/json_reader.h"
#include "exchange/internal/import_files.h"
#include "exchange/internal/veris_mapper.h"
#include "model/report_codec.h"

namespace accord::exchange {
namespace veris_internal {
namespace {

using core::JsonType;
using core::JsonValue;

// Top-level members a JSON file must have one of to be taken for a VERIS
// incident; VERIS requires both (verisc-merged.json "required"). VERIS's
// enumeration and label files share the incident's other section names
// (action, actor, victim...), so those do not count.
constexpr std::string_view kVerisMarkers[] = {"incident_id", "schema_version"};

// Why each top-level VERIS section that accord does not map is left out.
struct SectionReason {
  std::string_view section;
  std::string_view reason;
};
constexpr SectionReason kUnmappedSections[] = {
    {"impact", "loss ratings and amounts in money: accord's effects have no financial fields"},
    {"asset", "asset varieties, hosting and ownership: the report names entities, not assets"},
    {"discovery_method", "how the incident was discovered: no field in the report"},
    {"discovery_notes", "notes on the discovery: no field in the report"},
    {"campaign_id",
     "a VERIS campaign id names no accord report, so it cannot fill related_reports"},
    {"related_incidents", "VERIS incident ids name no accord report"},
    {"targeted", "whether the victim was targeted: no field in the report"},
    {"value_chain", "the attacker's value chain: no field in the report"},
    {"ioc", "VERIS indicators are free text without a type; the report's indicators are typed"},
    {"security_incident", "\"Confirmed\" or \"Suspected\": the report does not record certainty"},
    {"corrective_action", "recommended fixes: no field in the report"},
    {"cost_corrective_action", "cost of the fixes: no field in the report"},
    {"control_failure", "failed controls: no field in the report"},
};
// Sections read in full (nothing left to list).
constexpr std::string_view kMappedSections[] = {
    "incident_id", "schema_version", "source_id", "summary", "notes", "reference", "schema_name"};

std::string_view ReasonFor(std::string_view section) {
  for (const SectionReason& entry : kUnmappedSections) {
    if (entry.section == section) return entry.reason;
  }
  return "not part of accord's incident report";
}

}  // namespace

// The names of `section`'s members other than `mapped`, "a, b, c".
std::string OtherMembers(const JsonValue& section, std::initializer_list<std::string_view> mapped) {
  std::string names;
  if (section.type() != JsonType::kObject) return names;
  for (const core::JsonMember& member : section.AsObject()) {
    if (std::find(mapped.begin(), mapped.end(), member.name) != mapped.end()) continue;
    names += (names.empty() ? "" : ", ") + member.name;
  }
  return names;
}

std::string VerisMapper::VerisPointerOf(const std::string& report_pointer) const {
  const std::pair<std::string, std::string>* best = nullptr;
  for (const auto& entry : trace_) {
    const std::string& prefix = entry.first;
    const bool matches =
        report_pointer.compare(0, prefix.size(), prefix) == 0 &&
        (report_pointer.size() == prefix.size() || report_pointer[prefix.size()] == '/');
    if (matches && (best == nullptr || prefix.size() > best->first.size())) best = &entry;
  }
  return best != nullptr ? best->second : "";
}

void VerisMapper::Map() {
  if (record_.type() != JsonType::kObject ||
      std::none_of(std::begin(kVerisMarkers), std::end(kVerisMarkers),
                   [&](std::string_view name) { return record_.Find(name) != nullptr; })) {
    plan_.ignored.push_back(
        {source_, "file",
         "not a VERIS incident: " +
             std::string(record_.type() == JsonType::kObject
                             ? "neither incident_id nor schema_version is present"
                             : "a JSON " + std::string(core::JsonTypeName(record_.type())) +
                                   ", not an object")});
    return;
  }
  MapIdentity();
  MapReporterAndTimes();
  MapVictim();
  MapEffects();
  MapReferencesAndNarrative();  // before attributions, which cite the first reference
  MapAttributions();
  MapVulnerabilities();
  report_.tlp = model::Tlp::kClear;  // VCDB is public data (CC BY-SA 4.0)
  report_.publication = {model::Visibility::kPublic, model::Visibility::kPublic};
  report_.exercise = false;
  if (problems_.empty()) {
    // The decoder is the contract: whatever it refuses is refused here, at
    // the VERIS field that produced it.
    for (const model::FieldError& error : model::ValidateIncidentReport(report_)) {
      Reject(VerisPointerOf(error.pointer),
             "maps to " + (error.pointer.empty() ? std::string("the report") : error.pointer) +
                 ": " + error.message);
    }
  }
  if (!problems_.empty()) {
    plan_.rejected.insert(plan_.rejected.end(), problems_.begin(), problems_.end());
    return;
  }
  ListUnmappedSections();
  plan_.ignored.insert(plan_.ignored.end(), ignored_.begin(), ignored_.end());
  plan_.reports.push_back({source_, std::move(report_)});
}

void VerisMapper::ListUnmappedSections() {
  for (const core::JsonMember& member : record_.AsObject()) {
    const std::string& name = member.name;
    if (std::find(std::begin(kMappedSections), std::end(kMappedSections), name) !=
        std::end(kMappedSections)) {
      continue;
    }
    // Sections partly mapped list their rest where they are read.
    if (name == "victim" || name == "actor" || name == "action" || name == "attribute") continue;
    if (name == "timeline") {
      if (std::string others = OtherMembers(member.value, {"incident"}); !others.empty()) {
        Ignore("timeline", others +
                               ": durations between phases, not dates; only timeline.incident "
                               "is mapped");
      }
      continue;
    }
    if (name == "plus") {
      if (std::string others = OtherMembers(member.value, {"created", "modified"});
          !others.empty()) {
        Ignore("plus", others + ": the coder's metadata; only created/modified are read");
      }
      continue;
    }
    if (name == "confidence") {
      if (report_.attributions.empty()) Ignore("confidence", "no attribution to qualify");
      continue;
    }
    Ignore(name, std::string(ReasonFor(name)));
  }
}

}  // namespace veris_internal

namespace {

core::JsonLimits VerisLimits() {
  core::JsonLimits limits;
  limits.max_input_bytes = kMaxVerisRecordBytes;
  limits.max_depth = 32;  // VERIS nests five deep (plus.attribute.confidentiality...)
  return limits;
}

void PlanVerisRecord(const core::JsonValue& record, const std::string& source, ImportPlan& plan) {
  veris_internal::VerisMapper(record, source, plan).Map();
}

}  // namespace

ImportPlan PlanVerisImportText(std::string_view text, std::string_view source_name) {
  ImportPlan plan;
  internal::PlanJsonDocument(text, std::string(source_name), VerisLimits(), plan, PlanVerisRecord);
  return plan;
}

core::Result<ImportPlan> PlanVerisImport(const std::filesystem::path& file_or_dir,
                                         const DirectoryImportOptions& options) {
  return internal::PlanJsonFiles(file_or_dir, "VERIS", VerisLimits(), options, PlanVerisRecord);
}

}  // namespace accord::exchange
