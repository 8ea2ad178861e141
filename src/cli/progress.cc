#include "cli/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace accord::cli {
namespace {

std::string OneDecimal(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

// The name shown after a count and in the rate; bytes carry theirs in
// FormatAmount.
std::string_view UnitName(ProgressUnit unit) {
  switch (unit) {
    case ProgressUnit::kBytes: return "";
    case ProgressUnit::kFiles: return "files";
    case ProgressUnit::kPages: return "pages";
    case ProgressUnit::kReports: return "reports";
    case ProgressUnit::kEntries: return "entries";
  }
  return "";
}

}  // namespace

std::string FormatAmount(std::uint64_t amount, ProgressUnit unit) {
  if (unit != ProgressUnit::kBytes) return std::to_string(amount);
  constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  if (amount < 1024) return std::to_string(amount) + " B";
  double value = static_cast<double>(amount);
  int index = 0;
  while (value >= 1024 && index < 4) {
    value /= 1024;
    ++index;
  }
  return OneDecimal(value) + " " + kUnits[index];
}

std::string FormatProgress(std::string_view label, std::uint64_t done, std::uint64_t total,
                           std::uint64_t objects, ProgressUnit unit, double seconds,
                           ProgressStyle style) {
  std::string line(label);
  const bool known = total > 0;
  const std::uint64_t shown_done = known && done > total ? total : done;
  const int percent = known ? static_cast<int>(shown_done * 100 / total) : 0;
  if (style == ProgressStyle::kBar && known) {
    int filled = static_cast<int>(shown_done * kBarWidth / total);
    line += " [" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "]";
  }
  if (known) {
    std::string number = std::to_string(percent);
    line += " " + std::string(3 - std::min<std::size_t>(3, number.size()), ' ') + number + "%";
  }
  const std::string unit_name(UnitName(unit));
  line += "  " + FormatAmount(shown_done, unit) + (known ? " / " + FormatAmount(total, unit) : "") +
          (unit_name.empty() ? "" : " " + unit_name);
  if (seconds > 0) {
    double rate = static_cast<double>(shown_done) / seconds;
    line += "  " +
            (unit == ProgressUnit::kBytes ? FormatAmount(static_cast<std::uint64_t>(rate), unit)
                                          : OneDecimal(rate) + " " + unit_name) +
            "/s";
  }
  if (objects > 0) line += "  " + std::to_string(objects) + " objects";
  return line;
}

Progress::Progress(std::string label, ProgressUnit unit)
    : Progress(
          std::move(label), unit, ::isatty(2) ? ProgressStyle::kBar : ProgressStyle::kLines,
          [](std::string_view text) {
            std::fwrite(text.data(), 1, text.size(), stderr);
            std::fflush(stderr);
          },
          [] { return std::chrono::steady_clock::now(); }) {}

Progress::Progress(std::string label, ProgressUnit unit, ProgressStyle style, Writer write,
                   Clock clock)
    : label_(std::move(label)),
      unit_(unit),
      style_(style),
      write_(std::move(write)),
      clock_(std::move(clock)),
      started_(clock_()) {}

void Progress::Update(std::uint64_t done, std::uint64_t total, std::uint64_t objects) {
  done_ = done;
  total_ = total;
  objects_ = objects;
  const auto now = clock_();
  if (style_ == ProgressStyle::kBar) {
    if (drawn_ && now - last_draw_ < std::chrono::milliseconds(1000 / kBarRedrawsPerSecond)) return;
  } else {
    const int tenth = total > 0 ? static_cast<int>(std::min(done, total) * 10 / total) : -1;
    const bool step = tenth > last_tenth_;
    if (!step && drawn_ && now - last_draw_ < kLineInterval) return;
    if (!step && !drawn_ && now - started_ < kLineInterval) return;
    if (step) last_tenth_ = tenth;
  }
  last_draw_ = now;
  Draw(false);
}

void Progress::Finish() {
  if (finished_) return;
  finished_ = true;
  // A line already showing the final count is not written twice; the bar
  // is redrawn once more to end its line.
  if (style_ == ProgressStyle::kLines && drawn_ && drawn_done_ == done_ && drawn_total_ == total_)
    return;
  Draw(true);
}

void Progress::Draw(bool final) {
  const double seconds = std::chrono::duration<double>(clock_() - started_).count();
  std::string line = FormatProgress(label_, done_, total_, objects_, unit_, seconds, style_);
  drawn_ = true;
  drawn_done_ = done_;
  drawn_total_ = total_;
  ++draws_;
  if (style_ == ProgressStyle::kBar) {
    // \r and the erase-line sequence (ECMA-48 EL, CSI 2 K) redraw in place;
    // the final draw ends the line so that what follows starts clean.
    write_("\r\x1b[2K" + line + (final ? "\n" : ""));
  } else {
    write_(line + "\n");
  }
}

}  // namespace accord::cli
