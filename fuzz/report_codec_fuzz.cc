// libFuzzer target for the incident report codec (model/report_codec.h).
// Besides memory errors and undefined behaviour it checks the properties a
// bug would break:
//   - decoding gives either a report and no errors, or errors and no report;
//     every error has a pointer that is "" or starts with "/", and a message;
//     never more than DecodeResult::kMaxErrors of them;
//   - a decoded report passes ValidateIncidentReport, and its encoding
//     decodes to an equal report whose encoding is the same bytes (the log
//     stores exactly one form of each report).
// Any violation aborts, so libFuzzer reports it as a crash.
//
// Byte mutations of a whole report almost never leave it valid, which
// would leave the round trip unexercised. So each input is used twice: as
// a whole document, and, when it reads "<JSON pointer>\n<JSON value>", as
// an edit of a valid report (kFullReport) that sets the value at the
// pointer (adding the member if needed; an empty value removes it). Seeds
// for both are in fuzz/corpus/report_codec/.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/canonical_json.h"
#include "core/json_reader.h"
#include "model/json_pointer.h"
#include "model/report_codec.h"

namespace {

using accord::core::JsonValue;
using accord::model::DecodeIncidentReport;
using accord::model::DecodeResult;
using accord::model::EncodeIncidentReport;
using accord::model::FieldError;

// tests/model/testdata/full.json, the report with every field.
constexpr std::string_view kFullReport = R"json({
  "schema": "accord.incident-report/1",
  "id": "incident-report--0f6d4b7e-3a52-4c8e-b1f9-7e2a5c8d9014",
  "title": "Coordinated intrusion cuts power to distribution customers",
  "reporter": {"kind": "state", "state": "UA", "name": "National CERT point of contact"},
  "reported_at": "2015-12-24T09:00:00Z",
  "times": {
    "start": "2015-12-23T15:30:00Z",
    "detected": "2015-12-23T15:35:00Z",
    "end": "2015-12-23T21:30:00Z",
    "precision": "second"
  },
  "affected_states": ["UA", "PL"],
  "affected_entities": [
    {
      "sector": "energy.electricity",
      "entity_type": "distribution-system-operator",
      "state": "UA",
      "civilian_status": "civilian",
      "name": "Example Oblast Distribution Company",
      "population_served": 1400000
    },
    {
      "sector": "digital-infrastructure",
      "entity_type": "call-centre-provider",
      "state": "PL",
      "civilian_status": "dual-use"
    }
  ],
  "effects": {
    "confidentiality": true,
    "integrity": true,
    "availability": true,
    "effect_location": "ot",
    "disruption_hours": 6,
    "people_affected": 225000,
    "physical_damage": "minor",
    "injuries": 0,
    "deaths": 0,
    "recoverability": "supplemented",
    "services_affected": ["electricity distribution", "customer call centre"],
    "cascade_sectors": ["drinking-water", "health.healthcare-providers"]
  },
  "techniques": ["T0831", "T0813", "T1566.001", "T1485"],
  "attributions": [
    {
      "by": {"kind": "company", "name": "Example Security Research Ltd", "state": "US"},
      "to": {"kind": "state-affiliated-group", "name": "Example Group 74455", "state": "RU"},
      "sponsorship": "state-sponsored",
      "basis": ["technical"],
      "confidence": "moderate",
      "date": "2016-01-07",
      "status": "contested",
      "source": "https://research.example.com/reports/grid-intrusion"
    },
    {
      "by": {"kind": "agency", "name": "Example National Cyber Security Centre", "state": "GB"},
      "to": {"kind": "unknown"},
      "sponsorship": "unknown",
      "basis": ["intelligence", "technical"],
      "confidence": "high",
      "date": "2018-10-04",
      "status": "settled"
    }
  ],
  "military_objective": {
    "claimed": false,
    "description": "no party has claimed a military objective for the operation"
  },
  "indicators": [
    {"type": "ipv4", "value": "192.0.2.17"},
    {"type": "ipv6", "value": "2001:db8::/32"},
    {"type": "domain", "value": "update.example.net"},
    {"type": "url", "value": "https://update.example.net/kb/patch.exe"},
    {"type": "sha256", "value": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
    {"type": "sha1", "value": "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"},
    {"type": "md5", "value": "098f6bcd4621d373cade4e832b627b4f"},
    {"type": "file-name", "value": "patch.exe"},
    {"type": "email", "value": "helpdesk@example.net"}
  ],
  "narrative": "Operators lost control of SCADA workstations; breakers at substations were opened remotely. Call centres were flooded at the same time.",
  "tlp": "GREEN",
  "field_tlp": {
    "/narrative": "AMBER",
    "/affected_entities/0/name": "AMBER",
    "/indicators": "AMBER",
    "/indicators/4": "AMBER+STRICT",
    "/attributions/1/by/name": "RED"
  },
  "publication": {"record": "public", "envelope": "public"},
  "related_reports": ["incident-report--2c9e1f4a-7b3d-4e6f-8a1c-5d2b9e0f7a63"],
  "exercise": false,
  "references": [
    {
      "title": "Analysis of the cyber attack on the power grid",
      "url": "https://www.example.org/analysis/grid-2015",
      "publisher": "Example Analysis Center",
      "date": "2016-03-18"
    },
    {
      "title": "Incident alert",
      "url": "https://cert.example.gov/alerts/2016-056"
    }
  ]
})json";

