// The HTML form of the report: self-contained (no script, no external
// resource), escaped, with a chart per breakdown, deterministic.
#include <string>

#include <gtest/gtest.h>

#include "transparency/report.h"
#include "transparency_test_util.h"

namespace accord::transparency {
namespace {

TransparencyReport Report2026() {
  auto ledger = PublicLedger::Replay(testing::HandWrittenLog());
  EXPECT_TRUE(ledger) << ledger.error().ToString();
  if (!ledger) return {};
  ledger::Checkpoint cite;
  cite.origin = "log.example/<html>&test";
  cite.tree_size = ledger->size();
  auto report = Compute(*ledger, 2026, std::nullopt, cite);
  EXPECT_TRUE(report) << report.error().ToString();
  return report ? *report : TransparencyReport{};
}

bool Has(const std::string& html, std::string_view text) {
  return html.find(text) != std::string::npos;
}

TEST(ReportHtmlTest, IsOneDocumentWithNoScriptAndNoExternalResource) {
  const std::string html = EncodeReportHtml(Report2026());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_TRUE(Has(html, "</html>"));
  EXPECT_TRUE(Has(html, "<meta name=\"viewport\""));  // readable on a phone
  EXPECT_TRUE(Has(html, "@media print"));               // and on paper
  for (std::string_view forbidden : {"<script", "http:", "https:", "src=", "href=", "@import", "url("})
    EXPECT_FALSE(Has(html, forbidden)) << forbidden;
}

TEST(ReportHtmlTest, EscapesTextAndCitesTheCheckpoint) {
  const std::string html = EncodeReportHtml(Report2026());
  EXPECT_TRUE(Has(html, "log.example/&lt;html&gt;&amp;test")) << html.substr(0, 2000);
  EXPECT_FALSE(Has(html, "<html>&test"));
  EXPECT_TRUE(Has(html, "tree size <strong>" + std::to_string(testing::HandWrittenLog().size())));
}

TEST(ReportHtmlTest, DrawsABarPerSectorAndListsEveryFigure) {
  const std::string html = EncodeReportHtml(Report2026());
  // Global incidents by sector: energy 1 and water 1, so two bars of the
  // full length (340) after the 200-wide labels.
  EXPECT_TRUE(Has(html, "<figcaption>Incidents reported by sector</figcaption>"));
  EXPECT_TRUE(Has(html, ">energy</text><rect x=\"200\" y=\"5\" width=\"340\""));
  EXPECT_TRUE(Has(html, "<section id=\"state-BO\"><h2>State BO</h2>"));
  EXPECT_TRUE(Has(html, "<tr><td>notifications.median_ack_seconds</td><td class=\"n\">3600</td></tr>"));
}

TEST(ReportHtmlTest, IsTheSameBytesForTheSameReport) {
  EXPECT_EQ(EncodeReportHtml(Report2026()), EncodeReportHtml(Report2026()));
}

}  // namespace
}  // namespace accord::transparency
