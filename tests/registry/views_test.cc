// Tests of the registry's reads (registry.h: GetReport, ListReports,
// Statistics) over a real SQLite store and an in-memory log. Who sees what
// follows docs/visibility.md's rules (TLP 2.0 x role); the expected
// numbers of the list filters and of the statistics are worked out by hand
// from the reports each test submits.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "registry/event.h"
#include "registry/registry.h"
#include "registry_test_util.h"

namespace accord::registry {
namespace {

using core::ErrorCode;
using core::JsonValue;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAreArray;
using testing::At;
using testing::Await;
using testing::Canon;
using testing::Describe;
using testing::Harness;
using testing::IntAt;
using testing::Parse;
using testing::Set;
using testing::Str;
using testing::StringAt;

// ------------------------------------------------------------ report shapes

struct Shape {
  std::vector<std::string> states = {"UA"};
  std::vector<std::string> sectors = {"energy.electricity"};
  std::string start = "2022-01-15T00:00:00Z";
  std::string tlp = "CLEAR";
  std::string envelope = "public";
  std::string record = "public";
  bool exercise = false;
  // "watchdog" (the demo's), "operator", or "state" (for states[0]).
  std::string reporter = "watchdog";
};

// A valid report of `shape`: one affected entity per sector, in the
// first state, and one in each further state.
JsonValue Report(const Shape& shape) {
  JsonValue report = testing::DemoReport();
  const JsonValue entity = *At(report, "/affected_entities/0");
  core::JsonArray entities;
  for (const auto& sector : shape.sectors)
    entities.push_back(Set(Set(entity, "/sector", Str(sector)), "/state", Str(shape.states[0])));
  for (std::size_t i = 1; i < shape.states.size(); ++i)
    entities.push_back(Set(Set(entity, "/sector", Str(shape.sectors[0])), "/state", Str(shape.states[i])));
  report = Set(report, "/affected_entities", JsonValue::Array(std::move(entities)));
  report = Set(report, "/affected_states", testing::Strings(shape.states));
  report = Set(report, "/times", JsonValue::Object({{"start", Str(shape.start)}, {"precision", Str("day")}}));
  report = Set(report, "/tlp", Str(shape.tlp));
  report = Set(report, "/publication",
               JsonValue::Object({{"record", Str(shape.record)}, {"envelope", Str(shape.envelope)}}));
  report = Set(report, "/exercise", JsonValue::Bool(shape.exercise));
  if (shape.reporter == "operator")
    report = Set(report, "/reporter", Parse(R"({"kind":"operator","name":"Grid operator"})"));
  if (shape.reporter == "state")
    report = Set(report, "/reporter", JsonValue::Object({{"kind", Str("state")},
                                                         {"state", Str(shape.states[0])},
                                                         {"name", Str("national CERT")}}));
  return report;
}

// ---------------------------------------------------------------- GetReport

// Every kind of reader of one report: its submitter (Ukraine), a named
// recipient (Poland), an operator that is Poland's client, another state,
// a watchdog, an arbitrator (no case assigned), the secretariat, the public.
class ReadersTest : public ::testing::Test {
 protected:
  ReadersTest() {
    ukraine_ = harness_.NewCaller("state", "Ukraine", "UA");
    poland_ = harness_.NewCaller("state", "Poland", "PL");
    client_ = harness_.NewCaller("operator", "Polish grid operator", "PL", {poland_.reader.party_id});
    germany_ = harness_.NewCaller("state", "Germany", "DE");
    watchdog_ = harness_.NewCaller("watchdog", "Watch");
    arbitrator_ = harness_.NewCaller("arbitrator", "Panel");
  }

  // Submits `report` as Ukraine, addressed to Poland; returns its id.
  std::string SubmitToPoland(const JsonValue& report) {
    JsonValue receipt = harness_.SubmitOk(ukraine_, report, {poland_.reader.party_id});
    return StringAt(receipt, "/id");
  }

  struct Reader {
    std::string name;
    const Caller* caller;
  };
  std::vector<Reader> Readers() {
    return {{"public", &public_},         {"watchdog", &watchdog_}, {"client", &client_},
            {"recipient", &poland_},      {"other state", &germany_}, {"arbitrator", &arbitrator_},
            {"secretariat", &harness_.secretariat()}, {"submitter", &ukraine_}};
  }

