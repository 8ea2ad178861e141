// The decoding half of model/report_codec.h: JSON text to a validated
// IncidentReport, every violation collected. Encoding is in report_encoder.cc.
#include "model/report_codec.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "core/json_reader.h"
#include "model/internal/field_reader.h"
#include "model/internal/indicator_value.h"
#include "model/internal/report_contract.h"
#include "model/internal/report_decoder.h"
#include "model/json_pointer.h"

namespace accord::model {
namespace internal::decoding {

IncidentReport ReportDecoder::Decode() {
  IncidentReport report;
  const ObjectReader root(document_, "", kReportFields, errors_);
  if (!root.is_object()) return report;

  if (const JsonValue* schema = root.Required("schema")) {
    internal::ReadConstant(*schema, "/schema", kIncidentReportSchema, errors_);
  }
  std::optional<core::StixId> id;
  if (const JsonValue* value = root.Required("id")) {
    id = internal::ReadStixId(*value, "/id", kIncidentReportType, errors_);
    if (id) report.id = *id;
  }
  report.title = String(root, "title", Presence::kRequired, kTitle).value_or("");
  if (const JsonValue* value = root.Required("reporter")) {
    DecodeReporter(*value, "/reporter", report.reporter);
  }
  // reported_at is compared with times.start once times is read, so its
  // order error follows the errors inside /times.
  std::optional<core::Timestamp> reported_at = Time(root, "reported_at", Presence::kRequired);
  if (const JsonValue* value = root.Required("times")) {
    DecodeTimes(*value, "/times", report.times);
  }
  CheckNotBeforeStart(reported_at, "/reported_at");
  if (reported_at) report.reported_at = *reported_at;
  if (const JsonValue* value = root.Required("affected_states")) {
    DecodeAffectedStates(*value, "/affected_states", report.affected_states);
  }
  ObjectArray(root, "affected_entities", Presence::kRequired, 1, kMaxAffectedEntities,
              report.affected_entities, &ReportDecoder::DecodeEntity);
  if (const JsonValue* value = root.Required("effects")) {
    DecodeEffects(*value, "/effects", report.effects);
  }
  if (const JsonValue* value = root.Optional("techniques")) {
    DecodeTechniques(*value, "/techniques", report.techniques);
  }
  if (const JsonValue* value = root.Optional("vulnerabilities")) {
    DecodeVulnerabilities(*value, "/vulnerabilities", report.vulnerabilities);
  }
  ObjectArray(root, "attributions", Presence::kOptional, 0, kMaxAttributions, report.attributions,
              &ReportDecoder::DecodeAttribution);
  if (const JsonValue* value = root.Optional("military_objective")) {
    const ObjectReader objective(*value, "/military_objective", kMilitaryObjectiveFields, errors_);
    if (objective.is_object()) {
      MilitaryObjective decoded;
      decoded.claimed = Bool(objective, "claimed", Presence::kRequired);
      decoded.description =
          String(objective, "description", Presence::kOptional, kMilitaryObjectiveDescription);
      report.military_objective = std::move(decoded);
    }
  }
  ObjectArray(root, "indicators", Presence::kOptional, 0, kMaxIndicators, report.indicators,
              &ReportDecoder::DecodeIndicator);
  report.narrative = String(root, "narrative", Presence::kOptional, kNarrative);
  const std::optional<Tlp> tlp = Enum<Tlp>(root, "tlp", Presence::kRequired);
  if (tlp) report.tlp = *tlp;
  if (const JsonValue* value = root.Optional("field_tlp")) {
    DecodeFieldTlp(*value, "/field_tlp", tlp, report.field_tlp);
  }
  if (const JsonValue* value = root.Optional("publication")) {
    const ObjectReader publication(*value, "/publication", kPublicationFields, errors_);
    report.publication.record =
        Enum<Visibility>(publication, "record", Presence::kOptional).value_or(Visibility::kPublic);
    report.publication.envelope = Enum<Visibility>(publication, "envelope", Presence::kOptional)
                                      .value_or(Visibility::kPublic);
  }
  if (const JsonValue* value = root.Optional("related_reports")) {
    DecodeRelatedReports(*value, "/related_reports", id, report.related_reports);
  }
  report.exercise = Bool(root, "exercise", Presence::kOptional);
  ObjectArray(root, "references", Presence::kOptional, 0, kMaxReferences, report.references,
              &ReportDecoder::DecodeReference);
  return report;
}

void ReportDecoder::DecodeReporter(const JsonValue& value, const std::string& pointer,
                                   Reporter& out) {
  const ObjectReader reporter(value, pointer, kReporterFields, errors_);
  if (!reporter.is_object()) return;
  const std::optional<ReporterKind> kind =
      Enum<ReporterKind>(reporter, "kind", Presence::kRequired);
  if (kind) out.kind = *kind;
  // A state reports as itself, so its code is required and a name adds
  // nothing; anyone else is known by name (docs/incident-report.md).
  const bool is_state = kind == ReporterKind::kState;
  out.state =
      Country(reporter, "state", is_state ? "required when /reporter/kind is \"state\"" : "");
  const bool name_required = kind.has_value() && !is_state;
  const JsonValue* name =
      name_required ? reporter.Required("name", "required unless /reporter/kind is \"state\"")
                    : reporter.Optional("name");
  if (name != nullptr) {
    out.name = internal::ReadString(*name, reporter.PointerOf("name"), kPartyName, errors_);
  }
}

void ReportDecoder::DecodeTimes(const JsonValue& value, const std::string& pointer,
                                IncidentTimes& out) {
  const ObjectReader times(value, pointer, kTimesFields, errors_);
  if (!times.is_object()) return;
  start_ = Time(times, "start", Presence::kRequired);
  if (start_) out.start = *start_;
  out.detected = Time(times, "detected", Presence::kOptional);
  CheckNotBeforeStart(out.detected, times.PointerOf("detected"));
  out.end = Time(times, "end", Presence::kOptional);
  CheckNotBeforeStart(out.end, times.PointerOf("end"));
  out.precision = Enum<StartPrecision>(times, "precision", Presence::kOptional)
                      .value_or(StartPrecision::kSecond);
}

void ReportDecoder::DecodeAffectedStates(const JsonValue& value, const std::string& pointer,
                                         std::vector<std::string>& out) {
  const JsonArray* items = internal::ReadArray(value, pointer, 1, kMaxAffectedStates, errors_);
  if (items == nullptr) return;
  affected_states_readable_ = true;
  std::vector<std::pair<std::string, std::size_t>> decoded;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const JsonValue& item = (*items)[i];
    if (item.type() == JsonType::kString) listed_states_.push_back(item.AsString());
    if (auto code = internal::ReadCountry(item, AppendPointerIndex(pointer, i), errors_)) {
      decoded.emplace_back(*code, i);
      out.push_back(std::move(*code));
    }
  }
  CheckUnique(decoded, pointer, "state");
}

void ReportDecoder::DecodeEntity(const JsonValue& value, const std::string& pointer,
                                 AffectedEntity& out) {
  const ObjectReader entity(value, pointer, kEntityFields, errors_);
  if (!entity.is_object()) return;
  if (const JsonValue* sector = entity.Required("sector")) {
    out.sector = internal::ReadSector(*sector, entity.PointerOf("sector"), errors_).value_or("");
  }
  out.entity_type = String(entity, "entity_type", Presence::kRequired, kEntityType).value_or("");
  if (const JsonValue* state = entity.Required("state")) {
    const std::string state_pointer = entity.PointerOf("state");
    if (auto code = internal::ReadCountry(*state, state_pointer, errors_)) {
      out.state = *code;
      const bool listed =
          std::find(listed_states_.begin(), listed_states_.end(), *code) != listed_states_.end();
      if (affected_states_readable_ && !listed) {
        errors_.Add(state_pointer, internal::Quote(*code) +
                                       " is not listed in /affected_states; expected a state "
                                       "listed there");
      }
    }
  }
  out.civilian_status = Enum<CivilianStatus>(entity, "civilian_status", Presence::kRequired)
                            .value_or(CivilianStatus::kUnknown);
  out.name = String(entity, "name", Presence::kOptional, kEntityName);
  out.population_served = Integer(entity, "population_served", kMaxPopulation);
}

void ReportDecoder::DecodeEffects(const JsonValue& value, const std::string& pointer,
                                  Effects& out) {
  const ObjectReader effects(value, pointer, kEffectsFields, errors_);
  if (!effects.is_object()) return;
  out.confidentiality = Bool(effects, "confidentiality", Presence::kRequired);
  out.integrity = Bool(effects, "integrity", Presence::kRequired);
  out.availability = Bool(effects, "availability", Presence::kRequired);
  out.effect_location = Enum<EffectLocation>(effects, "effect_location", Presence::kRequired)
                            .value_or(EffectLocation::kUnknown);
  out.disruption_hours = Integer(effects, "disruption_hours", kMaxDisruptionHours);
  out.people_affected = Integer(effects, "people_affected", kMaxPopulation);
  out.physical_damage = Enum<PhysicalDamage>(effects, "physical_damage", Presence::kRequired)
                            .value_or(PhysicalDamage::kUnknown);
  out.injuries = Integer(effects, "injuries", kMaxCasualties);
  out.deaths = Integer(effects, "deaths", kMaxCasualties);
  out.recoverability = Enum<Recoverability>(effects, "recoverability", Presence::kRequired)
                           .value_or(Recoverability::kUnknown);
  if (const JsonValue* services = effects.Optional("services_affected")) {
    const std::string services_pointer = effects.PointerOf("services_affected");
    if (const JsonArray* items =
            internal::ReadArray(*services, services_pointer, 0, kMaxServicesAffected, errors_)) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        out.services_affected.push_back(
            internal::ReadString((*items)[i], AppendPointerIndex(services_pointer, i), kServiceName,
                                 errors_)
                .value_or(""));
      }
    }
  }
  if (const JsonValue* cascade = effects.Optional("cascade_sectors")) {
    const std::string cascade_pointer = effects.PointerOf("cascade_sectors");
    if (const JsonArray* items =
            internal::ReadArray(*cascade, cascade_pointer, 0, kMaxCascadeSectors, errors_)) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        out.cascade_sectors.push_back(
            internal::ReadSector((*items)[i], AppendPointerIndex(cascade_pointer, i), errors_)
                .value_or(""));
      }
    }
  }
}

