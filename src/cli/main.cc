// The `accord` command: parses arguments with CLI11 (included here only,
// it is slow to compile) and calls the subcommand's Run function. Errors
// become one line on standard error and an exit status, in one place.
#include <cstdio>
#include <exception>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/command_groups.h"
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
    case ErrorCode::kUnauthenticated:
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

namespace accord::cli {

void AddClientOptions(CLI::App* command, NodeClientOptions& client) {
  command->add_option("--data", client.data_dir,
                      "The node's data directory: its config gives the URL, its "
                      "secretariat.token the default token")
      ->capture_default_str();
  command->add_option("--node", client.node_url, "The node's URL (default: from DATA/config.toml)");
  command->add_option("--token", client.token, "Bearer token (default: $ACCORD_TOKEN, then "
                                               "DATA/secretariat.token)");
  command->add_option("--token-file", client.token_file, "File holding the bearer token");
  command->add_flag("--json", client.json, "Print the node's JSON answer");
}

}  // namespace accord::cli

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

  // accord log ...: a bare log directory, no registry.
  auto* log_command = app.add_subcommand("log", "Operate on a bare log directory (no registry)");
  log_command->require_subcommand(1);
  accord::cli::LogInitOptions log_init;
  auto* log_init_command = log_command->add_subcommand(
      "init", "Create a log: signing key, empty signed checkpoint, and DIR/vkey");
  log_init_command->add_option("dir", log_init.dir, "Log directory to create")->required();
  log_init_command->add_option("--origin", log_init.origin,
                               "Origin line and key name (default: a unique "
                               "log-XXXXXXXX.accord.invalid)");
  accord::cli::LogAppendOptions log_append;
  auto* log_append_command = log_command->add_subcommand(
      "append", "Append entries: one per FILE, or one per line of standard input");
  log_append_command->add_option("dir", log_append.dir, "Log directory")->required();
  log_append_command->add_option("files", log_append.files, "Files, one entry each")
      ->check(CLI::ExistingFile);
  log_append_command->add_option("--batch", log_append.batch,
                                 "Entries per durable batch (one sync and one checkpoint each)")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  log_append_command->add_option("--key", log_append.key,
                                 "Signing key (default: DIR/private/log.key; a node's log is "
                                 "signed with DATA/node.key)");
  std::filesystem::path log_checkpoint_dir;
  auto* log_checkpoint_command =
      log_command->add_subcommand("checkpoint", "Print the latest signed checkpoint");
  log_checkpoint_command->add_option("dir", log_checkpoint_dir, "Log directory")->required();
  accord::cli::LogProveOptions log_prove;
  auto* log_prove_command = log_command->add_subcommand(
      "prove", "Print an inclusion (--index) or consistency (--consistency) proof as JSON");
  log_prove_command->add_option("dir", log_prove.dir, "Log directory")->required();
  log_prove_command->add_option("--index", log_prove.index, "Prove that entry INDEX is in the log");
  log_prove_command->add_option("--consistency", log_prove.old_size,
                                "Prove that the tree of OLD_SIZE is a prefix");
  log_prove_command->add_option("--size", log_prove.tree_size,
                                "Tree size to prove against (default: the latest)");

  // accord verify ...: what a watchdog checks.
  accord::cli::VerifyOptions verify;
  auto* verify_command = app.add_subcommand(
      "verify", "Verify checkpoints, proofs and whole tile directories of a log");
  verify_command->require_subcommand(1);
  auto* verify_checkpoint = verify_command->add_subcommand(
      "checkpoint", "Check a checkpoint's signature against the log's verifier key");
  verify_checkpoint->add_option("checkpoint", verify.checkpoint, "Signed checkpoint file")
      ->required()->check(CLI::ExistingFile);
  verify_checkpoint->add_option("--vkey", verify.vkey, "Verifier key string or file")->required();
  auto* verify_inclusion = verify_command->add_subcommand(
      "inclusion", "Check that an entry is in the log at a checkpoint");
  verify_inclusion->add_option("--checkpoint", verify.checkpoint, "Signed checkpoint file")
      ->required()->check(CLI::ExistingFile);
  verify_inclusion->add_option("--entry", verify.entry, "The entry's bytes")
      ->required()->check(CLI::ExistingFile);
  verify_inclusion->add_option("--proof", verify.proof, "Inclusion proof JSON")
      ->required()->check(CLI::ExistingFile);
  verify_inclusion->add_option("--vkey", verify.vkey, "Verifier key string or file")->required();
  auto* verify_consistency = verify_command->add_subcommand(
      "consistency", "Check that a later checkpoint extends an earlier one");
  verify_consistency->add_option("--old", verify.old_checkpoint, "Earlier signed checkpoint")
      ->required()->check(CLI::ExistingFile);
  verify_consistency->add_option("--new", verify.checkpoint, "Later signed checkpoint")
      ->required()->check(CLI::ExistingFile);
  verify_consistency->add_option("--proof", verify.proof, "Consistency proof JSON")
      ->required()->check(CLI::ExistingFile);
  verify_consistency->add_option("--vkey", verify.vkey, "Verifier key string or file")->required();
  auto* verify_log = verify_command->add_subcommand(
      "log", "Re-hash a whole tile directory against its checkpoint");
  verify_log->add_option("dir", verify.dir, "Log directory (checkpoint and tile/)")
      ->required()->check(CLI::ExistingDirectory);
  verify_log->add_option("--vkey", verify.vkey, "Verifier key string or file (default: DIR/vkey)");
  verify_log->add_option("--last-seen", verify.last_seen,
                         "Checkpoint kept from the previous run: the log must extend it "
                         "(updated on success)");

  // accord witness ...: cosign checkpoints only when they extend the last one.
  accord::cli::WitnessOptions witness;
  auto* witness_command = app.add_subcommand(
      "witness", "Cosign a log's checkpoints, refusing any inconsistent with the last one");
  witness_command->require_subcommand(1);
  auto* witness_init = witness_command->add_subcommand("init", "Create a witness and its key");
  witness_init->add_option("dir", witness.dir, "Witness directory to create")->required();
  witness_init->add_option("--name", witness.name, "The witness's key name, e.g. witness.example.org")
      ->required();
  auto* witness_follow = witness_command->add_subcommand("follow", "Start following a log");
  witness_follow->add_option("dir", witness.dir, "Witness directory")->required();
  witness_follow->add_option("--vkey", witness.log_vkey, "The log's verifier key (string or file)")
      ->required();
  auto* witness_cosign = witness_command->add_subcommand(
      "cosign", "Cosign a checkpoint that extends the last one cosigned; print the cosigned note");
  witness_cosign->add_option("dir", witness.dir, "Witness directory")->required();
  witness_cosign->add_option("--checkpoint", witness.checkpoint, "The log's signed checkpoint")
      ->required()->check(CLI::ExistingFile);
  witness_cosign->add_option("--proof", witness.proof,
                             "Consistency proof JSON from the last cosigned size (accord log prove "
                             "--consistency OLD)")
      ->check(CLI::ExistingFile);

  // accord norms ...: the norms catalogue and the evaluation of a report.
  accord::cli::NormsOptions norms;
  auto* norms_command = app.add_subcommand(
      "norms", "The norms catalogue, and the assessment of an incident report against it");
  norms_command->require_subcommand(1);
  norms_command->add_option("--catalogue", norms.catalogue,
                            "Catalogue file (default: the built-in catalogue)")
      ->check(CLI::ExistingFile);
  norms_command->add_option("--adherence", norms.adherence,
                            "Adherence file (default: the built-in demo adherence data)")
      ->check(CLI::ExistingFile);
  norms_command->add_flag("--json", norms.json, "Print JSON instead of text");
  auto* norms_list = norms_command->add_subcommand("list", "List the norms and other entries");
  auto* norms_show = norms_command->add_subcommand(
      "show", "Show a norm, red line, definition, principle or prohibited action");
  norms_show->add_option("id", norms.id, "e.g. ACN-B1, RL-WATER, hospital, distinction, PA-01")
      ->required();
  auto* norms_check = norms_command->add_subcommand(
      "check", "Assess an incident report: verdicts with traces (an assessment, not a finding)");
  norms_check->add_option("report", norms.report, "Incident report (JSON)")
      ->required()->check(CLI::ExistingFile);
  bool norms_summary = false;
  norms_check->add_flag("--summary", norms_summary, "Text without the traces");
  // Options of `norms` (--json, --catalogue, --adherence) may follow the subcommand.
  for (auto* sub : {norms_list, norms_show, norms_check}) sub->fallthrough();

  // accord stix export ...: reports as a STIX 2.1 bundle (docs/exchange/stix.md).
  accord::cli::StixExportCommandOptions stix_export;
  auto* stix_command = app.add_subcommand("stix", "STIX 2.1 exchange (offline)");
  stix_command->require_subcommand(1);
  auto* stix_export_command = stix_command->add_subcommand(
      "export", "Write incident reports (JSON files) as one STIX 2.1 bundle to stdout");
  stix_export_command->add_option("files", stix_export.files, "Incident reports (JSON)")
      ->required();
  stix_export_command->add_option("--bundle-id", stix_export.bundle_id,
                                  "Bundle id (bundle--<uuid>) for reproducible output");

  // accord assess ...: the severity methodology (docs/methodology.md).
  accord::cli::AssessOptions assess;
  auto* assess_command = app.add_subcommand(
      "assess", "Score incident reports for harm to civilians (and campaigns they form)");
  assess_command->add_option("reports", assess.reports, "Incident reports (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  assess_command->add_flag("--json", assess.json, "Print JSON instead of text");
  assess_command->add_option("--methodology", assess.methodology,
                             "A methodology profile (TOML; default: the built-in profile)");

  // The registry: commands that talk to a running node over its API.
  auto add_client_options = accord::cli::AddClientOptions;
  accord::cli::PartyOptions party;
  auto* party_command = app.add_subcommand("party", "Register, list and revoke parties (secretariat)");
  party_command->require_subcommand(1);
  auto* party_add = party_command->add_subcommand("add", "Register a party; prints its id");
  add_client_options(party_add, party.client);
  party_add->add_option("--kind", party.kind, "state, operator, watchdog, arbitrator or secretariat")
      ->required()
      ->check(CLI::IsMember({"state", "operator", "watchdog", "arbitrator", "secretariat"}));
  party_add->add_option("--name", party.name, "The party's name")->required();
  party_add->add_option("--state", party.state, "ISO 3166-1 alpha-2 code (required for a state)");
  party_add->add_option("--client-of", party.client_of, "Party id whose client this party is");
  party_add->add_option("--contact-name", party.contact_name, "Public point of contact: name");
  party_add->add_option("--contact-email", party.contact_email, "Public point of contact: e-mail");
  party_add->add_option("--contact-phone", party.contact_phone, "Public point of contact: phone");
  auto* party_list = party_command->add_subcommand("list", "List the directory of parties");
  add_client_options(party_list, party.client);
  auto* party_revoke = party_command->add_subcommand("revoke", "Revoke a party and all its tokens");
  add_client_options(party_revoke, party.client);
  party_revoke->add_option("id", party.id, "party--<uuid>")->required();
  party_revoke->add_option("--reason", party.reason, "Why (recorded in the log's full form)")->required();

  accord::cli::TokenOptions token;
  auto* token_command = app.add_subcommand("token", "Issue and revoke bearer tokens (secretariat)");
  token_command->require_subcommand(1);
  auto* token_issue = token_command->add_subcommand(
      "issue", "Issue a token for a party; prints it once on standard output");
  add_client_options(token_issue, token.client);
  token_issue->add_option("--party", token.party_id, "party--<uuid>")->required();
  token_issue->add_option("--expires", token.expires_at, "RFC 3339 time after which it stops working");
  auto* token_revoke = token_command->add_subcommand("revoke", "Revoke a token at once");
  add_client_options(token_revoke, token.client);
  token_revoke->add_option("id", token.id, "tok_<16 hex>")->required();

  accord::cli::SubmitOptions submit;
  auto* submit_command = app.add_subcommand(
      "submit", "Submit incident reports (bare reports or {\"report\": ...} submissions)");
  add_client_options(submit_command, submit.client);
  submit_command->add_option("files", submit.files, "JSON files")->required()->check(CLI::ExistingFile);
  submit_command->add_option("--recipient", submit.recipients,
                             "Party id a bare report is addressed to (TLP:AMBER/RED)");

  accord::cli::DemoLoadOptions demo;
  auto* demo_command = app.add_subcommand("demo", "The demo data set");
  demo_command->require_subcommand(1);
  auto* demo_load = demo_command->add_subcommand(
      "load", "Submit the demo incidents to a running node, as any reporter would");
  add_client_options(demo_load, demo.client);

  // accord import stix|veris|csaf PATH (docs/exchange/imports.md).
  accord::cli::ImportOptions import;
  auto* import_command = app.add_subcommand(
      "import", "Import a STIX bundle, VERIS incidents or CSAF advisories into a running node");
  import_command->require_subcommand(1);
  std::vector<CLI::App*> import_commands;
  for (const char* format : {"stix", "veris", "csaf"}) {
    auto* command = import_command->add_subcommand(
        format, std::string("Import ") +
                    (std::string_view(format) == "stix"    ? "a STIX 2.1 bundle (file)"
                     : std::string_view(format) == "veris" ? "VERIS incidents (a file or a directory)"
                                                            : "CSAF 2.0 advisories (a file or a directory)"));
    add_client_options(command, import.client);
    command->add_option("path", import.path, "The file or directory to import")
        ->required()
        ->check(CLI::ExistingPath);
    command->add_flag("--partial", import.partial,
                      "Import what maps even when some objects are rejected (default: all or nothing)");
    command->add_flag("--dry-run", import.dry_run, "Plan and print the summary; send nothing");
    command->add_flag("--verbose", import.verbose, "List every ignored and rejected object");
    command->callback([&import, format] { import.format = format; });
    import_commands.push_back(command);
  }
  demo_load->add_option("dir", demo.dir, "Directory of reports")->capture_default_str();

  accord::cli::TaxiiOptions taxii;
  auto* taxii_command = app.add_subcommand("taxii", "TAXII 2.1 client: pull from or push to a TAXII server");
  taxii_command->require_subcommand(1);
  auto* taxii_pull = taxii_command->add_subcommand(
      "pull", "Fetch a remote collection's objects and import them into the node");
  auto* taxii_push = taxii_command->add_subcommand(
      "push", "Post the reports the node shows through its own TAXII collection to a remote collection");
  for (auto* command : {taxii_pull, taxii_push}) {
    add_client_options(command, taxii.node);
    command->add_option("url", taxii.url, "The TAXII server: discovery (http://HOST/taxii2/), an API root "
                                          "or a collection's URL")
        ->required();
    command->add_option("--collection", taxii.collection, "Collection id or alias");
    command->add_option("--taxii-token", taxii.taxii_token, "Bearer token of the TAXII server");
    command->add_option("--taxii-token-file", taxii.taxii_token_file, "File holding that token");
  }
  taxii_pull->add_option("--added-after", taxii.added_after, "Only objects added after this time (RFC 3339)");
  taxii_pull->add_flag("--partial", taxii.partial, "Import what maps even when some objects are refused");
  taxii_push->add_option("--envelope-bytes", taxii.envelope_bytes, "The most bytes one envelope holds")
      ->capture_default_str();

  accord::cli::RebuildOptions rebuild;
  auto* rebuild_command = app.add_subcommand(
      "rebuild", "Drop the store's projections and replay every event (node stopped)");
  rebuild_command->add_option("--data", rebuild.data_dir, "The node's data directory")->capture_default_str();
  rebuild_command->add_flag("--check", rebuild.check,
                            "Fail unless the rebuilt projections equal the ones before");

  accord::cli::ProveFieldOptions prove_field;
  auto* prove_field_command = app.add_subcommand(
      "prove-field", "Show that a confidential field's value is the one the log committed to");
  add_client_options(prove_field_command, prove_field.client);
  prove_field_command->add_option("--report", prove_field.report_id, "incident-report--<uuid> (asks the node)");
  prove_field_command->add_option("--public-form", prove_field.public_form_file,
                                  "The report's public form, instead of asking the node")
      ->check(CLI::ExistingFile);
  prove_field_command->add_option("--pointer", prove_field.pointer, "The commitment's JSON Pointer, e.g. /narrative")
      ->required();
  prove_field_command->add_option("--value", prove_field.value, "The field's value as JSON, e.g. '\"text\"'")
      ->required();
  prove_field_command->add_option("--salt", prove_field.salt, "The salt the submit receipt gave (base64)")
      ->required();

  accord::cli::RoutesOptions routes;
  auto* routes_command = app.add_subcommand("routes", "Print the node's HTTP routes, one per line");
  routes_command->add_option("--data", routes.data_dir, "A node's data directory (default: a throw-away node)");

  auto* version_command = app.add_subcommand("version", "Print the version and exit");

  // Subcommand groups defined in their own files (cli/command_groups.h).
  const accord::cli::GroupDispatch groups[] = {accord::cli::AddNotificationCommands(app),
                                               accord::cli::AddCaseCommands(app),
                                               accord::cli::AddResponseCommands(app),
                                               accord::cli::AddTransparencyCommands(app),
                                               accord::cli::AddAuditCommand(app)};

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
  if (*log_init_command) return Report(accord::cli::RunLogInit(log_init));
  if (*log_append_command) return Report(accord::cli::RunLogAppend(log_append));
  if (*log_checkpoint_command) return Report(accord::cli::RunLogCheckpoint(log_checkpoint_dir));
  if (*log_prove_command) return Report(accord::cli::RunLogProve(log_prove));
  if (*verify_checkpoint) return Report(accord::cli::RunVerifyCheckpoint(verify));
  if (*verify_inclusion) return Report(accord::cli::RunVerifyInclusion(verify));
  if (*verify_consistency) return Report(accord::cli::RunVerifyConsistency(verify));
  if (*verify_log) return Report(accord::cli::RunVerifyLog(verify));
  if (*witness_init) return Report(accord::cli::RunWitnessInit(witness));
  if (*witness_follow) return Report(accord::cli::RunWitnessFollow(witness));
  if (*witness_cosign) return Report(accord::cli::RunWitnessCosign(witness));
  norms.traces = !norms_summary;
  if (*stix_export_command) return Report(accord::cli::RunStixExport(stix_export));
  if (*assess_command) return Report(accord::cli::RunAssess(assess));
  if (*norms_list) return Report(accord::cli::RunNormsList(norms));
  if (*norms_show) return Report(accord::cli::RunNormsShow(norms));
  if (*norms_check) return Report(accord::cli::RunNormsCheck(norms));
  if (*party_add) return Report(accord::cli::RunPartyAdd(party));
  if (*party_list) return Report(accord::cli::RunPartyList(party));
  if (*party_revoke) return Report(accord::cli::RunPartyRevoke(party));
  if (*token_issue) return Report(accord::cli::RunTokenIssue(token));
  if (*token_revoke) return Report(accord::cli::RunTokenRevoke(token));
  if (*submit_command) return Report(accord::cli::RunSubmit(submit));
  if (*demo_load) return Report(accord::cli::RunDemoLoad(demo));
  for (auto* command : import_commands)
    if (*command) return Report(accord::cli::RunImport(import));
  if (*taxii_pull) return Report(accord::cli::RunTaxiiPull(taxii));
  if (*taxii_push) return Report(accord::cli::RunTaxiiPush(taxii));
  if (*rebuild_command) return Report(accord::cli::RunRebuild(rebuild));
  if (*prove_field_command) return Report(accord::cli::RunProveField(prove_field));
  if (*routes_command) return Report(accord::cli::RunRoutes(routes, ACCORD_VERSION));
  for (const auto& group : groups)
    if (auto status = group()) return Report(*status);
  return kExitUsage;
} catch (const std::exception& e) {
  // The last resort: a bug, reported as such rather than as a crash.
  std::fprintf(stderr, "accord: internal error: %s\n", e.what());
  return kExitFailure;
}
