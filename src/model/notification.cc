// Decoding and encoding of the notification records (model/notification.h).
// The decoders follow report_codec.cc: one pass, every violation collected
// at its pointer, cross-field rules reported at the later field.
#include "model/notification.h"

#include <array>
#include <map>
#include <utility>

#include "core/canonical_json.h"
#include "core/json_reader.h"
#include "model/internal/enum_names.h"
#include "model/internal/field_reader.h"
#include "model/json_pointer.h"

namespace accord::model {
namespace {

using core::JsonArray;
using core::JsonType;
using core::JsonValue;
using internal::ErrorList;
using internal::Length;
using internal::ObjectReader;

// Member names, in the contract's order (docs/notifications.md).
constexpr std::array<std::string_view, 12> kNotificationFields = {
    "schema",  "id",   "kind",            "from",    "to",  "priority",
    "subject", "body", "related_reports", "sent_at", "tlp", "exercise"};
constexpr std::array<std::string_view, 7> kReplyFields = {"schema", "id", "notification_id",
                                                          "from",   "at", "kind",
                                                          "body"};
constexpr std::array<std::string_view, 5> kContactFields = {"schema", "party", "public",
                                                            "restricted", "updated_at"};
constexpr std::array<std::string_view, 4> kPublicFields = {"organisation", "role", "languages",
                                                           "hours"};
constexpr std::array<std::string_view, 4> kRestrictedFields = {"names", "phone", "email",
                                                               "secure_channel"};

constexpr Length kSubject{1, kMaxSubjectChars};
constexpr Length kBody{0, kMaxBodyChars};
constexpr Length kAnswerBody{1, kMaxBodyChars};
constexpr Length kShortText{1, 200};
constexpr Length kSecureChannel{1, 500};
constexpr Length kLanguageTag{1, 35};  // RFC 5646 section 4.4.1's buffer length
constexpr Length kPhone{2, 16};
constexpr Length kEmail{3, 254};  // RFC 5321 section 4.5.3.1.3 (path 256 minus "<>")

bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}

// The shape of an RFC 5646 language tag: subtags of 1-8 ASCII letters or
// digits joined by '-', the first 2-3 letters (an ISO 639 code). Whether a
// subtag is registered is not checked: the registry changes, the log must
// not.
bool IsLanguageTag(std::string_view tag) {
  std::size_t index = 0;
  std::size_t start = 0;
  while (start <= tag.size()) {
    std::size_t end = tag.find('-', start);
    if (end == std::string_view::npos) end = tag.size();
    const std::string_view subtag = tag.substr(start, end - start);
    if (subtag.empty() || subtag.size() > 8) return false;
    for (char c : subtag) {
      if (!IsAsciiAlpha(c) && !(index > 0 && IsAsciiDigit(c))) return false;
    }
    if (index == 0 && (subtag.size() < 2 || subtag.size() > 3)) return false;
    ++index;
    start = end + 1;
  }
  return true;
}

// ITU-T E.164: "+", a country code that does not start with 0, at most 15
// digits in all. Spaces and dashes are refused so that a number has one
// form.
bool IsE164(std::string_view phone) {
  if (phone.size() < 2 || phone.size() > 16 || phone[0] != '+' || phone[1] == '0') return false;
  for (char c : phone.substr(1)) {
    if (!IsAsciiDigit(c)) return false;
  }
  return true;
}

// An RFC 5322 addr-spec of the usual dot-atom@domain shape, ASCII only:
// a local part of 1-64 atext characters and dots (no leading, trailing or
// double dot), and a domain of two or more LDH labels.
bool IsEmail(std::string_view email) {
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos)
    return false;
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.')
    return false;
  constexpr std::string_view kAtextSpecials = "!#$%&'*+-/=?^_`{|}~";
  char previous = 0;
  for (char c : local) {
    const bool ok = IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '.' ||
                    kAtextSpecials.find(c) != std::string_view::npos;
    if (!ok || (c == '.' && previous == '.')) return false;
    previous = c;
  }
  std::size_t labels = 0;
  std::size_t start = 0;
  while (start <= domain.size()) {
    std::size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label) {
      if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '-') return false;
    }
    ++labels;
    start = end + 1;
  }
  return labels >= 2;
}

