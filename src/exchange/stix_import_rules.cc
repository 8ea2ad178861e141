// The per-type outcomes of the STIX importer (internal/stix_import_rules.h)
// and the ATT&CK technique extraction (TechniqueFromAttackPattern, declared
// in stix_import.h).
#include "exchange/internal/stix_import_rules.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <utility>

#include "exchange/stix_import.h"
#include "exchange/stix_validation.h"
#include "exchange/tlp_markings.h"
#include "model/tlp.h"

namespace accord::exchange::internal {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string MarkingReason(const core::JsonValue& object) {
  const core::JsonValue* id = object.Find("id");
  if (id != nullptr && id->type() == core::JsonType::kString) {
    if (auto marking = RecognizeTlpMarking(id->AsString()))
      return "marking-definition: TLP:" + std::string(model::TlpName(marking->tlp)) +
             (marking->version == TlpVersion::kTlp2 ? " (TLP 2.0)" : " (TLP 1.0)") +
             ", read as the TLP of the objects that refer to it; not a record of its own";
  }
  const core::JsonValue* type = object.Find("definition_type");
  std::string kind = type != nullptr && type->type() == core::JsonType::kString
                         ? "a " + type->AsString() + " marking"
                         : std::string("an extension-defined marking");
  return "marking-definition: " + kind +
         ", not one of the nine TLP marking definitions accord recognises; not kept";
}

}  // namespace

std::string IgnoredReason(std::string_view type, const core::JsonValue& object) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 32> kReasons = {{
      {"x-mitre-tactic", "ATT&CK tactic, not kept by accord (techniques carry their tactic names)"},
      {"x-mitre-matrix", "ATT&CK matrix layout, not kept by accord"},
      {"x-mitre-collection", "ATT&CK collection manifest, not kept by accord"},
      {"x-mitre-asset", "ATT&CK for ICS asset, not kept by accord"},
      {"x-mitre-data-source", "ATT&CK detection content, not kept by accord"},
      {"x-mitre-data-component", "ATT&CK detection content, not kept by accord"},
      {"x-mitre-analytic", "ATT&CK detection content, not kept by accord"},
      {"x-mitre-detection-strategy", "ATT&CK detection content, not kept by accord"},
      {"attack-pattern", "no ATT&CK external reference (mitre-attack, mitre-ics-attack, "
                         "mitre-mobile-attack): read only through incidents that use it"},
      {"campaign", "campaigns are not kept by accord"},
      {"course-of-action", "mitigations are not kept by accord"},
      {"grouping", "groupings are not kept by accord"},
      {"identity", "read only as the reporter or an affected entity of an incident"},
      {"indicator", "indicators are not kept by accord"},
      {"infrastructure", "infrastructure objects are not kept by accord"},
      {"intrusion-set", "read only as the suspected actor of an incident"},
      {"threat-actor", "read only as the suspected actor of an incident"},
      {"location", "read only as the location of an incident's entities"},
      {"malware", "malware is not kept by accord (reports name techniques)"},
      {"malware-analysis", "malware analyses are not kept by accord"},
      {"note", "read only as an assessment attached to an incident"},
      {"observed-data", "observed data is not kept by accord"},
      {"opinion", "opinions are not kept by accord"},
      {"report", "STIX reports (collections of objects) are not kept by accord; incidents are"},
      {"tool", "tools are not kept by accord"},
      {"vulnerability", "read only as a CVE cited by an incident"},
      {"relationship", "kept only as part of an incident it connects"},
      {"sighting", "sightings are not kept by accord"},
      {"language-content", "translations are not kept by accord"},
      {"extension-definition", "declares an extension; read only where an object uses it"},
      {"incident", "incident"},
      {"bundle", "bundle"},
  }};
  if (type == "marking-definition") return MarkingReason(object);
  for (const auto& [name, reason] : kReasons)
    if (name == type) return std::string(type) + ": " + std::string(reason);
  if (ClassifyStixType(type) == StixObjectKind::kCyberObservable)
    return std::string(type) + ": cyber observables are not kept by accord";
  if (StartsWith(type, "x-mitre-"))
    return std::string(type) + ": ATT&CK custom object, not kept by accord";
  return std::string(type) + ": custom object type, not kept by accord";
}

