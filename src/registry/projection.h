// Projections: what one event changes in the store's query tables. A pure
// function of the event's full form, so that `accord rebuild` (replaying
// every event in order into empty tables) gives the same rows as the
// live node did.
#pragma once

#include "core/result.h"
#include "registry/event.h"
#include "store/store.h"

namespace accord::registry {

// Writes the rows `event` produces into `batch`. kCorrupt naming the event
// when its type is unknown or its full body does not decode.
core::Status ApplyEvent(const Event& event, store::WriteBatch& batch);

// Drops every projection and replays every stored event into fresh ones,
// in one transaction. `progress` (may be empty) is called every 10,000
// events with the number replayed so far.
core::Status RebuildProjections(store::Store& store,
                                const std::function<void(std::uint64_t)>& progress = {});

}  // namespace accord::registry
