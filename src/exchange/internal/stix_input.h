// The byte source of the streaming STIX bundle reader
// (stix_bundle_reader.cc): a document in memory, or a file read in chunks,
// with the position of the next byte and captures of contiguous values.
// Internal to exchange.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "exchange/stix_bundle_reader.h"

namespace accord::exchange::internal {

// The bytes of the document, from memory or read from a file in chunks. It
// keeps the position (line, column, byte) of the next byte, and while a
// capture is open it keeps every byte since the capture began, so that a
// captured value is one contiguous view. Outside captures, bytes already
// read are dropped at the next refill: that is the memory bound.
class Input {
 public:
  explicit Input(std::string_view text) : data_(text.data()), size_(text.size()) {}
  Input(std::FILE* file, std::size_t chunk_bytes, std::size_t max_capture_bytes)
      : file_(file), chunk_bytes_(chunk_bytes), max_capture_bytes_(max_capture_bytes) {}

  // The next byte (0..255), or -1 at the end of the input (or after a read
  // error or an over-long capture: see failed() and over_limit()).
  int Peek() {
    if (pos_ < size_) return static_cast<unsigned char>(data_[pos_]);
    if (!Refill()) return -1;
    return static_cast<unsigned char>(data_[pos_]);
  }
  // Consumes and returns the next byte, or -1 as Peek.
  int Get() {
    const int c = Peek();
    if (c < 0) return c;
    ++pos_;
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column_;  // columns count characters, not UTF-8 continuation bytes
    }
    return c;
  }

  // Moves over the bytes of a string up to the next '"' or '\\' (not
  // consumed), in bulk: strings are most of a bundle. Returns false at the
  // end of the input. A raw newline inside a string is invalid JSON, which
  // the strict parse reports, so only columns are counted here.
  bool SkipStringBytes() {
    for (;;) {
      const char* start = data_ + pos_;
      const std::size_t available = size_ - pos_;
      // memchr is vectorised; the count below has no early exit, so it is too.
      const void* quote = std::memchr(start, '"', available);
      std::size_t run = quote ? static_cast<std::size_t>(static_cast<const char*>(quote) - start)
                              : available;
      if (const void* escape = std::memchr(start, '\\', run))
        run = static_cast<std::size_t>(static_cast<const char*>(escape) - start);
      std::uint64_t characters = 0;
      for (std::size_t i = 0; i < run; ++i)
        characters += (static_cast<unsigned char>(start[i]) & 0xC0) != 0x80;
      column_ += characters;
      pos_ += run;
      if (pos_ != size_) return true;
      if (!Refill()) return false;
    }
  }

  // Moves over spaces, tabs, carriage returns and newlines in bulk (pretty
  // printed bundles are a third whitespace).
  void SkipWhitespace() {
    for (;;) {
      while (pos_ != size_) {
        const char c = data_[pos_];
        if (c == ' ') {  // indentation: runs of spaces
          std::size_t end = pos_ + 1;
          while (end != size_ && data_[end] == ' ') ++end;
          column_ += end - pos_;
          pos_ = end;
          continue;
        }
        if (c == '\t' || c == '\r') {
          ++column_;
        } else if (c == '\n') {
          ++line_;
          column_ = 1;
        } else {
          return;
        }
        ++pos_;
      }
      if (!Refill()) return;
    }
  }

  TextPosition position() const { return {line_, column_, base_offset_ + pos_}; }
  // The position of the byte Get just returned. REQUIRES: it was not '\n'
  // nor a UTF-8 continuation byte (true of every byte an error names).
  TextPosition position_of_last() const { return {line_, column_ - 1, base_offset_ + pos_ - 1}; }

  void BeginCapture() {
    capturing_ = true;
    capture_start_ = pos_;
  }
  // The bytes since BeginCapture; valid until the next Peek or Get.
  std::string_view EndCapture() {
    capturing_ = false;
    return std::string_view(data_ + capture_start_, pos_ - capture_start_);
  }
  std::size_t captured_bytes() const { return pos_ - capture_start_; }

  bool failed() const { return read_failed_; }
  bool over_limit() const { return over_limit_; }

 private:
  bool Refill() {
    if (file_ == nullptr || read_failed_ || over_limit_) return false;
    // Keep the open capture, drop everything before it.
    const std::size_t keep_from = capturing_ ? capture_start_ : pos_;
    const std::size_t kept = size_ - keep_from;
    if (capturing_ && kept > max_capture_bytes_) {
      over_limit_ = true;
      return false;
    }
    if (keep_from > 0) buffer_.erase(0, keep_from);
    base_offset_ += keep_from;
    pos_ -= keep_from;
    if (capturing_) capture_start_ = 0;
    buffer_.resize(kept + chunk_bytes_);
    const std::size_t read = std::fread(buffer_.data() + kept, 1, chunk_bytes_, file_);
    buffer_.resize(kept + read);
    data_ = buffer_.data();
    size_ = buffer_.size();
    if (read == 0) {
      if (std::ferror(file_)) read_failed_ = true;
      return false;
    }
    return true;
  }

  std::FILE* file_ = nullptr;
  std::size_t chunk_bytes_ = 0;
  std::size_t max_capture_bytes_ = 0;
  std::string buffer_;  // file mode: the bytes from base_offset_ on
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t pos_ = 0;              // next byte, as an index into data_
  std::uint64_t base_offset_ = 0;    // document offset of data_[0]
  std::uint64_t line_ = 1;
  std::uint64_t column_ = 1;
  bool capturing_ = false;
  std::size_t capture_start_ = 0;
  bool read_failed_ = false;
  bool over_limit_ = false;
};

}  // namespace accord::exchange::internal
