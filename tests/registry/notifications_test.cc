// Notifications, points of contact and pings through the registry (issue 8,
// docs/notifications.md): who may do what, what each event puts on the log
// (and what it must not: subject, body, related reports, restricted
// contact details), threads, delivery receipts, exercises kept apart.
#include <gtest/gtest.h>

#include "notification_test_util.h"
#include "registry/internal/notification_records.h"

namespace accord::registry::testing {
namespace {

bool Mentions(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

TEST(SendNotificationTest, AnswersCreatedAndLogsAPublicBodyWithoutContent) {
  NotificationHarness h;
  Reply reply = h.Send(h.a().caller, NotificationHarness::AlertBody({h.b().id, h.c().id}));
  ASSERT_FALSE(reply.error) << Describe(reply);
  EXPECT_TRUE(reply.created);
  const std::string id = StringAt(reply.body, "/id");
  EXPECT_TRUE(id.starts_with("notification--")) << id;
  EXPECT_EQ(reply.location, "/v1/notifications/" + id);
  EXPECT_EQ(StringAt(reply.body, "/due"), "2026-03-02T12:00:00Z");

  Event logged = h.LogEvent(static_cast<std::uint64_t>(IntAt(reply.body, "/log_index")));
  EXPECT_EQ(logged.type, event_type::kNotificationSent);
  EXPECT_EQ(logged.subject, id);
  EXPECT_EQ(StringAt(logged.public_body, "/from"), h.a().id);
  EXPECT_EQ(StringAt(logged.public_body, "/to/0"), h.b().id);
  EXPECT_EQ(StringAt(logged.public_body, "/to/1"), h.c().id);
  EXPECT_EQ(StringAt(logged.public_body, "/kind"), "incident-alert");
  EXPECT_EQ(StringAt(logged.public_body, "/priority"), "urgent");
  EXPECT_EQ(StringAt(logged.public_body, "/tlp"), "AMBER");
  EXPECT_EQ(StringAt(logged.public_body, "/sent_at"), "2026-03-01T12:00:00Z");
  EXPECT_EQ(StringAt(logged.public_body, "/due"), "2026-03-02T12:00:00Z");
  EXPECT_FALSE(At(logged.public_body, "/exercise")->AsBool());
  EXPECT_EQ(At(logged.public_body, "/subject"), nullptr);
  EXPECT_EQ(At(logged.public_body, "/body"), nullptr);
  for (const auto& entry : h.LogEntries()) EXPECT_FALSE(Mentions(entry, "SECRET-")) << entry;
}

TEST(SendNotificationTest, RelatedReportsStayOffTheLog) {
  NotificationHarness h;
  JsonValue receipt = h.harness().SubmitOk(h.a().caller, StateReport("AT"));
  std::string report = StringAt(receipt, "/id");
  JsonValue body = Set(NotificationHarness::AlertBody({h.b().id}), "/related_reports", Strings({report}));
  Reply reply = h.Send(h.a().caller, body);
  ASSERT_FALSE(reply.error) << Describe(reply);
  std::string entry = *h.harness().log().ReadEntry(static_cast<std::uint64_t>(IntAt(reply.body, "/log_index")));
  EXPECT_FALSE(Mentions(entry, report)) << entry;
  Reply read = h.Get(h.b().caller, StringAt(reply.body, "/id"));
  EXPECT_EQ(StringAt(read.body, "/notification/related_reports/0"), report);
}

TEST(SendNotificationTest, ThePublicIsUnauthenticatedAndOperatorsMayNotSend) {
  NotificationHarness h;
  Reply anonymous = h.Send(Caller{}, NotificationHarness::AlertBody({h.b().id}));
  ASSERT_TRUE(anonymous.error);
  EXPECT_EQ(anonymous.error->code, core::ErrorCode::kUnauthenticated);
  Reply op = h.Send(h.op().caller, NotificationHarness::AlertBody({h.b().id}));
  ASSERT_TRUE(op.error);
  EXPECT_EQ(op.error->code, core::ErrorCode::kPermissionDenied);
  EXPECT_TRUE(Mentions(op.error->message, "state parties and the secretariat")) << op.error->message;
}

TEST(SendNotificationTest, RefusesServerSetMembersWithTheirPointers) {
  NotificationHarness h;
  JsonValue body = Set(NotificationHarness::AlertBody({h.b().id}), "/from", Str(h.c().id));
  body = Set(body, "/sent_at", Str("2020-01-01T00:00:00Z"));
  Reply reply = h.Send(h.a().caller, body);
  ASSERT_TRUE(reply.error);
  EXPECT_EQ(reply.error->code, core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(reply, "/from")) << Describe(reply);
  EXPECT_TRUE(HasField(reply, "/sent_at")) << Describe(reply);
}

TEST(SendNotificationTest, RefusesUnknownAndRevokedRecipientsAtTheirIndex) {
  NotificationHarness h;
  Reply revoked = Await([&](ReplyFn done) {
    h.registry().RevokeParty(h.harness().secretariat(), h.c().id,
                             JsonValue::Object({{"reason", Str("left the agreement")}}), done);
  });
  ASSERT_FALSE(revoked.error) << Describe(revoked);
  const std::string unknown = "party--6b1a3c52-8f0e-4d1e-9a55-0c3b7a1d2e4f";
  const std::uint64_t size = h.harness().log().size();
  Reply reply = h.Send(h.a().caller, NotificationHarness::AlertBody({h.b().id, unknown, h.c().id}));
  ASSERT_TRUE(reply.error);
  EXPECT_EQ(reply.error->code, core::ErrorCode::kInvalidArgument);
  ASSERT_EQ(reply.fields.size(), 2u) << Describe(reply);
  EXPECT_EQ(reply.fields[0].pointer, "/to/1");
  EXPECT_TRUE(Mentions(reply.fields[0].message, "not registered")) << reply.fields[0].message;
  EXPECT_EQ(reply.fields[1].pointer, "/to/2");
  EXPECT_TRUE(Mentions(reply.fields[1].message, "revoked")) << reply.fields[1].message;
  EXPECT_EQ(h.harness().log().size(), size) << "a refused notification writes nothing";
}

TEST(SendNotificationTest, ReportsEveryDecoderViolationWithItsPointer) {
  NotificationHarness h;
  JsonValue body = Remove(NotificationHarness::AlertBody({h.b().id}), "/subject");
  body = Set(body, "/priority", Str("whenever"));
  body = Set(body, "/to", Strings({h.a().id}));
  Reply reply = h.Send(h.a().caller, body);
  ASSERT_TRUE(reply.error);
  EXPECT_TRUE(HasField(reply, "/subject")) << Describe(reply);
  EXPECT_TRUE(HasField(reply, "/priority")) << Describe(reply);
  EXPECT_TRUE(HasField(reply, "/to/0")) << "never to oneself: " << Describe(reply);
}

TEST(GetNotificationTest, TheRecipientsFirstReadRecordsDeliveryOnce) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  h.harness().clock().Set(Time("2026-03-01T12:10:00Z"));
  Reply first = h.Get(h.b().caller, id);
  ASSERT_FALSE(first.error) << Describe(first);
  EXPECT_EQ(StringAt(first.body, "/notification/subject"), "SECRET-SUBJECT ransomware at a water utility");
  EXPECT_EQ(StringAt(first.body, "/statuses/0/state"), "delivered");
  EXPECT_EQ(StringAt(first.body, "/statuses/0/delivered_at"), "2026-03-01T12:10:00Z");
  ASSERT_FALSE(h.Get(h.b().caller, id).error);
  ASSERT_FALSE(h.Get(h.a().caller, id).error);
  auto delivered = h.Events(event_type::kNotificationDelivered);
  ASSERT_EQ(delivered.size(), 1u) << "the sender's reads and a second read record nothing";
  Event logged = h.LogEvent(delivered[0].seq);
  EXPECT_EQ(StringAt(logged.public_body, "/recipient"), h.b().id);
  EXPECT_EQ(StringAt(logged.public_body, "/delivered_at"), "2026-03-01T12:10:00Z");
  EXPECT_EQ(StringAt(Parse(delivered[0].full_json), "/actor/party_id"), h.b().id);
}

TEST(GetNotificationTest, OutsidersGetTheSameNotFoundAsForAnUnknownId) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  Reply outsider = h.Get(h.c().caller, id);
  ASSERT_TRUE(outsider.error);
  EXPECT_EQ(outsider.error->code, core::ErrorCode::kNotFound);
  const std::string unknown = "notification--6b1a3c52-8f0e-4d1e-9a55-0c3b7a1d2e4f";
  Reply missing = h.Get(h.c().caller, unknown);
  ASSERT_TRUE(missing.error);
  EXPECT_EQ(missing.error->code, core::ErrorCode::kNotFound);
  EXPECT_EQ(outsider.error->message.substr(0, 14), missing.error->message.substr(0, 14));
  EXPECT_FALSE(Mentions(outsider.error->message, h.a().id));
  Reply anonymous = h.Get(Caller{}, id);
  ASSERT_TRUE(anonymous.error);
  EXPECT_EQ(anonymous.error->code, core::ErrorCode::kUnauthenticated);
}

TEST(GetNotificationTest, TheSecretariatSeesDeliveryButNotContent) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  ASSERT_FALSE(h.Respond(h.b().caller, id, "answer", "SECRET-ANSWER").error);
  Reply reply = h.Get(h.harness().secretariat(), id);
  ASSERT_FALSE(reply.error) << Describe(reply);
  EXPECT_EQ(At(reply.body, "/notification/subject"), nullptr);
  EXPECT_EQ(At(reply.body, "/notification/body"), nullptr);
  EXPECT_EQ(At(reply.body, "/replies/0/body"), nullptr);
  EXPECT_EQ(StringAt(reply.body, "/replies/0/kind"), "answer");
  EXPECT_EQ(StringAt(reply.body, "/statuses/0/state"), "answered");
}

