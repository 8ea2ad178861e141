// Mutation tests of model/report_codec.h (issue 4): each bad document is
// derived from tests/model/testdata/full.json by one edit, and the decoder
// must name the exact JSON Pointer and the reason. The expectations come
// from docs/incident-report.md: its required fields, enumerations, bounds
// and cross-field rules are listed here by hand, not taken from the code.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "core/iso3166.h"
#include "model/report_codec.h"
#include "report_test_util.h"

namespace accord::model {
namespace {

using ::testing::Contains;
using testing::Decode;
using testing::Describe;
using ::testing::ElementsAre;
using testing::FullDocument;
using ::testing::HasSubstr;
using testing::Num;
using ::testing::StartsWith;
using testing::Str;
using testing::With;
using testing::Without;

using core::JsonType;
using core::JsonValue;

// Decodes `document` and expects exactly one error, at `pointer`; returns
// its message ("" if the expectation failed).
std::string OnlyError(const JsonValue& document, const std::string& pointer) {
  DecodeResult result = Decode(document);
  EXPECT_FALSE(result.ok()) << "expected an error at " << pointer;
  if (result.errors.size() != 1 || result.errors[0].pointer != pointer) {
    ADD_FAILURE() << "expected one error at " << pointer << ", got:" << Describe(result.errors);
    return "";
  }
  return result.errors[0].message;
}

// Decodes `document` and expects it to be valid.
void ExpectValid(const JsonValue& document, const std::string& what) {
  DecodeResult result = Decode(document);
  EXPECT_TRUE(result.ok()) << what << ":" << Describe(result.errors);
}

// The message of the error at `pointer` ("" when there is none).
std::string ErrorAt(const DecodeResult& result, const std::string& pointer) {
  for (const FieldError& error : result.errors) {
    if (error.pointer == pointer) return error.message;
  }
  ADD_FAILURE() << "no error at " << pointer << ":" << Describe(result.errors);
  return "";
}

std::string Repeat(std::string_view unit, std::size_t count) {
  std::string out;
  out.reserve(unit.size() * count);
  for (std::size_t i = 0; i < count; ++i) out += unit;
  return out;
}

JsonValue ArrayOf(const JsonValue& item, std::size_t count) {
  return JsonValue::Array(core::JsonArray(count, item));
}

const JsonValue& At(const JsonValue& document, std::string_view pointer) {
  const JsonValue* value = ResolvePointer(document, pointer);
  if (value == nullptr) {
    ADD_FAILURE() << "full.json has nothing at " << pointer;
    std::abort();
  }
  return *value;
}

// ---------------------------------------------------------------------------
// Required fields.

TEST(ReportMutationTest, EachRequiredFieldMissingIsReportedAtItsPointer) {
  // docs/incident-report.md: the required fields of the report and of each
  // object in it. (/reporter/state is required because the example's
  // reporter is a state; /attributions/1/by/state because it is an agency.)
  const std::vector<std::string> required = {
      "/schema",
      "/id",
      "/title",
      "/reporter",
      "/reported_at",
      "/times",
      "/affected_states",
      "/affected_entities",
      "/effects",
      "/tlp",
      "/reporter/kind",
      "/times/start",
      "/affected_entities/0/sector",
      "/affected_entities/0/entity_type",
      "/affected_entities/0/state",
      "/affected_entities/0/civilian_status",
      "/effects/confidentiality",
      "/effects/integrity",
      "/effects/availability",
      "/effects/effect_location",
      "/effects/physical_damage",
      "/effects/recoverability",
      "/attributions/0/by",
      "/attributions/0/to",
      "/attributions/0/sponsorship",
      "/attributions/0/basis",
      "/attributions/0/confidence",
      "/attributions/0/date",
      "/attributions/0/status",
      "/attributions/0/by/kind",
      "/attributions/0/by/name",
      "/attributions/0/to/kind",
      "/military_objective/claimed",
      "/indicators/0/type",
      "/indicators/0/value",
      "/references/0/title",
      "/references/0/url",
  };
  // Without its markings, so that removing a marked field is one error,
  // not also a marking of a missing field.
  const JsonValue unmarked = Without(FullDocument(), "/field_tlp");
  for (const std::string& pointer : required) {
    SCOPED_TRACE(pointer);
    EXPECT_EQ(OnlyError(Without(unmarked, pointer), pointer), "required field is missing");
  }
}

TEST(ReportMutationTest, ConditionallyRequiredFieldsSayWhenTheyAreRequired) {
  EXPECT_EQ(OnlyError(Without(FullDocument(), "/reporter/state"), "/reporter/state"),
            "required field is missing (required when /reporter/kind is \"state\")");
  JsonValue operator_without_name =
      Without(With(FullDocument(), "/reporter/kind", Str("operator")), "/reporter/name");
  EXPECT_EQ(OnlyError(operator_without_name, "/reporter/name"),
            "required field is missing (required unless /reporter/kind is \"state\")");
  // A state reporter needs no name, and a watchdog needs no home state.
  ExpectValid(Without(FullDocument(), "/reporter/name"), "state reporter without a name");
  ExpectValid(Without(With(FullDocument(), "/reporter/kind", Str("watchdog")), "/reporter/state"),
              "watchdog without a state");
  EXPECT_EQ(
      OnlyError(Without(FullDocument(), "/attributions/1/by/state"), "/attributions/1/by/state"),
      "required field is missing (required when by/kind is \"state\" or \"agency\")");
  // The example's company names its state, so as a state it is complete.
  ExpectValid(With(FullDocument(), "/attributions/0/by/kind", Str("state")),
              "state attributor with a state");
  EXPECT_EQ(OnlyError(With(FullDocument(), "/attributions/1/to/kind", Str("state")),
                      "/attributions/1/to/state"),
            "required field is missing (required when to/kind is \"state\")");
  ExpectValid(With(With(FullDocument(), "/attributions/1/to/kind", Str("state")),
                   "/attributions/1/to/state", Str("RU")),
              "attribution to a state that names it");
}

// ---------------------------------------------------------------------------
// Enumerations.

TEST(ReportMutationTest, EachEnumWithAWrongValueListsTheAllowedValues) {
  struct Case {
    std::string pointer;
    std::string choices;  // docs/incident-report.md, in its order
  };
  const std::vector<Case> cases = {
      {"/reporter/kind", R"("state", "operator", "watchdog", "secretariat")"},
      {"/times/precision", R"("second", "day", "month", "year")"},
      {"/affected_entities/0/civilian_status", R"("civilian", "military", "dual-use", "unknown")"},
      {"/effects/effect_location", R"("it", "ot", "safety-systems", "unknown")"},
      {"/effects/physical_damage", R"("none", "minor", "significant", "destroyed", "unknown")"},
      {"/effects/recoverability",
       R"("regular", "supplemented", "extended", "not-recoverable", "unknown")"},
      {"/attributions/0/by/kind",
       R"("state", "agency", "company", "researcher", "international-organization", "media", "self")"},
      {"/attributions/0/to/kind",
       R"("state", "state-affiliated-group", "non-state-group", "individual", "unknown")"},
      {"/attributions/0/sponsorship",
       R"("state-conducted", "state-directed", "state-sponsored", "state-tolerated", "non-state", "unknown")"},
      {"/attributions/0/basis/0",
       R"("technical", "intelligence", "political", "legal", "self-attribution", "media")"},
      {"/attributions/0/confidence", R"("low", "moderate", "high")"},
      {"/attributions/0/status", R"("settled", "contested")"},
      {"/indicators/0/type",
       R"("ipv4", "ipv6", "domain", "url", "sha256", "sha1", "md5", "file-name", "email")"},
      {"/tlp", R"("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")"},
      {"/field_tlp/~1narrative", R"("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")"},
      {"/publication/record", R"("public", "parties-only")"},
      {"/publication/envelope", R"("public", "parties-only")"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.pointer);
    EXPECT_EQ(OnlyError(With(FullDocument(), c.pointer, Str("Sideways")), c.pointer),
              "expected one of " + c.choices + ", found \"Sideways\"");
  }
}

TEST(ReportMutationTest, EnumValuesAreCaseSensitiveAndTlpHasNoPrefix) {
  for (const char* spelling : {"green", "TLP:GREEN", "WHITE", "AMBER-STRICT", " GREEN"}) {
    SCOPED_TRACE(spelling);
    EXPECT_THAT(OnlyError(With(FullDocument(), "/tlp", Str(spelling)), "/tlp"),
                StartsWith("expected one of \"CLEAR\""));
  }
  EXPECT_THAT(
      OnlyError(With(FullDocument(), "/affected_entities/0/civilian_status", Str("Civilian")),
                "/affected_entities/0/civilian_status"),
      HasSubstr("found \"Civilian\""));
}

// ---------------------------------------------------------------------------
// Types.

// Values of every JSON type but `type`.
std::vector<JsonValue> WrongTypes(JsonType type) {
  std::vector<JsonValue> values;
  if (type != JsonType::kNull) values.push_back(JsonValue::Null());
  if (type != JsonType::kBool) values.push_back(JsonValue::Bool(true));
  if (type != JsonType::kNumber) values.push_back(Num(7));
  if (type != JsonType::kString) values.push_back(Str("7"));
  if (type != JsonType::kArray) values.push_back(JsonValue::Array({}));
  if (type != JsonType::kObject) values.push_back(JsonValue::Object({}));
  return values;
}

// The pointer of every value in `value` (the root excluded), parents first.
void CollectPointers(const JsonValue& value, const std::string& pointer,
                     std::vector<std::string>& out) {
  if (value.type() == JsonType::kObject) {
    for (const core::JsonMember& member : value.AsObject()) {
      const std::string child = AppendPointerToken(pointer, member.name);
      out.push_back(child);
      CollectPointers(member.value, child, out);
    }
  } else if (value.type() == JsonType::kArray) {
    for (std::size_t i = 0; i < value.AsArray().size(); ++i) {
      const std::string child = AppendPointerIndex(pointer, i);
      out.push_back(child);
      CollectPointers(value.AsArray()[i], child, out);
    }
  }
}

TEST(ReportMutationTest, EveryFieldWithAWrongJsonTypeIsReportedAtItsPointer) {
  std::vector<std::string> pointers;
  CollectPointers(FullDocument(), "", pointers);
  ASSERT_GT(pointers.size(), 130u);  // full.json spells every field
  std::size_t checked = 0;
  for (const std::string& pointer : pointers) {
    const JsonValue& original = At(FullDocument(), pointer);
    for (const JsonValue& wrong : WrongTypes(original.type())) {
      SCOPED_TRACE(pointer + " = " + core::SerializeCanonical(wrong));
      DecodeResult result = Decode(With(FullDocument(), pointer, wrong));
      const std::string message = ErrorAt(result, pointer);
      EXPECT_THAT(message, StartsWith("expected "));
      const std::string found = std::string(wrong.type() == JsonType::kNull     ? "null"
                                            : wrong.type() == JsonType::kBool   ? "a boolean"
                                            : wrong.type() == JsonType::kNumber ? "a number"
                                            : wrong.type() == JsonType::kString ? "a string"
                                            : wrong.type() == JsonType::kArray  ? "an array"
                                                                                : "an object");
      EXPECT_THAT(message, HasSubstr("found " + found));
      ++checked;
    }
  }
  EXPECT_EQ(checked, pointers.size() * 5);  // five wrong types for each
}

TEST(ReportMutationTest, WrongTypeMessagesSayWhatWasExpected) {
  EXPECT_EQ(OnlyError(With(FullDocument(), "/title", Num(3)), "/title"),
            "expected a string, found a number");
  EXPECT_EQ(OnlyError(With(FullDocument(), "/effects/integrity", Str("yes")), "/effects/integrity"),
            "expected true or false, found a string");
  EXPECT_EQ(OnlyError(With(FullDocument(), "/effects/deaths", Str("0")), "/effects/deaths"),
            "expected an integer from 0 to 10000000, found a string");
  EXPECT_EQ(OnlyError(With(FullDocument(), "/times", JsonValue::Array({})), "/times"),
            "expected an object, found an array");
  EXPECT_EQ(OnlyError(With(FullDocument(), "/references", JsonValue::Object({})), "/references"),
            "expected an array, found an object");
  EXPECT_EQ(OnlyError(With(FullDocument(), "/exercise", JsonValue::Null()), "/exercise"),
            "expected true or false, found null");
}

// ---------------------------------------------------------------------------
// Bounds: strings and arrays pass at their limit and fail one past it.

TEST(ReportMutationTest, StringsPassAtTheirLimitAndFailOnePast) {
  struct Case {
    std::string pointer;
    std::size_t max_chars;  // docs/incident-report.md
  };
  const std::vector<Case> cases = {
      {"/title", 200},
      {"/reporter/name", 200},
      {"/affected_entities/0/entity_type", 100},
      {"/affected_entities/0/name", 200},
      {"/effects/services_affected/0", 100},
      {"/attributions/0/by/name", 200},
      {"/attributions/0/to/name", 200},
      {"/military_objective/description", 2000},
      {"/indicators/2/value", 2048},
      {"/narrative", 20000},
      {"/references/0/title", 300},
      {"/references/0/publisher", 200},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.pointer);
    // "é" is two bytes: lengths count characters (code points), as JSON
    // Schema's maxLength does, not bytes.
    ExpectValid(With(FullDocument(), c.pointer, Str(Repeat("\xC3\xA9", c.max_chars))),
                c.pointer + " at its limit");
    EXPECT_EQ(OnlyError(With(FullDocument(), c.pointer, Str(Repeat("\xC3\xA9", c.max_chars + 1))),
                        c.pointer),
              "expected at most " + std::to_string(c.max_chars) + " characters, found " +
                  std::to_string(c.max_chars + 1));
  }
}

TEST(ReportMutationTest, UrlsPassAtTwoThousandCharactersAndFailOnePast) {
  for (const std::string pointer : {"/attributions/0/source", "/references/0/url"}) {
    SCOPED_TRACE(pointer);
    const std::string prefix = "https://example.org/";
    ExpectValid(With(FullDocument(), pointer, Str(prefix + std::string(2000 - prefix.size(), 'a'))),
                pointer + " at its limit");
    EXPECT_EQ(OnlyError(With(FullDocument(), pointer,
                             Str(prefix + std::string(2001 - prefix.size(), 'a'))),
                        pointer),
              "expected at most 2000 characters, found 2001");
  }
}

TEST(ReportMutationTest, RequiredStringsMustNotBeEmpty) {
  for (const std::string pointer :
       {"/title", "/reporter/name", "/affected_entities/0/entity_type",
        "/effects/services_affected/0", "/attributions/0/by/name", "/attributions/0/to/name",
        "/indicators/2/value", "/references/0/title"}) {
    SCOPED_TRACE(pointer);
    EXPECT_EQ(OnlyError(With(FullDocument(), pointer, Str("")), pointer),
              "expected at least 1 character, found an empty string");
  }
  // Fields bounded only from above may be empty.
  ExpectValid(With(FullDocument(), "/narrative", Str("")), "empty narrative");
}

// `count` distinct assigned alpha-2 codes starting with UA and PL (the
// states of full.json's entities), from the installed ISO 3166-1 list.
JsonValue States(std::size_t count) {
  core::JsonArray states = {Str("UA"), Str("PL")};
  auto countries = core::LoadedCountries();
  if (!countries) {
    ADD_FAILURE() << countries.error().ToString();
    std::abort();
  }
  for (const core::Country& country : (*countries)->countries()) {
    if (states.size() == count) break;
    if (country.alpha_2 != "UA" && country.alpha_2 != "PL") states.push_back(Str(country.alpha_2));
  }
  return JsonValue::Array(std::move(states));
}

JsonValue Techniques(std::size_t count) {
  core::JsonArray ids;
  for (std::size_t i = 0; i < count; ++i) ids.push_back(Str("T1" + std::to_string(100 + i)));
  return JsonValue::Array(std::move(ids));
}

JsonValue CveIds(std::size_t count) {
  core::JsonArray ids;
  for (std::size_t i = 0; i < count; ++i) ids.push_back(Str("CVE-2020-" + std::to_string(1000 + i)));
  return JsonValue::Array(std::move(ids));
}

JsonValue ReportIds(std::size_t count) {
  core::JsonArray ids;
  for (std::size_t i = 0; i < count; ++i) {
    char text[64];
    std::snprintf(text, sizeof text, "incident-report--00000000-0000-4000-8000-%012zx", i + 1);
    ids.push_back(Str(text));
  }
  return JsonValue::Array(std::move(ids));
}

TEST(ReportMutationTest, ArraysPassAtTheirLimitAndFailOnePast) {
  struct Case {
    std::string pointer;
    std::size_t max_items;  // docs/incident-report.md
    JsonValue (*make)(const JsonValue& document, std::string_view pointer, std::size_t count);
  };
  // Arrays whose items may repeat are filled with copies of their first item.
  const auto copies = [](const JsonValue& document, std::string_view pointer, std::size_t count) {
    return ArrayOf(At(document, std::string(pointer) + "/0"), count);
  };
  const std::vector<Case> cases = {
      {"/affected_states", 50,
       [](const JsonValue&, std::string_view, std::size_t n) { return States(n); }},
      {"/affected_entities", 100, copies},
      {"/effects/services_affected", 50, copies},
      {"/effects/cascade_sectors", 50, copies},
      {"/techniques", 100,
       [](const JsonValue&, std::string_view, std::size_t n) { return Techniques(n); }},
      {"/vulnerabilities", 100,
       [](const JsonValue&, std::string_view, std::size_t n) { return CveIds(n); }},
      {"/attributions", 50, copies},
      {"/indicators", 1000, copies},
      {"/related_reports", 100,
       [](const JsonValue&, std::string_view, std::size_t n) { return ReportIds(n); }},
      {"/references", 100, copies},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.pointer);
    ExpectValid(With(FullDocument(), c.pointer, c.make(FullDocument(), c.pointer, c.max_items)),
                c.pointer + " at its limit");
    const JsonValue over =
        With(FullDocument(), c.pointer, c.make(FullDocument(), c.pointer, c.max_items + 1));
    EXPECT_EQ(OnlyError(over, c.pointer), "expected at most " + std::to_string(c.max_items) +
                                              " items, found " + std::to_string(c.max_items + 1));
  }
}

