// Tests of registry/projection.h: the projections are a pure function of
// the events. After a mix of every command, RebuildProjections (into the
// same store, and into a fresh store holding only the events) gives rows
// equal to the ones the live node wrote, and a rebuild that meets a bad
// event fails with kCorrupt and changes nothing.
#include "registry/projection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "registry/event.h"
#include "registry_test_util.h"

namespace accord::registry {
namespace {

using core::ErrorCode;
using core::JsonValue;
using ::testing::HasSubstr;
using testing::Await;
using testing::Describe;
using testing::Harness;
using testing::Parse;
using testing::Set;
using testing::Str;
using testing::StringAt;

struct Rows {
  std::vector<store::PartyRow> parties;
  std::vector<store::TokenRow> tokens;
  std::vector<store::ReportRow> reports;
};

Rows ReadRows(const store::Store& store) {
  Rows rows;
  auto parties = store.ListParties();
  EXPECT_TRUE(parties) << parties.error().ToString();
  if (!parties) return rows;
  rows.parties = *parties;
  for (const auto& party : rows.parties) {
    auto tokens = store.ListTokens(party.id);
    EXPECT_TRUE(tokens) << tokens.error().ToString();
    if (tokens) rows.tokens.insert(rows.tokens.end(), tokens->begin(), tokens->end());
  }
  store::ReportFilter filter;
  filter.include_withdrawn = true;
  filter.include_exercise = true;
  filter.limit = 1000;
  auto reports = store.ListReports(filter);
  EXPECT_TRUE(reports) << reports.error().ToString();
  if (reports) rows.reports = *reports;
  return rows;
}

void ExpectSameRows(const Rows& rebuilt, const Rows& live) {
  ASSERT_EQ(rebuilt.parties.size(), live.parties.size());
  for (std::size_t i = 0; i < live.parties.size(); ++i)
    EXPECT_TRUE(rebuilt.parties[i] == live.parties[i]) << "party " << live.parties[i].id << "\n"
                                                       << rebuilt.parties[i].full_json << "\n"
                                                       << live.parties[i].full_json;
  ASSERT_EQ(rebuilt.tokens.size(), live.tokens.size());
  for (std::size_t i = 0; i < live.tokens.size(); ++i)
    EXPECT_TRUE(rebuilt.tokens[i] == live.tokens[i]) << "token " << live.tokens[i].id;
  ASSERT_EQ(rebuilt.reports.size(), live.reports.size());
  for (std::size_t i = 0; i < live.reports.size(); ++i)
    EXPECT_TRUE(rebuilt.reports[i] == live.reports[i]) << "report " << live.reports[i].id;
}

// A node that has seen every command of issue 6.
class RebuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Caller ukraine = harness_.NewCaller("state", "Ukraine", "UA");
    Reply poland = harness_.RegisterParty(Parse(R"({"kind":"state","name":"Poland","state":"PL",
        "contacts":{"public":[{"role":"point-of-contact","name":"CERT.PL","email":"cert@cert.pl"}],
                    "restricted":[{"role":"duty","name":"Desk","email":"desk@cert.pl","phone":"+48 22 000"}]}})"));
    ASSERT_FALSE(poland.error) << Describe(poland);
    const std::string poland_id = StringAt(poland.body, "/id");
    Caller client = harness_.NewCaller("operator", "Polish grid", "PL", {poland_id});
    Caller watchdog = harness_.NewCaller("watchdog", "Watch");

    // Tokens: one that expires, one revoked.
    ASSERT_FALSE(harness_.IssueToken(poland_id, "2027-01-01T00:00:00Z").error);
    Reply spare = harness_.IssueToken(poland_id);
    ASSERT_FALSE(spare.error);
    Reply revoked_token = Await([&](ReplyFn done) {
      harness_.registry().RevokeToken(harness_.secretariat(), StringAt(spare.body, "/id"), done);
    });
    ASSERT_FALSE(revoked_token.error) << Describe(revoked_token);

