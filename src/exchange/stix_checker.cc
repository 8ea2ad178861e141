// StixChecker's typed getters (exchange/internal/stix_checker.h).
#include "exchange/internal/stix_checker.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/id.h"

namespace accord::exchange {
namespace internal {

std::string PointerToken(std::string_view name) {
  // RFC 6901 section 3: '~' is written "~0" and '/' "~1".
  std::string token;
  for (char c : name) {
    if (c == '~') token += "~0";
    else if (c == '/') token += "~1";
    else token += c;
  }
  return token;
}

std::string Quote(std::string_view text) {
  constexpr std::size_t kMaxQuoted = 80;  // keep a hostile value out of the report
  std::string quoted = "\"";
  quoted.append(text.substr(0, kMaxQuoted));
  if (text.size() > kMaxQuoted) quoted += "...";
  return quoted + "\"";
}

void StixChecker::Problem(std::string field, std::string reason) {
  problems_.push_back({name_, std::move(field), std::move(reason)});
}

const core::JsonValue* StixChecker::Get(std::string_view property) const {
  return object_.Find(property);
}

const std::string* StixChecker::String(std::string_view property, std::string_view section) {
  const core::JsonValue* value = Get(property);
  if (value == nullptr) return nullptr;
  if (value->type() != core::JsonType::kString) {
    Problem(Field(property), "must be a string, found " +
                                 std::string(core::JsonTypeName(value->type())) + " (" +
                                 std::string(section) + ")");
    return nullptr;
  }
  return &value->AsString();
}

const std::string* StixChecker::RequiredString(std::string_view property,
                                               std::string_view section) {
  if (Get(property) == nullptr) {
    Problem(Field(property), "required property is missing (" + std::string(section) + ")");
    return nullptr;
  }
  return String(property, section);
}

void StixChecker::Require(std::string_view property, std::string_view section) {
  if (Get(property) == nullptr)
    Problem(Field(property), "required property is missing (" + std::string(section) + ")");
}

bool StixChecker::CheckIdentifier(const std::string& field, const core::JsonValue& value,
                                  std::initializer_list<std::string_view> types,
                                  std::string_view section) {
  if (value.type() != core::JsonType::kString) {
    Problem(field, "must be a STIX identifier string, found " +
                       std::string(core::JsonTypeName(value.type())) + " (section 2.9)");
    return false;
  }
  auto id = core::StixId::Parse(value.AsString());
  if (!id) {
    Problem(field, id.error().message + " (section 2.9)");
    return false;
  }
  if (types.size() > 0 && std::find(types.begin(), types.end(), id->type) == types.end()) {
    std::string expected;
    for (std::string_view type : types) expected += (expected.empty() ? "" : " or ") + std::string(type);
    Problem(field, Quote(value.AsString()) + " must identify a " + expected + " object (" +
                       std::string(section) + ")");
    return false;
  }
  return true;
}

void StixChecker::Reference(std::string_view property,
                            std::initializer_list<std::string_view> types,
                            std::string_view section) {
  if (const core::JsonValue* value = Get(property))
    CheckIdentifier(Field(property), *value, types, section);
}

void StixChecker::References(std::string_view property,
                             std::initializer_list<std::string_view> types,
                             std::string_view section) {
  const core::JsonValue* value = Get(property);
  if (value == nullptr) return;
  if (!NonEmptyList(Field(property), *value, section)) return;
  const auto& items = value->AsArray();
  for (std::size_t i = 0; i < items.size(); ++i)
    CheckIdentifier(Field(property) + "/" + std::to_string(i), items[i], types, section);
}

bool StixChecker::NonEmptyList(const std::string& field, const core::JsonValue& value,
                               std::string_view section) {
  if (value.type() != core::JsonType::kArray) {
    Problem(field, "must be a list, found " + std::string(core::JsonTypeName(value.type())) +
                       " (" + std::string(section) + ")");
    return false;
  }
  if (value.AsArray().empty()) {
    // Section 2.12: empty lists are prohibited.
    Problem(field, "must not be an empty list (section 2.12)");
    return false;
  }
  return true;
}

void StixChecker::StringList(std::string_view property, std::string_view section) {
  const core::JsonValue* value = Get(property);
  if (value == nullptr || !NonEmptyList(Field(property), *value, section)) return;
  const auto& items = value->AsArray();
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].type() != core::JsonType::kString)
      Problem(Field(property) + "/" + std::to_string(i),
              "must be a string (" + std::string(section) + ")");
}

