#include "norms/internal/condition_parser.h"

#include "core/encoding.h"
#include "core/text.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <type_traits>
#include <variant>

#include "core/sectors.h"

namespace accord::norms::internal {
namespace {

constexpr std::size_t kMaxQuotedBytes = 48;
constexpr std::size_t kMaxTextLiteralBytes = 200;

constexpr std::array<std::string_view, 9> kShapeKeys = {
    "all", "any", "not", "field", "use", "principle", "red_line", "prohibited_action",
    "undecidable"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// T0NNN (ATT&CK for ICS) or T1NNN / T1NNN.NNN (Enterprise), as the report
// contract spells technique ids.
bool IsAttackId(std::string_view id) {
  if (id.size() != 5 && id.size() != 9) return false;
  if (id[0] != 'T' || (id[1] != '0' && id[1] != '1')) return false;
  for (std::size_t i = 1; i < 5; ++i)
    if (!IsDigit(id[i])) return false;
  if (id.size() == 5) return true;
  if (id[1] == '0' || id[5] != '.') return false;
  return IsDigit(id[6]) && IsDigit(id[7]) && IsDigit(id[8]);
}

bool IsCountryShape(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

class Compiler {
 public:
  Compiler(const ReferenceIndex& references, std::string_view where)
      : references_(references), where_(where) {}

  core::Result<Condition> Compile(const toml::node& node, Scope scope, const std::string& path,
                                  int depth) {
    if (depth > kMaxConditionDepth)
      return Fail(node, path, "nested more than " + std::to_string(kMaxConditionDepth) + " deep");
    const toml::table* table = node.as_table();
    if (table == nullptr)
      return Fail(node, path, "a condition is a table, got " + std::string(TomlTypeName(node)));
    std::string_view shape;
    for (const auto& [key, value] : *table) {
      if (std::find(kShapeKeys.begin(), kShapeKeys.end(), key.str()) == kShapeKeys.end()) continue;
      if (!shape.empty())
        return Fail(node, path,
                    "has both \"" + std::string(shape) + "\" and \"" + std::string(key.str()) +
                        "\"; a condition is exactly one of all, any, not, field, use, principle, "
                        "red_line, prohibited_action, undecidable");
      shape = key.str();
    }
    if (shape.empty())
      return Fail(node, path,
                  "needs one of all, any, not, field, use, principle, red_line, "
                  "prohibited_action, undecidable");
    for (const auto& [key, value] : *table) {
      std::string_view name = key.str();
      bool allowed = name == shape || name == "label" ||
                     (shape == "field" && (name == "op" || name == "value" || name == "where"));
      if (!allowed) return Fail(*table, path, "unknown key " + Quote(name) + " in a condition");
    }
    Condition condition;
    if (const toml::node* label = table->get("label")) {
      if (!label->is_string() || label->as_string()->get().empty())
        return Fail(*label, path + ".label", "must be a non-empty string");
      condition.text = label->as_string()->get();
    }
    const toml::node& body = *table->get(shape);
    std::string body_path = path + "." + std::string(shape);
    core::Status compiled;
    if (shape == "all" || shape == "any") {
      compiled = CompileList(condition, body, shape, scope, body_path, depth);
    } else if (shape == "not") {
      condition.kind = Condition::Kind::kNot;
      auto child = Compile(body, scope, body_path, depth + 1);
      if (!child) return child.error();
      condition.children.push_back(std::move(*child));
      if (condition.text.empty()) condition.text = "not";
    } else if (shape == "field") {
      compiled = CompileField(condition, *table, scope, path, depth);
    } else if (shape == "undecidable") {
      if (!body.is_string() || body.as_string()->get().empty())
        return Fail(body, body_path, "must be a non-empty string saying what a report cannot show");
      condition.kind = Condition::Kind::kUndecidable;
      if (condition.text.empty())
        condition.text = "cannot be decided from a report: " + body.as_string()->get();
    } else {
      compiled = CompileReference(condition, body, shape, scope, body_path);
    }
    if (!compiled) return compiled.error();
    return condition;
  }

 private:
  core::Error Fail(const toml::node& node, const std::string& path, std::string_view reason) const {
    return core::InvalidArgument(LineOf(node) + std::string(where_) + (path.empty() ? "" : " at ") +
                                 (path.empty() ? "" : path.substr(1)) + ": " + std::string(reason));
  }

  core::Status CompileList(Condition& condition, const toml::node& body, std::string_view shape,
                           Scope scope, const std::string& path, int depth) {
    condition.kind = shape == "all" ? Condition::Kind::kAll : Condition::Kind::kAny;
    if (condition.text.empty()) condition.text = shape == "all" ? "all of" : "any of";
    const toml::array* list = body.as_array();
    if (list == nullptr || list->empty())
      return Fail(body, path, "must be a non-empty array of conditions");
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto child = Compile((*list)[i], scope, path + "[" + std::to_string(i) + "]", depth + 1);
      if (!child) return child.error();
      condition.children.push_back(std::move(*child));
    }
    return core::Ok();
  }

  core::Status CompileReference(Condition& condition, const toml::node& body,
                                std::string_view shape, Scope scope, const std::string& path) {
    if (!body.is_string()) return Fail(body, path, "must be a string naming an entry");
    const std::string& id = body.as_string()->get();
    const std::map<std::string, ReferenceTarget, std::less<>>* map = &references_.definitions;
    std::string_view noun = "definition";
    condition.kind = Condition::Kind::kDefinition;
    if (shape == "principle") {
      map = &references_.principles, noun = "principle", condition.kind = Condition::Kind::kPrinciple;
    } else if (shape == "red_line") {
      map = &references_.red_lines, noun = "red line", condition.kind = Condition::Kind::kRedLine;
    } else if (shape == "prohibited_action") {
      map = &references_.prohibited_actions, noun = "prohibited action";
      condition.kind = Condition::Kind::kProhibitedAction;
    }
    if (shape != "use" && scope != Scope::kReport)
      return Fail(body, path, "a " + std::string(noun) + " is about the whole report and cannot " +
                                  "be used in " + std::string(ScopeName(scope)) + " scope");
    if (condition.kind == Condition::Kind::kProhibitedAction && id == "any") {
      condition.target = Condition::kAnyTarget;
      if (condition.text.empty()) condition.text = "any prohibited action";
      return core::Ok();
    }
    auto found = map->find(id);
    if (found == map->end()) return Fail(body, path, "unknown " + std::string(noun) + " " + Quote(id));
    if (found->second.scope != scope)
      return Fail(body, path,
                  "definition " + Quote(id) + " is in " + std::string(ScopeName(found->second.scope)) +
                      " scope, this condition in " + std::string(ScopeName(scope)) + " scope");
    condition.target = found->second.index;
    if (condition.text.empty())
      condition.text = std::string(noun) + " " + id + ": " + found->second.title;
    return core::Ok();
  }

  core::Status CompileField(Condition& condition, const toml::table& table, Scope scope,
                            const std::string& path, int depth) {
    const toml::node& field_node = *table.get("field");
    std::string field_path = path + ".field";
    if (!field_node.is_string()) return Fail(field_node, field_path, "must be a string");
    const std::string& name = field_node.as_string()->get();
    Scope field_scope = scope;
    std::string_view field_name = name;
    if (std::size_t star = name.find("[*]."); star != std::string::npos) {
      condition.array = FindField(scope, std::string_view(name).substr(0, star));
      if (condition.array == nullptr || condition.array->type != ValueType::kObjects)
        return Fail(field_node, field_path,
                    Quote(name.substr(0, star)) + " is not an array of objects in " +
                        std::string(ScopeName(scope)) + " scope");
      field_scope = condition.array->element_scope;
      field_name = std::string_view(name).substr(star + 4);
    }
    condition.field = FindField(field_scope, field_name);
    if (condition.field == nullptr) return Fail(field_node, field_path, UnknownField(field_scope, field_name));
    if (condition.array != nullptr && condition.field->type == ValueType::kObjects)
      return Fail(field_node, field_path, "a path goes through one array of objects at most");
    const FieldSpec& spec = *condition.field;
    bool many = spec.many || condition.array != nullptr;

    const toml::node* op_node = table.get("op");
    if (op_node == nullptr) return Fail(table, path, "key \"op\" is missing");
    if (!op_node->is_string()) return Fail(*op_node, path + ".op", "must be a string");
    auto op = OperatorFromName(op_node->as_string()->get());
    if (!op)
      return Fail(*op_node, path + ".op",
                  "unknown operator " + Quote(op_node->as_string()->get()) +
                      " (known: exists, eq, in, gte, lte, gt, lt, contains, contains-any, "
                      "in-sector, any-element-matches, all-elements-match)");
    condition.op = *op;
    std::string op_name(OperatorName(*op));
    condition.kind = Condition::Kind::kCompare;
    if (condition.text.empty()) condition.text = name + " " + op_name;

    std::string misfit;
    bool objects = spec.type == ValueType::kObjects;
    switch (*op) {
      case Operator::kExists: break;
      case Operator::kEq:
      case Operator::kIn:
        if (many || objects) misfit = "is an array; use contains or contains-any";
        else if (*op == Operator::kIn && spec.type == ValueType::kBoolean) misfit = "is a boolean; use eq";
        break;
      case Operator::kGte:
      case Operator::kLte:
      case Operator::kGt:
      case Operator::kLt:
        if (spec.type != ValueType::kInteger || many) misfit = "is not a single integer";
        break;
      case Operator::kContains:
      case Operator::kContainsAny:
        if (!many || objects) misfit = "is not an array of values; use eq or in";
        break;
      case Operator::kInSector:
        if (spec.type != ValueType::kSector) misfit = "does not hold sector codes";
        break;
      case Operator::kAnyElementMatches:
      case Operator::kAllElementsMatch:
        if (!objects) misfit = "is not an array of objects";
        break;
    }
    if (!misfit.empty())
      return Fail(*op_node, path + ".op",
                  "operator " + Quote(op_name) + " does not fit field " + Quote(name) + ", which " +
                      misfit + " (" + std::string(ValueTypeName(spec.type)) + ")");

    const toml::node* value = table.get("value");
    const toml::node* where = table.get("where");
    if (*op == Operator::kAnyElementMatches || *op == Operator::kAllElementsMatch) {
      if (value != nullptr) return Fail(*value, path + ".value", "not used by " + op_name + "; use \"where\"");
      if (where == nullptr) return Fail(table, path, "key \"where\" is missing: the condition on each element");
      condition.kind = Condition::Kind::kElements;
      auto child = Compile(*where, spec.element_scope, path + ".where", depth + 1);
      if (!child) return child.error();
      condition.children.push_back(std::move(*child));
      return core::Ok();
    }
    if (where != nullptr) return Fail(*where, path + ".where", "only element operators take \"where\"");
    if (*op == Operator::kExists) {
      if (value != nullptr) return Fail(*value, path + ".value", "\"exists\" takes no value; use \"not\" for absence");
      return core::Ok();
    }
    if (value == nullptr) return Fail(table, path, "key \"value\" is missing");
    bool list = *op == Operator::kIn || *op == Operator::kContainsAny || *op == Operator::kInSector;
    std::string value_path = path + ".value";
    if (list) {
      const toml::array* items = value->as_array();
      if (items == nullptr || items->empty())
        return Fail(*value, value_path, "operator " + Quote(op_name) + " takes a non-empty array");
      if (items->size() > kMaxLiterals)
        return Fail(*value, value_path, "more than " + std::to_string(kMaxLiterals) + " values");
      for (std::size_t i = 0; i < items->size(); ++i) {
        auto literal = CompileLiteral((*items)[i], spec, value_path + "[" + std::to_string(i) + "]");
        if (!literal) return literal.error();
        condition.values.push_back(std::move(*literal));
      }
    } else {
      auto literal = CompileLiteral(*value, spec, value_path);
      if (!literal) return literal.error();
      condition.values.push_back(std::move(*literal));
    }
    if (condition.text == name + " " + op_name) condition.text += " " + LiteralsText(condition.values, list);
    return core::Ok();
  }

  core::Result<Literal> CompileLiteral(const toml::node& node, const FieldSpec& spec,
                                       const std::string& path) const {
    std::string expected(ValueTypeName(spec.type));
    switch (spec.type) {
      case ValueType::kBoolean:
        if (const auto* flag = node.as_boolean()) return Literal(flag->get());
        break;
      case ValueType::kInteger:
        if (const auto* number = node.as_integer()) return Literal(number->get());
        break;
      default: {
        const auto* text = node.as_string();
        if (text == nullptr) break;
        const std::string& value = text->get();
        std::string problem = LiteralProblem(spec, value);
        if (!problem.empty()) return Fail(node, path, problem);
        return Literal(value);
      }
    }
    bool vowel = std::string_view("aeiouAEIOU").find(expected[0]) != std::string_view::npos;
    return Fail(node, path, std::string(vowel ? "expected an " : "expected a ") + expected +
                                " for field " + Quote(spec.name) + ", got " +
                                std::string(TomlTypeName(node)));
  }

  static std::string LiteralProblem(const FieldSpec& spec, const std::string& value) {
    switch (spec.type) {
      case ValueType::kEnum: {
        if (std::find(spec.enum_values.begin(), spec.enum_values.end(), value) != spec.enum_values.end())
          return "";
        std::string known;
        for (std::string_view name : spec.enum_values) known += (known.empty() ? "" : ", ") + std::string(name);
        return Quote(value) + " is not a value of " + Quote(spec.name) + " (known: " + known + ")";
      }
      case ValueType::kSector: {
        auto sector = core::SectorTaxonomy::Builtin().Find(value);
        return sector ? "" : sector.error().message;
      }
      case ValueType::kCountry:
        return IsCountryShape(value) ? "" : Quote(value) + " is not an ISO 3166-1 alpha-2 code";
      case ValueType::kTechnique:
        return IsAttackId(value) ? "" : Quote(value) + " is not an ATT&CK id (T0NNN, T1NNN or T1NNN.NNN)";
      case ValueType::kText:
        if (value.empty() || value.size() > kMaxTextLiteralBytes)
          return "text values are 1 to " + std::to_string(kMaxTextLiteralBytes) + " bytes";
        return "";
      default:
        return "";
    }
  }

  static std::string LiteralsText(const std::vector<Literal>& values, bool list) {
    std::string text = list ? "[" : "";
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) text += ", ";
      std::visit([&text](const auto& value) {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, bool>) text += value ? "true" : "false";
        else if constexpr (std::is_same_v<T, std::int64_t>) text += std::to_string(value);
        else text += value;
      }, values[i]);
    }
    return list ? text + "]" : text;
  }

  static std::string UnknownField(Scope scope, std::string_view name) {
    std::string message = "unknown field " + Quote(name) + " in " + std::string(ScopeName(scope)) + " scope";
    std::string_view best;
    std::size_t best_distance = 4;
    for (const FieldSpec& spec : ReportFields()) {
      if (spec.scope != scope) continue;
      std::size_t distance = core::EditDistance(name.substr(0, 64), spec.name);
      if (distance < best_distance) best_distance = distance, best = spec.name;
    }
    if (!best.empty()) message += " (did you mean " + Quote(best) + "?)";
    return message;
  }

  const ReferenceIndex& references_;
  std::string_view where_;
};

}  // namespace

std::string Quote(std::string_view text) { return core::QuoteForMessage(text, kMaxQuotedBytes); }

std::string LineOf(const toml::node& node) {
  return "line " + std::to_string(node.source().begin.line) + ": ";
}

std::string_view TomlTypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::none: return "nothing";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
  }
  return "an unknown type";
}

core::Result<Condition> CompileCondition(const toml::node& node, Scope scope,
                                         const ReferenceIndex& references, std::string_view where) {
  return Compiler(references, where).Compile(node, scope, "", 0);
}

}  // namespace accord::norms::internal
