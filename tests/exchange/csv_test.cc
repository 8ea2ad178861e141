// RFC 4180 fields and records, and the spreadsheet-formula neutralisation
// (OWASP "CSV injection").
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "exchange/csv.h"

namespace accord::exchange {
namespace {

TEST(CsvFieldTest, PlainTextStaysAsIs) {
  EXPECT_EQ(CsvField("energy.electricity"), "energy.electricity");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("2015-12"), "2015-12");
}

TEST(CsvFieldTest, QuotesCommasQuotesAndLineBreaks) {  // RFC 4180 section 2, rules 6 and 7
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\rhere"), "\"cr\rhere\"");
}

TEST(CsvFieldTest, NeutralisesWhatASpreadsheetWouldRunAsAFormula) {
  EXPECT_EQ(CsvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvField("+1"), "'+1");
  EXPECT_EQ(CsvField("-1"), "'-1");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("\tx"), "'\tx");
  EXPECT_EQ(CsvField("a=b"), "a=b");  // only the first character counts
}

TEST(CsvRecordTest, JoinsWithCommasAndEndsWithCrlf) {
  std::string out;
  const std::vector<std::string> header{"id", "title"};
  const std::vector<std::string> row{"incident-report--1", "Grid, outage"};
  AppendCsvRecord(header, out);
  AppendCsvRecord(row, out);
  EXPECT_EQ(out, "id,title\r\nincident-report--1,\"Grid, outage\"\r\n");
}

}  // namespace
}  // namespace accord::exchange
