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
#include "model/json_pointer.h"

namespace accord::model {
namespace {

using core::JsonArray;
using core::JsonType;
using core::JsonValue;
using internal::ErrorList;
using internal::Length;
using internal::ObjectReader;

using namespace internal::contract;  // the contract's bounds and member names

enum class Presence { kOptional, kRequired };

// "2015-12-23T15:30:00Z", as messages and the encoder write times.
std::string TimeText(core::Timestamp time) {
  return core::FormatRfc3339(time);
}

// Decodes one document into an IncidentReport, adding every violation to
// `errors`. The report it returns is meaningful only if no error was added.
class ReportDecoder {
 public:
  ReportDecoder(const JsonValue& document, ErrorList& errors)
      : document_(document), errors_(errors) {}

  IncidentReport Decode();

 private:
  const JsonValue* Member(const ObjectReader& object, std::string_view name, Presence presence) {
    return presence == Presence::kRequired ? object.Required(name) : object.Optional(name);
  }
  std::optional<std::string> String(const ObjectReader& object, std::string_view name,
                                    Presence presence, Length length) {
    const JsonValue* value = Member(object, name, presence);
    if (value == nullptr) return std::nullopt;
    return internal::ReadString(*value, object.PointerOf(name), length, errors_);
  }
  std::optional<std::int64_t> Integer(const ObjectReader& object, std::string_view name,
                                      std::int64_t max) {
    const JsonValue* value = object.Optional(name);
    if (value == nullptr) return std::nullopt;
    return internal::ReadInteger(*value, object.PointerOf(name), 0, max, errors_);
  }
  bool Bool(const ObjectReader& object, std::string_view name, Presence presence) {
    const JsonValue* value = Member(object, name, presence);
    if (value == nullptr) return false;
    return internal::ReadBool(*value, object.PointerOf(name), errors_).value_or(false);
  }
  template <typename E>
  std::optional<E> Enum(const ObjectReader& object, std::string_view name, Presence presence) {
    const JsonValue* value = Member(object, name, presence);
    if (value == nullptr) return std::nullopt;
    return internal::ReadEnum<E>(*value, object.PointerOf(name), errors_);
  }
  std::optional<core::Timestamp> Time(const ObjectReader& object, std::string_view name,
                                      Presence presence) {
    const JsonValue* value = Member(object, name, presence);
    if (value == nullptr) return std::nullopt;
    return internal::ReadTimestamp(*value, object.PointerOf(name), errors_);
  }
  std::optional<Date> DateMember(const ObjectReader& object, std::string_view name,
                                 Presence presence) {
    const JsonValue* value = Member(object, name, presence);
    if (value == nullptr) return std::nullopt;
    return internal::ReadDate(*value, object.PointerOf(name), errors_);
  }
  // An alpha-2 member, required when `required_because` is not empty.
  std::optional<std::string> Country(const ObjectReader& object, std::string_view name,
                                     std::string_view required_because) {
    const JsonValue* value =
        required_because.empty() ? object.Optional(name) : object.Required(name, required_because);
    if (value == nullptr) return std::nullopt;
    return internal::ReadCountry(*value, object.PointerOf(name), errors_);
  }

  // Reports each element equal to an earlier one, at the later element.
  template <typename T>
  void CheckUnique(const std::vector<std::pair<T, std::size_t>>& decoded,
                   const std::string& array_pointer, std::string_view what);
  // Reports `time` at `pointer` when it is before times.start.
  void CheckNotBeforeStart(const std::optional<core::Timestamp>& time, const std::string& pointer);

