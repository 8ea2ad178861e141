// Tests of the grievance records (model/case.h) and the case state machine
// (model/case_stage.h). Expected transitions come from issue 8 and the table
// of docs/grievance.md; expected messages from the contracts in the headers.
#include "model/case.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/canonical_json.h"
#include "model/case_stage.h"

namespace accord::model {
namespace {

using std::chrono::days;
using std::chrono::hours;

constexpr char kAllegation[] = R"json({
  "schema": "accord.allegation/1",
  "id": "allegation--3b9a1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
  "filer": {"party_id": "party--aaaaaaaa-0000-4000-8000-000000000001", "kind": "state", "state": "UA"},
  "accused_state": "RU",
  "reports": ["incident-report--0f6d4b7e-3a52-4c8e-b1f9-7e2a5c8d9014"],
  "statement": "The operation of 23 December cut power to civilian customers.",
  "evidence": [{
    "id": "evidence--5d2b9e0f-7a63-4e6f-8a1c-2c9e1f4a7b3d",
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "media_type": "application/vnd.tcpdump.pcap",
    "size_bytes": 1048576,
    "description": "packet capture at the substation gateway",
    "custody": [
      {"at": "2016-01-02T10:00:00Z", "by": "party--aaaaaaaa-0000-4000-8000-000000000001", "action": "submitted"},
      {"at": "2016-01-02T11:00:00Z", "by": "party--cccccccc-0000-4000-8000-000000000003", "action": "received", "note": "sealed bag 17"}
    ]
  }],
  "filed_at": "2016-01-02T10:00:00Z"
})json";

constexpr char kFinding[] = R"json({
  "schema": "accord.finding/1",
  "id": "finding--1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  "case_id": "case--6f1c2a9e-8b3d-4c7a-9e2f-1a5b3c7d9e0f",
  "outcome": "violation",
  "norms_violated": ["ACN-B1"],
  "reasoning": "The operation targeted a civilian distribution grid.",
  "issued_at": "2016-06-01T12:00:00Z",
  "appeal": false
})json";

core::Timestamp T(const char* text) {
  return *core::ParseRfc3339(text);
}

// The set of (pointer, message) of a decode, for exact checks.
std::vector<FieldError> ErrorsOf(std::string_view json) {
  return DecodeAllegation(json).errors;
}

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// ------------------------------------------------------------------ codec

TEST(AllegationCodecTest, DecodesAValidAllegation) {
  auto decoded = DecodeAllegation(kAllegation);
  ASSERT_TRUE(decoded) << decoded.errors[0].ToString();
  const Allegation& allegation = *decoded.value;
  EXPECT_EQ(allegation.filer.kind, FilerKind::kState);
  EXPECT_EQ(allegation.filer.state, "UA");
  EXPECT_EQ(allegation.accused_state, "RU");
  ASSERT_EQ(allegation.evidence.size(), 1u);
  EXPECT_EQ(allegation.evidence[0].size_bytes, 1048576);
  ASSERT_EQ(allegation.evidence[0].custody.size(), 2u);
  EXPECT_EQ(allegation.evidence[0].custody[1].action, CustodyAction::kReceived);
  EXPECT_EQ(allegation.evidence[0].custody[1].note, "sealed bag 17");
}

TEST(AllegationCodecTest, EncodingIsCanonicalAndRoundTrips) {
  auto decoded = DecodeAllegation(kAllegation);
  ASSERT_TRUE(decoded);
  const std::string encoded = EncodeAllegation(*decoded.value);
  auto canonical = core::CanonicalizeJson(kAllegation);
  ASSERT_TRUE(canonical);
  EXPECT_EQ(encoded, *canonical);  // the input holds every field in canonical spelling
  auto again = DecodeAllegation(encoded);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again.value, *decoded.value);
}