TEST(ReplyTest, AThreadKeepsRepliesInOrderAndTheLogOnlyTheirKind) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  ASSERT_FALSE(h.Respond(h.b().caller, id, "acknowledgment").error);
  ASSERT_FALSE(h.Respond(h.a().caller, id, "note", "SECRET-NOTE more indicators attached").error);
  Reply answer = h.Respond(h.b().caller, id, "answer", "SECRET-ANSWER we see it too");
  ASSERT_FALSE(answer.error) << Describe(answer);
  Reply thread = h.Get(h.a().caller, id);
  EXPECT_EQ(StringAt(thread.body, "/replies/0/kind"), "acknowledgment");
  EXPECT_EQ(StringAt(thread.body, "/replies/1/kind"), "note");
  EXPECT_EQ(StringAt(thread.body, "/replies/1/from"), h.a().id);
  EXPECT_EQ(StringAt(thread.body, "/replies/2/body"), "SECRET-ANSWER we see it too");
  EXPECT_EQ(StringAt(thread.body, "/state"), "acknowledged");
  Event logged = h.LogEvent(static_cast<std::uint64_t>(IntAt(answer.body, "/log_index")));
  EXPECT_EQ(logged.type, event_type::kNotificationReplied);
  EXPECT_EQ(StringAt(logged.public_body, "/kind"), "answer");
  EXPECT_EQ(StringAt(logged.public_body, "/state"), "answered");
  for (const auto& entry : h.LogEntries()) EXPECT_FALSE(Mentions(entry, "SECRET-")) << entry;
}

