// Unit tests of registry/event.h: the public and full forms of an event,
// their canonical bytes (written out by hand from the format in event.h:
// RFC 8785, so members sorted by name), round trips, and the kCorrupt
// errors of the decoders, each naming the member at fault.
#include "registry/event.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/canonical_json.h"
#include "core/json_reader.h"

namespace accord::registry {
namespace {

using core::ErrorCode;
using core::JsonValue;
using ::testing::HasSubstr;

core::Timestamp Time(std::string_view text) {
  auto parsed = core::ParseRfc3339(text);
  EXPECT_TRUE(parsed) << text;
  return *parsed;
}

JsonValue Json(std::string_view text) {
  auto parsed = core::ParseJsonStrict(text);
  EXPECT_TRUE(parsed) << text;
  return *parsed;
}

Event ReadEvent() {
  Event event;
  event.seq = 7;
  event.type = std::string(event_type::kReportRead);
  event.at = Time("2026-03-01T12:00:00Z");
  event.subject = "incident-report--5b0f4f0e-6d3c-4b8e-9a51-0c2f7e9d1a34";
  event.actor = {"party--9e7b4c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c", "tok_0123456789abcdef"};
  event.public_body = Json(
      R"({"report_id":"incident-report--5b0f4f0e-6d3c-4b8e-9a51-0c2f7e9d1a34",)"
      R"("reader_party_id":"party--9e7b4c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c","marking":"AMBER"})");
  event.full_body = Json(
      R"({"token_id":"tok_0123456789abcdef","marking":"AMBER",)"
      R"("report_id":"incident-report--5b0f4f0e-6d3c-4b8e-9a51-0c2f7e9d1a34",)"
      R"("reader_party_id":"party--9e7b4c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c"})");
  return event;
}

// ------------------------------------------------------------ canonical bytes

TEST(EncodePublicEventTest, WritesTheDocumentedMembersSortedWithoutTheActor) {
  EXPECT_EQ(EncodePublicEvent(ReadEvent()),
            R"({"at":"2026-03-01T12:00:00Z",)"
            R"("body":{"marking":"AMBER",)"
            R"("reader_party_id":"party--9e7b4c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c",)"
            R"("report_id":"incident-report--5b0f4f0e-6d3c-4b8e-9a51-0c2f7e9d1a34"},)"
            R"("schema":"accord.event/1","seq":7,)"
            R"("subject":"incident-report--5b0f4f0e-6d3c-4b8e-9a51-0c2f7e9d1a34",)"
            R"("type":"report.read"})");
}

TEST(EncodeFullEventTest, AddsTheActorAndCarriesTheFullBody) {
  EXPECT_EQ(EncodeFullEvent(ReadEvent()),
            R"({"actor":{"party_id":"party--9e7b4c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c",)"
            R"("token_id":"tok_0123456789abcdef"},)"
            R"("at":"2026-03-01T12:00:00Z",)"
            R"("body":{"marking":"AMBER",)"
            R"("reader_party_id":"party--9e7b4c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c",)"
            R"("report_id":"incident-report--5b0f4f0e-6d3c-4b8e-9a51-0c2f7e9d1a34",)"
            R"("token_id":"tok_0123456789abcdef"},)"
            R"("schema":"accord.event/1","seq":7,)"
            R"("subject":"incident-report--5b0f4f0e-6d3c-4b8e-9a51-0c2f7e9d1a34",)"
            R"("type":"report.read"})");
}

TEST(EncodeFullEventTest, TheNodesOwnEventsHaveAnEmptyActor) {
  Event event;
  event.seq = 0;
  event.type = "party.registered";
  event.at = Time("2026-01-01T00:00:00.5Z");
  event.subject = "party--x";
  event.public_body = Json(R"({"b":[1,true,null],"a":"\u00e9"})");
  event.full_body = Json("{}");
  EXPECT_EQ(EncodeFullEvent(event),
            R"({"actor":{"party_id":"","token_id":""},"at":"2026-01-01T00:00:00.500Z",)"
            R"("body":{},"schema":"accord.event/1","seq":0,"subject":"party--x",)"
            R"("type":"party.registered"})");
  EXPECT_EQ(EncodePublicEvent(event),
            "{\"at\":\"2026-01-01T00:00:00.500Z\",\"body\":{\"a\":\"\xc3\xa9\",\"b\":[1,true,null]},"
            "\"schema\":\"accord.event/1\",\"seq\":0,\"subject\":\"party--x\","
            "\"type\":\"party.registered\"}");
}

TEST(EncodePublicEventTest, WritesMicrosecondsAndLargeSeqsExactly) {
  Event event = ReadEvent();
  event.seq = 9007199254740991;  // 2^53 - 1, the largest seq a double holds exactly
  event.at = Time("2026-03-01T12:00:00.123456Z");
  const std::string encoded = EncodePublicEvent(event);
  EXPECT_THAT(encoded, HasSubstr(R"("at":"2026-03-01T12:00:00.123456Z")"));
  EXPECT_THAT(encoded, HasSubstr(R"("seq":9007199254740991,)"));
}

// ---------------------------------------------------------------- round trips

TEST(DecodeFullEventTest, RoundTripsEveryMember) {
  Event event = ReadEvent();
  event.at = Time("2026-03-01T12:00:00.123456Z");
  auto decoded = DecodeFullEvent(EncodeFullEvent(event));
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->seq, event.seq);
  EXPECT_EQ(decoded->type, event.type);
  EXPECT_EQ(decoded->at, event.at);
  EXPECT_EQ(decoded->subject, event.subject);
  EXPECT_EQ(decoded->actor.party_id, event.actor.party_id);
  EXPECT_EQ(decoded->actor.token_id, event.actor.token_id);
  EXPECT_EQ(core::SerializeCanonical(decoded->full_body), core::SerializeCanonical(event.full_body));
  // The public body is not in the full form.
  EXPECT_EQ(decoded->public_body.type(), core::JsonType::kNull);
  EXPECT_EQ(EncodeFullEvent(*decoded), EncodeFullEvent(event));
}

TEST(DecodePublicEventTest, RoundTripsEveryMember) {
  const Event event = ReadEvent();
  auto decoded = DecodePublicEvent(EncodePublicEvent(event));
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->seq, 7u);
  EXPECT_EQ(decoded->type, "report.read");
  EXPECT_EQ(decoded->at, event.at);
  EXPECT_EQ(decoded->subject, event.subject);
  EXPECT_EQ(decoded->actor.party_id, "");
  EXPECT_EQ(decoded->actor.token_id, "");
  // Object members come back in canonical order.
  EXPECT_EQ(core::SerializeCanonical(decoded->public_body),
            core::SerializeCanonical(event.public_body));
  EXPECT_EQ(EncodePublicEvent(*decoded), EncodePublicEvent(event));
}