TEST(AllegationCodecTest, ReportsEveryViolationWithItsPointer) {
  std::string json = Replace(kAllegation, R"("accused_state": "RU")", R"("accused_state": "XX")");
  json = Replace(json, R"("kind": "state")", R"("kind": "ngo")");
  json = Replace(json, R"("size_bytes": 1048576)", R"("size_bytes": -1)");
  json = Replace(json, R"("action": "submitted")", R"("action": "sealed")");
  json = Replace(json, R"("reports": [)", R"("extra": 1, "reports": [)");
  const std::vector<FieldError> errors = ErrorsOf(json);
  std::set<std::string> pointers;
  for (const FieldError& error : errors) pointers.insert(error.pointer);
  EXPECT_EQ(pointers,
            (std::set<std::string>{"/extra", "/filer/kind", "/accused_state",
                                   "/evidence/0/size_bytes", "/evidence/0/custody/0/action"}))
      << errors.size();
  for (const FieldError& error : errors) {
    if (error.pointer == "/filer/kind") {
      EXPECT_EQ(error.message, "expected one of \"state\", \"private-entity\", found \"ngo\"");
    }
    if (error.pointer == "/evidence/0/custody/0/action") {
      EXPECT_EQ(error.message, "the chain of custody starts with \"submitted\", found \"sealed\"");
    }
  }
}

TEST(AllegationCodecTest, RefusesAStateAccusingItself) {
  const auto errors =
      ErrorsOf(Replace(kAllegation, R"("accused_state": "RU")", R"("accused_state": "UA")"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].pointer, "/accused_state");
  EXPECT_EQ(errors[0].message, "a state may not accuse itself: the filer's state is \"UA\"");
}

TEST(AllegationCodecTest, StateFilerNeedsAStateAndPrivateEntityHasNone) {
  auto missing = ErrorsOf(Replace(kAllegation, R"(, "state": "UA"})", "}"));
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].pointer, "/filer/state");
  EXPECT_NE(missing[0].message.find("the filer is a state"), std::string::npos)
      << missing[0].message;
  auto private_with_state =
      ErrorsOf(Replace(kAllegation, R"("kind": "state")", R"("kind": "private-entity")"));
  ASSERT_EQ(private_with_state.size(), 1u);
  EXPECT_EQ(private_with_state[0].pointer, "/filer/state");
  EXPECT_EQ(private_with_state[0].message, "a private entity files without a state");
  auto private_ok = DecodeAllegation(
      Replace(kAllegation, R"("kind": "state", "state": "UA")", R"("kind": "private-entity")"));
  ASSERT_TRUE(private_ok);
  EXPECT_EQ(private_ok.value->filer.kind, FilerKind::kPrivateEntity);
  EXPECT_FALSE(private_ok.value->filer.state);
}

TEST(AllegationCodecTest, ReportsMustBeUniqueIncidentReportIds) {
  const std::string two = Replace(
      kAllegation, R"(["incident-report--0f6d4b7e-3a52-4c8e-b1f9-7e2a5c8d9014"])",
      R"(["incident-report--0f6d4b7e-3a52-4c8e-b1f9-7e2a5c8d9014", "incident-report--0F6D4B7E-3A52-4C8E-B1F9-7E2A5C8D9014", "indicator--0f6d4b7e-3a52-4c8e-b1f9-7e2a5c8d9014"])");
  const auto errors = ErrorsOf(two);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].pointer, "/reports/1");
  EXPECT_NE(errors[0].message.find("duplicate report"), std::string::npos);
  EXPECT_EQ(errors[1].pointer, "/reports/2");
  EXPECT_NE(errors[1].message.find("found type \"indicator\""), std::string::npos);
  const auto none = ErrorsOf(
      Replace(kAllegation, R"(["incident-report--0f6d4b7e-3a52-4c8e-b1f9-7e2a5c8d9014"])", "[]"));
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].pointer, "/reports");
}

