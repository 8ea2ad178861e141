// Helpers shared by the tests of the norms module: a valid incident report
// built in code (each test changes what it is about), conditions compiled
// from TOML text, and the built-in catalogue and adherence data.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include "core/time.h"
#include "model/incident_report.h"
#include "norms/catalogue.h"
#include "norms/conditions.h"
#include "norms/internal/condition_parser.h"

namespace accord::norms {
// Readable failure messages for Truth values.
inline void PrintTo(Truth value, std::ostream* out) { *out << TruthName(value); }
}  // namespace accord::norms

namespace accord::norms::testing {

inline core::Timestamp Time(std::string_view text) {
  auto parsed = core::ParseRfc3339(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(core::Timestamp{});
}

inline model::Date Day(int year, unsigned month, unsigned day) {
  return model::Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

// A civilian electricity distributor in UA lost service for 6 hours; no
// attribution, no techniques. Tests add what they are about.
inline model::IncidentReport GridReport() {
  model::IncidentReport report;
  report.id = core::StixId::Parse("incident-report--6f1c8c3e-8a7b-4e0c-9d51-2b7f0c1e9a10").value();
  report.title = "test outage";
  report.reporter.kind = model::ReporterKind::kState;
  report.reporter.state = "UA";
  report.times.start = Time("2016-12-17T21:53:00Z");
  report.reported_at = Time("2016-12-20T00:00:00Z");
  report.affected_states = {"UA"};
  model::AffectedEntity grid;
  grid.sector = "energy.electricity";
  grid.entity_type = "distribution-system-operator";
  grid.state = "UA";
  grid.civilian_status = model::CivilianStatus::kCivilian;
  report.affected_entities = {grid};
  report.effects.availability = true;
  report.effects.integrity = true;
  report.effects.effect_location = model::EffectLocation::kOt;
  report.effects.disruption_hours = 6;
  report.effects.physical_damage = model::PhysicalDamage::kNone;
  report.effects.recoverability = model::Recoverability::kRegular;
  report.tlp = model::Tlp::kClear;
  return report;
}

// An attribution to `state` by a state agency.
inline model::Attribution StateAttribution(std::string state,
                                           model::Sponsorship sponsorship =
                                               model::Sponsorship::kStateConducted,
                                           model::Confidence confidence = model::Confidence::kHigh,
                                           model::AttributionStatus status =
                                               model::AttributionStatus::kSettled) {
  model::Attribution attribution;
  attribution.by.kind = model::AttributorKind::kAgency;
  attribution.by.name = "a national agency";
  attribution.by.state = "UA";
  attribution.to.kind = model::AttributedKind::kState;
  attribution.to.state = std::move(state);
  attribution.sponsorship = sponsorship;
  attribution.basis = {model::AttributionBasis::kTechnical};
  attribution.confidence = confidence;
  attribution.date = Day(2017, 1, 10);
  attribution.status = status;
  return attribution;
}

// A settled attribution to a criminal group acting on its own.
inline model::Attribution CriminalAttribution() {
  model::Attribution attribution;
  attribution.by.kind = model::AttributorKind::kAgency;
  attribution.by.name = "a police agency";
  attribution.by.state = "DE";
  attribution.to.kind = model::AttributedKind::kNonStateGroup;
  attribution.to.name = "a ransomware group";
  attribution.sponsorship = model::Sponsorship::kNonState;
  attribution.basis = {model::AttributionBasis::kTechnical};
  attribution.confidence = model::Confidence::kHigh;
  attribution.date = Day(2017, 1, 10);
  attribution.status = model::AttributionStatus::kSettled;
  return attribution;
}

// Compiles the TOML inline table `text` (e.g. `{ field = "effects.availability",
// op = "eq", value = true }`) as a condition in `scope`, with no references.
inline core::Result<Condition> CompileText(std::string_view text, Scope scope = Scope::kReport,
                                           const internal::ReferenceIndex& references = {}) {
  std::string document = "c = " + std::string(text) + "\n";
  toml::table table;
  try {
    table = toml::parse(document);
  } catch (const toml::parse_error& error) {
    ADD_FAILURE() << "test condition is not TOML: " << error.description() << ": " << text;
    return core::InvalidArgument("not TOML");
  }
  return internal::CompileCondition(*table.get("c"), scope, references, "test");
}

}  // namespace accord::norms::testing
