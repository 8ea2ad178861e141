// Registry: a report's severity breakdown and norm verdict traces, for the
// reports the public reads whole (docs/visibility.md, docs/methodology.md).
#include "assess/assessment_json.h"
#include "assess/score.h"
#include "model/report_codec.h"
#include "norms/evaluate.h"
#include "norms/evaluation_format.h"
#include "registry/internal/json_util.h"
#include "registry/internal/replies.h"
#include "registry/internal/report_access.h"
#include "registry/records.h"
#include "registry/registry.h"

namespace accord::registry {

Reply Registry::ReportAssessment(const std::string& id) const {
  auto row = internal::LoadReportRow(store_, id);
  if (!row) return internal::Failed(row.error());
  if (!internal::PublicReadsAll(*row))
    return internal::Failed(core::PermissionDenied(
        "report " + id + " holds fields marked above TLP:CLEAR (or its record is not published): "
        "its breakdown would disclose them; GET /v1/reports/" + id +
        " gives each reader the severity summary and verdicts it may read"));
  auto full = internal::ParseStored(row->full_json, "report " + id);
  if (!full) return internal::Failed(full.error());
  auto record = ReportFromJson(*full);
  if (!record) return internal::Failed(record.error());
  model::DecodeResult decoded = model::DecodeIncidentReport(record->report);
  if (!decoded.report)
    return internal::Failed(core::Corrupt("stored report " + id + " does not decode: " +
                                          decoded.ToError().message));
  auto assessment = assess::Score(*decoded.report, *options_.methodology, *options_.dependencies);
  if (!assessment) return internal::Failed(assessment.error().Context("assess report " + id));
  norms::Evaluation evaluation =
      norms::EvaluateIncident(*decoded.report, *options_.catalogue, *options_.adherence, {.traces = true});
  return internal::Answer(internal::Obj({{"id", internal::Str(row->id)},
                                         {"version", internal::Int(row->version)},
                                         {"severity", assess::AssessmentToJson(*assessment, *options_.methodology)},
                                         {"evaluation", norms::EvaluationToJson(evaluation)}}));
}

}  // namespace accord::registry
