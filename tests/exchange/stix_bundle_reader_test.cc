#include "exchange/stix_bundle_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace accord::exchange {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kBundleStart =
    "{\"type\": \"bundle\", \"id\": \"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\", ";

struct Collected {
  std::vector<std::string> texts;
  std::vector<TextPosition> positions;
};

core::Result<StixBundleHeader> Read(std::string_view text, Collected* out = nullptr,
                                    StixBundleReaderOptions options = {}) {
  return ReadStixBundleText(text, options, [out](const RawStixObject& raw) {
    if (out != nullptr) {
      out->texts.emplace_back(raw.text);
      out->positions.push_back(raw.position);
    }
    return core::Ok();
  });
}

std::string WriteTemp(std::string_view name, std::string_view contents) {
  const fs::path path = fs::path(testing::TempDir()) / (std::string("stix_reader_") + std::string(name));
  std::ofstream(path, std::ios::binary) << contents;
  return path.string();
}

TEST(StixBundleReaderTest, HandsOverEachObjectsExactTextAndPosition) {
  const std::string text = std::string(kBundleStart) +
                           "\"objects\": [\n  {\"type\": \"x-a\", \"n\": [1, {\"s\": \"]}\\\"\"}]},\n"
                           "  {\"type\": \"x-b\"}\n]}\n";
  Collected collected;
  auto header = Read(text, &collected);
  ASSERT_TRUE(header) << header.error().ToString();
  EXPECT_EQ(header->id, "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d");
  EXPECT_EQ(header->objects, 2u);
  EXPECT_EQ(header->bytes, text.size());
  ASSERT_EQ(collected.texts.size(), 2u);
  // Brackets and escaped quotes inside strings do not end an object.
  EXPECT_EQ(collected.texts[0], "{\"type\": \"x-a\", \"n\": [1, {\"s\": \"]}\\\"\"}]}");
  EXPECT_EQ(collected.texts[1], "{\"type\": \"x-b\"}");
  EXPECT_EQ(collected.positions[0].line, 2u);
  EXPECT_EQ(collected.positions[0].column, 3u);
  EXPECT_EQ(collected.positions[0].byte, text.find("{\"type\": \"x-a\""));
  EXPECT_EQ(collected.positions[1].line, 3u);
  EXPECT_EQ(collected.positions[1].byte, text.find("{\"type\": \"x-b\""));
}

TEST(StixBundleReaderTest, ListsUnknownTopLevelMembers) {
  const std::string text = std::string(kBundleStart) +
                           "\"spec_version\": \"2.0\", \"objects\": [], \"x_note\": {\"a\": [1]}}";
  auto header = Read(text);
  ASSERT_TRUE(header) << header.error().ToString();
  EXPECT_EQ(header->unknown_members, (std::vector<std::string>{"spec_version", "x_note"}));
  EXPECT_EQ(header->objects, 0u);
}

TEST(StixBundleReaderTest, ReadsATaxiiEnvelope) {
  StixBundleReaderOptions options;
  options.container = StixContainer::kTaxiiEnvelope;
  Collected collected;
  auto header = Read("{\"more\": true, \"next\": \"page-2\", \"objects\": [{\"type\": \"x-a\"}]}",
                     &collected, options);
  ASSERT_TRUE(header) << header.error().ToString();
  EXPECT_EQ(header->more, true);
  EXPECT_EQ(header->next, "page-2");
  EXPECT_EQ(collected.texts.size(), 1u);
}

TEST(StixBundleReaderTest, TruncatedBundleNamesTheEndAndTheObject) {
  const std::string text = std::string(kBundleStart) + "\"objects\": [{\"type\": \"x-a\"},\n {\"type\": \"x-";
  // Line 2 holds 13 characters; the end of input is the 14th column.
  auto header = Read(text);
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(header.error().message,
            "line 2, column 14 (byte " + std::to_string(text.size()) +
                "): unexpected end of input in a string of objects[1]: the document is truncated");
}

TEST(StixBundleReaderTest, TruncatedAfterTheLastObjectIsAnError) {
  auto header = Read(std::string(kBundleStart) + "\"objects\": [{\"type\": \"x-a\"}");
  ASSERT_FALSE(header);
  EXPECT_NE(header.error().message.find("unexpected end of input in member \"objects\""),
            std::string::npos)
      << header.error().message;
}

TEST(StixBundleReaderTest, UnbalancedBracketsAreNamed) {
  const std::string text = std::string(kBundleStart) + "\"objects\": [{\"type\": [1}]}";
  auto header = Read(text);
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().message,
            "line 1, column " + std::to_string(text.find("1}") + 2) + " (byte " +
                std::to_string(text.find("1}") + 1) +
                "): unbalanced brackets in objects[0]: found '}', expected ']'");
}