void ReportDecoder::DecodeTechniques(const JsonValue& value, const std::string& pointer,
                                     std::vector<std::string>& out) {
  const JsonArray* items = internal::ReadArray(value, pointer, 0, kMaxTechniques, errors_);
  if (items == nullptr) return;
  std::vector<std::pair<std::string, std::size_t>> decoded;
  for (std::size_t i = 0; i < items->size(); ++i) {
    if (auto id = internal::ReadTechnique((*items)[i], AppendPointerIndex(pointer, i), errors_)) {
      decoded.emplace_back(*id, i);
      out.push_back(std::move(*id));
    }
  }
  CheckUnique(decoded, pointer, "technique");
}

void ReportDecoder::DecodeVulnerabilities(const JsonValue& value, const std::string& pointer,
                                          std::vector<std::string>& out) {
  const JsonArray* items = internal::ReadArray(value, pointer, 0, kMaxVulnerabilities, errors_);
  if (items == nullptr) return;
  std::vector<std::pair<std::string, std::size_t>> decoded;
  for (std::size_t i = 0; i < items->size(); ++i) {
    if (auto id = internal::ReadCveId((*items)[i], AppendPointerIndex(pointer, i), errors_)) {
      decoded.emplace_back(*id, i);
      out.push_back(std::move(*id));
    }
  }
  CheckUnique(decoded, pointer, "vulnerability");
}

}  // namespace internal::decoding

