// The one error type of accord. An Error carries a code that tells the caller
// what to do next and a message that tells a person what went wrong and where.
// Messages are lower case, name the field or file and the reason, and grow a
// prefix of context at each layer they pass through (see Context()).
//
// The code-to-HTTP-status mapping lives in server/problem.cc, and the
// code-to-exit-status mapping in cli/main.cc; nowhere else.
#pragma once

#include <string>
#include <string_view>

namespace accord::core {

enum class ErrorCode {
  kInvalidArgument,  // the input is wrong: fix it and try again
  kNotFound,         // the thing asked for does not exist
  kConflict,         // it exists already, or changed underneath the caller
  kPermissionDenied, // the caller may not do this
  kUnauthenticated,  // the caller's credentials are missing, unknown, revoked or expired
  kResourceExhausted,// a limit was reached (size, rate, depth)
  kUnavailable,      // a transient failure: try again later
  kCorrupt,          // stored data failed verification: stop and tell a human
  kInternal,         // a bug in accord
};

// Stable lower-case name of a code, e.g. "invalid_argument".
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  // Prefixes what the caller was doing: "write tiles: " + message. Returns a
  // copy so that `return result.error().Context("...")` reads naturally.
  [[nodiscard]] Error Context(std::string_view what) const {
    Error wrapped{code, std::string(what)};
    wrapped.message.append(": ").append(message);
    return wrapped;
  }

  // "invalid_argument: <message>", for logs and test failure output.
  std::string ToString() const;
};

inline Error InvalidArgument(std::string message) {
  return {ErrorCode::kInvalidArgument, std::move(message)};
}
inline Error NotFound(std::string message) {
  return {ErrorCode::kNotFound, std::move(message)};
}
inline Error Conflict(std::string message) {
  return {ErrorCode::kConflict, std::move(message)};
}
inline Error PermissionDenied(std::string message) {
  return {ErrorCode::kPermissionDenied, std::move(message)};
}
inline Error Unauthenticated(std::string message) {
  return {ErrorCode::kUnauthenticated, std::move(message)};
}
inline Error ResourceExhausted(std::string message) {
  return {ErrorCode::kResourceExhausted, std::move(message)};
}
inline Error Unavailable(std::string message) {
  return {ErrorCode::kUnavailable, std::move(message)};
}
inline Error Corrupt(std::string message) {
  return {ErrorCode::kCorrupt, std::move(message)};
}
inline Error Internal(std::string message) {
  return {ErrorCode::kInternal, std::move(message)};
}

}  // namespace accord::core
