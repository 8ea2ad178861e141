#include "core/time.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <thread>
#include <vector>

namespace accord::core {
namespace {

using std::chrono::microseconds;
using std::chrono::seconds;
using ::testing::HasSubstr;

Timestamp Parsed(std::string_view text) {
  auto parsed = ParseRfc3339(text);
  EXPECT_TRUE(parsed) << text << ": " << parsed.error().ToString();
  return parsed ? *parsed : Timestamp{};
}

std::string ErrorOf(std::string_view text) {
  auto parsed = ParseRfc3339(text);
  EXPECT_FALSE(parsed) << text << " parsed as " << FormatRfc3339(*parsed);
  if (parsed) return "";
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  return parsed.error().message;
}

Timestamp UnixSeconds(std::int64_t value) {
  return Timestamp{seconds{value}};
}

TEST(ParseRfc3339Test, ParsesWellKnownInstants) {
  EXPECT_EQ(Parsed("1970-01-01T00:00:00Z"), UnixSeconds(0));
  EXPECT_EQ(Parsed("2000-01-01T00:00:00Z"), UnixSeconds(946684800));
  EXPECT_EQ(Parsed("2001-09-09T01:46:40Z"), UnixSeconds(1000000000));
  EXPECT_EQ(Parsed("2038-01-19T03:14:07Z"), UnixSeconds(2147483647));  // INT32_MAX
  EXPECT_EQ(Parsed("1969-12-31T23:59:59Z"), UnixSeconds(-1));
}

TEST(ParseRfc3339Test, ParsesTheExamplesOfSection5_8) {
  // "1985-04-12T23:20:50.52Z": 20 minutes and 50.52 seconds after 23:00 UTC.
  EXPECT_EQ(Parsed("1985-04-12T23:20:50.52Z"), UnixSeconds(482196050) + microseconds{520000});
  // "1996-12-19T16:39:57-08:00 ... is equivalent to 1996-12-20T00:39:57Z".
  EXPECT_EQ(Parsed("1996-12-19T16:39:57-08:00"), Parsed("1996-12-20T00:39:57Z"));
  // "1937-01-01T12:00:27.87+00:20": noon, Netherlands time, in 1937.
  EXPECT_EQ(FormatRfc3339(Parsed("1937-01-01T12:00:27.87+00:20")), "1937-01-01T11:40:27.870Z");
}

TEST(ParseRfc3339Test, RejectsTheLeapSecondExampleOfSection5_8) {
  EXPECT_EQ(ErrorOf("1990-12-31T23:59:60Z"),
            "\"1990-12-31T23:59:60Z\" at byte 17: second 60 is a leap second, which accord "
            "timestamps cannot represent (they count POSIX time, which has no leap seconds)");
  EXPECT_THAT(ErrorOf("1990-12-31T15:59:60-08:00"), HasSubstr("at byte 17: second 60 is a leap"));
}

TEST(ParseRfc3339Test, AcceptsLowerCaseTAndZ) {
  EXPECT_EQ(Parsed("2025-03-04t05:06:07z"), Parsed("2025-03-04T05:06:07Z"));
}

TEST(ParseRfc3339Test, ConvertsNumericOffsetsToUtc) {
  EXPECT_EQ(Parsed("2025-01-01T01:30:00+01:30"), Parsed("2025-01-01T00:00:00Z"));
  EXPECT_EQ(Parsed("2024-12-31T23:59:00-00:01"), Parsed("2025-01-01T00:00:00Z"));
  EXPECT_EQ(Parsed("2025-01-01T00:00:00+23:59"), Parsed("2024-12-31T00:01:00Z"));
  // Section 4.3: "-00:00" is UTC with an unknown local offset.
  EXPECT_EQ(Parsed("2025-01-01T00:00:00-00:00"), Parsed("2025-01-01T00:00:00Z"));
  EXPECT_EQ(Parsed("2025-01-01T00:00:00+00:00"), Parsed("2025-01-01T00:00:00Z"));
}

TEST(ParseRfc3339Test, KeepsFractionsToTheMicrosecond) {
  const Timestamp base = Parsed("2025-01-01T00:00:00Z");
  EXPECT_EQ(Parsed("2025-01-01T00:00:00.5Z"), base + microseconds{500000});
  EXPECT_EQ(Parsed("2025-01-01T00:00:00.123Z"), base + microseconds{123000});
  EXPECT_EQ(Parsed("2025-01-01T00:00:00.000001Z"), base + microseconds{1});
  EXPECT_EQ(Parsed("2025-01-01T00:00:00.123456Z"), base + microseconds{123456});
  // Zeros after the sixth digit change nothing, so they are accepted.
  EXPECT_EQ(Parsed("2025-01-01T00:00:00.123456000Z"), base + microseconds{123456});
  EXPECT_EQ(Parsed("2025-01-01T00:00:00.0Z"), base);
}

TEST(ParseRfc3339Test, RejectsDigitsFinerThanAMicrosecond) {
  EXPECT_EQ(ErrorOf("2025-01-01T00:00:00.1234567Z"),
            "\"2025-01-01T00:00:00.1234567Z\" at byte 26: fraction .1234567 is finer than a "
            "microsecond; digits after the sixth must be 0");
  EXPECT_THAT(ErrorOf("2025-01-01T00:00:00.000000001Z"),
              HasSubstr("at byte 28: fraction .000000001 is finer than a microsecond"));
}

TEST(ParseRfc3339Test, RejectsMoreThanNineFractionDigits) {
  EXPECT_THAT(ErrorOf("2025-01-01T00:00:00.0000000000Z"),
              HasSubstr("at byte 29: fraction has more than 9 digits"));
}

TEST(ParseRfc3339Test, RejectsAnEmptyFraction) {
  EXPECT_THAT(ErrorOf("2025-01-01T00:00:00.Z"),
              HasSubstr("at byte 20: expected a digit after '.', found \"Z\""));
}

TEST(ParseRfc3339Test, ValidatesDayOfMonthWithLeapYears) {
  EXPECT_EQ(ErrorOf("2025-02-30T00:00:00Z"),
            "\"2025-02-30T00:00:00Z\" at byte 8: day 30 is out of range for 2025-02");
  EXPECT_EQ(ErrorOf("2023-02-29T00:00:00Z"),
            "\"2023-02-29T00:00:00Z\" at byte 8: day 29 is out of range for 2023-02");
  // Gregorian rules: 1900 is not a leap year, 2000 and 0000 are.
  EXPECT_THAT(ErrorOf("1900-02-29T00:00:00Z"), HasSubstr("day 29 is out of range for 1900-02"));
  EXPECT_EQ(Parsed("2000-02-29T00:00:00Z"), UnixSeconds(951782400));
  EXPECT_EQ(FormatRfc3339(Parsed("2024-02-29T12:00:00Z")), "2024-02-29T12:00:00Z");
  EXPECT_EQ(FormatRfc3339(Parsed("0000-02-29T00:00:00Z")), "0000-02-29T00:00:00Z");
  EXPECT_THAT(ErrorOf("2025-04-31T00:00:00Z"), HasSubstr("day 31 is out of range for 2025-04"));
  EXPECT_THAT(ErrorOf("2025-01-00T00:00:00Z"), HasSubstr("at byte 8: day 0 is out of range"));
  EXPECT_EQ(FormatRfc3339(Parsed("2025-12-31T00:00:00Z")), "2025-12-31T00:00:00Z");
}

TEST(ParseRfc3339Test, RejectsOutOfRangeFieldsNamingTheirOffset) {
  EXPECT_THAT(ErrorOf("2025-13-01T00:00:00Z"),
              HasSubstr("at byte 5: month 13 is out of range 01-12"));
  EXPECT_THAT(ErrorOf("2025-00-01T00:00:00Z"),
              HasSubstr("at byte 5: month 00 is out of range 01-12"));
  EXPECT_THAT(ErrorOf("2025-01-01T24:00:00Z"),
              HasSubstr("at byte 11: hour 24 is out of range 00-23"));
  EXPECT_THAT(ErrorOf("2025-01-01T00:60:00Z"),
              HasSubstr("at byte 14: minute 60 is out of range 00-59"));
  EXPECT_THAT(ErrorOf("2025-01-01T00:00:61Z"),
              HasSubstr("at byte 17: second 61 is out of range 00-59"));
  EXPECT_THAT(ErrorOf("2025-01-01T00:00:00+24:00"),
              HasSubstr("at byte 20: offset hour 24 is out of range 00-23"));
  EXPECT_THAT(ErrorOf("2025-01-01T00:00:00+01:60"),
              HasSubstr("at byte 23: offset minute 60 is out of range 00-59"));
}

TEST(ParseRfc3339Test, RejectsASpaceBetweenDateAndTime) {
  EXPECT_EQ(ErrorOf("2025-01-01 00:00:00Z"),
            "\"2025-01-01 00:00:00Z\" at byte 10: found a space where 'T' must separate date "
            "and time (RFC 3339 section 5.6 allows only 'T' or 't')");
}

TEST(ParseRfc3339Test, RejectsSyntaxErrorsNamingTheOffset) {
  EXPECT_EQ(ErrorOf(""), "\"\" at byte 0: expected a 4-digit year, found end of input");
  EXPECT_THAT(ErrorOf("25-01-01T00:00:00Z"),
              HasSubstr("at byte 0: expected a 4-digit year, found \"2\""));
  EXPECT_THAT(ErrorOf("+2025-01-01T00:00:00Z"), HasSubstr("at byte 0: expected a 4-digit year"));
  EXPECT_THAT(ErrorOf("2025/01/01T00:00:00Z"),
              HasSubstr("at byte 4: expected '-' after the year, found \"/\""));
  EXPECT_THAT(ErrorOf("2025-1-01T00:00:00Z"), HasSubstr("at byte 5: expected a 2-digit month"));
  EXPECT_THAT(ErrorOf("2025-01-1T00:00:00Z"), HasSubstr("at byte 8: expected a 2-digit day"));
  EXPECT_THAT(ErrorOf("2025-01-01"),
              HasSubstr("at byte 10: expected 'T' after the date, found end of input"));
  EXPECT_THAT(ErrorOf("2025-01-01T00:00Z"),
              HasSubstr("at byte 16: expected ':' after the minute, found \"Z\""));
  EXPECT_THAT(ErrorOf("2025-01-01T0:00:00Z"), HasSubstr("at byte 11: expected a 2-digit hour"));
  EXPECT_THAT(ErrorOf("2025-01-01T00:00:00+0100"),
              HasSubstr("at byte 22: expected ':' in the time offset, found \"0\""));
  EXPECT_THAT(ErrorOf("2025-01-01T00:00:00+1:00"),
              HasSubstr("at byte 20: expected a 2-digit offset hour"));
}

TEST(ParseRfc3339Test, RejectsAMissingOffset) {
  EXPECT_EQ(ErrorOf("2025-01-01T00:00:00"),
            "\"2025-01-01T00:00:00\" at byte 19: expected 'Z' or a numeric offset such as "
            "+01:00 after the time, found end of input");
  EXPECT_THAT(ErrorOf("2025-01-01T00:00:00 UTC"), HasSubstr("at byte 19: expected 'Z'"));
}

TEST(ParseRfc3339Test, RejectsTrailingCharacters) {
  EXPECT_EQ(ErrorOf("2025-01-01T00:00:00Zjunk"),
            "\"2025-01-01T00:00:00Zjunk\" at byte 20: unexpected \"junk\" after the time offset");
  EXPECT_THAT(ErrorOf("2025-01-01T00:00:00Z\n"), HasSubstr("unexpected \"\\x0a\""));
}

TEST(ParseRfc3339Test, RejectsNonAsciiDigits) {
  // U+0661 ARABIC-INDIC DIGIT ONE is a digit to some parsers, not to RFC 3339
  // (its DIGIT is ABNF's %x30-39).
  EXPECT_THAT(ErrorOf("\xd9\xa1"
                      "025-01-01T00:00:00Z"),
              HasSubstr("expected a 4-digit year"));
}

TEST(ParseRfc3339Test, AcceptsTheFirstAndLastRepresentableInstants) {
  EXPECT_EQ(Parsed("0000-01-01T00:00:00Z"), kMinTimestamp);
  EXPECT_EQ(Parsed("9999-12-31T23:59:59.999999Z"), kMaxTimestamp);
}

TEST(ParseRfc3339Test, RejectsInstantsThatLeaveYears0000To9999InUtc) {
  EXPECT_THAT(ErrorOf("0000-01-01T00:00:00+00:01"),
              HasSubstr("at byte 19: the instant falls before year 0000 in UTC"));
  EXPECT_THAT(ErrorOf("9999-12-31T23:59:59-00:01"),
              HasSubstr("at byte 19: the instant falls after year 9999 in UTC"));
}

TEST(ParseRfc3339Test, QuotesHostileInputShortAndEscaped) {
  const std::string input = "\x1b[31m" + std::string(10000, '9');
  const std::string message = ErrorOf(input);
  EXPECT_LT(message.size(), 200u);
  EXPECT_THAT(message, HasSubstr("\"\\x1b[31m999"));
  EXPECT_EQ(message.find('\x1b'), std::string::npos);
}

TEST(FormatRfc3339Test, WritesUtcWithZ) {
  EXPECT_EQ(FormatRfc3339(Timestamp{}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(UnixSeconds(1000000000)), "2001-09-09T01:46:40Z");
  EXPECT_EQ(FormatRfc3339(UnixSeconds(2147483647)), "2038-01-19T03:14:07Z");
  EXPECT_EQ(FormatRfc3339(UnixSeconds(-1)), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339(kMinTimestamp), "0000-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(kMaxTimestamp), "9999-12-31T23:59:59.999999Z");
}

TEST(FormatRfc3339Test, AutoPrecisionWritesAsFewDigitsAsExact) {
  const Timestamp base = UnixSeconds(1000000000);
  EXPECT_EQ(FormatRfc3339(base), "2001-09-09T01:46:40Z");
  EXPECT_EQ(FormatRfc3339(base + microseconds{500000}), "2001-09-09T01:46:40.500Z");
  EXPECT_EQ(FormatRfc3339(base + microseconds{1000}), "2001-09-09T01:46:40.001Z");
  EXPECT_EQ(FormatRfc3339(base + microseconds{1}), "2001-09-09T01:46:40.000001Z");
  EXPECT_EQ(FormatRfc3339(base + microseconds{123450}), "2001-09-09T01:46:40.123450Z");
}

TEST(FormatRfc3339Test, FixedPrecisionsPadAndTruncateTowardsThePast) {
  const Timestamp time = UnixSeconds(1000000000) + microseconds{123999};
  EXPECT_EQ(FormatRfc3339(time, TimePrecision::kSeconds), "2001-09-09T01:46:40Z");
  EXPECT_EQ(FormatRfc3339(time, TimePrecision::kMillis), "2001-09-09T01:46:40.123Z");
  EXPECT_EQ(FormatRfc3339(time, TimePrecision::kMicros), "2001-09-09T01:46:40.123999Z");
  EXPECT_EQ(FormatRfc3339(UnixSeconds(0), TimePrecision::kMillis), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(UnixSeconds(0), TimePrecision::kMicros), "1970-01-01T00:00:00.000000Z");
  // One microsecond before the epoch is still in 1969 at every precision.
  const Timestamp before_epoch{microseconds{-1}};
  EXPECT_EQ(FormatRfc3339(before_epoch, TimePrecision::kSeconds), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339(before_epoch, TimePrecision::kMillis), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatRfc3339(before_epoch), "1969-12-31T23:59:59.999999Z");
}

TEST(FormatRfc3339Test, RoundTripsThroughParseAtMicrosecondPrecision) {
  std::mt19937_64 random(20251127);
  std::uniform_int_distribution<std::int64_t> any_instant(kMinTimestamp.time_since_epoch().count(),
                                                          kMaxTimestamp.time_since_epoch().count());
  for (int i = 0; i < 10000; ++i) {
    const Timestamp time{microseconds{any_instant(random)}};
    for (auto precision : {TimePrecision::kMicros, TimePrecision::kAuto}) {
      const std::string text = FormatRfc3339(time, precision);
      auto parsed = ParseRfc3339(text);
      ASSERT_TRUE(parsed) << text << ": " << parsed.error().ToString();
      ASSERT_EQ(*parsed, time) << text;
    }
  }
}

TEST(UnixSecondsTest, ConvertsBothWaysRoundingTowardsThePast) {
  EXPECT_EQ(ToUnixSeconds(UnixSeconds(1700000000)), 1700000000);
  EXPECT_EQ(ToUnixSeconds(UnixSeconds(1700000000) + microseconds{999999}), 1700000000);
  EXPECT_EQ(ToUnixSeconds(Timestamp{microseconds{-1}}), -1);
  EXPECT_EQ(*FromUnixSeconds(1000000000), Parsed("2001-09-09T01:46:40Z"));
  EXPECT_EQ(*FromUnixSeconds(-62167219200), kMinTimestamp);
  EXPECT_EQ(FormatRfc3339(*FromUnixSeconds(253402300799)), "9999-12-31T23:59:59Z");
}

TEST(UnixSecondsTest, RejectsSecondsOutsideYears0000To9999) {
  auto late = FromUnixSeconds(253402300800);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(late.error().message, "unix time 253402300800 is outside years 0000-9999");
  EXPECT_FALSE(FromUnixSeconds(-62167219201));
  EXPECT_FALSE(FromUnixSeconds(INT64_MAX));  // would overflow as microseconds
  EXPECT_FALSE(FromUnixSeconds(INT64_MIN));
}

TEST(ClockTest, SystemClockIsCloseToTheSystemTime) {
  const SystemClock clock;
  const auto difference = clock.Now() - std::chrono::system_clock::now();
  EXPECT_LT(std::chrono::abs(difference), seconds{5});
}

TEST(ClockTest, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(UnixSeconds(1000));
  EXPECT_EQ(clock.Now(), UnixSeconds(1000));
  EXPECT_EQ(clock.Now(), UnixSeconds(1000));
  clock.Advance(seconds{5});
  EXPECT_EQ(clock.Now(), UnixSeconds(1005));
  clock.Advance(-microseconds{1});
  EXPECT_EQ(clock.Now(), UnixSeconds(1005) - microseconds{1});
  clock.Set(UnixSeconds(7));
  EXPECT_EQ(clock.Now(), UnixSeconds(7));
  const Clock& as_interface = clock;
  EXPECT_EQ(as_interface.Now(), UnixSeconds(7));
}

TEST(ClockTest, ManualClockCountsEveryAdvanceFromManyThreads) {
  ManualClock clock;
  constexpr int kThreads = 4;
  constexpr int kSteps = 10000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&clock] {
      for (int i = 0; i < kSteps; ++i) {
        clock.Advance(microseconds{1});
        (void)clock.Now();
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(clock.Now(), Timestamp{microseconds{kThreads * kSteps}});
}

}  // namespace
}  // namespace accord::core
