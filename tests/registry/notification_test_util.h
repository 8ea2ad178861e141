// Helpers shared by the notification tests: a Harness with three state
// parties and an operator, one-line calls for the notification commands,
// and readers of the events the log holds (public form) and the store
// keeps (full form, with the actor).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "registry/event.h"
#include "registry_test_util.h"

namespace accord::registry::testing {

struct Party {
  std::string id;
  Caller caller;
};

class NotificationHarness {
 public:
  explicit NotificationHarness(RegistryOptions options = Options()) : options_(options), harness_(Harness::Start::kBootstrapped, options) {
    a_ = NewState("Atlantis", "AT");
    b_ = NewState("Borduria", "BO");
    c_ = NewState("Carpania", "CA");
    std::string op = harness_.NewParty("operator", "Oldsmar Water Utility");
    op_ = Party{op, harness_.Authenticate(harness_.Token(op))};
  }

  // Tests drive the clock: no deadline thread.
  static RegistryOptions Options() {
    RegistryOptions options;
    options.run_deadline_thread = false;
    return options;
  }

  Party NewState(std::string_view name, std::string_view code) {
    std::string id = harness_.NewParty("state", name, code);
    return Party{id, harness_.Authenticate(harness_.Token(id))};
  }

  Harness& harness() { return harness_; }
  Registry& registry() { return harness_.registry(); }
  const Party& a() const { return a_; }
  const Party& b() const { return b_; }
  const Party& c() const { return c_; }
  const Party& op() const { return op_; }

  // Closes the registry and opens it again over the same store and log.
  void Restart() {
    harness_.Close();
    harness_.Open(options_);
  }

  static JsonValue AlertBody(const std::vector<std::string>& to, std::string_view priority = "urgent") {
    return JsonValue::Object({{"kind", Str("incident-alert")},
                              {"to", Strings(to)},
                              {"priority", Str(priority)},
                              {"subject", Str("SECRET-SUBJECT ransomware at a water utility")},
                              {"body", Str("SECRET-BODY the SCADA historian is encrypted")},
                              {"tlp", Str("AMBER")}});
  }

  Reply Send(const Caller& caller, const JsonValue& body) {
    return Await([&](ReplyFn done) { registry().SendNotification(caller, body, done); });
  }
  // Sends an alert from A to `to` and returns its id.
  std::string SendOk(const std::vector<std::string>& to, std::string_view priority = "urgent") {
    Reply reply = Send(a_.caller, AlertBody(to, priority));
    EXPECT_FALSE(reply.error) << Describe(reply);
    return reply.error ? "" : StringAt(reply.body, "/id");
  }
  Reply Get(const Caller& caller, const std::string& id) {
    return Await([&](ReplyFn done) { registry().GetNotification(caller, id, done); });
  }
  Reply Respond(const Caller& caller, const std::string& id, std::string_view kind, std::string_view body = "") {
    core::JsonObject members{{"kind", Str(kind)}};
    if (!body.empty()) members.push_back({"body", Str(body)});
    JsonValue request = JsonValue::Object(std::move(members));
    return Await([&](ReplyFn done) { registry().ReplyToNotification(caller, id, request, done); });
  }
  Reply Ping(const JsonValue& body) {
    return Await([&](ReplyFn done) { registry().SendPing(harness_.secretariat(), body, done); });
  }
  Reply PutContact(const Caller& caller, const std::string& party, const JsonValue& body) {
    return Await([&](ReplyFn done) { registry().UpdateContact(caller, party, body, done); });
  }

  // The recipient's status in the thread as the sender sees it.
  JsonValue Status(const std::string& id, const std::string& recipient) {
    Reply reply = Get(a_.caller, id);
    EXPECT_FALSE(reply.error) << Describe(reply);
    const JsonValue* statuses = At(reply.body, "/statuses");
    if (statuses != nullptr && statuses->type() == JsonType::kArray)
      for (const auto& status : statuses->AsArray())
        if (StringAt(status, "/recipient") == recipient) return status;
    ADD_FAILURE() << "no status of " << recipient << " in " << Canon(reply.body);
    return JsonValue();
  }

  // The stored events of `type`, oldest first.
  std::vector<store::EventRecord> Events(std::string_view type) {
    std::vector<store::EventRecord> events;
    auto visited = harness_.store().ForEachEvent(0, [&](const store::EventRecord& event) {
      if (event.type == type) events.push_back(event);
      return core::Ok();
    });
    EXPECT_TRUE(visited) << visited.error().ToString();
    return events;
  }

  // The public entry the log holds at `seq`, decoded.
  Event LogEvent(std::uint64_t seq) {
    auto entry = harness_.log().ReadEntry(seq);
    EXPECT_TRUE(entry) << entry.error().ToString();
    if (!entry) return Event{};
    auto event = DecodePublicEvent(*entry);
    EXPECT_TRUE(event) << event.error().ToString();
    return event ? *event : Event{};
  }

  // Every public entry of the log, as bytes.
  std::vector<std::string> LogEntries() {
    std::vector<std::string> entries;
    for (std::uint64_t i = 0; i < harness_.log().size(); ++i) {
      auto entry = harness_.log().ReadEntry(i);
      EXPECT_TRUE(entry) << entry.error().ToString();
      if (entry) entries.push_back(*entry);
    }
    return entries;
  }

 private:
  RegistryOptions options_;
  Harness harness_;
  Party a_, b_, c_, op_;
};

}  // namespace accord::registry::testing
