// Decoding the registry's request inputs that are not incident reports:
// the party registration body and the list and statistics query.
#include "registry/request_decoding.h"

#include <charconv>
#include <set>

#include "assess/methodology.h"
#include "core/encoding.h"
#include "core/id.h"
#include "core/iso3166.h"
#include "norms/catalogue.h"
#include "registry/internal/body_reading.h"

namespace accord::registry {

using core::JsonType;
using core::JsonValue;
using internal::ReadText;
using internal::RejectUnknown;

namespace {

constexpr std::size_t kMaxContacts = 20;
constexpr std::size_t kMaxClientOf = 20;

bool IsKnownKind(std::string_view kind) {
  return std::find(std::begin(kPartyKinds), std::end(kPartyKinds), kind) != std::end(kPartyKinds);
}

std::vector<Contact> ReadContacts(const JsonValue* array, const std::string& pointer,
                                  std::vector<model::FieldError>& errors) {
  std::vector<Contact> out;
  if (array == nullptr) return out;
  if (array->type() != JsonType::kArray) {
    errors.push_back({pointer, "must be an array"});
    return out;
  }
  if (array->AsArray().size() > kMaxContacts) {
    errors.push_back({pointer, "must hold at most " + std::to_string(kMaxContacts) + " contacts"});
    return out;
  }
  std::size_t index = 0;
  for (const auto& item : array->AsArray()) {
    std::string at = pointer + "/" + std::to_string(index++);
    if (item.type() != JsonType::kObject) {
      errors.push_back({at, "must be an object"});
      continue;
    }
    RejectUnknown(item, at, {"role", "name", "email", "phone", "hours"}, errors);
    Contact contact;
    ReadText(item, "role", at, 100, true, contact.role, errors);
    ReadText(item, "name", at, 200, true, contact.name, errors);
    ReadText(item, "email", at, 254, true, contact.email, errors);
    if (!contact.email.empty() && contact.email.find('@') == std::string::npos)
      errors.push_back({at + "/email", "must be an e-mail address"});
    ReadText(item, "phone", at, 50, false, contact.phone, errors);
    ReadText(item, "hours", at, 100, false, contact.hours, errors);
    out.push_back(std::move(contact));
  }
  return out;
}

}  // namespace

PartyRecord DecodePartyRegistration(const JsonValue& body, std::vector<model::FieldError>& errors) {
  PartyRecord party;
  RejectUnknown(body, "", {"kind", "name", "state", "client_of", "contacts"}, errors);
  ReadText(body, "kind", "", 20, true, party.kind, errors);
  if (!party.kind.empty() && !IsKnownKind(party.kind))
    errors.push_back({"/kind", "must be one of state, operator, watchdog, arbitrator, secretariat"});
  ReadText(body, "name", "", 200, true, party.name, errors);
  ReadText(body, "state", "", 2, party.kind == "state", party.state, errors);
  if (!party.state.empty()) {
    auto countries = core::LoadedCountries();
    if (!countries) {
      errors.push_back({"/state", countries.error().message});
    } else if (auto found = (*countries)->FindAlpha2(party.state); !found) {
      errors.push_back({"/state", found.error().message});
    }
  }
  if (const JsonValue* client_of = body.Find("client_of")) {
    if (client_of->type() != JsonType::kArray || client_of->AsArray().size() > kMaxClientOf) {
      errors.push_back({"/client_of", "must be an array of at most " + std::to_string(kMaxClientOf) +
                                          " party ids"});
    } else {
      std::size_t index = 0;
      for (const auto& item : client_of->AsArray()) {
        std::string at = "/client_of/" + std::to_string(index++);
        if (item.type() != JsonType::kString || !core::StixId::Parse(item.AsString()) ||
            item.AsString().rfind("party--", 0) != 0)
          errors.push_back({at, "must be a party id (party--<uuid>)"});
        else
          party.client_of.push_back(item.AsString());
      }
    }
  }
  if (const JsonValue* contacts = body.Find("contacts")) {
    if (contacts->type() != JsonType::kObject) {
      errors.push_back({"/contacts", "must be an object"});
    } else {
      RejectUnknown(*contacts, "/contacts", {"public", "restricted"}, errors);
      party.public_contacts = ReadContacts(contacts->Find("public"), "/contacts/public", errors);
      party.restricted_contacts =
          ReadContacts(contacts->Find("restricted"), "/contacts/restricted", errors);
    }
  }
  return party;
}

std::optional<store::GroupBy> ParseGroupBy(std::string_view name) {
  if (name == "state") return store::GroupBy::kState;
  if (name == "sector") return store::GroupBy::kSector;
  if (name == "level") return store::GroupBy::kLevel;
  if (name == "month") return store::GroupBy::kMonth;
  if (name == "verdict_summary") return store::GroupBy::kVerdictSummary;
  if (name == "reporter_kind") return store::GroupBy::kReporterKind;
  return std::nullopt;
}

namespace {

bool IsMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6})
    if (text[i] < '0' || text[i] > '9') return false;
  int month = (text[5] - '0') * 10 + (text[6] - '0');
  return month >= 1 && month <= 12;
}

