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
