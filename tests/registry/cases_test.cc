// Tests of the grievance cases wired into the registry (issue 8,
// docs/grievance.md): the stored forms' codecs, filing with evidence,
// reads by role, the evidence chain of custody, transitions and their
// refusals, the panel draw, findings, the appeal and stage attrition.
// Expected values come from docs/grievance.md (the transition table, who
// may act, what is public) and from known digests, not from our output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/canonical_json.h"
#include "core/encoding.h"
#include "registry/internal/case_records.h"
#include "registry/panel_draw.h"
#include "registry/projection.h"
#include "case_test_util.h"

namespace accord::registry {
namespace {

using core::ErrorCode;
using core::JsonValue;
using ::testing::HasSubstr;
using testing::At;
using testing::CaseWorld;
using testing::Describe;
using testing::HasField;
using testing::IntAt;
using testing::Parse;
using testing::Str;
using testing::StringAt;
using testing::Time;

void ExpectError(const Reply& reply, ErrorCode code, std::string_view words = "") {
  ASSERT_TRUE(reply.error) << "expected an error, got " << Describe(reply);
  EXPECT_EQ(reply.error->code, code) << Describe(reply);
  EXPECT_THAT(reply.error->message, HasSubstr(std::string(words)));
}

model::Allegation SomeAllegation() {
  model::Allegation allegation;
  allegation.id = *core::StixId::Parse("allegation--6f1c8b5e-3f0a-4c7e-9a8b-1d2e3f4a5b6c");
  allegation.filer = {"party--1f1c8b5e-3f0a-4c7e-9a8b-1d2e3f4a5b6c", model::FilerKind::kState, "UA"};
  allegation.accused_state = "RU";
  allegation.reports = {*core::StixId::Parse("incident-report--2f1c8b5e-3f0a-4c7e-9a8b-1d2e3f4a5b6c")};
  allegation.statement = "s";
  allegation.filed_at = Time("2026-03-01T12:00:00Z");
  return allegation;
}

// ------------------------------------------------------------------ codecs

TEST(CaseRecordsTest, CaseStateRoundTripsThroughItsJson) {
  auto case_id = *core::StixId::Parse("case--3f1c8b5e-3f0a-4c7e-9a8b-1d2e3f4a5b6c");
  model::CaseDeadlines deadlines{std::chrono::seconds{100}, std::chrono::seconds{200}, std::chrono::seconds{300}};
  model::CaseState state = model::OpenCase(case_id, SomeAllegation(), deadlines);
  auto at = Time("2026-03-01T12:00:00.123456Z");
  for (auto [to, by] : {std::pair{model::CaseStage::kAdmissibilityReview, model::CaseActor::kSecretariat},
                        std::pair{model::CaseStage::kAdmitted, model::CaseActor::kSecretariat},
                        std::pair{model::CaseStage::kInformationRequested, model::CaseActor::kSecretariat}}) {
    auto next = model::ApplyTransition(state, {to, by, ""}, at);
    ASSERT_TRUE(next) << next.error().ToString();
    state = *next;
  }
  auto expired = model::ExpireDeadline(state, at + std::chrono::seconds{100});
  ASSERT_TRUE(expired) << expired.error().ToString();
  state = *expired;
  auto appointed = model::RecordAppointment(state, model::CaseSide::kFiler, at + std::chrono::seconds{101});
  ASSERT_TRUE(appointed) << appointed.error().ToString();
  state = *appointed;
  state.appeal = model::AppealRight::kUsed;
  state.appealed_by = model::CaseSide::kAccused;
  ASSERT_FALSE(state.non_cooperation.empty());
  ASSERT_FALSE(state.acted.empty());

  JsonValue json = internal::CaseStateToJson(state);
  auto back = internal::CaseStateFromJson(Parse(core::SerializeCanonical(json)));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, state);
}

TEST(CaseRecordsTest, CaseStateDecodingNamesTheMissingMember) {
  auto case_id = *core::StixId::Parse("case--3f1c8b5e-3f0a-4c7e-9a8b-1d2e3f4a5b6c");
  JsonValue json = internal::CaseStateToJson(model::OpenCase(case_id, SomeAllegation()));
  auto broken = internal::CaseStateFromJson(testing::Remove(json, "/history/0/by"));
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(broken.error().message, HasSubstr("history/0"));
  EXPECT_THAT(broken.error().message, HasSubstr("\"by\""));
}

TEST(CaseRecordsTest, PanelRecordRoundTripsAndRefusesABadRootHash) {
  internal::PanelRecord panel;
  panel.case_id = "case--3f1c8b5e-3f0a-4c7e-9a8b-1d2e3f4a5b6c";
  panel.kind = PanelKind::kAppeal;
  panel.seed_tree_size = 42;
  panel.root_hash_hex = std::string(64, 'a');
  panel.roster = {{"party--a", "DE", {"RU"}}, {"party--b", "NL", {}}};
  panel.party_states = {"UA", "RU"};
  panel.party_ids = {"party--x"};
  panel.excluded = {"party--c"};
  panel.appointments.filer = "party--b";
  panel.seats = {{SeatRole::kChair, "party--a", SeatSource::kDrawn},
                 {SeatRole::kFilerSeat, "party--b", SeatSource::kAppointed}};
  panel.drawn_at = Time("2026-03-02T00:00:00Z");
  auto back = internal::PanelRecordFromJson(internal::PanelRecordToJson(panel));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(internal::PanelRecordToJson(*back), internal::PanelRecordToJson(panel));
  EXPECT_EQ(back->seats, panel.seats);
  EXPECT_EQ(back->roster[0].conflicts, std::vector<std::string>{"RU"});

  auto bad = internal::PanelRecordFromJson(
      testing::Set(internal::PanelRecordToJson(panel), "/root_hash", Str("zz")));
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("root_hash"));
}

