#include "exchange/tlp_markings.h"

#include <array>
#include <string>

namespace accord::exchange {
namespace {

using core::JsonValue;

// The ids, names and values of the OASIS TLP 2.0 objects
// (oasis-open/cti-stix-common-objects, extension-definition-specifications/
// tlp-2.0; ../shared/data/tlp20/marking-definitions/).
constexpr std::array<TlpMarkingDefinition, 5> kTlp2{{
    {model::Tlp::kClear, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "TLP:CLEAR", "clear"},
    {model::Tlp::kGreen, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "TLP:GREEN", "green"},
    {model::Tlp::kAmber, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "TLP:AMBER", "amber"},
    {model::Tlp::kAmberStrict, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", "TLP:AMBER+STRICT",
     "amber+strict"},
    {model::Tlp::kRed, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "TLP:RED", "red"},
}};

// STIX 2.1 section 7.2.1.4: the TLP 1.0 marking definitions built into the
// specification (also enumerated by the OASIS schema common/marking-
// definition.json).
struct Tlp1Marking {
  std::string_view id;
  model::Tlp tlp;
};
constexpr std::array<Tlp1Marking, 4> kTlp1{{
    {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", model::Tlp::kClear},  // TLP:WHITE
    {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", model::Tlp::kGreen},
    {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", model::Tlp::kAmber},
    {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", model::Tlp::kRed},
}};

// Every OASIS TLP 2.0 object carries this creation time.
constexpr std::string_view kTlp2Created = "2022-10-01T00:00:00.000Z";

JsonValue Text(std::string_view text) { return JsonValue::String(std::string(text)); }

}  // namespace

std::span<const TlpMarkingDefinition> Tlp2MarkingDefinitions() { return kTlp2; }

const TlpMarkingDefinition& Tlp2MarkingDefinition(model::Tlp tlp) {
  for (const auto& definition : kTlp2)
    if (definition.tlp == tlp) return definition;
  return kTlp2.back();  // unreachable for a valid Tlp; RED is the safe side
}

JsonValue Tlp2MarkingDefinitionJson(model::Tlp tlp) {
  const TlpMarkingDefinition& definition = Tlp2MarkingDefinition(tlp);
  return JsonValue::Object(
      {{"type", Text("marking-definition")},
       {"spec_version", Text("2.1")},
       {"id", Text(definition.id)},
       {"created", Text(kTlp2Created)},
       {"name", Text(definition.name)},
       {"extensions",
        JsonValue::Object({{std::string(kTlp2ExtensionDefinitionId),
                            JsonValue::Object({{"extension_type", Text("property-extension")},
                                               {"tlp_2_0", Text(definition.value)}})}})}});
}

std::optional<RecognizedMarking> RecognizeTlpMarking(std::string_view marking_definition_id) {
  for (const auto& definition : kTlp2)
    if (definition.id == marking_definition_id) return RecognizedMarking{definition.tlp, TlpVersion::kTlp2};
  for (const auto& marking : kTlp1)
    if (marking.id == marking_definition_id) return RecognizedMarking{marking.tlp, TlpVersion::kTlp1};
  return std::nullopt;
}

}  // namespace accord::exchange
