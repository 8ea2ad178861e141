// Tests of model/report_codec.h: the example reports decode to the values
// they spell, the encoder writes the canonical form the contract and RFC
// 8785 prescribe, round trips are exact, whole-document failures, and the
// result API. The systematic mutation tests are in report_mutation_test.cc,
// the schema's agreement with the decoder in report_schema_test.cc.
#include "model/report_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "core/canonical_json.h"
#include "model/incident_report.h"
#include "report_test_util.h"

namespace accord::model {
namespace {

using namespace std::chrono_literals;
using testing::Decode;
using testing::Describe;
using ::testing::ElementsAre;
using testing::FullDocument;
using ::testing::HasSubstr;
using testing::MinimalDocument;
using testing::Num;
using ::testing::StartsWith;
using testing::Str;
using testing::With;

constexpr auto Utc(std::chrono::year_month_day day, std::chrono::seconds time_of_day) {
  return core::Timestamp(std::chrono::sys_days(day) + time_of_day);
}

IncidentReport DecodeOrFail(const core::JsonValue& document) {
  DecodeResult result = Decode(document);
  EXPECT_TRUE(result.ok()) << Describe(result.errors);
  return result.ok() ? *result.report : IncidentReport{};
}

TEST(ReportCodecTest, MinimalExampleDecodesWithTheContractsDefaults) {
  const IncidentReport report = DecodeOrFail(MinimalDocument());
  EXPECT_EQ(report.id.ToString(), "incident-report--6b0c2a4e-5f1d-4c3a-9e8b-2d7f1a0c9b31");
  EXPECT_EQ(report.reporter.kind, ReporterKind::kOperator);
  EXPECT_EQ(report.reporter.state, "DE");
  EXPECT_EQ(report.times.start, Utc(2024y / 3 / 1, 22h + 40min));
  EXPECT_EQ(report.times.detected, std::nullopt);
  // docs/incident-report.md: precision defaults to second, publication to
  // public for both parts, and a report is not an exercise unless it says so.
  EXPECT_EQ(report.times.precision, StartPrecision::kSecond);
  EXPECT_EQ(report.publication.record, Visibility::kPublic);
  EXPECT_EQ(report.publication.envelope, Visibility::kPublic);
  EXPECT_FALSE(report.exercise);
  EXPECT_TRUE(report.techniques.empty());
  EXPECT_TRUE(report.attributions.empty());
  EXPECT_EQ(report.military_objective, std::nullopt);
  EXPECT_EQ(report.narrative, std::nullopt);
  EXPECT_TRUE(report.field_tlp.empty());
  EXPECT_EQ(report.tlp, Tlp::kGreen);
}

TEST(ReportCodecTest, FullExampleDecodesEveryField) {
  const IncidentReport report = DecodeOrFail(FullDocument());
  EXPECT_EQ(report.title, "Coordinated intrusion cuts power to distribution customers");
  EXPECT_EQ(report.reporter.kind, ReporterKind::kState);
  EXPECT_EQ(report.reported_at, Utc(2015y / 12 / 24, 9h));
  EXPECT_EQ(report.times.start, Utc(2015y / 12 / 23, 15h + 30min));
  EXPECT_EQ(report.times.detected, Utc(2015y / 12 / 23, 15h + 35min));
  EXPECT_EQ(report.times.end, Utc(2015y / 12 / 23, 21h + 30min));
  EXPECT_THAT(report.affected_states, ElementsAre("UA", "PL"));
  ASSERT_EQ(report.affected_entities.size(), 2u);
  const AffectedEntity& grid = report.affected_entities[0];
  EXPECT_EQ(grid.sector, "energy.electricity");
  EXPECT_EQ(grid.entity_type, "distribution-system-operator");
  EXPECT_EQ(grid.civilian_status, CivilianStatus::kCivilian);
  EXPECT_EQ(grid.population_served, 1400000);
  EXPECT_EQ(report.affected_entities[1].civilian_status, CivilianStatus::kDualUse);
  EXPECT_EQ(report.affected_entities[1].name, std::nullopt);
  EXPECT_TRUE(report.effects.confidentiality);
  EXPECT_EQ(report.effects.effect_location, EffectLocation::kOt);
  EXPECT_EQ(report.effects.disruption_hours, 6);
  EXPECT_EQ(report.effects.people_affected, 225000);
  EXPECT_EQ(report.effects.physical_damage, PhysicalDamage::kMinor);
  EXPECT_EQ(report.effects.deaths, 0);
  EXPECT_EQ(report.effects.recoverability, Recoverability::kSupplemented);
  EXPECT_THAT(report.effects.cascade_sectors,
              ElementsAre("drinking-water", "health.healthcare-providers"));
  EXPECT_THAT(report.techniques, ElementsAre("T0831", "T0813", "T1566.001", "T1485"));
  EXPECT_THAT(report.vulnerabilities, ElementsAre("CVE-2014-0160", "CVE-2021-44228"));
  // Every attribution is kept, the contested one and the settled one.
  ASSERT_EQ(report.attributions.size(), 2u);
  const Attribution& first = report.attributions[0];
  EXPECT_EQ(first.by.kind, AttributorKind::kCompany);
  EXPECT_EQ(first.to.kind, AttributedKind::kStateAffiliatedGroup);
  EXPECT_EQ(first.sponsorship, Sponsorship::kStateSponsored);
  EXPECT_THAT(first.basis, ElementsAre(AttributionBasis::kTechnical));
  EXPECT_EQ(first.confidence, Confidence::kModerate);
  EXPECT_EQ(first.date, 2016y / 1 / 7);
  EXPECT_EQ(first.status, AttributionStatus::kContested);
  const Attribution& second = report.attributions[1];
  EXPECT_EQ(second.by.kind, AttributorKind::kAgency);
  EXPECT_EQ(second.by.state, "GB");
  EXPECT_EQ(second.to.name, std::nullopt);
  EXPECT_EQ(second.status, AttributionStatus::kSettled);
  EXPECT_THAT(second.basis,
              ElementsAre(AttributionBasis::kIntelligence, AttributionBasis::kTechnical));
  ASSERT_TRUE(report.military_objective.has_value());
  EXPECT_FALSE(report.military_objective->claimed);
  ASSERT_EQ(report.indicators.size(), 9u);
  EXPECT_EQ(report.indicators[0].type, IndicatorType::kIpv4);
  EXPECT_EQ(report.indicators[7].type, IndicatorType::kFileName);
  EXPECT_EQ(report.tlp, Tlp::kGreen);
  EXPECT_EQ(report.field_tlp.size(), 5u);
  EXPECT_EQ(report.field_tlp.at("/indicators/4"), Tlp::kAmberStrict);
  EXPECT_EQ(report.field_tlp.at("/attributions/1/by/name"), Tlp::kRed);
  ASSERT_EQ(report.related_reports.size(), 1u);
  EXPECT_EQ(report.related_reports[0].type, "incident-report");
  ASSERT_EQ(report.references.size(), 2u);
  EXPECT_EQ(report.references[0].date, 2016y / 3 / 18);
  EXPECT_EQ(report.references[1].publisher, std::nullopt);
}

TEST(ReportCodecTest, EncodesMinimalExampleAsItsCanonicalFormWithDefaultsWritten) {
  // Written by hand from docs/incident-report.md and RFC 8785: members
  // sorted, no whitespace, defaults of precision/publication/exercise
  // spelled out, absent optional fields left out.
  const std::string expected =
      R"({"affected_entities":[{"civilian_status":"civilian","entity_type":"hospital",)"
      R"("sector":"health.healthcare-providers","state":"DE"}],"affected_states":["DE"],)"
      R"("effects":{"availability":true,"confidentiality":false,"effect_location":"it",)"
      R"("integrity":true,"physical_damage":"none","recoverability":"supplemented"},)"
      R"("exercise":false,"id":"incident-report--6b0c2a4e-5f1d-4c3a-9e8b-2d7f1a0c9b31",)"
      R"("publication":{"envelope":"public","record":"public"},)"
      R"("reported_at":"2024-03-02T08:15:00Z",)"
      R"("reporter":{"kind":"operator","name":"Example Regional Hospital","state":"DE"},)"
      R"("schema":"accord.incident-report/1",)"
      R"("times":{"precision":"second","start":"2024-03-01T22:40:00Z"},)"
      R"("title":"Ransomware disrupts a regional hospital's admissions","tlp":"GREEN"})";
  EXPECT_EQ(EncodeIncidentReport(DecodeOrFail(MinimalDocument())), expected);
}

TEST(ReportCodecTest, FullExampleEncodesToItsOwnCanonicalForm) {
  // full.json spells every field, every default and every time in UTC with
  // 'Z', so its encoding is exactly its RFC 8785 canonicalization.
  EXPECT_EQ(EncodeIncidentReport(DecodeOrFail(FullDocument())),
            core::SerializeCanonical(FullDocument()));
}

TEST(ReportCodecTest, DecodedReportReencodesAndDecodesToAnEqualReport) {
  for (const core::JsonValue* document : {&MinimalDocument(), &FullDocument()}) {
    const IncidentReport report = DecodeOrFail(*document);
    const std::string encoded = EncodeIncidentReport(report);
    DecodeResult again = DecodeIncidentReport(encoded);
    ASSERT_TRUE(again.ok()) << Describe(again.errors);
    EXPECT_EQ(*again.report, report);
    EXPECT_EQ(EncodeIncidentReport(*again.report), encoded);
  }
}

TEST(ReportCodecTest, TimesWithAnOffsetAreStoredAndWrittenInUtc) {
  // RFC 3339 section 4.2: 17:30+02:00 is 15:30Z.
  const IncidentReport report =
      DecodeOrFail(With(FullDocument(), "/times/start", Str("2015-12-23T17:30:00+02:00")));
  EXPECT_EQ(report.times.start, Utc(2015y / 12 / 23, 15h + 30min));
  EXPECT_THAT(EncodeIncidentReport(report), HasSubstr(R"("start":"2015-12-23T15:30:00Z")"));
}

TEST(ReportCodecTest, FractionalSecondsSurviveTheRoundTrip) {
  const IncidentReport report =
      DecodeOrFail(With(FullDocument(), "/times/detected", Str("2015-12-23T15:35:00.123456Z")));
  EXPECT_EQ(*report.times.detected, Utc(2015y / 12 / 23, 15h + 35min) + 123456us);
  EXPECT_THAT(EncodeIncidentReport(report),
              HasSubstr(R"("detected":"2015-12-23T15:35:00.123456Z")"));
}

TEST(ReportCodecTest, IntegersWrittenWithAZeroFractionAreIntegers) {
  // JSON Schema 2020-12 counts 6.0 as an integer; the log writes 6.
  std::string text = core::SerializeCanonical(FullDocument());
  const std::string from = R"("disruption_hours":6)";
  text.replace(text.find(from), from.size(), R"("disruption_hours":6.0)");
  DecodeResult result = DecodeIncidentReport(text);
  ASSERT_TRUE(result.ok()) << Describe(result.errors);
  EXPECT_EQ(result.report->effects.disruption_hours, 6);
  EXPECT_THAT(EncodeIncidentReport(*result.report), HasSubstr(R"("disruption_hours":6,)"));
}

TEST(ReportCodecTest, EmptyOptionalArraysMeanTheSameAsAbsentOnes) {
  const IncidentReport with_empty =
      DecodeOrFail(With(MinimalDocument(), "/techniques", core::JsonValue::Array({})));
  EXPECT_EQ(with_empty, DecodeOrFail(MinimalDocument()));
  EXPECT_THAT(EncodeIncidentReport(with_empty), ::testing::Not(HasSubstr("techniques")));
}

TEST(ReportCodecTest, ReportsWithoutVulnerabilitiesStayValidAndEncodeAsBefore) {
  // The log holds reports written before `vulnerabilities` existed: they
  // decode unchanged, and an empty list is not written, so their canonical
  // bytes (and hashes) do not change.
  const IncidentReport minimal = DecodeOrFail(MinimalDocument());
  EXPECT_TRUE(minimal.vulnerabilities.empty());
  const IncidentReport with_empty =
      DecodeOrFail(With(MinimalDocument(), "/vulnerabilities", core::JsonValue::Array({})));
  EXPECT_EQ(with_empty, minimal);
  EXPECT_THAT(EncodeIncidentReport(with_empty), ::testing::Not(HasSubstr("vulnerabilities")));
}

TEST(ReportCodecTest, VulnerabilitiesRoundTripInTheirOrder) {
  const IncidentReport report = DecodeOrFail(
      With(MinimalDocument(), "/vulnerabilities",
           core::JsonValue::Array({Str("CVE-2021-44228"), Str("CVE-1999-0001"),
                                   Str("CVE-2014-1234567")})));
  const std::string encoded = EncodeIncidentReport(report);
  EXPECT_THAT(encoded,
              HasSubstr(R"("vulnerabilities":["CVE-2021-44228","CVE-1999-0001","CVE-2014-1234567"])"));
  DecodeResult again = DecodeIncidentReport(encoded);
  ASSERT_TRUE(again.ok()) << Describe(again.errors);
  EXPECT_EQ(*again.report, report);
}

TEST(ReportCodecTest, UpperCaseUuidsAreWrittenInLowerCase) {
  // RFC 9562 section 4: UUIDs are read in either case and written in lower
  // case, so the log holds one spelling.
  const IncidentReport report = DecodeOrFail(
      With(MinimalDocument(), "/id", Str("incident-report--6B0C2A4E-5F1D-4C3A-9E8B-2D7F1A0C9B31")));
  EXPECT_THAT(EncodeIncidentReport(report),
              HasSubstr(R"("id":"incident-report--6b0c2a4e-5f1d-4c3a-9e8b-2d7f1a0c9b31")"));
}

TEST(ReportCodecTest, TextThatIsNotJsonIsOneErrorAtTheWholeDocument) {
  DecodeResult result = DecodeIncidentReport("{\"schema\": ");
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].pointer, "");
  EXPECT_THAT(result.errors[0].message, StartsWith("expected one strict JSON document"));
  EXPECT_THAT(result.errors[0].message, HasSubstr("line 1"));
  EXPECT_EQ(result.code, core::ErrorCode::kInvalidArgument);
}

