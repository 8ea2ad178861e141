// Helpers shared by the store's tests: a temporary directory per test, rows
// with every member set, and one-line writes.
#pragma once

#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/store.h"

namespace accord::store::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "accord-store-XXXXXX").string();
    const char* made = ::mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr) << "mkdtemp " << pattern;
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline EventRecord Event(std::uint64_t seq) {
  return EventRecord{.seq = seq,
                     .type = "report.submitted",
                     .at = "2026-01-02T03:04:05Z",
                     .full_json = R"({"full":)" + std::to_string(seq) + "}",
                     .public_json = R"({"public":)" + std::to_string(seq) + "}"};
}

// A report with every member set; the tests change what they look at.
inline ReportRow Report(const std::string& id, std::uint64_t submitted_seq) {
  return ReportRow{
      .id = id,
      .version = 2,
      .submitter_party_id = "party--submitter",
      .recipients = {"party--a", "party--b"},
      .tlp = "GREEN",
      .max_tlp = "AMBER",
      .record_visibility = "public",
      .envelope_visibility = "public",
      .reporter_kind = "state",
      .states = {"UA"},
      .sectors = {"energy.electricity"},
      .period_start = "2024-01",
      .period_end = "2024-01",
      .severity_level = "high",
      .severity_rank = 3,
      .score = 612,
      .verdict_summary = "breach",
      .verdicts = {{"norm-a", "breach"}, {"norm-b", "no-breach"}},
      .exercise = false,
      .withdrawn = false,
      .submitted_seq = submitted_seq,
      .updated_seq = submitted_seq + 1,
      .submitted_at = "2026-01-02T03:04:05Z",
      .updated_at = "2026-01-03T03:04:05Z",
      .full_json = R"({"id":")" + id + R"(","salts":["s"]})",
      .public_json = R"({"id":")" + id + R"("})",
  };
}

inline std::unique_ptr<Store> OpenOrFail(const std::filesystem::path& path) {
  auto store = OpenSqliteStore(path);
  EXPECT_TRUE(store) << store.error().ToString();
  return store ? std::move(*store) : nullptr;
}

// Writes `reports` in one committed batch.
inline void PutReports(Store& store, const std::vector<ReportRow>& reports) {
  auto batch = store.BeginWrite();
  ASSERT_TRUE(batch) << batch.error().ToString();
  for (const auto& report : reports) {
    auto put = (*batch)->PutReport(report);
    ASSERT_TRUE(put) << put.error().ToString();
  }
  auto committed = (*batch)->Commit();
  ASSERT_TRUE(committed) << committed.error().ToString();
}

inline std::vector<std::string> Ids(const std::vector<ReportRow>& reports) {
  std::vector<std::string> ids;
  for (const auto& report : reports) ids.push_back(report.id);
  return ids;
}

}  // namespace accord::store::testing
