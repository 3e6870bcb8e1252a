#include "domain/plan_file.h"

#include <gtest/gtest.h>

namespace langso {

TEST(PlanFile, TypeIsReadFromTheBytes) {
  EXPECT_EQ(sniff_file_type("%PDF-1.7\n..."), FileType::Pdf);
  EXPECT_EQ(sniff_file_type(std::string("\xFF\xD8\xFF\xE0", 4)), FileType::Jpeg);
  EXPECT_EQ(sniff_file_type(std::string("\x89PNG\r\n\x1a\n\0\0", 10)), FileType::Png);
  EXPECT_FALSE(sniff_file_type("<html>%PDF-"));
  EXPECT_FALSE(sniff_file_type(""));
  EXPECT_FALSE(sniff_file_type("MZ\x90"));
}

TEST(PlanFile, NamesAreSanitised) {
  EXPECT_EQ(sanitise_file_name("../../etc/Quyết định 12.pdf", FileType::Pdf), "Quyết định 12.pdf");
  EXPECT_EQ(sanitise_file_name("C:\\Users\\a\\scan.exe", FileType::Pdf), "scan.exe.pdf");
  EXPECT_EQ(sanitise_file_name("ảnh.JPEG", FileType::Jpeg), "ảnh.jpg");
  EXPECT_EQ(sanitise_file_name("..", FileType::Png), "tep.png");
  EXPECT_EQ(sanitise_file_name("a\"b<c>\r\n.pdf", FileType::Pdf), "abc.pdf");
  std::string longname(300, 'x');
  EXPECT_EQ(sanitise_file_name(longname, FileType::Pdf).size(), kPlanFileNameMaxChars);
}

}  // namespace langso

#include "util/base64.h"

namespace langso {

TEST(Base64, RoundTripsAndRefusesJunk) {
  for (std::string s : {std::string(""), std::string("f"), std::string("fo"), std::string("foo"), std::string("\0\xFF\x10", 3)})
    EXPECT_EQ(base64_decode(base64_encode(s)), s);
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_decode("Zm9v\nYg=="), "foob");
  EXPECT_FALSE(base64_decode("Zm9v!"));
  EXPECT_FALSE(base64_decode("Zm9"));
  EXPECT_FALSE(base64_decode("Zg==Zg=="));
}

}  // namespace langso
