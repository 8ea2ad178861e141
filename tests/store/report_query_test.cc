// The list and count queries (store/internal/report_query.h) through the
// store's interface: each filter member alone and combined, the sector
// family, period overlap, the cursor and every grouping, with expected ids
// and counts worked out by hand from the rows below. Then their plans:
// SQLite's own EXPLAIN QUERY PLAN shows which index drives each filter, and
// that no list query scans a table without an index or sorts its result (a
// sort would read every matching row to return one page).
#include "store/internal/report_query.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "store_test_util.h"

namespace accord::store {
namespace {

using internal::CountReportsQuery;
using internal::ListReportsQuery;
using internal::ReportQuery;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Ids;
using ::testing::Not;
using testing::OpenOrFail;
using testing::PutReports;
using testing::Report;
using testing::TempDir;
using Ids_ = std::vector<std::string>;

// ---------------------------------------------------------------------------
// Filters. Six reports; R5 is withdrawn and R6 an exercise, so the default
// filter sees R1 to R4. Lists are newest first: R4, R3, R2, R1. Verdicts
// "a:breach" mean norm-a's verdict is breach; submitters are s1..s3.
//
//      seq states sectors             level  period         verdicts
//   R1 10  UA     energy.electricity  high   2024-01..01    a:breach b:no-breach
//   R2 20  PL UA  energy              medium 2024-02..04    a:no-breach
//   R3 30  PL     energyx             high   2024-05..05    b:breach
//   R4 40  DE     energy.gas health   low    2023-12..24-01 a:breach b:breach
//   R5 50  UA     energy              high   2024-01..01    a:breach
//   R6 60  UA     transport           high   2024-03..03    (none)
//
//      submitter envelope      reporter kind  verdict summary
//   R1 s1        public        state          breach
//   R2 s2        parties-only  operator       no-breach
//   R3 s1        public        state          breach
//   R4 s3        public        watchdog       breach
//   R5 s1        public        state          breach        (withdrawn)
//   R6 s2        public        operator       undetermined  (exercise)

class FilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrFail(dir_.path() / "store.db");
    ASSERT_NE(store_, nullptr);
    auto make = [](std::string id, std::uint64_t seq, std::vector<std::string> states,
                   std::vector<std::string> sectors, std::string level, std::string start,
                   std::string end, std::vector<std::pair<std::string, std::string>> verdicts,
                   std::string submitter, std::string envelope, std::string kind,
                   std::string summary) {
      ReportRow report = Report(id, seq);
      report.states = std::move(states);
      report.sectors = std::move(sectors);
      report.severity_level = std::move(level);
      report.period_start = std::move(start);
      report.period_end = std::move(end);
      report.verdicts = std::move(verdicts);
      report.submitter_party_id = std::move(submitter);
      report.envelope_visibility = std::move(envelope);
      report.reporter_kind = std::move(kind);
      report.verdict_summary = std::move(summary);
      return report;
    };
    std::vector<ReportRow> reports = {
        make("R1", 10, {"UA"}, {"energy.electricity"}, "high", "2024-01", "2024-01",
             {{"norm-a", "breach"}, {"norm-b", "no-breach"}}, "s1", "public", "state", "breach"),
        make("R2", 20, {"PL", "UA"}, {"energy"}, "medium", "2024-02", "2024-04",
             {{"norm-a", "no-breach"}}, "s2", "parties-only", "operator", "no-breach"),
        make("R3", 30, {"PL"}, {"energyx"}, "high", "2024-05", "2024-05", {{"norm-b", "breach"}},
             "s1", "public", "state", "breach"),
        make("R4", 40, {"DE"}, {"energy.gas", "health"}, "low", "2023-12", "2024-01",
             {{"norm-a", "breach"}, {"norm-b", "breach"}}, "s3", "public", "watchdog", "breach"),
        make("R5", 50, {"UA"}, {"energy"}, "high", "2024-01", "2024-01", {{"norm-a", "breach"}},
             "s1", "public", "state", "breach"),
        make("R6", 60, {"UA"}, {"transport"}, "high", "2024-03", "2024-03", {}, "s2", "public",
             "operator", "undetermined"),
    };
    reports[4].withdrawn = true;
    reports[5].exercise = true;
    PutReports(store(), reports);
  }

