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
#include "model/case_stage.h"
#include "registry/deadlines.h"
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

struct Ladder;

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
  // Issue 8: acknowledgment windows of notifications and the deadlines of
  // a case's stages (docs/notifications.md, docs/grievance.md); the node
  // config's [notifications] and [cases] tables set them.
  DeadlineConfig notification_deadlines;
  model::CaseDeadlines case_deadlines;
  // The ladder of graduated responses; null: the built-in
  // data/response/ladder-1.toml (checked against the methodology and the
  // catalogue when the registry opens).
  const Ladder* ladder = nullptr;
  // Whether a thread fires deadlines as the clock passes them. Tests with a
  // ManualClock set false and call PollDeadlines() after moving the clock.
  bool run_deadline_thread = true;
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
  // The severity breakdown (assess::AssessmentToJson) and the norms
  // evaluation with its traces (norms::EvaluationToJson), recomputed from
  // the stored report with the node's methodology and catalogue. Public,
  // and only for a report the public reads whole (TLP:CLEAR throughout,
  // record published): for any other, the breakdown would tell what the
  // withheld fields hold, so it is kPermissionDenied naming the summary
  // GET /v1/reports/{id} gives instead. kNotFound for an unknown id.
  Reply ReportAssessment(const std::string& id) const;
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

  // ---------------------------------------------------------------- issue 8
  // Deadlines (registry/deadlines.h): one scheduler for acknowledgment
  // deadlines ("ack/...") and case stage deadlines ("case/..."), started
  // by Open from the store's records, so a restart neither loses nor
  // repeats one. Fires every pending deadline due at the clock's reading,
  // each event durable before it returns; returns how many fired.
  std::size_t PollDeadlines();
  // Pending deadlines, for tests and the node's metrics.
  std::vector<Deadline> PendingDeadlines() const;

  // ---------------------------------------------------------------- notifications
  // (notifications.cc, notification_views.cc, contacts.cc)
  // Points of contact (docs/notifications.md): PUT /v1/parties/{id}/contact
  // by the party itself or the secretariat; the body is the record without
  // the server-set "party" and "updated_at" ("schema" optional). Answers
  // with {"party","updated_at"} and the receipt once contact.updated is
  // durable. 401/403 for other callers, 404 for an unknown party, 409 for a
  // revoked one, 422 with pointers for a bad body.
  void UpdateContact(const Caller& caller, const std::string& party_id, const core::JsonValue& body,
                     ReplyFn reply);
  // GET /v1/contacts: the directory, every party's point of contact: the
  // public part for everyone, the restricted part too for state parties,
  // the secretariat and the contact's own party. format=csv (public
  // columns only).
  Reply ListContacts(const Caller& caller, const QueryParams& params) const;

  // Notifications. POST /v1/notifications (state parties, the
  // secretariat): the body is the notification without the server-set
  // "id", "from", "sent_at" ("schema" optional); every recipient must be a
  // registered, active party. Answers 201 {"id","due":[...]} and the
  // receipt once notification.sent is durable, and schedules one
  // acknowledgment deadline per recipient.
  void SendNotification(const Caller& caller, const core::JsonValue& body, ReplyFn reply);
  // GET /v1/notifications: the notifications the caller sent or received
  // (the secretariat: every one, without the subject and body of those it
  // is not a party to); ?role=sent|received, ?state=open|acknowledged,
  // ?exercise=true|false, ?kind=, ?limit=1..1000, ?before=<log index>.
  // 401 for the public.
  Reply ListNotifications(const Caller& caller, const QueryParams& params) const;
  // GET /v1/notifications/{id}: the thread (notification, replies, each
  // recipient's status). A recipient's first read records
  // notification.delivered before answering. 404 for an unknown id and for
  // a caller who is neither a party to it nor the secretariat (existence
  // is not revealed).
  void GetNotification(const Caller& caller, const std::string& id, ReplyFn reply);
  // POST /v1/notifications/{id}/replies {kind, body}: a recipient
  // acknowledges, answers or adds a note; the sender adds notes. Answers
  // 201 {"id","notification","state","late"} once notification.replied is
  // durable; an acknowledgment or answer cancels the recipient's deadline.
  // 409 naming the allowed steps when the status refuses the step.
  void ReplyToNotification(const Caller& caller, const std::string& id, const core::JsonValue& body,
                           ReplyFn reply);
  // POST /v1/pings {"to": [party ids] | "all", "exercise"?, "priority"?,
  // "subject"?, "body"?}: the secretariat tests points of contact with one
  // notification of kind "ping" ("all": every active state party).
  void SendPing(const Caller& caller, const core::JsonValue& body, ReplyFn reply);
  // GET /v1/pings: MeasurePings over every recorded ping (?exercise=true
  // for the exercise pings only; default the real ones). Everyone sees the
  // per-party summary; parties and the secretariat also each measurement.
  Reply Pings(const Caller& caller, const QueryParams& params) const;

  // ---------------------------------------------------------------- cases
  // (cases.cc, case_filing.cc, case_views.cc, case_panels.cc)
  // The grievance mechanism (docs/grievance.md "What is wired"). Errors as
  // every command: 401 without a token where one is needed, 403 for a role
  // that may not act (the message says who may), 404 for an unknown case or
  // evidence id, 409 for a step the case's stage does not allow (naming the
  // allowed steps), 422 with JSON Pointers for a bad body.
  //
  // POST /v1/cases: a state party, an operator or a watchdog files an
  // allegation; evidence items carry "content_base64" and the node computes
  // sha256 and size. Answers 201 {id, allegation_id, evidence:[ids], receipt}.
  void FileCase(const Caller& caller, const core::JsonValue& body, ReplyFn reply);
  // GET /v1/cases (?stage= ?exercise=true|false ?limit= ?before=): public forms.
  Reply ListCases(const Caller& caller, const QueryParams& params) const;
  // GET /v1/cases/{id}: the public form; the filer, the accused state's
  // party, the secretariat and arbitrators on the case's panels also see
  // "allegation" (without evidence content).
  Reply GetCase(const Caller& caller, const std::string& id) const;
  // GET /v1/cases/statistics: StageAttrition over every non-exercise case
  // (?exercise=true: over the exercise cases instead). Public.
  Reply CaseStatistics(const QueryParams& params) const;
  // POST /v1/cases/{id}/evidence {"evidence":[items]}: the filer, the
  // accused state's party or the secretariat adds items.
  void AddEvidence(const Caller& caller, const std::string& id, const core::JsonValue& body,
                   ReplyFn reply);
  // GET /v1/cases/{id}/evidence/{eid}: the content, for the secretariat,
  // the filer and arbitrators on the case's panels; each read is a custody
  // entry (case.evidence-accessed), durable before the content is shown.
  void GetEvidence(const Caller& caller, const std::string& id, const std::string& evidence_id,
                   ReplyFn reply);
  // POST /v1/cases/{id}/transitions {to, reason?, seed_tree_size?}.
  void TransitionCase(const Caller& caller, const std::string& id, const core::JsonValue& body,
                      ReplyFn reply);
  // POST /v1/cases/{id}/finding {outcome, norms_violated?, reasoning,
  // intent?, red_lines?}: the chair of the sitting panel, or the
  // secretariat on its behalf, during (appeal-)hearing; moves the case to
  // (appeal-)finding.
  void IssueFinding(const Caller& caller, const std::string& id, const core::JsonValue& body,
                    ReplyFn reply);
  // case_panels.cc. POST /v1/cases/{id}/appointments {side, arbitrator}:
  // that side's party (or the secretariat) during investigation.
  void AppointArbitrator(const Caller& caller, const std::string& id, const core::JsonValue& body,
                         ReplyFn reply);
  // POST /v1/cases/{id}/conflicts {with?:[party ids or states]}: an
  // arbitrator declares a conflict (default: the case's parties and states).
  void DeclareConflict(const Caller& caller, const std::string& id, const core::JsonValue& body,
                       ReplyFn reply);
  // POST /v1/cases/{id}/panel: the secretariat draws the sitting panel once
  // the log has reached the seed tree size (409 before).
  void DrawCasePanel(const Caller& caller, const std::string& id, ReplyFn reply);
  // GET /v1/cases/{id}/panel (?kind=first-instance|appeal): the public
  // record of a drawn panel, everything needed to recompute it.
  Reply GetCasePanel(const std::string& id, const QueryParams& params) const;

  // ---------------------------------------------------------------- responses
  // (responses.cc, standing_views.cc)
  // Graduated responses and standing (docs/response.md "What is wired").
  // A case's recommendation is recorded by the cases commands when it
  // enters remedy-and-response (registry/internal/responses.h).
  //
  // POST /v1/cases/{id}/remediation {"status": "none"|"partial"|"complete",
  // "date": "YYYY-MM-DD"}: the secretariat records how far the accused state
  // has remedied the violation. Answers {case, remediation, receipt} once
  // response.remediation-recorded is durable. 401/403 for other callers,
  // 404 for an unknown case, 409 when the case has no recommendation yet or
  // `date` is before the finding's day or the last recorded remediation's,
  // 422 with pointers for a bad body (a date after today included).
  void RecordRemediation(const Caller& caller, const std::string& case_id,
                         const core::JsonValue& body, ReplyFn reply);
  // GET /v1/cases/{id}/recommendation: the "recommendation" record (public).
  // 404 when the case has none.
  Reply GetRecommendation(const std::string& case_id) const;
  // GET /v1/standing (?as_of=YYYY-MM-DD, default today by the registry's
  // clock): every active state party's standing, benefits and reasons,
  // computed from the records (AssessStanding), sorted by state code;
  // exercise cases and recommendations do not count. Public. 422 naming
  // "as_of" when it is not a calendar date; 400 for other parameters.
  Reply ListStanding(const QueryParams& params) const;
  // GET /v1/parties/{id}/standing (?as_of=): one state party's (revoked
  // ones too). 404 for an unknown party or one that is not a state.
  Reply PartyStanding(const std::string& party_id, const QueryParams& params) const;

  std::uint64_t log_size() const { return log_.size(); }

 private:
  Registry(store::Store& store, ledger::Log& log, RegistryOptions options);

  // Starts deadlines_ (deadline_wiring.cc).
  core::Status StartDeadlines();
  // The FireFn of deadlines_: dispatches by the id's prefix.
  core::Status FireDeadline(const DeadlineFired& fired);
  // Each submits its event through the sequencer and waits for it to be
  // durable; Ok (recording nothing) when the deadline turned out moot.
  core::Status FireNotificationDeadline(const DeadlineFired& fired);  // notifications.cc
  core::Status FireCaseDeadline(const DeadlineFired& fired);          // cases.cc

  // Notifications (notifications.cc).
  // Records notification.sent for `notification` (recipients checked) and
  // schedules its deadlines; answers 201.
  void SubmitNotification(const Actor& actor, model::Notification notification, ReplyFn reply);
  // The thread as `caller` may see it; kNotFound when it may not.
  core::Result<core::JsonValue> NotificationView(const Caller& caller, const store::RecordRow& row,
                                                 bool with_replies) const;

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
  std::unique_ptr<Sequencer> sequencer_;
  DeadlinePolicy notification_policy_;
  // Last: stops first, since its thread submits to the sequencer.
  std::unique_ptr<DeadlineScheduler> deadlines_;
};

}  // namespace accord::registry
