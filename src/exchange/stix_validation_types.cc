// The per-type rules of STIX 2.1: required properties and value
// constraints of each SDO (section 4), SRO (section 5), SCO (section 6) and
// meta object (section 7). The schema files in
// ../shared/data/stix21/schemas/{sdos,sros,observables,common} encode the
// same required lists; each rule cites the section.
#include <algorithm>
#include <array>
#include <string>

#include "core/id.h"
#include "exchange/internal/stix_checker.h"
#include "exchange/tlp_markings.h"

namespace accord::exchange::internal {
namespace {

// Objects that a relationship or sighting may not point at: they are not
// SDOs, SCOs or custom objects (section 5.1 source_ref/target_ref, 5.2
// sighting_of_ref).
bool IsMetaType(std::string_view type) {
  return type == "relationship" || type == "sighting" || type == "marking-definition" ||
         type == "language-content" || type == "extension-definition" || type == "bundle";
}

void CheckEndpoint(StixChecker& check, std::string_view property, std::string_view section) {
  const core::JsonValue* value = check.Get(property);
  if (value == nullptr) {
    check.Problem(StixChecker::Field(property),
                  "required property is missing (" + std::string(section) + ")");
    return;
  }
  if (!check.CheckIdentifier(StixChecker::Field(property), *value, {}, section)) return;
  // A valid identifier: its type is what precedes the first "--".
  const std::string& text = value->AsString();
  const std::string_view type = std::string_view(text).substr(0, text.find("--"));
  if (IsMetaType(type))
    check.Problem(StixChecker::Field(property),
                  Quote(text) + " must identify an SDO or SCO, not a " + std::string(type) +
                      " (" + std::string(section) + ")");
}

// Section 4.7, 4.8, 4.9, 4.11, 4.17, 4.2, 5.2: last_seen (or the like) is
// not before first_seen.
void FirstLast(StixChecker& check, std::string_view first, std::string_view last,
               std::string_view section, bool strictly = false) {
  auto first_time = check.Timestamp(first, section);
  auto last_time = check.Timestamp(last, section);
  check.NotBefore(last, last_time, first, first_time, section, strictly);
}

void CheckLocation(StixChecker& check) {
  // Section 4.10: region, country, or latitude with longitude; precision
  // only with both; latitude -90..90, longitude -180..180.
  const bool latitude = check.Get("latitude") != nullptr;
  const bool longitude = check.Get("longitude") != nullptr;
  if (!check.Get("region") && !check.Get("country") && !(latitude && longitude))
    check.Problem("", "needs region, country, or latitude and longitude (section 4.10)");
  if (latitude != longitude)
    check.Problem(latitude ? "/longitude" : "/latitude",
                  "latitude and longitude go together (section 4.10)");
  if (check.Get("precision") && !(latitude && longitude))
    check.Problem("/precision", "precision needs latitude and longitude (section 4.10)");
  for (auto [name, limit] : {std::pair<std::string_view, double>{"latitude", 90.0},
                             std::pair<std::string_view, double>{"longitude", 180.0}}) {
    const core::JsonValue* value = check.Get(name);
    if (value != nullptr && (value->type() != core::JsonType::kNumber ||
                             value->AsNumber() < -limit || value->AsNumber() > limit))
      check.Problem(StixChecker::Field(name), "must be a number between " +
                                                  std::to_string(static_cast<int>(-limit)) + " and " +
                                                  std::to_string(static_cast<int>(limit)) +
                                                  " (section 4.10)");
  }
  check.String("region", "section 4.10");
  check.String("country", "section 4.10");
}

void CheckMarkingDefinition(StixChecker& check) {
  // Section 7.2.1: without extensions, definition_type and definition are
  // required; "statement" carries a string statement (7.2.1.3), "tlp" one of
  // the four TLP 1.0 levels at its fixed id (7.2.1.4).
  const bool extended = check.Get("extensions") != nullptr;
  const core::JsonValue* type = check.Get("definition_type");
  const core::JsonValue* definition = check.Get("definition");
  if (!extended) {
    check.Require("definition_type", "section 7.2.1");
    check.Require("definition", "section 7.2.1");
  }
  if (type == nullptr || definition == nullptr) return;
  if (type->type() != core::JsonType::kString) {
    check.Problem("/definition_type", "must be a string (section 7.2.1)");
    return;
  }
  if (definition->type() != core::JsonType::kObject) {
    check.Problem("/definition", "must be an object (section 7.2.1)");
    return;
  }
  if (type->AsString() == "statement") {
    const core::JsonValue* statement = definition->Find("statement");
    if (statement == nullptr || statement->type() != core::JsonType::kString)
      check.Problem("/definition/statement", "a statement marking needs a string statement "
                                             "(section 7.2.1.3)");
  } else if (type->AsString() == "tlp") {
    const core::JsonValue* level = definition->Find("tlp");
    const core::JsonValue* id = check.Get("id");
    auto recognized = id && id->type() == core::JsonType::kString
                          ? RecognizeTlpMarking(id->AsString())
                          : std::nullopt;
    if (level == nullptr || level->type() != core::JsonType::kString ||
        !(level->AsString() == "white" || level->AsString() == "green" ||
          level->AsString() == "amber" || level->AsString() == "red"))
      check.Problem("/definition/tlp", "must be white, green, amber or red (section 7.2.1.4)");
    else if (!recognized || recognized->version != TlpVersion::kTlp1)
      check.Problem("/id", "a tlp marking must use the fixed id of its level (section 7.2.1.4)");
  }
}

void CheckExtensionDefinition(StixChecker& check) {
  // Section 7.3: created_by_ref, name, schema, version, extension_types.
  check.Require("created_by_ref", "section 7.3");
  check.RequiredString("name", "section 7.3");
  check.RequiredString("schema", "section 7.3");
  check.RequiredString("version", "section 7.3");
  const core::JsonValue* types = check.Get("extension_types");
  if (types == nullptr) {
    check.Problem("/extension_types", "required property is missing (section 7.3)");
    return;
  }
  if (!check.NonEmptyList("/extension_types", *types, "section 7.3")) return;
  static constexpr std::array<std::string_view, 5> kTypes = {
      "new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension"};
  for (std::size_t i = 0; i < types->AsArray().size(); ++i) {
    const core::JsonValue& item = types->AsArray()[i];
    if (item.type() != core::JsonType::kString ||
        std::find(kTypes.begin(), kTypes.end(), item.AsString()) == kTypes.end())
      check.Problem("/extension_types/" + std::to_string(i),
                    "must be one of new-sdo, new-sco, new-sro, property-extension, "
                    "toplevel-property-extension (section 7.3)");
  }
}

void CheckObservable(const std::string& type, StixChecker& check) {
  // Section 6: the properties each SCO requires (one of several for some).
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kRequired = {{
      {"autonomous-system", "number"}, {"directory", "path"}, {"domain-name", "value"},
      {"email-addr", "value"}, {"ipv4-addr", "value"}, {"ipv6-addr", "value"},
      {"mac-addr", "value"}, {"mutex", "name"}, {"url", "value"}}};
  for (const auto& [name, property] : kRequired)
    if (type == name) check.Require(property, "section 6");
  if (type == "software") check.RequiredString("name", "section 6.14");
  if (type == "email-message") {
    check.Require("is_multipart", "section 6.6");
    check.Boolean("is_multipart", "section 6.6");
  }
  if (type == "network-traffic") check.StringList("protocols", "section 6.12");
  if (type == "network-traffic" && !check.Get("protocols"))
    check.Problem("/protocols", "required property is missing (section 6.12)");
  if (type == "file" && !check.Get("hashes") && !check.Get("name"))
    check.Problem("", "a file needs hashes or name (section 6.7)");
  if (type == "artifact" && !check.Get("payload_bin") && !check.Get("url"))
    check.Problem("", "an artifact needs payload_bin or url (section 6.1)");
  if (type == "artifact" && check.Get("url") && !check.Get("hashes"))
    check.Problem("/hashes", "an artifact with a url needs hashes (section 6.1)");
}

}  // namespace

void CheckTypeRules(const std::string& type, StixObjectKind kind, StixChecker& check) {
  switch (kind) {
    case StixObjectKind::kCyberObservable:
      CheckObservable(type, check);
      return;
    case StixObjectKind::kMarkingDefinition:
      CheckMarkingDefinition(check);
      return;
    case StixObjectKind::kExtensionDefinition:
      CheckExtensionDefinition(check);
      return;
    case StixObjectKind::kLanguageContent:
      // Section 7.1: object_ref and a non-empty contents dictionary.
      if (!check.Get("object_ref")) check.Problem("/object_ref", "required property is missing (section 7.1)");
      if (const core::JsonValue* contents = check.Get("contents");
          contents == nullptr || contents->type() != core::JsonType::kObject ||
          contents->AsObject().empty())
        check.Problem("/contents", "required non-empty dictionary is missing (section 7.1)");
      return;
    case StixObjectKind::kCustom:
      return;  // section 11.2: a custom object has only the common rules
    case StixObjectKind::kDomainObject:
    case StixObjectKind::kRelationshipObject:
      break;
  }
  if (type == "relationship") {
    // Section 5.1.
    // relationship_type: a-z, 0-9 and '-' only; the vocabulary is open.
    const std::string* relationship_type = check.RequiredString("relationship_type", "section 5.1");
    if (relationship_type != nullptr &&
        (relationship_type->empty() || relationship_type->size() > 250 ||
         !std::all_of(relationship_type->begin(), relationship_type->end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         })))
      check.Problem("/relationship_type", Quote(*relationship_type) +
                                               " must be 1 to 250 characters of a-z, 0-9 and "
                                               "'-' (section 5.1)");
    CheckEndpoint(check, "source_ref", "section 5.1");
    CheckEndpoint(check, "target_ref", "section 5.1");
    FirstLast(check, "start_time", "stop_time", "section 5.1", true);
  } else if (type == "sighting") {
    // Section 5.2.
    CheckEndpoint(check, "sighting_of_ref", "section 5.2");
    check.References("observed_data_refs", {"observed-data"}, "section 5.2");
    check.References("where_sighted_refs", {"identity", "location"}, "section 5.2");
    check.Integer("count", 0, 999999999, "section 5.2");
    check.Boolean("summary", "section 5.2");
    FirstLast(check, "first_seen", "last_seen", "section 5.2");
  } else if (type == "grouping") {
    check.RequiredString("context", "section 4.4");
    if (!check.Get("object_refs")) check.Problem("/object_refs", "required property is missing (section 4.4)");
  } else if (type == "indicator") {
    // Section 4.7: pattern, pattern_type, valid_from; valid_until later.
    check.RequiredString("pattern", "section 4.7");
    check.RequiredString("pattern_type", "section 4.7");
    check.Require("valid_from", "section 4.7");
    FirstLast(check, "valid_from", "valid_until", "section 4.7", true);
    check.KillChainPhases();
  } else if (type == "location") {
    CheckLocation(check);
  } else if (type == "malware") {
    // Section 4.11: is_family required; name required when it is true.
    const core::JsonValue* family = check.Get("is_family");
    if (family == nullptr) check.Problem("/is_family", "required property is missing (section 4.11)");
    check.Boolean("is_family", "section 4.11");
    if (family != nullptr && family->type() == core::JsonType::kBool && family->AsBool())
      check.RequiredString("name", "section 4.11, when is_family is true");
    else
      check.String("name", "section 4.11");
    FirstLast(check, "first_seen", "last_seen", "section 4.11");
    check.KillChainPhases();
  } else if (type == "malware-analysis") {
    // Section 4.12: product; result or analysis_sco_refs.
    check.RequiredString("product", "section 4.12");
    if (!check.Get("result") && !check.Get("analysis_sco_refs"))
      check.Problem("", "needs result or analysis_sco_refs (section 4.12)");
  } else if (type == "note") {
    // Section 4.13.
    check.RequiredString("content", "section 4.13");
    if (!check.Get("object_refs")) check.Problem("/object_refs", "required property is missing (section 4.13)");
  } else if (type == "observed-data") {
    // Section 4.14.
    check.Require("first_observed", "section 4.14");
    check.Require("last_observed", "section 4.14");
    FirstLast(check, "first_observed", "last_observed", "section 4.14");
    check.Require("number_observed", "section 4.14");
    check.Integer("number_observed", 1, 999999999, "section 4.14");
    if ((check.Get("objects") == nullptr) == (check.Get("object_refs") == nullptr))
      check.Problem("", "needs exactly one of objects and object_refs (section 4.14)");
  } else if (type == "opinion") {
    // Section 4.15.
    const std::string* opinion = check.RequiredString("opinion", "section 4.15");
    static constexpr std::array<std::string_view, 5> kOpinions = {
        "strongly-disagree", "disagree", "neutral", "agree", "strongly-agree"};
    if (opinion != nullptr && std::find(kOpinions.begin(), kOpinions.end(), *opinion) == kOpinions.end())
      check.Problem("/opinion", Quote(*opinion) + " is not in opinion-enum (section 4.15)");
    if (!check.Get("object_refs")) check.Problem("/object_refs", "required property is missing (section 4.15)");
  } else if (type == "report") {
    // Section 4.16.
    check.RequiredString("name", "section 4.16");
    check.Require("published", "section 4.16");
    check.Timestamp("published", "section 4.16");
    if (!check.Get("object_refs")) check.Problem("/object_refs", "required property is missing (section 4.16)");
  } else {
    // attack-pattern 4.1, campaign 4.2, course-of-action 4.3, identity 4.5,
    // incident 4.6, infrastructure 4.8, intrusion-set 4.9, threat-actor
    // 4.17, tool 4.18, vulnerability 4.19: name is required.
    check.RequiredString("name", "section 4, " + type);
    if (type == "attack-pattern" || type == "infrastructure" || type == "tool")
      check.KillChainPhases();
    if (type == "campaign" || type == "intrusion-set" || type == "threat-actor" ||
        type == "infrastructure")
      FirstLast(check, "first_seen", "last_seen", "section 4, " + type);
  }
}

}  // namespace accord::exchange::internal
