// The `accord` command: parses arguments with CLI11 (included here only,
// it is slow to compile) and calls the subcommand's Run function. Errors
// become one line on standard error and an exit status, in one place.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.h"

#ifndef ACCORD_VERSION
#define ACCORD_VERSION "0.0.0"
#endif

namespace {

// Exit statuses, also listed in `accord --help`.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;       // anything not listed below
constexpr int kExitUsage = 2;         // bad arguments or bad input data
constexpr int kExitNotFound = 3;      // a file, node or record does not exist
constexpr int kExitCorrupt = 4;       // stored data failed verification

int ExitStatusFor(accord::core::ErrorCode code) {
  using accord::core::ErrorCode;
  switch (code) {
    case ErrorCode::kInvalidArgument: return kExitUsage;
    case ErrorCode::kNotFound: return kExitNotFound;
    case ErrorCode::kCorrupt: return kExitCorrupt;
    case ErrorCode::kConflict:
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kResourceExhausted:
    case ErrorCode::kUnavailable:
    case ErrorCode::kInternal:
      return kExitFailure;
  }
  return kExitFailure;
}

int Report(const accord::core::Status& status) {
  if (status) return kExitOk;
  std::fprintf(stderr, "accord: %s\n", status.error().message.c_str());
  return ExitStatusFor(status.error().code);
}

void SetUpLogging(const std::string& level) {
  // Logs are structured (logfmt: key=value) on standard error, in UTC, so
  // that standard output stays for results.
  auto logger = spdlog::stderr_logger_mt("accord");
  logger->set_pattern("ts=%Y-%m-%dT%H:%M:%S.%fZ level=%l %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app{"accord: the registry, verifiable log and dashboard of an agreement against "
               "cyber operations on civilian infrastructure"};
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 success, 1 failure, 2 bad arguments or input, 3 not found, "
      "4 stored data failed verification.\nRun 'accord <command> --help' for a command's "
      "options. Documentation: README.md and docs/ in the source tree.");
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "Log verbosity: trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();

  accord::cli::InitOptions init;
  auto* init_command = app.add_subcommand(
      "init", "Create a node: data directory, Ed25519 node key and config.toml");
  init_command->add_option("--data", init.data_dir, "Data directory to create")
      ->capture_default_str();
  init_command->add_option("--origin", init.origin,
                           "Log origin and key name, e.g. registry.example.org/accord "
                           "(default: a unique dev-XXXXXXXX.accord.invalid)");
  init_command->add_option("--listen", init.listen, "HTTP address written to config.toml")
      ->capture_default_str();

  accord::cli::ServeOptions serve;
  auto* serve_command = app.add_subcommand("serve", "Run the node's HTTP server until SIGINT/SIGTERM");
  serve_command->add_option("--data", serve.data_dir, "Data directory made by 'accord init'")
      ->capture_default_str();
  serve_command->add_option("--listen", serve.listen,
                            "HOST:PORT to listen on (overrides config.toml; port 0 = any free port)");
  serve_command->add_option("--web", serve.web_root,
                            "Directory of the built dashboard (default: web/dist of the checkout)");
  serve_command->add_option("--threads", serve.threads, "HTTP I/O threads (overrides config.toml)");

  auto* version_command = app.add_subcommand("version", "Print the version and exit");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message and the hint to use --help
    return kExitUsage;
  }
  SetUpLogging(log_level);

  if (*version_command) {
    std::printf("accord %s\n", ACCORD_VERSION);
    return kExitOk;
  }
  if (*init_command) return Report(accord::cli::RunInit(init));
  if (*serve_command) return Report(accord::cli::RunServe(serve, ACCORD_VERSION));
  return kExitUsage;
} catch (const std::exception& e) {
  // The last resort: a bug, reported as such rather than as a crash.
  std::fprintf(stderr, "accord: internal error: %s\n", e.what());
  return kExitFailure;
}
