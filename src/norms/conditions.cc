#include "norms/conditions.h"

#include <algorithm>
#include <array>

namespace accord::norms {
namespace {

constexpr std::array<std::pair<Operator, std::string_view>, 12> kOperatorNames = {{
    {Operator::kExists, "exists"},
    {Operator::kEq, "eq"},
    {Operator::kIn, "in"},
    {Operator::kGte, "gte"},
    {Operator::kLte, "lte"},
    {Operator::kGt, "gt"},
    {Operator::kLt, "lt"},
    {Operator::kContains, "contains"},
    {Operator::kContainsAny, "contains-any"},
    {Operator::kInSector, "in-sector"},
    {Operator::kAnyElementMatches, "any-element-matches"},
    {Operator::kAllElementsMatch, "all-elements-match"},
}};

bool LiteralEquals(const Literal& literal, const FieldValue& value) {
  if (const bool* flag = std::get_if<bool>(&literal)) {
    const bool* found = std::get_if<bool>(&value.value);
    return found != nullptr && *found == *flag;
  }
  if (const std::int64_t* number = std::get_if<std::int64_t>(&literal)) {
    const std::int64_t* found = std::get_if<std::int64_t>(&value.value);
    return found != nullptr && *found == *number;
  }
  const std::string_view* found = std::get_if<std::string_view>(&value.value);
  return found != nullptr && *found == std::get<std::string>(literal);
}

// A sector code is in a listed sector when it is that code or one of its
// sub-sectors ("energy.electricity" is in "energy"); docs/sectors.md.
bool InSector(std::string_view code, const std::vector<Literal>& sectors) {
  for (const Literal& literal : sectors) {
    const std::string& sector = std::get<std::string>(literal);
    if (code == sector) return true;
    if (code.size() > sector.size() && code[sector.size()] == '.' &&
        code.compare(0, sector.size(), sector) == 0)
      return true;
  }
  return false;
}

bool IsUnknownValue(const FieldSpec& spec, const FieldValue& value) {
  if (spec.unknown_value.empty()) return false;
  const std::string_view* text = std::get_if<std::string_view>(&value.value);
  return text != nullptr && *text == spec.unknown_value;
}

bool LiteralIsUnknownSpelling(const FieldSpec& spec, const std::vector<Literal>& literals) {
  if (spec.unknown_value.empty()) return false;
  for (const Literal& literal : literals) {
    const std::string* text = std::get_if<std::string>(&literal);
    if (text != nullptr && *text == spec.unknown_value) return true;
  }
  return false;
}

// An ATT&CK technique id stands for its sub-techniques too: a rule that
// lists T1561 (Disk Wipe) matches a report of T1561.002.
bool TechniqueMatches(const Literal& literal, const FieldValue& value) {
  const std::string_view* found = std::get_if<std::string_view>(&value.value);
  if (found == nullptr) return false;
  const std::string& listed = std::get<std::string>(literal);
  if (*found == listed) return true;
  return listed.find('.') == std::string::npos && found->size() > listed.size() &&
         (*found)[listed.size()] == '.' && found->compare(0, listed.size(), listed) == 0;
}

// Whether one value satisfies a comparison (exists and the element
// operators are handled by the caller).
bool Matches(const FieldSpec& spec, Operator op, const FieldValue& value,
             const std::vector<Literal>& literals) {
  auto equals = spec.type == ValueType::kTechnique ? TechniqueMatches : LiteralEquals;
  switch (op) {
    case Operator::kEq:
    case Operator::kContains:
      return equals(literals[0], value);
    case Operator::kIn:
    case Operator::kContainsAny:
      return std::any_of(literals.begin(), literals.end(),
                         [&](const Literal& literal) { return equals(literal, value); });
    case Operator::kGte:
    case Operator::kLte:
    case Operator::kGt:
    case Operator::kLt: {
      const std::int64_t* found = std::get_if<std::int64_t>(&value.value);
      if (found == nullptr) return false;
      std::int64_t bound = std::get<std::int64_t>(literals[0]);
      if (op == Operator::kGte) return *found >= bound;
      if (op == Operator::kLte) return *found <= bound;
      if (op == Operator::kGt) return *found > bound;
      return *found < bound;
    }
    case Operator::kInSector: {
      const std::string_view* code = std::get_if<std::string_view>(&value.value);
      return code != nullptr && InSector(*code, literals);
    }
    case Operator::kExists:
    case Operator::kAnyElementMatches:
    case Operator::kAllElementsMatch:
      return false;
  }
  return false;
}

// Compares the values of one field. Several values (an array field, or a
// field read through "[*]") match when some value matches: true if one
// does, else unknown if one is the "not known" spelling, else false.
Truth CompareValues(const Condition& condition, const std::vector<FieldValue>& values) {
  const FieldSpec& spec = *condition.field;
  if (condition.op == Operator::kExists) return values.empty() ? Truth::kFalse : Truth::kTrue;
  if (values.empty()) {
    bool many = spec.many || condition.array != nullptr;
    // A single field left out, or an array whose absence means "not
    // reported", cannot decide a comparison; an absent array of "none
    // known" does not contain anything.
    if (!many || spec.empty_means_unknown) return Truth::kUnknown;
    return Truth::kFalse;
  }
  // Comparing with the "unknown" spelling itself asks whether the report
  // says "unknown", which it answers definitely.
  bool unknown_is_literal = LiteralIsUnknownSpelling(spec, condition.values);
  Truth result = Truth::kFalse;
  for (const FieldValue& value : values) {
    if (Matches(spec, condition.op, value, condition.values)) return Truth::kTrue;
    if (!unknown_is_literal && IsUnknownValue(spec, value)) result = Truth::kUnknown;
  }
  return result;
}

void ReadCompared(const Condition& condition, const Subject& subject,
                  std::vector<FieldValue>& values, std::vector<std::string>* pointers) {
  if (condition.array == nullptr) {
    ReadField(*condition.field, subject, values);
    if (pointers == nullptr) return;
    if (values.empty()) pointers->push_back(FieldPointer(*condition.field, subject));
    for (const FieldValue& value : values)
      pointers->push_back(FieldPointer(*condition.field, subject, value.element));
    return;
  }
  // "array[*].field": the field of every element.
  std::size_t size = condition.array->size(subject);
  for (std::size_t i = 0; i < size; ++i) {
    Subject element = condition.array->element(subject, i);
    std::size_t before = values.size();
    ReadField(*condition.field, element, values);
    if (pointers == nullptr) continue;
    for (std::size_t v = before; v < values.size(); ++v)
      pointers->push_back(FieldPointer(*condition.field, element, values[v].element));
  }
  if (pointers != nullptr && values.empty())
    pointers->push_back(std::string(condition.array->pointer) + "/*" +
                        std::string(condition.field->pointer));
}

Truth EvaluateElements(const Condition& condition, const Subject& subject,
                       const ConditionTables& tables, Trace* trace, int depth) {
  const FieldSpec& array = *condition.field;
  bool every = condition.op == Operator::kAllElementsMatch;
  Truth result = every ? Truth::kTrue : Truth::kFalse;
  std::size_t size = array.size(subject);
  std::size_t untraced = 0;
  Truth untraced_result = result;
  for (std::size_t i = 0; i < size; ++i) {
    Subject element = array.element(subject, i);
    Trace* element_trace = trace != nullptr && i < kMaxTracedElements ? trace : nullptr;
    std::size_t step = 0;
    if (element_trace != nullptr) {
      step = trace->size();
      trace->push_back({depth, "element " + std::to_string(i),
                        {std::string(array.pointer) + "/" + std::to_string(i)}, {}, Truth::kUnknown});
    }
    Truth outcome = Evaluate(condition.children[0], element, tables, element_trace, depth + 1);
    if (element_trace != nullptr) {
      (*trace)[step].outcome = outcome;
    } else if (trace != nullptr) {
      ++untraced;
      untraced_result = every ? And(untraced_result, outcome) : Or(untraced_result, outcome);
    }
    result = every ? And(result, outcome) : Or(result, outcome);
  }
  if (untraced > 0) {
    trace->push_back({depth, std::to_string(untraced) + " more elements, not traced one by one",
                      {std::string(array.pointer)}, {}, untraced_result});
  }
  return result;
}

}  // namespace

std::string_view TruthName(Truth value) {
  switch (value) {
    case Truth::kFalse: return "false";
    case Truth::kTrue: return "true";
    case Truth::kUnknown: return "unknown";
  }
  return "";
}

Truth And(Truth a, Truth b) {
  if (a == Truth::kFalse || b == Truth::kFalse) return Truth::kFalse;
  if (a == Truth::kUnknown || b == Truth::kUnknown) return Truth::kUnknown;
  return Truth::kTrue;
}

Truth Or(Truth a, Truth b) {
  if (a == Truth::kTrue || b == Truth::kTrue) return Truth::kTrue;
  if (a == Truth::kUnknown || b == Truth::kUnknown) return Truth::kUnknown;
  return Truth::kFalse;
}

Truth Not(Truth value) {
  if (value == Truth::kTrue) return Truth::kFalse;
  if (value == Truth::kFalse) return Truth::kTrue;
  return Truth::kUnknown;
}

std::string_view OperatorName(Operator op) {
  for (const auto& [candidate, name] : kOperatorNames)
    if (candidate == op) return name;
  return "";
}

std::optional<Operator> OperatorFromName(std::string_view name) {
  for (const auto& [op, candidate] : kOperatorNames)
    if (candidate == name) return op;
  return std::nullopt;
}

Truth Evaluate(const Condition& condition, const Subject& subject, const ConditionTables& tables,
               Trace* trace, int depth) {
  // The step is written before the children (pre-order) and its outcome
  // filled in after them.
  std::size_t step = 0;
  if (trace != nullptr) {
    step = trace->size();
    trace->push_back({depth, condition.text, {}, {}, Truth::kUnknown});
  }
  Truth result = Truth::kUnknown;
  switch (condition.kind) {
    case Condition::Kind::kAll:
    case Condition::Kind::kAny: {
      // Every operand is evaluated, even after the result is decided, so
      // that the trace names each condition checked.
      bool all = condition.kind == Condition::Kind::kAll;
      result = all ? Truth::kTrue : Truth::kFalse;
      for (const Condition& child : condition.children) {
        Truth outcome = Evaluate(child, subject, tables, trace, depth + 1);
        result = all ? And(result, outcome) : Or(result, outcome);
      }
      break;
    }
    case Condition::Kind::kNot:
      result = Not(Evaluate(condition.children[0], subject, tables, trace, depth + 1));
      break;
    case Condition::Kind::kCompare: {
      std::vector<FieldValue> values;
      std::vector<std::string>* pointers = trace != nullptr ? &(*trace)[step].fields : nullptr;
      ReadCompared(condition, subject, values, pointers);
      result = CompareValues(condition, values);
      if (trace != nullptr) {
        auto& found = (*trace)[step].values;
        if (values.empty()) found.emplace_back("absent");
        for (const FieldValue& value : values) found.push_back(FieldValueText(value));
      }
      break;
    }
    case Condition::Kind::kElements:
      result = EvaluateElements(condition, subject, tables, trace, depth + 1);
      break;
    case Condition::Kind::kDefinition:
      result = Evaluate(tables.definitions[condition.target].condition, subject, tables, trace,
                        depth + 1);
      break;
    case Condition::Kind::kPrinciple:
      result = Evaluate(tables.principles[condition.target].condition, subject, tables, trace,
                        depth + 1);
      break;
    case Condition::Kind::kRedLine:
      result = Evaluate(tables.red_lines[condition.target].condition, subject, tables, trace,
                        depth + 1);
      break;
    case Condition::Kind::kProhibitedAction:
      if (condition.target != Condition::kAnyTarget) {
        result = Evaluate(tables.prohibited_actions[condition.target].condition, subject, tables,
                          trace, depth + 1);
        break;
      }
      result = Truth::kFalse;
      for (const NamedCondition& action : tables.prohibited_actions)
        result = Or(result, Evaluate(action.condition, subject, tables, trace, depth + 1));
      break;
    case Condition::Kind::kUndecidable:
      result = Truth::kUnknown;
      break;
  }
  if (trace != nullptr) (*trace)[step].outcome = result;
  return result;
}

}  // namespace accord::norms