TEST(CaseRecordsTest, DeadlineIdsNameCaseStageAndStep) {
  auto case_id = *core::StixId::Parse("case--3f1c8b5e-3f0a-4c7e-9a8b-1d2e3f4a5b6c");
  model::CaseState state = model::OpenCase(case_id, SomeAllegation());
  EXPECT_FALSE(internal::CaseDeadlineId(state));
  for (auto to : {model::CaseStage::kAdmissibilityReview, model::CaseStage::kAdmitted,
                  model::CaseStage::kInformationRequested})
    state = *model::ApplyTransition(state, {to, model::CaseActor::kSecretariat, ""}, Time("2026-03-01T13:00:00Z"));
  auto id = internal::CaseDeadlineId(state);
  ASSERT_TRUE(id);
  EXPECT_EQ(*id, "case/" + case_id.ToString() + "/information-requested/3");
  EXPECT_EQ(internal::CaseOfDeadlineId(*id), case_id.ToString());
  EXPECT_FALSE(internal::CaseOfDeadlineId("ack/x/y"));
}

// ------------------------------------------------------------------ filing

TEST(FileCaseTest, FilingComputesTheEvidenceDigestAndSize) {
  CaseWorld world;
  Reply reply = world.File(world.ua(), world.FilingBody());
  ASSERT_FALSE(reply.error) << Describe(reply);
  EXPECT_TRUE(reply.created);
  const std::string id = StringAt(reply.body, "/id");
  EXPECT_EQ(reply.location, "/v1/cases/" + id);
  JsonValue view = world.CaseView(Caller{}, id);
  EXPECT_EQ(StringAt(view, "/stage"), "filed");
  EXPECT_EQ(StringAt(view, "/evidence/0/sha256"), testing::kHelloSha256);
  EXPECT_EQ(IntAt(view, "/evidence/0/size_bytes"), 5);
  EXPECT_EQ(StringAt(view, "/parties/accused_state"), "RU");
  EXPECT_EQ(StringAt(view, "/parties/filer_state"), "UA");
  EXPECT_EQ(At(view, "/allegation"), nullptr) << "the public sees no allegation";
  auto filed = world.PublicEvents(event_type::kCaseFiled);
  ASSERT_EQ(filed.size(), 1u);
  EXPECT_EQ(StringAt(filed[0], "/body/evidence/0/sha256"), testing::kHelloSha256);
}

TEST(FileCaseTest, RefusesADigestOrSizeThatDoesNotMatchTheContent) {
  CaseWorld world;
  JsonValue body = testing::Set(world.FilingBody(), "/evidence/0/sha256", Str(std::string(64, '0')));
  body = testing::Set(body, "/evidence/0/size_bytes", testing::Num(6));
  Reply reply = world.File(world.ua(), body);
  ExpectError(reply, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(reply, "/evidence/0/sha256")) << Describe(reply);
  EXPECT_TRUE(HasField(reply, "/evidence/0/size_bytes")) << Describe(reply);
}

