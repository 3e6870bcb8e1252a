// The web app's files, read once into memory at start (a few hundred KB).
// Hashed assets are cached for a year; index.html is revalidated. An HTML
// file is served with the Content-Security-Policy (server.h) widened by the
// SHA-256 of each inline <style> it holds (the build inlines the stylesheet),
// and nothing else inline.
#pragma once
#include <optional>
#include <string>
#include <unordered_map>

#include "http/message.h"

namespace langso {

class StaticFiles {
 public:
  void load(const std::string& dir);
  bool empty() const { return files_.empty(); }
  // The file at path, or index.html for app routes; nullopt when nothing fits.
  std::optional<Response> serve(const std::string& path, bool gzip_ok) const;

 private:
  struct File {
    std::string body, gz, type;
    std::string csp;  // HTML: the policy, allowing its own inline <style> blocks by hash
  };
  std::unordered_map<std::string, File> files_;
};

}  // namespace langso