// Shared by the three decoders: typed reads of members of one object.
class Reader {
 public:
  explicit Reader(ErrorList& errors) : errors_(errors) {}

  std::optional<std::string> String(const ObjectReader& object, std::string_view name,
                                    bool required, Length length) {
    const JsonValue* value = required ? object.Required(name) : object.Optional(name);
    if (value == nullptr) return std::nullopt;
    return internal::ReadString(*value, object.PointerOf(name), length, errors_);
  }
  template <typename E>
  std::optional<E> Enum(const ObjectReader& object, std::string_view name) {
    const JsonValue* value = object.Required(name);
    if (value == nullptr) return std::nullopt;
    return internal::ReadEnum<E>(*value, object.PointerOf(name), errors_);
  }
  std::optional<core::Timestamp> Time(const ObjectReader& object, std::string_view name) {
    const JsonValue* value = object.Required(name);
    if (value == nullptr) return std::nullopt;
    return internal::ReadTimestamp(*value, object.PointerOf(name), errors_);
  }
  std::optional<core::StixId> Id(const ObjectReader& object, std::string_view name,
                                 std::string_view type) {
    const JsonValue* value = object.Required(name);
    if (value == nullptr) return std::nullopt;
    return internal::ReadStixId(*value, object.PointerOf(name), type, errors_);
  }
  void Schema(const ObjectReader& root, std::string_view expected) {
    if (const JsonValue* value = root.Required("schema")) {
      internal::ReadConstant(*value, "/schema", expected, errors_);
    }
  }
  // An array of unique ids of `type`; an id equal to `excluded` is
  // reported with `excluded_why`.
  std::vector<core::StixId> IdArray(const JsonValue& value, const std::string& pointer,
                                    std::string_view type, std::size_t min_items,
                                    std::size_t max_items,
                                    const std::optional<core::StixId>& excluded = std::nullopt,
                                    std::string_view excluded_why = {}) {
    std::vector<core::StixId> out;
    const JsonArray* items = internal::ReadArray(value, pointer, min_items, max_items, errors_);
    if (items == nullptr) return out;
    std::map<core::StixId, std::size_t> first_at;
    for (std::size_t i = 0; i < items->size(); ++i) {
      const std::string item_pointer = AppendPointerIndex(pointer, i);
      auto id = internal::ReadStixId((*items)[i], item_pointer, type, errors_);
      if (!id) continue;
      if (excluded && *id == *excluded) {
        errors_.Add(item_pointer, std::string(excluded_why));
        continue;
      }
      auto [found, inserted] = first_at.emplace(*id, i);
      if (!inserted) {
        errors_.Add(item_pointer, "duplicate of " + AppendPointerIndex(pointer, found->second) +
                                      "; expected each id once");
        continue;
      }
      out.push_back(std::move(*id));
    }
    return out;
  }
  // An array of unique strings, each checked by `valid` (described by
  // `expected` in the message).
  template <typename Valid>
  std::vector<std::string> StringArray(const JsonValue& value, const std::string& pointer,
                                       std::size_t min_items, std::size_t max_items,
                                       Length length, Valid valid, std::string_view expected) {
    std::vector<std::string> out;
    const JsonArray* items = internal::ReadArray(value, pointer, min_items, max_items, errors_);
    if (items == nullptr) return out;
    std::map<std::string, std::size_t> first_at;
    for (std::size_t i = 0; i < items->size(); ++i) {
      const std::string item_pointer = AppendPointerIndex(pointer, i);
      auto text = internal::ReadString((*items)[i], item_pointer, length, errors_);
      if (!text) continue;
      if (!valid(*text)) {
        errors_.Add(item_pointer, "expected " + std::string(expected) + ", found " +
                                      internal::Quote(*text));
        continue;
      }
      auto [found, inserted] = first_at.emplace(*text, i);
      if (!inserted) {
        errors_.Add(item_pointer, "duplicate of " + AppendPointerIndex(pointer, found->second) +
                                      "; expected each value once");
        continue;
      }
      out.push_back(std::move(*text));
    }
    return out;
  }
  ErrorList& errors() { return errors_; }

