#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/canonical_json.h"
#include "model/json_pointer.h"
#include "model/report_codec.h"
#include "privacy/visibility.h"

namespace accord::privacy {
namespace {

using model::Tlp;

// A report whose confidential values are all distinctive strings or
// numbers, so that a search of the public JSON for each one is meaningful.
constexpr char kReportJson[] = R"({
  "schema": "accord.incident-report/1",
  "id": "incident-report--0f8fad5b-d9cb-469f-a165-70867728950e",
  "title": "Wiper attack on the northern water utility",
  "reporter": {"kind": "operator", "state": "UA", "name": "Northern Water Works Ltd"},
  "reported_at": "2015-12-28T10:00:00Z",
  "times": {"start": "2015-12-23T15:30:00Z", "precision": "second"},
  "affected_states": ["UA"],
  "affected_entities": [
    {"sector": "drinking-water", "entity_type": "water-utility", "state": "UA",
     "civilian_status": "civilian", "name": "Kharkivvodokanal Pumping Station 7",
     "population_served": 431977}
  ],
  "effects": {"confidentiality": false, "integrity": true, "availability": true,
              "effect_location": "ot", "deaths": 9173, "physical_damage": "minor",
              "recoverability": "extended"},
  "techniques": ["T0813", "T0809"],
  "indicators": [{"type": "ipv4", "value": "198.51.100.23"}],
  "narrative": "Shift lead Olena Kovalenko (o.kovalenko@vodokanal.example.ua, +380 57 700 1234) saw the HMI at 10.1.2.3 wiped (T0809).",
  "tlp": "CLEAR"
})";

model::IncidentReport BaseReport() {
  auto decoded = model::DecodeIncidentReport(kReportJson);
  EXPECT_TRUE(decoded.ok()) << (decoded.ok() ? "" : decoded.ToError().message);
  return decoded.ok() ? *decoded.report : model::IncidentReport{};
}

PublicFormResult Public(const model::IncidentReport& report, PublicFormOptions options = {}) {
  EXPECT_TRUE(model::ValidateIncidentReport(report).empty());
  auto result = PublicForm(report, options);
  EXPECT_TRUE(result.has_value()) << result.error().message;
  return result.has_value() ? std::move(*result) : PublicFormResult{};
}

std::string Canonical(const PublicFormResult& result) {
  return core::SerializeCanonical(result.public_form);
}

// The canonical public form with each commitment's 64 hex digits blanked:
// a leak check must not find a short secret ("9173") by chance inside a
// random digest (about 1 run in 100 did before).
std::string CanonicalWithoutDigests(const PublicFormResult& result) {
  std::string json = Canonical(result);
  const std::string key = "\"commitment\":\"";
  for (std::size_t at = json.find(key); at != std::string::npos; at = json.find(key, at + 1))
    json.replace(at + key.size(), 64, "");
  return json;
}

// Every salt opens its commitment with the field's canonical value from the
// full report, and fails with a wrong salt or a wrong value.
void ExpectEveryCommitmentOpens(const model::IncidentReport& report,
                                const PublicFormResult& result) {
  const core::JsonValue full = model::IncidentReportToJson(report);
  for (const auto& [pointer, salt] : result.salts) {
    const std::string value = pointer == "/record"
                                  ? core::SerializeCanonical(full)
                                  : core::SerializeCanonical(*model::ResolvePointer(full, pointer));
    EXPECT_TRUE(VerifyDisclosure(result.public_form, pointer, value, salt)) << pointer;
    CommitmentSalt wrong_salt = salt;
    wrong_salt[0] ^= 0x80;
    EXPECT_FALSE(VerifyDisclosure(result.public_form, pointer, value, wrong_salt)) << pointer;
    EXPECT_FALSE(VerifyDisclosure(result.public_form, pointer, value + " ", salt)) << pointer;
    // Salts are the submitter's: never in the public form, in any encoding.
    EXPECT_EQ(Canonical(result).find(SaltHex(salt)), std::string::npos) << pointer;
    EXPECT_EQ(Canonical(result).find(SaltBase64(salt)), std::string::npos) << pointer;
  }
}

