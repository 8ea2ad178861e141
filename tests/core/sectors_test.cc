#include "core/sectors.h"

#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace accord::core {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const SectorTaxonomy& Taxonomy() {
  return SectorTaxonomy::Builtin();
}

// One row of NIS2's annexes as the directive words it (Directive (EU)
// 2022/2555, OJ L 333, 27.12.2022, Annexes I and II), with the code accord
// gives it.
struct AnnexRow {
  const char* code;
  const char* citation;
  const char* name;
};

// Annex I, "Sectors of high criticality": eleven sectors; energy and
// transport have lettered sub-sectors.
const std::vector<AnnexRow> kAnnexI = {
    {"energy", "Annex I, point 1", "Energy"},
    {"energy.electricity", "Annex I, point 1(a)", "Electricity"},
    {"energy.district-heating", "Annex I, point 1(b)", "District heating and cooling"},
    {"energy.oil", "Annex I, point 1(c)", "Oil"},
    {"energy.gas", "Annex I, point 1(d)", "Gas"},
    {"energy.hydrogen", "Annex I, point 1(e)", "Hydrogen"},
    {"transport", "Annex I, point 2", "Transport"},
    {"transport.air", "Annex I, point 2(a)", "Air"},
    {"transport.rail", "Annex I, point 2(b)", "Rail"},
    {"transport.water", "Annex I, point 2(c)", "Water"},
    {"transport.road", "Annex I, point 2(d)", "Road"},
    {"banking", "Annex I, point 3", "Banking"},
    {"financial-market-infrastructures", "Annex I, point 4", "Financial market infrastructures"},
    {"health", "Annex I, point 5", "Health"},
    {"drinking-water", "Annex I, point 6", "Drinking water"},
    {"waste-water", "Annex I, point 7", "Waste water"},
    {"digital-infrastructure", "Annex I, point 8", "Digital infrastructure"},
    {"ict-service-management", "Annex I, point 9", "ICT service management (business-to-business)"},
    {"public-administration", "Annex I, point 10", "Public administration"},
    {"space", "Annex I, point 11", "Space"},
};

// Annex II, "Other critical sectors": seven sectors; manufacturing has
// lettered sub-sectors.
const std::vector<AnnexRow> kAnnexII = {
    {"postal-and-courier", "Annex II, point 1", "Postal and courier services"},
    {"waste-management", "Annex II, point 2", "Waste management"},
    {"chemicals", "Annex II, point 3", "Manufacture, production and distribution of chemicals"},
    {"food", "Annex II, point 4", "Production, processing and distribution of food"},
    {"manufacturing", "Annex II, point 5", "Manufacturing"},
    {"manufacturing.medical-devices", "Annex II, point 5(a)",
     "Manufacture of medical devices and in vitro diagnostic medical devices"},
    {"manufacturing.computer-electronic-optical", "Annex II, point 5(b)",
     "Manufacture of computer, electronic and optical products"},
    {"manufacturing.electrical-equipment", "Annex II, point 5(c)",
     "Manufacture of electrical equipment"},
    {"manufacturing.machinery", "Annex II, point 5(d)",
     "Manufacture of machinery and equipment n.e.c."},
    {"manufacturing.motor-vehicles", "Annex II, point 5(e)",
     "Manufacture of motor vehicles, trailers and semi-trailers"},
    {"manufacturing.other-transport-equipment", "Annex II, point 5(f)",
     "Manufacture of other transport equipment"},
    {"digital-providers", "Annex II, point 6", "Digital providers"},
    {"research", "Annex II, point 7", "Research"},
};

void ExpectRowsPresent(const std::vector<AnnexRow>& rows, Nis2Annex annex) {
  for (const AnnexRow& row : rows) {
    auto sector = Taxonomy().Find(row.code);
    ASSERT_TRUE(sector) << sector.error().ToString();
    EXPECT_EQ((*sector)->origin, SectorOrigin::kNis2) << row.code;
    EXPECT_EQ((*sector)->annex, annex) << row.code;
    EXPECT_EQ((*sector)->Citation(), row.citation) << row.code;
    EXPECT_EQ((*sector)->name, row.name) << row.code;
    EXPECT_FALSE((*sector)->deprecated) << row.code;
  }
}

