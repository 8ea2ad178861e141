// The condition engine of the norms catalogue: small, declarative, three-valued.
//
// A norm's rules are data (data/norms/catalogue-*.toml), not code: trees of
// `all`, `any` and `not` over comparisons of incident-report fields
// ("effects.availability eq true", "affected_entities any-element-matches
// {...}"), plus references to the catalogue's named definitions, principles,
// red lines and prohibited actions. This file holds the compiled form of such
// a tree and evaluates it against one report, writing a trace that names each
// condition checked, the report fields it read (as RFC 6901 pointers) and the
// values it found. Compiling from TOML, with every name checked, is
// norms/internal/condition_parser.h's job; the table of fields a condition may
// name is norms/report_fields.h.
//
// Logic is Kleene's strong three-valued logic: a report often does not say
// (a count left out, a civilian status of "unknown"), and the engine must
// then answer "unknown" rather than guess. That is what lets an evaluation
// say "insufficient information" instead of "no violation". docs/norms.md,
// "Conditions", gives the semantics of every operator.
//
// Compiled conditions are immutable; evaluation only reads them and the
// report, so any number of threads may evaluate at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "norms/report_fields.h"

namespace accord::norms {

// Kleene's three truth values.
enum class Truth : std::uint8_t { kFalse, kTrue, kUnknown };

// "false", "true", "unknown".
std::string_view TruthName(Truth value);

// false wins over unknown wins over true.
Truth And(Truth a, Truth b);
// true wins over unknown wins over false.
Truth Or(Truth a, Truth b);
// Swaps true and false; unknown stays unknown.
Truth Not(Truth value);

enum class Operator : std::uint8_t {
  kExists,             // the field is present (an array: has an element)
  kEq,                 // single field equals the value
  kIn,                 // single field is one of the values
  kGte,                // integer field >= value
  kLte,                // integer field <= value
  kGt,                 // integer field > value
  kLt,                 // integer field < value
  kContains,           // array field has an element equal to the value
  kContainsAny,        // array field has an element among the values
  kInSector,           // sector code is one of the values or a sub-sector of one
  kAnyElementMatches,  // some element of an array of objects satisfies `where`
  kAllElementsMatch,   // every element of an array of objects satisfies `where`
};

// The catalogue's spelling: "exists", "eq", "in", "gte", "lte", "gt", "lt",
// "contains", "contains-any", "in-sector", "any-element-matches",
// "all-elements-match".
std::string_view OperatorName(Operator op);
// The operator spelled `name` exactly, or nullopt.
std::optional<Operator> OperatorFromName(std::string_view name);

// A value written in a condition.
using Literal = std::variant<bool, std::int64_t, std::string>;

struct Condition {
  enum class Kind : std::uint8_t {
    kAll,               // children: true when every child is
    kAny,               // children: true when some child is
    kNot,               // children[0]
    kCompare,           // field, op, values
    kElements,          // field (array of objects), op, children[0] per element
    kDefinition,        // target: index into ConditionTables::definitions
    kPrinciple,         // target: index into ConditionTables::principles
    kRedLine,           // target: index into ConditionTables::red_lines
    kProhibitedAction,  // target: index, or kAnyTarget for "any"
    kUndecidable,       // always unknown; `text` says what a report cannot show
  };
  // `target` of a kProhibitedAction that stands for every entry.
  static constexpr std::size_t kAnyTarget = static_cast<std::size_t>(-1);

  Kind kind = Kind::kAll;
  // What the trace calls this step: the catalogue's `label`, or a
  // description made when compiling ("effects.availability eq true").
  std::string text;
  std::vector<Condition> children;
  // kCompare, kElements: the field compared. For a path through an array of
  // objects ("affected_entities[*].sector"), `array` is the array's field
  // and `field` the element's; otherwise `array` is null.
  const FieldSpec* array = nullptr;
  const FieldSpec* field = nullptr;
  Operator op = Operator::kExists;
  std::vector<Literal> values;  // kCompare: one for eq/gte/..., several for in/...
  std::size_t target = 0;
};

// A condition with a name, as a reference points to it.
struct NamedCondition {
  std::string id;     // "harm-to-civilian-ci", "distinction", "RL-WATER"
  std::string title;  // for the trace
  Condition condition;
};

// What reference conditions point to; the catalogue owns one. Principles are
// compiled as all(applies_when, breached_when), prohibited actions as
// all(effect, some entity in the target class, a listed technique).
struct ConditionTables {
  std::vector<NamedCondition> definitions;
  std::vector<NamedCondition> principles;
  std::vector<NamedCondition> red_lines;
  std::vector<NamedCondition> prohibited_actions;
};

// One line of a trace. Steps are written in evaluation order, each parent
// before its children (a pre-order walk); `depth` gives the nesting.
struct TraceStep {
  int depth = 0;
  std::string step;                 // what was checked
  std::vector<std::string> fields;  // RFC 6901 pointers into the report
  std::vector<std::string> values;  // what was found there; "absent" if nothing
  Truth outcome = Truth::kUnknown;

  friend bool operator==(const TraceStep&, const TraceStep&) = default;
};
using Trace = std::vector<TraceStep>;

// Most elements of one array whose evaluation a trace shows one by one; the
// rest are evaluated all the same and summed up in one step, so that a report
// of 100 entities does not give a trace of thousands of lines.
inline constexpr std::size_t kMaxTracedElements = 12;

// Evaluates `condition` for `subject` (its scope must be the condition's,
// which the compiler guarantees). When `trace` is not null, appends the steps
// of this evaluation at `depth` and below; evaluation without a trace
// allocates nothing. References are looked up in `tables`, which must be the
// tables the condition was compiled against.
Truth Evaluate(const Condition& condition, const Subject& subject, const ConditionTables& tables,
               Trace* trace, int depth = 0);

}  // namespace accord::norms
