// The transparency report as one self-contained, printable HTML document
// (issue 9): inline CSS with print rules, bar charts as SVG written here, no
// script and no external request (no font, image, style sheet or link that
// a reader's browser would fetch), so the file can be mailed, archived and
// printed as it is. Built from the same figures as the JSON and CSV.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"
#include "transparency/report.h"

namespace accord::transparency {
namespace {

void AppendEscaped(std::string_view text, std::string& out) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

std::string Escaped(std::string_view text) {
  std::string out;
  AppendEscaped(text, out);
  return out;
}

// Readable on a phone (fluid width, tables that scroll) and on paper (no
// background colours needed to read a bar, sections not split across pages).
constexpr std::string_view kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#111;line-height:1.4}
h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:1px solid #999;padding-bottom:.2rem}h3{font-size:1.05rem}
.cite{font-size:.9rem;color:#333;word-break:break-all}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #ccc;padding:.2rem .4rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
svg{max-width:100%;height:auto}
svg rect{fill:#2b5c8a}svg text{font-size:12px;fill:#111}
@media print{body{max-width:none;padding:0}section{break-inside:avoid-page}svg rect{fill:#555}.table-wrap{overflow:visible}}
)";

// Figures whose names start with `prefix`, with the prefix taken off.
std::vector<std::pair<std::string, std::int64_t>> WithPrefix(const Figures& figures,
                                                             std::string_view prefix) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (auto it = figures.lower_bound(std::string(prefix)); it != figures.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    out.emplace_back(it->first.substr(prefix.size()), it->second);
  }
  return out;
}

// A horizontal bar chart: one labelled bar per item, lengths in integer
// proportion to the largest value.
void AppendBarChart(std::string_view title,
                    const std::vector<std::pair<std::string, std::int64_t>>& bars, std::string& out) {
  if (bars.empty()) return;
  constexpr std::int64_t kLabelWidth = 200, kBarWidth = 340, kRowHeight = 22;
  std::int64_t largest = 1;
  for (const auto& [label, value] : bars) largest = std::max(largest, value);
  const std::int64_t height = kRowHeight * static_cast<std::int64_t>(bars.size()) + 4;
  out += "<figure><figcaption>" + Escaped(title) + "</figcaption>";
  out += "<svg role=\"img\" viewBox=\"0 0 600 " +
         std::to_string(height) + "\" aria-label=\"" + Escaped(title) + "\"><title>" +
         Escaped(title) + "</title>";
  std::int64_t y = 2;
  for (const auto& [label, value] : bars) {
    const std::int64_t width = value * kBarWidth / largest;
    out += "<text x=\"0\" y=\"" + std::to_string(y + 15) + "\">" + Escaped(label) + "</text>";
    out += "<rect x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + std::to_string(y + 3) +
           "\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(kRowHeight - 6) +
           "\"/>";
    out += "<text x=\"" + std::to_string(kLabelWidth + width + 6) + "\" y=\"" +
           std::to_string(y + 15) + "\">" + std::to_string(value) + "</text>";
    y += kRowHeight;
  }
  out += "</svg></figure>";
}

void AppendScope(std::string_view heading, std::string_view id, const Figures& figures,
                 bool global, std::string& out) {
  out += "<section id=\"" + Escaped(id) + "\"><h2>" + Escaped(heading) + "</h2>";
  const std::string_view incidents = global ? "incidents.reported." : "incidents.suffered.";
  const std::string what = global ? "Incidents reported" : "Incidents suffered";
  AppendBarChart(what + " by sector", WithPrefix(figures, std::string(incidents) + "sector."), out);
  AppendBarChart(what + " by severity level", WithPrefix(figures, std::string(incidents) + "severity."),
                 out);
  AppendBarChart("Cases by stage", WithPrefix(figures, "cases.stage."), out);
  out += "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">figure</th>"
         "<th scope=\"col\">value</th></tr></thead><tbody>";
  for (const auto& [name, value] : figures)
    out += "<tr><td>" + Escaped(name) + "</td><td class=\"n\">" + std::to_string(value) +
           "</td></tr>";
  out += "</tbody></table></div></section>";
}

}  // namespace

std::string EncodeReportHtml(const TransparencyReport& report) {
  std::string out;
  const std::string year = std::to_string(report.year);
  out += "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out += "<title>Transparency report " + year +
         (report.state ? " (" + Escaped(*report.state) + ")" : std::string()) + "</title>";
  out += "<style>" + std::string(kStyle) + "</style></head><body>";
  out += "<h1>Transparency report " + year + "</h1>";
  out += "<p class=\"cite\">Computed from the public log <strong>" + Escaped(report.origin) +
         "</strong> at tree size <strong>" + std::to_string(report.tree_size) +
         "</strong>, root hash <code>" + Escaped(report.root_hash_hex) + "</code>; last entry " +
         Escaped(core::FormatRfc3339(report.as_of)) + ".";
  if (!report.ladder_versions.empty()) {
    out += " Response ladder version(s):";
    for (const std::string& version : report.ladder_versions) out += " " + Escaped(version);
    out += ".";
  }
  out += " Anyone holding the log can recompute every figure (docs/transparency.md); "
         "exercises are counted apart under <code>exercise.*</code>.</p>";
  AppendScope("All parties", "global", report.global, true, out);
  for (const auto& [code, figures] : report.states)
    AppendScope("State " + code, "state-" + code, figures, false, out);
  out += "</body></html>\n";
  return out;
}

}  // namespace accord::transparency