  Harness harness_;
  Caller public_;
  Caller ukraine_, poland_, client_, germany_, watchdog_, arbitrator_;
};

TEST_F(ReadersTest, EachRoleGetsTheAccessItsTlpAllows) {
  // docs/visibility.md, rules 1-7; "public" means the public form only.
  const std::map<std::string, std::map<std::string, std::string>> expected = {
      {"CLEAR",
       {{"public", "public"}, {"watchdog", "full"}, {"client", "full"}, {"recipient", "full"},
        {"other state", "full"}, {"arbitrator", "full"}, {"secretariat", "full"}, {"submitter", "full"}}},
      {"GREEN",
       {{"public", "public"}, {"watchdog", "full"}, {"client", "full"}, {"recipient", "full"},
        {"other state", "full"}, {"arbitrator", "full"}, {"secretariat", "full"}, {"submitter", "full"}}},
      {"AMBER",
       {{"public", "public"}, {"watchdog", "public"}, {"client", "full"}, {"recipient", "full"},
        {"other state", "public"}, {"arbitrator", "public"}, {"secretariat", "full"},
        {"submitter", "full"}}},
      {"AMBER+STRICT",
       {{"public", "public"}, {"watchdog", "public"}, {"client", "public"}, {"recipient", "full"},
        {"other state", "public"}, {"arbitrator", "public"}, {"secretariat", "full"},
        {"submitter", "full"}}},
      {"RED",
       {{"public", "public"}, {"watchdog", "public"}, {"client", "public"}, {"recipient", "full"},
        {"other state", "public"}, {"arbitrator", "public"}, {"secretariat", "public"},
        {"submitter", "full"}}},
  };
  for (const auto& [tlp, by_reader] : expected) {
    const std::string id = SubmitToPoland(testing::StateReport("UA", tlp));
    auto row = harness_.store().GetReport(id);
    ASSERT_TRUE(row);
    for (const auto& reader : Readers()) {
      SCOPED_TRACE(tlp + " read by " + reader.name);
      Reply view = harness_.Get(*reader.caller, id);
      ASSERT_FALSE(view.error) << Describe(view);
      const std::string access = StringAt(view.body, "/access");
      EXPECT_EQ(access, by_reader.at(reader.name));
      EXPECT_EQ(StringAt(view.body, "/id"), id);
      EXPECT_EQ(IntAt(view.body, "/version"), 1);
      EXPECT_FALSE(At(view.body, "/withdrawn")->AsBool());
      EXPECT_EQ(IntAt(view.body, "/log_index"), static_cast<std::int64_t>(row->updated_seq));
      // Everyone gets the exact public form of the log.
      EXPECT_EQ(Canon(*At(view.body, "/public_form")), row->public_json);
      if (access == "public") {
        EXPECT_EQ(At(view.body, "/report"), nullptr);
        EXPECT_EQ(At(view.body, "/severity"), nullptr);
        EXPECT_EQ(At(view.body, "/recipients"), nullptr);
      } else {
        ASSERT_NE(At(view.body, "/report"), nullptr);
        EXPECT_EQ(StringAt(view.body, "/report/id"), id);
        EXPECT_NE(At(view.body, "/severity/score"), nullptr);
        EXPECT_NE(At(view.body, "/verdicts"), nullptr);
        EXPECT_EQ(StringAt(view.body, "/recipients/0"), poland_.reader.party_id);
        EXPECT_EQ(At(view.body, "/withheld"), nullptr);
      }
      // Salts go to the submitter alone.
      EXPECT_EQ(At(view.body, "/salts") != nullptr, reader.name == "submitter");
    }
  }
}

TEST_F(ReadersTest, TheSecretariatsReadsOfAmberAndAboveAreLogged) {
  for (std::string_view tlp : {"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"}) {
    SCOPED_TRACE(tlp);
    const std::string id = SubmitToPoland(testing::StateReport("UA", tlp));
    // Nobody else's read is an event.
    for (const auto& reader : Readers()) {
      if (reader.name == "secretariat") continue;
      const std::uint64_t before = harness_.log().size();
      ASSERT_FALSE(harness_.Get(*reader.caller, id).error);
      EXPECT_EQ(harness_.log().size(), before) << reader.name;
    }
    const std::uint64_t before = harness_.log().size();
    Reply view = harness_.Get(harness_.secretariat(), id);
    ASSERT_FALSE(view.error) << Describe(view);
    const bool logged = tlp == "AMBER" || tlp == "AMBER+STRICT";  // RED: not shown at all
    ASSERT_EQ(harness_.log().size(), before + (logged ? 1 : 0));
    if (!logged) continue;
    auto entry = harness_.log().ReadEntry(before);
    ASSERT_TRUE(entry);
    auto event = DecodePublicEvent(*entry);
    ASSERT_TRUE(event) << event.error().ToString();
    EXPECT_EQ(event->type, "report.read");
    EXPECT_EQ(event->subject, id);
    EXPECT_EQ(Canon(event->public_body),
              R"({"marking":")" + std::string(tlp) + R"(","reader_party_id":")" +
                  harness_.secretariat().reader.party_id + R"(","report_id":")" + id + R"("})");
    // The read event does not change the report's last event.
    auto row = harness_.store().GetReport(id);
    ASSERT_TRUE(row);
    EXPECT_LT(row->updated_seq, before);
  }
}