  Ids_ List(const ReportFilter& filter) {
    auto listed = store().ListReports(filter);
    EXPECT_TRUE(listed) << listed.error().ToString();
    return listed ? Ids(*listed) : Ids_{"<error>"};
  }

  std::vector<GroupCount> Count(const ReportFilter& filter, GroupBy group_by) {
    auto counted = store().CountReports(filter, group_by);
    EXPECT_TRUE(counted) << counted.error().ToString();
    return counted ? *counted : std::vector<GroupCount>{{"<error>", -1}};
  }

  Store& store() { return *store_; }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(FilterTest, DefaultFilterHidesWithdrawnAndExerciseNewestFirst) {
  EXPECT_EQ(List({}), (Ids_{"R4", "R3", "R2", "R1"}));
  EXPECT_EQ(List({.include_withdrawn = true}), (Ids_{"R5", "R4", "R3", "R2", "R1"}));
  EXPECT_EQ(List({.include_exercise = true}), (Ids_{"R6", "R4", "R3", "R2", "R1"}));
  EXPECT_EQ(List({.include_withdrawn = true, .include_exercise = true}),
            (Ids_{"R6", "R5", "R4", "R3", "R2", "R1"}));
}

TEST_F(FilterTest, StateMatchesAnyOfTheReportsStates) {
  EXPECT_EQ(List({.state = "UA"}), (Ids_{"R2", "R1"}));
  EXPECT_EQ(List({.state = "PL"}), (Ids_{"R3", "R2"}));
  EXPECT_EQ(List({.state = "FR"}), Ids_{});
}

TEST_F(FilterTest, SectorMatchesItselfAndItsSubsectors) {
  EXPECT_EQ(List({.sector = "energy"}), (Ids_{"R4", "R2", "R1"}));
  EXPECT_EQ(List({.sector = "energy.electricity"}), Ids_{"R1"});
  EXPECT_EQ(List({.sector = "health"}), Ids_{"R4"});
}

TEST_F(FilterTest, SectorFamilyDoesNotMatchLongerCodesOrPartialSubsectors) {
  // "energy" is not a prefix family of "energyx"; "energyx" is its own.
  EXPECT_EQ(List({.sector = "energyx"}), Ids_{"R3"});
  EXPECT_EQ(List({.sector = "energy.e"}), Ids_{});
  EXPECT_EQ(List({.sector = "energ"}), Ids_{});
  // A sub-sector does not match its parent.
  EXPECT_EQ(List({.sector = "energy.gas"}), Ids_{"R4"});
}

TEST_F(FilterTest, LevelMatchesSeverityLevel) {
  EXPECT_EQ(List({.level = "high"}), (Ids_{"R3", "R1"}));
  EXPECT_EQ(List({.level = "low"}), Ids_{"R4"});
}

TEST_F(FilterTest, PeriodFromKeepsReportsEndingOnOrAfterIt) {
  EXPECT_EQ(List({.period_from = "2024-02"}), (Ids_{"R3", "R2"}));
  // The last month counts: R2 ends in 2024-04.
  EXPECT_EQ(List({.period_from = "2024-04"}), (Ids_{"R3", "R2"}));
  EXPECT_EQ(List({.period_from = "2024-05"}), Ids_{"R3"});
  EXPECT_EQ(List({.period_from = "2024-06"}), Ids_{});
}

TEST_F(FilterTest, PeriodToKeepsReportsStartingOnOrBeforeIt) {
  EXPECT_EQ(List({.period_to = "2024-01"}), (Ids_{"R4", "R1"}));
  // The first month counts: R4 starts in 2023-12.
  EXPECT_EQ(List({.period_to = "2023-12"}), Ids_{"R4"});
  EXPECT_EQ(List({.period_to = "2023-11"}), Ids_{});
}

TEST_F(FilterTest, PeriodFromAndToSelectOverlappingReports) {
  // Inside R2's months only.
  EXPECT_EQ(List({.period_from = "2024-03", .period_to = "2024-03"}), Ids_{"R2"});
  // A range that holds R1 entirely and touches R4's end and R2's start.
  EXPECT_EQ(List({.period_from = "2024-01", .period_to = "2024-02"}), (Ids_{"R4", "R2", "R1"}));
  // Between R4's end (2024-01) and R3's start (2024-05) lies only R2.
  EXPECT_EQ(List({.period_from = "2024-02", .period_to = "2024-04"}), Ids_{"R2"});
  // A reversed range is applied as written: R2 (2024-02..04) ends in or
  // after 2024-04 and starts in or before 2024-03.
  EXPECT_EQ(List({.period_from = "2024-04", .period_to = "2024-03"}), Ids_{"R2"});
}

TEST_F(FilterTest, NormAndVerdictMatchOnePairOrEither) {
  EXPECT_EQ(List({.norm = "norm-a"}), (Ids_{"R4", "R2", "R1"}));
  // R4 breaches two norms and is listed once.
  EXPECT_EQ(List({.verdict = "breach"}), (Ids_{"R4", "R3", "R1"}));
  EXPECT_EQ(List({.norm = "norm-b", .verdict = "breach"}), (Ids_{"R4", "R3"}));
  // The pair must be one verdict: R1 has norm-a and a no-breach, but its
  // no-breach is for norm-b.
  EXPECT_EQ(List({.norm = "norm-a", .verdict = "no-breach"}), Ids_{"R2"});
  EXPECT_EQ(List({.norm = "norm-b", .verdict = "no-breach"}), Ids_{"R1"});
  EXPECT_EQ(List({.norm = "norm-z"}), Ids_{});
}

TEST_F(FilterTest, SubmitterMatchesTheSubmittingParty) {
  EXPECT_EQ(List({.submitter_party_id = "s1"}), (Ids_{"R3", "R1"}));
  EXPECT_EQ(List({.submitter_party_id = "s1", .include_withdrawn = true}),
            (Ids_{"R5", "R3", "R1"}));
}

TEST_F(FilterTest, EnvelopePublicOnlyHidesPartiesOnlyEnvelopes) {
  EXPECT_EQ(List({.envelope_public_only = true}), (Ids_{"R4", "R3", "R1"}));
}

TEST_F(FilterTest, BeforeSeqAndLimitCutThePage) {
  EXPECT_EQ(List({.before_seq = 30}), (Ids_{"R2", "R1"}));
  EXPECT_EQ(List({.before_seq = 10}), Ids_{});
  EXPECT_EQ(List({.before_seq = ~std::uint64_t{0}}), (Ids_{"R4", "R3", "R2", "R1"}));
  EXPECT_EQ(List({.limit = 2}), (Ids_{"R4", "R3"}));
  EXPECT_EQ(List({.state = "UA", .before_seq = 20}), Ids_{"R1"});
  EXPECT_EQ(List({.sector = "energy", .before_seq = 40, .limit = 1}), Ids_{"R2"});
}

TEST_F(FilterTest, MembersCombineWithAnd) {
  EXPECT_EQ(List({.state = "UA", .level = "high"}), Ids_{"R1"});
  EXPECT_EQ(List({.state = "PL", .sector = "energy"}), Ids_{"R2"});
  EXPECT_EQ(List({.sector = "energy", .norm = "norm-a", .verdict = "breach"}), (Ids_{"R4", "R1"}));
  EXPECT_EQ(List({.period_from = "2024-02", .verdict = "breach", .submitter_party_id = "s1"}),
            Ids_{"R3"});
  EXPECT_EQ(
      List(
          {.state = "UA", .sector = "energy", .include_withdrawn = true, .include_exercise = true}),
      (Ids_{"R5", "R2", "R1"}));
  EXPECT_EQ(List({.state = "UA",
                  .sector = "energy",
                  .level = "high",
                  .period_from = "2024-01",
                  .period_to = "2024-01",
                  .norm = "norm-a",
                  .verdict = "breach",
                  .submitter_party_id = "s1",
                  .envelope_public_only = true}),
            Ids_{"R1"});
  EXPECT_EQ(List({.state = "UA", .envelope_public_only = true}), Ids_{"R1"});
  EXPECT_EQ(List({.state = "DE", .sector = "energyx"}), Ids_{});
}

TEST_F(FilterTest, CountByStateCountsAReportOncePerState) {
  EXPECT_THAT(Count({}, GroupBy::kState),
              ElementsAre(GroupCount{"DE", 1}, GroupCount{"PL", 2}, GroupCount{"UA", 2}));
  EXPECT_THAT(Count({.sector = "energy"}, GroupBy::kState),
              ElementsAre(GroupCount{"DE", 1}, GroupCount{"PL", 1}, GroupCount{"UA", 2}));
  EXPECT_THAT(Count({.include_withdrawn = true, .include_exercise = true}, GroupBy::kState),
              ElementsAre(GroupCount{"DE", 1}, GroupCount{"PL", 2}, GroupCount{"UA", 4}));
  // R2 names PL and UA: filtered on PL it still counts under UA.
  EXPECT_THAT(Count({.state = "PL"}, GroupBy::kState),
              ElementsAre(GroupCount{"PL", 2}, GroupCount{"UA", 1}));
}

TEST_F(FilterTest, CountBySectorCountsTheNamedSectorsNotTheirFamilies) {
  EXPECT_THAT(
      Count({}, GroupBy::kSector),
      ElementsAre(GroupCount{"energy", 1}, GroupCount{"energy.electricity", 1},
                  GroupCount{"energy.gas", 1}, GroupCount{"energyx", 1}, GroupCount{"health", 1}));
  EXPECT_THAT(Count({.sector = "energy"}, GroupBy::kSector),
              ElementsAre(GroupCount{"energy", 1}, GroupCount{"energy.electricity", 1},
                          GroupCount{"energy.gas", 1}, GroupCount{"health", 1}));
}

TEST_F(FilterTest, CountByTheRowsColumns) {
  EXPECT_THAT(Count({}, GroupBy::kLevel),
              ElementsAre(GroupCount{"high", 2}, GroupCount{"low", 1}, GroupCount{"medium", 1}));
  EXPECT_THAT(Count({}, GroupBy::kMonth),
              ElementsAre(GroupCount{"2023-12", 1}, GroupCount{"2024-01", 1},
                          GroupCount{"2024-02", 1}, GroupCount{"2024-05", 1}));
  EXPECT_THAT(Count({}, GroupBy::kVerdictSummary),
              ElementsAre(GroupCount{"breach", 3}, GroupCount{"no-breach", 1}));
  EXPECT_THAT(
      Count({}, GroupBy::kReporterKind),
      ElementsAre(GroupCount{"operator", 1}, GroupCount{"state", 2}, GroupCount{"watchdog", 1}));
  EXPECT_THAT(Count({.include_exercise = true, .envelope_public_only = true}, GroupBy::kMonth),
              ElementsAre(GroupCount{"2023-12", 1}, GroupCount{"2024-01", 1},
                          GroupCount{"2024-03", 1}, GroupCount{"2024-05", 1}));
  EXPECT_THAT(Count({.norm = "norm-b", .verdict = "breach"}, GroupBy::kLevel),
              ElementsAre(GroupCount{"high", 1}, GroupCount{"low", 1}));
}

TEST_F(FilterTest, CountIgnoresCursorAndLimit) {
  EXPECT_THAT(Count({.before_seq = 15, .limit = 0}, GroupBy::kVerdictSummary),
              ElementsAre(GroupCount{"breach", 3}, GroupCount{"no-breach", 1}));
  EXPECT_TRUE(Count({.state = "FR"}, GroupBy::kState).empty());
}

TEST(ListReportsTest, CursorPaginationVisitsEachRowOnceInOrder) {
  TempDir dir;
  auto opened = OpenOrFail(dir.path() / "store.db");
  ASSERT_NE(opened, nullptr);
  Store& store = *opened;
  std::vector<ReportRow> reports;
  // Seqs 3, 6, ..., 750, written in a shuffled order.
  for (std::uint64_t i = 1; i <= 250; ++i) {
    std::uint64_t k = (i * 97) % 250 + 1;  // 97 is coprime with 250
    reports.push_back(Report("incident-report--" + std::to_string(k), 3 * k));
  }
  PutReports(store, reports);
  std::vector<std::uint64_t> seen;
  ReportFilter filter{.state = "UA", .limit = 100};
  std::vector<std::size_t> page_sizes;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = store.ListReports(filter);
    ASSERT_TRUE(page) << page.error().ToString();
    page_sizes.push_back(page->size());
    if (page->empty()) break;
    for (const auto& report : *page) seen.push_back(report.submitted_seq);
    filter.before_seq = page->back().submitted_seq;
  }
  EXPECT_EQ(page_sizes, (std::vector<std::size_t>{100, 100, 50, 0}));
  std::vector<std::uint64_t> expected;
  for (std::uint64_t k = 250; k >= 1; --k) expected.push_back(3 * k);
  EXPECT_EQ(seen, expected);
}

class ReportQueryPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(dir_.path() / "store.db");
    ASSERT_TRUE(store) << store.error().ToString();
    ASSERT_EQ(
        sqlite3_open_v2((dir_.path() / "store.db").c_str(), &db_, SQLITE_OPEN_READONLY, nullptr),
        SQLITE_OK);
  }
  void TearDown() override { sqlite3_close(db_); }

  // One line per step of the plan, e.g. "SEARCH s USING COVERING INDEX
  // report_states_by_state (state=?)".
  std::vector<std::string> Plan(const std::string& sql) {
    std::vector<std::string> lines;
    sqlite3_stmt* statement = nullptr;
    std::string explain = "EXPLAIN QUERY PLAN " + sql;
    if (sqlite3_prepare_v2(db_, explain.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(db_) << " in " << sql;
      return lines;
    }
    while (sqlite3_step(statement) == SQLITE_ROW) {
      lines.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 3)));
    }
    sqlite3_finalize(statement);
    return lines;
  }

  // The whole plan in one string, for failure messages.
  static std::string Joined(const std::vector<std::string>& plan) {
    std::string text;
    for (const auto& line : plan) text += "\n  " + line;
    return text;
  }

  TempDir dir_;
  sqlite3* db_ = nullptr;
};

struct Case {
  const char* name;
  ReportFilter filter;
  const char* driver;  // the first step of the plan
};

