// DecodeReportFromStix (stix_report.h): an incident back to a report, from
// accord's extension when present, otherwise from the standard properties
// and relationships of a foreign incident. docs/exchange/stix.md lists what
// a foreign incident maps from, and the defaults taken where STIX has
// nothing to say.
#include <algorithm>
#include <cctype>

#include "exchange/stix_mapping.h"
#include "exchange/stix_report.h"
#include "exchange/tlp_markings.h"
#include "model/json_pointer.h"
#include "model/report_codec.h"

namespace accord::exchange {
namespace {

using core::JsonType;
using core::JsonValue;
using model::IncidentReport;
using stix_internal::StringMember;

// Properties of an incident that the foreign mapping reads; anything else
// at the top level is listed in `notes`.
constexpr std::string_view kMappedProperties[] = {
    "type",        "spec_version",        "id",          "created",           "modified",
    "name",        "description",         "created_by_ref", "external_references",
    "object_marking_refs", "first_seen",  "last_seen",   "extensions"};

bool IsCountryCode(std::string_view code) {
  return code.size() == 2 && std::isupper(static_cast<unsigned char>(code[0])) &&
         std::isupper(static_cast<unsigned char>(code[1]));
}

class ForeignDecoder {
 public:
  ForeignDecoder(const JsonValue& incident, std::string id, const StixObjectLookup& lookup,
                 DecodedStixReport& out)
      : incident_(incident), id_(std::move(id)), lookup_(lookup), out_(out) {}

  void Decode(const core::Uuid& uuid) {
    report_.id = core::StixId{std::string(model::kIncidentReportType), uuid};
    ReadTitleAndNarrative();
    ReadTimes();
    ReadReporter();
    ReadMarkings();
    ReadReferences();
    ReadEffects();
    ReadRelationships();
    NoteUnmappedProperties();
    if (!out_.problems.empty()) return;
    for (const model::FieldError& error : model::ValidateIncidentReport(report_)) {
      Problem(SourceOf(error.pointer),
              "accord field " + (error.pointer.empty() ? std::string("/") : error.pointer) + ": " +
                  error.message);
    }
    if (out_.problems.empty()) out_.report = std::move(report_);
  }

 private:
  void Problem(std::string field, std::string reason) {
    out_.problems.push_back({id_, std::move(field), std::move(reason)});
  }
  void ProblemIn(const std::string& object, std::string field, std::string reason) {
    out_.problems.push_back({object, std::move(field), std::move(reason)});
  }
  void Note(std::string object, std::string field, std::string reason) {
    out_.notes.push_back({std::move(object), std::move(field), std::move(reason)});
  }

  // The STIX property an accord field was built from, for validation
  // errors on the built report.
  static std::string SourceOf(std::string_view pointer) {
    if (pointer.starts_with("/title")) return "/name";
    if (pointer.starts_with("/narrative")) return "/description";
    if (pointer.starts_with("/reported_at")) return "/created";
    if (pointer.starts_with("/times/start")) return "/first_seen";
    if (pointer.starts_with("/times/end")) return "/last_seen";
    if (pointer.starts_with("/references")) return "/external_references";
    if (pointer.starts_with("/reporter")) return "/created_by_ref";
    if (pointer.starts_with("/tlp")) return "/object_marking_refs";
    return "";
  }

  std::optional<core::Timestamp> Time(std::string_view property, bool required) {
    const JsonValue* value = incident_.Find(property);
    if (value == nullptr) {
      if (required) {
        Problem("/" + std::string(property), "missing: accord needs it");
      }
      return std::nullopt;
    }
    if (value->type() != JsonType::kString) {
      Problem("/" + std::string(property), "expected a timestamp string, found " +
                                               std::string(core::JsonTypeName(value->type())));
      return std::nullopt;
    }
    auto parsed = core::ParseRfc3339(value->AsString());
    if (!parsed.has_value()) {
      Problem("/" + std::string(property), parsed.error().message);
      return std::nullopt;
    }
    return *parsed;
  }

  void ReadTitleAndNarrative() {
    if (const std::string* name = StringMember(incident_, "name")) {
      report_.title = *name;
    } else {
      Problem("/name", "missing or not a string: accord needs the incident's name as its title");
    }
    if (const std::string* description = StringMember(incident_, "description")) {
      report_.narrative = *description;
    }
  }

