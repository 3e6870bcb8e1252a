#include "domain/plan_file.h"

#include <algorithm>

#include "util/text.h"

namespace langso {

std::optional<FileType> sniff_file_type(std::string_view b) {
  if (b.starts_with("%PDF-")) return FileType::Pdf;
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8 &&
      static_cast<unsigned char>(b[2]) == 0xFF)
    return FileType::Jpeg;
  if (b.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8))) return FileType::Png;
  return std::nullopt;
}

std::string_view file_type_mime(FileType t) {
  switch (t) {
    case FileType::Pdf: return "application/pdf";
    case FileType::Jpeg: return "image/jpeg";
    case FileType::Png: return "image/png";
  }
  return "application/octet-stream";
}

std::string_view file_type_ext(FileType t) {
  switch (t) {
    case FileType::Pdf: return "pdf";
    case FileType::Jpeg: return "jpg";
    case FileType::Png: return "png";
  }
  return "bin";
}

std::string sanitise_file_name(std::string_view name, FileType t) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string clean;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || std::string_view("\"*:<>?|").find(c) != std::string_view::npos) continue;
    clean.push_back(c);
  }
  clean = is_valid_utf8(clean) ? nfc(trim(clean)) : std::string();
  while (!clean.empty() && clean.front() == '.') clean.erase(0, 1);  // no hidden files, no ".."
  const std::string ext = "." + std::string(file_type_ext(t));
  std::string lower = clean;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  bool has_ext = lower.ends_with(ext) || (t == FileType::Jpeg && lower.ends_with(".jpeg"));
  if (has_ext) clean.resize(clean.size() - (lower.ends_with(".jpeg") ? 5 : ext.size()));
  // At most kPlanFileNameMaxChars characters with the extension, cut on a character boundary.
  const size_t room = kPlanFileNameMaxChars - ext.size();
  if (utf8_length(clean) > room) {
    size_t chars = 0, i = 0;
    while (i < clean.size() && chars < room) {
      ++i;
      while (i < clean.size() && (static_cast<unsigned char>(clean[i]) & 0xC0) == 0x80) ++i;
      ++chars;
    }
    clean.resize(i);
  }
  clean = trim(clean);
  if (clean.empty()) clean = "tep";
  return clean + ext;
}

}  // namespace langso
