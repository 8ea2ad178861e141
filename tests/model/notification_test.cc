// Tests of model/notification.h: the Notification, Reply and PointOfContact
// codecs against the contract in docs/notifications.md.
#include "model/notification.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace accord::model {
namespace {

constexpr std::string_view kNotificationId = "notification--6f1c2d3e-4a5b-4c6d-8e7f-001122334455";
constexpr std::string_view kPartyA = "party--11111111-1111-4111-8111-111111111111";
constexpr std::string_view kPartyB = "party--22222222-2222-4222-8222-222222222222";
constexpr std::string_view kPartyC = "party--33333333-3333-4333-8333-333333333333";
constexpr std::string_view kReportId = "incident-report--0f6d4b7e-3a52-4c8e-b1f9-7e2a5c8d9014";

std::string FullNotification() {
  return R"({
    "schema": "accord.notification/1",
    "id": ")" + std::string(kNotificationId) + R"(",
    "kind": "incident-alert",
    "from": ")" + std::string(kPartyA) + R"(",
    "to": [")" + std::string(kPartyB) + R"(", ")" + std::string(kPartyC) + R"("],
    "priority": "urgent",
    "subject": "Intrusion into a water utility's control network",
    "body": "Our CERT observed traffic from addresses in your territory.",
    "related_reports": [")" + std::string(kReportId) + R"("],
    "sent_at": "2026-03-01T08:00:00Z",
    "tlp": "AMBER",
    "exercise": false
  })";
}

core::StixId Id(std::string_view text) {
  return core::StixId::Parse(text).value();
}

// Pointers of the errors, in order.
std::vector<std::string> Pointers(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& error : errors) out.push_back(error.pointer);
  return out;
}

TEST(NotificationCodecTest, DecodesEveryFieldOfAFullNotification) {
  const auto decoded = DecodeNotification(FullNotification());
  ASSERT_TRUE(decoded.ok()) << decoded.errors[0].ToString();
  const Notification& n = *decoded.value;
  EXPECT_EQ(n.id.ToString(), kNotificationId);
  EXPECT_EQ(n.kind, NotificationKind::kIncidentAlert);
  EXPECT_EQ(n.from, Id(kPartyA));
  ASSERT_EQ(n.to.size(), 2u);
  EXPECT_EQ(n.to[1], Id(kPartyC));
  EXPECT_EQ(n.priority, Priority::kUrgent);
  EXPECT_EQ(n.subject, "Intrusion into a water utility's control network");
  ASSERT_EQ(n.related_reports.size(), 1u);
  EXPECT_EQ(n.related_reports[0].ToString(), kReportId);
  EXPECT_EQ(core::FormatRfc3339(n.sent_at), "2026-03-01T08:00:00Z");
  EXPECT_EQ(n.tlp, Tlp::kAmber);
  EXPECT_FALSE(n.exercise);
}

TEST(NotificationCodecTest, EncodesCanonicalJsonWithSortedMembersAndNoNumbers) {
  Notification n;
  n.id = Id(kNotificationId);
  n.kind = NotificationKind::kPing;
  n.from = Id(kPartyA);
  n.to = {Id(kPartyB)};
  n.priority = Priority::kNormal;
  n.subject = "communication check";
  n.sent_at = core::ParseRfc3339("2026-03-01T08:00:00Z").value();
  n.tlp = Tlp::kGreen;
  // RFC 8785: members sorted by UTF-16 code units, no whitespace; empty
  // related_reports left out, exercise always written.
  const std::string expected =
      R"({"body":"","exercise":false,"from":")" + std::string(kPartyA) + R"(","id":")" +
      std::string(kNotificationId) +
      R"(","kind":"ping","priority":"normal","schema":"accord.notification/1",)"
      R"("sent_at":"2026-03-01T08:00:00Z","subject":"communication check","tlp":"GREEN","to":[")" +
      std::string(kPartyB) + R"("]})";
  EXPECT_EQ(EncodeNotification(n), expected);
  const auto again = DecodeNotification(expected);
  ASSERT_TRUE(again.ok()) << again.errors[0].ToString();
  EXPECT_EQ(*again.value, n);
}

TEST(NotificationCodecTest, RoundTripOfADecodedNotificationIsByteStable) {
  const auto decoded = DecodeNotification(FullNotification());
  ASSERT_TRUE(decoded.ok());
  const std::string encoded = EncodeNotification(*decoded.value);
  const auto again = DecodeNotification(encoded);
  ASSERT_TRUE(again.ok()) << again.errors[0].ToString();
  EXPECT_EQ(*again.value, *decoded.value);
  EXPECT_EQ(EncodeNotification(*again.value), encoded);
  EXPECT_TRUE(ValidateNotification(*decoded.value).empty());
}

