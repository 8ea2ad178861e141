// Planning the import of a STIX 2.1 bundle (or TAXII 2.1 envelope): what
// accord would store from it, what it reads but keeps nothing of, and what
// it refuses, object by object (issue 7; docs/exchange/stix-import.md).
//
// The bundle is read by the streaming reader (stix_bundle_reader.h), every
// object is parsed strictly and validated (stix_validation.h), and then:
//   - versions (STIX 2.1 section 3.6): the same id twice with identical
//     content (equal as JSON values, whatever the member order) is kept once (the copy is listed as ignored); the same id and
//     `modified` with different content rejects both; of several
//     `modified`, the newest is kept and the others are ignored as "older
//     version";
//   - circular chains of revoked-by / derived-from / duplicate-of
//     relationships are rejected, each naming the cycle;
//   - `incident` objects become reports through DecodeReportFromStix
//     (stix_report.h), with the identities, locations, relationships,
//     attack-patterns, actors, notes, vulnerabilities, markings and
//     extension definitions of the bundle at hand;
//   - `attack-pattern` objects with an ATT&CK external reference that
//     MITRE itself published (created_by_ref kMitreIdentityId) become
//     Techniques (reference data); one made by anyone else or naming no
//     creator (such as the attack-patterns of `accord stix export`, which
//     carry only the technique's id and no created_by_ref) is ignored with
//     the reason, so that a re-imported export cannot replace MITRE's
//     entries;
//   - everything else is listed in ImportPlan::ignored with one line saying
//     why. Nothing read is dropped silently: every object of the bundle is a
//     report's source, a technique, an ignored entry or a rejected one.
// Relationships whose ends are absent are legal STIX and are not refused;
// those that concern an incident are noted in ignored.
//
// The plan is pure data. Whether a plan with rejections is applied at all
// (all or nothing, or --partial) is the node's decision (registry Import).
//
// Memory: bounded by the reader's chunk, the largest object, one small
// record per distinct id (type, modified, where its text lies: a version
// that repeats an id and modified is compared with the earlier one by
// re-reading that one's bytes), and the text of the objects an incident may need
// (the types above; relationships only when they start at an incident or
// an identity, which is all the decoder asks for). A 100 MB bundle of other
// objects is planned in a few MB.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>

#include "core/json_value.h"
#include "core/result.h"
#include "exchange/import_plan.h"
#include "exchange/stix_bundle_reader.h"

namespace accord::exchange {

// The identity "The MITRE Corporation" that ATT&CK's STIX data names as
// the creator (created_by_ref) of its objects: the same id in the
// Enterprise, Mobile and ICS bundles (e.g. ATT&CK for ICS v18.1,
// ../shared/data/attack-ics/ics-attack-18.1.json).
inline constexpr std::string_view kMitreIdentityId =
    "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5";

struct StixImportOptions {
  std::size_t max_object_bytes = kDefaultMaxStixObjectBytes;
  std::size_t max_depth = kDefaultMaxStixDepth;
  // A TAXII 2.1 envelope {"objects":[...],"more":..,"next":..} instead of a
  // bundle.
  bool envelope = false;
  // Called while reading, as StixBundleReaderOptions::progress.
  std::function<void(std::uint64_t bytes_done, std::uint64_t bytes_total, std::size_t objects)>
      progress;
};

// Plans the import of the bundle in `file`, read in chunks. Returns the
// plan, or an error only when the document as a whole is unusable; its
// message starts with "line L, column C (byte B): ":
//   kInvalidArgument   not JSON, truncated, unbalanced, bad UTF-8, trailing
//                      data, not a bundle (or envelope);
//   kResourceExhausted an object over max_object_bytes or nested deeper than
//                      max_depth;
//   kNotFound / kUnavailable  the file is missing or unreadable.
// Object-level problems go to ImportPlan::rejected, each naming the object
// id, the JSON pointer of the field and the reason.
core::Result<ImportPlan> PlanStixImportFile(const std::filesystem::path& file,
                                            const StixImportOptions& options);

// As PlanStixImportFile, for a document in memory.
core::Result<ImportPlan> PlanStixImportText(std::string_view text,
                                            const StixImportOptions& options);

// The ATT&CK technique an attack-pattern object describes: the external
// reference whose source_name is mitre-attack, mitre-ics-attack or
// mitre-mobile-attack gives the id and url, x_mitre_domains the domain,
// kill_chain_phases (of mitre-* kill chains) the tactics, and
// x_mitre_deprecated or revoked the deprecated flag. nullopt when there is
// no such reference. Who published the object is not looked at here: the
// planner keeps a technique only when created_by_ref is kMitreIdentityId.
std::optional<Technique> TechniqueFromAttackPattern(const core::JsonValue& attack_pattern);

}  // namespace accord::exchange
