#include "core/iso3166.h"

#include <stdlib.h>

#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/file_io.h"

namespace accord::core {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The installed iso-codes list (Debian's iso-codes 4.15 has 249 entries).
const CountryRegistry& Installed() {
  static const Result<CountryRegistry>* const loaded =
      new Result<CountryRegistry>(CountryRegistry::Load());
  if (!*loaded) {
    ADD_FAILURE() << "load installed iso-codes: " << loaded->error().ToString();
    std::abort();
  }
  return loaded->value();
}

// A private temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "accord-iso-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

  void Write(std::string_view contents) const {
    ASSERT_TRUE(WriteFileAtomically(path_ / CountryRegistry::kFileName, contents));
  }

 private:
  std::filesystem::path path_;
};

// A well-formed entry, as iso-codes writes them.
std::string Entry(std::string_view alpha_2, std::string_view alpha_3, std::string_view numeric,
                  std::string_view name) {
  return "{\"alpha_2\": \"" + std::string(alpha_2) + "\", \"alpha_3\": \"" + std::string(alpha_3) +
         "\", \"numeric\": \"" + std::string(numeric) + "\", \"name\": \"" + std::string(name) +
         "\"}";
}

std::string List(const std::vector<std::string>& entries) {
  std::string text = "{\"3166-1\": [";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) text += ", ";
    text += entries[i];
  }
  return text + "]}";
}

TEST(CountryRegistryTest, InstalledListHasEveryEntryOfTheFile) {
  // Count the entries independently of the parser: each has one "alpha_2".
  auto text = ReadFile(CountryRegistry::DefaultDir() / CountryRegistry::kFileName);
  ASSERT_TRUE(text) << text.error().ToString();
  std::size_t entries = 0;
  for (std::size_t at = text->find("\"alpha_2\""); at != std::string::npos;
       at = text->find("\"alpha_2\"", at + 1))
    ++entries;
  EXPECT_GE(entries, 249u);
  EXPECT_EQ(Installed().size(), entries);
}

TEST(CountryRegistryTest, UkraineResolvesByAlpha2Alpha3AndNumeric) {
  auto by_alpha_2 = Installed().FindAlpha2("UA");
  ASSERT_TRUE(by_alpha_2) << by_alpha_2.error().ToString();
  EXPECT_EQ((*by_alpha_2)->alpha_3, "UKR");
  EXPECT_EQ((*by_alpha_2)->numeric, "804");
  EXPECT_EQ((*by_alpha_2)->name, "Ukraine");

  auto by_alpha_3 = Installed().FindAlpha3("UKR");
  ASSERT_TRUE(by_alpha_3) << by_alpha_3.error().ToString();
  EXPECT_EQ(*by_alpha_3, *by_alpha_2);
  auto by_numeric = Installed().FindNumeric("804");
  ASSERT_TRUE(by_numeric) << by_numeric.error().ToString();
  EXPECT_EQ(*by_numeric, *by_alpha_2);
}

TEST(CountryRegistryTest, GermanyHasItsOfficialName) {
  auto germany = Installed().FindAlpha2("DE");
  ASSERT_TRUE(germany) << germany.error().ToString();
  EXPECT_EQ((*germany)->alpha_3, "DEU");
  EXPECT_EQ((*germany)->numeric, "276");
  EXPECT_EQ((*germany)->name, "Germany");
  EXPECT_EQ((*germany)->official_name, "Federal Republic of Germany");
  EXPECT_EQ((*germany)->common_name, "");
}

TEST(CountryRegistryTest, NumericCodeKeepsLeadingZeros) {
  auto afghanistan = Installed().FindNumeric("004");
  ASSERT_TRUE(afghanistan) << afghanistan.error().ToString();
  EXPECT_EQ((*afghanistan)->alpha_2, "AF");
  EXPECT_EQ((*afghanistan)->alpha_3, "AFG");
  EXPECT_EQ((*afghanistan)->numeric, "004");
}

