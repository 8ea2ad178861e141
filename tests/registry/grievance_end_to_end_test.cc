// Issue 8's end-to-end test: one realistic case played from the allegation
// to the finding to the graduated response, through the registry's public
// commands and the deadline scheduler on a ManualClock, with a missed
// deadline (the accused ignores the request for information and does not
// appoint its arbitrator) and an appeal. It then checks every entry the case
// wrote to the log, in order, and every public view of it.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/encoding.h"
#include "registry/event.h"
#include "registry/panel_draw.h"
#include "case_test_util.h"

namespace accord::registry {
namespace {

using core::JsonValue;
using testing::CaseWorld;
using testing::Describe;
using testing::IntAt;
using testing::Parse;
using testing::StringAt;

// Every log entry from `first` on, decoded.
std::vector<JsonValue> LogEntries(ledger::Log& log, std::uint64_t first) {
  std::vector<JsonValue> entries;
  for (std::uint64_t i = first; i < log.size(); ++i) {
    auto entry = log.ReadEntry(i);
    EXPECT_TRUE(entry) << entry.error().ToString();
    if (entry) entries.push_back(Parse(*entry));
  }
  return entries;
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(GrievanceEndToEndTest, AnAllegationGoesThroughAMissedDeadlineAndAnAppealToAResponse) {
  CaseWorld world;
  auto& clock = world.harness().clock();
  auto& log = world.harness().log();
  const Caller& secretariat = world.secretariat();
  const Caller public_caller{};
  const std::uint64_t first_entry = log.size();

  // 1. Ukraine files against Russia, about its own report, with evidence.
  const std::string id = world.FileOk();
  ASSERT_FALSE(id.empty());
  const std::string evidence_id = StringAt(world.CaseView(secretariat, id), "/evidence/0/id");

  // 2. Admissibility, then a request for information with its deadline.
  world.MoveOk(secretariat, id, "admissibility-review");
  world.MoveOk(secretariat, id, "admitted");
  world.MoveOk(secretariat, id, "information-requested");
  const std::string info_deadline = StringAt(world.CaseView(public_caller, id), "/deadline");

  // 3. Russia does not answer. Just before the deadline nothing fires; at
  //    it, the scheduler records the non-cooperation and moves the case on.
  clock.Advance(std::chrono::seconds{3599});
  EXPECT_EQ(world.registry().PollDeadlines(), 0u);
  EXPECT_EQ(world.StageOf(id), "information-requested");
  clock.Advance(std::chrono::seconds{2});
  EXPECT_EQ(world.registry().PollDeadlines(), 1u);
  EXPECT_EQ(world.StageOf(id), "investigation");

  // 4. Ukraine appoints its arbitrator; Russia lets the appointment
  //    deadline pass, so the default rule fills its seat from the draw.
  ASSERT_FALSE(world.Appoint(world.ua(), id, "filer", world.arbitrator_id("DE")).error);
  clock.Advance(std::chrono::seconds{7201});
  EXPECT_EQ(world.registry().PollDeadlines(), 1u);
  EXPECT_EQ(world.StageOf(id), "panel-selected");
  Reply first_panel = world.Draw(secretariat, id);
  ASSERT_FALSE(first_panel.error) << Describe(first_panel);

  // 5. The hearing: the chair reads the evidence (a custody entry), and
  //    the panel finds a violation.
  world.MoveOk(secretariat, id, "hearing");
  const Caller& chair = world.arbitrator(StringAt(first_panel.body, "/panel/seats/0/arbitrator"));
  Reply evidence = world.ReadEvidence(chair, id, evidence_id);
  ASSERT_FALSE(evidence.error) << Describe(evidence);
  JsonValue finding = Parse(
      R"({"outcome":"violation","norms_violated":["ACN-B2"],"intent":"deliberate",
          "red_lines":["RL-WATER"],"reasoning":"The historian export and the firewall logs show the accused's unit reached the plant's SCADA."})");
  Reply issued = world.Finding(chair, id, finding);
  ASSERT_FALSE(issued.error) << Describe(issued);

  // 6. Russia appeals (once); the appeal panel is all drawn and finds the
  //    violation again.
  world.MoveOk(world.ru(), id, "appeal-lodged", "the panel misread the logs");
  EXPECT_EQ(world.Move(world.ru(), id, "appeal-lodged").error->code, core::ErrorCode::kConflict);
  world.MoveOk(secretariat, id, "appeal-panel-selected");
  Reply appeal_panel = world.Draw(secretariat, id);
  ASSERT_FALSE(appeal_panel.error) << Describe(appeal_panel);
  world.MoveOk(secretariat, id, "appeal-hearing");
  const Caller& appeal_chair = world.arbitrator(StringAt(appeal_panel.body, "/panel/seats/0/arbitrator"));
  Reply upheld = world.Finding(appeal_chair, id, finding);
  ASSERT_FALSE(upheld.error) << Describe(upheld);

  // 7. Remedy and response: the recommendation comes with the step; the
  //    secretariat records partial remediation, then closes the case.
  world.MoveOk(secretariat, id, "remedy-and-response");
  Reply remediation = testing::Await([&](ReplyFn done) {
    world.registry().RecordRemediation(secretariat, id, Parse(R"({"status":"partial","date":"2026-03-01"})"),
                                       done);
  });
  ASSERT_FALSE(remediation.error) << Describe(remediation);
  world.MoveOk(secretariat, id, "closed");

  // ------------------------------------------------------------ the log
  // Every entry the case wrote, in order, each naming its own index.
  const std::vector<std::string> expected = {
      "case.filed",
      "case.transitioned",         // admissibility-review
      "case.transitioned",         // admitted
      "case.transitioned",         // information-requested
      "case.deadline-expired",     // Russia did not answer: investigation
      "case.arbitrator-appointed", // Ukraine's seat
      "case.deadline-expired",     // Russia did not appoint: panel-selected
      "case.panel-drawn",
      "case.transitioned",         // hearing
      "case.evidence-accessed",
      "case.finding-issued",
      "case.transitioned",         // appeal-lodged
      "case.transitioned",         // appeal-panel-selected
      "case.panel-drawn",
      "case.transitioned",         // appeal-hearing
      "case.finding-issued",       // appeal-finding
      "case.transitioned",         // remedy-and-response
      "response.recommended",
      "response.remediation-recorded",
      "case.transitioned",         // closed
  };
  std::vector<std::string> types;
  std::vector<JsonValue> entries = LogEntries(log, first_entry);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(IntAt(entries[i], "/seq"), static_cast<std::int64_t>(first_entry + i));
    types.push_back(StringAt(entries[i], "/type"));
    const std::string bytes = testing::Canon(entries[i]);
    // Commitments only: no statement, evidence description, custody note
    // or evidence content ever reaches the public log.
    for (std::string_view secret : {testing::kStatement, testing::kDescription, testing::kCustodyNote,
                                    testing::kHelloBase64})
      EXPECT_FALSE(Contains(bytes, secret)) << "entry " << first_entry + i << " holds " << secret;
  }
  EXPECT_EQ(types, expected);
  ASSERT_EQ(entries.size(), expected.size());

