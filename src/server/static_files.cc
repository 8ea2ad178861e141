#include "server/static_files.h"

#include <algorithm>
#include <array>
#include <system_error>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/file_io.h"
#include "server/problem.h"

namespace accord::server {
namespace {

struct ContentTypeEntry {
  std::string_view extension;
  std::string_view content_type;
};
constexpr std::array<ContentTypeEntry, 14> kContentTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
    {".woff2", "font/woff2"},
    {".webmanifest", "application/manifest+json"},
    {".csv", "text/csv; charset=utf-8"},
    {".pdf", "application/pdf"},
}};

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// If-None-Match = "*" / #entity-tag, compared with the weak comparison
// function (RFC 9110 section 13.1.2), so a listed W/"..." matches our strong
// tag with the same opaque part. Tags are parsed rather than split on ',',
// which etagc allows inside a tag (section 8.8.3). A malformed list matches
// nothing, so the client simply gets the full 200.
bool IfNoneMatchMatches(std::string_view field, std::string_view etag) {
  std::size_t first = field.find_first_not_of(" \t");
  if (first == std::string_view::npos) return false;
  if (field.substr(first, field.find_last_not_of(" \t") + 1 - first) == "*") return true;
  std::size_t i = first;
  while (true) {
    while (i < field.size() && (field[i] == ' ' || field[i] == '\t' || field[i] == ',')) ++i;
    if (i >= field.size()) return false;
    if (field.substr(i, 2) == "W/") i += 2;
    if (i >= field.size() || field[i] != '"') return false;
    std::size_t close = field.find('"', i + 1);
    if (close == std::string_view::npos) return false;
    if (field.substr(i, close + 1 - i) == etag) return true;
    i = close + 1;
  }
}

Response NotFound(const Request& request) {
  return ProblemResponse(
      HttpProblem(404, "no resource at " + request.parsed.Path(), request.parsed.Path()));
}

}  // namespace

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

std::string_view StaticFiles::ContentTypeFor(std::string_view file_name) {
  for (const auto& entry : kContentTypes)
    if (EndsWith(file_name, entry.extension)) return entry.content_type;
  return "application/octet-stream";
}

Response StaticFiles::Serve(const Request& request) const {
  std::filesystem::path relative;
  for (const auto& segment : request.parsed.segments) {
    // A decoded segment holding '/' ("%2F") would smuggle a separator in.
    if (segment.find('/') != std::string::npos || segment.find('\\') != std::string::npos)
      return NotFound(request);
    if (!segment.empty()) relative /= segment;
  }
  bool is_directory_request = request.parsed.segments.empty() ||
                              request.parsed.segments.back().empty();
  if (is_directory_request) relative /= "index.html";

  std::error_code ec;
  std::filesystem::path canonical_root = std::filesystem::weakly_canonical(root_, ec);
  if (ec) return NotFound(request);
  std::filesystem::path full = std::filesystem::weakly_canonical(root_ / relative, ec);
  if (ec) return NotFound(request);
  // Refuse anything that resolves outside the root (e.g. through a symlink).
  auto [root_end, unused] = std::mismatch(canonical_root.begin(), canonical_root.end(),
                                          full.begin(), full.end());
  (void)unused;
  if (root_end != canonical_root.end()) return NotFound(request);
  if (!std::filesystem::is_regular_file(full, ec)) return NotFound(request);

  auto contents = core::ReadFile(full, kMaxStaticFileBytes);
  if (!contents) {
    if (contents.error().code == core::ErrorCode::kNotFound) return NotFound(request);
    return ProblemResponse(core::Internal("read static file " + relative.string()),
                           request.parsed.Path());
  }

  auto digest = core::Sha256(*contents);
  // A strong validator over the content: 128 bits of its SHA-256.
  std::string etag(1, '"');
  etag += core::HexEncode(std::span<const std::uint8_t>(digest.data(), 16));
  etag += '"';
  bool immutable = !request.parsed.segments.empty() && request.parsed.segments.front() == "assets";

  Response response;
  response.route = "static";
  response.SetHeader("ETag", etag);
  response.SetHeader("Cache-Control",
                     immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  if (const std::string* match = request.Header("If-None-Match");
      match && IfNoneMatchMatches(*match, etag)) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.SetHeader("Content-Type", std::string(ContentTypeFor(full.filename().string())));
  if (EndsWith(full.filename().string(), ".html")) {
    // The dashboard makes no request outside the node (everything is
    // bundled); the policy makes sure of it in the browser as well.
    response.SetHeader("Content-Security-Policy",
                       "default-src 'self'; img-src 'self' data:; style-src 'self' "
                       "'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
  }
  response.body = std::move(*contents);
  return response;
}

}  // namespace accord::server
