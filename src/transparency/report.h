// The annual transparency report (issue 9): per state and globally, the
// figures of one calendar year (UTC), computed from the public log alone
// (a PublicLedger replayed up to a checkpoint), so that anyone holding the
// tiles can recompute it and compare it byte for byte. docs/transparency.md
// says what each figure means and which event it is computed from, and what
// the public log cannot tell (e.g. who reported a report whose reporter is
// not public).
//
// Every figure is an integer (DESIGN.md: public entries hold no floating
// point, and neither do the reports computed from them): rates are
// per-mille, rounded down; medians are lower medians. Exercises are counted
// apart under `exercise.*` and never mixed into the real figures.
//
// Pure functions of their arguments; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "ledger/checkpoint.h"
#include "transparency/public_ledger.h"

namespace accord::transparency {

inline constexpr std::string_view kReportSchema = "accord.transparency-report/1";

// Figure name -> value, names as in docs/transparency.md ("incidents.reported",
// "incidents.suffered.sector.energy", "notifications.on_time_per_mille").
// Figures without a value (a median of nothing) are absent, never 0.
using Figures = std::map<std::string, std::int64_t>;

struct TransparencyReport {
  int year = 0;
  std::optional<std::string> state;  // the one state asked for, if any
  // The checkpoint the figures stand for (the log's first tree_size entries).
  std::string origin;
  std::uint64_t tree_size = 0;
  std::string root_hash_hex;  // lower-case hex of the checkpoint's root
  // The time of the last entry: "pending" and "missed" are judged at it, so
  // the report depends on nothing but the log.
  core::Timestamp as_of{};
  // The response ladder versions the year's recommendations were computed
  // under (sorted, unique).
  std::vector<std::string> ladder_versions;
  Figures global;
  // Every state code that is a registered state party or appears in a
  // figure (affected, accused, filer), or only `state` when one was asked.
  std::map<std::string, Figures> states;
};

// Computes the report of calendar year `year` (UTC) from `ledger`, citing
// `cite`. Fails with kInvalidArgument when `year` is outside 1970..9999,
// when `state` is not two upper-case ASCII letters, or when `cite.tree_size`
// differs from ledger.size() (the report must stand for exactly the
// entries the checkpoint covers).
core::Result<TransparencyReport> Compute(const PublicLedger& ledger, int year,
                                         std::optional<std::string> state,
                                         const ledger::Checkpoint& cite);

// RFC 8785 canonical JSON:
//   {"schema", "year", "state" (or null), "checkpoint": {"origin",
//    "tree_size", "root_hash"}, "as_of", "ladder_versions",
//    "figures": {"global": {...}, "states": {"CC": {...}, ...}}}
// The same report always gives the same bytes.
std::string EncodeReportJson(const TransparencyReport& report);

// CSV (RFC 4180 via exchange/csv.h), header `scope,figure,value`: first the
// rows of scope `report` (year, state, checkpoint origin, tree size, root
// hash, as_of, ladder versions joined by spaces), then one row per figure,
// scope `global` then each state in code order, figures in name order.
std::string EncodeReportCsv(const TransparencyReport& report);

// A self-contained HTML document (transparency/report_html.cc): the
// citation, bar charts (inline SVG) of incidents by sector and severity and
// of cases by stage, and a table of every figure, per scope. Inline CSS
// with print rules; no script, no external resource. Deterministic.
std::string EncodeReportHtml(const TransparencyReport& report);

}  // namespace accord::transparency