  // The deadline events: the node acted, stamped at the deadline itself,
  // and the information request's is the accused's non-cooperation.
  EXPECT_EQ(StringAt(entries[4], "/body/at"), info_deadline) << testing::Canon(entries[4]);
  EXPECT_EQ(StringAt(entries[4], "/body/non_cooperation/0/side"), "accused");
  // The filing commits to the evidence by its SHA-256.
  EXPECT_TRUE(Contains(testing::Canon(entries[0]), testing::kHelloSha256));

  // The first panel: Ukraine's appointee, Russia's seat by the default
  // rule, no national of either party, and the seed is the log's root at
  // the tree size fixed in advance.
  const JsonValue panel = *testing::At(first_panel.body, "/panel");
  EXPECT_EQ(StringAt(panel, "/seats/1/arbitrator"), world.arbitrator_id("DE"));
  EXPECT_EQ(StringAt(panel, "/seats/1/source"), "appointed");
  EXPECT_EQ(StringAt(panel, "/seats/2/source"), "default-drawn");
  for (const char* seat : {"/seats/0/arbitrator", "/seats/1/arbitrator", "/seats/2/arbitrator"}) {
    EXPECT_NE(StringAt(panel, seat), world.arbitrator_id("UA"));
    EXPECT_NE(StringAt(panel, seat), world.arbitrator_id("RU"));
  }
  auto root = log.RootAt(static_cast<std::uint64_t>(IntAt(panel, "/seed_tree_size")));
  ASSERT_TRUE(root) << root.error().ToString();
  EXPECT_EQ(StringAt(panel, "/root_hash"), core::HexEncode(*root));

