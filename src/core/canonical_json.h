// RFC 8785 JSON Canonicalization Scheme (JCS): the one byte form of a JSON
// value that accord hashes and signs. Each public event becomes one ledger
// entry in this form (DESIGN.md, "the log is the source of truth"), so any
// party can recompute an entry's bytes from its content and compare them
// byte for byte. docs/formats/canonical-json.md describes the rules.
//
// Reading strict I-JSON input is core/json_reader.h's job; this file turns
// a JsonValue into canonical bytes:
//   - no whitespace (RFC 8785 section 3.2.1);
//   - literals as is, strings with the minimal ECMAScript escaping, numbers
//     as ECMAScript's Number::toString writes them (section 3.2.2);
//   - object members sorted by their names as arrays of UTF-16 code units,
//     recursively; array order kept (section 3.2.3);
//   - UTF-8 output (section 3.2.4).
// All functions are thread-safe: they keep no state between calls.
#pragma once

#include <string>
#include <string_view>

#include "core/json_reader.h"
#include "core/json_value.h"
#include "core/result.h"

namespace accord::core {

// Parses `text` with ParseJsonStrict and returns its canonical form.
// Errors are those of ParseJsonStrict: kInvalidArgument for input that is
// not strict I-JSON, kResourceExhausted for input beyond `limits`, each
// message naming line, column and byte.
Result<std::string> CanonicalizeJson(std::string_view text, const JsonLimits& limits = {});

// The canonical form of `value`.
// REQUIRES: `value` satisfies ValidateForCanonical, as every value from
// ParseJsonStrict does. Non-finite numbers stop the process (see
// FormatJsonNumber); invalid UTF-8 and duplicate names are not checked here
// and would give output that other implementations cannot reproduce.
// Recurses once per nesting level of `value`.
std::string SerializeCanonical(const JsonValue& value);

// Appends the canonical form of `value` to `out`; same contract as
// SerializeCanonical. For callers that build one buffer from many values.
void AppendCanonical(const JsonValue& value, std::string& out);

// Checks what RFC 8785 section 3.1 requires of a value built by hand
// rather than parsed: finite numbers, valid UTF-8 strings and member names,
// unique member names. Returns Ok, or kInvalidArgument naming the place as
// an RFC 6901 JSON Pointer, e.g.
// `value at "/events/3/name": invalid UTF-8 at byte 4 of string`.
Status ValidateForCanonical(const JsonValue& value);

// ECMAScript Number::toString(value), as RFC 8785 section 3.2.2.3 requires
// (ECMA-262; section 7.1.12.1 in the ES6 edition that the RFC cites): the
// shortest digits that round-trip, laid out as an integer up to 21 digits,
// a decimal fraction down to 1e-6, otherwise an exponent form ("1e+21",
// "1.5e-7"). -0 gives "0".
// REQUIRES: `value` is finite. NaN and Infinity cannot come from the
// parser, and a canonical form containing "nan" would be signed and
// published, so a violation aborts the process in every build mode rather
// than being an assert that Release builds drop.
std::string FormatJsonNumber(double value);

// Whether member name `a` sorts before `b` under RFC 8785 section 3.2.3:
// lexicographic order of their UTF-16 code units. Both are UTF-8. This
// equals UTF-8 byte order except that U+E000..U+FFFF (one code unit, up to
// 0xFFFF) sort after U+10000..U+10FFFF (a surrogate pair from 0xD800).
bool Utf16CodeUnitLess(std::string_view a, std::string_view b);

}  // namespace accord::core