[[noreturn]] void Violated(const char* property, std::string_view detail) {
  std::fprintf(stderr, "property violated: %s\n%.*s\n", property, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

void CheckShape(const DecodeResult& result) {
  if (result.ok() != result.errors.empty()) Violated("a report xor errors", "");
  if (result.errors.size() > DecodeResult::kMaxErrors) Violated("errors are capped", "");
  for (const FieldError& error : result.errors) {
    if (!error.pointer.empty() && error.pointer[0] != '/')
      Violated("a pointer is empty or starts with /", error.pointer);
    if (error.message.empty()) Violated("every error has a message", error.pointer);
  }
}

void CheckDocument(std::string_view text) {
  const DecodeResult result = DecodeIncidentReport(text);
  CheckShape(result);
  if (!result.ok()) return;
  const auto validation = accord::model::ValidateIncidentReport(*result.report);
  if (!validation.empty()) Violated("a decoded report validates", validation[0].ToString());
  const std::string encoded = EncodeIncidentReport(*result.report);
  const DecodeResult again = DecodeIncidentReport(encoded);
  CheckShape(again);
  if (!again.ok())
    Violated("an encoded report decodes", again.errors[0].ToString() + "\n" + encoded);
  if (!(*again.report == *result.report)) Violated("the round trip gives an equal report", encoded);
  if (EncodeIncidentReport(*again.report) != encoded) Violated("the encoding is stable", encoded);
}

// `value` with the member or element at tokens[at..] set to `replacement`
// (added to an object when absent) or removed; nullopt when the path does
// not lead anywhere.
std::optional<JsonValue> Edit(const JsonValue& value, const std::vector<std::string>& tokens,
                              std::size_t at, const std::optional<JsonValue>& replacement) {
  const std::string& token = tokens[at];
  const bool last = at + 1 == tokens.size();
  if (value.type() == accord::core::JsonType::kArray) {
    accord::core::JsonArray items = value.AsArray();
    std::size_t index = 0;
    if (token.empty() || token.size() > 4) return std::nullopt;
    for (char c : token) {
      if (c < '0' || c > '9') return std::nullopt;
      index = index * 10 + static_cast<std::size_t>(c - '0');
    }
    if (index >= items.size()) return std::nullopt;
    if (!last) {
      auto edited = Edit(items[index], tokens, at + 1, replacement);
      if (!edited) return std::nullopt;
      items[index] = std::move(*edited);
    } else if (replacement) {
      items[index] = *replacement;
    } else {
      items.erase(items.begin() + static_cast<std::ptrdiff_t>(index));
    }
    return JsonValue::Array(std::move(items));
  }
  if (value.type() != accord::core::JsonType::kObject) return std::nullopt;
  accord::core::JsonObject members = value.AsObject();
  for (auto it = members.begin(); it != members.end(); ++it) {
    if (it->name != token) continue;
    if (!last) {
      auto edited = Edit(it->value, tokens, at + 1, replacement);
      if (!edited) return std::nullopt;
      it->value = std::move(*edited);
    } else if (replacement) {
      it->value = *replacement;
    } else {
      members.erase(it);
    }
    return JsonValue::Object(std::move(members));
  }
  if (!last || !replacement) return std::nullopt;
  members.push_back({token, *replacement});
  return JsonValue::Object(std::move(members));
}

void CheckEdit(std::string_view input) {
  static const JsonValue* const base = [] {
    auto parsed = accord::core::ParseJsonStrict(kFullReport);
    if (!parsed) Violated("the embedded report parses", parsed.error().message);
    const DecodeResult decoded = DecodeIncidentReport(kFullReport);
    if (!decoded.ok()) Violated("the embedded report is valid", decoded.errors[0].ToString());
    return new JsonValue(std::move(*parsed));
  }();
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return;
  auto tokens = accord::model::ParsePointer(input.substr(0, newline));
  if (!tokens || tokens->empty()) return;
  const std::string_view value_text = input.substr(newline + 1);
  std::optional<JsonValue> replacement;
  if (!value_text.empty()) {
    auto parsed = accord::core::ParseJsonStrict(value_text);
    if (!parsed) return;
    replacement = std::move(*parsed);
  }
  const std::optional<JsonValue> edited = Edit(*base, *tokens, 0, replacement);
  if (!edited) return;
  CheckDocument(accord::core::SerializeCanonical(*edited));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckDocument(input);
  CheckEdit(input);
  return 0;
}
