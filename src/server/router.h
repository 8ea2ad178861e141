// Maps (method, path) to a handler. Patterns are literal segments and
// "{name}" captures of one whole segment: "/v1/reports/{id}"; a last
// segment "{name...}" captures the rest of the path ("/log/{path...}"
// matches "/log/tile/0/000" with path = "tile/0/000"). Unknown paths
// answer 404 and known paths with the wrong method 405 with an Allow header
// (RFC 9110 section 15.5.6), both as problem+json. HEAD is served by the GET
// handler with the body dropped by the transport.
//
// A route is synchronous (returns its Response) or asynchronous (answers
// later through a responder, e.g. once a write is durable). Routes are
// added at start-up, before the server runs; Dispatch() and Handle() are
// then safe to call from many threads at once.
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
// Called exactly once with the response.
using RouteResponder = std::function<void(Response)>;
// Must copy from the request what it needs later: the request lives only
// until the handler returns.
using AsyncRouteHandler =
    std::function<void(const Request&, const PathParams&, RouteResponder)>;

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

  // An asynchronous route; the same rules as Add.
  core::Status AddAsync(Method method, std::string_view pattern, AsyncRouteHandler handler);

  // Every route, in registration order: its method and pattern (what
  // `accord routes` prints and the OpenAPI test compares).
  std::vector<std::pair<Method, std::string>> Routes() const;

  // Routes `request`; `respond` is called exactly once, at once for
  // synchronous routes and problems, later for asynchronous ones.
  void Dispatch(const Request& request, RouteResponder respond) const;

  // Dispatches `request`. The Response's `route` names the pattern that
  // matched, "fallback", or "unmatched".
  Response Handle(const Request& request) const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;  // "{x}" marks a capture
    RouteHandler handler;              // exactly one of these two is set
    AsyncRouteHandler async_handler;
  };
  core::Status AddRoute(Method method, std::string_view pattern, RouteHandler handler,
                       AsyncRouteHandler async_handler);
  static bool Match(const Route& route, const std::vector<std::string>& segments,
                    PathParams& params);

  std::vector<Route> routes_;
  RouteHandler fallback_;
};

}  // namespace accord::server
