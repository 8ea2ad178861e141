#include "store/internal/record_query.h"

#include "store/internal/sqlite_rows.h"

namespace accord::store::internal {

ReportQuery ListRecordsQuery(const RecordFilter& filter) {
  ReportQuery query;
  auto bind = [&](auto value) {
    query.parameters.emplace_back(std::move(value));
    return "?" + std::to_string(query.parameters.size());
  };
  std::string where;
  if (filter.party) {
    query.sql = std::string("SELECT ") + kRecordColumns +
                " FROM record_parties p CROSS JOIN records r ON r.kind = p.kind AND r.id = p.id"
                " WHERE p.kind = " + bind(filter.kind) + " AND p.party_id = " + bind(*filter.party);
    if (filter.before_seq) where += " AND p.created_seq < " + bind(static_cast<std::int64_t>(*filter.before_seq));
    where += filter.status ? " AND r.status = " + bind(*filter.status) : "";
    where += filter.exercise ? " AND r.exercise = " + bind(std::int64_t{*filter.exercise ? 1 : 0}) : "";
    query.sql += where + " ORDER BY p.created_seq DESC, p.id DESC LIMIT " +
                 bind(static_cast<std::int64_t>(filter.limit));
    return query;
  }
  query.sql = std::string("SELECT ") + kRecordColumns +
              " FROM records r INDEXED BY records_by_created WHERE r.kind = " + bind(filter.kind);
  if (filter.before_seq) where += " AND r.created_seq < " + bind(static_cast<std::int64_t>(*filter.before_seq));
  where += filter.status ? " AND r.status = " + bind(*filter.status) : "";
  where += filter.exercise ? " AND r.exercise = " + bind(std::int64_t{*filter.exercise ? 1 : 0}) : "";
  query.sql += where + " ORDER BY r.created_seq DESC, r.id DESC LIMIT " +
               bind(static_cast<std::int64_t>(filter.limit));
  return query;
}

ReportQuery RecordPageQuery(const std::string& kind, std::uint64_t after_seq,
                            const std::string& after_id, std::int64_t limit) {
  ReportQuery query;
  query.sql = std::string("SELECT ") + kRecordColumns +
              " FROM records r INDEXED BY records_by_created WHERE r.kind = ?1 AND "
              "(r.created_seq > ?2 OR (r.created_seq = ?2 AND r.id > ?3)) "
              "ORDER BY r.created_seq, r.id LIMIT ?4";
  query.parameters = {kind, static_cast<std::int64_t>(after_seq), after_id, limit};
  return query;
}

}  // namespace accord::store::internal
