// The SQLite store through its interface (store/store.h): rows come back as
// written, batches are all or nothing, events come in order, and the file
// survives reopening, a foreign file and concurrent use. What the list and
// count queries select is in report_query_test.cc.
#include "store/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <thread>

#include "store_test_util.h"

namespace accord::store {
namespace {

using ::testing::ElementsAre;
using testing::Event;
using ::testing::HasSubstr;
using testing::Ids;
using testing::OpenOrFail;
using testing::PutReports;
using testing::Report;
using testing::TempDir;
using Ids_ = std::vector<std::string>;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrFail(path());
    ASSERT_NE(store_, nullptr);
  }
  std::filesystem::path path() const { return dir_.path() / "store.db"; }
  Store& store() { return *store_; }

  std::unique_ptr<WriteBatch> Begin() {
    auto batch = store_->BeginWrite();
    EXPECT_TRUE(batch) << batch.error().ToString();
    return batch ? std::move(*batch) : nullptr;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

PartyRow Party(const std::string& id, std::uint64_t registered_seq) {
  return PartyRow{.id = id,
                  .kind = "operator",
                  .name = "Grid Operator " + id,
                  .state = "UA",
                  .status = "active",
                  .client_of = {"party--state-ua", "party--state-pl"},
                  .public_json = R"({"name":"public"})",
                  .full_json = R"({"name":"full","contact":"x"})",
                  .registered_seq = registered_seq,
                  .updated_seq = registered_seq + 5};
}

TokenRow Token(const std::string& id, const std::string& party_id, std::uint64_t issued_seq) {
  return TokenRow{.id = id,
                  .hash_hex = std::string(63, 'a') + id.back(),
                  .party_id = party_id,
                  .issued_at = "2026-01-01T00:00:00Z",
                  .expires_at = "2027-01-01T00:00:00Z",
                  .revoked = false,
                  .issued_seq = issued_seq};
}

// ---------------------------------------------------------------------------
// Round trips

TEST_F(SqliteStoreTest, EventComesBackAsWritten) {
  EventRecord event = Event(42);
  event.full_json = std::string("{\"bytes\":\"\0\xff:3:\",\"n\":1}", 22);  // any bytes
  auto batch = Begin();
  ASSERT_TRUE(batch->AppendEvent(event));
  ASSERT_TRUE(batch->Commit());
  auto read = store().GetEvent(42);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, event);
  auto last = store().LastEventSeq();
  ASSERT_TRUE(last);
  EXPECT_EQ(*last, std::optional<std::uint64_t>(42));
}

TEST_F(SqliteStoreTest, PartyComesBackAsWritten) {
  PartyRow party = Party("party--op", 7);
  PartyRow bare = Party("party--bare", 8);
  bare.client_of = {};
  bare.state = "";
  bare.public_json = "";
  auto batch = Begin();
  ASSERT_TRUE(batch->PutParty(party));
  ASSERT_TRUE(batch->PutParty(bare));
  ASSERT_TRUE(batch->Commit());
  auto read = store().GetParty("party--op");
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, party);
  auto read_bare = store().GetParty("party--bare");
  ASSERT_TRUE(read_bare) << read_bare.error().ToString();
  EXPECT_EQ(*read_bare, bare);
}

TEST_F(SqliteStoreTest, TokenComesBackAsWrittenByIdAndByHash) {
  TokenRow token = Token("tok_1", "party--op", 9);
  token.revoked = true;
  token.expires_at = "";
  auto batch = Begin();
  ASSERT_TRUE(batch->PutToken(token));
  ASSERT_TRUE(batch->Commit());
  auto by_id = store().GetToken("tok_1");
  ASSERT_TRUE(by_id) << by_id.error().ToString();
  EXPECT_EQ(*by_id, token);
  auto by_hash = store().GetTokenByHash(token.hash_hex);
  ASSERT_TRUE(by_hash) << by_hash.error().ToString();
  EXPECT_EQ(*by_hash, token);
}

TEST_F(SqliteStoreTest, ReportComesBackAsWritten) {
  ReportRow report = Report("incident-report--1", 100);
  // Elements that look like the packed list's own syntax.
  report.recipients = {"3:abc", "", "party--x:y"};
  report.sectors = {"energy", "energy.electricity", "health"};
  report.states = {"PL", "UA"};
  report.verdicts = {{"norm-1", "breach"}, {"norm-2", ""}, {"10:x", "undetermined"}};
  report.exercise = true;
  report.withdrawn = true;
  report.severity_rank = 5;
  report.version = 9;
  PutReports(store(), {report});
  auto read = store().GetReport(report.id);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, report);
}