TEST(ReportCodecTest, DuplicateMemberNamesAreRejected) {
  // RFC 7493 section 2.3; a report read two ways could be signed one way
  // and shown another.
  DecodeResult result = DecodeIncidentReport(R"({"tlp": "RED", "tlp": "CLEAR"})");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].pointer, "");
  EXPECT_THAT(result.errors[0].message, HasSubstr("duplicate member name \"tlp\""));
}

TEST(ReportCodecTest, DocumentLargerThanTheLimitIsRefusedAsExhaustingResources) {
  std::string text = core::SerializeCanonical(MinimalDocument());
  text.insert(text.size() - 1, ",\"narrative\":\"" + std::string(kMaxReportBytes, 'a') + "\"");
  DecodeResult result = DecodeIncidentReport(text);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].pointer, "");
  EXPECT_THAT(result.errors[0].message, HasSubstr("expected at most 4194304"));
  EXPECT_EQ(result.code, core::ErrorCode::kResourceExhausted);
  EXPECT_EQ(result.ToError().code, core::ErrorCode::kResourceExhausted);
}

TEST(ReportCodecTest, DeeplyNestedDocumentIsRefusedAsExhaustingResources) {
  std::string text = core::SerializeCanonical(MinimalDocument());
  const std::string deep = std::string(kMaxReportDepth, '[') + std::string(kMaxReportDepth, ']');
  text.insert(text.size() - 1, ",\"narrative\":" + deep);
  DecodeResult result = DecodeIncidentReport(text);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].pointer, "");
  EXPECT_EQ(result.code, core::ErrorCode::kResourceExhausted);
}

