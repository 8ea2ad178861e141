#include "server/router.h"

#include <future>

#include "server/problem.h"

namespace accord::server {
namespace {

bool IsCapture(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// "{name...}": captures the rest of the path, one or more segments.
bool IsRestCapture(std::string_view segment) {
  return IsCapture(segment) && segment.size() > 5 &&
         segment.substr(segment.size() - 4) == "...}";
}

std::string CaptureName(std::string_view segment) {
  std::string_view name = segment.substr(1, segment.size() - 2);
  if (name.size() > 3 && name.substr(name.size() - 3) == "...") name.remove_suffix(3);
  return std::string(name);
}

// Two patterns of one method conflict when they match exactly the same
// paths: the second could never run. Capture names do not matter for that.
bool SameShape(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    bool capture = IsCapture(a[i]);
    if (capture != IsCapture(b[i]) || IsRestCapture(a[i]) != IsRestCapture(b[i])) return false;
    if (!capture && a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

core::Status Router::Add(Method method, std::string_view pattern, RouteHandler handler) {
  return AddRoute(method, pattern, std::move(handler), nullptr);
}

core::Status Router::AddAsync(Method method, std::string_view pattern, AsyncRouteHandler handler) {
  return AddRoute(method, pattern, nullptr, std::move(handler));
}

std::vector<std::pair<Method, std::string>> Router::Routes() const {
  std::vector<std::pair<Method, std::string>> out;
  for (const auto& route : routes_) out.emplace_back(route.method, route.pattern);
  return out;
}

core::Status Router::AddRoute(Method method, std::string_view pattern, RouteHandler handler,
                              AsyncRouteHandler async_handler) {
  if (pattern.empty() || pattern.front() != '/' || pattern.find('?') != std::string_view::npos)
    return core::InvalidArgument("route pattern \"" + std::string(pattern) +
                                 "\": not a plain absolute path");
  std::vector<std::string> segments;
  for (std::size_t start = 1;;) {
    std::size_t slash = pattern.find('/', start);
    segments.emplace_back(pattern.substr(start, slash == std::string_view::npos
                                                    ? std::string_view::npos
                                                    : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  // A brace anywhere but around a whole segment is a typo ("{id", "x{id}"),
  // which would otherwise be a literal that no request ever matches.
  std::vector<std::string_view> names;
  for (const auto& segment : segments) {
    if (segment.find_first_of("{}") == std::string::npos) continue;
    std::string_view name = std::string_view(segment).substr(1, segment.size() - 2);
    if (IsRestCapture(segment) && &segment != &segments.back())
      return core::InvalidArgument("route pattern \"" + std::string(pattern) +
                                   "\": a {name...} capture must be the last segment");
    if (IsRestCapture(segment)) name.remove_suffix(3);
    if (!IsCapture(segment) || name.empty() || name.find_first_of("{}.") != std::string_view::npos)
      return core::InvalidArgument("route pattern \"" + std::string(pattern) + "\": segment \"" +
                                   segment + "\" is neither a literal nor a {name} capture");
    for (std::string_view seen : names)
      if (seen == name)
        return core::InvalidArgument("route pattern \"" + std::string(pattern) +
                                     "\": capture {" + std::string(name) + "} appears twice");
    names.push_back(name);
  }
  for (const auto& route : routes_) {
    if (route.method != method || !SameShape(route.segments, segments)) continue;
    std::string what = "route " + std::string(MethodName(method)) + " " + std::string(pattern);
    if (route.pattern == pattern) return core::Conflict(what + " is registered twice");
    return core::Conflict(what + " matches the same paths as " + route.pattern);
  }
  Route route{method, std::string(pattern), std::move(segments), std::move(handler),
              std::move(async_handler)};
  routes_.push_back(std::move(route));
  return core::Ok();
}

bool Router::Match(const Route& route, const std::vector<std::string>& segments,
                   PathParams& params) {
  bool rest = !route.segments.empty() && IsRestCapture(route.segments.back());
  if (rest ? segments.size() < route.segments.size() : route.segments.size() != segments.size())
    return false;
  params.clear();
  for (std::size_t i = 0; i < route.segments.size(); ++i) {
    const std::string& expected = route.segments[i];
    if (rest && i + 1 == route.segments.size()) {
      std::string joined;
      for (std::size_t k = i; k < segments.size(); ++k) {
        if (segments[k].empty()) return false;
        if (k > i) joined += '/';
        joined += segments[k];
      }
      params.emplace(CaptureName(expected), std::move(joined));
      break;
    }
    if (IsCapture(expected)) {
      if (segments[i].empty()) return false;
      params.emplace(CaptureName(expected), segments[i]);
    } else if (expected != segments[i]) {
      return false;
    }
  }
  return true;
}

Response Router::Handle(const Request& request) const {
  // Synchronous callers (tests, tools) of asynchronous routes wait here.
  std::promise<Response> promise;
  auto future = promise.get_future();
  Dispatch(request, [&promise](Response response) { promise.set_value(std::move(response)); });
  return future.get();
}

void Router::Dispatch(const Request& request, RouteResponder respond) const {
  // HEAD is GET without a body (RFC 9110 section 9.3.2).
  Method method = request.method == Method::kHead ? Method::kGet : request.method;
  const auto& segments = request.parsed.segments;
  std::string allowed;
  unsigned allowed_methods = 0;  // bit i: Method i is already in `allowed`
  PathParams params;
  for (const auto& route : routes_) {
    if (!Match(route, segments, params)) continue;
    if (route.method == method) {
      if (route.async_handler) {
        route.async_handler(request, params,
                            [respond = std::move(respond), name = route.pattern](Response response) {
                              response.route = name;
                              respond(std::move(response));
                            });
        return;
      }
      Response response = route.handler(request, params);
      response.route = route.pattern;
      return respond(std::move(response));
    }
    // Overlapping patterns ("/x/latest", "/x/{id}") may both match: Allow
    // lists each method once.
    auto bit = 1u << static_cast<unsigned>(route.method);
    if (allowed_methods & bit) continue;
    allowed_methods |= bit;
    if (!allowed.empty()) allowed += ", ";
    allowed += MethodName(route.method);
    if (route.method == Method::kGet) allowed += ", HEAD";
  }
  if (!allowed.empty()) {
    Problem problem = HttpProblem(405,
                                  "method " + request.method_text + " is not allowed on " +
                                      request.parsed.Path() + "; allowed: " + allowed,
                                  request.parsed.Path());
    problem.extra_headers.emplace_back("Allow", allowed);
    Response response = ProblemResponse(problem);
    response.route = "unmatched";
    return respond(std::move(response));
  }
  if (fallback_ && method == Method::kGet) {
    Response response = fallback_(request, params);
    if (response.route == "unmatched") response.route = "fallback";
    return respond(std::move(response));
  }
  Response response = ProblemResponse(HttpProblem(
      404, "no resource at " + request.parsed.Path(), request.parsed.Path()));
  response.route = "unmatched";
  respond(std::move(response));
}

}  // namespace accord::server