TEST_F(SqliteStoreTest, ReportWithEmptyVectorsComesBackAsWritten) {
  ReportRow report = Report("incident-report--empty", 1);
  report.recipients = {};
  report.states = {};
  report.sectors = {};
  report.verdicts = {};
  report.full_json = "";
  PutReports(store(), {report});
  auto read = store().GetReport(report.id);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, report);
}

TEST_F(SqliteStoreTest, PutReportReplacesTheRowAndItsSideRows) {
  ReportRow report = Report("incident-report--1", 10);
  PutReports(store(), {report});
  report.states = {"PL"};
  report.sectors = {"health"};
  report.verdicts = {{"norm-c", "breach"}};
  report.version = 3;
  PutReports(store(), {report});

  auto read = store().GetReport(report.id);
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, report);
  auto count = store().CountAllReports();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 1);
  // The old elements no longer select it, the new ones do.
  auto by_old_state = store().ListReports({.state = "UA"});
  ASSERT_TRUE(by_old_state);
  EXPECT_TRUE(by_old_state->empty());
  auto by_old_sector = store().ListReports({.sector = "energy"});
  ASSERT_TRUE(by_old_sector);
  EXPECT_TRUE(by_old_sector->empty());
  auto by_old_norm = store().ListReports({.norm = "norm-a"});
  ASSERT_TRUE(by_old_norm);
  EXPECT_TRUE(by_old_norm->empty());
  auto by_new = store().ListReports({.state = "PL", .sector = "health", .norm = "norm-c"});
  ASSERT_TRUE(by_new);
  EXPECT_EQ(Ids(*by_new), Ids_{"incident-report--1"});
  auto by_state = store().CountReports({}, GroupBy::kState);
  ASSERT_TRUE(by_state);
  EXPECT_THAT(*by_state, ElementsAre(GroupCount{"PL", 1}));
}

TEST_F(SqliteStoreTest, PutPartyAndPutTokenReplaceById) {
  auto batch = Begin();
  ASSERT_TRUE(batch->PutParty(Party("party--op", 1)));
  ASSERT_TRUE(batch->PutToken(Token("tok_1", "party--op", 2)));
  PartyRow revoked = Party("party--op", 1);
  revoked.status = "revoked";
  TokenRow revoked_token = Token("tok_1", "party--op", 2);
  revoked_token.revoked = true;
  ASSERT_TRUE(batch->PutParty(revoked));
  ASSERT_TRUE(batch->PutToken(revoked_token));
  ASSERT_TRUE(batch->Commit());
  auto parties = store().ListParties();
  ASSERT_TRUE(parties);
  EXPECT_THAT(*parties, ElementsAre(revoked));
  auto tokens = store().ListTokens("party--op");
  ASSERT_TRUE(tokens);
  EXPECT_THAT(*tokens, ElementsAre(revoked_token));
}

TEST_F(SqliteStoreTest, ListPartiesIsOrderedByRegisteredSeq) {
  auto batch = Begin();
  ASSERT_TRUE(batch->PutParty(Party("party--a", 30)));
  ASSERT_TRUE(batch->PutParty(Party("party--b", 10)));
  ASSERT_TRUE(batch->PutParty(Party("party--c", 20)));
  ASSERT_TRUE(batch->Commit());
  auto parties = store().ListParties();
  ASSERT_TRUE(parties);
  ASSERT_EQ(parties->size(), 3u);
  EXPECT_EQ((*parties)[0].id, "party--b");
  EXPECT_EQ((*parties)[1].id, "party--c");
  EXPECT_EQ((*parties)[2].id, "party--a");
}

