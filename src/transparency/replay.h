// Replaying a stored log into a PublicLedger: the one loop that the node's
// published reports, `accord transparency report` and `accord audit` share,
// so that all three read the tiles the same way (C2SP tlog-tiles entry
// bundles, 256 entries each, the last one partial).
//
// The caller verifies the tiles first (ledger::VerifyStoredLog against a
// signed checkpoint); this reads entry bundles only, and trusts nothing
// but their framing and each entry's own `seq`.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "ledger/tile_store.h"
#include "transparency/public_ledger.h"

namespace accord::transparency {

// Applies the entries ledger.size() .. until-1 of the log stored in `store`,
// whose bundles are laid out for a tree of `stored_size` entries (the size
// of the checkpoint the caller verified: its last bundle is the partial
// bundle of that width). Requires ledger.size() <= until <= stored_size,
// else kInvalidArgument naming the sizes. Fails with the store's error
// naming the bundle path, kCorrupt from ParseEntryBundle, or the first
// error of PublicLedger::Apply; the entries applied before it stay applied.
// `progress`, if given, is called after each bundle with ledger.size().
core::Status ReplayStoredEntries(PublicLedger& ledger, const ledger::TileStore& store,
                                 std::uint64_t stored_size, std::uint64_t until,
                                 const std::function<void(std::uint64_t)>& progress = nullptr);

// The calendar years (UTC) from the first entry's to the last entry's,
// oldest first; empty for an empty ledger. These are the years a report can
// be asked for with anything in it.
std::vector<int> CoveredYears(const PublicLedger& ledger);

// The calendar year (UTC) of `at`.
int YearOf(core::Timestamp at);

}  // namespace accord::transparency
