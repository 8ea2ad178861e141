// A streaming reader of STIX 2.1 bundles (STIX 2.1 section 8) and TAXII 2.1
// envelopes (TAXII 2.1 section 3.7), for imports of any size in bounded
// memory (issue 7).
//
// The reader never builds a tree of the whole document. It scans the bytes,
// tracking strings, escapes and nesting only, finds each element of the
// top-level "objects" array as a byte range, and hands that text to a
// callback, which usually parses it with the strict reader
// (ParseStixObject, core::ParseJsonStrict). A file is read in chunks, so
// memory is bounded by one chunk plus the largest object, whatever the
// size of the file. Every other top-level member's value is parsed strictly
// as well, so a document the reader accepts is strict I-JSON throughout.
//
// Whole-document errors (not JSON, truncated, unbalanced brackets, bad
// UTF-8, trailing data, nesting deeper than the limit, an object larger
// than the limit, not a bundle) stop the reading with one error whose
// message starts "line L, column C (byte B): ", the same form as
// core::ParseJsonStrict, counted from the start of the document.
//
// What the objects mean (validation, versions, mapping) is left to
// stix_validation.h and stix_import.h. Thread-safe: no state is shared
// between calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_value.h"
#include "core/result.h"

namespace accord::exchange {

// The default limits, shared with StixImportOptions. 16 MiB per object is
// far above real objects (the largest in ATT&CK for ICS is 212 KB) and far
// below what would hurt a node; 64 levels is what core::JsonLimits allows.
inline constexpr std::size_t kDefaultMaxStixObjectBytes = std::size_t{16} << 20;
inline constexpr std::size_t kDefaultMaxStixDepth = 64;
// Bytes read from a file at a time: large enough that reads are cheap,
// small enough not to matter beside the object limit.
inline constexpr std::size_t kStixReadChunkBytes = std::size_t{1} << 20;

// Which container the document is.
enum class StixContainer {
  kBundle,         // {"type": "bundle", "id": "bundle--…", "objects": [...]}
  kTaxiiEnvelope,  // {"more": bool, "next": "…", "objects": [...]}
};

struct StixBundleReaderOptions {
  StixContainer container = StixContainer::kBundle;
  // An element of "objects" (or another top-level value) longer than this
  // stops the reading with kResourceExhausted.
  std::size_t max_object_bytes = kDefaultMaxStixObjectBytes;
  // Nesting depth allowed inside one object, the object itself being
  // depth 1 (as core::JsonLimits::max_depth counts).
  std::size_t max_depth = kDefaultMaxStixDepth;
  std::size_t chunk_bytes = kStixReadChunkBytes;
  // Called now and then while reading (about every 256 objects or 1 MiB)
  // and once at the end, with the bytes scanned so far, the document's size
  // and the objects handed over so far.
  std::function<void(std::uint64_t bytes_done, std::uint64_t bytes_total, std::size_t objects)>
      progress;
};

// A place in the document. Lines and columns count from 1, columns in
// characters (UTF-8 sequences), bytes from 0: as core::ParseJsonStrict.
struct TextPosition {
  std::uint64_t line = 1;
  std::uint64_t column = 1;
  std::uint64_t byte = 0;
};

// "line L, column C (byte B)".
std::string FormatTextPosition(const TextPosition& position);

// One element of the "objects" array, as found.
struct RawStixObject {
  std::size_t index = 0;   // its place in the array, from 0
  std::string_view text;   // its exact bytes; valid only during the callback
  TextPosition position;   // where it starts in the document
};

// What the reader learnt about the container itself.
struct StixBundleHeader {
  std::string id;                    // the bundle's id; "" for an envelope
  std::optional<bool> more;          // envelope only
  std::optional<std::string> next;   // envelope only
  // Top-level member names the container's definition does not have
  // (STIX 2.1 section 8: type, id, objects; TAXII 2.1 section 3.7: more,
  // next, objects), in document order. A STIX 2.0 bundle's spec_version
  // lands here.
  std::vector<std::string> unknown_members;
  std::size_t objects = 0;   // elements of "objects"
  std::uint64_t bytes = 0;   // size of the document
};

// Receives each element of "objects" in order. Returning an error stops
// the reading, and the reader returns that error unchanged.
using StixObjectCallback = std::function<core::Status(const RawStixObject& object)>;

// Reads a document held in memory. Returns the header, or the first
// document error: kInvalidArgument (syntax, structure, not a bundle or
// envelope), kResourceExhausted (an object or value over max_object_bytes,
// nesting over max_depth), or whatever `on_object` returned.
core::Result<StixBundleHeader> ReadStixBundleText(std::string_view text,
                                                  const StixBundleReaderOptions& options,
                                                  const StixObjectCallback& on_object);

// Reads a file in chunks of options.chunk_bytes; as ReadStixBundleText,
// plus kNotFound if the file does not exist and kUnavailable on a read
// error (each naming the path).
core::Result<StixBundleHeader> ReadStixBundleFile(const std::filesystem::path& file,
                                                  const StixBundleReaderOptions& options,
                                                  const StixObjectCallback& on_object);

// Parses one object's text with core::ParseJsonStrict under the options'
// limits. The error message's position is rebased onto the document and
// names the element: `line 40, column 12 (byte 1789): objects[3]: duplicate
// member name "id"`.
core::Result<core::JsonValue> ParseStixObject(const RawStixObject& object,
                                              const StixBundleReaderOptions& options);

}  // namespace accord::exchange