TEST(ReplyTest, TheSenderMayAddNotesButNotAcknowledge) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  Reply ack = h.Respond(h.a().caller, id, "acknowledgment");
  ASSERT_TRUE(ack.error);
  EXPECT_EQ(ack.error->code, core::ErrorCode::kPermissionDenied);
  EXPECT_TRUE(Mentions(ack.error->message, "only a recipient")) << ack.error->message;
  EXPECT_FALSE(h.Respond(h.a().caller, id, "note", "follow-up").error);
}

TEST(ReplyTest, ASecondAcknowledgmentConflictsNamingTheAllowedSteps) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  ASSERT_FALSE(h.Respond(h.b().caller, id, "acknowledgment").error);
  Reply again = h.Respond(h.b().caller, id, "acknowledgment");
  ASSERT_TRUE(again.error);
  EXPECT_EQ(again.error->code, core::ErrorCode::kConflict);
  EXPECT_TRUE(Mentions(again.error->message, "allowed: answer")) << again.error->message;
}

TEST(ReplyTest, OutsidersCannotReplyOrLearnTheNotificationExists) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  Reply outsider = h.Respond(h.c().caller, id, "acknowledgment");
  ASSERT_TRUE(outsider.error);
  EXPECT_EQ(outsider.error->code, core::ErrorCode::kNotFound);
  Reply secretariat = h.Respond(h.harness().secretariat(), id, "note", "hello");
  ASSERT_TRUE(secretariat.error);
  EXPECT_EQ(secretariat.error->code, core::ErrorCode::kPermissionDenied);
}

