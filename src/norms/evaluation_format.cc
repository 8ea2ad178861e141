#include "norms/evaluation_format.h"

#include "norms/internal/toml_reader.h"

namespace accord::norms {
namespace {

using core::JsonMember;
using core::JsonValue;

JsonValue Text(std::string_view text) { return JsonValue::String(std::string(text)); }

JsonValue Integer(std::size_t number) { return JsonValue::Number(static_cast<double>(number)); }

JsonValue Strings(const std::vector<std::string>& texts) {
  core::JsonArray array;
  for (const std::string& text : texts) array.push_back(Text(text));
  return JsonValue::Array(std::move(array));
}

JsonValue TraceJson(const Trace& trace) {
  core::JsonArray steps;
  for (const TraceStep& step : trace) {
    steps.push_back(JsonValue::Object({
        {"depth", Integer(static_cast<std::size_t>(step.depth))},
        {"step", Text(step.step)},
        {"fields", Strings(step.fields)},
        {"values", Strings(step.values)},
        {"outcome", Text(TruthName(step.outcome))},
    }));
  }
  return JsonValue::Array(std::move(steps));
}

std::string_view RedLineOutcome(Truth outcome) {
  return outcome == Truth::kTrue ? "crossed" : outcome == Truth::kFalse ? "not-crossed" : "undetermined";
}

std::string_view ActionOutcome(Truth outcome) {
  return outcome == Truth::kTrue ? "matched" : outcome == Truth::kFalse ? "not-matched" : "undetermined";
}

std::string Human(std::string_view name) {
  std::string text(name);
  for (char& c : text)
    if (c == '-') c = ' ';
  return text;
}

void AppendTrace(std::string& out, const Trace& trace, int indent) {
  for (const TraceStep& step : trace) {
    out.append(static_cast<std::size_t>(indent + 2 * step.depth), ' ');
    out += "[" + std::string(TruthName(step.outcome)) + "] " + step.step;
    if (!step.fields.empty()) {
      out += "   <-";
      for (std::size_t i = 0; i < step.fields.size(); ++i) {
        out += " " + step.fields[i];
        if (i < step.values.size() && step.fields.size() == step.values.size())
          out += " = " + step.values[i];
      }
      if (step.fields.size() != step.values.size() && !step.values.empty()) {
        out += " =";
        for (const std::string& value : step.values) out += " " + value;
      }
    } else if (!step.values.empty()) {
      out += ":";
      for (const std::string& value : step.values) out += " " + value;
    }
    out += "\n";
  }
}

std::string Pad(std::string_view text, std::size_t width) {
  std::string padded(text);
  if (padded.size() < width) padded.append(width - padded.size(), ' ');
  return padded;
}

}  // namespace

JsonValue EvaluationToJson(const Evaluation& evaluation) {
  const ReliedAttribution& relied = evaluation.attribution;
  core::JsonObject attribution = {{"relied_on", JsonValue::Bool(relied.found)}};
  if (relied.found) {
    attribution.push_back({"index", Integer(relied.index)});
    attribution.push_back({"state", Text(relied.state)});
    attribution.push_back({"description", Text(relied.description)});
  }
  attribution.push_back({"selection", Text(relied.selection)});
  attribution.push_back({"other_states", Strings(relied.other_states)});

  core::JsonArray principles, red_lines, actions, verdicts, not_applied;
  for (const PrincipleStep& step : evaluation.principles)
    principles.push_back(JsonValue::Object({{"principle", Text(step.principle)},
                                            {"question", Text(step.question)},
                                            {"outcome", Text(PrincipleOutcomeName(step.outcome))},
                                            {"trace", TraceJson(step.trace)}}));
  for (const RuleCheck& check : evaluation.red_lines)
    red_lines.push_back(JsonValue::Object({{"id", Text(check.id)},
                                           {"title", Text(check.title)},
                                           {"outcome", Text(RedLineOutcome(check.outcome))},
                                           {"trace", TraceJson(check.trace)}}));
  for (const RuleCheck& check : evaluation.prohibited_actions)
    actions.push_back(JsonValue::Object({{"id", Text(check.id)},
                                         {"technique", Text(check.title)},
                                         {"outcome", Text(ActionOutcome(check.outcome))},
                                         {"trace", TraceJson(check.trace)}}));
  for (const NormVerdict& verdict : evaluation.verdicts)
    verdicts.push_back(JsonValue::Object({{"norm", Text(verdict.norm)},
                                          {"layer", Text(LayerName(verdict.layer))},
                                          {"title", Text(verdict.title)},
                                          {"catalogue_version", Text(verdict.catalogue_version)},
                                          {"verdict", Text(VerdictName(verdict.verdict))},
                                          {"steps", JsonValue::Object({
                                              {"bound", Text(TruthName(verdict.bound))},
                                              {"applies", Text(TruthName(verdict.applies))},
                                              {"attributed", Text(TruthName(verdict.attributed))},
                                              {"breached", Text(TruthName(verdict.breached))},
                                          })},
                                          {"trace", TraceJson(verdict.trace)}}));
  for (const NormNotApplied& norm : evaluation.not_applied)
    not_applied.push_back(JsonValue::Object({{"norm", Text(norm.norm)},
                                             {"layer", Text(LayerName(norm.layer))},
                                             {"title", Text(norm.title)},
                                             {"reason", Text(norm.reason)},
                                             {"trace", TraceJson(norm.trace)}}));
  core::JsonArray summaries;
  for (const LayerSummary& summary : evaluation.summaries)
    summaries.push_back(JsonValue::Object({
        {"layer", Text(LayerName(summary.layer))},
        {"verdict", summary.verdict ? Text(VerdictName(*summary.verdict)) : JsonValue::Null()},
        {"potential_violations", Integer(summary.potential_violations)},
        {"insufficient_information", Integer(summary.insufficient_information)},
        {"no_violations", Integer(summary.no_violations)},
        {"not_applied", Integer(summary.not_applied)},
    }));
  const ResponseAssessment& response = evaluation.response;
  JsonValue response_json = JsonValue::Object({
      {"class", Text(ResponseClassName(response.response_class))},
      {"attribution_sufficient", Text(TruthName(response.attribution))},
      {"breach", Text(TruthName(response.breach))},
      {"breached_norms", Strings(response.breached_norms)},
      {"undetermined_norms", Strings(response.undetermined_norms)},
      {"explanation", Text(response.explanation)},
      {"trace", TraceJson(response.trace)},
  });
  return JsonValue::Object({
      {"format", Text(kEvaluationFormat)},
      {"assessment_notice", Text(evaluation.assessment_notice)},
      {"report_id", Text(evaluation.report_id)},
      {"catalogue", JsonValue::Object({{"name", Text(evaluation.catalogue)},
                                       {"version", Text(evaluation.catalogue_version)}})},
      {"adherence", JsonValue::Object({{"demo", JsonValue::Bool(evaluation.adherence_demo)},
                                       {"notice", Text(evaluation.adherence_notice)}})},
      {"incident_window",
       JsonValue::Object({{"first", Text(internal::FormatDate(evaluation.incident_window.first))},
                          {"last", Text(internal::FormatDate(evaluation.incident_window.last))}})},
      {"attribution", JsonValue::Object(std::move(attribution))},
      {"summaries", JsonValue::Array(std::move(summaries))},
      {"principles", JsonValue::Array(std::move(principles))},
      {"red_lines", JsonValue::Array(std::move(red_lines))},
      {"prohibited_actions", JsonValue::Array(std::move(actions))},
      {"verdicts", JsonValue::Array(std::move(verdicts))},
      {"not_applied", JsonValue::Array(std::move(not_applied))},
      {"response", std::move(response_json)},
  });
}

std::string EvaluationToText(const Evaluation& evaluation, TextDetail detail) {
  bool traces = detail == TextDetail::kWithTraces;
  std::string out = "ASSESSMENT, NOT A FINDING. " + evaluation.assessment_notice + "\n";
  if (evaluation.adherence_demo) out += "ADHERENCE DATA: " + evaluation.adherence_notice + "\n";
  out += "\nreport     " + evaluation.report_id + "\n";
  out += "catalogue  " + evaluation.catalogue + " " + evaluation.catalogue_version + "\n";
  out += "started    " + internal::FormatDate(evaluation.incident_window.first);
  if (!(evaluation.incident_window.first == evaluation.incident_window.last))
    out += " .. " + internal::FormatDate(evaluation.incident_window.last);
  out += "\n";
  const ReliedAttribution& relied = evaluation.attribution;
  if (relied.found) {
    out += "attribution relied on: " + relied.description + "\n  (" + relied.selection + ")\n";
    if (!relied.other_states.empty()) {
      out += "  other attributions name:";
      for (const std::string& state : relied.other_states) out += " " + state;
      out += "\n";
    }
  } else {
    out += "attribution relied on: none; " + relied.selection + "\n";
  }

  out += "\nsummary\n";
  for (const LayerSummary& summary : evaluation.summaries) {
    out += "  " + Pad(LayerName(summary.layer), 11) +
           Pad(summary.verdict ? Human(VerdictName(*summary.verdict)) : "none applied", 26) +
           std::to_string(summary.potential_violations) + " potential, " +
           std::to_string(summary.insufficient_information) + " insufficient, " +
           std::to_string(summary.no_violations) + " no violation, " +
           std::to_string(summary.not_applied) + " not applied\n";
  }
  out += "\nprinciples\n";
  for (const PrincipleStep& step : evaluation.principles) {
    out += "  " + Pad(step.principle, 16) + Pad(Human(PrincipleOutcomeName(step.outcome)), 16) +
           step.question + "\n";
    if (traces) AppendTrace(out, step.trace, 6);
  }
  out += "\nred lines\n";
  for (const RuleCheck& check : evaluation.red_lines)
    out += "  " + Pad(check.id, 16) + Pad(Human(RedLineOutcome(check.outcome)), 16) + check.title + "\n";
  out += "\nprohibited actions matched or undetermined\n";
  bool any_action = false;
  for (const RuleCheck& check : evaluation.prohibited_actions) {
    if (check.outcome == Truth::kFalse) continue;
    any_action = true;
    out += "  " + Pad(check.id, 8) + Pad(Human(ActionOutcome(check.outcome)), 16) + check.title + "\n";
  }
  if (!any_action) out += "  none\n";

  out += "\nverdicts (catalogue " + evaluation.catalogue_version + ")\n";
  for (const NormVerdict& verdict : evaluation.verdicts) {
    out += "  " + Pad(verdict.norm, 9) + Pad(LayerName(verdict.layer), 11) +
           Pad(Human(VerdictName(verdict.verdict)), 26) + verdict.title + "\n";
    if (traces) AppendTrace(out, verdict.trace, 6);
  }
  out += "\nnot applied\n";
  for (const NormNotApplied& norm : evaluation.not_applied)
    out += "  " + Pad(norm.norm, 9) + Pad(LayerName(norm.layer), 11) + norm.reason + "\n";

  const ResponseAssessment& response = evaluation.response;
  out += "\nresponse   " + Human(ResponseClassName(response.response_class)) + "\n  " +
         response.explanation + "\n";
  if (traces) AppendTrace(out, response.trace, 4);
  out += "\nThis is an assessment, not a finding: only the grievance mechanism's arbitration issues findings.\n";
  return out;
}

}  // namespace accord::norms