TEST(PublicFormTest, FieldsMarkedAboveClearBecomeCommitmentsAndTheirValuesVanish) {
  model::IncidentReport report = BaseReport();
  report.field_tlp = {{"/affected_entities/0/name", Tlp::kAmber},
                      {"/effects/deaths", Tlp::kRed},
                      {"/indicators", Tlp::kGreen},
                      {"/reporter/name", Tlp::kAmberStrict}};
  const PublicFormResult result = Public(report);
  const std::string json = CanonicalWithoutDigests(result);
  for (const char* secret : {"Kharkivvodokanal", "9173", "198.51.100.23", "Northern Water Works"}) {
    EXPECT_EQ(json.find(secret), std::string::npos) << secret << " leaked: " << json;
  }
  for (const char* pointer : {"/affected_entities/0/name", "/effects/deaths", "/indicators",
                              "/reporter/name"}) {
    const core::JsonValue* value = model::ResolvePointer(result.public_form, pointer);
    ASSERT_NE(value, nullptr) << pointer;
    EXPECT_TRUE(ParseCommitmentJson(*value).has_value()) << pointer;
    EXPECT_EQ(result.salts.count(pointer), 1u) << pointer;
  }
  EXPECT_EQ(result.salts.size(), 4u);
  // CLEAR siblings stay readable.
  const core::JsonValue* served = model::ResolvePointer(result.public_form,
                                                        "/affected_entities/0/population_served");
  ASSERT_NE(served, nullptr);
  EXPECT_EQ(served->AsNumber(), 431977);
  EXPECT_NE(json.find("\"T0813\""), std::string::npos);
  ExpectEveryCommitmentOpens(report, result);
}

TEST(PublicFormTest, MarkedVulnerabilitiesBecomeACommitmentLikeOtherArrays) {
  model::IncidentReport report = BaseReport();
  report.vulnerabilities = {"CVE-2015-7313", "CVE-2015-8121"};
  report.field_tlp = {{"/vulnerabilities/1", Tlp::kAmber}};
  PublicFormResult result = Public(report);
  std::string json = CanonicalWithoutDigests(result);
  EXPECT_NE(json.find("\"CVE-2015-7313\""), std::string::npos) << json;
  EXPECT_EQ(json.find("CVE-2015-8121"), std::string::npos) << json;
  ExpectEveryCommitmentOpens(report, result);

  report.field_tlp = {{"/vulnerabilities", Tlp::kRed}};
  result = Public(report);
  json = CanonicalWithoutDigests(result);
  EXPECT_EQ(json.find("CVE-2015"), std::string::npos) << json;
  EXPECT_TRUE(ParseCommitmentJson(*model::ResolvePointer(result.public_form, "/vulnerabilities"))
                  .has_value());
  ExpectEveryCommitmentOpens(report, result);
}

TEST(PublicFormTest, PublicNarrativeIsScrubbedWithTypedPlaceholders) {
  PublicFormOptions options;
  options.marked_names = {"Olena Kovalenko"};
  const PublicFormResult result = Public(BaseReport(), options);
  const core::JsonValue* narrative = model::ResolvePointer(result.public_form, "/narrative");
  ASSERT_NE(narrative, nullptr);
  EXPECT_EQ(narrative->AsString(),
            "Shift lead [name] ([email], [phone]) saw the HMI at [ip-address] wiped (T0809).");
  EXPECT_EQ(result.scrubbed,
            (ScrubCounts{.emails = 1, .phones = 1, .ip_addresses = 1, .names = 1}));
  EXPECT_TRUE(result.salts.empty());
}

TEST(PublicFormTest, ConfidentialNarrativeIsCommittedUnscrubbed) {
  model::IncidentReport report = BaseReport();
  report.field_tlp = {{"/narrative", Tlp::kAmber}};
  const PublicFormResult result = Public(report);
  EXPECT_EQ(Canonical(result).find("Kovalenko"), std::string::npos);
  ASSERT_EQ(result.salts.count("/narrative"), 1u);
  const std::string original = core::SerializeCanonical(core::JsonValue::String(*report.narrative));
  EXPECT_TRUE(VerifyDisclosure(result.public_form, "/narrative", original,
                               result.salts.at("/narrative")));
}

