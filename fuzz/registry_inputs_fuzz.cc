// libFuzzer target for what the registry reads: submission bodies
// (registry/submission.h, through core::ParseJsonStrict as the server
// parses them), events (registry/event.h) and the records in their full
// bodies (registry/records.h). Besides memory errors and undefined
// behaviour it checks the properties a bug would break:
//   - PrepareSubmission gives a prepared report, or at least one field
//     error, each with a pointer that is "" or starts with "/" and a
//     message; a prepared report has a report id, a score in 0..1000, a
//     public form that serializes, and salts keyed by pointers;
//   - a decoded event encodes to a form that decodes to the same bytes
//     again (the store and the log keep exactly one form of each event);
//   - a decoded party, token or report record re-encodes stably, and its
//     store row can be built;
//   - the input as a query string goes through the list and statistics
//     query decoder, and as JSON through the party registration decoder
//     (registry/request_decoding.h), whose accepted results are sane.
// Any violation aborts, so libFuzzer reports it as a crash.
//
// Byte mutations of a whole report rarely leave it valid, which would leave
// the scoring, the evaluation and the public form unexercised. So an input
// that reads "<JSON pointer>\n<JSON value>" is also applied as an edit of a
// valid submission (kBaseSubmission), setting the value at the pointer.
// Seeds are in fuzz/corpus/registry_inputs/.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "assess/cascade.h"
#include "assess/methodology.h"
#include "core/canonical_json.h"
#include "core/id.h"
#include "core/json_reader.h"
#include "model/json_pointer.h"
#include "norms/adherence.h"
#include "norms/catalogue.h"
#include "registry/event.h"
#include "registry/records.h"
#include "registry/request_decoding.h"
#include "registry/submission.h"

namespace {

using accord::core::JsonType;
using accord::core::JsonValue;
namespace registry = accord::registry;

// data/demo/2021-02-oldsmar-water-treatment.json, shortened, as a submission.
constexpr std::string_view kBaseSubmission = R"json({"report":{
  "schema": "accord.incident-report/1",
  "id": "incident-report--3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b",
  "title": "Remote manipulation of a water treatment set-point",
  "reporter": {"kind": "state", "state": "US", "name": "national CERT"},
  "reported_at": "2021-02-08T00:00:00Z",
  "times": {"start": "2021-02-05T00:00:00Z", "precision": "day"},
  "affected_states": ["US"],
  "affected_entities": [{"sector": "drinking-water", "entity_type": "water-treatment-plant",
    "state": "US", "civilian_status": "civilian", "name": "City water treatment plant",
    "population_served": 15000}],
  "effects": {"confidentiality": false, "integrity": true, "availability": false,
    "effect_location": "ot", "physical_damage": "none", "recoverability": "regular"},
  "techniques": ["T0831"],
  "narrative": "An operator saw the cursor move; call +1 555 123 4567 or mail ops@example.org.",
  "tlp": "GREEN",
  "field_tlp": {"/narrative": "AMBER"},
  "publication": {"record": "public", "envelope": "public"}
},"recipients":["party--0b5d4c2e-1f3a-4b6c-8d7e-9f0a1b2c3d4e"],"scrub_names":["Jane Roe"]})json";

[[noreturn]] void Violated(const char* property, std::string_view detail) {
  std::fprintf(stderr, "property violated: %s\n%.*s\n", property,
               static_cast<int>(detail.size() > 2048 ? 2048 : detail.size()), detail.data());
  std::abort();
}

const registry::SubmissionReferences& References() {
  static const registry::SubmissionReferences references{
      accord::assess::Methodology::Builtin(), accord::assess::DependencyMatrix::Builtin(),
      accord::norms::Catalogue::Builtin(), accord::norms::Adherence::Builtin()};
  return references;
}

void CheckReportRecord(const registry::ReportRecord& record) {
  const std::string full = accord::core::SerializeCanonical(registry::ReportFullJson(record));
  auto parsed = accord::core::ParseJsonStrict(full);
  if (!parsed) Violated("a report's full form parses", full);
  auto again = registry::ReportFromJson(*parsed);
  if (!again) Violated("a report's full form decodes", again.error().message + "\n" + full);
  if (accord::core::SerializeCanonical(registry::ReportFullJson(*again)) != full)
    Violated("a report's full form is stable", full);
  registry::ReportToRow(record, 1, "2026-01-01T00:00:00Z");
  registry::ReportPublicJson(record);
}

