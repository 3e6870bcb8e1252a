#include "util/gzip.h"

#include <gtest/gtest.h>

namespace langso {

TEST(Gzip, RoundTripsAndShrinksJson) {
  std::string json;
  for (int i = 0; i < 2000; ++i) json += R"({"id":)" + std::to_string(i) + R"(,"name":"Tổ CNSCĐ thôn Nà Pầu"},)";
  const std::string z = gzip(json);
  EXPECT_EQ(static_cast<unsigned char>(z[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>(z[1]), 0x8b);
  EXPECT_LT(z.size() * 10, json.size());
  EXPECT_EQ(gunzip(z), json);
  EXPECT_EQ(gunzip(gzip("")), "");
  EXPECT_THROW(gunzip("not gzip at all"), std::runtime_error);
  EXPECT_THROW(gunzip(z, 100), std::runtime_error);
}

}  // namespace langso
