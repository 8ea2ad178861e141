#include "store/internal/sqlite_rows.h"

#include <algorithm>
#include <map>
#include <string>

namespace accord::store::internal {
namespace {

// Longest length prefix read back: 10 digits exceed any blob SQLite stores
// (1 GB by default), so a longer run of digits is corruption, not data.
constexpr std::size_t kMaxLengthDigits = 10;

std::uint64_t Unsigned(std::int64_t value) {
  return static_cast<std::uint64_t>(value);
}

}  // namespace

std::string PackList(const std::vector<std::string>& items) {
  std::string packed;
  for (const auto& item : items) {
    packed.append(std::to_string(item.size())).push_back(':');
    packed.append(item);
  }
  return packed;
}

std::string PackPairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string packed;
  for (const auto& [first, second] : pairs) {
    packed.append(std::to_string(first.size())).push_back(':');
    packed.append(first);
    packed.append(std::to_string(second.size())).push_back(':');
    packed.append(second);
  }
  return packed;
}

core::Result<std::vector<std::string>> UnpackList(std::string_view packed) {
  std::vector<std::string> items;
  std::size_t at = 0;
  while (at < packed.size()) {
    std::size_t start = at;
    std::uint64_t length = 0;
    while (at < packed.size() && packed[at] >= '0' && packed[at] <= '9') {
      if (at - start == kMaxLengthDigits) {
        return core::Corrupt("packed list: byte " + std::to_string(start) +
                             ": length longer than " + std::to_string(kMaxLengthDigits) +
                             " digits");
      }
      length = length * 10 + static_cast<std::uint64_t>(packed[at] - '0');
      ++at;
    }
    if (at == start || at == packed.size() || packed[at] != ':') {
      return core::Corrupt("packed list: byte " + std::to_string(at) +
                           ": expected a length followed by ':'");
    }
    ++at;
    if (length > packed.size() - at) {
      return core::Corrupt("packed list: byte " + std::to_string(start) + ": element of " +
                           std::to_string(length) + " bytes runs past the end");
    }
    items.emplace_back(packed.substr(at, length));
    at += length;
  }
  return items;
}