void CheckSubmission(const JsonValue& body) {
  auto prepared = registry::PrepareSubmission(body, References());
  if (auto* errors = std::get_if<std::vector<accord::model::FieldError>>(&prepared)) {
    if (errors->empty()) Violated("a refused submission has errors", "");
    for (const auto& error : *errors) {
      if (!error.pointer.empty() && error.pointer[0] != '/')
        Violated("a pointer is empty or starts with /", error.pointer);
      if (error.message.empty()) Violated("every error has a message", error.pointer);
    }
    return;
  }
  const registry::PreparedReport& report = std::get<registry::PreparedReport>(prepared);
  auto id = accord::core::StixId::Parse(report.id);
  if (!id || id->type != "incident-report") Violated("a prepared report has a report id", report.id);
  const registry::Severity& severity = report.record.severity;
  if (severity.score < 0 || severity.score > 1000 || severity.low > severity.score ||
      severity.high < severity.score)
    Violated("the score is in 0..1000 and in its range", std::to_string(severity.score));
  const std::string public_form = accord::core::SerializeCanonical(report.record.public_form);
  if (report.record.salts.type() != JsonType::kObject) Violated("salts are an object", "");
  for (const auto& salt : report.record.salts.AsObject()) {
    if (salt.name.empty() || salt.name[0] != '/') Violated("salts are keyed by pointers", salt.name);
    if (public_form.find(salt.value.AsString()) != std::string::npos)
      Violated("no salt is in the public form", salt.name);
  }
  CheckReportRecord(report.record);
}

void CheckEvents(std::string_view text) {
  if (auto full = registry::DecodeFullEvent(text)) {
    const std::string encoded = registry::EncodeFullEvent(*full);
    auto again = registry::DecodeFullEvent(encoded);
    if (!again) Violated("an encoded full event decodes", again.error().message + "\n" + encoded);
    if (registry::EncodeFullEvent(*again) != encoded) Violated("a full event's form is stable", encoded);
  }
  if (auto event = registry::DecodePublicEvent(text)) {
    const std::string encoded = registry::EncodePublicEvent(*event);
    auto again = registry::DecodePublicEvent(encoded);
    if (!again) Violated("an encoded public event decodes", again.error().message + "\n" + encoded);
    if (registry::EncodePublicEvent(*again) != encoded) Violated("a public event's form is stable", encoded);
  }
}

void CheckRecords(const JsonValue& value) {
  if (auto party = registry::PartyFromJson(value)) {
    auto again = registry::PartyFromJson(registry::PartyFullJson(*party));
    if (!again || !(*again == *party)) Violated("a party record round-trips", "");
    registry::PartyToRow(*party, 1);
  }
  if (auto token = registry::TokenFromJson(value)) {
    auto again = registry::TokenFromJson(registry::TokenFullJson(*token));
    if (!again || !(*again == *token)) Violated("a token record round-trips", "");
    registry::TokenToRow(*token);
  }
  if (auto report = registry::ReportFromJson(value)) CheckReportRecord(*report);
}

