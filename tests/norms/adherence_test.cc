// Adherence (norms/adherence.h): what binds which state when, per the rules
// of docs/norms.md ("Adherence"), and the load errors of adherence data.
#include "norms/adherence.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "norms_test_util.h"

namespace accord::norms {
namespace {

using ::testing::HasSubstr;
using testing::Day;

constexpr std::string_view kHeader =
    "demo = true\nnotice = \"test data\"\ncatalogue = \"accord-norms\"\n";

Adherence Load(std::string_view states) {
  auto adherence = Adherence::Parse(std::string(kHeader) + std::string(states), Catalogue::Builtin());
  EXPECT_TRUE(adherence.has_value()) << adherence.error().ToString();
  return std::move(adherence).value();
}

std::string LoadError(std::string_view states) {
  auto adherence = Adherence::Parse(std::string(kHeader) + std::string(states), Catalogue::Builtin());
  EXPECT_FALSE(adherence.has_value());
  return adherence ? "" : adherence.error().message;
}

const Norm& NormById(std::string_view id) {
  const Norm* norm = Catalogue::Builtin().FindNorm(id);
  EXPECT_NE(norm, nullptr) << id;
  return *norm;
}

DateWindow On(int year, unsigned month, unsigned day) { return {Day(year, month, day), Day(year, month, day)}; }

Binding Check(const Adherence& adherence, std::string_view norm, std::string_view state,
              const DateWindow& window) {
  return adherence.Check(NormById(norm), state, window, Catalogue::Builtin().entry_into_force_days());
}

TEST(AdherenceTest, BindingNormsBindFromRatificationPlusEntryIntoForceDays) {
  Adherence adherence = Load("[[state]]\ncode = \"UA\"\nsigned = 2012-01-10\nratified = 2012-03-01\n");
  // 2012 is a leap year: 30 days after 1 March is 31 March.
  EXPECT_EQ(Check(adherence, "ACN-B1", "UA", On(2012, 3, 30)).bound, Truth::kFalse);
  Binding bound = Check(adherence, "ACN-B1", "UA", On(2012, 3, 31));
  EXPECT_EQ(bound.bound, Truth::kTrue);
  EXPECT_THAT(bound.reason, HasSubstr("UA ratified on 2012-03-01; in force for UA from 2012-03-31"));
  EXPECT_THAT(Check(adherence, "ACN-B1", "UA", On(2012, 3, 30)).reason, HasSubstr("not yet in force for UA"));
}

TEST(AdherenceTest, SignatureAloneAppliesVoluntaryNormsButNotBindingOnes) {
  Adherence adherence = Load("[[state]]\ncode = \"US\"\nsigned = 2012-01-10\n");
  Binding binding = Check(adherence, "ACN-B1", "US", On(2020, 1, 1));
  EXPECT_EQ(binding.bound, Truth::kFalse);
  EXPECT_THAT(binding.reason, HasSubstr("signed on 2012-01-10 but has not ratified"));
  EXPECT_EQ(Check(adherence, "ACN-V2", "US", On(2020, 1, 1)).bound, Truth::kTrue);
  EXPECT_EQ(Check(adherence, "ACN-V2", "US", On(2012, 1, 9)).bound, Truth::kFalse);
}

TEST(AdherenceTest, CustomaryNormsBindEveryStateEvenNonSignatories) {
  Adherence adherence = Load("");
  EXPECT_EQ(Check(adherence, "ACN-B4", "FR", On(2020, 1, 1)).bound, Truth::kTrue);
  Binding treaty = Check(adherence, "ACN-B1", "FR", On(2020, 1, 1));
  EXPECT_EQ(treaty.bound, Truth::kFalse);
  EXPECT_EQ(treaty.reason, "FR has not signed the agreement");
}

TEST(AdherenceTest, ReservationExcludesAVoluntaryNormWhileItStands) {
  Adherence adherence = Load(
      "[[state]]\ncode = \"RU\"\nsigned = 2012-01-10\nratified = 2012-02-01\n"
      "[[state.reservation]]\nnorm = \"ACN-V2\"\nmade = 2013-01-01\nwithdrawn = 2015-01-01\n"
      "statement = \"not until verification is agreed\"\n");
  EXPECT_EQ(Check(adherence, "ACN-V2", "RU", On(2012, 6, 1)).bound, Truth::kTrue);
  Binding reserved = Check(adherence, "ACN-V2", "RU", On(2014, 6, 1));
  EXPECT_EQ(reserved.bound, Truth::kFalse);
  EXPECT_EQ(reserved.reason, "RU reserved ACN-V2 on 2013-01-01: not until verification is agreed");
  EXPECT_EQ(Check(adherence, "ACN-V2", "RU", On(2015, 1, 1)).bound, Truth::kTrue);
  EXPECT_EQ(Check(adherence, "ACN-V3", "RU", On(2014, 6, 1)).bound, Truth::kTrue);
}

TEST(AdherenceTest, WithdrawalEndsEveryObligation) {
  Adherence adherence = Load("[[state]]\ncode = \"UA\"\nsigned = 2012-01-10\nratified = 2012-02-01\n"
                             "withdrawn = 2019-05-01\n");
  EXPECT_EQ(Check(adherence, "ACN-B1", "UA", On(2019, 4, 30)).bound, Truth::kTrue);
  Binding after = Check(adherence, "ACN-B1", "UA", On(2019, 5, 1));
  EXPECT_EQ(after.bound, Truth::kFalse);
  EXPECT_EQ(after.reason, "UA withdrew from the agreement on 2019-05-01");
}

TEST(AdherenceTest, ChangeWithinTheIncidentsStartWindowIsUnknown) {
  Adherence adherence = Load("[[state]]\ncode = \"UA\"\nsigned = 2012-01-10\nratified = 2012-02-01\n");
  // In force from 2012-03-02; an incident known only to the month of March.
  Binding binding = Check(adherence, "ACN-B1", "UA", {Day(2012, 3, 1), Day(2012, 3, 31)});
  EXPECT_EQ(binding.bound, Truth::kUnknown);
  EXPECT_THAT(binding.reason, HasSubstr("between 2012-03-01 and 2012-03-31"));
  EXPECT_THAT(binding.reason, HasSubstr("changed on 2012-03-02"));
  EXPECT_EQ(Check(adherence, "ACN-B1", "UA", {Day(2012, 4, 1), Day(2012, 4, 30)}).bound, Truth::kTrue);
}

TEST(AdherenceTest, IncidentWindowFollowsTheStartPrecision) {
  model::IncidentTimes times;
  times.start = testing::Time("2017-08-04T10:00:00Z");
  times.precision = model::StartPrecision::kSecond;
  EXPECT_EQ(IncidentWindow(times).last, Day(2017, 8, 4));
  times.precision = model::StartPrecision::kMonth;
  EXPECT_EQ(IncidentWindow(times).first, Day(2017, 8, 4));
  EXPECT_EQ(IncidentWindow(times).last, Day(2017, 8, 31));
  times.start = testing::Time("2016-02-01T00:00:00Z");
  EXPECT_EQ(IncidentWindow(times).last, Day(2016, 2, 29));
  times.precision = model::StartPrecision::kYear;
  EXPECT_EQ(IncidentWindow(times).last, Day(2016, 12, 31));
}

TEST(AdherenceLoadTest, ReservationOfABindingNormIsRefused) {
  EXPECT_THAT(LoadError("[[state]]\ncode = \"RU\"\nsigned = 2012-01-10\n"
                        "[[state.reservation]]\nnorm = \"ACN-B1\"\nmade = 2013-01-01\nstatement = \"no\"\n"),
              HasSubstr("state \"RU\": reservation[0]: key \"norm\": \"ACN-B1\" is a binding norm"));
  EXPECT_THAT(LoadError("[[state]]\ncode = \"RU\"\nsigned = 2012-01-10\n"
                        "[[state.reservation]]\nnorm = \"ACN-V99\"\nmade = 2013-01-01\nstatement = \"no\"\n"),
              HasSubstr("unknown norm \"ACN-V99\" in catalogue 1.0"));
}

TEST(AdherenceLoadTest, BadStatesAndDatesAreRefused) {
  EXPECT_THAT(LoadError("[[state]]\ncode = \"ua\"\nsigned = 2012-01-10\n"),
              HasSubstr("line 5: state[0]: key \"code\": \"ua\" is not an ISO 3166-1 alpha-2 code"));
  EXPECT_THAT(LoadError("[[state]]\ncode = \"UA\"\nsigned = 2012-01-10\nratified = 2011-01-10\n"),
              HasSubstr("state \"UA\": key \"ratified\": is before \"signed\""));
  EXPECT_THAT(LoadError("[[state]]\ncode = \"UA\"\nsigned = \"2012-01-10\"\n"),
              HasSubstr("key \"signed\": expected a date such as 2024-06-01, got a string"));
  EXPECT_THAT(LoadError("[[state]]\ncode = \"UA\"\nsigned = 2012-01-10\n[[state]]\ncode = \"UA\"\nsigned = 2012-01-10\n"),
              HasSubstr("state \"UA\": listed twice"));
  EXPECT_THAT(LoadError("[[state]]\ncode = \"UA\"\nsigned = 2012-01-10\nparty = true\n"),
              HasSubstr("state \"UA\": unknown key \"party\""));
}

TEST(AdherenceLoadTest, CountryRegistryRejectsCodesOutsideIso3166) {
  auto countries = core::LoadedCountries();
  ASSERT_TRUE(countries.has_value()) << countries.error().ToString();
  auto adherence = Adherence::Parse(std::string(kHeader) + "[[state]]\ncode = \"XK\"\nsigned = 2012-01-10\n",
                                    Catalogue::Builtin(), *countries);
  ASSERT_FALSE(adherence.has_value());
  EXPECT_THAT(adherence.error().message, HasSubstr("state[0]: key \"code\""));
}

TEST(AdherenceLoadTest, CatalogueNameMustMatch) {
  auto adherence = Adherence::Parse("notice = \"x\"\ncatalogue = \"other\"\n", Catalogue::Builtin());
  ASSERT_FALSE(adherence.has_value());
  EXPECT_THAT(adherence.error().message, HasSubstr("is \"other\", the catalogue is \"accord-norms\""));
}

TEST(AdherenceTest, BuiltinAdherenceIsMarkedAsDemoData) {
  auto adherence = Adherence::ParseBuiltin();
  ASSERT_TRUE(adherence.has_value()) << adherence.error().ToString();
  EXPECT_TRUE(adherence->demo());
  EXPECT_THAT(adherence->notice(), HasSubstr("DEMO DATA"));
  EXPECT_NE(adherence->Find("RU"), nullptr);
  EXPECT_EQ(adherence->Find("FR"), nullptr);
}

}  // namespace
}  // namespace accord::norms