    // Reports of every kind of marking and publication.
    harness_.clock().Set(testing::Time("2026-03-02T09:30:00.25Z"));
    JsonValue amber = testing::StateReport("UA", "AMBER");
    amber = Set(amber, "/field_tlp", Parse(R"({"/narrative":"RED"})"));
    harness_.SubmitOk(ukraine, amber, {poland_id});
    JsonValue hidden = Set(testing::StateReport("UA", "GREEN"), "/publication",
                           Parse(R"({"record":"parties-only","envelope":"parties-only"})"));
    hidden = Set(hidden, "/exercise", JsonValue::Bool(true));
    harness_.SubmitOk(ukraine, hidden);
    JsonValue open = testing::DemoReport("2015-12-ukraine-power-grid.json");
    harness_.SubmitOk(watchdog, open);
    JsonValue withdrawn = testing::DemoReport("2017-06-notpetya.json");
    harness_.SubmitOk(watchdog, withdrawn);
    harness_.clock().Set(testing::Time("2026-03-03T00:00:00Z"));
    // An amendment (new recipients, new title) and a withdrawal.
    Reply amended = harness_.Amend(ukraine, StringAt(amber, "/id"),
                                   testing::Submission(Set(amber, "/title", Str("Amended title")),
                                                       {poland_id, client.reader.party_id}));
    ASSERT_FALSE(amended.error) << Describe(amended);
    ASSERT_FALSE(harness_.Withdraw(watchdog, StringAt(withdrawn, "/id"), "duplicate of another").error);
    // A logged read, and a revoked party.
    const std::uint64_t before = harness_.log().size();
    ASSERT_FALSE(harness_.Get(harness_.secretariat(), StringAt(amber, "/id")).error);
    ASSERT_EQ(harness_.log().size(), before + 1) << "the AMBER read was not logged";
    JsonValue reason = Parse(R"({"reason":"left"})");
    Reply revoked = Await([&](ReplyFn done) {
      harness_.registry().RevokeParty(harness_.secretariat(), watchdog.reader.party_id, reason, done);
    });
    ASSERT_FALSE(revoked.error) << Describe(revoked);

    live_ = ReadRows(harness_.store());
    ASSERT_EQ(live_.parties.size(), 5u);
    // The secretariat's, Ukraine's, the client's, the watchdog's, Poland's two.
    ASSERT_EQ(live_.tokens.size(), 6u);
    ASSERT_EQ(live_.reports.size(), 4u);
  }

  Harness harness_;
  Rows live_;
};

TEST_F(RebuildTest, RebuildingInPlaceGivesTheLiveRows) {
  harness_.Close();  // no writer while the tables are replaced
  std::vector<std::uint64_t> progress;
  auto rebuilt = RebuildProjections(harness_.store(),
                                    [&](std::uint64_t replayed) { progress.push_back(replayed); });
  ASSERT_TRUE(rebuilt) << rebuilt.error().ToString();
  ExpectSameRows(ReadRows(harness_.store()), live_);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), harness_.log().size()) << "every event was replayed";
}

TEST_F(RebuildTest, AFreshStoreWithOnlyTheEventsGetsTheSameRows) {
  testing::TempDir dir;
  auto fresh = testing::OpenStore(dir.path() / "fresh.db");
  ASSERT_TRUE(fresh);
  {
    auto batch = fresh->BeginWrite();
    ASSERT_TRUE(batch);
    auto copied = harness_.store().ForEachEvent(
        0, [&](const store::EventRecord& event) { return (*batch)->AppendEvent(event); });
    ASSERT_TRUE(copied) << copied.error().ToString();
    ASSERT_TRUE((*batch)->Commit());
  }
  EXPECT_EQ(ReadRows(*fresh).parties.size(), 0u);
  auto rebuilt = RebuildProjections(*fresh);
  ASSERT_TRUE(rebuilt) << rebuilt.error().ToString();
  ExpectSameRows(ReadRows(*fresh), live_);
}