TEST(FileCaseTest, NamesEachBadFieldWithAPointer) {
  CaseWorld world;
  JsonValue body = testing::Set(world.FilingBody(), "/evidence/0/content_base64", Str("not base64!"));
  body = testing::Set(body, "/accused_state", Str("XX"));
  body = testing::Set(body, "/id", Str("allegation--x"));
  body = testing::Set(body, "/colour", Str("red"));
  Reply reply = world.File(world.ua(), body);
  ExpectError(reply, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(reply, "/evidence/0/content_base64")) << Describe(reply);
  EXPECT_TRUE(HasField(reply, "/id")) << Describe(reply);
  EXPECT_TRUE(HasField(reply, "/colour")) << Describe(reply);
}

TEST(FileCaseTest, RefusesAnUnknownReport) {
  CaseWorld world;
  JsonValue body = testing::Set(world.FilingBody(), "/reports/0", Str(testing::NewReportId()));
  Reply reply = world.File(world.ua(), body);
  ExpectError(reply, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(reply, "/reports/0")) << Describe(reply);
}

TEST(FileCaseTest, OnlyStatesOperatorsAndWatchdogsFile) {
  CaseWorld world;
  ExpectError(world.File(Caller{}, world.FilingBody()), ErrorCode::kUnauthenticated);
  ExpectError(world.File(world.arbitrator(world.arbitrator_id("DE")), world.FilingBody()),
              ErrorCode::kPermissionDenied, "arbitrator");
  Reply by_operator = world.File(world.operator_party(), world.FilingBody());
  ASSERT_FALSE(by_operator.error) << Describe(by_operator);
  JsonValue view = world.CaseView(Caller{}, StringAt(by_operator.body, "/id"));
  EXPECT_EQ(StringAt(view, "/parties/filer_kind"), "private-entity");
  EXPECT_EQ(At(view, "/parties/filer_state"), nullptr);
}

// ------------------------------------------------------------------ reads

TEST(CaseReadTest, TheSidesAndTheSecretariatSeeTheAllegationOthersDoNot) {
  CaseWorld world;
  const std::string id = world.FileOk();
  for (const Caller* caller : {&world.ua(), &world.ru(), &world.secretariat()})
    EXPECT_EQ(StringAt(world.CaseView(*caller, id), "/allegation/statement"), testing::kStatement);
  EXPECT_EQ(At(world.CaseView(world.fr(), id), "/allegation"), nullptr) << "a wrong party";
  EXPECT_EQ(At(world.CaseView(Caller{}, id), "/allegation"), nullptr);
  Reply missing = world.registry().GetCase(Caller{}, "case--00000000-0000-4000-8000-000000000000");
  ExpectError(missing, ErrorCode::kNotFound, "is not registered");
}

TEST(CaseReadTest, ListsPublicFormsByStage) {
  CaseWorld world;
  const std::string first = world.FileOk();
  const std::string second = world.FileOk();
  world.MoveOk(world.secretariat(), second, "admissibility-review");
  Reply all = world.registry().ListCases(Caller{}, {});
  ASSERT_FALSE(all.error) << Describe(all);
  EXPECT_EQ(all.body.Find("items")->AsArray().size(), 2u);
  Reply filed = world.registry().ListCases(Caller{}, {{"stage", "filed"}});
  ASSERT_FALSE(filed.error) << Describe(filed);
  ASSERT_EQ(filed.body.Find("items")->AsArray().size(), 1u);
  EXPECT_EQ(StringAt(filed.body, "/items/0/id"), first);
  EXPECT_EQ(At(filed.body, "/items/0/allegation"), nullptr);
  ExpectError(world.registry().ListCases(Caller{}, {{"stage", "nowhere"}}), ErrorCode::kInvalidArgument, "stage");
}

// ------------------------------------------------------------------ evidence