core::Result<std::vector<std::pair<std::string, std::string>>> UnpackPairs(
    std::string_view packed) {
  auto items = UnpackList(packed);
  if (!items) return items.error();
  if (items->size() % 2 != 0) {
    return core::Corrupt("packed pairs: odd number of elements (" + std::to_string(items->size()) +
                         ")");
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  pairs.reserve(items->size() / 2);
  for (std::size_t i = 0; i < items->size(); i += 2) {
    pairs.emplace_back(std::move((*items)[i]), std::move((*items)[i + 1]));
  }
  return pairs;
}

std::vector<SectorFamily> SectorFamilies(const std::vector<std::string>& sectors) {
  std::map<std::string, bool> families;  // code -> listed
  for (const auto& sector : sectors) {
    families[sector] = true;
    for (std::size_t dot = sector.find('.'); dot != std::string::npos;
         dot = sector.find('.', dot + 1)) {
      families.try_emplace(sector.substr(0, dot), false);
    }
  }
  std::vector<SectorFamily> rows;
  rows.reserve(families.size());
  for (auto& [family, listed] : families) rows.push_back({family, listed});
  return rows;
}

EventRecord ReadEvent(const Statement& row) {
  return EventRecord{.seq = Unsigned(row.ColumnInt(0)),
                     .type = row.ColumnBytes(1),
                     .at = row.ColumnBytes(2),
                     .full_json = row.ColumnBytes(3),
                     .public_json = row.ColumnBytes(4)};
}

core::Result<PartyRow> ReadParty(const Statement& row) {
  PartyRow party{.id = row.ColumnBytes(0),
                 .kind = row.ColumnBytes(1),
                 .name = row.ColumnBytes(2),
                 .state = row.ColumnBytes(3),
                 .status = row.ColumnBytes(4),
                 .client_of = {},
                 .public_json = row.ColumnBytes(6),
                 .full_json = row.ColumnBytes(7),
                 .registered_seq = Unsigned(row.ColumnInt(8)),
                 .updated_seq = Unsigned(row.ColumnInt(9))};
  auto client_of = UnpackList(row.ColumnView(5));
  if (!client_of) return client_of.error().Context("party " + party.id + ": column client_of");
  party.client_of = std::move(*client_of);
  return party;
}

TokenRow ReadToken(const Statement& row) {
  return TokenRow{.id = row.ColumnBytes(0),
                  .hash_hex = row.ColumnBytes(1),
                  .party_id = row.ColumnBytes(2),
                  .issued_at = row.ColumnBytes(3),
                  .expires_at = row.ColumnBytes(4),
                  .revoked = row.ColumnInt(5) != 0,
                  .issued_seq = Unsigned(row.ColumnInt(6))};
}

core::Result<ReportRow> ReadReport(const Statement& row) {
  ReportRow report;
  report.id = row.ColumnBytes(0);
  report.version = row.ColumnInt(1);
  report.submitter_party_id = row.ColumnBytes(2);
  report.tlp = row.ColumnBytes(3);
  report.max_tlp = row.ColumnBytes(4);
  report.record_visibility = row.ColumnBytes(5);
  report.envelope_visibility = row.ColumnBytes(6);
  report.reporter_kind = row.ColumnBytes(7);
  report.period_start = row.ColumnBytes(8);
  report.period_end = row.ColumnBytes(9);
  report.severity_level = row.ColumnBytes(10);
  report.severity_rank = row.ColumnInt(11);
  report.score = row.ColumnInt(12);
  report.verdict_summary = row.ColumnBytes(13);
  report.exercise = row.ColumnInt(14) != 0;
  report.withdrawn = row.ColumnInt(15) != 0;
  report.submitted_seq = Unsigned(row.ColumnInt(16));
  report.updated_seq = Unsigned(row.ColumnInt(17));
  report.submitted_at = row.ColumnBytes(18);
  report.updated_at = row.ColumnBytes(19);
  auto recipients = UnpackList(row.ColumnView(20));
  if (!recipients) return recipients.error().Context("report " + report.id + ": column recipients");
  report.recipients = std::move(*recipients);
  auto states = UnpackList(row.ColumnView(21));
  if (!states) return states.error().Context("report " + report.id + ": column states");
  report.states = std::move(*states);
  auto sectors = UnpackList(row.ColumnView(22));
  if (!sectors) return sectors.error().Context("report " + report.id + ": column sectors");
  report.sectors = std::move(*sectors);
  auto verdicts = UnpackPairs(row.ColumnView(23));
  if (!verdicts) return verdicts.error().Context("report " + report.id + ": column verdicts");
  report.verdicts = std::move(*verdicts);
  report.full_json = row.ColumnBytes(24);
  report.public_json = row.ColumnBytes(25);
  return report;
}

TechniqueRow ReadTechnique(const Statement& row) {
  return TechniqueRow{.id = row.ColumnBytes(0),
                      .json = row.ColumnBytes(1),
                      .updated_seq = Unsigned(row.ColumnInt(2))};
}

core::Result<AdvisoryRow> ReadAdvisory(const Statement& row) {
  AdvisoryRow advisory{.publisher = row.ColumnBytes(0),
                       .tracking_id = row.ColumnBytes(1),
                       .cves = {},
                       .json = row.ColumnBytes(3),
                       .updated_seq = Unsigned(row.ColumnInt(4))};
  auto cves = UnpackList(row.ColumnView(2));
  if (!cves) return cves.error().Context("advisory " + advisory.tracking_id + ": column cves");
  advisory.cves = std::move(*cves);
  return advisory;
}

core::Result<RecordRow> ReadRecord(const Statement& row) {
  RecordRow record{.kind = row.ColumnBytes(0),
                   .id = row.ColumnBytes(1),
                   .status = row.ColumnBytes(2),
                   .parties = {},
                   .exercise = row.ColumnInt(4) != 0,
                   .created_seq = Unsigned(row.ColumnInt(5)),
                   .updated_seq = Unsigned(row.ColumnInt(6)),
                   .full_json = row.ColumnBytes(7),
                   .public_json = row.ColumnBytes(8)};
  auto parties = UnpackList(row.ColumnView(3));
  if (!parties) return parties.error().Context(record.kind + " " + record.id + ": column parties");
  record.parties = std::move(*parties);
  return record;
}

}  // namespace accord::store::internal