TEST_F(SqliteStoreTest, ListTokensHoldsOnePartysTokensOrderedByIssuedSeq) {
  auto batch = Begin();
  ASSERT_TRUE(batch->PutToken(Token("tok_1", "party--a", 30)));
  ASSERT_TRUE(batch->PutToken(Token("tok_2", "party--b", 5)));
  ASSERT_TRUE(batch->PutToken(Token("tok_3", "party--a", 10)));
  ASSERT_TRUE(batch->Commit());
  auto tokens = store().ListTokens("party--a");
  ASSERT_TRUE(tokens);
  ASSERT_EQ(tokens->size(), 2u);
  EXPECT_EQ((*tokens)[0].id, "tok_3");
  EXPECT_EQ((*tokens)[1].id, "tok_1");
  auto none = store().ListTokens("party--nobody");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

// ---------------------------------------------------------------------------
// Absent rows and errors

TEST_F(SqliteStoreTest, AbsentRowsAreNotFoundNamingWhatWasAsked) {
  auto event = store().GetEvent(7);
  ASSERT_FALSE(event);
  EXPECT_EQ(event.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(event.error().message, "event 7: not found");
  auto huge = store().GetEvent(~std::uint64_t{0});
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, core::ErrorCode::kNotFound);
  auto party = store().GetParty("party--x");
  ASSERT_FALSE(party);
  EXPECT_EQ(party.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(party.error().message, "party party--x: not found");
  auto token = store().GetToken("tok_x");
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(token.error().message, "token tok_x: not found");
  auto by_hash = store().GetTokenByHash(std::string(64, 'f'));
  ASSERT_FALSE(by_hash);
  EXPECT_EQ(by_hash.error().code, core::ErrorCode::kNotFound);
  EXPECT_THAT(by_hash.error().message, ::testing::Not(HasSubstr("ffff")));
  auto report = store().GetReport("incident-report--x");
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(report.error().message, "report incident-report--x: not found");
}

TEST_F(SqliteStoreTest, EmptyStoreHasNoLastEventAndNoReports) {
  auto last = store().LastEventSeq();
  ASSERT_TRUE(last);
  EXPECT_EQ(*last, std::nullopt);
  auto count = store().CountAllReports();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 0);
  auto parties = store().ListParties();
  ASSERT_TRUE(parties);
  EXPECT_TRUE(parties->empty());
}

TEST_F(SqliteStoreTest, AppendingAnExistingSeqIsAConflictNamingTheSeq) {
  {
    auto batch = Begin();
    ASSERT_TRUE(batch->AppendEvent(Event(42)));
    ASSERT_TRUE(batch->Commit());
  }
  auto batch = Begin();
  auto again = batch->AppendEvent(Event(42));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(again.error().message, "insert event 42: UNIQUE constraint failed: events.seq");
  // The failed statement does not end the batch: the rest still commits.
  ASSERT_TRUE(batch->AppendEvent(Event(43)));
  ASSERT_TRUE(batch->Commit());
  auto last = store().LastEventSeq();
  ASSERT_TRUE(last);
  EXPECT_EQ(*last, std::optional<std::uint64_t>(43));
}

TEST_F(SqliteStoreTest, TwoTokensWithOneHashAreAConflict) {
  auto batch = Begin();
  TokenRow first = Token("tok_1", "party--a", 1);
  TokenRow second = Token("tok_2", "party--a", 2);
  second.hash_hex = first.hash_hex;
  ASSERT_TRUE(batch->PutToken(first));
  auto put = batch->PutToken(second);
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(put.error().message, "put token tok_2: UNIQUE constraint failed: tokens.hash_hex");
  ASSERT_TRUE(batch->Commit());
  // The first token was not replaced by the colliding one.
  auto by_hash = store().GetTokenByHash(first.hash_hex);
  ASSERT_TRUE(by_hash);
  EXPECT_EQ(by_hash->id, "tok_1");
}

TEST_F(SqliteStoreTest, SeqAboveTwoToTheSixtyThreeIsRejectedNamingTheField) {
  auto batch = Begin();
  auto event = batch->AppendEvent(Event(std::uint64_t{1} << 63));
  ASSERT_FALSE(event);
  EXPECT_EQ(event.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(event.error().message,
            "event seq 9223372036854775808: above the largest storable seq (2^63-1)");
  ReportRow report = Report("incident-report--1", std::uint64_t{1} << 63);
  auto put = batch->PutReport(report);
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(put.error().message, HasSubstr("put report incident-report--1: submitted_seq"));
}

TEST_F(SqliteStoreTest, ListLimitOutsideOneToAThousandIsRejectedNamingLimit) {
  for (std::size_t limit : {std::size_t{0}, std::size_t{1001}}) {
    auto listed = store().ListReports({.limit = limit});
    ASSERT_FALSE(listed) << limit;
    EXPECT_EQ(listed.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(listed.error().message, "limit " + std::to_string(limit) + ": must be 1 to 1000");
  }
  EXPECT_TRUE(store().ListReports({.limit = 1}));
  EXPECT_TRUE(store().ListReports({.limit = 1000}));
}

// ---------------------------------------------------------------------------
// Transactions

TEST_F(SqliteStoreTest, DestroyingAnUncommittedBatchLeavesNothing) {
  {
    auto batch = Begin();
    ASSERT_TRUE(batch->AppendEvent(Event(1)));
    ASSERT_TRUE(batch->PutParty(Party("party--a", 1)));
    ASSERT_TRUE(batch->PutToken(Token("tok_1", "party--a", 1)));
    ASSERT_TRUE(batch->PutReport(Report("incident-report--1", 1)));
  }
  EXPECT_EQ(*store().LastEventSeq(), std::nullopt);
  EXPECT_FALSE(store().GetParty("party--a"));
  EXPECT_FALSE(store().GetToken("tok_1"));
  EXPECT_FALSE(store().GetReport("incident-report--1"));
  EXPECT_EQ(*store().CountAllReports(), 0);
  // And the writer is free again.
  auto batch = Begin();
  ASSERT_TRUE(batch->AppendEvent(Event(1)));
  ASSERT_TRUE(batch->Commit());
  EXPECT_TRUE(store().GetEvent(1));
}

TEST_F(SqliteStoreTest, WritesAreInvisibleToReadersUntilCommit) {
  auto batch = Begin();
  ASSERT_TRUE(batch->AppendEvent(Event(1)));
  ASSERT_TRUE(batch->PutReport(Report("incident-report--1", 1)));
  EXPECT_FALSE(store().GetEvent(1));
  EXPECT_EQ(*store().CountAllReports(), 0);
  ASSERT_TRUE(batch->Commit());
  EXPECT_TRUE(store().GetEvent(1));
  EXPECT_EQ(*store().CountAllReports(), 1);
}

TEST_F(SqliteStoreTest, UsingABatchAfterCommitIsAnError) {
  auto batch = Begin();
  ASSERT_TRUE(batch->Commit());
  auto append = batch->AppendEvent(Event(1));
  ASSERT_FALSE(append);
  EXPECT_EQ(append.error().code, core::ErrorCode::kInternal);
  EXPECT_EQ(append.error().message, "write batch: used after Commit");
  auto again = batch->Commit();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kInternal);
  EXPECT_FALSE(store().GetEvent(1));
}

TEST_F(SqliteStoreTest, SecondBatchOnTheSameThreadFailsInsteadOfWaitingForever) {
  auto first = Begin();
  auto second = store().BeginWrite();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, core::ErrorCode::kInternal);
  EXPECT_EQ(second.error().message, "begin write: this thread holds an open write batch already");
  ASSERT_TRUE(first->Commit());
  EXPECT_TRUE(store().BeginWrite());
}

TEST_F(SqliteStoreTest, BeginWriteWaitsUntilTheOpenBatchIsCommitted) {
  auto first = Begin();
  ASSERT_TRUE(first->AppendEvent(Event(1)));
  std::atomic<bool> begun = false;
  auto second = std::async(std::launch::async, [&]() -> core::Status {
    auto batch = store().BeginWrite();
    if (!batch) return batch.error();
    begun = true;
    // It starts after the first batch: event 1 is there to conflict with.
    auto append = (*batch)->AppendEvent(Event(1));
    if (append) return core::Internal("event 1 was not committed before the second batch");
    if (auto appended = (*batch)->AppendEvent(Event(2)); !appended) return appended;
    return (*batch)->Commit();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(begun.load());
  ASSERT_TRUE(first->Commit());
  auto finished = second.get();
  EXPECT_TRUE(finished) << finished.error().ToString();
  EXPECT_TRUE(begun.load());
  EXPECT_EQ(*store().LastEventSeq(), std::optional<std::uint64_t>(2));
}

TEST_F(SqliteStoreTest, ClearProjectionsKeepsTheEvents) {
  auto batch = Begin();
  ASSERT_TRUE(batch->AppendEvent(Event(1)));
  ASSERT_TRUE(batch->AppendEvent(Event(2)));
  ASSERT_TRUE(batch->PutParty(Party("party--a", 1)));
  ASSERT_TRUE(batch->PutToken(Token("tok_1", "party--a", 1)));
  ASSERT_TRUE(batch->PutReport(Report("incident-report--1", 2)));
  ASSERT_TRUE(batch->Commit());

  auto clear = Begin();
  ASSERT_TRUE(clear->ClearProjections());
  ASSERT_TRUE(clear->Commit());
  EXPECT_EQ(*store().CountAllReports(), 0);
  EXPECT_TRUE(store().ListParties()->empty());
  EXPECT_TRUE(store().ListTokens("party--a")->empty());
  EXPECT_FALSE(store().GetTokenByHash(Token("tok_1", "party--a", 1).hash_hex));
  EXPECT_TRUE(store().ListReports({.state = "UA"})->empty());
  EXPECT_TRUE(store().CountReports({}, GroupBy::kSector)->empty());
  EXPECT_EQ(*store().GetEvent(1), Event(1));
  EXPECT_EQ(*store().GetEvent(2), Event(2));
  // The rebuilt projections go back in under the same ids.
  PutReports(store(), {Report("incident-report--1", 2)});
  EXPECT_EQ(*store().GetReport("incident-report--1"), Report("incident-report--1", 2));
}

// ---------------------------------------------------------------------------
// Reference data (schema version 2)

AdvisoryRow Advisory(const std::string& publisher, const std::string& tracking_id,
                     std::vector<std::string> cves, std::uint64_t seq) {
  return AdvisoryRow{.publisher = publisher,
                     .tracking_id = tracking_id,
                     .cves = std::move(cves),
                     .json = R"({"tracking_id":")" + tracking_id + R"("})",
                     .updated_seq = seq};
}

TEST_F(SqliteStoreTest, TechniqueComesBackAsWrittenAndIsReplacedById) {
  TechniqueRow first{.id = "T0800", .json = R"({"id":"T0800","name":"a"})", .updated_seq = 3};
  TechniqueRow other{.id = "T0801", .json = R"({"id":"T0801"})", .updated_seq = 4};
  auto batch = Begin();
  ASSERT_TRUE(batch->PutTechnique(first));
  ASSERT_TRUE(batch->PutTechnique(other));
  ASSERT_TRUE(batch->Commit());
  EXPECT_EQ(*store().GetTechnique("T0800"), first);
  TechniqueRow second{.id = "T0800", .json = R"({"id":"T0800","name":"b"})", .updated_seq = 9};
  auto replace = Begin();
  ASSERT_TRUE(replace->PutTechnique(second));
  ASSERT_TRUE(replace->Commit());
  EXPECT_EQ(*store().ListTechniques(), (std::vector<TechniqueRow>{second, other}));
  auto missing = store().GetTechnique("T9999");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, "technique T9999: not found");
}

TEST_F(SqliteStoreTest, AdvisoriesAreListedByPublisherAndFilteredByCve) {
  auto batch = Begin();
  ASSERT_TRUE(batch->PutAdvisory(Advisory("Vendor B", "B-1", {"CVE-2024-0001"}, 1)));
  ASSERT_TRUE(batch->PutAdvisory(Advisory("Vendor A", "A-2", {"CVE-2024-0001", "CVE-2024-0002"}, 2)));
  ASSERT_TRUE(batch->PutAdvisory(Advisory("Vendor A", "A-1", {}, 3)));
  ASSERT_TRUE(batch->Commit());
  auto all = store().ListAdvisories({});
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0], Advisory("Vendor A", "A-1", {}, 3));
  EXPECT_EQ((*all)[1], Advisory("Vendor A", "A-2", {"CVE-2024-0001", "CVE-2024-0002"}, 2));
  EXPECT_EQ((*all)[2].tracking_id, "B-1");
  auto citing = store().ListAdvisories({.cve = "CVE-2024-0001"});
  ASSERT_TRUE(citing);
  ASSERT_EQ(citing->size(), 2u);
  EXPECT_EQ((*citing)[0].tracking_id, "A-2");
  EXPECT_EQ((*citing)[1].tracking_id, "B-1");
  auto page = store().ListAdvisories({.offset = 1, .limit = 1});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].tracking_id, "A-2");
  EXPECT_EQ(*store().GetAdvisory("Vendor B", "B-1"), Advisory("Vendor B", "B-1", {"CVE-2024-0001"}, 1));
  EXPECT_EQ(store().GetAdvisory("Vendor A", "B-1").error().code, core::ErrorCode::kNotFound);
}

