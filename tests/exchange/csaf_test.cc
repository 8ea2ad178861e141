// Tests of exchange/csaf.h on documents built here: what an Advisory keeps,
// and each check (CSAF 2.0 schema rules and mandatory tests 6.1.17-6.1.23)
// refusing a document at the right JSON Pointer. The OASIS examples and
// test vectors are tests/interop's.
#include "exchange/csaf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace accord::exchange {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A minimal CSAF 2.0 document with `tracking` and `vulnerabilities` filled in.
std::string Document(std::string_view status = "final", std::string_view version = "2",
                     std::string_view history = R"([{"date": "2024-01-01T00:00:00Z", "number": "1", "summary": "a"},
                                                    {"date": "2024-02-01T00:00:00Z", "number": "2", "summary": "b"}])",
                     std::string_view vulnerabilities = R"([{"cve": "CVE-2024-0002"}, {"cve": "CVE-2024-0001"}, {"title": "no cve"}])",
                     std::string_view publisher_category = "vendor",
                     std::string_view release = "2024-02-01T00:00:00Z") {
  return R"({"document": {"category": "csaf_security_advisory", "csaf_version": "2.0",
    "publisher": {"category": ")" + std::string(publisher_category) +
         R"(", "name": "Example Vendor", "namespace": "https://example.com"},
    "title": "Example advisory",
    "references": [{"category": "self", "summary": "this", "url": "https://example.com/sa-1.json"}],
    "tracking": {"id": "EX-SA-1", "status": ")" + std::string(status) + R"(", "version": ")" +
         std::string(version) + R"(", "initial_release_date": "2024-01-01T00:00:00Z",
      "current_release_date": ")" + std::string(release) + R"(", "revision_history": )" +
         std::string(history) + R"(}},
    "product_tree": {"branches": []},
    "vulnerabilities": )" + std::string(vulnerabilities) + "}";
}

std::vector<std::string> Rejections(std::string_view text) {
  std::vector<std::string> out;
  for (const ImportProblem& problem : PlanCsafImportText(text, "sa.json").rejected) {
    EXPECT_EQ(problem.object, "sa.json");
    out.push_back(problem.field + ": " + problem.reason);
  }
  return out;
}

TEST(CsafImportTest, KeepsTrackingPublisherTitleSelfUrlAndSortedCves) {
  const ImportPlan plan = PlanCsafImportText(Document(), "sa.json");
  ASSERT_EQ(plan.advisories.size(), 1u);
  EXPECT_TRUE(plan.rejected.empty());
  const Advisory& advisory = plan.advisories[0];
  EXPECT_EQ(advisory.tracking_id, "EX-SA-1");
  EXPECT_EQ(advisory.publisher, "Example Vendor");
  EXPECT_EQ(advisory.title, "Example advisory");
  EXPECT_EQ(advisory.initial_release_date, "2024-01-01T00:00:00Z");
  EXPECT_EQ(advisory.current_release_date, "2024-02-01T00:00:00Z");
  EXPECT_EQ(advisory.tracking_version, "2");
  EXPECT_THAT(advisory.cves, ElementsAre("CVE-2024-0001", "CVE-2024-0002"));
  EXPECT_EQ(advisory.url, "https://example.com/sa-1.json");
  ASSERT_EQ(plan.ignored.size(), 1u);
  EXPECT_EQ(plan.ignored[0].type, "csaf_document");
  EXPECT_THAT(plan.ignored[0].reason, HasSubstr("product_tree, 3 vulnerabilities' details"));
}

TEST(CsafImportTest, RejectsAnotherCsafVersion) {
  std::string text = Document();
  text.replace(text.find("\"2.0\""), 5, "\"2.1\"");
  EXPECT_THAT(Rejections(text), ElementsAre("/document/csaf_version: expected \"2.0\", found \"2.1\""));
}

TEST(CsafImportTest, RejectsAPublisherCategoryOutsideTheEnumeration) {
  EXPECT_THAT(Rejections(Document("final", "2", R"([{"date": "2024-01-01T00:00:00Z", "number": "1"},
                                                    {"date": "2024-02-01T00:00:00Z", "number": "2"}])",
                                  "[]", "seller")),
              ElementsAre(HasSubstr("/document/publisher/category: expected one of")));
}

TEST(CsafImportTest, RejectsDatesThatAreNotRfc3339) {
  EXPECT_THAT(Rejections(Document("final", "2", R"([{"date": "2024-01-01T00:00:00Z", "number": "1"},
                                                    {"date": "2024-02-01T00:00:00Z", "number": "2"}])",
                                  "[]", "vendor", "2024-02-30T00:00:00Z")),
              ElementsAre(HasSubstr("/document/tracking/current_release_date: expected an RFC 3339 "
                                    "date-time")));
}

TEST(CsafImportTest, RejectsMalformedVersions) {
  EXPECT_THAT(Rejections(Document("final", "01")),
              ElementsAre(HasSubstr("/document/tracking/version: expected an integer or Semantic "
                                    "Versioning 2.0.0 version")));
}

