#include "util/csv.h"

#include <gtest/gtest.h>

namespace langso {

TEST(Csv, ReadsQuotedFieldsBomAndCrlf) {
  CsvReader r("\xEF\xBB\xBFM\xC3\xA3,T\xC3\xAAn\r\n01,\"a, \"\"b\"\"\"\r\n02,\"x\ny\"\n03,\n");
  std::vector<std::string> f;
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"Mã", "Tên"}));
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"01", "a, \"b\""}));
  EXPECT_EQ(r.line(), 2u);
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"02", "x\ny"}));
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(r.line(), 5u);
  EXPECT_EQ(f, (std::vector<std::string>{"03", ""}));
  EXPECT_FALSE(r.next(f));
}

}  // namespace langso

namespace langso {

TEST(Csv, FieldsRoundTripThroughTheReader) {
  std::vector<std::string> in = {"Xã Hoà Mục", "a, b", "nói \"có\"", "hai\ndòng", ""};
  std::string line;
  for (size_t i = 0; i < in.size(); ++i) line += (i ? "," : "") + csv_field(in[i]);
  line += "\n";  // CsvReader views the text: it must outlive the reader
  CsvReader r(line);
  std::vector<std::string> out;
  ASSERT_TRUE(r.next(out));
  EXPECT_EQ(out, in);
  EXPECT_EQ(csv_field("plain"), "plain");
}

}  // namespace langso