TEST_F(ReadersTest, FieldsMarkedAboveTheReaderAreWithheldAsNull) {
  JsonValue report = testing::StateReport("UA", "GREEN");
  report = Set(report, "/field_tlp",
               Parse(R"({"/narrative":"AMBER","/affected_entities/0/name":"RED"})"));
  const std::string id = SubmitToPoland(report);
  const std::map<std::string, std::vector<std::string>> withheld = {
      {"watchdog", {"/affected_entities/0/name", "/narrative"}},
      {"other state", {"/affected_entities/0/name", "/narrative"}},
      {"arbitrator", {"/affected_entities/0/name", "/narrative"}},
      {"client", {"/affected_entities/0/name"}},
      {"secretariat", {"/affected_entities/0/name"}},
  };
  for (const auto& reader : Readers()) {
    SCOPED_TRACE(reader.name);
    Reply view = harness_.Get(*reader.caller, id);
    ASSERT_FALSE(view.error) << Describe(view);
    const std::string access = StringAt(view.body, "/access");
    if (reader.name == "public") {
      EXPECT_EQ(access, "public");
      continue;
    }
    if (reader.name == "recipient" || reader.name == "submitter") {
      EXPECT_EQ(access, "full");
      EXPECT_EQ(At(view.body, "/report/narrative")->type(), core::JsonType::kString);
      continue;
    }
    ASSERT_EQ(access, "partial");
    std::vector<std::string> listed;
    for (const auto& pointer : At(view.body, "/withheld")->AsArray()) listed.push_back(pointer.AsString());
    EXPECT_EQ(listed, withheld.at(reader.name));
    for (const auto& pointer : withheld.at(reader.name)) {
      const JsonValue* value = At(*At(view.body, "/report"), pointer);
      ASSERT_NE(value, nullptr) << pointer;
      EXPECT_EQ(value->type(), core::JsonType::kNull) << pointer;
    }
    // What the reader may read is there.
    EXPECT_EQ(StringAt(view.body, "/report/title"), StringAt(report, "/title"));
    EXPECT_EQ(StringAt(view.body, "/report/affected_entities/0/sector"), "drinking-water");
    if (reader.name == "client" || reader.name == "secretariat") {
      EXPECT_EQ(StringAt(view.body, "/report/narrative"), StringAt(report, "/narrative"));
    }
    // Only the full view has the assessment.
    EXPECT_EQ(At(view.body, "/severity"), nullptr);
    EXPECT_EQ(At(view.body, "/salts"), nullptr);
    EXPECT_EQ(Canon(view.body).find(StringAt(report, "/affected_entities/0/name")), std::string::npos);
  }
}

TEST_F(ReadersTest, ASecretariatsPartialReadOfAmberFieldsIsLogged) {
  // The report is GREEN, but the secretariat is shown its AMBER narrative.
  JsonValue report = testing::StateReport("UA", "GREEN");
  report = Set(report, "/field_tlp", Parse(R"({"/narrative":"AMBER","/affected_entities/0/name":"RED"})"));
  const std::string id = SubmitToPoland(report);
  const std::uint64_t before = harness_.log().size();
  Reply view = harness_.Get(harness_.secretariat(), id);
  ASSERT_FALSE(view.error) << Describe(view);
  EXPECT_EQ(StringAt(view.body, "/access"), "partial");
  EXPECT_EQ(StringAt(view.body, "/report/narrative"), StringAt(report, "/narrative"));
  ASSERT_EQ(harness_.log().size(), before + 1) << "an AMBER field was shown to the secretariat";
  auto entry = harness_.log().ReadEntry(before);
  ASSERT_TRUE(entry);
  auto event = DecodePublicEvent(*entry);
  ASSERT_TRUE(event);
  EXPECT_EQ(StringAt(event->public_body, "/marking"), "AMBER");
}

TEST_F(ReadersTest, ASecretariatsFullReadIsLoggedAtTheReportsHighestMarking) {
  JsonValue report = testing::StateReport("UA", "GREEN");
  report = Set(report, "/field_tlp", Parse(R"({"/narrative":"AMBER+STRICT"})"));
  const std::string id = SubmitToPoland(report);
  const std::uint64_t before = harness_.log().size();
  Reply view = harness_.Get(harness_.secretariat(), id);
  ASSERT_FALSE(view.error);
  EXPECT_EQ(StringAt(view.body, "/access"), "full");
  ASSERT_EQ(harness_.log().size(), before + 1);
  auto event = DecodePublicEvent(*harness_.log().ReadEntry(before));
  ASSERT_TRUE(event);
  EXPECT_EQ(StringAt(event->public_body, "/marking"), "AMBER+STRICT");
}

TEST_F(ReadersTest, AnUnknownReportIsNotFound) {
  Reply view = harness_.Get(public_, testing::NewReportId());
  ASSERT_TRUE(view.error);
  EXPECT_EQ(view.error->code, ErrorCode::kNotFound);
}

// -------------------------------------------------------------- ListReports

std::vector<std::string> Ids(const Reply& reply) {
  std::vector<std::string> ids;
  EXPECT_FALSE(reply.error) << Describe(reply);
  if (reply.error) return ids;
  for (const auto& item : At(reply.body, "/items")->AsArray()) ids.push_back(StringAt(item, "/id"));
  return ids;
}