TEST(AllegationCodecTest, EvidenceDigestMediaTypeAndCustodyOrderAreChecked) {
  std::string json =
      Replace(kAllegation, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
              "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08");
  json = Replace(json, "application/vnd.tcpdump.pcap", "application pcap");
  json = Replace(json, R"("at": "2016-01-02T11:00:00Z")", R"("at": "2016-01-02T09:00:00Z")");
  const auto errors = ErrorsOf(json);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].pointer, "/evidence/0/sha256");
  EXPECT_NE(errors[0].message.find("64 lower-case hex digits"), std::string::npos);
  EXPECT_EQ(errors[1].pointer, "/evidence/0/media_type");
  EXPECT_NE(errors[1].message.find("RFC 6838"), std::string::npos);
  EXPECT_EQ(errors[2].pointer, "/evidence/0/custody/1/at");
  EXPECT_EQ(errors[2].message,
            "2016-01-02T09:00:00Z is before the previous entry (2016-01-02T10:00:00Z)");
}

TEST(AllegationCodecTest, TextThatIsNotJsonIsOneErrorAtTheRoot) {
  auto decoded = DecodeAllegation("{\"schema\": ");
  ASSERT_FALSE(decoded);
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].pointer, "");
  EXPECT_NE(decoded.errors[0].message.find("expected one strict JSON document"), std::string::npos);
  auto array = DecodeAllegation("[]");
  ASSERT_FALSE(array);
  EXPECT_EQ(array.errors[0].pointer, "");
}

TEST(AllegationCodecTest, OversizedDocumentIsRefusedAsAWhole) {
  const std::string huge(kMaxCaseDocumentBytes + 1, ' ');
  auto decoded = DecodeAllegation(huge);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.code, core::ErrorCode::kResourceExhausted);
  EXPECT_EQ(decoded.errors[0].pointer, "");
}

TEST(AllegationCodecTest, CaseDecodeErrorSummarisesTheList) {
  auto decoded = DecodeAllegation(
      Replace(kAllegation, R"("accused_state": "RU")", R"("accused_state": "UA")"));
  ASSERT_FALSE(decoded);
  const core::Error error = CaseDecodeError("allegation", decoded.errors, decoded.code);
  EXPECT_EQ(error.message,
            "invalid allegation: 1 error: /accused_state: a state may not accuse itself: the "
            "filer's state is \"UA\"");
}

TEST(EvidenceCodecTest, DecodesAStandaloneEvidenceItemAndNamesMissingFields) {
  auto ok = DecodeEvidence(R"({"id": "evidence--5d2b9e0f-7a63-4e6f-8a1c-2c9e1f4a7b3d",
    "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "media_type": "text/plain", "size_bytes": 0, "description": "empty file",
    "custody": [{"at": "2020-01-01T00:00:00Z", "by": "party--aaaaaaaa-0000-4000-8000-000000000001", "action": "submitted"}]})");
  ASSERT_TRUE(ok) << ok.errors[0].ToString();
  auto decoded = EncodeEvidence(*ok.value);
  EXPECT_EQ(*DecodeEvidence(decoded).value, *ok.value);
  auto missing = DecodeEvidence(R"({"id": "evidence--5d2b9e0f-7a63-4e6f-8a1c-2c9e1f4a7b3d"})");
  std::set<std::string> pointers;
  for (const FieldError& error : missing.errors) pointers.insert(error.pointer);
  EXPECT_EQ(pointers, (std::set<std::string>{"/sha256", "/media_type", "/size_bytes",
                                             "/description", "/custody"}));
}

TEST(FindingCodecTest, DecodesAndRoundTrips) {
  auto decoded = DecodeFinding(kFinding);
  ASSERT_TRUE(decoded) << decoded.errors[0].ToString();
  EXPECT_EQ(decoded.value->outcome, FindingOutcome::kViolation);
  EXPECT_EQ(decoded.value->norms_violated, std::vector<std::string>{"ACN-B1"});
  EXPECT_EQ(EncodeFinding(*decoded.value), *core::CanonicalizeJson(kFinding));
}