TEST(ReportCodecTest, DocumentThatIsNotAnObjectIsAnErrorAtTheRoot) {
  DecodeResult result = DecodeIncidentReport("[1, 2]");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0], (FieldError{"", "expected an object, found an array"}));
}

TEST(ReportCodecTest, EmptyObjectListsEveryMissingRequiredField) {
  DecodeResult result = DecodeIncidentReport("{}");
  std::vector<std::string> pointers;
  for (const FieldError& error : result.errors) {
    EXPECT_EQ(error.message, "required field is missing") << error.pointer;
    pointers.push_back(error.pointer);
  }
  // docs/incident-report.md's required top-level fields, in its order.
  EXPECT_THAT(pointers,
              ElementsAre("/schema", "/id", "/title", "/reporter", "/reported_at", "/times",
                          "/affected_states", "/affected_entities", "/effects", "/tlp"));
}

TEST(ReportCodecTest, ErrorsStopAtTheCapAndSaySo) {
  // 1,000 malformed hashes give 1,000 violations; the list stays bounded.
  core::JsonArray indicators;
  for (int i = 0; i < 1000; ++i) {
    indicators.push_back(
        core::JsonValue::Object({{"type", Str("sha256")}, {"value", Str("not-a-hash")}}));
  }
  DecodeResult result =
      Decode(With(FullDocument(), "/indicators", core::JsonValue::Array(std::move(indicators))));
  ASSERT_EQ(result.errors.size(), DecodeResult::kMaxErrors);
  EXPECT_EQ(result.errors.back().pointer, "");
  EXPECT_THAT(result.errors.back().message, HasSubstr("too many errors"));
}

