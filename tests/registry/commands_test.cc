// Tests of the registry's commands through registry::Registry (registry.h),
// with a real SQLite store in a temp dir, an in-memory log and a
// ManualClock: bootstrap, authentication, parties, tokens, and submitting,
// amending and withdrawing reports. Expected contracts come from the HTTP
// API (docs/api/openapi.yaml: status codes map from the error codes here),
// docs/visibility.md and docs/incident-report.md.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/encoding.h"
#include "privacy/commitment.h"
#include "privacy/visibility.h"
#include "registry/event.h"
#include "registry/registry.h"
#include "registry_test_util.h"

namespace accord::registry {
namespace {

using core::ErrorCode;
using core::JsonValue;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::At;
using testing::Await;
using testing::Canon;
using testing::Describe;
using testing::HasField;
using testing::Harness;
using testing::IntAt;
using testing::Parse;
using testing::Str;
using testing::StringAt;
using testing::Submission;

void ExpectError(const Reply& reply, ErrorCode code, std::string_view words = "") {
  ASSERT_TRUE(reply.error) << "expected an error, got " << Describe(reply);
  EXPECT_EQ(reply.error->code, code) << Describe(reply);
  if (!words.empty()) {
    EXPECT_THAT(reply.error->message, HasSubstr(std::string(words)));
  }
}

// A 422: kInvalidArgument with a field error at `pointer` whose message
// holds `words`.
void ExpectFieldError(const Reply& reply, std::string_view pointer, std::string_view words = "") {
  ASSERT_TRUE(reply.error) << "expected a field error at " << pointer << ", got " << Describe(reply);
  EXPECT_EQ(reply.error->code, ErrorCode::kInvalidArgument) << Describe(reply);
  bool found = false;
  for (const auto& field : reply.fields)
    if (field.pointer == pointer && field.message.find(words) != std::string::npos) found = true;
  EXPECT_TRUE(found) << "no field error at " << pointer << " saying \"" << words << "\" in "
                     << Describe(reply);
}

std::set<std::string> FieldPointers(const Reply& reply) {
  std::set<std::string> pointers;
  for (const auto& field : reply.fields) pointers.insert(field.pointer);
  return pointers;
}

// ------------------------------------------------------------------ bootstrap

TEST(BootstrapTest, RegistersTheSecretariatOnceAndReturnsItsTokenOnce) {
  Harness harness;
  EXPECT_EQ(harness.secretariat().reader.role, privacy::Role::kSecretariat);
  EXPECT_EQ(harness.secretariat().party_kind, "secretariat");
  // Two events: party.registered and token.issued.
  EXPECT_EQ(harness.log().size(), 2u);
  auto again = harness.registry().Bootstrap("Another secretariat");
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_FALSE(*again) << "a second bootstrap must not issue a token";
  EXPECT_EQ(harness.log().size(), 2u);
  auto parties = harness.store().ListParties();
  ASSERT_TRUE(parties);
  ASSERT_EQ(parties->size(), 1u);
  EXPECT_EQ((*parties)[0].name, "Secretariat of the accord");
}

TEST(BootstrapTest, ConcurrentBootstrapsRegisterOneSecretariat) {
  Harness harness(Harness::Start::kEmpty);
  constexpr int kThreads = 6;
  std::atomic<int> tokens = 0;
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&] {
      auto token = harness.registry().Bootstrap("Secretariat");
      if (!token) ++failures;
      else if (*token) ++tokens;
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(tokens, 1) << "bootstrap must register exactly one secretariat";
  auto parties = harness.store().ListParties();
  ASSERT_TRUE(parties);
  EXPECT_EQ(parties->size(), 1u);
}

// -------------------------------------------------------------- authenticate

TEST(AuthenticateTest, NoBearerIsThePublic) {
  Harness harness;
  auto caller = harness.registry().Authenticate(std::nullopt);
  ASSERT_TRUE(caller);
  EXPECT_TRUE(caller->anonymous());
  EXPECT_EQ(caller->reader.party_id, "");
  EXPECT_EQ(caller->token_id, "");
}

TEST(AuthenticateTest, AValidTokenStandsForItsPartysRole) {
  Harness harness;
  const std::string state_id = harness.NewParty("state", "Ukraine", "UA");
  const std::string operator_id = harness.NewParty("operator", "Grid operator", "UA", {state_id});
  Reply issued = harness.IssueToken(operator_id);
  ASSERT_FALSE(issued.error) << Describe(issued);
  const std::string bearer = StringAt(issued.body, "/token");
  auto caller = harness.registry().Authenticate(bearer);
  ASSERT_TRUE(caller) << caller.error().ToString();
  EXPECT_EQ(caller->reader.role, privacy::Role::kOperator);
  EXPECT_EQ(caller->reader.party_id, operator_id);
  EXPECT_EQ(caller->reader.client_of, std::vector<std::string>{state_id});
  EXPECT_EQ(caller->party_kind, "operator");
  EXPECT_EQ(caller->party_state, "UA");
  EXPECT_EQ(caller->token_id, StringAt(issued.body, "/id"));
  // The token id is the 16 hex digits the bearer token shows.
  EXPECT_EQ(caller->token_id, "tok_" + bearer.substr(4, 16));

  Caller state = harness.Authenticate(harness.Token(state_id));
  EXPECT_EQ(state.reader.role, privacy::Role::kState);
  EXPECT_EQ(state.party_state, "UA");
  for (std::string_view kind : {"watchdog", "arbitrator"}) {
    Caller other = harness.NewCaller(kind, std::string(kind) + " party");
    EXPECT_EQ(privacy::RoleName(other.reader.role), kind);
  }
}

TEST(AuthenticateTest, RefusesMalformedTokens) {
  Harness harness;
  const std::string good = harness.secretariat_token();
  ASSERT_EQ(good.size(), 64u);
  std::string upper_hex = good;
  upper_hex[4] = 'A';
  std::string bad_separator = good;
  bad_separator[20] = '-';
  std::string padded = good;
  padded.back() = '=';
  std::string plus = good;
  plus[30] = '+';
  const std::vector<std::string> malformed = {
      "", "acc_", "Bearer " + good, good.substr(0, 63), good + "A", "ACC_" + good.substr(4),
      "tok_" + good.substr(4), upper_hex, bad_separator, padded, plus};
  for (const auto& token : malformed) {
    SCOPED_TRACE(token);
    auto caller = harness.registry().Authenticate(token);
    ASSERT_FALSE(caller) << "accepted";
    EXPECT_EQ(caller.error().code, ErrorCode::kUnauthenticated);
    EXPECT_THAT(caller.error().message, HasSubstr("malformed"));
  }
}

TEST(AuthenticateTest, RefusesAWellFormedUnknownToken) {
  Harness harness;
  auto caller = harness.registry().Authenticate("acc_0123456789abcdef_" + std::string(43, 'A'));
  ASSERT_FALSE(caller);
  EXPECT_EQ(caller.error().code, ErrorCode::kUnauthenticated);
  EXPECT_THAT(caller.error().message, HasSubstr("unknown token"));
  // One changed character of a real token is an unknown token too.
  std::string altered = harness.secretariat_token();
  altered.back() = altered.back() == 'A' ? 'B' : 'A';
  auto other = harness.registry().Authenticate(altered);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kUnauthenticated);
}

TEST(AuthenticateTest, RefusesARevokedToken) {
  Harness harness;
  const std::string party = harness.NewParty("watchdog", "Watch");
  Reply issued = harness.IssueToken(party);
  ASSERT_FALSE(issued.error);
  const std::string bearer = StringAt(issued.body, "/token");
  ASSERT_TRUE(harness.registry().Authenticate(bearer));
  Reply revoked = Await([&](ReplyFn done) {
    harness.registry().RevokeToken(harness.secretariat(), StringAt(issued.body, "/id"), done);
  });
  ASSERT_FALSE(revoked.error) << Describe(revoked);
  auto caller = harness.registry().Authenticate(bearer);
  ASSERT_FALSE(caller);
  EXPECT_EQ(caller.error().code, ErrorCode::kUnauthenticated);
  EXPECT_THAT(caller.error().message, HasSubstr("was revoked"));
  // The party's other tokens still work.
  EXPECT_TRUE(harness.registry().Authenticate(harness.Token(party)));
}

TEST(AuthenticateTest, RefusesATokenFromItsExpiryOn) {
  Harness harness;
  const std::string party = harness.NewParty("watchdog", "Watch");
  Reply issued = harness.IssueToken(party, "2026-03-01T13:00:00Z");
  ASSERT_FALSE(issued.error) << Describe(issued);
  EXPECT_EQ(StringAt(issued.body, "/expires_at"), "2026-03-01T13:00:00Z");
  const std::string bearer = StringAt(issued.body, "/token");
  harness.clock().Set(testing::Time("2026-03-01T12:59:59.999999Z"));
  EXPECT_TRUE(harness.registry().Authenticate(bearer));
  harness.clock().Set(testing::Time("2026-03-01T13:00:00Z"));
  auto caller = harness.registry().Authenticate(bearer);
  ASSERT_FALSE(caller);
  EXPECT_EQ(caller.error().code, ErrorCode::kUnauthenticated);
  EXPECT_THAT(caller.error().message, HasSubstr("expired at 2026-03-01T13:00:00Z"));
}

TEST(AuthenticateTest, RefusesEveryTokenOfARevokedParty) {
  Harness harness;
  const std::string party = harness.NewParty("state", "Poland", "PL");
  const std::string bearer = harness.Token(party);
  ASSERT_TRUE(harness.registry().Authenticate(bearer));
  JsonValue body = Parse(R"({"reason":"left the agreement"})");
  Reply revoked = Await(
      [&](ReplyFn done) { harness.registry().RevokeParty(harness.secretariat(), party, body, done); });
  ASSERT_FALSE(revoked.error) << Describe(revoked);
  EXPECT_EQ(StringAt(revoked.body, "/status"), "revoked");
  auto caller = harness.registry().Authenticate(bearer);
  ASSERT_FALSE(caller);
  EXPECT_EQ(caller.error().code, ErrorCode::kUnauthenticated);
  EXPECT_THAT(caller.error().message, HasSubstr("party " + party + " was revoked"));
}

// ------------------------------------------------------------------- parties

TEST(RegisterPartyTest, AnswersCreatedWithTheIdAndItsLogEntry) {
  Harness harness;
  Reply reply = harness.RegisterParty(Parse(R"({
    "kind": "state", "name": "Ukraine", "state": "UA",
    "contacts": {
      "public": [{"role": "point-of-contact", "name": "CERT-UA", "email": "cert@cert.gov.ua",
                  "hours": "24/7"}],
      "restricted": [{"role": "duty-officer", "name": "Night desk", "email": "night@example.org",
                      "phone": "+380 44 000 0000"}]}})"));
  ASSERT_FALSE(reply.error) << Describe(reply);
  EXPECT_TRUE(reply.created);
  const std::string id = StringAt(reply.body, "/id");
  auto parsed = core::StixId::Parse(id);
  ASSERT_TRUE(parsed) << id;
  EXPECT_EQ(parsed->type, "party");
  EXPECT_EQ(reply.location, "/v1/parties/" + id);
  const std::int64_t index = IntAt(reply.body, "/log_index");
  EXPECT_EQ(index, 2);  // after the bootstrap's two events
  EXPECT_EQ(IntAt(reply.body, "/tree_size"), 3);
  EXPECT_EQ(StringAt(reply.body, "/root_hash"),
            core::Base64Encode(std::span<const std::uint8_t>(harness.log().checkpoint().root_hash)));

  auto entry = harness.log().ReadEntry(static_cast<std::uint64_t>(index));
  ASSERT_TRUE(entry);
  auto event = DecodePublicEvent(*entry);
  ASSERT_TRUE(event) << event.error().ToString();
  EXPECT_EQ(event->type, "party.registered");
  EXPECT_EQ(event->subject, id);
  EXPECT_EQ(StringAt(event->public_body, "/contacts/public/0/email"), "cert@cert.gov.ua");
  // The directory entry in the log holds no restricted contact.
  EXPECT_EQ(entry->find("night@example.org"), std::string::npos);
  EXPECT_EQ(entry->find("restricted"), std::string::npos);
  EXPECT_EQ(At(event->public_body, "/client_of"), nullptr);
}

TEST(RegisterPartyTest, OnlyTheSecretariatRegisters) {
  Harness harness;
  Caller watchdog = harness.NewCaller("watchdog", "Watch");
  JsonValue body = Parse(R"({"kind":"watchdog","name":"Another"})");
  Reply denied = Await([&](ReplyFn done) { harness.registry().RegisterParty(watchdog, body, done); });
  ExpectError(denied, ErrorCode::kPermissionDenied, "a watchdog token may not register parties");
  Reply anonymous = Await([&](ReplyFn done) { harness.registry().RegisterParty(Caller{}, body, done); });
  ExpectError(anonymous, ErrorCode::kUnauthenticated);
}

TEST(RegisterPartyTest, NamesEachInvalidFieldByItsPointer) {
  Harness harness;
  const std::string long_name(201, 'n');
  const struct {
    std::string body;
    std::string pointer;
    std::string words;
  } cases[] = {
      {R"({"name":"x"})", "/kind", "is required"},
      {R"({"kind":"king","name":"x"})", "/kind", "must be one of"},
      {R"({"kind":7,"name":"x"})", "/kind", "must be a string"},
      {R"({"kind":"watchdog"})", "/name", "is required"},
      {R"({"kind":"watchdog","name":""})", "/name", "must not be empty"},
      {R"({"kind":"watchdog","name":")" + long_name + R"("})", "/name", "at most 200 bytes"},
      {R"({"kind":"state","name":"x"})", "/state", "is required"},
      {R"({"kind":"state","name":"x","state":"ZZ"})", "/state", "ZZ"},
      {R"({"kind":"state","name":"x","state":"UKR"})", "/state", "at most 2 bytes"},
      {R"({"kind":"state","name":"x","state":["UA"]})", "/state", "must be a string"},
      {R"({"kind":"watchdog","name":"x","client_of":"party--1"})", "/client_of", "must be an array"},
      {R"({"kind":"watchdog","name":"x","client_of":["state--0b5d4c2e-1f3a-4b6c-8d7e-9f0a1b2c3d4e"]})",
       "/client_of/0", "must be a party id"},
      {R"({"kind":"watchdog","name":"x","contacts":[]})", "/contacts", "must be an object"},
      {R"({"kind":"watchdog","name":"x","contacts":{"private":[]}})", "/contacts/private",
       "unknown member"},
      {R"({"kind":"watchdog","name":"x","contacts":{"public":{}}})", "/contacts/public",
       "must be an array"},
      {R"({"kind":"watchdog","name":"x","contacts":{"public":["a"]}})", "/contacts/public/0",
       "must be an object"},
      {R"({"kind":"watchdog","name":"x","contacts":{"public":[{"role":"r","name":"n"}]}})",
       "/contacts/public/0/email", "is required"},
      {R"({"kind":"watchdog","name":"x","contacts":{"restricted":[{"role":"r","name":"n","email":"no-at"}]}})",
       "/contacts/restricted/0/email", "e-mail address"},
      {R"({"kind":"watchdog","name":"x","contacts":{"public":[{"role":"r","name":"n","email":"a@b","fax":"1"}]}})",
       "/contacts/public/0/fax", "unknown member"},
      {R"({"kind":"watchdog","name":"x","contacts":{"public":[{"role":"","name":"n","email":"a@b"}]}})",
       "/contacts/public/0/role", "must not be empty"},
      {R"({"kind":"watchdog","name":"x","website":"https://example.org"})", "/website",
       "unknown member"},
  };
  const std::uint64_t log_size = harness.log().size();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    ExpectFieldError(harness.RegisterParty(Parse(c.body)), c.pointer, c.words);
  }
  ExpectFieldError(harness.RegisterParty(Parse("[]")), "", "must be a JSON object");
  EXPECT_EQ(harness.log().size(), log_size) << "a refused registration writes nothing";
}

