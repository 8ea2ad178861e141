// RFC 6901 JSON Pointers: how a FieldError names the offending field and how
// `field_tlp` names the field it marks ("/affected_entities/0/name").
//
// A pointer is "" (the whole document) or a sequence of "/"-prefixed
// reference tokens in which "~" is written "~0" and "/" is written "~1"
// (RFC 6901 section 3). Array elements are named by their index in decimal
// without leading zeros; "-" (the element after the last) names nothing that
// exists (section 4). Everything here is hand-written and linear in the
// input; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_value.h"
#include "core/result.h"

namespace accord::model {

// `token` with "~" escaped as "~0" and "/" as "~1" (in that order, RFC 6901
// section 3), so that it can follow a "/" in a pointer.
std::string EscapePointerToken(std::string_view token);

// `pointer` + "/" + the escaped `token`.
std::string AppendPointerToken(std::string_view pointer, std::string_view token);
// `pointer` + "/" + `index` in decimal.
std::string AppendPointerIndex(std::string_view pointer, std::size_t index);

// Splits `pointer` into its unescaped reference tokens; "" gives none.
// Fails with kInvalidArgument when the pointer does not start with "/", or a
// "~" is not followed by "0" or "1"; the message names the byte offset.
core::Result<std::vector<std::string>> ParsePointer(std::string_view pointer);

// The value `pointer` names inside `document`, or nullptr when it names
// nothing: a missing member, an index that is out of range, "-", not a
// decimal index or has a leading zero, a token applied to a string, number,
// boolean or null, or a malformed pointer. Member names are compared as bytes.
const core::JsonValue* ResolvePointer(const core::JsonValue& document, std::string_view pointer);

}  // namespace accord::model