TEST_F(SqliteStoreTest, ANewVersionOfAnAdvisoryReplacesItsCveRows) {
  auto batch = Begin();
  ASSERT_TRUE(batch->PutAdvisory(Advisory("V", "X-1", {"CVE-2024-0001"}, 1)));
  ASSERT_TRUE(batch->PutAdvisory(Advisory("V", "X-1", {"CVE-2024-0002"}, 2)));
  ASSERT_TRUE(batch->Commit());
  EXPECT_TRUE(store().ListAdvisories({.cve = "CVE-2024-0001"})->empty());
  EXPECT_EQ(store().ListAdvisories({.cve = "CVE-2024-0002"})->size(), 1u);
}

TEST_F(SqliteStoreTest, AdvisoryListLimitOutsideOneToAThousandIsRejectedNamingLimit) {
  for (std::size_t limit : {std::size_t{0}, std::size_t{1001}}) {
    auto listed = store().ListAdvisories({.limit = limit});
    ASSERT_FALSE(listed);
    EXPECT_EQ(listed.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(listed.error().message, "limit " + std::to_string(limit) + ": must be 1 to 1000");
  }
}

TEST_F(SqliteStoreTest, ClearProjectionsDropsTheReferenceData) {
  auto batch = Begin();
  ASSERT_TRUE(batch->PutTechnique({.id = "T0800", .json = "{}", .updated_seq = 1}));
  ASSERT_TRUE(batch->PutAdvisory(Advisory("V", "X-1", {"CVE-2024-0001"}, 2)));
  ASSERT_TRUE(batch->Commit());
  auto clear = Begin();
  ASSERT_TRUE(clear->ClearProjections());
  ASSERT_TRUE(clear->Commit());
  EXPECT_TRUE(store().ListTechniques()->empty());
  EXPECT_TRUE(store().ListAdvisories({})->empty());
  EXPECT_TRUE(store().ListAdvisories({.cve = "CVE-2024-0001"})->empty());
}

// ---------------------------------------------------------------------------
// Events in order

class EventsTest : public SqliteStoreTest {
 protected:
  void SetUp() override {
    SqliteStoreTest::SetUp();
    auto batch = Begin();
    // 600 events, more than two of ForEachEvent's pages, written out of
    // order, with a gap at 300.
    for (std::uint64_t seq = 600; seq >= 1; --seq) {
      if (seq == 300) continue;
      ASSERT_TRUE(batch->AppendEvent(Event(seq)));
    }
    ASSERT_TRUE(batch->Commit());
  }
};

TEST_F(EventsTest, ForEachEventVisitsFromTheGivenSeqInOrder) {
  std::vector<std::uint64_t> seen;
  auto done = store().ForEachEvent(250, [&](const EventRecord& event) -> core::Status {
    if (event != Event(event.seq)) return core::Internal("event differs");
    seen.push_back(event.seq);
    return core::Ok();
  });
  ASSERT_TRUE(done) << done.error().ToString();
  std::vector<std::uint64_t> expected;
  for (std::uint64_t seq = 250; seq <= 600; ++seq) {
    if (seq != 300) expected.push_back(seq);
  }
  EXPECT_EQ(seen, expected);
}

TEST_F(EventsTest, ForEachEventStopsAtTheFirstErrorAndPassesItOn) {
  std::vector<std::uint64_t> seen;
  auto done = store().ForEachEvent(0, [&](const EventRecord& event) -> core::Status {
    seen.push_back(event.seq);
    if (event.seq == 270) return core::Unavailable("visitor gave up at 270");
    return core::Ok();
  });
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(done.error().message, "visitor gave up at 270");
  ASSERT_EQ(seen.size(), 270u);
  EXPECT_EQ(seen.front(), 1u);
  EXPECT_EQ(seen.back(), 270u);
}

TEST_F(EventsTest, ForEachEventPastTheLastVisitsNothing) {
  int visits = 0;
  auto done = store().ForEachEvent(601, [&](const EventRecord&) -> core::Status {
    ++visits;
    return core::Ok();
  });
  ASSERT_TRUE(done);
  EXPECT_EQ(visits, 0);
  EXPECT_EQ(*store().LastEventSeq(), std::optional<std::uint64_t>(600));
}

TEST_F(EventsTest, VisitorMayReadAndWriteTheStore) {
  // `accord rebuild` replays events into a batch while iterating.
  auto batch = Begin();
  auto done = store().ForEachEvent(1, [&](const EventRecord& event) -> core::Status {
    auto read = store().GetEvent(event.seq);
    if (!read) return read.error();
    return batch->PutReport(Report("incident-report--" + std::to_string(event.seq), event.seq));
  });
  ASSERT_TRUE(done) << done.error().ToString();
  ASSERT_TRUE(batch->Commit());
  EXPECT_EQ(*store().CountAllReports(), 599);
}

// ---------------------------------------------------------------------------
// The file

TEST(SqliteStoreFileTest, ReopeningFindsEverything) {
  TempDir dir;
  const auto path = dir.path() / "store.db";
  {
    auto store = OpenOrFail(path);
    ASSERT_NE(store, nullptr);
    auto batch = store->BeginWrite();
    ASSERT_TRUE(batch);
    ASSERT_TRUE((*batch)->AppendEvent(Event(1)));
    ASSERT_TRUE((*batch)->PutParty(Party("party--a", 1)));
    ASSERT_TRUE((*batch)->PutToken(Token("tok_1", "party--a", 1)));
    ASSERT_TRUE((*batch)->PutReport(Report("incident-report--1", 1)));
    ASSERT_TRUE((*batch)->Commit());
  }
  auto store = OpenOrFail(path);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->GetEvent(1), Event(1));
  EXPECT_EQ(*store->GetParty("party--a"), Party("party--a", 1));
  EXPECT_EQ(*store->GetToken("tok_1"), Token("tok_1", "party--a", 1));
  EXPECT_EQ(*store->GetReport("incident-report--1"), Report("incident-report--1", 1));
  EXPECT_EQ(Ids(*store->ListReports({.state = "UA", .sector = "energy"})),
            Ids_{"incident-report--1"});
}