TEST(EvidenceTest, EachReadIsACustodyEntryOnTheLog) {
  CaseWorld world;
  Reply filed = world.File(world.ua(), world.FilingBody());
  ASSERT_FALSE(filed.error) << Describe(filed);
  const std::string id = StringAt(filed.body, "/id");
  const std::string evidence = StringAt(filed.body, "/evidence/0");
  Reply read = world.ReadEvidence(world.ua(), id, evidence);
  ASSERT_FALSE(read.error) << Describe(read);
  EXPECT_EQ(StringAt(read.body, "/content_base64"), testing::kHelloBase64);
  EXPECT_EQ(StringAt(read.body, "/evidence/custody/0/action"), "submitted");
  EXPECT_EQ(StringAt(read.body, "/evidence/custody/1/action"), "examined");
  EXPECT_EQ(StringAt(read.body, "/evidence/custody/1/by"), world.ua().reader.party_id);
  Reply again = world.ReadEvidence(world.secretariat(), id, evidence);
  ASSERT_FALSE(again.error) << Describe(again);
  EXPECT_EQ(StringAt(again.body, "/evidence/custody/2/by"), world.secretariat().reader.party_id);
  auto accessed = world.PublicEvents(event_type::kCaseEvidenceAccessed);
  ASSERT_EQ(accessed.size(), 2u);
  EXPECT_EQ(StringAt(accessed[1], "/body/evidence"), evidence);
  EXPECT_EQ(StringAt(accessed[1], "/body/role"), "secretariat");
}

TEST(EvidenceTest, TheAccusedAWrongPartyAndThePublicMayNotReadContent) {
  CaseWorld world;
  Reply filed = world.File(world.ua(), world.FilingBody());
  ASSERT_FALSE(filed.error) << Describe(filed);
  const std::string id = StringAt(filed.body, "/id");
  const std::string evidence = StringAt(filed.body, "/evidence/0");
  ExpectError(world.ReadEvidence(world.ru(), id, evidence), ErrorCode::kPermissionDenied, "may read its evidence");
  ExpectError(world.ReadEvidence(world.fr(), id, evidence), ErrorCode::kPermissionDenied);
  ExpectError(world.ReadEvidence(Caller{}, id, evidence), ErrorCode::kUnauthenticated);
  ExpectError(world.ReadEvidence(world.ua(), id, "evidence--00000000-0000-4000-8000-000000000000"),
              ErrorCode::kNotFound);
  EXPECT_TRUE(world.PublicEvents(event_type::kCaseEvidenceAccessed).empty());
}

TEST(EvidenceTest, TheAccusedMayAddEvidence) {
  CaseWorld world;
  const std::string id = world.FileOk();
  JsonValue body = Parse(R"({"evidence":[{"media_type":"application/pdf","description":"reply",
                            "content_base64":"AAEC"}]})");
  Reply added = testing::Await([&](ReplyFn done) { world.registry().AddEvidence(world.ru(), id, body, done); });
  ASSERT_FALSE(added.error) << Describe(added);
  JsonValue view = world.CaseView(Caller{}, id);
  EXPECT_EQ(IntAt(view, "/evidence/1/size_bytes"), 3);
  Reply refused = testing::Await([&](ReplyFn done) { world.registry().AddEvidence(world.fr(), id, body, done); });
  ExpectError(refused, ErrorCode::kPermissionDenied);
  Reply empty = testing::Await(
      [&](ReplyFn done) { world.registry().AddEvidence(world.ru(), id, Parse(R"({"evidence":[]})"), done); });
  ExpectError(empty, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(empty, "/evidence"));
}

TEST(EvidenceTest, ThePublicLogHoldsNoStatementContentDescriptionOrCustodyNote) {
  CaseWorld world;
  Reply filed = world.File(world.ua(), world.FilingBody());
  ASSERT_FALSE(filed.error) << Describe(filed);
  const std::string id = StringAt(filed.body, "/id");
  ASSERT_FALSE(world.ReadEvidence(world.ua(), id, StringAt(filed.body, "/evidence/0")).error);
  world.MoveOk(world.secretariat(), id, "admissibility-review");
  std::size_t entries = 0;
  auto visited = world.harness().store().ForEachEvent(0, [&](const store::EventRecord& event) {
    ++entries;
    EXPECT_EQ(event.public_json.find(testing::kStatement), std::string::npos) << event.type;
    EXPECT_EQ(event.public_json.find(testing::kDescription), std::string::npos) << event.type;
    EXPECT_EQ(event.public_json.find(testing::kCustodyNote), std::string::npos) << event.type;
    EXPECT_EQ(event.public_json.find(testing::kHelloBase64), std::string::npos) << event.type;
    return core::Ok();
  });
  ASSERT_TRUE(visited);
  EXPECT_GT(entries, 3u);
  // The full forms in the store do hold them: the test above looks in the right place.
  auto row = world.harness().store().GetRecord("evidence", StringAt(filed.body, "/evidence/0"));
  ASSERT_TRUE(row);
  EXPECT_NE(row->full_json.find(testing::kCustodyNote), std::string::npos);
}

