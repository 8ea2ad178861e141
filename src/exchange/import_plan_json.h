// The wire form of an import (POST /v1/imports, docs/exchange/imports.md):
// what `accord import` sends to a node once it has planned the import
// locally, and how the node reads it back.
//
//   {"source": "attack-ics/ics-attack-14.1.json", "partial": false,
//    "reports":    [{"source": "incident--…", "report": <incident report>}],
//    "techniques": [<technique>], "advisories": [<advisory>]}
//
// Only what maps travels: the plan's ignored and rejected objects stay on
// the client, which prints them. A report is the accord report JSON
// (model::IncidentReportToJson), so the node decodes it with the same code
// as POST /v1/reports. Techniques and advisories are flat objects whose
// members are those of exchange::Technique and exchange::Advisory, and they
// are also the bodies of the reference data events (docs/registry.md).
//
// Decoding is strict and total: every problem is listed with its JSON
// Pointer into the request (/reports/3/report/times/end), and the request
// is refused as a whole when there is any. A planner puts only valid
// records into a plan, so a wire form that does not decode is a client's
// bug, not a data problem: the per-item refusals an import reports (and
// --partial skips) are the node's decisions against its state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/json_value.h"
#include "exchange/import_plan.h"
#include "model/field_error.h"

namespace accord::exchange {

// Bounds of one request, each with its reason. The body limit is the HTTP
// layer's (64 MiB: a VCDB import of ~9,000 reports is ~25 MB); the counts
// bound what one store transaction and one log batch take.
inline constexpr std::size_t kMaxImportRequestBytes = std::size_t{64} << 20;
inline constexpr std::size_t kMaxImportReports = 20000;
// ATT&CK Enterprise, ICS and Mobile together hold about 1,500 techniques.
inline constexpr std::size_t kMaxImportTechniques = 5000;
inline constexpr std::size_t kMaxImportAdvisories = 20000;
inline constexpr std::size_t kMaxImportSourceBytes = 2048;
// An advisory is one log entry (65,535 bytes): 2,000 CVE ids of at most 20
// bytes each stay well within it.
inline constexpr std::size_t kMaxAdvisoryCves = 2000;

// A decoded request, before the node decides anything.
struct ImportDocument {
  std::string source;  // what was imported (a file or directory name)
  bool partial = false;
  // reports, techniques and advisories; ignored and rejected stay empty.
  ImportPlan plan;
};

// The request for `plan`'s reports, techniques and advisories.
core::JsonValue ImportRequestToJson(const ImportPlan& plan, std::string_view source, bool partial);
// Its RFC 8785 canonical text, what the CLI sends.
std::string EncodeImportRequest(const ImportPlan& plan, std::string_view source, bool partial);

// The request `body` describes, or every violation (pointer + reason):
// a member missing, unknown or of the wrong type, a count above the
// bounds above, a report that does not decode (its errors under
// /reports/<i>/report), a technique or advisory whose fields break the
// rules in TechniqueFromJson / AdvisoryFromJson, and an id given twice
// (/reports/<i>/report/id "repeats the id of /reports/<j>").
std::variant<ImportDocument, std::vector<model::FieldError>> DecodeImportRequest(
    const core::JsonValue& body);

// {"id","name","stix_id","modified","domain","tactics","url","deprecated"}.
core::JsonValue TechniqueToJson(const Technique& technique);
// Appends each problem to `errors` under `pointer`; the result is
// meaningful only when none was. Rules: `id` an ATT&CK technique id
// (T + 4 digits, optionally "." + 3 digits), `name` 1 to 500 bytes,
// `stix_id` "attack-pattern--…", `modified` RFC 3339 or "", `domain` up to
// 100 bytes, at most 50 `tactics` of 1 to 100 bytes, `url` up to 2048.
Technique TechniqueFromJson(const core::JsonValue& value, std::string_view pointer,
                            std::vector<model::FieldError>& errors);

// {"tracking_id","publisher","title","initial_release_date",
//  "current_release_date","tracking_version","cves","url"}.
core::JsonValue AdvisoryToJson(const Advisory& advisory);
// As TechniqueFromJson. Rules: `tracking_id` and `publisher` 1 to 1000
// bytes, `title` up to 1000, the dates RFC 3339 or "", `tracking_version`
// up to 100, at most kMaxAdvisoryCves `cves`, each a CVE id
// (CVE-YYYY-NNNN…) and none twice, `url` up to 2048.
Advisory AdvisoryFromJson(const core::JsonValue& value, std::string_view pointer,
                          std::vector<model::FieldError>& errors);

// Whether `text` is "CVE-" + 4 digits + "-" + 4 to 19 digits (the CVE
// Program's id syntax).
bool IsCveId(std::string_view text);
// Whether `text` is an ATT&CK technique id: "T" + 4 digits, optionally
// "." + 3 digits.
bool IsAttackTechniqueId(std::string_view text);

}  // namespace accord::exchange