std::vector<std::string> ChildCodes(std::string_view code) {
  auto children = Taxonomy().Children(code);
  EXPECT_TRUE(children) << children.error().ToString();
  std::vector<std::string> codes;
  if (children)
    for (const Sector* child : *children) codes.push_back(child->code);
  return codes;
}

TEST(SectorTaxonomyTest, BuiltinFileParses) {
  auto parsed = SectorTaxonomy::ParseBuiltin();
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_GE(parsed->version(), 1);
  EXPECT_THAT(parsed->source(), HasSubstr("2022/2555"));
  EXPECT_THAT(parsed->source(), HasSubstr("OJ L 333, 27.12.2022"));
  EXPECT_EQ(&SectorTaxonomy::Builtin(), &SectorTaxonomy::Builtin());
}

TEST(SectorTaxonomyTest, EveryAnnexISectorAndSubSectorIsPresent) {
  ExpectRowsPresent(kAnnexI, Nis2Annex::kAnnexI);
}

TEST(SectorTaxonomyTest, EveryAnnexIISectorAndSubSectorIsPresent) {
  ExpectRowsPresent(kAnnexII, Nis2Annex::kAnnexII);
}

TEST(SectorTaxonomyTest, HoldsNoNis2EntryBeyondTheAnnexes) {
  std::size_t nis2_entries = 0;
  std::size_t annex_i_sectors = 0;
  std::size_t annex_ii_sectors = 0;
  for (const Sector& sector : Taxonomy().sectors()) {
    if (sector.origin != SectorOrigin::kNis2) continue;
    ++nis2_entries;
    if (sector.parent.empty() && sector.annex == Nis2Annex::kAnnexI) ++annex_i_sectors;
    if (sector.parent.empty() && sector.annex == Nis2Annex::kAnnexII) ++annex_ii_sectors;
  }
  EXPECT_EQ(annex_i_sectors, 11u);
  EXPECT_EQ(annex_ii_sectors, 7u);
  EXPECT_EQ(nis2_entries, kAnnexI.size() + kAnnexII.size());
}

TEST(SectorTaxonomyTest, SubSectorsFollowTheDirectiveInOrder) {
  EXPECT_EQ(ChildCodes("energy"),
            (std::vector<std::string>{"energy.electricity", "energy.district-heating", "energy.oil",
                                      "energy.gas", "energy.hydrogen"}));
  EXPECT_EQ(ChildCodes("transport"),
            (std::vector<std::string>{"transport.air", "transport.rail", "transport.water",
                                      "transport.road"}));
  EXPECT_EQ(ChildCodes("manufacturing"),
            (std::vector<std::string>{
                "manufacturing.medical-devices", "manufacturing.computer-electronic-optical",
                "manufacturing.electrical-equipment", "manufacturing.machinery",
                "manufacturing.motor-vehicles", "manufacturing.other-transport-equipment"}));
  EXPECT_TRUE(ChildCodes("banking").empty());
  auto energy = Taxonomy().Children("energy");
  ASSERT_TRUE(energy);
  for (const Sector* child : *energy) EXPECT_EQ(child->parent, "energy");
}

TEST(SectorTaxonomyTest, CodesAreUniqueAndEachResolvesToItsEntry) {
  std::set<std::string> codes;
  for (const Sector& sector : Taxonomy().sectors()) {
    EXPECT_TRUE(codes.insert(sector.code).second) << sector.code;
    auto found = Taxonomy().Find(sector.code);
    ASSERT_TRUE(found) << found.error().ToString();
    EXPECT_EQ(*found, &sector);
    EXPECT_LE(sector.code.size(), SectorTaxonomy::kMaxCodeBytes);
  }
}