// ------------------------------------------------------------------ transitions

TEST(TransitionTest, AnIllegalStepIs409NamingTheAllowedSteps) {
  CaseWorld world;
  const std::string id = world.FileOk();
  Reply reply = world.Move(world.secretariat(), id, "hearing");
  ExpectError(reply, ErrorCode::kConflict, "cannot go from filed to hearing; allowed: admissibility-review, closed");
  EXPECT_EQ(world.StageOf(id), "filed");
}

TEST(TransitionTest, ARoleThatMayNotMakeTheStepIs403) {
  CaseWorld world;
  const std::string id = world.FileOk();
  world.MoveOk(world.secretariat(), id, "admissibility-review");
  ExpectError(world.Move(world.ru(), id, "admitted"), ErrorCode::kPermissionDenied,
              "the accused may not move a case from admissibility-review to admitted");
  ExpectError(world.Move(world.fr(), id, "admitted"), ErrorCode::kPermissionDenied, "may move case");
  ExpectError(world.Move(Caller{}, id, "admitted"), ErrorCode::kUnauthenticated);
}

TEST(TransitionTest, WithdrawalNeedsAReasonAndIsPublic) {
  CaseWorld world;
  const std::string id = world.FileOk();
  ExpectError(world.Move(world.ua(), id, "closed"), ErrorCode::kInvalidArgument, "reason");
  world.MoveOk(world.ua(), id, "closed", "settled bilaterally");
  auto moved = world.PublicEvents(event_type::kCaseTransitioned);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(StringAt(moved[0], "/body/to"), "closed");
  EXPECT_EQ(StringAt(moved[0], "/body/by"), "filer");
  EXPECT_EQ(StringAt(moved[0], "/body/reason"), "settled bilaterally");
}

TEST(TransitionTest, BadBodiesNameTheirFields) {
  CaseWorld world;
  const std::string id = world.FileOk();
  JsonValue body = Parse(R"({"to":"nowhere","seed_tree_size":-1,"extra":1})");
  Reply reply = testing::Await([&](ReplyFn done) { world.registry().TransitionCase(world.secretariat(), id, body, done); });
  ExpectError(reply, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(reply, "/to"));
  EXPECT_TRUE(HasField(reply, "/seed_tree_size"));
  EXPECT_TRUE(HasField(reply, "/extra"));
}

// ------------------------------------------------------------------ panel and finding

// Drives a case to a drawn first-instance panel with both sides appointing.
std::string CaseWithPanel(CaseWorld& world, JsonValue* panel_out = nullptr) {
  const std::string id = world.FileOk();
  world.ToInvestigation(id);
  EXPECT_FALSE(world.Appoint(world.ua(), id, "filer", world.arbitrator_id("DE")).error);
  EXPECT_FALSE(world.Appoint(world.ru(), id, "accused", world.arbitrator_id("NL")).error);
  world.MoveOk(world.secretariat(), id, "panel-selected");
  Reply drawn = world.Draw(world.secretariat(), id);
  EXPECT_FALSE(drawn.error) << Describe(drawn);
  if (panel_out != nullptr && !drawn.error) *panel_out = *drawn.body.Find("panel");
  return id;
}

TEST(PanelTest, AppointmentsCheckSideAndEligibility) {
  CaseWorld world;
  const std::string id = world.FileOk();
  world.ToInvestigation(id);
  ExpectError(world.Appoint(world.ru(), id, "filer", world.arbitrator_id("DE")), ErrorCode::kPermissionDenied,
              "filer");
  ExpectError(world.Appoint(world.ua(), id, "filer", world.arbitrator_id("UA")), ErrorCode::kConflict,
              "national of a party (UA)");
  ExpectError(world.Appoint(world.ua(), id, "filer", world.ua().reader.party_id), ErrorCode::kInvalidArgument,
              "not an active arbitrator");
  ASSERT_FALSE(world.Appoint(world.ua(), id, "filer", world.arbitrator_id("DE")).error);
  ExpectError(world.Appoint(world.ua(), id, "filer", world.arbitrator_id("SE")), ErrorCode::kConflict);
}

