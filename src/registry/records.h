// The registry's records as they travel in events: the full body of each
// event carries the whole resulting record, so that a projection is a pure
// function of one event (`accord rebuild` replays them in order, the last
// write of a record wins) and the public body is derived from the same
// record by dropping what is confidential.
//
// Each record has: a full JSON form (the event's full body, kept in the
// store only), a public JSON form (the event's public body, in the log),
// a decoder of the full form, and its store row (store/store.h).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/json_value.h"
#include "core/result.h"
#include "store/store.h"

namespace accord::registry {

// ---------------------------------------------------------------- parties

// The kinds of party, which are also the roles of their tokens.
inline constexpr std::string_view kPartyKinds[] = {"state", "operator", "watchdog", "arbitrator",
                                                   "secretariat"};

struct Contact {
  std::string role;   // "point-of-contact", "national-cert", ...
  std::string name;
  std::string email;
  std::string phone;  // optional
  std::string hours;  // optional: "24/7", "Mon-Fri 08-18 UTC"
  friend bool operator==(const Contact&, const Contact&) = default;
};

struct PartyRecord {
  std::string id;  // "party--<uuid>"
  std::string kind;
  std::string name;
  std::string state;  // ISO 3166-1 alpha-2; required for kind "state"
  std::string status = "active";  // "active" "revoked"
  std::vector<std::string> client_of;
  std::vector<Contact> public_contacts;
  std::vector<Contact> restricted_contacts;
  std::string registered_at;
  std::uint64_t registered_seq = 0;
  std::string revoked_reason;
  friend bool operator==(const PartyRecord&, const PartyRecord&) = default;
};

core::JsonValue PartyFullJson(const PartyRecord& party);
// The directory entry: no restricted contacts, no client relations.
core::JsonValue PartyPublicJson(const PartyRecord& party);
core::Result<PartyRecord> PartyFromJson(const core::JsonValue& full);
store::PartyRow PartyToRow(const PartyRecord& party, std::uint64_t updated_seq);

// ----------------------------------------------------------------- tokens

struct TokenRecord {
  std::string id;        // "tok_<16 hex>"
  std::string hash_hex;  // SHA-256 of the bearer token
  std::string party_id;
  std::string issued_at;
  std::string expires_at;  // "" when it does not expire
  bool revoked = false;
  std::uint64_t issued_seq = 0;
  friend bool operator==(const TokenRecord&, const TokenRecord&) = default;
};

core::JsonValue TokenFullJson(const TokenRecord& token);
// {"token_id","party_id"}: the hash never leaves the store.
core::JsonValue TokenPublicJson(const TokenRecord& token);
core::Result<TokenRecord> TokenFromJson(const core::JsonValue& full);
store::TokenRow TokenToRow(const TokenRecord& token);

// ---------------------------------------------------------------- reports

struct Severity {
  std::string methodology_version;
  std::int64_t score = 0;
  std::string level;
  std::int64_t level_rank = 0;
  std::string confidence;
  std::int64_t low = 0;
  std::int64_t high = 0;
  friend bool operator==(const Severity&, const Severity&) = default;
};

struct ReportRecord {
  std::int64_t version = 1;
  std::string submitter_party_id;
  std::vector<std::string> recipients;
  core::JsonValue report;       // model::IncidentReportToJson
  core::JsonValue public_form;  // privacy::PublicForm
  core::JsonValue salts;        // {"<pointer>": "<base64>"}: the submitter's only
  Severity severity;
  std::vector<std::pair<std::string, std::string>> verdicts;  // norm -> verdict name
  // {"binding": "<verdict>"|null, "voluntary": ..., "cbm": ...}
  core::JsonValue verdict_summary;
  bool withdrawn = false;
  std::string withdraw_reason;
  std::uint64_t submitted_seq = 0;
  std::string submitted_at;
};

core::JsonValue ReportFullJson(const ReportRecord& record);
// {"version", "public_form"} ({"version","withdrawn":true} once withdrawn,
// with the last public form: the withdrawal does not unpublish it).
core::JsonValue ReportPublicJson(const ReportRecord& record);
core::Result<ReportRecord> ReportFromJson(const core::JsonValue& full);
// The row, with its filter columns read from the report JSON.
// `full_json`, when given, is SerializeCanonical(ReportFullJson(record)),
// already computed by the caller.
store::ReportRow ReportToRow(const ReportRecord& record, std::uint64_t updated_seq,
                             std::string updated_at, std::string full_json = {});

// The statistical envelope's verdict summary: the binding layer's verdict,
// or "none-applied".
std::string VerdictSummaryKey(const core::JsonValue& verdict_summary);

}  // namespace accord::registry
