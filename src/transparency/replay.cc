#include "transparency/replay.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>

#include "ledger/tile.h"

namespace accord::transparency {

core::Status ReplayStoredEntries(PublicLedger& ledger, const ledger::TileStore& store,
                                 std::uint64_t stored_size, std::uint64_t until,
                                 const std::function<void(std::uint64_t)>& progress) {
  if (until > stored_size || ledger.size() > until)
    return core::InvalidArgument("replay to " + std::to_string(until) + " entries: the ledger holds " +
                                 std::to_string(ledger.size()) + " and the stored log " +
                                 std::to_string(stored_size));
  while (ledger.size() < until) {
    const std::uint64_t bundle = ledger.size() / ledger::kTileWidth;
    const std::uint64_t bundle_start = bundle * ledger::kTileWidth;
    ledger::TileRef ref;
    ref.entries = true;
    ref.index = bundle;
    ref.width = static_cast<std::uint16_t>(
        std::min<std::uint64_t>(stored_size - bundle_start, ledger::kTileWidth));
    const std::string path = ref.Path();
    auto data = store.Read(path);
    if (!data) return data.error().Context("read " + path);
    auto entries = ledger::ParseEntryBundle(*data, ref.width, path);
    if (!entries) return entries.error();
    const std::uint64_t stop = std::min<std::uint64_t>(until - bundle_start, ref.width);
    for (std::uint64_t i = ledger.size() - bundle_start; i < stop; ++i)
      if (auto applied = ledger.Apply((*entries)[i]); !applied) return applied.error();
    if (progress) progress(ledger.size());
  }
  return core::Ok();
}

int YearOf(core::Timestamp at) {
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(at)};
  return static_cast<int>(day.year());
}

std::vector<int> CoveredYears(const PublicLedger& ledger) {
  std::vector<int> years;
  if (ledger.size() == 0) return years;
  for (int year = YearOf(ledger.first_at()); year <= YearOf(ledger.last_at()); ++year)
    years.push_back(year);
  return years;
}

}  // namespace accord::transparency
