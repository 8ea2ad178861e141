// How one VERIS record becomes an IncidentReport (exchange/veris.h): the
// mapper that the VERIS import's source files share, one file per part of
// the record (docs/exchange/veris.md is the mapping):
//   - veris.cc: reading files, telling VERIS from other JSON, the order of
//     the steps, the contract check and the sections left unmapped;
//   - veris_incident.cc: what the record says of the incident itself
//     (incident_id, schema_version, summary, source_id, timeline, plus,
//     reference, notes);
//   - veris_victim.cc: who was hit and how (victim, asset.country,
//     attribute);
//   - veris_actor.cc: who did it and with what (actor, action).
// Not part of the module's interface.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_value.h"
#include "exchange/import_plan.h"
#include "model/incident_report.h"

namespace accord::exchange::veris_internal {

// The reporter of a record from the VERIS Community Database (source_id
// "vcdb"): its coders are volunteers of a research project reading public
// reports, so a watchdog in accord's terms.
inline constexpr std::string_view kVcdbName = "VERIS Community Database";

// A JSON string's text, or "" for anything else (nullptr included).
inline std::string_view TextOf(const core::JsonValue* value) {
  return value != nullptr && value->type() == core::JsonType::kString
             ? std::string_view(value->AsString())
             : std::string_view();
}

// The names of `section`'s members other than `mapped`, "a, b, c"; "" when
// there are none or `section` is not an object.
std::string OtherMembers(const core::JsonValue& section,
                         std::initializer_list<std::string_view> mapped);

// Known ISO codes of a VERIS country list ("Unknown" and "Other" dropped,
// duplicates dropped), each with its index in the list. Empty when `list`
// is nullptr or not an array.
std::vector<std::pair<std::string, std::size_t>> KnownCountries(const core::JsonValue* list);

// One VERIS record -> one report, a rejection, or (not VERIS) an ignored
// file, appended to `plan` by Map(). `record` and `plan` must outlive the
// mapper; Map() is called once.
class VerisMapper {
 public:
  VerisMapper(const core::JsonValue& record, std::string source, ImportPlan& plan)
      : record_(record), source_(std::move(source)), plan_(plan) {}

  void Map();

 private:
  void Reject(std::string field, std::string reason) {
    problems_.push_back({source_, std::move(field), std::move(reason)});
  }
  void Ignore(std::string type, std::string reason) {
    ignored_.push_back({source_, std::move(type), std::move(reason)});
  }
  // Records that report fields under `report_pointer` come from `veris_pointer`.
  void Trace(std::string report_pointer, std::string veris_pointer) {
    trace_.emplace_back(std::move(report_pointer), std::move(veris_pointer));
  }
  std::string VerisPointerOf(const std::string& report_pointer) const;

  // veris_incident.cc
  void MapIdentity();
  void MapReporterAndTimes();
  void MapReferencesAndNarrative();
  // veris_victim.cc
  void MapVictim();
  void MapEffects();
  // veris_actor.cc
  void MapAttributions();
  void MapVulnerabilities();
  // veris.cc
  void ListUnmappedSections();

  const core::JsonValue& record_;
  const std::string source_;
  ImportPlan& plan_;
  model::IncidentReport report_;
  std::vector<ImportProblem> problems_;
  std::vector<IgnoredObject> ignored_;
  // (report pointer, VERIS pointer) pairs; see Trace.
  std::vector<std::pair<std::string, std::string>> trace_;
  // Where reported_at came from: /plus/created, or /plus/modified.
  std::string created_pointer_ = "/plus/created";
};

}  // namespace accord::exchange::veris_internal
