// libFuzzer target for the strict JSON reader and RFC 8785 canonicalization
// (core/json_reader.h, core/canonical_json.h). Besides memory errors it
// checks properties that a bug would break:
//   - canonicalization is idempotent: the canonical form of a canonical
//     form is the same bytes (RFC 8785 section 3.2 leaves one form per value);
//   - the canonical form parses to the same value, modulo member order,
//     and passes ValidateForCanonical;
//   - in it, member names ascend strictly by UTF-16 code units, checked by
//     a plain reference comparison (decode to std::u16string) rather than
//     the optimized Utf16CodeUnitLess (RFC 8785 section 3.2.3);
//   - every number's canonical text reads back as the same double;
//   - a rejection is kInvalidArgument or kResourceExhausted and its message
//     starts with the position, as the reader's contract says.
// Any violation aborts, so libFuzzer reports it as a crash.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/canonical_json.h"
#include "core/json_reader.h"

namespace {

[[noreturn]] void Violated(const char* property, std::string_view detail) {
  std::fprintf(stderr, "property violated: %s\n%.*s\n", property, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// UTF-8 (already validated by the reader) to UTF-16 code units.
std::u16string ToUtf16(std::string_view utf8) {
  std::u16string units;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    std::uint32_t code_point = length == 1   ? lead
                               : length == 2 ? lead & 0x1F
                               : length == 3 ? lead & 0x0F
                                             : lead & 0x07;
    for (std::size_t j = 1; j < length; ++j) {
      code_point = (code_point << 6) | (static_cast<unsigned char>(utf8[i + j]) & 0x3F);
    }
    if (code_point >= 0x10000) {
      units += static_cast<char16_t>(0xD800 + ((code_point - 0x10000) >> 10));
      units += static_cast<char16_t>(0xDC00 + ((code_point - 0x10000) & 0x3FF));
    } else {
      units += static_cast<char16_t>(code_point);
    }
    i += length;
  }
  return units;
}

void CheckCanonicalTree(const accord::core::JsonValue& value, std::string_view canonical) {
  using namespace accord::core;
  switch (value.type()) {
    case JsonType::kNumber: {
      const double number = value.AsNumber();
      const std::string text = FormatJsonNumber(number);
      auto back = ParseJsonStrict(text);
      if (!back || (back->AsNumber() != number) ||
          (number != 0 && std::signbit(back->AsNumber()) != std::signbit(number))) {
        Violated("numbers round-trip through FormatJsonNumber", text);
      }
      return;
    }
    case JsonType::kArray:
      for (const JsonValue& element : value.AsArray()) CheckCanonicalTree(element, canonical);
      return;
    case JsonType::kObject: {
      const JsonObject& members = value.AsObject();
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i > 0 && !(ToUtf16(members[i - 1].name) < ToUtf16(members[i].name))) {
          Violated("members ascend by UTF-16 code units", canonical);
        }
        CheckCanonicalTree(members[i].value, canonical);
      }
      return;
    }
    default:
      return;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace accord::core;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  JsonLimits limits;
  limits.max_depth = 32;

  auto canonical = CanonicalizeJson(text, limits);
  if (!canonical) {
    const Error& error = canonical.error();
    if (error.code != ErrorCode::kInvalidArgument && error.code != ErrorCode::kResourceExhausted) {
      Violated("rejections are kInvalidArgument or kResourceExhausted", error.ToString());
    }
    if (error.message.rfind("line ", 0) != 0) Violated("errors name the position", error.message);
    return 0;
  }

  auto again = CanonicalizeJson(*canonical, limits);
  if (!again) Violated("canonical output is accepted", again.error().ToString());
  if (*again != *canonical) Violated("canonicalization is idempotent", *canonical + "\n" + *again);

  auto value = ParseJsonStrict(*canonical, limits);
  if (!value) Violated("canonical output parses", value.error().ToString());
  if (!ValidateForCanonical(*value)) Violated("parsed values validate", *canonical);
  if (SerializeCanonical(*value) != *canonical) Violated("serialize(parse(c)) == c", *canonical);
  CheckCanonicalTree(*value, *canonical);
  return 0;
}