TEST(PublicFormTest, AReportAboveClearKeepsOnlyItsFrameAndEnvelopeReadable) {
  model::IncidentReport report = BaseReport();
  report.tlp = Tlp::kGreen;
  const PublicFormResult result = Public(report);
  const std::string json = CanonicalWithoutDigests(result);
  for (const char* secret : {"Wiper attack", "Kharkivvodokanal", "9173", "198.51.100.23",
                             "Kovalenko", "T0813", "2015-12-23T15:30:00Z"}) {
    EXPECT_EQ(json.find(secret), std::string::npos) << secret << " leaked: " << json;
  }
  for (const core::JsonMember& member : result.public_form.AsObject()) {
    if (member.name == "schema" || member.name == "id" || member.name == "tlp" ||
        member.name == "publication" || member.name == "envelope") {
      continue;
    }
    EXPECT_TRUE(ParseCommitmentJson(member.value).has_value()) << member.name;
  }
  EXPECT_EQ(model::ResolvePointer(result.public_form, "/tlp")->AsString(), "GREEN");
  ExpectEveryCommitmentOpens(report, result);
}

TEST(PublicFormTest, PartiesOnlyRecordIsOneCommitmentToTheWholeReport) {
  model::IncidentReport report = BaseReport();
  report.publication.record = model::Visibility::kPartiesOnly;
  const PublicFormResult result = Public(report);
  std::vector<std::string> names;
  for (const core::JsonMember& member : result.public_form.AsObject()) names.push_back(member.name);
  EXPECT_EQ(names, (std::vector<std::string>{"schema", "id", "tlp", "publication", "envelope",
                                             "record"}));
  const std::string json = Canonical(result);
  EXPECT_EQ(json.find("Wiper attack"), std::string::npos);
  EXPECT_EQ(json.find("narrative"), std::string::npos);
  ASSERT_EQ(result.salts.size(), 1u);
  EXPECT_TRUE(VerifyDisclosure(result.public_form, "/record", model::EncodeIncidentReport(report),
                               result.salts.at("/record")));
  ExpectEveryCommitmentOpens(report, result);
}

TEST(PublicFormTest, EnvelopeKeepsTheStatisticalFields) {
  PublicFormOptions options;
  options.envelope.severity_level = "high";
  options.envelope.verdict_summary = "violation";
  model::IncidentReport report = BaseReport();
  report.tlp = Tlp::kAmber;  // the envelope does not follow TLP
  const PublicFormResult result = Public(report, options);
  EXPECT_EQ(core::SerializeCanonical(*result.public_form.Find("envelope")),
            R"({"affected_states":["UA"],"exercise":false,"month":"2015-12",)"
            R"("reporter_kind":"operator","sectors":["drinking-water"],)"
            R"("severity_level":"high","verdict_summary":"violation"})");
}

TEST(PublicFormTest, PartiesOnlyEnvelopeLeavesOnlyTheMonth) {
  PublicFormOptions options;
  options.envelope.severity_level = "high";
  model::IncidentReport report = BaseReport();
  report.publication.envelope = model::Visibility::kPartiesOnly;
  const PublicFormResult result = Public(report, options);
  EXPECT_EQ(core::SerializeCanonical(*result.public_form.Find("envelope")),
            R"({"month":"2015-12"})");
}

TEST(PublicFormTest, YearPrecisionGivesTheYearNotAnInventedMonth) {
  model::IncidentReport report = BaseReport();
  report.times.precision = model::StartPrecision::kYear;
  report.times.start = core::Timestamp(std::chrono::sys_days(std::chrono::year{2015} /
                                                             std::chrono::January / 1));
  report.publication.envelope = model::Visibility::kPartiesOnly;
  const PublicFormResult result = Public(report);
  EXPECT_EQ(core::SerializeCanonical(*result.public_form.Find("envelope")), R"({"year":"2015"})");
}

TEST(VerifyDisclosureTest, FalseWhereThePointerNamesNoCommitment) {
  const PublicFormResult result = Public(BaseReport());
  const CommitmentSalt salt{};
  EXPECT_FALSE(VerifyDisclosure(result.public_form, "/title",
                                "\"Wiper attack on the northern water utility\"", salt));
  EXPECT_FALSE(VerifyDisclosure(result.public_form, "/no/such/field", "1", salt));
}

}  // namespace
}  // namespace accord::privacy
