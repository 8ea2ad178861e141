// The generic records of issue 8 (store.h RecordRow): put, get, the list's
// filters and order, the full scan's paging, and rebuild's clearing.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/store.h"
#include "store_test_util.h"

namespace accord::store {
namespace {

using testing::OpenOrFail;
using testing::TempDir;

class RecordStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrFail(dir_.path() / "store.db");
    ASSERT_NE(store_, nullptr);
  }

  void Put(const std::vector<RecordRow>& rows) {
    auto batch = store_->BeginWrite();
    ASSERT_TRUE(batch) << batch.error().ToString();
    for (const auto& row : rows) ASSERT_TRUE((*batch)->PutRecord(row)) << row.id;
    ASSERT_TRUE((*batch)->Commit());
  }

  std::vector<std::string> Ids(const RecordFilter& filter) {
    auto rows = store_->ListRecords(filter);
    EXPECT_TRUE(rows) << rows.error().ToString();
    std::vector<std::string> ids;
    if (rows)
      for (const auto& row : *rows) ids.push_back(row.id);
    return ids;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

RecordRow Row(std::string kind, std::string id, std::uint64_t seq, std::vector<std::string> parties,
              std::string status = "open", bool exercise = false) {
  return RecordRow{.kind = std::move(kind),
                   .id = std::move(id),
                   .status = std::move(status),
                   .parties = std::move(parties),
                   .exercise = exercise,
                   .created_seq = seq,
                   .updated_seq = seq,
                   .full_json = R"({"secret":"full"})",
                   .public_json = R"({"public":true})"};
}

TEST_F(RecordStoreTest, PutThenGetGivesTheSameRowBack) {
  RecordRow row = Row("notification", "notification--1", 7, {"party--a", "party--b"}, "open", true);
  Put({row});
  auto read = store_->GetRecord("notification", "notification--1");
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, row);
}

TEST_F(RecordStoreTest, TheKeyIsKindAndIdTogether) {
  Put({Row("case", "x", 1, {}), Row("evidence", "x", 2, {})});
  EXPECT_EQ(store_->GetRecord("case", "x")->created_seq, 1u);
  EXPECT_EQ(store_->GetRecord("evidence", "x")->created_seq, 2u);
  auto missing = store_->GetRecord("finding", "x");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, "finding x: not found");
}

TEST_F(RecordStoreTest, PuttingAgainReplacesTheRowAndItsParties) {
  Put({Row("case", "case--1", 1, {"party--a"})});
  RecordRow changed = Row("case", "case--1", 1, {"party--b"}, "admitted");
  changed.updated_seq = 5;
  Put({changed});
  EXPECT_EQ(*store_->GetRecord("case", "case--1"), changed);
  EXPECT_TRUE(Ids({.kind = "case", .party = "party--a"}).empty());
  EXPECT_EQ(Ids({.kind = "case", .party = "party--b"}), std::vector<std::string>{"case--1"});
}

TEST_F(RecordStoreTest, ListsNewestFirstAndFiltersByEveryMember) {
  Put({Row("notification", "n1", 1, {"party--a", "party--b"}, "open"),
       Row("notification", "n2", 2, {"party--b"}, "acknowledged"),
       Row("notification", "n3", 3, {"party--a"}, "open", /*exercise=*/true),
       Row("case", "c1", 4, {"party--a"})});
  using Ids_ = std::vector<std::string>;
  EXPECT_EQ(Ids({.kind = "notification"}), (Ids_{"n3", "n2", "n1"}));
  EXPECT_EQ(Ids({.kind = "notification", .party = "party--a"}), (Ids_{"n3", "n1"}));
  EXPECT_EQ(Ids({.kind = "notification", .status = "open"}), (Ids_{"n3", "n1"}));
  EXPECT_EQ(Ids({.kind = "notification", .exercise = false}), (Ids_{"n2", "n1"}));
  EXPECT_EQ(Ids({.kind = "notification", .exercise = true}), (Ids_{"n3"}));
  EXPECT_EQ(Ids({.kind = "notification", .before_seq = 3}), (Ids_{"n2", "n1"}));
  EXPECT_EQ(Ids({.kind = "notification", .party = "party--a", .status = "open", .exercise = false,
                 .before_seq = 9}),
            (Ids_{"n1"}));
  EXPECT_EQ(Ids({.kind = "notification", .limit = 2}), (Ids_{"n3", "n2"}));
  EXPECT_EQ(Ids({.kind = "case", .party = "party--b"}), Ids_{});
}

TEST_F(RecordStoreTest, ListRefusesAnEmptyKindAndALimitOutOfRange) {
  auto no_kind = store_->ListRecords({});
  ASSERT_FALSE(no_kind);
  EXPECT_EQ(no_kind.error().message, "kind: must not be empty");
  for (std::size_t limit : {std::size_t{0}, std::size_t{1001}}) {
    auto listed = store_->ListRecords({.kind = "case", .limit = limit});
    ASSERT_FALSE(listed);
    EXPECT_EQ(listed.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(listed.error().message, "limit " + std::to_string(limit) + ": must be 1 to 1000");
  }
}

TEST_F(RecordStoreTest, PutRefusesAnEmptyKindOrId) {
  auto batch = store_->BeginWrite();
  ASSERT_TRUE(batch);
  auto put = (*batch)->PutRecord(Row("", "x", 1, {}));
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, core::ErrorCode::kInvalidArgument);
}

TEST_F(RecordStoreTest, ForEachVisitsEveryRowOfAKindOldestFirstAcrossPages) {
  // More rows than one page (256), several sharing a created_seq, so the
  // (created_seq, id) cursor is exercised on ties.
  std::vector<RecordRow> rows;
  for (int i = 0; i < 600; ++i) {
    std::string id = std::to_string(i);
    id = "r" + std::string(4 - id.size(), '0') + id;
    rows.push_back(Row("notification-status", id, static_cast<std::uint64_t>(1 + i / 3), {}));
  }
  rows.push_back(Row("case", "other", 1, {}));
  Put(rows);
  std::vector<std::string> seen;
  ASSERT_TRUE(store_->ForEachRecord("notification-status", [&](const RecordRow& row) {
    seen.push_back(row.id);
    return core::Ok();
  }));
  ASSERT_EQ(seen.size(), 600u);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    std::string id = std::to_string(i);
    EXPECT_EQ(seen[i], "r" + std::string(4 - id.size(), '0') + id);
  }
}

TEST_F(RecordStoreTest, ForEachStopsAtTheVisitorsErrorAndPassesItOn) {
  Put({Row("case", "a", 1, {}), Row("case", "b", 2, {})});
  int visits = 0;
  auto status = store_->ForEachRecord("case", [&](const RecordRow&) -> core::Status {
    ++visits;
    return core::Conflict("stop here");
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "stop here");
  EXPECT_EQ(visits, 1);
}

TEST_F(RecordStoreTest, ClearProjectionsDropsTheRecords) {
  Put({Row("case", "c1", 1, {"party--a"})});
  auto clear = store_->BeginWrite();
  ASSERT_TRUE(clear);
  ASSERT_TRUE((*clear)->ClearProjections());
  ASSERT_TRUE((*clear)->Commit());
  EXPECT_TRUE(Ids({.kind = "case"}).empty());
  EXPECT_TRUE(Ids({.kind = "case", .party = "party--a"}).empty());
}

}  // namespace
}  // namespace accord::store
