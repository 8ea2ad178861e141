// The work behind each `accord` subcommand, with plain option structs so
// that main.cc (the only file that includes CLI11) just parses and calls.
// Each returns a Status whose message is printed by main() as the reason.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace accord::cli {

struct InitOptions {
  std::filesystem::path data_dir = "accord-data";
  std::string origin;  // empty: a unique development origin is chosen
  std::string listen = "127.0.0.1:8080";
  bool quiet = false;  // print nothing (for throw-away nodes)
};

// Creates the data directory (mode 0700) with a new node key, its public
// key and config.toml, and prints what it made. Fails with kConflict if the
// directory already holds a node key: keys are never overwritten.
core::Status RunInit(const InitOptions& options);

struct ServeOptions {
  std::filesystem::path data_dir = "accord-data";
  std::optional<std::string> listen;           // overrides config.toml
  std::optional<std::filesystem::path> web_root;  // default: found beside the binary
  std::optional<int> threads;
};

// Runs the node until SIGINT or SIGTERM, then shuts down gracefully.
core::Status RunServe(const ServeOptions& options, const std::string& version);

}  // namespace accord::cli

namespace accord::cli {

// accord log init|append|checkpoint|prove: a bare log directory, no registry
// (see cli/log_directory.h for its layout).
struct LogInitOptions {
  std::filesystem::path dir;
  std::string origin;  // empty: a unique development origin
};
core::Status RunLogInit(const LogInitOptions& options);

struct LogAppendOptions {
  std::filesystem::path dir;
  std::vector<std::filesystem::path> files;  // one entry each; none: stdin lines
  std::size_t batch = 1024;                  // entries per durable batch
  std::filesystem::path key;                 // default: <dir>/private/log.key
};
// Prints one line per durable batch: "appended FIRST..LAST tree_size=N".
core::Status RunLogAppend(const LogAppendOptions& options);

core::Status RunLogCheckpoint(const std::filesystem::path& dir);

struct LogProveOptions {
  std::filesystem::path dir;
  std::optional<std::uint64_t> index;        // inclusion proof of this entry
  std::optional<std::uint64_t> old_size;     // consistency proof from this size
  std::optional<std::uint64_t> tree_size;    // default: the latest checkpoint's
};
// Prints the proof as JSON (docs/ledger-format.md, "Proofs").
core::Status RunLogProve(const LogProveOptions& options);

// accord verify ...: each prints what it verified, or fails with kCorrupt
// (exit 4) naming what did not verify.
struct VerifyOptions {
  std::string vkey;                          // string or file
  std::filesystem::path checkpoint;          // a signed checkpoint note
  std::filesystem::path old_checkpoint;      // consistency: the earlier one
  std::filesystem::path entry;               // inclusion: the entry's bytes
  std::filesystem::path proof;               // a proof JSON from `accord log prove`
  std::filesystem::path dir;                 // verify log: a tile directory
  std::filesystem::path last_seen;           // verify log: checkpoint kept between runs
};
core::Status RunVerifyCheckpoint(const VerifyOptions& options);
core::Status RunVerifyInclusion(const VerifyOptions& options);
core::Status RunVerifyConsistency(const VerifyOptions& options);
core::Status RunVerifyLog(const VerifyOptions& options);

}  // namespace accord::cli

namespace accord::cli {

// accord witness init|follow|cosign: a witness's data directory
//   <dir>/witness.key               its cosigning key (Ed25519, 0600)
//   <dir>/vkey                      its cosigner verifier key (type 0x04)
//   <dir>/logs/<sha256(origin)>/vkey        a followed log's key
//   <dir>/logs/<sha256(origin)>/checkpoint  the last checkpoint cosigned
struct WitnessOptions {
  std::filesystem::path dir;
  std::string name;                  // init: the witness's key name
  std::string log_vkey;              // follow: the log's verifier key (string or file)
  std::filesystem::path checkpoint;  // cosign: the log's signed checkpoint
  std::filesystem::path proof;       // cosign: consistency proof from the last cosigned size
};
core::Status RunWitnessInit(const WitnessOptions& options);
core::Status RunWitnessFollow(const WitnessOptions& options);
// Prints the checkpoint with the witness's cosignature appended; refuses
// (kCorrupt, exit 4) a checkpoint inconsistent with the last one cosigned.
core::Status RunWitnessCosign(const WitnessOptions& options);

}  // namespace accord::cli

