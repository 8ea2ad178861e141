// The norms catalogue: the machine-readable text of the agreement, as
// data/norms/catalogue-<version>.toml publishes it. It holds the norms in
// three layers (binding prohibitions, voluntary commitments,
// confidence-building measures), the definitions they use, the three
// principles every evaluation steps through (distinction, proportionality,
// necessity), the red lines, the registry of prohibited actions (effect x
// target class x ATT&CK technique) and the response rule. docs/norms.md is
// the reference for authors and readers.
//
// Loading checks everything a rule can get wrong before any report is seen:
// unknown keys, ids malformed or repeated, layers and bases, sources cited,
// every condition compiled against the field table (unknown field, operator,
// enumeration value, sector code), references resolved and free of cycles.
// A catalogue that loads cannot fail at evaluation time.
//
// Versions: an amendment is a new file with a new `version`; each evaluation
// names the version it applied. What binds which state when is
// norms/adherence.h.
//
// A Catalogue is immutable after Parse(): any number of threads may read it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/incident_report.h"
#include "norms/conditions.h"

namespace accord::norms {

enum class Layer : std::uint8_t {
  kBinding,    // core prohibitions: bind a party from its ratification
  kVoluntary,  // political commitments: from signature; may be reserved
  kCbm,        // confidence-building measures: as voluntary
};
// "binding", "voluntary", "cbm".
std::string_view LayerName(Layer layer);

enum class Basis : std::uint8_t {
  kTreaty,     // binds according to each state's adherence
  kCustomary,  // restates customary law: binds every state
};
// "treaty", "customary".
std::string_view BasisName(Basis basis);

struct Source {
  std::string id;
  std::string citation;
  std::string url;  // may be empty
};

// A citation of a source: which document, and where in it.
struct SourceRef {
  std::string source;  // a Source id
  std::string at;      // "para. 13(f)", "Rule 14"
};

struct Definition {
  std::string id;
  std::string term;
  Scope scope = Scope::kReport;
  std::string text;
  std::vector<SourceRef> sources;
  Condition condition;
};

struct Principle {
  std::string id;  // "distinction", "proportionality", "necessity"
  std::string title;
  std::string question;  // "Was the target civilian?"
  std::string text;
  std::vector<SourceRef> sources;
  Condition applies_when;
  Condition breached_when;
};

struct RedLine {
  std::string id;    // "RL-WATER"
  std::string norm;  // the binding norm it gives effect to
  std::string title;
  std::string text;
  std::vector<SourceRef> sources;
  Condition crossed_when;
};

struct ProhibitedAction {
  std::string id;      // "PA-01"
  std::string effect;  // a report-scope definition id
  std::string target;  // an entity-scope definition id
  std::string technique;                // in words
  std::vector<std::string> attack_ids;  // ATT&CK ids; empty: any technique
};

struct Norm {
  std::string id;  // "ACN-B1": B binding, V voluntary, C cbm
  Layer layer = Layer::kBinding;
  Basis basis = Basis::kTreaty;
  std::string title;
  std::string text;
  std::string rationale;
  std::vector<SourceRef> sources;
  // False for a norm a report cannot show (a duty to answer requests);
  // `assessed_through` then says where it is assessed, and there are no
  // conditions.
  bool assessed_from_reports = true;
  std::string assessed_through;
  // The steps of an evaluation after adherence (norms/evaluate.h): whether
  // the norm is about this kind of incident (absent: always), whether the
  // conduct is the state's (absent: not asked, for norms about conduct as
  // such), and whether the conduct breaches it.
  std::optional<Condition> applies_when;
  std::optional<Condition> attributed_when;
  std::optional<Condition> violated_when;
};

// EuRepoC's rule generalised: attribution x breach -> response class.
struct ResponseRule {
  std::string text;
  std::vector<SourceRef> sources;
  Condition attribution_sufficient_when;  // report scope
  std::vector<Layer> breach_layers;       // whose potential violations count as a breach
};

class Catalogue {
 public:
  // Catalogue files are tens of KB; refuse anything absurd before parsing.
  static constexpr std::size_t kMaxTextBytes = 1u << 20;
  // Most entries of one kind (norms, definitions, ...).
  static constexpr std::size_t kMaxEntries = 500;
  // Most checks one reference may expand to (definitions using definitions
  // using ...); bounds the cost of an evaluation.
  static constexpr std::size_t kMaxExpandedChecks = 100'000;
  // Deepest an evaluation may recurse through conditions and references;
  // bounds its stack.
  static constexpr std::size_t kMaxExpandedDepth = 128;

