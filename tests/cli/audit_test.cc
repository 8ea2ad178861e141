#include "cli/audit.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "ledger/merkle.h"

namespace accord::cli {
namespace {

using ledger::Checkpoint;
using ledger::Hash;

// --- the first difference of a JSON report (pointers: RFC 6901)

constexpr std::string_view kReport =
    R"({"checkpoint":{"tree_size":31},"figures":{"global":{"incidents.reported":6},"states":{}},"year":2026})"
    "\n";

TEST(FirstJsonDifferenceTest, EqualBytesHaveNoDifference) {
  EXPECT_FALSE(FirstJsonDifference(kReport, kReport).has_value());
}

TEST(FirstJsonDifferenceTest, NamesThePointerOfAnEditedFigureAndBothValues) {
  std::string edited(kReport);
  edited.replace(edited.find(":6}"), 3, ":7}");
  auto found = FirstJsonDifference(edited, kReport);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->where, "/figures/global/incidents.reported");
  EXPECT_EQ(found->published, "7");
  EXPECT_EQ(found->recomputed, "6");
  EXPECT_EQ(found->Describe(), "/figures/global/incidents.reported: node says 7, log gives 6");
}

TEST(FirstJsonDifferenceTest, FirstDifferenceInCanonicalOrderWins) {
  // Both the checkpoint and the figures differ: "checkpoint" sorts first.
  auto found = FirstJsonDifference(
      R"({"checkpoint":{"tree_size":30},"figures":{"global":{"incidents.reported":7},"states":{}},"year":2026})",
      kReport);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->where, "/checkpoint/tree_size");
}

TEST(FirstJsonDifferenceTest, NamesAMemberOnlyOneSideHas) {
  auto missing = FirstJsonDifference(R"({"a":1})", R"({"a":1,"b":2})");
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->where, "/b");
  EXPECT_EQ(missing->published, "(absent)");
  EXPECT_EQ(missing->recomputed, "2");
  auto extra = FirstJsonDifference(R"({"a":1,"z":{"x":1}})", R"({"a":1})");
  ASSERT_TRUE(extra.has_value());
  EXPECT_EQ(extra->where, "/z");
  EXPECT_EQ(extra->recomputed, "(absent)");
}

TEST(FirstJsonDifferenceTest, EscapesSlashAndTildeInPointerTokens) {
  // RFC 6901 section 3: "~" is "~0" and "/" is "~1".
  auto found = FirstJsonDifference(R"({"a/b":{"m~n":1}})", R"({"a/b":{"m~n":2}})");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->where, "/a~1b/m~0n");
}

TEST(FirstJsonDifferenceTest, NamesArrayIndexes) {
  auto found = FirstJsonDifference(R"({"v":["1","2"]})", R"({"v":["1","3","4"]})");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->where, "/v/1");
  EXPECT_EQ(found->published, "\"2\"");
  auto longer = FirstJsonDifference(R"({"v":["1"]})", R"({"v":["1","3"]})");
  ASSERT_TRUE(longer.has_value());
  EXPECT_EQ(longer->where, "/v/1");
  EXPECT_EQ(longer->published, "(absent)");
}

TEST(FirstJsonDifferenceTest, ADifferenceOnlyInSpellingIsAByteDifference) {
  // Same values, other bytes: the node must publish exactly the log's bytes.
  auto found = FirstJsonDifference("{\"a\": 1}\n", "{\"a\":1}\n");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->where, "byte 5");
}

TEST(FirstJsonDifferenceTest, APublishedTextThatIsNotJsonIsADifferenceOfTheDocument) {
  auto found = FirstJsonDifference("<html>", kReport);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->where, "");
  EXPECT_NE(found->published.find("not JSON"), std::string::npos) << found->published;
  EXPECT_EQ(found->Describe().rfind("the document: node says something that is not JSON", 0), 0u)
      << found->Describe();
}

TEST(FirstJsonDifferenceTest, HostileTextIsQuotedNotPrintedRaw) {
  auto found = FirstJsonDifference(R"({"a":"\u001b[2Jgone"})", R"({"a":"x"})");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->Describe().find('\x1b'), std::string::npos) << found->Describe();
}

