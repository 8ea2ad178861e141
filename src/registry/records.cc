#include "registry/records.h"

#include <algorithm>
#include <set>

#include "core/canonical_json.h"
#include "model/tlp.h"
#include "registry/internal/json_util.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Bool;
using internal::Int;
using internal::Obj;
using internal::Str;
using internal::StrArray;

JsonValue ContactJson(const Contact& contact) {
  core::JsonObject members{{"role", Str(contact.role)}, {"name", Str(contact.name)},
                           {"email", Str(contact.email)}};
  if (!contact.phone.empty()) members.push_back({"phone", Str(contact.phone)});
  if (!contact.hours.empty()) members.push_back({"hours", Str(contact.hours)});
  return Obj(std::move(members));
}

JsonValue ContactsJson(const std::vector<Contact>& contacts) {
  core::JsonArray array;
  for (const auto& contact : contacts) array.push_back(ContactJson(contact));
  return JsonValue::Array(std::move(array));
}

std::vector<Contact> ContactsFrom(const JsonValue* array) {
  std::vector<Contact> out;
  if (array == nullptr || array->type() != JsonType::kArray) return out;
  for (const auto& item : array->AsArray()) {
    Contact contact;
    contact.role = internal::GetStringOr(item, "role");
    contact.name = internal::GetStringOr(item, "name");
    contact.email = internal::GetStringOr(item, "email");
    contact.phone = internal::GetStringOr(item, "phone");
    contact.hours = internal::GetStringOr(item, "hours");
    out.push_back(std::move(contact));
  }
  return out;
}

core::JsonObject PartyCommon(const PartyRecord& party) {
  core::JsonObject members{{"id", Str(party.id)}, {"kind", Str(party.kind)},
                           {"name", Str(party.name)}};
  if (!party.state.empty()) members.push_back({"state", Str(party.state)});
  members.push_back({"status", Str(party.status)});
  members.push_back({"registered_at", Str(party.registered_at)});
  return members;
}

}  // namespace

JsonValue PartyFullJson(const PartyRecord& party) {
  core::JsonObject members = PartyCommon(party);
  // The seq of registration: replay needs it; the directory does not.
  members.push_back({"registered_seq", Int(static_cast<std::int64_t>(party.registered_seq))});
  members.push_back({"client_of", StrArray(party.client_of)});
  members.push_back({"contacts", Obj({{"public", ContactsJson(party.public_contacts)},
                                      {"restricted", ContactsJson(party.restricted_contacts)}})});
  if (!party.revoked_reason.empty()) members.push_back({"revoked_reason", Str(party.revoked_reason)});
  return Obj(std::move(members));
}

JsonValue PartyPublicJson(const PartyRecord& party) {
  core::JsonObject members = PartyCommon(party);
  members.push_back({"contacts", Obj({{"public", ContactsJson(party.public_contacts)}})});
  return Obj(std::move(members));
}

core::Result<PartyRecord> PartyFromJson(const JsonValue& full) {
  constexpr std::string_view where = "party record";
  PartyRecord party;
  auto id = internal::GetString(full, "id", where);
  if (!id) return id.error();
  party.id = *id;
  auto kind = internal::GetString(full, "kind", where);
  if (!kind) return kind.error();
  party.kind = *kind;
  auto name = internal::GetString(full, "name", where);
  if (!name) return name.error();
  party.name = *name;
  party.state = internal::GetStringOr(full, "state");
  party.status = internal::GetStringOr(full, "status", "active");
  party.registered_at = internal::GetStringOr(full, "registered_at");
  auto seq = internal::GetInt(full, "registered_seq", where);
  if (!seq) return seq.error();
  party.registered_seq = static_cast<std::uint64_t>(*seq);
  party.client_of = internal::GetStrings(full, "client_of");
  if (const JsonValue* contacts = full.Find("contacts")) {
    party.public_contacts = ContactsFrom(contacts->Find("public"));
    party.restricted_contacts = ContactsFrom(contacts->Find("restricted"));
  }
  party.revoked_reason = internal::GetStringOr(full, "revoked_reason");
  return party;
}

store::PartyRow PartyToRow(const PartyRecord& party, std::uint64_t updated_seq) {
  store::PartyRow row;
  row.id = party.id;
  row.kind = party.kind;
  row.name = party.name;
  row.state = party.state;
  row.status = party.status;
  row.client_of = party.client_of;
  row.public_json = core::SerializeCanonical(PartyPublicJson(party));
  row.full_json = core::SerializeCanonical(PartyFullJson(party));
  row.registered_seq = party.registered_seq;
  row.updated_seq = updated_seq;
  return row;
}

