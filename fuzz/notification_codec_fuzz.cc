// libFuzzer target for the notification codecs (model/notification.h):
// Notification, Reply and PointOfContact. Each input is decoded by all
// three (a record's "schema" member says which one can accept it). Besides memory errors and undefined behaviour it checks:
//   - a record xor errors; every pointer is "" or starts with "/"; every
//     error has a message; never more than Decoded<T>::kMaxErrors;
//   - a decoded record validates, and its encoding decodes to an equal
//     record whose encoding is the same bytes;
//   - for a point of contact, the public form decodes too, without the
//     restricted part, and equals the record in everything else.
// Any violation aborts, so libFuzzer reports it as a crash. Seeds are in
// fuzz/corpus/notification_codec/.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "model/notification.h"

namespace {

namespace model = accord::model;

[[noreturn]] void Violated(const char* property, std::string_view detail) {
  std::fprintf(stderr, "property violated: %s\n%.*s\n", property, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

template <typename T>
void CheckShape(const model::Decoded<T>& result) {
  if (result.ok() != result.errors.empty()) Violated("a record xor errors", "");
  if (result.errors.size() > model::Decoded<T>::kMaxErrors) Violated("errors are capped", "");
  for (const model::FieldError& error : result.errors) {
    if (!error.pointer.empty() && error.pointer[0] != '/')
      Violated("a pointer is empty or starts with /", error.pointer);
    if (error.message.empty()) Violated("every error has a message", error.pointer);
  }
}

template <typename T, typename Decode, typename Encode, typename Validate>
const model::Decoded<T> CheckRoundTrip(std::string_view text, Decode decode, Encode encode,
                                       Validate validate) {
  model::Decoded<T> result = decode(text);
  CheckShape(result);
  if (!result.ok()) return result;
  const auto errors = validate(*result.value);
  if (!errors.empty()) Violated("a decoded record validates", errors[0].ToString());
  const std::string encoded = encode(*result.value);
  const model::Decoded<T> again = decode(encoded);
  CheckShape(again);
  if (!again.ok()) Violated("an encoded record decodes", again.errors[0].ToString() + "\n" + encoded);
  if (!(*again.value == *result.value)) Violated("the round trip gives an equal record", encoded);
  if (encode(*again.value) != encoded) Violated("the encoding is stable", encoded);
  return result;
}

void CheckNotification(std::string_view text) {
  CheckRoundTrip<model::Notification>(
      text, [](std::string_view t) { return model::DecodeNotification(t); },
      model::EncodeNotification, model::ValidateNotification);
}

void CheckReply(std::string_view text) {
  CheckRoundTrip<model::Reply>(
      text, [](std::string_view t) { return model::DecodeReply(t); }, model::EncodeReply,
      model::ValidateReply);
}

void CheckContact(std::string_view text) {
  const auto result = CheckRoundTrip<model::PointOfContact>(
      text, [](std::string_view t) { return model::DecodePointOfContact(t); },
      model::EncodePointOfContact, model::ValidatePointOfContact);
  if (!result.ok()) return;
  const std::string public_form = model::EncodePointOfContactPublic(*result.value);
  const auto decoded = model::DecodePointOfContact(public_form);
  CheckShape(decoded);
  if (!decoded.ok()) Violated("the public form decodes", public_form);
  if (decoded.value->restricted_part) Violated("the public form has no restricted part", public_form);
  model::PointOfContact expected = *result.value;
  expected.restricted_part.reset();
  if (!(*decoded.value == expected)) Violated("the public form keeps the public part", public_form);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckNotification(input);
  CheckReply(input);
  CheckContact(input);
  return 0;
}
