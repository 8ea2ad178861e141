// ReportEncoder (internal/stix_report_encoder.h): the order of the steps,
// the common properties of every object, and the incident itself with
// accord's extension, the Incident Core extension and granular markings.
// Section numbers are those of STIX 2.1 OS with errata 01;
// docs/exchange/stix.md maps every field.
#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"
#include "exchange/internal/stix_report_encoder.h"
#include "model/report_codec.h"

namespace accord::exchange::stix_internal {
namespace {

using core::JsonArray;
using core::JsonValue;
using model::IncidentReport;
using model::Tlp;

// a is `b` or an ancestor of `b` in JSON Pointer terms.
bool IsAncestorOrSelf(std::string_view a, std::string_view b) {
  return b == a || (b.size() > a.size() && b.starts_with(a) && b[a.size()] == '/');
}
bool Overlap(std::string_view a, std::string_view b) {
  return IsAncestorOrSelf(a, b) || IsAncestorOrSelf(b, a);
}

}  // namespace

ReportEncoder::ReportEncoder(const IncidentReport& report, const StixExportOptions& options)
    : report_(report), options_(options), report_json_(model::IncidentReportToJson(report)) {
  incident_id_ = "incident--" + report.id.uuid.ToString();
  created_ = ParsedOr(options.created, report.reported_at);
  modified_ = options.modified.empty() ? created_ : ParsedOr(options.modified, report.reported_at);
  if (modified_ < created_) modified_ = created_;
}

std::vector<JsonValue> ReportEncoder::Encode() {
  objects_.emplace_back();  // the incident, filled in last
  const std::string reporter_id = EncodeReporter();
  EncodeLocations();
  EncodeAffectedEntities();
  EncodeTechniques();
  EncodeVulnerabilities();
  EncodeAttributions();
  EncodeNote();
  objects_[0] = EncodeIncident(reporter_id);
  return std::move(objects_);
}

std::string ReportEncoder::ParsedOr(const std::string& text, core::Timestamp fallback) {
  if (!text.empty()) {
    if (auto parsed = core::ParseRfc3339(text); parsed.has_value()) {
      return stix_internal::StixTimestamp(*parsed);
    }
  }
  return stix_internal::StixTimestamp(fallback);
}

Tlp ReportEncoder::Subtree(std::string_view pointer) const {
  Tlp tlp = report_.tlp;
  for (const auto& [field, label] : report_.field_tlp) {
    if (Overlap(field, pointer)) tlp = model::MostRestrictive(tlp, label);
  }
  return tlp;
}

std::string ReportEncoder::Scoped(std::string_view type, std::string_view role) const {
  return DerivedId(type, report_.id.uuid.ToString() + "/" + std::string(role));
}

ObjectBuilder ReportEncoder::Start(std::string_view type, const std::string& id,
                                   bool shared) const {
  ObjectBuilder builder;
  builder.Add("type", type).Add("spec_version", "2.1").Add("id", id);
  builder.Add("created", shared ? std::string(kMappingTime) : created_);
  builder.Add("modified", shared ? std::string(kMappingTime) : modified_);
  return builder;
}

void ReportEncoder::AddObject(const std::string& id, JsonValue object) {
  if (seen_.insert(id).second) objects_.push_back(std::move(object));
}

JsonValue ReportEncoder::AssessmentJson(const StixAssessment& assessment) const {
  ObjectBuilder builder;
  builder.Add("methodology_version", assessment.methodology_version)
      .Add("score", Int(assessment.score))
      .Add("level", assessment.level)
      .Add("confidence", assessment.confidence)
      .Add("low", Int(assessment.low))
      .Add("high", Int(assessment.high));
  if (!assessment.verdicts.empty()) {
    JsonArray verdicts;
    for (const auto& [norm, verdict] : assessment.verdicts) {
      verdicts.push_back(ObjectBuilder().Add("norm", norm).Add("verdict", verdict).Build());
    }
    builder.Add("verdicts", JsonValue::Array(std::move(verdicts)));
  }
  if (!assessment.assessed_at.empty()) builder.Add("assessed_at", assessment.assessed_at);
  return std::move(builder).Build();
}

std::string_view ReportEncoder::Determination() const {
  const model::Effects& effects = report_.effects;
  const bool harm = effects.confidentiality || effects.integrity || effects.availability ||
                    effects.physical_damage == model::PhysicalDamage::kMinor ||
                    effects.physical_damage == model::PhysicalDamage::kSignificant ||
                    effects.physical_damage == model::PhysicalDamage::kDestroyed ||
                    effects.injuries.value_or(0) > 0 || effects.deaths.value_or(0) > 0;
  return harm ? "successful-attempt" : "suspected";
}

JsonValue ReportEncoder::IncidentCoreJson() const {
  const model::Effects& effects = report_.effects;
  ObjectBuilder builder;
  builder.Add("extension_type", "property-extension")
      .Add("determination", Determination())
      .Add("investigation_status", "open");
  if (options_.assessment) {
    const std::int64_t score = std::clamp<std::int64_t>(options_.assessment->score, 0, 1000);
    builder.Add("criticality", Int((score + 5) / 10));
  }
  if (effects.recoverability != model::Recoverability::kUnknown) {
    builder.Add("recoverability", model::Name(effects.recoverability));
  }
  ObjectBuilder counts;
  counts.Add("organization", Int(static_cast<std::int64_t>(report_.affected_entities.size())));
  if (effects.people_affected) counts.Add("individual", Int(*effects.people_affected));
  builder.Add("impacted_entity_counts", std::move(counts).Build());
  if (options_.assessment) {
    const StixAssessment& assessment = *options_.assessment;
    builder.Add("scores", JsonValue::Array(
                              {ObjectBuilder()
                                   .Add("name", "accord severity score")
                                   .Add("value", Int(assessment.score))
                                   .Add("description", "accord severity methodology " +
                                                           assessment.methodology_version +
                                                           ", 0 to 1000: " + assessment.level +
                                                           ", confidence " + assessment.confidence)
                                   .Build()}));
  }
  return std::move(builder).Build();
}

std::string ReportEncoder::ReportSelector(std::string_view pointer) const {
  std::string selector = "extensions." + std::string(kAccordExtensionId) + ".report";
  const JsonValue* node = &report_json_;
  std::size_t at = 1;
  while (at <= pointer.size()) {
    std::size_t end = pointer.find('/', at);
    if (end == std::string_view::npos) end = pointer.size();
    const std::string_view token = pointer.substr(at, end - at);
    at = end + 1;
    if (token.empty()) return {};
    for (char c : token) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!ok) return {};
    }
    if (node != nullptr && node->type() == core::JsonType::kArray) {
      std::size_t index = 0;
      for (char c : token) {
        if (c < '0' || c > '9' || index > 100000) return {};
        index = index * 10 + static_cast<std::size_t>(c - '0');
      }
      selector += ".[" + std::string(token) + "]";
      node = index < node->AsArray().size() ? &node->AsArray()[index] : nullptr;
    } else {
      selector += "." + std::string(token);
      node = node != nullptr ? node->Find(token) : nullptr;
    }
  }
  return selector;
}