std::vector<std::string> Sorted(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

class ListTest : public ::testing::Test {
 protected:
  // Submits as the secretariat (it may submit for any reporter); returns
  // the id and keeps the receipt.
  std::string Add(const Shape& shape) {
    JsonValue receipt = harness_.SubmitOk(harness_.secretariat(), Report(shape));
    const std::string id = StringAt(receipt, "/id");
    receipts_[id] = receipt;
    return id;
  }
  void Withdraw(const std::string& id) {
    Reply reply = harness_.Withdraw(harness_.secretariat(), id);
    ASSERT_FALSE(reply.error) << Describe(reply);
  }
  Reply List(const Caller& caller, QueryParams params) {
    return harness_.registry().ListReports(caller, params);
  }
  std::vector<std::string> SecretariatIds(QueryParams params) {
    params.push_back({"limit", "200"});
    return Sorted(Ids(List(harness_.secretariat(), params)));
  }
  std::vector<std::string> PublicIds(QueryParams params) {
    params.push_back({"limit", "200"});
    return Sorted(Ids(List(Caller{}, params)));
  }

  Harness harness_;
  std::map<std::string, JsonValue> receipts_;
};

TEST_F(ListTest, FiltersByStateSectorFamilyPeriodExerciseAndWithdrawal) {
  const std::string l1 = Add({.states = {"UA"}, .sectors = {"energy.electricity"}, .start = "2022-01-15T00:00:00Z"});
  const std::string l2 = Add({.states = {"PL"}, .sectors = {"drinking-water"}, .start = "2022-03-02T00:00:00Z"});
  const std::string l3 = Add({.states = {"UA", "PL"}, .sectors = {"energy.oil", "drinking-water"},
                              .start = "2022-02-10T00:00:00Z"});
  const std::string l4 = Add({.states = {"DE"}, .sectors = {"energy"}, .start = "2021-12-31T23:00:00Z"});
  const std::string l5 = Add({.states = {"UA"}, .sectors = {"energy.electricity"},
                              .start = "2022-01-20T00:00:00Z", .exercise = true});
  const std::string l6 = Add({.states = {"UA"}, .sectors = {"health"}, .start = "2022-02-01T00:00:00Z"});
  Withdraw(l6);

  EXPECT_EQ(SecretariatIds({}), Sorted({l1, l2, l3, l4}));
  EXPECT_EQ(SecretariatIds({{"state", "UA"}}), Sorted({l1, l3}));
  EXPECT_EQ(SecretariatIds({{"state", "UA"}, {"include_exercise", "true"}}), Sorted({l1, l3, l5}));
  EXPECT_EQ(SecretariatIds({{"state", "UA"}, {"include_withdrawn", "true"}}), Sorted({l1, l3, l6}));
  EXPECT_EQ(SecretariatIds({{"state", "UA"}, {"include_withdrawn", "false"}, {"include_exercise", "false"}}),
            Sorted({l1, l3}));
  EXPECT_EQ(SecretariatIds({{"state", "FR"}}), std::vector<std::string>{});
  // A sector code matches itself and its subsectors.
  EXPECT_EQ(SecretariatIds({{"sector", "energy"}}), Sorted({l1, l3, l4}));
  EXPECT_EQ(SecretariatIds({{"sector", "energy.electricity"}}), Sorted({l1}));
  EXPECT_EQ(SecretariatIds({{"sector", "drinking-water"}}), Sorted({l2, l3}));
  EXPECT_EQ(SecretariatIds({{"sector", "health"}, {"include_withdrawn", "true"}}), Sorted({l6}));
  // Periods are the envelope's months.
  EXPECT_EQ(SecretariatIds({{"from", "2022-02"}}), Sorted({l2, l3}));
  EXPECT_EQ(SecretariatIds({{"to", "2022-01"}}), Sorted({l1, l4}));
  EXPECT_EQ(SecretariatIds({{"from", "2022-01"}, {"to", "2022-02"}}), Sorted({l1, l3}));
  EXPECT_EQ(SecretariatIds({{"from", "2021-12"}, {"to", "2021-12"}}), Sorted({l4}));
  EXPECT_EQ(SecretariatIds({{"state", "UA"}, {"sector", "drinking-water"}}), Sorted({l3}));
  // The public reads these CLEAR, public reports the same way.
  EXPECT_EQ(PublicIds({{"state", "UA"}}), Sorted({l1, l3}));
  EXPECT_EQ(PublicIds({{"sector", "energy"}}), Sorted({l1, l3, l4}));

  // Newest first, with the summary members.
  Reply all = List(harness_.secretariat(), {});
  EXPECT_EQ(Ids(all), (std::vector<std::string>{l4, l3, l2, l1}));
  EXPECT_EQ(At(all.body, "/next_cursor")->type(), core::JsonType::kNull);
  const JsonValue& first = At(all.body, "/items")->AsArray()[0];
  EXPECT_EQ(IntAt(first, "/version"), 1);
  EXPECT_FALSE(At(first, "/withdrawn")->AsBool());
  EXPECT_EQ(IntAt(first, "/log_index"), IntAt(receipts_[l4], "/log_index"));
  EXPECT_EQ(StringAt(first, "/submitted_at"), "2026-03-01T12:00:00Z");
  EXPECT_EQ(StringAt(first, "/envelope/month"), "2021-12");
  EXPECT_EQ(StringAt(first, "/title"), StringAt(testing::DemoReport(), "/title"));
  Reply withdrawn = List(harness_.secretariat(), {{"include_withdrawn", "true"}, {"sector", "health"}});
  EXPECT_TRUE(At(At(withdrawn.body, "/items")->AsArray()[0], "/withdrawn")->AsBool());
}

TEST_F(ListTest, FiltersBySeverityLevel) {
  std::vector<std::string> ids = {
      Add({.sectors = {"energy.electricity"}}), Add({.sectors = {"drinking-water"}}),
      Add({.states = {"UA", "PL", "DE"}, .sectors = {"health.healthcare-providers", "energy"}})};
  std::map<std::string, std::vector<std::string>> by_level;
  for (const auto& id : ids) by_level[StringAt(receipts_[id], "/severity/level")].push_back(id);
  for (const auto& [level, expected] : by_level) {
    SCOPED_TRACE(level);
    EXPECT_EQ(SecretariatIds({{"level", level}}), Sorted(expected));
  }
  for (std::string_view level : {"baseline", "low", "medium", "high", "severe", "emergency"})
    if (!by_level.count(std::string(level))) {
      EXPECT_EQ(SecretariatIds({{"level", std::string(level)}}), std::vector<std::string>{}) << level;
    }
}

// The (norm, verdict) pairs of a receipt.
std::set<std::pair<std::string, std::string>> Verdicts(const JsonValue& receipt) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& item : At(receipt, "/verdicts")->AsArray())
    out.emplace(StringAt(item, "/norm"), StringAt(item, "/verdict"));
  return out;
}