namespace accord::cli {

// accord norms list|show|check: the norms catalogue and the evaluation of an
// incident report against it (cli/norms_command.cc, docs/norms.md).
struct NormsOptions {
  std::string id;                   // show: a norm, red line, definition, principle or action
  std::filesystem::path report;     // check: an incident report (JSON)
  bool json = false;                // print JSON instead of text
  bool traces = true;               // check: text with the trace of every verdict
  std::filesystem::path catalogue;  // default: the built-in catalogue
  std::filesystem::path adherence;  // default: the built-in (demo) adherence data
};
core::Status RunNormsList(const NormsOptions& options);
// Fails with kNotFound (exit 3) for an id the catalogue does not have.
core::Status RunNormsShow(const NormsOptions& options);
// Prints the evaluation; a potential violation is not a failure (exit 0).
// Fails with kInvalidArgument (exit 2) when the report does not decode,
// listing its errors.
core::Status RunNormsCheck(const NormsOptions& options);

}  // namespace accord::cli

namespace accord::cli {

// accord assess REPORT.json... [--json]: the severity of each report under
// the methodology profile, and of every campaign the reports form together
// (cli/assess_command.cc, docs/methodology.md).
struct AssessOptions {
  std::vector<std::filesystem::path> reports;  // one or more incident reports (JSON)
  bool json = false;                            // print JSON instead of text
  std::filesystem::path methodology;            // default: the built-in profile
};
// Prints the assessments. Fails with kInvalidArgument (exit 2) when a report
// does not decode (listing its errors) or a --methodology profile is invalid.
core::Status RunAssess(const AssessOptions& options);

}  // namespace accord::cli

namespace accord::cli {

// accord routes [--data DIR]: the node's route table, "METHOD /pattern"
// per line (the OpenAPI test compares it with docs/api/openapi.yaml).
// Without --data, a throw-away node in a temporary directory is opened.
struct RoutesOptions {
  std::filesystem::path data_dir;  // empty: a temporary node
};
core::Status RunRoutes(const RoutesOptions& options, const std::string& version);

// How the registry commands reach a running node: --node URL (default: the
// listen address in DATA/config.toml) and a bearer token (--token, or the
// file --token-file, or $ACCORD_TOKEN, or DATA/secretariat.token).
struct NodeClientOptions {
  std::filesystem::path data_dir = "accord-data";
  std::string node_url;    // empty: from DATA/config.toml
  std::string token;       // empty: see above
  std::filesystem::path token_file;
  bool json = false;       // print the node's JSON answer instead of text
};

struct PartyOptions {
  NodeClientOptions client;
  std::string id;  // revoke
  std::string kind;
  std::string name;
  std::string state;
  std::vector<std::string> client_of;
  std::string contact_name;
  std::string contact_email;
  std::string contact_phone;
  std::string reason;
};
core::Status RunPartyAdd(const PartyOptions& options);
core::Status RunPartyList(const PartyOptions& options);
core::Status RunPartyRevoke(const PartyOptions& options);

struct TokenOptions {
  NodeClientOptions client;
  std::string party_id;
  std::string expires_at;
  std::string id;  // revoke
};
// Prints the new token alone on standard output (so that it can be
// captured: TOKEN=$(accord token issue ...)); the rest goes to stderr.
core::Status RunTokenIssue(const TokenOptions& options);
core::Status RunTokenRevoke(const TokenOptions& options);

// accord submit FILE...: each file is a submission ({"report": ...}) or a
// bare incident report, POSTed to /v1/reports.
struct SubmitOptions {
  NodeClientOptions client;
  std::vector<std::filesystem::path> files;
  std::vector<std::string> recipients;  // added to bare reports
};
core::Status RunSubmit(const SubmitOptions& options);

// accord demo load [DIR]: registers the demo data set's reporter as a
// watchdog party (once), issues it a token, and submits every report of
// DIR (default data/demo) through POST /v1/reports like any other; reports
// already present are counted, not resubmitted.
struct DemoLoadOptions {
  NodeClientOptions client;
  std::filesystem::path dir = "data/demo";
};
core::Status RunDemoLoad(const DemoLoadOptions& options);

// accord rebuild --data DIR [--check]: drops the store's projections and
// replays every event into fresh ones, with the node stopped. With
// --check, the projections are read before and after and must be equal
// (kCorrupt naming the first difference otherwise).
struct RebuildOptions {
  std::filesystem::path data_dir = "accord-data";
  bool check = false;
};
core::Status RunRebuild(const RebuildOptions& options);

// accord prove-field: shows that a confidential field's value is the one
// the log committed to: the report's public form (from --node, or a file)
// holds a commitment at POINTER that VALUE (JSON) and SALT (base64) open.
struct ProveFieldOptions {
  NodeClientOptions client;
  std::string report_id;
  std::filesystem::path public_form_file;  // instead of asking the node
  std::string pointer;
  std::string value;  // JSON text of the field's value
  std::string salt;   // base64, as the submit receipt gave it
};
core::Status RunProveField(const ProveFieldOptions& options);

}  // namespace accord::cli

