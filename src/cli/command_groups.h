// Subcommand groups defined outside main.cc (issue 8's notifications,
// cases and responses): each adds its subcommands to the application and
// returns the function that runs whichever of them was chosen. Only the
// group's own .cc includes CLI11 (slow to compile); this header does not.
#pragma once

#include <functional>
#include <optional>

#include "cli/commands.h"
#include "core/result.h"

namespace CLI {
class App;
}  // namespace CLI

namespace accord::cli {

// Runs the chosen subcommand of a group: nullopt when none of the group's
// subcommands was on the command line.
using GroupDispatch = std::function<std::optional<core::Status>()>;

// Adds --data, --node, --token, --token-file and --json (main.cc's client
// options) to `command`, bound to `client`.
void AddClientOptions(CLI::App* command, NodeClientOptions& client);

// accord contact|notify|ping|exercise (cli/notify_command.cc, exercise_command.cc).
GroupDispatch AddNotificationCommands(CLI::App& app);
// accord case ... and accord verify-panel (cli/case_command.cc).
GroupDispatch AddCaseCommands(CLI::App& app);
// accord standing and accord response ... (cli/response_command.cc).
GroupDispatch AddResponseCommands(CLI::App& app);

// accord transparency report (cli/transparency_command.cc, issue 9).
GroupDispatch AddTransparencyCommands(CLI::App& app);
// accord audit (cli/audit_command.cc, issue 9).
GroupDispatch AddAuditCommand(CLI::App& app);

}  // namespace accord::cli