TEST_F(ListTest, FiltersByNormAndVerdictOnlyWhatTheReaderReadsInFull) {
  Caller ukraine = harness_.NewCaller("state", "Ukraine", "UA");
  Caller germany = harness_.NewCaller("state", "Germany", "DE");
  const JsonValue open = testing::StateReport("UA", "CLEAR");
  // The same incident again, marked AMBER: the same verdicts.
  const JsonValue amber = Set(testing::StateReport("UA", "AMBER"), "/narrative", *At(open, "/narrative"));
  const JsonValue open_receipt = harness_.SubmitOk(ukraine, open);
  const JsonValue amber_receipt = harness_.SubmitOk(ukraine, amber);
  const std::string open_id = StringAt(open, "/id");
  const std::string amber_id = StringAt(amber, "/id");
  const auto shared = Verdicts(open_receipt);
  ASSERT_FALSE(shared.empty());
  ASSERT_EQ(shared, Verdicts(amber_receipt));
  const auto& [norm, verdict] = *shared.begin();
  const QueryParams by_norm = {{"norm", norm}, {"verdict", verdict}, {"limit", "200"}};
  EXPECT_EQ(Sorted(Ids(List(Caller{}, by_norm))), Sorted({open_id}));
  EXPECT_EQ(Sorted(Ids(List(germany, by_norm))), Sorted({open_id}));
  EXPECT_EQ(Sorted(Ids(List(ukraine, by_norm))), Sorted({open_id, amber_id}));
  EXPECT_EQ(Sorted(Ids(List(harness_.secretariat(), by_norm))), Sorted({open_id, amber_id}));
  EXPECT_EQ(Sorted(Ids(List(ukraine, {{"verdict", verdict}}))), Sorted({open_id, amber_id}));
  // A verdict the reports did not get for that norm matches neither.
  for (std::string_view other : {"potential-violation", "no-violation", "insufficient-information"})
    if (other != verdict) {
      EXPECT_EQ(Ids(List(ukraine, {{"norm", norm}, {"verdict", std::string(other)}})),
                std::vector<std::string>{});
    }
  // Without the filter, everyone lists both (the AMBER one by its public form).
  EXPECT_EQ(Sorted(Ids(List(Caller{}, {}))), Sorted({open_id, amber_id}));
}

TEST_F(ListTest, ThePublicsEnvelopeFiltersSkipPartiesOnlyEnvelopes) {
  const std::string open = Add({.states = {"UA"}, .start = "2022-05-05T00:00:00Z"});
  const std::string hidden = Add({.states = {"UA"}, .start = "2022-05-06T00:00:00Z", .envelope = "parties-only"});
  Caller watchdog = harness_.NewCaller("watchdog", "Watch");
  for (const QueryParams& params :
       {QueryParams{{"state", "UA"}}, QueryParams{{"sector", "energy"}}, QueryParams{{"from", "2022-05"}},
        QueryParams{{"to", "2022-05"}}}) {
    SCOPED_TRACE(params[0].first);
    EXPECT_EQ(PublicIds(params), Sorted({open}));
    EXPECT_EQ(SecretariatIds(params), Sorted({open, hidden}));
    // "parties-only" means any identified party, watchdogs included.
    EXPECT_EQ(Sorted(Ids(List(watchdog, params))), Sorted({open, hidden}));
  }
  // Listed without filters, the public sees the hidden envelope's month only.
  Reply all = List(Caller{}, {});
  EXPECT_EQ(Ids(all), (std::vector<std::string>{hidden, open}));
  EXPECT_EQ(Canon(*At(At(all.body, "/items")->AsArray()[0], "/envelope")), R"({"month":"2022-05"})");
}

TEST_F(ListTest, ThePublicsListDoesNotTellWhichHiddenEnvelopesAreExercises) {
  const std::string real = Add({.envelope = "parties-only"});
  const std::string drill = Add({.envelope = "parties-only", .exercise = true});
  const std::string open_drill = Add({.exercise = true});
  // The public cannot tell the two hidden ones apart, so both are listed;
  // the exercise with a public envelope is left out as asked.
  EXPECT_EQ(PublicIds({}), Sorted({real, drill}));
  EXPECT_EQ(PublicIds({{"include_exercise", "true"}}), Sorted({real, drill, open_drill}));
  EXPECT_EQ(SecretariatIds({}), Sorted({real}));
  EXPECT_EQ(SecretariatIds({{"include_exercise", "true"}}), Sorted({real, drill, open_drill}));
}