  void ReadTimes() {
    if (auto created = Time("created", true)) report_.reported_at = *created;
    // A STIX 2.1 incident has no time of its own (section 4.6); producers
    // such as OpenCTI add first_seen/last_seen, which are read when present.
    if (incident_.Find("first_seen") == nullptr) {
      Problem("/first_seen",
              "missing: accord needs the incident's start time (times.start), and a STIX 2.1 "
              "incident carries none unless its producer adds first_seen");
    } else if (auto start = Time("first_seen", true)) {
      report_.times.start = *start;
    }
    if (auto end = Time("last_seen", false)) report_.times.end = *end;
  }

  const JsonValue* Object(const std::string& id) const {
    return lookup_.object ? lookup_.object(id) : nullptr;
  }

  std::vector<const JsonValue*> From(const std::string& id) const {
    return lookup_.relationships_from ? lookup_.relationships_from(id)
                                      : std::vector<const JsonValue*>{};
  }

  // The country of the first located-at location of `id`, "" if none.
  std::string CountryOf(const std::string& id) const {
    for (const JsonValue* relationship : From(id)) {
      const std::string* type = StringMember(*relationship, "relationship_type");
      const std::string* target = StringMember(*relationship, "target_ref");
      if (type == nullptr || target == nullptr || *type != "located-at") continue;
      const JsonValue* location = Object(*target);
      if (location == nullptr) continue;
      if (const std::string* country = StringMember(*location, "country")) {
        std::string code = *country;
        for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (IsCountryCode(code)) return code;
      }
    }
    return {};
  }

  void ReadReporter() {
    const std::string* ref = StringMember(incident_, "created_by_ref");
    if (ref == nullptr) {
      Problem("/created_by_ref", "missing: accord needs the reporter, read from the identity "
                                 "that created the incident");
      return;
    }
    const JsonValue* identity = Object(*ref);
    if (identity == nullptr) {
      Problem("/created_by_ref", "identity " + *ref + " is not in the bundle");
      return;
    }
    model::Reporter& reporter = report_.reporter;
    std::optional<model::ReporterKind> kind;
    // accord's own exports name the kind as the identity's role.
    if (const JsonValue* roles = identity->Find("roles");
        roles != nullptr && roles->type() == JsonType::kArray) {
      for (const JsonValue& role : roles->AsArray()) {
        if (role.type() != JsonType::kString) continue;
        if ((kind = model::EnumFromName<model::ReporterKind>(role.AsString()))) break;
      }
    }
    const std::string* identity_class = StringMember(*identity, "identity_class");
    if (!kind) {
      // Policy (docs/exchange/stix.md): an organization is an operator,
      // anything else (an individual, a group) a watchdog.
      kind = identity_class != nullptr && *identity_class == "organization"
                 ? model::ReporterKind::kOperator
                 : model::ReporterKind::kWatchdog;
      Note(*ref, "/identity_class",
           "reporter kind taken as " + std::string(model::Name(*kind)) + " from identity_class " +
               (identity_class != nullptr ? *identity_class : std::string("(absent)")));
    }
    reporter.kind = *kind;
    if (const std::string* name = StringMember(*identity, "name")) reporter.name = *name;
    if (std::string state = CountryOf(*ref); !state.empty()) reporter.state = state;
    if (reporter.kind == model::ReporterKind::kState && !reporter.state) {
      ProblemIn(*ref, "", "a state reporter needs a located-at location with a country");
    }
    if (reporter.kind == model::ReporterKind::kState) reporter.name.reset();
  }

  void ReadMarkings() {
    std::optional<model::Tlp> tlp;
    if (const JsonValue* refs = incident_.Find("object_marking_refs");
        refs != nullptr && refs->type() == JsonType::kArray) {
      for (std::size_t i = 0; i < refs->AsArray().size(); ++i) {
        const JsonValue& ref = refs->AsArray()[i];
        if (ref.type() != JsonType::kString) continue;
        if (auto recognized = RecognizeTlpMarking(ref.AsString())) {
          tlp = tlp ? model::MostRestrictive(*tlp, recognized->tlp) : recognized->tlp;
        } else {
          Note(id_, "/object_marking_refs/" + std::to_string(i),
               "marking " + ref.AsString() + " is not TLP: not kept");
        }
      }
    }
    if (!tlp) {
      // The safe default: what nobody marked is shared with nobody.
      Note(id_, "/object_marking_refs", "no TLP marking: the report is marked TLP:RED");
    }
    report_.tlp = tlp.value_or(model::Tlp::kRed);
    if (incident_.Find("granular_markings") != nullptr) {
      Note(id_, "/granular_markings", "granular markings of a foreign incident are not mapped");
    }
  }