  Catalogue(Catalogue&&) = default;
  Catalogue& operator=(Catalogue&&) = default;
  Catalogue(const Catalogue&) = delete;
  Catalogue& operator=(const Catalogue&) = delete;

  // Parses and validates a catalogue in the format of
  // data/norms/catalogue-1.0.toml (docs/norms.md, "The file"). Fails with
  // kInvalidArgument when the text is not TOML (line and column given) or
  // breaks any rule of the format; the message names the line, the entry
  // (`norm "ACN-B1"`, `definition "hospital"`), the key and the reason.
  // kResourceExhausted if the text exceeds kMaxTextBytes, a kind has more
  // than kMaxEntries entries, or a condition expands through its references
  // to more than kMaxExpandedChecks checks or kMaxExpandedDepth levels.
  static core::Result<Catalogue> Parse(std::string_view toml_text);

  // The built-in catalogue (the embedded data/norms/catalogue-1.0.toml).
  static core::Result<Catalogue> ParseBuiltin();
  // The same, parsed once and kept for the life of the process. A test parses
  // the embedded bytes, so a failure here is a build defect: it prints the
  // reason and aborts.
  static const Catalogue& Builtin();

  const std::string& name() const { return name_; }        // "accord-norms"
  const std::string& version() const { return version_; }  // "1.0"
  const model::Date& adopted() const { return adopted_; }
  // Binding-layer norms bind a party from this many days after ratification.
  std::int64_t entry_into_force_days() const { return entry_into_force_days_; }
  // Says that an evaluation is an assessment, not a finding.
  const std::string& assessment_notice() const { return assessment_notice_; }
  const std::string& summary() const { return summary_; }

  std::span<const Source> sources() const { return sources_; }
  std::span<const Definition> definitions() const { return definitions_; }
  std::span<const Principle> principles() const { return principles_; }
  std::span<const RedLine> red_lines() const { return red_lines_; }
  std::span<const ProhibitedAction> prohibited_actions() const { return prohibited_actions_; }
  std::span<const Norm> norms() const { return norms_; }
  const ResponseRule& response_rule() const { return response_rule_; }
  // The compiled conditions that references point to, for Evaluate().
  const ConditionTables& tables() const { return tables_; }

  // Lookups by id; null if there is none.
  const Norm* FindNorm(std::string_view id) const;
  const Definition* FindDefinition(std::string_view id) const;
  const RedLine* FindRedLine(std::string_view id) const;
  const ProhibitedAction* FindProhibitedAction(std::string_view id) const;
  const Principle* FindPrinciple(std::string_view id) const;
  const Source* FindSource(std::string_view id) const;

 private:
  friend class CatalogueParser;
  Catalogue() = default;

  std::string name_;
  std::string version_;
  model::Date adopted_;
  std::int64_t entry_into_force_days_ = 0;
  std::string assessment_notice_;
  std::string summary_;
  std::vector<Source> sources_;
  std::vector<Definition> definitions_;
  std::vector<Principle> principles_;
  std::vector<RedLine> red_lines_;
  std::vector<ProhibitedAction> prohibited_actions_;
  std::vector<Norm> norms_;
  ResponseRule response_rule_;
  ConditionTables tables_;
};

}  // namespace accord::norms