TEST_F(ListTest, TitlesOnlyForReadersWhoMayReadThem) {
  Caller ukraine = harness_.NewCaller("state", "Ukraine", "UA");
  Caller poland = harness_.NewCaller("state", "Poland", "PL");
  Caller germany = harness_.NewCaller("state", "Germany", "DE");
  const JsonValue report = testing::StateReport("UA", "AMBER");
  harness_.SubmitOk(ukraine, report, {poland.reader.party_id});
  const std::string title = StringAt(report, "/title");
  auto title_for = [&](const Caller& caller) -> std::string {
    Reply list = List(caller, {});
    EXPECT_FALSE(list.error) << Describe(list);
    const JsonValue* found = At(list.body, "/items/0/title");
    return found ? found->AsString() : "(none)";
  };
  EXPECT_EQ(title_for(Caller{}), "(none)");
  EXPECT_EQ(title_for(germany), "(none)");
  EXPECT_EQ(title_for(poland), title);
  EXPECT_EQ(title_for(ukraine), title);
  // The secretariat may read it, but only through a logged read: GET the
  // one report. A list neither shows it nor logs anything.
  const std::uint64_t before = harness_.log().size();
  EXPECT_EQ(title_for(harness_.secretariat()), "(none)");
  EXPECT_EQ(harness_.log().size(), before);
  // A GREEN title needs no logged read.
  const JsonValue green = testing::StateReport("UA", "GREEN");
  harness_.SubmitOk(ukraine, green);
  EXPECT_EQ(title_for(harness_.secretariat()), StringAt(green, "/title"));
  EXPECT_EQ(title_for(germany), StringAt(green, "/title"));
  EXPECT_EQ(title_for(Caller{}), "(none)");
}

// The CSV export is the list view, row for row: the same items in the same
// order, titles only where the JSON list shows them, and RFC 4180 records.
TEST_F(ListTest, CsvExportHasTheListsRowsAndNothingMore) {
  Caller ukraine = harness_.NewCaller("state", "Ukraine", "UA");
  Caller poland = harness_.NewCaller("state", "Poland", "PL");
  const JsonValue amber = testing::StateReport("UA", "AMBER");
  harness_.SubmitOk(ukraine, amber, {poland.reader.party_id});
  const JsonValue clear = testing::StateReport("UA", "CLEAR");
  harness_.SubmitOk(ukraine, clear);
  for (const Caller* caller : {static_cast<const Caller*>(nullptr), static_cast<const Caller*>(&poland)}) {
    const Caller reader = caller ? *caller : Caller{};
    Reply json = List(reader, {});
    Reply csv = List(reader, {{"format", "csv"}});
    ASSERT_FALSE(csv.error) << Describe(csv);
    EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8; header=present");
    const std::string& text = csv.raw_body;
    ASSERT_EQ(text.rfind("id,version,withdrawn,submitted_at,log_index,month,affected_states,sectors,"
                         "severity_level,verdict_summary,reporter_kind,exercise,title\r\n", 0),
              0u)
        << text;
    std::vector<std::string> lines;
    for (std::size_t start = 0, end; (end = text.find("\r\n", start)) != std::string::npos; start = end + 2)
      lines.push_back(text.substr(start, end - start));
    const auto& items = At(json.body, "/items")->AsArray();
    ASSERT_EQ(lines.size(), items.size() + 1) << text;
    for (std::size_t i = 0; i < items.size(); ++i) {
      EXPECT_EQ(lines[i + 1].rfind(StringAt(items[i], "/id") + ",", 0), 0u) << lines[i + 1];
      const JsonValue* title = At(items[i], "/title");
      if (title != nullptr) {
        EXPECT_NE(text.find(title->AsString()), std::string::npos);
      }
    }
    // The AMBER report's row has an empty last field (no title) for the
    // public, the title for the recipient.
    const std::string amber_id = StringAt(amber, "/id");
    bool amber_title_shown = false;
    for (const auto& line : lines)
      if (line.rfind(amber_id + ",", 0) == 0) amber_title_shown = line.back() != ',';
    EXPECT_EQ(amber_title_shown, caller != nullptr) << text;
  }
  Reply bad = List(Caller{}, {{"format", "xml"}});
  ASSERT_TRUE(bad.error);
  EXPECT_THAT(bad.error->message, HasSubstr("\"format\""));
}

