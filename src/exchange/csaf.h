// CSAF 2.0 import (issue 7): vendors' security advisories (OASIS Common
// Security Advisory Framework 2.0) become exchange::Advisory reference data,
// so that the node can link each advisory to the reports whose
// `vulnerabilities` cite the same CVE ids, and so track how soon vendors
// disclosed what was exploited (docs/exchange/csaf.md).
//
// Only what Advisory holds is read, and it is checked as a type: the CSAF
// 2.0 JSON schema's rules for those members (section 3.2.1) and the
// mandatory tests of section 6.1 that concern them (6.1.17 to 6.1.20, 6.1.22,
// 6.1.23). A document failing any check is rejected whole, each reason with
// the JSON Pointer of the member. This is not a full CSAF validator: the
// product tree, notes, scores, remediations... are not read, and one
// IgnoredObject per document says what was not kept.
//
// Thread-safe; nothing is stored.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "core/result.h"
#include "exchange/import_plan.h"
#include "exchange/veris.h"  // DirectoryImportOptions

namespace accord::exchange {

// A CSAF document larger than this is rejected unread. Red Hat's largest
// published advisories are a few MB; 32 MiB leaves ample room.
inline constexpr std::uint64_t kMaxCsafDocumentBytes = std::uint64_t{32} << 20;

// Plans the import of one CSAF JSON file or of every *.json file below a
// directory (path order). Each document becomes one Advisory (and one
// IgnoredObject listing what was not kept) or entries of `rejected`, with
// object = the file name ("csaf/bsi-2022-0001.json") and field = the JSON
// Pointer. A JSON file that is not a CSAF document (no /document/csaf_version)
// is one IgnoredObject of type "file". Fails only when the path cannot be
// listed: kNotFound, kInvalidArgument, kResourceExhausted, kUnavailable.
core::Result<ImportPlan> PlanCsafImport(const std::filesystem::path& file_or_dir,
                                        const DirectoryImportOptions& options);

// The same for one document given as text; `source_name` names it in the
// plan. Never fails as a whole.
ImportPlan PlanCsafImportText(std::string_view text, std::string_view source_name);

}  // namespace accord::exchange