TEST(CountryRegistryTest, CommonNameAndNonAsciiNamesAreKept) {
  auto taiwan = Installed().FindAlpha2("TW");
  ASSERT_TRUE(taiwan);
  EXPECT_EQ((*taiwan)->common_name, "Taiwan");
  auto aland = Installed().FindAlpha3("ALA");
  ASSERT_TRUE(aland);
  EXPECT_EQ((*aland)->name, "\xC3\x85land Islands");              // "Åland Islands" in UTF-8
  EXPECT_EQ((*aland)->flag, "\xF0\x9F\x87\xA6\xF0\x9F\x87\xBD");  // U+1F1E6 U+1F1FD
}

TEST(CountryRegistryTest, ListIsSortedByAlpha2AndEveryEntryResolvesToItself) {
  const CountryRegistry& registry = Installed();
  std::string previous;
  for (const Country& country : registry.countries()) {
    EXPECT_LT(previous, country.alpha_2);
    previous = country.alpha_2;
    auto by_alpha_2 = registry.FindAlpha2(country.alpha_2);
    auto by_alpha_3 = registry.FindAlpha3(country.alpha_3);
    auto by_numeric = registry.FindNumeric(country.numeric);
    ASSERT_TRUE(by_alpha_2 && by_alpha_3 && by_numeric) << country.alpha_2;
    EXPECT_EQ(*by_alpha_2, &country);
    EXPECT_EQ(*by_alpha_3, &country);
    EXPECT_EQ(*by_numeric, &country);
  }
}

TEST(CountryRegistryTest, RejectsLowerCaseAndNamesTheUpperCaseForm) {
  auto found = Installed().FindAlpha2("ua");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(found.error().message,
            "alpha-2 code \"ua\": ISO 3166-1 codes are upper case, use \"UA\"");

  auto mixed = Installed().FindAlpha3("Ukr");
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(mixed.error().message, HasSubstr("use \"UKR\""));
}