TEST(FirstJsonDifferenceTest, HostileMemberNamesInThePointerAreEscaped) {
  auto found = FirstJsonDifference(R"({"\u001b]0;x":1})", R"({"a":1})");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->where, R"("/\x1b]0;x")");
}

// --- CSV (RFC 4180) and HTML

constexpr std::string_view kCsv =
    "scope,figure,value\r\nreport,schema,accord.transparency-report/"
    "1\r\nglobal,incidents.reported,6\r\n"
    "global,\"a,b\",1\r\n";

TEST(FirstCsvDifferenceTest, NamesTheRowScopeAndFigureOfAnEditedValue) {
  std::string edited(kCsv);
  edited.replace(edited.find("reported,6"), 10, "reported,7");
  auto found = FirstCsvDifference(edited, kCsv);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->where, "row 3 (global,incidents.reported)");
  EXPECT_EQ(found->published, "global,incidents.reported,7");
  EXPECT_EQ(found->recomputed, "global,incidents.reported,6");
  EXPECT_FALSE(FirstCsvDifference(kCsv, kCsv).has_value());
}

TEST(FirstCsvDifferenceTest, NamesAMissingRow) {
  std::string shorter(kCsv.substr(0, kCsv.find("global,\"a")));
  auto found = FirstCsvDifference(shorter, kCsv);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->where, "row 4 (global,a,b)");
  EXPECT_EQ(found->published, "(absent)");
}

TEST(ParseCsvRecordsTest, ReadsQuotedFieldsWithCommasAndDoubledQuotes) {
  auto records = ParseCsvRecords("a,\"b,c\",\"say \"\"hi\"\"\"\r\nd\n");
  ASSERT_TRUE(records.has_value()) << records.error().message;
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0], (std::vector<std::string>{"a", "b,c", "say \"hi\""}));
  EXPECT_EQ((*records)[1], (std::vector<std::string>{"d"}));
}

TEST(ParseCsvRecordsTest, RejectsAnUnterminatedQuoteNamingTheRecord) {
  auto records = ParseCsvRecords("a,b\r\n\"open,c\r\n");
  ASSERT_FALSE(records.has_value());
  EXPECT_EQ(records.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(records.error().message, "csv record 2: unterminated quoted field");
}

TEST(ParseCsvRecordsTest, RejectsTextAfterAClosingQuote) {
  auto records = ParseCsvRecords("\"a\"b\r\n");
  ASSERT_FALSE(records.has_value());
  EXPECT_NE(records.error().message.find("csv record 1: \"b\" after a closing quote"),
            std::string::npos)
      << records.error().message;
}

TEST(FirstCsvDifferenceTest, PublishedTextThatIsNotCsvIsADifference) {
  auto found = FirstCsvDifference("\"open", kCsv);
  ASSERT_TRUE(found.has_value());
  EXPECT_NE(found->published.find("not CSV"), std::string::npos);
}

TEST(FirstLineDifferenceTest, NamesTheFirstDifferingLine) {
  auto found =
      FirstLineDifference("<html>\n<td>7</td>\n</html>\n", "<html>\n<td>6</td>\n</html>\n");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->where, "line 2");
  EXPECT_EQ(found->published, "<td>7</td>");
  EXPECT_EQ(found->recomputed, "<td>6</td>");
  EXPECT_FALSE(FirstLineDifference("a\nb\n", "a\nb\n").has_value());
  auto longer = FirstLineDifference("a\n", "a\nb\n");
  ASSERT_TRUE(longer.has_value());
  EXPECT_EQ(longer->where, "line 2");
  // Only the final newline differs: the lines agree, the bytes do not.
  auto newline = FirstLineDifference("a\nb", "a\nb\n");
  ASSERT_TRUE(newline.has_value());
  EXPECT_EQ(newline->where, "byte 3");
}

TEST(FirstLineDifferenceTest, QuotesALineWhoseOnlyChangeIsATrailingSpace) {
  auto found = FirstLineDifference("<p>a \n", "<p>a\n");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->published, "\"<p>a \"");
  EXPECT_EQ(found->recomputed, "<p>a");
}

// --- the checkpoint kept from the last audit

Hash Filled(std::uint8_t byte) {
  Hash hash{};
  hash.fill(byte);
  return hash;
}

