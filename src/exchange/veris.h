// VERIS import (issue 7): incidents coded in the Vocabulary for Event
// Recording and Incident Sharing (schema 1.3.x and 1.4.x), such as the VERIS
// Community Database (VCDB), become accord IncidentReports.
//
// docs/exchange/veris.md is the mapping, field by field: the id, the title
// from the summary, the data set as reporter, the victim's country and NAICS
// industry as affected state and entity (a documented NAICS -> sector
// table), availability/integrity effects, state attributions from
// actor.external, exploited CVE ids, https references. What a record holds
// beyond that is listed per VERIS section in ImportPlan::ignored, never
// silently dropped. A record that cannot become a valid report (no known
// country, an industry outside critical infrastructure, ...) is listed in
// ImportPlan::rejected with every reason, each pointing at the VERIS field
// that caused it.
//
// The functions only read: nothing is stored (the registry applies a plan).
// They are thread-safe; each call keeps its own state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>

#include "core/result.h"
#include "exchange/import_plan.h"

namespace accord::exchange {

// Options of an import that reads one file or a directory of files (VERIS,
// CSAF). `progress`, when set, is called after each file with the number of
// files read so far and the total, on the calling thread.
struct DirectoryImportOptions {
  std::function<void(std::size_t files_done, std::size_t files_total)> progress;
};

// A VERIS record larger than this is rejected unread: a VCDB record is a few
// KB, the largest VERIS allows in practice (long notes) well under 1 MiB.
inline constexpr std::uint64_t kMaxVerisRecordBytes = std::uint64_t{4} << 20;

// Plans the import of `file_or_dir`: one VERIS JSON file, or every *.json
// file below a directory (in path order). Each file becomes one
// ImportedReport (source = its name, e.g. "vcdb/incidents/0068….json"), one
// entry of `rejected` (every reason), or, if it is JSON but not a VERIS
// incident at all (VCDB's MANIFEST.json, its schema files), one entry of
// `ignored`. Fails only when the path cannot be listed: kNotFound,
// kInvalidArgument (neither file nor directory), kResourceExhausted (more
// files than internal::kMaxImportFiles), kUnavailable.
core::Result<ImportPlan> PlanVerisImport(const std::filesystem::path& file_or_dir,
                                         const DirectoryImportOptions& options);

// The same for one record given as text; `source_name` names it in the
// plan. Never fails as a whole: text that is not JSON is one rejection.
ImportPlan PlanVerisImportText(std::string_view text, std::string_view source_name);

}  // namespace accord::exchange