TEST(SectorTaxonomyTest, EveryCrosswalkIsOneOfTheSixteenUsSectorsOrExplained) {
  EXPECT_EQ(std::set<std::string_view>(kUsCisaSectors.begin(), kUsCisaSectors.end()).size(), 16u);
  for (const Sector& sector : Taxonomy().sectors()) {
    if (sector.us_cisa_sector.empty()) {
      EXPECT_FALSE(sector.us_cisa_note.empty()) << sector.code;
    } else {
      EXPECT_THAT(kUsCisaSectors, ::testing::Contains(sector.us_cisa_sector)) << sector.code;
    }
  }
  EXPECT_EQ((*Taxonomy().Find("drinking-water"))->us_cisa_sector, "Water and Wastewater Systems");
  EXPECT_EQ((*Taxonomy().Find("banking"))->us_cisa_sector, "Financial Services");
}

// The agreement's red lines name electricity, water and wastewater, hospitals
// and emergency services; each must have a code.
TEST(SectorTaxonomyTest, RedLineSectorsHaveCodes) {
  for (std::string_view code : {"energy.electricity", "drinking-water", "waste-water",
                                "health.healthcare-providers", "emergency-services"}) {
    auto sector = Taxonomy().Find(code);
    EXPECT_TRUE(sector) << sector.error().ToString();
  }
}

TEST(SectorTaxonomyTest, EmergencyServicesIsAnAccordExtensionNotNis2) {
  auto sector = Taxonomy().Find("emergency-services");
  ASSERT_TRUE(sector) << sector.error().ToString();
  EXPECT_EQ((*sector)->origin, SectorOrigin::kAccord);
  EXPECT_EQ((*sector)->annex, Nis2Annex::kNone);
  EXPECT_EQ((*sector)->Citation(), "");
  EXPECT_FALSE((*sector)->basis.empty());
  EXPECT_EQ((*sector)->us_cisa_sector, "Emergency Services");

  auto providers = Taxonomy().Find("health.healthcare-providers");
  ASSERT_TRUE(providers);
  EXPECT_EQ((*providers)->origin, SectorOrigin::kAccord);
  EXPECT_EQ((*providers)->parent, "health");
}

TEST(SectorTaxonomyFindTest, RejectsUpperCaseAndNamesTheLowerCaseForm) {
  auto found = Taxonomy().Find("Energy");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(found.error().message,
            "sector code \"Energy\": upper-case letter at byte 1; sector codes are lower case, "
            "use \"energy\"");
}

TEST(SectorTaxonomyFindTest, RejectsMalformedCodesWithThePosition) {
  struct Case {
    std::string code;
    std::string message;
  };
  std::vector<Case> cases = {
      {"", "sector code \"\": is empty"},
      {"energy..gas", "sector code \"energy..gas\": empty segment before byte 8"},
      {".energy", "sector code \".energy\": empty segment before byte 1"},
      {"energy.", "sector code \"energy.\": ends with '.'"},
      {"energy.gas.lng",
       "sector code \"energy.gas.lng\": has more than two levels at byte 11; a code is a sector "
       "or a sector.sub-sector"},
      {"energy gas", "sector code \"energy gas\": byte 7 is not one of a-z, 0-9, '-' or '.'"},
      {"-energy", "sector code \"-energy\": segment starts with '-' at byte 1"},
      {"energy-", "sector code \"energy-\": ends with '-'"},
      {"waste--water", "sector code \"waste--water\": repeated '-' at byte 7"},
      {"energy-.gas", "sector code \"energy-.gas\": segment ends with '-' at byte 7"},
      {std::string(65, 'a'),
       "sector code \"" + std::string(40, 'a') + "\"...: is 65 bytes long, the limit is 64"},
  };
  for (const Case& test : cases) {
    auto found = Taxonomy().Find(test.code);
    ASSERT_FALSE(found) << test.code;
    EXPECT_EQ(found.error().code, ErrorCode::kInvalidArgument) << test.code;
    EXPECT_EQ(found.error().message, test.message);
  }
}