TEST_F(RebuildTest, TheRebuiltStoreServesTheRegistry) {
  harness_.Close();
  ASSERT_TRUE(RebuildProjections(harness_.store()));
  harness_.Open();
  auto caller = harness_.registry().Authenticate(harness_.secretariat_token());
  ASSERT_TRUE(caller) << caller.error().ToString();
  EXPECT_EQ(caller->reader.role, privacy::Role::kSecretariat);
  Reply list = harness_.registry().ListReports(*caller, {{"include_withdrawn", "true"},
                                                         {"include_exercise", "true"}});
  ASSERT_FALSE(list.error) << Describe(list);
  EXPECT_EQ(testing::At(list.body, "/items")->AsArray().size(), 4u);
}

// Writes an event straight into `store` at `seq`.
void AppendRaw(store::Store& store, std::uint64_t seq, std::string type, std::string full_json) {
  auto batch = store.BeginWrite();
  ASSERT_TRUE(batch);
  ASSERT_TRUE((*batch)->AppendEvent(
      store::EventRecord{seq, std::move(type), "2026-03-04T00:00:00Z", std::move(full_json), "{}"}));
  ASSERT_TRUE((*batch)->Commit());
}

TEST_F(RebuildTest, AnEventOfUnknownTypeStopsTheRebuildAndChangesNothing) {
  harness_.Close();
  const std::uint64_t seq = harness_.log().size();
  Event odd;
  odd.seq = seq;
  odd.type = "party.renamed";
  odd.subject = live_.parties[1].id;
  odd.full_body = JsonValue::Object({});
  AppendRaw(harness_.store(), seq, odd.type, EncodeFullEvent(odd));
  auto rebuilt = RebuildProjections(harness_.store());
  ASSERT_FALSE(rebuilt);
  EXPECT_EQ(rebuilt.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(rebuilt.error().message, HasSubstr("event " + std::to_string(seq)));
  EXPECT_THAT(rebuilt.error().message, HasSubstr("unknown type \"party.renamed\""));
  ExpectSameRows(ReadRows(harness_.store()), live_);
}

TEST_F(RebuildTest, AnEventWhoseFullFormNamesAnotherSeqStopsTheRebuild) {
  harness_.Close();
  const std::uint64_t seq = harness_.log().size();
  Event misplaced;
  misplaced.seq = seq + 7;
  misplaced.type = std::string(event_type::kReportRead);
  misplaced.full_body = JsonValue::Object({});
  AppendRaw(harness_.store(), seq, misplaced.type, EncodeFullEvent(misplaced));
  auto rebuilt = RebuildProjections(harness_.store());
  ASSERT_FALSE(rebuilt);
  EXPECT_EQ(rebuilt.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(rebuilt.error().message,
              HasSubstr("event " + std::to_string(seq) + " says it is event " + std::to_string(seq + 7)));
  ExpectSameRows(ReadRows(harness_.store()), live_);
}

TEST_F(RebuildTest, AnEventWhoseBodyDoesNotDecodeStopsTheRebuild) {
  harness_.Close();
  const std::uint64_t seq = harness_.log().size();
  Event broken;
  broken.seq = seq;
  broken.type = std::string(event_type::kReportSubmitted);
  broken.full_body = Parse(R"({"version":1})");
  AppendRaw(harness_.store(), seq, broken.type, EncodeFullEvent(broken));
  auto rebuilt = RebuildProjections(harness_.store());
  ASSERT_FALSE(rebuilt);
  EXPECT_EQ(rebuilt.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(rebuilt.error().message, HasSubstr("(report.submitted)"));
  EXPECT_THAT(rebuilt.error().message, HasSubstr("submitter_party_id"));
  ExpectSameRows(ReadRows(harness_.store()), live_);
}

}  // namespace
}  // namespace accord::registry
