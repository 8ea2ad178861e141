#include "norms/internal/toml_reader.h"

#include <algorithm>
#include <cstdio>

#include "norms/internal/condition_parser.h"

namespace accord::norms::internal {

void EntryReader::Name(std::string_view kind, std::string_view id) {
  label_ = std::string(kind) + " " + Quote(id);
}

core::Error EntryReader::Fail(std::string_view key, std::string_view reason) const {
  const toml::node* node = table_.get(key);
  return core::InvalidArgument(LineOf(node != nullptr ? *node : table_) + Where(key) + ": " +
                               std::string(reason));
}

std::string EntryReader::Where(std::string_view key) const {
  return label_ + ": key \"" + std::string(key) + "\"";
}

core::Status EntryReader::CheckKeys(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [key, node] : table_) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
      return core::InvalidArgument("line " + std::to_string(key.source().begin.line) + ": " +
                                   label_ + ": unknown key " + Quote(key.str()));
    }
  }
  return core::Ok();
}

core::Result<std::string> EntryReader::String(std::string_view key, Presence presence,
                                              std::size_t max_bytes) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) {
    if (presence == Presence::kOptional) return std::string();
    return Fail(key, "missing");
  }
  const auto* text = node->as_string();
  if (text == nullptr) return Fail(key, "expected a string, got " + std::string(TomlTypeName(*node)));
  if (text->get().empty()) return Fail(key, "is empty");
  if (text->get().size() > max_bytes)
    return Fail(key, "longer than " + std::to_string(max_bytes) + " bytes");
  return text->get();
}

core::Result<bool> EntryReader::Boolean(std::string_view key, bool fallback) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) return fallback;
  const auto* flag = node->as_boolean();
  if (flag == nullptr) return Fail(key, "expected a boolean, got " + std::string(TomlTypeName(*node)));
  return flag->get();
}

core::Result<std::int64_t> EntryReader::Integer(std::string_view key, std::int64_t min,
                                                std::int64_t max) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) return Fail(key, "missing");
  const auto* number = node->as_integer();
  if (number == nullptr)
    return Fail(key, "expected an integer, got " + std::string(TomlTypeName(*node)));
  if (number->get() < min || number->get() > max)
    return Fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  return number->get();
}

core::Result<std::optional<model::Date>> EntryReader::Date(std::string_view key,
                                                           Presence presence) const {
  const toml::node* node = table_.get(key);
  if (node == nullptr) {
    if (presence == Presence::kOptional) return std::optional<model::Date>();
    return Fail(key, "missing");
  }
  const auto* date = node->as_date();
  if (date == nullptr)
    return Fail(key, "expected a date such as 2024-06-01, got " + std::string(TomlTypeName(*node)));
  // toml++ has checked the calendar (month 1-12, day within the month).
  const toml::date& value = date->get();
  return std::optional<model::Date>(model::Date{std::chrono::year{value.year},
                                                std::chrono::month{value.month},
                                                std::chrono::day{value.day}});
}

core::Result<std::vector<const toml::table*>> TablesOf(const toml::table& root,
                                                       std::string_view key,
                                                       std::size_t max_entries) {
  std::vector<const toml::table*> tables;
  const toml::node* node = root.get(key);
  if (node == nullptr) return tables;
  const toml::array* list = node->as_array();
  if (list == nullptr)
    return core::InvalidArgument(LineOf(*node) + "\"" + std::string(key) +
                                 "\" must be an array of tables ([[" + std::string(key) + "]])");
  if (list->size() > max_entries)
    return core::ResourceExhausted("more than " + std::to_string(max_entries) + " [[" +
                                   std::string(key) + "]] entries");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const toml::table* table = (*list)[i].as_table();
    if (table == nullptr)
      return core::InvalidArgument(LineOf((*list)[i]) + std::string(key) + "[" +
                                   std::to_string(i) + "]: expected a table, got " +
                                   std::string(TomlTypeName((*list)[i])));
    tables.push_back(table);
  }
  return tables;
}

core::Result<toml::table> ParseToml(std::string_view text, std::string_view what) {
  try {
    return toml::parse(text);
  } catch (const toml::parse_error& error) {
    // toml++ reports syntax errors only by throwing; convert here.
    const auto& where = error.source().begin;
    return core::InvalidArgument(std::string(what) + ": line " + std::to_string(where.line) +
                                 ", column " + std::to_string(where.column) + ": " +
                                 std::string(error.description()));
  }
}

bool IsLowerId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  char previous = '-';
  for (char c : id) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && c != '-') return false;
    if (c == '-' && previous == '-') return false;
    previous = c;
  }
  return previous != '-';
}

std::string FormatDate(const model::Date& date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

}  // namespace accord::norms::internal