TEST_F(ReportQueryPlanTest, EachListFilterWalksItsIndexWithoutSorting) {
  const std::vector<Case> cases = {
      {"none", {}, "SCAN r USING INDEX reports_by_submitted_seq"},
      {"cursor",
       {.before_seq = 5},
       "SEARCH r USING INDEX reports_by_submitted_seq (submitted_seq<?)"},
      {"state", {.state = "UA"}, "SEARCH s USING COVERING INDEX report_states_by_state (state=?)"},
      {"sector",
       {.sector = "energy"},
       "SEARCH c USING COVERING INDEX report_sectors_by_family (family=?)"},
      {"level", {.level = "high"}, "SEARCH r USING INDEX reports_by_level (severity_level=?)"},
      {"period_from", {.period_from = "2024-01"}, "SCAN r USING INDEX reports_by_submitted_seq"},
      {"period_to", {.period_to = "2024-01"}, "SCAN r USING INDEX reports_by_submitted_seq"},
      {"norm", {.norm = "norm-a"}, "SCAN r USING INDEX reports_by_submitted_seq"},
      {"verdict", {.verdict = "breach"}, "SCAN r USING INDEX reports_by_submitted_seq"},
      {"norm and verdict",
       {.norm = "norm-a", .verdict = "breach"},
       "SEARCH v USING COVERING INDEX report_verdicts_by_norm (norm=? AND verdict=?)"},
      {"submitter",
       {.submitter_party_id = "party--a"},
       "SEARCH r USING INDEX reports_by_submitter (submitter_party_id=?)"},
      {"state with cursor",
       {.state = "UA", .before_seq = 9},
       "SEARCH s USING COVERING INDEX report_states_by_state (state=? AND submitted_seq<?)"},
      {"state and level",
       {.state = "UA", .level = "high"},
       "SEARCH s USING COVERING INDEX report_states_by_state (state=?)"},
      {"every member",
       {.state = "UA",
        .sector = "energy",
        .level = "high",
        .period_from = "2024-01",
        .period_to = "2024-12",
        .norm = "norm-a",
        .verdict = "breach",
        .submitter_party_id = "party--a",
        .envelope_public_only = true,
        .before_seq = 9},
       "SEARCH r USING INDEX reports_by_submitter (submitter_party_id=? AND submitted_seq<?)"},
  };
  for (const auto& test : cases) {
    std::vector<std::string> plan = Plan(ListReportsQuery(test.filter).sql);
    ASSERT_FALSE(plan.empty()) << test.name;
    EXPECT_EQ(plan.front(), test.driver) << test.name << Joined(plan);
    for (const auto& line : plan) {
      EXPECT_THAT(line, Not(HasSubstr("TEMP B-TREE"))) << test.name << Joined(plan);
      // "SCAN t" alone is a full table scan; "SCAN t USING INDEX i" walks
      // an index in order and stops at the limit.
      if (line.starts_with("SCAN ")) {
        EXPECT_THAT(line, HasSubstr(" USING ")) << test.name << Joined(plan);
      }
    }
  }
}