// `value` with the member or element at tokens[at..] set to `replacement`
// (added to an object when absent); nullopt when the path leads nowhere.
std::optional<JsonValue> Edit(const JsonValue& value, const std::vector<std::string>& tokens,
                              std::size_t at, const JsonValue& replacement) {
  const std::string& token = tokens[at];
  const bool last = at + 1 == tokens.size();
  if (value.type() == JsonType::kArray) {
    accord::core::JsonArray items = value.AsArray();
    if (token.empty() || token.size() > 4) return std::nullopt;
    std::size_t index = 0;
    for (char c : token) {
      if (c < '0' || c > '9') return std::nullopt;
      index = index * 10 + static_cast<std::size_t>(c - '0');
    }
    if (index > items.size()) return std::nullopt;
    if (index == items.size()) {
      if (!last) return std::nullopt;
      items.push_back(replacement);
    } else if (last) {
      items[index] = replacement;
    } else {
      auto edited = Edit(items[index], tokens, at + 1, replacement);
      if (!edited) return std::nullopt;
      items[index] = std::move(*edited);
    }
    return JsonValue::Array(std::move(items));
  }
  if (value.type() != JsonType::kObject) return std::nullopt;
  accord::core::JsonObject members = value.AsObject();
  for (auto& member : members) {
    if (member.name != token) continue;
    if (last) {
      member.value = replacement;
    } else {
      auto edited = Edit(member.value, tokens, at + 1, replacement);
      if (!edited) return std::nullopt;
      member.value = std::move(*edited);
    }
    return JsonValue::Object(std::move(members));
  }
  if (!last) return std::nullopt;
  members.push_back({token, replacement});
  return JsonValue::Object(std::move(members));
}

void CheckEdit(std::string_view input) {
  static const JsonValue* const base = [] {
    auto parsed = accord::core::ParseJsonStrict(kBaseSubmission);
    if (!parsed) Violated("the embedded submission parses", parsed.error().message);
    auto prepared = registry::PrepareSubmission(*parsed, References());
    if (auto* errors = std::get_if<std::vector<accord::model::FieldError>>(&prepared))
      Violated("the embedded submission is valid", errors->front().ToString());
    return new JsonValue(std::move(*parsed));
  }();
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return;
  auto tokens = accord::model::ParsePointer(input.substr(0, newline));
  if (!tokens || tokens->empty()) return;
  auto replacement = accord::core::ParseJsonStrict(input.substr(newline + 1));
  if (!replacement) return;
  auto edited = Edit(*base, *tokens, 0, *replacement);
  if (!edited) return;
  // A pointer's tokens need not be UTF-8; such a member name is no JSON.
  if (!accord::core::ValidateForCanonical(*edited)) return;
  // Through text, as the server receives it.
  auto reparsed = accord::core::ParseJsonStrict(accord::core::SerializeCanonical(*edited));
  if (!reparsed) Violated("an edited submission serializes to strict JSON", "");
  CheckSubmission(*reparsed);
}

}  // namespace

// The input as a query string ("state=UA&limit=20"), split as the request
// target parser would leave it (already percent-decoded), through the list
// and statistics query decoders.
void CheckQuery(std::string_view input) {
  accord::registry::QueryParams params;
  while (!input.empty() && params.size() < 64) {
    std::size_t amp = input.find('&');
    std::string_view pair = input.substr(0, amp);
    std::size_t eq = pair.find('=');
    params.emplace_back(std::string(pair.substr(0, eq)),
                        eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    input.remove_prefix(amp + 1);
  }
  for (bool list : {true, false}) {
    auto query = accord::registry::ParseReportQuery(params, list, accord::assess::Methodology::Builtin(),
                                                    accord::norms::Catalogue::Builtin());
    if (query && list && (query->limit < 1 || query->limit > accord::registry::kMaxListLimit)) std::abort();
    if (query && !list && query->group_by && !accord::registry::ParseGroupBy(*query->group_by)) std::abort();
  }
}

// A party registration body: decoding never crashes, and a body it accepts
// names a known kind and a non-empty name.
void CheckPartyRegistration(const JsonValue& body) {
  if (body.type() != accord::core::JsonType::kObject) return;
  std::vector<accord::model::FieldError> errors;
  accord::registry::PartyRecord party = accord::registry::DecodePartyRegistration(body, errors);
  if (errors.empty() && (party.name.empty() || party.kind.empty())) std::abort();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckEvents(input);
  CheckEdit(input);
  CheckQuery(input);
  auto parsed = accord::core::ParseJsonStrict(input);
  if (!parsed) return 0;
  CheckPartyRegistration(*parsed);
  CheckSubmission(*parsed);
  CheckRecords(*parsed);
  // Event bodies are records too.
  if (const JsonValue* body = parsed->Find("body")) CheckRecords(*body);
  if (const JsonValue* report = parsed->Find("report")) CheckRecords(*report);
  return 0;
}