  // ------------------------------------------------------- public views
  // The case as anyone sees it: every stage with its date, the
  // non-cooperation, the appeal, no allegation.
  JsonValue view = world.CaseView(public_caller, id);
  EXPECT_EQ(StringAt(view, "/stage"), "closed");
  EXPECT_EQ(testing::At(view, "/allegation"), nullptr);
  EXPECT_TRUE(testing::At(view, "/appeal_used")->AsBool());
  EXPECT_EQ(StringAt(view, "/appealed_by"), "accused");
  const auto& history = testing::At(view, "/history")->AsArray();
  std::vector<std::string> stages;
  for (const auto& step : history) stages.push_back(StringAt(step, "/stage"));
  EXPECT_EQ(stages, (std::vector<std::string>{"filed", "admissibility-review", "admitted", "information-requested",
                                              "investigation", "panel-selected", "hearing", "finding",
                                              "appeal-lodged", "appeal-panel-selected", "appeal-hearing",
                                              "appeal-finding", "remedy-and-response", "closed"}));
  EXPECT_EQ(StringAt(history[4], "/by"), "deadline");
  EXPECT_EQ(StringAt(history[5], "/by"), "deadline");
  const auto& missed = testing::At(view, "/non_cooperation")->AsArray();
  ASSERT_EQ(missed.size(), 2u) << testing::Canon(view);
  EXPECT_EQ(StringAt(missed[0], "/side"), "accused");
  EXPECT_EQ(StringAt(missed[0], "/stage"), "information-requested");
  EXPECT_EQ(StringAt(missed[1], "/side"), "accused");
  EXPECT_EQ(StringAt(missed[1], "/stage"), "investigation");
  EXPECT_FALSE(Contains(testing::Canon(view), testing::kStatement));

  // The list and the stage attrition: one case, resolved after remedy.
  Reply list = world.registry().ListCases(public_caller, {});
  ASSERT_FALSE(list.error) << Describe(list);
  EXPECT_EQ(StringAt(list.body, "/items/0/id"), id);
  Reply statistics = world.registry().CaseStatistics({});
  ASSERT_FALSE(statistics.error) << Describe(statistics);
  EXPECT_TRUE(Contains(testing::Canon(statistics.body), "resolved")) << testing::Canon(statistics.body);

  // Both panels can be read back by anyone, with what recomputes them.
  Reply first_public = world.registry().GetCasePanel(id, {{"kind", "first-instance"}});
  ASSERT_FALSE(first_public.error) << Describe(first_public);
  Reply appeal_public = world.registry().GetCasePanel(id, {{"kind", "appeal"}});
  ASSERT_FALSE(appeal_public.error) << Describe(appeal_public);
  EXPECT_EQ(StringAt(appeal_public.body, "/kind"), "appeal");

  // The recommendation: on the ladder, with its rationale naming every
  // input (the two missed deadlines among them), and the remediation.
  Reply recommendation = world.registry().GetRecommendation(id);
  ASSERT_FALSE(recommendation.error) << Describe(recommendation);
  const std::string text = testing::Canon(recommendation.body);
  EXPECT_FALSE(StringAt(recommendation.body, "/recommendation/rung").empty()) << text;
  std::vector<std::string> inputs;
  for (const auto& item : testing::At(recommendation.body, "/recommendation/rationale")->AsArray())
    inputs.push_back(StringAt(item, "/input"));
  for (const char* input : {"outcome", "severity", "intent", "recidivism", "non_cooperation", "remediation",
                            "red_lines"})
    EXPECT_NE(std::find(inputs.begin(), inputs.end(), input), inputs.end()) << input << " in " << text;
  EXPECT_EQ(StringAt(recommendation.body, "/remediation/status"), "partial");
  EXPECT_EQ(StringAt(recommendation.body, "/finding"), StringAt(upheld.body, "/id"));

  // Standing: Russia's record now counts against it; Ukraine's does not.
  Reply russia = world.registry().PartyStanding(world.ru().reader.party_id, {{"as_of", "2026-03-02"}});
  ASSERT_FALSE(russia.error) << Describe(russia);
  EXPECT_NE(StringAt(russia.body, "/standing"), "good-standing") << testing::Canon(russia.body);
  Reply ukraine = world.registry().PartyStanding(world.ua().reader.party_id, {{"as_of", "2026-03-02"}});
  ASSERT_FALSE(ukraine.error) << Describe(ukraine);
  EXPECT_EQ(StringAt(ukraine.body, "/standing"), "good-standing");

  // Nothing is left to fire once the case is closed.
  EXPECT_TRUE(world.registry().PendingDeadlines().empty());
}

}  // namespace
}  // namespace accord::registry
