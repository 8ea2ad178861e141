// The encoding half of model/report_codec.h: IncidentReport to its JSON
// value and its RFC 8785 canonical bytes. Decoding is in report_codec.cc.
#include "model/report_codec.h"

#include <cstdio>
#include <string>
#include <utility>

#include "core/canonical_json.h"

namespace accord::model {
namespace {

using core::JsonArray;
using core::JsonValue;

// Builds one object; members may be added in any order, since the canonical
// form sorts them (RFC 8785 section 3.2.3).
class ObjectBuilder {
 public:
  ObjectBuilder& Add(std::string_view name, JsonValue value) {
    members_.push_back({std::string(name), std::move(value)});
    return *this;
  }
  template <typename T, typename ToJson>
  ObjectBuilder& AddOptional(std::string_view name, const std::optional<T>& value, ToJson to_json) {
    if (value) Add(name, to_json(*value));
    return *this;
  }
  template <typename T, typename ToJson>
  ObjectBuilder& AddArray(std::string_view name, const std::vector<T>& values, ToJson to_json) {
    if (values.empty()) return *this;  // absent and [] mean the same; keep one form
    JsonArray items;
    items.reserve(values.size());
    for (const T& value : values) items.push_back(to_json(value));
    return Add(name, JsonValue::Array(std::move(items)));
  }
  JsonValue Build() { return JsonValue::Object(std::move(members_)); }