Checkpoint At(std::uint64_t size, std::uint8_t root) {
  Checkpoint checkpoint;
  checkpoint.origin = "log.example";
  checkpoint.tree_size = size;
  checkpoint.root_hash = Filled(root);
  return checkpoint;
}

auto Unreachable() {
  return [](std::uint64_t) -> core::Result<Hash> {
    ADD_FAILURE() << "root_at called where no older root is needed";
    return Hash{};
  };
}

TEST(CompareWithSavedTest, NothingKeptIsAFirstAudit) {
  auto history = CompareWithSaved(std::nullopt, At(5, 1), Unreachable());
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(*history, CheckpointHistory::kFirstAudit);
}

TEST(CompareWithSavedTest, TheSameTreeIsTheSame) {
  auto history = CompareWithSaved(At(5, 1), At(5, 1), Unreachable());
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(*history, CheckpointHistory::kSame);
}

TEST(CompareWithSavedTest, ALargerTreeWithTheKeptPrefixIsAnExtension) {
  std::uint64_t asked = 0;
  auto history =
      CompareWithSaved(At(5, 1), At(9, 2), [&](std::uint64_t size) -> core::Result<Hash> {
        asked = size;
        return Filled(1);
      });
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(*history, CheckpointHistory::kExtension);
  EXPECT_EQ(asked, 5u);
}

TEST(CompareWithSavedTest, ASmallerTreeIsARollback) {
  auto history = CompareWithSaved(At(9, 2), At(5, 1), Unreachable());
  ASSERT_FALSE(history.has_value());
  EXPECT_EQ(history.error().code, core::ErrorCode::kCorrupt);
  EXPECT_EQ(history.error().message.rfind("rollback: ", 0), 0u) << history.error().message;
  EXPECT_NE(history.error().message.find("size 5"), std::string::npos);
  EXPECT_NE(history.error().message.find("size 9"), std::string::npos);
}

TEST(CompareWithSavedTest, AnotherRootAtTheSameSizeIsASplitViewNamingBothRoots) {
  auto history = CompareWithSaved(At(5, 1), At(5, 2), Unreachable());
  ASSERT_FALSE(history.has_value());
  EXPECT_EQ(history.error().code, core::ErrorCode::kCorrupt);
  const std::string& message = history.error().message;
  EXPECT_EQ(message.rfind("split view: ", 0), 0u) << message;
  EXPECT_NE(message.find(ledger::HashHex(Filled(1))), std::string::npos) << message;
  EXPECT_NE(message.find(ledger::HashHex(Filled(2))), std::string::npos) << message;
}

TEST(CompareWithSavedTest, ALargerTreeWithAnotherPrefixIsAForkNamingBothCheckpoints) {
  auto history = CompareWithSaved(At(5, 1), At(9, 2),
                                  [](std::uint64_t) -> core::Result<Hash> { return Filled(3); });
  ASSERT_FALSE(history.has_value());
  EXPECT_EQ(history.error().code, core::ErrorCode::kCorrupt);
  const std::string& message = history.error().message;
  EXPECT_EQ(message.rfind("fork: ", 0), 0u) << message;
  EXPECT_NE(message.find("size 5, root " + ledger::HashHex(Filled(1))), std::string::npos)
      << message;
  EXPECT_NE(message.find("size 9, root " + ledger::HashHex(Filled(2))), std::string::npos)
      << message;
  EXPECT_NE(message.find(ledger::HashHex(Filled(3))), std::string::npos) << message;
}

TEST(CompareWithSavedTest, AnOlderRootThatCannotBeComputedIsPassedOnWithContext) {
  auto history = CompareWithSaved(At(5, 1), At(9, 2), [](std::uint64_t) -> core::Result<Hash> {
    return core::Corrupt("tile/0/000.p/9: missing");
  });
  ASSERT_FALSE(history.has_value());
  EXPECT_EQ(history.error().message,
            "recompute the root at size 5 from the tiles: tile/0/000.p/9: missing");
}

TEST(CompareWithSavedTest, AKeptCheckpointOfAnotherOriginIsRefused) {
  Checkpoint other = At(5, 1);
  other.origin = "other.example";
  auto history = CompareWithSaved(other, At(5, 1), Unreachable());
  ASSERT_FALSE(history.has_value());
  EXPECT_NE(history.error().message.find("other.example"), std::string::npos);
}

