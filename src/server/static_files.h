// Serves the dashboard's built files (web/dist) read-only from one directory.
// Paths come from an already validated RequestTarget (no dot-segments, no
// NUL), and symbolic links leading outside the root are refused as well.
//
// Caching: Vite names the files under assets/ by their content hash, so
// those are immutable for a year; everything else (index.html) must be
// revalidated, with a strong ETag over the content.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "server/http_types.h"

namespace accord::server {

inline constexpr std::uint64_t kMaxStaticFileBytes = 32u << 20;

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // Answers a GET/HEAD: 200 with the file, 304 when If-None-Match matches
  // (a list of entity-tags or "*", weak comparison: RFC 9110 section 13.1.2),
  // 404 problem+json when there is no such file. "/" serves index.html.
  Response Serve(const Request& request) const;

  const std::filesystem::path& root() const { return root_; }

  // "text/html; charset=utf-8" for "index.html", etc.;
  // "application/octet-stream" for unknown extensions.
  static std::string_view ContentTypeFor(std::string_view file_name);

 private:
  std::filesystem::path root_;
};

}  // namespace accord::server
