#include "server/rate_limit.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace accord::server {
namespace {

using TimePoint = std::chrono::steady_clock::time_point;

// Sharding only pays when there are many keys; below this many per shard a
// small limit (tests, tiny nodes) keeps one shard, and with it exact LRU order.
constexpr std::size_t kMinKeysPerShard = 64;
constexpr std::size_t kMaxShards = 16;
// Durations beyond this (about 31 years) come from absurdly small rates;
// capping them keeps the time arithmetic from overflowing.
constexpr double kMaxSeconds = 1e9;

struct Bucket {
  std::string key;
  double tokens = 0;
  TimePoint updated;  // the time `tokens` was computed for
};

std::chrono::steady_clock::duration SecondsToDuration(double seconds) {
  return std::chrono::ceil<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(std::min(seconds, kMaxSeconds)));
}

void Refill(Bucket& bucket, TimePoint now, double rate, double burst) {
  // A clock value older than the bucket's (another thread read the clock
  // later but locked first) adds nothing; it must never subtract.
  if (now <= bucket.updated) return;
  double elapsed_seconds = std::chrono::duration<double>(now - bucket.updated).count();
  bucket.tokens = std::min(burst, bucket.tokens + elapsed_seconds * rate);
  bucket.updated = now;
}

TimePoint FullAt(const Bucket& bucket, double rate, double burst) {
  if (bucket.tokens >= burst) return bucket.updated;
  return bucket.updated + SecondsToDuration((burst - bucket.tokens) / rate);
}

}  // namespace

struct alignas(64) RateLimiter::Shard {
  // Guards everything below. Held only for a hash lookup and a few
  // arithmetic operations, except during a sweep (see MakeRoom).
  std::mutex mutex;
  // Least recently used first. std::list because `index` holds views of the
  // keys stored in the nodes, and nodes never move.
  std::list<Bucket> buckets;
  std::unordered_map<std::string_view, std::list<Bucket>::iterator> index;
  std::size_t capacity = 1;
  // No bucket here is full again before this time (a lower bound: a bucket
  // that was used since may be full later). It lets MakeRoom skip scanning
  // when a scan cannot find anything to drop.
  TimePoint earliest_full = TimePoint::min();

  // REQUIRES: `mutex` held and the shard at capacity.
  void MakeRoom(TimePoint now, double rate, double burst);
};

RateLimiter::RateLimiter(RateLimitOptions options, Clock now)
    : rate_per_second_(options.requests_per_second),
      burst_(std::max(options.burst, 1.0)),
      now_(std::move(now)) {
  std::size_t max_keys = std::max<std::size_t>(options.max_keys, 1);
  shard_count_ = std::clamp<std::size_t>(max_keys / kMinKeysPerShard, 1, kMaxShards);
  shards_ = std::make_unique<Shard[]>(shard_count_);
  // Split max_keys exactly, so that the shards together never exceed it.
  for (std::size_t i = 0; i < shard_count_; ++i)
    shards_[i].capacity = max_keys / shard_count_ + (i < max_keys % shard_count_ ? 1 : 0);
}

RateLimiter::~RateLimiter() = default;

RateLimiter::Shard& RateLimiter::ShardFor(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % shard_count_];
}

// Frees one place in a full shard. Full buckets go first: dropping one
// loses nothing, because the key would get a full bucket back. The scan
// for them is linear, so it runs only when `earliest_full` says one may
// exist, and drops every full bucket at once, which pays for the scan over
// the following insertions. Otherwise the least recently used bucket goes:
// its client gets a fresh burst, the price of bounded memory.
void RateLimiter::Shard::MakeRoom(TimePoint now, double rate, double burst) {
  if (now >= earliest_full) {
    TimePoint next_full = TimePoint::max();
    for (auto it = buckets.begin(); it != buckets.end();) {
      TimePoint full_at = FullAt(*it, rate, burst);
      if (full_at <= now) {
        index.erase(it->key);  // before the node that holds the key's bytes
        it = buckets.erase(it);
      } else {
        next_full = std::min(next_full, full_at);
        ++it;
      }
    }
    earliest_full = next_full;
  }
  if (buckets.size() >= capacity && !buckets.empty()) {
    index.erase(buckets.front().key);
    buckets.pop_front();
  }
}

RateDecision RateLimiter::Admit(std::string_view key) {
  if (!(rate_per_second_ > 0)) return RateDecision{true, std::chrono::seconds(0)};
  TimePoint now = now_();
  Shard& shard = ShardFor(key);
  std::lock_guard lock(shard.mutex);

  Bucket* bucket;
  if (auto found = shard.index.find(key); found != shard.index.end()) {
    shard.buckets.splice(shard.buckets.end(), shard.buckets, found->second);
    bucket = &*found->second;
    Refill(*bucket, now, rate_per_second_, burst_);
  } else {
    if (shard.buckets.size() >= shard.capacity) shard.MakeRoom(now, rate_per_second_, burst_);
    bucket = &shard.buckets.emplace_back(Bucket{std::string(key), burst_, now});
    shard.index.emplace(bucket->key, std::prev(shard.buckets.end()));
  }

  if (bucket->tokens >= 1) {
    bucket->tokens -= 1;
    shard.earliest_full = std::min(shard.earliest_full, FullAt(*bucket, rate_per_second_, burst_));
    return RateDecision{true, std::chrono::seconds(0)};
  }
  // The tiny allowance keeps 1.0000000001 s of rounding noise from being
  // announced as 2 s.
  double wait_seconds = (1 - bucket->tokens) / rate_per_second_;
  double whole_seconds = std::ceil(std::min(wait_seconds, kMaxSeconds) - 1e-9);
  return RateDecision{false, std::chrono::seconds(std::max<std::int64_t>(
                                 1, static_cast<std::int64_t>(whole_seconds)))};
}

std::size_t RateLimiter::size() const {
  std::size_t total = 0;
  for (std::size_t i = 0; i < shard_count_; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    total += shards_[i].buckets.size();
  }
  return total;
}

}  // namespace accord::server