JsonValue TokenFullJson(const TokenRecord& token) {
  core::JsonObject members{{"id", Str(token.id)},
                           {"hash", Str(token.hash_hex)},
                           {"party_id", Str(token.party_id)},
                           {"issued_at", Str(token.issued_at)},
                           {"issued_seq", Int(static_cast<std::int64_t>(token.issued_seq))},
                           {"revoked", Bool(token.revoked)}};
  if (!token.expires_at.empty()) members.push_back({"expires_at", Str(token.expires_at)});
  return Obj(std::move(members));
}

JsonValue TokenPublicJson(const TokenRecord& token) {
  return Obj({{"token_id", Str(token.id)}, {"party_id", Str(token.party_id)}});
}

core::Result<TokenRecord> TokenFromJson(const JsonValue& full) {
  constexpr std::string_view where = "token record";
  TokenRecord token;
  auto id = internal::GetString(full, "id", where);
  if (!id) return id.error();
  token.id = *id;
  auto hash = internal::GetString(full, "hash", where);
  if (!hash) return hash.error();
  token.hash_hex = *hash;
  auto party = internal::GetString(full, "party_id", where);
  if (!party) return party.error();
  token.party_id = *party;
  token.issued_at = internal::GetStringOr(full, "issued_at");
  token.expires_at = internal::GetStringOr(full, "expires_at");
  token.revoked = internal::GetBoolOr(full, "revoked", false);
  auto seq = internal::GetInt(full, "issued_seq", where);
  if (!seq) return seq.error();
  token.issued_seq = static_cast<std::uint64_t>(*seq);
  return token;
}

store::TokenRow TokenToRow(const TokenRecord& token) {
  store::TokenRow row;
  row.id = token.id;
  row.hash_hex = token.hash_hex;
  row.party_id = token.party_id;
  row.issued_at = token.issued_at;
  row.expires_at = token.expires_at;
  row.revoked = token.revoked;
  row.issued_seq = token.issued_seq;
  return row;
}

JsonValue ReportFullJson(const ReportRecord& record) {
  core::JsonArray verdicts;
  for (const auto& [norm, verdict] : record.verdicts)
    verdicts.push_back(Obj({{"norm", Str(norm)}, {"verdict", Str(verdict)}}));
  const Severity& s = record.severity;
  core::JsonObject members{
      {"version", Int(record.version)},
      {"submitter_party_id", Str(record.submitter_party_id)},
      {"recipients", StrArray(record.recipients)},
      {"report", record.report},
      {"public_form", record.public_form},
      {"salts", record.salts},
      {"severity", Obj({{"methodology_version", Str(s.methodology_version)},
                        {"score", Int(s.score)},
                        {"level", Str(s.level)},
                        {"level_rank", Int(s.level_rank)},
                        {"confidence", Str(s.confidence)},
                        {"range", Obj({{"low", Int(s.low)}, {"high", Int(s.high)}})}})},
      {"verdicts", JsonValue::Array(std::move(verdicts))},
      {"verdict_summary", record.verdict_summary},
      {"withdrawn", Bool(record.withdrawn)},
      {"submitted_seq", Int(static_cast<std::int64_t>(record.submitted_seq))},
      {"submitted_at", Str(record.submitted_at)}};
  if (!record.withdraw_reason.empty())
    members.push_back({"withdraw_reason", Str(record.withdraw_reason)});
  return Obj(std::move(members));
}

JsonValue ReportPublicJson(const ReportRecord& record) {
  core::JsonObject members{{"version", Int(record.version)}};
  if (record.withdrawn)
    members.push_back({"withdrawn", Bool(true)});
  else
    members.push_back({"public_form", record.public_form});
  return Obj(std::move(members));
}