TEST(FindingCodecTest, ViolationNamesNormsAndOtherOutcomesNone) {
  auto no_norms = DecodeFinding(Replace(kFinding, R"("norms_violated": ["ACN-B1"],)", ""));
  ASSERT_FALSE(no_norms);
  ASSERT_EQ(no_norms.errors.size(), 1u);
  EXPECT_EQ(no_norms.errors[0].ToString(),
            "/norms_violated: a finding of \"violation\" names at least one norm");
  auto extra =
      DecodeFinding(Replace(kFinding, R"("outcome": "violation")", R"("outcome": "no-violation")"));
  ASSERT_FALSE(extra);
  EXPECT_EQ(extra.errors[0].ToString(),
            "/norms_violated: a finding of \"no-violation\" names no violated norm");
  auto bad_norm =
      DecodeFinding(Replace(kFinding, R"(["ACN-B1"])", R"(["ACN B1", "ACN-B1", "ACN-B1"])"));
  ASSERT_EQ(bad_norm.errors.size(), 2u);
  EXPECT_EQ(bad_norm.errors[0].pointer, "/norms_violated/0");
  EXPECT_EQ(bad_norm.errors[1].ToString(), "/norms_violated/2: duplicate norm \"ACN-B1\"");
}

// ---------------------------------------------------------- state machine

const core::StixId kCaseId = *core::StixId::Parse("case--6f1c2a9e-8b3d-4c7a-9e2f-1a5b3c7d9e0f");

CaseState NewCase() {
  return OpenCase(kCaseId, *DecodeAllegation(kAllegation).value);
}

// Moves `state` by `to` made by `by`, one hour after its last step.
CaseState Move(const CaseState& state, CaseStage to, CaseActor by, std::string reason = {}) {
  auto next = ApplyTransition(state, CaseTransition{to, by, std::move(reason)},
                              state.history.back().at + hours(1));
  EXPECT_TRUE(next) << next.error().message;
  return next ? *next : state;
}

// A case at `stage`, reached by the main line (both sides appoint in time).
CaseState CaseAt(CaseStage stage) {
  using S = CaseStage;
  using A = CaseActor;
  CaseState state = NewCase();
  const std::vector<std::pair<S, A>> path = {{S::kAdmissibilityReview, A::kSecretariat},
                                             {S::kAdmitted, A::kSecretariat},
                                             {S::kInformationRequested, A::kSecretariat},
                                             {S::kInvestigation, A::kAccused},
                                             {S::kPanelSelected, A::kSecretariat},
                                             {S::kHearing, A::kPanel},
                                             {S::kFinding, A::kPanel},
                                             {S::kAppealLodged, A::kAccused},
                                             {S::kAppealPanelSelected, A::kSecretariat},
                                             {S::kAppealHearing, A::kPanel},
                                             {S::kAppealFinding, A::kPanel},
                                             {S::kRemedyAndResponse, A::kSecretariat},
                                             {S::kClosed, A::kSecretariat}};
  for (const auto& [to, by] : path) {
    if (state.stage == stage) return state;
    if (to == S::kPanelSelected) {
      state = *RecordAppointment(state, CaseSide::kFiler, state.history.back().at);
      state = *RecordAppointment(state, CaseSide::kAccused, state.history.back().at);
    }
    state = Move(state, to, by);
  }
  return state;
}

TEST(CaseStageTest, EnumNamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(CaseStage::kClosed); ++i) {
    const auto stage = static_cast<CaseStage>(i);
    EXPECT_EQ(EnumFromName<CaseStage>(Name(stage)), stage);
  }
  EXPECT_FALSE(EnumFromName<CaseStage>("appeal"));
}