TEST(StixBundleReaderTest, BadUtf8IsFoundWithItsDocumentPosition) {
  const std::string text = std::string(kBundleStart) + "\"objects\": [\n{\"type\": \"x-\xC3\x28\"}]}";
  Collected collected;
  auto header = ReadStixBundleText(text, {}, [](const RawStixObject& raw) {
    auto parsed = ParseStixObject(raw, {});
    return parsed ? core::Ok() : core::Status(parsed.error());
  });
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().code, core::ErrorCode::kInvalidArgument);
  // The bad byte is on line 2, column 13, at the document's byte offset.
  EXPECT_EQ(header.error().message.rfind("line 2, column 13 (byte " +
                                             std::to_string(text.find('\xC3')) + "): objects[0]: ",
                                         0),
            0u)
      << header.error().message;
}

TEST(StixBundleReaderTest, TrailingDataIsRefused) {
  const std::string text = std::string(kBundleStart) + "\"objects\": []}\n  x";
  auto header = Read(text);
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().message,
            "line 2, column 3 (byte " + std::to_string(text.size() - 1) +
                "): unexpected 'x' after the end of the bundle (trailing data)");
}

TEST(StixBundleReaderTest, DeepNestingStopsAtTheLimit) {
  std::string text = std::string(kBundleStart) + "\"objects\": [{\"x_deep\": ";
  const std::size_t first_bracket = text.size();
  text += std::string(100000, '[');
  auto header = Read(text);
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().code, core::ErrorCode::kResourceExhausted);
  // The object is level 1, so the 64th '[' is the 65th level.
  EXPECT_EQ(header.error().message, "line 1, column " + std::to_string(first_bracket + 64) +
                                        " (byte " + std::to_string(first_bracket + 63) +
                                        "): objects[0] is nested deeper than 64 levels");
}

