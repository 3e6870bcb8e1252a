// Files of plans (issue 14): the plan's own document (a PDF) and the
// evidence a task's assignee hands in (PDF, JPEG or PNG) — no I/O.
//
// A file's type is read from its first bytes (magic), never from its name
// or the type a client claims; its name is reduced to a safe base name
// with the extension of the type found.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/unit.h"

namespace langso {

inline constexpr size_t kPlanFileMaxBytes = 2 * 1024 * 1024;  // per file, decoded
inline constexpr size_t kPlanFileNameMaxChars = 120;

enum class FileType { Pdf, Jpeg, Png };
// %PDF-, FF D8 FF, 89 50 4E 47 0D 0A 1A 0A; nullopt for anything else.
std::optional<FileType> sniff_file_type(std::string_view bytes);
std::string_view file_type_mime(FileType t);  // "application/pdf", "image/jpeg", "image/png"
std::string_view file_type_ext(FileType t);   // "pdf", "jpg", "png"

// The base name (no directory), without control characters and the
// characters file systems refuse, at most kPlanFileNameMaxChars characters,
// ending in the type's extension ("../../Quyết định.exe" → "Quyết định.exe.pdf").
// Never empty ("tep.pdf").
std::string sanitise_file_name(std::string_view name, FileType t);

struct PlanFile {
  Id id = 0;
  Id plan = 0;
  Id task = 0;             // 0: the plan's own document
  std::string name;        // sanitised
  std::string content_type;
  int64_t size = 0;
  std::string content;     // the bytes (empty when listed without them)
  Id uploaded_by = 0;
  int64_t uploaded_at = 0;
};

}  // namespace langso