TEST_F(ListTest, CursorsPageThroughEveryReportOnce) {
  constexpr int kReports = 120;
  std::mutex mutex;
  std::condition_variable done;
  int answered = 0;
  std::set<std::string> submitted;
  // Submitted together, so that they commit in a few batches.
  for (int i = 0; i < kReports; ++i) {
    JsonValue report = Report({});
    submitted.insert(StringAt(report, "/id"));
    harness_.registry().SubmitReport(harness_.secretariat(), testing::Submission(report),
                                     [&](Reply reply) {
                                       EXPECT_FALSE(reply.error) << Describe(reply);
                                       std::lock_guard lock(mutex);
                                       ++answered;
                                       done.notify_all();
                                     });
  }
  {
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return answered == kReports; });
  }
  for (const Caller* caller : std::vector<const Caller*>{&harness_.secretariat(), nullptr}) {
    Caller anonymous;
    const Caller& reader = caller ? *caller : anonymous;
    std::vector<std::string> seen;
    std::vector<std::size_t> page_sizes;
    std::optional<std::string> cursor;
    for (int page = 0; page < 10; ++page) {
      QueryParams params = {{"limit", "50"}};
      if (cursor) params.push_back({"cursor", *cursor});
      Reply reply = List(reader, params);
      ASSERT_FALSE(reply.error) << Describe(reply);
      std::vector<std::string> ids = Ids(reply);
      page_sizes.push_back(ids.size());
      seen.insert(seen.end(), ids.begin(), ids.end());
      const JsonValue* next = At(reply.body, "/next_cursor");
      if (next->type() == core::JsonType::kNull) break;
      cursor = next->AsString();
    }
    EXPECT_THAT(page_sizes, ElementsAre(50u, 50u, 20u));
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(kReports));
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), submitted) << "each report once";
  }
  // Without a limit, a page holds 50.
  EXPECT_EQ(Ids(List(Caller{}, {})).size(), 50u);
}

