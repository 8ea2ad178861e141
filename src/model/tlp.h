// Traffic Light Protocol 2.0 (FIRST, "TLP 2.0", August 2022): the markings
// that say how far a report, or one field of it, may be shared.
//
// The five labels form a total order of restrictiveness, from "may be shared
// with anyone" to "for the named recipients only":
//   CLEAR < GREEN < AMBER < AMBER+STRICT < RED.
// AMBER+STRICT is AMBER restricted to the recipient's own organization (TLP
// 2.0, "TLP:AMBER+STRICT"), so it sits between AMBER and RED. The enumerators
// are declared in that order, so the built-in comparisons of the enum class
// (`a < b`) compare restrictiveness.
//
// In accord's JSON a label is written without the "TLP:" prefix, in upper
// case, exactly as below; no other spelling is accepted, so a marking has one
// byte form in the log. Who may read what under each label is the privacy
// module's business, not this file's.
#pragma once

#include <optional>
#include <string_view>

namespace accord::model {

enum class Tlp {
  kClear,        // "CLEAR": no restriction on disclosure
  kGreen,        // "GREEN": the community, not public channels
  kAmber,        // "AMBER": the recipient's organization and its clients
  kAmberStrict,  // "AMBER+STRICT": the recipient's organization only
  kRed,          // "RED": the named recipients only
};

// The JSON spelling of `tlp` ("AMBER+STRICT"); "" for a value outside the
// enumeration.
std::string_view TlpName(Tlp tlp);

// The label spelled `name` exactly ("CLEAR", "GREEN", "AMBER",
// "AMBER+STRICT", "RED"), or nullopt for anything else (lower case, a
// "TLP:" prefix, TLP 1.0's "WHITE" included).
std::optional<Tlp> ParseTlp(std::string_view name);

// Whether `marking` restricts sharing at least as much as `baseline`: a
// field may carry `marking` inside a report marked `baseline` only if this
// holds (docs/incident-report.md, `field_tlp`).
inline bool IsAtLeastAsRestrictive(Tlp marking, Tlp baseline) {
  return marking >= baseline;
}

// The more restrictive of two labels.
inline Tlp MostRestrictive(Tlp a, Tlp b) {
  return a < b ? b : a;
}

}  // namespace accord::model
