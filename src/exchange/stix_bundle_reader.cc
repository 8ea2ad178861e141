#include "exchange/stix_bundle_reader.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <utility>

#include "core/id.h"
#include "core/json_reader.h"
#include "exchange/internal/stix_input.h"

namespace accord::exchange {
namespace {

// Member names and the small top-level values are short; this keeps a
// hostile 16 MiB member name from being unescaped.
constexpr std::size_t kMaxMemberNameBytes = 4096;
// Progress is reported at most this often, so that a terminal redraw does
// not cost more than the import.
constexpr std::size_t kProgressObjects = 256;
constexpr std::uint64_t kProgressBytes = std::uint64_t{1} << 20;

using internal::Input;

std::string DescribeByte(int c) {
  if (c < 0) return "the end of the input";
  if (c >= 0x21 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  char text[16];
  std::snprintf(text, sizeof text, "byte 0x%02X", static_cast<unsigned>(c));
  return text;
}

bool IsScalarByte(int c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c == '-' || c == '+' || c == '.';
}

core::Error ErrorAt(core::ErrorCode code, const TextPosition& at, std::string_view reason) {
  return core::Error{code, FormatTextPosition(at) + ": " + std::string(reason)};
}

// Moves the "line L, column C (byte B): " prefix of a core::ParseJsonStrict
// error from the value's own text onto the document, and names the value.
core::Error Rebase(const core::Error& error, const TextPosition& start, std::string_view label) {
  unsigned long long line = 0, column = 0, byte = 0;
  int consumed = 0;
  if (std::sscanf(error.message.c_str(), "line %llu, column %llu (byte %llu): %n", &line, &column,
                  &byte, &consumed) != 3 ||
      consumed == 0) {
    return core::Error{error.code, FormatTextPosition(start) + ": " + std::string(label) + ": " +
                                       error.message};
  }
  TextPosition at;
  at.line = start.line + line - 1;
  at.column = line == 1 ? start.column + column - 1 : column;
  at.byte = start.byte + byte;
  return core::Error{error.code, FormatTextPosition(at) + ": " + std::string(label) + ": " +
                                     error.message.substr(static_cast<std::size_t>(consumed))};
}

class Scanner {
 public:
  Scanner(Input& input, std::uint64_t total_bytes, const StixBundleReaderOptions& options,
          const StixObjectCallback& on_object)
      : in_(input), total_bytes_(total_bytes), options_(options), on_object_(on_object) {}

  core::Result<StixBundleHeader> Run();

 private:
  const char* container_name() const {
    return options_.container == StixContainer::kBundle ? "bundle" : "envelope";
  }
  core::Error Invalid(const TextPosition& at, std::string_view reason) const {
    return ErrorAt(core::ErrorCode::kInvalidArgument, at, reason);
  }
  // The input ended (or could not be read) inside `where`.
  core::Error Truncated(std::string_view where) const;
  core::Error TooLarge(const TextPosition& start, std::string_view label) const {
    return ErrorAt(core::ErrorCode::kResourceExhausted, start,
                   std::string(label) + " is larger than the limit of " +
                       std::to_string(options_.max_object_bytes) + " bytes");
  }
  void SkipWhitespace() { in_.SkipWhitespace(); }
  // Consumes one JSON value, checking only what the strict parse that
  // follows cannot check before memory is spent: balance and depth.
  core::Status SkipValue(std::string_view label);
  // After the opening quote: up to and including the closing quote.
  core::Status SkipStringBody(std::string_view label);
  // Captures one value and parses it strictly.
  core::Result<core::JsonValue> ReadSmallValue(std::string_view label);
  core::Status ReadObjects();
  core::Status TakeMember(const std::string& name, const core::JsonValue& value,
                          const TextPosition& at);
  void ReportProgress(bool force);

  Input& in_;
  const std::uint64_t total_bytes_;
  const StixBundleReaderOptions& options_;
  const StixObjectCallback& on_object_;
  StixBundleHeader header_;
  std::string nesting_;  // the open brackets of the value being skipped
  std::optional<std::string> type_;
  std::optional<std::string> id_;
  std::uint64_t progress_bytes_ = 0;
};

core::Error Scanner::Truncated(std::string_view where) const {
  if (in_.failed())
    return core::Unavailable(FormatTextPosition(in_.position()) + ": read error in " +
                             std::string(where));
  return Invalid(in_.position(), "unexpected end of input in " + std::string(where) +
                                     ": the document is truncated");
}

core::Status Scanner::SkipStringBody(std::string_view label) {
  for (;;) {
    if (!in_.SkipStringBytes()) return Truncated(std::string("a string of ") + std::string(label));
    const int c = in_.Get();
    if (c == '"') return core::Ok();
    if (c < 0) return Truncated(std::string("a string of ") + std::string(label));
    if (c == '\\' && in_.Get() < 0) return Truncated(std::string("a string of ") + std::string(label));
  }
}

core::Status Scanner::SkipValue(std::string_view label) {
  int c = in_.Peek();
  if (c == '"') {
    in_.Get();
    return SkipStringBody(label);
  }
  if (c != '{' && c != '[') {
    if (!IsScalarByte(c)) {
      if (c < 0) return Truncated(label);
      in_.Get();
      return Invalid(in_.position_of_last(),
                     "expected a JSON value for " + std::string(label) + ", found " + DescribeByte(c));
    }
    while (IsScalarByte(in_.Peek())) in_.Get();
    return core::Ok();
  }
  nesting_.clear();
  do {
    c = in_.Get();
    switch (c) {
      case -1:
        return Truncated(label);
      case '"':
        if (auto s = SkipStringBody(label); !s) return s;
        break;
      case '{':
      case '[':
        if (nesting_.size() >= options_.max_depth)
          return ErrorAt(core::ErrorCode::kResourceExhausted, in_.position_of_last(),
                         std::string(label) + " is nested deeper than " +
                             std::to_string(options_.max_depth) + " levels");
        nesting_.push_back(c == '{' ? '}' : ']');
        break;
      case '}':
      case ']':
        if (nesting_.back() != c)
          return Invalid(in_.position_of_last(), "unbalanced brackets in " + std::string(label) +
                                                     ": found '" + static_cast<char>(c) +
                                                     "', expected '" + nesting_.back() + "'");
        nesting_.pop_back();
        break;
      case ' ': case '\t': case '\n': case '\r': case ',': case ':':
        in_.SkipWhitespace();
        break;
      default:
        if (!IsScalarByte(c))
          return Invalid(in_.position_of_last(),
                         "unexpected " + DescribeByte(c) + " in " + std::string(label));
    }
  } while (!nesting_.empty());
  return core::Ok();
}

core::Result<core::JsonValue> Scanner::ReadSmallValue(std::string_view label) {
  const TextPosition start = in_.position();
  in_.BeginCapture();
  core::Status skipped = SkipValue(label);
  if (in_.over_limit()) return TooLarge(start, label);
  if (!skipped) return skipped.error();
  if (in_.captured_bytes() > options_.max_object_bytes) return TooLarge(start, label);
  core::JsonLimits limits;
  limits.max_depth = options_.max_depth;
  limits.max_input_bytes = options_.max_object_bytes;
  limits.max_string_bytes = options_.max_object_bytes;
  auto value = core::ParseJsonStrict(in_.EndCapture(), limits);
  if (!value) return Rebase(value.error(), start, label);
  return value;
}

void Scanner::ReportProgress(bool force) {
  if (!options_.progress) return;
  const std::uint64_t done = in_.position().byte;
  if (!force && header_.objects % kProgressObjects != 0 && done - progress_bytes_ < kProgressBytes)
    return;
  progress_bytes_ = done;
  options_.progress(done, total_bytes_, header_.objects);
}

core::Status Scanner::ReadObjects() {
  if (int c = in_.Get(); c != '[') {
    if (c < 0) return Truncated("member \"objects\"");
    return Invalid(in_.position_of_last(),
                   "member \"objects\" must be an array, found " + DescribeByte(c));
  }
  SkipWhitespace();
  if (in_.Peek() == ']') {
    in_.Get();
    return core::Ok();
  }
  for (;;) {
    const std::string label = "objects[" + std::to_string(header_.objects) + "]";
    const TextPosition start = in_.position();
    if (int c = in_.Peek(); c != '{') {
      if (c < 0) return Truncated("member \"objects\"");
      in_.Get();
      return Invalid(start, label + " must be a JSON object (a STIX object), found " +
                                DescribeByte(c));
    }
    in_.BeginCapture();
    core::Status skipped = SkipValue(label);
    if (in_.over_limit()) return TooLarge(start, label);
    if (!skipped) return skipped;
    if (in_.captured_bytes() > options_.max_object_bytes) return TooLarge(start, label);
    RawStixObject raw{header_.objects, in_.EndCapture(), start};
    if (auto handled = on_object_(raw); !handled) return handled;
    ++header_.objects;
    ReportProgress(false);
    SkipWhitespace();
    const int c = in_.Get();
    if (c == ']') return core::Ok();
    if (c < 0) return Truncated("member \"objects\"");
    if (c != ',')
      return Invalid(in_.position_of_last(),
                     "expected ',' or ']' after " + label + ", found " + DescribeByte(c));
    SkipWhitespace();
  }
}

core::Status Scanner::TakeMember(const std::string& name, const core::JsonValue& value,
                                 const TextPosition& at) {
  const bool bundle = options_.container == StixContainer::kBundle;
  // STIX 2.1 section 8: type is the literal "bundle" and id a "bundle--"
  // identifier; both required. TAXII 2.1 section 3.7: more is a boolean,
  // next a string; both optional.
  if (bundle && name == "type") {
    if (value.type() != core::JsonType::kString || value.AsString() != "bundle")
      return Invalid(at, "member \"type\" of the bundle must be \"bundle\" (STIX 2.1 section 8)");
    type_ = value.AsString();
  } else if (bundle && name == "id") {
    if (value.type() != core::JsonType::kString)
      return Invalid(at, "member \"id\" of the bundle must be a string");
    auto id = core::StixId::Parse(value.AsString());
    if (!id) return Invalid(at, "member \"id\" of the bundle: " + id.error().message);
    if (id->type != "bundle")
      return Invalid(at, "member \"id\" of the bundle: \"" + value.AsString() +
                             "\" is not a bundle identifier (STIX 2.1 section 8)");
    id_ = value.AsString();
  } else if (!bundle && name == "more") {
    if (value.type() != core::JsonType::kBool)
      return Invalid(at, "member \"more\" of the envelope must be a boolean (TAXII 2.1 section 3.7)");
    header_.more = value.AsBool();
  } else if (!bundle && name == "next") {
    if (value.type() != core::JsonType::kString)
      return Invalid(at, "member \"next\" of the envelope must be a string (TAXII 2.1 section 3.7)");
    header_.next = value.AsString();
  } else {
    header_.unknown_members.push_back(name);
  }
  return core::Ok();
}

core::Result<StixBundleHeader> Scanner::Run() {
  header_.bytes = total_bytes_;
  SkipWhitespace();
  const std::string container = container_name();
  if (int c = in_.Get(); c != '{') {
    if (c < 0) {
      if (in_.failed()) return Truncated("the document");
      return Invalid(in_.position(), "the document is empty: expected a STIX " + container);
    }
    return Invalid(in_.position_of_last(), "expected '{' to open a STIX " + container +
                                               ", found " + DescribeByte(c));
  }
  std::set<std::string> seen;
  SkipWhitespace();
  if (in_.Peek() == '}') {
    in_.Get();
  } else {
    for (;;) {
      const TextPosition name_at = in_.position();
      if (int c = in_.Peek(); c != '"') {
        if (c < 0) return Truncated("the " + container);
        in_.Get();
        return Invalid(name_at, "expected a member name in the " + container + ", found " +
                                    DescribeByte(c));
      }
      auto parsed_name = ReadSmallValue("a member name of the " + container);
      if (!parsed_name) return parsed_name.error();
      const std::string name = parsed_name->AsString();
      if (name.size() > kMaxMemberNameBytes)
        return Invalid(name_at, "member name of the " + container + " is too long");
      // RFC 7493 section 2.3: member names are unique.
      if (!seen.insert(name).second)
        return Invalid(name_at, "duplicate member name \"" + name + "\" in the " + container);
      SkipWhitespace();
      if (int c = in_.Get(); c != ':') {
        if (c < 0) return Truncated("the " + container);
        return Invalid(in_.position_of_last(), "expected ':' after member name \"" + name +
                                                   "\", found " + DescribeByte(c));
      }
      SkipWhitespace();
      if (name == "objects") {
        if (auto read = ReadObjects(); !read) return read.error();
      } else {
        const TextPosition value_at = in_.position();
        auto value = ReadSmallValue("member \"" + name + "\"");
        if (!value) return value.error();
        if (auto taken = TakeMember(name, *value, value_at); !taken) return taken.error();
      }
      SkipWhitespace();
      const int c = in_.Get();
      if (c == '}') break;
      if (c < 0) return Truncated("the " + container);
      if (c != ',')
        return Invalid(in_.position_of_last(), "expected ',' or '}' after member \"" + name +
                                                   "\" of the " + container + ", found " +
                                                   DescribeByte(c));
      SkipWhitespace();
    }
  }
  SkipWhitespace();
  if (int c = in_.Peek(); c >= 0) {
    const TextPosition at = in_.position();
    return Invalid(at, "unexpected " + DescribeByte(c) + " after the end of the " + container +
                           " (trailing data)");
  }
  if (in_.failed()) return Truncated("the document");
  if (options_.container == StixContainer::kBundle) {
    if (!type_)
      return Invalid(TextPosition{}, "not a STIX bundle: member \"type\" (\"bundle\") is missing "
                                     "(STIX 2.1 section 8)");
    if (!id_)
      return Invalid(TextPosition{}, "not a STIX bundle: member \"id\" is missing "
                                     "(STIX 2.1 section 8)");
    header_.id = *id_;
  }
  ReportProgress(true);
  return std::move(header_);
}

}  // namespace

std::string FormatTextPosition(const TextPosition& position) {
  char text[96];
  std::snprintf(text, sizeof text, "line %llu, column %llu (byte %llu)",
                static_cast<unsigned long long>(position.line),
                static_cast<unsigned long long>(position.column),
                static_cast<unsigned long long>(position.byte));
  return text;
}

core::Result<StixBundleHeader> ReadStixBundleText(std::string_view text,
                                                  const StixBundleReaderOptions& options,
                                                  const StixObjectCallback& on_object) {
  Input input(text);
  Scanner scanner(input, text.size(), options, on_object);
  return scanner.Run();
}

core::Result<StixBundleHeader> ReadStixBundleFile(const std::filesystem::path& file,
                                                  const StixBundleReaderOptions& options,
                                                  const StixObjectCallback& on_object) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(file, error);
  if (error) {
    if (error == std::errc::no_such_file_or_directory)
      return core::NotFound("stix bundle " + file.string() + ": no such file");
    return core::Unavailable("stix bundle " + file.string() + ": " + error.message());
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> handle(std::fopen(file.c_str(), "rb"),
                                                          &std::fclose);
  if (handle == nullptr) return core::Unavailable("stix bundle " + file.string() + ": cannot open");
  Input input(handle.get(), options.chunk_bytes == 0 ? kStixReadChunkBytes : options.chunk_bytes,
              options.max_object_bytes);
  Scanner scanner(input, size, options, on_object);
  auto header = scanner.Run();
  if (!header) return header.error().Context("stix bundle " + file.string());
  return header;
}

core::Result<core::JsonValue> ParseStixObject(const RawStixObject& object,
                                              const StixBundleReaderOptions& options) {
  core::JsonLimits limits;
  limits.max_depth = options.max_depth;
  limits.max_input_bytes = options.max_object_bytes;
  limits.max_string_bytes = options.max_object_bytes;
  auto value = core::ParseJsonStrict(object.text, limits);
  if (!value)
    return Rebase(value.error(), object.position, "objects[" + std::to_string(object.index) + "]");
  return value;
}

}  // namespace accord::exchange
