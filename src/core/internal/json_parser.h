// The strict JSON reader's parser (core/json_reader.h), shared by its two
// source files: json_reader.cc walks the structure (containers, member
// names, limits, error positions), json_reader_lexemes.cc reads the tokens
// inside it (strings with their escapes and UTF-8, numbers, literals).
//
// Not part of the module's interface: only core/json_reader*.cc include this.
#pragma once

#include <array>
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/json_reader.h"

namespace accord::core::internal {

// Objects up to this many members are checked for duplicate names by a
// linear scan; larger ones switch to a hash set so that a hostile object
// with many members costs linear, not quadratic, time.
constexpr std::size_t kLinearDuplicateScanLimit = 32;

// Bytes a string may contain literally and that need no further look:
// printable ASCII except '"' and '\'. RFC 8259 section 7.
constexpr std::array<bool, 256> kPlainStringByte = [] {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x80; ++c) table[c] = c != '"' && c != '\\';
  return table;
}();

inline bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "0x41": a byte's value, for messages.
std::string Hex2(unsigned char byte);

// How a byte is named in a message: 'x' for printable ASCII, otherwise its
// value, so that control characters and stray UTF-8 stay readable.
std::string DescribeByte(unsigned char byte);

// One array or object whose closing bracket has not been read yet. The
// reader keeps these on a heap stack instead of recursing. The container's
// elements or members so far sit on the parser's shared value or member
// stack from index `first` on, and move into an exactly sized vector when
// it closes: a document pays for stack growth once, not per container.
struct Frame {
  bool is_object = false;
  std::size_t first = 0;
  // Names of the members so far, filled only once the object outgrows the
  // linear scan.
  std::unordered_set<std::string> names;
};

// Moves `stack[first..]` into a vector of its own and drops it from `stack`.
template <typename T>
std::vector<T> TakeFrom(std::vector<T>& stack, std::size_t first) {
  const auto begin = stack.begin() + static_cast<std::ptrdiff_t>(first);
  std::vector<T> taken(std::make_move_iterator(begin), std::make_move_iterator(stack.end()));
  stack.erase(begin, stack.end());
  return taken;
}

class Parser {
 public:
  Parser(std::string_view text, const JsonLimits& limits)
      : begin_(text.data()),
        cursor_(text.data()),
        end_(text.data() + text.size()),
        limits_(limits) {}

  Result<JsonValue> Parse();

 private:
  Error ErrorAt(ErrorCode code, const char* at, std::string_view reason) const;
  Error Invalid(const char* at, std::string_view reason) const {
    return ErrorAt(ErrorCode::kInvalidArgument, at, reason);
  }
  Error Exhausted(const char* at, std::string_view reason) const {
    return ErrorAt(ErrorCode::kResourceExhausted, at, reason);
  }
  // "end of input" or the byte at `at`, for "unexpected ..." messages.
  std::string Found(const char* at) const {
    return at == end_ ? "end of input" : DescribeByte(static_cast<unsigned char>(*at));
  }

  void SkipWhitespace() {
    // RFC 8259 section 2: ws = *( %x20 / %x09 / %x0A / %x0D ).
    while (cursor_ != end_ &&
           (*cursor_ == ' ' || *cursor_ == '\n' || *cursor_ == '\r' || *cursor_ == '\t')) {
      ++cursor_;
    }
  }

  Status ParseMemberName(Frame& frame, bool after_comma);
  Status ParseString(std::string& out);
  Status ParseEscape(std::string& out);
  Status SkipUtf8Sequence();
  Result<double> ParseNumber();
  Status ParseLiteral(std::string_view word);

  const char* const begin_;
  const char* cursor_;
  const char* const end_;
  const JsonLimits limits_;
  // Elements and members of the open containers, innermost last. In an
  // object the last member is the one whose value is being read.
  std::vector<JsonValue> values_;
  std::vector<JsonMember> members_;
};

}  // namespace accord::core::internal
