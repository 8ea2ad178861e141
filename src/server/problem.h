// RFC 9457 problem details: every error the node answers is an
// application/problem+json document. This file holds the one mapping from
// core::ErrorCode to HTTP status, so that a new code fails to compile here
// (-Wswitch) until someone decides its status.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "server/http_types.h"

namespace accord::server {

// One offending input, for responses that list several (RFC 9457 section
// 3.2 extension member "errors"): a JSON Pointer (RFC 6901) and a reason.
struct FieldError {
  std::string pointer;
  std::string detail;
};

struct Problem {
  // A URI reference identifying the problem type (RFC 9457 section 3.1.1).
  // "about:blank" when the HTTP status says it all (section 4.2.1); accord's
  // own types are "/problems/<name>", documented at that path on the node.
  std::string type = "about:blank";
  std::string title;    // short, the same for every occurrence of the type
  int status = 500;
  std::string detail;   // this occurrence, in words a person can act on
  std::string instance; // the request path it happened on
  std::vector<FieldError> errors;
  HeaderList extra_headers;  // e.g. Allow for 405, Retry-After for 429/503
};

int HttpStatusFor(core::ErrorCode code);

// The problem for an accord error: type "/problems/<code name>", the status
// from HttpStatusFor, and the error's message as the detail.
Problem ProblemFor(const core::Error& error, std::string_view instance);

// A problem that only restates an HTTP status (type "about:blank", title
// the status's reason phrase).
Problem HttpProblem(int status, std::string detail, std::string_view instance);

// Serialises `problem` as application/problem+json.
Response ProblemResponse(const Problem& problem);
inline Response ProblemResponse(const core::Error& error, std::string_view instance) {
  return ProblemResponse(ProblemFor(error, instance));
}
// 400 invalid_argument for `request` (its path is the instance): a path or
// query parameter that does not parse; `detail` names it and says why.
inline Response Problem400(const Request& request, const std::string& detail) {
  return ProblemResponse(core::InvalidArgument(detail), request.parsed.Path());
}

// The standard reason phrase of an HTTP status ("Not Found"), or "Unknown".
std::string_view ReasonPhrase(int status);

// Documentation of accord's problem types, served at /problems/<name>.
// Returns nullptr for an unknown name.
struct ProblemType {
  std::string_view name;
  std::string_view title;
  std::string_view description;
};
const ProblemType* FindProblemType(std::string_view name);

}  // namespace accord::server
