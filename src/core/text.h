// Small text helpers shared by the parsers that suggest corrections in
// their error messages ("unknown sector code ...; did you mean ...?").
#pragma once

#include <cstddef>
#include <string_view>

namespace accord::core {

// Levenshtein distance between `a` and `b` (insertions, deletions and
// substitutions of bytes). O(|a|·|b|) time: callers bound their inputs.
std::size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace accord::core
