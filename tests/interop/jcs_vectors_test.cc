// RFC 8785 test vectors from the RFC author's reference repository
// (cyberphone/json-canonicalization, testdata/), kept read-only in
// $ACCORD_SHARED_DATA/jcs: input/<name>.json must canonicalize to exactly
// the bytes of output/<name>.json, which outhex/<name>.txt repeats as hex.
// The test fails, never skips, when the data is missing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/canonical_json.h"
#include "core/file_io.h"

namespace accord::core {
namespace {

namespace fs = std::filesystem;

// The jcs folder, or an empty path after recording a failure.
fs::path JcsFolder() {
  const char* shared = std::getenv("ACCORD_SHARED_DATA");
  if (shared == nullptr || *shared == '\0') {
    ADD_FAILURE() << "ACCORD_SHARED_DATA is not set; it must name the shared conformance data "
                     "folder holding jcs/input, jcs/output and jcs/outhex";
    return {};
  }
  const fs::path folder = fs::path(shared) / "jcs";
  std::error_code error;
  if (!fs::is_directory(folder / "input", error)) {
    ADD_FAILURE() << "missing folder " << (folder / "input") << " (ACCORD_SHARED_DATA=" << shared
                  << ")";
    return {};
  }
  return folder;
}

std::vector<fs::path> InputFiles(const fs::path& folder) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder / "input", error)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Read(const fs::path& path) {
  auto contents = ReadFile(path);
  EXPECT_TRUE(contents.has_value()) << contents.error().ToString();
  return contents.has_value() ? *contents : std::string();
}

// "7b 22 6c\n..." -> the bytes; fails the test on anything but hex pairs.
std::string DecodeHex(std::string_view text, const fs::path& path) {
  std::string bytes;
  int high = -1;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) {
      ADD_FAILURE() << path << ": unexpected character '" << c << "' in hex";
      return {};
    }
    if (high < 0) {
      high = digit;
    } else {
      bytes += static_cast<char>(high * 16 + digit);
      high = -1;
    }
  }
  if (high >= 0) ADD_FAILURE() << path << ": odd number of hex digits";
  return bytes;
}

TEST(JcsVectorsTest, FolderHoldsInputs) {
  const fs::path folder = JcsFolder();
  if (folder.empty()) return;
  EXPECT_FALSE(InputFiles(folder).empty()) << (folder / "input") << " holds no files";
}

TEST(JcsVectorsTest, EveryInputCanonicalizesToItsOutputByteForByte) {
  const fs::path folder = JcsFolder();
  if (folder.empty()) return;
  const std::vector<fs::path> inputs = InputFiles(folder);
  ASSERT_FALSE(inputs.empty()) << (folder / "input") << " holds no files";
  for (const fs::path& input : inputs) {
    SCOPED_TRACE(input.string());
    const fs::path output = folder / "output" / input.filename();
    ASSERT_TRUE(fs::exists(output)) << "no expected output " << output;
    auto canonical = CanonicalizeJson(Read(input));
    ASSERT_TRUE(canonical.has_value()) << canonical.error().ToString();
    EXPECT_EQ(*canonical, Read(output));
  }
}

TEST(JcsVectorsTest, EveryOutputAgreesWithItsHexForm) {
  // outhex/ is the same canonical bytes written as hex: a check on the data
  // itself (no newline or encoding change crept into output/) and on us.
  const fs::path folder = JcsFolder();
  if (folder.empty()) return;
  const std::vector<fs::path> inputs = InputFiles(folder);
  ASSERT_FALSE(inputs.empty()) << (folder / "input") << " holds no files";
  for (const fs::path& input : inputs) {
    SCOPED_TRACE(input.string());
    const fs::path hex = folder / "outhex" / input.filename().replace_extension(".txt");
    ASSERT_TRUE(fs::exists(hex)) << "no expected hex " << hex;
    const std::string expected = DecodeHex(Read(hex), hex);
    EXPECT_EQ(Read(folder / "output" / input.filename()), expected);
    auto canonical = CanonicalizeJson(Read(input));
    ASSERT_TRUE(canonical.has_value()) << canonical.error().ToString();
    EXPECT_EQ(*canonical, expected);
  }
}

TEST(JcsVectorsTest, CanonicalOutputsAreFixedPoints) {
  // Canonicalizing a canonical form must not change a byte.
  const fs::path folder = JcsFolder();
  if (folder.empty()) return;
  for (const fs::path& input : InputFiles(folder)) {
    SCOPED_TRACE(input.string());
    const std::string expected = Read(folder / "output" / input.filename());
    auto canonical = CanonicalizeJson(expected);
    ASSERT_TRUE(canonical.has_value()) << canonical.error().ToString();
    EXPECT_EQ(*canonical, expected);
  }
}

}  // namespace
}  // namespace accord::core