std::optional<core::Timestamp> StixChecker::Timestamp(std::string_view property,
                                                      std::string_view section,
                                                      bool millisecond_precision) {
  const std::string* text = String(property, section);
  if (text == nullptr) return std::nullopt;
  auto time = ParseStixTimestamp(*text);
  if (!time) {
    Problem(Field(property), time.error().message + " (" + std::string(section) + ")");
    return std::nullopt;
  }
  if (millisecond_precision) {
    // Section 3.2: created and modified MUST be precise to the nearest
    // millisecond, i.e. carry at least three digits of fraction.
    const std::size_t dot = text->find('.');
    if (dot == std::string::npos || text->size() - dot - 2 < 3)
      Problem(Field(property), Quote(*text) + " must be precise to the millisecond "
                                              "(at least 3 fraction digits, section 3.2)");
  }
  return *time;
}

void StixChecker::NotBefore(std::string_view later, std::optional<core::Timestamp> later_time,
                            std::string_view earlier, std::optional<core::Timestamp> earlier_time,
                            std::string_view section, bool strictly) {
  if (!later_time || !earlier_time) return;
  if (*later_time > *earlier_time || (!strictly && *later_time == *earlier_time)) return;
  const std::string* later_text = String(later, section);
  const std::string* earlier_text = String(earlier, section);
  Problem(Field(later), std::string(later) + " " + Quote(later_text ? *later_text : "") +
                            (strictly ? " must be later than " : " is earlier than ") +
                            std::string(earlier) + " " + Quote(earlier_text ? *earlier_text : "") +
                            " (" + std::string(section) + ")");
}

void StixChecker::Integer(std::string_view property, double min, double max,
                          std::string_view section) {
  const core::JsonValue* value = Get(property);
  if (value == nullptr) return;
  if (value->type() != core::JsonType::kNumber || std::trunc(value->AsNumber()) != value->AsNumber()) {
    Problem(Field(property), "must be an integer (" + std::string(section) + ")");
    return;
  }
  if (value->AsNumber() < min || value->AsNumber() > max)
    Problem(Field(property), "must be between " + std::to_string(static_cast<long long>(min)) +
                                 " and " + std::to_string(static_cast<long long>(max)) + " (" +
                                 std::string(section) + ")");
}

void StixChecker::Boolean(std::string_view property, std::string_view section) {
  const core::JsonValue* value = Get(property);
  if (value != nullptr && value->type() != core::JsonType::kBool)
    Problem(Field(property), "must be a boolean (" + std::string(section) + ")");
}

void StixChecker::KillChainPhases() {
  const core::JsonValue* value = Get("kill_chain_phases");
  if (value == nullptr || !NonEmptyList(Field("kill_chain_phases"), *value, "section 2.11")) return;
  const auto& phases = value->AsArray();
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const std::string field = "/kill_chain_phases/" + std::to_string(i);
    if (phases[i].type() != core::JsonType::kObject) {
      Problem(field, "must be a kill-chain-phase object (section 2.11)");
      continue;
    }
    // Section 2.11: kill_chain_name and phase_name are required strings.
    for (std::string_view member : {"kill_chain_name", "phase_name"}) {
      const core::JsonValue* part = phases[i].Find(member);
      if (part == nullptr || part->type() != core::JsonType::kString || part->AsString().empty())
        Problem(field + "/" + std::string(member), "required string is missing (section 2.11)");
    }
  }
}

}  // namespace internal

}  // namespace accord::exchange
