// The registry: the application core of the node (DESIGN.md's data flow).
// Requests arrive as JSON bodies and query parameters; the registry
// authenticates the caller, checks what the caller's role may do, runs the
// report through model (validate), assess (score), norms (evaluate) and
// privacy (public form, commitments, scrubbing), and hands the resulting
// events to the sequencer (registry/sequencer.h), which makes them durable
// in the store and the log before anyone is answered. Reads come from the
// store's projections and are cut to what the reader may see
// (docs/visibility.md).
//
// Every answer is a Reply: a JSON body on success, or an error with, for a
// body that breaks its contract, each offending field as a JSON Pointer
// into the request body. The HTTP layer (server/registry_routes.h) only
// translates Replies to responses. docs/api/openapi.yaml describes them.
//
// Thread-safety: every method may be called from any thread. Commands
// answer through their callback, on the sequencer's thread once durable
// (or at once when refused); queries answer before returning. A callback
// must not block, and must not wait for another command (SubmitAndWait,
// Bootstrap): it runs on the one thread that would have to answer it, and
// every writer waits while it runs.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_value.h"
#include "core/result.h"
#include "core/time.h"
#include "ledger/log.h"
#include "model/field_error.h"
#include "privacy/visibility.h"
#include "registry/import.h"
#include "registry/sequencer.h"
#include "registry/stix_feed.h"
#include "store/store.h"

namespace accord::assess {
class Methodology;
class DependencyMatrix;
}  // namespace accord::assess
namespace accord::norms {
class Catalogue;
class Adherence;
}  // namespace accord::norms

namespace accord::registry {

// Who is calling: the public, or a party through one of its tokens.
struct Caller {
  privacy::Reader reader;  // role kPublic and no party id when anonymous
  std::string token_id;
  std::string party_kind;   // "" for the public
  std::string party_state;  // a state party's ISO code
  bool anonymous() const { return reader.role == privacy::Role::kPublic; }
};

struct Reply {
  std::optional<core::Error> error;
  // Set with error.code kInvalidArgument when a body broke its contract:
  // the HTTP layer answers 422 with these as "errors".
  std::vector<model::FieldError> fields;
  core::JsonValue body;
  // When set, the body already serialized, used instead of `body`: RFC 8785
  // JSON for hot paths that splice stored canonical JSON, or a body in
  // `content_type` (the CSV export).
  std::string raw_body;
  std::string content_type;  // "" for application/json
  std::vector<std::pair<std::string, std::string>> headers;  // extra response headers
  bool created = false;   // 201 rather than 200
  std::string location;   // for created resources
};
using ReplyFn = std::function<void(Reply)>;

// Query parameters as received (decoded), in order.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct RegistryOptions {
  const core::Clock* clock = nullptr;  // null: the system clock
  // The reference data reports are scored and evaluated with; null: the
  // built-in ones (resolved when the registry opens).
  const assess::Methodology* methodology = nullptr;
  const assess::DependencyMatrix* dependencies = nullptr;
  const norms::Catalogue* catalogue = nullptr;
  const norms::Adherence* adherence = nullptr;
  SequencerOptions sequencer;
};

class Registry {
 public:
  // Starts the sequencer over `store` and `log` (both must outlive the
  // registry), reconciling them first (Sequencer::Start's errors).
  static core::Result<std::unique_ptr<Registry>> Open(store::Store& store, ledger::Log& log,
                                                      RegistryOptions options = {});
  ~Registry();

  // The first start of a node: when no secretariat party exists, registers
  // one named `name` and issues it a token, which is returned (the only
  // time it is seen). nullopt when a secretariat exists already.
  core::Result<std::optional<std::string>> Bootstrap(std::string_view name);

  // The caller a bearer token stands for; the public when `bearer` is
  // nullopt. kUnauthenticated for a malformed, unknown, revoked or expired
  // token, or a token of a revoked party.
  core::Result<Caller> Authenticate(std::optional<std::string_view> bearer) const;

  // Reports (docs/api/openapi.yaml, /v1/reports).
  void SubmitReport(const Caller& caller, const core::JsonValue& body, ReplyFn reply);
  void AmendReport(const Caller& caller, const std::string& id, const core::JsonValue& body,
                   ReplyFn reply);
  void WithdrawReport(const Caller& caller, const std::string& id, const core::JsonValue& body,
                      ReplyFn reply);
  // Asynchronous because a secretariat read of TLP:AMBER or above is an
  // event that must be durable before the content is shown.
  void GetReport(const Caller& caller, const std::string& id, ReplyFn reply);
  Reply ListReports(const Caller& caller, const QueryParams& params) const;
  // One page of the STIX objects `caller` may see (registry/stix_feed.h),
  // answered once any read that must be logged is durable. Errors: the
  // store's (kUnavailable, kCorrupt), and the sequencer's for a logged read.
  void ReadStixFeed(const Caller& caller, StixFeedRequest request, StixFeedReplyFn reply);
  Reply Statistics(const QueryParams& params) const;

  // Parties and tokens.
  void RegisterParty(const Caller& caller, const core::JsonValue& body, ReplyFn reply);
  void RevokeParty(const Caller& caller, const std::string& id, const core::JsonValue& body,
                   ReplyFn reply);
  // `params`: format=csv (or the route's Accept: text/csv) for CSV.
  Reply ListParties(const Caller& caller, const QueryParams& params = {}) const;
  Reply GetParty(const Caller& caller, const std::string& id) const;
  void IssueToken(const Caller& caller, const core::JsonValue& body, ReplyFn reply);
  void RevokeToken(const Caller& caller, const std::string& id, ReplyFn reply);

  // Imports (registry/import.h, docs/exchange/imports.md): secretariat
  // only (kUnauthenticated / kPermissionDenied otherwise). Answers once
  // durable with {"status","imported","updated","unchanged","ignored",
  // "rejected","items":[...]} and the receipt of the last event, or 422
  // listing every refused item when nothing was written.
  void Import(const Caller& caller, ImportRequest request, ReplyFn reply);

  // Reference data, public (ATT&CK and vendor advisories are public):
  // GET /v1/reference/techniques, GET /v1/advisories[?cve=], and the
  // advisories citing the CVE ids of one report's `vulnerabilities` that
  // the caller may read (docs/visibility.md; none when the field is not
  // visible to the caller). Each list takes format=csv.
  Reply ListTechniques(const QueryParams& params) const;
  Reply ListAdvisories(const QueryParams& params) const;
  Reply ReportAdvisories(const Caller& caller, const std::string& id, const QueryParams& params) const;

  // The norms catalogue.
  Reply Norms() const;
  Reply Norm(const std::string& id) const;

  std::uint64_t log_size() const { return log_.size(); }

 private:
  Registry(store::Store& store, ledger::Log& log, RegistryOptions options);

  Reply ComputeStatistics(const QueryParams& params) const;

  store::Store& store_;
  ledger::Log& log_;
  RegistryOptions options_;
  std::unique_ptr<core::SystemClock> system_clock_;
  // Statistics are scans of every report (seconds at a million): an answer
  // is kept per query while the log has not grown, and for at most
  // kStatisticsMaxAge while it keeps growing. Each answer names the tree
  // size it was computed at.
  struct CachedStatistics {
    std::uint64_t tree_size = 0;
    std::chrono::steady_clock::time_point computed;
    Reply reply;
  };
  mutable std::mutex statistics_mutex_;  // guards statistics_
  mutable std::map<std::string, CachedStatistics> statistics_;
  std::unique_ptr<Sequencer> sequencer_;  // last: stops first
};

}  // namespace accord::registry
