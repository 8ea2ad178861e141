// Rapid notification between parties (issue 8, docs/notifications.md): the
// Notification one party sends to others, the Reply that threads under it,
// and the PointOfContact each party keeps current in the directory. These
// are the records and their JSON form: decoding that reports every
// violation with an RFC 6901 pointer (model/field_error.h), and encoding to
// the RFC 8785 canonical JSON that goes into the log.
//
// The records are plain data, as model/incident_report.h's are: no clock, no
// delivery, no deadlines. When a notification is due for acknowledgment, what
// state it is in and when it becomes overdue is registry/deadlines.h's
// business; who may read a point of contact's restricted part is privacy's.
//
// Conventions, as for IncidentReport: there is no number anywhere in these
// records (times are RFC 3339 strings, DESIGN.md "public entries hold no
// floating-point numbers"); an optional array is empty when absent and the
// encoder omits it; unknown members are refused everywhere; lengths count
// Unicode code points; each enumeration has its JSON spelling through Name()
// and EnumFromName<E>(). All functions are thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/id.h"
#include "core/json_value.h"
#include "core/time.h"
#include "model/field_error.h"
#include "model/incident_report.h"
#include "model/tlp.h"

namespace accord::model {

// The values of the member `schema` of each record, and the STIX types of
// their ids ("notification--<uuid>").
inline constexpr std::string_view kNotificationSchema = "accord.notification/1";
inline constexpr std::string_view kReplySchema = "accord.notification-reply/1";
inline constexpr std::string_view kPointOfContactSchema = "accord.point-of-contact/1";
inline constexpr std::string_view kNotificationType = "notification";
inline constexpr std::string_view kReplyType = "notification-reply";

// Bounds of the contract (docs/notifications.md).
inline constexpr std::size_t kMaxRecipients = 200;  // every UN member state, and room
inline constexpr std::size_t kMaxNotificationRelatedReports = 100;
inline constexpr std::size_t kMaxSubjectChars = 200;
inline constexpr std::size_t kMaxBodyChars = 20000;
inline constexpr std::size_t kMaxContactNames = 10;
inline constexpr std::size_t kMaxContactLanguages = 20;
// The largest record the bounds allow is about 90 KB of UTF-8 (a body of
// 20,000 four-byte code points); 256 KiB leaves room for escapes.
inline constexpr std::size_t kMaxNotificationBytes = std::size_t{256} << 10;
// Every record nests at most three levels deep; deeper input is refused as
// a whole rather than walked.
inline constexpr std::size_t kMaxNotificationDepth = 8;

// ---------------------------------------------------------------------------
// Enumerations, each with its JSON spelling in the comment.

enum class NotificationKind {
  kIncidentAlert,
  kRequestForAssistance,
  kRequestForConsultation,
  // Advance notice of an activity that may affect another state's critical
  // services (a planned test, maintenance, a takedown).
  kAdvanceNotice,
  // A test of a point of contact: does anyone answer, and how fast (the UN
  // POC directory's and OSCE CBM 8's communication checks, FIELD-NOTES 5).
  kPing,
};
// "incident-alert" "request-for-assistance" "request-for-consultation"
// "advance-notice" "ping"

enum class Priority { kUrgent, kNormal };
// "urgent" "normal"

enum class ReplyKind {
  kAcknowledgment,  // "we have it": stops the acknowledgment deadline
  kAnswer,          // the substance; it acknowledges too
  kNote,            // anything else in the thread; changes no state
};
// "acknowledgment" "answer" "note"

std::string_view Name(NotificationKind value);
std::string_view Name(Priority value);
std::string_view Name(ReplyKind value);

// EnumFromName (model/incident_report.h) for the enumerations above.
template <>
std::optional<NotificationKind> EnumFromName<NotificationKind>(std::string_view name);
template <>
std::optional<Priority> EnumFromName<Priority>(std::string_view name);
template <>
std::optional<ReplyKind> EnumFromName<ReplyKind>(std::string_view name);

// ---------------------------------------------------------------------------
// Records.

struct Notification {
  core::StixId id;    // "notification--<uuid>"
  NotificationKind kind = NotificationKind::kIncidentAlert;
  core::StixId from;  // "party--<uuid>"
  // 1..kMaxRecipients parties, each once, never `from`. Each recipient
  // acknowledges for itself (registry/deadlines.h keeps one status each).
  std::vector<core::StixId> to;
  Priority priority = Priority::kNormal;
  std::string subject;  // 1..200
  std::string body;     // 0..20000 (a ping may say nothing)
  // "incident-report--<uuid>" ids, unique; empty for a ping (a test carries
  // no substance).
  std::vector<core::StixId> related_reports;
  core::Timestamp sent_at;
  Tlp tlp = Tlp::kAmber;
  // Part of an exercise: kept apart from real statistics (issue 8).
  bool exercise = false;

  friend bool operator==(const Notification&, const Notification&) = default;
};

// One message in a notification's thread.
struct Reply {
  core::StixId id;               // "notification-reply--<uuid>"
  core::StixId notification_id;  // "notification--<uuid>"
  core::StixId from;             // "party--<uuid>"
  core::Timestamp at;
  ReplyKind kind = ReplyKind::kAcknowledgment;
  std::string body;  // 0..20000; 1..20000 for an answer

