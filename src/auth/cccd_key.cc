#include "auth/cccd_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "auth/crypto.h"

namespace langso {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw std::runtime_error("khoá CCCD " + path + ": " + what + (errno ? std::string(" (") + std::strerror(errno) + ")" : ""));
}

// The key file is the key's 64 hex digits and a newline.
std::optional<CccdKey> read_key(const std::string& path) {
  errno = 0;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    fail("không đọc được", path);
  }
  char buf[130];
  ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  errno = 0;
  std::string_view text(buf, n > 0 ? static_cast<size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  std::array<unsigned char, CccdKey::kBytes> bytes{};
  size_t len = 0;
  if (text.size() != 2 * CccdKey::kBytes ||
      sodium_hex2bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &len, nullptr) != 0 ||
      len != bytes.size())
    fail("không phải một khoá (64 chữ số hệ 16)", path);
  return CccdKey(bytes);
}

}  // namespace

CccdKey CccdKey::random() {
  std::array<unsigned char, kBytes> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  return CccdKey(bytes);
}

CccdKey CccdKey::load_or_create(const std::string& path) {
  if (auto k = read_key(path)) return *k;
  std::error_code ec;
  auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  std::array<unsigned char, kBytes> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  const std::string text = to_hex(bytes.data(), bytes.size()) + "\n";
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  errno = 0;
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) fail("không tạo được", tmp);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    fail("không ghi được", tmp);
  }
  // link() fails if the name is taken: another process made the key first,
  // and that one is the key.
  int linked = ::link(tmp.c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    errno = link_errno;
    fail("không tạo được", path);
  }
  errno = 0;
  if (auto k = read_key(path)) return *k;
  fail("không đọc được", path);
}

std::string CccdKey::mac(std::string_view message, size_t hex_digits) const {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                     key_.data(), key_.size());
  return to_hex(out, std::min(sizeof out, hex_digits / 2));
}

// The first half of the MAC (128 bits, 32 hex digits): migration 18 cut the
// digests of before to it, so both are the same for the same number.
std::string CccdKey::digest(std::string_view digits) const { return mac(cccd_digest(digits), kDigestChars); }
std::string CccdKey::rekey(std::string_view unkeyed_digest) const { return mac(unkeyed_digest, kDigestChars); }
std::string CccdKey::check() const { return mac("langso-cccd-key-check"); }

}  // namespace langso