TEST(NotificationCodecTest, ReportsEveryMissingRequiredFieldAtItsPointer) {
  const auto decoded = DecodeNotification(R"({"exercise": true})");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(Pointers(decoded.errors),
            (std::vector<std::string>{"/schema", "/id", "/kind", "/from", "/to", "/priority",
                                      "/subject", "/body", "/sent_at", "/tlp"}));
  for (const auto& error : decoded.errors) EXPECT_EQ(error.message, "required field is missing");
}

TEST(NotificationCodecTest, RejectsTheSenderAmongTheRecipients) {
  std::string text = FullNotification();
  text.replace(text.find(kPartyC), kPartyC.size(), kPartyA);
  const auto decoded = DecodeNotification(text);
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].pointer, "/to/1");
  EXPECT_EQ(decoded.errors[0].message,
            "the sender /from; expected only other parties as recipients");
}

TEST(NotificationCodecTest, RejectsARecipientListedTwice) {
  std::string text = FullNotification();
  text.replace(text.find(kPartyC), kPartyC.size(), kPartyB);
  const auto decoded = DecodeNotification(text);
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].pointer, "/to/1");
  EXPECT_EQ(decoded.errors[0].message, "duplicate of /to/0; expected each id once");
}

TEST(NotificationCodecTest, RejectsNoRecipients) {
  std::string text = FullNotification();
  const std::size_t start = text.find("\"to\": [");
  const std::size_t end = text.find(']', start);
  text.replace(start, end - start + 1, "\"to\": []");
  const auto decoded = DecodeNotification(text);
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].ToString(), "/to: expected at least 1 item, found none");
}

TEST(NotificationCodecTest, RejectsAPingThatRelatesToReports) {
  std::string text = FullNotification();
  text.replace(text.find("incident-alert"), 14, "ping");
  const auto decoded = DecodeNotification(text);
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].pointer, "/related_reports");
  EXPECT_NE(decoded.errors[0].message.find("expected none when /kind is \"ping\""),
            std::string::npos);
}

TEST(NotificationCodecTest, RejectsAnUnknownKindNamingTheChoices) {
  std::string text = FullNotification();
  text.replace(text.find("incident-alert"), 14, "demarche");
  const auto decoded = DecodeNotification(text);
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].ToString(),
            "/kind: expected one of \"incident-alert\", \"request-for-assistance\", "
            "\"request-for-consultation\", \"advance-notice\", \"ping\", found \"demarche\"");
}

TEST(NotificationCodecTest, RejectsAnIdOfAnotherType) {
  std::string text = FullNotification();
  text.replace(text.find(kPartyA), 5, "state");
  const auto decoded = DecodeNotification(text);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.errors[0].pointer, "/from");
  EXPECT_NE(decoded.errors[0].message.find("expected an identifier party--<uuid>"),
            std::string::npos);
}

TEST(NotificationCodecTest, RejectsAPriorityGivenAsANumber) {
  std::string text = FullNotification();
  text.replace(text.find("\"urgent\""), 8, "1");
  const auto decoded = DecodeNotification(text);
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].ToString(),
            "/priority: expected one of \"urgent\", \"normal\", found a number");
}

TEST(NotificationCodecTest, RejectsUnknownMembers) {
  std::string text = FullNotification();
  text.insert(text.rfind('}'), R"(, "severity": "high")");
  const auto decoded = DecodeNotification(text);
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].pointer, "/severity");
  EXPECT_EQ(decoded.errors[0].message.rfind("unknown field; expected one of: schema, id", 0), 0u);
}

TEST(NotificationCodecTest, RefusesAnOversizeDocumentAsAWhole) {
  const std::string text(kMaxNotificationBytes + 1, ' ');
  const auto decoded = DecodeNotification(text);
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.code, core::ErrorCode::kResourceExhausted);
  EXPECT_EQ(decoded.errors[0].pointer, "");
}

TEST(NotificationCodecTest, RefusesTextThatIsNotJson) {
  const auto decoded = DecodeNotification("{\"schema\": ");
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].pointer, "");
  EXPECT_EQ(decoded.errors[0].message.rfind("expected one strict JSON document (I-JSON): ", 0),
            0u);
}

