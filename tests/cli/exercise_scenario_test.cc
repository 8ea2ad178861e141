// Exercise scenarios (cli/exercise_scenario.h): the TOML `accord exercise
// run` reads, with errors naming the key, and the per-party response times
// `accord exercise report` prints.
#include "cli/exercise_scenario.h"

#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/file_io.h"
#include "core/json_reader.h"

namespace accord::cli {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kMinimal = R"(
name = "drill"
[[steps]]
at = "5m"
action = "notify"
from = "EE"
to = ["LV"]
subject = "s"
)";

std::string ErrorOf(std::string_view text) {
  auto parsed = ParseScenario(text, "/x/drill.toml");
  EXPECT_FALSE(parsed) << "parsed";
  return parsed ? "" : parsed.error().message;
}

TEST(ParseOffsetTest, ReadsEachUnit) {
  EXPECT_EQ(*ParseOffset("90"), 90);
  EXPECT_EQ(*ParseOffset("90s"), 90);
  EXPECT_EQ(*ParseOffset("5m"), 300);
  EXPECT_EQ(*ParseOffset("2h"), 7200);
  EXPECT_EQ(*ParseOffset("1d"), 86400);
  EXPECT_EQ(*ParseOffset("366d"), 366 * 86400);
}

TEST(ParseOffsetTest, RefusesOtherTextNamingIt) {
  for (std::string_view bad : {"", "m", "5 m", "-5m", "1.5h", "5w", "367d", "9999999999"}) {
    auto parsed = ParseOffset(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_THAT(parsed.error().message, HasSubstr("offset \"" + std::string(bad) + "\"")) << bad;
  }
}

TEST(ParseScenarioTest, ReadsAMinimalScenarioWithDefaults) {
  auto parsed = ParseScenario(kMinimal, "/x/drill.toml");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->name, "drill");
  ASSERT_EQ(parsed->steps.size(), 1u);
  const ScenarioStep& step = parsed->steps[0];
  EXPECT_EQ(step.key, "steps[0]");
  EXPECT_EQ(step.offset_seconds, 300);
  EXPECT_EQ(step.action, StepAction::kNotify);
  EXPECT_EQ(step.kind, "incident-alert");
  EXPECT_EQ(step.priority, "urgent");
  EXPECT_EQ(step.tlp, "AMBER");
  EXPECT_EQ(step.to, std::vector<std::string>{"LV"});
}

TEST(ParseScenarioTest, OrdersStepsByOffsetKeepingTheirKeys) {
  std::string text = std::string(kMinimal) +
                     "[[steps]]\nat = \"1m\"\naction = \"ping\"\nto = \"all\"\n";
  auto parsed = ParseScenario(text, "/x/drill.toml");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->steps.size(), 2u);
  EXPECT_EQ(parsed->steps[0].key, "steps[1]");
  EXPECT_EQ(parsed->steps[0].from, "secretariat");
  EXPECT_EQ(parsed->steps[0].to, std::vector<std::string>{"all"});
  EXPECT_EQ(parsed->steps[1].key, "steps[0]");
}

TEST(ParseScenarioTest, ResolvesTokenAndReportPathsAgainstTheScenariosFolder) {
  std::string text = "name = \"r\"\n[tokens]\nEE = \"t/ee.token\"\n[[steps]]\nat = \"0\"\naction = \"report\"\n"
                     "from = \"EE\"\nreport = \"../r.json\"\n";
  auto parsed = ParseScenario(text, "/x/drill.toml");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->tokens.at("EE"), std::filesystem::path("/x/t/ee.token"));
  EXPECT_EQ(parsed->steps[0].report, std::filesystem::path("/x/../r.json"));
}

