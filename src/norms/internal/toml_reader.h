// Reading the keys of one TOML table of the norms data files (catalogue and
// adherence) with precise errors: every message names the line, the entry
// (`norm "ACN-B1"`, `state "UA"`) and the key. Only norms/*.cc use it.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/result.h"
#include "model/incident_report.h"

namespace accord::norms::internal {

enum class Presence { kRequired, kOptional };

class EntryReader {
 public:
  // `label` names the entry in messages until Name() gives it its id.
  EntryReader(const toml::table& table, std::string label)
      : table_(table), label_(std::move(label)) {}

  // From now on, errors name the entry as `kind "id"`.
  void Name(std::string_view kind, std::string_view id);
  const std::string& label() const { return label_; }
  const toml::table& table() const { return table_; }

  // An error at `key` (its line if present, else the entry's).
  core::Error Fail(std::string_view key, std::string_view reason) const;
  // `label: key "key"`, for errors raised by others (condition compiler).
  std::string Where(std::string_view key) const;

  // Fails on the first key not in `allowed`.
  core::Status CheckKeys(std::initializer_list<std::string_view> allowed) const;

  const toml::node* Get(std::string_view key) const { return table_.get(key); }

  // A non-empty string of at most `max_bytes`; "" for an absent optional key.
  core::Result<std::string> String(std::string_view key, Presence presence,
                                   std::size_t max_bytes = 4000) const;
  // A boolean; `fallback` when absent.
  core::Result<bool> Boolean(std::string_view key, bool fallback) const;
  // An integer in [min, max].
  core::Result<std::int64_t> Integer(std::string_view key, std::int64_t min,
                                     std::int64_t max) const;
  // A TOML local date (2024-06-01); nullopt for an absent optional key.
  core::Result<std::optional<model::Date>> Date(std::string_view key, Presence presence) const;

 private:
  const toml::table& table_;
  std::string label_;
};

// The tables of an array of tables (`[[norm]]`), at most `max_entries`.
// An absent key gives an empty list. Fails with kInvalidArgument naming the
// key if it is not an array of tables, kResourceExhausted if too long.
core::Result<std::vector<const toml::table*>> TablesOf(const toml::table& root,
                                                       std::string_view key,
                                                       std::size_t max_entries);

// Parses TOML text, converting toml++'s exception into kInvalidArgument with
// line and column. `what` names the document in messages.
core::Result<toml::table> ParseToml(std::string_view text, std::string_view what);

// Lower-case segments of a-z and 0-9 joined by single hyphens, 1..64 bytes
// ("harm-to-civilian-ci").
bool IsLowerId(std::string_view id);

// "2024-06-01".
std::string FormatDate(const model::Date& date);

}  // namespace accord::norms::internal