TEST(PanelTest, TheDrawIsRecomputableFromItsPublicRecordAndTheLog) {
  CaseWorld world;
  JsonValue body;
  const std::string id = CaseWithPanel(world, &body);
  ASSERT_EQ(body.type(), core::JsonType::kObject);
  auto panel = internal::PanelRecordFromJson(body);
  ASSERT_TRUE(panel) << panel.error().ToString();
  auto root = world.harness().log().RootAt(panel->seed_tree_size);
  ASSERT_TRUE(root);
  EXPECT_EQ(panel->root_hash_hex, core::HexEncode(std::span<const std::uint8_t>(*root)));
  auto input = internal::DrawInputOf(*panel);
  ASSERT_TRUE(input);
  EXPECT_TRUE(VerifyPanelDraw(panel->roster, *input, panel->appointments, panel->seats));
  ASSERT_EQ(panel->seats.size(), 3u);
  EXPECT_EQ(panel->seats[1].arbitrator_id, world.arbitrator_id("DE"));
  EXPECT_EQ(panel->seats[1].source, SeatSource::kAppointed);
  EXPECT_EQ(panel->seats[2].arbitrator_id, world.arbitrator_id("NL"));
  for (const auto& seat : panel->seats) {
    EXPECT_NE(seat.arbitrator_id, world.arbitrator_id("UA")) << "a national of the filer";
    EXPECT_NE(seat.arbitrator_id, world.arbitrator_id("RU")) << "a national of the accused";
  }
  // The panel reads the allegation; an arbitrator off the panel does not.
  EXPECT_EQ(StringAt(world.CaseView(world.arbitrator(panel->seats[0].arbitrator_id), id), "/allegation/statement"),
            testing::kStatement);
  EXPECT_EQ(At(world.CaseView(world.arbitrator(world.arbitrator_id("RU")), id), "/allegation"), nullptr);
  Reply stored = world.registry().GetCasePanel(id, {});
  ASSERT_FALSE(stored.error) << Describe(stored);
  EXPECT_EQ(testing::Canon(stored.body), testing::Canon(internal::PanelRecordToJson(*panel)));
  ExpectError(world.Draw(world.secretariat(), id), ErrorCode::kConflict, "each once");
  ASSERT_EQ(world.PublicEvents(event_type::kCasePanelDrawn).size(), 1u);
}

TEST(PanelTest, ATamperedPublishedSeatIsNamedWhenRecomputed) {
  CaseWorld world;
  JsonValue body;
  CaseWithPanel(world, &body);
  auto panel = internal::PanelRecordFromJson(body);
  ASSERT_TRUE(panel) << panel.error().ToString();
  auto input = internal::DrawInputOf(*panel);
  ASSERT_TRUE(input);
  std::vector<Seat> tampered = panel->seats;
  tampered[0].arbitrator_id = world.arbitrator_id("FI") == tampered[0].arbitrator_id ? world.arbitrator_id("NO")
                                                                                     : world.arbitrator_id("FI");
  auto verified = VerifyPanelDraw(panel->roster, *input, panel->appointments, tampered);
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(verified.error().message, HasSubstr("seat 0"));
  EXPECT_THAT(verified.error().message, HasSubstr(tampered[0].arbitrator_id));
}

TEST(PanelTest, ADeclaredConflictKeepsAnArbitratorOffThePanel) {
  CaseWorld world;
  const std::string id = world.FileOk();
  world.ToInvestigation(id);
  // Every eligible arbitrator but the appointees, FI and NO declares a conflict, so the
  // chair must be one of these two.
  for (const char* state : {"SE", "IE", "PT"}) {
    Reply declared = testing::Await([&](ReplyFn done) {
      world.registry().DeclareConflict(world.arbitrator(world.arbitrator_id(state)), id, Parse("{}"), done);
    });
    ASSERT_FALSE(declared.error) << Describe(declared);
  }
  ASSERT_FALSE(world.Appoint(world.ua(), id, "filer", world.arbitrator_id("DE")).error);
  ASSERT_FALSE(world.Appoint(world.ru(), id, "accused", world.arbitrator_id("NL")).error);
  world.MoveOk(world.secretariat(), id, "panel-selected");
  Reply drawn = world.Draw(world.secretariat(), id);
  ASSERT_FALSE(drawn.error) << Describe(drawn);
  const std::string chair = StringAt(drawn.body, "/panel/seats/0/arbitrator");
  EXPECT_NE(chair, world.arbitrator_id("SE"));
  EXPECT_TRUE(chair == world.arbitrator_id("FI") || chair == world.arbitrator_id("NO")) << chair;
  Reply by_state = testing::Await(
      [&](ReplyFn done) { world.registry().DeclareConflict(world.ua(), id, Parse("{}"), done); });
  ExpectError(by_state, ErrorCode::kPermissionDenied);
}