TEST_F(ListTest, BadQueryParametersNameTheParameter) {
  const std::vector<std::pair<QueryParams, std::string>> cases = {
      {{{"state", "ZZ"}}, "state"},
      {{{"state", "ua"}}, "state"},
      {{{"sector", "Energy"}}, "sector"},
      {{{"sector", ""}}, "sector"},
      {{{"level", "catastrophic"}}, "level"},
      {{{"from", "2022-13"}}, "from"},
      {{{"from", "2022-1"}}, "from"},
      {{{"to", "2022"}}, "to"},
      {{{"norm", "ACN-ZZ"}}, "norm"},
      {{{"verdict", "breach"}}, "verdict"},
      {{{"include_withdrawn", "yes"}}, "include_withdrawn"},
      {{{"include_exercise", "1"}}, "include_exercise"},
      {{{"limit", "0"}}, "limit"},
      {{{"limit", "201"}}, "limit"},
      {{{"limit", "ten"}}, "limit"},
      {{{"limit", "-5"}}, "limit"},
      {{{"limit", "5x"}}, "limit"},
      {{{"cursor", "x"}}, "cursor"},
      {{{"cursor", "c"}}, "cursor"},
      {{{"cursor", "c12a"}}, "cursor"},
      {{{"group_by", "state"}}, "group_by"},
      {{{"page", "2"}}, "page"},
      {{{"state", "UA"}, {"state", "PL"}}, "state"},
  };
  for (const auto& [params, name] : cases) {
    SCOPED_TRACE(name + "=" + params[0].second);
    Reply reply = List(Caller{}, params);
    ASSERT_TRUE(reply.error) << Describe(reply);
    EXPECT_EQ(reply.error->code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(reply.error->message, HasSubstr("query parameter \"" + name + "\""));
  }
}

// --------------------------------------------------------------- Statistics

std::map<std::string, std::int64_t> Counts(const JsonValue& array, std::string_view key) {
  std::map<std::string, std::int64_t> out;
  for (const auto& item : array.AsArray())
    out[StringAt(item, "/" + std::string(key))] = IntAt(item, "/count");
  return out;
}

class StatisticsTest : public ListTest {
 protected:
  void SetUp() override {
    a_ = Add({.states = {"UA"}, .sectors = {"energy.electricity"}, .start = "2022-01-05T00:00:00Z",
              .reporter = "state"});
    b_ = Add({.states = {"UA"}, .sectors = {"drinking-water"}, .start = "2022-01-25T00:00:00Z"});
    c_ = Add({.states = {"PL"}, .sectors = {"energy.electricity"}, .start = "2022-02-05T00:00:00Z"});
    d_ = Add({.states = {"UA", "PL"}, .sectors = {"energy.oil"}, .start = "2022-02-15T00:00:00Z",
              .reporter = "operator"});
    // Left out of the groups: an exercise, and a withdrawn report.
    Add({.states = {"UA"}, .start = "2022-01-10T00:00:00Z", .exercise = true});
    Withdraw(Add({.states = {"UA"}, .sectors = {"drinking-water"}, .start = "2022-03-01T00:00:00Z"}));
    // Parties-only envelopes: counted per month only. The exercise flag of
    // one is hidden, so it counts; a withdrawal is public, so that one does not.
    Add({.states = {"DE"}, .sectors = {"health"}, .start = "2022-02-20T00:00:00Z", .envelope = "parties-only"});
    Add({.states = {"DE"}, .sectors = {"health"}, .start = "2022-03-20T00:00:00Z", .envelope = "parties-only",
         .exercise = true});
    Withdraw(Add({.states = {"DE"}, .sectors = {"health"}, .start = "2022-01-20T00:00:00Z",
                  .envelope = "parties-only"}));
  }

  JsonValue Stats(const QueryParams& params) {
    Reply reply = harness_.registry().Statistics(params);
    EXPECT_FALSE(reply.error) << Describe(reply);
    return reply.body;
  }

  std::string a_, b_, c_, d_;
};

TEST_F(StatisticsTest, GroupsByStateFromPublicEnvelopesOnly) {
  JsonValue stats = Stats({{"group_by", "state"}});
  EXPECT_EQ(StringAt(stats, "/group_by"), "state");
  // UA: a, b, d; PL: c, d.
  EXPECT_EQ(Counts(*At(stats, "/groups"), "key"), (std::map<std::string, std::int64_t>{{"PL", 2}, {"UA", 3}}));
  EXPECT_EQ(IntAt(stats, "/total"), 4);
  EXPECT_EQ(Counts(*At(stats, "/withheld"), "month"),
            (std::map<std::string, std::int64_t>{{"2022-02", 1}, {"2022-03", 1}}));
  EXPECT_EQ(IntAt(stats, "/tree_size"), static_cast<std::int64_t>(harness_.log().size()));
}

TEST_F(StatisticsTest, GroupsByMonthByDefault) {
  JsonValue stats = Stats({});
  EXPECT_EQ(StringAt(stats, "/group_by"), "month");
  EXPECT_EQ(Counts(*At(stats, "/groups"), "key"),
            (std::map<std::string, std::int64_t>{{"2022-01", 2}, {"2022-02", 2}}));
  EXPECT_EQ(IntAt(stats, "/total"), 4);
}

TEST_F(StatisticsTest, GroupsBySectorAndReporterKind) {
  EXPECT_EQ(Counts(*At(Stats({{"group_by", "sector"}}), "/groups"), "key"),
            (std::map<std::string, std::int64_t>{
                {"drinking-water", 1}, {"energy.electricity", 2}, {"energy.oil", 1}}));
  EXPECT_EQ(Counts(*At(Stats({{"group_by", "reporter_kind"}}), "/groups"), "key"),
            (std::map<std::string, std::int64_t>{{"operator", 1}, {"state", 1}, {"watchdog", 2}}));
}

TEST_F(StatisticsTest, GroupsByLevelAndVerdictSummaryCountEachReportOnce) {
  std::map<std::string, std::int64_t> levels;
  for (const auto& id : {a_, b_, c_, d_}) ++levels[StringAt(receipts_[id], "/severity/level")];
  JsonValue by_level = Stats({{"group_by", "level"}});
  EXPECT_EQ(Counts(*At(by_level, "/groups"), "key"), levels);
  EXPECT_EQ(IntAt(by_level, "/total"), 4);
  std::int64_t summed = 0;
  for (const auto& [key, count] : Counts(*At(Stats({{"group_by", "verdict_summary"}}), "/groups"), "key"))
    summed += count;
  EXPECT_EQ(summed, 4);
}

TEST_F(StatisticsTest, FiltersNarrowTheGroupsButNotTheWithheldMonths) {
  JsonValue ukraine = Stats({{"state", "UA"}});
  EXPECT_EQ(Counts(*At(ukraine, "/groups"), "key"),
            (std::map<std::string, std::int64_t>{{"2022-01", 2}, {"2022-02", 1}}));
  EXPECT_EQ(IntAt(ukraine, "/total"), 3);
  EXPECT_EQ(Counts(*At(ukraine, "/withheld"), "month"),
            (std::map<std::string, std::int64_t>{{"2022-02", 1}, {"2022-03", 1}}));

  JsonValue energy = Stats({{"group_by", "state"}, {"sector", "energy"}});
  // a (UA), c (PL), d (UA, PL).
  EXPECT_EQ(Counts(*At(energy, "/groups"), "key"), (std::map<std::string, std::int64_t>{{"PL", 2}, {"UA", 2}}));
  EXPECT_EQ(IntAt(energy, "/total"), 3);

  // Periods narrow the withheld months too.
  JsonValue from = Stats({{"from", "2022-02"}});
  EXPECT_EQ(Counts(*At(from, "/groups"), "key"), (std::map<std::string, std::int64_t>{{"2022-02", 2}}));
  EXPECT_EQ(IntAt(from, "/total"), 2);
  EXPECT_EQ(Counts(*At(from, "/withheld"), "month"),
            (std::map<std::string, std::int64_t>{{"2022-02", 1}, {"2022-03", 1}}));
  JsonValue to = Stats({{"to", "2022-01"}});
  EXPECT_EQ(IntAt(to, "/total"), 2);
  EXPECT_EQ(At(to, "/withheld")->AsArray().size(), 0u);
}

TEST_F(StatisticsTest, BadParametersNameTheParameter) {
  for (const auto& [params, name] : std::vector<std::pair<QueryParams, std::string>>{
           {{{"group_by", "country"}}, "group_by"},
           {{{"limit", "5"}}, "limit"},
           {{{"norm", "ACN-B1"}}, "norm"},
           {{{"include_exercise", "true"}}, "include_exercise"},
           {{{"from", "22-01"}}, "from"}}) {
    Reply reply = harness_.registry().Statistics(params);
    ASSERT_TRUE(reply.error) << name;
    EXPECT_EQ(reply.error->code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(reply.error->message, HasSubstr("query parameter \"" + name + "\""));
  }
}

}  // namespace
}  // namespace accord::registry
