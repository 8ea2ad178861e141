// The two helpers every enumeration of the model spells itself with
// (incident_report.cc, notification.cc, case.cc, case_stage.cc): Name()
// looks its value up in a table of spellings in declaration order, and
// EnumFromName() finds a value by its spelling. The tables stay beside the
// Name() that owns them; only the lookups live here, once.
//
// Every enumeration is dense from 0, and its Name() gives "" past its end,
// so one loop serves them all.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace accord::model::internal {

// The spelling of enumerator `value` in `names` (declaration order); ""
// when `value` is past the table's end.
template <typename E, std::size_t N>
constexpr std::string_view EnumName(E value, const std::array<std::string_view, N>& names) {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : std::string_view();
}

// The enumerator whose Name() is `name`; nullopt when none is. Name(E) is
// found by argument-dependent lookup in E's namespace.
template <typename E>
std::optional<E> EnumFromSpelling(std::string_view name) {
  for (int i = 0;; ++i) {
    const std::string_view spelled = Name(static_cast<E>(i));
    if (spelled.empty()) return std::nullopt;
    if (spelled == name) return static_cast<E>(i);
  }
}

}  // namespace accord::model::internal
