#include "transparency/public_ledger.h"

#include <algorithm>
#include <utility>

#include "core/json_value.h"
#include "registry/event.h"

namespace accord::transparency {

using core::JsonType;
using core::JsonValue;
namespace event_type = registry::event_type;

// Reads one event's public body into the ledger. Every reader names the
// member it lacks; Apply adds "entry N: <type>".
class LedgerApplier {
 public:
  LedgerApplier(PublicLedger& ledger, const registry::Event& event)
      : ledger_(ledger), event_(event), body_(event.public_body) {}

  core::Status Run();

 private:
  // Member readers over `object`, named by `where` (a path in the body).
  static core::Result<const JsonValue*> Member(const JsonValue& object, std::string_view name,
                                               JsonType type, std::string_view where) {
    if (object.type() != JsonType::kObject)
      return core::Corrupt(std::string(where) + ": not an object");
    const JsonValue* value = object.Find(name);
    if (value == nullptr)
      return core::Corrupt(std::string(where) + "." + std::string(name) + ": missing");
    if (value->type() != type)
      return core::Corrupt(std::string(where) + "." + std::string(name) + ": not " +
                           std::string(core::JsonTypeName(type)));
    return value;
  }
  static core::Result<std::string> String(const JsonValue& object, std::string_view name,
                                          std::string_view where) {
    auto value = Member(object, name, JsonType::kString, where);
    if (!value) return value.error();
    return (*value)->AsString();
  }
  static std::optional<std::string> OptionalString(const JsonValue& object, std::string_view name) {
    if (object.type() != JsonType::kObject) return std::nullopt;
    const JsonValue* value = object.Find(name);
    if (value == nullptr || value->type() != JsonType::kString) return std::nullopt;
    return value->AsString();
  }
  static bool OptionalBool(const JsonValue& object, std::string_view name) {
    if (object.type() != JsonType::kObject) return false;
    const JsonValue* value = object.Find(name);
    return value != nullptr && value->type() == JsonType::kBool && value->AsBool();
  }
  static core::Result<core::Timestamp> Time(const JsonValue& object, std::string_view name,
                                            std::string_view where) {
    auto text = String(object, name, where);
    if (!text) return text.error();
    auto time = core::ParseRfc3339(*text);
    if (!time)
      return core::Corrupt(std::string(where) + "." + std::string(name) + ": " +
                           time.error().message);
    return *time;
  }
  static core::Result<std::vector<std::string>> Strings(const JsonValue& object,
                                                        std::string_view name,
                                                        std::string_view where) {
    auto value = Member(object, name, JsonType::kArray, where);
    if (!value) return value.error();
    std::vector<std::string> items;
    for (const JsonValue& item : (*value)->AsArray()) {
      if (item.type() != JsonType::kString)
        return core::Corrupt(std::string(where) + "." + std::string(name) + ": not strings");
      items.push_back(item.AsString());
    }
    return items;
  }

  core::Status Party();
  core::Status Report();
  core::Status NotificationSent();
  core::Status NotificationProgress();
  core::Status CaseFiled();
  core::Status CaseStep();
  core::Status FindingIssued();
  core::Status Recommended();
  core::Status Remediation();

  core::Result<PublicCase*> CaseOf(const JsonValue& object) {
    auto id = String(object, "case", "body");
    if (!id) return id.error();
    auto found = ledger_.case_index_.find(*id);
    if (found == ledger_.case_index_.end())
      return core::Corrupt("body.case: " + *id + " was not filed earlier in the log");
    return &ledger_.cases_[found->second];
  }