TEST(SectorTaxonomyFindTest, UnknownCodeSuggestsTheNearestCode) {
  auto typo = Taxonomy().Find("energy.electricty");
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(typo.error().message,
            "sector code \"energy.electricty\": unknown (did you mean \"energy.electricity\"?)");

  auto without_sector = Taxonomy().Find("electricity");
  ASSERT_FALSE(without_sector);
  EXPECT_THAT(without_sector.error().message, HasSubstr("(did you mean \"energy.electricity\"?)"));

  auto british = Taxonomy().Find("wastewater");
  ASSERT_FALSE(british);
  EXPECT_THAT(british.error().message, HasSubstr("(did you mean \"waste-water\"?)"));
}

TEST(SectorTaxonomyFindTest, UnknownCodeFarFromEveryCodeGetsNoSuggestion) {
  auto found = Taxonomy().Find("zzzz");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(found.error().message, "sector code \"zzzz\": unknown");
}

TEST(SectorTaxonomyFindTest, ChildrenOfUnknownCodeFailsLikeFind) {
  auto children = Taxonomy().Children("energie");
  ASSERT_FALSE(children);
  EXPECT_EQ(children.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(children.error().message, HasSubstr("did you mean \"energy\""));
}

// --- Parse() error paths, on small texts --------------------------------

constexpr std::string_view kHeader =
    "version = 1\n"
    "source = \"test\"\n"
    "crosswalk_source = \"test\"\n";  // 3 lines

constexpr std::string_view kEnergy =
    "[[sector]]\n"         // line 4 when first
    "code = \"energy\"\n"  // line 5
    "name = \"Energy\"\n"
    "origin = \"nis2\"\n"
    "annex = \"I\"\n"
    "point = \"1\"\n"
    "us_cisa_sector = \"Energy\"\n";  // 7 lines

std::string Text(std::string_view tail) {
  return std::string(kHeader) + std::string(kEnergy) + std::string(tail);
}

// Expects Parse(text) to fail with kInvalidArgument and exactly `message`.
void ExpectParseError(const std::string& text, const std::string& message) {
  auto parsed = SectorTaxonomy::Parse(text);
  ASSERT_FALSE(parsed) << text;
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << text;
  EXPECT_EQ(parsed.error().message, message) << text;
}

TEST(SectorTaxonomyParseTest, AcceptsAMinimalTaxonomy) {
  auto parsed = SectorTaxonomy::Parse(Text(""));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->sectors().size(), 1u);
  EXPECT_EQ(parsed->sectors()[0].Citation(), "Annex I, point 1");
}

TEST(SectorTaxonomyParseTest, SyntaxErrorGivesLineAndColumn) {
  auto parsed = SectorTaxonomy::Parse(Text("code = \n"));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(parsed.error().message, StartsWith("line 11, column "));
}

TEST(SectorTaxonomyParseTest, DuplicateCodeNamesTheEarlierLine) {
  ExpectParseError(Text(kEnergy),
                   "line 12: sector \"energy\": key \"code\": already defined at line 4; codes "
                   "are unique and never reused");
}

TEST(SectorTaxonomyParseTest, UnknownKeyIsRejected) {
  ExpectParseError(Text("colour = \"red\"\n"),
                   "line 11: sector \"energy\": unknown key \"colour\"");
  ExpectParseError("versoin = 1\n" + Text(""), "line 1: unknown top-level key \"versoin\"");
}

TEST(SectorTaxonomyParseTest, SubSectorNeedsItsParentFirst) {
  ExpectParseError(Text("[[sector]]\ncode = \"transport.air\"\nname = \"Air\"\n"
                        "origin = \"nis2\"\nannex = \"I\"\npoint = \"2(a)\"\n"
                        "us_cisa_sector = \"Transportation Systems\"\n"),
                   "line 12: sector \"transport.air\": key \"code\": parent sector \"transport\" "
                   "is not defined before this entry");
}