TEST(NotificationCodecTest, ValidateReportsAValueOutsideItsEnumeration) {
  Notification n = *DecodeNotification(FullNotification()).value;
  n.priority = static_cast<Priority>(7);
  const auto errors = ValidateNotification(n);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].pointer, "/priority");
}

TEST(NotificationCodecTest, ErrorSummaryListsCountAndFirstErrors) {
  const auto decoded = DecodeNotification(R"({"schema": "accord.notification/1", "id": "x"})");
  ASSERT_FALSE(decoded.ok());
  const core::Error error = DecodeErrorSummary("notification", decoded.errors, decoded.code);
  EXPECT_EQ(error.code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(error.message.rfind("invalid notification: 9 errors: /id: expected an identifier "
                                "notification--<uuid>",
                                0),
            0u)
      << error.message;
}

// ---------------------------------------------------------------------------

std::string ReplyJson(std::string_view kind, std::string_view body_member) {
  return R"({"schema": "accord.notification-reply/1",
    "id": "notification-reply--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
    "notification_id": ")" +
         std::string(kNotificationId) + R"(", "from": ")" + std::string(kPartyB) +
         R"(", "at": "2026-03-01T09:30:00+01:00", "kind": ")" + std::string(kind) + "\"" +
         std::string(body_member) + "}";
}

TEST(ReplyCodecTest, DecodesAnAcknowledgmentWithoutABody) {
  const auto decoded = DecodeReply(ReplyJson("acknowledgment", ""));
  ASSERT_TRUE(decoded.ok()) << decoded.errors[0].ToString();
  EXPECT_EQ(decoded.value->kind, ReplyKind::kAcknowledgment);
  EXPECT_EQ(decoded.value->body, "");
  // The offset is converted to UTC (RFC 3339 section 4.2).
  EXPECT_EQ(core::FormatRfc3339(decoded.value->at), "2026-03-01T08:30:00Z");
  EXPECT_EQ(decoded.value->notification_id.ToString(), kNotificationId);
}

TEST(ReplyCodecTest, RequiresABodyForAnAnswer) {
  const auto decoded = DecodeReply(ReplyJson("answer", ""));
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].ToString(),
            "/body: required field is missing (required when /kind is \"answer\")");
}

TEST(ReplyCodecTest, RejectsAnEmptyAnswer) {
  const auto decoded = DecodeReply(ReplyJson("answer", R"(, "body": "")"));
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].ToString(),
            "/body: expected at least 1 character, found an empty string");
}

TEST(ReplyCodecTest, AnswerRoundTripsByteForByte) {
  const auto decoded = DecodeReply(ReplyJson("answer", R"(, "body": "Isolated; details follow.")"));
  ASSERT_TRUE(decoded.ok()) << decoded.errors[0].ToString();
  const std::string encoded = EncodeReply(*decoded.value);
  const auto again = DecodeReply(encoded);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again.value, *decoded.value);
  EXPECT_EQ(EncodeReply(*again.value), encoded);
  EXPECT_NE(encoded.find(R"("at":"2026-03-01T08:30:00Z")"), std::string::npos);
}

TEST(ReplyCodecTest, RejectsAReplyIdOfTheNotificationType) {
  std::string text = ReplyJson("note", "");
  text.replace(text.find("notification-reply--"), 20, "notification--");
  const auto decoded = DecodeReply(text);
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].pointer, "/id");
}

// ---------------------------------------------------------------------------

std::string ContactJson(std::string_view restricted) {
  std::string text = R"({"schema": "accord.point-of-contact/1", "party": ")" +
                     std::string(kPartyB) + R"(",
    "public": {"organisation": "National CERT", "role": "technical",
               "languages": ["en", "fr", "pt-BR"], "hours": "24/7"},
    "updated_at": "2026-01-15T00:00:00Z")";
  if (!restricted.empty()) text += R"(, "restricted": )" + std::string(restricted);
  return text + "}";
}

constexpr std::string_view kRestricted =
    R"({"names": ["A. Duty Officer"], "phone": "+41225550100",
        "email": "poc@cert.example", "secure_channel": "matrix: #poc:cert.example"})";

