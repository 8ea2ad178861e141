// The panel draw of registry/panel_draw.h.
#include "registry/panel_draw.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <set>
#include <utility>

#include "core/encoding.h"

namespace accord::registry {
namespace {

void AppendLengthPrefixed(core::Sha256Hasher& hasher, std::string_view bytes) {
  const auto size = static_cast<std::uint32_t>(bytes.size());
  const std::array<std::uint8_t, 4> length = {
      static_cast<std::uint8_t>(size >> 24), static_cast<std::uint8_t>(size >> 16),
      static_cast<std::uint8_t>(size >> 8), static_cast<std::uint8_t>(size)};
  hasher.Update(std::span<const std::uint8_t>(length));
  hasher.Update(bytes);
}

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool IsAlpha2(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

// Why `arbitrator` may not sit, or "" when eligible.
std::string Ineligibility(const Arbitrator& arbitrator, const DrawInput& input) {
  if (Contains(input.party_states, arbitrator.nationality))
    return "a national of party state " + arbitrator.nationality;
  for (const std::string& conflict : arbitrator.conflicts) {
    if (Contains(input.party_ids, conflict) || Contains(input.party_states, conflict))
      return "has declared a conflict with " + conflict;
  }
  if (Contains(input.excluded, arbitrator.id)) return "excluded from this draw";
  return {};
}

core::Status CheckRoster(const std::vector<Arbitrator>& roster, const DrawInput& input) {
  if (input.case_id.empty()) return core::InvalidArgument("panel draw: field \"case_id\": empty");
  if (roster.size() > kMaxRosterSize) {
    return core::InvalidArgument("panel draw: roster has " + std::to_string(roster.size()) +
                                 " arbitrators; expected at most " +
                                 std::to_string(kMaxRosterSize));
  }
  std::set<std::string_view> ids;
  for (std::size_t i = 0; i < roster.size(); ++i) {
    const Arbitrator& arbitrator = roster[i];
    const std::string where = "panel draw: roster[" + std::to_string(i) + "]";
    if (arbitrator.id.empty()) return core::InvalidArgument(where + ": empty id");
    if (!ids.insert(arbitrator.id).second)
      return core::InvalidArgument(where + ": duplicate id " +
                                   core::QuoteForMessage(arbitrator.id));
    if (!IsAlpha2(arbitrator.nationality)) {
      return core::InvalidArgument(where + " (" + arbitrator.id + "): nationality " +
                                   core::QuoteForMessage(arbitrator.nationality) +
                                   " is not an ISO 3166-1 alpha-2 code");
    }
  }
  return core::Ok();
}

std::string SeatLabel(std::size_t index, SeatRole role) {
  return "seat " + std::to_string(index) + " (" + std::string(Name(role)) + ")";
}

}  // namespace

std::string_view Name(SeatRole role) {
  switch (role) {
    case SeatRole::kChair:
      return "chair";
    case SeatRole::kFilerSeat:
      return "filer-seat";
    case SeatRole::kAccusedSeat:
      return "accused-seat";
    case SeatRole::kMember:
      return "member";
  }
  return {};
}

std::string_view Name(SeatSource source) {
  switch (source) {
    case SeatSource::kDrawn:
      return "drawn";
    case SeatSource::kAppointed:
      return "appointed";
    case SeatSource::kDefaultDrawn:
      return "default-drawn";
  }
  return {};
}

core::Sha256Digest DrawScore(const core::Sha256Digest& seed, std::string_view case_id,
                             std::string_view arbitrator_id) {
  core::Sha256Hasher hasher;
  hasher.Update(std::span<const std::uint8_t>(seed));
  AppendLengthPrefixed(hasher, case_id);
  AppendLengthPrefixed(hasher, arbitrator_id);
  return hasher.Finish();
}

core::Result<std::vector<RankedArbitrator>> RankEligible(const std::vector<Arbitrator>& roster,
                                                         const DrawInput& input) {
  if (auto checked = CheckRoster(roster, input); !checked) return checked.error();
  std::vector<RankedArbitrator> ranking;
  ranking.reserve(roster.size());
  core::Sha256Hasher hasher;  // reused: one context for the whole roster
  for (const Arbitrator& arbitrator : roster) {
    if (!Ineligibility(arbitrator, input).empty()) continue;
    hasher.Update(std::span<const std::uint8_t>(input.seed));
    AppendLengthPrefixed(hasher, input.case_id);
    AppendLengthPrefixed(hasher, arbitrator.id);
    ranking.push_back(RankedArbitrator{.id = arbitrator.id, .score = hasher.Finish()});
  }
  std::sort(ranking.begin(), ranking.end(),
            [](const RankedArbitrator& a, const RankedArbitrator& b) {
              const int order = std::memcmp(a.score.data(), b.score.data(), a.score.size());
              return order != 0 ? order < 0 : a.id < b.id;
            });
  return ranking;
}

core::Result<PanelDraw> DrawPanel(const std::vector<Arbitrator>& roster, const DrawInput& input,
                                  const Appointments& appointments) {
  const bool appeal = input.kind == PanelKind::kAppeal;
  const std::size_t min_size = appeal ? 1 : 3;
  if (input.panel_size < min_size || input.panel_size > kMaxPanelSize) {
    return core::InvalidArgument("panel draw for " + input.case_id + ": panel size " +
                                 std::to_string(input.panel_size) + " is outside " +
                                 std::to_string(min_size) + ".." + std::to_string(kMaxPanelSize) +
                                 (appeal ? "" : " (a chair and one seat per side)"));
  }
  if (appeal && (appointments.filer || appointments.accused)) {
    return core::InvalidArgument("panel draw for " + input.case_id +
                                 ": an appeal panel is all drawn; the sides appoint no one");
  }
  auto ranked = RankEligible(roster, input);
  if (!ranked) return ranked.error();

  // Appointees must be eligible: a side cannot appoint its own national or
  // someone who declared a conflict.
  std::vector<std::string> appointed;
  for (const auto& [side, appointee] :
       {std::pair{"filer", &appointments.filer}, std::pair{"accused", &appointments.accused}}) {
    if (!*appointee) continue;
    const std::string& id = **appointee;
    const auto found = std::find_if(roster.begin(), roster.end(),
                                    [&id](const Arbitrator& a) { return a.id == id; });
    std::string reason = found == roster.end() ? "not on the roster" : Ineligibility(*found, input);
    if (reason.empty() && Contains(appointed, id)) reason = "already appointed by the other side";
    if (!reason.empty()) {
      return core::InvalidArgument("panel draw for " + input.case_id + ": the " + side +
                                   "'s appointee " + id + " is not eligible: " + reason);
    }
    appointed.push_back(id);
  }

  const std::size_t drawn_needed = input.panel_size - appointed.size();
  if (ranked->size() - appointed.size() < drawn_needed) {
    std::size_t nationals = 0, conflicts = 0, excluded = 0;
    for (const Arbitrator& arbitrator : roster) {
      const std::string reason = Ineligibility(arbitrator, input);
      if (reason.starts_with("a national"))
        ++nationals;
      else if (reason.starts_with("has declared"))
        ++conflicts;
      else if (!reason.empty())
        ++excluded;
    }
    return core::Error{
        core::ErrorCode::kResourceExhausted,
        "panel draw for " + input.case_id + ": " + std::to_string(ranked->size()) +
            " eligible arbitrators for a panel of " + std::to_string(input.panel_size) +
            (appointed.empty() ? "" : " with " + std::to_string(appointed.size()) + " appointed") +
            "; roster of " + std::to_string(roster.size()) + " less " + std::to_string(nationals) +
            " nationals of the parties, " + std::to_string(conflicts) + " declared conflicts, " +
            std::to_string(excluded) + " excluded"};
  }

  PanelDraw draw;
  draw.ranking = std::move(*ranked);
  std::vector<SeatRole> roles;
  if (appeal) {
    roles.assign(input.panel_size, SeatRole::kMember);
    roles[0] = SeatRole::kChair;
  } else {
    roles = {SeatRole::kChair, SeatRole::kFilerSeat, SeatRole::kAccusedSeat};
    roles.resize(input.panel_size, SeatRole::kMember);
  }
  std::size_t next = 0;  // the next rank to consider
  for (SeatRole role : roles) {
    const std::optional<std::string>* appointee = role == SeatRole::kFilerSeat ? &appointments.filer
                                                  : role == SeatRole::kAccusedSeat
                                                      ? &appointments.accused
                                                      : nullptr;
    if (appointee != nullptr && appointee->has_value()) {
      draw.seats.push_back(
          Seat{.role = role, .arbitrator_id = **appointee, .source = SeatSource::kAppointed});
      continue;
    }
    while (Contains(appointed, draw.ranking[next].id)) ++next;
    draw.seats.push_back(
        Seat{.role = role,
             .arbitrator_id = draw.ranking[next].id,
             .source = appointee != nullptr ? SeatSource::kDefaultDrawn : SeatSource::kDrawn});
    ++next;
  }
  return draw;
}

core::Status VerifyPanelDraw(const std::vector<Arbitrator>& roster, const DrawInput& input,
                             const Appointments& appointments, const std::vector<Seat>& published) {
  auto draw = DrawPanel(roster, input, appointments);
  if (!draw) return draw.error().Context("verify panel of " + input.case_id);
  const std::vector<Seat>& expected = draw->seats;
  std::string differences;
  const auto add = [&differences](const std::string& text) {
    if (!differences.empty()) differences += "; ";
    differences += text;
  };
  for (std::size_t i = 0; i < std::max(expected.size(), published.size()); ++i) {
    if (i >= published.size()) {
      add(SeatLabel(i, expected[i].role) + ": missing from the published panel, recomputed " +
          expected[i].arbitrator_id);
    } else if (i >= expected.size()) {
      add(SeatLabel(i, published[i].role) + ": published " + published[i].arbitrator_id +
          ", but the panel has " + std::to_string(expected.size()) + " seats");
    } else if (!(published[i] == expected[i])) {
      add(SeatLabel(i, expected[i].role) + ": published " + published[i].arbitrator_id + " (" +
          std::string(Name(published[i].role)) + ", " + std::string(Name(published[i].source)) +
          "), recomputed " + expected[i].arbitrator_id + " (" +
          std::string(Name(expected[i].source)) + ")");
    }
  }
  if (differences.empty()) return core::Ok();
  return core::Error{core::ErrorCode::kCorrupt,
                     "panel of " + input.case_id + " does not match its draw: " + differences};
}

}  // namespace accord::registry
