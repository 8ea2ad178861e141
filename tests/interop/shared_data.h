// Where the interop tests find the third-party material they check against:
// the folder named by the environment variable ACCORD_SHARED_DATA (CMake
// passes ../shared/data). Interop tests fail, never skip, without it, so
// the helper records a GoogleTest failure rather than returning an error.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace accord::interop_test {

// $ACCORD_SHARED_DATA/`relative` ($ACCORD_SHARED_DATA itself when `relative`
// is empty). When the variable is unset or empty, or the folder is not a
// directory, records a failure that says which and returns an empty path:
// callers ASSERT_FALSE(folder.empty()) before reading.
inline std::filesystem::path SharedDataFolder(const std::filesystem::path& relative = {}) {
  const char* shared = std::getenv("ACCORD_SHARED_DATA");
  if (shared == nullptr || *shared == '\0') {
    ADD_FAILURE() << "ACCORD_SHARED_DATA is not set; it must name the shared data folder"
                  << (relative.empty() ? "" : " holding " + relative.generic_string() + "/");
    return {};
  }
  const std::filesystem::path folder =
      relative.empty() ? std::filesystem::path(shared) : std::filesystem::path(shared) / relative;
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) {
    ADD_FAILURE() << "missing folder " << folder << " (ACCORD_SHARED_DATA=" << shared << ")";
    return {};
  }
  return folder;
}

}  // namespace accord::interop_test