  PublicLedger& ledger_;
  const registry::Event& event_;
  const JsonValue& body_;
};

core::Status LedgerApplier::Run() {
  const std::string& type = event_.type;
  if (type == event_type::kPartyRegistered || type == event_type::kPartyRevoked) return Party();
  if (type == event_type::kReportSubmitted || type == event_type::kReportAmended ||
      type == event_type::kReportWithdrawn)
    return Report();
  if (type == event_type::kNotificationSent) return NotificationSent();
  if (type == event_type::kNotificationDelivered || type == event_type::kNotificationReplied ||
      type == event_type::kNotificationOverdue)
    return NotificationProgress();
  if (type == event_type::kCaseFiled) return CaseFiled();
  if (type == event_type::kCaseTransitioned || type == event_type::kCaseDeadlineExpired)
    return CaseStep();
  if (type == event_type::kCaseFindingIssued) return FindingIssued();
  if (type == event_type::kResponseRecommended) return Recommended();
  if (type == event_type::kResponseRemediationRecorded) return Remediation();
  // Known types whose public bodies no figure of the report reads.
  for (std::string_view known :
       {event_type::kTokenIssued, event_type::kTokenRevoked, event_type::kReportRead,
        event_type::kTechniqueRecorded, event_type::kAdvisoryRecorded, event_type::kContactUpdated,
        event_type::kCaseEvidenceAdded, event_type::kCaseEvidenceAccessed,
        event_type::kCaseArbitratorAppointed, event_type::kCaseConflictDeclared,
        event_type::kCasePanelDrawn})
    if (type == known) return core::Ok();
  return core::Corrupt("unknown event type " + type);
}

core::Status LedgerApplier::Party() {
  auto id = String(body_, "id", "body");
  if (!id) return id.error();
  auto kind = String(body_, "kind", "body");
  if (!kind) return kind.error();
  PublicParty party{*id, *kind, OptionalString(body_, "state").value_or(""),
                    OptionalString(body_, "status").value_or("active") == "revoked"};
  auto [it, inserted] = ledger_.party_index_.try_emplace(*id, ledger_.parties_.size());
  if (inserted)
    ledger_.parties_.push_back(std::move(party));
  else
    ledger_.parties_[it->second] = std::move(party);
  return core::Ok();
}

core::Status LedgerApplier::Report() {
  auto version = Member(body_, "version", JsonType::kNumber, "body");
  if (!version) return version.error();
  auto found = ledger_.report_index_.find(event_.subject);
  const bool submitted = event_.type == event_type::kReportSubmitted;
  if (submitted == (found != ledger_.report_index_.end()))
    return core::Corrupt(submitted ? "report " + event_.subject + " was submitted before"
                                   : "report " + event_.subject + " was not submitted earlier");
  if (event_.type == event_type::kReportWithdrawn) {
    PublicReport& report = ledger_.reports_[found->second];
    report.withdrawn = true;
    report.version = static_cast<std::int64_t>((*version)->AsNumber());
    report.updated_at = event_.at;
    return core::Ok();
  }
  auto form = Member(body_, "public_form", JsonType::kObject, "body");
  if (!form) return form.error();
  auto envelope = Member(**form, "envelope", JsonType::kObject, "body.public_form");
  if (!envelope) return envelope.error();
  PublicReport report;
  report.id = event_.subject;
  report.version = static_cast<std::int64_t>((*version)->AsNumber());
  report.submitted_at = submitted ? event_.at : ledger_.reports_[found->second].submitted_at;
  report.updated_at = event_.at;
  const JsonValue& env = **envelope;
  report.period = OptionalString(env, "month").value_or(OptionalString(env, "year").value_or(""));
  report.envelope_public = env.Find("affected_states") != nullptr;
  report.exercise = OptionalBool(env, "exercise");
  if (report.envelope_public) {
    auto states = Strings(env, "affected_states", "body.public_form.envelope");
    if (!states) return states.error();
    auto sectors = Strings(env, "sectors", "body.public_form.envelope");
    if (!sectors) return sectors.error();
    report.affected_states = std::move(*states);
    report.sectors = std::move(*sectors);
    report.reporter_kind = OptionalString(env, "reporter_kind").value_or("");
    report.severity_level = OptionalString(env, "severity_level");
  }
  // The reporting state is readable only when the report's record is
  // public and its `reporter` is CLEAR; a commitment is an object without
  // `kind`, so it reads as unknown.
  // An operator's `state` is its home state, not the state reporting.
  if (const JsonValue* reporter = (*form)->Find("reporter");
      reporter != nullptr && OptionalString(*reporter, "kind") == "state")
    report.reporter_state = OptionalString(*reporter, "state");
  if (submitted) {
    ledger_.report_index_.emplace(report.id, ledger_.reports_.size());
    ledger_.reports_.push_back(std::move(report));
  } else {
    ledger_.reports_[found->second] = std::move(report);
  }
  return core::Ok();
}

core::Status LedgerApplier::NotificationSent() {
  PublicNotification notification;
  for (auto [name, field] : {std::pair{"id", &notification.id}, std::pair{"kind", &notification.kind},
                             std::pair{"from", &notification.from},
                             std::pair{"priority", &notification.priority}}) {
    auto value = String(body_, name, "body");
    if (!value) return value.error();
    *field = std::move(*value);
  }
  auto sent_at = Time(body_, "sent_at", "body");
  if (!sent_at) return sent_at.error();
  auto due = Time(body_, "due", "body");
  if (!due) return due.error();
  auto to = Strings(body_, "to", "body");
  if (!to) return to.error();
  notification.sent_at = *sent_at;
  notification.due = *due;
  notification.exercise = OptionalBool(body_, "exercise");
  for (std::string& party : *to) {
    RecipientProgress recipient;
    recipient.party = std::move(party);
    notification.recipients.push_back(std::move(recipient));
  }
  if (!ledger_.notification_index_.try_emplace(notification.id, ledger_.notifications_.size())
           .second)
    return core::Corrupt("notification " + notification.id + " was sent before");
  ledger_.notifications_.push_back(std::move(notification));
  return core::Ok();
}

core::Status LedgerApplier::NotificationProgress() {
  auto id = String(body_, "notification", "body");
  if (!id) return id.error();
  auto found = ledger_.notification_index_.find(*id);
  if (found == ledger_.notification_index_.end())
    return core::Corrupt("body.notification: " + *id + " was not sent earlier in the log");
  PublicNotification& notification = ledger_.notifications_[found->second];
  const bool replied = event_.type == event_type::kNotificationReplied;
  auto party = String(body_, replied ? "from" : "recipient", "body");
  if (!party) return party.error();
  auto recipient = std::find_if(notification.recipients.begin(), notification.recipients.end(),
                                [&](const RecipientProgress& r) { return r.party == *party; });
  if (recipient == notification.recipients.end()) {
    // The sender's notes are replies too; they change no recipient.
    if (replied) return core::Ok();
    return core::Corrupt("body.recipient: " + *party + " is not a recipient of " + *id);
  }
  if (event_.type == event_type::kNotificationDelivered) {
    auto at = Time(body_, "delivered_at", "body");
    if (!at) return at.error();
    if (!recipient->delivered_at) recipient->delivered_at = *at;
    return core::Ok();
  }
  if (event_.type == event_type::kNotificationOverdue) {
    recipient->overdue = true;
    recipient->late = true;
    return core::Ok();
  }
  auto kind = String(body_, "kind", "body");
  if (!kind) return kind.error();
  if (*kind != "acknowledgment" && *kind != "answer") return core::Ok();  // a note
  auto at = Time(body_, "at", "body");
  if (!at) return at.error();
  // docs/notifications.md: an acknowledgment implies delivery, an answer
  // acknowledges, and late is never cleared.
  if (!recipient->acknowledged_at) recipient->acknowledged_at = *at;
  if (!recipient->delivered_at) recipient->delivered_at = *at;
  if (*kind == "answer" && !recipient->answered_at) recipient->answered_at = *at;
  if (OptionalBool(body_, "late") || *recipient->acknowledged_at >= notification.due)
    recipient->late = true;
  return core::Ok();
}

core::Status LedgerApplier::CaseFiled() {
  PublicCase filed;
  auto id = String(body_, "id", "body");
  if (!id) return id.error();
  auto parties = Member(body_, "parties", JsonType::kObject, "body");
  if (!parties) return parties.error();
  auto filer_kind = String(**parties, "filer_kind", "body.parties");
  if (!filer_kind) return filer_kind.error();
  auto accused = String(**parties, "accused_state", "body.parties");
  if (!accused) return accused.error();
  auto stage = String(body_, "stage", "body");
  if (!stage) return stage.error();
  auto filed_at = Time(body_, "filed_at", "body");
  if (!filed_at) return filed_at.error();
  auto history = Member(body_, "history", JsonType::kArray, "body");
  if (!history) return history.error();
  for (const JsonValue& step : (*history)->AsArray()) {
    auto step_stage = String(step, "stage", "body.history[]");
    if (!step_stage) return step_stage.error();
    auto at = Time(step, "at", "body.history[]");
    if (!at) return at.error();
    filed.history.push_back({std::move(*step_stage), *at});
  }
  filed.id = *id;
  filed.filer_kind = *filer_kind;
  filed.filer_state = OptionalString(**parties, "filer_state");
  filed.accused_state = *accused;
  filed.filed_at = *filed_at;
  filed.exercise = OptionalBool(body_, "exercise");
  filed.stage = *stage;
  if (!ledger_.case_index_.try_emplace(filed.id, ledger_.cases_.size()).second)
    return core::Corrupt("case " + filed.id + " was filed before");
  ledger_.cases_.push_back(std::move(filed));
  return core::Ok();
}

core::Status LedgerApplier::CaseStep() {
  auto found = CaseOf(body_);
  if (!found) return found.error();
  auto to = String(body_, "to", "body");
  if (!to) return to.error();
  auto at = Time(body_, "at", "body");
  if (!at) return at.error();
  std::vector<NonCooperationRecord> missed;
  if (event_.type == event_type::kCaseDeadlineExpired) {
    auto records = Member(body_, "non_cooperation", JsonType::kArray, "body");
    if (!records) return records.error();
    for (const JsonValue& record : (*records)->AsArray()) {
      auto side = String(record, "side", "body.non_cooperation[]");
      if (!side) return side.error();
      auto stage = String(record, "stage", "body.non_cooperation[]");
      if (!stage) return stage.error();
      auto deadline = Time(record, "deadline", "body.non_cooperation[]");
      if (!deadline) return deadline.error();
      missed.push_back({std::move(*side), std::move(*stage), *deadline});
    }
  }
  PublicCase& moved = **found;
  moved.stage = *to;
  moved.history.push_back({*to, *at});
  for (auto& record : missed) moved.non_cooperation.push_back(std::move(record));
  return core::Ok();
}

core::Status LedgerApplier::FindingIssued() {
  auto found = CaseOf(body_);
  if (!found) return found.error();
  auto finding_json = Member(body_, "finding", JsonType::kObject, "body");
  if (!finding_json) return finding_json.error();
  const JsonValue& json = **finding_json;
  PublicFinding finding;
  auto id = String(json, "id", "body.finding");
  if (!id) return id.error();
  auto outcome = String(json, "outcome", "body.finding");
  if (!outcome) return outcome.error();
  auto issued_at = Time(json, "issued_at", "body.finding");
  if (!issued_at) return issued_at.error();
  auto stage = String(body_, "stage", "body");
  if (!stage) return stage.error();
  finding.id = *id;
  finding.case_id = (*found)->id;
  finding.outcome = *outcome;
  finding.appeal = OptionalBool(json, "appeal");
  finding.issued_at = *issued_at;
  if (json.Find("norms_violated") != nullptr) {
    auto norms = Strings(json, "norms_violated", "body.finding");
    if (!norms) return norms.error();
    finding.norms_violated = std::move(*norms);
  }
  PublicCase& decided = **found;
  if (decided.stage != *stage) {
    decided.stage = *stage;
    decided.history.push_back({*stage, event_.at});
  }
  ledger_.findings_.push_back(std::move(finding));
  return core::Ok();
}

core::Status LedgerApplier::Recommended() {
  auto found = CaseOf(body_);
  if (!found) return found.error();
  PublicRecommendation recommendation;
  recommendation.case_id = (*found)->id;
  auto accused = String(body_, "accused_state", "body");
  if (!accused) return accused.error();
  auto finding = String(body_, "finding", "body");
  if (!finding) return finding.error();
  auto version = String(body_, "ladder_version", "body");
  if (!version) return version.error();
  auto points = Member(body_, "total_points", JsonType::kNumber, "body");
  if (!points) return points.error();
  recommendation.accused_state = *accused;
  recommendation.finding_id = *finding;
  recommendation.ladder_version = *version;
  recommendation.rung = OptionalString(body_, "rung").value_or("");
  recommendation.total_points = static_cast<std::int64_t>((*points)->AsNumber());
  recommendation.recommended_at = event_.at;
  auto [it, inserted] =
      ledger_.recommendation_index_.try_emplace(recommendation.case_id, ledger_.recommendations_.size());
  if (inserted)
    ledger_.recommendations_.push_back(std::move(recommendation));
  else
    ledger_.recommendations_[it->second] = std::move(recommendation);
  return core::Ok();
}

core::Status LedgerApplier::Remediation() {
  auto id = String(body_, "case", "body");
  if (!id) return id.error();
  auto found = ledger_.recommendation_index_.find(*id);
  if (found == ledger_.recommendation_index_.end())
    return core::Corrupt("body.case: " + *id + " has no earlier recommendation in the log");
  auto remediation = Member(body_, "remediation", JsonType::kObject, "body");
  if (!remediation) return remediation.error();
  auto status = String(**remediation, "status", "body.remediation");
  if (!status) return status.error();
  PublicRecommendation& recommendation = ledger_.recommendations_[found->second];
  recommendation.remediation = *status;
  recommendation.remediation_date = OptionalString(**remediation, "date").value_or("");
  recommendation.remediation_recorded_at = event_.at;
  return core::Ok();
}

core::Status PublicLedger::Apply(std::string_view entry) {
  const std::string where = "entry " + std::to_string(size_);
  auto event = registry::DecodePublicEvent(entry);
  if (!event) return core::Corrupt(where + ": " + event.error().message);
  if (event->seq != size_)
    return core::Corrupt(where + ": seq is " + std::to_string(event->seq) +
                         ", not the entry's index");
  if (auto applied = LedgerApplier(*this, *event).Run(); !applied)
    return core::Corrupt(where + " (" + event->type + "): " + applied.error().message);
  if (size_ == 0) first_at_ = event->at;
  ++size_;
  last_at_ = event->at;
  return core::Ok();
}

core::Result<PublicLedger> PublicLedger::Replay(std::span<const std::string> entries) {
  PublicLedger ledger;
  for (const std::string& entry : entries)
    if (auto applied = ledger.Apply(entry); !applied) return applied.error();
  return ledger;
}

std::string PublicLedger::StateOf(std::string_view party_id) const {
  auto found = party_index_.find(party_id);
  if (found == party_index_.end()) return "";
  const PublicParty& party = parties_[found->second];
  return party.kind == "state" ? party.state : "";
}

const PublicCase* PublicLedger::FindCase(std::string_view case_id) const {
  auto found = case_index_.find(case_id);
  return found == case_index_.end() ? nullptr : &cases_[found->second];
}

}  // namespace accord::transparency
