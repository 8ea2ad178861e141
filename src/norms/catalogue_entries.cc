// The entries of the catalogue, kind by kind: the second half of
// CatalogueParser (norms/internal/catalogue_parser.h), after the header, the
// sources and every id are known. Also the Catalogue's lookups.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <tuple>

#include "norms/catalogue.h"
#include "norms/internal/catalogue_parser.h"

namespace accord::embedded {
// data/norms/catalogue-1.0.toml, compiled in by accord_embed() (see
// src/norms/CMakeLists.txt).
extern const std::string_view NormsCatalogueToml;
}  // namespace accord::embedded

namespace accord::norms {
namespace {

using internal::EntryReader;
using internal::Presence;
using internal::Quote;

// A condition that holds when `inner` does, shown in the trace as `text`.
Condition Wrapped(std::string text, Condition inner) {
  Condition wrapper;
  wrapper.kind = Condition::Kind::kAll;
  wrapper.text = std::move(text);
  wrapper.children.push_back(std::move(inner));
  return wrapper;
}

// ACN-B1: B binding, V voluntary, C cbm; then 1..999 without a leading zero.
std::string NormIdProblem(std::string_view id, Layer layer) {
  static constexpr char kLetters[] = {'B', 'V', 'C'};
  char letter = kLetters[static_cast<int>(layer)];
  bool shape = id.size() >= 6 && id.size() <= 8 && id.substr(0, 4) == "ACN-" && id[5] != '0';
  for (std::size_t i = 5; shape && i < id.size(); ++i) shape = id[i] >= '0' && id[i] <= '9';
  if (!shape) return Quote(id) + " is not a norm id such as \"ACN-B1\"";
  if (id[4] != letter)
    return Quote(id) + " does not match layer \"" + std::string(LayerName(layer)) + "\" (use ACN-" +
           std::string(1, letter) + "...)";
  return "";
}

template <typename T>
const T* FindById(const std::vector<T>& entries, std::string_view id) {
  for (const T& entry : entries)
    if (entry.id == id) return &entry;
  return nullptr;
}

}  // namespace

core::Status CatalogueParser::Definitions() {
  for (const toml::table* table : definitions_) {
    EntryReader entry(*table, "definition");
    Definition definition;
    definition.id = table->get("id")->as_string()->get();
    entry.Name("definition", definition.id);
    if (auto keys = entry.CheckKeys({"id", "term", "scope", "text", "sources", "condition"}); !keys)
      return keys.error();
    definition.scope = references_.definitions.find(definition.id)->second.scope;
    auto term = entry.String("term", Presence::kRequired, 200);
    if (!term) return term.error();
    auto text = entry.String("text", Presence::kRequired);
    if (!text) return text.error();
    auto sources = SourceRefs(entry);
    if (!sources) return sources.error();
    auto condition = ConditionAt(entry, "condition", definition.scope);
    if (!condition) return condition.error();
    definition.term = std::move(*term);
    definition.text = std::move(*text);
    definition.sources = std::move(*sources);
    definition.condition = std::move(*condition);
    catalogue_.definitions_.push_back(std::move(definition));
  }
  return core::Ok();
}

core::Status CatalogueParser::Principles() {
  for (const toml::table* table : principles_) {
    EntryReader entry(*table, "principle");
    Principle principle;
    principle.id = table->get("id")->as_string()->get();
    entry.Name("principle", principle.id);
    if (auto keys = entry.CheckKeys({"id", "title", "question", "text", "sources", "applies_when",
                                     "breached_when"});
        !keys)
      return keys.error();
    for (auto [key, field] : {std::pair{"title", &principle.title},
                              std::pair{"question", &principle.question},
                              std::pair{"text", &principle.text}}) {
      auto value = entry.String(key, Presence::kRequired);
      if (!value) return value.error();
      *field = std::move(*value);
    }
    auto sources = SourceRefs(entry);
    if (!sources) return sources.error();
    principle.sources = std::move(*sources);
    auto applies = ConditionAt(entry, "applies_when", Scope::kReport);
    if (!applies) return applies.error();
    auto breached = ConditionAt(entry, "breached_when", Scope::kReport);
    if (!breached) return breached.error();
    principle.applies_when = std::move(*applies);
    principle.breached_when = std::move(*breached);
    catalogue_.principles_.push_back(std::move(principle));
  }
  for (std::string_view required : {"distinction", "proportionality", "necessity"}) {
    if (catalogue_.FindPrinciple(required) == nullptr)
      return core::InvalidArgument("principle \"" + std::string(required) +
                                   "\": missing; every evaluation steps through distinction, "
                                   "proportionality and necessity");
  }
  return core::Ok();
}

core::Status CatalogueParser::RedLines() {
  for (const toml::table* table : red_lines_) {
    EntryReader entry(*table, "red line");
    RedLine red_line;
    red_line.id = table->get("id")->as_string()->get();
    entry.Name("red line", red_line.id);
    if (auto keys = entry.CheckKeys({"id", "norm", "title", "text", "sources", "crossed_when"}); !keys)
      return keys.error();
    for (auto [key, field] : {std::pair{"norm", &red_line.norm}, std::pair{"title", &red_line.title},
                              std::pair{"text", &red_line.text}}) {
      auto value = entry.String(key, Presence::kRequired);
      if (!value) return value.error();
      *field = std::move(*value);
    }
    auto sources = SourceRefs(entry);
    if (!sources) return sources.error();
    red_line.sources = std::move(*sources);
    auto crossed = ConditionAt(entry, "crossed_when", Scope::kReport);
    if (!crossed) return crossed.error();
    red_line.crossed_when = std::move(*crossed);
    catalogue_.red_lines_.push_back(std::move(red_line));
  }
  return core::Ok();
}

core::Status CatalogueParser::ProhibitedActions() {
  for (const toml::table* table : actions_) {
    EntryReader entry(*table, "prohibited action");
    ProhibitedAction action;
    action.id = table->get("id")->as_string()->get();
    entry.Name("prohibited action", action.id);
    if (auto keys = entry.CheckKeys({"id", "effect", "target", "technique", "attack_ids"}); !keys)
      return keys.error();
    for (auto [key, field, scope] :
         {std::tuple{"effect", &action.effect, Scope::kReport},
          std::tuple{"target", &action.target, Scope::kEntity}}) {
      auto value = entry.String(key, Presence::kRequired, 64);
      if (!value) return value.error();
      auto found = references_.definitions.find(*value);
      if (found == references_.definitions.end())
        return entry.Fail(key, "unknown definition " + Quote(*value));
      if (found->second.scope != scope)
        return entry.Fail(key, "definition " + Quote(*value) + " must be in " +
                                   std::string(ScopeName(scope)) + " scope");
      *field = std::move(*value);
    }
    auto technique = entry.String("technique", Presence::kRequired);
    if (!technique) return technique.error();
    action.technique = std::move(*technique);
    const toml::node* ids = entry.Get("attack_ids");
    if (ids == nullptr) return entry.Fail("attack_ids", "missing; [] means any technique");
    if (!ids->is_array()) return entry.Fail("attack_ids", "must be an array of ATT&CK ids");
    for (const toml::node& id : *ids->as_array()) {
      const auto* text = id.as_string();
      if (text == nullptr) return entry.Fail("attack_ids", "must be an array of ATT&CK ids");
      action.attack_ids.push_back(text->get());
    }
    // Compiled as all(effect, some entity of the target class, a listed
    // technique); the technique part goes through the condition compiler,
    // which checks the ids' shapes.
    Condition uses;
    uses.kind = Condition::Kind::kAll;
    uses.text = "effect x target x technique";
    for (auto [definition, scope] : {std::pair{&action.effect, Scope::kReport},
                                     std::pair{&action.target, Scope::kEntity}}) {
      Condition use;
      use.kind = Condition::Kind::kDefinition;
      use.target = references_.definitions.find(*definition)->second.index;
      use.text = "definition " + *definition + ": " +
                 references_.definitions.find(*definition)->second.title;
      if (scope == Scope::kEntity) {
        Condition some;
        some.kind = Condition::Kind::kElements;
        some.field = FindField(Scope::kReport, "affected_entities");
        some.op = Operator::kAnyElementMatches;
        some.text = "affected_entities any-element-matches";
        some.children.push_back(std::move(use));
        use = std::move(some);
      }
      uses.children.push_back(std::move(use));
    }
    if (!action.attack_ids.empty()) {
      toml::table technique_condition;
      toml::array values;
      for (const std::string& id : action.attack_ids) values.push_back(id);
      technique_condition.insert("field", "techniques");
      technique_condition.insert("op", "contains-any");
      technique_condition.insert("value", std::move(values));
      auto compiled = internal::CompileCondition(technique_condition, Scope::kReport, references_,
                                                 entry.Where("attack_ids"));
      if (!compiled) return compiled.error();
      uses.children.push_back(std::move(*compiled));
    }
    std::vector<std::string> sorted = action.attack_ids;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
      return entry.Fail("attack_ids", "lists an id twice");
    catalogue_.prohibited_actions_.push_back(std::move(action));
    catalogue_.tables_.prohibited_actions.push_back(
        {catalogue_.prohibited_actions_.back().id, catalogue_.prohibited_actions_.back().technique,
         std::move(uses)});
  }
  return core::Ok();
}

core::Status CatalogueParser::Norms() {
  for (const toml::table* table : norms_) {
    EntryReader entry(*table, "norm");
    Norm norm;
    norm.id = table->get("id")->as_string()->get();
    entry.Name("norm", norm.id);
    if (auto keys = entry.CheckKeys({"id", "layer", "basis", "title", "text", "rationale", "sources",
                                     "assessed_from_reports", "assessed_through", "applies_when",
                                     "attributed_when", "violated_when"});
        !keys)
      return keys.error();
    auto layer = entry.String("layer", Presence::kRequired, 16);
    if (!layer) return layer.error();
    if (*layer == "binding") norm.layer = Layer::kBinding;
    else if (*layer == "voluntary") norm.layer = Layer::kVoluntary;
    else if (*layer == "cbm") norm.layer = Layer::kCbm;
    else return entry.Fail("layer", "must be \"binding\", \"voluntary\" or \"cbm\", got " + Quote(*layer));
    if (std::string problem = NormIdProblem(norm.id, norm.layer); !problem.empty())
      return entry.Fail("id", problem);
    auto basis = entry.String("basis", Presence::kRequired, 16);
    if (!basis) return basis.error();
    if (*basis == "treaty") norm.basis = Basis::kTreaty;
    else if (*basis == "customary") norm.basis = Basis::kCustomary;
    else return entry.Fail("basis", "must be \"treaty\" or \"customary\", got " + Quote(*basis));
    if (norm.basis == Basis::kCustomary && norm.layer != Layer::kBinding)
      return entry.Fail("basis", "a customary rule binds every state; it belongs in the binding layer");
    for (auto [key, field] : {std::pair{"title", &norm.title}, std::pair{"text", &norm.text},
                              std::pair{"rationale", &norm.rationale}}) {
      auto value = entry.String(key, Presence::kRequired);
      if (!value) return value.error();
      *field = std::move(*value);
    }
    auto sources = SourceRefs(entry);
    if (!sources) return sources.error();
    norm.sources = std::move(*sources);
    auto assessed = entry.Boolean("assessed_from_reports", true);
    if (!assessed) return assessed.error();
    norm.assessed_from_reports = *assessed;
    auto through = entry.String("assessed_through", Presence::kOptional);
    if (!through) return through.error();
    norm.assessed_through = std::move(*through);
    if (!norm.assessed_from_reports) {
      if (norm.assessed_through.empty())
        return entry.Fail("assessed_through", "missing: say where a norm not assessed from reports is assessed");
      for (std::string_view key : {"applies_when", "attributed_when", "violated_when"})
        if (entry.Get(key) != nullptr)
          return entry.Fail(key, "a norm not assessed from reports has no conditions");
    } else {
      if (!norm.assessed_through.empty())
        return entry.Fail("assessed_through", "only for norms with assessed_from_reports = false");
      if (entry.Get("applies_when") != nullptr) {
        auto applies = ConditionAt(entry, "applies_when", Scope::kReport);
        if (!applies) return applies.error();
        norm.applies_when = std::move(*applies);
      }
      if (entry.Get("attributed_when") != nullptr) {
        auto attributed = ConditionAt(entry, "attributed_when", Scope::kReport);
        if (!attributed) return attributed.error();
        norm.attributed_when = std::move(*attributed);
      }
      auto violated = ConditionAt(entry, "violated_when", Scope::kReport);
      if (!violated) return violated.error();
      norm.violated_when = std::move(*violated);
    }
    catalogue_.norms_.push_back(std::move(norm));
  }
  return core::Ok();
}

core::Status CatalogueParser::Response(const toml::table& root) {
  const toml::node* node = root.get("response_rule");
  if (node == nullptr) return core::InvalidArgument("[response_rule]: missing");
  if (!node->is_table()) return core::InvalidArgument(internal::LineOf(*node) + "response_rule: must be a table");
  EntryReader entry(*node->as_table(), "response_rule");
  if (auto keys = entry.CheckKeys({"text", "sources", "attribution_sufficient_when", "breach_layers"}); !keys)
    return keys.error();
  ResponseRule& rule = catalogue_.response_rule_;
  auto text = entry.String("text", Presence::kRequired);
  if (!text) return text.error();
  rule.text = std::move(*text);
  auto sources = SourceRefs(entry);
  if (!sources) return sources.error();
  rule.sources = std::move(*sources);
  auto sufficient = ConditionAt(entry, "attribution_sufficient_when", Scope::kReport);
  if (!sufficient) return sufficient.error();
  rule.attribution_sufficient_when = std::move(*sufficient);
  const toml::node* layers = entry.Get("breach_layers");
  if (layers == nullptr || !layers->is_array() || layers->as_array()->empty())
    return entry.Fail("breach_layers", "must be a non-empty array of layers");
  for (const toml::node& layer : *layers->as_array()) {
    const auto* name = layer.as_string();
    std::optional<Layer> found;
    for (Layer candidate : {Layer::kBinding, Layer::kVoluntary, Layer::kCbm})
      if (name != nullptr && name->get() == LayerName(candidate)) found = candidate;
    if (!found) return entry.Fail("breach_layers", "each must be \"binding\", \"voluntary\" or \"cbm\"");
    if (std::find(rule.breach_layers.begin(), rule.breach_layers.end(), *found) != rule.breach_layers.end())
      return entry.Fail("breach_layers", "lists a layer twice");
    rule.breach_layers.push_back(*found);
  }
  return core::Ok();
}

core::Status CatalogueParser::BuildTables() {
  ConditionTables& tables = catalogue_.tables_;
  for (const Definition& definition : catalogue_.definitions_)
    tables.definitions.push_back({definition.id, definition.term, definition.condition});
  for (const Principle& principle : catalogue_.principles_) {
    Condition both;
    both.kind = Condition::Kind::kAll;
    both.text = "applies and is breached";
    both.children.push_back(Wrapped("applies when", principle.applies_when));
    both.children.push_back(Wrapped("breached when", principle.breached_when));
    tables.principles.push_back({principle.id, principle.question, std::move(both)});
  }
  for (const RedLine& red_line : catalogue_.red_lines_)
    tables.red_lines.push_back({red_line.id, red_line.title, red_line.crossed_when});
  return core::Ok();
}

const Norm* Catalogue::FindNorm(std::string_view id) const { return FindById(norms_, id); }
const Definition* Catalogue::FindDefinition(std::string_view id) const {
  return FindById(definitions_, id);
}
const RedLine* Catalogue::FindRedLine(std::string_view id) const { return FindById(red_lines_, id); }
const ProhibitedAction* Catalogue::FindProhibitedAction(std::string_view id) const {
  return FindById(prohibited_actions_, id);
}
const Principle* Catalogue::FindPrinciple(std::string_view id) const {
  return FindById(principles_, id);
}
const Source* Catalogue::FindSource(std::string_view id) const { return FindById(sources_, id); }

core::Result<Catalogue> Catalogue::Parse(std::string_view toml_text) {
  return CatalogueParser::Parse(toml_text);
}

core::Result<Catalogue> Catalogue::ParseBuiltin() {
  auto catalogue = Parse(embedded::NormsCatalogueToml);
  if (!catalogue) return catalogue.error().Context("built-in data/norms/catalogue-1.0.toml");
  return catalogue;
}

const Catalogue& Catalogue::Builtin() {
  // Parsed once, even when threads race to the first call; never destroyed,
  // so that a thread still running at exit cannot see it torn down.
  static const Catalogue* const builtin = [] {
    auto parsed = ParseBuiltin();
    if (!parsed) {
      // tests/norms/catalogue_test.cc parses the same bytes, so reaching
      // this line means a binary was shipped without running its tests.
      std::fprintf(stderr, "accord: fatal: %s\n", parsed.error().ToString().c_str());
      std::abort();
    }
    return new Catalogue(std::move(*parsed));
  }();
  return *builtin;
}

}  // namespace accord::norms
