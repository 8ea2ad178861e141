// What the STIX importer does with each type of object it does not turn
// into a record: the one-line reason listed in ImportPlan::ignored, and
// whether an incident's decoding may need the object. Internal to exchange;
// docs/exchange/stix-import.md has the same table.
#pragma once

#include <string>
#include <string_view>

#include "core/json_value.h"
#include "exchange/internal/stix_checker.h"

namespace accord::exchange::internal {

// Why an object of `type` is not kept as an accord record, in one line
// starting with the type ("x-mitre-tactic: ATT&CK tactic, not kept by
// accord"). For marking definitions it says which TLP label, if any, the
// object stands for (tlp_markings.h).
std::string IgnoredReason(std::string_view type, const core::JsonValue& object);

// Why an attack-pattern with an ATT&CK reference is not kept as a
// technique: its created_by_ref (nullptr: none) is not MITRE's identity.
std::string NotPublishedByMitreReason(const std::string* created_by_ref);

// True for the types DecodeReportFromStix may look up: identity, location,
// attack-pattern, threat-actor, intrusion-set, marking-definition, incident,
// note, vulnerability, extension-definition, and relationships that start at
// an incident or an identity (the decoder asks only for those).
bool IncidentMayNeed(std::string_view type, std::string_view relationship_source_ref);

}  // namespace accord::exchange::internal