namespace accord::cli {

// accord stix export FILE... [--bundle-id ID]: accord incident reports (JSON)
// as one STIX 2.1 bundle, in canonical JSON, on standard output
// (cli/stix_command.cc, docs/exchange/stix.md). Offline, no assessment.
struct StixExportCommandOptions {
  std::vector<std::filesystem::path> files;
  std::string bundle_id;  // "bundle--<uuid>"; empty: a random one
};
// Fails with kInvalidArgument naming the file and each field error of a
// report that does not decode, or a malformed --bundle-id; kNotFound or
// kUnavailable when a file cannot be read.
core::Status RunStixExport(const StixExportCommandOptions& options);

}  // namespace accord::cli

namespace accord::cli {

// accord taxii pull|push URL: a TAXII 2.1 client (cli/taxii_command.cc,
// docs/exchange/taxii.md). URL is a server's discovery ("http://h/taxii2/"),
// an API root, or a collection's URL.
struct TaxiiOptions {
  std::string url;
  std::string collection;   // id or alias; default: the first readable (pull) / writable (push) one
  std::string added_after;  // pull: only objects the server added after this (RFC 3339)
  std::string taxii_token;  // bearer token of the TAXII server
  std::filesystem::path taxii_token_file;
  NodeClientOptions node;   // our node (--node/--token-file or --data)
  bool partial = false;     // pull: import what maps even when objects are refused
  // push: the most bytes one envelope holds (also bounded by the API root's
  // max_content_length).
  std::uint64_t envelope_bytes = std::uint64_t{4} << 20;
};
// pull: every page of the collection, planned as one STIX import and sent
// to the node's POST /v1/imports; prints the summary. Fails with
// kInvalidArgument when objects are refused (unless partial) or the node
// refuses the import; kUnavailable / kNotFound / kPermissionDenied when the
// TAXII server cannot be read.
core::Status RunTaxiiPull(const TaxiiOptions& options);
// push: every object the node shows this token through its own TAXII
// collection, posted to the remote collection in envelopes, each status
// polled until complete; prints the summary. kInvalidArgument when any
// object failed (each is listed on stderr).
core::Status RunTaxiiPush(const TaxiiOptions& options);

}  // namespace accord::cli

namespace accord::cli {

// accord import stix|veris|csaf PATH (cli/import_command.cc,
// docs/exchange/imports.md): plans the import locally (with a progress bar
// on a terminal, plain lines otherwise), sends what maps to the node in
// one POST /v1/imports, and prints the summary. All or nothing unless
// `partial`. Fails with kInvalidArgument (exit 2) when anything was
// rejected, by the plan or by the node; kNotFound when PATH is missing.
struct ImportOptions {
  NodeClientOptions client;
  std::string format;  // "stix", "veris" or "csaf"
  std::filesystem::path path;
  bool partial = false;
  bool dry_run = false;  // plan and print the summary; send nothing
  bool verbose = false;  // list every ignored and rejected object
};
core::Status RunImport(const ImportOptions& options);

}  // namespace accord::cli
