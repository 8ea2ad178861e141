// TAXII 2.1 protocol helpers (exchange/taxii.h). Expected values come from
// the TAXII 2.1 standard (sections cited) and RFC 9110, not from our output.
#include "exchange/taxii.h"

#include <gtest/gtest.h>

#include "core/canonical_json.h"

namespace accord::exchange {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

std::string Json(const core::JsonValue& value) { return core::SerializeCanonical(value); }

TEST(TaxiiNegotiationTest, AcceptsTheTaxiiMediaTypeWithAndWithoutVersion) {
  // 1.6.8.2: no version parameter means the latest the server supports.
  EXPECT_TRUE(NegotiateTaxii("application/taxii+json;version=2.1"));
  EXPECT_TRUE(NegotiateTaxii("application/taxii+json"));
  EXPECT_TRUE(NegotiateTaxii("Application/TAXII+JSON; Version=\"2.1\""));
  EXPECT_TRUE(NegotiateTaxii("application/vnd.oasis.taxii+json"));  // App. B alias
}

TEST(TaxiiNegotiationTest, RefusesAnotherVersionOrAMissingAccept) {
  auto other = NegotiateTaxii("application/taxii+json;version=2.0");
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("names no media range"), std::string::npos);
  auto missing = NegotiateTaxii(std::nullopt);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("no Accept header"), std::string::npos);
  EXPECT_FALSE(NegotiateTaxii("application/json"));
}

TEST(TaxiiNegotiationTest, TheMostSpecificRangeDecidesAndQZeroRefuses) {
  // RFC 9110 section 12.5.1: the most specific reference has precedence.
  auto refused = NegotiateTaxii("*/*, application/taxii+json;q=0");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("q=0"), std::string::npos);
  EXPECT_TRUE(NegotiateTaxii("application/taxii+json;q=0, application/taxii+json;version=2.1;q=0.3"));
  EXPECT_TRUE(NegotiateTaxii("text/html, application/*;q=0.8"));
}

TEST(TaxiiNegotiationTest, MalformedAcceptNamesTheElement) {
  auto bad = ParseAccept("application/json, application/taxii+json;q=1.5");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("Accept element 2"), std::string::npos);
  EXPECT_NE(bad.error().message.find("q="), std::string::npos);
  EXPECT_FALSE(ParseAccept("nonsense"));
  EXPECT_FALSE(ParseAccept("*/json"));
}

TEST(TaxiiNegotiationTest, ParsesWeightsInThousandths) {
  auto ranges = ParseAccept("a/b;q=0.5;ext=1, c/d; x=\"y;z\"");
  ASSERT_TRUE(ranges);
  ASSERT_EQ(ranges->size(), 2u);
  EXPECT_EQ((*ranges)[0].weight, 500);
  EXPECT_TRUE((*ranges)[0].parameters.empty());  // ext follows q: an accept extension
  ASSERT_EQ((*ranges)[1].parameters.size(), 1u);
  EXPECT_EQ((*ranges)[1].parameters[0].second, "y;z");
}

TEST(TaxiiContentTypeTest, OnlyTaxii21EnvelopesArePosted) {
  EXPECT_TRUE(CheckTaxiiContentType("application/taxii+json;version=2.1"));
  EXPECT_TRUE(CheckTaxiiContentType("application/taxii+json"));
  EXPECT_FALSE(CheckTaxiiContentType("application/json"));
  EXPECT_FALSE(CheckTaxiiContentType("application/taxii+json;version=2.0"));
  EXPECT_FALSE(CheckTaxiiContentType(std::nullopt));
}

TEST(TaxiiQueryTest, ParsesEveryFilterOfTheObjectsEndpoint) {
  // The examples of TAXII 3.4 and 3.4.1.
  auto query = ParseTaxiiQuery(Params{{"added_after", "2016-02-01T00:00:01.000Z"},
                                      {"limit", "10"},
                                      {"match[type]", "incident,malware"},
                                      {"match[id]", "indicator--3600ad1b-fff1-4c98-bcc9-4de3bc2e2ffb"},
                                      {"match[version]", "first,2018-03-02T01:01:01.123Z,last"},
                                      {"match[spec_version]", "2.0,2.1"}},
                               TaxiiEndpoint::kObjects);
  ASSERT_TRUE(query) << query.error().message;
  EXPECT_EQ(*query->limit, 10u);
  EXPECT_EQ(query->types, (std::vector<std::string>{"incident", "malware"}));
  EXPECT_TRUE(query->versions.first);
  EXPECT_TRUE(query->versions.last);
  EXPECT_EQ(query->versions.exact.size(), 1u);
  EXPECT_EQ(FormatTaxiiTimestamp(*query->added_after), "2016-02-01T00:00:01.000000Z");
}