TEST(ReplyTest, AnAnswerNeedsABodyAndServerSetMembersAreRefused) {
  NotificationHarness h;
  std::string id = h.SendOk({h.b().id});
  Reply empty = h.Respond(h.b().caller, id, "answer");
  ASSERT_TRUE(empty.error);
  EXPECT_TRUE(HasField(empty, "/body")) << Describe(empty);
  JsonValue body = JsonValue::Object({{"kind", Str("note")}, {"from", Str(h.c().id)}});
  Reply forged = Await([&](ReplyFn done) { h.registry().ReplyToNotification(h.b().caller, id, body, done); });
  ASSERT_TRUE(forged.error);
  EXPECT_TRUE(HasField(forged, "/from")) << Describe(forged);
  JsonValue bad_kind = JsonValue::Object({{"kind", Str("shrug")}});
  Reply unknown = Await([&](ReplyFn done) { h.registry().ReplyToNotification(h.b().caller, id, bad_kind, done); });
  ASSERT_TRUE(unknown.error);
  EXPECT_TRUE(HasField(unknown, "/kind")) << Describe(unknown);
}

TEST(ListNotificationsTest, EachPartySeesItsOwnByRole) {
  NotificationHarness h;
  std::string ab = h.SendOk({h.b().id});
  Reply ba = h.Send(h.b().caller, NotificationHarness::AlertBody({h.a().id}));
  ASSERT_FALSE(ba.error);
  auto list = [&](const Caller& caller, QueryParams params) { return h.registry().ListNotifications(caller, params); };
  Reply sent = list(h.a().caller, {{"role", "sent"}});
  ASSERT_FALSE(sent.error) << Describe(sent);
  ASSERT_EQ(At(sent.body, "/items")->AsArray().size(), 1u);
  EXPECT_EQ(StringAt(sent.body, "/items/0/id"), ab);
  Reply received = list(h.a().caller, {{"role", "received"}});
  ASSERT_EQ(At(received.body, "/items")->AsArray().size(), 1u);
  EXPECT_EQ(StringAt(received.body, "/items/0/id"), StringAt(ba.body, "/id"));
  EXPECT_EQ(At(list(h.c().caller, {}).body, "/items")->AsArray().size(), 0u);
  EXPECT_EQ(At(list(h.harness().secretariat(), {}).body, "/items")->AsArray().size(), 2u);
  Reply anonymous = list(Caller{}, {});
  ASSERT_TRUE(anonymous.error);
  EXPECT_EQ(anonymous.error->code, core::ErrorCode::kUnauthenticated);
  Reply bad = list(h.a().caller, {{"role", "cc"}});
  ASSERT_TRUE(bad.error);
  EXPECT_TRUE(Mentions(bad.error->message, "\"role\"")) << bad.error->message;
}

