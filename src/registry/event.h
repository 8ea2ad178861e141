// Events: every change of state in the registry (DESIGN.md, "the log is the
// source of truth"). An event has two forms:
//   - the public form, RFC 8785 canonical JSON, which is one entry of the
//     log and which anyone can read:
//       {"schema":"accord.event/1","seq":N,"type":"report.submitted",
//        "at":"<RFC 3339>","subject":"<id>","body":{...public body...}}
//   - the full form, kept only in the store, which adds who acted and the
//     confidential body the projections are rebuilt from:
//       {"schema":"accord.event/1","seq":N,"type":...,"at":...,
//        "subject":...,"actor":{"party_id","token_id"},"body":{...full...}}
// `seq` is the event's index in the log, so a public entry names its own
// position and a replayed or reordered entry is detectable.
// docs/registry.md lists every event type and its bodies.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/json_value.h"
#include "core/result.h"
#include "core/time.h"

namespace accord::registry {

inline constexpr std::string_view kEventSchema = "accord.event/1";

// The event types of issue 6, and those later issues added.
namespace event_type {
inline constexpr std::string_view kPartyRegistered = "party.registered";
inline constexpr std::string_view kPartyRevoked = "party.revoked";
inline constexpr std::string_view kTokenIssued = "token.issued";
inline constexpr std::string_view kTokenRevoked = "token.revoked";
inline constexpr std::string_view kReportSubmitted = "report.submitted";
inline constexpr std::string_view kReportAmended = "report.amended";
inline constexpr std::string_view kReportWithdrawn = "report.withdrawn";
inline constexpr std::string_view kReportRead = "report.read";
// Reference data (issue 7, docs/exchange/imports.md): one event per
// technique or advisory that an import adds or changes; the public body is
// the whole record (ATT&CK and vendor advisories are public).
inline constexpr std::string_view kTechniqueRecorded = "reference.technique.recorded";
inline constexpr std::string_view kAdvisoryRecorded = "reference.advisory.recorded";
// Issue 8 (docs/notifications.md, docs/grievance.md, docs/response.md).
// Their full bodies carry the records they change (registry/record_writes.h).
inline constexpr std::string_view kContactUpdated = "contact.updated";
inline constexpr std::string_view kNotificationSent = "notification.sent";
inline constexpr std::string_view kNotificationDelivered = "notification.delivered";
inline constexpr std::string_view kNotificationReplied = "notification.replied";
inline constexpr std::string_view kNotificationOverdue = "notification.overdue";
inline constexpr std::string_view kCaseFiled = "case.filed";
inline constexpr std::string_view kCaseEvidenceAdded = "case.evidence-added";
inline constexpr std::string_view kCaseEvidenceAccessed = "case.evidence-accessed";
inline constexpr std::string_view kCaseTransitioned = "case.transitioned";
inline constexpr std::string_view kCaseDeadlineExpired = "case.deadline-expired";
inline constexpr std::string_view kCaseArbitratorAppointed = "case.arbitrator-appointed";
inline constexpr std::string_view kCaseConflictDeclared = "case.conflict-declared";
inline constexpr std::string_view kCasePanelDrawn = "case.panel-drawn";
inline constexpr std::string_view kCaseFindingIssued = "case.finding-issued";
inline constexpr std::string_view kResponseRecommended = "response.recommended";
inline constexpr std::string_view kResponseRemediationRecorded = "response.remediation-recorded";
}  // namespace event_type

struct Actor {
  std::string party_id;  // "" for the node itself (bootstrap)
  std::string token_id;  // "" when no token was used
};

struct ReportRecord;

struct Event {
  std::uint64_t seq = 0;
  std::string type;
  core::Timestamp at{};
  std::string subject;  // the id of the record the event is about
  Actor actor;
  core::JsonValue public_body;
  core::JsonValue full_body;
  // Caches the write path fills so that nothing is serialized or decoded
  // twice; empty when the event was decoded from storage.
  std::string full_body_json;  // SerializeCanonical(full_body)
  std::shared_ptr<const ReportRecord> report;  // the record full_body encodes
};

// The two forms, canonical. The full form uses event.full_body_json when
// it is set.
std::string EncodePublicEvent(const Event& event);
std::string EncodeFullEvent(const Event& event);

// Reads a full form back (for `accord rebuild` and recovery). The public
// body is not in the full form: callers that need it read the public
// entry. kCorrupt naming the member when `json` is not a full event.
core::Result<Event> DecodeFullEvent(std::string_view json);

// Reads a public form (what a watchdog replays). kCorrupt naming the member.
core::Result<Event> DecodePublicEvent(std::string_view json);

}  // namespace accord::registry