TEST(RegisterPartyTest, ReportsEveryFieldErrorAtOnce) {
  Harness harness;
  Reply reply = harness.RegisterParty(Parse(R"({"kind":"state","name":"","extra":1})"));
  EXPECT_EQ(FieldPointers(reply), (std::set<std::string>{"/extra", "/name", "/state"}))
      << Describe(reply);
}

TEST(RegisterPartyTest, OneActivePartyPerState) {
  Harness harness;
  const std::string first = harness.NewParty("state", "Ukraine", "UA");
  Reply second = harness.RegisterParty(Parse(R"({"kind":"state","name":"Ukraine again","state":"UA"})"));
  ExpectError(second, ErrorCode::kConflict, "state UA is already registered as party " + first);
  // An operator of the same state is no competitor.
  EXPECT_NE(harness.NewParty("operator", "Ukrainian operator", "UA"), "");
  // Once revoked, the state may be registered anew.
  JsonValue reason = Parse(R"({"reason":"replaced"})");
  Reply revoked = Await(
      [&](ReplyFn done) { harness.registry().RevokeParty(harness.secretariat(), first, reason, done); });
  ASSERT_FALSE(revoked.error) << Describe(revoked);
  EXPECT_NE(harness.NewParty("state", "Ukraine (new)", "UA"), "");
}

