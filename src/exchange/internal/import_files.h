// The files of a file-or-directory import (VERIS, CSAF): which files are
// read, in which order, under which name, and how each is read and parsed
// before the format's own reader plans it. Shared by veris.cc and csaf.cc;
// not part of the module's interface.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/error.h"
#include "core/file_io.h"
#include "core/json_reader.h"
#include "core/result.h"
#include "exchange/import_plan.h"
#include "exchange/veris.h"  // DirectoryImportOptions

namespace accord::exchange::internal {

// A directory with more JSON files than this is refused as a whole: the plan
// holds every imported record in memory, and VCDB itself has about 9,000.
inline constexpr std::size_t kMaxImportFiles = 100'000;

struct ImportFile {
  std::filesystem::path path;
  // How ImportProblem::object names it: the directory's own name, then the
  // path inside it ("vcdb/incidents/0068196B-….json"), or the file name
  // when one file was given.
  std::string name;
};

inline bool HasJsonExtension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".json";  // VERIS's own examples are spelled ".JSON"
}

// The JSON files to read: `file_or_dir` itself, or every regular file named
// *.json (any case) below it, sorted by path so that every run gives the same
// plan. Fails with kNotFound when the path does not exist, kInvalidArgument
// when it is neither a file nor a directory, kResourceExhausted past
// kMaxImportFiles and kUnavailable when a directory cannot be read.
inline core::Result<std::vector<ImportFile>> ListImportFiles(
    const std::filesystem::path& file_or_dir) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(file_or_dir, error);
  if (!std::filesystem::exists(status)) {
    return core::NotFound("import path " + file_or_dir.string() + ": no such file or directory");
  }
  std::vector<ImportFile> files;
  if (std::filesystem::is_regular_file(status)) {
    files.push_back({file_or_dir, file_or_dir.filename().string()});
    return files;
  }
  if (!std::filesystem::is_directory(status)) {
    return core::InvalidArgument("import path " + file_or_dir.string() +
                                 ": neither a file nor a directory");
  }
  // "../shared/data/vcdb/" names its files "vcdb/…", as does ".../vcdb".
  std::filesystem::path root = file_or_dir.lexically_normal();
  if (root.filename().empty()) root = root.parent_path();
  std::string prefix = root.filename().string();
  if (prefix == "." || prefix == "..") prefix.clear();
  std::filesystem::recursive_directory_iterator it(
      root, std::filesystem::directory_options::skip_permission_denied, error);
  for (; !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file(error) || !HasJsonExtension(it->path())) continue;
    if (files.size() == kMaxImportFiles) {
      return core::Error{core::ErrorCode::kResourceExhausted,
                         "import directory " + root.string() + ": more than " +
                             std::to_string(kMaxImportFiles) + " JSON files"};
    }
    const std::string relative = it->path().lexically_relative(root).generic_string();
    files.push_back({it->path(), prefix.empty() ? relative : prefix + "/" + relative});
  }
  if (error) {
    return core::Error{core::ErrorCode::kUnavailable,
                       "read import directory " + root.string() + ": " + error.message()};
  }
  std::sort(files.begin(), files.end(),
            [](const ImportFile& a, const ImportFile& b) { return a.name < b.name; });
  return files;
}

// Plans one JSON document: counts it in `plan` (objects_read, bytes_read),
// parses it strictly under `limits` and hands it to
// `plan_document(document, source, plan)`; a document that does not parse is
// rejected as "not a JSON document: <reason>".
template <typename PlanDocument>
void PlanJsonDocument(std::string_view text, const std::string& source,
                      const core::JsonLimits& limits, ImportPlan& plan,
                      PlanDocument&& plan_document) {
  plan.objects_read += 1;
  plan.bytes_read += text.size();
  auto document = core::ParseJsonStrict(text, limits);
  if (!document) {
    plan.rejected.push_back({source, "", "not a JSON document: " + document.error().message});
    return;
  }
  plan_document(*document, source, plan);
}

// Plans each file of ListImportFiles(file_or_dir) in order with
// PlanJsonDocument; a file that cannot be read, or is larger than
// limits.max_input_bytes, is rejected as "cannot be read: <reason>".
// Calls options.progress after each file. Fails only as ListImportFiles
// does, with the context "plan <format> import".
template <typename PlanDocument>
core::Result<ImportPlan> PlanJsonFiles(const std::filesystem::path& file_or_dir,
                                       std::string_view format, const core::JsonLimits& limits,
                                       const DirectoryImportOptions& options,
                                       PlanDocument&& plan_document) {
  auto files = ListImportFiles(file_or_dir);
  if (!files) return files.error().Context("plan " + std::string(format) + " import");
  ImportPlan plan;
  for (std::size_t i = 0; i < files->size(); ++i) {
    const ImportFile& file = (*files)[i];
    auto text = core::ReadFile(file.path, limits.max_input_bytes);
    if (!text) {
      plan.objects_read += 1;
      plan.rejected.push_back({file.name, "", "cannot be read: " + text.error().message});
    } else {
      PlanJsonDocument(*text, file.name, limits, plan, plan_document);
    }
    if (options.progress) options.progress(i + 1, files->size());
  }
  return plan;
}

}  // namespace accord::exchange::internal