TEST(FindingTest, TheChairIssuesTheFindingAndAnAppealGoesToAnAllDrawnPanel) {
  CaseWorld world;
  JsonValue panel;
  const std::string id = CaseWithPanel(world, &panel);
  world.MoveOk(world.secretariat(), id, "hearing");
  const Caller& chair = world.arbitrator(StringAt(panel, "/seats/0/arbitrator"));
  const Caller& member = world.arbitrator(StringAt(panel, "/seats/1/arbitrator"));
  JsonValue finding = Parse(R"({"outcome":"violation","norms_violated":["ACN-B2"],"reasoning":"the logs show it",
                               "intent":"deliberate","red_lines":["RL-WATER"]})");
  ExpectError(world.Finding(member, id, finding), ErrorCode::kPermissionDenied, "chair");
  Reply bad = world.Finding(chair, id, testing::Set(finding, "/norms_violated/0", Str("ACN-Z9")));
  ExpectError(bad, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(bad, "/norms_violated/0")) << Describe(bad);
  Reply issued = world.Finding(chair, id, finding);
  ASSERT_FALSE(issued.error) << Describe(issued);
  EXPECT_EQ(world.StageOf(id), "finding");
  auto events = world.PublicEvents(event_type::kCaseFindingIssued);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(StringAt(events[0], "/body/finding/outcome"), "violation");
  EXPECT_EQ(StringAt(events[0], "/body/intent"), "deliberate");
  EXPECT_EQ(StringAt(events[0], "/body/red_lines/0"), "RL-WATER");
  auto stored = world.harness().store().GetRecord("finding", StringAt(issued.body, "/id"));
  ASSERT_TRUE(stored);
  JsonValue full = Parse(stored->full_json);
  EXPECT_EQ(StringAt(full, "/intent"), "deliberate");
  EXPECT_EQ(StringAt(full, "/red_lines/0"), "RL-WATER");

  // The accused appeals; the appeal panel excludes the first panel.
  world.MoveOk(world.ru(), id, "appeal-lodged");
  ExpectError(world.Move(world.ua(), id, "appeal-lodged"), ErrorCode::kConflict);
  world.harness().clock().Advance(std::chrono::seconds{1});
  Reply appeal = world.Draw(world.secretariat(), id);
  if (appeal.error && appeal.error->code == ErrorCode::kConflict) {
    // The log has not reached the appeal seed yet: one more entry does it.
    world.MoveOk(world.secretariat(), id, "appeal-panel-selected");
    appeal = world.Draw(world.secretariat(), id);
  }
  ASSERT_FALSE(appeal.error) << Describe(appeal);
  EXPECT_EQ(StringAt(appeal.body, "/panel/kind"), "appeal");
  for (const char* pointer : {"/seats/0/arbitrator", "/seats/1/arbitrator", "/seats/2/arbitrator"})
    for (const char* first : {"/seats/0/arbitrator", "/seats/1/arbitrator", "/seats/2/arbitrator"})
      EXPECT_NE(StringAt(appeal.body, std::string("/panel") + pointer), StringAt(panel, first));
  for (const char* pointer : {"/seats/0/source", "/seats/1/source", "/seats/2/source"})
    EXPECT_EQ(StringAt(appeal.body, std::string("/panel") + pointer), "drawn");
}

