// The demo's points of contact and notifications (data/demo/directory/):
// `accord demo load` registers a few state parties with a public point of
// contact and plays some notifications and replies between them, so that a
// fresh node's dashboard shows a directory and notification figures beside
// the demo incidents. Everything goes through the node's HTTP API with the
// secretariat's token, as any client's calls would.
#pragma once

#include <filesystem>

#include "cli/node_connection.h"
#include "core/result.h"

namespace accord::cli {

// What one load did, for the summary line.
struct DemoDirectoryResult {
  std::size_t parties_registered = 0;
  std::size_t notifications_sent = 0;
  std::size_t replies_sent = 0;
  bool already_present = false;  // every party was there: nothing was played
};

// Loads `file` (schema accord.demo-directory/1) through `secretariat`.
// Idempotent: when every party of the file is already registered (same
// kind, name and state), nothing is done; otherwise the missing parties are
// registered with their contact, and the notifications are played with
// tokens issued for the occasion and revoked afterwards. Fails with
// kInvalidArgument naming the member of the file that is wrong, or with
// the node's error naming the call.
core::Result<DemoDirectoryResult> LoadDemoDirectory(NodeConnection& secretariat,
                                                    const std::filesystem::path& file);

}  // namespace accord::cli
