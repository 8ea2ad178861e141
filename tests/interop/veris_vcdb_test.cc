// The VERIS import (exchange/veris.h) on real data: the 127 VCDB incidents
// of $ACCORD_SHARED_DATA/vcdb and the official VERIS example incidents.
// Every file is imported or rejected with reasons; the number imported is
// computed here from the records themselves (a victim country that is an
// ISO code), not from the importer; each imported report survives the model
// codec's round trip. Fails, never skips, when the data is missing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "core/file_io.h"
#include "core/json_reader.h"
#include "exchange/veris.h"
#include "model/report_codec.h"
#include "shared_data.h"

namespace accord::exchange {
namespace {

namespace fs = std::filesystem;
using interop_test::SharedDataFolder;

void ExpectRoundTrip(const ImportedReport& imported) {
  const std::string encoded = model::EncodeIncidentReport(imported.report);
  const model::DecodeResult decoded = model::DecodeIncidentReport(encoded);
  ASSERT_TRUE(decoded.ok()) << imported.source << ": " << decoded.ToError().message;
  EXPECT_EQ(*decoded.report, imported.report) << imported.source;
  EXPECT_EQ(model::EncodeIncidentReport(*decoded.report), encoded) << imported.source;
}

TEST(VerisVcdbTest, EveryIncidentIsImportedOrRejectedWithReasons) {
  const fs::path vcdb = SharedDataFolder("vcdb");
  ASSERT_FALSE(vcdb.empty());
  // Expectation from the data: a record imports exactly when its
  // victim.country lists a code other than "Unknown"/"Other" (all 127 are
  // in sectors the NAICS table maps, MANIFEST.json says: 22/62/48/49/92/51/21).
  std::size_t with_country = 0;
  std::size_t incidents = 0;
  for (const auto& entry : fs::directory_iterator(vcdb / "incidents")) {
    auto text = core::ReadFile(entry.path());
    ASSERT_TRUE(text.has_value());
    auto record = core::ParseJsonStrict(*text);
    ASSERT_TRUE(record.has_value()) << entry.path();
    ++incidents;
    const core::JsonValue* countries = record->Find("victim")->Find("country");
    bool known = false;
    for (const core::JsonValue& code : countries->AsArray()) {
      known |= code.AsString() != "Unknown" && code.AsString() != "Other";
    }
    with_country += known ? 1 : 0;
  }
  ASSERT_EQ(incidents, 127u);
  EXPECT_EQ(with_country, 99u);

  auto plan = PlanVerisImport(vcdb, {});
  ASSERT_TRUE(plan.has_value()) << plan.error().ToString();
  EXPECT_EQ(plan->reports.size(), with_country);
  std::set<std::string> rejected_files;
  for (const ImportProblem& problem : plan->rejected) {
    rejected_files.insert(problem.object);
    EXPECT_EQ(problem.field, "/victim/country") << problem.object << ": " << problem.reason;
    EXPECT_THAT(problem.reason, ::testing::HasSubstr("no country known (found \"Unknown\")"));
  }
  EXPECT_EQ(rejected_files.size(), incidents - with_country);
  for (const ImportedReport& imported : plan->reports) {
    EXPECT_EQ(imported.source.rfind("vcdb/incidents/", 0), 0u) << imported.source;
    EXPECT_EQ(rejected_files.count(imported.source), 0u);
    ExpectRoundTrip(imported);
  }
  // MANIFEST.json and the schema files are listed as not VERIS incidents.
  std::size_t not_incidents = 0;
  for (const IgnoredObject& ignored : plan->ignored) not_incidents += ignored.type == "file";
  EXPECT_EQ(not_incidents, 1u + 6u);
}

TEST(VerisVcdbTest, CveIdsOfTheRecordsBecomeVulnerabilities) {
  const fs::path vcdb = SharedDataFolder("vcdb");
  ASSERT_FALSE(vcdb.empty());
  auto plan = PlanVerisImport(vcdb / "incidents" / "0ECBD2D0-2703-42D4-9798-FF29618FD5E2.json", {});
  ASSERT_TRUE(plan.has_value());
  ASSERT_EQ(plan->reports.size(), 1u);
  // The record's action.*.cve: "CVE-2008-4250" and
  // "CVE-2009-3129, CVE-2010-3333, CVE-2012-0158, CVE-2011-3544".
  std::set<std::string> ids(plan->reports[0].report.vulnerabilities.begin(),
                            plan->reports[0].report.vulnerabilities.end());
  EXPECT_EQ(ids, (std::set<std::string>{"CVE-2008-4250", "CVE-2009-3129", "CVE-2010-3333",
                                        "CVE-2012-0158", "CVE-2011-3544"}));
}

TEST(VerisVcdbTest, OfficialExampleIncidentsAreImportedOrRejectedWithReasons) {
  const fs::path examples = SharedDataFolder("veris/example-incidents");
  ASSERT_FALSE(examples.empty());
  auto plan = PlanVerisImport(examples, {});
  ASSERT_TRUE(plan.has_value()) << plan.error().ToString();
  EXPECT_EQ(plan->objects_read, 8u);
  std::set<std::string> accounted;
  for (const ImportedReport& imported : plan->reports) {
    accounted.insert(imported.source);
    ExpectRoundTrip(imported);
  }
  for (const ImportProblem& problem : plan->rejected) {
    EXPECT_FALSE(problem.reason.empty());
    accounted.insert(problem.object);
  }
  EXPECT_EQ(accounted.size(), 8u);
  // 1.4.x: a US public administration victim imports.
  EXPECT_EQ(std::count_if(plan->reports.begin(), plan->reports.end(),
                          [](const ImportedReport& r) {
                            return r.source == "example-incidents/veris-1_4_1-test1.JSON";
                          }),
            1);
  // Its country is "Unknown".
  EXPECT_TRUE(std::any_of(plan->rejected.begin(), plan->rejected.end(), [](const ImportProblem& p) {
    return p.object == "example-incidents/veris-1_3_6-test1.json" && p.field == "/victim/country";
  }));
}

}  // namespace
}  // namespace accord::exchange
