#include "util/base64.h"

#include <gtest/gtest.h>

namespace langso {

// Every length round trips; white space anywhere is passed over, as mail
// and some phones wrap it; anything else that is not base64 is refused.
TEST(Base64, RoundTripsAndRefusesWhatIsNotBase64) {
  std::string bytes;
  for (int n = 0; n < 300; ++n) {
    const std::string text = base64_encode(bytes);
    ASSERT_EQ(base64_decode(text), bytes) << n;
    std::string wrapped;
    for (size_t i = 0; i < text.size(); ++i) wrapped += (i % 7 == 3 ? "\r\n" : "") + std::string(1, text[i]);
    ASSERT_EQ(base64_decode(wrapped), bytes) << n;
    bytes.push_back(static_cast<char>((n * 97 + 13) & 0xFF));
  }
  EXPECT_EQ(base64_decode("TGFuZ3Nv"), "Langso");
  EXPECT_EQ(base64_decode("TGFuZ3NvIQ=="), "Langso!");
  EXPECT_EQ(base64_decode(""), "");
  for (const char* bad : {"TGFuZ3N", "TGFu*3Nv", "TGFuZ3NvIQ==TGFu", "TGFuZ3NvI===", "TGFu\xC3\xA9", "TG=uZ3Nv", "TGFuZ3N\x00"})
    EXPECT_FALSE(base64_decode(bad)) << bad;
  EXPECT_FALSE(base64_decode(std::string("TGFuZ3N\0", 8)));
}

}  // namespace langso
