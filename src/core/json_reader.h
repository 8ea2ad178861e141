// The strict JSON reader: RFC 8259 grammar, restricted to I-JSON (RFC 7493),
// which is what RFC 8785 canonicalization requires of its input (RFC 8785
// section 3.1). docs/formats/canonical-json.md describes the rules.
//
// Strict means every document has exactly one reading, so that its
// canonical form and its hash are unique:
//   - no comments, trailing commas, leading zeros, NaN/Infinity, single
//     quotes or byte order mark; whitespace is space, tab, LF and CR only
//     (RFC 8259 section 2); one value of any type, then only whitespace;
//   - the text is valid UTF-8: no overlong forms, no encoded surrogates, no
//     code point above U+10FFFF, no truncated sequence (RFC 8259 section 8.1,
//     RFC 3629 section 3);
//   - strings hold no unescaped control character and no lone or misordered
//     surrogate escape such as "\ud800" (RFC 7493 section 2.1);
//   - member names are unique within an object, compared after unescaping
//     (RFC 7493 section 2.3);
//   - numbers become the correctly rounded IEEE-754 double; a number too
//     large for a double is an error, one too small rounds to 0 or -0 as in
//     ECMAScript's JSON.parse (RFC 7493 section 2.2).
//
// Why not Boost.JSON (our codec library) for this: 1.81 keeps the last of
// duplicate member names silently and its default number parsing is not
// correctly rounded (the precise mode arrived in 1.83).
//
// The reader does not recurse: nesting is bounded by JsonLimits::max_depth,
// and input of any depth is rejected without exhausting the stack.
// Thread-safe: it keeps no state between calls.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/json_value.h"
#include "core/result.h"

namespace accord::core {

// Resource limits of one parse. Exceeding any of them gives
// kResourceExhausted; they exist so that a request cannot make us allocate
// or recurse without bound.
struct JsonLimits {
  // Arrays and objects nested deeper than this are rejected; the top-level
  // array or object is depth 1. The reader itself does not recurse, but
  // destroying and serializing the tree do, once per level: keep this in
  // the hundreds, not the hundreds of thousands.
  std::size_t max_depth = 64;
  // Longer input is rejected before any parsing.
  std::size_t max_input_bytes = std::size_t{16} << 20;
  // A string or member name longer than this after unescaping is rejected.
  std::size_t max_string_bytes = std::size_t{16} << 20;
};

// Parses `text` as one strict I-JSON document.
// Returns the value tree, or:
//   kInvalidArgument   when the text is not strict I-JSON;
//   kResourceExhausted when it exceeds a limit in `limits`.
// Every message starts with the position of the problem,
// "line L, column C (byte B): ", then names what was found and what was
// expected, e.g. `line 3, column 17 (byte 52): duplicate member name "a"`.
// Lines and columns count from 1, columns in characters (UTF-8 sequences);
// the byte offset counts from 0.
Result<JsonValue> ParseJsonStrict(std::string_view text, const JsonLimits& limits = {});

}  // namespace accord::core
