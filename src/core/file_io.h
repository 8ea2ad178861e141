// Whole-file reads with a size bound and crash-safe whole-file writes. Every
// file accord writes that must never be seen half-written (keys, configs,
// checkpoints) goes through WriteFileAtomically.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace accord::core {

// Reads the whole file. Fails with kNotFound if it does not exist,
// kResourceExhausted if it is larger than `max_bytes`, kUnavailable on other
// I/O errors. The message names the path.
Result<std::string> ReadFile(const std::filesystem::path& path,
                             std::uint64_t max_bytes = 64u << 20);

enum class FileMode : unsigned { kPublic = 0644, kPrivate = 0600 };

// Writes `contents` to `path` so that a crash at any moment leaves either the
// old file or the new one, never a mix: write a temporary file beside it,
// fsync it, rename it over `path`, then fsync the directory.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view contents,
                           FileMode mode = FileMode::kPublic);

// Like WriteFileAtomically but fails with kConflict if `path` already exists
// (used for keys, which must never be overwritten by accident).
Status CreateFileExclusively(const std::filesystem::path& path, std::string_view contents,
                             FileMode mode);

// fsyncs a directory so that renames and creations inside it are durable.
Status SyncDirectory(const std::filesystem::path& dir);

}  // namespace accord::core
