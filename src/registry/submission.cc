#include "registry/submission.h"

#include <functional>
#include <optional>
#include <set>

#include "assess/methodology.h"
#include "assess/score.h"
#include "core/canonical_json.h"
#include "core/id.h"
#include "ledger/tile.h"
#include "model/report_codec.h"
#include "norms/evaluate.h"
#include "privacy/visibility.h"
#include "registry/internal/json_util.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Obj;
using internal::Str;

// Room the event header takes around a public form in one log entry
// ({"schema":"accord.event/1","seq":...,"type":...,"at":...,"subject":...,
// "body":{"version":...,"public_form":...}}), generously.
constexpr std::size_t kEventHeaderAllowance = 512;

// `check` (may be empty) returns the reason an item is refused, if it is;
// errors name the item's index in the body, not in the list returned.
std::vector<std::string> ReadStringList(
    const JsonValue* value, std::string_view pointer, std::size_t max_items, std::size_t max_bytes,
    std::vector<model::FieldError>& errors,
    const std::function<std::optional<std::string>(const std::string&)>& check = {}) {
  std::vector<std::string> out;
  if (value == nullptr) return out;
  if (value->type() != JsonType::kArray) {
    errors.push_back({std::string(pointer), "must be an array of strings"});
    return out;
  }
  if (value->AsArray().size() > max_items) {
    errors.push_back({std::string(pointer), "must hold at most " + std::to_string(max_items) + " items"});
    return out;
  }
  std::set<std::string> seen;
  std::size_t index = 0;
  for (const auto& item : value->AsArray()) {
    std::string at = std::string(pointer) + "/" + std::to_string(index++);
    if (item.type() != JsonType::kString || item.AsString().empty() ||
        item.AsString().size() > max_bytes) {
      errors.push_back({at, "must be a string of 1 to " + std::to_string(max_bytes) + " bytes"});
      continue;
    }
    if (check) {
      if (auto refused = check(item.AsString())) {
        errors.push_back({at, std::move(*refused)});
        continue;
      }
    }
    if (!seen.insert(item.AsString()).second) {
      errors.push_back({at, "repeats an earlier item"});
      continue;
    }
    out.push_back(item.AsString());
  }
  return out;
}

JsonValue LayerVerdict(const norms::Evaluation& evaluation, norms::Layer layer) {
  for (const auto& summary : evaluation.summaries)
    if (summary.layer == layer && summary.verdict) return Str(norms::VerdictName(*summary.verdict));
  return JsonValue::Null();
}

}  // namespace

std::variant<PreparedReport, std::vector<model::FieldError>> PrepareSubmission(
    const JsonValue& body, const SubmissionReferences& references) {
  std::vector<model::FieldError> errors;
  if (body.type() != JsonType::kObject) {
    errors.push_back({"", "must be a JSON object: {\"report\": {...}, \"recipients\": [...]}"});
    return errors;
  }
  for (const auto& member : body.AsObject())
    if (member.name != "report" && member.name != "recipients" && member.name != "scrub_names")
      errors.push_back({"/" + member.name, "unknown member (expected report, recipients, scrub_names)"});
  std::vector<std::string> recipients = ReadStringList(
      body.Find("recipients"), "/recipients", kMaxRecipients, 100, errors,
      [](const std::string& item) -> std::optional<std::string> {
        auto id = core::StixId::Parse(item);
        if (!id || id->type != "party") return "must be a party id (party--<uuid>)";
        return std::nullopt;
      });
  std::vector<std::string> scrub_names =
      ReadStringList(body.Find("scrub_names"), "/scrub_names", kMaxScrubNames, 200, errors);
  const JsonValue* report_json = body.Find("report");
  if (report_json == nullptr) {
    errors.push_back({"/report", "is required"});
    return errors;
  }
  model::DecodeResult decoded = model::DecodeIncidentReport(*report_json);
  for (auto& error : decoded.errors)
    errors.push_back({"/report" + error.pointer, std::move(error.message)});
  if (!errors.empty()) return errors;
  const model::IncidentReport& report = *decoded.report;

  auto assessment = assess::Score(report, references.methodology, references.dependencies);
  if (!assessment) {
    errors.push_back({"/report", assessment.error().message});
    return errors;
  }
  norms::Evaluation evaluation =
      norms::EvaluateIncident(report, references.catalogue, references.adherence, {.traces = false});

  PreparedReport prepared;
  prepared.id = report.id.ToString();
  prepared.reporter_kind = std::string(model::Name(report.reporter.kind));
  prepared.reporter_state = report.reporter.state.value_or("");
  ReportRecord& record = prepared.record;
  record.recipients = std::move(recipients);
  record.report = model::IncidentReportToJson(report);
  Severity& severity = record.severity;
  severity.methodology_version = std::string(assessment->methodology_version);
  severity.score = assessment->score;
  severity.level = std::string(assessment->level);
  const auto& levels = references.methodology.levels();
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (levels[i].name == severity.level) severity.level_rank = static_cast<std::int64_t>(i);
  severity.confidence = std::string(assess::Name(assessment->confidence));
  severity.low = assessment->score_min;
  severity.high = assessment->score_max;
  for (const auto& verdict : evaluation.verdicts)
    record.verdicts.emplace_back(verdict.norm, std::string(norms::VerdictName(verdict.verdict)));
  record.verdict_summary = Obj({{"binding", LayerVerdict(evaluation, norms::Layer::kBinding)},
                                {"voluntary", LayerVerdict(evaluation, norms::Layer::kVoluntary)},
                                {"cbm", LayerVerdict(evaluation, norms::Layer::kCbm)}});

  privacy::PublicFormOptions options;
  options.envelope.severity_level = severity.level;
  options.envelope.verdict_summary = VerdictSummaryKey(record.verdict_summary);
  options.marked_names = std::move(scrub_names);
  auto public_form = privacy::PublicForm(report, options);
  if (!public_form) {
    errors.push_back({"/report/narrative", public_form.error().message});
    return errors;
  }
  std::size_t size = core::SerializeCanonical(public_form->public_form).size();
  if (size + kEventHeaderAllowance > ledger::kMaxEntryBytes) {
    errors.push_back({"/report", "its public form is " + std::to_string(size) +
                                     " bytes, and one log entry holds at most " +
                                     std::to_string(ledger::kMaxEntryBytes - kEventHeaderAllowance) +
                                     " of them: shorten the narrative or the indicators, or mark "
                                     "them above TLP:CLEAR so that they are committed to instead"});
    return errors;
  }
  record.public_form = std::move(public_form->public_form);
  core::JsonObject salts;
  for (const auto& [pointer, salt] : public_form->salts)
    salts.push_back({pointer, Str(privacy::SaltBase64(salt))});
  record.salts = Obj(std::move(salts));
  return prepared;
}

}  // namespace accord::registry
