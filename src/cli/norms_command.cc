// accord norms list|show|check: the norms catalogue and the evaluation of an
// incident report against it (norms/catalogue.h, norms/evaluate.h;
// docs/norms.md). Every `check` output says that it is an assessment, not a
// finding, and names the catalogue version it applied.
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "core/canonical_json.h"
#include "core/file_io.h"
#include "model/report_codec.h"
#include "norms/adherence.h"
#include "norms/catalogue.h"
#include "norms/catalogue_json.h"
#include "norms/evaluate.h"
#include "norms/evaluation_format.h"

namespace accord::cli {
namespace {

using core::JsonValue;

constexpr std::uint64_t kMaxDataFileBytes = 1u << 20;

// The catalogue and adherence data a command uses. Held by value (both are
// movable), so that returning it through a Result leaves nothing dangling.
struct Loaded {
  norms::Catalogue catalogue;
  std::optional<norms::Adherence> adherence;  // empty: the built-in data

  const norms::Adherence& Adherence() const {
    return adherence ? *adherence : norms::Adherence::Builtin();
  }
};

// The built-in catalogue and adherence data, or the files the options name.
core::Result<Loaded> Load(const NormsOptions& options, bool need_adherence) {
  auto catalogue = norms::Catalogue::ParseBuiltin();
  if (!options.catalogue.empty()) {
    auto text = core::ReadFile(options.catalogue, kMaxDataFileBytes);
    if (!text) return text.error();
    catalogue = norms::Catalogue::Parse(*text);
    if (!catalogue) return catalogue.error().Context(options.catalogue.string());
  }
  if (!catalogue) return catalogue.error();
  Loaded loaded{std::move(*catalogue), std::nullopt};
  if (!need_adherence || (options.adherence.empty() && options.catalogue.empty())) return loaded;
  if (options.adherence.empty())
    return core::InvalidArgument("--adherence: required with --catalogue (the built-in adherence "
                                 "data belongs to the built-in catalogue)");
  auto read = core::ReadFile(options.adherence, kMaxDataFileBytes);
  if (!read) return read.error();
  auto countries = core::LoadedCountries();
  auto adherence = norms::Adherence::Parse(*read, loaded.catalogue, countries ? *countries : nullptr);
  if (!adherence) return adherence.error().Context(options.adherence.string());
  loaded.adherence.emplace(std::move(*adherence));
  return loaded;
}

JsonValue Text(std::string_view text) { return JsonValue::String(std::string(text)); }

std::string SourcesText(const norms::Catalogue& catalogue, const std::vector<norms::SourceRef>& refs) {
  std::string out = "sources:\n";
  for (const norms::SourceRef& ref : refs) {
    const norms::Source* source = catalogue.FindSource(ref.source);
    out += "  - " + ref.at + ", " + (source ? source->citation : ref.source);
    if (source && !source->url.empty()) out += " <" + source->url + ">";
    out += "\n";
  }
  return out;
}

// A condition as an indented outline, references by name (not expanded).
void AppendCondition(const norms::Condition& condition, int depth, std::string& out) {
  out.append(static_cast<std::size_t>(2 + 2 * depth), ' ');
  out += condition.text + "\n";
  for (const norms::Condition& child : condition.children) AppendCondition(child, depth + 1, out);
}

void Print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

void PrintJson(const JsonValue& value) { Print(core::SerializeCanonical(value) + "\n"); }

std::string Pad(std::string_view text, std::size_t width) {
  std::string padded(text);
  if (padded.size() < width) padded.append(width - padded.size(), ' ');
  return padded;
}

}  // namespace

core::Status RunNormsList(const NormsOptions& options) {
  auto loaded = Load(options, false);
  if (!loaded) return loaded.error();
  const norms::Catalogue& catalogue = loaded->catalogue;
  if (options.json) {
    PrintJson(norms::CatalogueSummaryJson(catalogue));
    return core::Ok();
  }
  std::string out = catalogue.name() + " " + catalogue.version() + ": " +
                    std::to_string(catalogue.norms().size()) + " norms\n\n";
  for (const norms::Norm& norm : catalogue.norms()) {
    out += Pad(norm.id, 9) + Pad(norms::LayerName(norm.layer), 11) + Pad(norms::BasisName(norm.basis), 11) +
           norm.title + (norm.assessed_from_reports ? "" : "  (not assessed from reports)") + "\n";
  }
  out += "\nprinciples:";
  for (const norms::Principle& principle : catalogue.principles()) out += " " + principle.id;
  out += "\nred lines:";
  for (const norms::RedLine& red_line : catalogue.red_lines()) out += " " + red_line.id;
  out += "\nprohibited actions:";
  for (const norms::ProhibitedAction& action : catalogue.prohibited_actions()) out += " " + action.id;
  out += "\ndefinitions:";
  for (const norms::Definition& definition : catalogue.definitions()) out += " " + definition.id;
  out += "\n\n'accord norms show ID' shows one entry; 'accord norms check REPORT.json' evaluates a report.\n";
  Print(out);
  return core::Ok();
}

core::Status RunNormsShow(const NormsOptions& options) {
  auto loaded = Load(options, false);
  if (!loaded) return loaded.error();
  const norms::Catalogue& catalogue = loaded->catalogue;
  std::string out;
  JsonValue json;
  if (const norms::Norm* norm = catalogue.FindNorm(options.id)) {
    out = norm->id + "  " + norm->title + "\nlayer: " + std::string(norms::LayerName(norm->layer)) +
          ", basis: " + std::string(norms::BasisName(norm->basis)) + ", catalogue " +
          catalogue.version() + "\n\n" + norm->text + "\n\nrationale: " + norm->rationale + "\n\n" +
          SourcesText(catalogue, norm->sources);
    if (!norm->assessed_from_reports)
      out += "\nnot assessed from incident reports; assessed through " + norm->assessed_through + "\n";
    for (auto [name, condition] : {std::pair{"applies when", &norm->applies_when},
                                   std::pair{"attributed when", &norm->attributed_when},
                                   std::pair{"violated when", &norm->violated_when}}) {
      if (!*condition) continue;
      out += "\n" + std::string(name) + ":\n";
      AppendCondition(**condition, 0, out);
    }
    json = norms::NormJson(catalogue, *norm);
  } else if (const norms::RedLine* red_line = catalogue.FindRedLine(options.id)) {
    out = red_line->id + "  " + red_line->title + "\nred line of " + red_line->norm + "\n\n" +
          red_line->text + "\n\n" + SourcesText(catalogue, red_line->sources) + "\ncrossed when:\n";
    AppendCondition(red_line->crossed_when, 0, out);
    json = JsonValue::Object({{"id", Text(red_line->id)}, {"norm", Text(red_line->norm)},
                              {"title", Text(red_line->title)}, {"text", Text(red_line->text)},
                              {"sources", norms::SourcesJson(catalogue, red_line->sources)}});
  } else if (const norms::Definition* definition = catalogue.FindDefinition(options.id)) {
    out = definition->id + "  " + definition->term + " (" +
          std::string(norms::ScopeName(definition->scope)) + " scope)\n\n" + definition->text + "\n\n" +
          SourcesText(catalogue, definition->sources) + "\ncondition:\n";
    AppendCondition(definition->condition, 0, out);
    json = JsonValue::Object({{"id", Text(definition->id)}, {"term", Text(definition->term)},
                              {"scope", Text(norms::ScopeName(definition->scope))},
                              {"text", Text(definition->text)},
                              {"sources", norms::SourcesJson(catalogue, definition->sources)}});
  } else if (const norms::Principle* principle = catalogue.FindPrinciple(options.id)) {
    out = principle->id + "  " + principle->title + ": " + principle->question + "\n\n" +
          principle->text + "\n\n" + SourcesText(catalogue, principle->sources) + "\napplies when:\n";
    AppendCondition(principle->applies_when, 0, out);
    out += "\nbreached when:\n";
    AppendCondition(principle->breached_when, 0, out);
    json = JsonValue::Object({{"id", Text(principle->id)}, {"title", Text(principle->title)},
                              {"question", Text(principle->question)}, {"text", Text(principle->text)},
                              {"sources", norms::SourcesJson(catalogue, principle->sources)}});
  } else if (const norms::ProhibitedAction* action = catalogue.FindProhibitedAction(options.id)) {
    std::string ids;
    core::JsonArray id_list;
    for (const std::string& id : action->attack_ids) {
      ids += (ids.empty() ? "" : ", ") + id;
      id_list.push_back(Text(id));
    }
    out = action->id + "  prohibited action\neffect:    " + action->effect + "\ntarget:    " +
          action->target + "\ntechnique: " + action->technique + "\nATT&CK:    " +
          (ids.empty() ? "any technique" : ids) + "\n";
    json = JsonValue::Object({{"id", Text(action->id)}, {"effect", Text(action->effect)},
                              {"target", Text(action->target)}, {"technique", Text(action->technique)},
                              {"attack_ids", JsonValue::Array(std::move(id_list))}});
  } else {
    return core::NotFound("norms catalogue " + catalogue.version() + ": no norm, red line, definition, "
                          "principle or prohibited action \"" + options.id +
                          "\" (see 'accord norms list')");
  }
  if (options.json) PrintJson(json);
  else Print(out);
  return core::Ok();
}

core::Status RunNormsCheck(const NormsOptions& options) {
  auto loaded = Load(options, true);
  if (!loaded) return loaded.error();
  auto text = core::ReadFile(options.report, model::kMaxReportBytes);
  if (!text) return text.error();
  auto decoded = model::DecodeIncidentReport(*text);
  if (!decoded) return decoded.ToError().Context(options.report.string());
  norms::Evaluation evaluation =
      norms::EvaluateIncident(*decoded.report, loaded->catalogue, loaded->Adherence());
  if (options.json) {
    PrintJson(norms::EvaluationToJson(evaluation));
  } else {
    Print(norms::EvaluationToText(evaluation, options.traces ? norms::TextDetail::kWithTraces
                                                             : norms::TextDetail::kSummary));
  }
  return core::Ok();
}

}  // namespace accord::cli