TEST(CsafImportTest, Test6117DraftStatusForVersionsBeforeOne) {
  EXPECT_THAT(Rejections(Document("final", "0.9.5", R"([{"date": "2024-01-01T00:00:00Z", "number": "1"}])")),
              ElementsAre(HasSubstr("/document/tracking/status: is \"final\" but version \"0.9.5\" "
                                    "is before 1; expected \"draft\" (CSAF 2.0 test 6.1.17)")));
}

TEST(CsafImportTest, Test6118ReleasedDocumentsListNoZeroRevision) {
  EXPECT_THAT(Rejections(Document("final", "1", R"([{"date": "2024-01-01T00:00:00Z", "number": "0"},
                                                   {"date": "2024-02-01T00:00:00Z", "number": "1"}])")),
              ElementsAre(HasSubstr("/document/tracking/revision_history/0/number: \"0\" is before 1 "
                                    "but the status is \"final\"")));
}

TEST(CsafImportTest, Test6119RevisionNumbersHaveNoPreRelease) {
  EXPECT_THAT(Rejections(Document("draft", "1.0.0", R"([{"date": "2024-01-01T00:00:00Z", "number": "1.0.0-rc"},
                                                       {"date": "2024-02-01T00:00:00Z", "number": "1.0.0"}])")),
              ElementsAre(HasSubstr("/document/tracking/revision_history/0/number: \"1.0.0-rc\" is a "
                                    "pre-release")));
}

TEST(CsafImportTest, Test6120NonDraftVersionHasNoPreRelease) {
  const auto rejections = Rejections(Document("interim", "1.0.0-alpha", R"([{"date": "2024-01-01T00:00:00Z", "number": "1.0.0"}])"));
  EXPECT_THAT(rejections, ::testing::Contains(HasSubstr("/document/tracking/version: has a "
                                                        "pre-release part but the status is "
                                                        "\"interim\"; expected none (CSAF 2.0 test "
                                                        "6.1.20)")));
}

TEST(CsafImportTest, Test6122RevisionNumbersAreUnique) {
  EXPECT_THAT(Rejections(Document("final", "1", R"([{"date": "2024-01-01T00:00:00Z", "number": "1"},
                                                   {"date": "2024-02-01T00:00:00Z", "number": "1"}])")),
              ElementsAre("/document/tracking/revision_history/1/number: \"1\" is also revision 0; "
                          "expected each number once (CSAF 2.0 test 6.1.22)"));
}

TEST(CsafImportTest, Test6123EachCveInOneVulnerability) {
  EXPECT_THAT(Rejections(Document("final", "2", R"([{"date": "2024-01-01T00:00:00Z", "number": "1"},
                                                   {"date": "2024-02-01T00:00:00Z", "number": "2"}])",
                                  R"([{"cve": "CVE-2017-0145"}, {"cve": "CVE-2017-0145"}])")),
              ElementsAre("/vulnerabilities/1/cve: \"CVE-2017-0145\" is also the CVE of "
                          "/vulnerabilities/0; expected each CVE in one item (CSAF 2.0 test "
                          "6.1.23)"));
}

TEST(CsafImportTest, RejectsMalformedCveIds) {
  EXPECT_THAT(Rejections(Document("final", "2", R"([{"date": "2024-01-01T00:00:00Z", "number": "1"},
                                                   {"date": "2024-02-01T00:00:00Z", "number": "2"}])",
                                  R"([{"cve": "CVE-17-0145"}])")),
              ElementsAre(HasSubstr("/vulnerabilities/0/cve: expected a CVE id matching")));
}

TEST(CsafImportTest, RejectsMissingRequiredMembersAllAtOnce) {
  const std::string text =
      R"({"document": {"csaf_version": "2.0", "publisher": {"name": ""}, "tracking": {"id": " x"}}})";
  const auto rejections = Rejections(text);
  EXPECT_THAT(rejections, ::testing::Contains("/document/category: missing; CSAF 2.0 requires it"));
  EXPECT_THAT(rejections, ::testing::Contains("/document/title: missing; CSAF 2.0 requires it"));
  EXPECT_THAT(rejections, ::testing::Contains(
                              "/document/publisher/name: expected a non-empty string, found \"\""));
  EXPECT_THAT(rejections, ::testing::Contains(HasSubstr("/document/tracking/id: expected no leading")));
  EXPECT_THAT(rejections, ::testing::Contains(HasSubstr("/document/tracking/revision_history: ")));
}

TEST(CsafImportTest, RejectsTextThatIsNotJsonAndIgnoresOtherJson) {
  EXPECT_THAT(Rejections("{\"document\""), ElementsAre(HasSubstr(": not a JSON document: line 1")));
  const ImportPlan other = PlanCsafImportText(R"({"feed": {}})", "sa.json");
  ASSERT_EQ(other.ignored.size(), 1u);
  EXPECT_EQ(other.ignored[0].reason, "not a CSAF document: no /document/csaf_version");
}

TEST(CsafImportTest, AMissingPathFailsAsAWhole) {
  auto plan = PlanCsafImport("/nonexistent/csaf", {});
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace accord::exchange