TEST(RegisterPartyTest, ClientOfMustNameRegisteredParties) {
  Harness harness;
  const std::string unknown = "party--0b5d4c2e-1f3a-4b6c-8d7e-9f0a1b2c3d4e";
  Reply reply = harness.RegisterParty(
      Parse(R"({"kind":"operator","name":"Op","client_of":[")" + unknown + R"("]})"));
  ExpectError(reply, ErrorCode::kNotFound, "client_of/0: party " + unknown + " is not registered");
  const std::string state = harness.NewParty("state", "Ukraine", "UA");
  EXPECT_NE(harness.NewParty("operator", "Op", "UA", {state}), "");
}

TEST(PartiesTest, RestrictedContactsAndClientRelationsOnlyToTheSecretariatAndThePartyItself) {
  Harness harness;
  const std::string state = harness.NewParty("state", "Ukraine", "UA");
  Reply registered = harness.RegisterParty(Parse(R"({"kind":"operator","name":"Op","client_of":[")" +
                                                 state + R"("],"contacts":{"public":[{"role":"poc",)"
                                                 R"("name":"Desk","email":"desk@op.example"}],)"
                                                 R"("restricted":[{"role":"ciso","name":"CISO",)"
                                                 R"("email":"ciso@op.example"}]}})"));
  ASSERT_FALSE(registered.error) << Describe(registered);
  const std::string op = StringAt(registered.body, "/id");
  Caller self = harness.Authenticate(harness.Token(op));
  Caller other = harness.NewCaller("watchdog", "Watch");

  for (const Caller* reader : std::vector<const Caller*>{&harness.secretariat(), &self}) {
    Reply view = harness.registry().GetParty(*reader, op);
    ASSERT_FALSE(view.error) << Describe(view);
    EXPECT_EQ(StringAt(view.body, "/contacts/restricted/0/email"), "ciso@op.example");
    EXPECT_EQ(StringAt(view.body, "/client_of/0"), state);
    EXPECT_EQ(At(view.body, "/registered_seq"), nullptr);
  }
  for (const Caller* reader : std::vector<const Caller*>{&other, nullptr}) {
    Caller anonymous;
    Reply view = harness.registry().GetParty(reader ? *reader : anonymous, op);
    ASSERT_FALSE(view.error) << Describe(view);
    EXPECT_EQ(StringAt(view.body, "/contacts/public/0/email"), "desk@op.example");
    EXPECT_EQ(StringAt(view.body, "/status"), "active");
    EXPECT_EQ(StringAt(view.body, "/kind"), "operator");
    EXPECT_EQ(StringAt(view.body, "/registered_at"), "2026-03-01T12:00:00Z");
    EXPECT_EQ(At(view.body, "/contacts/restricted"), nullptr);
    EXPECT_EQ(At(view.body, "/client_of"), nullptr);
    EXPECT_EQ(Canon(view.body).find("ciso@op.example"), std::string::npos);
  }
  Reply list = harness.registry().ListParties(Caller{});
  ASSERT_FALSE(list.error);
  // The secretariat, the state, the operator and the watchdog.
  EXPECT_EQ(At(list.body, "/items")->AsArray().size(), 4u);
  EXPECT_EQ(Canon(list.body).find("ciso@op.example"), std::string::npos);
  Reply unknown = harness.registry().GetParty(Caller{}, "party--0b5d4c2e-1f3a-4b6c-8d7e-9f0a1b2c3d4e");
  ExpectError(unknown, ErrorCode::kNotFound);
}