 private:
  ErrorList& errors_;
};

Notification DecodeNotificationFields(const JsonValue& document, ErrorList& errors) {
  Notification out;
  Reader read(errors);
  const ObjectReader root(document, "", kNotificationFields, errors);
  if (!root.is_object()) return out;
  read.Schema(root, kNotificationSchema);
  if (auto id = read.Id(root, "id", kNotificationType)) out.id = *id;
  const std::optional<NotificationKind> kind = read.Enum<NotificationKind>(root, "kind");
  if (kind) out.kind = *kind;
  const std::optional<core::StixId> from = read.Id(root, "from", kPartyType);
  if (from) out.from = *from;
  if (const JsonValue* to = root.Required("to")) {
    out.to = read.IdArray(*to, "/to", kPartyType, 1, kMaxRecipients, from,
                          "the sender /from; expected only other parties as recipients");
  }
  if (auto priority = read.Enum<Priority>(root, "priority")) out.priority = *priority;
  out.subject = read.String(root, "subject", true, kSubject).value_or("");
  out.body = read.String(root, "body", true, kBody).value_or("");
  if (const JsonValue* related = root.Optional("related_reports")) {
    out.related_reports = read.IdArray(*related, "/related_reports", kIncidentReportType, 0,
                                       kMaxNotificationRelatedReports);
    // A ping tests the channel: it must not carry (or leak) substance.
    const bool has_items =
        related->type() == JsonType::kArray && !related->AsArray().empty();
    if (kind == NotificationKind::kPing && has_items) {
      errors.Add("/related_reports", "a ping relates to no report; expected none when /kind is "
                                     "\"ping\"");
    }
  }
  if (auto sent_at = read.Time(root, "sent_at")) out.sent_at = *sent_at;
  if (auto tlp = read.Enum<Tlp>(root, "tlp")) out.tlp = *tlp;
  if (const JsonValue* exercise = root.Optional("exercise")) {
    out.exercise = internal::ReadBool(*exercise, "/exercise", errors).value_or(false);
  }
  return out;
}

Reply DecodeReplyFields(const JsonValue& document, ErrorList& errors) {
  Reply out;
  Reader read(errors);
  const ObjectReader root(document, "", kReplyFields, errors);
  if (!root.is_object()) return out;
  read.Schema(root, kReplySchema);
  if (auto id = read.Id(root, "id", kReplyType)) out.id = *id;
  if (auto id = read.Id(root, "notification_id", kNotificationType)) out.notification_id = *id;
  if (auto from = read.Id(root, "from", kPartyType)) out.from = *from;
  if (auto at = read.Time(root, "at")) out.at = *at;
  const std::optional<ReplyKind> kind = read.Enum<ReplyKind>(root, "kind");
  if (kind) out.kind = *kind;
  // An answer is the substance of the thread, so it cannot be empty; an
  // acknowledgment or a note may be.
  const bool is_answer = kind == ReplyKind::kAnswer;
  const JsonValue* body = is_answer ? root.Required("body", "required when /kind is \"answer\"")
                                    : root.Optional("body");
  if (body != nullptr) {
    out.body =
        internal::ReadString(*body, "/body", is_answer ? kAnswerBody : kBody, errors).value_or("");
  }
  return out;
}