TEST(ListNotificationsTest, FiltersByStateAndExercise) {
  NotificationHarness h;
  std::string acked = h.SendOk({h.b().id});
  ASSERT_FALSE(h.Respond(h.b().caller, acked, "acknowledgment").error);
  std::string open = h.SendOk({h.b().id});
  Reply drill = h.Send(h.a().caller, Set(NotificationHarness::AlertBody({h.b().id}), "/exercise", JsonValue::Bool(true)));
  ASSERT_FALSE(drill.error) << Describe(drill);
  Reply opened = h.registry().ListNotifications(h.a().caller, {{"state", "open"}, {"exercise", "false"}});
  ASSERT_EQ(At(opened.body, "/items")->AsArray().size(), 1u) << Describe(opened);
  EXPECT_EQ(StringAt(opened.body, "/items/0/id"), open);
  Reply exercise = h.registry().ListNotifications(h.a().caller, {{"exercise", "true"}});
  ASSERT_EQ(At(exercise.body, "/items")->AsArray().size(), 1u);
  EXPECT_EQ(StringAt(exercise.body, "/items/0/id"), StringAt(drill.body, "/id"));
  EXPECT_TRUE(At(exercise.body, "/items/0/exercise")->AsBool());
}

JsonValue ContactBody() {
  return Parse(R"({"public":{"organisation":"National CERT","role":"technical","languages":["en","fr"],
                   "hours":"24/7"},
                   "restricted":{"names":["Duty officer"],"phone":"+4122123456","email":"duty@cert.example"}})");
}

TEST(ContactTest, APartyUpdatesItsOwnPointOfContactAndTheLogShowsThePublicPart) {
  NotificationHarness h;
  Reply reply = h.PutContact(h.a().caller, h.a().id, ContactBody());
  ASSERT_FALSE(reply.error) << Describe(reply);
  Event logged = h.LogEvent(static_cast<std::uint64_t>(IntAt(reply.body, "/log_index")));
  EXPECT_EQ(logged.type, event_type::kContactUpdated);
  EXPECT_EQ(logged.subject, h.a().id);
  EXPECT_EQ(StringAt(logged.public_body, "/public/organisation"), "National CERT");
  EXPECT_EQ(At(logged.public_body, "/restricted"), nullptr);
  for (const auto& entry : h.LogEntries()) {
    EXPECT_FALSE(Mentions(entry, "duty@cert.example")) << entry;
    EXPECT_FALSE(Mentions(entry, "+4122123456")) << entry;
  }
}

TEST(ContactTest, OnlyThePartyOrTheSecretariatMayUpdateIt) {
  NotificationHarness h;
  Reply other = h.PutContact(h.b().caller, h.a().id, ContactBody());
  ASSERT_TRUE(other.error);
  EXPECT_EQ(other.error->code, core::ErrorCode::kPermissionDenied);
  Reply anonymous = h.PutContact(Caller{}, h.a().id, ContactBody());
  ASSERT_TRUE(anonymous.error);
  EXPECT_EQ(anonymous.error->code, core::ErrorCode::kUnauthenticated);
  EXPECT_FALSE(h.PutContact(h.harness().secretariat(), h.a().id, ContactBody()).error);
  Reply unknown = h.PutContact(h.harness().secretariat(), "party--6b1a3c52-8f0e-4d1e-9a55-0c3b7a1d2e4f", ContactBody());
  ASSERT_TRUE(unknown.error);
  EXPECT_EQ(unknown.error->code, core::ErrorCode::kNotFound);
}

TEST(ContactTest, RefusesABodyWithoutRestrictedOrWithServerSetMembers) {
  NotificationHarness h;
  Reply reply = h.PutContact(h.a().caller, h.a().id, Set(Remove(ContactBody(), "/restricted"), "/party", Str(h.b().id)));
  ASSERT_TRUE(reply.error);
  EXPECT_TRUE(HasField(reply, "/restricted")) << Describe(reply);
  EXPECT_TRUE(HasField(reply, "/party")) << Describe(reply);
  Reply bad_phone = h.PutContact(h.a().caller, h.a().id, Set(ContactBody(), "/restricted/phone", Str("call us")));
  ASSERT_TRUE(bad_phone.error);
  EXPECT_TRUE(HasField(bad_phone, "/restricted/phone")) << Describe(bad_phone);
}

