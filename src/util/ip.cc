#include "util/ip.h"

#include <arpa/inet.h>

#include <cstring>

namespace langso {

static std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<IpBytes> parse_ip(std::string_view text) {
  text = trim_spaces(text);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  // inet_pton reads up to a NUL: "::ff\0junk" must not pass as ::ff.
  if (text.empty() || text.size() > 45 || text.find('\0') != std::string_view::npos) return std::nullopt;
  const std::string s(text);
  IpBytes out{};
  unsigned char v4[4];
  if (inet_pton(AF_INET, s.c_str(), v4) == 1) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, v4, 4);
    return out;
  }
  if (inet_pton(AF_INET6, s.c_str(), out.data()) == 1) return out;
  return std::nullopt;
}

bool IpNet::contains(const IpBytes& a) const {
  int bits = prefix;
  for (size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
    if ((a[i] & mask) != (base[i] & mask)) return false;
  }
  return true;
}

std::optional<IpNet> parse_ip_net(std::string_view text) {
  text = trim_spaces(text);
  const size_t slash = text.find('/');
  auto addr = parse_ip(text.substr(0, slash));
  if (!addr) return std::nullopt;
  const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
  int prefix = 128;
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    if (p.empty() || p.size() > 3) return std::nullopt;
    int n = 0;
    for (char c : p) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
    }
    if (n > (v4 ? 32 : 128)) return std::nullopt;
    prefix = v4 ? 96 + n : n;
  }
  return IpNet{*addr, prefix};
}

static bool trusted_bytes(const IpBytes& a, const std::vector<IpNet>& trusted) {
  for (const IpNet& n : trusted)
    if (n.contains(a)) return true;
  return false;
}

bool is_trusted(const std::string& peer, const std::vector<IpNet>& trusted) {
  if (trusted.empty()) return false;
  auto a = parse_ip(peer);
  return a && trusted_bytes(*a, trusted);
}

static std::string canonical(const IpBytes& a) {
  char buf[INET6_ADDRSTRLEN];
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(a.data(), kMapped, 12) == 0) inet_ntop(AF_INET, a.data() + 12, buf, sizeof buf);
  else inet_ntop(AF_INET6, a.data(), buf, sizeof buf);
  return buf;
}

std::string client_address(const std::string& peer, std::string_view forwarded_for, const std::vector<IpNet>& trusted) {
  if (!is_trusted(peer, trusted)) return peer;
  std::string believed = peer;
  while (!forwarded_for.empty()) {
    const size_t comma = forwarded_for.rfind(',');
    std::string_view part = comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    auto a = parse_ip(part);
    if (!a) break;
    believed = canonical(*a);
    if (!trusted_bytes(*a, trusted)) break;
  }
  return believed;
}

}  // namespace langso
