// Registry: the commands on incident reports (submit, amend, withdraw).
#include <memory>

#include "assess/cascade.h"
#include "assess/methodology.h"
#include "norms/adherence.h"
#include "norms/catalogue.h"
#include "registry/internal/replies.h"
#include "registry/internal/report_access.h"
#include "registry/registry.h"
#include "registry/submission.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Int;
using internal::Obj;
using internal::Str;

// The registry resolved every reference to the built-in data at start.
SubmissionReferences References(const RegistryOptions& options) {
  return SubmissionReferences{*options.methodology, *options.dependencies, *options.catalogue,
                              *options.adherence};
}

// The reporter a submission names must be the caller's own organization,
// except for the secretariat, which may enter reports from public sources
// on anyone's behalf.
std::optional<model::FieldError> CheckReporter(const Caller& caller, const PreparedReport& report) {
  if (caller.reader.role == privacy::Role::kSecretariat) return std::nullopt;
  if (report.reporter_kind != caller.party_kind)
    return model::FieldError{"/report/reporter/kind",
                             "is \"" + report.reporter_kind + "\" but the token's party is of kind " +
                                 caller.party_kind + ": a party reports as itself"};
  if (caller.party_kind == "state" && report.reporter_state != caller.party_state)
    return model::FieldError{"/report/reporter/state",
                             "is \"" + report.reporter_state + "\" but the token is state " +
                                 caller.party_state + "'s"};
  return std::nullopt;
}

JsonValue SubmitReceipt(const ReportRecord& record, std::string_view id, std::string_view event,
                        const Committed& committed) {
  core::JsonArray verdicts;
  for (const auto& [norm, verdict] : record.verdicts)
    verdicts.push_back(Obj({{"norm", Str(norm)}, {"verdict", Str(verdict)}}));
  const Severity& s = record.severity;
  core::JsonObject members{{"id", Str(id)}, {"version", Int(record.version)}, {"event", Str(event)}};
  internal::AppendReceipt(committed, members);
  members.push_back({"severity", Obj({{"methodology_version", Str(s.methodology_version)},
                                      {"score", Int(s.score)},
                                      {"level", Str(s.level)},
                                      {"confidence", Str(s.confidence)},
                                      {"range", Obj({{"low", Int(s.low)}, {"high", Int(s.high)}})}})});
  members.push_back({"verdict_summary", record.verdict_summary});
  members.push_back({"verdicts", JsonValue::Array(std::move(verdicts))});
  members.push_back({"salts", record.salts});
  return Obj(std::move(members));
}

// Recipients must be registered parties.
core::Status CheckRecipients(const BatchView& view, const std::vector<std::string>& recipients) {
  for (std::size_t i = 0; i < recipients.size(); ++i) {
    auto party = view.Party(recipients[i]);
    if (!party) return party.error();
    if (!*party)
      return core::NotFound("recipients/" + std::to_string(i) + ": party " + recipients[i] +
                            " is not registered");
  }
  return core::Ok();
}

// `owner` keeps `record` alive as long as the event needs it (an aliasing
// shared_ptr: the record is not copied).
Event ReportEvent(std::string_view type, const std::string& id, const Actor& actor,
                  const ReportRecord& record, std::shared_ptr<const void> owner = nullptr) {
  Event event;
  if (owner) event.report = std::shared_ptr<const ReportRecord>(owner, &record);
  event.type = std::string(type);
  event.subject = id;
  event.actor = actor;
  event.public_body = ReportPublicJson(record);
  event.full_body = ReportFullJson(record);
  return event;
}

}  // namespace

void Registry::SubmitReport(const Caller& caller, const JsonValue& body, ReplyFn reply) {
  using privacy::Role;
  if (auto denied = internal::RequireRole(
          caller, {Role::kState, Role::kOperator, Role::kWatchdog, Role::kSecretariat},
          "submit incident reports"))
    return reply(internal::Failed(*denied));
  auto prepared = PrepareSubmission(body, References(options_));
  if (auto* errors = std::get_if<std::vector<model::FieldError>>(&prepared))
    return reply(internal::Invalid(std::move(*errors)));
  auto report = std::make_shared<PreparedReport>(std::move(std::get<PreparedReport>(prepared)));
  if (auto mismatch = CheckReporter(caller, *report)) return reply(internal::Invalid({*mismatch}));
  report->record.submitter_party_id = caller.reader.party_id;
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [actor, report](BatchView& view) -> core::Result<std::vector<Event>> {
        auto existing = view.Report(report->id);
        if (!existing) return existing.error();
        if (*existing)
          return core::Conflict("report " + report->id +
                                " exists already; amend it with PUT /v1/reports/" + report->id);
        if (auto checked = CheckRecipients(view, report->record.recipients); !checked)
          return checked.error();
        ReportRecord& record = report->record;
        record.version = 1;
        record.submitted_seq = view.next_seq();
        record.submitted_at = core::FormatRfc3339(view.now());
        return std::vector<Event>{
            ReportEvent(event_type::kReportSubmitted, report->id, actor, record, report)};
      },
      [reply, report](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        reply(internal::Created(
            SubmitReceipt(report->record, report->id, event_type::kReportSubmitted, *committed),
            "/v1/reports/" + report->id));
      });
}

