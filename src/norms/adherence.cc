#include "norms/adherence.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "norms/internal/condition_parser.h"
#include "norms/internal/toml_reader.h"

namespace accord::embedded {
// data/norms/adherence.toml, compiled in by accord_embed() (see
// src/norms/CMakeLists.txt).
extern const std::string_view NormsAdherenceToml;
}  // namespace accord::embedded

namespace accord::norms {
namespace {

using internal::EntryReader;
using internal::FormatDate;
using internal::Presence;
using internal::Quote;
using std::chrono::sys_days;

model::Date AddDays(const model::Date& date, std::int64_t days) {
  return model::Date{sys_days(date) + std::chrono::days(days)};
}

core::Result<Reservation> ParseReservation(const toml::table& table, const std::string& state,
                                           std::size_t index, const Catalogue& catalogue) {
  EntryReader entry(table, "state " + Quote(state) + ": reservation[" + std::to_string(index) + "]");
  if (auto keys = entry.CheckKeys({"norm", "made", "withdrawn", "statement"}); !keys) return keys.error();
  Reservation reservation;
  auto norm_id = entry.String("norm", Presence::kRequired, 16);
  if (!norm_id) return norm_id.error();
  const Norm* norm = catalogue.FindNorm(*norm_id);
  if (norm == nullptr)
    return entry.Fail("norm", "unknown norm " + Quote(*norm_id) + " in catalogue " + catalogue.version());
  if (norm->layer == Layer::kBinding)
    return entry.Fail("norm", Quote(*norm_id) +
                                  " is a binding norm; the agreement admits reservations to "
                                  "voluntary commitments and CBMs only");
  auto made = entry.Date("made", Presence::kRequired);
  if (!made) return made.error();
  auto withdrawn = entry.Date("withdrawn", Presence::kOptional);
  if (!withdrawn) return withdrawn.error();
  if (*withdrawn && sys_days(**withdrawn) < sys_days(**made))
    return entry.Fail("withdrawn", "is before \"made\"");
  auto statement = entry.String("statement", Presence::kRequired);
  if (!statement) return statement.error();
  reservation.norm = std::move(*norm_id);
  reservation.made = **made;
  reservation.withdrawn = *withdrawn;
  reservation.statement = std::move(*statement);
  return reservation;
}

core::Result<StateAdherence> ParseState(const toml::table& table, std::size_t index,
                                        const Catalogue& catalogue,
                                        const core::CountryRegistry* countries) {
  EntryReader entry(table, "state[" + std::to_string(index) + "]");
  StateAdherence state;
  auto code = entry.String("code", Presence::kRequired, 2);
  if (!code) return code.error();
  if (code->size() != 2 || !std::all_of(code->begin(), code->end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    return entry.Fail("code", Quote(*code) + " is not an ISO 3166-1 alpha-2 code (two upper-case letters)");
  if (countries != nullptr) {
    if (auto found = countries->FindAlpha2(*code); !found) return entry.Fail("code", found.error().message);
  }
  entry.Name("state", *code);
  if (auto keys = entry.CheckKeys({"code", "signed", "ratified", "withdrawn", "note", "reservation"}); !keys)
    return keys.error();
  state.state = std::move(*code);
  auto signed_on = entry.Date("signed", Presence::kRequired);
  if (!signed_on) return signed_on.error();
  auto ratified = entry.Date("ratified", Presence::kOptional);
  if (!ratified) return ratified.error();
  auto withdrawn = entry.Date("withdrawn", Presence::kOptional);
  if (!withdrawn) return withdrawn.error();
  state.signed_on = *signed_on;
  state.ratified = *ratified;
  state.withdrawn = *withdrawn;
  if (state.ratified && sys_days(*state.ratified) < sys_days(*state.signed_on))
    return entry.Fail("ratified", "is before \"signed\"");
  if (state.withdrawn && sys_days(*state.withdrawn) < sys_days(*state.signed_on))
    return entry.Fail("withdrawn", "is before \"signed\"");
  auto note = entry.String("note", Presence::kOptional);
  if (!note) return note.error();
  state.note = std::move(*note);
  auto reservations = internal::TablesOf(table, "reservation", catalogue.norms().size() + 1);
  if (!reservations) return reservations.error().Context(entry.label());
  for (std::size_t i = 0; i < reservations->size(); ++i) {
    auto reservation = ParseReservation(*(*reservations)[i], state.state, i, catalogue);
    if (!reservation) return reservation.error();
    state.reservations.push_back(std::move(*reservation));
  }
  return state;
}

}  // namespace

DateWindow IncidentWindow(const model::IncidentTimes& times) {
  auto day = std::chrono::floor<std::chrono::days>(times.start);
  model::Date first{day};
  model::Date last = first;
  switch (times.precision) {
    case model::StartPrecision::kSecond:
    case model::StartPrecision::kDay:
      break;
    case model::StartPrecision::kMonth:
      last = model::Date{first.year() / first.month() / std::chrono::last};
      break;
    case model::StartPrecision::kYear:
      last = model::Date{first.year() / std::chrono::December / 31};
      break;
  }
  return {first, last};
}

core::Result<Adherence> Adherence::Parse(std::string_view toml_text, const Catalogue& catalogue,
                                         const core::CountryRegistry* countries) {
  if (toml_text.size() > kMaxTextBytes)
    return core::ResourceExhausted("adherence data is " + std::to_string(toml_text.size()) +
                                   " bytes, the limit is " + std::to_string(kMaxTextBytes));
  auto root = internal::ParseToml(toml_text, "adherence data");
  if (!root) return root.error();
  EntryReader top(*root, "adherence");
  if (auto keys = top.CheckKeys({"demo", "notice", "catalogue", "state"}); !keys) return keys.error();
  Adherence adherence;
  auto demo = top.Boolean("demo", false);
  if (!demo) return demo.error();
  adherence.demo_ = *demo;
  auto notice = top.String("notice", Presence::kRequired);
  if (!notice) return notice.error();
  adherence.notice_ = std::move(*notice);
  auto name = top.String("catalogue", Presence::kRequired, 100);
  if (!name) return name.error();
  if (*name != catalogue.name())
    return top.Fail("catalogue", "is " + Quote(*name) + ", the catalogue is " + Quote(catalogue.name()));
  auto tables = internal::TablesOf(*root, "state", kMaxStates);
  if (!tables) return tables.error();
  for (std::size_t i = 0; i < tables->size(); ++i) {
    auto state = ParseState(*(*tables)[i], i, catalogue, countries);
    if (!state) return state.error();
    if (adherence.Find(state->state) != nullptr)
      return core::InvalidArgument(internal::LineOf(*(*tables)[i]) + "state " + Quote(state->state) +
                                   ": listed twice");
    adherence.states_.push_back(std::move(*state));
  }
  return adherence;
}

const StateAdherence* Adherence::Find(std::string_view state) const {
  for (const StateAdherence& record : states_)
    if (record.state == state) return &record;
  return nullptr;
}

Binding Adherence::Check(const Norm& norm, std::string_view state, const DateWindow& window,
                         std::int64_t entry_into_force_days) const {
  if (norm.basis == Basis::kCustomary)
    return {Truth::kTrue, "a customary rule: binds every state, party to the agreement or not"};
  std::string who(state);
  const StateAdherence* record = Find(state);
  if (record == nullptr) return {Truth::kFalse, who + " has not signed the agreement"};

  // The norm applies from `start` until the state withdraws, except while a
  // reservation of it stands. Between these dates nothing changes, so the
  // answer over the window is decided by the window's ends and the dates
  // inside it.
  std::optional<model::Date> start;
  std::string start_reason;
  if (norm.layer == Layer::kBinding) {
    if (!record->ratified)
      return {Truth::kFalse, who + " signed on " + FormatDate(*record->signed_on) +
                                 " but has not ratified; binding norms bind from ratification"};
    start = AddDays(*record->ratified, entry_into_force_days);
    start_reason = who + " ratified on " + FormatDate(*record->ratified) + "; in force for " + who +
                   " from " + FormatDate(*start);
  } else {
    start = record->signed_on;
    start_reason = who + " signed on " + FormatDate(*start) + "; " +
                   std::string(LayerName(norm.layer)) + " norms apply from signature";
  }
  const Reservation* reservation_seen = nullptr;
  auto applies_on = [&](sys_days day) {
    if (day < sys_days(*start)) return false;
    if (record->withdrawn && day >= sys_days(*record->withdrawn)) return false;
    for (const Reservation& reservation : record->reservations) {
      if (reservation.norm != norm.id || day < sys_days(reservation.made)) continue;
      if (reservation.withdrawn && day >= sys_days(*reservation.withdrawn)) continue;
      reservation_seen = &reservation;
      return false;
    }
    return true;
  };
  std::vector<sys_days> days = {sys_days(window.first), sys_days(window.last)};
  std::vector<sys_days> changes = {sys_days(*start)};
  if (record->withdrawn) changes.push_back(sys_days(*record->withdrawn));
  for (const Reservation& reservation : record->reservations) {
    if (reservation.norm != norm.id) continue;
    changes.push_back(sys_days(reservation.made));
    if (reservation.withdrawn) changes.push_back(sys_days(*reservation.withdrawn));
  }
  std::optional<sys_days> change_inside;
  for (sys_days change : changes) {
    if (change > sys_days(window.first) && change <= sys_days(window.last)) {
      days.push_back(change);
      change_inside = change;
    }
  }
  bool first = applies_on(days[0]);
  bool same = std::all_of(days.begin(), days.end(), [&](sys_days day) { return applies_on(day) == first; });
  std::string window_text = FormatDate(window.first) == FormatDate(window.last)
                                ? "on " + FormatDate(window.first)
                                : "between " + FormatDate(window.first) + " and " + FormatDate(window.last);
  if (!same)
    return {Truth::kUnknown, "the incident started " + window_text + ", and what binds " + who +
                                 " changed on " + FormatDate(model::Date{*change_inside}) + " (" +
                                 start_reason + ")"};
  if (first) return {Truth::kTrue, start_reason};
  reservation_seen = nullptr;
  applies_on(days[0]);  // sets reservation_seen if a reservation is why
  if (record->withdrawn && sys_days(window.first) >= sys_days(*record->withdrawn))
    return {Truth::kFalse, who + " withdrew from the agreement on " + FormatDate(*record->withdrawn)};
  if (reservation_seen != nullptr && sys_days(window.first) >= sys_days(*start))
    return {Truth::kFalse, who + " reserved " + norm.id + " on " + FormatDate(reservation_seen->made) +
                               ": " + reservation_seen->statement};
  return {Truth::kFalse, "not yet in force for " + who + " when the incident started (" + window_text +
                             "): " + start_reason};
}

core::Result<Adherence> Adherence::ParseBuiltin() {
  auto countries = core::LoadedCountries();
  auto adherence = Parse(embedded::NormsAdherenceToml, Catalogue::Builtin(),
                         countries ? *countries : nullptr);
  if (!adherence) return adherence.error().Context("built-in data/norms/adherence.toml");
  return adherence;
}

const Adherence& Adherence::Builtin() {
  static const Adherence* const builtin = [] {
    auto parsed = ParseBuiltin();
    if (!parsed) {
      std::fprintf(stderr, "accord: fatal: %s\n", parsed.error().ToString().c_str());
      std::abort();
    }
    return new Adherence(std::move(*parsed));
  }();
  return *builtin;
}

}  // namespace accord::norms
