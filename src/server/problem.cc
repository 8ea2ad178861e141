#include "server/problem.h"

#include <array>

namespace accord::server {
namespace {

// One entry per core::ErrorCode, in its order, then the HTTP layer's own; the titles are stable
// (RFC 9457 section 3.1.3: the title should not change between occurrences).
constexpr std::array<ProblemType, 12> kProblemTypes{{
    {"invalid_argument", "Invalid input",
     "The request's content is wrong. The detail names the field or position and "
     "the reason; fix the input and send it again."},
    {"not_found", "Not found", "The resource asked for does not exist on this node."},
    {"conflict", "Conflict",
     "The resource exists already or changed since it was read; read it again and "
     "decide."},
    {"permission_denied", "Permission denied",
     "The caller's token does not allow this action."},
    {"unauthenticated", "Authentication required",
     "The request carried no bearer token where one is required, or a token that is "
     "malformed, unknown, revoked, expired, or of a revoked party. Ask the "
     "secretariat for a token and send it as: Authorization: Bearer <token>."},
    {"resource_exhausted", "Limit exceeded",
     "A size, depth or rate limit was reached. The detail names the limit."},
    {"unavailable", "Temporarily unavailable",
     "The node could not do this now; retry later, after Retry-After if given."},
    {"corrupt", "Stored data failed verification",
     "The node found its own stored data inconsistent. Nothing was changed; the "
     "operators have been told."},
    {"internal", "Internal error", "A bug in accord. The request id identifies it in the logs."},
    // Problems of the HTTP layer, not of a core::ErrorCode.
    {"validation_failed", "The document does not follow its schema",
     "The body is well-formed JSON but breaks the contract of its type. The "
     "\"errors\" member lists each offending field as a JSON Pointer into the body "
     "with the reason."},
    {"unsupported_media_type", "Unsupported media type",
     "The body must be sent with Content-Type: application/json."},
    {"rate_limited", "Too many requests",
     "This token (or, without a token, this address) sent more requests than the "
     "node's rate limit allows. Wait for the number of seconds in Retry-After."},
}};

}  // namespace

int HttpStatusFor(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kInvalidArgument: return 400;
    case core::ErrorCode::kNotFound: return 404;
    case core::ErrorCode::kConflict: return 409;
    case core::ErrorCode::kPermissionDenied: return 403;
    case core::ErrorCode::kUnauthenticated: return 401;
    case core::ErrorCode::kResourceExhausted: return 413;
    case core::ErrorCode::kUnavailable: return 503;
    case core::ErrorCode::kCorrupt: return 500;
    case core::ErrorCode::kInternal: return 500;
  }
  return 500;
}

const ProblemType* FindProblemType(std::string_view name) {
  for (const auto& type : kProblemTypes)
    if (type.name == name) return &type;
  return nullptr;
}

Problem ProblemFor(const core::Error& error, std::string_view instance) {
  Problem problem;
  std::string_view name = core::ErrorCodeName(error.code);
  problem.type = "/problems/" + std::string(name);
  const ProblemType* type = FindProblemType(name);
  problem.title = type ? std::string(type->title) : std::string(ReasonPhrase(500));
  problem.status = HttpStatusFor(error.code);
  problem.detail = error.message;
  problem.instance = std::string(instance);
  return problem;
}

Problem HttpProblem(int status, std::string detail, std::string_view instance) {
  Problem problem;
  problem.title = std::string(ReasonPhrase(status));
  problem.status = status;
  problem.detail = std::move(detail);
  problem.instance = std::string(instance);
  return problem;
}

Response ProblemResponse(const Problem& problem) {
  std::string body = "{\"type\":\"" + JsonEscape(problem.type) + "\",\"title\":\"" +
                     JsonEscape(problem.title) + "\",\"status\":" +
                     std::to_string(problem.status);
  if (!problem.detail.empty()) body += ",\"detail\":\"" + JsonEscape(problem.detail) + "\"";
  if (!problem.instance.empty())
    body += ",\"instance\":\"" + JsonEscape(problem.instance) + "\"";
  if (!problem.errors.empty()) {
    body += ",\"errors\":[";
    for (std::size_t i = 0; i < problem.errors.size(); ++i) {
      if (i) body += ',';
      body += "{\"pointer\":\"" + JsonEscape(problem.errors[i].pointer) + "\",\"detail\":\"" +
              JsonEscape(problem.errors[i].detail) + "\"}";
    }
    body += ']';
  }
  body += '}';
  Response response;
  response.status = problem.status;
  response.body = std::move(body);
  response.SetHeader("Content-Type", "application/problem+json");
  response.SetHeader("Cache-Control", "no-store");
  for (const auto& [name, value] : problem.extra_headers) response.SetHeader(name, value);
  return response;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

}  // namespace accord::server
