// libFuzzer target for the methodology profile parser (assess/methodology.h)
// and the dependency matrix parser (assess/cascade.h). Besides memory errors
// (and exceptions escaping toml++, which would abort) it checks:
//   - a rejected text is kInvalidArgument or kResourceExhausted;
//   - an accepted profile scores a fixed report within 0..1000, with
//     score_min <= score <= score_max and a non-empty level.
// Any violation aborts, so libFuzzer reports it as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "assess/score.h"

namespace {

using accord::core::ErrorCode;
using namespace accord;

[[noreturn]] void Violated(const char* property) {
  std::fprintf(stderr, "property violated: %s\n", property);
  std::abort();
}

void CheckRejection(const core::Error& error) {
  if (error.code != ErrorCode::kInvalidArgument && error.code != ErrorCode::kResourceExhausted)
    Violated("rejection is kInvalidArgument or kResourceExhausted");
  if (error.message.empty()) Violated("rejection has a message");
}

model::IncidentReport FixedReport() {
  model::IncidentReport r;
  r.affected_entities.push_back({"energy.electricity", "dso", "UA", model::CivilianStatus::kCivilian,
                                 std::nullopt, 100000});
  r.effects.availability = true;
  r.effects.disruption_hours = 30;
  r.effects.effect_location = model::EffectLocation::kOt;
  r.effects.deaths = 1;
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const model::IncidentReport report = FixedReport();
  auto m = assess::Methodology::Parse(text);
  if (!m) {
    CheckRejection(m.error());
  } else {
    auto a = assess::Score(report, *m);
    if (!a) Violated("a valid report scores under any accepted profile");
    if (a->score < 0 || a->score > 1000) Violated("score within 0..1000");
    if (a->score_min > a->score || a->score > a->score_max) Violated("score within its range");
    if (a->level.empty()) Violated("score has a level");
  }
  auto d = assess::DependencyMatrix::Parse(text);
  if (!d) CheckRejection(d.error());
  return 0;
}