using core::JsonValue;
using internal::ErrorList;
using internal::decoding::ReportDecoder;
using namespace internal::contract;  // the contract's bounds and member names

core::Error DecodeResult::ToError() const {
  constexpr std::size_t kListed = 10;
  std::string message = "invalid incident report: " + std::to_string(errors.size()) +
                        (errors.size() == 1 ? " error: " : " errors: ");
  for (std::size_t i = 0; i < errors.size() && i < kListed; ++i) {
    if (i > 0) message += "; ";
    message += errors[i].ToString();
  }
  if (errors.size() > kListed) message += "; ...";
  return core::Error{code, std::move(message)};
}

DecodeResult DecodeIncidentReport(std::string_view json) {
  DecodeResult result;
  FieldError error;
  std::optional<JsonValue> document = internal::ParseDocument(
      json, "report", {kMaxReportBytes, kMaxReportDepth, kMaxJsonStringBytes}, error, result.code);
  if (!document) {
    result.errors.push_back(std::move(error));
    return result;
  }
  return DecodeIncidentReport(*document);
}

DecodeResult DecodeIncidentReport(const JsonValue& document) {
  DecodeResult result;
  ErrorList errors(DecodeResult::kMaxErrors);
  IncidentReport report = ReportDecoder(document, errors).Decode();
  if (errors.empty()) {
    result.report = std::move(report);
  } else {
    result.errors = errors.Take();
  }
  return result;
}

std::vector<FieldError> ValidateIncidentReport(const IncidentReport& report) {
  return DecodeIncidentReport(IncidentReportToJson(report)).errors;
}

std::span<const std::string_view> IncidentReportFieldNames() {
  return kReportFields;
}

}  // namespace accord::model