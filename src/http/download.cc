#include "http/download.h"

#include "util/text.h"

namespace langso {

// RFC 5987 value-chars: attr-char as is, every other byte %XX.
static std::string ext_value(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "UTF-8''";
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string content_disposition(std::string_view stem, std::string_view title, std::string_view ext) {
  std::string ascii = ascii_slug(stem);
  if (ascii.empty()) ascii = "tep";
  std::string name = std::string(title);
  // Characters a file name cannot hold on common systems.
  for (char& c : name)
    if (c == '/' || c == '\\' || c == '"' || c == ':' || c == '*' || c == '?' || c == '<' || c == '>' || c == '|' ||
        static_cast<unsigned char>(c) < 0x20)
      c = '-';
  return "attachment; filename=\"" + ascii + "." + std::string(ext) + "\"; filename*=" + ext_value(name + "." + std::string(ext));
}

Response file_download(std::string bytes, std::string_view content_type, std::string_view stem, std::string_view title,
                       std::string_view ext) {
  Response r;
  r.content_type = std::string(content_type);
  r.body = std::move(bytes);
  r.headers.emplace_back("Content-Disposition", content_disposition(stem, title, ext));
  return r;
}

Response xlsx_download(std::string bytes, std::string_view stem, std::string_view title) {
  return file_download(std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", stem, title,
                       "xlsx");
}

}  // namespace langso
