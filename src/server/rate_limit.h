// Per-client request rate limiting for the node's API: one token bucket per
// key, where the key is a bearer token's id or "ip:<address>" for anonymous
// clients. A bucket holds at most `burst` tokens, refills at
// `requests_per_second`, and each admitted request takes one token. This file
// only decides; the caller answers 429 with Retry-After (RFC 6585 section 4,
// RFC 9110 section 10.2.3) when a request is refused.
//
// Memory stays bounded however many distinct keys arrive (an attacker can
// mint addresses faster than buckets refill): at most `max_keys` buckets
// exist. When a new key finds no room, buckets that have refilled completely
// go first, since forgetting them changes nothing (a new bucket starts full),
// and only when none has, the least recently used one.
//
// Thread-safety: Admit and size may be called from any thread. Keys are
// spread over up to 16 shards, each with its own mutex, so HTTP threads
// rarely wait for each other; eviction works within one shard.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

namespace accord::server {

struct RateLimitOptions {
  // Sustained rate per key; <= 0 turns limiting off (every request allowed,
  // nothing stored).
  double requests_per_second = 50;
  // Bucket size: how many requests a key that was idle may send at once.
  // Values below 1 count as 1, since a bucket that can never hold a whole
  // token would refuse every request forever.
  double burst = 100;
  // Most buckets kept at once (at least 1). 100000 buckets of a few dozen
  // bytes plus the key stay in the low tens of MiB.
  std::size_t max_keys = 100000;
};

struct RateDecision {
  bool allowed = true;
  // When !allowed: the time until the key's bucket holds one whole token
  // again, rounded up to whole seconds and at least 1 s, as Retry-After
  // counts in seconds. Zero when allowed.
  std::chrono::seconds retry_after{0};
};

class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // `now` is read once per Admit; tests inject a fixed clock. A clock that
  // seems to go backwards (two threads reading it in one order and locking
  // in the other) adds no tokens rather than failing.
  explicit RateLimiter(RateLimitOptions options, Clock now = std::chrono::steady_clock::now);
  ~RateLimiter();
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Refills the bucket of `key` for the time elapsed, then takes one token
  // if there is one (allowed) or refuses with the time until there is. An
  // unseen key starts with a full bucket. Refused requests take nothing, so
  // a client that keeps retrying is admitted as soon as a token is back.
  [[nodiscard]] RateDecision Admit(std::string_view key);

  // Buckets currently held, over all shards; never more than max_keys.
  std::size_t size() const;

 private:
  struct Shard;
  Shard& ShardFor(std::string_view key);

  double rate_per_second_;
  double burst_;
  Clock now_;
  std::size_t shard_count_;
  std::unique_ptr<Shard[]> shards_;
};

}  // namespace accord::server
