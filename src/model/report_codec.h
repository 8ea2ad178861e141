// The JSON form of IncidentReport (model/incident_report.h): decoding with
// validation that reports every violation at once, and encoding to the
// canonical JSON that goes into the log. docs/incident-report.md is the
// contract; docs/schema/incident-report.schema.json publishes it as JSON
// Schema for others. Our own validation is this typed decoder, not a schema
// validator: the usual C++ validators run std::regex on input, which
// overflows the stack on long strings (../shared/DEPENDENCIES.md, gotcha 1).
//
// Why a list of FieldError rather than one core::Error: a person fixing a
// report wants all of its problems in one round trip, each tied to the field
// that causes it. Each FieldError carries an RFC 6901 JSON Pointer and a
// lower-case message that says what was expected, e.g.
//   /times/end: 2015-12-23T13:00:00Z is before /times/start (2015-12-23T15:30:00Z)
// which is what RFC 9457's example "errors" member holds (detail + pointer);
// the server maps the list there. DecodeResult::ToError() summarises the
// list as one core::Error for callers that only pass errors up.
//
// Where docs/incident-report.md leaves room, the decoder reads it so (and
// the schema says the same):
//   - lengths count Unicode code points, as JSON Schema's maxLength does;
//   - an integer is any number without a fractional part (6.0 is 6), as in
//     JSON Schema 2020-12; null is never taken for an absent field;
//   - in an attribution, everything is required but `source` and `to.name`
//     (an operation is often attributed to a state, or to no one yet);
//     `basis` holds each kind at most once;
//   - indicator values of type sha256/sha1/md5 are hex of the digest's
//     length, ipv4/ipv6 values are addresses with an optional /prefix;
//   - `related_reports` are unique and never the report's own id;
//   - a `field_tlp` pointer may not be "" or lead into /schema, /id, /tlp or
//     /field_tlp (every reader needs them), may not name an empty array (the
//     encoder drops those), and may not be less restrictive than the marking
//     of an enclosing field (it would show a part of what its reader may not
//     see);
//   - deprecated sector codes are accepted: old log entries still use them.
//
// All functions are thread-safe. The first call loads the ISO 3166-1 list
// (core::LoadedCountries()) and the built-in sector taxonomy; if the country
// list cannot be loaded, every country field fails with that reason.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/json_value.h"
#include "model/field_error.h"
#include "model/incident_report.h"

namespace accord::model {

// Limits on a whole document, checked before any field is read. The
// largest report the contract allows is about 2.5 MB of UTF-8 (1,000
// indicators of 2,048 characters dominate); 4 MiB leaves room for escapes.
inline constexpr std::size_t kMaxReportBytes = std::size_t{4} << 20;
// A valid report nests four arrays and objects deep (/attributions/0/by);
// deeper input is refused as a whole rather than walked.
inline constexpr std::size_t kMaxReportDepth = 16;

// The outcome of decoding one report: the report, or every violation found.
struct DecodeResult {
  // Set exactly when `errors` is empty.
  std::optional<IncidentReport> report;
  // Every violation, in a fixed order: the contract's field order, each
  // array element in turn, cross-field rules at the field they are reported
  // against. Never more than kMaxErrors.
  std::vector<FieldError> errors;
  // kInvalidArgument, or kResourceExhausted when the document was refused
  // as a whole for exceeding kMaxReportBytes, kMaxReportDepth or the
  // reader's string limit. Meaningless when `report` is set.
  core::ErrorCode code = core::ErrorCode::kInvalidArgument;

  // A report stops being checked after this many violations (one list per
  // request must stay bounded too); the last entry then says so.
  static constexpr std::size_t kMaxErrors = 200;

  bool ok() const { return report.has_value(); }
  explicit operator bool() const { return ok(); }

  // One error for callers that pass errors up instead of listing them:
  // `code`, and "invalid incident report: N errors: " followed by the first
  // ten FieldError::ToString(), joined by "; ". REQUIRES: !ok().
  core::Error ToError() const;
};

// Parses `json` with the strict reader (core/json_reader.h: I-JSON,
// duplicate member names rejected) and decodes and validates it against
// docs/incident-report.md. On failure the errors say where and why; text
// that is not strict JSON gives one error at "" naming line and column.
DecodeResult DecodeIncidentReport(std::string_view json);

// The same for a document that is already parsed (e.g. one member of a
// larger request). REQUIRES: `document` came from core::ParseJsonStrict or
// passes core::ValidateForCanonical.
DecodeResult DecodeIncidentReport(const core::JsonValue& document);

// Checks a report built in code (by an importer, the demo data or the
// simulator) against every rule that DecodeIncidentReport applies, with the
// same pointers and messages; empty means valid. Implemented as decoding
// the report's own JSON form, so the two cannot drift apart.
std::vector<FieldError> ValidateIncidentReport(const IncidentReport& report);

// The report as a JSON value, members named and spelled as the contract
// says: times in UTC as FormatRfc3339 writes them (no fraction, or 3 or 6
// digits), dates as YYYY-MM-DD, empty optional arrays and empty optionals
// left out, defaults (`times.precision`, `publication`, `exercise`) written.
// For a valid report, DecodeIncidentReport of this value gives back an equal
// report. Values that cannot be spelled (an enumerator outside its enum, a
// time outside years 0000-9999) are written as strings that fail decoding
// at their pointer, so ValidateIncidentReport reports them.
core::JsonValue IncidentReportToJson(const IncidentReport& report);

// The RFC 8785 canonical JSON of IncidentReportToJson(report): the bytes the
// log records and hashes. For a valid report,
// EncodeIncidentReport(*DecodeIncidentReport(EncodeIncidentReport(r)).report)
// equals EncodeIncidentReport(r) byte for byte.
// REQUIRES: strings of `report` are valid UTF-8 (a decoded report's are; a
// report built in code should pass ValidateIncidentReport first).
std::string EncodeIncidentReport(const IncidentReport& report);

// The names of the members a report may have at its top level, in the
// contract's order. Kept here so that a test can hold the published JSON
// Schema to the same list.
std::span<const std::string_view> IncidentReportFieldNames();

}  // namespace accord::model