TEST(SqliteStoreFileTest, ClosingTheStoreFoldsTheWalIntoTheFile) {
  TempDir dir;
  const auto path = dir.path() / "store.db";
  {
    auto store = OpenOrFail(path);
    ASSERT_NE(store, nullptr);
    PutReports(*store, {Report("incident-report--1", 1)});
    EXPECT_TRUE(store->GetReport("incident-report--1"));  // opens a reader
    EXPECT_TRUE(std::filesystem::exists(path.string() + "-wal"));
  }
  // The writer closed last and checkpointed: the file alone holds it all.
  EXPECT_FALSE(std::filesystem::exists(path.string() + "-wal"));
  auto store = OpenOrFail(path);
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->GetReport("incident-report--1"));
}

// Runs `sql` on the file with SQLite itself, as a person with the sqlite3
// shell would.
void RunSql(const std::filesystem::path& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  int result = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  EXPECT_EQ(result, SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(db);
}

TEST(SqliteStoreFileTest, UnknownSchemaVersionIsCorruptNamingIt) {
  TempDir dir;
  const auto path = dir.path() / "store.db";
  ASSERT_NE(OpenOrFail(path), nullptr);
  RunSql(path, "UPDATE meta SET value = '7' WHERE key = 'schema_version'");
  auto store = OpenSqliteStore(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, core::ErrorCode::kCorrupt);
  EXPECT_EQ(store.error().message, "open store " + path.string() +
                                       ": schema version \"7\" is not known to this build "
                                       "(it knows 1 to 3)");
}

TEST(SqliteStoreFileTest, VersionOneStoreGainsTheReferenceTablesWhenOpened) {
  TempDir dir;
  const auto path = dir.path() / "store.db";
  ASSERT_NE(OpenOrFail(path), nullptr);
  // What a version 1 store is: the same tables but the reference data and
  // the records.
  RunSql(path,
         "DROP TABLE techniques; DROP TABLE advisories; DROP TABLE advisory_cves; "
         "DROP TABLE records; DROP TABLE record_parties; "
         "UPDATE meta SET value = '1' WHERE key = 'schema_version'");
  auto store = OpenOrFail(path);
  ASSERT_NE(store, nullptr);
  auto batch = store->BeginWrite();
  ASSERT_TRUE(batch);
  ASSERT_TRUE((*batch)->PutTechnique({.id = "T0800", .json = "{}", .updated_seq = 1}));
  ASSERT_TRUE((*batch)->Commit());
  EXPECT_EQ(store->ListTechniques()->size(), 1u);
  ASSERT_TRUE(store->ListRecords({.kind = "case"}));
}

TEST(SqliteStoreFileTest, VersionTwoStoreGainsTheRecordTablesWhenOpened) {
  TempDir dir;
  const auto path = dir.path() / "store.db";
  ASSERT_NE(OpenOrFail(path), nullptr);
  RunSql(path,
         "DROP TABLE records; DROP TABLE record_parties; "
         "UPDATE meta SET value = '2' WHERE key = 'schema_version'");
  auto store = OpenOrFail(path);
  ASSERT_NE(store, nullptr);
  auto batch = store->BeginWrite();
  ASSERT_TRUE(batch);
  ASSERT_TRUE((*batch)->PutRecord({.kind = "case", .id = "case--1", .status = "filed",
                                   .parties = {"party--a"}, .created_seq = 3, .updated_seq = 3,
                                   .full_json = "{}", .public_json = ""}));
  ASSERT_TRUE((*batch)->Commit());
  auto listed = store->ListRecords({.kind = "case", .party = "party--a"});
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, "case--1");
}

