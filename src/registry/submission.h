// A submission: the body of POST /v1/reports and PUT /v1/reports/{id},
//   {"report": <incident report>, "recipients": [party ids],
//    "scrub_names": [personal names to scrub from the public narrative]},
// and the work done on it before it reaches the sequencer, on the
// request's own thread: decode and validate the report (model), score it
// (assess), evaluate it against the catalogue (norms), and build its public
// form (privacy). What remains for the sequencer is only what depends on
// state: the id's history, the recipients' existence, the version.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "core/json_value.h"
#include "model/field_error.h"
#include "model/incident_report.h"
#include "registry/records.h"

namespace accord::assess {
class Methodology;
class DependencyMatrix;
}  // namespace accord::assess
namespace accord::norms {
class Catalogue;
class Adherence;
}  // namespace accord::norms

namespace accord::registry {

inline constexpr std::size_t kMaxRecipients = 100;
inline constexpr std::size_t kMaxScrubNames = 100;

struct PreparedReport {
  std::string id;  // the report's id
  std::string reporter_kind;
  std::string reporter_state;  // "" when the report names none
  // Complete but for version, submitter, submitted_seq and submitted_at.
  ReportRecord record;
};

struct SubmissionReferences {
  const assess::Methodology& methodology;
  const assess::DependencyMatrix& dependencies;
  const norms::Catalogue& catalogue;
  const norms::Adherence& adherence;
};

// The prepared report, or every violation (pointers into the submission:
// "/report/times/start", "/recipients/2"). A public form too large for one
// log entry is a violation at "/report".
std::variant<PreparedReport, std::vector<model::FieldError>> PrepareSubmission(
    const core::JsonValue& body, const SubmissionReferences& references);

}  // namespace accord::registry
