// IP addresses and networks, for the proxies langso trusts to tell it the
// client's address (X-Forwarded-For) and scheme (X-Forwarded-Proto).
//
// An IPv4 address is kept as its IPv4-mapped IPv6 form (::ffff:a.b.c.d), so
// "127.0.0.1" matches a peer seen as "::ffff:127.0.0.1" on a dual-stack socket.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace langso {

using IpBytes = std::array<unsigned char, 16>;

std::optional<IpBytes> parse_ip(std::string_view text);

struct IpNet {
  IpBytes base{};
  int prefix = 128;  // in bits of the 16-byte form (an IPv4 /24 is 96 + 24)
  bool contains(const IpBytes& a) const;
};

// "10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8"; nullopt when malformed.
std::optional<IpNet> parse_ip_net(std::string_view text);

// The client's address for a request that reached langso from `peer`: the
// peer itself unless it is a trusted proxy; then the right-most address of
// X-Forwarded-For that is not a trusted proxy (each proxy appends the address
// it saw, so only the part added by trusted proxies can be believed). A
// malformed entry stops the walk there: the last address believed is used.
std::string client_address(const std::string& peer, std::string_view forwarded_for, const std::vector<IpNet>& trusted);
bool is_trusted(const std::string& peer, const std::vector<IpNet>& trusted);

}  // namespace langso