TEST(CaseStageTest, AllowedTransitionsFollowTheIssue) {
  using S = CaseStage;
  const AppealRight kAvail = AppealRight::kAvailable;
  const std::vector<std::pair<S, std::vector<S>>> expected = {
      {S::kFiled, {S::kAdmissibilityReview, S::kClosed}},
      {S::kAdmissibilityReview, {S::kInadmissible, S::kAdmitted, S::kClosed}},
      {S::kInadmissible, {}},
      {S::kAdmitted, {S::kInformationRequested, S::kClosed}},
      {S::kInformationRequested, {S::kInvestigation, S::kClosed}},
      {S::kInvestigation, {S::kPanelSelected, S::kClosed}},
      {S::kPanelSelected, {S::kHearing}},
      {S::kHearing, {S::kFinding}},
      {S::kFinding, {S::kRemedyAndResponse, S::kAppealLodged}},
      {S::kAppealLodged, {S::kAppealPanelSelected}},
      {S::kAppealPanelSelected, {S::kAppealHearing}},
      {S::kAppealHearing, {S::kAppealFinding}},
      {S::kAppealFinding, {S::kRemedyAndResponse}},
      {S::kRemedyAndResponse, {S::kClosed}},
      {S::kClosed, {}},
  };
  ASSERT_EQ(expected.size(), 15u);  // every stage
  for (const auto& [from, to] : expected) {
    EXPECT_EQ(AllowedTransitions(from, kAvail), to) << Name(from);
  }
  EXPECT_EQ(AllowedTransitions(S::kFinding, AppealRight::kUsed),
            std::vector<S>{S::kRemedyAndResponse});
}

// Every ordered pair of stages: the step succeeds exactly when it is
// allowed (made by an actor that may make it), and otherwise fails with a
// message naming the allowed stages.
TEST(CaseStageTest, EveryLegalStepSucceedsAndEveryIllegalStepIsRefused) {
  for (int f = 0; f <= static_cast<int>(CaseStage::kClosed); ++f) {
    const auto from = static_cast<CaseStage>(f);
    CaseState state = from == CaseStage::kInadmissible
                          ? Move(CaseAt(CaseStage::kAdmissibilityReview), CaseStage::kInadmissible,
                                 CaseActor::kSecretariat, "out of scope")
                          : CaseAt(from);
    ASSERT_EQ(state.stage, from);
    if (from == CaseStage::kInvestigation) {  // the panel needs both appointments
      state = *RecordAppointment(state, CaseSide::kFiler, state.history.back().at);
      state = *RecordAppointment(state, CaseSide::kAccused, state.history.back().at);
    }
    const std::vector<CaseStage> allowed = AllowedTransitions(from, state.appeal);
    for (int t = 0; t <= static_cast<int>(CaseStage::kClosed); ++t) {
      const auto to = static_cast<CaseStage>(t);
      const bool legal = std::find(allowed.begin(), allowed.end(), to) != allowed.end();
      CaseActor actor = CaseActor::kSecretariat;
      for (CaseActor candidate :
           {CaseActor::kSecretariat, CaseActor::kFiler, CaseActor::kAccused, CaseActor::kPanel}) {
        if (MayMakeTransition(from, to, candidate)) {
          actor = candidate;
          break;
        }
      }
      auto result = ApplyTransition(state, CaseTransition{to, actor, "reason"},
                                    state.history.back().at + hours(1));
      if (legal) {
        ASSERT_TRUE(result) << Name(from) << " -> " << Name(to) << ": " << result.error().message;
        EXPECT_EQ(result->stage, to);
        EXPECT_EQ(result->history.size(), state.history.size() + 1);
      } else {
        ASSERT_FALSE(result) << Name(from) << " -> " << Name(to);
        EXPECT_EQ(result.error().code, core::ErrorCode::kConflict);
        EXPECT_EQ(result.error().message.rfind("cannot go from " + std::string(Name(from)) +
                                                   " to " + std::string(Name(to)) + "; allowed: ",
                                               0),
                  0u)
            << result.error().message;
      }
    }
  }
}