TEST(TaxiiQueryTest, MalformedParametersAreNamed) {
  struct Case {
    Params params;
    std::string fragment;
  };
  const Case cases[] = {
      {{{"limit", "0"}}, "limit"},
      {{{"limit", "-3"}}, "limit"},
      {{{"limit", "9007199254740992"}}, "limit"},  // 2^53: above a TAXII integer
      {{{"added_after", "yesterday"}}, "added_after"},
      {{{"added_after", "2016-01-01T00:00:00Z"}, {"added_after", "2017-01-01T00:00:00Z"}}, "given twice"},
      {{{"match[type]", "a,,b"}}, "empty value"},
      {{{"match[type]", "a, b"}}, "space"},
      {{{"match[version]", "all,first"}}, "\"all\" may not be combined"},
      {{{"match[version]", "last,last"}}, "given twice"},
      {{{"match[version]", "newest"}}, "neither first, last, all"},
      {{{"match[spec_version]", "2.2"}}, "spec_version"},
  };
  for (const auto& c : cases) {
    auto query = ParseTaxiiQuery(c.params, TaxiiEndpoint::kObjects);
    ASSERT_FALSE(query) << c.params[0].first << "=" << c.params[0].second;
    EXPECT_EQ(query.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(query.error().message.find(c.fragment), std::string::npos) << query.error().message;
  }
}

TEST(TaxiiQueryTest, EachEndpointTakesOnlyItsMatchFields) {
  // 5.6: an object's endpoint takes version and spec_version; 5.8 spec_version.
  EXPECT_TRUE(ParseTaxiiQuery(Params{{"match[version]", "all"}}, TaxiiEndpoint::kObject));
  auto id = ParseTaxiiQuery(Params{{"match[id]", "x--1"}}, TaxiiEndpoint::kObject);
  ASSERT_FALSE(id);
  EXPECT_NE(id.error().message.find("match[id]"), std::string::npos);
  EXPECT_FALSE(ParseTaxiiQuery(Params{{"match[version]", "all"}}, TaxiiEndpoint::kVersions));
  // 3.4: unknown match fields may be ignored.
  EXPECT_TRUE(ParseTaxiiQuery(Params{{"match[colour]", "red"}}, TaxiiEndpoint::kVersions));
}

TEST(TaxiiQueryTest, MatchesOnIdTypeAndSpecVersion) {
  auto query = ParseTaxiiQuery(Params{{"match[type]", "malware"}, {"match[spec_version]", "2.0"}},
                               TaxiiEndpoint::kObjects);
  ASSERT_TRUE(query);
  // A STIX 2.0 object has no spec_version (STIX 2.1 section 3.2), like
  // medallion's Poison Ivy of 2018-02-23.
  auto old_malware = core::JsonValue::Object(
      {{"type", core::JsonValue::String("malware")}, {"id", core::JsonValue::String("malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec")}});
  auto new_malware = core::JsonValue::Object({{"type", core::JsonValue::String("malware")},
                                              {"spec_version", core::JsonValue::String("2.1")}});
  EXPECT_TRUE(MatchesTaxiiFilters(*query, old_malware));
  EXPECT_FALSE(MatchesTaxiiFilters(*query, new_malware));
}

TEST(TaxiiQueryTest, AnExactVersionMatchesTheSameInstant) {
  auto query = ParseTaxiiQuery(Params{{"match[version]", "2016-12-25T12:30:59.444Z"}}, TaxiiEndpoint::kObjects);
  ASSERT_TRUE(query);
  EXPECT_TRUE(MatchesOnlyVersion(query->versions, "2016-12-25T12:30:59.444000Z"));
  EXPECT_FALSE(MatchesOnlyVersion(query->versions, "2017-01-27T13:49:53.935Z"));
}

TEST(TaxiiCursorTest, RoundTripsAndIsBoundToItsFilters) {
  TaxiiCursor cursor{42, 7};
  std::string next = EncodeTaxiiCursor(cursor, "filters", "collection");
  auto back = DecodeTaxiiCursor(next, "filters", "collection");
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, cursor);
  auto changed = DecodeTaxiiCursor(next, "other filters", "collection");
  ASSERT_FALSE(changed);
  EXPECT_NE(changed.error().message.find("another query"), std::string::npos);
  EXPECT_FALSE(DecodeTaxiiCursor(next, "filters", "another collection"));
  EXPECT_FALSE(DecodeTaxiiCursor("42-8-" + next.substr(next.rfind('-') + 1), "filters", "collection"));
  EXPECT_FALSE(DecodeTaxiiCursor("garbage", "filters", "collection"));
}

