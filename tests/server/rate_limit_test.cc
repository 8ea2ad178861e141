// The token-bucket limiter with an injected clock: bursts, exact
// Retry-After values, refill, independent keys, bounded memory with its
// eviction order, and a check under concurrent use with the real clock.
#include "server/rate_limit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace accord::server {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A clock that moves only when the test says so. It starts far from the
// epoch so that nothing depends on a zero time point.
class FakeClock {
 public:
  std::chrono::steady_clock::time_point now() const { return now_; }
  void Advance(std::chrono::steady_clock::duration by) { now_ += by; }
  RateLimiter::Clock AsFunction() {
    return [this] { return now_; };
  }

 private:
  std::chrono::steady_clock::time_point now_ =
      std::chrono::steady_clock::time_point() + std::chrono::hours(1000);
};

RateLimitOptions Options(double rate, double burst, std::size_t max_keys = 100000) {
  RateLimitOptions options;
  options.requests_per_second = rate;
  options.burst = burst;
  options.max_keys = max_keys;
  return options;
}

TEST(RateLimiterTest, AdmitsTheBurstThenRefuses) {
  FakeClock clock;
  RateLimiter limiter(Options(1, 5), clock.AsFunction());
  for (int i = 0; i < 5; ++i) {
    RateDecision decision = limiter.Admit("token:a");
    EXPECT_TRUE(decision.allowed) << "request " << i;
    EXPECT_EQ(decision.retry_after, seconds(0));
  }
  EXPECT_FALSE(limiter.Admit("token:a").allowed);
}

TEST(RateLimiterTest, RetryAfterIsTheWaitForOneTokenRoundedUpToWholeSeconds) {
  FakeClock clock;
  // 2 per second: one token takes 0.5 s, announced as 1 s.
  RateLimiter two_per_second(Options(2, 1), clock.AsFunction());
  ASSERT_TRUE(two_per_second.Admit("k").allowed);
  RateDecision refused = two_per_second.Admit("k");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, seconds(1));

  // 0.25 per second: a token takes 4 s; after 1 s, 3 s remain; after 3.5 s,
  // 0.5 s remain, announced as 1 s.
  RateLimiter quarter(Options(0.25, 1), clock.AsFunction());
  ASSERT_TRUE(quarter.Admit("k").allowed);
  EXPECT_EQ(quarter.Admit("k").retry_after, seconds(4));
  clock.Advance(seconds(1));
  EXPECT_EQ(quarter.Admit("k").retry_after, seconds(3));
  clock.Advance(milliseconds(2500));
  EXPECT_EQ(quarter.Admit("k").retry_after, seconds(1));

  // 0.3 per second: 3.33 s rounds up to 4 s.
  RateLimiter third(Options(0.3, 1), clock.AsFunction());
  ASSERT_TRUE(third.Admit("k").allowed);
  EXPECT_EQ(third.Admit("k").retry_after, seconds(4));
}

TEST(RateLimiterTest, RefillsAtTheRateUpToTheBurst) {
  FakeClock clock;
  RateLimiter limiter(Options(10, 2), clock.AsFunction());
  ASSERT_TRUE(limiter.Admit("k").allowed);
  ASSERT_TRUE(limiter.Admit("k").allowed);
  ASSERT_FALSE(limiter.Admit("k").allowed);
  clock.Advance(milliseconds(100));  // one token at 10 per second
  EXPECT_TRUE(limiter.Admit("k").allowed);
  EXPECT_FALSE(limiter.Admit("k").allowed);
  clock.Advance(seconds(60));  // far longer than a refill: capped at the burst
  EXPECT_TRUE(limiter.Admit("k").allowed);
  EXPECT_TRUE(limiter.Admit("k").allowed);
  EXPECT_FALSE(limiter.Admit("k").allowed);
}

TEST(RateLimiterTest, RefusedRequestsTakeNoToken) {
  FakeClock clock;
  RateLimiter limiter(Options(10, 1), clock.AsFunction());
  ASSERT_TRUE(limiter.Admit("k").allowed);
  for (int i = 0; i < 5; ++i) {
    clock.Advance(milliseconds(10));
    ASSERT_FALSE(limiter.Admit("k").allowed) << "retry " << i;
  }
  clock.Advance(milliseconds(50));  // 100 ms in all: exactly one token
  EXPECT_TRUE(limiter.Admit("k").allowed);
}

TEST(RateLimiterTest, AnOlderClockReadingNeitherAddsNorTakesTokens) {
  // Two threads may read the clock in one order and take the lock in the
  // other; the later lock then carries the older time.
  FakeClock clock;
  RateLimiter limiter(Options(1, 2), clock.AsFunction());
  ASSERT_TRUE(limiter.Admit("k").allowed);  // 1 token left
  clock.Advance(-seconds(1));
  EXPECT_TRUE(limiter.Admit("k").allowed);  // still 1 token: now 0
  EXPECT_FALSE(limiter.Admit("k").allowed);
  clock.Advance(seconds(1));  // back to the bucket's own time: nothing added
  EXPECT_FALSE(limiter.Admit("k").allowed);
}

TEST(RateLimiterTest, KeysHaveIndependentBuckets) {
  FakeClock clock;
  RateLimiter limiter(Options(1, 3), clock.AsFunction());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Admit("token:a").allowed);
  ASSERT_FALSE(limiter.Admit("token:a").allowed);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("ip:192.0.2.7").allowed) << i;
  EXPECT_FALSE(limiter.Admit("ip:192.0.2.7").allowed);
  EXPECT_FALSE(limiter.Admit("token:a").allowed);
  EXPECT_EQ(limiter.size(), 2u);
}