TEST(CaseStageTest, IllegalStepNamesTheAllowedOnes) {
  auto result = ApplyTransition(CaseAt(CaseStage::kHearing),
                                CaseTransition{CaseStage::kClosed, CaseActor::kSecretariat, ""},
                                T("2030-01-01T00:00:00Z"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "cannot go from hearing to closed; allowed: finding");
  auto final_stage = ApplyTransition(CaseAt(CaseStage::kClosed),
                                     CaseTransition{CaseStage::kFiled, CaseActor::kSecretariat, ""},
                                     T("2030-01-01T00:00:00Z"));
  ASSERT_FALSE(final_stage);
  EXPECT_EQ(final_stage.error().message,
            "cannot go from closed to filed; allowed: none (final stage)");
}

TEST(CaseStageTest, OnlyThePermittedActorMayMakeAStep) {
  auto accused_admits = ApplyTransition(
      CaseAt(CaseStage::kAdmissibilityReview),
      CaseTransition{CaseStage::kAdmitted, CaseActor::kAccused, ""}, T("2030-01-01T00:00:00Z"));
  ASSERT_FALSE(accused_admits);
  EXPECT_EQ(accused_admits.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(accused_admits.error().message,
            "the accused may not move a case from admissibility-review to admitted");
  auto scheduler =
      ApplyTransition(CaseAt(CaseStage::kFinding),
                      CaseTransition{CaseStage::kRemedyAndResponse, CaseActor::kDeadline, ""},
                      T("2030-01-01T00:00:00Z"));
  ASSERT_FALSE(scheduler);
  EXPECT_EQ(scheduler.error().code, core::ErrorCode::kPermissionDenied);
}

TEST(CaseStageTest, InadmissibilityAndWithdrawalNeedAReason) {
  auto no_reason =
      ApplyTransition(CaseAt(CaseStage::kAdmissibilityReview),
                      CaseTransition{CaseStage::kInadmissible, CaseActor::kSecretariat, ""},
                      T("2030-01-01T00:00:00Z"));
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(no_reason.error().message,
            "field \"reason\": required to go from admissibility-review to inadmissible");
  auto withdraw = ApplyTransition(CaseAt(CaseStage::kAdmitted),
                                  CaseTransition{CaseStage::kClosed, CaseActor::kFiler, ""},
                                  T("2030-01-01T00:00:00Z"));
  ASSERT_FALSE(withdraw);
  EXPECT_EQ(withdraw.error().message, "field \"reason\": required to go from admitted to closed");
}

TEST(CaseStageTest, StepsCannotGoBackInTime) {
  const CaseState state = CaseAt(CaseStage::kAdmitted);
  auto result = ApplyTransition(
      state, CaseTransition{CaseStage::kInformationRequested, CaseActor::kSecretariat, ""},
      state.history.back().at - hours(1));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(result.error().message.find("is before the case's last step"), std::string::npos);
}

TEST(CaseStageTest, TheAppealIsAvailableOnceToEitherSide) {
  CaseState finding = CaseAt(CaseStage::kFinding);
  CaseState by_filer = Move(finding, CaseStage::kAppealLodged, CaseActor::kFiler);
  EXPECT_EQ(by_filer.appeal, AppealRight::kUsed);
  EXPECT_EQ(by_filer.appealed_by, CaseSide::kFiler);
  CaseState appeal_finding =
      Move(Move(Move(by_filer, CaseStage::kAppealPanelSelected, CaseActor::kSecretariat),
                CaseStage::kAppealHearing, CaseActor::kPanel),
           CaseStage::kAppealFinding, CaseActor::kPanel);
  // An appeal finding leads to remedy; there is no stage from which a
  // second appeal could be lodged, and the right is spent.
  EXPECT_EQ(AllowedTransitions(appeal_finding.stage, appeal_finding.appeal),
            std::vector<CaseStage>{CaseStage::kRemedyAndResponse});
  // Even a state that is at "finding" again with the right used is refused.
  CaseState spent = finding;
  spent.appeal = AppealRight::kUsed;
  spent.appealed_by = CaseSide::kAccused;
  auto again =
      ApplyTransition(spent, CaseTransition{CaseStage::kAppealLodged, CaseActor::kFiler, ""},
                      finding.history.back().at + hours(1));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(again.error().message,
            "cannot go from finding to appeal-lodged; allowed: remedy-and-response (the one appeal "
            "was lodged by the accused)");
  auto by_secretariat = ApplyTransition(
      finding, CaseTransition{CaseStage::kAppealLodged, CaseActor::kSecretariat, ""},
      finding.history.back().at + hours(1));
  ASSERT_FALSE(by_secretariat);
  EXPECT_EQ(by_secretariat.error().code, core::ErrorCode::kPermissionDenied);
}

TEST(CaseStageTest, StagesWithDeadlinesSetThemFromTheCaseDeadlines) {
  const CaseState requested = CaseAt(CaseStage::kInformationRequested);
  EXPECT_EQ(requested.deadline(), requested.history.back().at + days(30));
  const CaseState investigation = CaseAt(CaseStage::kInvestigation);
  EXPECT_EQ(investigation.deadline(), investigation.history.back().at + days(20));
  const CaseState finding = CaseAt(CaseStage::kFinding);
  EXPECT_EQ(finding.deadline(), finding.history.back().at + days(60));
  EXPECT_FALSE(CaseAt(CaseStage::kHearing).deadline());
}

TEST(CaseStageTest, DeadlinesComeFromTheCaseAndSaturateAtTheLastRepresentableTime) {
  CaseDeadlines deadlines;
  deadlines.information_response = days(7);
  CaseState state = OpenCase(kCaseId, *DecodeAllegation(kAllegation).value, deadlines);
  state = Move(Move(state, CaseStage::kAdmissibilityReview, CaseActor::kSecretariat),
               CaseStage::kAdmitted, CaseActor::kSecretariat);
  auto requested = ApplyTransition(
      state, CaseTransition{CaseStage::kInformationRequested, CaseActor::kSecretariat, ""},
      T("2016-01-03T00:00:00Z"));
  ASSERT_TRUE(requested);
  EXPECT_EQ(requested->deadline(), T("2016-01-10T00:00:00Z"));
  auto late = ApplyTransition(
      state, CaseTransition{CaseStage::kInformationRequested, CaseActor::kSecretariat, ""},
      T("9999-12-30T00:00:00Z"));
  ASSERT_TRUE(late);
  EXPECT_EQ(late->deadline(), core::kMaxTimestamp);
}

TEST(CaseStageTest, MissedInformationDeadlineIsNonCooperationAndTheCaseMovesOn) {
  const CaseState requested = CaseAt(CaseStage::kInformationRequested);
  const core::Timestamp deadline = *requested.deadline();
  auto early = ExpireDeadline(requested, deadline - std::chrono::seconds(1));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, core::ErrorCode::kConflict);
  // The scheduler may run late (a restart): the step is stamped at the deadline.
  auto expired = ExpireDeadline(requested, deadline + days(3));
  ASSERT_TRUE(expired) << expired.error().message;
  EXPECT_EQ(expired->stage, CaseStage::kInvestigation);
  EXPECT_EQ(expired->history.back().by, CaseActor::kDeadline);
  EXPECT_EQ(expired->history.back().at, deadline);
  EXPECT_EQ(expired->non_cooperation,
            (std::vector<NonCooperation>{
                {CaseSide::kAccused, CaseStage::kInformationRequested, deadline}}));
  // The accused can no longer answer through a step: the case moved on.
  auto late_answer =
      ApplyTransition(requested, CaseTransition{CaseStage::kInvestigation, CaseActor::kAccused, ""},
                      deadline + hours(1));
  ASSERT_FALSE(late_answer);
  EXPECT_EQ(late_answer.error().code, core::ErrorCode::kConflict);
  EXPECT_NE(late_answer.error().message.find("deadline of stage information-requested passed"),
            std::string::npos);
}

TEST(CaseStageTest, MissedAppointmentDeadlineRecordsEachSideThatDidNotAppoint) {
  CaseState investigation = Move(CaseAt(CaseStage::kInformationRequested),
                                 CaseStage::kInvestigation, CaseActor::kAccused);
  const core::Timestamp deadline = *investigation.deadline();
  investigation = *RecordAppointment(investigation, CaseSide::kFiler, deadline - hours(1));
  // Before the deadline the panel cannot be constituted without the accused.
  auto early = ApplyTransition(
      investigation, CaseTransition{CaseStage::kPanelSelected, CaseActor::kSecretariat, ""},
      deadline - hours(1));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().message,
            "the accused has not appointed its arbitrator; the panel is selected when both have, "
            "or when the appointment deadline passes");
  auto late = RecordAppointment(investigation, CaseSide::kAccused, deadline + hours(1));
  ASSERT_FALSE(late);
  EXPECT_NE(late.error().message.find("the appointment deadline passed"), std::string::npos);
  auto twice = RecordAppointment(investigation, CaseSide::kFiler, deadline);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message, "the filer has already appointed its arbitrator");
  auto expired = ExpireDeadline(investigation, deadline);
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->stage, CaseStage::kPanelSelected);
  EXPECT_EQ(
      expired->non_cooperation,
      (std::vector<NonCooperation>{{CaseSide::kAccused, CaseStage::kInvestigation, deadline}}));
}

