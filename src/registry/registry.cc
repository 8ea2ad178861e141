// Registry: opening, bootstrap, authentication, tokens and the catalogue.
// Parties are in parties.cc, report commands in reports.cc, report reads in
// report_views.cc.
#include "registry/registry.h"

#include <array>
#include <memory>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/id.h"
#include "assess/cascade.h"
#include "assess/methodology.h"
#include "norms/adherence.h"
#include "norms/catalogue.h"
#include "norms/catalogue_json.h"
#include "registry/internal/replies.h"
#include "registry/response_ladder.h"

namespace accord::registry {
namespace {

using core::JsonType;
using core::JsonValue;
using internal::Int;
using internal::Obj;
using internal::Str;

// Bearer tokens: "acc_" + 16 hex digits (the public token id, so logs and
// revocations can name a token without holding it) + "_" + 32 random bytes
// in unpadded base64url (256 bits of secret). Only SHA-256 of the whole
// string is stored.
constexpr std::string_view kTokenPrefix = "acc_";
constexpr std::size_t kTokenIdHexLength = 16;
constexpr std::size_t kTokenSecretLength = 43;
constexpr std::size_t kTokenLength = 4 + kTokenIdHexLength + 1 + kTokenSecretLength;

std::string Base64Url(std::span<const std::uint8_t> bytes) {
  std::string text = core::Base64Encode(bytes);
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return text;
}

bool IsLowerHex(std::string_view text) {
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool IsBase64Url(std::string_view text) {
  for (char c : text)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_'))
      return false;
  return true;
}

struct NewToken {
  std::string bearer;
  TokenRecord record;
};

core::Result<NewToken> MakeToken(const std::string& party_id) {
  std::array<std::uint8_t, 8> id_bytes{};
  std::array<std::uint8_t, 32> secret{};
  if (auto drawn = core::RandomBytes(id_bytes); !drawn) return drawn.error();
  if (auto drawn = core::RandomBytes(secret); !drawn) return drawn.error();
  std::string id_hex = core::HexEncode(id_bytes);
  NewToken token;
  token.bearer = std::string(kTokenPrefix) + id_hex + "_" + Base64Url(secret);
  token.record.id = "tok_" + id_hex;
  token.record.hash_hex = core::HexEncode(core::Sha256(token.bearer));
  token.record.party_id = party_id;
  return token;
}

privacy::Role RoleOfKind(std::string_view kind) {
  if (kind == "state") return privacy::Role::kState;
  if (kind == "operator") return privacy::Role::kOperator;
  if (kind == "watchdog") return privacy::Role::kWatchdog;
  if (kind == "arbitrator") return privacy::Role::kArbitrator;
  if (kind == "secretariat") return privacy::Role::kSecretariat;
  return privacy::Role::kPublic;
}

// The token.issued event of `token` (record filled but for seq and time).
Event TokenIssuedEvent(const Actor& actor, TokenRecord record, const BatchView& view) {
  record.issued_seq = view.next_seq();
  record.issued_at = core::FormatRfc3339(view.now());
  Event event;
  event.type = std::string(event_type::kTokenIssued);
  event.subject = record.id;
  event.actor = actor;
  event.public_body = TokenPublicJson(record);
  event.full_body = TokenFullJson(record);
  return event;
}

}  // namespace

Registry::Registry(store::Store& store, ledger::Log& log, RegistryOptions options)
    : store_(store), log_(log), options_(std::move(options)) {
  if (options_.clock == nullptr) {
    system_clock_ = std::make_unique<core::SystemClock>();
    options_.clock = system_clock_.get();
  }
  // The built-in reference data where none was given: resolved once, so
  // that every later use reads *options_.x.
  if (options_.methodology == nullptr) options_.methodology = &assess::Methodology::Builtin();
  if (options_.dependencies == nullptr) options_.dependencies = &assess::DependencyMatrix::Builtin();
  if (options_.catalogue == nullptr) options_.catalogue = &norms::Catalogue::Builtin();
  if (options_.adherence == nullptr) options_.adherence = &norms::Adherence::Builtin();
}

Registry::~Registry() {
  // The deadline thread submits to the sequencer: it stops first. Then the
  // sequencer drains its queue, whose callbacks may still add deadlines to
  // the (stopped, still alive) scheduler; only then do the members go.
  if (deadlines_) deadlines_->Stop();
  sequencer_.reset();
}

core::Result<std::unique_ptr<Registry>> Registry::Open(store::Store& store, ledger::Log& log,
                                                       RegistryOptions options) {
  std::unique_ptr<Registry> registry(new Registry(store, log, std::move(options)));
  auto sequencer =
      Sequencer::Start(store, log, *registry->options_.clock, registry->options_.sequencer);
  if (!sequencer) return sequencer.error();
  registry->sequencer_ = std::move(*sequencer);
  if (registry->options_.ladder == nullptr) registry->options_.ladder = &Ladder::Builtin();
  if (auto checked = CheckAgainst(*registry->options_.ladder, *registry->options_.methodology,
                                  *registry->options_.catalogue);
      !checked)
    return checked.error().Context("the response ladder");
  if (auto started = registry->StartDeadlines(); !started) return started.error();
  return registry;
}

core::Result<std::optional<std::string>> Registry::Bootstrap(std::string_view name) {
  auto parties = store_.ListParties();
  if (!parties) return parties.error();
  for (const auto& party : *parties)
    if (party.kind == "secretariat") return std::optional<std::string>();
  // The check above only saves work: two nodes' start-ups (or two calls)
  // may both get past it, so the decision checks again against the batch
  // view, where every earlier registration is visible.
  bool exists = false;
  auto uuid = core::Uuid::RandomV4();
  if (!uuid) return uuid.error();
  PartyRecord party;
  party.id = "party--" + uuid->ToString();
  party.kind = "secretariat";
  party.name = std::string(name);
  auto token = MakeToken(party.id);
  if (!token) return token.error();
  auto committed = sequencer_->SubmitAndWait([&](BatchView& view) -> core::Result<std::vector<Event>> {
    auto known = view.Parties();
    if (!known) return known.error();
    for (const auto& other : *known)
      if (other.kind == "secretariat") {
        exists = true;
        return core::Conflict("a secretariat is registered already");
      }
    PartyRecord record = party;
    record.registered_seq = view.next_seq();
    record.registered_at = core::FormatRfc3339(view.now());
    Event registered;
    registered.type = std::string(event_type::kPartyRegistered);
    registered.subject = record.id;
    registered.public_body = PartyPublicJson(record);
    registered.full_body = PartyFullJson(record);
    std::vector<Event> events{std::move(registered)};
    // The token's seq is the party's plus one.
    TokenRecord token_record = token->record;
    token_record.issued_seq = view.next_seq() + 1;
    token_record.issued_at = core::FormatRfc3339(view.now());
    Event issued;
    issued.type = std::string(event_type::kTokenIssued);
    issued.subject = token_record.id;
    issued.actor.party_id = record.id;
    issued.public_body = TokenPublicJson(token_record);
    issued.full_body = TokenFullJson(token_record);
    events.push_back(std::move(issued));
    return events;
  });
  if (!committed) {
    if (exists) return std::optional<std::string>();
    return committed.error().Context("register the secretariat");
  }
  return std::optional(token->bearer);
}

core::Result<Caller> Registry::Authenticate(std::optional<std::string_view> bearer) const {
  Caller caller;
  if (!bearer) return caller;
  std::string_view token = *bearer;
  const std::string_view refused = "the bearer token is not valid";
  if (token.size() != kTokenLength || token.substr(0, kTokenPrefix.size()) != kTokenPrefix ||
      token[kTokenPrefix.size() + kTokenIdHexLength] != '_' ||
      !IsLowerHex(token.substr(kTokenPrefix.size(), kTokenIdHexLength)) ||
      !IsBase64Url(token.substr(kTokenPrefix.size() + kTokenIdHexLength + 1)))
    return core::Unauthenticated(std::string(refused) +
                                 ": malformed (expected acc_<16 hex>_<43 base64url characters>)");
  auto row = store_.GetTokenByHash(core::HexEncode(core::Sha256(token)));
  if (!row) {
    if (row.error().code == core::ErrorCode::kNotFound)
      return core::Unauthenticated(std::string(refused) + ": unknown token");
    return row.error();
  }
  if (row->revoked) return core::Unauthenticated(std::string(refused) + ": token " + row->id + " was revoked");
  if (!row->expires_at.empty()) {
    auto expires = core::ParseRfc3339(row->expires_at);
    if (!expires || *expires <= options_.clock->Now())
      return core::Unauthenticated(std::string(refused) + ": token " + row->id + " expired at " +
                                   row->expires_at);
  }
  auto party = store_.GetParty(row->party_id);
  if (!party) {
    if (party.error().code == core::ErrorCode::kNotFound)
      return core::Unauthenticated(std::string(refused) + ": its party is unknown");
    return party.error();
  }
  if (party->status != "active")
    return core::Unauthenticated(std::string(refused) + ": party " + party->id + " was revoked");
  caller.reader.role = RoleOfKind(party->kind);
  caller.reader.party_id = party->id;
  caller.reader.client_of = party->client_of;
  caller.token_id = row->id;
  caller.party_kind = party->kind;
  caller.party_state = party->state;
  return caller;
}

void Registry::IssueToken(const Caller& caller, const JsonValue& body, ReplyFn reply) {
  if (auto denied = internal::RequireRole(caller, {privacy::Role::kSecretariat}, "issue tokens"))
    return reply(internal::Failed(*denied));
  if (body.type() != JsonType::kObject) return reply(internal::Invalid("", "must be a JSON object"));
  std::vector<model::FieldError> errors;
  std::string party_id;
  std::string expires_at;
  for (const auto& member : body.AsObject()) {
    if (member.name == "party_id" && member.value.type() == JsonType::kString) {
      party_id = member.value.AsString();
    } else if (member.name == "expires_at" && member.value.type() == JsonType::kString) {
      auto parsed = core::ParseRfc3339(member.value.AsString());
      if (!parsed)
        errors.push_back({"/expires_at", parsed.error().message});
      else if (*parsed <= options_.clock->Now())
        errors.push_back({"/expires_at", "must be in the future"});
      else
        expires_at = core::FormatRfc3339(*parsed);
    } else if (member.name == "party_id" || member.name == "expires_at") {
      errors.push_back({"/" + member.name, "must be a string"});
    } else {
      errors.push_back({"/" + member.name, "unknown member"});
    }
  }
  if (body.Find("party_id") == nullptr) {
    errors.push_back({"/party_id", "is required"});
  } else if (const JsonValue* given = body.Find("party_id"); given->type() == JsonType::kString) {
    auto parsed = core::StixId::Parse(party_id);
    if (!parsed || parsed->type != "party")
      errors.push_back({"/party_id", "must be a party id (party--<uuid>)"});
  }
  if (!errors.empty()) return reply(internal::Invalid(std::move(errors)));
  auto token = MakeToken(party_id);
  if (!token) return reply(internal::Failed(token.error()));
  token->record.expires_at = expires_at;
  Actor actor{caller.reader.party_id, caller.token_id};
  auto bearer = token->bearer;
  auto record = token->record;
  // The token's role is its party's kind, known once the decision has read
  // the party; decision and answer both run on the sequencer's thread.
  auto role = std::make_shared<std::string>();
  sequencer_->Submit(
      [actor, record, role](BatchView& view) -> core::Result<std::vector<Event>> {
        auto party = view.Party(record.party_id);
        if (!party) return party.error();
        if (!*party) return core::NotFound("party " + record.party_id + " is not registered");
        if ((*party)->status != "active")
          return core::Conflict("party " + record.party_id + " was revoked: it gets no new tokens");
        *role = (*party)->kind;
        return std::vector<Event>{TokenIssuedEvent(actor, record, view)};
      },
      [reply, bearer, record, role](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        core::JsonObject members{{"id", Str(record.id)},
                                 {"token", Str(bearer)},
                                 {"party_id", Str(record.party_id)},
                                 {"role", Str(*role)}};
        if (!record.expires_at.empty()) members.push_back({"expires_at", Str(record.expires_at)});
        internal::AppendReceipt(*committed, members);
        reply(internal::Created(Obj(std::move(members)), "/v1/tokens/" + record.id));
      });
}

void Registry::RevokeToken(const Caller& caller, const std::string& id, ReplyFn reply) {
  if (auto denied = internal::RequireRole(caller, {privacy::Role::kSecretariat}, "revoke tokens"))
    return reply(internal::Failed(*denied));
  Actor actor{caller.reader.party_id, caller.token_id};
  sequencer_->Submit(
      [actor, id](BatchView& view) -> core::Result<std::vector<Event>> {
        auto token = view.Token(id);
        if (!token) return token.error();
        if (!*token) return core::NotFound("token " + id + " does not exist");
        if ((*token)->revoked) return core::Conflict("token " + id + " is already revoked");
        TokenRecord record = **token;
        record.revoked = true;
        Event event;
        event.type = std::string(event_type::kTokenRevoked);
        event.subject = id;
        event.actor = actor;
        event.public_body = TokenPublicJson(record);
        event.full_body = TokenFullJson(record);
        return std::vector<Event>{std::move(event)};
      },
      [reply, id](core::Result<Committed> committed) {
        if (!committed) return reply(internal::Failed(committed.error()));
        core::JsonObject members{{"id", Str(id)}, {"revoked", internal::Bool(true)}};
        internal::AppendReceipt(*committed, members);
        reply(internal::Answer(Obj(std::move(members))));
      });
}

Reply Registry::Norms() const {
  const norms::Catalogue& catalogue = *options_.catalogue;
  return internal::Answer(norms::CatalogueSummaryJson(catalogue));
}

Reply Registry::Norm(const std::string& id) const {
  const norms::Catalogue& catalogue = *options_.catalogue;
  const norms::Norm* norm = catalogue.FindNorm(id);
  if (norm == nullptr)
    return internal::Failed(core::NotFound("norm " + core::QuoteForMessage(id) +
                                           " is not in catalogue " + catalogue.version()));
  return internal::Answer(norms::NormJson(catalogue, *norm));
}

}  // namespace accord::registry
