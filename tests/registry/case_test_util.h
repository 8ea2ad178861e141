// Helpers of the cases tests (cases_test.cc, case_deadlines_test.cc): a
// Harness with the parties of a case (a filer state UA, an accused state
// RU, a bystander state FR, an operator and an arbitrator roster), filing,
// and one-line calls for each case command.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "registry/event.h"
#include "registry_test_util.h"

namespace accord::registry::testing {

// "hello" (RFC 4648 test vectors spell base64 this way) and its SHA-256
// (the well-known digest of the ASCII bytes "hello").
inline constexpr std::string_view kHelloBase64 = "aGVsbG8=";
inline constexpr std::string_view kHelloSha256 =
    "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
inline constexpr std::string_view kStatement = "Statement: the accused's unit 7 entered the plant SCADA";
inline constexpr std::string_view kDescription = "Description: historian export of the plant";
inline constexpr std::string_view kCustodyNote = "Custody note: handed over by inspector K. at the plant gate";

inline RegistryOptions CaseOptions() {
  RegistryOptions options;
  options.run_deadline_thread = false;
  options.case_deadlines.information_response = std::chrono::seconds{3600};
  options.case_deadlines.panel_appointment = std::chrono::seconds{7200};
  options.case_deadlines.appeal_window = std::chrono::seconds{10800};
  return options;
}

class CaseWorld {
 public:
  explicit CaseWorld(RegistryOptions options = CaseOptions()) : options_(options), harness_(Harness::Start::kBootstrapped, options) {
    ua_ = harness_.NewCaller("state", "Ukraine", "UA");
    ru_ = harness_.NewCaller("state", "Russia", "RU");
    fr_ = harness_.NewCaller("state", "France", "FR");
    operator_ = harness_.NewCaller("operator", "Water utility", "UA");
    for (const char* state : {"DE", "NL", "SE", "FI", "NO", "IE", "PT", "UA", "RU"}) {
      Caller arbitrator = harness_.NewCaller("arbitrator", std::string("Arbitrator ") + state, state);
      arbitrators_[arbitrator.reader.party_id] = arbitrator;
      by_state_[state] = arbitrator.reader.party_id;
    }
    report_id_ = StringAt(harness_.SubmitOk(ua_, StateReport("UA")), "/id");
  }

  Harness& harness() { return harness_; }
  Registry& registry() { return harness_.registry(); }
  const RegistryOptions& options() const { return options_; }
  const Caller& secretariat() const { return harness_.secretariat(); }
  const Caller& ua() const { return ua_; }
  const Caller& ru() const { return ru_; }
  const Caller& fr() const { return fr_; }
  const Caller& operator_party() const { return operator_; }
  const std::string& report_id() const { return report_id_; }
  // The arbitrator of nationality `state`.
  const std::string& arbitrator_id(const std::string& state) { return by_state_[state]; }
  const Caller& arbitrator(const std::string& id) { return arbitrators_[id]; }

  JsonValue FilingBody(std::string_view accused = "RU") const {
    return Parse(R"({"accused_state":")" + std::string(accused) + R"(","reports":[")" + report_id_ +
                 R"("],"statement":")" + std::string(kStatement) +
                 R"(","evidence":[{"media_type":"text/plain","description":")" + std::string(kDescription) +
                 R"(","content_base64":")" + std::string(kHelloBase64) + R"(","custody_note":")" +
                 std::string(kCustodyNote) + R"("}]})");
  }

  Reply File(const Caller& caller, const JsonValue& body) {
    return Await([&](ReplyFn done) { registry().FileCase(caller, body, done); });
  }
  // Files the standard case (UA against RU) and returns its id.
  std::string FileOk(const JsonValue& body) {
    Reply reply = File(ua_, body);
    EXPECT_FALSE(reply.error) << Describe(reply);
    return reply.error ? "" : StringAt(reply.body, "/id");
  }
  std::string FileOk() { return FileOk(FilingBody()); }

  Reply Move(const Caller& caller, const std::string& id, std::string_view to, std::string_view reason = "") {
    core::JsonObject members{{"to", Str(to)}};
    if (!reason.empty()) members.push_back({"reason", Str(reason)});
    JsonValue body = JsonValue::Object(std::move(members));
    return Await([&](ReplyFn done) { registry().TransitionCase(caller, id, body, done); });
  }
  void MoveOk(const Caller& caller, const std::string& id, std::string_view to, std::string_view reason = "") {
    Reply reply = Move(caller, id, to, reason);
    EXPECT_FALSE(reply.error) << "to " << to << ": " << Describe(reply);
  }
  Reply Appoint(const Caller& caller, const std::string& id, std::string_view side, const std::string& arbitrator) {
    JsonValue body = JsonValue::Object({{"side", Str(side)}, {"arbitrator", Str(arbitrator)}});
    return Await([&](ReplyFn done) { registry().AppointArbitrator(caller, id, body, done); });
  }
  Reply Draw(const Caller& caller, const std::string& id) {
    return Await([&](ReplyFn done) { registry().DrawCasePanel(caller, id, done); });
  }
  Reply Finding(const Caller& caller, const std::string& id, const JsonValue& body) {
    return Await([&](ReplyFn done) { registry().IssueFinding(caller, id, body, done); });
  }
  Reply ReadEvidence(const Caller& caller, const std::string& id, const std::string& evidence) {
    return Await([&](ReplyFn done) { registry().GetEvidence(caller, id, evidence, done); });
  }
  JsonValue CaseView(const Caller& caller, const std::string& id) {
    Reply reply = registry().GetCase(caller, id);
    EXPECT_FALSE(reply.error) << Describe(reply);
    return reply.body;
  }
  std::string StageOf(const std::string& id) { return StringAt(CaseView(secretariat(), id), "/stage"); }

  // Moves a filed case to investigation (the accused answers the request).
  void ToInvestigation(const std::string& id) {
    MoveOk(secretariat(), id, "admissibility-review");
    MoveOk(secretariat(), id, "admitted");
    MoveOk(secretariat(), id, "information-requested");
    MoveOk(ru_, id, "investigation");
  }

  // The events of the store of `type`, in order, as (public body, full event).
  std::vector<JsonValue> PublicEvents(std::string_view type) {
    std::vector<JsonValue> out;
    auto visited = harness_.store().ForEachEvent(0, [&](const store::EventRecord& event) {
      if (event.type == type) out.push_back(Parse(event.public_json));
      return core::Ok();
    });
    EXPECT_TRUE(visited) << visited.error().ToString();
    return out;
  }

 private:
  RegistryOptions options_;
  Harness harness_;
  Caller ua_, ru_, fr_, operator_;
  std::map<std::string, Caller> arbitrators_;
  std::map<std::string, std::string> by_state_;
  std::string report_id_;
};

}  // namespace accord::registry::testing
