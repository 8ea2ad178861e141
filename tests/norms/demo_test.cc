// The demo incidents (data/demo/*.json) evaluate, against the built-in
// catalogue and the built-in (demo) adherence data, to the conclusions that
// data/demo/README.md, "Expected evaluation", justifies for each. The README
// states one conclusion per incident under the agreement's binding
// prohibitions; that is the binding layer's summary verdict here. The
// README's words are quoted beside each expectation.
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/file_io.h"
#include "model/report_codec.h"
#include "norms/evaluate.h"

namespace accord::norms {
namespace {

struct Expectation {
  Verdict binding;
  const char* readme;  // the README's expected conclusion, abridged
};

const std::map<std::string, Expectation>& Expected() {
  static const auto* const expected = new std::map<std::string, Expectation>{
      {"2012-08-saudi-aramco-shamoon.json",
       {Verdict::kInsufficientInformation, "insufficient information for a state violation (attribution missing)"}},
      {"2015-12-ukraine-power-grid.json",
       {Verdict::kPotentialViolation, "potential violation of the binding prohibition"}},
      {"2016-12-ukraine-power-grid.json", {Verdict::kPotentialViolation, "potential violation"}},
      {"2017-05-wannacry.json", {Verdict::kPotentialViolation, "potential violation"}},
      {"2017-06-notpetya.json", {Verdict::kPotentialViolation, "potential violation"}},
      {"2017-08-saudi-petrochemical-triton.json", {Verdict::kPotentialViolation, "potential violation"}},
      {"2020-04-israel-water-facilities.json",
       {Verdict::kNoViolation, "no violation of the effect-based prohibition established"}},
      {"2020-05-iran-shahid-rajaee-port.json", {Verdict::kInsufficientInformation, "insufficient information"}},
      {"2020-09-duesseldorf-university-hospital.json",
       {Verdict::kNoViolation, "no violation by a state; outside the binding layer"}},
      {"2021-02-oldsmar-water-treatment.json",
       {Verdict::kInsufficientInformation, "insufficient information (not established that a cyber operation took place)"}},
      {"2021-05-colonial-pipeline.json", {Verdict::kNoViolation, "no violation by a state"}},
      {"2021-05-ireland-hse-conti.json", {Verdict::kNoViolation, "no violation by a state"}},
      {"2022-02-viasat-ka-sat.json", {Verdict::kPotentialViolation, "potential violation"}},
      {"2022-04-costa-rica-conti.json", {Verdict::kNoViolation, "no violation by a state"}},
      {"2022-04-ukraine-industroyer2.json",
       {Verdict::kNoViolation, "no completed violation of the effect-based prohibition"}},
      {"2022-07-albania-government.json", {Verdict::kPotentialViolation, "potential violation"}},
      {"2022-10-ukraine-power-sandworm.json",
       {Verdict::kInsufficientInformation, "insufficient information for a finding against a state"}},
      {"2023-05-dallas-ransomware-dispatch.json", {Verdict::kNoViolation, "no violation by a state"}},
      {"2023-05-denmark-energy-sector.json",
       {Verdict::kNoViolation, "no violation of the effect-based prohibition"}},
      {"2023-05-volt-typhoon-prepositioning.json",
       {Verdict::kNoViolation, "no violation of the binding prohibition on disruption or destruction"}},
      {"2023-11-aliquippa-water-unitronics.json", {Verdict::kPotentialViolation, "potential violation, of low severity"}},
      {"2023-12-kyivstar-telecoms.json", {Verdict::kPotentialViolation, "potential violation"}},
      {"2024-01-lviv-district-heating-frostygoop.json",
       {Verdict::kInsufficientInformation, "insufficient information"}},
      {"2024-02-change-healthcare.json", {Verdict::kNoViolation, "no violation by a state"}},
  };
  return *expected;
}

// The source tree is compiled in (tests/norms/CMakeLists.txt): the demo
// files are part of the repository, not of ../shared/data.
std::filesystem::path DemoDir() {
  return std::filesystem::path(ACCORD_NORMS_SOURCE_DIR) / "data" / "demo";
}

Evaluation EvaluateDemo(const std::string& name) {
  auto text = core::ReadFile(DemoDir() / name);
  EXPECT_TRUE(text.has_value()) << name << ": " << (text ? "" : text.error().ToString());
  auto decoded = model::DecodeIncidentReport(text.value_or(""));
  EXPECT_TRUE(decoded.ok()) << name << ": " << (decoded.ok() ? "" : decoded.ToError().ToString());
  if (!decoded.ok()) return Evaluation{};
  return EvaluateIncident(*decoded.report, Catalogue::Builtin(), Adherence::Builtin());
}

std::string_view Name(const std::optional<Verdict>& verdict) {
  return verdict ? VerdictName(*verdict) : "none";
}

TEST(DemoTest, EveryDemoIncidentHasAnExpectation) {
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(DemoDir()))
    if (entry.path().extension() == ".json") files.insert(entry.path().filename().string());
  std::set<std::string> expected;
  for (const auto& [name, expectation] : Expected()) expected.insert(name);
  EXPECT_EQ(files, expected);
}

TEST(DemoTest, EachIncidentEvaluatesToTheConclusionTheReadmeJustifies) {
  for (const auto& [name, expectation] : Expected()) {
    Evaluation evaluation = EvaluateDemo(name);
    if (evaluation.summaries.empty()) continue;  // decoding failed, reported above
    const LayerSummary& binding = evaluation.Summary(Layer::kBinding);
    EXPECT_EQ(Name(binding.verdict), VerdictName(expectation.binding))
        << name << ": README expects \"" << expectation.readme << "\"";
    // With the demo adherence data, a potential violation of a binding norm
    // rests on an established attribution, so countermeasures could be
    // justified exactly then.
    bool countermeasures =
        evaluation.response.response_class == ResponseClass::kCountermeasuresCouldBeJustified;
    EXPECT_EQ(countermeasures, expectation.binding == Verdict::kPotentialViolation) << name;
    EXPECT_EQ(evaluation.catalogue_version, "1.0") << name;
    EXPECT_TRUE(evaluation.adherence_demo) << name;
  }
}

const PrincipleStep& Principle(const Evaluation& evaluation, std::string_view id) {
  for (const PrincipleStep& step : evaluation.principles)
    if (step.principle == id) return step;
  ADD_FAILURE() << "no principle " << id;
  return evaluation.principles.front();
}

// README: Kyivstar "subject to the distinction and proportionality steps on
// the claimed military use"; Viasat "must run the distinction and
// proportionality steps"; Triton "the target was the safety instrumented
// system".
TEST(DemoTest, PrinciplesAndRedLinesTheReadmeCallsOut) {
  Evaluation kyivstar = EvaluateDemo("2023-12-kyivstar-telecoms.json");
  EXPECT_EQ(Principle(kyivstar, "distinction").outcome, PrincipleOutcome::kBreached);
  EXPECT_EQ(Principle(kyivstar, "proportionality").outcome, PrincipleOutcome::kBreached);

  Evaluation viasat = EvaluateDemo("2022-02-viasat-ka-sat.json");
  EXPECT_EQ(Principle(viasat, "distinction").outcome, PrincipleOutcome::kBreached);
  EXPECT_EQ(Principle(viasat, "proportionality").outcome, PrincipleOutcome::kNotApplicable);

  Evaluation triton = EvaluateDemo("2017-08-saudi-petrochemical-triton.json");
  bool safety = false;
  for (const RuleCheck& check : triton.red_lines) safety |= check.id == "RL-SAFETY" && check.outcome == Truth::kTrue;
  EXPECT_TRUE(safety);
}

// README: Volt Typhoon's "pre-positioning should be flagged under the
// non-binding norms"; Industroyer2 "record as an attempted attack".
TEST(DemoTest, IntrusionsWithoutDisruptionAreFlaggedUnderTheVoluntaryLayer) {
  for (const char* name : {"2023-05-volt-typhoon-prepositioning.json", "2022-04-ukraine-industroyer2.json"}) {
    Evaluation evaluation = EvaluateDemo(name);
    bool flagged = false;
    for (const NormVerdict& verdict : evaluation.verdicts)
      flagged |= verdict.norm == "ACN-V3" && verdict.verdict == Verdict::kPotentialViolation;
    EXPECT_TRUE(flagged) << name;
  }
}

TEST(DemoTest, ReliesOnTheOfficialAttributionAndShowsAReservation) {
  Evaluation albania = EvaluateDemo("2022-07-albania-government.json");
  EXPECT_EQ(albania.attribution.state, "IR");
  EXPECT_EQ(albania.attribution.index, 2u);  // the state-conducted one, by a state

  Evaluation notpetya = EvaluateDemo("2017-06-notpetya.json");
  bool reserved = false;
  for (const NormNotApplied& entry : notpetya.not_applied)
    reserved |= entry.norm == "ACN-V2" && entry.reason.find("RU reserved ACN-V2") == 0;
  EXPECT_TRUE(reserved);
}

// The registry evaluates submissions without traces (EvaluateOptions): the
// verdicts, summaries and response must be exactly those of the traced
// evaluation, for every demo incident.
TEST(DemoTest, EvaluatingWithoutTracesGivesTheSameConclusions) {
  std::size_t compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(DemoDir())) {
    if (entry.path().extension() != ".json") continue;
    auto text = core::ReadFile(entry.path());
    ASSERT_TRUE(text) << entry.path();
    auto decoded = model::DecodeIncidentReport(*text);
    ASSERT_TRUE(decoded.ok()) << entry.path();
    Evaluation traced = EvaluateIncident(*decoded.report, Catalogue::Builtin(), Adherence::Builtin());
    Evaluation bare = EvaluateIncident(*decoded.report, Catalogue::Builtin(), Adherence::Builtin(),
                                       {.traces = false});
    ASSERT_EQ(traced.verdicts.size(), bare.verdicts.size()) << entry.path();
    for (std::size_t i = 0; i < traced.verdicts.size(); ++i) {
      EXPECT_EQ(traced.verdicts[i].norm, bare.verdicts[i].norm);
      EXPECT_EQ(traced.verdicts[i].verdict, bare.verdicts[i].verdict) << traced.verdicts[i].norm;
      EXPECT_FALSE(traced.verdicts[i].trace.size() < bare.verdicts[i].trace.size());
    }
    ASSERT_EQ(traced.not_applied.size(), bare.not_applied.size()) << entry.path();
    for (std::size_t i = 0; i < traced.summaries.size(); ++i)
      EXPECT_EQ(traced.summaries[i].verdict, bare.summaries[i].verdict) << entry.path();
    EXPECT_EQ(traced.response.response_class, bare.response.response_class) << entry.path();
    EXPECT_EQ(traced.response.breached_norms, bare.response.breached_norms) << entry.path();
    for (std::size_t i = 0; i < traced.principles.size(); ++i)
      EXPECT_EQ(traced.principles[i].outcome, bare.principles[i].outcome) << entry.path();
    ++compared;
  }
  EXPECT_EQ(compared, 24u);
}

}  // namespace
}  // namespace accord::norms