  void ReadReferences() {
    const JsonValue* refs = incident_.Find("external_references");
    if (refs == nullptr || refs->type() != JsonType::kArray) return;
    for (std::size_t i = 0; i < refs->AsArray().size(); ++i) {
      const JsonValue& ref = refs->AsArray()[i];
      const std::string field = "/external_references/" + std::to_string(i);
      const std::string* url = StringMember(ref, "url");
      const std::string* source = StringMember(ref, "source_name");
      if (url == nullptr || !url->starts_with("https://")) {
        Note(id_, field, "external reference without an https url: not kept");
        continue;
      }
      model::Reference reference;
      reference.url = *url;
      const std::string* description = StringMember(ref, "description");
      if (description != nullptr) {
        reference.title = *description;
        if (source != nullptr) reference.publisher = *source;
      } else {
        reference.title = source != nullptr ? *source : *url;
      }
      report_.references.push_back(std::move(reference));
    }
  }

  void ReadEffects() {
    Note(id_, "/", "a foreign incident states no effects: confidentiality, integrity and "
                   "availability are recorded as false, location, damage and recoverability as "
                   "unknown");
    const JsonValue* extensions = incident_.Find("extensions");
    const JsonValue* core =
        extensions != nullptr ? extensions->Find(IncidentCoreExtensionId()) : nullptr;
    if (core == nullptr) return;
    if (const std::string* recoverability = StringMember(*core, "recoverability")) {
      if (auto value = model::EnumFromName<model::Recoverability>(*recoverability)) {
        report_.effects.recoverability = *value;
      }
    }
    if (const JsonValue* counts = core->Find("impacted_entity_counts")) {
      if (const JsonValue* individuals = counts->Find("individual");
          individuals != nullptr && individuals->type() == JsonType::kNumber) {
        const double value = individuals->AsNumber();
        if (value >= 0 && value <= 1e10 && value == static_cast<double>(static_cast<std::int64_t>(value))) {
          report_.effects.people_affected = static_cast<std::int64_t>(value);
        }
      }
    }
  }

  void ReadAffectedEntity(const std::string& ref) {
    const JsonValue* identity = Object(ref);
    if (identity == nullptr) {
      ProblemIn(ref, "", "affected identity is not in the bundle");
      return;
    }
    model::AffectedEntity entity;
    if (const std::string* name = StringMember(*identity, "name")) entity.name = *name;
    if (const JsonValue* sectors = identity->Find("sectors");
        sectors != nullptr && sectors->type() == JsonType::kArray) {
      for (const JsonValue& sector : sectors->AsArray()) {
        if (sector.type() != JsonType::kString) continue;
        if (std::string_view code = stix_internal::AccordSectorOf(sector.AsString());
            !code.empty()) {
          entity.sector = std::string(code);
          break;
        }
      }
    }
    if (entity.sector.empty()) {
      ProblemIn(ref, "/sectors",
                "no sector that maps to an accord sector (docs/exchange/stix.md lists them)");
    }
    if (const JsonValue* roles = identity->Find("roles");
        roles != nullptr && roles->type() == JsonType::kArray && !roles->AsArray().empty() &&
        roles->AsArray()[0].type() == JsonType::kString) {
      entity.entity_type = roles->AsArray()[0].AsString();
    } else {
      const std::string* identity_class = StringMember(*identity, "identity_class");
      entity.entity_type = identity_class != nullptr ? *identity_class : "organization";
      Note(ref, "/roles", "no role: entity_type taken as " + entity.entity_type);
    }
    entity.state = CountryOf(ref);
    if (entity.state.empty()) {
      ProblemIn(ref, "", "no located-at location with a country: accord needs the state of "
                         "each affected entity");
    }
    Note(ref, "", "civilian_status recorded as unknown");
    report_.affected_entities.push_back(std::move(entity));
  }

