#include "norms/evaluate.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <tuple>

#include "core/time.h"
#include "norms/internal/toml_reader.h"

namespace accord::norms {
namespace {

using model::Attribution;

// Ranking of one attribution, larger first (SelectAttribution's order).
auto RankOf(const Attribution& a, std::size_t index) {
  using model::AttributedKind;
  using model::AttributorKind;
  using model::Sponsorship;
  int to_state = a.to.kind == AttributedKind::kState || a.to.kind == AttributedKind::kStateAffiliatedGroup;
  int settled = a.status == model::AttributionStatus::kSettled;
  int confidence = static_cast<int>(a.confidence);  // kLow < kModerate < kHigh
  int role = 0;
  switch (a.sponsorship) {
    case Sponsorship::kStateConducted: role = 5; break;
    case Sponsorship::kStateDirected: role = 4; break;
    case Sponsorship::kStateSponsored: role = 3; break;
    case Sponsorship::kStateTolerated: role = 2; break;
    case Sponsorship::kNonState: role = 1; break;
    case Sponsorship::kUnknown: role = 0; break;
  }
  int by = 0;
  switch (a.by.kind) {
    case AttributorKind::kState:
    case AttributorKind::kInternationalOrganization: by = 3; break;
    case AttributorKind::kAgency: by = 2; break;
    case AttributorKind::kCompany:
    case AttributorKind::kResearcher: by = 1; break;
    case AttributorKind::kMedia:
    case AttributorKind::kSelf: by = 0; break;
  }
  // Earlier dates and positions rank higher: negate them.
  auto day = -std::chrono::sys_days(a.date).time_since_epoch().count();
  int official = by >= 2;  // a state, agency or international organization
  return std::make_tuple(to_state, official, settled, confidence, role, by,
                         static_cast<int>(a.basis.size()), day, -static_cast<long long>(index));
}

std::string Describe(const Attribution& a, std::size_t index) {
  std::string text = "/attributions/" + std::to_string(index) + ": to " +
                     std::string(model::Name(a.to.kind));
  if (a.to.state) text += " " + *a.to.state;
  if (a.to.name) text += " (" + *a.to.name + ")";
  text += ", " + std::string(model::Name(a.sponsorship)) + ", confidence " +
          std::string(model::Name(a.confidence)) + ", " + std::string(model::Name(a.status)) +
          "; by " + std::string(model::Name(a.by.kind)) + " " + a.by.name + " on " +
          internal::FormatDate(a.date);
  return text;
}

ReliedAttribution Relied(const model::IncidentReport& report) {
  ReliedAttribution relied;
  auto index = SelectAttribution(report);
  if (!index) {
    relied.selection = report.attributions.empty()
                           ? "no attribution is reported"
                           : "no attribution names a state (to.state)";
    relied.selection += ": the conduct is assessed against every norm as it would bind a party, "
                        "and without a state attribution only retorsion can be justified";
    return relied;
  }
  const Attribution& chosen = report.attributions[*index];
  relied.found = true;
  relied.index = *index;
  relied.state = *chosen.to.state;
  relied.description = Describe(chosen, *index);
  std::size_t candidates = 0;
  for (std::size_t i = 0; i < report.attributions.size(); ++i) {
    const Attribution& other = report.attributions[i];
    if (!other.to.state) continue;
    ++candidates;
    if (*other.to.state != relied.state &&
        std::find(relied.other_states.begin(), relied.other_states.end(), *other.to.state) ==
            relied.other_states.end())
      relied.other_states.push_back(*other.to.state);
  }
  relied.selection = candidates == 1
                         ? "the only attribution that names a state"
                         : "ranked first of " + std::to_string(candidates) +
                               " attributions naming a state (state actor, official attributor, "
                               "settled, confidence, the state's role, bases, earliest)";
  return relied;
}

// The trace a condition writes into, or none when the caller asked for
// verdicts only (EvaluateOptions::traces): the condition traces are most
// of an evaluation's cost, and the registry recomputes them on demand.
Trace* Into(Trace& trace, bool traces) { return traces ? &trace : nullptr; }

std::string WindowText(const DateWindow& window) {
  std::string first = internal::FormatDate(window.first);
  std::string last = internal::FormatDate(window.last);
  return first == last ? first : first + ".." + last;
}

// The principles as top-level steps: applies_when and breached_when apart, so
// that "not applicable" is told from "not breached".
PrincipleStep StepThrough(const Principle& principle, const Subject& subject,
                          const ConditionTables& tables, bool traces) {
  PrincipleStep step{principle.id, principle.question, PrincipleOutcome::kUndetermined, {}};
  step.trace.push_back({0, "applies when", {}, {}, Truth::kUnknown});
  Truth applies = Evaluate(principle.applies_when, subject, tables, Into(step.trace, traces), 1);
  step.trace[0].outcome = applies;
  std::size_t breached_step = step.trace.size();
  step.trace.push_back({0, "breached when", {}, {}, Truth::kUnknown});
  Truth breached = Evaluate(principle.breached_when, subject, tables, Into(step.trace, traces), 1);
  step.trace[breached_step].outcome = breached;
  if (applies == Truth::kFalse) step.outcome = PrincipleOutcome::kNotApplicable;
  else if (breached == Truth::kFalse) step.outcome = PrincipleOutcome::kNotBreached;
  else if (applies == Truth::kTrue && breached == Truth::kTrue) step.outcome = PrincipleOutcome::kBreached;
  return step;
}

RuleCheck Check(const NamedCondition& rule, const Subject& subject, const ConditionTables& tables,
                bool traces) {
  RuleCheck check{rule.id, rule.title, Truth::kUnknown, {}};
  check.outcome = Evaluate(rule.condition, subject, tables, Into(check.trace, traces), 0);
  return check;
}

// One norm: adherence, applies_when, violated_when, each a top-level step.
void EvaluateNorm(const Norm& norm, const Subject& subject, const Catalogue& catalogue,
                  const Adherence& adherence, const ReliedAttribution& relied,
                  const DateWindow& window, bool traces, Evaluation& out) {
  if (!norm.assessed_from_reports) {
    out.not_applied.push_back({norm.id, norm.layer, norm.title,
                               "not assessed from incident reports; assessed through " +
                                   norm.assessed_through, {}});
    return;
  }
  Binding binding{Truth::kTrue,
                  "no state attribution: assessed as the norm would bind a party"};
  if (relied.found) {
    binding = adherence.Check(norm, relied.state, window, catalogue.entry_into_force_days());
  } else if (norm.basis == Basis::kCustomary) {
    binding.reason = "a customary rule: binds every state";
  }
  Trace trace;
  std::string state_pointer =
      relied.found ? "/attributions/" + std::to_string(relied.index) + "/to/state" : "/attributions";
  trace.push_back({0, "adherence: " + binding.reason, {state_pointer, "/times/start", "/times/precision"},
                   {relied.found ? relied.state : "no state", WindowText(window),
                    std::string(model::Name(subject.report->times.precision))},
                   binding.bound});
  if (binding.bound == Truth::kFalse) {
    out.not_applied.push_back({norm.id, norm.layer, norm.title, binding.reason, std::move(trace)});
    return;
  }
  NormVerdict result;
  result.norm = norm.id;
  result.layer = norm.layer;
  result.title = norm.title;
  result.catalogue_version = catalogue.version();
  result.bound = binding.bound;
  Truth applies = Truth::kTrue;
  std::size_t applies_step = trace.size();
  trace.push_back({0, "applies when", {}, {}, Truth::kTrue});
  if (norm.applies_when) {
    applies = Evaluate(*norm.applies_when, subject, catalogue.tables(), Into(trace, traces), 1);
    trace[applies_step].outcome = applies;
  } else {
    trace[applies_step].step = "applies when: always (no condition)";
  }
  if (applies == Truth::kFalse) {
    out.not_applied.push_back({norm.id, norm.layer, norm.title,
                               "does not apply to this incident; it applies when " +
                                   (norm.applies_when ? norm.applies_when->text : std::string()),
                               std::move(trace)});
    return;
  }
  result.applies = applies;
  Truth attributed = Truth::kTrue;
  std::size_t attributed_step = trace.size();
  trace.push_back({0, "attributed when", {}, {}, Truth::kTrue});
  if (norm.attributed_when) {
    attributed = Evaluate(*norm.attributed_when, subject, catalogue.tables(), Into(trace, traces), 1);
    trace[attributed_step].outcome = attributed;
  } else {
    trace[attributed_step].step = "attributed when: not asked (the norm is about the conduct)";
  }
  result.attributed = attributed;
  std::size_t violated_step = trace.size();
  trace.push_back({0, "violated when", {}, {}, Truth::kUnknown});
  Truth violated = Evaluate(*norm.violated_when, subject, catalogue.tables(), Into(trace, traces), 1);
  trace[violated_step].outcome = violated;
  result.breached = violated;
  if (attributed == Truth::kFalse || violated == Truth::kFalse) {
    result.verdict = Verdict::kNoViolation;
  } else if (binding.bound == Truth::kTrue && applies == Truth::kTrue &&
             attributed == Truth::kTrue && violated == Truth::kTrue) {
    result.verdict = Verdict::kPotentialViolation;
  }
  result.trace = std::move(trace);
  out.verdicts.push_back(std::move(result));
}

std::vector<LayerSummary> Summarize(const Evaluation& evaluation) {
  std::vector<LayerSummary> summaries;
  for (Layer layer : {Layer::kBinding, Layer::kVoluntary, Layer::kCbm}) {
    LayerSummary summary;
    summary.layer = layer;
    for (const NormVerdict& verdict : evaluation.verdicts) {
      if (verdict.layer != layer) continue;
      switch (verdict.verdict) {
        case Verdict::kPotentialViolation: ++summary.potential_violations; break;
        case Verdict::kInsufficientInformation: ++summary.insufficient_information; break;
        case Verdict::kNoViolation: ++summary.no_violations; break;
      }
    }
    for (const NormNotApplied& norm : evaluation.not_applied)
      if (norm.layer == layer) ++summary.not_applied;
    if (summary.potential_violations > 0) summary.verdict = Verdict::kPotentialViolation;
    else if (summary.insufficient_information > 0) summary.verdict = Verdict::kInsufficientInformation;
    else if (summary.no_violations > 0) summary.verdict = Verdict::kNoViolation;
    summaries.push_back(summary);
  }
  return summaries;
}

ResponseAssessment Respond(const Catalogue& catalogue, const Subject& subject,
                           const ReliedAttribution& relied, const std::vector<NormVerdict>& verdicts,
                           bool traces) {
  const ResponseRule& rule = catalogue.response_rule();
  ResponseAssessment response;
  response.trace.push_back({0, "attribution to a state sufficient", {}, {}, Truth::kFalse});
  if (relied.found) {
    response.attribution = Evaluate(rule.attribution_sufficient_when, subject, catalogue.tables(),
                                    Into(response.trace, traces), 1);
    response.trace[0].outcome = response.attribution;
  } else {
    response.trace[0].step += ": no attribution names a state";
    response.trace[0].fields.push_back("/attributions");
  }
  for (const NormVerdict& verdict : verdicts) {
    if (std::find(rule.breach_layers.begin(), rule.breach_layers.end(), verdict.layer) ==
        rule.breach_layers.end())
      continue;
    Truth conduct = And(verdict.bound, And(verdict.applies, verdict.breached));
    if (conduct == Truth::kTrue) response.breached_norms.push_back(verdict.norm);
    if (conduct == Truth::kUnknown) response.undetermined_norms.push_back(verdict.norm);
  }
  response.breach = !response.breached_norms.empty()      ? Truth::kTrue
                    : !response.undetermined_norms.empty() ? Truth::kUnknown
                                                           : Truth::kFalse;
  std::string layers;
  for (Layer layer : rule.breach_layers) layers += (layers.empty() ? "" : ", ") + std::string(LayerName(layer));
  TraceStep breach{0, "conduct breaching a norm of the " + layers + " layer that binds " +
                          (relied.found ? relied.state : std::string("a party")),
                   {}, response.breached_norms, response.breach};
  if (breach.values.empty()) breach.values = response.undetermined_norms;
  response.trace.push_back(std::move(breach));
  bool countermeasures = response.attribution == Truth::kTrue && response.breach == Truth::kTrue;
  response.response_class = countermeasures ? ResponseClass::kCountermeasuresCouldBeJustified
                                            : ResponseClass::kRetorsionOnly;
  auto join = [](const std::vector<std::string>& ids) {
    std::string text;
    for (const std::string& id : ids) text += (text.empty() ? "" : ", ") + id;
    return text;
  };
  std::string attribution_text =
      !relied.found ? "no attribution names a state"
      : response.attribution == Truth::kTrue
          ? "the attribution relied on (" + relied.state + ") meets the response rule's threshold"
          : response.attribution == Truth::kFalse
                ? "the attribution relied on (" + relied.state + ") falls short of the threshold"
                : "whether the attribution relied on (" + relied.state +
                      ") meets the threshold cannot be decided from the report";
  std::string breach_text =
      response.breach == Truth::kTrue ? "the conduct breaches " + join(response.breached_norms)
      : response.breach == Truth::kUnknown
          ? "whether the conduct breaches " + join(response.undetermined_norms) +
                " cannot be decided from the report"
          : "the conduct breaches no obligation of the " + layers + " layer";
  response.explanation =
      std::string(countermeasures ? "countermeasures could be justified" : "retorsion only") + ": " +
      attribution_text + "; " + breach_text +
      (countermeasures ? ". Whether they are, and which, is for arbitration." : ".");
  return response;
}

}  // namespace

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPotentialViolation: return "potential-violation";
    case Verdict::kNoViolation: return "no-violation";
    case Verdict::kInsufficientInformation: return "insufficient-information";
  }
  return "";
}

