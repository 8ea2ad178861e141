// Tests of the neutral panel draw (registry/panel_draw.h). The expected
// scores and ranking are the worked example of docs/grievance.md, computed
// independently of accord with Python's hashlib:
//
//   python3 -c '
//   import hashlib,struct
//   seed=bytes(range(32)); case="case--6f1c2a9e-8b3d-4c7a-9e2f-1a5b3c7d9e0f"
//   for i in range(1,8):
//     a="party--00000000-0000-4000-8000-00000000000%d"%i
//     print(a, hashlib.sha256(seed+struct.pack(">I",len(case))+case.encode()
//                             +struct.pack(">I",len(a))+a.encode()).hexdigest())'
#include "registry/panel_draw.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/encoding.h"

namespace accord::registry {
namespace {

constexpr char kCase[] = "case--6f1c2a9e-8b3d-4c7a-9e2f-1a5b3c7d9e0f";
constexpr char kFilerParty[] = "party--aaaaaaaa-0000-4000-8000-000000000001";
constexpr char kAccusedParty[] = "party--bbbbbbbb-0000-4000-8000-000000000002";

std::string Arb(int n) {
  return "party--00000000-0000-4000-8000-00000000000" + std::to_string(n);
}

// Seven arbitrators: 3 is a national of the filer (UA), 4 declared a
// conflict with the accused state (RU).
std::vector<Arbitrator> Roster() {
  return {
      {Arb(1), "FR", {}}, {Arb(2), "DE", {}}, {Arb(3), "UA", {}}, {Arb(4), "BR", {"RU"}},
      {Arb(5), "JP", {}}, {Arb(6), "KE", {}}, {Arb(7), "CA", {}},
  };
}

DrawInput Input() {
  DrawInput input;
  input.case_id = kCase;
  for (std::size_t i = 0; i < input.seed.size(); ++i) input.seed[i] = static_cast<std::uint8_t>(i);
  input.seed_tree_size = 4096;
  input.party_states = {"UA", "RU"};
  input.party_ids = {kFilerParty, kAccusedParty};
  return input;
}

TEST(PanelDrawTest, ScoreMatchesTheDocumentedByteLayout) {
  const DrawInput input = Input();
  EXPECT_EQ(core::HexEncode(DrawScore(input.seed, kCase, Arb(1))),
            "5025e14ccc80768476498520654e00fa06de66d1f51cb12cc2ea8a80908398dd");
  EXPECT_EQ(core::HexEncode(DrawScore(input.seed, kCase, Arb(6))),
            "ff58133b05e69d26621496763c9462302df393ca73b61848c9243dd9b22f1c05");
}

TEST(PanelDrawTest, RanksEligibleArbitratorsByScoreAsPythonComputesIt) {
  auto ranking = RankEligible(Roster(), Input());
  ASSERT_TRUE(ranking) << ranking.error().message;
  std::vector<std::string> ids;
  for (const RankedArbitrator& ranked : *ranking) ids.push_back(ranked.id);
  EXPECT_EQ(ids, (std::vector<std::string>{Arb(1), Arb(2), Arb(5), Arb(7), Arb(6)}));
  EXPECT_EQ(core::HexEncode((*ranking)[3].score),
            "c2830689a7f7014b58068fb850aeb2b8d2afcc11874ea7bd3740426c58cc150c");
}

TEST(PanelDrawTest, ExcludesNationalsAndDeclaredConflictsWithStatesAndParties) {
  std::vector<Arbitrator> roster = Roster();
  roster[0].conflicts = {kFilerParty};  // arbitrator 1 now conflicted with the filer's party id
  auto ranking = RankEligible(roster, Input());
  ASSERT_TRUE(ranking);
  for (const RankedArbitrator& ranked : *ranking) {
    EXPECT_NE(ranked.id, Arb(1));
    EXPECT_NE(ranked.id, Arb(3));  // national of UA
    EXPECT_NE(ranked.id, Arb(4));  // conflict with RU
  }
  EXPECT_EQ(ranking->size(), 4u);
}

TEST(PanelDrawTest, SeatsWithoutAppointmentsAreFilledByTheDrawInRankOrder) {
  auto draw = DrawPanel(Roster(), Input(), Appointments{});
  ASSERT_TRUE(draw) << draw.error().message;
  const std::vector<Seat> expected = {
      {SeatRole::kChair, Arb(1), SeatSource::kDrawn},
      {SeatRole::kFilerSeat, Arb(2), SeatSource::kDefaultDrawn},
      {SeatRole::kAccusedSeat, Arb(5), SeatSource::kDefaultDrawn},
  };
  EXPECT_EQ(draw->seats, expected);
}

TEST(PanelDrawTest, AppointedArbitratorIsSkippedByTheDraw) {
  // The filer appoints arbitrator 2, ranked second: the accused's default
  // seat takes the next in rank after the chair, skipping 2.
  auto draw = DrawPanel(Roster(), Input(), Appointments{.filer = Arb(2), .accused = std::nullopt});
  ASSERT_TRUE(draw) << draw.error().message;
  const std::vector<Seat> expected = {
      {SeatRole::kChair, Arb(1), SeatSource::kDrawn},
      {SeatRole::kFilerSeat, Arb(2), SeatSource::kAppointed},
      {SeatRole::kAccusedSeat, Arb(5), SeatSource::kDefaultDrawn},
  };
  EXPECT_EQ(draw->seats, expected);
}

TEST(PanelDrawTest, BothSidesAppointingLeavesOnlyTheChairDrawn) {
  auto draw = DrawPanel(Roster(), Input(), Appointments{.filer = Arb(1), .accused = Arb(6)});
  ASSERT_TRUE(draw);
  const std::vector<Seat> expected = {
      {SeatRole::kChair, Arb(2), SeatSource::kDrawn},
      {SeatRole::kFilerSeat, Arb(1), SeatSource::kAppointed},
      {SeatRole::kAccusedSeat, Arb(6), SeatSource::kAppointed},
  };
  EXPECT_EQ(draw->seats, expected);
}

TEST(PanelDrawTest, DrawIsDeterministicAndIndependentOfRosterOrder) {
  std::vector<Arbitrator> reversed = Roster();
  std::reverse(reversed.begin(), reversed.end());
  auto first = DrawPanel(Roster(), Input());
  auto second = DrawPanel(reversed, Input());
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_EQ(first->seats, second->seats);
  EXPECT_EQ(first->ranking, second->ranking);
}

TEST(PanelDrawTest, ADifferentSeedGivesADifferentRanking) {
  DrawInput other = Input();
  other.seed[0] ^= 1;
  auto a = RankEligible(Roster(), Input());
  auto b = RankEligible(Roster(), other);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_NE(*a, *b);
}

TEST(PanelDrawTest, RefusesAnAppointeeWhoIsANationalOfAParty) {
  auto draw = DrawPanel(Roster(), Input(), Appointments{.filer = Arb(3), .accused = std::nullopt});
  ASSERT_FALSE(draw);
  EXPECT_EQ(draw.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(draw.error().message, std::string("panel draw for ") + kCase +
                                      ": the filer's appointee " + Arb(3) +
                                      " is not eligible: a national of party state UA");
}

TEST(PanelDrawTest, RefusesAnAppointeeWithADeclaredConflictOrNotOnTheRoster) {
  auto conflicted =
      DrawPanel(Roster(), Input(), Appointments{.filer = std::nullopt, .accused = Arb(4)});
  ASSERT_FALSE(conflicted);
  EXPECT_NE(conflicted.error().message.find("the accused's appointee " + Arb(4) +
                                            " is not eligible: has declared a conflict with RU"),
            std::string::npos)
      << conflicted.error().message;
  auto unknown =
      DrawPanel(Roster(), Input(), Appointments{.filer = Arb(9), .accused = std::nullopt});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("not on the roster"), std::string::npos);
  auto twice = DrawPanel(Roster(), Input(), Appointments{.filer = Arb(1), .accused = Arb(1)});
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("already appointed by the other side"), std::string::npos);
}

TEST(PanelDrawTest, AppealPanelIsAllDrawnWithoutTheFirstPanel) {
  DrawInput input = Input();
  input.kind = PanelKind::kAppeal;
  input.panel_size = 1;
  input.excluded = {Arb(1), Arb(2), Arb(5)};
  auto draw = DrawPanel(Roster(), input);
  ASSERT_TRUE(draw) << draw.error().message;
  ASSERT_EQ(draw->seats.size(), 1u);
  EXPECT_EQ(draw->seats[0], (Seat{SeatRole::kChair, Arb(7), SeatSource::kDrawn}));
  auto appointed =
      DrawPanel(Roster(), input, Appointments{.filer = Arb(6), .accused = std::nullopt});
  ASSERT_FALSE(appointed);
  EXPECT_EQ(appointed.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(PanelDrawTest, PoolSmallerThanThePanelIsAPreciseError) {
  DrawInput input = Input();
  input.kind = PanelKind::kAppeal;
  input.panel_size = 3;
  input.excluded = {Arb(1), Arb(2), Arb(5)};
  auto draw = DrawPanel(Roster(), input);
  ASSERT_FALSE(draw);
  EXPECT_EQ(draw.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_EQ(draw.error().message,
            std::string("panel draw for ") + kCase +
                ": 2 eligible arbitrators for a panel of 3; roster of 7 less 1 nationals of the "
                "parties, 1 declared conflicts, 3 excluded");
}

TEST(PanelDrawTest, RefusesBadPanelSizesAndRosters) {
  DrawInput input = Input();
  input.panel_size = 2;
  auto small = DrawPanel(Roster(), input);
  ASSERT_FALSE(small);
  EXPECT_NE(small.error().message.find("panel size 2 is outside 3..15"), std::string::npos);
  std::vector<Arbitrator> duplicate = Roster();
  duplicate.push_back(duplicate[0]);
  auto dup = RankEligible(duplicate, Input());
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().message.find("roster[7]: duplicate id"), std::string::npos);
  std::vector<Arbitrator> bad_nationality = Roster();
  bad_nationality[2].nationality = "ua";
  auto bad = RankEligible(bad_nationality, Input());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("roster[2] (" + Arb(3) + "): nationality \"ua\""),
            std::string::npos)
      << bad.error().message;
}

TEST(PanelDrawTest, VerifyAcceptsThePublishedDraw) {
  const Appointments appointments{.filer = Arb(2), .accused = std::nullopt};
  auto draw = DrawPanel(Roster(), Input(), appointments);
  ASSERT_TRUE(draw);
  EXPECT_TRUE(VerifyPanelDraw(Roster(), Input(), appointments, draw->seats));
}

TEST(PanelDrawTest, VerifyNamesEveryDifference) {
  std::vector<Seat> published = {
      {SeatRole::kChair, Arb(1), SeatSource::kDrawn},
      {SeatRole::kFilerSeat, Arb(7), SeatSource::kDefaultDrawn},  // should be Arb(2)
  };                                                              // and the accused seat is missing
  auto verified = VerifyPanelDraw(Roster(), Input(), Appointments{}, published);
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, core::ErrorCode::kCorrupt);
  EXPECT_EQ(verified.error().message,
            std::string("panel of ") + kCase + " does not match its draw: seat 1 (filer-seat): " +
                "published " + Arb(7) + " (filer-seat, default-drawn), recomputed " + Arb(2) +
                " (default-drawn); seat 2 (accused-seat): missing from the published panel, "
                "recomputed " +
                Arb(5));
}

TEST(PanelDrawTest, VerifyPassesOnARecomputationError) {
  DrawInput input = Input();
  input.case_id.clear();
  auto verified = VerifyPanelDraw(Roster(), input, Appointments{}, {});
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(verified.error().message.find("field \"case_id\": empty"), std::string::npos);
}

}  // namespace
}  // namespace accord::registry
