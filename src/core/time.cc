#include "core/time.h"

#include <cassert>

#include "core/encoding.h"

namespace accord::core {
namespace {

using std::chrono::days;
using std::chrono::microseconds;
using std::chrono::sys_days;

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr std::int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
// RFC 3339 section 5.6 allows any number of fraction digits; we take up to
// nanoseconds (what any clock writes) and refuse longer runs of digits.
constexpr int kMaxFractionDigits = 9;
constexpr int kKeptFractionDigits = 6;

static_assert(sys_days{std::chrono::year{0} / 1 / 1}.time_since_epoch() ==
              std::chrono::duration_cast<days>(kMinTimestamp.time_since_epoch()));
static_assert(sys_days{std::chrono::year{10000} / 1 / 1}.time_since_epoch() -
                  std::chrono::duration_cast<days>(kMaxTimestamp.time_since_epoch()) ==
              days{1});

std::string TwoDigits(int value) {
  return {static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

// A single pass over the text, left to right, in the order of the grammar of
// RFC 3339 section 5.6. Each error names the byte where the problem starts.
class Rfc3339Parser {
 public:
  explicit Rfc3339Parser(std::string_view text) : text_(text) {}

  Result<Timestamp> Parse() {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    std::size_t start = position_;
    if (!Digits(4, &year)) return Fail(start, "expected a 4-digit year, " + Found());
    if (!Literal('-')) return Fail(position_, "expected '-' after the year, " + Found());

    start = position_;
    if (!Digits(2, &month)) return Fail(start, "expected a 2-digit month, " + Found());
    if (month < 1 || month > 12)
      return Fail(start, "month " + TwoDigits(month) + " is out of range 01-12");
    if (!Literal('-')) return Fail(position_, "expected '-' after the month, " + Found());

    start = position_;
    if (!Digits(2, &day)) return Fail(start, "expected a 2-digit day, " + Found());
    const auto year_month =
        std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)};
    const unsigned last_day = static_cast<unsigned>((year_month / std::chrono::last).day());
    if (day < 1 || static_cast<unsigned>(day) > last_day)
      return Fail(start, "day " + std::to_string(day) + " is out of range for " +
                             std::string(text_.substr(0, 7)));

    // Section 5.6 allows 'T' or 't'; its NOTE lets other specs permit a
    // space, but STIX and our formats do not, and one spelling keeps
    // stored text comparable.
    if (position_ < text_.size() && text_[position_] == ' ')
      return Fail(position_,
                  "found a space where 'T' must separate date and time (RFC 3339 "
                  "section 5.6 allows only 'T' or 't')");
    if (!Literal('T') && !Literal('t'))
      return Fail(position_, "expected 'T' after the date, " + Found());

    start = position_;
    if (!Digits(2, &hour)) return Fail(start, "expected a 2-digit hour, " + Found());
    if (hour > 23) return Fail(start, "hour " + TwoDigits(hour) + " is out of range 00-23");
    if (!Literal(':')) return Fail(position_, "expected ':' after the hour, " + Found());

    start = position_;
    if (!Digits(2, &minute)) return Fail(start, "expected a 2-digit minute, " + Found());
    if (minute > 59) return Fail(start, "minute " + TwoDigits(minute) + " is out of range 00-59");
    if (!Literal(':')) return Fail(position_, "expected ':' after the minute, " + Found());

    start = position_;
    if (!Digits(2, &second)) return Fail(start, "expected a 2-digit second, " + Found());
    if (second == 60)
      return Fail(start,
                  "second 60 is a leap second, which accord timestamps cannot represent "
                  "(they count POSIX time, which has no leap seconds)");
    if (second > 59) return Fail(start, "second " + TwoDigits(second) + " is out of range 00-59");

    std::int64_t fraction_micros = 0;
    if (Literal('.')) {
      auto fraction = Fraction();
      if (!fraction) return fraction.error();
      fraction_micros = *fraction;
    }

    auto offset = Offset();
    if (!offset) return offset.error();
    if (position_ != text_.size())
      return Fail(position_, "unexpected " + QuoteForMessage(text_.substr(position_), 16) +
                                 " after the time offset");

    const std::int64_t days_since_epoch = sys_days{year_month / day}.time_since_epoch().count();
    const std::int64_t local = days_since_epoch * 24 * kMicrosPerHour + hour * kMicrosPerHour +
                               minute * kMicrosPerMinute + second * kMicrosPerSecond +
                               fraction_micros;
    // The local time minus its offset is UTC (section 4.2).
    const Timestamp utc{microseconds{local - *offset}};
    if (utc < kMinTimestamp)
      return Fail(offset_position_, "the instant falls before year 0000 in UTC");
    if (utc > kMaxTimestamp)
      return Fail(offset_position_, "the instant falls after year 9999 in UTC");
    return utc;
  }

 private:
  // Reads exactly `count` ASCII digits into `value`; consumes nothing on
  // failure.
  bool Digits(int count, int* value) {
    if (text_.size() - position_ < static_cast<std::size_t>(count)) return false;
    int result = 0;
    for (int i = 0; i < count; ++i) {
      char c = text_[position_ + static_cast<std::size_t>(i)];
      if (c < '0' || c > '9') return false;
      result = result * 10 + (c - '0');
    }
    position_ += static_cast<std::size_t>(count);
    *value = result;
    return true;
  }

  bool Literal(char expected) {
    if (position_ < text_.size() && text_[position_] == expected) {
      ++position_;
      return true;
    }
    return false;
  }

  // After the '.': the fraction in microseconds.
  Result<std::int64_t> Fraction() {
    const std::size_t start = position_;
    std::int64_t micros = 0;
    int count = 0;
    while (position_ < text_.size() && text_[position_] >= '0' && text_[position_] <= '9') {
      if (count == kMaxFractionDigits)
        return Fail(position_,
                    "fraction has more than " + std::to_string(kMaxFractionDigits) + " digits");
      const int digit = text_[position_] - '0';
      if (count < kKeptFractionDigits) {
        micros = micros * 10 + digit;
      } else if (digit != 0) {
        // Rounding or truncating would store a different time from the one
        // submitted, and the log would then disagree with the submitter.
        return Fail(position_, "fraction ." + std::string(text_.substr(start, count + 1)) +
                                   " is finer than a microsecond; digits after the sixth "
                                   "must be 0");
      }
      ++count;
      ++position_;
    }
    if (count == 0) return Fail(position_, "expected a digit after '.', " + Found());
    for (int i = count; i < kKeptFractionDigits; ++i) micros *= 10;
    return micros;
  }

  // The time-offset: 'Z', 'z' or (+|-)hh:mm. Returns the offset east of UTC
  // in microseconds.
  Result<std::int64_t> Offset() {
    offset_position_ = position_;
    if (Literal('Z') || Literal('z')) return std::int64_t{0};
    int sign = 0;
    if (Literal('+')) {
      sign = 1;
    } else if (Literal('-')) {
      sign = -1;
    } else {
      return Fail(position_,
                  "expected 'Z' or a numeric offset such as +01:00 after the time, " + Found());
    }
    int hours = 0, minutes = 0;
    std::size_t start = position_;
    if (!Digits(2, &hours)) return Fail(start, "expected a 2-digit offset hour, " + Found());
    if (hours > 23)
      return Fail(start, "offset hour " + TwoDigits(hours) + " is out of range 00-23");
    if (!Literal(':')) return Fail(position_, "expected ':' in the time offset, " + Found());
    start = position_;
    if (!Digits(2, &minutes)) return Fail(start, "expected a 2-digit offset minute, " + Found());
    if (minutes > 59)
      return Fail(start, "offset minute " + TwoDigits(minutes) + " is out of range 00-59");
    return sign * (hours * kMicrosPerHour + minutes * kMicrosPerMinute);
  }

  // "found end of input" or `found "x"`, for "expected ..." messages.
  std::string Found() const {
    if (position_ >= text_.size()) return "found end of input";
    return "found " + QuoteForMessage(text_.substr(position_, 1));
  }

  Error Fail(std::size_t at, std::string reason) const {
    return InvalidArgument(QuoteForMessage(text_) + " at byte " + std::to_string(at) + ": " +
                           reason);
  }

  std::string_view text_;
  std::size_t position_ = 0;
  std::size_t offset_position_ = 0;
};

// Writes `value` as exactly `width` digits at `out`. REQUIRES: value >= 0 and
// fits in `width` digits.
char* WriteDigits(char* out, std::int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

}  // namespace

Result<Timestamp> ParseRfc3339(std::string_view text) {
  return Rfc3339Parser(text).Parse();
}

std::string FormatRfc3339(Timestamp time, TimePrecision precision) {
  assert(time >= kMinTimestamp && time <= kMaxTimestamp);
  const auto day = std::chrono::floor<days>(time);
  const std::chrono::year_month_day date{day};
  const std::int64_t micros_of_day = (time - day).count();
  const std::int64_t sub_second = micros_of_day % kMicrosPerSecond;
  const std::int64_t seconds_of_day = micros_of_day / kMicrosPerSecond;

  int fraction_digits = 0;
  switch (precision) {
    case TimePrecision::kSeconds:
      fraction_digits = 0;
      break;
    case TimePrecision::kMillis:
      fraction_digits = 3;
      break;
    case TimePrecision::kMicros:
      fraction_digits = 6;
      break;
    case TimePrecision::kAuto:
      fraction_digits = sub_second == 0 ? 0 : (sub_second % 1000 == 0 ? 3 : 6);
      break;
  }

  // "YYYY-MM-DDThh:mm:ss" + ".ffffff" + "Z": at most 27 characters, written
  // into a stack buffer (this runs for every entry the log serves).
  char buffer[32];
  char* out = buffer;
  int year = static_cast<int>(date.year());
  if (year < 0 || year > 9999) {
    // Unreachable under the precondition; keep the output visibly wrong
    // rather than wrapping into a plausible year.
    return std::to_string(year) + "-out-of-range";
  }
  out = WriteDigits(out, year, 4);
  *out++ = '-';
  out = WriteDigits(out, static_cast<unsigned>(date.month()), 2);
  *out++ = '-';
  out = WriteDigits(out, static_cast<unsigned>(date.day()), 2);
  *out++ = 'T';
  out = WriteDigits(out, seconds_of_day / 3600, 2);
  *out++ = ':';
  out = WriteDigits(out, seconds_of_day / 60 % 60, 2);
  *out++ = ':';
  out = WriteDigits(out, seconds_of_day % 60, 2);
  if (fraction_digits > 0) {
    *out++ = '.';
    std::int64_t fraction = sub_second;
    for (int i = fraction_digits; i < 6; ++i) fraction /= 10;
    out = WriteDigits(out, fraction, fraction_digits);
  }
  *out++ = 'Z';
  return std::string(buffer, out);
}

std::int64_t ToUnixSeconds(Timestamp time) {
  return std::chrono::floor<std::chrono::seconds>(time).time_since_epoch().count();
}

Result<Timestamp> FromUnixSeconds(std::int64_t seconds) {
  constexpr std::int64_t kMinSeconds = -62167219200;  // 0000-01-01T00:00:00Z
  constexpr std::int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z
  if (seconds < kMinSeconds || seconds > kMaxSeconds)
    return InvalidArgument("unix time " + std::to_string(seconds) + " is outside years 0000-9999");
  return Timestamp{microseconds{seconds * kMicrosPerSecond}};
}

Timestamp SystemClock::Now() const {
  return std::chrono::floor<microseconds>(std::chrono::system_clock::now());
}

}  // namespace accord::core
