// ReportEncoder (internal/stix_report_encoder.h): the objects around the
// incident, each tied to it by a relationship: the reporter's identity,
// locations of affected states, affected entities' identities, ATT&CK
// attack patterns, CVE vulnerabilities, threat actors and intrusion sets,
// and the note with the severity assessment. Section numbers are those of
// STIX 2.1 OS with errata 01; docs/exchange/stix.md maps every field.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include "core/canonical_json.h"
#include "core/iso3166.h"
#include "exchange/internal/stix_report_encoder.h"

namespace accord::exchange::stix_internal {
namespace {

using core::JsonArray;
using core::JsonValue;
using model::Tlp;

// The name of a country for display ("Ukraine"); the code itself if the
// ISO 3166 list is not available.
std::string CountryName(const std::string& code) {
  auto countries = core::LoadedCountries();
  if (!countries.has_value()) return code;
  auto country = (*countries)->FindAlpha2(code);
  return country.has_value() ? (*country)->name : code;
}

// An id derived from content: the parts, as a canonical JSON array, so that
// no two different lists of parts give the same name.
std::string ContentId(std::string_view type, std::initializer_list<std::string_view> parts) {
  JsonArray array;
  array.push_back(Str(type));
  for (std::string_view part : parts) array.push_back(Str(part));
  return DerivedId(type, core::SerializeCanonical(JsonValue::Array(std::move(array))));
}

std::string AttackUrl(std::string_view technique) {
  std::string url = "https://attack.mitre.org/techniques/";
  if (technique.size() == 9) {
    url.append(technique.substr(0, 5)).append("/").append(technique.substr(6));
  } else {
    url.append(technique);
  }
  return url + "/";
}

// STIX 2.1 Appendix A, "Low/Med/High" scale: the middle of each range.
std::int64_t StixConfidence(model::Confidence confidence) {
  switch (confidence) {
    case model::Confidence::kLow:
      return 15;
    case model::Confidence::kModerate:
      return 50;
    case model::Confidence::kHigh:
      return 85;
  }
  return 15;
}

}  // namespace

void ReportEncoder::Relate(std::string_view relationship_type, const std::string& source,
                           const std::string& target, Tlp tlp, bool shared, const std::string& id,
                           std::string description, std::optional<std::int64_t> confidence) {
  ObjectBuilder builder = Start("relationship", id, shared);
  builder.Add("relationship_type", relationship_type);
  if (!description.empty()) builder.Add("description", description);
  builder.Add("source_ref", source).Add("target_ref", target);
  if (confidence) builder.Add("confidence", Int(*confidence));
  builder.Add("object_marking_refs", MarkingRefs(tlp));
  AddObject(id, std::move(builder).Build());
}

std::string ReportEncoder::LocationId(const std::string& country) {
  const std::string id = ContentId("location", {"country", country});
  AddObject(id, Start("location", id, true)
                    .Add("name", CountryName(country))
                    .Add("country", country)
                    .Add("object_marking_refs", MarkingRefs(Tlp::kClear))
                    .Build());
  return id;
}

std::string ReportEncoder::EncodeReporter() {
  const model::Reporter& reporter = report_.reporter;
  const Tlp tlp = Subtree("/reporter");
  const std::string state = reporter.state.value_or("");
  const std::string name = reporter.name ? *reporter.name : CountryName(state);
  const std::string id = ContentId(
      "identity", {"reporter", model::Name(reporter.kind), state, name, model::TlpName(tlp)});
  ObjectBuilder builder = Start("identity", id, true);
  builder.Add("name", name)
      .Add("roles", StrArray({model::Name(reporter.kind)}))
      .Add("identity_class", "organization");
  if (reporter.kind == model::ReporterKind::kState) {
    builder.Add("sectors", StrArray({"government-national"}));
  }
  builder.Add("object_marking_refs", MarkingRefs(tlp));
  AddObject(id, std::move(builder).Build());
  if (reporter.state) {
    // STIX 2.1 section 4.5.2: identity located-at location.
    const std::string location = LocationId(*reporter.state);
    Relate("located-at", id, location, tlp, true,
           ContentId("relationship", {"located-at", id, location}));
  }
  return id;
}

void ReportEncoder::EncodeLocations() {
  for (std::size_t i = 0; i < report_.affected_states.size(); ++i) {
    const std::string& state = report_.affected_states[i];
    const std::string location = LocationId(state);
    // Incident Core section 5.0: incident located-at location.
    Relate("located-at", incident_id_, location, Subtree("/affected_states/" + std::to_string(i)),
           false, Scoped("relationship", "located-at/" + state));
  }
}

void ReportEncoder::EncodeAffectedEntities() {
  for (std::size_t i = 0; i < report_.affected_entities.size(); ++i) {
    const model::AffectedEntity& entity = report_.affected_entities[i];
    const std::string pointer = "/affected_entities/" + std::to_string(i);
    const Tlp tlp = Subtree(pointer);
    const std::string id = Scoped("identity", "affected-entity/" + std::to_string(i));
    ObjectBuilder builder = Start("identity", id, false);
    builder.Add("name", entity.name ? *entity.name
                                    : entity.entity_type + " (" + entity.sector + ", " +
                                          entity.state + ")");
    builder.Add("roles", StrArray({entity.entity_type}));
    builder.Add("identity_class", "organization");
    if (std::string_view sector = stix_internal::StixSectorOf(entity.sector); !sector.empty()) {
      builder.Add("sectors", StrArray({sector}));
    }
    builder.Add("object_marking_refs", MarkingRefs(tlp));
    AddObject(id, std::move(builder).Build());
    // Incident Core section 5.0: incident impacts identity.
    Relate("impacts", incident_id_, id, tlp, false,
           Scoped("relationship", "impacts/" + std::to_string(i)));
    Relate("located-at", id, LocationId(entity.state), tlp, false,
           Scoped("relationship", "entity-located-at/" + std::to_string(i)));
  }
}

void ReportEncoder::EncodeTechniques() {
  for (std::size_t i = 0; i < report_.techniques.size(); ++i) {
    const std::string& technique = report_.techniques[i];
    const std::string id = ContentId("attack-pattern", {"attack", technique});
    AddObject(id, Start("attack-pattern", id, true)
                      .Add("name", technique)
                      .Add("external_references",
                           JsonValue::Array(
                               {ObjectBuilder()
                                    .Add("source_name", stix_internal::AttackSourceName(technique))
                                    .Add("url", AttackUrl(technique))
                                    .Add("external_id", technique)
                                    .Build()}))
                      .Add("object_marking_refs", MarkingRefs(Tlp::kClear))
                      .Build());
    // STIX 2.1 section 3.7: related-to, the common relationship; neither
    // the spec (section 4.6.2) nor Incident Core defines incident -> uses.
    Relate("related-to", incident_id_, id, Subtree("/techniques/" + std::to_string(i)), false,
           Scoped("relationship", "technique/" + technique),
           "ATT&CK technique " + technique + " used in the incident");
  }
}

void ReportEncoder::EncodeVulnerabilities() {
  for (std::size_t i = 0; i < report_.vulnerabilities.size(); ++i) {
    const std::string& cve = report_.vulnerabilities[i];
    const std::string id = ContentId("vulnerability", {"cve", cve});
    AddObject(
        id,
        Start("vulnerability", id, true)
            .Add("name", cve)
            .Add("external_references",
                 JsonValue::Array(
                     {ObjectBuilder().Add("source_name", "cve").Add("external_id", cve).Build()}))
            .Add("object_marking_refs", MarkingRefs(Tlp::kClear))
            .Build());
    Relate("related-to", incident_id_, id, Subtree("/vulnerabilities/" + std::to_string(i)), false,
           Scoped("relationship", "vulnerability/" + cve),
           "vulnerability " + cve + " exploited in the incident");
  }
}

void ReportEncoder::EncodeAttributions() {
  for (std::size_t i = 0; i < report_.attributions.size(); ++i) {
    const model::Attribution& attribution = report_.attributions[i];
    const model::Attributed& to = attribution.to;
    const bool state_actor = to.kind == model::AttributedKind::kState ||
                             to.kind == model::AttributedKind::kStateAffiliatedGroup;
    if (!state_actor && !to.name) continue;  // nobody named to point to
    const std::string pointer = "/attributions/" + std::to_string(i);
    const Tlp actor_tlp = Subtree(pointer + "/to");
    const std::string type = state_actor ? "threat-actor" : "intrusion-set";
    const std::string state = to.state.value_or("");
    const std::string name = to.name ? *to.name : CountryName(state);
    const std::string id =
        ContentId(type, {model::Name(to.kind), name, state, model::TlpName(actor_tlp)});
    ObjectBuilder builder = Start(type, id, true);
    builder.Add("name", name);
    if (state_actor) builder.Add("threat_actor_types", StrArray({"nation-state"}));
    builder.Add("object_marking_refs", MarkingRefs(actor_tlp));
    AddObject(id, std::move(builder).Build());
    if (to.state) {
      // STIX 2.1 sections 4.17.2 (threat-actor located-at) and 4.9.2
      // (intrusion-set originates-from).
      const std::string location = LocationId(*to.state);
      const std::string_view relation = state_actor ? "located-at" : "originates-from";
      Relate(relation, id, location, actor_tlp, true,
             ContentId("relationship", {relation, id, location}));
    }
    std::string description = "attributed by " + attribution.by.name + " (" +
                              std::string(model::Name(attribution.by.kind)) + "); basis:";
    for (std::size_t b = 0; b < attribution.basis.size(); ++b) {
      description += (b == 0 ? " " : ", ") + std::string(model::Name(attribution.basis[b]));
    }
    description += "; sponsorship: " + std::string(model::Name(attribution.sponsorship)) +
                   "; status: " + std::string(model::Name(attribution.status));
    // Incident Core section 5.0: incident attributed-to threat-actor or
    // intrusion-set.
    Relate("attributed-to", incident_id_, id, Subtree(pointer), false,
           Scoped("relationship", "attributed-to/" + std::to_string(i)), std::move(description),
           StixConfidence(attribution.confidence));
  }
}

void ReportEncoder::EncodeNote() {
  if (!options_.assessment) return;
  const StixAssessment& assessment = *options_.assessment;
  const std::string id = Scoped("note", "assessment");
  const std::string time = ParsedOr(assessment.assessed_at, report_.reported_at);
  std::string content = "Severity under the accord methodology " + assessment.methodology_version +
                        ": " + assessment.level + ", score " + std::to_string(assessment.score) +
                        " of 1000 (range " + std::to_string(assessment.low) + " to " +
                        std::to_string(assessment.high) + ", confidence " + assessment.confidence +
                        ").";
  if (!assessment.verdicts.empty()) {
    content += "\nNorms verdicts:";
    for (const auto& [norm, verdict] : assessment.verdicts) {
      content += "\n- " + norm + ": " + verdict;
    }
  }
  AddObject(id, ObjectBuilder()
                    .Add("type", "note")
                    .Add("spec_version", "2.1")
                    .Add("id", id)
                    .Add("created", time)
                    .Add("modified", time)
                    .Add("abstract", "accord severity: " + assessment.level + " (" +
                                         std::to_string(assessment.score) + " of 1000)")
                    .Add("content", content)
                    .Add("authors", StrArray({"accord"}))
                    .Add("object_refs", JsonValue::Array({Str(incident_id_)}))
                    .Add("object_marking_refs", MarkingRefs(report_.tlp))
                    .Build());
}

}  // namespace accord::exchange::stix_internal
