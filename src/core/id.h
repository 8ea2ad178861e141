// Identifiers: UUIDs (RFC 9562) and STIX 2.1 identifiers ("indicator--<uuid>",
// STIX 2.1 section 2.9). Records of the agreement are exchanged as STIX
// objects, so every record id is a StixId.
//
// Parsing is exact and hand-written (no regex: long inputs must not blow the
// stack). UUIDs are accepted in either case, as RFC 9562 section 4 asks, and
// always written in lower case, so the canonical JSON of a record does not
// depend on how an id was typed. Errors are kInvalidArgument and quote the
// input: `identifier "indicator-1234": missing "--" separator`.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace accord::core {

struct Uuid {
  std::array<std::uint8_t, 16> bytes{};

  // Parses the 36-character form 8-4-4-4-12 of hex digits in either case
  // (RFC 9562 section 4). Any version and variant is accepted, the nil UUID
  // too; StixId::Parse is stricter. Fails with kInvalidArgument naming the
  // byte offset of the first wrong character or the wrong length.
  static Result<Uuid> Parse(std::string_view text);

  // A random version 4 UUID (RFC 9562 section 5.4): 122 bits from the
  // CSPRNG, version bits 0100, variant bits 10. Fails with kUnavailable if
  // no randomness is available.
  static Result<Uuid> RandomV4();

  // Lowercase 8-4-4-4-12.
  std::string ToString() const;

  // The version field: the high nibble of byte 6 (RFC 9562 section 4.2).
  int version() const { return bytes[6] >> 4; }

  // True if the variant field is 10x, the variant RFC 9562 defines
  // (section 4.1).
  bool is_rfc9562_variant() const { return (bytes[8] & 0xc0) == 0x80; }

  friend auto operator<=>(const Uuid&, const Uuid&) = default;
};

struct StixId {
  std::string type;  // e.g. "indicator"
  Uuid uuid;

  // Parses "<type>--<uuid>" as the STIX 2.1 identifier schema
  // (schemas/common/identifier.json) describes it: type matches
  // [a-z][a-z0-9-]+[a-z0-9] and is at most 250 characters (section 3.1),
  // the UUID has version 1 to 5 and the RFC 4122/9562 variant. Fails with
  // kInvalidArgument naming what is wrong.
  static Result<StixId> Parse(std::string_view text);

  // "<type>--<random v4 uuid>". Fails with kInvalidArgument if `type` is not
  // a valid STIX type name, kUnavailable if no randomness is available.
  static Result<StixId> Random(std::string_view type);

  std::string ToString() const;

  friend auto operator<=>(const StixId&, const StixId&) = default;
};

// Checks a STIX type name (STIX 2.1 section 3.1 and identifier.json): 3 to
// 250 characters from [a-z0-9-], starting with a letter, not ending with
// '-'. Fails with kInvalidArgument naming the offending character.
Status ValidateStixType(std::string_view type);

}  // namespace accord::core
