// Progress of a long command (`accord import`, `accord taxii pull|push`;
// issue 7: "long imports show a progress bar on a terminal, and plain
// progress lines when not a terminal"), written to standard error so that
// standard output keeps the results.
//
// On a terminal: one bar redrawn in place with '\r' (percent, counts, rate),
// at most kBarRedrawsPerSecond times a second however often Update is
// called, so that a million updates cost a few hundred writes. Elsewhere
// (a pipe, a CI log): one plain line each time another 10% is done or
// kLineInterval has passed, whichever comes first, so that logs stay short
// and still show a stuck import.
//
// Thread-safety: one Progress is used by one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace accord::cli {

enum class ProgressStyle { kBar, kLines };

// What is counted: bytes are shown as KiB/MiB/GiB, the other units as
// numbers followed by their name ("12 files", "3 pages", "40 reports").
enum class ProgressUnit { kBytes, kFiles, kPages, kReports, kEntries };

inline constexpr int kBarRedrawsPerSecond = 10;
inline constexpr std::chrono::seconds kLineInterval{2};
inline constexpr int kBarWidth = 30;

// "12.3 MiB" for bytes, "1234" for the other units (without their name).
std::string FormatAmount(std::uint64_t amount, ProgressUnit unit);

// One bar: "label [#########.....]  31%  12.3 MiB / 40.0 MiB  5.6 MiB/s  1234 objects".
// `total` 0 means unknown (no bar, no percent); `objects` is shown when
// not 0; `seconds` is the time since the start (for the rate).
std::string FormatProgress(std::string_view label, std::uint64_t done, std::uint64_t total,
                           std::uint64_t objects, ProgressUnit unit, double seconds,
                           ProgressStyle style);

class Progress {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  using Writer = std::function<void(std::string_view)>;

  // `style`: kBar when standard error is a terminal (isatty), else kLines,
  // unless given. `write` (default: standard error) and `clock` (default:
  // steady_clock) are injected by tests.
  explicit Progress(std::string label, ProgressUnit unit);
  Progress(std::string label, ProgressUnit unit, ProgressStyle style, Writer write, Clock clock);

  // Records that `done` of `total` are done (`objects` found so far), and
  // draws when the throttle allows.
  void Update(std::uint64_t done, std::uint64_t total, std::uint64_t objects = 0);
  // Draws the final state once (the bar then ends its line).
  void Finish();

  std::uint64_t draws() const { return draws_; }

 private:
  void Draw(bool final);

  std::string label_;
  ProgressUnit unit_;
  ProgressStyle style_;
  Writer write_;
  Clock clock_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_{};
  int last_tenth_ = 0;  // lines: the last 10% step written (0%: none yet)
  std::uint64_t done_ = 0;
  std::uint64_t total_ = 0;
  std::uint64_t objects_ = 0;
  std::uint64_t drawn_done_ = 0;  // what the last draw showed
  std::uint64_t drawn_total_ = 0;
  std::uint64_t draws_ = 0;
  bool drawn_ = false;
  bool finished_ = false;
};

}  // namespace accord::cli
