// ReplayStoredEntries: replaying entry bundles from a tile store (what the
// node, `accord transparency report` and `accord audit` share) must give
// the ledger that replaying the same entries from memory gives, however the
// replay is cut into steps and whichever size the tiles were laid out for.
#include "transparency/replay.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../registry/registry_test_util.h"
#include "transparency/report.h"
#include "transparency_test_util.h"

namespace accord::transparency {
namespace {

constexpr std::uint64_t kEntries = 300;  // more than one 256-entry bundle

// The hand-written log followed by parties up to kEntries entries.
std::vector<std::string> LongLog() {
  std::vector<std::string> entries = testing::HandWrittenLog();
  while (entries.size() < kEntries) {
    const std::uint64_t seq = entries.size();
    char id[64];
    std::snprintf(id, sizeof id, "party--00000000-0000-4000-8000-%012llu",
                  static_cast<unsigned long long>(seq));
    entries.push_back(testing::Party(seq, id, "operator", ""));
  }
  return entries;
}

// The 2026 report of `ledger` as JSON, citing a checkpoint of its size.
std::string ReportOf(const PublicLedger& ledger) {
  ledger::Checkpoint cite;
  cite.origin = "log.example/replay-test";
  cite.tree_size = ledger.size();
  auto report = Compute(ledger, 2026, std::nullopt, cite);
  EXPECT_TRUE(report) << report.error().ToString();
  return report ? EncodeReportJson(*report) : "";
}

// The log of LongLog() appended in three batches, so that the store holds
// partial bundles of several widths as a real node's does.
class ReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = registry::testing::CreateLog(tiles_);
    ASSERT_NE(log_, nullptr);
    const std::vector<std::size_t> cuts{0, 100, 250, entries_.size()};
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
      std::vector<std::string> batch(entries_.begin() + static_cast<std::ptrdiff_t>(cuts[i]),
                                     entries_.begin() + static_cast<std::ptrdiff_t>(cuts[i + 1]));
      auto appended = log_->AppendBatch(batch);
      ASSERT_TRUE(appended) << appended.error().ToString();
    }
    ASSERT_EQ(log_->size(), kEntries);
  }

  std::string ExpectedReport(std::size_t size) {
    auto ledger = PublicLedger::Replay(std::span(entries_.data(), size));
    EXPECT_TRUE(ledger) << ledger.error().ToString();
    return ledger ? ReportOf(*ledger) : "";
  }

  std::vector<std::string> entries_ = LongLog();
  ledger::MemoryTileStore tiles_;
  std::unique_ptr<ledger::Log> log_;
};

TEST_F(ReplayTest, WholeLogFromTilesEqualsReplayFromMemory) {
  PublicLedger ledger;
  std::vector<std::uint64_t> seen;
  auto replayed = ReplayStoredEntries(ledger, tiles_, kEntries, kEntries,
                                      [&seen](std::uint64_t done) { seen.push_back(done); });
  ASSERT_TRUE(replayed) << replayed.error().ToString();
  EXPECT_EQ(ledger.size(), kEntries);
  EXPECT_EQ(ReportOf(ledger), ExpectedReport(kEntries));
  EXPECT_EQ(seen, (std::vector<std::uint64_t>{256, kEntries}));  // once per bundle
}

TEST_F(ReplayTest, StepsAcrossTheBundleBoundaryGiveTheSameLedger) {
  PublicLedger ledger;
  for (std::uint64_t until : {std::uint64_t{10}, std::uint64_t{255}, std::uint64_t{256},
                              std::uint64_t{257}, kEntries}) {
    auto replayed = ReplayStoredEntries(ledger, tiles_, kEntries, until);
    ASSERT_TRUE(replayed) << "until " << until << ": " << replayed.error().ToString();
    ASSERT_EQ(ledger.size(), until);
    EXPECT_EQ(ReportOf(ledger), ExpectedReport(until)) << "until " << until;
  }
}

TEST_F(ReplayTest, EarlierSizeIsReadFromTheTilesOfTheLaterCheckpoint) {
  // The tiles are laid out for 300 entries; a report citing 120 reads the
  // first 120 entries of the full first bundle.
  PublicLedger ledger;
  ASSERT_TRUE(ReplayStoredEntries(ledger, tiles_, kEntries, 120));
  EXPECT_EQ(ReportOf(ledger), ExpectedReport(120));
}

TEST_F(ReplayTest, RefusesSizesOutsideTheStoredLog) {
  PublicLedger ledger;
  auto beyond = ReplayStoredEntries(ledger, tiles_, kEntries, kEntries + 1);
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(beyond.error().message.find("301"), std::string::npos) << beyond.error().message;

  ASSERT_TRUE(ReplayStoredEntries(ledger, tiles_, kEntries, 50));
  auto backwards = ReplayStoredEntries(ledger, tiles_, kEntries, 40);
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(ledger.size(), 50u);
}

TEST(ReplayStoreTest, MissingBundleIsNamed) {
  ledger::MemoryTileStore empty;
  PublicLedger ledger;
  auto replayed = ReplayStoredEntries(ledger, empty, 5, 5);
  ASSERT_FALSE(replayed);
  EXPECT_NE(replayed.error().message.find("tile/entries/000.p/5"), std::string::npos)
      << replayed.error().message;
}

TEST(CoveredYearsTest, SpansFirstToLastEntry) {
  PublicLedger ledger;
  EXPECT_TRUE(CoveredYears(ledger).empty());
  ASSERT_TRUE(ledger.Apply(testing::Entry(0, "party.registered", "2024-06-01T00:00:00Z",
                                          testing::kAtlantis,
                                          R"({"id":")" + std::string(testing::kAtlantis) +
                                              R"(","kind":"state","name":"n","status":"active",)"
                                              R"("registered_at":"2024-06-01T00:00:00Z","state":"AT",)"
                                              R"("contacts":{"public":[]}})")));
  EXPECT_EQ(CoveredYears(ledger), std::vector<int>{2024});
  ASSERT_TRUE(ledger.Apply(testing::Party(1, testing::kBorduria, "state", "BO")));  // at 2026-01-01
  EXPECT_EQ(CoveredYears(ledger), (std::vector<int>{2024, 2025, 2026}));
  EXPECT_EQ(YearOf(ledger.last_at()), 2026);
}

TEST(CoveredYearsTest, YearOfTheLastMicrosecondOfAYear) {
  auto at = core::ParseRfc3339("1999-12-31T23:59:59.999999Z");
  ASSERT_TRUE(at);
  EXPECT_EQ(YearOf(*at), 1999);
  EXPECT_EQ(YearOf(*at + std::chrono::microseconds{1}), 2000);
}

}  // namespace
}  // namespace accord::transparency
