#include "core/id.h"

#include <optional>

#include "core/crypto.h"
#include "core/encoding.h"

namespace accord::core {
namespace {

constexpr std::size_t kUuidLength = 36;
// Positions of the '-' in 8-4-4-4-12.
constexpr std::size_t kHyphens[] = {8, 13, 18, 23};
// STIX 2.1 section 3.1: type names are 3 to 250 characters long.
constexpr std::size_t kMinStixTypeLength = 3;
constexpr std::size_t kMaxStixTypeLength = 250;
constexpr std::string_view kStixSeparator = "--";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string At(std::size_t offset) {
  return " at byte " + std::to_string(offset);
}

// Parses the 36 characters of a UUID. Errors are reasons without the input,
// with offsets counted from `base` so that a StixId error points into the
// whole identifier.
Result<Uuid> ParseUuidText(std::string_view text, std::size_t base) {
  if (text.size() != kUuidLength)
    return InvalidArgument("uuid has " + std::to_string(text.size()) +
                           " characters, expected 36 (8-4-4-4-12 hex digits)");
  Uuid uuid;
  std::size_t byte = 0;
  std::size_t next_hyphen = 0;
  for (std::size_t i = 0; i < kUuidLength; ++i) {
    if (next_hyphen < std::size(kHyphens) && i == kHyphens[next_hyphen]) {
      if (text[i] != '-')
        return InvalidArgument("expected '-'" + At(base + i) + ", found " +
                               QuoteForMessage(text.substr(i, 1)));
      ++next_hyphen;
      continue;
    }
    const int value = HexValue(text[i]);
    if (value < 0)
      return InvalidArgument("invalid character " + QuoteForMessage(text.substr(i, 1)) +
                             At(base + i) + " in the uuid, expected a hex digit");
    // Two hex digits per byte, high nibble first.
    if (byte % 2 == 0) {
      uuid.bytes[byte / 2] = static_cast<std::uint8_t>(value << 4);
    } else {
      uuid.bytes[byte / 2] |= static_cast<std::uint8_t>(value);
    }
    ++byte;
  }
  return uuid;
}

// The reason `type` is not a STIX type name, or nullopt if it is one.
std::optional<std::string> StixTypeProblem(std::string_view type) {
  if (type.size() < kMinStixTypeLength)
    return "type " + QuoteForMessage(type) + " is shorter than 3 characters";
  if (type.size() > kMaxStixTypeLength)
    return "type is " + std::to_string(type.size()) +
           " characters long, the limit is 250 (STIX 2.1 section 3.1)";
  if (type[0] < 'a' || type[0] > 'z')
    return "type must start with a lowercase letter, found " + QuoteForMessage(type.substr(0, 1)) +
           At(0);
  for (std::size_t i = 1; i < type.size(); ++i) {
    const char c = type[i];
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!allowed)
      return "invalid character " + QuoteForMessage(type.substr(i, 1)) + At(i) +
             " in the type, expected [a-z0-9-]";
  }
  if (type.back() == '-') return "type must not end with '-'";
  return std::nullopt;
}

}  // namespace

Result<Uuid> Uuid::Parse(std::string_view text) {
  auto uuid = ParseUuidText(text, 0);
  if (!uuid) return InvalidArgument("uuid " + QuoteForMessage(text) + ": " + uuid.error().message);
  return uuid;
}

Result<Uuid> Uuid::RandomV4() {
  Uuid uuid;
  if (auto random = RandomBytes(uuid.bytes); !random)
    return random.error().Context("generate uuid");
  // RFC 9562 section 5.4: version 0100 in the high nibble of byte 6, variant
  // 10 in the two high bits of byte 8, the other 122 bits random.
  uuid.bytes[6] = static_cast<std::uint8_t>((uuid.bytes[6] & 0x0f) | 0x40);
  uuid.bytes[8] = static_cast<std::uint8_t>((uuid.bytes[8] & 0x3f) | 0x80);
  return uuid;
}

std::string Uuid::ToString() const {
  const std::string hex = HexEncode(bytes);
  std::string text;
  text.reserve(kUuidLength);
  text.append(hex, 0, 8).append(1, '-');
  text.append(hex, 8, 4).append(1, '-');
  text.append(hex, 12, 4).append(1, '-');
  text.append(hex, 16, 4).append(1, '-');
  text.append(hex, 20, 12);
  return text;
}

Result<StixId> StixId::Parse(std::string_view text) {
  auto fail = [&](const std::string& reason) {
    return InvalidArgument("identifier " + QuoteForMessage(text) + ": " + reason);
  };
  // The last "--": a UUID holds no "--", while identifier.json's type
  // pattern [a-z0-9-]+ does not forbid one inside the type.
  const std::size_t separator = text.rfind(kStixSeparator);
  if (separator == std::string_view::npos) return fail("missing \"--\" separator");
  const std::string_view type = text.substr(0, separator);
  if (auto problem = StixTypeProblem(type)) return fail(*problem);
  const std::size_t uuid_start = separator + kStixSeparator.size();
  auto uuid = ParseUuidText(text.substr(uuid_start), uuid_start);
  if (!uuid) return fail(uuid.error().message);
  // identifier.json: [1-5] for the version digit, [89abAB] for the variant.
  if (uuid->version() < 1 || uuid->version() > 5)
    return fail("uuid version " + std::to_string(uuid->version()) + At(uuid_start + 14) +
                " is not 1 to 5");
  if (!uuid->is_rfc9562_variant())
    return fail("uuid variant" + At(uuid_start + 19) +
                " is not the RFC 4122 variant (expected 8, 9, a or b)");
  return StixId{std::string(type), *uuid};
}

Result<StixId> StixId::Random(std::string_view type) {
  if (auto valid = ValidateStixType(type); !valid) return valid.error();
  auto uuid = Uuid::RandomV4();
  if (!uuid) return uuid.error();
  return StixId{std::string(type), *uuid};
}

std::string StixId::ToString() const {
  std::string text;
  text.reserve(type.size() + kStixSeparator.size() + kUuidLength);
  text.append(type).append(kStixSeparator).append(uuid.ToString());
  return text;
}

Status ValidateStixType(std::string_view type) {
  if (auto problem = StixTypeProblem(type))
    return InvalidArgument("stix type " + QuoteForMessage(type) + ": " + *problem);
  return Ok();
}

}  // namespace accord::core
