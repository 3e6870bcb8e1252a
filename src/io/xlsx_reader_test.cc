#include "io/xlsx_reader.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <map>

#include "io/plan_target_table.h"
#include "io/xlsx_table.h"

namespace langso {
namespace {

// A zip in memory holding `parts` (name -> content), as libzip writes it.
std::string make_zip(const std::map<std::string, std::string>& parts) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* buf = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(buf);
  zip_t* z = zip_open_from_source(buf, ZIP_TRUNCATE, &err);
  for (const auto& [name, content] : parts) {
    zip_source_t* s = zip_source_buffer(z, content.data(), content.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
  }
  zip_close(z);
  zip_source_open(buf);
  zip_source_seek(buf, 0, SEEK_END);
  zip_int64_t size = zip_source_tell(buf);
  zip_source_seek(buf, 0, SEEK_SET);
  std::string out(static_cast<size_t>(size), '\0');
  zip_source_read(buf, out.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(buf);
  zip_source_free(buf);
  zip_error_fini(&err);
  return out;
}

std::string sheet_xml(const std::string& rows) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
         rows + "</sheetData></worksheet>";
}

std::string error_of(const std::string& bytes, const XlsxLimits& limits = {}) {
  try {
    read_xlsx_first_sheet(bytes, limits);
  } catch (const XlsxError& e) {
    return e.what();
  }
  return "";
}

TEST(XlsxReader, ReadsWhatLangsoWrites) {
  XlsxTable t("Bang", "Tiêu đề: Xã Hoà Mục", {{"Mã đơn vị"}, {"Tên đơn vị"}, {"Dân số"}});
  t.row({std::string("01954"), std::string("Xã Hoà Mục"), 3456.0});
  t.row({std::string("=cmd|x"), XlsxCell(), 12.5});
  XlsxRows rows = read_xlsx_first_sheet(t.finish());
  ASSERT_EQ(rows.size(), 5u);  // title, a blank row, the header, two rows
  EXPECT_EQ(rows[0].at(0), "Tiêu đề: Xã Hoà Mục");
  EXPECT_TRUE(rows[1].empty());
  EXPECT_EQ(rows[2], (std::vector<std::string>{"Mã đơn vị", "Tên đơn vị", "Dân số"}));
  EXPECT_EQ(rows[3], (std::vector<std::string>{"01954", "Xã Hoà Mục", "3456"}));
  EXPECT_EQ(rows[4], (std::vector<std::string>{"=cmd|x", "", "12.5"}));  // text stays text; a gap stays a gap
}

TEST(XlsxReader, InlineStringsGapsAndPrefixedNames) {
  std::string xml = R"(<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)"
                    R"(<x:row r="2"><x:c r="C2" t="inlineStr"><x:is><x:t>Nà Pầu</x:t></x:is></x:c><x:c r="D2"><x:v>7</x:v></x:c></x:row>)"
                    R"(</x:sheetData></x:worksheet>)";
  XlsxRows rows = read_xlsx_first_sheet(make_zip({{"xl/worksheets/sheet1.xml", xml}}));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].empty());
  EXPECT_EQ(rows[1], (std::vector<std::string>{"", "", "Nà Pầu", "7"}));
}

