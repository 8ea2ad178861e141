// Each state's adherence to the agreement: when it signed and ratified, whether
// it withdrew, and the voluntary norms it has reserved (excluded for itself).
// An evaluation applies to a state only what bound it when the incident
// happened; this file answers that question, with the reason in words.
//
// The agreement is hypothetical, so the built-in data/norms/adherence.toml is
// DEMO DATA: invented dates for a handful of real states, consistent with the
// demo incidents, and nothing more. It says so in the file, in every
// evaluation that uses it (Adherence::demo()) and in docs/norms.md.
//
// The rules (docs/norms.md, "Adherence"):
//   - a customary norm binds every state, party or not;
//   - a binding treaty norm binds a party from the catalogue's
//     entry_into_force_days-th day after its ratification;
//   - a voluntary commitment or CBM applies from signature, unless the state
//     has reserved it (reservations are allowed for those layers only);
//   - a withdrawal ends everything from its date.
// An incident's start is known to a precision (second, day, month, year); if
// a date above falls inside that window the answer is "unknown".
//
// Adherence is immutable after Parse(): any number of threads may read it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/iso3166.h"
#include "core/result.h"
#include "model/incident_report.h"
#include "norms/catalogue.h"
#include "norms/conditions.h"

namespace accord::norms {

struct Reservation {
  std::string norm;  // a voluntary or cbm norm of the catalogue
  model::Date made;
  std::optional<model::Date> withdrawn;  // the reservation's, not the state's
  std::string statement;                 // the state's words, summarised
};

struct StateAdherence {
  std::string state;  // ISO 3166-1 alpha-2
  std::optional<model::Date> signed_on;
  std::optional<model::Date> ratified;
  std::optional<model::Date> withdrawn;  // from the agreement
  std::vector<Reservation> reservations;
  std::string note;
};

// The days over which an incident may have started: from the day of
// `times.start` to the last day its precision allows.
struct DateWindow {
  model::Date first;
  model::Date last;
};
DateWindow IncidentWindow(const model::IncidentTimes& times);

// Whether a norm bound a state over a window, and why.
struct Binding {
  Truth bound = Truth::kUnknown;
  std::string reason;
};

class Adherence {
 public:
  static constexpr std::size_t kMaxTextBytes = 1u << 20;
  static constexpr std::size_t kMaxStates = 300;

  Adherence(Adherence&&) = default;
  Adherence& operator=(Adherence&&) = default;
  Adherence(const Adherence&) = delete;
  Adherence& operator=(const Adherence&) = delete;

  // Parses adherence data in the format of data/norms/adherence.toml. Fails
  // with kInvalidArgument, naming the line, the state and the key, when the
  // text is not TOML, a key is unknown or missing, a state code is not two
  // upper-case letters (or, with `countries`, not in ISO 3166-1), a state is
  // listed twice, the dates are out of order (ratified before signed,
  // withdrawn before signed), or a reservation names a norm the catalogue
  // lacks or one of the binding layer (the agreement admits no reservations
  // to its core). kResourceExhausted past kMaxTextBytes or kMaxStates.
  static core::Result<Adherence> Parse(std::string_view toml_text, const Catalogue& catalogue,
                                       const core::CountryRegistry* countries = nullptr);

  // The built-in data/norms/adherence.toml against Catalogue::Builtin().
  static core::Result<Adherence> ParseBuiltin();
  // The same, parsed once; aborts with the reason on failure (a build defect:
  // a test parses the same bytes).
  static const Adherence& Builtin();

  // True for demonstration data (`demo = true` in the file).
  bool demo() const { return demo_; }
  // What the file says about itself (shown with every evaluation).
  const std::string& notice() const { return notice_; }
  std::span<const StateAdherence> states() const { return states_; }
  // The record of `state`, or null if it never signed.
  const StateAdherence* Find(std::string_view state) const;

  // Whether `norm` bound `state` throughout `window`. `entry_into_force_days`
  // is the catalogue's.
  Binding Check(const Norm& norm, std::string_view state, const DateWindow& window,
                std::int64_t entry_into_force_days) const;

 private:
  Adherence() = default;

  bool demo_ = false;
  std::string notice_;
  std::vector<StateAdherence> states_;
};

}  // namespace accord::norms