JsonValue ReportEncoder::GranularMarkings() const {
  struct Derived {
    std::string source;  // report pointer the property is drawn from
    std::string selector;
  };
  std::vector<Derived> derived = {
      {"/title", "name"},
      {"/narrative", "description"},
      {"/reporter", "created_by_ref"},
      {"/effects/recoverability", "extensions." + std::string(kIncidentCoreId) + ".recoverability"},
      {"/effects/people_affected",
       "extensions." + std::string(kIncidentCoreId) + ".impacted_entity_counts.individual"},
      {"/affected_entities",
       "extensions." + std::string(kIncidentCoreId) + ".impacted_entity_counts.organization"},
  };
  if (!report_.references.empty()) {
    for (std::size_t i = 0; i < report_.references.size(); ++i) {
      derived.push_back(
          {"/references/" + std::to_string(i), "external_references.[" + std::to_string(i) + "]"});
    }
  }
  std::map<Tlp, std::vector<std::string>> by_label;
  for (const auto& [field, label] : report_.field_tlp) {
    if (label <= report_.tlp) continue;
    std::vector<std::string>& selectors = by_label[label];
    if (std::string selector = ReportSelector(field); !selector.empty()) {
      selectors.push_back(std::move(selector));
    }
    for (const Derived& d : derived) {
      if (Overlap(d.source, field)) selectors.push_back(d.selector);
    }
  }
  JsonArray markings;
  for (auto& [label, selectors] : by_label) {
    std::sort(selectors.begin(), selectors.end());
    selectors.erase(std::unique(selectors.begin(), selectors.end()), selectors.end());
    JsonArray list;
    for (std::string& selector : selectors) list.push_back(JsonValue::String(std::move(selector)));
    markings.push_back(ObjectBuilder()
                           .Add("selectors", JsonValue::Array(std::move(list)))
                           .Add("marking_ref", Tlp2MarkingDefinition(label).id)
                           .Build());
  }
  return JsonValue::Array(std::move(markings));
}

JsonValue ReportEncoder::EncodeIncident(const std::string& reporter_id) const {
  ObjectBuilder builder = Start("incident", incident_id_, false);
  builder.Add("created_by_ref", reporter_id);
  builder.Add("name", report_.title);
  if (report_.narrative) builder.Add("description", *report_.narrative);
  if (!report_.references.empty()) {
    JsonArray references;
    for (const model::Reference& reference : report_.references) {
      references.push_back(ObjectBuilder()
                               .Add("source_name", reference.publisher.value_or(reference.title))
                               .Add("description", reference.title)
                               .Add("url", reference.url)
                               .Build());
    }
    builder.Add("external_references", JsonValue::Array(std::move(references)));
  }
  builder.Add("object_marking_refs", MarkingRefs(report_.tlp));
  if (JsonValue granular = GranularMarkings(); !granular.AsArray().empty()) {
    builder.Add("granular_markings", std::move(granular));
  }
  ObjectBuilder accord;
  accord.Add("extension_type", "property-extension").Add("report", report_json_);
  if (options_.assessment) accord.Add("assessment", AssessmentJson(*options_.assessment));
  builder.Add("extensions", ObjectBuilder()
                                .Add(std::string(kAccordExtensionId), std::move(accord).Build())
                                .Add(std::string(kIncidentCoreId), IncidentCoreJson())
                                .Build());
  return std::move(builder).Build();
}

}  // namespace accord::exchange::stix_internal