  void DecodeReporter(const JsonValue& value, const std::string& pointer, Reporter& out);
  void DecodeTimes(const JsonValue& value, const std::string& pointer, IncidentTimes& out);
  void DecodeAffectedStates(const JsonValue& value, const std::string& pointer,
                            std::vector<std::string>& out);
  void DecodeEntity(const JsonValue& value, const std::string& pointer, AffectedEntity& out);
  void DecodeEffects(const JsonValue& value, const std::string& pointer, Effects& out);
  void DecodeTechniques(const JsonValue& value, const std::string& pointer,
                        std::vector<std::string>& out);
  void DecodeVulnerabilities(const JsonValue& value, const std::string& pointer,
                             std::vector<std::string>& out);
  void DecodeAttribution(const JsonValue& value, const std::string& pointer, Attribution& out);
  void DecodeIndicator(const JsonValue& value, const std::string& pointer, Indicator& out);
  void DecodeFieldTlp(const JsonValue& value, const std::string& pointer,
                      std::optional<Tlp> report_tlp, std::map<std::string, Tlp>& out);
  void DecodeRelatedReports(const JsonValue& value, const std::string& pointer,
                            const std::optional<core::StixId>& own_id,
                            std::vector<core::StixId>& out);
  void DecodeReference(const JsonValue& value, const std::string& pointer, Reference& out);

  // Decodes each element of an optional array member of objects with
  // `decode(element, pointer, out_element)`.
  template <typename T, typename DecodeOne>
  void ObjectArray(const ObjectReader& object, std::string_view name, Presence presence,
                   std::size_t min_items, std::size_t max_items, std::vector<T>& out,
                   DecodeOne decode_one);