TEST(SqliteStoreFileTest, DatabaseOfAnotherProgramIsCorrupt) {
  TempDir dir;
  const auto path = dir.path() / "other.db";
  RunSql(path, "CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT)");
  auto store = OpenSqliteStore(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, core::ErrorCode::kCorrupt);
  EXPECT_EQ(store.error().message,
            "open store " + path.string() +
                ": the file holds tables but no table meta: not an accord store");
}

TEST(SqliteStoreFileTest, FileThatIsNotSqliteIsCorruptWithSqlitesReason) {
  TempDir dir;
  const auto path = dir.path() / "notes.txt";
  std::ofstream(path) << std::string(8192, 'x');
  auto store = OpenSqliteStore(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, core::ErrorCode::kCorrupt);
  EXPECT_EQ(store.error().message,
            "open store " + path.string() + ": set journal mode: file is not a database");
}

TEST(SqliteStoreFileTest, MissingDirectoryIsUnavailable) {
  TempDir dir;
  const auto path = dir.path() / "no" / "such" / "store.db";
  auto store = OpenSqliteStore(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(store.error().message,
            "open store " + path.string() + ": unable to open database file");
}

TEST(SqliteStoreFileTest, OpensInWalModeWithTheSchemaVersionRecorded) {
  TempDir dir;
  const auto path = dir.path() / "store.db";
  auto store = OpenOrFail(path);
  ASSERT_NE(store, nullptr);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  auto text = [&](const char* sql) {
    sqlite3_stmt* statement = nullptr;
    std::string value = "<error>";
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
    return value;
  };
  EXPECT_EQ(text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(text("SELECT value FROM meta WHERE key = 'schema_version'"), "3");
  sqlite3_close(db);
}

// ---------------------------------------------------------------------------
// Concurrency

TEST_F(SqliteStoreTest, ReadersSeeCommitsInOrderWhileTheWriterWrites) {
  constexpr std::uint64_t kBatches = 60;
  constexpr std::uint64_t kPerBatch = 20;
  std::atomic<bool> writing = true;
  auto writer = std::async(std::launch::async, [&]() -> core::Status {
    for (std::uint64_t b = 0; b < kBatches; ++b) {
      auto batch = store().BeginWrite();
      if (!batch) return batch.error();
      for (std::uint64_t i = 1; i <= kPerBatch; ++i) {
        std::uint64_t seq = b * kPerBatch + i;
        if (auto done = (*batch)->AppendEvent(Event(seq)); !done) return done;
        ReportRow report = Report("incident-report--" + std::to_string(seq), seq);
        if (auto done = (*batch)->PutReport(report); !done) return done;
      }
      if (auto done = (*batch)->Commit(); !done) return done;
    }
    writing = false;
    return core::Ok();
  });
  auto reader = [&]() -> core::Status {
    std::uint64_t last_seen = 0;
    std::int64_t last_count = 0;
    int reads = 0;
    while (writing || reads < 10) {
      ++reads;
      auto last = store().LastEventSeq();
      if (!last) return last.error();
      std::uint64_t seq = last->value_or(0);
      if (seq < last_seen) return core::Internal("last event seq went back");
      // Whole batches only: a batch is one transaction.
      if (seq % kPerBatch != 0) return core::Internal("saw part of a batch");
      last_seen = seq;
      if (seq > 0) {
        auto event = store().GetEvent(seq);
        if (!event) return event.error();
        auto report = store().GetReport("incident-report--" + std::to_string(seq));
        if (!report) return report.error();
      }
      auto count = store().CountAllReports();
      if (!count) return count.error();
      if (*count < last_count) return core::Internal("report count went back");
      last_count = *count;
      auto page = store().ListReports({.state = "UA", .limit = 5});
      if (!page) return page.error();
    }
    return core::Ok();
  };
  std::vector<std::future<core::Status>> readers;
  for (int i = 0; i < 4; ++i) readers.push_back(std::async(std::launch::async, reader));
  auto written = writer.get();
  EXPECT_TRUE(written) << written.error().ToString();
  for (auto& done : readers) {
    auto status = done.get();
    EXPECT_TRUE(status) << status.error().ToString();
  }
  EXPECT_EQ(*store().LastEventSeq(), std::optional<std::uint64_t>(kBatches * kPerBatch));
  EXPECT_EQ(*store().CountAllReports(), static_cast<std::int64_t>(kBatches * kPerBatch));
}

TEST_F(SqliteStoreTest, MoreConcurrentReadersThanConnectionsAllFinish) {
  PutReports(store(), {Report("incident-report--1", 1)});
  std::vector<std::future<core::Status>> readers;
  for (int i = 0; i < 16; ++i) {
    readers.push_back(std::async(std::launch::async, [&]() -> core::Status {
      for (int n = 0; n < 200; ++n) {
        auto report = store().GetReport("incident-report--1");
        if (!report) return report.error();
      }
      return core::Ok();
    }));
  }
  for (auto& done : readers) {
    auto status = done.get();
    EXPECT_TRUE(status) << status.error().ToString();
  }
}

}  // namespace
}  // namespace accord::store
