// Maps (method, path) to a handler. Patterns are literal segments and
// "{name}" captures of one whole segment: "/v1/reports/{id}"; a last
// segment "{name...}" captures the rest of the path ("/log/{path...}"
// matches "/log/tile/0/000" with path = "tile/0/000"). Unknown paths
// answer 404 and known paths with the wrong method 405 with an Allow header
// (RFC 9110 section 15.5.6), both as problem+json. HEAD is served by the GET
// handler with the body dropped by the transport.
//
// Routes are added at start-up, before the server runs; Handle() is then
// safe to call from many threads at once.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "server/http_types.h"

namespace accord::server {

// Captured "{name}" segments of the matched pattern.
using PathParams = std::map<std::string, std::string, std::less<>>;

using RouteHandler = std::function<Response(const Request&, const PathParams&)>;

class Router {
 public:
  // Fails with kInvalidArgument for a malformed pattern (not starting with
  // '/', holding a '?', a brace outside a whole-segment "{name}", or one
  // capture name twice), kConflict if the method already has a pattern that
  // matches the same paths ("/x/{id}" and "/x/{key}" count as the same).
  core::Status Add(Method method, std::string_view pattern, RouteHandler handler);

  // A handler for every GET/HEAD that matches no route, e.g. static files.
  // The fallback answers 404 itself when it has nothing to serve.
  void SetFallback(RouteHandler handler) { fallback_ = std::move(handler); }

  // Dispatches `request`. The Response's `route` names the pattern that
  // matched, "fallback", or "unmatched".
  Response Handle(const Request& request) const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;  // "{x}" marks a capture
    RouteHandler handler;
  };
  static bool Match(const Route& route, const std::vector<std::string>& segments,
                    PathParams& params);

  std::vector<Route> routes_;
  RouteHandler fallback_;
};

}  // namespace accord::server