TEST(StixBundleReaderTest, ObjectOverTheSizeLimitIsRefusedInTextAndFile) {
  const std::string text = std::string(kBundleStart) + "\"objects\": [{\"type\": \"x-a\"}, {\"x_big\": \"" +
                           std::string(5000, 'a') + "\"}]}";
  StixBundleReaderOptions options;
  options.max_object_bytes = 1000;
  options.chunk_bytes = 64;
  const std::string expected = "line 1, column " + std::to_string(text.find("{\"x_big") + 1) +
                               " (byte " + std::to_string(text.find("{\"x_big")) +
                               "): objects[1] is larger than the limit of 1000 bytes";
  auto from_text = Read(text, nullptr, options);
  ASSERT_FALSE(from_text);
  EXPECT_EQ(from_text.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_EQ(from_text.error().message, expected);
  const std::string path = WriteTemp("big.json", text);
  auto from_file = ReadStixBundleFile(path, options, [](const RawStixObject&) { return core::Ok(); });
  ASSERT_FALSE(from_file);
  EXPECT_EQ(from_file.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_EQ(from_file.error().message, "stix bundle " + path + ": " + expected);
}

TEST(StixBundleReaderTest, FileInTinyChunksGivesTheSameObjectsAsText) {
  std::string text = std::string(kBundleStart) + "\"objects\": [";
  for (int i = 0; i < 50; ++i)
    text += std::string(i ? ",\n" : "") + "{\"type\": \"x-a\", \"name\": \"na\\u00efve " +
            std::to_string(i) + " \xE2\x82\xAC\"}";
  text += "]}";
  Collected from_text;
  ASSERT_TRUE(Read(text, &from_text));
  StixBundleReaderOptions options;
  options.chunk_bytes = 7;
  Collected from_file;
  const std::string path = WriteTemp("chunks.json", text);
  auto header = ReadStixBundleFile(path, options, [&from_file](const RawStixObject& raw) {
    from_file.texts.emplace_back(raw.text);
    from_file.positions.push_back(raw.position);
    return core::Ok();
  });
  ASSERT_TRUE(header) << header.error().ToString();
  EXPECT_EQ(from_file.texts, from_text.texts);
  ASSERT_EQ(from_file.positions.size(), 50u);
  for (std::size_t i = 0; i < 50; ++i) {
    EXPECT_EQ(from_file.positions[i].line, from_text.positions[i].line);
    EXPECT_EQ(from_file.positions[i].column, from_text.positions[i].column);
    EXPECT_EQ(from_file.positions[i].byte, from_text.positions[i].byte);
  }
}

TEST(StixBundleReaderTest, NotABundleIsRefused) {
  auto no_type = Read("{\"id\": \"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\", \"objects\": []}");
  ASSERT_FALSE(no_type);
  EXPECT_EQ(no_type.error().message,
            "line 1, column 1 (byte 0): not a STIX bundle: member \"type\" (\"bundle\") is missing "
            "(STIX 2.1 section 8)");
  auto wrong_type = Read("{\"type\": \"report\"}");
  ASSERT_FALSE(wrong_type);
  EXPECT_EQ(wrong_type.error().message, "line 1, column 10 (byte 9): member \"type\" of the bundle "
                                        "must be \"bundle\" (STIX 2.1 section 8)");
  auto wrong_id = Read("{\"type\": \"bundle\", \"id\": \"report--5d0092c5-5f74-4287-9642-33f4c354e56d\"}");
  ASSERT_FALSE(wrong_id);
  EXPECT_NE(wrong_id.error().message.find("is not a bundle identifier"), std::string::npos);
  auto array = Read("[]");
  ASSERT_FALSE(array);
  EXPECT_EQ(array.error().message,
            "line 1, column 1 (byte 0): expected '{' to open a STIX bundle, found '['");
  auto empty = Read("  ");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message,
            "line 1, column 3 (byte 2): the document is empty: expected a STIX bundle");
}

TEST(StixBundleReaderTest, ElementThatIsNotAnObjectIsRefused) {
  auto header = Read(std::string(kBundleStart) + "\"objects\": [{\"type\": \"x-a\"}, \"x\"]}");
  ASSERT_FALSE(header);
  EXPECT_NE(header.error().message.find("objects[1] must be a JSON object (a STIX object), found "
                                        "'\"'"),
            std::string::npos)
      << header.error().message;
}

TEST(StixBundleReaderTest, DuplicateTopLevelMemberIsRefused) {
  auto header = Read(std::string(kBundleStart) + "\"type\": \"bundle\"}");
  ASSERT_FALSE(header);
  EXPECT_NE(header.error().message.find("duplicate member name \"type\" in the bundle"),
            std::string::npos)
      << header.error().message;
}

TEST(StixBundleReaderTest, CallbackErrorStopsTheReading) {
  std::size_t calls = 0;
  auto header = ReadStixBundleText(
      std::string(kBundleStart) + "\"objects\": [{\"type\": \"x-a\"}, {\"type\": \"x-b\"}]}", {},
      [&calls](const RawStixObject&) -> core::Status {
        ++calls;
        return core::Conflict("stop here");
      });
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(calls, 1u);
}

TEST(StixBundleReaderTest, ProgressEndsWithTheWholeDocument) {
  std::string text = std::string(kBundleStart) + "\"objects\": [";
  for (int i = 0; i < 600; ++i) text += std::string(i ? "," : "") + "{\"type\": \"x-a\"}";
  text += "]}";
  StixBundleReaderOptions options;
  std::vector<std::size_t> objects;
  std::uint64_t last_done = 0, last_total = 0;
  options.progress = [&](std::uint64_t done, std::uint64_t total, std::size_t count) {
    EXPECT_GE(done, last_done);
    last_done = done;
    last_total = total;
    objects.push_back(count);
  };
  ASSERT_TRUE(Read(text, nullptr, options));
  EXPECT_EQ(objects, (std::vector<std::size_t>{256, 512, 600}));
  EXPECT_EQ(last_done, text.size());
  EXPECT_EQ(last_total, text.size());
}

TEST(StixBundleReaderTest, ObjectParseErrorIsRebasedOntoTheDocument) {
  const std::string text = std::string(kBundleStart) +
                           "\"objects\": [\n  {\"type\": \"x-a\",\n   \"type\": \"x-b\"}]}";
  auto header = ReadStixBundleText(text, {}, [](const RawStixObject& raw) {
    auto parsed = ParseStixObject(raw, {});
    return parsed ? core::Ok() : core::Status(parsed.error());
  });
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().message.rfind("line 3, column 4 (byte " +
                                             std::to_string(text.rfind("\"type\"")) +
                                             "): objects[0]: duplicate member name",
                                         0),
            0u)
      << header.error().message;
}

TEST(StixBundleReaderTest, MissingFileIsNotFound) {
  auto header = ReadStixBundleFile(fs::path(testing::TempDir()) / "no-such-bundle.json", {},
                                   [](const RawStixObject&) { return core::Ok(); });
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().code, core::ErrorCode::kNotFound);
  EXPECT_NE(header.error().message.find("no-such-bundle.json"), std::string::npos);
}

}  // namespace
}  // namespace accord::exchange