TEST(DecodePublicEventTest, AcceptsMembersInAnyOrderAndAnOffsetTime) {
  auto decoded = DecodePublicEvent(
      R"({"type":"token.issued","subject":"tok_1","seq":3,"schema":"accord.event/1",)"
      R"("body":{"token_id":"tok_1","party_id":"party--p"},"at":"2026-03-01T14:00:00+02:00"})");
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->seq, 3u);
  EXPECT_EQ(decoded->at, Time("2026-03-01T12:00:00Z"));
}

// --------------------------------------------------------------------- errors

// A valid public (or full) event with `member` replaced by `value`, or
// removed when `value` is empty.
std::string PublicWith(std::string_view member, std::string_view value) {
  std::string out = "{";
  const std::pair<std::string_view, std::string_view> members[] = {
      {"schema", R"("accord.event/1")"}, {"seq", "5"},
      {"type", R"("report.read")"},      {"at", R"("2026-03-01T12:00:00Z")"},
      {"subject", R"("r")"},             {"body", "{}"}};
  for (const auto& [name, text] : members) {
    std::string_view written = name == member ? value : text;
    if (written.empty()) continue;
    if (out.size() > 1) out += ",";
    out += "\"" + std::string(name) + "\":" + std::string(written);
  }
  return out + "}";
}

std::string FullWith(std::string_view member, std::string_view value) {
  std::string text = PublicWith(member, value);
  text.pop_back();
  if (member == "actor") {
    if (!value.empty()) text += R"(,"actor":)" + std::string(value);
  } else {
    text += R"(,"actor":{"party_id":"party--p","token_id":"tok_t"})";
  }
  return text + "}";
}

void ExpectCorrupt(const core::Result<Event>& result, std::string_view expected) {
  ASSERT_FALSE(result) << "decoded a bad event";
  EXPECT_EQ(result.error().code, ErrorCode::kCorrupt) << result.error().ToString();
  EXPECT_THAT(result.error().message, HasSubstr(std::string(expected)));
}

TEST(DecodeEventTest, TheValidBaseDecodes) {
  EXPECT_TRUE(DecodePublicEvent(PublicWith("", "")));
  EXPECT_TRUE(DecodeFullEvent(FullWith("", "")));
}

// A full form that reached the log by mistake carries "actor": a public
// entry has exactly six members, and a replay must notice any other.
TEST(DecodePublicEventTest, RefusesAFullFormAndAnyOtherExtraMember) {
  ExpectCorrupt(DecodePublicEvent(FullWith("", "")), "unexpected member \"actor\"");
  std::string extra = PublicWith("", "");
  extra.insert(1, R"("note":"x",)");
  ExpectCorrupt(DecodePublicEvent(extra), "unexpected member \"note\"");
}

