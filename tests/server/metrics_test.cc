#include "server/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace accord::server {
namespace {

using ::testing::HasSubstr;

// Expected texts below follow the Prometheus text exposition format 0.0.4
// ("Exposition formats", prometheus.io): a "# HELP" and a "# TYPE" line per
// family, then one "name{labels} value" line per sample, each ended by '\n'.
// Bucket bounds are written as Go's strconv.FormatFloat(x, 'g', -1, 64)
// writes them (the reference client's format): 0.0001, 0.00025, 1, 2.5, 10.

TEST(MetricsTest, EmptyRegistryRendersNothing) {
  MetricsRegistry registry;
  EXPECT_EQ(registry.Render(), "");
}

TEST(MetricsTest, RendersCounterWithHelpAndType) {
  MetricsRegistry registry;
  registry.GetCounter("accord_reports_total", "Reports filed").Increment(3);
  EXPECT_EQ(registry.Render(),
            "# HELP accord_reports_total Reports filed\n"
            "# TYPE accord_reports_total counter\n"
            "accord_reports_total 3\n");
}

TEST(MetricsTest, RendersGaugeIncludingNegativeValues) {
  MetricsRegistry registry;
  Gauge& gauge = registry.GetGauge("accord_queue_depth", "Queued writes");
  gauge.Set(5);
  gauge.Add(-8);
  EXPECT_EQ(registry.Render(),
            "# HELP accord_queue_depth Queued writes\n"
            "# TYPE accord_queue_depth gauge\n"
            "accord_queue_depth -3\n");
}

TEST(MetricsTest, RendersLabelsInTheOrderGiven) {
  MetricsRegistry registry;
  registry.GetCounter("http_requests_total", "Requests", {{"method", "GET"}, {"code", "200"}})
      .Increment();
  EXPECT_EQ(registry.Render(),
            "# HELP http_requests_total Requests\n"
            "# TYPE http_requests_total counter\n"
            "http_requests_total{method=\"GET\",code=\"200\"} 1\n");
}

TEST(MetricsTest, SameNameAndLabelsReturnTheSameSeries) {
  MetricsRegistry registry;
  Counter& first = registry.GetCounter("c_total", "C", {{"route", "/x"}});
  Counter& second = registry.GetCounter("c_total", "C", {{"route", "/x"}});
  EXPECT_EQ(&first, &second);
  Counter& other = registry.GetCounter("c_total", "C", {{"route", "/y"}});
  EXPECT_NE(&first, &other);
}

TEST(MetricsTest, OneHelpAndTypePerFamilyWithSeveralSeries) {
  MetricsRegistry registry;
  registry.GetCounter("c_total", "C", {{"route", "/a"}}).Increment(1);
  registry.GetCounter("c_total", "C", {{"route", "/b"}}).Increment(2);
  std::string text = registry.Render();
  EXPECT_EQ(text.find("# HELP c_total"), text.rfind("# HELP c_total"));
  EXPECT_EQ(text.find("# TYPE c_total"), text.rfind("# TYPE c_total"));
  EXPECT_THAT(text, HasSubstr("c_total{route=\"/a\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("c_total{route=\"/b\"} 2\n"));
}

TEST(MetricsTest, EscapesBackslashQuoteAndNewlineInLabelValues) {
  // Text format 0.0.4: in label values, '\\' -> "\\\\", '"' -> "\\\"", LF -> "\\n".
  MetricsRegistry registry;
  registry.GetCounter("c_total", "C", {{"path", "a\\b\"c\nd"}}).Increment();
  EXPECT_THAT(registry.Render(), HasSubstr("c_total{path=\"a\\\\b\\\"c\\nd\"} 1\n"));
}

TEST(MetricsTest, EscapesBackslashAndNewlineButNotQuotesInHelp) {
  // Text format 0.0.4: HELP escapes only '\\' and LF.
  MetricsRegistry registry;
  registry.GetGauge("g", "a \"quoted\" back\\slash\nsecond line").Set(1);
  EXPECT_THAT(registry.Render(),
              HasSubstr("# HELP g a \"quoted\" back\\\\slash\\nsecond line\n"));
}

TEST(MetricsTest, FamiliesAreSortedByName) {
  MetricsRegistry registry;
  registry.GetCounter("zeta_total", "Z").Increment();
  registry.GetGauge("alpha", "A").Set(1);
  registry.GetCounter("mid_total", "M").Increment();
  std::string text = registry.Render();
  std::size_t alpha = text.find("# HELP alpha ");
  std::size_t mid = text.find("# HELP mid_total ");
  std::size_t zeta = text.find("# HELP zeta_total ");
  ASSERT_NE(alpha, std::string::npos);
  ASSERT_NE(mid, std::string::npos);
  ASSERT_NE(zeta, std::string::npos);
  EXPECT_LT(alpha, mid);
  EXPECT_LT(mid, zeta);
}

TEST(MetricsTest, DefaultBucketsRiseFrom100MicrosecondsTo10Seconds) {
  const auto& buckets = MetricsRegistry::DefaultBucketsUs();
  ASSERT_FALSE(buckets.empty());
  EXPECT_EQ(buckets.front(), 100u);
  EXPECT_EQ(buckets.back(), 10'000'000u);
  for (std::size_t i = 1; i < buckets.size(); ++i) EXPECT_LT(buckets[i - 1], buckets[i]);
}

TEST(MetricsTest, RendersHistogramWithCumulativeBucketsSumInSecondsAndCount) {
  MetricsRegistry registry;
  Histogram& histogram =
      registry.GetHistogram("http_duration_seconds", "Request duration", {{"route", "/x"}});
  histogram.ObserveMicroseconds(50);
  histogram.ObserveMicroseconds(100);        // on a bound: le means <=
  histogram.ObserveMicroseconds(300);
  histogram.ObserveMicroseconds(2'000'000);
  histogram.ObserveMicroseconds(20'000'000);  // above every bound: +Inf only
  EXPECT_EQ(registry.Render(),
            "# HELP http_duration_seconds Request duration\n"
            "# TYPE http_duration_seconds histogram\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"0.0001\"} 2\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"0.00025\"} 2\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"0.0005\"} 3\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"0.001\"} 3\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"0.0025\"} 3\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"0.005\"} 3\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"0.01\"} 3\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"0.025\"} 3\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"0.05\"} 3\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"0.1\"} 3\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"0.25\"} 3\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"0.5\"} 3\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"1\"} 3\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"2.5\"} 4\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"10\"} 4\n"
            "http_duration_seconds_bucket{route=\"/x\",le=\"+Inf\"} 5\n"
            "http_duration_seconds_sum{route=\"/x\"} 22.00045\n"
            "http_duration_seconds_count{route=\"/x\"} 5\n");
}

TEST(MetricsTest, HistogramWithoutLabelsGetsOnlyTheLeLabel) {
  MetricsRegistry registry;
  registry.GetHistogram("d_seconds", "D").ObserveMicroseconds(1'500'000);
  std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("d_seconds_bucket{le=\"1\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("d_seconds_bucket{le=\"2.5\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("d_seconds_bucket{le=\"+Inf\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("d_seconds_sum 1.5\n"));
  EXPECT_THAT(text, HasSubstr("d_seconds_count 1\n"));
}

TEST(MetricsTest, EmptyHistogramRendersZeroes) {
  MetricsRegistry registry;
  registry.GetHistogram("d_seconds", "D");
  std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("d_seconds_bucket{le=\"+Inf\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("d_seconds_sum 0\n"));
  EXPECT_THAT(text, HasSubstr("d_seconds_count 0\n"));
}

TEST(MetricsTest, HistogramLabelValuesAreEscapedBeforeLe) {
  MetricsRegistry registry;
  registry.GetHistogram("d_seconds", "D", {{"route", "a\"b"}}).ObserveMicroseconds(1);
  EXPECT_THAT(registry.Render(), HasSubstr("d_seconds_bucket{route=\"a\\\"b\",le=\"0.0001\"} 1\n"));
}

TEST(MetricsTest, ContentTypeNamesVersion004) {
  EXPECT_EQ(kPrometheusContentType, "text/plain; version=0.0.4; charset=utf-8");
}

TEST(MetricsTest, CountersFromSeveralThreadsAddUp) {
  MetricsRegistry registry;
  constexpr int kThreads = 8;
  constexpr int kIncrements = 20'000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&registry, t] {
      // Each thread registers too, so lookup races with lookup and updates.
      Counter& shared = registry.GetCounter("shared_total", "S", {{"kind", "shared"}});
      Counter& own = registry.GetCounter("own_total", "O", {{"thread", std::to_string(t)}});
      Histogram& histogram = registry.GetHistogram("h_seconds", "H");
      for (int i = 0; i < kIncrements; ++i) {
        shared.Increment();
        own.Increment(2);
        histogram.ObserveMicroseconds(static_cast<std::uint64_t>(i % 1000));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(registry.GetCounter("shared_total", "S", {{"kind", "shared"}}).value(),
            static_cast<std::uint64_t>(kThreads) * kIncrements);
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(registry.GetCounter("own_total", "O", {{"thread", std::to_string(t)}}).value(),
              2u * kIncrements);
  Histogram& histogram = registry.GetHistogram("h_seconds", "H");
  EXPECT_EQ(histogram.count(), static_cast<std::uint64_t>(kThreads) * kIncrements);
  // Sum of i % 1000 over 20000 values: 20 rounds of 0..999.
  EXPECT_EQ(histogram.sum_us(), static_cast<std::uint64_t>(kThreads) * 20 * 999 * 1000 / 2);
  std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("shared_total{kind=\"shared\"} 160000\n"));
  EXPECT_THAT(text, HasSubstr("h_seconds_bucket{le=\"+Inf\"} 160000\n"));
  EXPECT_THAT(text, HasSubstr("h_seconds_count 160000\n"));
}

TEST(MetricsTest, RenderWhileUpdatingIsSafe) {
  // Render takes the registry lock and reads atomics; updates never lock.
  MetricsRegistry registry;
  Counter& counter = registry.GetCounter("c_total", "C");
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 50'000; ++i) {
      counter.Increment();
      registry.GetGauge("g", "G", {{"i", std::to_string(i % 50)}}).Set(i);
    }
    done = true;
  });
  do {
    EXPECT_THAT(registry.Render(), HasSubstr("# TYPE c_total counter\n"));
  } while (!done);
  writer.join();
  std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("c_total 50000\n"));
  EXPECT_THAT(text, HasSubstr("g{i=\"49\"} 49999\n"));
}

}  // namespace
}  // namespace accord::server
