// Hex and base64 for hashes, keys and signatures, plus the quoting of
// untrusted text inside error messages.
//
// The decoders are strict on purpose. A C2SP signed note or checkpoint is
// compared byte for byte. If "AAA=" and "AAB=" decoded to the same bytes, two
// different texts would carry one signature. So base64 has exactly one
// accepted spelling for each byte string: the RFC 4648 section 4 alphabet,
// padding required, no whitespace, and zero trailing bits (section 3.5). Hex
// decoding accepts either case, because hex appears in hand-written config
// files. Encoders always write lowercase hex and padded base64.
//
// Decoding errors are kInvalidArgument. The message names the byte offset and
// the reason, e.g. `base64: invalid character '-' at byte 12`. Callers add
// the field: `.Context("checkpoint signature")`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace accord::core {

// Lowercase hex of `bytes`, two characters per byte (RFC 4648 section 8
// alphabet, in lower case).
std::string HexEncode(std::span<const std::uint8_t> bytes);
std::string HexEncode(std::string_view bytes);

// Decodes hex in either case. Fails with kInvalidArgument on an odd length
// or a character outside [0-9a-fA-F], naming its byte offset.
Result<std::vector<std::uint8_t>> HexDecode(std::string_view hex);

// Decodes hex into exactly `out.size()` bytes, without allocating: for
// digests and keys of fixed size. Fails with kInvalidArgument if `hex` is not
// 2 * out.size() characters or holds a non-hex character. On failure `out`
// holds unspecified bytes.
Status HexDecodeInto(std::string_view hex, std::span<std::uint8_t> out);

// Base64 of `bytes` with the standard alphabet and '=' padding (RFC 4648
// section 4), no line breaks.
std::string Base64Encode(std::span<const std::uint8_t> bytes);
std::string Base64Encode(std::string_view bytes);

// Decodes RFC 4648 section 4 base64, accepting only the canonical spelling
// that Base64Encode writes. Fails with kInvalidArgument, naming the offset,
// when the length is not a multiple of 4, a character is outside the
// alphabet (whitespace included), '=' appears anywhere but the last one or
// two positions, or the bits after the last byte are not zero.
Result<std::vector<std::uint8_t>> Base64Decode(std::string_view text);

// Quotes untrusted `text` for an error message: wraps it in double quotes,
// escapes '"' and '\', writes bytes outside printable ASCII as \xNN, and
// cuts it after `max_bytes` input bytes with "..." so that a megabyte of
// garbage yields a short message and control characters never reach a log.
std::string QuoteForMessage(std::string_view text, std::size_t max_bytes = 64);

}  // namespace accord::core