TEST(SectorTaxonomyParseTest, SubSectorPointMustBeALetteredSubPointOfItsParent) {
  ExpectParseError(Text("[[sector]]\ncode = \"energy.oil\"\nname = \"Oil\"\n"
                        "origin = \"nis2\"\nannex = \"I\"\npoint = \"2(c)\"\n"
                        "us_cisa_sector = \"Energy\"\n"),
                   "line 16: sector \"energy.oil\": key \"point\": \"2(c)\" is not a sub-point "
                   "of parent point \"1\", such as \"1(a)\"");
  ExpectParseError(Text("[[sector]]\ncode = \"energy.oil\"\nname = \"Oil\"\n"
                        "origin = \"nis2\"\nannex = \"II\"\npoint = \"1(c)\"\n"
                        "us_cisa_sector = \"Energy\"\n"),
                   "line 15: sector \"energy.oil\": key \"annex\": differs from the annex of "
                   "parent \"energy\"");
}

TEST(SectorTaxonomyParseTest, Nis2EntryNeedsAValidAnnexAndPoint) {
  ExpectParseError(std::string(kHeader) +
                       "[[sector]]\ncode = \"energy\"\nname = \"Energy\"\norigin = \"nis2\"\n"
                       "point = \"1\"\nus_cisa_sector = \"Energy\"\n",
                   "line 4: sector \"energy\": key \"annex\": missing");
  ExpectParseError(std::string(kHeader) +
                       "[[sector]]\ncode = \"energy\"\nname = \"Energy\"\norigin = \"nis2\"\n"
                       "annex = \"III\"\npoint = \"1\"\nus_cisa_sector = \"Energy\"\n",
                   "line 8: sector \"energy\": key \"annex\": must be \"I\" or \"II\", got "
                   "\"III\"");
  ExpectParseError(std::string(kHeader) +
                       "[[sector]]\ncode = \"energy\"\nname = \"Energy\"\norigin = \"nis2\"\n"
                       "annex = \"I\"\npoint = \"01\"\nus_cisa_sector = \"Energy\"\n",
                   "line 9: sector \"energy\": key \"point\": \"01\" is not a point number such "
                   "as \"5\"");
}

TEST(SectorTaxonomyParseTest, TwoCodesForOneAnnexPointAreRejected) {
  ExpectParseError(Text("[[sector]]\ncode = \"power\"\nname = \"Power\"\n"
                        "origin = \"nis2\"\nannex = \"I\"\npoint = \"1\"\n"
                        "us_cisa_sector = \"Energy\"\n"),
                   "line 16: sector \"power\": key \"point\": Annex I, point 1 is already the "
                   "point of \"energy\"");
}

TEST(SectorTaxonomyParseTest, AccordExtensionNeedsABasisAndNoAnnex) {
  ExpectParseError(Text("[[sector]]\ncode = \"emergency-services\"\nname = \"Emergency\"\n"
                        "origin = \"accord\"\nus_cisa_sector = \"Emergency Services\"\n"),
                   "line 11: sector \"emergency-services\": key \"basis\": missing");
  ExpectParseError(Text("[[sector]]\ncode = \"emergency-services\"\nname = \"Emergency\"\n"
                        "origin = \"accord\"\nannex = \"I\"\nbasis = \"why\"\n"
                        "us_cisa_sector = \"Emergency Services\"\n"),
                   "line 15: sector \"emergency-services\": key \"annex\": accord extensions are "
                   "not in a NIS2 annex; explain the relation in \"basis\"");
  ExpectParseError(Text("basis = \"why\"\n"),
                   "line 11: sector \"energy\": key \"basis\": only accord extensions have a "
                   "basis; NIS2 entries cite their annex and point");
  ExpectParseError(Text("[[sector]]\ncode = \"x\"\nname = \"X\"\norigin = \"treaty\"\n"),
                   "line 14: sector \"x\": key \"origin\": must be \"nis2\" or \"accord\", got "
                   "\"treaty\"");
}

