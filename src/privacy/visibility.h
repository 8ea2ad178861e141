// Who may read what: DESIGN.md's "Roles and visibility" table crossed with
// TLP 2.0 markings (model/tlp.h, ../shared/data/tlp20.md), and the public
// form of an incident report, the only form of it the log and the public
// ever see. docs/visibility.md writes the rules down with their reasons.
//
// MayRead decides one marking (a report's `tlp` or a field's effective
// marking) for one reader and one record; callers apply it field by field.
// PublicForm builds the ledger entry: fields above TLP:CLEAR become salted
// commitments (privacy/commitment.h), the narrative is scrubbed of PII
// (privacy/scrub.h), and a statistical envelope stays readable so that
// public statistics can be recomputed from the log alone.
//
// Plain functions of their arguments; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_value.h"
#include "core/result.h"
#include "model/incident_report.h"
#include "model/tlp.h"
#include "privacy/commitment.h"
#include "privacy/scrub.h"

namespace accord::privacy {

// DESIGN.md's roles.
enum class Role { kPublic, kWatchdog, kOperator, kState, kArbitrator, kSecretariat };

// "public" "watchdog" "operator" "state" "arbitrator" "secretariat"; "" for
// a value outside the enumeration.
std::string_view RoleName(Role role);

// The one reading. `party_id` identifies the reader's organization (a state,
// an operator, a watchdog, the secretariat); empty for kPublic, and an empty
// id never matches a submitter or a recipient.
struct Reader {
  Role role = Role::kPublic;
  std::string party_id;
  // The organizations whose clients this reader is (e.g. an operator served
  // by its state's national CERT). TLP:AMBER lets a recipient share with its
  // clients; TLP:AMBER+STRICT does not.
  std::vector<std::string> client_of;
};

// What the record says about its own audience, as the registry knows it.
struct RecordAccess {
  // The organization that submitted the record (its author).
  std::string submitter_party_id;
  // The organizations the record is addressed to by name (TLP:AMBER
  // "addressed to them", TLP:RED "named recipients").
  std::vector<std::string> recipients;
  // Set by the registry when the record is evidence in a case assigned to
  // the reader (only meaningful for Role::kArbitrator).
  bool in_case_assigned_to_reader = false;
};

// Whether `reader` may read content marked `marking` in the record
// described by `access`. The rules, in order (docs/visibility.md):
//   1. TLP:CLEAR: everyone.
//   2. The submitter (party_id == submitter_party_id): everything, RED too.
//   3. TLP:RED: named recipients only, whatever the role (TLP 2.0: "for the
//      eyes and ears of individual recipients only"); not even the
//      secretariat or an arbitrator unless named.
//   4. kPublic: nothing else.
//   5. TLP:GREEN: every identified role (the agreement's community).
//   6. TLP:AMBER: a named recipient, or a client of one; an arbitrator on an
//      assigned case; the secretariat.
//   7. TLP:AMBER+STRICT: a named recipient's own organization only (no
//      clients); an arbitrator on an assigned case; the secretariat.
bool MayRead(model::Tlp marking, const Reader& reader, const RecordAccess& access);

// DESIGN.md: "every read of TLP:AMBER or above [by the secretariat] is
// itself logged". True when MayRead allowed such a read.
bool ReadMustBeLogged(model::Tlp marking, const Reader& reader, const RecordAccess& access);

// What the caller adds to the envelope: values computed by other modules
// (assess, norms) that privacy may not include.
struct EnvelopeExtras {
  std::optional<std::string> severity_level;   // assess::Assessment::level
  std::optional<std::string> verdict_summary;  // the norms evaluation's summary
};

struct PublicFormOptions {
  EnvelopeExtras envelope;
  // Personal names the submitter marked for scrubbing in the narrative.
  std::vector<std::string> marked_names;
};

struct PublicFormResult {
  // The public JSON of the report (see PublicForm).
  core::JsonValue public_form;
  // For the submitter only, never published: the salt of each commitment,
  // keyed by the RFC 6901 pointer of the commitment object inside
  // `public_form` ("/narrative", "/affected_entities/0/name", "/record").
  std::map<std::string, CommitmentSalt> salts;
  // What the scrubbing of the public narrative removed (counts only).
  ScrubCounts scrubbed;
};

// The public form of `report`:
//   {"schema", "id", "tlp", "field_tlp" (when present), "publication",
//    "envelope": {...},
//    then, when publication.record is public, every other member of
//    IncidentReportToJson(report), each value whose effective marking (its
//    own field_tlp, else the nearest enclosing one, else `tlp`) is above
//    CLEAR replaced by CommitmentJson; when the record is parties-only,
//    "record": one commitment to the canonical JSON of the whole report}.
// The committed value of a field is the RFC 8785 canonical JSON of its
// value in IncidentReportToJson(report); the narrative is committed
// unscrubbed, and scrubbed only when it is public (CLEAR).
// The envelope is {"affected_states", "sectors" (the affected entities'
// sector codes, sorted, unique), "month" ("YYYY-MM" of times.start; "year"
// "YYYY" instead when times.precision is year), "reporter_kind",
// "exercise", and "severity_level" / "verdict_summary" when given}; when
// publication.envelope is parties-only it is only {"month"} (or {"year"}).
// Fails with kUnavailable when no salt can be drawn, and passes on
// ScrubText's kResourceExhausted.
// REQUIRES: `report` is valid (ValidateIncidentReport is empty).
core::Result<PublicFormResult> PublicForm(const model::IncidentReport& report,
                                          const PublicFormOptions& options = {});

// Whether `canonical_value` with `salt` opens the commitment found at
// `pointer` in `public_form`: how a reporter proves a confidential field's
// value. False when the pointer names no commitment object.
bool VerifyDisclosure(const core::JsonValue& public_form, std::string_view pointer,
                      std::string_view canonical_value, const CommitmentSalt& salt);

}  // namespace accord::privacy