TEST(CountryRegistryTest, RejectsWrongLengthAndRecognisesTheOtherForm) {
  auto alpha_3_as_2 = Installed().FindAlpha2("UKR");
  ASSERT_FALSE(alpha_3_as_2);
  EXPECT_EQ(alpha_3_as_2.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(alpha_3_as_2.error().message,
            "alpha-2 code \"UKR\": is 3 bytes long, expected 2 letters "
            "(this looks like an alpha-3 code)");

  auto alpha_2_as_3 = Installed().FindAlpha3("UA");
  ASSERT_FALSE(alpha_2_as_3);
  EXPECT_THAT(alpha_2_as_3.error().message, HasSubstr("(this looks like an alpha-2 code)"));

  auto empty = Installed().FindAlpha2("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "alpha-2 code \"\": is 0 bytes long, expected 2 letters");
}

TEST(CountryRegistryTest, RejectsNonLettersByPosition) {
  auto found = Installed().FindAlpha2("U1");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(found.error().message, "alpha-2 code \"U1\": character 2 is not a letter A-Z");
}

TEST(CountryRegistryTest, QuotesHostileInputSafely) {
  auto found = Installed().FindAlpha2(std::string("\x01\xff", 2));
  ASSERT_FALSE(found);
  EXPECT_THAT(found.error().message, StartsWith("alpha-2 code \"\\x01\\xff\": character 1"));

  std::string long_input(10000, 'A');
  auto too_long = Installed().FindAlpha3(long_input);
  ASSERT_FALSE(too_long);
  EXPECT_THAT(too_long.error().message, HasSubstr("\"...: is 10000 bytes long"));
  EXPECT_LT(too_long.error().message.size(), 200u);
}

TEST(CountryRegistryTest, UnassignedCodeIsNotFound) {
  auto found = Installed().FindAlpha2("AB");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(found.error().message, "alpha-2 code \"AB\": not assigned in ISO 3166-1");

  auto numeric = Installed().FindNumeric("000");
  ASSERT_FALSE(numeric);
  EXPECT_EQ(numeric.error().code, ErrorCode::kNotFound);
}

// XK is what the EU and others use for Kosovo, but it is a user-assigned code
// element, outside the standard; iso-codes 4.15 does not list it.
TEST(CountryRegistryTest, KosovoXkIsReportedAsUserAssigned) {
  auto kosovo = Installed().FindAlpha2("XK");
  ASSERT_FALSE(kosovo);
  EXPECT_EQ(kosovo.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(kosovo.error().message, HasSubstr("user-assigned"));

  auto alpha_3 = Installed().FindAlpha3("XKX");
  ASSERT_FALSE(alpha_3);
  EXPECT_THAT(alpha_3.error().message, HasSubstr("user-assigned"));

  auto numeric = Installed().FindNumeric("999");
  ASSERT_FALSE(numeric);
  EXPECT_THAT(numeric.error().message, HasSubstr("user-assigned"));

  auto not_user_assigned = Installed().FindAlpha2("QL");  // Q but below QM
  ASSERT_FALSE(not_user_assigned);
  EXPECT_THAT(not_user_assigned.error().message, HasSubstr("not assigned"));
}

TEST(CountryRegistryTest, NumericWithoutLeadingZerosGetsTheThreeDigitForm) {
  auto found = Installed().FindNumeric("4");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(found.error().message,
            "numeric code \"4\": expected three digits with leading zeros, use \"004\"");

  auto letters = Installed().FindNumeric("AFG");
  ASSERT_FALSE(letters);
  EXPECT_EQ(letters.error().message, "numeric code \"AFG\": expected three digits");
}

TEST(CountryRegistryTest, MissingFileSaysToInstallIsoCodes) {
  TempDir dir;
  auto loaded = CountryRegistry::Load(dir.path());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(loaded.error().message,
              HasSubstr((dir.path() / CountryRegistry::kFileName).string()));
  EXPECT_THAT(loaded.error().message, HasSubstr("install Debian's iso-codes package"));
}

TEST(CountryRegistryTest, LoadsAWellFormedFileFromAnyDirectory) {
  TempDir dir;
  dir.Write(List({Entry("UA", "UKR", "804", "Ukraine"), Entry("AF", "AFG", "004", "Afghanistan")}));
  auto loaded = CountryRegistry::Load(dir.path());
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  ASSERT_EQ(loaded->size(), 2u);
  EXPECT_EQ(loaded->countries()[0].alpha_2, "AF");  // sorted by alpha-2
  EXPECT_EQ(loaded->countries()[1].alpha_2, "UA");
}

TEST(CountryRegistryTest, MalformedEntryIsCorruptAndNamesIndexAndField) {
  TempDir dir;
  // Entry 1 has a JSON number where iso-codes writes a string.
  dir.Write(List({Entry("UA", "UKR", "804", "Ukraine"),
                  R"({"alpha_2": "AF", "alpha_3": "AFG", "numeric": 4, "name": "Afghanistan"})"}));
  auto loaded = CountryRegistry::Load(dir.path());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(loaded.error().message, "load ISO 3166-1 list " +
                                        (dir.path() / CountryRegistry::kFileName).string() +
                                        ": \"3166-1\"[1]: field \"numeric\": expected a string");
}

TEST(CountryRegistryTest, MalformedCodesAreCorrupt) {
  struct Case {
    std::string entry;
    std::string message;
  };
  std::vector<Case> cases = {
      {Entry("ua", "UKR", "804", "Ukraine"),
       "\"3166-1\"[0]: field \"alpha_2\": \"ua\" is not two upper-case letters A-Z"},
      {Entry("UA", "UK", "804", "Ukraine"),
       "\"3166-1\"[0]: field \"alpha_3\": \"UK\" is not three upper-case letters A-Z"},
      {Entry("UA", "UKR", "84", "Ukraine"),
       "\"3166-1\"[0]: field \"numeric\": \"84\" is not three digits"},
      {Entry("UA", "UKR", "804", ""), "\"3166-1\"[0]: field \"name\": \"\" is empty"},
      {R"({"alpha_2": "UA", "alpha_3": "UKR", "numeric": "804"})",
       "\"3166-1\"[0]: field \"name\": missing"},
      {R"({"alpha_2": "UA", "alpha_3": "UKR", "numeric": "804", "name": "U", "common_name": 1})",
       "\"3166-1\"[0]: field \"common_name\": expected a string"},
      {R"("UA")", "\"3166-1\"[0]: expected an object"},
  };
  for (const Case& test : cases) {
    auto parsed = CountryRegistry::Parse(List({test.entry}));
    ASSERT_FALSE(parsed) << test.entry;
    EXPECT_EQ(parsed.error().code, ErrorCode::kCorrupt) << test.entry;
    EXPECT_EQ(parsed.error().message, test.message);
  }
}

TEST(CountryRegistryTest, DuplicateCodesAreCorruptAndNameBothEntries) {
  auto alpha_2 = CountryRegistry::Parse(
      List({Entry("UA", "UKR", "804", "Ukraine"), Entry("DE", "DEU", "276", "Germany"),
            Entry("UA", "UKX", "805", "Copy")}));
  ASSERT_FALSE(alpha_2);
  EXPECT_EQ(alpha_2.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(alpha_2.error().message,
            "\"3166-1\"[2]: field \"alpha_2\": \"UA\" duplicates \"3166-1\"[0]");

  auto numeric = CountryRegistry::Parse(
      List({Entry("UA", "UKR", "804", "Ukraine"), Entry("AF", "AFG", "804", "Afghanistan")}));
  ASSERT_FALSE(numeric);
  EXPECT_EQ(numeric.error().message,
            "\"3166-1\"[1]: field \"numeric\": \"804\" duplicates \"3166-1\"[0]");
}

TEST(CountryRegistryTest, WrongShapeIsCorrupt) {
  auto not_json = CountryRegistry::Parse("{\"3166-1\": [");
  ASSERT_FALSE(not_json);
  EXPECT_EQ(not_json.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(not_json.error().message, StartsWith("invalid JSON at byte "));

  auto trailing = CountryRegistry::Parse(List({Entry("UA", "UKR", "804", "Ukraine")}) + " x");
  ASSERT_FALSE(trailing);
  EXPECT_EQ(trailing.error().code, ErrorCode::kCorrupt);

  auto array = CountryRegistry::Parse("[]");
  ASSERT_FALSE(array);
  EXPECT_EQ(array.error().message, "top level: expected an object with member \"3166-1\"");

  auto missing = CountryRegistry::Parse("{\"3166-2\": []}");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "top level: member \"3166-1\" is missing");

  auto empty = CountryRegistry::Parse("{\"3166-1\": []}");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "\"3166-1\": the list is empty");
}

TEST(CountryRegistryTest, UnknownMembersAreIgnoredForNewerIsoCodes) {
  auto parsed = CountryRegistry::Parse(List(
      {R"({"alpha_2": "UA", "alpha_3": "UKR", "numeric": "804", "name": "Ukraine", "x": [1]})"}));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->size(), 1u);
}

TEST(CountryRegistryTest, OversizedFileIsRefusedBeforeParsing) {
  TempDir dir;
  dir.Write(std::string(CountryRegistry::kMaxFileBytes + 1, ' '));
  auto loaded = CountryRegistry::Load(dir.path());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kResourceExhausted);
  EXPECT_THAT(loaded.error().message, HasSubstr(std::string(CountryRegistry::kFileName)));
}

TEST(LoadedCountriesTest, EveryThreadGetsTheSameRegistry) {
  std::vector<const CountryRegistry*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] {
      auto loaded = LoadedCountries();
      if (loaded) seen[i] = *loaded;
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_NE(seen[0], nullptr);
  for (const CountryRegistry* registry : seen) EXPECT_EQ(registry, seen[0]);
  auto ukraine = seen[0]->FindAlpha2("UA");
  ASSERT_TRUE(ukraine);
  EXPECT_EQ((*ukraine)->name, "Ukraine");
}

}  // namespace
}  // namespace accord::core
