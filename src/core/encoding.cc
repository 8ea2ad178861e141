#include "core/encoding.h"

#include <array>

namespace accord::core {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::int8_t kInvalid = -1;

// Value of each byte as a digit, or kInvalid: one table lookup per input
// character instead of a chain of range comparisons.
constexpr std::array<std::int8_t, 256> MakeHexTable() {
  std::array<std::int8_t, 256> table{};
  table.fill(kInvalid);
  for (int i = 0; i < 10; ++i) table['0' + i] = static_cast<std::int8_t>(i);
  for (int i = 0; i < 6; ++i) {
    table['a' + i] = static_cast<std::int8_t>(10 + i);
    table['A' + i] = static_cast<std::int8_t>(10 + i);
  }
  return table;
}

constexpr std::array<std::int8_t, 256> MakeBase64Table() {
  std::array<std::int8_t, 256> table{};
  table.fill(kInvalid);
  for (int i = 0; i < 64; ++i)
    table[static_cast<unsigned char>(kBase64Alphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}

constexpr std::array<std::int8_t, 256> kHexValue = MakeHexTable();
constexpr std::array<std::int8_t, 256> kBase64Value = MakeBase64Table();

std::string HexEncodeBytes(const std::uint8_t* data, std::size_t size) {
  std::string out(size * 2, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kHexDigits[data[i] >> 4];
    out[2 * i + 1] = kHexDigits[data[i] & 0x0f];
  }
  return out;
}

Error InvalidHexCharacter(std::string_view hex, std::size_t offset) {
  return InvalidArgument("hex: invalid character " + QuoteForMessage(hex.substr(offset, 1)) +
                         " at byte " + std::to_string(offset));
}

// REQUIRES: hex.size() == 2 * out_size.
Status DecodeHexPairs(std::string_view hex, std::uint8_t* out, std::size_t out_size) {
  for (std::size_t i = 0; i < out_size; ++i) {
    std::int8_t high = kHexValue[static_cast<unsigned char>(hex[2 * i])];
    std::int8_t low = kHexValue[static_cast<unsigned char>(hex[2 * i + 1])];
    if (high == kInvalid) return InvalidHexCharacter(hex, 2 * i);
    if (low == kInvalid) return InvalidHexCharacter(hex, 2 * i + 1);
    out[i] = static_cast<std::uint8_t>((high << 4) | low);
  }
  return Ok();
}

std::string Base64EncodeBytes(const std::uint8_t* data, std::size_t size) {
  std::string out;
  out.resize((size + 2) / 3 * 4);
  std::size_t in = 0;
  std::size_t at = 0;
  for (; in + 3 <= size; in += 3) {
    std::uint32_t group =
        (std::uint32_t{data[in]} << 16) | (std::uint32_t{data[in + 1]} << 8) | data[in + 2];
    out[at++] = kBase64Alphabet[(group >> 18) & 0x3f];
    out[at++] = kBase64Alphabet[(group >> 12) & 0x3f];
    out[at++] = kBase64Alphabet[(group >> 6) & 0x3f];
    out[at++] = kBase64Alphabet[group & 0x3f];
  }
  std::size_t rest = size - in;
  if (rest > 0) {
    std::uint32_t group = std::uint32_t{data[in]} << 16;
    if (rest == 2) group |= std::uint32_t{data[in + 1]} << 8;
    out[at++] = kBase64Alphabet[(group >> 18) & 0x3f];
    out[at++] = kBase64Alphabet[(group >> 12) & 0x3f];
    out[at++] = rest == 2 ? kBase64Alphabet[(group >> 6) & 0x3f] : '=';
    out[at++] = '=';
  }
  return out;
}

}  // namespace

std::string HexEncode(std::span<const std::uint8_t> bytes) {
  return HexEncodeBytes(bytes.data(), bytes.size());
}

std::string HexEncode(std::string_view bytes) {
  return HexEncodeBytes(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

Result<std::vector<std::uint8_t>> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0)
    return InvalidArgument("hex: odd length " + std::to_string(hex.size()) +
                           ", expected two digits per byte");
  std::vector<std::uint8_t> out(hex.size() / 2);
  if (auto decoded = DecodeHexPairs(hex, out.data(), out.size()); !decoded) return decoded.error();
  return out;
}

Status HexDecodeInto(std::string_view hex, std::span<std::uint8_t> out) {
  if (hex.size() != 2 * out.size())
    return InvalidArgument("hex: length " + std::to_string(hex.size()) + ", expected " +
                           std::to_string(2 * out.size()) + " digits for " +
                           std::to_string(out.size()) + " bytes");
  return DecodeHexPairs(hex, out.data(), out.size());
}

std::string Base64Encode(std::span<const std::uint8_t> bytes) {
  return Base64EncodeBytes(bytes.data(), bytes.size());
}

std::string Base64Encode(std::string_view bytes) {
  return Base64EncodeBytes(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

Result<std::vector<std::uint8_t>> Base64Decode(std::string_view text) {
  const std::size_t size = text.size();
  if (size % 4 != 0)
    return InvalidArgument("base64: length " + std::to_string(size) +
                           " is not a multiple of 4 (missing padding or stray characters)");
  // Padding: at most two '=' and only at the very end (RFC 4648 section 4).
  std::size_t padding = 0;
  if (size > 0 && text[size - 1] == '=') padding = (text[size - 2] == '=') ? 2 : 1;
  const std::size_t data_end = size - padding;
  std::vector<std::uint8_t> out;
  out.reserve(size / 4 * 3 - padding);
  std::uint32_t group = 0;
  for (std::size_t i = 0; i < data_end; ++i) {
    std::int8_t value = kBase64Value[static_cast<unsigned char>(text[i])];
    if (value == kInvalid) {
      if (text[i] == '=')
        return InvalidArgument("base64: padding '=' at byte " + std::to_string(i) +
                               " is not at the end");
      return InvalidArgument("base64: invalid character " + QuoteForMessage(text.substr(i, 1)) +
                             " at byte " + std::to_string(i));
    }
    group = (group << 6) | static_cast<std::uint32_t>(value);
    if (i % 4 == 3) {
      out.push_back(static_cast<std::uint8_t>(group >> 16));
      out.push_back(static_cast<std::uint8_t>(group >> 8));
      out.push_back(static_cast<std::uint8_t>(group));
      group = 0;
    }
  }
  // Section 3.5: the unused low bits of the last character must be zero, so
  // that every byte string has exactly one encoding.
  if (padding == 1) {
    if ((group & 0x03) != 0)
      return InvalidArgument("base64: non-zero padding bits in the character at byte " +
                             std::to_string(size - 2) + " (non-canonical encoding)");
    out.push_back(static_cast<std::uint8_t>(group >> 10));
    out.push_back(static_cast<std::uint8_t>(group >> 2));
  } else if (padding == 2) {
    if ((group & 0x0f) != 0)
      return InvalidArgument("base64: non-zero padding bits in the character at byte " +
                             std::to_string(size - 3) + " (non-canonical encoding)");
    out.push_back(static_cast<std::uint8_t>(group >> 4));
  }
  return out;
}

std::string QuoteForMessage(std::string_view text, std::size_t max_bytes) {
  const bool cut = text.size() > max_bytes;
  if (cut) text = text.substr(0, max_bytes);
  std::string out;
  out.reserve(text.size() + 8);
  out.push_back('"');
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte >= 0x20 && byte < 0x7f) {
      out.push_back(c);
    } else {
      out.append("\\x");
      out.push_back(kHexDigits[byte >> 4]);
      out.push_back(kHexDigits[byte & 0x0f]);
    }
  }
  out.push_back('"');
  if (cut) out.append("...");
  return out;
}

}  // namespace accord::core
