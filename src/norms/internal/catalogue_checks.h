// The checks of a catalogue that span entries, run once every entry has
// compiled (norms/catalogue.h): each red line is given effect by a binding
// norm that refers to it; references between definitions, principles, red
// lines and prohibited actions have no cycle; and no condition expands, with
// its references, to more than Catalogue::kMaxExpandedChecks checks or
// Catalogue::kMaxExpandedDepth levels.
#pragma once

#include "core/result.h"
#include "norms/catalogue.h"

namespace accord::norms::internal {

// Fails with kInvalidArgument naming the entries of a cycle or the red line
// and norm that do not match, or kResourceExhausted naming the entry whose
// condition expands too far.
core::Status CheckCatalogue(const Catalogue& catalogue);

}  // namespace accord::norms::internal
