// Reference data compiled into the binary (data/...) is parsed once, on
// first use, by the type's ParseBuiltin(). The tests parse the same bytes,
// so a failure here means a binary shipped without running its tests: it
// is reported and the process stops rather than run with no taxonomy,
// methodology or matrix.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/result.h"

namespace accord::core {

// Returns the value `parse` gives, parsed once even when threads race to
// the first call ([stmt.dcl]/4) and never destroyed, so that a thread still
// running at exit cannot see it torn down. `what` names the data in the
// fatal message. One instance per T: each type has one built-in value.
template <typename T>
const T& ParseBuiltinOnce(std::string_view what, Result<T> (*parse)()) {
  static const T* const builtin = [&] {
    auto parsed = parse();
    if (!parsed) {
      std::fprintf(stderr, "accord: fatal: built-in %.*s: %s\n", static_cast<int>(what.size()),
                   what.data(), parsed.error().ToString().c_str());
      std::abort();
    }
    return new T(std::move(*parsed));
  }();
  return *builtin;
}

}  // namespace accord::core