TEST(RevokePartyTest, OnlyTheSecretariatOnceAndNeverItself) {
  Harness harness;
  const std::string party = harness.NewParty("watchdog", "Watch");
  Caller watchdog = harness.Authenticate(harness.Token(party));
  JsonValue reason = Parse(R"({"reason":"asked to leave"})");
  auto revoke = [&](const Caller& caller, const std::string& id, const JsonValue& body) {
    return Await([&](ReplyFn done) { harness.registry().RevokeParty(caller, id, body, done); });
  };
  ExpectError(revoke(watchdog, party, reason), ErrorCode::kPermissionDenied);
  ExpectError(revoke(harness.secretariat(), harness.secretariat().reader.party_id, reason),
              ErrorCode::kConflict, "its own party");
  ExpectFieldError(revoke(harness.secretariat(), party, Parse("{}")), "/reason", "is required");
  ExpectFieldError(revoke(harness.secretariat(), party, Parse(R"({"reason":"x","why":"y"})")), "/why",
                   "unknown member");
  ExpectError(revoke(harness.secretariat(), "party--0b5d4c2e-1f3a-4b6c-8d7e-9f0a1b2c3d4e", reason),
              ErrorCode::kNotFound);
  Reply revoked = revoke(harness.secretariat(), party, reason);
  ASSERT_FALSE(revoked.error) << Describe(revoked);
  EXPECT_EQ(StringAt(revoked.body, "/id"), party);
  EXPECT_EQ(IntAt(revoked.body, "/log_index") + 1, static_cast<std::int64_t>(harness.log().size()));
  ExpectError(revoke(harness.secretariat(), party, reason), ErrorCode::kConflict, "already revoked");
  // A revoked party gets no new token.
  ExpectError(harness.IssueToken(party), ErrorCode::kConflict, "was revoked");
  Reply view = harness.registry().GetParty(Caller{}, party);
  EXPECT_EQ(StringAt(view.body, "/status"), "revoked");
}

// -------------------------------------------------------------------- tokens

TEST(IssueTokenTest, AnswersTheTokenOnceWithItsRoleAndKeepsOnlyItsHash) {
  Harness harness;
  const std::string party = harness.NewParty("state", "Ukraine", "UA");
  Reply reply = harness.IssueToken(party);
  ASSERT_FALSE(reply.error) << Describe(reply);
  EXPECT_TRUE(reply.created);
  const std::string id = StringAt(reply.body, "/id");
  const std::string token = StringAt(reply.body, "/token");
  EXPECT_EQ(reply.location, "/v1/tokens/" + id);
  EXPECT_EQ(StringAt(reply.body, "/party_id"), party);
  // API: {"id","token","party_id","role","expires_at"?,"log_index"}.
  ASSERT_NE(At(reply.body, "/role"), nullptr) << Canon(reply.body);
  EXPECT_EQ(StringAt(reply.body, "/role"), "state");
  EXPECT_EQ(At(reply.body, "/expires_at"), nullptr);
  // acc_<16 hex>_<43 base64url>.
  ASSERT_EQ(token.size(), 64u);
  EXPECT_THAT(token, StartsWith("acc_"));
  EXPECT_EQ(token[20], '_');
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef", 4), 20u);
  EXPECT_EQ(token.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 21),
            std::string::npos);
  EXPECT_EQ(id, "tok_" + token.substr(4, 16));

  auto row = harness.store().GetToken(id);
  ASSERT_TRUE(row) << row.error().ToString();
  EXPECT_EQ(row->hash_hex, core::HexEncode(core::Sha256(token)));
  auto entry = harness.log().ReadEntry(static_cast<std::uint64_t>(IntAt(reply.body, "/log_index")));
  ASSERT_TRUE(entry);
  auto event = DecodePublicEvent(*entry);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->type, "token.issued");
  // The public body is {"token_id","party_id"}: neither the token nor its hash.
  EXPECT_EQ(Canon(event->public_body),
            R"({"party_id":")" + party + R"(","token_id":")" + id + R"("})");
  auto stored = harness.store().GetEvent(event->seq);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->full_json.find(token), std::string::npos) << "the bearer token is never stored";
}

TEST(IssueTokenTest, OnlyTheSecretariatIssues) {
  Harness harness;
  const std::string party = harness.NewParty("state", "Ukraine", "UA");
  Caller state = harness.Authenticate(harness.Token(party));
  JsonValue body = Parse(R"({"party_id":")" + party + R"("})");
  ExpectError(Await([&](ReplyFn done) { harness.registry().IssueToken(state, body, done); }),
              ErrorCode::kPermissionDenied, "a state token may not issue tokens");
  ExpectError(Await([&](ReplyFn done) { harness.registry().IssueToken(Caller{}, body, done); }),
              ErrorCode::kUnauthenticated);
}

TEST(IssueTokenTest, ChecksItsBody) {
  Harness harness;
  const std::string party = harness.NewParty("watchdog", "Watch");
  auto issue = [&](const std::string& text) {
    JsonValue body = Parse(text);
    return Await([&](ReplyFn done) { harness.registry().IssueToken(harness.secretariat(), body, done); });
  };
  ExpectFieldError(issue("{}"), "/party_id", "is required");
  ExpectFieldError(issue(R"({"party_id":5})"), "/party_id", "must be a string");
  ExpectFieldError(issue(R"({"party_id":""})"), "/party_id", "must be a party id");
  ExpectFieldError(issue(R"({"party_id":")" + party + R"(","expires_at":"tomorrow"})"), "/expires_at");
  ExpectFieldError(issue(R"({"party_id":")" + party + R"(","expires_at":"2026-03-01T12:00:00Z"})"),
                   "/expires_at", "must be in the future");
  ExpectFieldError(issue(R"({"party_id":")" + party + R"(","scope":"all"})"), "/scope", "unknown member");
  ExpectError(issue(R"({"party_id":"party--0b5d4c2e-1f3a-4b6c-8d7e-9f0a1b2c3d4e"})"), ErrorCode::kNotFound);
  ExpectFieldError(issue("[]"), "", "must be a JSON object");
}