TEST(RateLimiterTest, ZeroOrNegativeRateMeansUnlimitedAndStoresNothing) {
  for (double rate : {0.0, -1.0}) {
    FakeClock clock;
    RateLimiter limiter(Options(rate, 1), clock.AsFunction());
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Admit("k").allowed) << rate;
    EXPECT_EQ(limiter.size(), 0u);
  }
}

TEST(RateLimiterTest, BurstBelowOneStillAdmitsOneRequest) {
  FakeClock clock;
  RateLimiter limiter(Options(1, 0.2), clock.AsFunction());
  EXPECT_TRUE(limiter.Admit("k").allowed);
  RateDecision refused = limiter.Admit("k");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, seconds(1));
}

TEST(RateLimiterTest, ManyKeysNeverHoldMoreThanMaxKeysBuckets) {
  FakeClock clock;
  RateLimiter limiter(Options(50, 100, 10), clock.AsFunction());
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(limiter.Admit("ip:10.0." + std::to_string(i)).allowed);
    ASSERT_LE(limiter.size(), 10u) << "after key " << i;
    if (i % 7 == 0) clock.Advance(milliseconds(3));
  }
  EXPECT_EQ(limiter.size(), 10u);
}

TEST(RateLimiterTest, ShardedLimiterSplitsMaxKeysExactly) {
  // 1000 keys allowed is enough for several shards; together they must still
  // hold no more than 1000.
  FakeClock clock;
  RateLimiter limiter(Options(1, 5, 1000), clock.AsFunction());
  for (int i = 0; i < 20000; ++i) {
    ASSERT_TRUE(limiter.Admit("token:" + std::to_string(i)).allowed);
    if (i % 1000 == 0) {
      ASSERT_LE(limiter.size(), 1000u) << "after key " << i;
    }
  }
  EXPECT_LE(limiter.size(), 1000u);
  EXPECT_GT(limiter.size(), 900u) << "shards should fill up, not stay nearly empty";
}

TEST(RateLimiterTest, EvictsARefilledBucketBeforeTheLeastRecentlyUsedOne) {
  FakeClock clock;
  RateLimiter limiter(Options(1, 2, 3), clock.AsFunction());
  // "a" is the least recently used but still half empty when "d" arrives;
  // "b" and "c" have refilled completely by then.
  ASSERT_TRUE(limiter.Admit("a").allowed);
  ASSERT_TRUE(limiter.Admit("a").allowed);  // a: 0 tokens at t=0, full at t=2
  clock.Advance(milliseconds(500));
  ASSERT_TRUE(limiter.Admit("b").allowed);  // full at t=1.5
  clock.Advance(milliseconds(100));
  ASSERT_TRUE(limiter.Admit("c").allowed);  // full at t=1.6
  clock.Advance(milliseconds(1100));        // t=1.7
  ASSERT_TRUE(limiter.Admit("d").allowed);
  EXPECT_LE(limiter.size(), 3u);
  // "a" kept its state: 1.7 tokens, so one request and then a refusal. A
  // forgotten "a" would have started again with 2.
  EXPECT_TRUE(limiter.Admit("a").allowed);
  EXPECT_FALSE(limiter.Admit("a").allowed);
}

TEST(RateLimiterTest, EvictsTheLeastRecentlyUsedBucketWhenNoneHasRefilled) {
  FakeClock clock;
  RateLimiter limiter(Options(1, 2, 2), clock.AsFunction());
  ASSERT_TRUE(limiter.Admit("a").allowed);  // a: 1 token
  clock.Advance(milliseconds(100));
  ASSERT_TRUE(limiter.Admit("b").allowed);  // b: 1 token
  clock.Advance(milliseconds(100));
  ASSERT_TRUE(limiter.Admit("a").allowed);  // a: 0.2 tokens, now most recent
  clock.Advance(milliseconds(100));
  ASSERT_TRUE(limiter.Admit("c").allowed);  // no bucket is full: "b" goes
  EXPECT_EQ(limiter.size(), 2u);
  // "a" was kept (0.3 tokens: refused); "b" starts over with a full bucket.
  EXPECT_FALSE(limiter.Admit("a").allowed);
  EXPECT_TRUE(limiter.Admit("b").allowed);
  EXPECT_TRUE(limiter.Admit("b").allowed);
  EXPECT_FALSE(limiter.Admit("b").allowed);
}

TEST(RateLimiterTest, ConcurrentAdmitsNeverExceedBurstPlusRefill) {
  constexpr double kRate = 1000;
  constexpr double kBurst = 50;
  RateLimiter limiter(Options(kRate, kBurst));  // the real steady clock
  std::atomic<std::int64_t> allowed{0};
  std::atomic<std::int64_t> refused{0};
  auto start = std::chrono::steady_clock::now();
  auto stop = start + milliseconds(200);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      while (std::chrono::steady_clock::now() < stop) {
        if (limiter.Admit("token:shared").allowed)
          allowed.fetch_add(1, std::memory_order_relaxed);
        else
          refused.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  double elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LE(static_cast<double>(allowed.load()), kBurst + kRate * elapsed_seconds + 1e-6)
      << "elapsed " << elapsed_seconds << " s";
  EXPECT_GE(allowed.load(), static_cast<std::int64_t>(kBurst));
  EXPECT_GT(refused.load(), 0) << "the threads never ran out of tokens: the test proves nothing";
}

TEST(RateLimiterTest, ConcurrentDistinctKeysStayWithinMaxKeys) {
  RateLimiter limiter(Options(10, 5, 200));
  std::atomic<bool> over_limit{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5000; ++i) {
        (void)limiter.Admit("ip:" + std::to_string(t) + "." + std::to_string(i));
        if (i % 100 == 0 && limiter.size() > 200) over_limit = true;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_FALSE(over_limit.load());
  EXPECT_LE(limiter.size(), 200u);
}

}  // namespace
}  // namespace accord::server