TEST(ContactTest, TheDirectoryShowsRestrictedDetailsToStatesOnly) {
  NotificationHarness h;
  ASSERT_FALSE(h.PutContact(h.a().caller, h.a().id, ContactBody()).error);
  Reply pub = h.registry().ListContacts(Caller{}, {});
  ASSERT_FALSE(pub.error) << Describe(pub);
  EXPECT_EQ(StringAt(pub.body, "/items/0/party"), h.a().id);
  EXPECT_EQ(At(pub.body, "/items/0/restricted"), nullptr);
  EXPECT_EQ(At(h.registry().ListContacts(h.op().caller, {}).body, "/items/0/restricted"), nullptr);
  EXPECT_EQ(StringAt(h.registry().ListContacts(h.b().caller, {}).body, "/items/0/restricted/email"),
            "duty@cert.example");
  Reply csv = h.registry().ListContacts(h.b().caller, {{"format", "csv"}});
  ASSERT_FALSE(csv.error);
  EXPECT_TRUE(csv.raw_body.starts_with("party,organisation,role,languages,hours,updated_at\r\n")) << csv.raw_body;
  EXPECT_TRUE(Mentions(csv.raw_body, "en;fr"));
  EXPECT_FALSE(Mentions(csv.raw_body, "duty@cert.example"));
}

TEST(PingTest, PingsEveryActiveStateAndMeasuresAcknowledgments) {
  NotificationHarness h;
  Reply ping = h.Ping(JsonValue::Object({{"to", Str("all")}}));
  ASSERT_FALSE(ping.error) << Describe(ping);
  const std::string id = StringAt(ping.body, "/id");
  Event logged = h.LogEvent(static_cast<std::uint64_t>(IntAt(ping.body, "/log_index")));
  EXPECT_EQ(StringAt(logged.public_body, "/kind"), "ping");
  EXPECT_EQ(At(logged.public_body, "/to")->AsArray().size(), 3u) << "A, B and C; not the operator";
  EXPECT_EQ(StringAt(logged.public_body, "/due"), "2026-03-03T12:00:00Z") << "the ping window, 48 hours";

  h.harness().clock().Set(Time("2026-03-01T12:30:00Z"));
  ASSERT_FALSE(h.Respond(h.a().caller, id, "acknowledgment").error);
  h.harness().clock().Set(Time("2026-03-04T00:00:00Z"));
  ASSERT_FALSE(h.Respond(h.b().caller, id, "acknowledgment").error);
  Reply report = h.registry().Pings(h.a().caller, {});
  ASSERT_FALSE(report.error) << Describe(report);
  EXPECT_EQ(IntAt(report.body, "/pings"), 1);
  std::map<std::string, JsonValue> by_party;
  for (const auto& item : At(report.body, "/parties")->AsArray()) by_party[StringAt(item, "/party")] = item;
  EXPECT_EQ(IntAt(by_party[h.a().id], "/on_time"), 1);
  EXPECT_EQ(IntAt(by_party[h.a().id], "/median_seconds_to_acknowledge"), 1800);
  EXPECT_EQ(IntAt(by_party[h.b().id], "/late"), 1);
  EXPECT_EQ(IntAt(by_party[h.c().id], "/missed"), 1);
  EXPECT_EQ(At(report.body, "/measurements")->AsArray().size(), 3u);
  Reply pub = h.registry().Pings(Caller{}, {});
  ASSERT_FALSE(pub.error);
  EXPECT_EQ(At(pub.body, "/measurements"), nullptr) << "the public sees the per-party summary";
  EXPECT_EQ(At(pub.body, "/parties")->AsArray().size(), 3u);
}

TEST(PingTest, ExercisePingsAreKeptApart) {
  NotificationHarness h;
  Reply drill = h.Ping(JsonValue::Object({{"to", Strings({h.b().id})}, {"exercise", JsonValue::Bool(true)}}));
  ASSERT_FALSE(drill.error) << Describe(drill);
  EXPECT_EQ(IntAt(h.registry().Pings(Caller{}, {}).body, "/pings"), 0);
  Reply exercise = h.registry().Pings(Caller{}, {{"exercise", "true"}});
  EXPECT_EQ(IntAt(exercise.body, "/pings"), 1);
  EXPECT_TRUE(At(exercise.body, "/exercise")->AsBool());
}

