#include "http/static_files.h"

#include <filesystem>

#include "util/csv.h"

namespace langso {

static std::string mime(const std::string& path) {
  auto ext = std::filesystem::path(path).extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".json" || ext == ".webmanifest") return "application/manifest+json";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

void StaticFiles::load(const std::string& dir) {
  namespace fs = std::filesystem;
  files_.clear();
  if (dir.empty() || !fs::is_directory(dir)) return;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::string rel = "/" + fs::relative(e.path(), dir).generic_string();
    if (rel.ends_with(".gz")) continue;
    File f{read_file(e.path().string()), {}, mime(rel)};
    if (fs::exists(e.path().string() + ".gz")) f.gz = read_file(e.path().string() + ".gz");
    files_.emplace(rel, std::move(f));
  }
}

std::optional<Response> StaticFiles::serve(const std::string& path, bool gzip_ok) const {
  auto it = files_.find(path);
  bool is_index = false;
  if (it == files_.end()) {
    // Paths with an extension are files that do not exist; others are app routes.
    if (std::filesystem::path(path).has_extension()) return std::nullopt;
    it = files_.find("/index.html");
    if (it == files_.end()) return std::nullopt;
    is_index = true;
  }
  is_index = is_index || path == "/index.html";
  Response r;
  r.content_type = it->second.type;
  if (gzip_ok && !it->second.gz.empty()) {
    r.body = it->second.gz;
    r.headers.emplace_back("Content-Encoding", "gzip");
  } else {
    r.body = it->second.body;
  }
  r.headers.emplace_back("Vary", "Accept-Encoding");
  r.headers.emplace_back("Cache-Control", path.starts_with("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
  (void)is_index;
  return r;
}

}  // namespace langso
