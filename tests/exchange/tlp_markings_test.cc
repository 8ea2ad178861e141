// The TLP markings accord writes into STIX and recognises in imports. The
// expected ids are the OASIS TLP 2.0 objects' and STIX 2.1 section
// 7.2.1.4's (copied from ../shared/data/tlp20.md's table, which cites the
// official files); tests/interop/tlp20_markings_test.cc compares against
// the files themselves.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/canonical_json.h"
#include "exchange/tlp_markings.h"

namespace accord::exchange {
namespace {

using model::Tlp;

TEST(TlpMarkingsTest, TheFiveTlp2IdsAreTheOasisOnes) {
  EXPECT_EQ(Tlp2MarkingDefinition(Tlp::kClear).id, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487");
  EXPECT_EQ(Tlp2MarkingDefinition(Tlp::kGreen).id, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb");
  EXPECT_EQ(Tlp2MarkingDefinition(Tlp::kAmber).id, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421");
  EXPECT_EQ(Tlp2MarkingDefinition(Tlp::kAmberStrict).id,
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003");
  EXPECT_EQ(Tlp2MarkingDefinition(Tlp::kRed).id, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");
}

TEST(TlpMarkingsTest, EachLabelHasItsOwnDefinitionInOrder) {
  std::set<std::string_view> ids;
  Tlp previous = Tlp::kClear;
  bool first = true;
  for (const auto& definition : Tlp2MarkingDefinitions()) {
    EXPECT_TRUE(ids.insert(definition.id).second) << definition.id;
    if (!first) {
      EXPECT_LT(previous, definition.tlp);
    }
    previous = definition.tlp;
    first = false;
    EXPECT_EQ(definition.name, "TLP:" + std::string(model::TlpName(definition.tlp)));
  }
  EXPECT_EQ(ids.size(), 5u);
}

TEST(TlpMarkingsTest, WritesTheObjectWithThePropertyExtensionAndNoDefinition) {
  EXPECT_EQ(core::SerializeCanonical(Tlp2MarkingDefinitionJson(Tlp::kAmberStrict)),
            R"({"created":"2022-10-01T00:00:00.000Z","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":)"
            R"({"extension_type":"property-extension","tlp_2_0":"amber+strict"}},"id":"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",)"
            R"("name":"TLP:AMBER+STRICT","spec_version":"2.1","type":"marking-definition"})");
}

TEST(TlpMarkingsTest, RecognisesTheTlp2Ids) {
  for (const auto& definition : Tlp2MarkingDefinitions()) {
    auto recognized = RecognizeTlpMarking(definition.id);
    ASSERT_TRUE(recognized) << definition.id;
    EXPECT_EQ(recognized->tlp, definition.tlp);
    EXPECT_EQ(recognized->version, TlpVersion::kTlp2);
  }
}

TEST(TlpMarkingsTest, ReadsTheTlp1IdsByTheStatedPolicy) {
  const std::pair<std::string_view, Tlp> tlp1[] = {
      {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", Tlp::kClear},  // WHITE
      {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Tlp::kGreen},
      {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Tlp::kAmber},
      {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Tlp::kRed},
  };
  for (const auto& [id, tlp] : tlp1) {
    auto recognized = RecognizeTlpMarking(id);
    ASSERT_TRUE(recognized) << id;
    EXPECT_EQ(recognized->tlp, tlp) << id;
    EXPECT_EQ(recognized->version, TlpVersion::kTlp1);
  }
}

TEST(TlpMarkingsTest, AnyOtherIdIsNotTlp) {
  // ATT&CK's copyright statement marking, a near miss, and junk.
  EXPECT_FALSE(RecognizeTlpMarking("marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168"));
  EXPECT_FALSE(RecognizeTlpMarking("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8488"));
  EXPECT_FALSE(RecognizeTlpMarking("MARKING-DEFINITION--94868C89-83C2-464B-929B-A1A8AA3C8487"));
  EXPECT_FALSE(RecognizeTlpMarking(""));
}

}  // namespace
}  // namespace accord::exchange
