// Neutral arbitration: who sits on a case's panel, drawn from the roster by
// randomness that nobody controls and everybody can recompute (issue 8;
// docs/grievance.md "The panel draw" has the byte layout and a worked
// example).
//
// The seed is the root hash of a log checkpoint at a tree size fixed in
// advance (before anyone can know the root), the "public randomness beacon"
// pattern of NIST IR 8213 (A Reference for Randomness Beacons) and of
// Bonneau, Clark and Goldfeder, "On Bitcoin as a public randomness source"
// (IACR ePrint 2015/1015): a value published later, fixed by a process no
// single party steers, that anyone can fetch and check. Here every witness
// that cosigns the checkpoint vouches for the seed.
//
// Each eligible arbitrator gets the score
//   SHA-256( seed[32] || u32be(len(case_id)) || case_id || u32be(len(arbitrator_id)) ||
//   arbitrator_id )
// (lengths in bytes, ids as UTF-8 bytes), and the eligible roster is ranked
// by score, ascending as unsigned bytes (memcmp order), ties (never seen in
// practice) broken by arbitrator id bytes. Length prefixes keep the input
// unambiguous ("ab"+"c" differs from "a"+"bc").
//
// Seats. A first-instance panel has a chair and one seat per side that the
// side may appoint (the WTO and UNCITRAL pattern: party-appointed members
// and a neutral chair); further seats, if the panel is larger than three,
// are drawn too. An appeal panel is all drawn. Seats that need the draw are
// filled in seat order (chair, filer's seat, accused's seat, further seats)
// from the ranking, skipping arbitrators a side appointed. A side that does
// not appoint by its deadline gets the next arbitrator in rank: the default
// appointing rule that no party can block (compare DSU Art. 8.7, where the
// WTO Director-General appoints; the Appellate Body's paralysis came from
// appointments that needed consensus).
//
// Pure functions; no I/O; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/result.h"

namespace accord::registry {

struct Arbitrator {
  std::string id;           // "party--<uuid>" of the arbitrator's registration
  std::string nationality;  // ISO 3166-1 alpha-2
  // Declared conflicts: party ids ("party--<uuid>") and states (alpha-2)
  // the arbitrator may not sit in judgment of.
  std::vector<std::string> conflicts;
};

enum class PanelKind { kFirstInstance, kAppeal };

// Everything the draw depends on; all of it is public in the case's events.
struct DrawInput {
  std::string case_id;                    // "case--<uuid>"
  core::Sha256Digest seed{};              // root hash of the checkpoint at `seed_tree_size`
  std::uint64_t seed_tree_size = 0;       // for the record; the seed is what counts
  std::vector<std::string> party_states;  // the filer's (if a state) and the accused's
  std::vector<std::string> party_ids;     // the filer's and the accused's party ids
  // Arbitrators who may not sit for another reason, e.g. the members of the
  // first-instance panel when drawing the appeal panel.
  std::vector<std::string> excluded;
  PanelKind kind = PanelKind::kFirstInstance;
  std::size_t panel_size = 3;
};

// The sides' appointments for a first-instance panel; nullopt for a side
// that did not appoint by its deadline.
struct Appointments {
  std::optional<std::string> filer;
  std::optional<std::string> accused;
};

enum class SeatRole { kChair, kFilerSeat, kAccusedSeat, kMember };
// "chair" "filer-seat" "accused-seat" "member"
enum class SeatSource { kDrawn, kAppointed, kDefaultDrawn };
// "drawn" "appointed" "default-drawn" (drawn because the side did not appoint)

std::string_view Name(SeatRole role);
std::string_view Name(SeatSource source);

struct Seat {
  SeatRole role = SeatRole::kChair;
  std::string arbitrator_id;
  SeatSource source = SeatSource::kDrawn;
  friend bool operator==(const Seat&, const Seat&) = default;
};

struct RankedArbitrator {
  std::string id;
  core::Sha256Digest score{};
  friend bool operator==(const RankedArbitrator&, const RankedArbitrator&) = default;
};

struct PanelDraw {
  std::vector<RankedArbitrator> ranking;  // the eligible roster, best first
  std::vector<Seat> seats;                // in seat order
};

// Limits on what a draw accepts: a roster beyond this is a data error, and
// panels of more than 15 are unheard of (the ICJ sits 15).
inline constexpr std::size_t kMaxRosterSize = 10000;
inline constexpr std::size_t kMaxPanelSize = 15;

// The score of one arbitrator, as the header's layout says.
core::Sha256Digest DrawScore(const core::Sha256Digest& seed, std::string_view case_id,
                             std::string_view arbitrator_id);

// The eligible roster in rank order: without nationals of `party_states`,
// arbitrators declaring a conflict with any of `party_ids` or
// `party_states`, and `excluded`. Fails with kInvalidArgument when the
// roster has an empty or duplicate id, a nationality that is not two
// upper-case letters, or more than kMaxRosterSize entries, or when the
// case id is empty.
core::Result<std::vector<RankedArbitrator>> RankEligible(const std::vector<Arbitrator>& roster,
                                                         const DrawInput& input);

// The panel: seats in order, filled as the header says. For kAppeal,
// `appointments` must be empty (all seats drawn). Fails with
//   kInvalidArgument for a bad roster or input (as RankEligible), a panel
//     size outside 1..kMaxPanelSize (3..kMaxPanelSize for a first instance,
//     which has a chair and two side seats), appointments to an appeal
//     panel, or an appointee who is not eligible (the message names the
//     reason: not on the roster, a national of a party, a declared
//     conflict, excluded) or is appointed by both sides;
//   kResourceExhausted when fewer eligible arbitrators remain than seats,
//     naming how many were excluded for which reason.
core::Result<PanelDraw> DrawPanel(const std::vector<Arbitrator>& roster, const DrawInput& input,
                                  const Appointments& appointments = {});

// Recomputes the draw and compares it with `published` seats. Ok when they
// are equal; otherwise kCorrupt with every difference named ("seat 2
// (accused-seat): published party--..., recomputed party--... (default-drawn)";
// a missing or extra seat too). A draw that cannot be recomputed passes
// DrawPanel's error on.
core::Status VerifyPanelDraw(const std::vector<Arbitrator>& roster, const DrawInput& input,
                             const Appointments& appointments, const std::vector<Seat>& published);

}  // namespace accord::registry
