// Compiles one condition of the catalogue from its TOML form into a
// norms::Condition, checking every name against the field table
// (norms/report_fields.h), every operator against the field's type, every
// literal against the field's values (enumeration spellings, sector codes of
// the taxonomy, ATT&CK id shapes) and every reference against the catalogue's
// ids, so that a mistake fails at load time rather than at evaluation time.
// Only norms/catalogue.cc uses it; the syntax is in docs/norms.md,
// "Conditions".
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "core/result.h"
#include "norms/conditions.h"

namespace accord::norms::internal {

// Deeper nesting is refused: no real rule needs it, and evaluation recurses
// once per level.
inline constexpr int kMaxConditionDepth = 24;
// Most literals in one `in`, `contains-any` or `in-sector` list.
inline constexpr std::size_t kMaxLiterals = 256;

// What a reference may point to.
struct ReferenceTarget {
  std::size_t index = 0;
  Scope scope = Scope::kReport;  // definitions only; the rest are report scope
  std::string title;
};

struct ReferenceIndex {
  std::map<std::string, ReferenceTarget, std::less<>> definitions;
  std::map<std::string, ReferenceTarget, std::less<>> principles;
  std::map<std::string, ReferenceTarget, std::less<>> red_lines;
  std::map<std::string, ReferenceTarget, std::less<>> prohibited_actions;
};

// Compiles `node` as a condition evaluated in `scope`. `where` names the
// catalogue entry and key for messages (`norm "ACN-B1": key "violated_when"`).
// Fails with kInvalidArgument, naming the line, `where`, the path inside the
// condition (".all[1].where") and the reason: not a table; no or several of
// the shape keys (all, any, not, field, use, principle, red_line,
// prohibited_action, undecidable); an unknown key; an unknown field for the
// scope (with the nearest name); an unknown operator; an operator that does
// not fit the field's type or cardinality; a missing, extra or ill-typed
// value; an enumeration value, sector code, country code or ATT&CK id that is
// not valid; a reference to an unknown id or to a definition of another
// scope; nesting deeper than kMaxConditionDepth.
core::Result<Condition> CompileCondition(const toml::node& node, Scope scope,
                                         const ReferenceIndex& references, std::string_view where);

// Quotes untrusted text for an error message: control and non-ASCII bytes as
// \xNN, long input cut.
std::string Quote(std::string_view text);

// "line N: " for a TOML node.
std::string LineOf(const toml::node& node);

// "a table", "an array", "a string", ... for messages.
std::string_view TomlTypeName(const toml::node& node);

}  // namespace accord::norms::internal
