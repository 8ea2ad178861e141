#include "server/metrics.h"

#include <cassert>
#include <cstdio>

namespace accord::server {
namespace {

// Label values escape backslash, double quote and line feed (text format
// 0.0.4); help text escapes backslash and line feed.
std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string RenderLabels(const LabelValues& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first + "=\"" + EscapeLabelValue(labels[i].second) + "\"";
  }
  return out + "}";
}

// Adds one label to an already rendered set: {a="1"} + le -> {a="1",le="0.1"}.
std::string WithLabel(const std::string& rendered, std::string_view name, std::string_view value) {
  std::string label = std::string(name) + "=\"" + std::string(value) + "\"";
  if (rendered.empty()) return "{" + label + "}";
  return rendered.substr(0, rendered.size() - 1) + "," + label + "}";
}

std::string Seconds(std::uint64_t microseconds) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6f", static_cast<double>(microseconds) / 1e6);
  // Trim trailing zeros for readability: 0.100000 -> 0.1.
  std::string text(buffer);
  while (text.size() > 1 && text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

Histogram::Histogram(std::vector<std::uint64_t> upper_bounds_us)
    : bounds_us_(std::move(upper_bounds_us)),
      buckets_(new std::atomic<std::uint64_t>[bounds_us_.size() + 1]) {
  for (std::size_t i = 0; i <= bounds_us_.size(); ++i) buckets_[i].store(0);
}

void Histogram::ObserveMicroseconds(std::uint64_t microseconds) {
  std::size_t i = 0;
  while (i < bounds_us_.size() && microseconds > bounds_us_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_us_.fetch_add(microseconds, std::memory_order_relaxed);
}

const std::vector<std::uint64_t>& MetricsRegistry::DefaultBucketsUs() {
  static const std::vector<std::uint64_t> buckets{100,     250,     500,       1000,
                                                  2500,    5000,    10000,     25000,
                                                  50000,   100000,  250000,    500000,
                                                  1000000, 2500000, 10000000};
  return buckets;
}

MetricsRegistry::Family& MetricsRegistry::FamilyFor(std::string_view name, std::string_view help,
                                                    Kind kind) {
  auto found = families_.find(name);
  if (found == families_.end())
    found = families_.emplace(std::string(name), Family{kind, std::string(help), {}, {}, {}}).first;
  assert(found->second.kind == kind && "a metric name is used with two kinds");
  return found->second;
}

Counter& MetricsRegistry::GetCounter(std::string_view name, std::string_view help,
                                     const LabelValues& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = FamilyFor(name, help, Kind::kCounter).counters[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& MetricsRegistry::GetGauge(std::string_view name, std::string_view help,
                                 const LabelValues& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = FamilyFor(name, help, Kind::kGauge).gauges[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& MetricsRegistry::GetHistogram(std::string_view name, std::string_view help,
                                         const LabelValues& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = FamilyFor(name, help, Kind::kHistogram).histograms[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Histogram>(DefaultBucketsUs());
  return *slot;
}

std::string MetricsRegistry::Render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    out += "# HELP " + name + " " + EscapeHelp(family.help) + "\n";
    switch (family.kind) {
      case Kind::kCounter:
        out += "# TYPE " + name + " counter\n";
        for (const auto& [labels, counter] : family.counters)
          out += name + labels + " " + std::to_string(counter->value()) + "\n";
        break;
      case Kind::kGauge:
        out += "# TYPE " + name + " gauge\n";
        for (const auto& [labels, gauge] : family.gauges)
          out += name + labels + " " + std::to_string(gauge->value()) + "\n";
        break;
      case Kind::kHistogram:
        out += "# TYPE " + name + " histogram\n";
        for (const auto& [labels, histogram] : family.histograms) {
          std::uint64_t cumulative = 0;
          const auto& bounds = histogram->upper_bounds_us();
          for (std::size_t i = 0; i < bounds.size(); ++i) {
            cumulative += histogram->bucket(i);
            out += name + "_bucket" + WithLabel(labels, "le", Seconds(bounds[i])) + " " +
                   std::to_string(cumulative) + "\n";
          }
          cumulative += histogram->bucket(bounds.size());
          out += name + "_bucket" + WithLabel(labels, "le", "+Inf") + " " +
                 std::to_string(cumulative) + "\n";
          out += name + "_sum" + labels + " " + Seconds(histogram->sum_us()) + "\n";
          out += name + "_count" + labels + " " + std::to_string(histogram->count()) + "\n";
        }
        break;
    }
  }
  return out;
}

}  // namespace accord::server