TEST(XlsxReader, RefusesHostileFiles) {
  EXPECT_NE(error_of("Mã đơn vị,Chỉ tiêu\n"), "");         // text, not a zip
  EXPECT_NE(error_of(std::string("PK\x03\x04garbage", 11)), "");  // a broken zip
  EXPECT_NE(error_of(make_zip({{"other.txt", "x"}})), "");         // a zip without a sheet
  // Entity expansion: any DOCTYPE is refused.
  std::string laughs = R"(<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>)"
                       R"(<worksheet><sheetData><row><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>)";
  EXPECT_NE(error_of(make_zip({{"xl/worksheets/sheet1.xml", laughs}})).find("DOCTYPE"), std::string::npos);
  // A part inflating beyond the limit (a zip bomb in miniature): 2 MB of zeros, limit 1 MB.
  XlsxLimits small;
  small.max_part_bytes = 1u << 20;
  std::string bomb = sheet_xml("<row><c><v>1</v></c></row>" + std::string(2u << 20, ' '));
  std::string zipped = make_zip({{"xl/worksheets/sheet1.xml", bomb}});
  EXPECT_LT(zipped.size(), 100u * 1024);
  EXPECT_NE(error_of(zipped, small).find("quá lớn"), std::string::npos);
  // Too many entries, rows, columns.
  small.max_entries = 3;
  EXPECT_NE(error_of(make_zip({{"a", "1"}, {"b", "1"}, {"c", "1"}, {"xl/worksheets/sheet1.xml", sheet_xml("")}}), small), "");
  XlsxLimits rows_limit;
  rows_limit.max_rows = 10;
  EXPECT_NE(error_of(make_zip({{"xl/worksheets/sheet1.xml", sheet_xml(R"(<row r="11"><c><v>1</v></c></row>)")}}), rows_limit), "");
  EXPECT_NE(error_of(make_zip({{"xl/worksheets/sheet1.xml", sheet_xml(R"(<row><c r="ZZZZ1"><v>1</v></c></row>)")}})), "");
  // A shared string that does not exist; malformed XML.
  EXPECT_NE(error_of(make_zip({{"xl/worksheets/sheet1.xml", sheet_xml(R"(<row><c t="s"><v>9</v></c></row>)")}})), "");
  EXPECT_NE(error_of(make_zip({{"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row>"}})), "");
}

const std::vector<TargetTableUnit> kChildren = {{11, "01954", "Xã Hoà Mục", 3000}, {12, "01957", "Xã Yên Đĩnh", 5000}};
const TargetTableHeading kHeading{"45/KH-UBND", "Huyện Chợ Mới", "Số tổ công nghệ số cộng đồng", "tổ"};

TEST(TargetTable, TheTemplateFilledInReadsBack) {
  XlsxRows rows = read_xlsx_first_sheet(target_table_xlsx(kHeading, kChildren));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[3], (std::vector<std::string>{"01954", "Xã Hoà Mục", "3000"}));  // the value left to fill in
  rows[3].resize(4), rows[4].resize(4);
  rows[3][3] = "12";
  rows[4][3] = "1.234";  // typed as Vietnamese text
  TargetTableParts p = read_target_table(rows, kChildren, kHeading);
  ASSERT_TRUE(p.errors.empty()) << p.errors[0].message;
  EXPECT_EQ(p.parts, (std::vector<std::pair<Id, double>>{{11, 12}, {12, 1234}}));
}

TEST(TargetTable, RowErrorsAndNothingElse) {
  XlsxRows rows = csv_rows("Mã đơn vị,Tên,Chỉ tiêu\n01954,Hoà Mục,12\n01954,again,3\n99999,x,1\n01957,y,-2\n,z,\n\n");
  TargetTableParts p = read_target_table(rows, kChildren, kHeading);
  EXPECT_TRUE(p.parts.empty());
  std::vector<std::string> fields;
  for (const FieldError& e : p.errors) fields.push_back(e.field + ":" + e.code);
  EXPECT_EQ(fields, (std::vector<std::string>{"dòng 3.ma_don_vi:duplicate", "dòng 4.ma_don_vi:invalid_value",
                                              "dòng 5.chi_tieu:invalid_value", "dòng 6.ma_don_vi:required",
                                              "dòng 6.chi_tieu:required"}));  // 01957 has its row (with an error)
  EXPECT_EQ(read_target_table(csv_rows("Mã đơn vị,Chỉ tiêu\n01954,1\n"), kChildren, kHeading).errors.at(0).message,
            "Thiếu dòng của Xã Yên Đĩnh (mã 01957)");
  EXPECT_EQ(p.errors[1].message, "dòng 4: mã 99999 không phải đơn vị cấp dưới của Huyện Chợ Mới");
  EXPECT_EQ(read_target_table(csv_rows("a,b\n1,2\n"), kChildren, kHeading).errors.at(0).code, "missing_header");
  TargetTableHeading share = kHeading;
  share.indicator_unit = "%";
  EXPECT_EQ(read_target_table(csv_rows("ma don vi,CHỈ TIÊU\n01954,100\n01957,\"100,5\"\n"), kChildren, share).errors.at(0).field,
            "dòng 3.chi_tieu");
}

}  // namespace
}  // namespace langso
