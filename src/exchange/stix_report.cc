// Export of reports as STIX 2.1 objects (stix_report.h): the public
// functions, the extension definitions and bundle assembly. One report's
// objects come from ReportEncoder (internal/stix_report_encoder.h). Section
// numbers are those of STIX 2.1 OS with errata 01; docs/exchange/stix.md
// maps every field.
#include "exchange/stix_report.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/id.h"
#include "exchange/internal/stix_report_encoder.h"
#include "exchange/stix_mapping.h"
#include "exchange/tlp_markings.h"

namespace accord::exchange {
namespace {

using core::JsonArray;
using core::JsonValue;
using stix_internal::DerivedId;
using stix_internal::kAccordExtensionId;
using stix_internal::kIncidentCoreId;
using stix_internal::kMappingTime;
using stix_internal::ObjectBuilder;
using stix_internal::StrArray;

// Collects the marking-definition ids an object refers to.
void CollectMarkings(const JsonValue& object, std::set<std::string>& out) {
  if (const JsonValue* refs = object.Find("object_marking_refs");
      refs != nullptr && refs->type() == core::JsonType::kArray) {
    for (const JsonValue& ref : refs->AsArray()) {
      if (ref.type() == core::JsonType::kString) out.insert(ref.AsString());
    }
  }
  if (const JsonValue* granular = object.Find("granular_markings");
      granular != nullptr && granular->type() == core::JsonType::kArray) {
    for (const JsonValue& marking : granular->AsArray()) {
      if (const std::string* ref = stix_internal::StringMember(marking, "marking_ref")) {
        out.insert(*ref);
      }
    }
  }
}

}  // namespace

std::vector<JsonValue> EncodeReportAsStix(const model::IncidentReport& report,
                                          const StixExportOptions& options) {
  return stix_internal::ReportEncoder(report, options).Encode();
}

std::string_view AccordExtensionId() {
  return kAccordExtensionId;
}

std::string_view IncidentCoreExtensionId() {
  return kIncidentCoreId;
}

JsonValue AccordExtensionDefinition() {
  return ObjectBuilder()
      .Add("type", "extension-definition")
      .Add("spec_version", "2.1")
      .Add("id", kAccordExtensionId)
      .Add("created_by_ref", stix_internal::kAccordIdentityId)
      .Add("created", kMappingTime)
      .Add("modified", kMappingTime)
      .Add("name", "accord incident report")
      .Add("description",
           "The accord standard incident report (accord.incident-report/1) carried whole on a "
           "STIX incident, so that accord -> STIX -> accord gives back the same report; "
           "optionally the severity assessment and norms verdicts of an accord node.")
      .Add("schema", std::string(kAccordExtensionSchema))
      .Add("version", "1.0.0")
      .Add("extension_types", StrArray({"property-extension"}))
      .Build();
}

JsonValue Tlp2ExtensionDefinition() {
  // The values of the official object (oasis-open/cti-stix-common-objects,
  // extension-definition-specifications/tlp-2.0/
  // extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d.json).
  return ObjectBuilder()
      .Add("id", kTlp2ExtensionDefinitionId)
      .Add("type", "extension-definition")
      .Add("spec_version", "2.1")
      .Add("name", "TLP 2.0")
      .Add("description", "This defines TLP 2.0 as a STIX extension")
      .Add("created", "2022-10-01T00:00:00.000Z")
      .Add("modified", "2022-10-01T00:00:00.000Z")
      .Add("created_by_ref", "identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01")
      .Add("schema",
           "https://github.com/oasis-open/cti-stix-common-objects/tree/master/"
           "extension-definition-specifications/tlp-2.0")
      .Add("version", "1.0.0")
      .Add("extension_types", StrArray({"property-extension"}))
      .Build();
}

JsonValue EncodeStixBundle(std::span<const ExportedReport> reports, std::string bundle_id) {
  if (bundle_id.empty()) {
    auto random = core::StixId::Random("bundle");
    // Without randomness, an id derived from the reports still names the
    // bundle uniquely enough for a tool that tracks it (section 8.1).
    if (random.has_value()) {
      bundle_id = random->ToString();
    } else {
      std::string name;
      for (const ExportedReport& exported : reports) {
        if (exported.report != nullptr) name += exported.report->id.ToString();
      }
      bundle_id = DerivedId("bundle", name);
    }
  }
  std::vector<JsonValue> body;
  std::set<std::string> seen;
  std::set<std::string> markings;
  for (const ExportedReport& exported : reports) {
    if (exported.report == nullptr) continue;
    for (JsonValue& object : EncodeReportAsStix(*exported.report, exported.options)) {
      const std::string* id = stix_internal::StringMember(object, "id");
      if (id == nullptr || !seen.insert(*id).second) continue;
      CollectMarkings(object, markings);
      body.push_back(std::move(object));
    }
  }
  JsonArray objects;
  objects.push_back(stix_internal::AccordIdentityJson());
  objects.push_back(AccordExtensionDefinition());
  objects.push_back(Tlp2ExtensionDefinition());
  for (const TlpMarkingDefinition& marking : Tlp2MarkingDefinitions()) {
    if (markings.contains(std::string(marking.id))) {
      objects.push_back(Tlp2MarkingDefinitionJson(marking.tlp));
    }
  }
  for (JsonValue& object : body) objects.push_back(std::move(object));
  return ObjectBuilder()
      .Add("type", "bundle")
      .Add("id", bundle_id)
      .Add("objects", JsonValue::Array(std::move(objects)))
      .Build();
}

}  // namespace accord::exchange
