// Parsing of an HTTP request-target in origin-form (RFC 9112 section 3.2.1:
// absolute-path [ "?" query ]) into decoded path segments and query
// parameters. Every route and the static file server see only the result, so
// path traversal, NUL bytes and broken percent-encoding are refused here, once.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace accord::server {

// Bounds that keep a hostile target cheap to reject.
inline constexpr std::size_t kMaxTargetBytes = 8192;
inline constexpr std::size_t kMaxPathSegments = 64;
inline constexpr std::size_t kMaxQueryParameters = 64;

struct RequestTarget {
  // Percent-decoded segments: "/v1/a%20b/" -> {"v1", "a b", ""}. The root
  // "/" is one empty segment {""}.
  std::vector<std::string> segments;
  // Decoded query parameters in order; '+' means space (HTML form encoding,
  // which is how browsers and curl --data-urlencode build queries).
  std::vector<std::pair<std::string, std::string>> query;

  // The value of the first query parameter `name`, or nullptr.
  const std::string* Query(std::string_view name) const;
  // "/" + segments joined by "/" (decoded; for logs and static files).
  std::string Path() const;
};

// Fails with kInvalidArgument naming the byte offset and the reason when the
// target is not origin-form, is longer than kMaxTargetBytes, has a bad
// percent-escape, decodes to a NUL byte, a control character or invalid UTF-8,
// or has a "." or ".." segment (RFC 3986 section 3.3 dot-segments: refused
// rather than resolved, since no route of ours needs them).
core::Result<RequestTarget> ParseRequestTarget(std::string_view target);

}  // namespace accord::server
