#include "store/internal/report_query.h"

#include <algorithm>
#include <string>

#include "store/internal/sqlite_rows.h"

namespace accord::store::internal {
namespace {

enum class Driver { kReports, kVerdicts, kStates, kSectors };

// The order of the header's comment: the first index that applies.
Driver ChooseDriver(const ReportFilter& filter) {
  if (filter.submitter_party_id) return Driver::kReports;
  if (filter.norm && filter.verdict) return Driver::kVerdicts;
  if (filter.state) return Driver::kStates;
  if (filter.sector) return Driver::kSectors;
  return Driver::kReports;
}

const char* DriverAlias(Driver driver) {
  switch (driver) {
    case Driver::kReports:
      return "r";
    case Driver::kVerdicts:
      return "v";
    case Driver::kStates:
      return "s";
    case Driver::kSectors:
      return "c";
  }
  return "r";
}

class Builder {
 public:
  explicit Builder(ReportQuery& query) : query_(query) {}

  // A placeholder for `value`, bound in the order placeholders are made.
  std::string Parameter(std::variant<std::int64_t, std::string> value) {
    query_.parameters.push_back(std::move(value));
    return "?" + std::to_string(query_.parameters.size());
  }

  void Where(const std::string& condition) {
    where_.append(where_.empty() ? " WHERE " : " AND ").append(condition);
  }

  const std::string& where() const { return where_; }

 private:
  ReportQuery& query_;
  std::string where_;
};

// Returns " FROM ..." naming the driver and `reports r`, and adds the
// filter's conditions to `builder`.
std::string FromAndConditions(const ReportFilter& filter, Driver driver, bool with_cursor,
                              Builder& builder) {
  std::string from;
  switch (driver) {
    case Driver::kReports:
      // One party's reports: SQLite weighs this index no better than
      // reports_by_level when both filters are set, so it is named.
      from = filter.submitter_party_id ? " FROM reports r INDEXED BY reports_by_submitter"
                                       : " FROM reports r";
      break;
    case Driver::kVerdicts:
      from = " FROM report_verdicts v CROSS JOIN reports r ON r.report_row = v.report_row";
      builder.Where("v.norm = " + builder.Parameter(*filter.norm));
      builder.Where("v.verdict = " + builder.Parameter(*filter.verdict));
      break;
    case Driver::kStates:
      from = " FROM report_states s CROSS JOIN reports r ON r.report_row = s.report_row";
      builder.Where("s.state = " + builder.Parameter(*filter.state));
      break;
    case Driver::kSectors:
      from = " FROM report_sectors c CROSS JOIN reports r ON r.report_row = c.report_row";
      builder.Where("c.family = " + builder.Parameter(*filter.sector));
      break;
  }
  if (with_cursor && filter.before_seq) {
    // A cursor above every storable seq selects everything below it.
    std::uint64_t before = std::min(*filter.before_seq, kMaxSeq);
    builder.Where(std::string(DriverAlias(driver)) + ".submitted_seq < " +
                  builder.Parameter(static_cast<std::int64_t>(before)));
  }
  if (filter.submitter_party_id) {
    builder.Where("r.submitter_party_id = " + builder.Parameter(*filter.submitter_party_id));
  }
  if (filter.level) builder.Where("r.severity_level = " + builder.Parameter(*filter.level));
  // Two periods overlap when each starts no later than the other ends;
  // "YYYY-MM" strings compare as the months they name.
  if (filter.period_from)
    builder.Where("r.period_end >= " + builder.Parameter(*filter.period_from));
  if (filter.period_to) builder.Where("r.period_start <= " + builder.Parameter(*filter.period_to));
  if (!filter.include_withdrawn) builder.Where("r.withdrawn = 0");
  if (!filter.include_exercise) builder.Where("r.exercise = 0");
  if (filter.envelope_public_only) builder.Where("r.envelope_visibility = 'public'");
  if (filter.state && driver != Driver::kStates) {
    builder.Where(
        "EXISTS (SELECT 1 FROM report_states x WHERE x.report_row = r.report_row AND x.state = " +
        builder.Parameter(*filter.state) + ")");
  }
  if (filter.sector && driver != Driver::kSectors) {
    builder.Where(
        "EXISTS (SELECT 1 FROM report_sectors x WHERE x.report_row = r.report_row AND "
        "x.family = " +
        builder.Parameter(*filter.sector) + ")");
  }
  if ((filter.norm || filter.verdict) && driver != Driver::kVerdicts) {
    std::string probe = "EXISTS (SELECT 1 FROM report_verdicts x WHERE x.report_row = r.report_row";
    if (filter.norm) probe += " AND x.norm = " + builder.Parameter(*filter.norm);
    if (filter.verdict) probe += " AND x.verdict = " + builder.Parameter(*filter.verdict);
    builder.Where(probe + ")");
  }
  return from;
}

}  // namespace

ReportQuery ListReportsQuery(const ReportFilter& filter) {
  ReportQuery query;
  Builder builder(query);
  if (filter.updated_from_seq) {
    // The TAXII feed: oldest update first, walking reports_by_updated_seq.
    std::string from = FromAndConditions(filter, Driver::kReports, /*with_cursor=*/false, builder);
    builder.Where("r.updated_seq >= " +
                  builder.Parameter(static_cast<std::int64_t>(std::min(*filter.updated_from_seq, kMaxSeq))));
    query.sql = std::string("SELECT ") + kReportColumns + " FROM reports r INDEXED BY reports_by_updated_seq" +
                " CROSS JOIN report_documents d ON d.report_row = r.report_row" + builder.where() +
                " ORDER BY r.updated_seq, r.report_row LIMIT " +
                builder.Parameter(static_cast<std::int64_t>(filter.limit));
    (void)from;  // always " FROM reports r" here: the REQUIRES of updated_from_seq
    return query;
  }
  Driver driver = ChooseDriver(filter);
  std::string from = FromAndConditions(filter, driver, /*with_cursor=*/true, builder);
  std::string alias = DriverAlias(driver);
  // The documents are joined last, so only the rows of the page read them.
  query.sql = std::string("SELECT ") + kReportColumns + from +
              " CROSS JOIN report_documents d ON d.report_row = r.report_row" + builder.where() +
              " ORDER BY " + alias + ".submitted_seq DESC, " + alias + ".report_row DESC LIMIT " +
              builder.Parameter(static_cast<std::int64_t>(filter.limit));
  return query;
}

ReportQuery CountReportsQuery(const ReportFilter& filter, GroupBy group_by) {
  ReportQuery query;
  Builder builder(query);
  Driver driver = ChooseDriver(filter);
  std::string from = FromAndConditions(filter, driver, /*with_cursor=*/false, builder);
  std::string key;
  switch (group_by) {
    case GroupBy::kState:
      // A report counts once for each state it names.
      from += " JOIN report_states g ON g.report_row = r.report_row";
      key = "g.state";
      break;
    case GroupBy::kSector:
      // Once for each sector it names; not for the families above them.
      from += " JOIN report_sectors g ON g.report_row = r.report_row AND g.listed = 1";
      key = "g.family";
      break;
    case GroupBy::kLevel:
      key = "r.severity_level";
      break;
    case GroupBy::kMonth:
      key = "r.period_start";
      break;
    case GroupBy::kVerdictSummary:
      key = "r.verdict_summary";
      break;
    case GroupBy::kReporterKind:
      key = "r.reporter_kind";
      break;
  }
  query.sql = "SELECT " + key + ", count(*)" + from + builder.where() + " GROUP BY 1 ORDER BY 1";
  return query;
}

}  // namespace accord::store::internal