TEST(RevokeTokenTest, OnlyTheSecretariatAndOnlyOnce) {
  Harness harness;
  const std::string party = harness.NewParty("watchdog", "Watch");
  Reply issued = harness.IssueToken(party);
  ASSERT_FALSE(issued.error);
  const std::string id = StringAt(issued.body, "/id");
  Caller watchdog = harness.Authenticate(StringAt(issued.body, "/token"));
  auto revoke = [&](const Caller& caller, const std::string& token_id) {
    return Await([&](ReplyFn done) { harness.registry().RevokeToken(caller, token_id, done); });
  };
  ExpectError(revoke(watchdog, id), ErrorCode::kPermissionDenied);
  ExpectError(revoke(harness.secretariat(), "tok_0000000000000000"), ErrorCode::kNotFound);
  Reply revoked = revoke(harness.secretariat(), id);
  ASSERT_FALSE(revoked.error) << Describe(revoked);
  EXPECT_EQ(StringAt(revoked.body, "/id"), id);
  EXPECT_TRUE(At(revoked.body, "/revoked")->AsBool());
  const std::int64_t index = IntAt(revoked.body, "/log_index");
  auto entry = harness.log().ReadEntry(static_cast<std::uint64_t>(index));
  ASSERT_TRUE(entry);
  auto event = DecodePublicEvent(*entry);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->type, "token.revoked");
  EXPECT_EQ(event->subject, id);
  ExpectError(revoke(harness.secretariat(), id), ErrorCode::kConflict, "already revoked");
}

// ------------------------------------------------------------------- reports

// A report whose every field is committed (GREEN is above CLEAR), with
// some fields marked higher.
JsonValue MarkedReport(std::string_view state) {
  JsonValue report = testing::StateReport(state, "GREEN");
  return testing::Set(report, "/field_tlp",
                      Parse(R"({"/narrative":"AMBER","/affected_entities/0/name":"AMBER+STRICT"})"));
}

TEST(SubmitReportTest, TheReceiptHasEveryMemberAndPointsAtTheLogEntry) {
  Harness harness;
  Caller ukraine = harness.NewCaller("state", "Ukraine", "UA");
  const JsonValue report = MarkedReport("UA");
  const std::string id = StringAt(report, "/id");
  Reply reply = harness.Submit(ukraine, Submission(report));
  ASSERT_FALSE(reply.error) << Describe(reply);
  const JsonValue& receipt = reply.body;
  EXPECT_TRUE(reply.created);
  EXPECT_EQ(reply.location, "/v1/reports/" + id);
  EXPECT_EQ(StringAt(receipt, "/id"), id);
  EXPECT_EQ(IntAt(receipt, "/version"), 1);
  EXPECT_EQ(StringAt(receipt, "/event"), "report.submitted");
  const std::int64_t index = IntAt(receipt, "/log_index");
  EXPECT_EQ(index + 1, static_cast<std::int64_t>(harness.log().size()));
  EXPECT_EQ(IntAt(receipt, "/tree_size"), static_cast<std::int64_t>(harness.log().size()));
  auto root = harness.log().RootAt(static_cast<std::uint64_t>(IntAt(receipt, "/tree_size")));
  ASSERT_TRUE(root);
  EXPECT_EQ(StringAt(receipt, "/root_hash"), core::Base64Encode(std::span<const std::uint8_t>(*root)));

  // Severity: methodology 1.0's levels (data/assess/methodology-1.0.toml).
  const std::set<std::string> levels = {"baseline", "low", "medium", "high", "severe", "emergency"};
  EXPECT_TRUE(levels.count(StringAt(receipt, "/severity/level"))) << Canon(receipt);
  EXPECT_FALSE(StringAt(receipt, "/severity/methodology_version").empty());
  EXPECT_FALSE(StringAt(receipt, "/severity/confidence").empty());
  const std::int64_t score = IntAt(receipt, "/severity/score");
  EXPECT_GE(score, 0);
  EXPECT_LE(score, 1000);
  EXPECT_LE(IntAt(receipt, "/severity/range/low"), score);
  EXPECT_GE(IntAt(receipt, "/severity/range/high"), score);
  // Verdicts: one per norm evaluated, each a norm of the catalogue.
  const std::set<std::string> verdict_names = {"potential-violation", "no-violation",
                                               "insufficient-information"};
  const JsonValue* verdicts = At(receipt, "/verdicts");
  ASSERT_TRUE(verdicts && verdicts->type() == core::JsonType::kArray);
  EXPECT_FALSE(verdicts->AsArray().empty());
  for (const auto& verdict : verdicts->AsArray()) {
    EXPECT_TRUE(verdict_names.count(StringAt(verdict, "/verdict"))) << Canon(verdict);
    EXPECT_FALSE(harness.registry().Norm(StringAt(verdict, "/norm")).error) << Canon(verdict);
  }
  for (std::string_view layer : {"/verdict_summary/binding", "/verdict_summary/voluntary",
                                 "/verdict_summary/cbm"}) {
    const JsonValue* summary = At(receipt, layer);
    ASSERT_NE(summary, nullptr) << layer;
    if (summary->type() != core::JsonType::kNull) {
      EXPECT_TRUE(verdict_names.count(summary->AsString()));
    }
  }

  // The log entry: the report's public form, the same the store and a
  // reader get.
  auto entry = harness.log().ReadEntry(static_cast<std::uint64_t>(index));
  ASSERT_TRUE(entry);
  auto event = DecodePublicEvent(*entry);
  ASSERT_TRUE(event) << event.error().ToString();
  EXPECT_EQ(event->seq, static_cast<std::uint64_t>(index));
  EXPECT_EQ(event->type, "report.submitted");
  EXPECT_EQ(event->subject, id);
  EXPECT_EQ(IntAt(event->public_body, "/version"), 1);
  auto row = harness.store().GetReport(id);
  ASSERT_TRUE(row) << row.error().ToString();
  EXPECT_EQ(Canon(*At(event->public_body, "/public_form")), row->public_json);
  EXPECT_EQ(row->submitted_seq, static_cast<std::uint64_t>(index));
  EXPECT_EQ(row->severity_level, StringAt(receipt, "/severity/level"));
}