  friend bool operator==(const Reply&, const Reply&) = default;
};

// PUBLIC: what the directory shows everyone, enough to know whom to
// address and when, but no person.
struct ContactPublicPart {
  std::string organisation;            // 1..200, e.g. "National CERT"
  std::string role;                    // 1..200, e.g. "technical" or "diplomatic"
  std::vector<std::string> languages;  // 1..20 BCP 47 tags (RFC 5646), unique
  std::string hours;                   // 1..200, e.g. "24/7" or "Mon-Fri 08:00-18:00 UTC"

  friend bool operator==(const ContactPublicPart&, const ContactPublicPart&) = default;
};

// RESTRICTED: people and channels, for the parties only (privacy decides
// who reads it). At least one of phone, email, secure_channel: a point of
// contact must be reachable.
struct ContactRestrictedPart {
  std::vector<std::string> names;             // 0..10, each 1..200
  std::optional<std::string> phone;           // E.164: "+" and 1..15 digits
  std::optional<std::string> email;           // addr-spec shape, <= 254 (RFC 5321 4.5.3.1.3)
  std::optional<std::string> secure_channel;  // 1..500, e.g. a Matrix room and a key fingerprint

  friend bool operator==(const ContactRestrictedPart&, const ContactRestrictedPart&) = default;
};

struct PointOfContact {
  core::StixId party;  // "party--<uuid>"
  ContactPublicPart public_part;
  // Absent in the public form (PointOfContactPublicJson) only.
  std::optional<ContactRestrictedPart> restricted_part;
  core::Timestamp updated_at;

  friend bool operator==(const PointOfContact&, const PointOfContact&) = default;
};

// ---------------------------------------------------------------------------
// Decoding and encoding.

// The outcome of decoding one record: the record, or every violation found.
template <typename T>
struct Decoded {
  // Set exactly when `errors` is empty.
  std::optional<T> value;
  // Every violation in field order, never more than kMaxErrors (the last
  // then says checking stopped).
  std::vector<FieldError> errors;
  // kInvalidArgument, or kResourceExhausted when the document was refused
  // as a whole for size or depth. Meaningless when `value` is set.
  core::ErrorCode code = core::ErrorCode::kInvalidArgument;

  static constexpr std::size_t kMaxErrors = 100;

  bool ok() const { return value.has_value(); }
  explicit operator bool() const { return ok(); }
};

// One error for callers that pass errors up: `decoded.code` and "invalid
// <what>: N errors: " with the first ten FieldError::ToString() joined by
// "; ". REQUIRES: !errors.empty().
core::Error DecodeErrorSummary(std::string_view what, const std::vector<FieldError>& errors,
                               core::ErrorCode code);

// Each Decode* parses `json` strictly (core/json_reader.h), refusing
// documents over kMaxNotificationBytes or deeper than kMaxNotificationDepth
// with one error at "" (kResourceExhausted), and checks every rule of
// docs/notifications.md. The JsonValue overloads take an already parsed
// value (REQUIRES: from core::ParseJsonStrict or valid for canonical).
Decoded<Notification> DecodeNotification(std::string_view json);
Decoded<Notification> DecodeNotification(const core::JsonValue& document);
Decoded<Reply> DecodeReply(std::string_view json);
Decoded<Reply> DecodeReply(const core::JsonValue& document);
// Accepts the full form and the public form (no "restricted" member).
Decoded<PointOfContact> DecodePointOfContact(std::string_view json);
Decoded<PointOfContact> DecodePointOfContact(const core::JsonValue& document);

// Checks a record built in code with the same pointers and messages as the
// decoder; empty means valid. Implemented as decoding the record's own JSON.
std::vector<FieldError> ValidateNotification(const Notification& notification);
std::vector<FieldError> ValidateReply(const Reply& reply);
std::vector<FieldError> ValidatePointOfContact(const PointOfContact& contact);

// The record as a JSON value: times as FormatRfc3339 writes them, empty
// arrays and absent optionals left out, `exercise` always written. Values
// that cannot be spelled (an enumerator outside its enumeration, a time
// outside years 0000-9999) become strings that fail decoding at their
// pointer. For a valid record, decoding this gives back an equal record.
core::JsonValue NotificationToJson(const Notification& notification);
core::JsonValue ReplyToJson(const Reply& reply);
core::JsonValue PointOfContactToJson(const PointOfContact& contact);
// The directory's public entry: the same without "restricted".
core::JsonValue PointOfContactPublicJson(const PointOfContact& contact);

// RFC 8785 canonical bytes of the *ToJson above: what the log records.
// REQUIRES: strings are valid UTF-8 (decoded records' are).
std::string EncodeNotification(const Notification& notification);
std::string EncodeReply(const Reply& reply);
std::string EncodePointOfContact(const PointOfContact& contact);
std::string EncodePointOfContactPublic(const PointOfContact& contact);

}  // namespace accord::model