  void ReadAttribution(const JsonValue& relationship, const std::string& ref) {
    const JsonValue* actor = Object(ref);
    if (actor == nullptr) {
      ProblemIn(ref, "", "attributed actor is not in the bundle");
      return;
    }
    model::Attribution attribution;
    const model::Reporter& reporter = report_.reporter;
    switch (reporter.kind) {
      case model::ReporterKind::kState:
        attribution.by.kind = model::AttributorKind::kState;
        attribution.by.state = reporter.state;
        attribution.by.name = reporter.state.value_or("state");
        break;
      case model::ReporterKind::kOperator:
        attribution.by.kind = model::AttributorKind::kCompany;
        break;
      default:
        attribution.by.kind = model::AttributorKind::kResearcher;
    }
    if (reporter.name) attribution.by.name = *reporter.name;
    if (attribution.by.name.empty()) attribution.by.name = "unknown";
    const std::string* type = StringMember(*actor, "type");
    bool nation_state = false;
    if (const JsonValue* types = actor->Find("threat_actor_types");
        types != nullptr && types->type() == JsonType::kArray) {
      for (const JsonValue& t : types->AsArray()) {
        nation_state = nation_state || (t.type() == JsonType::kString && t.AsString() == "nation-state");
      }
    }
    attribution.to.kind = nation_state ? model::AttributedKind::kStateAffiliatedGroup
                                       : model::AttributedKind::kUnknown;
    if (const std::string* name = StringMember(*actor, "name")) attribution.to.name = *name;
    if (std::string state = CountryOf(ref); !state.empty()) attribution.to.state = state;
    attribution.sponsorship = model::Sponsorship::kUnknown;
    attribution.basis = {model::AttributionBasis::kTechnical};
    attribution.status = model::AttributionStatus::kContested;
    // STIX 2.1 Appendix A, Low/Med/High: 1-29 low, 30-69 medium, 70-100 high.
    attribution.confidence = model::Confidence::kLow;
    if (const JsonValue* confidence = relationship.Find("confidence");
        confidence != nullptr && confidence->type() == JsonType::kNumber) {
      const double value = confidence->AsNumber();
      attribution.confidence = value >= 70   ? model::Confidence::kHigh
                               : value >= 30 ? model::Confidence::kModerate
                                             : model::Confidence::kLow;
    }
    core::Timestamp when = report_.reported_at;
    if (const std::string* created = StringMember(relationship, "created")) {
      if (auto parsed = core::ParseRfc3339(*created)) when = *parsed;
    }
    attribution.date = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(when));
    Note(ref, "", "attribution (" + (type != nullptr ? *type : std::string("actor")) +
                      ") taken with the reporter as attributor, basis technical, sponsorship "
                      "unknown, status contested, dated by the relationship's created");
    report_.attributions.push_back(std::move(attribution));
  }

  static bool HasRef(const JsonValue& object, std::string_view source_name,
                     std::string& external_id, bool (*valid)(std::string_view)) {
    const JsonValue* refs = object.Find("external_references");
    if (refs == nullptr || refs->type() != JsonType::kArray) return false;
    for (const JsonValue& ref : refs->AsArray()) {
      const std::string* source = StringMember(ref, "source_name");
      const std::string* id = StringMember(ref, "external_id");
      if (source == nullptr || id == nullptr || !valid(*id)) continue;
      if (source_name.empty() ? (*source == "mitre-attack" || *source == "mitre-ics-attack")
                              : *source == source_name) {
        external_id = *id;
        return true;
      }
    }
    return false;
  }

  void ReadRelationships() {
    const std::vector<const JsonValue*> relationships = From(id_);
    for (std::size_t i = 0; i < relationships.size(); ++i) {
      const JsonValue& relationship = *relationships[i];
      const std::string* type = StringMember(relationship, "relationship_type");
      const std::string* target = StringMember(relationship, "target_ref");
      const std::string* rel_id = StringMember(relationship, "id");
      const std::string rel = rel_id != nullptr ? *rel_id : id_;
      if (type == nullptr || target == nullptr) continue;
      const std::string_view target_type = std::string_view(*target).substr(0, target->find("--"));
      std::string external_id;
      const JsonValue* object = Object(*target);
      if ((*type == "impacts" || *type == "targets") && target_type == "identity") {
        ReadAffectedEntity(*target);
      } else if (*type == "located-at" && target_type == "location") {
        if (object != nullptr) {
          if (const std::string* country = StringMember(*object, "country")) {
            AddState(*country);
            continue;
          }
        }
        Note(rel, "", "location without a country: not kept");
      } else if (*type == "attributed-to" &&
                 (target_type == "threat-actor" || target_type == "intrusion-set")) {
        ReadAttribution(relationship, *target);
      } else if ((*type == "uses" || *type == "related-to") && target_type == "attack-pattern" &&
                 object != nullptr &&
                 HasRef(*object, "", external_id, stix_internal::IsAttackTechniqueId)) {
        AddUnique(report_.techniques, external_id);
      } else if ((*type == "related-to" || *type == "targets" || *type == "uses") &&
                 target_type == "vulnerability" && object != nullptr &&
                 HasRef(*object, "cve", external_id, model::IsCveId)) {
        AddUnique(report_.vulnerabilities, external_id);
      } else {
        Note(rel, "/relationship_type",
             "relationship " + *type + " to " + *target + " is not mapped");
      }
    }
    for (const model::AffectedEntity& entity : report_.affected_entities) {
      if (!entity.state.empty()) AddState(entity.state);
    }
    if (report_.affected_entities.empty()) {
      Problem("", "no impacts or targets relationship to an identity: accord needs at least "
                  "one affected entity");
    }
    if (report_.affected_states.empty()) {
      Problem("", "no located-at location with a country: accord needs the affected states");
    }
  }