// --- witnesses

ledger::NoteSigner Signer(std::string name, ledger::SignatureType type, std::uint8_t seed_byte) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(seed_byte);
  return ledger::NoteSigner::Create(std::move(name), type,
                                    core::Ed25519PrivateKey::FromSeed(seed).value())
      .value();
}

TEST(CountCosignaturesTest, CountsValidCosignaturesAndNamesMissingAndInvalidOnes) {
  auto log = Signer("log.example", ledger::SignatureType::kEd25519, 1);
  auto first = Signer("w1.example", ledger::SignatureType::kCosignatureV1, 2);
  auto second = Signer("w2.example", ledger::SignatureType::kCosignatureV1, 3);
  auto third = Signer("w3.example", ledger::SignatureType::kCosignatureV1, 4);
  Checkpoint checkpoint = At(5, 1);
  Checkpoint other = At(6, 1);
  std::string note = ledger::SignCheckpoint(checkpoint, log) +
                     ledger::CosignCheckpoint(checkpoint, first, 1700000000) +
                     // w3 signed another checkpoint: its line is here but does not verify.
                     ledger::CosignCheckpoint(other, third, 1700000000);
  std::vector<ledger::NoteVerifier> witnesses{first.verifier(), second.verifier(),
                                              third.verifier()};
  auto tally = CountCosignatures(checkpoint, note, witnesses);
  ASSERT_TRUE(tally.has_value()) << tally.error().message;
  EXPECT_EQ(tally->signed_by, std::vector<std::string>{first.verifier().KeyLabel()});
  EXPECT_EQ(tally->missing, std::vector<std::string>{second.verifier().KeyLabel()});
  ASSERT_EQ(tally->invalid.size(), 1u);
  EXPECT_EQ(tally->invalid[0].rfind(third.verifier().KeyLabel() + ": ", 0), 0u)
      << tally->invalid[0];
}

TEST(CountCosignaturesTest, ANoteThatDoesNotParseIsAnError) {
  std::vector<ledger::NoteVerifier> none;
  auto tally = CountCosignatures(At(5, 1), "no blank line", none);
  ASSERT_FALSE(tally.has_value());
  EXPECT_EQ(tally.error().code, core::ErrorCode::kInvalidArgument);
}

// --- where the state lives

TEST(AuditStateTest, OneFilePerOriginAndOneKeyPerUrl) {
  const std::filesystem::path dir = "/state";
  EXPECT_NE(SavedCheckpointPath(dir, "a.example"), SavedCheckpointPath(dir, "b.example"));
  EXPECT_EQ(SavedCheckpointPath(dir, "a.example").parent_path(), dir / "checkpoints");
  EXPECT_EQ(PinnedKeyPath(dir, "http://127.0.0.1:8080").parent_path(), dir / "keys");
  // The file name is the hex SHA-256 of the origin: no origin can climb out.
  EXPECT_EQ(SavedCheckpointPath(dir, "../../etc").filename().string().size(), 64u);
}

TEST(AuditStateTest, DefaultDirectoryFollowsXdgStateHomeThenHome) {
  const char* saved_state = std::getenv("XDG_STATE_HOME");
  const char* saved_home = std::getenv("HOME");
  const std::string state = saved_state ? saved_state : "";
  const std::string home = saved_home ? saved_home : "";
  ::setenv("XDG_STATE_HOME", "/xdg", 1);
  EXPECT_EQ(DefaultAuditStateDir().value(), std::filesystem::path("/xdg/accord/audit"));
  ::unsetenv("XDG_STATE_HOME");
  ::setenv("HOME", "/home/w", 1);
  EXPECT_EQ(DefaultAuditStateDir().value(),
            std::filesystem::path("/home/w/.local/state/accord/audit"));
  ::unsetenv("HOME");
  auto none = DefaultAuditStateDir();
  ASSERT_FALSE(none.has_value());
  EXPECT_NE(none.error().message.find("--state-dir"), std::string::npos);
  if (saved_state) ::setenv("XDG_STATE_HOME", state.c_str(), 1);
  if (saved_home) ::setenv("HOME", home.c_str(), 1);
}

}  // namespace
}  // namespace accord::cli
