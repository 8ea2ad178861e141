#include <array>
#include <string>

#include <gtest/gtest.h>

#include "privacy/visibility.h"

namespace accord::privacy {
namespace {

using model::Tlp;

constexpr std::array<Tlp, 5> kAllTlp = {Tlp::kClear, Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict,
                                        Tlp::kRed};

enum class Relation { kOther, kSubmitter, kRecipient, kClientOfRecipient };

struct Row {
  Role role;
  Relation relation;
  bool assigned;  // RecordAccess::in_case_assigned_to_reader
  // Readable markings in the order CLEAR GREEN AMBER AMBER+STRICT RED:
  // 'y' readable, '-' not. Written from DESIGN.md's table and TLP 2.0's
  // definitions (docs/visibility.md), not from the implementation.
  const char* expected;
};

// Every role x relation x assignment; the assignment flag matters only to
// arbitrators, and the rows for the other roles show that.
constexpr Row kMatrix[] = {
    {Role::kPublic, Relation::kOther, false, "y----"},
    {Role::kPublic, Relation::kOther, true, "y----"},
    {Role::kPublic, Relation::kSubmitter, false, "y----"},  // no identity, no authorship
    {Role::kPublic, Relation::kRecipient, false, "y----"},
    {Role::kPublic, Relation::kClientOfRecipient, false, "y----"},

    {Role::kWatchdog, Relation::kOther, false, "yy---"},
    {Role::kWatchdog, Relation::kOther, true, "yy---"},
    {Role::kWatchdog, Relation::kSubmitter, false, "yyyyy"},
    {Role::kWatchdog, Relation::kRecipient, false, "yyyyy"},
    {Role::kWatchdog, Relation::kClientOfRecipient, false, "yyy--"},

    {Role::kOperator, Relation::kOther, false, "yy---"},
    {Role::kOperator, Relation::kOther, true, "yy---"},
    {Role::kOperator, Relation::kSubmitter, false, "yyyyy"},
    {Role::kOperator, Relation::kRecipient, false, "yyyyy"},
    {Role::kOperator, Relation::kClientOfRecipient, false, "yyy--"},

    {Role::kState, Relation::kOther, false, "yy---"},
    {Role::kState, Relation::kOther, true, "yy---"},
    {Role::kState, Relation::kSubmitter, false, "yyyyy"},
    {Role::kState, Relation::kRecipient, false, "yyyyy"},
    {Role::kState, Relation::kClientOfRecipient, false, "yyy--"},

    {Role::kArbitrator, Relation::kOther, false, "yy---"},
    {Role::kArbitrator, Relation::kOther, true, "yyyy-"},
    {Role::kArbitrator, Relation::kSubmitter, false, "yyyyy"},
    {Role::kArbitrator, Relation::kRecipient, false, "yyyyy"},
    {Role::kArbitrator, Relation::kRecipient, true, "yyyyy"},
    {Role::kArbitrator, Relation::kClientOfRecipient, false, "yyy--"},
    {Role::kArbitrator, Relation::kClientOfRecipient, true, "yyyy-"},

    {Role::kSecretariat, Relation::kOther, false, "yyyy-"},
    {Role::kSecretariat, Relation::kOther, true, "yyyy-"},
    {Role::kSecretariat, Relation::kSubmitter, false, "yyyyy"},
    {Role::kSecretariat, Relation::kRecipient, false, "yyyyy"},
    {Role::kSecretariat, Relation::kClientOfRecipient, false, "yyyy-"},
};

Reader MakeReader(Role role, Relation relation) {
  Reader reader;
  reader.role = role;
  switch (relation) {
    case Relation::kOther:
      reader.party_id = "party--other";
      reader.client_of = {"party--unrelated-cert"};
      break;
    case Relation::kSubmitter:
      reader.party_id = "party--author";
      break;
    case Relation::kRecipient:
      reader.party_id = "party--addressee";
      break;
    case Relation::kClientOfRecipient:
      reader.party_id = "party--client";
      reader.client_of = {"party--addressee"};
      break;
  }
  return reader;
}

TEST(MayReadTest, FollowsTheVisibilityTableForEveryRoleMarkingAndRelation) {
  for (const Row& row : kMatrix) {
    RecordAccess access;
    access.submitter_party_id = "party--author";
    access.recipients = {"party--addressee", "party--second-addressee"};
    access.in_case_assigned_to_reader = row.assigned;
    const Reader reader = MakeReader(row.role, row.relation);
    for (std::size_t i = 0; i < kAllTlp.size(); ++i) {
      EXPECT_EQ(MayRead(kAllTlp[i], reader, access), row.expected[i] == 'y')
          << RoleName(row.role) << " relation " << static_cast<int>(row.relation)
          << " assigned " << row.assigned << " TLP:" << model::TlpName(kAllTlp[i]);
    }
  }
}

TEST(MayReadTest, MatrixCoversEveryRoleAndRelation) {
  for (Role role : {Role::kPublic, Role::kWatchdog, Role::kOperator, Role::kState,
                    Role::kArbitrator, Role::kSecretariat}) {
    for (Relation relation : {Relation::kOther, Relation::kSubmitter, Relation::kRecipient,
                              Relation::kClientOfRecipient}) {
      bool found = false;
      for (const Row& row : kMatrix) found = found || (row.role == role && row.relation == relation);
      EXPECT_TRUE(found) << RoleName(role) << " " << static_cast<int>(relation);
    }
  }
}

TEST(MayReadTest, AnEmptyPartyIdNeverMatchesAnEmptySubmitterOrRecipient) {
  RecordAccess access;  // submitter unknown, recipients {""}
  access.recipients = {""};
  Reader reader{.role = Role::kOperator, .party_id = "", .client_of = {""}};
  EXPECT_TRUE(MayRead(Tlp::kClear, reader, access));
  EXPECT_FALSE(MayRead(Tlp::kGreen, reader, access));
  EXPECT_FALSE(MayRead(Tlp::kAmber, reader, access));
  EXPECT_FALSE(MayRead(Tlp::kRed, reader, access));
}

TEST(MayReadTest, RedIsClosedToTheSecretariatAndArbitratorUnlessNamed) {
  RecordAccess access{.submitter_party_id = "party--author",
                      .recipients = {"party--addressee"},
                      .in_case_assigned_to_reader = true};
  EXPECT_FALSE(MayRead(Tlp::kRed, Reader{.role = Role::kSecretariat, .party_id = "secretariat", .client_of = {}},
                       access));
  EXPECT_FALSE(MayRead(Tlp::kRed, Reader{.role = Role::kArbitrator, .party_id = "arbitrator--1", .client_of = {}},
                       access));
  access.recipients.push_back("arbitrator--1");
  EXPECT_TRUE(MayRead(Tlp::kRed, Reader{.role = Role::kArbitrator, .party_id = "arbitrator--1", .client_of = {}},
                      access));
}

TEST(ReadMustBeLoggedTest, SecretariatReadsOfAmberAndAboveAreLogged) {
  const RecordAccess access{.submitter_party_id = "party--author",
                            .recipients = {"secretariat"},
                            .in_case_assigned_to_reader = false};
  const Reader secretariat{.role = Role::kSecretariat, .party_id = "secretariat", .client_of = {}};
  EXPECT_FALSE(ReadMustBeLogged(Tlp::kClear, secretariat, access));
  EXPECT_FALSE(ReadMustBeLogged(Tlp::kGreen, secretariat, access));
  EXPECT_TRUE(ReadMustBeLogged(Tlp::kAmber, secretariat, access));
  EXPECT_TRUE(ReadMustBeLogged(Tlp::kAmberStrict, secretariat, access));
  EXPECT_TRUE(ReadMustBeLogged(Tlp::kRed, secretariat, access));  // named here
  const Reader state{.role = Role::kState, .party_id = "secretariat", .client_of = {}};
  EXPECT_FALSE(ReadMustBeLogged(Tlp::kAmber, state, access));
}

TEST(ReadMustBeLoggedTest, AReadThatIsRefusedIsNotAReadToLog) {
  const RecordAccess access{.submitter_party_id = "party--author", .recipients = {},
                            .in_case_assigned_to_reader = false};
  const Reader secretariat{.role = Role::kSecretariat, .party_id = "secretariat", .client_of = {}};
  EXPECT_FALSE(ReadMustBeLogged(Tlp::kRed, secretariat, access));
}

TEST(RoleNameTest, SpellsEveryRole) {
  EXPECT_EQ(RoleName(Role::kPublic), "public");
  EXPECT_EQ(RoleName(Role::kWatchdog), "watchdog");
  EXPECT_EQ(RoleName(Role::kOperator), "operator");
  EXPECT_EQ(RoleName(Role::kState), "state");
  EXPECT_EQ(RoleName(Role::kArbitrator), "arbitrator");
  EXPECT_EQ(RoleName(Role::kSecretariat), "secretariat");
}

}  // namespace
}  // namespace accord::privacy
