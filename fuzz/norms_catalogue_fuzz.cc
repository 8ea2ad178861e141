// libFuzzer target for the norms catalogue and adherence parsers
// (norms/catalogue.h, norms/adherence.h) and, on what they accept, the
// evaluation (norms/evaluate.h). Besides memory errors (and exceptions
// escaping toml++, which would abort) it checks properties a bug would break:
//   - a rejected text is kInvalidArgument or kResourceExhausted;
//   - an accepted catalogue evaluates a fixed report without crashing, and
//     gives a verdict or a reason for every norm of it, and its JSON form
//     is valid for canonicalization (no NaN, valid UTF-8);
//   - the same text, as adherence data for the built-in catalogue, is either
//     rejected the same way or usable for an evaluation.
// Any violation aborts, so libFuzzer reports it as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/canonical_json.h"
#include "core/id.h"
#include "norms/evaluate.h"
#include "norms/evaluation_format.h"

namespace {

using accord::core::ErrorCode;
using namespace accord::norms;

[[noreturn]] void Violated(const char* property, std::string_view detail) {
  std::fprintf(stderr, "property violated: %s\n%.*s\n", property, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

void CheckRejection(const accord::core::Error& error) {
  if (error.code != ErrorCode::kInvalidArgument && error.code != ErrorCode::kResourceExhausted)
    Violated("a rejected text is invalid_argument or resource_exhausted", error.message);
}

// A report that touches every kind of field: entities, attributions,
// techniques, optional counts present and absent.
const accord::model::IncidentReport& SampleReport() {
  static const accord::model::IncidentReport* const report = [] {
    auto* built = new accord::model::IncidentReport;
    built->id = accord::core::StixId::Parse("incident-report--6f1c8c3e-8a7b-4e0c-9d51-2b7f0c1e9a10").value();
    built->title = "fuzz";
    built->times.start = accord::core::ParseRfc3339("2016-12-17T21:53:00Z").value();
    built->times.precision = accord::model::StartPrecision::kMonth;
    built->reported_at = built->times.start;
    built->affected_states = {"UA"};
    accord::model::AffectedEntity entity;
    entity.sector = "energy.electricity";
    entity.entity_type = "csirt";
    entity.state = "UA";
    built->affected_entities = {entity, entity};
    built->affected_entities[1].civilian_status = accord::model::CivilianStatus::kDualUse;
    built->effects.availability = true;
    built->effects.deaths = 1;
    built->techniques = {"T0855", "T1561.002"};
    accord::model::Attribution attribution;
    attribution.by.name = "agency";
    attribution.to.kind = accord::model::AttributedKind::kState;
    attribution.to.state = "RU";
    attribution.basis = {accord::model::AttributionBasis::kTechnical};
    attribution.date = accord::model::Date{std::chrono::year{2017}, std::chrono::month{1}, std::chrono::day{1}};
    built->attributions = {attribution};
    return built;
  }();
  return *report;
}

void CheckEvaluation(const Catalogue& catalogue, const Adherence& adherence) {
  Evaluation evaluation = EvaluateIncident(SampleReport(), catalogue, adherence);
  if (evaluation.verdicts.size() + evaluation.not_applied.size() != catalogue.norms().size())
    Violated("every norm has a verdict or a reason", catalogue.version());
  if (auto valid = accord::core::ValidateForCanonical(EvaluationToJson(evaluation)); !valid)
    Violated("the JSON form can be canonicalized", valid.error().message);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto catalogue = Catalogue::Parse(text);
  if (!catalogue) {
    CheckRejection(catalogue.error());
  } else {
    auto adherence = Adherence::Parse(
        "notice = \"fuzz\"\ncatalogue = \"" + catalogue->name() + "\"\n[[state]]\ncode = \"RU\"\n"
        "signed = 2012-01-01\nratified = 2012-02-01\n",
        *catalogue);
    if (!adherence) Violated("a minimal adherence file loads for any catalogue", adherence.error().message);
    CheckEvaluation(*catalogue, *adherence);
  }

  auto adherence = Adherence::Parse(text, Catalogue::Builtin());
  if (!adherence) {
    CheckRejection(adherence.error());
  } else {
    CheckEvaluation(Catalogue::Builtin(), *adherence);
  }
  return 0;
}