TEST(ReportMutationTest, RequiredArraysMustNotBeEmpty) {
  for (const std::string pointer :
       {"/affected_states", "/affected_entities", "/attributions/0/basis"}) {
    SCOPED_TRACE(pointer);
    DecodeResult result = Decode(With(FullDocument(), pointer, JsonValue::Array({})));
    EXPECT_EQ(ErrorAt(result, pointer), "expected at least 1 item, found none");
  }
}

TEST(ReportMutationTest, AttributionBasisHoldsEachKindOnce) {
  const JsonValue all_six =
      JsonValue::Array({Str("technical"), Str("intelligence"), Str("political"), Str("legal"),
                        Str("self-attribution"), Str("media")});
  ExpectValid(With(FullDocument(), "/attributions/0/basis", all_six), "all six bases");
  EXPECT_EQ(OnlyError(With(FullDocument(), "/attributions/0/basis",
                           JsonValue::Array({Str("technical"), Str("legal"), Str("technical")})),
                      "/attributions/0/basis/2"),
            "duplicate of /attributions/0/basis/0; expected each basis once");
}

TEST(ReportMutationTest, IntegersPassAtTheirLimitsAndFailPastThem) {
  struct Case {
    std::string pointer;
    double max;  // docs/incident-report.md
  };
  const std::vector<Case> cases = {
      {"/affected_entities/0/population_served", 10'000'000'000.0},
      {"/effects/disruption_hours", 87'600.0},
      {"/effects/people_affected", 10'000'000'000.0},
      {"/effects/injuries", 10'000'000.0},
      {"/effects/deaths", 10'000'000.0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.pointer);
    const std::string range = "expected an integer from 0 to " + core::FormatJsonNumber(c.max);
    ExpectValid(With(FullDocument(), c.pointer, Num(c.max)), c.pointer + " at its maximum");
    ExpectValid(With(FullDocument(), c.pointer, Num(0)), c.pointer + " at zero");
    EXPECT_EQ(OnlyError(With(FullDocument(), c.pointer, Num(c.max + 1)), c.pointer),
              range + ", found " + core::FormatJsonNumber(c.max + 1));
    EXPECT_EQ(OnlyError(With(FullDocument(), c.pointer, Num(-1)), c.pointer), range + ", found -1");
    EXPECT_EQ(OnlyError(With(FullDocument(), c.pointer, Num(2.5)), c.pointer),
              range + ", found 2.5");
    EXPECT_EQ(OnlyError(With(FullDocument(), c.pointer, Num(1e300)), c.pointer),
              range + ", found 1e+300");
  }
}

// ---------------------------------------------------------------------------
// Times and dates.

TEST(ReportMutationTest, BadDateTimesNameTheFieldAndTheReason) {
  struct Case {
    std::string value;
    std::string reason;  // from RFC 3339 section 5.6 and 5.7
  };
  const std::vector<Case> cases = {
      {"2015-12-23 15:30:00Z", "found a space where 'T' must separate date and time"},
      {"2015-02-30T15:30:00Z", "day 30 is out of range for 2015-02"},
      {"2015-12-23T24:00:00Z", "hour 24 is out of range 00-23"},
      {"2015-12-23T15:30:00", "expected 'Z' or a numeric offset such as +01:00"},
      {"2015-12-23", "expected 'T' after the date"},
      {"yesterday", "expected a 4-digit year"},
  };
  for (const std::string pointer :
       {"/reported_at", "/times/start", "/times/detected", "/times/end"}) {
    for (const Case& c : cases) {
      SCOPED_TRACE(pointer + " = " + c.value);
      DecodeResult result = Decode(With(FullDocument(), pointer, Str(c.value)));
      const std::string message = ErrorAt(result, pointer);
      EXPECT_THAT(message, StartsWith("expected an RFC 3339 date-time such as "
                                      "2015-12-23T15:30:00Z: "));
      EXPECT_THAT(message, HasSubstr(c.reason));
    }
  }
  const std::string huge(100000, '9');
  EXPECT_EQ(OnlyError(With(FullDocument(), "/reported_at", Str(huge)), "/reported_at"),
            "expected an RFC 3339 date-time such as 2015-12-23T15:30:00Z, found a string of "
            "100000 bytes");
}

TEST(ReportMutationTest, BadFullDatesNameTheFieldAndTheReason) {
  struct Case {
    std::string value;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"2016-1-7", R"(expected a full-date YYYY-MM-DD such as 2015-12-23, found "2016-1-7")"},
      {"2016-01-07T00:00:00Z",
       R"(expected a full-date YYYY-MM-DD such as 2015-12-23, found "2016-01-07T00:00:00Z")"},
      {"2016/01/07", R"(expected a full-date YYYY-MM-DD such as 2015-12-23, found "2016/01/07")"},
      {"2015-02-29",
       "expected a full-date YYYY-MM-DD such as 2015-12-23: day 29 is out of range for 2015-02"},
      {"2016-13-01",
       R"(expected a full-date YYYY-MM-DD such as 2015-12-23: month 13 is out of range 01-12 in "2016-13-01")"},
      {"2016-00-10",
       R"(expected a full-date YYYY-MM-DD such as 2015-12-23: month 00 is out of range 01-12 in "2016-00-10")"},
  };
  for (const std::string pointer : {"/attributions/0/date", "/references/0/date"}) {
    for (const Case& c : cases) {
      SCOPED_TRACE(pointer + " = " + c.value);
      EXPECT_EQ(OnlyError(With(FullDocument(), pointer, Str(c.value)), pointer), c.message);
    }
  }
  // 2016 is a leap year.
  ExpectValid(With(FullDocument(), "/attributions/0/date", Str("2016-02-29")), "leap day");
}

TEST(ReportMutationTest, EndBeforeStartIsReportedAtTheEnd) {
  // The contract's own example message (docs/incident-report.md).
  EXPECT_EQ(
      OnlyError(With(FullDocument(), "/times/end", Str("2015-12-23T13:00:00Z")), "/times/end"),
      "2015-12-23T13:00:00Z is before /times/start (2015-12-23T15:30:00Z)");
  // Compared as instants: 16:00+01:00 is 15:00Z, before 15:30Z.
  EXPECT_EQ(
      OnlyError(With(FullDocument(), "/times/end", Str("2015-12-23T16:00:00+01:00")), "/times/end"),
      "2015-12-23T15:00:00Z is before /times/start (2015-12-23T15:30:00Z)");
  ExpectValid(With(FullDocument(), "/times/end", Str("2015-12-23T15:30:00Z")), "end at start");
}

TEST(ReportMutationTest, DetectedBeforeStartIsReportedAtDetected) {
  EXPECT_EQ(OnlyError(With(FullDocument(), "/times/detected", Str("2015-12-23T15:29:59.999Z")),
                      "/times/detected"),
            "2015-12-23T15:29:59.999Z is before /times/start (2015-12-23T15:30:00Z)");
}

TEST(ReportMutationTest, ReportedBeforeStartIsReportedAtReportedAt) {
  EXPECT_EQ(
      OnlyError(With(FullDocument(), "/reported_at", Str("2015-12-22T00:00:00Z")), "/reported_at"),
      "2015-12-22T00:00:00Z is before /times/start (2015-12-23T15:30:00Z)");
}

TEST(ReportMutationTest, MovingStartAfterEveryOtherTimeReportsEachOfThem) {
  DecodeResult result = Decode(With(FullDocument(), "/times/start", Str("2016-01-01T00:00:00Z")));
  std::vector<std::string> pointers;
  for (const FieldError& error : result.errors) pointers.push_back(error.pointer);
  EXPECT_THAT(pointers, ElementsAre("/times/detected", "/times/end", "/reported_at"))
      << Describe(result.errors);
}

// ---------------------------------------------------------------------------
// Codes and identifiers.

TEST(ReportMutationTest, EntityStateNotInAffectedStatesIsReportedAtTheEntity) {
  EXPECT_EQ(OnlyError(With(FullDocument(), "/affected_entities/1/state", Str("DE")),
                      "/affected_entities/1/state"),
            "\"DE\" is not listed in /affected_states; expected a state listed there");
}

TEST(ReportMutationTest, AffectedStatesAreUnique) {
  EXPECT_EQ(OnlyError(With(FullDocument(), "/affected_states/2", Str("UA")), "/affected_states/2"),
            "duplicate of /affected_states/0; expected each state once");
}

TEST(ReportMutationTest, BadIsoCodesSayWhatIsWrong) {
  struct Case {
    std::string value;
    std::string reason;  // from ISO 3166-1 and core/iso3166.h
  };
  const std::vector<Case> cases = {
      {"AB", "not assigned in ISO 3166-1"},
      {"ZZ", "a user-assigned code, not part of ISO 3166-1"},
      {"XK", "a user-assigned code, not part of ISO 3166-1"},
      {"ua", "ISO 3166-1 codes are upper case, use \"UA\""},
      {"UKR", "this looks like an alpha-3 code"},
      {"", "is 0 bytes long"},
  };
  for (const std::string pointer : {"/affected_states/0", "/reporter/state",
                                    "/attributions/0/by/state", "/affected_entities/0/state"}) {
    for (const Case& c : cases) {
      SCOPED_TRACE(pointer + " = " + c.value);
      DecodeResult result = Decode(With(FullDocument(), pointer, Str(c.value)));
      const std::string message = ErrorAt(result, pointer);
      EXPECT_THAT(message, StartsWith("expected an ISO 3166-1 alpha-2 code such as \"UA\": "));
      EXPECT_THAT(message, HasSubstr(c.reason));
    }
  }
}

TEST(ReportMutationTest, BadSectorCodesSayWhatIsWrong) {
  EXPECT_EQ(OnlyError(With(FullDocument(), "/affected_entities/0/sector", Str("electricity")),
                      "/affected_entities/0/sector"),
            "expected a sector code of data/sectors such as \"health\": sector code "
            "\"electricity\": unknown (did you mean \"energy.electricity\"?)");
  EXPECT_THAT(OnlyError(With(FullDocument(), "/affected_entities/0/sector", Str("Energy")),
                        "/affected_entities/0/sector"),
              HasSubstr("sector codes are lower case, use \"energy\""));
  EXPECT_THAT(OnlyError(With(FullDocument(), "/effects/cascade_sectors/1", Str("nuclear")),
                        "/effects/cascade_sectors/1"),
              HasSubstr("sector code \"nuclear\": unknown"));
}

TEST(ReportMutationTest, BadAttackIdsSayWhatIsExpected) {
  for (const char* id : {"T2000", "T0831.001", "t0831", "T083", "T1566.01", "T1566.0011", "TA0001",
                         "T1566-001", ""}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(OnlyError(With(FullDocument(), "/techniques/1", Str(id)), "/techniques/1"),
              "expected an ATT&CK technique id: T0NNN (ICS), T1NNN or T1NNN.NNN (Enterprise), "
              "found \"" +
                  std::string(id) + "\"");
  }
  EXPECT_EQ(OnlyError(With(FullDocument(), "/techniques/3", Str("T0831")), "/techniques/3"),
            "duplicate of /techniques/0; expected each technique once");
}

TEST(ReportMutationTest, BadCveIdsSayWhatIsExpected) {
  // MITRE's CVE ID syntax (2014): "CVE-", a four-digit year, "-", four or
  // more digits; accord takes years from 1999 and at most 19 digits.
  for (const char* id : {"CVE-2014-160", "cve-2014-0160", "CVE-14-0160", "CVE-1998-0001",
                         "CVE-2014-0160 ", "CVE-2014-01a0", "CVE_2014_0160", "Heartbleed",
                         "CVE-2014-12345678901234567890", ""}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(OnlyError(With(FullDocument(), "/vulnerabilities/1", Str(id)), "/vulnerabilities/1"),
              "expected a CVE id \"CVE-YYYY-NNNN\" (a year from 1999, then 4 to 19 digits), "
              "found \"" +
                  std::string(id) + "\"");
  }
  EXPECT_EQ(OnlyError(With(FullDocument(), "/vulnerabilities/1", Num(2014)), "/vulnerabilities/1"),
            "expected a CVE id \"CVE-YYYY-NNNN\" (a year from 1999, then 4 to 19 digits), "
            "found a number");
  EXPECT_EQ(OnlyError(With(FullDocument(), "/vulnerabilities/1", Str("CVE-2014-0160")),
                      "/vulnerabilities/1"),
            "duplicate of /vulnerabilities/0; expected each vulnerability once");
  ExpectValid(With(FullDocument(), "/vulnerabilities/1", Str("CVE-2014-1234567890123456789")),
              "19 digits");
}

TEST(ReportMutationTest, BadIdentifiersSayWhatIsWrong) {
  EXPECT_EQ(
      OnlyError(With(FullDocument(), "/id", Str("indicator--0f6d4b7e-3a52-4c8e-b1f9-7e2a5c8d9014")),
                "/id"),
      "expected an identifier incident-report--<uuid>, found type \"indicator\"");
  EXPECT_THAT(OnlyError(With(FullDocument(), "/id", Str("incident-report--1234")), "/id"),
              StartsWith("expected an identifier incident-report--<uuid>: "));
  EXPECT_THAT(
      OnlyError(With(FullDocument(), "/related_reports/0", Str("R-2031")), "/related_reports/0"),
      StartsWith("expected an identifier incident-report--<uuid>: "));
}

TEST(ReportMutationTest, RelatedReportsAreOthersAndUnique) {
  const std::string own = At(FullDocument(), "/id").AsString();
  EXPECT_EQ(OnlyError(With(FullDocument(), "/related_reports/0", Str(own)), "/related_reports/0"),
            "names this report itself; expected the id of another report");
  // The same UUID in upper case is the same report (RFC 9562 section 4).
  std::string other = At(FullDocument(), "/related_reports/0").AsString();
  const std::size_t uuid_at = other.find("--") + 2;
  for (std::size_t i = uuid_at; i < other.size(); ++i) {
    if (other[i] >= 'a' && other[i] <= 'f') other[i] = static_cast<char>(other[i] - 'a' + 'A');
  }
  EXPECT_EQ(OnlyError(With(FullDocument(), "/related_reports/1", Str(other)), "/related_reports/1"),
            "duplicate of /related_reports/0; expected each report once");
}

TEST(ReportMutationTest, WrongSchemaVersionIsRejected) {
  EXPECT_EQ(OnlyError(With(FullDocument(), "/schema", Str("accord.incident-report/2")), "/schema"),
            "expected \"accord.incident-report/1\", found \"accord.incident-report/2\"");
}

TEST(ReportMutationTest, UrlsMustBeHttpsWithAHost) {
  struct Case {
    std::string value;
    std::string problem;
  };
  const std::vector<Case> cases = {
      {"http://example.org/a", "does not start with \"https://\""},
      {"HTTPS://example.org/a", "does not start with \"https://\""},
      {"https://", "has no host"},
      {"https:///path", "has no host"},
      {"https://example.org/a b", "has a space or control character at byte 21"},
  };
  for (const std::string pointer : {"/attributions/0/source", "/references/0/url"}) {
    for (const Case& c : cases) {
      SCOPED_TRACE(pointer + " = " + c.value);
      EXPECT_EQ(OnlyError(With(FullDocument(), pointer, Str(c.value)), pointer),
                "expected an https URL, found \"" + c.value + "\", which " + c.problem);
    }
  }
}

TEST(ReportMutationTest, IndicatorValuesMatchTheirType) {
  struct Case {
    std::string pointer;  // the indicator of that type in full.json
    std::string value;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"/indicators/4", std::string(63, 'a'),
       "expected 64 hexadecimal digits for a sha256 hash, found \"" + std::string(63, 'a') + "\""},
      {"/indicators/5", std::string(39, 'g') + "0",
       "expected 40 hexadecimal digits for a sha1 hash, found \"" + std::string(39, 'g') + "0\""},
      {"/indicators/6", "098f6bcd4621d373cade4e832b627b4",
       "expected 32 hexadecimal digits for a md5 hash, found \"098f6bcd4621d373cade4e832b627b4\""},
      {"/indicators/0", "999.0.2.17",
       "expected an IPv4 address such as \"192.0.2.1\" or \"192.0.2.0/24\", found \"999.0.2.17\""},
      {"/indicators/0", "192.0.2.0/33",
       "expected an IPv4 address such as \"192.0.2.1\" or \"192.0.2.0/24\", found "
       "\"192.0.2.0/33\""},
      {"/indicators/1", "2001:db8::g",
       "expected an IPv6 address such as \"2001:db8::1\" or \"2001:db8::/32\", found "
       "\"2001:db8::g\""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.pointer + " = " + c.value);
    EXPECT_EQ(
        OnlyError(With(FullDocument(), c.pointer + "/value", Str(c.value)), c.pointer + "/value"),
        c.message);
  }
  ExpectValid(With(FullDocument(), "/indicators/0/value", Str("192.0.2.0/24")), "ipv4 prefix");
  ExpectValid(With(FullDocument(), "/indicators/4/value", Str(std::string(64, 'F'))),
              "upper-case sha256");
}

// ---------------------------------------------------------------------------
// Unknown fields.

TEST(ReportMutationTest, UnknownTopLevelFieldIsRejectedWithTheKnownOnes) {
  EXPECT_EQ(OnlyError(With(FullDocument(), "/colour", Str("red")), "/colour"),
            "unknown field; expected one of: schema, id, title, reporter, reported_at, times, "
            "affected_states, affected_entities, effects, techniques, vulnerabilities, "
            "attributions, "
            "military_objective, indicators, narrative, tlp, field_tlp, publication, "
            "related_reports, exercise, references");
  // Names are exact: no case folding, no camelCase alias.
  EXPECT_THAT(OnlyError(With(FullDocument(), "/Title", Str("x")), "/Title"),
              StartsWith("unknown field"));
  EXPECT_THAT(OnlyError(With(FullDocument(), "/reportedAt", Str("x")), "/reportedAt"),
              StartsWith("unknown field"));
}

TEST(ReportMutationTest, UnknownNestedFieldsAreRejectedEverywhere) {
  struct Case {
    std::string object;
    std::string known;  // docs/incident-report.md
  };
  const std::vector<Case> cases = {
      {"/reporter", "kind, state, name"},
      {"/times", "start, detected, end, precision"},
      {"/affected_entities/1",
       "sector, entity_type, state, civilian_status, name, population_served"},
      {"/effects",
       "confidentiality, integrity, availability, effect_location, disruption_hours, "
       "people_affected, physical_damage, injuries, deaths, recoverability, services_affected, "
       "cascade_sectors"},
      {"/attributions/1", "by, to, sponsorship, basis, confidence, date, status, source"},
      {"/attributions/0/by", "kind, name, state"},
      {"/attributions/0/to", "kind, name, state"},
      {"/military_objective", "claimed, description"},
      {"/indicators/8", "type, value"},
      {"/publication", "record, envelope"},
      {"/references/1", "title, url, publisher, date"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.object);
    EXPECT_EQ(OnlyError(With(FullDocument(), c.object + "/x~1y", Num(1)), c.object + "/x~1y"),
              "unknown field; expected one of: " + c.known);
  }
}

// ---------------------------------------------------------------------------
// field_tlp.

TEST(ReportMutationTest, FieldTlpPointerToAMissingFieldIsRejected) {
  for (const std::string field :
       {"/colour", "/military_objective/colour", "/indicators/9", "/indicators/04", "/indicators/-",
        "/title/0", "/effects~1deaths"}) {
    SCOPED_TRACE(field);
    const std::string entry = "/field_tlp/" + EscapePointerToken(field);
    EXPECT_EQ(OnlyError(With(FullDocument(), entry, Str("RED")), entry),
              "names no field of this report; expected the pointer of a field that is present");
  }
}

TEST(ReportMutationTest, FieldTlpLessRestrictiveThanTheReportIsRejected) {
  EXPECT_EQ(OnlyError(With(FullDocument(), "/field_tlp/~1narrative", Str("CLEAR")),
                      "/field_tlp/~1narrative"),
            "CLEAR is less restrictive than /tlp (GREEN); expected GREEN or more restrictive");
  const JsonValue red_report = With(FullDocument(), "/tlp", Str("RED"));
  DecodeResult result = Decode(red_report);
  // Every marking of full.json but the RED one is now below the report's.
  EXPECT_EQ(result.errors.size(), 4u) << Describe(result.errors);
  EXPECT_EQ(ErrorAt(result, "/field_tlp/~1indicators~14"),
            "AMBER+STRICT is less restrictive than /tlp (RED); expected RED or more restrictive");
  ExpectValid(With(FullDocument(), "/field_tlp/~1narrative", Str("GREEN")),
              "marking equal to the report's");
}

TEST(ReportMutationTest, FieldTlpLessRestrictiveThanAnEnclosingMarkingIsRejected) {
  // /indicators is AMBER in full.json; one of its elements may not be GREEN.
  EXPECT_EQ(OnlyError(With(FullDocument(), "/field_tlp/~1indicators~12", Str("GREEN")),
                      "/field_tlp/~1indicators~12"),
            "GREEN is less restrictive than the marking of /indicators (AMBER); expected AMBER "
            "or more restrictive");
}

TEST(ReportMutationTest, FieldTlpPointerSyntaxAndReservedFieldsAreRejected) {
  EXPECT_EQ(
      OnlyError(With(FullDocument(), "/field_tlp/narrative", Str("RED")), "/field_tlp/narrative"),
      "expected a JSON pointer (RFC 6901) such as \"/narrative\": json pointer: must be "
      "empty or start with \"/\"");
  // The key "/a~2b": "~2" is no escape (RFC 6901 section 3).
  EXPECT_EQ(OnlyError(With(FullDocument(), "/field_tlp/~1a~02b", Str("RED")), "/field_tlp/~1a~02b"),
            "expected a JSON pointer (RFC 6901) such as \"/narrative\": json pointer: \"~\" at "
            "byte 2 is not followed by \"0\" or \"1\"");
  EXPECT_EQ(OnlyError(With(FullDocument(), "/field_tlp/", Str("RED")), "/field_tlp/"),
            "the empty pointer names the whole report, which /tlp marks; expected the pointer of "
            "one field");
  for (const std::string field : {"/schema", "/id", "/tlp", "/field_tlp"}) {
    SCOPED_TRACE(field);
    const std::string entry = "/field_tlp/" + EscapePointerToken(field);
    EXPECT_EQ(OnlyError(With(FullDocument(), entry, Str("RED")), entry),
              field +
                  " cannot be marked: every reader needs it to identify the report and its "
                  "marking");
  }
  const std::string long_pointer = "/" + std::string(300, 'a');
  const std::string entry = "/field_tlp/" + EscapePointerToken(long_pointer);
  EXPECT_EQ(OnlyError(With(FullDocument(), entry, Str("RED")), entry),
            "expected a JSON pointer of at most 300 characters, found 301");
}

TEST(ReportMutationTest, FieldTlpMayNotMarkAnEmptyArray) {
  const JsonValue document =
      With(With(FullDocument(), "/effects/services_affected", JsonValue::Array({})),
           "/field_tlp/~1effects~1services_affected", Str("RED"));
  EXPECT_EQ(OnlyError(document, "/field_tlp/~1effects~1services_affected"),
            "names an empty array, which the report does not keep; expected the pointer of a "
            "field with content");
}

TEST(ReportMutationTest, FieldTlpHoldsAtMostTwoHundredMarkings) {
  const JsonValue indicators = ArrayOf(At(FullDocument(), "/indicators/2"), 201);
  auto markings = [](std::size_t count) {
    core::JsonObject members;
    for (std::size_t i = 0; i < count; ++i) {
      members.push_back({"/indicators/" + std::to_string(i), Str("AMBER")});
    }
    return JsonValue::Object(std::move(members));
  };
  const JsonValue base = With(FullDocument(), "/indicators", indicators);
  ExpectValid(With(base, "/field_tlp", markings(200)), "200 markings");
  EXPECT_EQ(OnlyError(With(base, "/field_tlp", markings(201)), "/field_tlp"),
            "expected at most 200 markings, found 201");
}

// ---------------------------------------------------------------------------
// Several errors at once.

TEST(ReportMutationTest, EveryViolationIsReportedAtOnceInTheContractsOrder) {
  JsonValue document = FullDocument();
  document = With(document, "/colour", Str("red"));
  document = With(document, "/title", Str(std::string(201, 'x')));
  document = Without(document, "/reporter/state");
  document = With(document, "/times/end", Str("2015-12-23T13:00:00Z"));
  document = With(document, "/affected_entities/0/sector", Str("nuclear"));
  document = With(document, "/affected_entities/1/state", Str("DE"));
  document = With(document, "/effects/deaths", Num(-3));
  document = With(document, "/techniques/0", Str("T9"));
  document = With(document, "/attributions/1/confidence", Str("certain"));
  document = With(document, "/tlp", Str("AMBER"));  // valid, but /narrative's GREEN is now below it
  document = With(document, "/field_tlp/~1narrative", Str("GREEN"));
  DecodeResult result = Decode(document);
  std::vector<std::string> pointers;
  for (const FieldError& error : result.errors) pointers.push_back(error.pointer);
  EXPECT_THAT(pointers, ElementsAre("/colour", "/title", "/reporter/state", "/times/end",
                                    "/affected_entities/0/sector", "/affected_entities/1/state",
                                    "/effects/deaths", "/techniques/0",
                                    "/attributions/1/confidence", "/field_tlp/~1narrative"))
      << Describe(result.errors);
  EXPECT_FALSE(result.ok());
  EXPECT_THAT(result.ToError().message,
              StartsWith("invalid incident report: 10 errors: /colour: "));
}

}  // namespace
}  // namespace accord::model
