// What the STIX export (stix_report*.cc) and the STIX decoding of reports
// (stix_report_decode.cc) share: deterministic ids, the sector table, the
// ATT&CK source names, timestamps in STIX form and small JSON helpers. The
// VERIS import (veris_incident.cc) names its derived report ids with UuidV5
// too. Internal to the exchange module; docs/exchange/stix.md states the
// same tables for people.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/id.h"
#include "core/json_value.h"
#include "core/time.h"

namespace accord::exchange::stix_internal {

// The name-based UUID of version 5 (RFC 9562 section 5.5): SHA-1 over the
// namespace's 16 bytes followed by `name`, truncated to 128 bits, with the
// version (0101) and variant (10) bits set.
core::Uuid UuidV5(const core::Uuid& name_space, std::string_view name);

// accord's namespace for the ids it derives: UUIDv5 of the name
// "urn:accord:stix" in RFC 9562's URL namespace (Appendix C, 6ba7b811-...):
// 381f8070-6e62-5025-9db1-268141a4077f.
const core::Uuid& AccordNamespace();

// "<type>--<UUIDv5(AccordNamespace(), name)>".
std::string DerivedId(std::string_view type, std::string_view name);

// The identity that publishes accord's extension definition (the accord
// project), and its id: identity--UUIDv5(AccordNamespace(), "identity/accord").
inline constexpr std::string_view kAccordIdentityId =
    "identity--abe2c2de-7016-58b1-a03a-642b02ac7e24";
core::JsonValue AccordIdentityJson();

// The `created`/`modified` of objects that are reference data rather than
// statements of one report (locations, ATT&CK references, CVEs, identities
// shared between reports, accord's extension definition): the day this
// mapping was defined. A fixed time keeps those objects byte-identical in
// every export, so that a bundle holds each once and a TAXII collection sees
// one version of each.
inline constexpr std::string_view kMappingTime = "2025-01-01T00:00:00.000Z";

// A STIX timestamp (STIX 2.1 section 3.2: UTC, "Z", at least millisecond
// precision as the `created`/`modified` schema requires): 3 digits, or 6
// when the time has microseconds.
std::string StixTimestamp(core::Timestamp time);

// The STIX 2.1 industry-sector-ov value (section 10.12) of an accord sector
// code, or "" where no value matches clearly (docs/exchange/stix.md).
std::string_view StixSectorOf(std::string_view accord_sector);
// The accord sector code for an industry-sector-ov value of a foreign
// identity, or "" where the value covers no one accord sector.
std::string_view AccordSectorOf(std::string_view stix_sector);

// The external-reference source_name of an ATT&CK technique id: ATT&CK for
// ICS ids are T0NNN, Enterprise ids T1NNN[.NNN] (the names MITRE's own STIX
// data uses: "mitre-ics-attack", "mitre-attack").
std::string_view AttackSourceName(std::string_view technique);
// Whether `text` is an ATT&CK technique id as a report holds it: "T" and
// four digits, optionally "." and three digits.
bool IsAttackTechniqueId(std::string_view text);

// Builds a JSON object member by member, in order.
class ObjectBuilder {
 public:
  ObjectBuilder& Add(std::string name, core::JsonValue value) {
    members_.push_back({std::move(name), std::move(value)});
    return *this;
  }
  ObjectBuilder& Add(std::string name, std::string_view text) {
    return Add(std::move(name), core::JsonValue::String(std::string(text)));
  }
  ObjectBuilder& Add(std::string name, const char* text) {
    return Add(std::move(name), core::JsonValue::String(text));
  }
  // Moves the members out: call once, last.
  core::JsonValue Build() { return core::JsonValue::Object(std::move(members_)); }

 private:
  core::JsonObject members_;
};

// The string member `name` of `object`, or nullptr if absent or not a
// string.
const std::string* StringMember(const core::JsonValue& object, std::string_view name);

}  // namespace accord::exchange::stix_internal