TEST(PingTest, OnlyTheSecretariatPingsAndBadTargetsArePointedAt) {
  NotificationHarness h;
  Reply state = Await([&](ReplyFn done) {
    h.registry().SendPing(h.a().caller, JsonValue::Object({{"to", Str("all")}}), done);
  });
  ASSERT_TRUE(state.error);
  EXPECT_EQ(state.error->code, core::ErrorCode::kPermissionDenied);
  Reply bad = h.Ping(JsonValue::Object({{"to", Str("everyone")}, {"colour", Str("red")}}));
  ASSERT_TRUE(bad.error);
  EXPECT_TRUE(HasField(bad, "/to")) << Describe(bad);
  EXPECT_TRUE(HasField(bad, "/colour")) << Describe(bad);
  Reply bad_query = h.registry().Pings(Caller{}, {{"exercise", "maybe"}});
  ASSERT_TRUE(bad_query.error);
  EXPECT_TRUE(Mentions(bad_query.error->message, "\"exercise\"")) << bad_query.error->message;
}

TEST(NotificationStatusCodecTest, RoundTripsEveryMember) {
  NotificationStatus status;
  status.notification_id = *core::StixId::Parse("notification--6b1a3c52-8f0e-4d1e-9a55-0c3b7a1d2e4f");
  status.recipient = *core::StixId::Parse("party--0b1a3c52-8f0e-4d1e-9a55-0c3b7a1d2e4f");
  status.state = NotificationState::kAcknowledged;
  status.sent_at = Time("2026-03-01T12:00:00Z");
  status.due = Time("2026-03-02T12:00:00Z");
  status.delivered_at = Time("2026-03-01T12:05:00Z");
  status.overdue_at = Time("2026-03-02T12:00:00Z");
  status.acknowledged_at = Time("2026-03-02T13:00:00.25Z");
  status.late = true;
  JsonValue json = internal::NotificationStatusToJson(status);
  EXPECT_EQ(StringAt(json, "/state"), "acknowledged");
  EXPECT_EQ(At(json, "/answered_at"), nullptr) << "absent times are left out";
  auto back = internal::NotificationStatusFromJson(Parse(Canon(json)), "here");
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, status);
}

TEST(NotificationStatusCodecTest, CorruptRecordsNameTheMember) {
  JsonValue json = Parse(R"({"notification":"notification--6b1a3c52-8f0e-4d1e-9a55-0c3b7a1d2e4f",
      "recipient":"party--0b1a3c52-8f0e-4d1e-9a55-0c3b7a1d2e4f","state":"lost",
      "sent_at":"2026-03-01T12:00:00Z","due":"2026-03-02T12:00:00Z","late":false})");
  auto bad_state = internal::NotificationStatusFromJson(json, "status x");
  ASSERT_FALSE(bad_state);
  EXPECT_EQ(bad_state.error().code, core::ErrorCode::kCorrupt);
  EXPECT_TRUE(Mentions(bad_state.error().message, "status x: member \"state\"")) << bad_state.error().message;
  auto no_due = internal::NotificationStatusFromJson(Remove(Set(json, "/state", Str("sent")), "/due"), "status x");
  ASSERT_FALSE(no_due);
  EXPECT_TRUE(Mentions(no_due.error().message, "member \"due\" is missing")) << no_due.error().message;
}

TEST(AckDeadlineIdTest, SplitsOnlyWellFormedIds) {
  auto parsed = internal::ParseAckDeadlineId("ack/notification--a/party--b");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->notification_id, "notification--a");
  EXPECT_EQ(parsed->party_id, "party--b");
  for (std::string_view bad : {"case/x/y", "ack/", "ack/x", "ack//y", "ack/x/", "ack/x/y/z"})
    EXPECT_FALSE(internal::ParseAckDeadlineId(bad)) << bad;
}

}  // namespace
}  // namespace accord::registry::testing