void Registry::AmendReport(const Caller& caller, const std::string& id, const JsonValue& body,
                           ReplyFn reply) {
  using privacy::Role;
  if (auto denied = internal::RequireRole(
          caller, {Role::kState, Role::kOperator, Role::kWatchdog, Role::kSecretariat},
          "amend incident reports"))
    return reply(internal::Failed(*denied));
  // Who may amend is decided before the body is read: another party learns
  // nothing from the validation of a report it may not touch. The
  // sequencer checks again against the state of the moment.
  if (auto existing = internal::LoadReportRow(store_, id); !existing) {
    return reply(internal::Failed(existing.error()));
  } else if (existing->submitter_party_id != caller.reader.party_id) {
    return reply(internal::Failed(
        core::PermissionDenied("only the party that submitted report " + id + " may amend it")));
  }
  auto prepared = PrepareSubmission(body, References(options_));
  if (auto* errors = std::get_if<std::vector<model::FieldError>>(&prepared))
    return reply(internal::Invalid(std::move(*errors)));
  auto report = std::make_shared<PreparedReport>(std::move(std::get<PreparedReport>(prepared)));
  if (report->id != id)
    return reply(internal::Invalid("/report/id", "is " + report->id + " but the path names " + id +
                                                     ": an amendment keeps the report's id"));
  if (auto mismatch = CheckReporter(caller, *report)) return reply(internal::Invalid({*mismatch}));
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [actor, report](BatchView& view) -> core::Result<std::vector<Event>> {
        auto existing = view.Report(report->id);
        if (!existing) return existing.error();
        if (!*existing) return core::NotFound("report " + report->id + " does not exist");
        const ReportRecord& current = **existing;
        if (current.submitter_party_id != actor.party_id)
          return core::PermissionDenied("only the party that submitted report " + report->id +
                                        " may amend it");
        if (current.withdrawn)
          return core::Conflict("report " + report->id + " was withdrawn; it cannot be amended");
        if (auto checked = CheckRecipients(view, report->record.recipients); !checked)
          return checked.error();
        ReportRecord& record = report->record;
        record.version = current.version + 1;
        record.submitter_party_id = current.submitter_party_id;
        record.submitted_seq = current.submitted_seq;
        record.submitted_at = current.submitted_at;
        return std::vector<Event>{
            ReportEvent(event_type::kReportAmended, report->id, actor, record, report)};
      },
      [reply, report](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        reply(internal::Answer(
            SubmitReceipt(report->record, report->id, event_type::kReportAmended, *committed)));
      });
}

void Registry::WithdrawReport(const Caller& caller, const std::string& id, const JsonValue& body,
                              ReplyFn reply) {
  using privacy::Role;
  if (auto denied = internal::RequireRole(
          caller, {Role::kState, Role::kOperator, Role::kWatchdog, Role::kSecretariat},
          "withdraw incident reports"))
    return reply(internal::Failed(*denied));
  if (body.type() != JsonType::kObject) return reply(internal::Invalid("", "must be a JSON object"));
  std::vector<model::FieldError> errors;
  for (const auto& member : body.AsObject())
    if (member.name != "reason") errors.push_back({"/" + member.name, "unknown member"});
  const JsonValue* reason = body.Find("reason");
  if (reason == nullptr)
    errors.push_back({"/reason", "is required"});
  else if (reason->type() != JsonType::kString || reason->AsString().empty() ||
           reason->AsString().size() > 2000)
    errors.push_back({"/reason", "must be a string of 1 to 2000 bytes"});
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  std::string why = reason->AsString();
  Actor actor{caller.reader.party_id, caller.token_id};
  bool secretariat = caller.reader.role == Role::kSecretariat;
  sequencer_->Submit(
      [actor, id, why, secretariat](BatchView& view) -> core::Result<std::vector<Event>> {
        auto existing = view.Report(id);
        if (!existing) return existing.error();
        if (!*existing) return core::NotFound("report " + id + " does not exist");
        ReportRecord record = std::move(**existing);
        if (record.submitter_party_id != actor.party_id && !secretariat)
          return core::PermissionDenied("only the party that submitted report " + id +
                                        " or the secretariat may withdraw it");
        if (record.withdrawn) return core::Conflict("report " + id + " is already withdrawn");
        record.withdrawn = true;
        record.withdraw_reason = why;
        record.version += 1;
        return std::vector<Event>{ReportEvent(event_type::kReportWithdrawn, id, actor, record)};
      },
      [reply, id](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        auto version = internal::GetInt(committed->events.back().full_body, "version", "report");
        core::JsonObject members{{"id", Str(id)},
                                 {"version", Int(version ? *version : 0)},
                                 {"event", Str(event_type::kReportWithdrawn)},
                                 {"withdrawn", internal::Bool(true)}};
        internal::AppendReceipt(*committed, members);
        reply(internal::Answer(Obj(std::move(members))));
      });
}

}  // namespace accord::registry
