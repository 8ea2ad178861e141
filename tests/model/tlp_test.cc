// Tests of model/tlp.h against FIRST's TLP 2.0 definitions: the five labels,
// their spelling, and their order of restrictiveness
// (CLEAR < GREEN < AMBER < AMBER+STRICT < RED).
#include "model/tlp.h"

#include <gtest/gtest.h>

#include <array>

namespace accord::model {
namespace {

// TLP 2.0, from least to most restrictive.
constexpr std::array<Tlp, 5> kOrder = {Tlp::kClear, Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict,
                                       Tlp::kRed};

TEST(TlpTest, NamesAreTheTlp2LabelsWithoutPrefix) {
  EXPECT_EQ(TlpName(Tlp::kClear), "CLEAR");
  EXPECT_EQ(TlpName(Tlp::kGreen), "GREEN");
  EXPECT_EQ(TlpName(Tlp::kAmber), "AMBER");
  EXPECT_EQ(TlpName(Tlp::kAmberStrict), "AMBER+STRICT");
  EXPECT_EQ(TlpName(Tlp::kRed), "RED");
  EXPECT_EQ(TlpName(static_cast<Tlp>(5)), "");
}

TEST(TlpTest, ParseAcceptsExactlyTheLabels) {
  for (Tlp tlp : kOrder) EXPECT_EQ(ParseTlp(TlpName(tlp)), tlp);
}

TEST(TlpTest, ParseRejectsOtherSpellingsAndTlp1Labels) {
  // TLP 1.0's WHITE became CLEAR in 2.0; lower case and the "TLP:" prefix
  // would give one marking two byte forms in the log.
  for (const char* name : {"WHITE", "TLP:RED", "red", "Amber", "AMBER STRICT", "AMBER+strict",
                           "AMBER-STRICT", "", "RED "}) {
    EXPECT_EQ(ParseTlp(name), std::nullopt) << name;
  }
}

TEST(TlpTest, RestrictivenessFollowsTheTlp2Order) {
  for (std::size_t i = 0; i < kOrder.size(); ++i) {
    for (std::size_t j = 0; j < kOrder.size(); ++j) {
      EXPECT_EQ(IsAtLeastAsRestrictive(kOrder[i], kOrder[j]), i >= j)
          << TlpName(kOrder[i]) << " vs " << TlpName(kOrder[j]);
      EXPECT_EQ(kOrder[i] < kOrder[j], i < j);
    }
  }
}

TEST(TlpTest, AmberStrictIsBetweenAmberAndRed) {
  EXPECT_TRUE(IsAtLeastAsRestrictive(Tlp::kAmberStrict, Tlp::kAmber));
  EXPECT_FALSE(IsAtLeastAsRestrictive(Tlp::kAmber, Tlp::kAmberStrict));
  EXPECT_FALSE(IsAtLeastAsRestrictive(Tlp::kAmberStrict, Tlp::kRed));
}

TEST(TlpTest, MostRestrictiveTakesTheHigherLabel) {
  EXPECT_EQ(MostRestrictive(Tlp::kGreen, Tlp::kAmber), Tlp::kAmber);
  EXPECT_EQ(MostRestrictive(Tlp::kRed, Tlp::kClear), Tlp::kRed);
  EXPECT_EQ(MostRestrictive(Tlp::kAmberStrict, Tlp::kAmberStrict), Tlp::kAmberStrict);
}

}  // namespace
}  // namespace accord::model
