// The worked examples of docs/methodology.md ("Worked examples"): each
// demo incident of data/demo is scored with the built-in profile 1.0 and
// must print exactly the score, range, level and confidence that the
// document derives by hand, factor by factor.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "assess/score.h"
#include "model/report_codec.h"

namespace accord::assess {
namespace {

model::IncidentReport Demo(const std::string& file) {
  std::ifstream in(std::string(ACCORD_ASSESS_SOURCE_DIR) + "/data/demo/" + file);
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto decoded = model::DecodeIncidentReport(buffer.str());
  EXPECT_TRUE(decoded.ok()) << file << ": " << decoded.ToError().message;
  return decoded.ok() ? *decoded.report : model::IncidentReport{};
}

struct Expected {
  std::string file;
  std::int32_t score, score_min, score_max;
  std::string_view level;
  ScoreConfidence confidence;
  std::vector<std::int32_t> points;  // per factor, profile order
  std::vector<std::string> reached;  // cascade, by intensity then code
};

// docs/methodology.md, "Worked examples" 1-6.
const std::vector<Expected>& Examples() {
  static const std::vector<Expected> examples = {
      {"2015-12-ukraine-power-grid.json", 509, 393, 773, "high", ScoreConfidence::kLow,
       {1000, 400, 300, 300, 200, 350, 700, 1000, 1000},
       {"drinking-water", "waste-water", "digital-infrastructure", "transport", "banking",
        "emergency-services", "public-administration", "health"}},
      {"2021-02-oldsmar-water-treatment.json", 325, 233, 573, "medium", ScoreConfidence::kLow,
       {600, 400, 300, 0, 200, 100, 700, 0, 500}, {}},
      {"2020-09-duesseldorf-university-hospital.json", 393, 241, 741, "medium",
       ScoreConfidence::kLow, {1000, 400, 300, 0, 200, 350, 300, 400, 300},
       {"emergency-services"}},
      {"2024-02-change-healthcare.json", 517, 445, 745, "high", ScoreConfidence::kLow,
       {1000, 1000, 300, 0, 200, 650, 300, 0, 300}, {}},
      {"2017-08-saudi-petrochemical-triton.json", 450, 270, 850, "high", ScoreConfidence::kLow,
       {1000, 400, 300, 0, 200, 350, 1000, 0, 1000}, {}},
      {"2023-12-kyivstar-telecoms.json", 451, 299, 799, "high", ScoreConfidence::kLow,
       {1000, 400, 300, 0, 200, 350, 300, 1000, 1000},
       {"banking", "emergency-services", "public-administration", "health", "transport",
        "energy", "food"}},
  };
  return examples;
}

TEST(WorkedExamplesTest, DemoIncidentsScoreExactlyAsDocumented) {
  for (const Expected& e : Examples()) {
    SCOPED_TRACE(e.file);
    auto a = Score(Demo(e.file));
    ASSERT_TRUE(a.has_value()) << a.error().message;
    EXPECT_EQ(a->score, e.score);
    EXPECT_EQ(a->score_min, e.score_min);
    EXPECT_EQ(a->score_max, e.score_max);
    EXPECT_EQ(a->level, e.level);
    EXPECT_EQ(a->confidence, e.confidence);
    ASSERT_EQ(e.points.size(), kFactorCount);
    for (std::size_t i = 0; i < kFactorCount; ++i)
      EXPECT_EQ(a->factors[i].points, e.points[i]) << FactorKey(static_cast<Factor>(i));
    ASSERT_TRUE(a->cascade.has_value());
    std::vector<std::string> reached;
    for (const CascadeSector& s : a->cascade->reached) reached.push_back(s.sector);
    EXPECT_EQ(reached, e.reached);
  }
}

TEST(WorkedExamplesTest, UkraineGridCascadeIntensitiesAsDocumented) {
  auto a = Score(Demo("2015-12-ukraine-power-grid.json"));
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(a->cascade.has_value());
  EXPECT_EQ(a->cascade->hours_used, 6);
  EXPECT_FALSE(a->cascade->hours_assumed);
  std::vector<std::int32_t> intensities;
  for (const CascadeSector& s : a->cascade->reached) intensities.push_back(s.intensity);
  // 800, 800 (energy -> water, waste water), 700 (-> digital), 500 (-> transport),
  // 700 x 700 = 490 (digital -> banking), 700 x 600 = 420 (-> emergency services),
  // 700 x 500 = 350 (-> public administration), 700 x 400 = 280 (-> health).
  EXPECT_EQ(intensities, (std::vector<std::int32_t>{800, 800, 700, 500, 490, 420, 350, 280}));
  // No population in the report: no estimate, and it says so by being empty.
  EXPECT_FALSE(a->cascade->estimated_population.has_value());
}

TEST(WorkedExamplesTest, KyivstarCascadeIntensitiesAsDocumented) {
  auto a = Score(Demo("2023-12-kyivstar-telecoms.json"));
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(a->cascade.has_value());
  // No disruption_hours: the thresholds are applied to the assumed 24 h.
  EXPECT_TRUE(a->cascade->hours_assumed);
  EXPECT_EQ(a->cascade->hours_used, 24);
  std::vector<std::int32_t> intensities;
  for (const CascadeSector& s : a->cascade->reached) intensities.push_back(s.intensity);
  // banking and emergency-services observed (1000); digital -> public
  // administration 500, -> health 400, -> transport 400, -> energy 300;
  // banking -> food 1000 x 300 = 300.
  EXPECT_EQ(intensities, (std::vector<std::int32_t>{1000, 1000, 500, 400, 400, 300, 300}));
  EXPECT_EQ(a->cascade->reached[0].hops, 0);
  EXPECT_EQ(a->cascade->reached[6].via, "banking");
}

TEST(WorkedExamplesTest, EveryDemoIncidentScoresWithinBounds) {
  for (const char* file :
       {"2012-08-saudi-aramco-shamoon.json", "2016-12-ukraine-power-grid.json",
        "2017-05-wannacry.json", "2017-06-notpetya.json", "2020-04-israel-water-facilities.json",
        "2020-05-iran-shahid-rajaee-port.json", "2021-05-colonial-pipeline.json",
        "2021-05-ireland-hse-conti.json", "2022-02-viasat-ka-sat.json",
        "2022-04-costa-rica-conti.json", "2022-04-ukraine-industroyer2.json",
        "2022-07-albania-government.json", "2022-10-ukraine-power-sandworm.json",
        "2023-05-dallas-ransomware-dispatch.json", "2023-05-denmark-energy-sector.json",
        "2023-05-volt-typhoon-prepositioning.json", "2023-11-aliquippa-water-unitronics.json",
        "2024-01-lviv-district-heating-frostygoop.json"}) {
    SCOPED_TRACE(file);
    auto a = Score(Demo(file));
    ASSERT_TRUE(a.has_value()) << a.error().message;
    EXPECT_LE(a->score_min, a->score);
    EXPECT_LE(a->score, a->score_max);
    EXPECT_LE(a->score_max, 1000);
    EXPECT_FALSE(a->level.empty());
  }
}

}  // namespace
}  // namespace accord::assess
