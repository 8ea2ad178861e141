#include "privacy/visibility.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>

#include "core/canonical_json.h"
#include "model/json_pointer.h"
#include "model/report_codec.h"

namespace accord::privacy {
namespace {

using core::JsonValue;
using model::Tlp;

bool Contains(const std::vector<std::string>& ids, std::string_view id) {
  return !id.empty() && std::find(ids.begin(), ids.end(), id) != ids.end();
}

bool IsNamedRecipient(const Reader& reader, const RecordAccess& access) {
  return Contains(access.recipients, reader.party_id);
}

bool IsClientOfRecipient(const Reader& reader, const RecordAccess& access) {
  return std::any_of(reader.client_of.begin(), reader.client_of.end(),
                     [&](const std::string& id) { return Contains(access.recipients, id); });
}

// The members every reader needs to interpret a public form; the codec
// refuses field_tlp pointers into them (model/report_codec.h).
constexpr std::string_view kAlwaysPublicMembers[] = {"schema", "id", "tlp", "field_tlp",
                                                     "publication"};

bool IsAlwaysPublic(std::string_view name) {
  return std::find(std::begin(kAlwaysPublicMembers), std::end(kAlwaysPublicMembers), name) !=
         std::end(kAlwaysPublicMembers);
}

class PublicFormBuilder {
 public:
  PublicFormBuilder(const model::IncidentReport& report, const PublicFormOptions& options,
                    PublicFormResult& result)
      : report_(report), options_(options), result_(result) {}

  core::Result<JsonValue> Committed(const JsonValue& value, const std::string& pointer) {
    auto commitment = Commit(core::SerializeCanonical(value));
    if (!commitment) return commitment.error().Context("commit " + pointer);
    result_.salts[pointer] = commitment->salt;
    return CommitmentJson(commitment->digest);
  }

  // `value` at `pointer` (the same pointer in the report's JSON and in the
  // public form), under the marking of its nearest marked ancestor.
  core::Result<JsonValue> Redact(const JsonValue& value, const std::string& pointer,
                                 Tlp inherited) {
    Tlp marking = inherited;
    if (auto marked = report_.field_tlp.find(pointer); marked != report_.field_tlp.end()) {
      marking = model::MostRestrictive(marked->second, inherited);
    }
    if (marking > Tlp::kClear) return Committed(value, pointer);
    // CLEAR here; a descendant may still be marked higher.
    switch (value.type()) {
      case core::JsonType::kArray: {
        core::JsonArray elements;
        for (std::size_t i = 0; i < value.AsArray().size(); ++i) {
          auto element =
              Redact(value.AsArray()[i], model::AppendPointerIndex(pointer, i), marking);
          if (!element) return element.error();
          elements.push_back(std::move(*element));
        }
        return JsonValue::Array(std::move(elements));
      }
      case core::JsonType::kObject: {
        core::JsonObject members;
        for (const core::JsonMember& member : value.AsObject()) {
          auto redacted =
              Redact(member.value, model::AppendPointerToken(pointer, member.name), marking);
          if (!redacted) return redacted.error();
          members.push_back({member.name, std::move(*redacted)});
        }
        return JsonValue::Object(std::move(members));
      }
      default:
        break;
    }
    if (pointer == "/narrative" && value.type() == core::JsonType::kString) {
      auto scrubbed = ScrubText(value.AsString(), options_.marked_names);
      if (!scrubbed) return scrubbed.error().Context("scrub /narrative");
      result_.scrubbed = scrubbed->counts;
      return JsonValue::String(std::move(scrubbed->text));
    }
    return value;
  }

