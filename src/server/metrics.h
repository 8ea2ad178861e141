// A small Prometheus registry: counters, gauges and histograms with label
// values, rendered in the Prometheus text exposition format 0.0.4. We write
// our own because Debian 12 packages no Prometheus C++ client; the format is
// simple and documented ("Exposition formats", prometheus.io).
//
// Registration takes a mutex and returns a reference that stays valid for
// the registry's lifetime; updates are lock-free atomics, so hot paths look
// their series up once and keep the reference.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace accord::server {

using LabelValues = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Increment(std::uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void Set(std::int64_t value) { value_.store(value, std::memory_order_relaxed); }
  void Add(std::int64_t by) { value_.fetch_add(by, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Observations in microseconds, exposed in seconds, with cumulative buckets
// as Prometheus expects.
class Histogram {
 public:
  explicit Histogram(std::vector<std::uint64_t> upper_bounds_us);
  void ObserveMicroseconds(std::uint64_t microseconds);
  const std::vector<std::uint64_t>& upper_bounds_us() const { return bounds_us_; }
  std::uint64_t bucket(std::size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  std::uint64_t sum_us() const { return sum_us_.load(std::memory_order_relaxed); }

 private:
  std::vector<std::uint64_t> bounds_us_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // not cumulative
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_us_{0};
};

class MetricsRegistry {
 public:
  // Returns the series of `name` with `labels`, creating family and series
  // on first use. REQUIRES: `name` matches [a-zA-Z_:][a-zA-Z0-9_:]* and is
  // always used with the same kind and help text.
  Counter& GetCounter(std::string_view name, std::string_view help, const LabelValues& labels = {});
  Gauge& GetGauge(std::string_view name, std::string_view help, const LabelValues& labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help,
                          const LabelValues& labels = {});

  // The whole registry in text format 0.0.4, families sorted by name.
  std::string Render() const;

  // Latency buckets used by GetHistogram: 100 µs to 10 s.
  static const std::vector<std::uint64_t>& DefaultBucketsUs();

 private:
  enum class Kind { kCounter, kGauge, kHistogram };
  struct Family {
    Kind kind;
    std::string help;
    // Keyed by the rendered label set, e.g. {method="GET"}.
    std::map<std::string, std::unique_ptr<Counter>> counters;
    std::map<std::string, std::unique_ptr<Gauge>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
  };
  Family& FamilyFor(std::string_view name, std::string_view help, Kind kind);

  mutable std::mutex mutex_;  // guards families_ (structure, not values)
  std::map<std::string, Family, std::less<>> families_;
};

// Content-Type of Render()'s output.
inline constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace accord::server
