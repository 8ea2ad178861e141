// Typed validation of STIX 2.1 objects (STIX 2.1 Errata 01 / OS, June 2021)
// for the importer (issue 7).
//
// Hand-written checks, not a schema engine and no regular expressions: each
// rule of the specification (and of the OASIS JSON schemas in
// ../shared/data/stix21/schemas, which encode most of them) that an
// importer must enforce is a few lines of code that cite the section. That
// is also why it is fast: one pass over each object, no $ref resolution.
//
// What is checked: the common properties (section 3.2: type, spec_version,
// id, created, modified, created_by_ref, revoked, labels, confidence, lang,
// external_references, object_marking_refs, granular_markings, extensions),
// the data types they use (section 2: identifier, timestamp, list, external
// reference, kill chain phase), property naming (sections 3.1, 11.1), the
// required properties and the value rules of every SDO (section 4), SRO
// (section 5), SCO (section 6), language-content, marking-definition and
// extension-definition (section 7), and custom objects (section 11.2;
// ATT&CK's x-mitre-* objects and x_mitre_* properties are legal custom
// content). docs/exchange/stix-import.md lists every rule.
//
// What is not checked: vocabularies that the specification leaves open,
// SHOULD-level advice (UUIDv4 for SDOs, "x_" prefixes), the pattern
// language of indicators, and references to objects that are absent (STIX
// allows them). Pure functions; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "core/json_value.h"
#include "core/result.h"
#include "core/time.h"
#include "exchange/import_plan.h"

namespace accord::exchange {

// What kind of object a STIX type names.
enum class StixObjectKind {
  kDomainObject,         // SDO, section 4
  kRelationshipObject,   // SRO, section 5
  kCyberObservable,      // SCO, section 6
  kLanguageContent,      // section 7.1
  kMarkingDefinition,    // section 7.2.1
  kExtensionDefinition,  // section 7.3
  kCustom,               // any other type: a custom object (section 11.2)
};

// The kind of `type`; kCustom for anything the specification does not define.
StixObjectKind ClassifyStixType(std::string_view type);

// Parses a STIX timestamp (section 2.15): RFC 3339 in UTC with a 'Z', of
// the exact form YYYY-MM-DDTHH:mm:ss[.s+]Z. Digits after the sixth of the
// fraction are truncated (core::Timestamp holds microseconds); a leap
// second (:60) reads as :59.999999. Fails with kInvalidArgument saying what
// is wrong, e.g. `"2022-101-27T13:49:54.326Z" is not a STIX timestamp
// (YYYY-MM-DDTHH:mm:ss[.s+]Z): month must be 2 digits`.
core::Result<core::Timestamp> ParseStixTimestamp(std::string_view text);

// Validates one object of a bundle. Returns every violation found, each
// naming the object (its id when it has a usable one, else `fallback_name`,
// e.g. "objects[12]"), the RFC 6901 pointer of the field ("/modified",
// "/external_references/2/source_name") and the reason with its spec
// section. Empty when the object is valid.
std::vector<ImportProblem> ValidateStixObject(const core::JsonValue& object,
                                              std::string_view fallback_name);

}  // namespace accord::exchange
