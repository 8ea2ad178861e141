// TLP in STIX 2.1: the marking-definition objects that carry accord's TLP
// 2.0 labels into STIX exports, and the recognition of the markings found in
// imported bundles (issue 7; ../shared/data/tlp20.md summarises the sources).
//
// TLP 2.0 (FIRST, August 2022) is not built into STIX 2.1: OASIS encodes it
// as a property extension (extension-definition--60a3c5c5-...) on five
// marking-definition objects with fixed ids (oasis-open/cti-stix-common-
// objects, extension-definition-specifications/tlp-2.0). Mainstream tools
// disagree on those ids, so accord writes exactly the OASIS objects and
// tests them byte for byte against the official files. STIX 2.1's own TLP
// marking type (section 7.2.1.4) knows only TLP 1.0 (WHITE, GREEN, AMBER,
// RED, four more fixed ids), which bundles in the wild still carry; the
// importer recognises all nine.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/json_value.h"
#include "model/tlp.h"

namespace accord::exchange {

// The OASIS TLP 2.0 extension definition.
inline constexpr std::string_view kTlp2ExtensionDefinitionId =
    "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

struct TlpMarkingDefinition {
  model::Tlp tlp;
  std::string_view id;     // marking-definition--<uuid>
  std::string_view name;   // "TLP:AMBER+STRICT"
  std::string_view value;  // the extension's tlp_2_0 value: "amber+strict"
};

// The five TLP 2.0 marking definitions, least restrictive first.
std::span<const TlpMarkingDefinition> Tlp2MarkingDefinitions();

// The TLP 2.0 marking definition of `tlp`.
const TlpMarkingDefinition& Tlp2MarkingDefinition(model::Tlp tlp);

// The marking-definition object exactly as OASIS publishes it: type,
// spec_version "2.1", id, created 2022-10-01T00:00:00.000Z, name, and the
// property extension {"extension_type": "property-extension",
// "tlp_2_0": value}. No definition_type, no definition.
core::JsonValue Tlp2MarkingDefinitionJson(model::Tlp tlp);

enum class TlpVersion { kTlp1, kTlp2 };

struct RecognizedMarking {
  model::Tlp tlp;
  TlpVersion version;
};

// The TLP label a marking-definition id stands for: one of the five TLP 2.0
// ids, or one of STIX 2.1's four TLP 1.0 ids, read by accord's stated
// policy (docs/exchange.md): WHITE as CLEAR, GREEN, AMBER and RED as
// themselves (TLP 2.0 renamed WHITE to CLEAR and kept the others; TLP 1.0
// has no AMBER+STRICT). nullopt for any other id.
std::optional<RecognizedMarking> RecognizeTlpMarking(std::string_view marking_definition_id);

}  // namespace accord::exchange
