#include "util/ip.h"

#include <gtest/gtest.h>

namespace langso {

static std::vector<IpNet> nets(std::initializer_list<const char*> xs) {
  std::vector<IpNet> out;
  for (const char* x : xs) out.push_back(*parse_ip_net(x));
  return out;
}

TEST(Ip, ParsesAndMatchesNetworks) {
  EXPECT_TRUE(parse_ip("127.0.0.1"));
  EXPECT_TRUE(parse_ip("::1"));
  EXPECT_TRUE(parse_ip("[2001:db8::1]"));
  EXPECT_FALSE(parse_ip("127.0.0.256"));
  EXPECT_FALSE(parse_ip("example.org"));
  EXPECT_FALSE(parse_ip(""));
  EXPECT_FALSE(parse_ip_net("10.0.0.0/33"));
  EXPECT_FALSE(parse_ip_net("10.0.0.0/"));
  EXPECT_FALSE(parse_ip_net("::/129"));
  auto ten = *parse_ip_net("10.0.0.0/8");
  EXPECT_TRUE(ten.contains(*parse_ip("10.200.3.4")));
  EXPECT_FALSE(ten.contains(*parse_ip("11.0.0.1")));
  EXPECT_TRUE(ten.contains(*parse_ip("::ffff:10.1.2.3")));  // as a dual-stack socket shows it
  auto odd = *parse_ip_net("192.168.4.0/22");
  EXPECT_TRUE(odd.contains(*parse_ip("192.168.7.255")));
  EXPECT_FALSE(odd.contains(*parse_ip("192.168.8.0")));
  EXPECT_TRUE(parse_ip_net("fd00::/8")->contains(*parse_ip("fd12::5")));
}

TEST(Ip, ForwardedForIsBelievedOnlyFromTrustedProxies) {
  const auto trusted = nets({"127.0.0.1", "10.0.0.0/8"});
  // Not from a proxy: the header is the client's own words.
  EXPECT_EQ(client_address("203.0.113.9", "1.2.3.4", trusted), "203.0.113.9");
  EXPECT_EQ(client_address("127.0.0.1", "1.2.3.4", {}), "127.0.0.1");
  // From the proxy: the right-most address that is not a proxy.
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.7", trusted), "198.51.100.7");
  EXPECT_EQ(client_address("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.1.1", trusted), "198.51.100.7");
  EXPECT_EQ(client_address("::ffff:127.0.0.1", " 198.51.100.7 ", trusted), "198.51.100.7");
  // A forged left part does not matter; a malformed entry stops the walk.
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.7, garbage", trusted), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "", trusted), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "2001:db8::1", trusted), "2001:db8::1");
}

// Found by fuzz/fuzz_ip: inet_pton stops at a NUL, so "::ff\0junk" passed as ::ff.
TEST(Ip, ANulInsideIsMalformed) {
  using namespace std::string_view_literals;
  EXPECT_FALSE(parse_ip("::ff\0192.0.2.1"sv));
  EXPECT_FALSE(parse_ip("10.0.0.1\0"sv));
  EXPECT_FALSE(parse_ip_net("10.0.0.0\0x/8"sv));
}

}  // namespace langso
