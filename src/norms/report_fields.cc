#include "norms/report_fields.h"

#include <array>
#include <vector>

namespace accord::norms {
namespace {

using model::AffectedEntity;
using model::Attribution;
using model::IncidentReport;

// The JSON spellings of every enumerator of E, taken from model's Name() so
// that the catalogue and the report format cannot disagree.
template <typename E, std::size_t N>
std::array<std::string_view, N> Spellings(const std::array<E, N>& values) {
  std::array<std::string_view, N> names{};
  for (std::size_t i = 0; i < N; ++i) names[i] = model::Name(values[i]);
  return names;
}

void PushBool(std::vector<FieldValue>& out, bool value) { out.push_back({value, -1}); }
void PushInt(std::vector<FieldValue>& out, const std::optional<std::int64_t>& value) {
  if (value) out.push_back({*value, -1});
}
void PushText(std::vector<FieldValue>& out, std::string_view value) {
  out.push_back({value, -1});
}
void PushOptionalText(std::vector<FieldValue>& out, const std::optional<std::string>& value) {
  if (value) out.push_back({std::string_view(*value), -1});
}
void PushTexts(std::vector<FieldValue>& out, const std::vector<std::string>& values) {
  for (std::size_t i = 0; i < values.size(); ++i)
    out.push_back({std::string_view(values[i]), static_cast<std::int32_t>(i)});
}
template <typename E>
void PushEnums(std::vector<FieldValue>& out, const std::vector<E>& values) {
  for (std::size_t i = 0; i < values.size(); ++i)
    out.push_back({model::Name(values[i]), static_cast<std::int32_t>(i)});
}

std::vector<FieldSpec> BuildTable() {
  static const auto kReporterKinds = Spellings(std::array{
      model::ReporterKind::kState, model::ReporterKind::kOperator, model::ReporterKind::kWatchdog,
      model::ReporterKind::kSecretariat});
  static const auto kPrecisions = Spellings(std::array{
      model::StartPrecision::kSecond, model::StartPrecision::kDay, model::StartPrecision::kMonth,
      model::StartPrecision::kYear});
  static const auto kCivilianStatuses = Spellings(std::array{
      model::CivilianStatus::kCivilian, model::CivilianStatus::kMilitary,
      model::CivilianStatus::kDualUse, model::CivilianStatus::kUnknown});
  static const auto kLocations = Spellings(std::array{
      model::EffectLocation::kIt, model::EffectLocation::kOt,
      model::EffectLocation::kSafetySystems, model::EffectLocation::kUnknown});
  static const auto kDamages = Spellings(std::array{
      model::PhysicalDamage::kNone, model::PhysicalDamage::kMinor,
      model::PhysicalDamage::kSignificant, model::PhysicalDamage::kDestroyed,
      model::PhysicalDamage::kUnknown});
  static const auto kRecoverabilities = Spellings(std::array{
      model::Recoverability::kRegular, model::Recoverability::kSupplemented,
      model::Recoverability::kExtended, model::Recoverability::kNotRecoverable,
      model::Recoverability::kUnknown});
  static const auto kAttributorKinds = Spellings(std::array{
      model::AttributorKind::kState, model::AttributorKind::kAgency,
      model::AttributorKind::kCompany, model::AttributorKind::kResearcher,
      model::AttributorKind::kInternationalOrganization, model::AttributorKind::kMedia,
      model::AttributorKind::kSelf});
  static const auto kAttributedKinds = Spellings(std::array{
      model::AttributedKind::kState, model::AttributedKind::kStateAffiliatedGroup,
      model::AttributedKind::kNonStateGroup, model::AttributedKind::kIndividual,
      model::AttributedKind::kUnknown});
  static const auto kSponsorships = Spellings(std::array{
      model::Sponsorship::kStateConducted, model::Sponsorship::kStateDirected,
      model::Sponsorship::kStateSponsored, model::Sponsorship::kStateTolerated,
      model::Sponsorship::kNonState, model::Sponsorship::kUnknown});
  static const auto kBases = Spellings(std::array{
      model::AttributionBasis::kTechnical, model::AttributionBasis::kIntelligence,
      model::AttributionBasis::kPolitical, model::AttributionBasis::kLegal,
      model::AttributionBasis::kSelfAttribution, model::AttributionBasis::kMedia});
  static const auto kConfidences = Spellings(std::array{
      model::Confidence::kLow, model::Confidence::kModerate, model::Confidence::kHigh});
  static const auto kStatuses = Spellings(std::array{
      model::AttributionStatus::kSettled, model::AttributionStatus::kContested});
  static const auto kTlps = Spellings(std::array{
      model::Tlp::kClear, model::Tlp::kGreen, model::Tlp::kAmber, model::Tlp::kAmberStrict,
      model::Tlp::kRed});

  std::vector<FieldSpec> table;
  auto add = [&table](FieldSpec spec) { table.push_back(spec); };
  using VT = ValueType;
  constexpr Scope kR = Scope::kReport;

  add({.name = "reporter.kind", .scope = kR, .type = VT::kEnum, .enum_values = kReporterKinds,
       .pointer = "/reporter/kind",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushText(o, model::Name(s.report->reporter.kind));
       }});
  add({.name = "reporter.state", .scope = kR, .type = VT::kCountry, .pointer = "/reporter/state",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushOptionalText(o, s.report->reporter.state);
       }});
  add({.name = "times.precision", .scope = kR, .type = VT::kEnum, .enum_values = kPrecisions,
       .pointer = "/times/precision",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushText(o, model::Name(s.report->times.precision));
       }});
  add({.name = "affected_states", .scope = kR, .type = VT::kCountry, .many = true,
       .pointer = "/affected_states",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushTexts(o, s.report->affected_states);
       }});
  add({.name = "affected_entities", .scope = kR, .type = VT::kObjects, .many = true,
       .element_scope = Scope::kEntity, .pointer = "/affected_entities",
       .size = [](const Subject& s) { return s.report->affected_entities.size(); },
       .element = [](const Subject& s, std::size_t i) {
         Subject element = s;
         element.entity = &s.report->affected_entities[i];
         element.element_index = i;
         return element;
       }});
  add({.name = "effects.confidentiality", .scope = kR, .type = VT::kBoolean,
       .pointer = "/effects/confidentiality",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushBool(o, s.report->effects.confidentiality);
       }});
  add({.name = "effects.integrity", .scope = kR, .type = VT::kBoolean,
       .pointer = "/effects/integrity",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushBool(o, s.report->effects.integrity);
       }});
  add({.name = "effects.availability", .scope = kR, .type = VT::kBoolean,
       .pointer = "/effects/availability",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushBool(o, s.report->effects.availability);
       }});
  add({.name = "effects.effect_location", .scope = kR, .type = VT::kEnum,
       .enum_values = kLocations, .unknown_value = "unknown", .pointer = "/effects/effect_location",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushText(o, model::Name(s.report->effects.effect_location));
       }});
  add({.name = "effects.disruption_hours", .scope = kR, .type = VT::kInteger,
       .pointer = "/effects/disruption_hours",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushInt(o, s.report->effects.disruption_hours);
       }});
  add({.name = "effects.people_affected", .scope = kR, .type = VT::kInteger,
       .pointer = "/effects/people_affected",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushInt(o, s.report->effects.people_affected);
       }});
  add({.name = "effects.physical_damage", .scope = kR, .type = VT::kEnum, .enum_values = kDamages,
       .unknown_value = "unknown", .pointer = "/effects/physical_damage",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushText(o, model::Name(s.report->effects.physical_damage));
       }});
  add({.name = "effects.injuries", .scope = kR, .type = VT::kInteger,
       .pointer = "/effects/injuries",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushInt(o, s.report->effects.injuries);
       }});
  add({.name = "effects.deaths", .scope = kR, .type = VT::kInteger, .pointer = "/effects/deaths",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushInt(o, s.report->effects.deaths);
       }});
  add({.name = "effects.recoverability", .scope = kR, .type = VT::kEnum,
       .enum_values = kRecoverabilities, .unknown_value = "unknown",
       .pointer = "/effects/recoverability",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushText(o, model::Name(s.report->effects.recoverability));
       }});
  add({.name = "effects.services_affected", .scope = kR, .type = VT::kText, .many = true,
       .empty_means_unknown = true, .pointer = "/effects/services_affected",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushTexts(o, s.report->effects.services_affected);
       }});
  // Observed knock-on effects: none listed means none observed.
  add({.name = "effects.cascade_sectors", .scope = kR, .type = VT::kSector, .many = true,
       .pointer = "/effects/cascade_sectors",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushTexts(o, s.report->effects.cascade_sectors);
       }});
  // A report without techniques has not said which were used.
  add({.name = "techniques", .scope = kR, .type = VT::kTechnique, .many = true,
       .empty_means_unknown = true, .pointer = "/techniques",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushTexts(o, s.report->techniques);
       }});
  // The contract keeps every public attribution: none listed means none known.
  add({.name = "attributions", .scope = kR, .type = VT::kObjects, .many = true,
       .element_scope = Scope::kAttribution, .pointer = "/attributions",
       .size = [](const Subject& s) { return s.report->attributions.size(); },
       .element = [](const Subject& s, std::size_t i) {
         Subject element = s;
         element.attribution = &s.report->attributions[i];
         element.element_index = i;
         return element;
       }});
  add({.name = "military_objective.claimed", .scope = kR, .type = VT::kBoolean,
       .pointer = "/military_objective/claimed",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         if (s.report->military_objective) PushBool(o, s.report->military_objective->claimed);
       }});
  add({.name = "exercise", .scope = kR, .type = VT::kBoolean, .pointer = "/exercise",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushBool(o, s.report->exercise);
       }});
  add({.name = "tlp", .scope = kR, .type = VT::kEnum, .enum_values = kTlps, .pointer = "/tlp",
       .read = [](const Subject& s, std::vector<FieldValue>& o) {
         PushText(o, model::Name(s.report->tlp));
       }});

  // Entity fields.
  constexpr Scope kE = Scope::kEntity;
  add({.name = "sector", .scope = kE, .type = VT::kSector, .pointer = "/sector",
       .read_entity = [](const AffectedEntity& e, std::vector<FieldValue>& o) {
         PushText(o, e.sector);
       }});
  add({.name = "entity_type", .scope = kE, .type = VT::kText, .pointer = "/entity_type",
       .read_entity = [](const AffectedEntity& e, std::vector<FieldValue>& o) {
         PushText(o, e.entity_type);
       }});
  add({.name = "state", .scope = kE, .type = VT::kCountry, .pointer = "/state",
       .read_entity = [](const AffectedEntity& e, std::vector<FieldValue>& o) {
         PushText(o, e.state);
       }});
  add({.name = "civilian_status", .scope = kE, .type = VT::kEnum,
       .enum_values = kCivilianStatuses, .unknown_value = "unknown", .pointer = "/civilian_status",
       .read_entity = [](const AffectedEntity& e, std::vector<FieldValue>& o) {
         PushText(o, model::Name(e.civilian_status));
       }});
  add({.name = "population_served", .scope = kE, .type = VT::kInteger,
       .pointer = "/population_served",
       .read_entity = [](const AffectedEntity& e, std::vector<FieldValue>& o) {
         PushInt(o, e.population_served);
       }});

  // The fields of an attribution, in both of their scopes: of an element of
  // `attributions`, and (report scope, "attribution.") of the one relied on.
  struct AttributionField {
    std::string_view name;
    ValueType type;
    bool many;
    std::span<const std::string_view> enum_values;
    std::string_view unknown_value;  // "unknown" means "not known" here
    std::string_view pointer;
    void (*read)(const Attribution&, std::vector<FieldValue>&);
  };
  const AttributionField attribution_fields[] = {
      {"by.kind", VT::kEnum, false, kAttributorKinds, "", "/by/kind",
       [](const Attribution& a, std::vector<FieldValue>& o) { PushText(o, model::Name(a.by.kind)); }},
      {"by.state", VT::kCountry, false, {}, "", "/by/state",
       [](const Attribution& a, std::vector<FieldValue>& o) { PushOptionalText(o, a.by.state); }},
      {"to.kind", VT::kEnum, false, kAttributedKinds, "unknown", "/to/kind",
       [](const Attribution& a, std::vector<FieldValue>& o) { PushText(o, model::Name(a.to.kind)); }},
      {"to.state", VT::kCountry, false, {}, "", "/to/state",
       [](const Attribution& a, std::vector<FieldValue>& o) { PushOptionalText(o, a.to.state); }},
      {"sponsorship", VT::kEnum, false, kSponsorships, "unknown", "/sponsorship",
       [](const Attribution& a, std::vector<FieldValue>& o) {
         PushText(o, model::Name(a.sponsorship));
       }},
      {"basis", VT::kEnum, true, kBases, "", "/basis",
       [](const Attribution& a, std::vector<FieldValue>& o) { PushEnums(o, a.basis); }},
      {"confidence", VT::kEnum, false, kConfidences, "", "/confidence",
       [](const Attribution& a, std::vector<FieldValue>& o) {
         PushText(o, model::Name(a.confidence));
       }},
      {"status", VT::kEnum, false, kStatuses, "", "/status",
       [](const Attribution& a, std::vector<FieldValue>& o) { PushText(o, model::Name(a.status)); }},
  };
  // The report-scope names must outlive the table, which holds views.
  static const std::vector<std::string> relied_on_names = [&attribution_fields] {
    std::vector<std::string> names;
    for (const auto& field : attribution_fields) names.push_back("attribution." + std::string(field.name));
    return names;
  }();
  for (std::size_t i = 0; i < std::size(attribution_fields); ++i) {
    const AttributionField& field = attribution_fields[i];
    for (Scope scope : {Scope::kReport, Scope::kAttribution}) {
      add({.name = scope == Scope::kReport ? std::string_view(relied_on_names[i]) : field.name,
           .scope = scope, .type = field.type, .many = field.many,
           .enum_values = field.enum_values, .unknown_value = field.unknown_value,
           .pointer = field.pointer, .read_attribution = field.read});
    }
  }
  return table;
}

}  // namespace

