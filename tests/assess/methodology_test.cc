// The methodology profile and the dependency matrix: the built-in files
// parse, and every kind of bad profile is refused with the key and reason.
#include "assess/methodology.h"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "assess/cascade.h"

namespace accord::assess {
namespace {

std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(ACCORD_TEST_SOURCE_DIR) + "/" + relative);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The built-in profile with its first occurrence of `from` replaced.
std::string Patched(std::string_view from, std::string_view to) {
  std::string text = ReadSource("data/assess/methodology-1.0.toml");
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

void ExpectRefused(const std::string& text, std::string_view needle1, std::string_view needle2) {
  auto m = Methodology::Parse(text);
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(m.error().message.find(needle1), std::string::npos) << m.error().message;
  EXPECT_NE(m.error().message.find(needle2), std::string::npos) << m.error().message;
}

TEST(MethodologyTest, BuiltinProfileParses) {
  auto m = Methodology::ParseBuiltin();
  ASSERT_TRUE(m.has_value()) << m.error().message;
  EXPECT_EQ(m->version(), "1.0");
  EXPECT_EQ(m->total_weight(), 100);
  ASSERT_EQ(m->levels().size(), 6u);
  EXPECT_EQ(m->levels().front().name, "baseline");
  EXPECT_EQ(m->levels().back().name, "emergency");
}

TEST(MethodologyTest, EmbeddedProfileIsTheFileInData) {
  auto file = Methodology::Parse(ReadSource("data/assess/methodology-1.0.toml"));
  ASSERT_TRUE(file.has_value()) << file.error().message;
  EXPECT_EQ(file->version(), Methodology::Builtin().version());
  EXPECT_EQ(file->total_weight(), Methodology::Builtin().total_weight());
}

TEST(MethodologyTest, BuiltinDependenciesParse) {
  auto d = DependencyMatrix::ParseBuiltin();
  ASSERT_TRUE(d.has_value()) << d.error().message;
  EXPECT_GE(d->dependencies().size(), 20u);
}

TEST(MethodologyTest, LevelBoundariesFollowTheProfile) {
  const Methodology& m = Methodology::Builtin();
  EXPECT_EQ(m.LevelFor(0), "baseline");
  EXPECT_EQ(m.LevelFor(149), "baseline");
  EXPECT_EQ(m.LevelFor(150), "low");
  EXPECT_EQ(m.LevelFor(450), "high");
  EXPECT_EQ(m.LevelFor(799), "severe");
  EXPECT_EQ(m.LevelFor(800), "emergency");
  EXPECT_EQ(m.LevelFor(1000), "emergency");
}

TEST(MethodologyTest, BandsMapInputsToPoints) {
  const FactorSpec& duration = Methodology::Builtin().factor(Factor::kDuration);
  EXPECT_EQ(duration.BandPoints(0), 0);
  EXPECT_EQ(duration.BandPoints(23), 300);
  EXPECT_EQ(duration.BandPoints(24), 500);
  EXPECT_EQ(duration.BandPoints(87600), 1000);
}

TEST(MethodologyTest, RefusesTextThatIsNotToml) {
  ExpectRefused("version = \n", "line 1", "methodology profile");
}

TEST(MethodologyTest, RefusesWeightOutOfRange) {
  ExpectRefused(Patched("weight = 16", "weight = 1001"), "factor.functional_impact.weight",
                "outside 0..1000");
}

TEST(MethodologyTest, RefusesUnknownTopLevelKey) {
  ExpectRefused(Patched("death_weight = 10", "death_weight = 10\ncolour = 1"), "colour",
                "unknown key");
}

TEST(MethodologyTest, RefusesMissingOption) {
  ExpectRefused(Patched("\"destroyed\" = 1000", "\"destroyd\" = 1000"),
                "factor.physical_damage.options.destroyd", "unknown option");
}

TEST(MethodologyTest, RefusesDecreasingBands) {
  ExpectRefused(Patched("[24, 500]", "[24, 100]"), "factor.duration.bands[3]", "decrease");
}

TEST(MethodologyTest, RefusesBandsNotStartingAtZero) {
  ExpectRefused(Patched("bands = [[0, 0], [1, 400]", "bands = [[1, 400]"),
                "factor.casualties.bands[0]", "start at 0");
}

TEST(MethodologyTest, RefusesLevelsOutOfOrder) {
  ExpectRefused(Patched("min_score = 300", "min_score = 100"), "levels[2].min_score",
                "not above");
}

TEST(MethodologyTest, RefusesMissingFactor) {
  std::string text = Patched("[factor.actor]", "[unused]");
  ExpectRefused(text, "unused", "unknown key");
}

TEST(MethodologyTest, RefusesOversizedText) {
  auto m = Methodology::Parse(std::string(Methodology::kMaxTextBytes + 1, '#'));
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().code, core::ErrorCode::kResourceExhausted);
}

TEST(DependencyMatrixTest, RefusesUnknownSector) {
  auto d = DependencyMatrix::Parse(
      "version = 1\n[[dependency]]\nfrom = \"energy\"\nto = \"hospitals\"\nstrength = 500\n"
      "min_hours = 1\nbasis = \"x\"\n");
  ASSERT_FALSE(d.has_value());
  EXPECT_NE(d.error().message.find("dependency[0].to"), std::string::npos) << d.error().message;
}

TEST(DependencyMatrixTest, RefusesSubSectorAndRepeats) {
  auto sub = DependencyMatrix::Parse(
      "version = 1\n[[dependency]]\nfrom = \"energy.oil\"\nto = \"transport\"\nstrength = 500\n"
      "min_hours = 1\nbasis = \"x\"\n");
  ASSERT_FALSE(sub.has_value());
  EXPECT_NE(sub.error().message.find("sub-sector"), std::string::npos) << sub.error().message;
  std::string one =
      "[[dependency]]\nfrom = \"energy\"\nto = \"transport\"\nstrength = 500\nmin_hours = 1\n"
      "basis = \"x\"\n";
  auto repeat = DependencyMatrix::Parse("version = 1\n" + one + one);
  ASSERT_FALSE(repeat.has_value());
  EXPECT_NE(repeat.error().message.find("dependency[1]: repeats energy -> transport"),
            std::string::npos)
      << repeat.error().message;
}

TEST(DependencyMatrixTest, RefusesStrengthOutOfRange) {
  auto d = DependencyMatrix::Parse(
      "version = 1\n[[dependency]]\nfrom = \"energy\"\nto = \"transport\"\nstrength = 0\n"
      "min_hours = 1\nbasis = \"x\"\n");
  ASSERT_FALSE(d.has_value());
  EXPECT_NE(d.error().message.find("dependency[0].strength: outside 1..1000"), std::string::npos)
      << d.error().message;
}

}  // namespace
}  // namespace accord::assess
