// The records of the grievance mechanism (issue 8, docs/grievance.md):
// Allegation (who accuses which state of what, about which reports, with
// which evidence), Evidence (a commitment to a piece of content and its
// chain of custody) and Finding (what a panel decided). The case itself, its
// stages and deadlines, is model/case_stage.h.
//
// The records are plain data with a JSON form: decoding validates and
// returns every violation with an RFC 6901 pointer (as model/report_codec.h
// does for reports), encoding gives the RFC 8785 canonical bytes. Integers
// only, no floating point (DESIGN.md: public entries hold no floating-point
// numbers).
//
// Confidentiality. The record of an allegation is the full form; the node
// keeps it in the store and publishes only a public form in which the fields
// marked CONFIDENTIAL below are replaced by salted SHA-256 commitments
// (privacy module, DESIGN.md "the one rule of the data flow"). Evidence
// content is never in any record: the store keeps the bytes confidentially,
// a record holds their SHA-256, media type and size, so a holder of the
// bytes can show that they are what was submitted.
//
// Thread-safe: pure functions of their arguments. The first decode loads
// the ISO 3166-1 list (core::LoadedCountries()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/id.h"
#include "core/json_value.h"
#include "core/time.h"
#include "model/field_error.h"
#include "model/incident_report.h"

namespace accord::model {

// The value of `schema` of each record, format and version.
inline constexpr std::string_view kAllegationSchema = "accord.allegation/1";
inline constexpr std::string_view kFindingSchema = "accord.finding/1";
// STIX-style types of the records' ids ("allegation--<uuid>").
inline constexpr std::string_view kAllegationType = "allegation";
inline constexpr std::string_view kEvidenceType = "evidence";
inline constexpr std::string_view kFindingType = "finding";
inline constexpr std::string_view kCaseType = "case";

// Bounds of the records (code points for strings, items for arrays).
inline constexpr std::size_t kMaxAllegationReports = 100;
inline constexpr std::size_t kMaxAllegationEvidence = 100;
inline constexpr std::size_t kMaxStatementChars = 20000;
inline constexpr std::size_t kMaxEvidenceDescriptionChars = 2000;
inline constexpr std::size_t kMaxCustodyEntries = 1000;
inline constexpr std::size_t kMaxCustodyNoteChars = 1000;
inline constexpr std::size_t kMaxMediaTypeChars = 255;  // RFC 6838 section 4.2: 127 + "/" + 127
inline constexpr std::size_t kMaxNormsFound = 100;
inline constexpr std::size_t kMaxNormIdChars = 64;
inline constexpr std::size_t kMaxReasoningChars = 50000;
// 2^53: every size is exact as a JSON number (RFC 7493 section 2.2).
inline constexpr std::int64_t kMaxEvidenceBytes = std::int64_t{1} << 53;
// Whole documents: an allegation with 100 evidence items of 1,000 custody
// entries each is far above what any real case holds; 8 MiB caps the work.
inline constexpr std::size_t kMaxCaseDocumentBytes = std::size_t{8} << 20;
inline constexpr std::size_t kMaxCaseDocumentDepth = 12;

// Who files an allegation: a state party, or a private entity that is a
// party of the registry (an operator, a watchdog).
enum class FilerKind { kState, kPrivateEntity };
// "state" "private-entity"

// One step of an evidence item's chain of custody.
enum class CustodyAction { kSubmitted, kReceived, kTransferred, kExamined, kSealed };
// "submitted" "received" "transferred" "examined" "sealed"

enum class FindingOutcome { kViolation, kNoViolation, kInconclusive };
// "violation" "no-violation" "inconclusive"

std::string_view Name(FilerKind value);
std::string_view Name(CustodyAction value);
std::string_view Name(FindingOutcome value);
template <>
std::optional<FilerKind> EnumFromName<FilerKind>(std::string_view name);
template <>
std::optional<CustodyAction> EnumFromName<CustodyAction>(std::string_view name);
template <>
std::optional<FindingOutcome> EnumFromName<FindingOutcome>(std::string_view name);

struct Filer {
  std::string party_id;  // "party--<uuid>"
  FilerKind kind = FilerKind::kState;
  // ISO 3166-1 alpha-2: required for kind "state", absent for a private
  // entity (whose identity may itself be confidential; the public form of a
  // case shows only its kind).
  std::optional<std::string> state;
  friend bool operator==(const Filer&, const Filer&) = default;
};

struct CustodyEntry {
  core::Timestamp at;
  std::string by;  // "party--<uuid>" of who held or handled the item
  CustodyAction action = CustodyAction::kSubmitted;
  std::optional<std::string> note;  // CONFIDENTIAL (may name people and places)
  friend bool operator==(const CustodyEntry&, const CustodyEntry&) = default;
};

// One item of evidence. Rules the decoder checks: `sha256` is 64 lower-case
// hex digits (FIPS 180-4 digest), `media_type` is "type/subtype" of RFC 6838
// section 4.2 restricted names (lower case, so one spelling per type),
// `size_bytes` is 0..2^53, `custody` has 1..kMaxCustodyEntries entries, the
// first is "submitted", and times never go backwards.
struct Evidence {
  core::StixId id;     // "evidence--<uuid>"
  std::string sha256;  // of the content, which the store keeps
  std::string media_type;
  std::int64_t size_bytes = 0;
  std::string description;  // CONFIDENTIAL
  std::vector<CustodyEntry> custody;
  friend bool operator==(const Evidence&, const Evidence&) = default;
};

// An allegation: the document that opens a case. Rules beyond each field's
// own: a state filer may not accuse its own state, `reports` are unique
// (1..100), evidence ids are unique.
struct Allegation {
  core::StixId id;  // "allegation--<uuid>"
  Filer filer;
  std::string accused_state;          // ISO 3166-1 alpha-2
  std::vector<core::StixId> reports;  // "incident-report--<uuid>"
  std::string statement;              // CONFIDENTIAL
  std::vector<Evidence> evidence;     // each CONFIDENTIAL but its id, sha256, media type, size
  core::Timestamp filed_at;
  friend bool operator==(const Allegation&, const Allegation&) = default;
};

// What a panel (or the appeal panel) decided. `norms_violated` holds norm
// ids of the catalogue ("ACN-B1"; the registry checks they exist) and is
// non-empty exactly when the outcome is "violation". Public in full: the
// legitimacy of a finding rests on its published reasoning.
struct Finding {
  core::StixId id;       // "finding--<uuid>"
  core::StixId case_id;  // "case--<uuid>"
  FindingOutcome outcome = FindingOutcome::kInconclusive;
  std::vector<std::string> norms_violated;
  std::string reasoning;
  core::Timestamp issued_at;
  bool appeal = false;  // issued by the appeal panel
  friend bool operator==(const Finding&, const Finding&) = default;
};

// The outcome of decoding one document: the record, or every violation
// (never more than kMaxErrors, the last then says checking stopped).
template <typename T>
struct CaseDecodeResult {
  std::optional<T> value;
  std::vector<FieldError> errors;
  // kInvalidArgument, or kResourceExhausted for a document refused as a
  // whole (size, depth). Meaningless when `value` is set.
  core::ErrorCode code = core::ErrorCode::kInvalidArgument;
  static constexpr std::size_t kMaxErrors = 200;
  bool ok() const { return value.has_value(); }
  explicit operator bool() const { return ok(); }
};

// Each parses `json` strictly (core/json_reader.h) and validates it as the
// record's comments above say. Unknown members are errors everywhere.
CaseDecodeResult<Allegation> DecodeAllegation(std::string_view json);
CaseDecodeResult<Evidence> DecodeEvidence(std::string_view json);
CaseDecodeResult<Finding> DecodeFinding(std::string_view json);

// One core::Error for callers that pass errors up: `code`, and
// "invalid <what>: N errors: " with the first ten FieldError::ToString().
// REQUIRES: !errors.empty().
core::Error CaseDecodeError(std::string_view what, const std::vector<FieldError>& errors,
                            core::ErrorCode code);

// The JSON value and RFC 8785 canonical bytes of each record. Times are
// written as core::FormatRfc3339 writes them; optional members absent when
// empty, `appeal` always written. For a valid record, decoding the encoding
// gives an equal record.
core::JsonValue AllegationToJson(const Allegation& allegation);
core::JsonValue EvidenceToJson(const Evidence& evidence);
core::JsonValue FindingToJson(const Finding& finding);
std::string EncodeAllegation(const Allegation& allegation);
std::string EncodeEvidence(const Evidence& evidence);
std::string EncodeFinding(const Finding& finding);

}  // namespace accord::model