PointOfContact DecodeContactFields(const JsonValue& document, ErrorList& errors) {
  PointOfContact out;
  Reader read(errors);
  const ObjectReader root(document, "", kContactFields, errors);
  if (!root.is_object()) return out;
  read.Schema(root, kPointOfContactSchema);
  if (auto party = read.Id(root, "party", kPartyType)) out.party = *party;
  if (const JsonValue* value = root.Required("public")) {
    const ObjectReader part(*value, "/public", kPublicFields, errors);
    if (part.is_object()) {
      out.public_part.organisation = read.String(part, "organisation", true, kShortText).value_or("");
      out.public_part.role = read.String(part, "role", true, kShortText).value_or("");
      if (const JsonValue* languages = part.Required("languages")) {
        out.public_part.languages =
            read.StringArray(*languages, "/public/languages", 1, kMaxContactLanguages,
                             kLanguageTag, IsLanguageTag, "an RFC 5646 language tag such as \"en\"");
      }
      out.public_part.hours = read.String(part, "hours", true, kShortText).value_or("");
    }
  }
  if (const JsonValue* value = root.Optional("restricted")) {
    const ObjectReader part(*value, "/restricted", kRestrictedFields, errors);
    if (part.is_object()) {
      ContactRestrictedPart restricted;
      if (const JsonValue* names = part.Optional("names")) {
        restricted.names = read.StringArray(
            *names, "/restricted/names", 0, kMaxContactNames, kShortText,
            [](const std::string&) { return true; }, "a name");
      }
      restricted.phone = read.String(part, "phone", false, kPhone);
      if (restricted.phone && !IsE164(*restricted.phone)) {
        errors.Add("/restricted/phone", "expected an E.164 number such as \"+41225550100\" "
                                        "(\"+\" and 1 to 15 digits), found " +
                                            internal::Quote(*restricted.phone));
      }
      restricted.email = read.String(part, "email", false, kEmail);
      if (restricted.email && !IsEmail(*restricted.email)) {
        errors.Add("/restricted/email", "expected an address such as \"poc@cert.example\", "
                                        "found " + internal::Quote(*restricted.email));
      }
      restricted.secure_channel = read.String(part, "secure_channel", false, kSecureChannel);
      // Judged on presence, not validity: a malformed channel already has
      // its own error.
      if (!part.Optional("phone") && !part.Optional("email") && !part.Optional("secure_channel")) {
        errors.Add("/restricted", "a point of contact must be reachable; expected at least one "
                                  "of \"phone\", \"email\", \"secure_channel\"");
      }
      out.restricted_part = std::move(restricted);
    }
  }
  if (auto updated_at = read.Time(root, "updated_at")) out.updated_at = *updated_at;
  return out;
}

template <typename T, typename DecodeFields>
Decoded<T> DecodeText(std::string_view json, DecodeFields decode_fields) {
  Decoded<T> result;
  FieldError error;
  std::optional<JsonValue> document = internal::ParseDocument(
      json, "document", {kMaxNotificationBytes, kMaxNotificationDepth, kMaxNotificationBytes},
      error, result.code);
  if (!document) {
    result.errors.push_back(std::move(error));
    return result;
  }
  ErrorList errors(Decoded<T>::kMaxErrors);
  T value = decode_fields(*document, errors);
  if (errors.empty()) {
    result.value = std::move(value);
  } else {
    result.errors = errors.Take();
  }
  return result;
}

template <typename T, typename DecodeFields>
Decoded<T> DecodeValue(const JsonValue& document, DecodeFields decode_fields) {
  Decoded<T> result;
  ErrorList errors(Decoded<T>::kMaxErrors);
  T value = decode_fields(document, errors);
  if (errors.empty()) {
    result.value = std::move(value);
  } else {
    result.errors = errors.Take();
  }
  return result;
}

// ---------------------------------------------------------------------------
// Encoding.