  const JsonValue& document_;
  ErrorList& errors_;
  // What cross-field rules need, known once the fields are read.
  std::optional<core::Timestamp> start_;
  // Every string listed in affected_states, valid or not: an entity whose
  // state is listed but malformed already has its error there.
  std::vector<std::string> listed_states_;
  bool affected_states_readable_ = false;
};

template <typename T>
void ReportDecoder::CheckUnique(const std::vector<std::pair<T, std::size_t>>& decoded,
                                const std::string& array_pointer, std::string_view what) {
  std::map<T, std::size_t> first_at;
  for (const auto& [item, index] : decoded) {
    auto [found, inserted] = first_at.emplace(item, index);
    if (!inserted) {
      errors_.Add(AppendPointerIndex(array_pointer, index),
                  "duplicate of " + AppendPointerIndex(array_pointer, found->second) +
                      "; expected each " + std::string(what) + " once");
    }
  }
}

void ReportDecoder::CheckNotBeforeStart(const std::optional<core::Timestamp>& time,
                                        const std::string& pointer) {
  if (time && start_ && *time < *start_) {
    errors_.Add(pointer, TimeText(*time) + " is before /times/start (" + TimeText(*start_) + ")");
  }
}

template <typename T, typename DecodeOne>
void ReportDecoder::ObjectArray(const ObjectReader& object, std::string_view name,
                                Presence presence, std::size_t min_items, std::size_t max_items,
                                std::vector<T>& out, DecodeOne decode_one) {
  const JsonValue* value = Member(object, name, presence);
  if (value == nullptr) return;
  const std::string pointer = object.PointerOf(name);
  const JsonArray* items = internal::ReadArray(*value, pointer, min_items, max_items, errors_);
  if (items == nullptr) return;
  out.resize(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    (this->*decode_one)((*items)[i], AppendPointerIndex(pointer, i), out[i]);
  }
}

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

void ReportDecoder::DecodeAttribution(const JsonValue& value, const std::string& pointer,
                                      Attribution& out) {
  const ObjectReader attribution(value, pointer, kAttributionFields, errors_);
  if (!attribution.is_object()) return;
  if (const JsonValue* by_value = attribution.Required("by")) {
    const ObjectReader by(*by_value, attribution.PointerOf("by"), kPartyFields, errors_);
    if (by.is_object()) {
      const auto kind = Enum<AttributorKind>(by, "kind", Presence::kRequired);
      if (kind) out.by.kind = *kind;
      out.by.name = String(by, "name", Presence::kRequired, kPartyName).value_or("");
      // A state or one of its agencies speaks for a state: which one matters.
      const bool state_required = kind == AttributorKind::kState || kind == AttributorKind::kAgency;
      out.by.state = Country(
          by, "state", state_required ? "required when by/kind is \"state\" or \"agency\"" : "");
    }
  }
  if (const JsonValue* to_value = attribution.Required("to")) {
    const ObjectReader to(*to_value, attribution.PointerOf("to"), kPartyFields, errors_);
    if (to.is_object()) {
      const auto kind = Enum<AttributedKind>(to, "kind", Presence::kRequired);
      if (kind) out.to.kind = *kind;
      out.to.name = String(to, "name", Presence::kOptional, kPartyName);
      out.to.state = Country(
          to, "state", kind == AttributedKind::kState ? "required when to/kind is \"state\"" : "");
    }
  }
  out.sponsorship = Enum<Sponsorship>(attribution, "sponsorship", Presence::kRequired)
                        .value_or(Sponsorship::kUnknown);
  if (const JsonValue* basis = attribution.Required("basis")) {
    const std::string basis_pointer = attribution.PointerOf("basis");
    constexpr std::size_t kBasisKinds = 6;  // each of AttributionBasis at most once
    if (const JsonArray* items =
            internal::ReadArray(*basis, basis_pointer, 1, kBasisKinds, errors_)) {
      std::vector<std::pair<AttributionBasis, std::size_t>> decoded;
      for (std::size_t i = 0; i < items->size(); ++i) {
        if (auto kind = internal::ReadEnum<AttributionBasis>(
                (*items)[i], AppendPointerIndex(basis_pointer, i), errors_)) {
          decoded.emplace_back(*kind, i);
          out.basis.push_back(*kind);
        }
      }
      CheckUnique(decoded, basis_pointer, "basis");
    }
  }
  out.confidence =
      Enum<Confidence>(attribution, "confidence", Presence::kRequired).value_or(Confidence::kLow);
  if (auto date = DateMember(attribution, "date", Presence::kRequired)) out.date = *date;
  out.status = Enum<AttributionStatus>(attribution, "status", Presence::kRequired)
                   .value_or(AttributionStatus::kContested);
  if (const JsonValue* source = attribution.Optional("source")) {
    out.source =
        internal::ReadHttpsUrl(*source, attribution.PointerOf("source"), kMaxUrlChars, errors_);
  }
}

void ReportDecoder::DecodeIndicator(const JsonValue& value, const std::string& pointer,
                                    Indicator& out) {
  const ObjectReader indicator(value, pointer, kIndicatorFields, errors_);
  if (!indicator.is_object()) return;
  const auto type = Enum<IndicatorType>(indicator, "type", Presence::kRequired);
  if (type) out.type = *type;
  if (auto text = String(indicator, "value", Presence::kRequired, kIndicatorValue)) {
    if (type) {
      if (std::string problem = internal::IndicatorValueProblem(*type, *text); !problem.empty()) {
        errors_.Add(indicator.PointerOf("value"), std::move(problem));
      }
    }
    out.value = std::move(*text);
  }
}

void ReportDecoder::DecodeFieldTlp(const JsonValue& value, const std::string& pointer,
                                   std::optional<Tlp> report_tlp, std::map<std::string, Tlp>& out) {
  if (value.type() != JsonType::kObject) {
    errors_.Add(pointer, "expected an object mapping JSON pointers to TLP labels, found " +
                             std::string(internal::DescribeType(value.type())));
    return;
  }
  const core::JsonObject& members = value.AsObject();
  if (members.size() > kMaxFieldTlpEntries) {
    errors_.Add(pointer, "expected at most " + std::to_string(kMaxFieldTlpEntries) +
                             " markings, found " + std::to_string(members.size()));
  }
  // (pointer, marking, where the marking is) of each well-formed entry, for
  // the ancestor check once all are known.
  std::vector<std::pair<const std::string*, std::string>> marked;
  for (const core::JsonMember& member : members) {
    const std::string& field = member.name;
    const std::string entry_pointer = AppendPointerToken(pointer, field);
    std::optional<Tlp> marking = internal::ReadEnum<Tlp>(member.value, entry_pointer, errors_);
    const std::optional<std::size_t> length = internal::CountCodePoints(field);
    if (!length) {
      errors_.Add(pointer, "a marked pointer is not valid UTF-8");
      continue;
    }
    if (*length > kFieldTlpPointer.max) {
      errors_.Add(entry_pointer, "expected a JSON pointer of at most " +
                                     std::to_string(kFieldTlpPointer.max) + " characters, found " +
                                     std::to_string(*length));
      continue;
    }
    auto tokens = ParsePointer(field);
    if (!tokens) {
      errors_.Add(entry_pointer, "expected a JSON pointer (RFC 6901) such as \"/narrative\": " +
                                     tokens.error().message);
      continue;
    }
    if (tokens->empty()) {
      errors_.Add(entry_pointer,
                  "the empty pointer names the whole report, which /tlp marks; expected the "
                  "pointer of one field");
      continue;
    }
    if (std::find(kUnmarkableFields.begin(), kUnmarkableFields.end(), tokens->front()) !=
        kUnmarkableFields.end()) {
      errors_.Add(entry_pointer, "/" + (*tokens)[0] +
                                     " cannot be marked: every reader needs it to identify the "
                                     "report and its marking");
      continue;
    }
    const JsonValue* target = ResolvePointer(document_, field);
    if (target == nullptr) {
      errors_.Add(entry_pointer,
                  "names no field of this report; expected the pointer of a field that is present");
      continue;
    }
    if (target->type() == JsonType::kArray && target->AsArray().empty()) {
      errors_.Add(entry_pointer,
                  "names an empty array, which the report does not keep; expected the pointer "
                  "of a field with content");
      continue;
    }
    if (!marking) continue;
    if (report_tlp && !IsAtLeastAsRestrictive(*marking, *report_tlp)) {
      errors_.Add(entry_pointer, std::string(TlpName(*marking)) +
                                     " is less restrictive than /tlp (" +
                                     std::string(TlpName(*report_tlp)) + "); expected " +
                                     std::string(TlpName(*report_tlp)) + " or more restrictive");
      continue;
    }
    out.emplace(field, *marking);
    marked.emplace_back(&field, entry_pointer);
  }
  // A field inside a marked field inherits at least its marking: a field
  // marked less restrictively than the object around it would be shown to
  // readers who may not see the object.
  for (const auto& [field, entry_pointer] : marked) {
    const Tlp marking = out.at(*field);
    for (std::size_t slash = field->rfind('/'); slash != 0 && slash != std::string::npos;
         slash = field->rfind('/', slash - 1)) {
      const std::string ancestor = field->substr(0, slash);
      auto found = out.find(ancestor);
      if (found != out.end() && !IsAtLeastAsRestrictive(marking, found->second)) {
        errors_.Add(entry_pointer,
                    std::string(TlpName(marking)) + " is less restrictive than the marking of " +
                        ancestor + " (" + std::string(TlpName(found->second)) + "); expected " +
                        std::string(TlpName(found->second)) + " or more restrictive");
        break;
      }
    }
  }
}

void ReportDecoder::DecodeRelatedReports(const JsonValue& value, const std::string& pointer,
                                         const std::optional<core::StixId>& own_id,
                                         std::vector<core::StixId>& out) {
  const JsonArray* items = internal::ReadArray(value, pointer, 0, kMaxRelatedReports, errors_);
  if (items == nullptr) return;
  std::vector<std::pair<core::StixId, std::size_t>> decoded;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string item_pointer = AppendPointerIndex(pointer, i);
    auto id = internal::ReadStixId((*items)[i], item_pointer, kIncidentReportType, errors_);
    if (!id) continue;
    if (own_id && *id == *own_id) {
      errors_.Add(item_pointer, "names this report itself; expected the id of another report");
    }
    decoded.emplace_back(*id, i);
    out.push_back(std::move(*id));
  }
  CheckUnique(decoded, pointer, "report");
}

void ReportDecoder::DecodeReference(const JsonValue& value, const std::string& pointer,
                                    Reference& out) {
  const ObjectReader reference(value, pointer, kReferenceFields, errors_);
  if (!reference.is_object()) return;
  out.title = String(reference, "title", Presence::kRequired, kReferenceTitle).value_or("");
  if (const JsonValue* url = reference.Required("url")) {
    out.url = internal::ReadHttpsUrl(*url, reference.PointerOf("url"), kMaxUrlChars, errors_)
                  .value_or("");
  }
  out.publisher = String(reference, "publisher", Presence::kOptional, kPublisher);
  out.date = DateMember(reference, "date", Presence::kOptional);
}

}  // namespace

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