core::Result<ReportRecord> ReportFromJson(const JsonValue& full) {
  constexpr std::string_view where = "report record";
  ReportRecord record;
  auto version = internal::GetInt(full, "version", where);
  if (!version) return version.error();
  record.version = *version;
  auto submitter = internal::GetString(full, "submitter_party_id", where);
  if (!submitter) return submitter.error();
  record.submitter_party_id = *submitter;
  record.recipients = internal::GetStrings(full, "recipients");
  for (std::string_view name : {"report", "public_form", "salts", "verdict_summary"}) {
    auto member = internal::Member(full, name, where);
    if (!member) return member.error();
  }
  record.report = *full.Find("report");
  record.public_form = *full.Find("public_form");
  record.salts = *full.Find("salts");
  record.verdict_summary = *full.Find("verdict_summary");
  auto severity = internal::Member(full, "severity", where);
  if (!severity) return severity.error();
  const JsonValue& s = **severity;
  record.severity.methodology_version = internal::GetStringOr(s, "methodology_version");
  record.severity.level = internal::GetStringOr(s, "level");
  record.severity.confidence = internal::GetStringOr(s, "confidence");
  auto score = internal::GetInt(s, "score", "report record severity");
  if (!score) return score.error();
  record.severity.score = *score;
  auto rank = internal::GetInt(s, "level_rank", "report record severity");
  if (!rank) return rank.error();
  record.severity.level_rank = *rank;
  if (const JsonValue* range = s.Find("range")) {
    auto low = internal::GetInt(*range, "low", "report record severity range");
    auto high = internal::GetInt(*range, "high", "report record severity range");
    if (!low) return low.error();
    if (!high) return high.error();
    record.severity.low = *low;
    record.severity.high = *high;
  }
  if (const JsonValue* verdicts = full.Find("verdicts"); verdicts && verdicts->type() == JsonType::kArray)
    for (const auto& item : verdicts->AsArray())
      record.verdicts.emplace_back(internal::GetStringOr(item, "norm"),
                                   internal::GetStringOr(item, "verdict"));
  record.withdrawn = internal::GetBoolOr(full, "withdrawn", false);
  record.withdraw_reason = internal::GetStringOr(full, "withdraw_reason");
  auto seq = internal::GetInt(full, "submitted_seq", where);
  if (!seq) return seq.error();
  record.submitted_seq = static_cast<std::uint64_t>(*seq);
  record.submitted_at = internal::GetStringOr(full, "submitted_at");
  return record;
}

std::string VerdictSummaryKey(const JsonValue& verdict_summary) {
  const JsonValue* binding = verdict_summary.Find("binding");
  if (binding == nullptr || binding->type() != JsonType::kString) return "none-applied";
  return binding->AsString();
}

store::ReportRow ReportToRow(const ReportRecord& record, std::uint64_t updated_seq,
                             std::string updated_at, std::string full_json) {
  const JsonValue& report = record.report;
  store::ReportRow row;
  row.id = internal::GetStringOr(report, "id");
  row.version = record.version;
  row.submitter_party_id = record.submitter_party_id;
  row.recipients = record.recipients;
  row.tlp = internal::GetStringOr(report, "tlp", "RED");
  model::Tlp max_tlp = model::ParseTlp(row.tlp).value_or(model::Tlp::kRed);
  if (const JsonValue* field_tlp = report.Find("field_tlp");
      field_tlp && field_tlp->type() == JsonType::kObject)
    for (const auto& member : field_tlp->AsObject())
      if (member.value.type() == JsonType::kString)
        max_tlp = model::MostRestrictive(
            max_tlp, model::ParseTlp(member.value.AsString()).value_or(model::Tlp::kRed));
  row.max_tlp = std::string(model::TlpName(max_tlp));
  const JsonValue* publication = report.Find("publication");
  row.record_visibility = publication ? internal::GetStringOr(*publication, "record", "public")
                                      : "public";
  row.envelope_visibility = publication
                                ? internal::GetStringOr(*publication, "envelope", "public")
                                : "public";
  if (const JsonValue* reporter = report.Find("reporter"))
    row.reporter_kind = internal::GetStringOr(*reporter, "kind");
  std::set<std::string> states;
  for (const auto& state : internal::GetStrings(report, "affected_states")) states.insert(state);
  row.states.assign(states.begin(), states.end());
  std::set<std::string> sectors;
  if (const JsonValue* entities = report.Find("affected_entities");
      entities && entities->type() == JsonType::kArray)
    for (const auto& entity : entities->AsArray()) sectors.insert(internal::GetStringOr(entity, "sector"));
  sectors.erase("");
  row.sectors.assign(sectors.begin(), sectors.end());
  // The period is the one the public envelope shows, so that filters and
  // statistics agree with what anyone can recompute from the log.
  if (const JsonValue* envelope = record.public_form.Find("envelope")) {
    std::string month = internal::GetStringOr(*envelope, "month");
    std::string year = internal::GetStringOr(*envelope, "year");
    if (!month.empty()) {
      row.period_start = row.period_end = month;
    } else if (!year.empty()) {
      row.period_start = year + "-01";
      row.period_end = year + "-12";
    }
  }
  row.severity_level = record.severity.level;
  row.severity_rank = record.severity.level_rank;
  row.score = record.severity.score;
  row.verdict_summary = VerdictSummaryKey(record.verdict_summary);
  row.verdicts = record.verdicts;
  std::sort(row.verdicts.begin(), row.verdicts.end());
  row.exercise = internal::GetBoolOr(report, "exercise", false);
  row.withdrawn = record.withdrawn;
  row.submitted_seq = record.submitted_seq;
  row.updated_seq = updated_seq;
  row.submitted_at = record.submitted_at;
  row.updated_at = std::move(updated_at);
  row.full_json = full_json.empty() ? core::SerializeCanonical(ReportFullJson(record)) : std::move(full_json);
  row.public_json = core::SerializeCanonical(record.public_form);
  return row;
}

}  // namespace accord::registry