TEST(SubmitReportTest, TheSaltsOpenTheCommitmentsOfThePublicForm) {
  Harness harness;
  Caller ukraine = harness.NewCaller("state", "Ukraine", "UA");
  Reply reply = harness.Submit(ukraine, Submission(MarkedReport("UA")));
  ASSERT_FALSE(reply.error) << Describe(reply);
  const std::string id = StringAt(reply.body, "/id");
  const JsonValue* salts = At(reply.body, "/salts");
  ASSERT_TRUE(salts && salts->type() == core::JsonType::kObject);
  // GREEN is above CLEAR: every member but the frame is committed, each
  // as a whole (the marked entity name inside /affected_entities too).
  for (std::string_view pointer : {"/title", "/narrative", "/affected_entities", "/effects"})
    EXPECT_NE(salts->Find(pointer), nullptr) << pointer << " in " << Canon(*salts);
  EXPECT_EQ(salts->Find("/affected_entities/0/name"), nullptr) << Canon(*salts);

  Reply own = harness.Get(ukraine, id);
  ASSERT_FALSE(own.error) << Describe(own);
  const JsonValue& report = *At(own.body, "/report");
  const JsonValue& public_form = *At(own.body, "/public_form");
  auto entry = harness.log().ReadEntry(static_cast<std::uint64_t>(IntAt(reply.body, "/log_index")));
  ASSERT_TRUE(entry);
  for (const auto& member : salts->AsObject()) {
    SCOPED_TRACE(member.name);
    auto salt = privacy::ParseSaltBase64(member.value.AsString());
    ASSERT_TRUE(salt) << salt.error().ToString();
    const JsonValue* value = At(report, member.name);
    ASSERT_NE(value, nullptr) << "the salt's pointer names no field of the report";
    EXPECT_TRUE(privacy::VerifyDisclosure(public_form, member.name, Canon(*value), *salt));
    privacy::CommitmentSalt wrong = *salt;
    wrong[31] ^= 1;
    EXPECT_FALSE(privacy::VerifyDisclosure(public_form, member.name, Canon(*value), wrong));
    // Salts are the submitter's alone: not in the log.
    EXPECT_EQ(entry->find(member.value.AsString()), std::string::npos);
    EXPECT_EQ(entry->find(privacy::SaltHex(*salt)), std::string::npos);
  }
}

TEST(SubmitReportTest, APartiesOnlyRecordIsOneCommitmentThatTheRecordSaltOpens) {
  Harness harness;
  Caller ukraine = harness.NewCaller("state", "Ukraine", "UA");
  JsonValue report = testing::Set(testing::StateReport("UA", "AMBER"), "/publication",
                                  Parse(R"({"record":"parties-only","envelope":"public"})"));
  Reply reply = harness.Submit(ukraine, Submission(report));
  ASSERT_FALSE(reply.error) << Describe(reply);
  const JsonValue* salts = At(reply.body, "/salts");
  ASSERT_NE(salts, nullptr);
  ASSERT_EQ(salts->AsObject().size(), 1u) << Canon(*salts);
  ASSERT_NE(salts->Find("/record"), nullptr);
  Reply own = harness.Get(ukraine, StringAt(reply.body, "/id"));
  ASSERT_FALSE(own.error);
  auto salt = privacy::ParseSaltBase64(salts->Find("/record")->AsString());
  ASSERT_TRUE(salt);
  EXPECT_TRUE(privacy::VerifyDisclosure(*At(own.body, "/public_form"), "/record",
                                        Canon(*At(own.body, "/report")), *salt));
  EXPECT_EQ(At(own.body, "/public_form/title"), nullptr);
}

TEST(SubmitReportTest, AStateReportsOnlyAsItself) {
  Harness harness;
  Caller ukraine = harness.NewCaller("state", "Ukraine", "UA");
  const std::uint64_t log_size = harness.log().size();
  Reply reply = harness.Submit(ukraine, Submission(testing::StateReport("PL")));
  ExpectFieldError(reply, "/report/reporter/state", "is \"PL\" but the token is state UA's");
  EXPECT_EQ(harness.log().size(), log_size);
}

TEST(SubmitReportTest, APartyReportsAsItsOwnKind) {
  Harness harness;
  Caller grid = harness.NewCaller("operator", "Grid operator", "UA");
  ExpectFieldError(harness.Submit(grid, Submission(testing::StateReport("UA"))),
                   "/report/reporter/kind", "is \"state\" but the token's party is of kind operator");
  JsonValue as_operator = testing::Set(testing::StateReport("UA"), "/reporter",
                                       Parse(R"({"kind":"operator","name":"Grid operator"})"));
  Reply ok = harness.Submit(grid, Submission(as_operator));
  EXPECT_FALSE(ok.error) << Describe(ok);
  Caller watchdog = harness.NewCaller("watchdog", "Watch");
  EXPECT_FALSE(harness.Submit(watchdog, Submission(testing::DemoReport())).error);
}

TEST(SubmitReportTest, TheSecretariatSubmitsForAnyReporter) {
  Harness harness;
  Reply reply = harness.Submit(harness.secretariat(), Submission(testing::StateReport("PL")));
  ASSERT_FALSE(reply.error) << Describe(reply);
  auto row = harness.store().GetReport(StringAt(reply.body, "/id"));
  ASSERT_TRUE(row);
  EXPECT_EQ(row->submitter_party_id, harness.secretariat().reader.party_id);
  EXPECT_EQ(row->reporter_kind, "state");
}

TEST(SubmitReportTest, ArbitratorsAndThePublicDoNotSubmit) {
  Harness harness;
  Caller arbitrator = harness.NewCaller("arbitrator", "Panel");
  ExpectError(harness.Submit(arbitrator, Submission(testing::DemoReport())),
              ErrorCode::kPermissionDenied, "arbitrator token may not submit incident reports");
  ExpectError(harness.Submit(Caller{}, Submission(testing::DemoReport())), ErrorCode::kUnauthenticated);
}

TEST(SubmitReportTest, ASecondReportWithTheSameIdIsAConflict) {
  Harness harness;
  Caller watchdog = harness.NewCaller("watchdog", "Watch");
  const JsonValue report = testing::DemoReport();
  ASSERT_FALSE(harness.Submit(watchdog, Submission(report)).error);
  const std::uint64_t log_size = harness.log().size();
  ExpectError(harness.Submit(watchdog, Submission(report)), ErrorCode::kConflict, "exists already");
  // Whoever submits it.
  ExpectError(harness.Submit(harness.secretariat(), Submission(report)), ErrorCode::kConflict);
  EXPECT_EQ(harness.log().size(), log_size);
}