TEST(DecodeEventTest, NamesEachMissingHeaderMember) {
  for (std::string_view member : {"schema", "seq", "type", "at", "subject", "body"}) {
    SCOPED_TRACE(member);
    const std::string expected = "member \"" + std::string(member) + "\" is missing";
    ExpectCorrupt(DecodePublicEvent(PublicWith(member, "")), expected);
    ExpectCorrupt(DecodeFullEvent(FullWith(member, "")), expected);
  }
  ExpectCorrupt(DecodeFullEvent(FullWith("actor", "")), "member \"actor\" is missing");
}

TEST(DecodeEventTest, NamesEachMistypedHeaderMember) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"schema", "1"}, {"seq", R"("5")"}, {"type", "null"}, {"at", "1767268800"}, {"subject", "[]"}};
  for (const auto& [member, value] : cases) {
    SCOPED_TRACE(member);
    const std::string expected = "member \"" + std::string(member) + "\" must be a";
    ExpectCorrupt(DecodePublicEvent(PublicWith(member, value)), expected);
    ExpectCorrupt(DecodeFullEvent(FullWith(member, value)), expected);
  }
}

TEST(DecodeEventTest, TheDecodersSayWhichFormTheyRead) {
  ExpectCorrupt(DecodePublicEvent(PublicWith("seq", "")), "public event");
  ExpectCorrupt(DecodeFullEvent(FullWith("seq", "")), "full event");
}

TEST(DecodeEventTest, RefusesAnotherSchema) {
  ExpectCorrupt(DecodePublicEvent(PublicWith("schema", R"("accord.event/2")")),
                "schema \"accord.event/2\" is not \"accord.event/1\"");
  ExpectCorrupt(DecodeFullEvent(FullWith("schema", R"("")")), "schema \"\" is not");
}

TEST(DecodeEventTest, RefusesANegativeSeq) {
  ExpectCorrupt(DecodePublicEvent(PublicWith("seq", "-1")), "seq is negative");
  ExpectCorrupt(DecodeFullEvent(FullWith("seq", "-1")), "seq is negative");
}

TEST(DecodeEventTest, RefusesAFractionalOrTooLargeSeq) {
  ExpectCorrupt(DecodePublicEvent(PublicWith("seq", "1.5")), "member \"seq\" must be an integer");
  ExpectCorrupt(DecodeFullEvent(FullWith("seq", "0.001")), "member \"seq\" must be an integer");
  ExpectCorrupt(DecodePublicEvent(PublicWith("seq", "1e300")), "member \"seq\"");
}

TEST(DecodeEventTest, AcceptsAnIntegerWrittenWithAnExponent) {
  // 5e0 is the number 5: RFC 8785 readers see numbers, not their spelling.
  auto decoded = DecodePublicEvent(PublicWith("seq", "5e0"));
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->seq, 5u);
}

TEST(DecodeEventTest, RefusesATimeThatIsNotRfc3339) {
  ExpectCorrupt(DecodePublicEvent(PublicWith("at", R"("2026-03-01 12:00:00Z")")), "at: ");
  ExpectCorrupt(DecodeFullEvent(FullWith("at", R"("2026-02-30T00:00:00Z")")), "at: ");
}

TEST(DecodeEventTest, RefusesTextThatIsNotAJsonObject) {
  ExpectCorrupt(DecodePublicEvent("[]"), "public event: not a JSON object");
  ExpectCorrupt(DecodeFullEvent("\"event\""), "full event: not a JSON object");
  ExpectCorrupt(DecodePublicEvent("{\"seq\":"), "public event: line 1");
  ExpectCorrupt(DecodeFullEvent(""), "full event: ");
  // Duplicate members would give two readings of one entry.
  ExpectCorrupt(DecodePublicEvent(R"({"seq":1,"seq":2})"), "duplicate member name");
}

TEST(DecodeFullEventTest, RefusesAnActorThatIsNotAnObject) {
  ExpectCorrupt(DecodeFullEvent(FullWith("actor", R"("party--p")")),
                "member \"actor\" must be an object");
  ExpectCorrupt(DecodeFullEvent(FullWith("actor", "null")), "member \"actor\" must be an object");
}

TEST(DecodeFullEventTest, RefusesAnActorWithMissingOrMistypedIds) {
  ExpectCorrupt(DecodeFullEvent(FullWith("actor", R"({"token_id":""})")),
                "member \"party_id\" is missing");
  ExpectCorrupt(DecodeFullEvent(FullWith("actor", R"({"party_id":7,"token_id":""})")),
                "member \"party_id\" must be a string");
  ExpectCorrupt(DecodeFullEvent(FullWith("actor", R"({"party_id":"","token_id":false})")),
                "member \"token_id\" must be a string");
}

TEST(DecodeEventTest, RefusesABodyThatIsNotAnObject) {
  for (std::string_view body : {"null", "[]", "\"x\"", "3"}) {
    SCOPED_TRACE(body);
    ExpectCorrupt(DecodePublicEvent(PublicWith("body", body)), "member \"body\" must be an object");
    ExpectCorrupt(DecodeFullEvent(FullWith("body", body)), "member \"body\" must be an object");
  }
}

}  // namespace
}  // namespace accord::registry
