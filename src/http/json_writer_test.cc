#include "http/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

namespace langso {
namespace {

std::string escaped(std::string_view s) {
  std::string out;
  json_escape(out, s);
  return out;
}

TEST(JsonEscape, SpecialCharactersAnywhere) {
  EXPECT_EQ(escaped(""), "\"\"");
  EXPECT_EQ(escaped("Xã Hoà Mục"), "\"Xã Hoà Mục\"");
  EXPECT_EQ(escaped("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
  // Past the 16-byte blocks, at their edges and in the tail.
  std::string s(40, 'x');
  for (size_t at : {0u, 15u, 16u, 31u, 32u, 39u}) {
    std::string t = s;
    t[at] = '"';
    std::string want = "\"" + s.substr(0, at) + "\\\"" + s.substr(at + 1) + "\"";
    EXPECT_EQ(escaped(t), want) << at;
  }
}

// Property: for random bytes of valid UTF-8 shape (ASCII, controls, quotes,
// backslashes and multi-byte Vietnamese letters), the output parses back to
// the input.
TEST(JsonEscape, RoundTripsThroughAParser) {
  std::mt19937 rng(7);
  const std::string pieces[] = {"a", "Z", " ", "\"", "\\", "\n", "\t", std::string(1, '\x01'), std::string(1, '\x1f'),
                                "ệ", "Đ", "ữ", "/", "\x7f"};
  for (int round = 0; round < 500; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 70);
    for (int i = 0; i < n; ++i) s += pieces[rng() % std::size(pieces)];
    EXPECT_EQ(nlohmann::json::parse(escaped(s)).get<std::string>(), s);
  }
}

}  // namespace
}  // namespace langso