TEST(SubmitReportTest, AnInvalidReportGivesFieldErrorsUnderReport) {
  Harness harness;
  Caller watchdog = harness.NewCaller("watchdog", "Watch");
  JsonValue report = testing::Remove(testing::DemoReport(), "/title");
  report = testing::Set(report, "/times/end", Str("2000-01-01T00:00:00Z"));
  report = testing::Set(report, "/tlp", Str("PURPLE"));
  Reply reply = harness.Submit(watchdog, Submission(report));
  ASSERT_TRUE(reply.error) << Describe(reply);
  EXPECT_EQ(reply.error->code, ErrorCode::kInvalidArgument);
  const std::set<std::string> pointers = FieldPointers(reply);
  EXPECT_TRUE(pointers.count("/report/title")) << Describe(reply);
  EXPECT_TRUE(pointers.count("/report/times/end")) << Describe(reply);
  EXPECT_TRUE(pointers.count("/report/tlp")) << Describe(reply);
  for (const auto& pointer : pointers) EXPECT_THAT(pointer, StartsWith("/report/"));
  // A report that is not an object at all.
  ExpectFieldError(harness.Submit(watchdog, Parse(R"({"report":"text"})")), "/report");
}

TEST(SubmitReportTest, TheSubmissionItselfIsChecked) {
  Harness harness;
  Caller watchdog = harness.NewCaller("watchdog", "Watch");
  const JsonValue report = testing::DemoReport();
  ExpectFieldError(harness.Submit(watchdog, JsonValue::Object({{"report", report}, {"urgent", Str("yes")}})),
                   "/urgent", "unknown member");
  ExpectFieldError(harness.Submit(watchdog, Parse("{}")), "/report", "is required");
  ExpectFieldError(harness.Submit(watchdog, Parse("[1]")), "", "must be a JSON object");
  ExpectFieldError(
      harness.Submit(watchdog, JsonValue::Object({{"report", report}, {"recipients", Str("party--x")}})),
      "/recipients", "must be an array");
  ExpectFieldError(harness.Submit(watchdog, JsonValue::Object(
                                                {{"report", report},
                                                 {"scrub_names", testing::Strings({"Jane Roe", "Jane Roe"})}})),
                   "/scrub_names/1", "repeats");
}

TEST(SubmitReportTest, RecipientErrorsPointAtTheItemAtFault) {
  Harness harness;
  Caller watchdog = harness.NewCaller("watchdog", "Watch");
  const std::string state = harness.NewParty("state", "Ukraine", "UA");
  Reply reply = harness.Submit(watchdog, Submission(testing::DemoReport(), {state, state, "bogus"}));
  EXPECT_EQ(FieldPointers(reply), (std::set<std::string>{"/recipients/1", "/recipients/2"}))
      << Describe(reply);
  ExpectFieldError(reply, "/recipients/1", "repeats an earlier item");
  ExpectFieldError(reply, "/recipients/2", "must be a party id");
}

TEST(SubmitReportTest, RecipientsMustBeRegisteredParties) {
  Harness harness;
  Caller watchdog = harness.NewCaller("watchdog", "Watch");
  const std::string state = harness.NewParty("state", "Ukraine", "UA");
  const std::string unknown = "party--0b5d4c2e-1f3a-4b6c-8d7e-9f0a1b2c3d4e";
  const std::uint64_t log_size = harness.log().size();
  ExpectError(harness.Submit(watchdog, Submission(testing::DemoReport(), {state, unknown})),
              ErrorCode::kNotFound, "recipients/1: party " + unknown + " is not registered");
  EXPECT_EQ(harness.log().size(), log_size);
  Reply ok = harness.Submit(watchdog, Submission(testing::DemoReport(), {state}));
  ASSERT_FALSE(ok.error) << Describe(ok);
}

// ------------------------------------------------------------ amend/withdraw

TEST(AmendReportTest, IncrementsTheVersionAndKeepsTheSubmission) {
  Harness harness;
  Caller ukraine = harness.NewCaller("state", "Ukraine", "UA");
  JsonValue report = testing::StateReport("UA");
  const std::string id = StringAt(report, "/id");
  JsonValue receipt = harness.SubmitOk(ukraine, report);
  const std::int64_t submitted_index = IntAt(receipt, "/log_index");
  harness.clock().Set(testing::Time("2026-03-02T08:00:00Z"));

  report = testing::Set(report, "/title", Str("Water treatment intrusion (corrected)"));
  Reply amended = harness.Amend(ukraine, id, Submission(report));
  ASSERT_FALSE(amended.error) << Describe(amended);
  EXPECT_FALSE(amended.created);
  EXPECT_EQ(IntAt(amended.body, "/version"), 2);
  EXPECT_EQ(StringAt(amended.body, "/event"), "report.amended");
  const std::int64_t amended_index = IntAt(amended.body, "/log_index");
  EXPECT_GT(amended_index, submitted_index);
  auto entry = harness.log().ReadEntry(static_cast<std::uint64_t>(amended_index));
  ASSERT_TRUE(entry);
  auto event = DecodePublicEvent(*entry);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->type, "report.amended");
  EXPECT_EQ(IntAt(event->public_body, "/version"), 2);
  EXPECT_EQ(StringAt(event->public_body, "/public_form/title"), "Water treatment intrusion (corrected)");

  Reply third = harness.Amend(ukraine, id, Submission(report));
  ASSERT_FALSE(third.error) << Describe(third);
  EXPECT_EQ(IntAt(third.body, "/version"), 3);

  Reply view = harness.Get(ukraine, id);
  ASSERT_FALSE(view.error);
  EXPECT_EQ(IntAt(view.body, "/version"), 3);
  EXPECT_EQ(StringAt(view.body, "/submitted_at"), "2026-03-01T12:00:00Z");
  EXPECT_EQ(StringAt(view.body, "/updated_at"), "2026-03-02T08:00:00Z");
  EXPECT_EQ(IntAt(view.body, "/log_index"), IntAt(third.body, "/log_index"));
  auto row = harness.store().GetReport(id);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->submitted_seq, static_cast<std::uint64_t>(submitted_index));
}

TEST(AmendReportTest, OnlyTheSubmittingPartyAmends) {
  Harness harness;
  Caller first = harness.NewCaller("watchdog", "First watch");
  Caller second = harness.NewCaller("watchdog", "Second watch");
  JsonValue report = testing::DemoReport();
  const std::string id = StringAt(report, "/id");
  harness.SubmitOk(first, report);
  Caller arbitrator = harness.NewCaller("arbitrator", "Panel");
  const std::uint64_t log_size = harness.log().size();
  ExpectError(harness.Amend(second, id, Submission(report)), ErrorCode::kPermissionDenied,
              "only the party that submitted report " + id);
  // Not the secretariat either (API: "the submitting party only").
  ExpectError(harness.Amend(harness.secretariat(), id, Submission(report)), ErrorCode::kPermissionDenied);
  ExpectError(harness.Amend(arbitrator, id, Submission(report)), ErrorCode::kPermissionDenied);
  EXPECT_EQ(harness.log().size(), log_size);
}

