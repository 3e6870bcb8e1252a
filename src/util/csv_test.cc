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

namespace langso {

TEST(Csv, RecordsCountSpreadsheetRowsWhateverTheLineBreaksInCells) {
  CsvReader r("ma,ghi_chu\r\n1,\"hai\r\ndòng\"\r\n\r\n2,x\r\n");
  std::vector<std::string> f;
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(r.record(), 1u);
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(r.record(), 2u);
  EXPECT_EQ(r.line(), 2u);
  ASSERT_TRUE(r.next(f));  // a blank line is a (blank) row
  EXPECT_EQ(r.record(), 3u);
  EXPECT_EQ(r.line(), 4u);
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"2", "x"}));
  EXPECT_EQ(r.record(), 4u);
  EXPECT_EQ(r.line(), 5u);
}

TEST(Csv, TextCellsThatASpreadsheetWouldRunAsFormulasGetAnApostrophe) {
  EXPECT_EQ(csv_text("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
  EXPECT_EQ(csv_text("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_text("+1+2"), "'+1+2");
  EXPECT_EQ(csv_text("-2+3"), "'-2+3");
  EXPECT_EQ(csv_text("@SUM(A1:A2)"), "'@SUM(A1:A2)");
  EXPECT_EQ(csv_text("\tx"), "\"'\tx\"");
  EXPECT_EQ(csv_text("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_text("Thôn =Nà Pài"), "Thôn =Nà Pài");  // only the first character counts
  EXPECT_EQ(csv_text(""), "");
  // A semicolon is quoted: opened with ';' as the list separator, "a;=1+1" stays one cell.
  EXPECT_EQ(csv_text("a;=1+1"), "\"a;=1+1\"");
  // Numbers written as numbers keep their sign.
  EXPECT_EQ(csv_field("-5"), "-5");
  EXPECT_EQ(csv_field("12.5"), "12.5");
  // What the reader gets back is the text with its apostrophe.
  std::string line = csv_text("=1+1") + "," + csv_text("a,=b") + "\n";
  CsvReader r(line);
  std::vector<std::string> out;
  ASSERT_TRUE(r.next(out));
  EXPECT_EQ(out, (std::vector<std::string>{"'=1+1", "a,=b"}));
}

}  // namespace langso
