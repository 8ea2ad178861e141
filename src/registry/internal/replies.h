// Building Replies (registry/registry.h) and the receipt members every
// write answers with.
#pragma once

#include <string>
#include <vector>

#include "core/encoding.h"
#include "registry/internal/json_util.h"
#include "registry/registry.h"

namespace accord::registry::internal {

inline Reply Failed(core::Error error) {
  Reply reply;
  reply.error = std::move(error);
  return reply;
}

// A body that broke its contract (HTTP 422).
inline Reply Invalid(std::vector<model::FieldError> fields) {
  Reply reply;
  std::string summary = fields.empty() ? "the body is invalid" : fields.front().ToString();
  if (fields.size() > 1) summary += " (and " + std::to_string(fields.size() - 1) + " more)";
  reply.error = core::InvalidArgument(std::move(summary));
  reply.fields = std::move(fields);
  return reply;
}

inline Reply Invalid(std::string pointer, std::string message) {
  return Invalid({model::FieldError{std::move(pointer), std::move(message)}});
}

inline Reply Answer(core::JsonValue body) {
  Reply reply;
  reply.body = std::move(body);
  return reply;
}

inline Reply Created(core::JsonValue body, std::string location) {
  Reply reply;
  reply.body = std::move(body);
  reply.created = true;
  reply.location = std::move(location);
  return reply;
}

// "log_index", "tree_size", "root_hash" of the command's last event.
inline void AppendReceipt(const Committed& committed, core::JsonObject& members) {
  members.push_back({"log_index", Int(static_cast<std::int64_t>(committed.events.back().seq))});
  members.push_back({"tree_size", Int(static_cast<std::int64_t>(committed.checkpoint.tree_size))});
  members.push_back({"root_hash", Str(core::Base64Encode(std::span<const std::uint8_t>(
                                      committed.checkpoint.root_hash)))});
}

// Only the roles listed may act; kPermissionDenied names the caller's role.
inline std::optional<core::Error> RequireRole(const Caller& caller,
                                              std::initializer_list<privacy::Role> roles,
                                              std::string_view action) {
  for (privacy::Role role : roles)
    if (caller.reader.role == role) return std::nullopt;
  if (caller.anonymous())
    return core::Unauthenticated(std::string(action) +
                                 " needs a bearer token (Authorization: Bearer <token>)");
  std::string_view role = privacy::RoleName(caller.reader.role);
  const char* article = !role.empty() && std::string_view("aeiou").find(role.front()) != std::string_view::npos
                            ? "an "
                            : "a ";
  return core::PermissionDenied(article + std::string(role) + " token may not " + std::string(action));
}

}  // namespace accord::registry::internal