TEST(AmendReportTest, TheBodysIdMustBeThePaths) {
  Harness harness;
  Caller watchdog = harness.NewCaller("watchdog", "Watch");
  JsonValue report = testing::DemoReport();
  const std::string id = StringAt(report, "/id");
  harness.SubmitOk(watchdog, report);
  JsonValue other = testing::Set(report, "/id", Str(testing::NewReportId()));
  ExpectFieldError(harness.Amend(watchdog, id, Submission(other)), "/report/id",
                   "an amendment keeps the report's id");
}

TEST(AmendReportTest, AnUnknownReportIsNotFound) {
  Harness harness;
  Caller watchdog = harness.NewCaller("watchdog", "Watch");
  JsonValue report = testing::DemoReport();
  ExpectError(harness.Amend(watchdog, StringAt(report, "/id"), Submission(report)), ErrorCode::kNotFound);
}

TEST(AmendReportTest, AnAmendmentIsValidatedLikeASubmission) {
  Harness harness;
  Caller watchdog = harness.NewCaller("watchdog", "Watch");
  JsonValue report = testing::DemoReport();
  const std::string id = StringAt(report, "/id");
  harness.SubmitOk(watchdog, report);
  ExpectFieldError(harness.Amend(watchdog, id, Submission(testing::Remove(report, "/title"))),
                   "/report/title");
  ExpectFieldError(harness.Amend(watchdog, id, Submission(testing::Set(report, "/reporter",
                                                                       Parse(R"({"kind":"state","state":"UA"})")))),
                   "/report/reporter/kind");
}

TEST(WithdrawReportTest, WithdrawsOnceAndThenRefusesAmendments) {
  Harness harness;
  Caller watchdog = harness.NewCaller("watchdog", "Watch");
  JsonValue report = testing::DemoReport();
  const std::string id = StringAt(report, "/id");
  harness.SubmitOk(watchdog, report);
  Reply withdrawn = harness.Withdraw(watchdog, id, "entered twice");
  ASSERT_FALSE(withdrawn.error) << Describe(withdrawn);
  EXPECT_EQ(StringAt(withdrawn.body, "/id"), id);
  EXPECT_EQ(IntAt(withdrawn.body, "/version"), 2);
  EXPECT_EQ(StringAt(withdrawn.body, "/event"), "report.withdrawn");
  EXPECT_TRUE(At(withdrawn.body, "/withdrawn")->AsBool());
  const std::int64_t index = IntAt(withdrawn.body, "/log_index");
  EXPECT_EQ(IntAt(withdrawn.body, "/tree_size"), index + 1);
  auto entry = harness.log().ReadEntry(static_cast<std::uint64_t>(index));
  ASSERT_TRUE(entry);
  auto event = DecodePublicEvent(*entry);
  ASSERT_TRUE(event);
  EXPECT_EQ(event->type, "report.withdrawn");
  EXPECT_EQ(Canon(event->public_body), R"({"version":2,"withdrawn":true})");
  // The reason stays in the store.
  EXPECT_EQ(entry->find("entered twice"), std::string::npos);

  ExpectError(harness.Withdraw(watchdog, id), ErrorCode::kConflict, "already withdrawn");
  ExpectError(harness.Amend(watchdog, id, Submission(report)), ErrorCode::kConflict, "was withdrawn");
  Reply view = harness.Get(Caller{}, id);
  ASSERT_FALSE(view.error);
  EXPECT_TRUE(At(view.body, "/withdrawn")->AsBool());
  EXPECT_EQ(IntAt(view.body, "/version"), 2);
}

TEST(WithdrawReportTest, TheSubmitterOrTheSecretariatWithdraws) {
  Harness harness;
  Caller first = harness.NewCaller("watchdog", "First watch");
  Caller second = harness.NewCaller("watchdog", "Second watch");
  Caller arbitrator = harness.NewCaller("arbitrator", "Panel");
  JsonValue report = testing::DemoReport();
  const std::string id = StringAt(report, "/id");
  harness.SubmitOk(first, report);
  ExpectError(harness.Withdraw(second, id), ErrorCode::kPermissionDenied, "or the secretariat");
  ExpectError(harness.Withdraw(arbitrator, id), ErrorCode::kPermissionDenied);
  ExpectError(harness.Withdraw(Caller{}, id), ErrorCode::kUnauthenticated);
  ExpectError(harness.Withdraw(harness.secretariat(), testing::NewReportId()), ErrorCode::kNotFound);
  Reply withdrawn = harness.Withdraw(harness.secretariat(), id, "false report");
  ASSERT_FALSE(withdrawn.error) << Describe(withdrawn);
}

TEST(WithdrawReportTest, ChecksTheReason) {
  Harness harness;
  Caller watchdog = harness.NewCaller("watchdog", "Watch");
  JsonValue report = testing::DemoReport();
  const std::string id = StringAt(report, "/id");
  harness.SubmitOk(watchdog, report);
  auto withdraw = [&](const JsonValue& body) {
    return Await([&](ReplyFn done) { harness.registry().WithdrawReport(watchdog, id, body, done); });
  };
  ExpectFieldError(withdraw(Parse("{}")), "/reason", "is required");
  ExpectFieldError(withdraw(Parse(R"({"reason":""})")), "/reason", "1 to 2000 bytes");
  ExpectFieldError(withdraw(Parse(R"({"reason":7})")), "/reason", "1 to 2000 bytes");
  ExpectFieldError(withdraw(JsonValue::Object({{"reason", Str(std::string(2001, 'r'))}})), "/reason");
  ExpectFieldError(withdraw(Parse(R"({"reason":"x","note":"y"})")), "/note", "unknown member");
  ExpectFieldError(withdraw(Parse("null")), "", "must be a JSON object");
  EXPECT_FALSE(withdraw(JsonValue::Object({{"reason", Str(std::string(2000, 'r'))}})).error);
}

// --------------------------------------------------------------------- norms

TEST(NormsTest, ListsTheCatalogueAndFindsOneNorm) {
  Harness harness;
  Reply norms = harness.registry().Norms();
  ASSERT_FALSE(norms.error);
  EXPECT_EQ(StringAt(norms.body, "/catalogue"), "accord-norms");
  Reply one = harness.registry().Norm("ACN-B1");
  ASSERT_FALSE(one.error) << Describe(one);
  EXPECT_EQ(StringAt(one.body, "/id"), "ACN-B1");
  ExpectError(harness.registry().Norm("ACN-ZZ"), ErrorCode::kNotFound, "ACN-ZZ");
}

}  // namespace
}  // namespace accord::registry