TEST(PointOfContactCodecTest, DecodesPublicAndRestrictedParts) {
  const auto decoded = DecodePointOfContact(ContactJson(kRestricted));
  ASSERT_TRUE(decoded.ok()) << decoded.errors[0].ToString();
  const PointOfContact& contact = *decoded.value;
  EXPECT_EQ(contact.public_part.organisation, "National CERT");
  EXPECT_EQ(contact.public_part.languages, (std::vector<std::string>{"en", "fr", "pt-BR"}));
  ASSERT_TRUE(contact.restricted_part);
  EXPECT_EQ(contact.restricted_part->phone, "+41225550100");
  EXPECT_EQ(contact.restricted_part->email, "poc@cert.example");
}

TEST(PointOfContactCodecTest, PublicFormLeavesOutEveryRestrictedValue) {
  const PointOfContact contact = *DecodePointOfContact(ContactJson(kRestricted)).value;
  const std::string public_form = EncodePointOfContactPublic(contact);
  for (std::string_view secret : {"Duty Officer", "+4122", "poc@", "matrix", "restricted"}) {
    EXPECT_EQ(public_form.find(secret), std::string::npos) << secret;
  }
  const auto decoded = DecodePointOfContact(public_form);
  ASSERT_TRUE(decoded.ok()) << decoded.errors[0].ToString();
  EXPECT_FALSE(decoded.value->restricted_part);
  EXPECT_EQ(decoded.value->public_part, contact.public_part);
  // The full form round-trips with its restricted part.
  const auto full = DecodePointOfContact(EncodePointOfContact(contact));
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(*full.value, contact);
}

TEST(PointOfContactCodecTest, RejectsAPhoneNumberNotInE164) {
  const auto decoded = DecodePointOfContact(ContactJson(R"({"phone": "022 555 01 00"})"));
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].pointer, "/restricted/phone");
  EXPECT_NE(decoded.errors[0].message.find("expected an E.164 number"), std::string::npos);
}

TEST(PointOfContactCodecTest, RejectsAMalformedEmail) {
  for (std::string_view email : {"poc", "poc@localhost", "a..b@cert.example", "a@-x.example",
                                 "a@b@cert.example"}) {
    const auto decoded = DecodePointOfContact(
        ContactJson(R"({"email": ")" + std::string(email) + "\"}"));
    ASSERT_EQ(decoded.errors.size(), 1u) << email;
    EXPECT_EQ(decoded.errors[0].pointer, "/restricted/email") << email;
  }
}

TEST(PointOfContactCodecTest, RejectsABadOrDuplicateLanguageTag) {
  std::string text = ContactJson(kRestricted);
  text.replace(text.find("\"pt-BR\""), 7, "\"english\", \"en\"");
  const auto decoded = DecodePointOfContact(text);
  ASSERT_EQ(decoded.errors.size(), 2u);
  EXPECT_EQ(decoded.errors[0].ToString(),
            "/public/languages/2: expected an RFC 5646 language tag such as \"en\", found "
            "\"english\"");
  EXPECT_EQ(decoded.errors[1].ToString(),
            "/public/languages/3: duplicate of /public/languages/0; expected each value once");
}

TEST(PointOfContactCodecTest, RejectsARestrictedPartWithNoWayToReachAnyone) {
  const auto decoded = DecodePointOfContact(ContactJson(R"({"names": ["A. Duty Officer"]})"));
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].pointer, "/restricted");
  EXPECT_NE(decoded.errors[0].message.find("at least one of \"phone\", \"email\""),
            std::string::npos);
}

TEST(PointOfContactCodecTest, ReportsMissingPublicFields) {
  const auto decoded = DecodePointOfContact(
      R"({"schema": "accord.point-of-contact/1", "party": ")" + std::string(kPartyB) +
      R"(", "public": {}, "updated_at": "2026-01-15T00:00:00Z"})");
  EXPECT_EQ(Pointers(decoded.errors),
            (std::vector<std::string>{"/public/organisation", "/public/role", "/public/languages",
                                      "/public/hours"}));
}

TEST(EnumNamesTest, SpellingsRoundTripThroughEnumFromName) {
  for (int i = 0; i < 5; ++i) {
    const auto kind = static_cast<NotificationKind>(i);
    EXPECT_EQ(EnumFromName<NotificationKind>(Name(kind)), kind);
  }
  EXPECT_EQ(EnumFromName<Priority>("urgent"), Priority::kUrgent);
  EXPECT_EQ(EnumFromName<ReplyKind>("note"), ReplyKind::kNote);
  EXPECT_FALSE(EnumFromName<ReplyKind>("Note"));
  EXPECT_EQ(Name(static_cast<NotificationKind>(5)), "");
}

}  // namespace
}  // namespace accord::model
