// Tests of the case stage deadlines wired into the registry's scheduler
// (issue 8, docs/grievance.md "No party can block"): with a ManualClock and
// no scheduler thread, each test moves the clock and calls PollDeadlines.
// A missed information request records the accused's non-cooperation; a
// missed appointment deadline records each side that did not appoint and
// its seat is default-drawn; the appeal window's lapse is a waiver; every
// step is stamped at the deadline itself, and a restart neither loses nor
// repeats a deadline.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "registry/internal/case_records.h"
#include "case_test_util.h"

namespace accord::registry {
namespace {

using core::JsonValue;
using testing::At;
using testing::CaseWorld;
using testing::Describe;
using testing::Parse;
using testing::StringAt;

constexpr auto kInformation = std::chrono::seconds{3600};  // CaseOptions()
constexpr auto kAppointment = std::chrono::seconds{7200};
constexpr auto kAppeal = std::chrono::seconds{10800};

// A case in information-requested, its deadline one hour on.
std::string RequestedCase(CaseWorld& world) {
  const std::string id = world.FileOk();
  world.MoveOk(world.secretariat(), id, "admissibility-review");
  world.MoveOk(world.secretariat(), id, "admitted");
  world.MoveOk(world.secretariat(), id, "information-requested");
  return id;
}

TEST(CaseDeadlinesTest, AMissedInformationRequestRecordsTheAccusedsNonCooperation) {
  CaseWorld world;
  const std::string id = RequestedCase(world);
  const core::Timestamp requested_at = world.harness().clock().Now();
  ASSERT_EQ(world.registry().PendingDeadlines().size(), 1u);
  world.harness().clock().Advance(kInformation - std::chrono::seconds{1});
  EXPECT_EQ(world.registry().PollDeadlines(), 0u) << "not yet due";
  // Past the deadline, but before the next stage's (appointments) would fall due.
  world.harness().clock().Advance(std::chrono::seconds{1} + std::chrono::minutes{30});
  EXPECT_EQ(world.registry().PollDeadlines(), 1u);
  JsonValue view = world.CaseView(Caller{}, id);
  EXPECT_EQ(StringAt(view, "/stage"), "investigation");
  EXPECT_EQ(StringAt(view, "/non_cooperation/0/side"), "accused");
  EXPECT_EQ(StringAt(view, "/non_cooperation/0/stage"), "information-requested");
  // Stamped at the deadline, not at the (later) moment the scheduler ran.
  const std::string due = core::FormatRfc3339(requested_at + kInformation);
  EXPECT_EQ(StringAt(view, "/history/4/at"), due);
  EXPECT_EQ(StringAt(view, "/history/4/by"), "deadline");
  auto expired = world.PublicEvents(event_type::kCaseDeadlineExpired);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(StringAt(expired[0], "/body/expired"), "information-requested");
  EXPECT_EQ(StringAt(expired[0], "/body/non_cooperation/0/side"), "accused");
  // The accused's late answer is refused: the case has moved on.
  EXPECT_TRUE(world.Move(world.ru(), id, "investigation").error);
  // The next stage's deadline (panel appointments) is now pending.
  auto pending = world.registry().PendingDeadlines();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].id, "case/" + id + "/investigation/4");
}

TEST(CaseDeadlinesTest, AnAnswerInTimeMakesTheDeadlineMoot) {
  CaseWorld world;
  const std::string id = RequestedCase(world);
  world.MoveOk(world.ru(), id, "investigation");
  // Past the information deadline, before the appointment deadline.
  world.harness().clock().Advance(kInformation + std::chrono::minutes{1});
  EXPECT_EQ(world.registry().PollDeadlines(), 0u);
  JsonValue view = world.CaseView(Caller{}, id);
  EXPECT_EQ(At(view, "/non_cooperation/0"), nullptr);
  EXPECT_TRUE(world.PublicEvents(event_type::kCaseDeadlineExpired).empty());
}

