// libFuzzer target: cli::ParseScenario (the exercise scenario TOML of
// `accord exercise run`) and ParseOffset must return a value or an error
// for any input, never crash, and a parsed scenario must respect its
// bounds (steps in offset order, each offset within 366 days).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cli/exercise_scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto scenario = accord::cli::ParseScenario(text, "fuzz/scenario.toml");
  if (scenario) {
    if (scenario->steps.empty() || scenario->steps.size() > 1000) std::abort();
    for (std::size_t i = 0; i < scenario->steps.size(); ++i) {
      const auto& step = scenario->steps[i];
      if (step.offset_seconds < 0 || step.offset_seconds > 366LL * 24 * 3600) std::abort();
      if (i > 0 && scenario->steps[i - 1].offset_seconds > step.offset_seconds) std::abort();
    }
  }
  auto offset = accord::cli::ParseOffset(text.substr(0, 16));
  if (offset && (*offset < 0 || *offset > 366LL * 24 * 3600)) std::abort();
  return 0;
}