TEST(TaxiiQueryTest, FilterKeyIgnoresOrderAndLimit) {
  auto a = ParseTaxiiQuery(Params{{"match[type]", "a,b"}, {"limit", "5"}}, TaxiiEndpoint::kObjects);
  auto b = ParseTaxiiQuery(Params{{"match[type]", "b,a"}}, TaxiiEndpoint::kObjects);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->filter_key, b->filter_key);
}

TEST(TaxiiResourcesTest, EmptyListsAreLeftOut) {
  // Section 2: lists must not be empty; 3.7: an empty envelope has no objects.
  EXPECT_EQ(Json(EncodeTaxiiEnvelope({}, false)), "{}");
  EXPECT_EQ(Json(EncodeTaxiiCollections({})), "{}");
  EXPECT_EQ(Json(EncodeTaxiiManifest({}, false)), "{}");
  EXPECT_EQ(Json(EncodeTaxiiVersions({}, false)), "{}");
}

TEST(TaxiiResourcesTest, ApiRootMatchesTheSpecsShape) {
  // 4.2.1, as medallion's default data writes its API roots.
  EXPECT_EQ(Json(EncodeTaxiiApiRoot({"General STIX 2.1 Collections", "A repo for general STIX data.", 9765625})),
            R"({"description":"A repo for general STIX data.","max_content_length":9765625,)"
            R"("title":"General STIX 2.1 Collections","versions":["application/taxii+json;version=2.1"]})");
}

TEST(TaxiiResourcesTest, StatusCountsComeFromItsLists) {
  TaxiiStatus status;
  status.id = "2d086da7-4bdc-4f91-900e-d77486753710";
  status.total_count = 4;
  status.request_timestamp = *core::ParseRfc3339("2016-11-02T12:34:34.123456Z");
  status.successes = {{"indicator--cd981c25-8042-4166-8945-51178443bdac", "2014-05-08T09:00:00.000Z", ""}};
  status.failures = {{"malware--664fa29d-bf65-4f28-a667-bdb76f29ec98", "2015-05-08T09:00:00.000Z",
                      "Unable to process object"}};
  status.pendings = {{"indicator--252c7c11-daf2-42bd-843b-be65edca9f61", "2016-08-08T09:00:00.000Z", ""},
                     {"relationship--045585ad-a22f-4333-af33-bfd503a683b5", "2016-06-08T09:00:00.000Z", ""}};
  std::string json = Json(EncodeTaxiiStatus(status));
  EXPECT_NE(json.find(R"("status":"pending")"), std::string::npos);
  EXPECT_NE(json.find(R"("success_count":1)"), std::string::npos);
  EXPECT_NE(json.find(R"("failure_count":1)"), std::string::npos);
  EXPECT_NE(json.find(R"("pending_count":2)"), std::string::npos);
  EXPECT_NE(json.find(R"("request_timestamp":"2016-11-02T12:34:34.123456Z")"), std::string::npos);
}

TEST(TaxiiResourcesTest, ErrorCarriesTheStatusAsAString) {
  // 3.6.1: http_status is a string that matches the HTTP status.
  EXPECT_EQ(Json(EncodeTaxiiError({"Not Acceptable", "no TAXII media range", "", "", 406, ""})),
            R"({"description":"no TAXII media range","http_status":"406","title":"Not Acceptable"})");
}

TEST(TaxiiResourcesTest, TimestampsHaveMicroseconds) {
  // Section 2: YYYY-MM-DDTHH:MM:SS.ssssssZ.
  EXPECT_EQ(FormatTaxiiTimestamp(*core::ParseRfc3339("2017-01-27T13:49:59.997Z")),
            "2017-01-27T13:49:59.997000Z");
}

TEST(TaxiiResourcesTest, CollectionIdsAreVersion8UuidsStablePerName) {
  std::string a = TaxiiCollectionId("node a"), b = TaxiiCollectionId("node b");
  EXPECT_EQ(a, TaxiiCollectionId("node a"));
  EXPECT_NE(a, b);
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '8');
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);
}

}  // namespace
}  // namespace accord::exchange