TEST(ParseScenarioTest, ErrorsNameTheFileTheKeyAndTheReason) {
  EXPECT_EQ(ErrorOf("[[steps]]\nat = \"0\"\naction = \"ping\"\nto = \"all\"\n"), "/x/drill.toml: name: is required");
  EXPECT_EQ(ErrorOf("name = \"n\"\n"), "/x/drill.toml: steps: is required ([[steps]] tables)");
  std::string text(kMinimal);
  EXPECT_EQ(ErrorOf(text + "colour = 1\n"),
            "/x/drill.toml: steps[0].colour: unknown key (expected at, action, from, to, kind, priority, "
            "subject, body, tlp, report)");
  EXPECT_THAT(ErrorOf("name = \"n\"\n[[steps]]\nat = \"soon\"\naction = \"notify\"\nfrom = \"EE\"\nto = [\"LV\"]\n"
                      "subject = \"s\"\n"),
              HasSubstr("/x/drill.toml: steps[0].at: offset \"soon\""));
  EXPECT_EQ(ErrorOf("name = \"n\"\n[[steps]]\nat = \"0\"\naction = \"notify\"\nfrom = \"EE\"\nto = [\"LV\", 3]\n"
                    "subject = \"s\"\n"),
            "/x/drill.toml: steps[0].to[1]: must be an ISO 3166 alpha-2 state code");
  EXPECT_EQ(ErrorOf("name = \"n\"\n[[steps]]\nat = \"0\"\naction = \"notify\"\nfrom = \"EE\"\nto = [\"LV\"]\n"),
            "/x/drill.toml: steps[0].subject: is required");
  EXPECT_EQ(ErrorOf("name = \"n\"\n[[steps]]\nat = \"0\"\naction = \"ping\"\nfrom = \"EE\"\nto = \"all\"\n"),
            "/x/drill.toml: steps[0].from: a ping is sent by the secretariat");
  EXPECT_EQ(ErrorOf("name = \"n\"\n[[steps]]\nat = \"0\"\naction = \"report\"\nfrom = \"EE\"\nsubject = \"s\"\n"),
            "/x/drill.toml: steps[0].subject: only for a notify step");
  EXPECT_EQ(ErrorOf("name = \"n\"\n[tokens]\nplanet = \"x\"\n[[steps]]\nat = \"0\"\naction = \"ping\"\nto = \"all\"\n"),
            "/x/drill.toml: tokens.planet: must be a state code or \"secretariat\"");
  EXPECT_THAT(ErrorOf("name = \n"), HasSubstr("/x/drill.toml: line 1, column"));
}

TEST(ParseScenarioTest, TheExampleScenarioParses) {
  const std::filesystem::path path = std::filesystem::path(ACCORD_TEST_SOURCE_DIR) / "examples" / "exercises" /
                                     "water-utility-ransomware.toml";
  auto text = core::ReadFile(path);
  ASSERT_TRUE(text) << text.error().ToString();
  auto parsed = ParseScenario(*text, path);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->steps.size(), 5u);
  EXPECT_TRUE(std::filesystem::exists(parsed->steps[1].report)) << parsed->steps[1].report;
}

core::JsonValue Items(std::string_view text) {
  auto parsed = core::ParseJsonStrict(text);
  EXPECT_TRUE(parsed) << parsed.error().ToString();
  return parsed ? *parsed : core::JsonValue();
}

TEST(ExerciseResponseTimesTest, CountsOnTimeLateMissedAndPendingPerRecipient) {
  // Two notifications sent at 10:00, due at 11:00: P1 acknowledges after
  // 10 and 90 minutes (on time, late); P2 never (missed at 12:00, the
  // second one still pending until 13:00).
  core::JsonValue items = Items(R"([
    {"statuses":[
      {"recipient":"p1","sent_at":"2026-01-01T10:00:00Z","due":"2026-01-01T11:00:00Z","acknowledged_at":"2026-01-01T10:10:00Z"},
      {"recipient":"p2","sent_at":"2026-01-01T10:00:00Z","due":"2026-01-01T11:00:00Z"}]},
    {"statuses":[
      {"recipient":"p1","sent_at":"2026-01-01T10:00:00Z","due":"2026-01-01T11:00:00Z","acknowledged_at":"2026-01-01T11:30:00Z"},
      {"recipient":"p2","sent_at":"2026-01-01T10:00:00Z","due":"2026-01-01T13:00:00Z"}]}])");
  auto times = ExerciseResponseTimes(items, *core::ParseRfc3339("2026-01-01T12:00:00Z"), std::nullopt);
  ASSERT_TRUE(times) << times.error().ToString();
  ASSERT_EQ(times->size(), 2u);
  const PartyResponseTimes& p1 = (*times)[0];
  EXPECT_EQ(p1.party, "p1");
  EXPECT_EQ(p1.notifications, 2);
  EXPECT_EQ(p1.on_time, 1);
  EXPECT_EQ(p1.late, 1);
  EXPECT_EQ(p1.median_seconds, 600);  // lower median of 600 and 5400
  EXPECT_EQ(p1.max_seconds, 5400);
  const PartyResponseTimes& p2 = (*times)[1];
  EXPECT_EQ(p2.missed, 1);
  EXPECT_EQ(p2.pending, 1);
  EXPECT_FALSE(p2.median_seconds);
  auto since = ExerciseResponseTimes(items, *core::ParseRfc3339("2026-01-01T12:00:00Z"),
                                     *core::ParseRfc3339("2026-01-01T10:00:01Z"));
  ASSERT_TRUE(since);
  EXPECT_TRUE(since->empty());
}

TEST(ExerciseResponseTimesTest, NamesTheItemThatLacksAMember) {
  auto times = ExerciseResponseTimes(Items(R"([{"statuses":[{"recipient":"p1"}]}])"),
                                     *core::ParseRfc3339("2026-01-01T12:00:00Z"), std::nullopt);
  ASSERT_FALSE(times);
  EXPECT_EQ(times.error().message, "items[0].statuses[0]: needs \"recipient\", \"sent_at\" and \"due\"");
}

}  // namespace
}  // namespace accord::cli