class ObjectBuilder {
 public:
  ObjectBuilder& Add(std::string_view name, JsonValue value) {
    members_.push_back({std::string(name), std::move(value)});
    return *this;
  }
  ObjectBuilder& AddOptional(std::string_view name, const std::optional<std::string>& value) {
    if (value) Add(name, JsonValue::String(*value));
    return *this;
  }
  ObjectBuilder& AddStrings(std::string_view name, const std::vector<std::string>& values) {
    if (values.empty()) return *this;  // absent and [] mean the same; keep one form
    JsonArray items;
    items.reserve(values.size());
    for (const std::string& value : values) items.push_back(JsonValue::String(value));
    return Add(name, JsonValue::Array(std::move(items)));
  }
  // Required arrays (`to`) are written even when empty, so that the
  // decoder reports them as too short rather than missing.
  ObjectBuilder& AddIds(std::string_view name, const std::vector<core::StixId>& ids,
                        bool required) {
    if (ids.empty() && !required) return *this;
    JsonArray items;
    items.reserve(ids.size());
    for (const core::StixId& id : ids) items.push_back(JsonValue::String(id.ToString()));
    return Add(name, JsonValue::Array(std::move(items)));
  }
  JsonValue Build() { return JsonValue::Object(std::move(members_)); }

 private:
  core::JsonObject members_;
};

template <typename E>
JsonValue EnumJson(E value) {
  return JsonValue::String(std::string(Name(value)));
}
JsonValue TimeJson(core::Timestamp time) {
  if (time < core::kMinTimestamp || time > core::kMaxTimestamp) {
    return JsonValue::String("outside years 0000-9999");
  }
  return JsonValue::String(core::FormatRfc3339(time));
}
JsonValue IdJson(const core::StixId& id) {
  return JsonValue::String(id.ToString());
}

JsonValue ContactJson(const PointOfContact& contact, bool with_restricted) {
  const ContactPublicPart& pub = contact.public_part;
  ObjectBuilder builder;
  builder.Add("schema", JsonValue::String(std::string(kPointOfContactSchema)))
      .Add("party", IdJson(contact.party))
      .Add("public", ObjectBuilder()
                         .Add("organisation", JsonValue::String(pub.organisation))
                         .Add("role", JsonValue::String(pub.role))
                         .Add("languages", [&] {
                           JsonArray items;
                           for (const auto& tag : pub.languages)
                             items.push_back(JsonValue::String(tag));
                           return JsonValue::Array(std::move(items));
                         }())
                         .Add("hours", JsonValue::String(pub.hours))
                         .Build())
      .Add("updated_at", TimeJson(contact.updated_at));
  if (with_restricted && contact.restricted_part) {
    const ContactRestrictedPart& restricted = *contact.restricted_part;
    builder.Add("restricted", ObjectBuilder()
                                  .AddStrings("names", restricted.names)
                                  .AddOptional("phone", restricted.phone)
                                  .AddOptional("email", restricted.email)
                                  .AddOptional("secure_channel", restricted.secure_channel)
                                  .Build());
  }
  return builder.Build();
}

}  // namespace