TEST(CaseStageTest, AppealWindowLapseIsAWaiverNotNonCooperation) {
  const CaseState finding = CaseAt(CaseStage::kFinding);
  auto expired = ExpireDeadline(finding, *finding.deadline());
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->stage, CaseStage::kRemedyAndResponse);
  EXPECT_TRUE(expired->non_cooperation.empty());
  auto no_deadline = ExpireDeadline(CaseAt(CaseStage::kHearing), T("2099-01-01T00:00:00Z"));
  ASSERT_FALSE(no_deadline);
  EXPECT_EQ(no_deadline.error().message, "stage hearing runs no deadline");
}

TEST(CaseStageTest, AppointmentsOnlyDuringInvestigation) {
  auto result =
      RecordAppointment(CaseAt(CaseStage::kHearing), CaseSide::kFiler, T("2030-01-01T00:00:00Z"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "arbitrators are appointed during investigation; the case is at hearing");
}

TEST(CaseStageTest, StageAttritionCountsWhereAndWhyCasesStopped) {
  std::vector<CaseState> cases;
  cases.push_back(Move(CaseAt(CaseStage::kAdmissibilityReview), CaseStage::kInadmissible,
                       CaseActor::kSecretariat, "no report concerns critical infrastructure"));
  cases.push_back(Move(CaseAt(CaseStage::kAdmissibilityReview), CaseStage::kInadmissible,
                       CaseActor::kSecretariat, "filed out of time"));
  cases.push_back(Move(CaseAt(CaseStage::kInvestigation), CaseStage::kClosed, CaseActor::kFiler,
                       "settled bilaterally"));
  cases.push_back(CaseAt(CaseStage::kHearing));
  cases.push_back(CaseAt(CaseStage::kClosed));
  cases.push_back(NewCase());
  const std::vector<AttritionRow> expected = {
      {CaseStage::kFiled, StopReason::kPending, 1},
      {CaseStage::kAdmissibilityReview, StopReason::kInadmissible, 2},
      {CaseStage::kInvestigation, StopReason::kWithdrawn, 1},
      {CaseStage::kHearing, StopReason::kPending, 1},
      {CaseStage::kRemedyAndResponse, StopReason::kResolved, 1},
  };
  EXPECT_EQ(StageAttrition(cases), expected);
  EXPECT_TRUE(StageAttrition({}).empty());
}

TEST(CaseStageTest, PublicFormHoldsNoConfidentialContent) {
  CaseState state = CaseAt(CaseStage::kInformationRequested);
  state = *ExpireDeadline(state, *state.deadline());
  const std::string text = core::SerializeCanonical(CasePublicJson(state));
  EXPECT_EQ(text.find("civilian customers"), std::string::npos);  // the statement
  EXPECT_EQ(text.find("packet capture"), std::string::npos);      // evidence description
  EXPECT_EQ(text.find("party--aaaaaaaa"), std::string::npos);     // filer's party id
  EXPECT_NE(text.find(R"("accused_state":"RU")"), std::string::npos);
  EXPECT_NE(text.find(R"("filer_state":"UA")"), std::string::npos);
  EXPECT_NE(text.find(R"("stage":"investigation")"), std::string::npos);
  EXPECT_NE(
      text.find(
          R"({"deadline":"2016-02-01T13:00:00Z","side":"accused","stage":"information-requested"})"),
      std::string::npos)
      << text;
}

}  // namespace
}  // namespace accord::model
