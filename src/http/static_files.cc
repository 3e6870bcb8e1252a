#include "http/static_files.h"

#include <sodium.h>

#include <filesystem>

#include "http/server.h"
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

// The policy for an HTML page: kContentSecurityPolicy, with style-src
// allowing exactly the page's inline <style> blocks.
static std::string html_policy(const std::string& html) {
  std::string hashes;
  for (size_t at = 0; (at = html.find("<style>", at)) != std::string::npos;) {
    const size_t from = at + 7, to = html.find("</style>", from);
    if (to == std::string::npos) break;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(html.data() + from), to - from);
    char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
    hashes += std::string(" 'sha256-") + b64 + "'";
    at = to;
  }
  std::string policy = kContentSecurityPolicy;
  const std::string style = "style-src 'self'";
  if (auto p = policy.find(style); p != std::string::npos) policy.insert(p + style.size(), hashes);
  return policy;
}

void StaticFiles::load(const std::string& dir) {
  namespace fs = std::filesystem;
  files_.clear();
  if (dir.empty() || !fs::is_directory(dir)) return;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::string rel = "/" + fs::relative(e.path(), dir).generic_string();
    if (rel.ends_with(".gz")) continue;
    File f{read_file(e.path().string()), {}, mime(rel), {}};
    if (rel.ends_with(".html")) f.csp = html_policy(f.body);
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
  if (!it->second.csp.empty()) r.headers.emplace_back("Content-Security-Policy", it->second.csp);
  (void)is_index;
  return r;
}

}  // namespace langso
