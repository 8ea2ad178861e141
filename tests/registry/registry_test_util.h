// Helpers shared by the registry's tests: a temporary directory, a SQLite
// store and an in-memory log (MemoryTileStore, a fixed Ed25519 key), demo
// reports (data/demo) with fresh ids, JSON edits by pointer, and a
// Harness that opens a Registry over all of it with a ManualClock, a
// bootstrapped secretariat and one-line calls for parties and tokens.
#pragma once

#include <stdlib.h>

#include <array>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "core/canonical_json.h"
#include "core/crypto.h"
#include "core/file_io.h"
#include "core/id.h"
#include "core/json_reader.h"
#include "core/json_value.h"
#include "core/time.h"
#include "ledger/log.h"
#include "ledger/note.h"
#include "ledger/tile_store.h"
#include "model/json_pointer.h"
#include "registry/registry.h"
#include "store/store.h"

namespace accord::registry::testing {

using core::JsonType;
using core::JsonValue;

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "accord-registry-XXXXXX").string();
    const char* made = ::mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr) << "mkdtemp " << pattern;
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline ledger::NoteSigner LogSigner() {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(0x5a);
  auto key = core::Ed25519PrivateKey::FromSeed(seed);
  EXPECT_TRUE(key);
  auto signer = ledger::NoteSigner::Create("log.example/registry-test",
                                           ledger::SignatureType::kEd25519, std::move(*key));
  EXPECT_TRUE(signer) << signer.error().ToString();
  return std::move(*signer);
}

// A fresh log in `tiles`.
inline std::unique_ptr<ledger::Log> CreateLog(ledger::MemoryTileStore& tiles) {
  auto created = ledger::Log::Create(tiles, LogSigner());
  EXPECT_TRUE(created) << created.error().ToString();
  auto log = ledger::Log::Open(tiles, LogSigner());
  EXPECT_TRUE(log) << log.error().ToString();
  return log ? std::move(*log) : nullptr;
}

inline std::unique_ptr<store::Store> OpenStore(const std::filesystem::path& path) {
  auto store = store::OpenSqliteStore(path);
  EXPECT_TRUE(store) << store.error().ToString();
  return store ? std::move(*store) : nullptr;
}

inline JsonValue Parse(std::string_view text) {
  auto parsed = core::ParseJsonStrict(text);
  EXPECT_TRUE(parsed) << parsed.error().ToString() << "\n" << text;
  return parsed ? std::move(*parsed) : JsonValue();
}

inline std::string Canon(const JsonValue& value) { return core::SerializeCanonical(value); }

inline JsonValue Str(std::string_view text) { return JsonValue::String(std::string(text)); }
inline JsonValue Num(double value) { return JsonValue::Number(value); }
inline JsonValue Strings(const std::vector<std::string>& items) {
  core::JsonArray array;
  for (const auto& item : items) array.push_back(Str(item));
  return JsonValue::Array(std::move(array));
}

namespace detail {
inline std::optional<JsonValue> Edit(const JsonValue& value, const std::vector<std::string>& tokens,
                                     std::size_t at, const std::optional<JsonValue>& replacement) {
  const std::string& token = tokens[at];
  const bool last = at + 1 == tokens.size();
  if (value.type() == JsonType::kArray) {
    core::JsonArray items = value.AsArray();
    std::size_t index = std::stoul(token);
    if (index > items.size() || (index == items.size() && !(last && replacement)))
      return std::nullopt;
    if (index == items.size()) {
      items.push_back(*replacement);
    } else if (!last) {
      auto edited = Edit(items[index], tokens, at + 1, replacement);
      if (!edited) return std::nullopt;
      items[index] = std::move(*edited);
    } else if (replacement) {
      items[index] = *replacement;
    } else {
      items.erase(items.begin() + static_cast<std::ptrdiff_t>(index));
    }
    return JsonValue::Array(std::move(items));
  }
  if (value.type() != JsonType::kObject) return std::nullopt;
  core::JsonObject members = value.AsObject();
  for (auto it = members.begin(); it != members.end(); ++it) {
    if (it->name != token) continue;
    if (!last) {
      auto edited = Edit(it->value, tokens, at + 1, replacement);
      if (!edited) return std::nullopt;
      it->value = std::move(*edited);
    } else if (replacement) {
      it->value = *replacement;
    } else {
      members.erase(it);
    }
    return JsonValue::Object(std::move(members));
  }
  if (!last || !replacement) return std::nullopt;
  members.push_back({token, *replacement});
  return JsonValue::Object(std::move(members));
}
}  // namespace detail