  void AddState(std::string code) {
    for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    AddUnique(report_.affected_states, code);
  }

  static void AddUnique(std::vector<std::string>& values, const std::string& value) {
    if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
  }

  void NoteUnmappedProperties() {
    if (incident_.type() != JsonType::kObject) return;
    for (const core::JsonMember& member : incident_.AsObject()) {
      const bool mapped = std::find(std::begin(kMappedProperties), std::end(kMappedProperties),
                                    member.name) != std::end(kMappedProperties);
      if (!mapped) {
        Note(id_, model::AppendPointerToken("", member.name), "property not mapped");
      }
    }
    if (const JsonValue* extensions = incident_.Find("extensions");
        extensions != nullptr && extensions->type() == JsonType::kObject) {
      for (const core::JsonMember& member : extensions->AsObject()) {
        if (member.name == IncidentCoreExtensionId()) continue;
        Note(id_, model::AppendPointerToken("/extensions", member.name), "extension not mapped");
      }
    }
  }

  const JsonValue& incident_;
  std::string id_;
  const StixObjectLookup& lookup_;
  DecodedStixReport& out_;
  IncidentReport report_;
};

void DecodeFromExtension(const JsonValue& extension, const std::string& id,
                         const core::Uuid& uuid, DecodedStixReport& out) {
  const std::string base = "/extensions/" + std::string(AccordExtensionId());
  if (extension.type() != JsonType::kObject) {
    out.problems.push_back({id, base, "expected an object, found " +
                                          std::string(core::JsonTypeName(extension.type()))});
    return;
  }
  const JsonValue* report = extension.Find("report");
  if (report == nullptr) {
    out.problems.push_back({id, base + "/report", "missing: the accord report"});
    return;
  }
  model::DecodeResult decoded = model::DecodeIncidentReport(*report);
  if (!decoded.ok()) {
    for (const model::FieldError& error : decoded.errors) {
      out.problems.push_back({id, base + "/report" + error.pointer, error.message});
    }
    return;
  }
  if (decoded.report->id.uuid != uuid) {
    out.problems.push_back({id, base + "/report/id",
                            "report " + decoded.report->id.ToString() +
                                " does not match the incident's uuid " + uuid.ToString()});
    return;
  }
  out.report = std::move(decoded.report);
}

}  // namespace

DecodedStixReport DecodeReportFromStix(const JsonValue& incident, const StixObjectLookup& lookup) {
  DecodedStixReport out;
  const std::string* id_text = StringMember(incident, "id");
  const std::string id = id_text != nullptr ? *id_text : std::string();
  if (id_text == nullptr) {
    out.problems.push_back({"", "/id", "missing or not a string: an incident needs its id"});
    return out;
  }
  auto parsed = core::StixId::Parse(id);
  if (!parsed.has_value()) {
    out.problems.push_back({id, "/id", parsed.error().message});
    return out;
  }
  if (parsed->type != "incident") {
    out.problems.push_back({id, "/id", "expected an incident id, found type " + parsed->type});
    return out;
  }
  const JsonValue* extensions = incident.Find("extensions");
  const JsonValue* accord =
      extensions != nullptr ? extensions->Find(AccordExtensionId()) : nullptr;
  if (accord != nullptr) {
    DecodeFromExtension(*accord, id, parsed->uuid, out);
    return out;
  }
  ForeignDecoder(incident, id, lookup, out).Decode(parsed->uuid);
  return out;
}

}  // namespace accord::exchange
