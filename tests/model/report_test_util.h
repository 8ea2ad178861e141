// Helpers shared by the tests of model/report_codec.h: the example reports
// of tests/model/testdata, and edits of a JSON document at a JSON Pointer so
// that mutation tests can derive each bad document from a good one.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/canonical_json.h"
#include "core/file_io.h"
#include "core/json_reader.h"
#include "core/json_value.h"
#include "model/json_pointer.h"
#include "model/report_codec.h"

namespace accord::model::testing {

// The text of the file at `name` (relative to the source tree, whose path
// tests/model/CMakeLists.txt compiles in). Aborts the test program with a
// message when it is missing: every test of the file needs it.
inline std::string ReadTestdata(std::string_view name) {
  const std::string path = std::string(ACCORD_MODEL_SOURCE_DIR) + "/" + std::string(name);
  auto text = core::ReadFile(path);
  if (!text) {
    ADD_FAILURE() << "read " << path << ": " << text.error().ToString();
    std::abort();
  }
  return *text;
}

inline core::JsonValue ParseOrDie(std::string_view text) {
  auto parsed = core::ParseJsonStrict(text);
  if (!parsed) {
    ADD_FAILURE() << "parse test document: " << parsed.error().ToString();
    std::abort();
  }
  return *parsed;
}

// tests/model/testdata/full.json: every field of the contract is present.
inline const core::JsonValue& FullDocument() {
  static const core::JsonValue* const document =
      new core::JsonValue(ParseOrDie(ReadTestdata("tests/model/testdata/full.json")));
  return *document;
}

// tests/model/testdata/minimal.json: only the required fields.
inline const core::JsonValue& MinimalDocument() {
  static const core::JsonValue* const document =
      new core::JsonValue(ParseOrDie(ReadTestdata("tests/model/testdata/minimal.json")));
  return *document;
}

namespace internal {

// Rebuilds `value` with the member or element named by tokens[at..]
// replaced by `replacement`, or removed when `replacement` is nullopt. A
// member that does not exist is added at the end of its object.
inline core::JsonValue Edit(const core::JsonValue& value, const std::vector<std::string>& tokens,
                            std::size_t at, const std::optional<core::JsonValue>& replacement) {
  const std::string& token = tokens[at];
  const bool last = at + 1 == tokens.size();
  if (value.type() == core::JsonType::kArray) {
    core::JsonArray items = value.AsArray();
    const std::size_t index = std::stoul(token);
    if (last) {
      if (replacement) {
        if (index == items.size()) {
          items.push_back(*replacement);
        } else {
          items.at(index) = *replacement;
        }
      } else {
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(index));
      }
    } else {
      items.at(index) = Edit(items.at(index), tokens, at + 1, replacement);
    }
    return core::JsonValue::Array(std::move(items));
  }
  if (value.type() != core::JsonType::kObject) {
    ADD_FAILURE() << "edit: token \"" << token << "\" applied to a scalar";
    std::abort();
  }
  core::JsonObject members = value.AsObject();
  for (auto it = members.begin(); it != members.end(); ++it) {
    if (it->name != token) continue;
    if (last) {
      if (replacement) {
        it->value = *replacement;
      } else {
        members.erase(it);
      }
    } else {
      it->value = Edit(it->value, tokens, at + 1, replacement);
    }
    return core::JsonValue::Object(std::move(members));
  }
  if (!last || !replacement) {
    ADD_FAILURE() << "edit: no member \"" << token << "\"";
    std::abort();
  }
  members.push_back({token, *replacement});
  return core::JsonValue::Object(std::move(members));
}

inline std::vector<std::string> Tokens(std::string_view pointer) {
  auto tokens = ParsePointer(pointer);
  if (!tokens || tokens->empty()) {
    ADD_FAILURE() << "edit: bad pointer \"" << pointer << "\"";
    std::abort();
  }
  return *tokens;
}

}  // namespace internal

// `document` with the value at `pointer` set to `value` (added if absent).
inline core::JsonValue With(const core::JsonValue& document, std::string_view pointer,
                            core::JsonValue value) {
  return internal::Edit(document, internal::Tokens(pointer), 0, std::move(value));
}

// `document` without the value at `pointer`.
inline core::JsonValue Without(const core::JsonValue& document, std::string_view pointer) {
  return internal::Edit(document, internal::Tokens(pointer), 0, std::nullopt);
}

inline core::JsonValue Str(std::string text) {
  return core::JsonValue::String(std::move(text));
}
inline core::JsonValue Num(double number) {
  return core::JsonValue::Number(number);
}

// Decodes the canonical text of `document`, so that the text path (strict
// reader included) is what the tests exercise.
inline DecodeResult Decode(const core::JsonValue& document) {
  return DecodeIncidentReport(core::SerializeCanonical(document));
}

// Every error, one per line, for failure messages.
inline std::string Describe(const std::vector<FieldError>& errors) {
  std::string out;
  for (const FieldError& error : errors) out += "\n  " + error.ToString();
  return out.empty() ? std::string("\n  (no errors)") : out;
}

}  // namespace accord::model::testing
