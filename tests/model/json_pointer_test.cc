// Tests of model/json_pointer.h against RFC 6901: the example document and
// pointers of section 5, the escaping of section 3 and the array rules of
// section 4.
#include "model/json_pointer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/json_reader.h"

namespace accord::model {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// RFC 6901 section 5.
constexpr std::string_view kRfcDocument = R"({
  "foo": ["bar", "baz"],
  "": 0,
  "a/b": 1,
  "c%d": 2,
  "e^f": 3,
  "g|h": 4,
  "i\\j": 5,
  "k\"l": 6,
  " ": 7,
  "m~n": 8
})";

core::JsonValue RfcDocument() {
  auto parsed = core::ParseJsonStrict(kRfcDocument);
  EXPECT_TRUE(parsed.has_value());
  return parsed.has_value() ? *parsed : core::JsonValue();
}

TEST(JsonPointerTest, ResolvesTheRfc6901Section5Examples) {
  const core::JsonValue document = RfcDocument();
  EXPECT_EQ(ResolvePointer(document, ""), &document);
  const core::JsonValue* foo = ResolvePointer(document, "/foo");
  ASSERT_NE(foo, nullptr);
  EXPECT_EQ(foo->AsArray().size(), 2u);
  EXPECT_EQ(ResolvePointer(document, "/foo/0")->AsString(), "bar");
  EXPECT_EQ(ResolvePointer(document, "/")->AsNumber(), 0);
  EXPECT_EQ(ResolvePointer(document, "/a~1b")->AsNumber(), 1);
  EXPECT_EQ(ResolvePointer(document, "/c%d")->AsNumber(), 2);
  EXPECT_EQ(ResolvePointer(document, "/e^f")->AsNumber(), 3);
  EXPECT_EQ(ResolvePointer(document, "/g|h")->AsNumber(), 4);
  EXPECT_EQ(ResolvePointer(document, "/i\\j")->AsNumber(), 5);
  EXPECT_EQ(ResolvePointer(document, "/k\"l")->AsNumber(), 6);
  EXPECT_EQ(ResolvePointer(document, "/ ")->AsNumber(), 7);
  EXPECT_EQ(ResolvePointer(document, "/m~0n")->AsNumber(), 8);
}

TEST(JsonPointerTest, ResolvesNothingForMissingOrMalformedReferences) {
  const core::JsonValue document = RfcDocument();
  EXPECT_EQ(ResolvePointer(document, "/bar"), nullptr);
  EXPECT_EQ(ResolvePointer(document, "/foo/2"), nullptr);
  // Section 4: "-" is the (nonexistent) element after the last, and
  // indices have no leading zeros.
  EXPECT_EQ(ResolvePointer(document, "/foo/-"), nullptr);
  EXPECT_EQ(ResolvePointer(document, "/foo/01"), nullptr);
  EXPECT_EQ(ResolvePointer(document, "/foo/+1"), nullptr);
  EXPECT_EQ(ResolvePointer(document, "/foo/0/x"), nullptr);  // into a string
  EXPECT_EQ(ResolvePointer(document, "/a/b"), nullptr);      // "/" must be "~1"
  EXPECT_EQ(ResolvePointer(document, "foo"), nullptr);
  EXPECT_EQ(ResolvePointer(document, "/m~2n"), nullptr);
  EXPECT_EQ(ResolvePointer(document, "/foo/99999999999999999999999"), nullptr);
}

TEST(JsonPointerTest, EscapesTildeBeforeSlash) {
  // Section 3: "~" becomes "~0" and "/" becomes "~1"; escaping "~" first
  // keeps "~1" in a name from turning into "/".
  EXPECT_EQ(EscapePointerToken("a/b"), "a~1b");
  EXPECT_EQ(EscapePointerToken("m~n"), "m~0n");
  EXPECT_EQ(EscapePointerToken("~1"), "~01");
  EXPECT_EQ(EscapePointerToken(""), "");
  EXPECT_EQ(AppendPointerToken("/field_tlp", "/narrative"), "/field_tlp/~1narrative");
  EXPECT_EQ(AppendPointerIndex("/indicators", 12), "/indicators/12");
}

TEST(JsonPointerTest, ParseUnescapesEachToken) {
  // Section 4: "~01" is "~1", not "/".
  auto tokens = ParsePointer("/a~1b/~01/m~0n//");
  ASSERT_TRUE(tokens.has_value());
  EXPECT_THAT(*tokens, ElementsAre("a/b", "~1", "m~n", "", ""));
  EXPECT_THAT(*ParsePointer(""), ElementsAre());
}

TEST(JsonPointerTest, ParseRejectsMalformedPointersNamingThePlace) {
  auto no_slash = ParsePointer("foo");
  ASSERT_FALSE(no_slash.has_value());
  EXPECT_EQ(no_slash.error().message, "json pointer: must be empty or start with \"/\"");
  auto bad_escape = ParsePointer("/a~2");
  ASSERT_FALSE(bad_escape.has_value());
  EXPECT_EQ(bad_escape.error().message,
            "json pointer: \"~\" at byte 2 is not followed by \"0\" or \"1\"");
  auto trailing = ParsePointer("/a~");
  ASSERT_FALSE(trailing.has_value());
  EXPECT_THAT(trailing.error().message, HasSubstr("at byte 2"));
}

}  // namespace
}  // namespace accord::model