std::string NotPublishedByMitreReason(const std::string* created_by_ref) {
  return "attack-pattern: ATT&CK reference not published by MITRE (" +
         (created_by_ref == nullptr ? std::string("no created_by_ref")
                                    : "created_by_ref " + *created_by_ref) +
         "); the technique catalogue keeps MITRE's own objects";
}

bool IncidentMayNeed(std::string_view type, std::string_view relationship_source_ref) {
  static constexpr std::array<std::string_view, 10> kNeeded = {
      "identity", "location", "attack-pattern", "threat-actor", "intrusion-set",
      "marking-definition", "incident", "note", "vulnerability", "extension-definition"};
  if (type == "relationship")
    return StartsWith(relationship_source_ref, "incident--") ||
           StartsWith(relationship_source_ref, "identity--");
  for (std::string_view needed : kNeeded)
    if (needed == type) return true;
  return false;
}

}  // namespace accord::exchange::internal

namespace accord::exchange {
namespace {

const std::string* StringMember(const core::JsonValue& object, std::string_view name) {
  const core::JsonValue* value = object.Find(name);
  return value != nullptr && value->type() == core::JsonType::kString ? &value->AsString()
                                                                       : nullptr;
}

}  // namespace

std::optional<Technique> TechniqueFromAttackPattern(const core::JsonValue& attack_pattern) {
  const core::JsonValue* references = attack_pattern.Find("external_references");
  if (references == nullptr || references->type() != core::JsonType::kArray) return std::nullopt;
  for (const core::JsonValue& reference : references->AsArray()) {
    const std::string* source = StringMember(reference, "source_name");
    const std::string* external_id = StringMember(reference, "external_id");
    if (source == nullptr || external_id == nullptr) continue;
    static constexpr std::string_view kSources[] = {"mitre-attack", "mitre-ics-attack",
                                                    "mitre-mobile-attack"};
    if (std::find(std::begin(kSources), std::end(kSources), *source) == std::end(kSources))
      continue;
    Technique technique;
    technique.id = *external_id;
    if (const std::string* name = StringMember(attack_pattern, "name")) technique.name = *name;
    if (const std::string* id = StringMember(attack_pattern, "id")) technique.stix_id = *id;
    if (const std::string* modified = StringMember(attack_pattern, "modified"))
      technique.modified = *modified;
    if (const std::string* url = StringMember(reference, "url")) technique.url = *url;
    const core::JsonValue* domains = attack_pattern.Find("x_mitre_domains");
    if (domains != nullptr && domains->type() == core::JsonType::kArray &&
        !domains->AsArray().empty() && domains->AsArray()[0].type() == core::JsonType::kString)
      technique.domain = domains->AsArray()[0].AsString();
    else if (*source == "mitre-ics-attack")
      technique.domain = "ics-attack";
    else if (*source == "mitre-mobile-attack")
      technique.domain = "mobile-attack";
    if (const core::JsonValue* phases = attack_pattern.Find("kill_chain_phases");
        phases != nullptr && phases->type() == core::JsonType::kArray) {
      for (const core::JsonValue& phase : phases->AsArray()) {
        const std::string* chain = StringMember(phase, "kill_chain_name");
        const std::string* name = StringMember(phase, "phase_name");
        if (chain != nullptr && name != nullptr && chain->compare(0, 6, "mitre-") == 0)
          technique.tactics.push_back(*name);
      }
    }
    for (std::string_view flag : {"x_mitre_deprecated", "revoked"}) {
      const core::JsonValue* value = attack_pattern.Find(flag);
      if (value != nullptr && value->type() == core::JsonType::kBool && value->AsBool())
        technique.deprecated = true;
    }
    return technique;
  }
  return std::nullopt;
}

}  // namespace accord::exchange
