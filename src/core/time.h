// Points in time for accord: RFC 3339 text in and out, Unix seconds for the
// C2SP formats, and the Clock that code asks for "now".
//
// A Timestamp is a count of microseconds since 1970-01-01T00:00:00Z with no
// leap seconds (POSIX time), limited to years 0000-9999 so that every one of
// them has an RFC 3339 spelling. Microseconds, because STIX 2.1 timestamps
// (section 3.2) need at least milliseconds and some sources write
// microseconds; finer digits are rejected rather than rounded, so a stored
// time is exactly the time that was submitted.
//
// Parsing follows the `date-time` production of RFC 3339 section 5.6 exactly:
// no space instead of 'T', no missing seconds or offset. Formatting always
// writes UTC with 'Z', which is what STIX requires.
//
// Code never reads the system clock directly: it is given a Clock, so tests
// run with a ManualClock and deadlines are tested without sleeping.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace accord::core {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// The first and last representable instants: 0000-01-01T00:00:00Z and
// 9999-12-31T23:59:59.999999Z.
inline constexpr Timestamp kMinTimestamp{std::chrono::microseconds{-62167219200000000}};
inline constexpr Timestamp kMaxTimestamp{std::chrono::microseconds{253402300799999999}};

// Parses an RFC 3339 section 5.6 `date-time`: YYYY-MM-DD, 'T' or 't',
// hh:mm:ss, an optional fraction of 1 to 9 digits, then 'Z', 'z' or +hh:mm /
// -hh:mm (converted to UTC; "-00:00" is UTC too, section 4.3). Fails with
// kInvalidArgument, naming the input, the byte offset and the field, when:
// the syntax differs (a space for 'T' included); month, day (leap years
// included), hour (> 23), minute (> 59) or offset is out of range; the second
// is 60 (leap seconds are not representable in POSIX time); a fraction digit
// after the sixth is not zero; or the instant in UTC falls outside years
// 0000-9999. Example: `"2025-02-30T00:00:00Z" at byte 8: day 30 is out of
// range for 2025-02`.
Result<Timestamp> ParseRfc3339(std::string_view text);

enum class TimePrecision {
  kSeconds,  // 2025-01-31T12:00:00Z (sub-second part truncated)
  kMillis,   // 2025-01-31T12:00:00.000Z (sub-millisecond part truncated)
  kMicros,   // 2025-01-31T12:00:00.000000Z
  kAuto,     // no fraction if whole seconds, else 3 digits if they suffice, else 6
};

// Writes `time` as RFC 3339 in UTC with a 'Z'. Truncation goes towards the
// past, so a formatted time is never later than the instant it stands for.
// REQUIRES: kMinTimestamp <= time <= kMaxTimestamp (ParseRfc3339 and
// FromUnixSeconds guarantee it).
std::string FormatRfc3339(Timestamp time, TimePrecision precision = TimePrecision::kAuto);

// Whole seconds since the Unix epoch, rounded towards the past (so
// 1969-12-31T23:59:59.5Z is -1). Used for C2SP cosignature timestamps.
std::int64_t ToUnixSeconds(Timestamp time);

// The instant `seconds` after the Unix epoch. Fails with kInvalidArgument if
// it lies outside years 0000-9999 (this also rules out overflow).
Result<Timestamp> FromUnixSeconds(std::int64_t seconds);

// Where "now" comes from. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// The system's real-time clock, truncated to microseconds.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

// A clock that moves only when told: for tests and simulations. Safe to read
// and move from several threads at once.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start = Timestamp{}) : micros_(Count(start)) {}

  Timestamp Now() const override {
    return Timestamp{std::chrono::microseconds{micros_.load(std::memory_order_acquire)}};
  }
  void Set(Timestamp time) { micros_.store(Count(time), std::memory_order_release); }
  // Moves the clock by `delta` (which may be negative, to test clock steps).
  void Advance(std::chrono::microseconds delta) {
    micros_.fetch_add(delta.count(), std::memory_order_acq_rel);
  }

 private:
  static std::int64_t Count(Timestamp time) { return time.time_since_epoch().count(); }

  // Microseconds since the epoch; an atomic count keeps Now() lock-free.
  std::atomic<std::int64_t> micros_;
};

}  // namespace accord::core
