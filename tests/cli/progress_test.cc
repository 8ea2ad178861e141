#include "cli/progress.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace accord::cli {
namespace {

using std::chrono::milliseconds;

// A clock the test moves by hand, and a writer that keeps what was drawn.
struct Fixture {
  std::chrono::steady_clock::time_point now{};
  std::vector<std::string> writes;
  Progress Make(ProgressStyle style, ProgressUnit unit = ProgressUnit::kFiles) {
    return Progress(
        "read", unit, style, [this](std::string_view text) { writes.emplace_back(text); },
        [this] { return now; });
  }
};

TEST(ProgressTest, AmountsOfBytesUseBinaryPrefixes) {
  EXPECT_EQ(FormatAmount(0, ProgressUnit::kBytes), "0 B");
  EXPECT_EQ(FormatAmount(1023, ProgressUnit::kBytes), "1023 B");
  EXPECT_EQ(FormatAmount(1536, ProgressUnit::kBytes), "1.5 KiB");
  EXPECT_EQ(FormatAmount(std::uint64_t{3} << 20, ProgressUnit::kBytes), "3.0 MiB");
  EXPECT_EQ(FormatAmount(1234, ProgressUnit::kFiles), "1234");
}

TEST(ProgressTest, BarShowsPercentCountsRateAndObjects) {
  EXPECT_EQ(FormatProgress("read x", 50, 100, 7, ProgressUnit::kFiles, 10.0, ProgressStyle::kBar),
            "read x [###############...............]  50%  50 / 100 files  5.0 files/s  7 objects");
  EXPECT_EQ(FormatProgress("read x", 2u << 20, 4u << 20, 0, ProgressUnit::kBytes, 2.0,
                           ProgressStyle::kLines),
            "read x  50%  2.0 MiB / 4.0 MiB  1.0 MiB/s");
  // An unknown total: no bar, no percent.
  EXPECT_EQ(FormatProgress("read x", 3, 0, 0, ProgressUnit::kFiles, 0.0, ProgressStyle::kBar),
            "read x  3 files");
}

TEST(ProgressTest, PagesAndReportsAreCountedByName) {
  // `accord taxii pull`: the number of pages is not known in advance.
  EXPECT_EQ(FormatProgress("fetch c", 3, 0, 1500, ProgressUnit::kPages, 2.0, ProgressStyle::kBar),
            "fetch c  3 pages  1.5 pages/s  1500 objects");
  // `accord taxii push`: reports sent out of all of them.
  EXPECT_EQ(FormatProgress("push", 4, 10, 52, ProgressUnit::kReports, 2.0, ProgressStyle::kLines),
            "push  40%  4 / 10 reports  2.0 reports/s  52 objects");
  EXPECT_EQ(FormatAmount(1234, ProgressUnit::kPages), "1234");
}

TEST(ProgressTest, BarIsRedrawnInPlaceAtMostTenTimesASecond) {
  Fixture fixture;
  Progress progress = fixture.Make(ProgressStyle::kBar);
  for (int i = 1; i <= 1000; ++i) {  // one update a millisecond for one second
    fixture.now += milliseconds(1);
    progress.Update(static_cast<std::uint64_t>(i), 1000);
  }
  progress.Finish();
  EXPECT_LE(progress.draws(), 12u);
  EXPECT_GE(progress.draws(), 10u);
  for (const auto& write : fixture.writes) EXPECT_EQ(write.rfind("\r\x1b[2K", 0), 0u) << write;
  EXPECT_EQ(fixture.writes.back().back(), '\n');  // the last draw ends the line
  EXPECT_NE(fixture.writes.back().find("100%"), std::string::npos) << fixture.writes.back();
}

TEST(ProgressTest, LinesAreWrittenEveryTenPercent) {
  Fixture fixture;
  Progress progress = fixture.Make(ProgressStyle::kLines);
  for (int i = 1; i <= 1000; ++i) {
    fixture.now += milliseconds(1);
    progress.Update(static_cast<std::uint64_t>(i), 1000);
  }
  progress.Finish();  // 100% was written already: not again
  ASSERT_EQ(fixture.writes.size(), 10u);
  for (const auto& write : fixture.writes) {
    EXPECT_EQ(write.find('\r'), std::string::npos);
    EXPECT_EQ(write.back(), '\n');
  }
  EXPECT_NE(fixture.writes[0].find(" 10%"), std::string::npos) << fixture.writes[0];
}

TEST(ProgressTest, LinesAreWrittenEveryTwoSecondsWhenProgressIsSlow) {
  Fixture fixture;
  Progress progress = fixture.Make(ProgressStyle::kLines);
  for (int i = 1; i <= 10; ++i) {  // 1% a second: stuck between the 10% steps
    fixture.now += std::chrono::seconds(1);
    progress.Update(static_cast<std::uint64_t>(i), 1000);
  }
  EXPECT_EQ(fixture.writes.size(), 5u);
}

}  // namespace
}  // namespace accord::cli