TEST(SectorTaxonomyParseTest, CrosswalkMustBeOneOfTheSixteenOrExplained) {
  ExpectParseError(std::string(kHeader) +
                       "[[sector]]\ncode = \"energy\"\nname = \"Energy\"\norigin = \"nis2\"\n"
                       "annex = \"I\"\npoint = \"1\"\nus_cisa_sector = \"Power\"\n",
                   "line 10: sector \"energy\": key \"us_cisa_sector\": \"Power\" is not one of "
                   "the 16 PPD-21 sectors");
  ExpectParseError(std::string(kHeader) +
                       "[[sector]]\ncode = \"energy\"\nname = \"Energy\"\norigin = \"nis2\"\n"
                       "annex = \"I\"\npoint = \"1\"\n",
                   "line 4: sector \"energy\": key \"us_cisa_sector\": missing; if no US sector "
                   "fits, say why in \"us_cisa_note\"");
  auto explained =
      SectorTaxonomy::Parse(std::string(kHeader) +
                            "[[sector]]\ncode = \"energy\"\nname = \"Energy\"\norigin = \"nis2\"\n"
                            "annex = \"I\"\npoint = \"1\"\nus_cisa_note = \"none fits\"\n");
  EXPECT_TRUE(explained) << explained.error().ToString();
}

TEST(SectorTaxonomyParseTest, MalformedCodeAndWrongTypesAreRejected) {
  ExpectParseError(std::string(kHeader) + "[[sector]]\ncode = \"Energy\"\n",
                   "line 5: sector[0]: key \"code\": \"Energy\" upper-case letter at byte 1; "
                   "sector codes are lower case, use \"energy\"");
  ExpectParseError(std::string(kHeader) + "[[sector]]\ncode = 7\n",
                   "line 5: sector[0]: key \"code\": expected a string, got an integer");
  ExpectParseError(Text("deprecated = \"yes\"\n"),
                   "line 11: sector \"energy\": key \"deprecated\": expected a boolean, got a "
                   "string");
  ExpectParseError(Text("description = \"\"\n"),
                   "line 11: sector \"energy\": key \"description\": is empty");
}

TEST(SectorTaxonomyParseTest, TopLevelKeysAreChecked) {
  ExpectParseError("source = \"s\"\ncrosswalk_source = \"c\"\n" + std::string(kEnergy),
                   "top-level key \"version\": missing");
  ExpectParseError("version = 0\nsource = \"s\"\ncrosswalk_source = \"c\"\n" + std::string(kEnergy),
                   "line 1: top-level key \"version\": expected a positive integer");
  ExpectParseError("version = 1\ncrosswalk_source = \"c\"\n" + std::string(kEnergy),
                   "top-level key \"source\": missing");
  ExpectParseError(std::string(kHeader), "no [[sector]] entries");
  ExpectParseError(std::string(kHeader) + "sector = 1\n",
                   "line 4: \"sector\" must be an array of tables ([[sector]])");
  ExpectParseError(std::string(kHeader) + "sector = [1]\n",
                   "line 4: sector[0]: expected a table, got an integer");
}

TEST(SectorTaxonomyParseTest, DeprecatedCodeStillResolvesAndNeedsANote) {
  ExpectParseError(Text("deprecated = true\n"),
                   "line 4: sector \"energy\": key \"deprecation_note\": missing; a deprecated "
                   "code says what to use instead");
  ExpectParseError(Text("deprecation_note = \"use power\"\n"),
                   "line 11: sector \"energy\": key \"deprecation_note\": given, but "
                   "\"deprecated\" is not true");
  auto parsed =
      SectorTaxonomy::Parse(Text("deprecated = true\ndeprecation_note = \"use power\"\n"));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  auto sector = parsed->Find("energy");
  ASSERT_TRUE(sector) << sector.error().ToString();
  EXPECT_TRUE((*sector)->deprecated);
}

TEST(SectorTaxonomyParseTest, OversizedTextIsRefused) {
  auto parsed = SectorTaxonomy::Parse(std::string(SectorTaxonomy::kMaxTextBytes + 1, '#'));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kResourceExhausted);
}

TEST(SectorTaxonomyParseTest, MovedTaxonomyKeepsItsLookups) {
  auto parsed = SectorTaxonomy::Parse(Text(""));
  ASSERT_TRUE(parsed);
  SectorTaxonomy moved = std::move(*parsed);
  SectorTaxonomy again = std::move(moved);
  auto sector = again.Find("energy");
  ASSERT_TRUE(sector) << sector.error().ToString();
  EXPECT_EQ(*sector, &again.sectors()[0]);
}

}  // namespace
}  // namespace accord::core