 private:
  const model::IncidentReport& report_;
  const PublicFormOptions& options_;
  PublicFormResult& result_;
};

// "month": "YYYY-MM", or "year": "YYYY" when only the year is known.
core::JsonMember StartPeriod(const model::IncidentReport& report) {
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(report.times.start)};
  char buffer[16];
  if (report.times.precision == model::StartPrecision::kYear) {
    std::snprintf(buffer, sizeof buffer, "%04d", static_cast<int>(day.year()));
    return {"year", JsonValue::String(buffer)};
  }
  std::snprintf(buffer, sizeof buffer, "%04d-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()));
  return {"month", JsonValue::String(buffer)};
}

JsonValue Envelope(const model::IncidentReport& report, const EnvelopeExtras& extras) {
  core::JsonObject members;
  if (report.publication.envelope == model::Visibility::kPartiesOnly) {
    members.push_back(StartPeriod(report));
    return JsonValue::Object(std::move(members));
  }
  core::JsonArray states;
  for (const std::string& state : report.affected_states) states.push_back(JsonValue::String(state));
  std::vector<std::string> sector_codes;
  for (const model::AffectedEntity& entity : report.affected_entities) {
    sector_codes.push_back(entity.sector);
  }
  std::sort(sector_codes.begin(), sector_codes.end());
  sector_codes.erase(std::unique(sector_codes.begin(), sector_codes.end()), sector_codes.end());
  core::JsonArray sectors;
  for (std::string& code : sector_codes) sectors.push_back(JsonValue::String(std::move(code)));
  members.push_back({"affected_states", JsonValue::Array(std::move(states))});
  members.push_back({"sectors", JsonValue::Array(std::move(sectors))});
  members.push_back(StartPeriod(report));
  members.push_back(
      {"reporter_kind", JsonValue::String(std::string(model::Name(report.reporter.kind)))});
  // Exercises are kept out of real statistics (issue 8), so the envelope
  // must say which records are exercises.
  members.push_back({"exercise", JsonValue::Bool(report.exercise)});
  if (extras.severity_level) {
    members.push_back({"severity_level", JsonValue::String(*extras.severity_level)});
  }
  if (extras.verdict_summary) {
    members.push_back({"verdict_summary", JsonValue::String(*extras.verdict_summary)});
  }
  return JsonValue::Object(std::move(members));
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kPublic:
      return "public";
    case Role::kWatchdog:
      return "watchdog";
    case Role::kOperator:
      return "operator";
    case Role::kState:
      return "state";
    case Role::kArbitrator:
      return "arbitrator";
    case Role::kSecretariat:
      return "secretariat";
  }
  return "";
}

bool MayRead(Tlp marking, const Reader& reader, const RecordAccess& access) {
  // TLP:CLEAR, "recipients can spread this to the world".
  if (marking == Tlp::kClear) return true;
  // An anonymous reader has no identity to match, whatever it claims.
  const bool identified = reader.role != Role::kPublic && !reader.party_id.empty();
  if (!identified) return false;
  // The author may always read what it wrote: DESIGN.md, "their own
  // submissions in full", and TLP:RED's "only its author and named
  // recipients".
  if (reader.party_id == access.submitter_party_id) return true;
  switch (marking) {
    case Tlp::kClear:
      return true;
    case Tlp::kGreen:
      // TLP:GREEN, "limited disclosure, recipients can spread this within
      // their community": every identified role of the agreement is its
      // community (the watchdog row of DESIGN.md's table names GREEN; the
      // roles below it see at least what a watchdog sees).
      return true;
    case Tlp::kAmber:
      // TLP:AMBER, "recipients can only spread this on a need-to-know
      // basis within their organization and its clients": the addressee,
      // its clients, the arbitrator of the case, the secretariat.
      if (IsNamedRecipient(reader, access) || IsClientOfRecipient(reader, access)) return true;
      break;
    case Tlp::kAmberStrict:
      // TLP:AMBER+STRICT, "restricts sharing to the organization only":
      // the addressee itself, never its clients.
      if (IsNamedRecipient(reader, access)) return true;
      break;
    case Tlp::kRed:
      // TLP:RED, "for the eyes and ears of individual recipients only, no
      // further disclosure": DESIGN.md makes this absolute, so neither the
      // secretariat nor an arbitrator reads RED unless named.
      return IsNamedRecipient(reader, access);
  }
  // AMBER and AMBER+STRICT for the roles with a duty to see them.
  if (reader.role == Role::kSecretariat) return true;
  if (reader.role == Role::kArbitrator) return access.in_case_assigned_to_reader;
  return false;
}

bool ReadMustBeLogged(Tlp marking, const Reader& reader, const RecordAccess& access) {
  return reader.role == Role::kSecretariat && marking >= Tlp::kAmber &&
         MayRead(marking, reader, access);
}

core::Result<PublicFormResult> PublicForm(const model::IncidentReport& report,
                                          const PublicFormOptions& options) {
  PublicFormResult result;
  const JsonValue full = model::IncidentReportToJson(report);
  core::JsonObject members;
  for (const core::JsonMember& member : full.AsObject()) {
    if (IsAlwaysPublic(member.name)) members.push_back(member);
  }
  members.push_back({"envelope", Envelope(report, options.envelope)});
  PublicFormBuilder builder(report, options, result);
  if (report.publication.record == model::Visibility::kPartiesOnly) {
    auto record = builder.Committed(full, "/record");
    if (!record) return record.error();
    members.push_back({"record", std::move(*record)});
  } else {
    for (const core::JsonMember& member : full.AsObject()) {
      if (IsAlwaysPublic(member.name)) continue;
      auto redacted = builder.Redact(member.value, model::AppendPointerToken("", member.name),
                                     report.tlp);
      if (!redacted) return redacted.error();
      members.push_back({member.name, std::move(*redacted)});
    }
  }
  result.public_form = JsonValue::Object(std::move(members));
  return result;
}

bool VerifyDisclosure(const core::JsonValue& public_form, std::string_view pointer,
                      std::string_view canonical_value, const CommitmentSalt& salt) {
  const JsonValue* found = model::ResolvePointer(public_form, pointer);
  if (found == nullptr) return false;
  auto digest = ParseCommitmentJson(*found);
  return digest.has_value() && VerifyCommitment(*digest, salt, canonical_value);
}

}  // namespace accord::privacy