// `value` with the member or element at `pointer` set to `replacement`
// (added when absent; an array index equal to the size appends).
inline JsonValue Set(const JsonValue& value, std::string_view pointer, JsonValue replacement) {
  auto tokens = model::ParsePointer(pointer);
  EXPECT_TRUE(tokens && !tokens->empty()) << pointer;
  auto edited = detail::Edit(value, *tokens, 0, std::move(replacement));
  EXPECT_TRUE(edited) << "no place for " << pointer;
  return edited ? std::move(*edited) : value;
}

inline JsonValue Remove(const JsonValue& value, std::string_view pointer) {
  auto tokens = model::ParsePointer(pointer);
  EXPECT_TRUE(tokens && !tokens->empty()) << pointer;
  auto edited = detail::Edit(value, *tokens, 0, std::nullopt);
  EXPECT_TRUE(edited) << "nothing at " << pointer;
  return edited ? std::move(*edited) : value;
}

inline const JsonValue* At(const JsonValue& value, std::string_view pointer) {
  return model::ResolvePointer(value, pointer);
}

inline std::string StringAt(const JsonValue& value, std::string_view pointer) {
  const JsonValue* found = At(value, pointer);
  if (found == nullptr || found->type() != JsonType::kString) {
    ADD_FAILURE() << "no string at " << pointer << " in " << Canon(value);
    return "";
  }
  return found->AsString();
}

inline std::int64_t IntAt(const JsonValue& value, std::string_view pointer) {
  const JsonValue* found = At(value, pointer);
  if (found == nullptr || found->type() != JsonType::kNumber) {
    ADD_FAILURE() << "no number at " << pointer << " in " << Canon(value);
    return -1;
  }
  return static_cast<std::int64_t>(found->AsNumber());
}

inline std::string NewReportId() {
  auto id = core::StixId::Random("incident-report");
  EXPECT_TRUE(id);
  return id->ToString();
}

// A demo report (data/demo/<file>) as JSON, with a fresh id.
inline JsonValue DemoReport(std::string_view file = "2021-02-oldsmar-water-treatment.json") {
  const std::filesystem::path path =
      std::filesystem::path(ACCORD_TEST_SOURCE_DIR) / "data" / "demo" / std::string(file);
  auto text = core::ReadFile(path);
  EXPECT_TRUE(text) << path << ": " << text.error().ToString();
  if (!text) return JsonValue();
  return Set(Parse(*text), "/id", Str(NewReportId()));
}

// A demo report reported by state `state` (which it also affects, with
// one entity), marked `tlp`.
inline JsonValue StateReport(std::string_view state, std::string_view tlp = "CLEAR") {
  JsonValue report = DemoReport();
  report = Set(report, "/reporter", Parse(R"({"kind":"state","state":")" + std::string(state) +
                                          R"(","name":"national CERT"})"));
  report = Set(report, "/affected_states", Strings({std::string(state)}));
  report = Set(report, "/affected_entities/0/state", Str(state));
  report = Set(report, "/tlp", Str(tlp));
  return report;
}

inline JsonValue Submission(const JsonValue& report, std::vector<std::string> recipients = {}) {
  core::JsonObject members{{"report", report}};
  if (!recipients.empty()) members.push_back({"recipients", Strings(recipients)});
  return JsonValue::Object(std::move(members));
}

// Runs an asynchronous registry call and waits for its reply.
template <typename Start>
Reply Await(Start start) {
  std::promise<Reply> promise;
  auto future = promise.get_future();
  start([&promise](Reply reply) {
    // A hot path may answer with its body already serialized (Reply::
    // raw_body); the tests read every answer as a tree.
    if (!reply.raw_body.empty() && reply.content_type.empty()) {
      auto parsed = core::ParseJsonStrict(reply.raw_body);
      EXPECT_TRUE(parsed) << reply.raw_body;
      // ... and it must be what SerializeCanonical would have written.
      if (parsed) {
        EXPECT_EQ(core::SerializeCanonical(*parsed), reply.raw_body);
      }
      if (parsed) reply.body = std::move(*parsed);
    }
    promise.set_value(std::move(reply));
  });
  return future.get();
}

inline std::string Describe(const Reply& reply) {
  std::string text = reply.error ? reply.error->ToString() : "ok: " + Canon(reply.body);
  for (const auto& field : reply.fields) text += "\n  " + field.ToString();
  return text;
}

inline bool HasField(const Reply& reply, std::string_view pointer) {
  for (const auto& field : reply.fields)
    if (field.pointer == pointer) return true;
  return false;
}

inline core::Timestamp Time(std::string_view rfc3339) {
  auto parsed = core::ParseRfc3339(rfc3339);
  EXPECT_TRUE(parsed) << rfc3339;
  return parsed ? *parsed : core::Timestamp{};
}

