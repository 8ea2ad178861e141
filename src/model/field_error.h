// FieldError: one violation found while decoding a record of the agreement,
// tied to the field that causes it by an RFC 6901 JSON Pointer
// (model/json_pointer.h). Decoders return a list of them so that a person
// fixing a document sees every problem at once (model/report_codec.h).
#pragma once

#include <string>

namespace accord::model {

struct FieldError {
  // RFC 6901 JSON Pointer of the offending field. For a missing required
  // field it is the pointer the field would have; for an unknown member, the
  // member's. "" is the whole document (text that is not JSON at all, or
  // that exceeds a size limit).
  std::string pointer;
  // Lower case, no final period; says what was wrong and what was expected.
  // Does not repeat the pointer.
  std::string message;

  // "<pointer>: <message>", with "/" standing for the empty pointer so that
  // the line never starts with ": ".
  std::string ToString() const {
    return (pointer.empty() ? std::string("/") : pointer) + ": " + message;
  }

  friend bool operator==(const FieldError&, const FieldError&) = default;
};

}  // namespace accord::model
