// CSV (RFC 4180) for the list views journalists and spreadsheets want
// (issue 7: "CSV export of any list view").
//
// Fields holding a comma, a double quote, CR or LF are quoted, with quotes
// doubled (RFC 4180 section 2); records end with CRLF. Because these files
// are opened in spreadsheets, a field that begins with '=', '+', '-', '@',
// a tab or a CR would be run as a formula there ("CSV injection", OWASP):
// such a field is written with a leading apostrophe, which spreadsheets
// show as text. That changes the field's text, so it is done only for that
// first character; the list views' numbers are never negative.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace accord::exchange {

// One field, quoted and neutralised as above.
std::string CsvField(std::string_view value);

// Appends one record (fields joined by ',', then CRLF) to `out`.
void AppendCsvRecord(std::span<const std::string> fields, std::string& out);

}  // namespace accord::exchange