// A registry over a SQLite store in a temp dir and an in-memory log, with
// a ManualClock and a bootstrapped secretariat.
class Harness {
 public:
  enum class Start { kBootstrapped, kEmpty };
  explicit Harness(Start start = Start::kBootstrapped, RegistryOptions options = {})
      : clock_(Time("2026-03-01T12:00:00Z")) {
    store_ = OpenStore(dir_.path() / "store.db");
    log_ = CreateLog(tiles_);
    Open(std::move(options));
    if (registry_ && start == Start::kBootstrapped) {
      auto bootstrap = registry_->Bootstrap("Secretariat of the accord");
      EXPECT_TRUE(bootstrap && *bootstrap) << (bootstrap ? "nullopt" : bootstrap.error().ToString());
      if (bootstrap && *bootstrap) secretariat_token_ = **bootstrap;
      secretariat_ = Authenticate(secretariat_token_);
    }
  }

  void Open(RegistryOptions options = {}) {
    registry_.reset();
    options.clock = &clock_;
    auto registry = Registry::Open(*store_, *log_, std::move(options));
    EXPECT_TRUE(registry) << registry.error().ToString();
    if (registry) registry_ = std::move(*registry);
  }
  void Close() { registry_.reset(); }

  Registry& registry() { return *registry_; }
  store::Store& store() { return *store_; }
  ledger::Log& log() { return *log_; }
  core::ManualClock& clock() { return clock_; }
  const Caller& secretariat() const { return secretariat_; }
  const std::string& secretariat_token() const { return secretariat_token_; }
  const std::filesystem::path& dir() const { return dir_.path(); }

  Caller Authenticate(const std::string& bearer) {
    auto caller = registry_->Authenticate(bearer);
    EXPECT_TRUE(caller) << caller.error().ToString();
    return caller ? *caller : Caller{};
  }

  Reply RegisterParty(const JsonValue& body) {
    return Await([&](ReplyFn done) { registry_->RegisterParty(secretariat_, body, done); });
  }

  // Registers a party and returns its id ("" after a failed expectation).
  std::string NewParty(std::string_view kind, std::string_view name, std::string_view state = "",
                       const std::vector<std::string>& client_of = {}) {
    core::JsonObject members{{"kind", Str(kind)}, {"name", Str(name)}};
    if (!state.empty()) members.push_back({"state", Str(state)});
    if (!client_of.empty()) members.push_back({"client_of", Strings(client_of)});
    Reply reply = RegisterParty(JsonValue::Object(std::move(members)));
    EXPECT_FALSE(reply.error) << Describe(reply);
    return reply.error ? "" : StringAt(reply.body, "/id");
  }

  Reply IssueToken(const std::string& party_id, std::optional<std::string> expires_at = {}) {
    core::JsonObject members{{"party_id", Str(party_id)}};
    if (expires_at) members.push_back({"expires_at", Str(*expires_at)});
    JsonValue body = JsonValue::Object(std::move(members));
    return Await([&](ReplyFn done) { registry_->IssueToken(secretariat_, body, done); });
  }

  // A bearer token for `party_id`.
  std::string Token(const std::string& party_id) {
    Reply reply = IssueToken(party_id);
    EXPECT_FALSE(reply.error) << Describe(reply);
    return reply.error ? "" : StringAt(reply.body, "/token");
  }

  // A party and a caller standing for it.
  Caller NewCaller(std::string_view kind, std::string_view name, std::string_view state = "",
                   const std::vector<std::string>& client_of = {}) {
    return Authenticate(Token(NewParty(kind, name, state, client_of)));
  }

  Reply Submit(const Caller& caller, const JsonValue& body) {
    return Await([&](ReplyFn done) { registry_->SubmitReport(caller, body, done); });
  }
  Reply Amend(const Caller& caller, const std::string& id, const JsonValue& body) {
    return Await([&](ReplyFn done) { registry_->AmendReport(caller, id, body, done); });
  }
  Reply Withdraw(const Caller& caller, const std::string& id, std::string_view reason = "duplicate") {
    JsonValue body = JsonValue::Object({{"reason", Str(reason)}});
    return Await([&](ReplyFn done) { registry_->WithdrawReport(caller, id, body, done); });
  }
  Reply Get(const Caller& caller, const std::string& id) {
    return Await([&](ReplyFn done) { registry_->GetReport(caller, id, done); });
  }

  // Submits and expects success; returns the receipt.
  JsonValue SubmitOk(const Caller& caller, const JsonValue& report,
                     std::vector<std::string> recipients = {}) {
    Reply reply = Submit(caller, Submission(report, std::move(recipients)));
    EXPECT_FALSE(reply.error) << Describe(reply);
    return reply.body;
  }

 private:
  TempDir dir_;
  core::ManualClock clock_;
  std::unique_ptr<store::Store> store_;
  ledger::MemoryTileStore tiles_;
  std::unique_ptr<ledger::Log> log_;
  std::unique_ptr<Registry> registry_;
  std::string secretariat_token_;
  Caller secretariat_;
};

}  // namespace accord::registry::testing