 private:
  core::JsonObject members_;
};

JsonValue Str(const std::string& text) {
  return JsonValue::String(text);
}
// Integers of the record are within +-2^53 when valid, so the double is exact.
JsonValue Int(std::int64_t number) {
  return JsonValue::Number(static_cast<double>(number));
}
template <typename E>
JsonValue EnumJson(E value) {
  return JsonValue::String(std::string(Name(value)));
}
// A time outside years 0000-9999 has no RFC 3339 form; write a string that
// fails decoding at this field instead.
JsonValue TimeJson(core::Timestamp time) {
  if (time < core::kMinTimestamp || time > core::kMaxTimestamp) {
    return JsonValue::String("outside years 0000-9999");
  }
  return JsonValue::String(core::FormatRfc3339(time));
}
JsonValue DateJson(const Date& date) {
  const int year = static_cast<int>(date.year());
  if (year < 0 || year > 9999) return JsonValue::String("outside years 0000-9999");
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", year, static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return JsonValue::String(text);
}
JsonValue IdJson(const core::StixId& id) {
  return JsonValue::String(id.ToString());
}

JsonValue ReporterJson(const Reporter& reporter) {
  return ObjectBuilder()
      .Add("kind", EnumJson(reporter.kind))
      .AddOptional("state", reporter.state, Str)
      .AddOptional("name", reporter.name, Str)
      .Build();
}

JsonValue TimesJson(const IncidentTimes& times) {
  return ObjectBuilder()
      .Add("start", TimeJson(times.start))
      .AddOptional("detected", times.detected, TimeJson)
      .AddOptional("end", times.end, TimeJson)
      .Add("precision", EnumJson(times.precision))
      .Build();
}

JsonValue EntityJson(const AffectedEntity& entity) {
  return ObjectBuilder()
      .Add("sector", Str(entity.sector))
      .Add("entity_type", Str(entity.entity_type))
      .Add("state", Str(entity.state))
      .Add("civilian_status", EnumJson(entity.civilian_status))
      .AddOptional("name", entity.name, Str)
      .AddOptional("population_served", entity.population_served, Int)
      .Build();
}

JsonValue EffectsJson(const Effects& effects) {
  return ObjectBuilder()
      .Add("confidentiality", JsonValue::Bool(effects.confidentiality))
      .Add("integrity", JsonValue::Bool(effects.integrity))
      .Add("availability", JsonValue::Bool(effects.availability))
      .Add("effect_location", EnumJson(effects.effect_location))
      .AddOptional("disruption_hours", effects.disruption_hours, Int)
      .AddOptional("people_affected", effects.people_affected, Int)
      .Add("physical_damage", EnumJson(effects.physical_damage))
      .AddOptional("injuries", effects.injuries, Int)
      .AddOptional("deaths", effects.deaths, Int)
      .Add("recoverability", EnumJson(effects.recoverability))
      .AddArray("services_affected", effects.services_affected, Str)
      .AddArray("cascade_sectors", effects.cascade_sectors, Str)
      .Build();
}

JsonValue AttributionJson(const Attribution& attribution) {
  JsonValue by = ObjectBuilder()
                     .Add("kind", EnumJson(attribution.by.kind))
                     .Add("name", Str(attribution.by.name))
                     .AddOptional("state", attribution.by.state, Str)
                     .Build();
  JsonValue to = ObjectBuilder()
                     .Add("kind", EnumJson(attribution.to.kind))
                     .AddOptional("name", attribution.to.name, Str)
                     .AddOptional("state", attribution.to.state, Str)
                     .Build();
  // `basis` is required (non-empty), so it is written even when empty: an
  // empty list must fail decoding, not vanish.
  JsonArray basis;
  for (AttributionBasis kind : attribution.basis) basis.push_back(EnumJson(kind));
  return ObjectBuilder()
      .Add("by", std::move(by))
      .Add("to", std::move(to))
      .Add("sponsorship", EnumJson(attribution.sponsorship))
      .Add("basis", JsonValue::Array(std::move(basis)))
      .Add("confidence", EnumJson(attribution.confidence))
      .Add("date", DateJson(attribution.date))
      .Add("status", EnumJson(attribution.status))
      .AddOptional("source", attribution.source, Str)
      .Build();
}

JsonValue MilitaryObjectiveJson(const MilitaryObjective& objective) {
  return ObjectBuilder()
      .Add("claimed", JsonValue::Bool(objective.claimed))
      .AddOptional("description", objective.description, Str)
      .Build();
}

JsonValue IndicatorJson(const Indicator& indicator) {
  return ObjectBuilder()
      .Add("type", EnumJson(indicator.type))
      .Add("value", Str(indicator.value))
      .Build();
}

JsonValue ReferenceJson(const Reference& reference) {
  return ObjectBuilder()
      .Add("title", Str(reference.title))
      .Add("url", Str(reference.url))
      .AddOptional("publisher", reference.publisher, Str)
      .AddOptional("date", reference.date, DateJson)
      .Build();
}

}  // namespace

JsonValue IncidentReportToJson(const IncidentReport& report) {
  ObjectBuilder root;
  root.Add("schema", JsonValue::String(std::string(kIncidentReportSchema)))
      .Add("id", IdJson(report.id))
      .Add("title", Str(report.title))
      .Add("reporter", ReporterJson(report.reporter))
      .Add("reported_at", TimeJson(report.reported_at))
      .Add("times", TimesJson(report.times));
  // Required arrays are written even when empty, so that decoding reports
  // them as too short instead of missing.
  JsonArray states;
  for (const std::string& state : report.affected_states) states.push_back(Str(state));
  root.Add("affected_states", JsonValue::Array(std::move(states)));
  JsonArray entities;
  for (const AffectedEntity& entity : report.affected_entities) {
    entities.push_back(EntityJson(entity));
  }
  root.Add("affected_entities", JsonValue::Array(std::move(entities)))
      .Add("effects", EffectsJson(report.effects))
      .AddArray("techniques", report.techniques, Str)
      .AddArray("vulnerabilities", report.vulnerabilities, Str)
      .AddArray("attributions", report.attributions, AttributionJson)
      .AddOptional("military_objective", report.military_objective, MilitaryObjectiveJson)
      .AddArray("indicators", report.indicators, IndicatorJson)
      .AddOptional("narrative", report.narrative, Str)
      .Add("tlp", EnumJson(report.tlp));
  if (!report.field_tlp.empty()) {
    ObjectBuilder markings;
    for (const auto& [pointer, marking] : report.field_tlp)
      markings.Add(pointer, EnumJson(marking));
    root.Add("field_tlp", markings.Build());
  }
  root.Add("publication", ObjectBuilder()
                              .Add("record", EnumJson(report.publication.record))
                              .Add("envelope", EnumJson(report.publication.envelope))
                              .Build())
      .AddArray("related_reports", report.related_reports, IdJson)
      .Add("exercise", JsonValue::Bool(report.exercise))
      .AddArray("references", report.references, ReferenceJson);
  return root.Build();
}

std::string EncodeIncidentReport(const IncidentReport& report) {
  return core::SerializeCanonical(IncidentReportToJson(report));
}

}  // namespace accord::model