bool IsSectorCode(std::string_view text) {
  if (text.empty() || text.size() > 100) return false;
  for (char c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  return true;
}

core::Error BadParameter(std::string_view name, std::string_view reason) {
  return core::InvalidArgument("query parameter \"" + std::string(name) + "\": " + std::string(reason));
}

}  // namespace

core::Result<ReportQuery> ParseReportQuery(const QueryParams& params, bool list,
                                           const assess::Methodology& methodology,
                                           const norms::Catalogue& catalogue) {
  ReportQuery out;
  std::set<std::string> seen;
  for (const auto& [name, value] : params) {
    if (!seen.insert(name).second) return BadParameter(name, "given more than once");
    if (name == "state") {
      auto countries = core::LoadedCountries();
      if (!countries) return countries.error();
      if (auto found = (*countries)->FindAlpha2(value); !found)
        return BadParameter(name, found.error().message);
      out.filter.state = value;
    } else if (name == "sector") {
      if (!IsSectorCode(value)) return BadParameter(name, "must be a sector code such as energy.electricity");
      out.filter.sector = value;
    } else if (name == "level") {
      bool known = false;
      for (const auto& level : methodology.levels()) known = known || level.name == value;
      if (!known) return BadParameter(name, "must be a severity level of methodology " + methodology.version());
      out.filter.level = value;
    } else if (name == "from" || name == "to") {
      if (!IsMonth(value)) return BadParameter(name, "must be a month, YYYY-MM");
      (name == "from" ? out.filter.period_from : out.filter.period_to) = value;
    } else if (list && name == "norm") {
      if (catalogue.FindNorm(value) == nullptr)
        return BadParameter(name, "no norm " + core::QuoteForMessage(value) + " in catalogue " +
                                      catalogue.version());
      out.filter.norm = value;
    } else if (list && name == "verdict") {
      if (value != "potential-violation" && value != "no-violation" && value != "insufficient-information")
        return BadParameter(name, "must be potential-violation, no-violation or insufficient-information");
      out.filter.verdict = value;
    } else if (list && (name == "include_withdrawn" || name == "include_exercise")) {
      if (value != "true" && value != "false") return BadParameter(name, "must be true or false");
      (name == "include_withdrawn" ? out.filter.include_withdrawn : out.filter.include_exercise) =
          value == "true";
    } else if (list && name == "limit") {
      unsigned long limit = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (ec != std::errc() || end != value.data() + value.size() || limit < 1 || limit > kMaxListLimit)
        return BadParameter(name, "must be an integer from 1 to " + std::to_string(kMaxListLimit));
      out.limit = limit;
    } else if (list && name == "cursor") {
      std::uint64_t seq = 0;
      auto [end, ec] = value.size() > 1 && value[0] == 'c'
                           ? std::from_chars(value.data() + 1, value.data() + value.size(), seq)
                           : std::from_chars_result{value.data(), std::errc::invalid_argument};
      if (ec != std::errc() || end != value.data() + value.size())
        return BadParameter(name, "is not a cursor this node gave out");
      out.filter.before_seq = seq;
    } else if (list && name == "format") {
      if (value != "json" && value != "csv") return BadParameter(name, "must be json or csv");
      out.csv = value == "csv";
    } else if (!list && name == "group_by") {
      if (!ParseGroupBy(value))
        return BadParameter(name, "must be state, sector, level, month, verdict_summary or reporter_kind");
      out.group_by = value;
    } else {
      return BadParameter(name, "unknown parameter");
    }
  }
  return out;
}


}  // namespace accord::registry