std::string_view Name(NotificationKind value) {
  static constexpr std::array<std::string_view, 5> kNames = {
      "incident-alert", "request-for-assistance", "request-for-consultation", "advance-notice",
      "ping"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(Priority value) {
  static constexpr std::array<std::string_view, 2> kNames = {"urgent", "normal"};
  return internal::EnumName(value, kNames);
}

std::string_view Name(ReplyKind value) {
  static constexpr std::array<std::string_view, 3> kNames = {"acknowledgment", "answer", "note"};
  return internal::EnumName(value, kNames);
}

template <>
std::optional<NotificationKind> EnumFromName<NotificationKind>(std::string_view name) {
  return internal::EnumFromSpelling<NotificationKind>(name);
}
template <>
std::optional<Priority> EnumFromName<Priority>(std::string_view name) {
  return internal::EnumFromSpelling<Priority>(name);
}
template <>
std::optional<ReplyKind> EnumFromName<ReplyKind>(std::string_view name) {
  return internal::EnumFromSpelling<ReplyKind>(name);
}

core::Error DecodeErrorSummary(std::string_view what, const std::vector<FieldError>& errors,
                               core::ErrorCode code) {
  constexpr std::size_t kListed = 10;
  std::string message = "invalid " + std::string(what) + ": " + std::to_string(errors.size()) +
                        (errors.size() == 1 ? " error: " : " errors: ");
  for (std::size_t i = 0; i < errors.size() && i < kListed; ++i) {
    if (i > 0) message += "; ";
    message += errors[i].ToString();
  }
  return core::Error{code, std::move(message)};
}

Decoded<Notification> DecodeNotification(std::string_view json) {
  return DecodeText<Notification>(json, DecodeNotificationFields);
}
Decoded<Notification> DecodeNotification(const JsonValue& document) {
  return DecodeValue<Notification>(document, DecodeNotificationFields);
}
Decoded<Reply> DecodeReply(std::string_view json) {
  return DecodeText<Reply>(json, DecodeReplyFields);
}
Decoded<Reply> DecodeReply(const JsonValue& document) {
  return DecodeValue<Reply>(document, DecodeReplyFields);
}
Decoded<PointOfContact> DecodePointOfContact(std::string_view json) {
  return DecodeText<PointOfContact>(json, DecodeContactFields);
}
Decoded<PointOfContact> DecodePointOfContact(const JsonValue& document) {
  return DecodeValue<PointOfContact>(document, DecodeContactFields);
}

std::vector<FieldError> ValidateNotification(const Notification& notification) {
  return DecodeNotification(NotificationToJson(notification)).errors;
}
std::vector<FieldError> ValidateReply(const Reply& reply) {
  return DecodeReply(ReplyToJson(reply)).errors;
}
std::vector<FieldError> ValidatePointOfContact(const PointOfContact& contact) {
  return DecodePointOfContact(PointOfContactToJson(contact)).errors;
}

JsonValue NotificationToJson(const Notification& notification) {
  return ObjectBuilder()
      .Add("schema", JsonValue::String(std::string(kNotificationSchema)))
      .Add("id", IdJson(notification.id))
      .Add("kind", EnumJson(notification.kind))
      .Add("from", IdJson(notification.from))
      .AddIds("to", notification.to, /*required=*/true)
      .Add("priority", EnumJson(notification.priority))
      .Add("subject", JsonValue::String(notification.subject))
      .Add("body", JsonValue::String(notification.body))
      .AddIds("related_reports", notification.related_reports, /*required=*/false)
      .Add("sent_at", TimeJson(notification.sent_at))
      .Add("tlp", EnumJson(notification.tlp))
      .Add("exercise", JsonValue::Bool(notification.exercise))
      .Build();
}

JsonValue ReplyToJson(const Reply& reply) {
  ObjectBuilder builder;
  builder.Add("schema", JsonValue::String(std::string(kReplySchema)))
      .Add("id", IdJson(reply.id))
      .Add("notification_id", IdJson(reply.notification_id))
      .Add("from", IdJson(reply.from))
      .Add("at", TimeJson(reply.at))
      .Add("kind", EnumJson(reply.kind));
  // An empty body is left out, so that "" and absent have one form; an
  // answer's empty body is written, so that it fails where it should.
  if (!reply.body.empty() || reply.kind == ReplyKind::kAnswer) {
    builder.Add("body", JsonValue::String(reply.body));
  }
  return builder.Build();
}

JsonValue PointOfContactToJson(const PointOfContact& contact) {
  return ContactJson(contact, /*with_restricted=*/true);
}
JsonValue PointOfContactPublicJson(const PointOfContact& contact) {
  return ContactJson(contact, /*with_restricted=*/false);
}

std::string EncodeNotification(const Notification& notification) {
  return core::SerializeCanonical(NotificationToJson(notification));
}
std::string EncodeReply(const Reply& reply) {
  return core::SerializeCanonical(ReplyToJson(reply));
}
std::string EncodePointOfContact(const PointOfContact& contact) {
  return core::SerializeCanonical(PointOfContactToJson(contact));
}
std::string EncodePointOfContactPublic(const PointOfContact& contact) {
  return core::SerializeCanonical(PointOfContactPublicJson(contact));
}

}  // namespace accord::model
