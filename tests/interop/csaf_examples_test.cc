// The CSAF import (exchange/csaf.h) on OASIS's material in
// $ACCORD_SHARED_DATA/csaf20: every example advisory yields an Advisory
// with exactly the CVE ids its file lists (counted here by walking the
// JSON), and the mandatory test vectors of the tests accord implements fail
// or pass as testcases.json says. Fails, never skips, when data is missing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "core/file_io.h"
#include "core/json_reader.h"
#include "exchange/csaf.h"
#include "shared_data.h"

namespace accord::exchange {
namespace {

namespace fs = std::filesystem;
using interop_test::SharedDataFolder;

core::JsonValue ReadJson(const fs::path& path) {
  auto text = core::ReadFile(path);
  EXPECT_TRUE(text.has_value()) << path;
  auto value = core::ParseJsonStrict(text.value_or("null"));
  EXPECT_TRUE(value.has_value()) << path;
  return value.value_or(core::JsonValue());
}

TEST(CsafExamplesTest, EveryExampleYieldsAnAdvisoryWithItsCves) {
  const fs::path root = SharedDataFolder("csaf20");
  ASSERT_FALSE(root.empty());
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root / "examples" / "csaf")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    ++files;
    SCOPED_TRACE(entry.path().string());
    const core::JsonValue document = ReadJson(entry.path());
    std::set<std::string> expected;
    if (const core::JsonValue* list = document.Find("vulnerabilities")) {
      for (const core::JsonValue& item : list->AsArray()) {
        if (const core::JsonValue* cve = item.Find("cve")) expected.insert(cve->AsString());
      }
    }
    auto plan = PlanCsafImport(entry.path(), {});
    ASSERT_TRUE(plan.has_value());
    ASSERT_EQ(plan->advisories.size(), 1u);
    EXPECT_TRUE(plan->rejected.empty());
    const Advisory& advisory = plan->advisories[0];
    EXPECT_EQ(std::set<std::string>(advisory.cves.begin(), advisory.cves.end()), expected);
    EXPECT_TRUE(std::is_sorted(advisory.cves.begin(), advisory.cves.end()));
    EXPECT_EQ(advisory.tracking_id,
              document.Find("document")->Find("tracking")->Find("id")->AsString());
    ASSERT_EQ(plan->ignored.size(), 1u);  // one summary of what was not kept
  }
  EXPECT_EQ(files, 19u);  // BSI, Cisco, four Red Hat, 13 VEX
}

TEST(CsafExamplesTest, MandatoryTestVectorsFailOrPassAsTheIndexSays) {
  const fs::path data = SharedDataFolder("csaf20") / "tests" / "validator" / "data";
  ASSERT_FALSE(data.empty());
  const core::JsonValue index = ReadJson(data / "testcases.json");
  const std::set<std::string> implemented = {"6.1.17", "6.1.18", "6.1.19",
                                             "6.1.20", "6.1.22", "6.1.23"};
  std::size_t failures = 0;
  std::size_t valid = 0;
  for (const core::JsonValue& test : index.Find("tests")->AsArray()) {
    const std::string id = test.Find("id")->AsString();
    // Valid documents of every test must pass what accord checks.
    if (const core::JsonValue* list = test.Find("valid")) {
      for (const core::JsonValue& item : list->AsArray()) {
        SCOPED_TRACE(id + " valid " + item.Find("name")->AsString());
        auto plan = PlanCsafImport(data / item.Find("name")->AsString(), {});
        ASSERT_TRUE(plan.has_value());
        EXPECT_EQ(plan->advisories.size(), 1u);
        for (const ImportProblem& problem : plan->rejected)
          ADD_FAILURE() << problem.field << ": " << problem.reason;
        ++valid;
      }
    }
    if (implemented.count(id) == 0) continue;
    for (const core::JsonValue& item : test.Find("failures")->AsArray()) {
      SCOPED_TRACE(id + " failure " + item.Find("name")->AsString());
      auto plan = PlanCsafImport(data / item.Find("name")->AsString(), {});
      ASSERT_TRUE(plan.has_value());
      EXPECT_TRUE(plan->advisories.empty());
      EXPECT_TRUE(std::any_of(plan->rejected.begin(), plan->rejected.end(),
                              [&](const ImportProblem& problem) {
                                return problem.reason.find("test " + id + ")") != std::string::npos;
                              }));
      ++failures;
    }
  }
  EXPECT_EQ(failures, 7u);  // 6.1.19 has two vectors
  EXPECT_GT(valid, 0u);
}

}  // namespace
}  // namespace accord::exchange
