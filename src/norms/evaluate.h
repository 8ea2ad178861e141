// Evaluation of one incident report against the norms catalogue: for every
// norm that applies, a verdict (potential violation, no violation,
// insufficient information) with a trace of each condition checked and the
// report fields that decided it; the three principles (distinction,
// proportionality, necessity) as explicit steps; the red lines and prohibited
// actions checked; the attribution relied on; and the response class of
// EuRepoC's rule, generalised (attribution x breach -> countermeasures or
// retorsion only).
//
// An evaluation is an assessment, not a judgment. Only the arbitration of the
// grievance mechanism issues findings; every Evaluation carries the
// catalogue's notice saying so, and every output of it must show it
// (norms/evaluation_format.h does).
//
// Evaluation is a pure function of the report, the catalogue and the
// adherence data: the same inputs give the same Evaluation, byte for byte in
// its JSON form, on every node. It cannot fail: a decoded report satisfies
// the contract and a loaded catalogue has been checked. Thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/incident_report.h"
#include "norms/adherence.h"
#include "norms/catalogue.h"
#include "norms/conditions.h"

namespace accord::norms {

// A norm's verdict from its four steps: adherence (bound), applies_when,
// attributed_when, violated_when. No violation when the conduct is not the
// state's or does not breach the norm (attributed or violated false);
// potential violation when every step is true; otherwise insufficient
// information. (A norm whose adherence or applies_when is false gets no
// verdict: it is listed as not applied.)
enum class Verdict : std::uint8_t {
  kPotentialViolation,
  kNoViolation,
  kInsufficientInformation,
};
// "potential-violation", "no-violation", "insufficient-information".
std::string_view VerdictName(Verdict verdict);

struct NormVerdict {
  std::string norm;  // id
  Layer layer = Layer::kBinding;
  std::string title;
  std::string catalogue_version;  // every verdict names the version it used
  Verdict verdict = Verdict::kInsufficientInformation;
  // The outcome of each step. `breached` is the conduct alone, whoever it is
  // attributed to: the response rule weighs it against the attribution.
  Truth bound = Truth::kUnknown;
  Truth applies = Truth::kUnknown;
  Truth attributed = Truth::kUnknown;
  Truth breached = Truth::kUnknown;
  // Top-level steps: "adherence", "applies when", "attributed when",
  // "violated when", each followed by its conditions.
  Trace trace;
};

// The verdicts of one layer at a glance: the most serious verdict (potential
// violation, then insufficient information, then no violation) and counts.
// This is the "verdict summary" of a report's public statistical envelope.
struct LayerSummary {
  Layer layer = Layer::kBinding;
  std::optional<Verdict> verdict;  // none: no norm of the layer was applied
  std::size_t potential_violations = 0;
  std::size_t insufficient_information = 0;
  std::size_t no_violations = 0;
  std::size_t not_applied = 0;
};

// A norm of the catalogue that was not applied, and why: it does not bind
// the state (not a party then, reserved, not yet in force), it does not apply
// to this incident (its applies_when is false), or reports cannot show it.
struct NormNotApplied {
  std::string norm;
  Layer layer = Layer::kBinding;
  std::string title;
  std::string reason;
  Trace trace;  // the steps that decided it; empty for norms not assessed from reports
};

enum class PrincipleOutcome : std::uint8_t { kNotApplicable, kBreached, kNotBreached, kUndetermined };
// "not-applicable", "breached", "not-breached", "undetermined".
std::string_view PrincipleOutcomeName(PrincipleOutcome outcome);

struct PrincipleStep {
  std::string principle;  // "distinction"
  std::string question;   // "Was the target civilian?"
  PrincipleOutcome outcome = PrincipleOutcome::kUndetermined;
  Trace trace;
};

// A red line or prohibited action, checked against the report.
struct RuleCheck {
  std::string id;
  std::string title;
  Truth outcome = Truth::kUnknown;  // crossed / matched
  Trace trace;
};

struct ReliedAttribution {
  bool found = false;
  std::size_t index = 0;      // into report.attributions
  std::string state;          // the state whose adherence is applied
  std::string description;    // "/attributions/1: to state RU, state-conducted, ..."
  std::string selection;      // why this one, or why none
  std::vector<std::string> other_states;  // named by other attributions
};

enum class ResponseClass : std::uint8_t { kCountermeasuresCouldBeJustified, kRetorsionOnly };
// "countermeasures-could-be-justified", "retorsion-only".
std::string_view ResponseClassName(ResponseClass response_class);

struct ResponseAssessment {
  ResponseClass response_class = ResponseClass::kRetorsionOnly;
  Truth attribution = Truth::kFalse;  // the attribution relied on is sufficient
  // The conduct breaches a norm of the breach layers that binds the state
  // and applies, whoever the conduct is attributed to (EuRepoC codes the
  // breach of international law apart from state responsibility).
  Truth breach = Truth::kFalse;
  std::vector<std::string> breached_norms;      // conduct breach: true
  std::vector<std::string> undetermined_norms;  // conduct breach: unknown
  std::string explanation;
  Trace trace;
};

struct Evaluation {
  std::string report_id;
  std::string catalogue;          // "accord-norms"
  std::string catalogue_version;  // "1.0"
  std::string assessment_notice;  // assessment, not a finding
  bool adherence_demo = false;
  std::string adherence_notice;
  DateWindow incident_window;
  ReliedAttribution attribution;
  std::vector<PrincipleStep> principles;  // in catalogue order
  std::vector<RuleCheck> red_lines;
  std::vector<RuleCheck> prohibited_actions;
  std::vector<NormVerdict> verdicts;  // in catalogue order
  std::vector<NormNotApplied> not_applied;
  std::vector<LayerSummary> summaries;  // binding, voluntary, cbm
  ResponseAssessment response;

  // The summary of `layer`. REQUIRES: summaries were filled (EvaluateIncident).
  const LayerSummary& Summary(Layer layer) const;
};

// Picks the attribution the evaluation relies on: among the attributions that
// name a state (`to.state`), the first by: attributed to a state or a group
// affiliated with one; made by a state, agency or international
// organization; settled; confidence; directness of the state's role
// (conducted > directed > sponsored > tolerated > non-state > unknown); who
// attributed (state or international organization > agency > company or
// researcher > media or self); number of bases; earlier date; position.
// nullopt if no attribution names a state. docs/norms.md, "Which
// attribution".
std::optional<std::size_t> SelectAttribution(const model::IncidentReport& report);

// Evaluates `report` against `catalogue`, applying to the state of the
// attribution relied on what bound it when the incident started.
// Without a state attribution every norm is applied as it would bind a
// party, and the response class is retorsion only.
struct EvaluateOptions {
  // Without traces every verdict, summary and response class is the same;
  // only the condition steps under each top-level step are left out (they
  // are most of the cost). The registry scores submissions this way and
  // recomputes traces when someone asks for them.
  bool traces = true;
};
Evaluation EvaluateIncident(const model::IncidentReport& report, const Catalogue& catalogue,
                            const Adherence& adherence, const EvaluateOptions& options = {});

}  // namespace accord::norms