TEST_F(ReportQueryPlanTest, OtherVectorMembersAreProbedByPrimaryKey) {
  std::vector<std::string> plan = Plan(ListReportsQuery({.state = "UA",
                                                         .sector = "energy",
                                                         .norm = "norm-a",
                                                         .verdict = "breach",
                                                         .submitter_party_id = "party--a"})
                                           .sql);
  EXPECT_THAT(plan, ::testing::Contains("SEARCH x USING PRIMARY KEY (report_row=? AND state=?)"))
      << Joined(plan);
  EXPECT_THAT(plan, ::testing::Contains("SEARCH x USING PRIMARY KEY (report_row=? AND family=?)"))
      << Joined(plan);
  EXPECT_THAT(plan, ::testing::Contains(
                        "SEARCH x USING PRIMARY KEY (report_row=? AND norm=? AND verdict=?)"))
      << Joined(plan);
}

TEST_F(ReportQueryPlanTest, CountsByStateAndSectorWalkTheirIndexes) {
  std::vector<std::string> by_state = Plan(CountReportsQuery({}, GroupBy::kState).sql);
  ASSERT_FALSE(by_state.empty());
  EXPECT_EQ(by_state.front(), "SCAN g USING COVERING INDEX report_states_by_state")
      << Joined(by_state);
  std::vector<std::string> by_sector = Plan(CountReportsQuery({}, GroupBy::kSector).sql);
  ASSERT_FALSE(by_sector.empty());
  EXPECT_EQ(by_sector.front(), "SCAN g USING INDEX report_sectors_by_family") << Joined(by_sector);
  std::vector<std::string> filtered =
      Plan(CountReportsQuery({.sector = "energy"}, GroupBy::kLevel).sql);
  ASSERT_FALSE(filtered.empty());
  EXPECT_EQ(filtered.front(), "SEARCH c USING COVERING INDEX report_sectors_by_family (family=?)")
      << Joined(filtered);
}

TEST(ReportQueryTest, FilterValuesAreBoundNeverWrittenIntoTheSql) {
  const std::string hostile = "UA' OR 1=1 --";
  ReportQuery query = ListReportsQuery({.state = hostile, .sector = hostile});
  EXPECT_THAT(query.sql, Not(HasSubstr(hostile)));
  EXPECT_THAT(query.parameters,
              ::testing::Contains(std::variant<std::int64_t, std::string>(hostile)));
  // The text depends only on which members are set: one cached statement
  // per shape.
  EXPECT_EQ(ListReportsQuery({.state = "UA", .limit = 5}).sql,
            ListReportsQuery({.state = "PL", .limit = 50}).sql);
}

}  // namespace
}  // namespace accord::store