TEST(ReportCodecTest, ToErrorSummarisesTheCountAndTheFirstErrors) {
  DecodeResult result = Decode(With(With(FullDocument(), "/tlp", Str("BLUE")), "/title", Str("")));
  ASSERT_EQ(result.errors.size(), 2u) << Describe(result.errors);
  const core::Error error = result.ToError();
  EXPECT_EQ(error.code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(error.message,
            "invalid incident report: 2 errors: /title: expected at least 1 character, found an "
            "empty string; /tlp: expected one of \"CLEAR\", \"GREEN\", \"AMBER\", "
            "\"AMBER+STRICT\", \"RED\", found \"BLUE\"");
}

TEST(ReportCodecTest, FieldErrorToStringWritesTheRootAsSlash) {
  EXPECT_EQ((FieldError{"", "expected an object, found null"}).ToString(),
            "/: expected an object, found null");
  EXPECT_EQ((FieldError{"/times/end", "x"}).ToString(), "/times/end: x");
}

TEST(ReportCodecTest, ValidateAcceptsADecodedReport) {
  EXPECT_THAT(ValidateIncidentReport(DecodeOrFail(FullDocument())), ::testing::IsEmpty());
}

TEST(ReportCodecTest, ValidateReportsRulesBrokenByAReportBuiltInCode) {
  IncidentReport report = DecodeOrFail(FullDocument());
  report.times.end = report.times.start - 1h;
  report.effects.physical_damage = static_cast<PhysicalDamage>(42);
  report.affected_entities[0].state = "DE";
  report.reporter.name = std::string(201, 'x');
  const std::vector<FieldError> errors = ValidateIncidentReport(report);
  EXPECT_THAT(
      errors,
      ElementsAre(FieldError{"/reporter/name", "expected at most 200 characters, found 201"},
                  FieldError{"/times/end",
                             "2015-12-23T14:30:00Z is before /times/start "
                             "(2015-12-23T15:30:00Z)"},
                  FieldError{"/affected_entities/0/state",
                             "\"DE\" is not listed in /affected_states; expected a state "
                             "listed there"},
                  FieldError{"/effects/physical_damage",
                             "expected one of \"none\", \"minor\", \"significant\", "
                             "\"destroyed\", \"unknown\", found \"\""}))
      << Describe(errors);
}

TEST(ReportCodecTest, ValidateReportsATimeOutsideTheRepresentableYears) {
  IncidentReport report = DecodeOrFail(MinimalDocument());
  report.reported_at = core::kMaxTimestamp + 1s;
  const std::vector<FieldError> errors = ValidateIncidentReport(report);
  ASSERT_EQ(errors.size(), 1u) << Describe(errors);
  EXPECT_EQ(errors[0].pointer, "/reported_at");
  EXPECT_THAT(errors[0].message, StartsWith("expected an RFC 3339 date-time"));
}

TEST(ReportCodecTest, EveryEnumeratorHasTheContractsSpellingBothWays) {
  EXPECT_EQ(Name(CivilianStatus::kDualUse), "dual-use");
  EXPECT_EQ(Name(EffectLocation::kSafetySystems), "safety-systems");
  EXPECT_EQ(Name(Recoverability::kNotRecoverable), "not-recoverable");
  EXPECT_EQ(Name(AttributorKind::kInternationalOrganization), "international-organization");
  EXPECT_EQ(Name(AttributedKind::kStateAffiliatedGroup), "state-affiliated-group");
  EXPECT_EQ(Name(Sponsorship::kStateTolerated), "state-tolerated");
  EXPECT_EQ(Name(AttributionBasis::kSelfAttribution), "self-attribution");
  EXPECT_EQ(Name(IndicatorType::kFileName), "file-name");
  EXPECT_EQ(Name(Visibility::kPartiesOnly), "parties-only");
  EXPECT_EQ(Name(Tlp::kAmberStrict), "AMBER+STRICT");
  EXPECT_EQ(EnumFromName<StartPrecision>("month"), StartPrecision::kMonth);
  EXPECT_EQ(EnumFromName<Confidence>("moderate"), Confidence::kModerate);
  EXPECT_EQ(EnumFromName<ReporterKind>("secretariat"), ReporterKind::kSecretariat);
  EXPECT_EQ(EnumFromName<AttributionStatus>("Settled"), std::nullopt);
  EXPECT_EQ(EnumFromName<PhysicalDamage>(""), std::nullopt);
  EXPECT_EQ(Name(static_cast<Confidence>(3)), "");
}

}  // namespace
}  // namespace accord::model