TEST(CaseDeadlinesTest, AMissedAppointmentDeadlineDefaultDrawsTheSeat) {
  CaseWorld world;
  const std::string id = RequestedCase(world);
  world.MoveOk(world.ru(), id, "investigation");
  ASSERT_FALSE(world.Appoint(world.ua(), id, "filer", world.arbitrator_id("DE")).error);
  world.harness().clock().Advance(kAppointment);
  EXPECT_EQ(world.registry().PollDeadlines(), 1u);
  JsonValue view = world.CaseView(Caller{}, id);
  EXPECT_EQ(StringAt(view, "/stage"), "panel-selected");
  EXPECT_EQ(StringAt(view, "/non_cooperation/0/side"), "accused");
  EXPECT_EQ(At(view, "/non_cooperation/1"), nullptr) << "the filer appointed in time";
  Reply drawn = world.Draw(world.secretariat(), id);
  ASSERT_FALSE(drawn.error) << Describe(drawn);
  EXPECT_EQ(StringAt(drawn.body, "/panel/seats/1/source"), "appointed");
  EXPECT_EQ(StringAt(drawn.body, "/panel/seats/1/arbitrator"), world.arbitrator_id("DE"));
  EXPECT_EQ(StringAt(drawn.body, "/panel/seats/2/role"), "accused-seat");
  EXPECT_EQ(StringAt(drawn.body, "/panel/seats/2/source"), "default-drawn");
  // The default appointee is neither a national of a side nor the filer's appointee.
  const std::string seat = StringAt(drawn.body, "/panel/seats/2/arbitrator");
  EXPECT_NE(seat, world.arbitrator_id("RU"));
  EXPECT_NE(seat, world.arbitrator_id("UA"));
  EXPECT_NE(seat, world.arbitrator_id("DE"));
}

TEST(CaseDeadlinesTest, TheAppealWindowsLapseIsAWaiverNotNonCooperation) {
  CaseWorld world;
  const std::string id = RequestedCase(world);
  world.MoveOk(world.ru(), id, "investigation");
  ASSERT_FALSE(world.Appoint(world.ua(), id, "filer", world.arbitrator_id("DE")).error);
  ASSERT_FALSE(world.Appoint(world.ru(), id, "accused", world.arbitrator_id("NL")).error);
  world.MoveOk(world.secretariat(), id, "panel-selected");
  ASSERT_FALSE(world.Draw(world.secretariat(), id).error);
  world.MoveOk(world.secretariat(), id, "hearing");
  ASSERT_FALSE(world.Finding(world.secretariat(), id,
                             Parse(R"({"outcome":"inconclusive","reasoning":"the evidence is thin"})")).error);
  world.harness().clock().Advance(kAppeal);
  EXPECT_EQ(world.registry().PollDeadlines(), 1u);
  JsonValue view = world.CaseView(Caller{}, id);
  EXPECT_EQ(StringAt(view, "/stage"), "remedy-and-response");
  EXPECT_EQ(At(view, "/non_cooperation/0"), nullptr);
  EXPECT_FALSE(world.Move(world.ua(), id, "appeal-lodged").error == std::nullopt) << "too late to appeal";
}

TEST(CaseDeadlinesTest, ARestartMidDeadlineFiresItOnceAfterReopening) {
  CaseWorld world;
  const std::string id = RequestedCase(world);
  world.harness().Close();
  world.harness().clock().Advance(kInformation + std::chrono::minutes{10});
  world.harness().Open(world.options());
  EXPECT_EQ(world.registry().PollDeadlines(), 1u);
  EXPECT_EQ(world.StageOf(id), "investigation");
  ASSERT_EQ(world.PublicEvents(event_type::kCaseDeadlineExpired).size(), 1u);
  // Reopen again after the expiry: nothing fires twice.
  world.harness().Close();
  world.harness().Open(world.options());
  EXPECT_EQ(world.registry().PollDeadlines(), 0u);
  EXPECT_EQ(world.PublicEvents(event_type::kCaseDeadlineExpired).size(), 1u);
  auto pending = world.registry().PendingDeadlines();
  ASSERT_EQ(pending.size(), 1u) << "the appointment deadline survives the restart";
  EXPECT_EQ(pending[0].id, "case/" + id + "/investigation/4");
}

TEST(CaseDeadlinesTest, AClockStepBackwardsFiresNothingEarly) {
  CaseWorld world;
  RequestedCase(world);
  world.harness().clock().Advance(-std::chrono::hours{24});
  EXPECT_EQ(world.registry().PollDeadlines(), 0u);
  EXPECT_TRUE(world.PublicEvents(event_type::kCaseDeadlineExpired).empty());
}

}  // namespace
}  // namespace accord::registry
