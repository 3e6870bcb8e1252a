// IP addresses and networks (util/ip.h) on arbitrary text: parse_ip,
// parse_ip_net, and client_address on the text as an X-Forwarded-For header
// from a trusted proxy. Checks that a network contains its own address, an
// address parsed as a network is itself alone, and the client address langso
// believes is the peer or an address that parses.
#include <string>
#include <vector>

#include "check.h"
#include "util/ip.h"

using namespace langso;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string s = fuzz::text(data, size);
  if (auto a = parse_ip(s)) {
    auto n = parse_ip_net(s);
    FUZZ_CHECK(n && n->prefix == 128 && n->contains(*a));
  }
  if (auto n = parse_ip_net(s)) {
    FUZZ_CHECK(n->prefix >= 0 && n->prefix <= 128);
    FUZZ_CHECK(n->contains(n->base));
  }
  static const std::vector<IpNet> trusted = {*parse_ip_net("127.0.0.1"), *parse_ip_net("10.0.0.0/8"), *parse_ip_net("::1")};
  for (const char* peer : {"127.0.0.1", "::ffff:10.1.2.3", "192.0.2.7"}) {
    const std::string who = client_address(peer, s, trusted);
    FUZZ_CHECK(who == peer || parse_ip(who));
  }
  return 0;
}
