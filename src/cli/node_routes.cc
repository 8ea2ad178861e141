#include "cli/node_routes.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "core/canonical_json.h"
#include "core/encoding.h"
#include "core/json_reader.h"
#include "server/problem.h"

namespace accord::cli {
namespace {

using server::JsonEscape;
using server::Request;
using server::Response;

// Resident set size from /proc/self/statm, or -1 when unavailable.
long ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  if (!(statm >> pages_total >> pages_resident)) return -1;
  return pages_resident * ::sysconf(_SC_PAGESIZE);
}

// Media types are case-insensitive and may carry parameters
// ("application/json; charset=utf-8"), RFC 9110 section 8.3.1.
bool IsJsonMediaType(const std::string* content_type) {
  if (!content_type) return false;
  std::string_view type(*content_type);
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return server::EqualsIgnoreCase(type, "application/json");
}

Response Health(const NodeInfo& info) {
  return server::JsonResponse(200, HealthJson(info));
}

Response Metrics(server::MetricsRegistry& metrics, const NodeInfo& info) {
  metrics.GetGauge("process_resident_memory_bytes", "Resident memory size in bytes")
      .Set(ResidentBytes());
  metrics.GetGauge("process_start_time_seconds", "Start time of the process since the Unix epoch")
      .Set(core::ToUnixSeconds(info.started_at));
  metrics.GetGauge("accord_build_info", "The running accord version", {{"version", info.version}})
      .Set(1);
  return server::TextResponse(200, metrics.Render(), std::string(server::kPrometheusContentType));
}

Response ProblemType(const Request& request, const server::PathParams& params) {
  const auto* type = server::FindProblemType(params.at("name"));
  if (!type)
    return server::ProblemResponse(
        server::HttpProblem(404, "no problem type named \"" + params.at("name") + "\"",
                            request.parsed.Path()));
  return server::JsonResponse(
      200, "{\"type\":\"/problems/" + JsonEscape(type->name) + "\",\"title\":\"" +
               JsonEscape(type->title) + "\",\"description\":\"" +
               JsonEscape(type->description) + "\"}");
}

// POST /v1/canonical-json: the RFC 8785 form of the body, exactly as the
// node canonicalizes its log entries, with its SHA-256 in Repr-Digest
// (RFC 9530) so that a client can compare hashes without reimplementing
// the scheme.
Response Canonicalize(const Request& request) {
  std::string path = request.parsed.Path();
  if (!IsJsonMediaType(request.Header("Content-Type"))) {
    auto problem = server::HttpProblem(
        415, "send the document with Content-Type: application/json", path);
    problem.extra_headers.emplace_back("Accept-Post", "application/json");
    return server::ProblemResponse(problem);
  }
  core::JsonLimits limits;
  limits.max_depth = kCanonicalJsonMaxDepth;
  auto canonical = core::CanonicalizeJson(request.body, limits);
  if (!canonical)
    return server::ProblemResponse(canonical.error().Context("request body"), path);
  auto digest = core::Sha256(*canonical);
  Response response = server::JsonResponse(200, std::move(*canonical));
  response.SetHeader("Repr-Digest", "sha-256=:" + core::Base64Encode(digest) + ":");
  return response;
}

}  // namespace

std::string HealthJson(const NodeInfo& info) {
  auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::steady_clock::now() - info.started_steady)
                    .count();
  return "{\"status\":\"ok\",\"version\":\"" + JsonEscape(info.version) + "\",\"node\":\"" +
         JsonEscape(info.origin) + "\",\"log_origin\":\"" + JsonEscape(info.origin) +
         "\",\"started_at\":\"" +
         core::FormatRfc3339(info.started_at, core::TimePrecision::kSeconds) +
         "\",\"uptime_seconds\":" + std::to_string(uptime) + ",\"public_key\":\"" +
         core::Base64Encode(info.public_key.bytes) + "\"" +
         (info.log ? ",\"log_tree_size\":" + std::to_string(info.log->size()) : std::string()) +
         "}";
}

core::Status AddNodeRoutes(server::Router& router, const NodeInfo& info,
                           server::MetricsRegistry& metrics,
                           const server::StaticFiles* static_files) {
  using server::Method;
  // `info` and `metrics` are owned by the serve command and outlive the
  // server, so the handlers capture them by reference.
  if (auto added = router.Add(Method::kGet, "/healthz",
                              [&info](const Request&, const server::PathParams&) {
                                return Health(info);
                              });
      !added)
    return added;
  if (auto added = router.Add(Method::kGet, "/metrics",
                              [&metrics, &info](const Request&, const server::PathParams&) {
                                return Metrics(metrics, info);
                              });
      !added)
    return added;
  if (auto added = router.Add(Method::kGet, "/problems/{name}", ProblemType); !added)
    return added;
  if (auto added = router.Add(Method::kPost, "/v1/canonical-json",
                              [](const Request& request, const server::PathParams&) {
                                return Canonicalize(request);
                              });
      !added)
    return added;
  if (static_files) {
    router.SetFallback([static_files](const Request& request, const server::PathParams&) {
      return static_files->Serve(request);
    });
  }
  return core::Ok();
}

}  // namespace accord::cli