TEST(FindingTest, RemedyAfterAViolationRecommendsAResponseInTheSameCommand) {
  CaseWorld world;
  JsonValue panel;
  const std::string id = CaseWithPanel(world, &panel);
  world.MoveOk(world.secretariat(), id, "hearing");
  JsonValue finding = Parse(R"({"outcome":"violation","norms_violated":["ACN-B2"],"reasoning":"r",
                               "intent":"deliberate","red_lines":["RL-WATER"]})");
  ASSERT_FALSE(world.Finding(world.secretariat(), id, finding).error);
  Reply remedy = world.Move(world.secretariat(), id, "remedy-and-response");
  ASSERT_FALSE(remedy.error) << Describe(remedy);
  const JsonValue* types = remedy.body.Find("events");
  ASSERT_NE(types, nullptr);
  ASSERT_EQ(types->AsArray().size(), 2u) << testing::Canon(remedy.body);
  EXPECT_EQ(types->AsArray()[0].AsString(), event_type::kCaseTransitioned);
  EXPECT_EQ(types->AsArray()[1].AsString(), event_type::kResponseRecommended);
  auto stored = world.harness().store().GetRecord("recommendation", id);
  EXPECT_TRUE(stored) << "the recommendation record";
}

TEST(FindingTest, NoViolationRecommendsNothing) {
  CaseWorld world;
  const std::string id = CaseWithPanel(world);
  world.MoveOk(world.secretariat(), id, "hearing");
  ASSERT_FALSE(world.Finding(world.secretariat(), id,
                             Parse(R"({"outcome":"no-violation","reasoning":"not shown"})")).error);
  Reply remedy = world.Move(world.secretariat(), id, "remedy-and-response");
  ASSERT_FALSE(remedy.error) << Describe(remedy);
  EXPECT_EQ(remedy.body.Find("events")->AsArray().size(), 1u);
  world.MoveOk(world.secretariat(), id, "closed");
}

// ------------------------------------------------------------------ rebuild

TEST(CaseRebuildTest, ReplayingTheEventsGivesTheSameCaseRecords) {
  CaseWorld world;
  JsonValue panel;
  const std::string id = CaseWithPanel(world, &panel);
  Reply filed = world.File(world.ua(), world.FilingBody());
  ASSERT_FALSE(filed.error);
  ASSERT_FALSE(world.ReadEvidence(world.ua(), StringAt(filed.body, "/id"), StringAt(filed.body, "/evidence/0")).error);
  auto rows = [&] {
    std::vector<store::RecordRow> all;
    for (const char* kind : {"case", "allegation", "evidence", "finding"}) {
      auto listed = world.harness().store().ListRecords({.kind = kind, .limit = 1000});
      EXPECT_TRUE(listed) << listed.error().ToString();
      if (listed) all.insert(all.end(), listed->begin(), listed->end());
    }
    return all;
  };
  auto live = rows();
  ASSERT_GE(live.size(), 6u);
  world.harness().Close();
  auto rebuilt = RebuildProjections(world.harness().store(), [](std::uint64_t) {});
  ASSERT_TRUE(rebuilt) << rebuilt.error().ToString();
  EXPECT_EQ(rows(), live);
  world.harness().Open(world.options());
  EXPECT_EQ(world.StageOf(id), "panel-selected");
}

// ------------------------------------------------------------------ statistics

TEST(CaseStatisticsTest, CountsWhereCasesStoppedWithoutExercises) {
  CaseWorld world;
  const std::string withdrawn = world.FileOk();
  world.MoveOk(world.ua(), withdrawn, "closed", "settled");
  const std::string inadmissible = world.FileOk();
  world.MoveOk(world.secretariat(), inadmissible, "admissibility-review");
  world.MoveOk(world.secretariat(), inadmissible, "inadmissible", "outside the agreement's scope");
  world.FileOk();
  world.FileOk(testing::Set(world.FilingBody(), "/exercise", JsonValue::Bool(true)));
  Reply stats = world.registry().CaseStatistics({});
  ASSERT_FALSE(stats.error) << Describe(stats);
  EXPECT_EQ(IntAt(stats.body, "/cases"), 3);
  // Rows in stage order, then reason order (docs/grievance.md).
  EXPECT_EQ(testing::Canon(*stats.body.Find("attrition")),
            R"([{"cases":1,"reason":"withdrawn","stage":"filed"},{"cases":1,"reason":"pending","stage":"filed"},)"
            R"({"cases":1,"reason":"inadmissible","stage":"admissibility-review"}])");
  Reply exercise = world.registry().CaseStatistics({{"exercise", "true"}});
  ASSERT_FALSE(exercise.error);
  EXPECT_EQ(IntAt(exercise.body, "/cases"), 1);
}

}  // namespace
}  // namespace accord::registry
