// The graduated response wired into the registry (docs/response.md "What is
// wired"): RecommendationEvent over records in a real store, the
// secretariat's remediation command, and standing computed on read.
// Records of kind "case" and "recommendation" are written into the store
// directly (the cases commands are tested on their own); the expected
// numbers come from the built-in ladder, data/response/ladder-1.toml.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model/case.h"
#include "model/case_stage.h"
#include "registry/internal/responses.h"
#include "registry/record_writes.h"
#include "registry/response_ladder.h"
#include "registry_test_util.h"

namespace accord::registry {
namespace {

using testing::Await;
using testing::Canon;
using testing::Describe;
using testing::Harness;
using ::testing::HasSubstr;
using testing::IntAt;
using testing::Parse;
using testing::StringAt;
using testing::Time;

core::StixId NewId(std::string_view type) {
  auto id = core::StixId::Random(type);
  EXPECT_TRUE(id);
  return *id;
}

// A case by a PL state party against `accused`, filed at `filed` and moved
// through admissibility to admitted at the same time.
model::CaseState AdmittedCase(const std::string& accused, core::Timestamp filed) {
  model::Allegation allegation;
  allegation.id = NewId("allegation");
  allegation.filer =
      model::Filer{"party--00000000-0000-4000-8000-000000000001", model::FilerKind::kState, "PL"};
  allegation.accused_state = accused;
  allegation.reports = {NewId("incident-report")};
  allegation.statement = "statement";
  allegation.filed_at = filed;
  model::CaseState state = model::OpenCase(NewId("case"), allegation);
  for (model::CaseStage to :
       {model::CaseStage::kAdmissibilityReview, model::CaseStage::kAdmitted}) {
    auto next = model::ApplyTransition(state, {to, model::CaseActor::kSecretariat, ""}, filed);
    EXPECT_TRUE(next) << next.error().ToString();
    if (next) state = *next;
  }
  return state;
}

model::Finding ViolationFinding(const model::CaseState& state, core::Timestamp issued,
                                model::FindingOutcome outcome = model::FindingOutcome::kViolation) {
  model::Finding finding;
  finding.id = NewId("finding");
  finding.case_id = state.id;
  finding.outcome = outcome;
  if (outcome == model::FindingOutcome::kViolation) finding.norms_violated = {"ACN-B1"};
  finding.reasoning = "reasoning";
  finding.issued_at = issued;
  return finding;
}

void Put(store::Store& store, const std::vector<store::RecordRow>& rows) {
  auto batch = store.BeginWrite();
  ASSERT_TRUE(batch) << batch.error().ToString();
  for (const store::RecordRow& row : rows) {
    auto put = (*batch)->PutRecord(row);
    ASSERT_TRUE(put) << put.error().ToString();
  }
  auto committed = (*batch)->Commit();
  ASSERT_TRUE(committed) << committed.error().ToString();
}

// The "case" record as the cases commands write it (public form: the
// case's public JSON plus evidence and findings).
store::RecordRow CaseRow(const model::CaseState& state, std::uint64_t seq, bool exercise = false) {
  core::JsonObject members = model::CasePublicJson(state).AsObject();
  members.push_back({"evidence", core::JsonValue::Array({})});
  members.push_back({"findings", core::JsonValue::Array({})});
  return store::RecordRow{.kind = "case",
                          .id = state.id.ToString(),
                          .status = std::string(model::Name(state.stage)),
                          .parties = {},
                          .exercise = exercise,
                          .created_seq = seq,
                          .updated_seq = seq,
                          .full_json = "{}",
                          .public_json = Canon(core::JsonValue::Object(std::move(members)))};
}

// A "recommendation" record in the shared format, written by hand (only
// the members the readers use); `rung` "none" for a non-violation.
store::RecordRow RecommendationRow(const std::string& case_id, const std::string& accused,
                                   const std::string& finding_date, const std::string& rung,
                                   std::uint64_t seq, bool exercise = false) {
  std::string json =
      R"({"accused_state":")" + accused + R"(","case":")" + case_id +
      R"(","finding":"finding--9d9c3c6e-0f5e-4c55-9d0e-6b7f0c1d2e3f","finding_date":")" +
      finding_date + R"(","recommendation":{"rung":)" +
      (rung == "none" ? std::string("null") : "\"" + rung + "\"") +
      R"(},"remediation":{"status":"none"}})";
  return store::RecordRow{.kind = "recommendation",
                          .id = case_id,
                          .status = rung,
                          .parties = {},
                          .exercise = exercise,
                          .created_seq = seq,
                          .updated_seq = seq,
                          .full_json = json,
                          .public_json = json};
}

// The rows `event` writes, as the generic projection puts them, at `seq`.
void Project(store::Store& store, Event event, std::uint64_t seq) {
  event.seq = seq;
  auto rows = RecordRowsOf(event);
  ASSERT_TRUE(rows) << rows.error().ToString();
  Put(store, *rows);
}

const core::JsonValue* RationaleItem(const core::JsonValue& recommendation,
                                     std::string_view input) {
  const core::JsonValue* items = recommendation.Find("rationale");
  if (items == nullptr || items->type() != core::JsonType::kArray) return nullptr;
  for (const core::JsonValue& item : items->AsArray())
    if (item.Find("input") != nullptr && item.Find("input")->AsString() == input) return &item;
  return nullptr;
}

std::int64_t SeverityPoints(const std::string& level) {
  for (const InputOption& option : Ladder::Builtin().severity_levels)
    if (option.name == level) return option.points;
  ADD_FAILURE() << "level " << level << " is not in the ladder";
  return 0;
}

// The rung the ladder's thresholds give `points` (rungs[].min_points).
std::string RungFor(std::int64_t points) {
  std::string id;
  for (const Rung& rung : Ladder::Builtin().rungs)
    if (rung.min_points <= points) id = rung.id;
  return id;
}

class ResponsesTest : public ::testing::Test {
 protected:
  ResponsesTest() {
    h_.NewParty("state", "Lithuania", "LT");
    reporter_ = h_.NewCaller("state", "Poland", "PL");
    report_id_ = StringAt(h_.SubmitOk(reporter_, testing::StateReport("PL")), "/id");
    auto report = h_.store().GetReport(report_id_);
    EXPECT_TRUE(report) << report.error().ToString();
    if (report) level_ = report->severity_level;
  }