std::string_view ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kReport: return "report";
    case Scope::kEntity: return "entity";
    case Scope::kAttribution: return "attribution";
  }
  return "";
}

std::string_view ValueTypeName(ValueType type) {
  switch (type) {
    case ValueType::kBoolean: return "boolean";
    case ValueType::kInteger: return "integer";
    case ValueType::kEnum: return "enumeration";
    case ValueType::kText: return "text";
    case ValueType::kSector: return "sector code";
    case ValueType::kCountry: return "country code";
    case ValueType::kTechnique: return "ATT&CK id";
    case ValueType::kObjects: return "array of objects";
  }
  return "";
}

std::span<const FieldSpec> ReportFields() {
  // Built once, even when threads race to the first call; never destroyed,
  // since compiled catalogues point into it.
  static const std::vector<FieldSpec>* const table = new std::vector<FieldSpec>(BuildTable());
  return *table;
}

const FieldSpec* FindField(Scope scope, std::string_view name) {
  for (const FieldSpec& spec : ReportFields()) {
    if (spec.scope == scope && spec.name == name) return &spec;
  }
  return nullptr;
}

void ReadField(const FieldSpec& spec, const Subject& subject, std::vector<FieldValue>& out) {
  if (spec.read != nullptr) {
    spec.read(subject, out);
  } else if (spec.read_entity != nullptr) {
    spec.read_entity(*subject.entity, out);
  } else if (spec.read_attribution != nullptr) {
    const Attribution* attribution =
        spec.scope == Scope::kReport ? subject.relied_on : subject.attribution;
    if (attribution != nullptr) spec.read_attribution(*attribution, out);
  }
}

std::string FieldPointer(const FieldSpec& spec, const Subject& subject, std::int32_t element) {
  std::string pointer;
  if (spec.scope == Scope::kEntity) {
    pointer = "/affected_entities/" + std::to_string(subject.element_index);
  } else if (spec.scope == Scope::kAttribution) {
    pointer = "/attributions/" + std::to_string(subject.element_index);
  } else if (spec.read_attribution != nullptr) {
    // attribution.*: the attribution relied on, or where it would be.
    pointer = subject.relied_on != nullptr
                  ? "/attributions/" + std::to_string(subject.relied_on_index)
                  : std::string("/attributions/-");
  }
  pointer.append(spec.pointer);
  if (element >= 0) pointer.append("/").append(std::to_string(element));
  return pointer;
}

std::string FieldValueText(const FieldValue& value) {
  if (const bool* flag = std::get_if<bool>(&value.value)) return *flag ? "true" : "false";
  if (const std::int64_t* number = std::get_if<std::int64_t>(&value.value))
    return std::to_string(*number);
  return std::string(std::get<std::string_view>(value.value));
}

}  // namespace accord::norms