std::string_view PrincipleOutcomeName(PrincipleOutcome outcome) {
  switch (outcome) {
    case PrincipleOutcome::kNotApplicable: return "not-applicable";
    case PrincipleOutcome::kBreached: return "breached";
    case PrincipleOutcome::kNotBreached: return "not-breached";
    case PrincipleOutcome::kUndetermined: return "undetermined";
  }
  return "";
}

std::string_view ResponseClassName(ResponseClass response_class) {
  switch (response_class) {
    case ResponseClass::kCountermeasuresCouldBeJustified: return "countermeasures-could-be-justified";
    case ResponseClass::kRetorsionOnly: return "retorsion-only";
  }
  return "";
}

std::optional<std::size_t> SelectAttribution(const model::IncidentReport& report) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < report.attributions.size(); ++i) {
    if (!report.attributions[i].to.state) continue;
    if (!best || RankOf(report.attributions[i], i) > RankOf(report.attributions[*best], *best)) best = i;
  }
  return best;
}

Evaluation EvaluateIncident(const model::IncidentReport& report, const Catalogue& catalogue,
                            const Adherence& adherence, const EvaluateOptions& options) {
  const bool traces = options.traces;
  Evaluation evaluation;
  evaluation.report_id = report.id.ToString();
  evaluation.catalogue = catalogue.name();
  evaluation.catalogue_version = catalogue.version();
  evaluation.assessment_notice = catalogue.assessment_notice();
  evaluation.adherence_demo = adherence.demo();
  evaluation.adherence_notice = adherence.notice();
  evaluation.incident_window = IncidentWindow(report.times);
  evaluation.attribution = Relied(report);

  Subject subject;
  subject.report = &report;
  if (evaluation.attribution.found) {
    subject.relied_on = &report.attributions[evaluation.attribution.index];
    subject.relied_on_index = evaluation.attribution.index;
  }
  const ConditionTables& tables = catalogue.tables();
  for (const Principle& principle : catalogue.principles())
    evaluation.principles.push_back(StepThrough(principle, subject, tables, traces));
  for (const NamedCondition& red_line : tables.red_lines)
    evaluation.red_lines.push_back(Check(red_line, subject, tables, traces));
  for (const NamedCondition& action : tables.prohibited_actions)
    evaluation.prohibited_actions.push_back(Check(action, subject, tables, traces));
  for (const Norm& norm : catalogue.norms())
    EvaluateNorm(norm, subject, catalogue, adherence, evaluation.attribution,
                 evaluation.incident_window, traces, evaluation);
  evaluation.summaries = Summarize(evaluation);
  evaluation.response =
      Respond(catalogue, subject, evaluation.attribution, evaluation.verdicts, traces);
  return evaluation;
}

const LayerSummary& Evaluation::Summary(Layer layer) const {
  for (const LayerSummary& summary : summaries)
    if (summary.layer == layer) return summary;
  assert(false && "Summary() before EvaluateIncident filled summaries");
  return summaries.front();
}

}  // namespace accord::norms