  core::Result<std::optional<Event>> Recommend(const model::CaseState& state,
                                               const model::Finding& finding,
                                               const std::string& intent,
                                               const std::vector<std::string>& red_lines = {}) {
    BatchView view(h_.store(), h_.log().size(), h_.clock().Now());
    auto report = core::StixId::Parse(report_id_);
    EXPECT_TRUE(report);
    return RecommendationEvent(Ladder::Builtin(), view, h_.store(), state, finding, intent,
                               red_lines, {*report}, Actor{"party--secretariat", ""});
  }

  Harness h_;
  Caller reporter_;
  std::string report_id_;
  std::string level_;
};

TEST_F(ResponsesTest, ViolationWithRecidivismWithinTheWindowAddsItsPoints) {
  ASSERT_FALSE(level_.empty());
  model::CaseState state = AdmittedCase("LT", Time("2026-01-10T09:00:00Z"));
  model::Finding finding = ViolationFinding(state, Time("2026-02-20T10:00:00Z"));
  // One earlier violation against LT 20 months before (inside the 60-month
  // window), one 8 years before (outside), one against another state, a
  // "none" recommendation against LT (not a violation) and an exercise one.
  Put(h_.store(), {RecommendationRow("case--a1b2c3d4-0000-4000-8000-000000000001", "LT",
                                     "2024-06-01", "protest", 2),
                   RecommendationRow("case--a1b2c3d4-0000-4000-8000-000000000002", "LT",
                                     "2018-01-01", "protest", 3),
                   RecommendationRow("case--a1b2c3d4-0000-4000-8000-000000000003", "EE",
                                     "2025-06-01", "protest", 4),
                   RecommendationRow("case--a1b2c3d4-0000-4000-8000-000000000004", "LT",
                                     "2025-07-01", "none", 5),
                   RecommendationRow("case--a1b2c3d4-0000-4000-8000-000000000005", "LT",
                                     "2025-08-01", "protest", 6,
                                     /*exercise=*/true)});

  auto event = Recommend(state, finding, "deliberate");
  ASSERT_TRUE(event) << event.error().ToString();
  ASSERT_TRUE(event->has_value());
  const Event& e = **event;
  EXPECT_EQ(e.type, event_type::kResponseRecommended);
  EXPECT_EQ(e.subject, state.id.ToString());
  EXPECT_EQ(StringAt(e.public_body, "/case"), state.id.ToString());
  EXPECT_EQ(StringAt(e.public_body, "/accused_state"), "LT");
  EXPECT_EQ(StringAt(e.public_body, "/finding"), finding.id.ToString());
  EXPECT_EQ(StringAt(e.public_body, "/schema"), "accord.response-recommendation/1");

  const core::JsonValue* recidivism = RationaleItem(e.public_body, "recidivism");
  ASSERT_NE(recidivism, nullptr) << Canon(e.public_body);
  EXPECT_EQ(StringAt(*recidivism, "/value"), "1");
  EXPECT_EQ(IntAt(*recidivism, "/points"), 30);  // [recidivism] points_per_finding
  // severity + deliberate (30) + one repeat (30); one report, no breadth.
  std::int64_t total = SeverityPoints(level_) + 30 + 30;
  EXPECT_EQ(IntAt(e.public_body, "/total_points"), total);
  EXPECT_EQ(StringAt(e.public_body, "/rung"), RungFor(total));

  // The record the event writes: kind "recommendation", id = case id.
  const core::JsonValue* records = e.full_body.Find("records");
  ASSERT_NE(records, nullptr);
  ASSERT_EQ(records->AsArray().size(), 1u);
  const core::JsonValue& record = records->AsArray()[0];
  EXPECT_EQ(StringAt(record, "/kind"), "recommendation");
  EXPECT_EQ(StringAt(record, "/id"), state.id.ToString());
  EXPECT_EQ(StringAt(record, "/status"), RungFor(total));
  EXPECT_EQ(StringAt(record, "/full/finding_date"), "2026-02-20");
  EXPECT_EQ(StringAt(record, "/full/remediation/status"), "none");
  EXPECT_EQ(Canon(*record.Find("full")), Canon(*record.Find("public")));
}

TEST_F(ResponsesTest, CrossedRedLineSetsTheOverrideMinimumRung) {
  model::CaseState state = AdmittedCase("LT", Time("2026-01-10T09:00:00Z"));
  model::Finding finding = ViolationFinding(state, Time("2026-02-20T10:00:00Z"));
  // At most 80 severity points with intent "unknown": below "suspension"
  // (100) by points, but RL-SAFETY's override lifts it there.
  auto event = Recommend(state, finding, "unknown", {"RL-SAFETY"});
  ASSERT_TRUE(event) << event.error().ToString();
  ASSERT_TRUE(event->has_value());
  EXPECT_EQ(StringAt((*event)->public_body, "/red_line_min_rung"), "suspension");
  EXPECT_EQ(StringAt((*event)->public_body, "/rung"), "suspension");
}

TEST_F(ResponsesTest, OutcomesOtherThanViolationGiveNoEvent) {
  model::CaseState state = AdmittedCase("LT", Time("2026-01-10T09:00:00Z"));
  for (model::FindingOutcome outcome :
       {model::FindingOutcome::kNoViolation, model::FindingOutcome::kInconclusive}) {
    auto event = Recommend(state, ViolationFinding(state, Time("2026-02-20T10:00:00Z"), outcome),
                           "deliberate");
    ASSERT_TRUE(event) << event.error().ToString();
    EXPECT_FALSE(event->has_value()) << model::Name(outcome);
  }
}

TEST_F(ResponsesTest, NonCooperationOfTheAccusedCountsAndTheFilersDoesNot) {
  model::CaseState state = AdmittedCase("LT", Time("2026-01-10T09:00:00Z"));
  state.non_cooperation = {
      {model::CaseSide::kAccused, model::CaseStage::kInformationRequested,
       Time("2026-01-20T00:00:00Z")},
      {model::CaseSide::kAccused, model::CaseStage::kInvestigation, Time("2026-02-01T00:00:00Z")},
      {model::CaseSide::kFiler, model::CaseStage::kInvestigation, Time("2026-02-01T00:00:00Z")}};
  auto event = Recommend(state, ViolationFinding(state, Time("2026-02-20T10:00:00Z")), "reckless");
  ASSERT_TRUE(event) << event.error().ToString();
  ASSERT_TRUE(event->has_value());
  const core::JsonValue* item = RationaleItem((*event)->public_body, "non_cooperation");
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(StringAt(*item, "/value"), "2");
  EXPECT_EQ(IntAt(*item, "/points"), 20);  // [cooperation] points_per_record 10
}

TEST_F(ResponsesTest, UnknownIntentAndMissingReportAreInvalidArguments) {
  model::CaseState state = AdmittedCase("LT", Time("2026-01-10T09:00:00Z"));
  model::Finding finding = ViolationFinding(state, Time("2026-02-20T10:00:00Z"));
  auto intent = Recommend(state, finding, "malicious");
  ASSERT_FALSE(intent);
  EXPECT_EQ(intent.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(intent.error().message, HasSubstr("intent"));

  BatchView view(h_.store(), h_.log().size(), h_.clock().Now());
  auto missing = RecommendationEvent(Ladder::Builtin(), view, h_.store(), state, finding,
                                     "deliberate", {}, {NewId("incident-report")}, Actor{});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(missing.error().message, HasSubstr("report_ids[0]"));
}

// ------------------------------------------------------------ remediation

class RemediationTest : public ResponsesTest {
 protected:
  RemediationTest() {
    state_ = AdmittedCase("LT", Time("2025-05-01T09:00:00Z"));
    model::Finding finding = ViolationFinding(state_, Time("2025-06-01T10:00:00Z"));
    auto event = Recommend(state_, finding, "unknown", {"RL-SAFETY"});  // rung "suspension"
    EXPECT_TRUE(event && event->has_value());
    if (event && event->has_value()) Project(h_.store(), **event, 40);
    case_id_ = state_.id.ToString();
  }

  Reply Remediate(const Caller& caller, const std::string& id, const core::JsonValue& body) {
    return Await([&](ReplyFn done) { h_.registry().RecordRemediation(caller, id, body, done); });
  }
  Reply Remediate(const std::string& status, const std::string& date) {
    return Remediate(h_.secretariat(), case_id_,
                     Parse(R"({"status":")" + status + R"(","date":")" + date + R"("})"));
  }
  Reply Standing(const std::string& as_of) {
    return h_.registry().PartyStanding(lt_party(), {{"as_of", as_of}});
  }
  std::string lt_party() {
    auto parties = h_.store().ListParties();
    EXPECT_TRUE(parties);
    for (const auto& party : *parties)
      if (party.state == "LT") return party.id;
    return "";
  }

  model::CaseState state_;
  std::string case_id_;
};

TEST_F(RemediationTest, RecommendationIsPublicAndAbsentOnesAreNotFound) {
  Reply reply = h_.registry().GetRecommendation(case_id_);
  ASSERT_FALSE(reply.error) << Describe(reply);
  EXPECT_EQ(StringAt(reply.body, "/recommendation/rung"), "suspension");
  EXPECT_EQ(StringAt(reply.body, "/remediation/status"), "none");
  Reply none = h_.registry().GetRecommendation(NewId("case").ToString());
  ASSERT_TRUE(none.error);
  EXPECT_EQ(none.error->code, core::ErrorCode::kNotFound);
  EXPECT_THAT(none.error->message, HasSubstr("has no recommendation"));
}

TEST_F(RemediationTest, SuspendedUntilRemediatedThenProbationThenGoodStanding) {
  // The finding's rung suspends benefits while unremediated.
  Reply before = Standing("2025-12-01");
  ASSERT_FALSE(before.error) << Describe(before);
  EXPECT_EQ(StringAt(before.body, "/standing"), "suspended");
  EXPECT_EQ(StringAt(before.body, "/benefits/threat_intelligence_tier"), "basic");
  EXPECT_FALSE(before.body.Find("benefits")->Find("technical_assistance")->AsBool());
  EXPECT_THAT(StringAt(before.body, "/reasons/0"), HasSubstr("2025-06-01"));

  std::uint64_t size = h_.log().size();
  Reply partial = Remediate("partial", "2026-01-10");
  ASSERT_FALSE(partial.error) << Describe(partial);
  EXPECT_EQ(StringAt(partial.body, "/remediation/status"), "partial");
  EXPECT_EQ(h_.log().size(), size + 1);
  EXPECT_EQ(StringAt(Standing("2026-01-15").body, "/standing"), "under-review");
  // Deterministic for a given day: before the partial remediation it was
  // still unremediated.
  EXPECT_EQ(StringAt(Standing("2025-12-01").body, "/standing"), "suspended");

  Reply complete = Remediate("complete", "2026-02-01");
  ASSERT_FALSE(complete.error) << Describe(complete);
  auto row = h_.store().GetRecord("recommendation", case_id_);
  ASSERT_TRUE(row);
  EXPECT_THAT(row->full_json,
              HasSubstr(R"("remediation":{"date":"2026-02-01","status":"complete"})"));
  // Probation: six months ([standing] probation_months) of review ...
  Reply probation = Standing("2026-02-15");
  EXPECT_EQ(StringAt(probation.body, "/standing"), "under-review");
  EXPECT_THAT(StringAt(probation.body, "/reasons/0"), HasSubstr("probation"));
  // ... ending on 2026-08-01.
  Reply regained = Standing("2026-08-01");
  ASSERT_FALSE(regained.error) << Describe(regained);
  EXPECT_EQ(StringAt(regained.body, "/standing"), "good-standing");
  EXPECT_EQ(StringAt(regained.body, "/benefits/threat_intelligence_tier"), "full");
  EXPECT_EQ(StringAt(regained.body, "/as_of"), "2026-08-01");
}

TEST_F(RemediationTest, OnlyTheSecretariatRecordsRemediation) {
  core::JsonValue body = Parse(R"({"status":"partial","date":"2026-01-10"})");
  Reply state = Remediate(reporter_, case_id_, body);
  ASSERT_TRUE(state.error);
  EXPECT_EQ(state.error->code, core::ErrorCode::kPermissionDenied);
  EXPECT_THAT(state.error->message, HasSubstr("record remediation"));
  Reply anonymous = Remediate(Caller{}, case_id_, body);
  ASSERT_TRUE(anonymous.error);
  EXPECT_EQ(anonymous.error->code, core::ErrorCode::kUnauthenticated);
}

TEST_F(RemediationTest, BadBodiesNameEachField) {
  Reply reply = Remediate(h_.secretariat(), case_id_,
                          Parse(R"({"status":"mostly","date":"2026-02-30","x":1})"));
  ASSERT_TRUE(reply.error);
  EXPECT_EQ(reply.error->code, core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(testing::HasField(reply, "/status")) << Describe(reply);
  EXPECT_TRUE(testing::HasField(reply, "/date")) << Describe(reply);
  EXPECT_TRUE(testing::HasField(reply, "/x")) << Describe(reply);

  Reply missing = Remediate(h_.secretariat(), case_id_, Parse("{}"));
  EXPECT_TRUE(testing::HasField(missing, "/status")) << Describe(missing);
  EXPECT_TRUE(testing::HasField(missing, "/date")) << Describe(missing);

  Reply future = Remediate("complete", "2026-03-02");  // the clock reads 2026-03-01
  ASSERT_TRUE(future.error);
  EXPECT_TRUE(testing::HasField(future, "/date")) << Describe(future);
  EXPECT_THAT(future.fields[0].message, HasSubstr("after today"));
}

TEST_F(RemediationTest, StateConflictsAndUnknownCases) {
  Reply early = Remediate("partial", "2025-05-31");  // the finding is of 2025-06-01
  ASSERT_TRUE(early.error);
  EXPECT_EQ(early.error->code, core::ErrorCode::kConflict);
  EXPECT_THAT(early.error->message, HasSubstr("before the finding of 2025-06-01"));

  ASSERT_FALSE(Remediate("partial", "2026-01-10").error);
  Reply backwards = Remediate("complete", "2026-01-09");
  ASSERT_TRUE(backwards.error);
  EXPECT_EQ(backwards.error->code, core::ErrorCode::kConflict);
  EXPECT_THAT(backwards.error->message, HasSubstr("last recorded remediation of 2026-01-10"));

  core::JsonValue body = Parse(R"({"status":"partial","date":"2026-01-10"})");
  Reply unknown = Remediate(h_.secretariat(), NewId("case").ToString(), body);
  ASSERT_TRUE(unknown.error);
  EXPECT_EQ(unknown.error->code, core::ErrorCode::kNotFound);

  // A case without a recommendation yet.
  model::CaseState open = AdmittedCase("LT", Time("2026-01-10T09:00:00Z"));
  Put(h_.store(), {CaseRow(open, 50)});
  Reply no_recommendation = Remediate(h_.secretariat(), open.id.ToString(), body);
  ASSERT_TRUE(no_recommendation.error);
  EXPECT_EQ(no_recommendation.error->code, core::ErrorCode::kConflict);
  EXPECT_THAT(no_recommendation.error->message, HasSubstr("has no recommendation"));
}

// --------------------------------------------------------------- standing

TEST_F(ResponsesTest, StandingOfEveryStatePartyFromCasesAndRecommendations) {
  h_.NewParty("state", "Estonia", "EE");
  h_.NewParty("state", "Latvia", "LV");
  h_.NewParty("state", "Finland", "FI");
  // EE: an admitted case against it, open -> under review.
  model::CaseState ee = AdmittedCase("EE", Time("2026-01-10T09:00:00Z"));
  // LV: an accused non-cooperation record, in a case now closed.
  model::CaseState lv = AdmittedCase("LV", Time("2025-10-01T09:00:00Z"));
  lv.non_cooperation.push_back({model::CaseSide::kAccused, model::CaseStage::kInformationRequested,
                                Time("2025-11-01T00:00:00Z")});
  auto closed =
      model::ApplyTransition(lv, {model::CaseStage::kClosed, model::CaseActor::kFiler, "withdrawn"},
                             Time("2025-10-02T00:00:00Z"));
  ASSERT_TRUE(closed) << closed.error().ToString();  // the filer withdraws
  lv = *closed;
  // LT: an unremediated violation at rung "suspension" -> suspended.
  // FI: only an exercise case and an exercise recommendation -> good standing.
  model::CaseState fi = AdmittedCase("FI", Time("2026-01-10T09:00:00Z"));
  Put(h_.store(), {CaseRow(ee, 10), CaseRow(lv, 11), CaseRow(fi, 12, /*exercise=*/true),
                   RecommendationRow("case--a1b2c3d4-0000-4000-8000-000000000010", "LT",
                                     "2025-09-01", "suspension", 13),
                   RecommendationRow("case--a1b2c3d4-0000-4000-8000-000000000011", "FI",
                                     "2025-09-01", "suspension", 14, /*exercise=*/true)});

  Reply reply = h_.registry().ListStanding({{"as_of", "2026-02-01"}});
  ASSERT_FALSE(reply.error) << Describe(reply);
  EXPECT_EQ(StringAt(reply.body, "/as_of"), "2026-02-01");
  EXPECT_EQ(StringAt(reply.body, "/ladder_version"), "1");
  const core::JsonArray& items = reply.body.Find("items")->AsArray();
  std::vector<std::string> order;
  for (const core::JsonValue& item : items) order.push_back(StringAt(item, "/state"));
  EXPECT_EQ(order, (std::vector<std::string>{"EE", "FI", "LT", "LV", "PL"}));
  auto standing = [&](const std::string& state) {
    for (const core::JsonValue& item : items)
      if (StringAt(item, "/state") == state) return StringAt(item, "/standing");
    return std::string("absent");
  };
  EXPECT_EQ(standing("EE"), "under-review");
  EXPECT_EQ(standing("FI"), "good-standing");
  EXPECT_EQ(standing("LT"), "suspended");
  EXPECT_EQ(standing("LV"), "under-review");
  EXPECT_EQ(standing("PL"), "good-standing");
  EXPECT_EQ(IntAt(items[0], "/open_cases"), 1);
  EXPECT_THAT(StringAt(items[0], "/reasons/0"), HasSubstr("1 open case(s)"));
  EXPECT_EQ(IntAt(items[3], "/non_cooperation_records"), 1);
  EXPECT_EQ(IntAt(items[3], "/open_cases"), 0);
  EXPECT_EQ(IntAt(items[2], "/unremediated_findings"), 1);

  // Before the EE case was filed, EE was in good standing: records count
  // only from their dates.
  Reply earlier = h_.registry().ListStanding({{"as_of", "2025-12-31"}});
  ASSERT_FALSE(earlier.error) << Describe(earlier);
  EXPECT_EQ(StringAt(earlier.body.Find("items")->AsArray()[0], "/standing"), "good-standing");

  // The same day asked twice gives the same bytes.
  EXPECT_EQ(Canon(h_.registry().ListStanding({{"as_of", "2026-02-01"}}).body), Canon(reply.body));
}

TEST_F(ResponsesTest, StandingDefaultsToTodayByTheRegistryClock) {
  Reply reply = h_.registry().ListStanding({});
  ASSERT_FALSE(reply.error) << Describe(reply);
  EXPECT_EQ(StringAt(reply.body, "/as_of"), "2026-03-01");
  h_.clock().Set(Time("2026-03-02T00:00:01Z"));
  EXPECT_EQ(StringAt(h_.registry().ListStanding({}).body, "/as_of"), "2026-03-02");
}

TEST_F(ResponsesTest, AsOfThatIsNotACalendarDayIsRefusedNamingTheParameter) {
  for (std::string bad : {"2026-02-30", "yesterday", "2026-2-1", "20260201", ""}) {
    Reply reply = h_.registry().ListStanding({{"as_of", bad}});
    ASSERT_TRUE(reply.error) << bad;
    EXPECT_EQ(reply.error->code, core::ErrorCode::kInvalidArgument) << bad;
    EXPECT_THAT(reply.error->message, HasSubstr("\"as_of\"")) << bad;
    EXPECT_TRUE(testing::HasField(reply, "/as_of")) << bad;  // 422
    Reply one = h_.registry().PartyStanding(reporter_.reader.party_id, {{"as_of", bad}});
    EXPECT_TRUE(testing::HasField(one, "/as_of")) << bad;
  }
  Reply unknown = h_.registry().ListStanding({{"asof", "2026-02-01"}});
  ASSERT_TRUE(unknown.error);
  EXPECT_TRUE(unknown.fields.empty());  // 400: an unknown parameter
  EXPECT_THAT(unknown.error->message, HasSubstr("\"asof\""));
}

TEST_F(ResponsesTest, PartyStandingOfUnknownOrNonStatePartiesIsNotFound) {
  Reply unknown = h_.registry().PartyStanding("party--00000000-0000-4000-8000-00000000abcd", {});
  ASSERT_TRUE(unknown.error);
  EXPECT_EQ(unknown.error->code, core::ErrorCode::kNotFound);
  Reply secretariat = h_.registry().PartyStanding(h_.secretariat().reader.party_id, {});
  ASSERT_TRUE(secretariat.error);
  EXPECT_EQ(secretariat.error->code, core::ErrorCode::kNotFound);
  EXPECT_THAT(secretariat.error->message, HasSubstr("not a state"));
  Reply pl = h_.registry().PartyStanding(reporter_.reader.party_id, {{"as_of", "2026-02-01"}});
  ASSERT_FALSE(pl.error) << Describe(pl);
  EXPECT_EQ(StringAt(pl.body, "/state"), "PL");
  EXPECT_EQ(StringAt(pl.body, "/standing"), "good-standing");
  EXPECT_TRUE(pl.body.Find("reasons")->AsArray().empty());
}

}  // namespace
}  // namespace accord::registry
