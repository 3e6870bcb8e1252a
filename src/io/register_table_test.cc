#include "io/register_table.h"

#include <gtest/gtest.h>

namespace langso {
namespace {

StatusCatalog catalog() {
  static auto acts = ActivityCatalog::from_json(nlohmann::json::parse(default_activity_types_json()));
  return StatusCatalog::from_json(nlohmann::json::parse(default_status_types_json()), acts);
}

TEST(RegisterTable, HouseholdsByNumberOrByTheAddressAbove) {
  const StatusCatalog st = catalog();
  // By "Hộ số": rows need not be together.
  XlsxRows by_number = {{"Sổ hộ"},
                        {"Hộ số", "Họ và tên", "Ngày sinh", "Giới tính", "Xóm"},
                        {"1", "A", "1980", "Nam", "Xóm 1"},
                        {"2", "B", "1981", "Nữ", "Xóm 2"},
                        {"1", "C", "01/02/2010", "Nữ", ""}};
  RegisterTable t = read_register_table(by_number, st, "Thôn X");
  ASSERT_TRUE(t.errors.empty()) << t.errors[0].message;
  ASSERT_EQ(t.households.size(), 2u);
  EXPECT_EQ(t.households[0].persons.size(), 2u);
  EXPECT_EQ(t.households[0].line, 3u);
  EXPECT_EQ(t.households[0].persons[1].fields["birth_date"], "2010-02-01");
  EXPECT_EQ(t.households[0].persons[1].fields["sex"], "nu");
  // Without it: an address starts a household; a row without one joins the one above.
  XlsxRows by_address = {{"Họ và tên", "Năm sinh", "Giới tính", "Số nhà", "Mô tả địa chỉ"},
                         {"A", "1980", "nam", "5", ""},
                         {"B", "1982", "NỮ", "", ""},
                         {"C", "1990", "Nam", "", "cạnh nhà văn hoá"}};
  t = read_register_table(by_address, st, "Thôn X");
  ASSERT_TRUE(t.errors.empty());
  ASSERT_EQ(t.households.size(), 2u);
  EXPECT_EQ(t.households[0].persons.size(), 2u);
  EXPECT_EQ(t.households[1].fields["address_note"], "cạnh nhà văn hoá");
  EXPECT_EQ(t.persons, 3u);
}

TEST(RegisterTable, CellsAsOfficersWriteThem) {
  const StatusCatalog st = catalog();
  XlsxRows rows = {{"Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Xóm", "Chủ hộ", "Cáp quang", "CCCD",
                    "Có điện thoại thông minh", "Có tài khoản thanh toán không dùng tiền mặt",
                    "Nhà cung cấp (Có tài khoản thanh toán không dùng tiền mặt)"},
                   // 45658 is Excel's 01/01/2025; an ethnic group by name; a masked CCCD from an export.
                   {"  Lò  Văn Một ", "32874", "Nam", "nùng", "Xóm A", "x", "Có", "********1234", "45658", "1/6/2024", "vnpt money"}};
  RegisterTable t = read_register_table(rows, st, "Thôn X");
  ASSERT_TRUE(t.errors.empty()) << t.errors[0].message;
  const RegisterTablePerson& p = t.households.at(0).persons.at(0);
  EXPECT_EQ(p.fields["birth_date"], "1990-01-01");
  EXPECT_EQ(p.fields["ethnic"], "nung");
  EXPECT_TRUE(p.head);
  EXPECT_TRUE(p.cccd_masked);
  EXPECT_EQ(p.cccd_last4, "1234");
  EXPECT_FALSE(p.fields.contains("cccd"));
  EXPECT_EQ(t.households[0].fields["fibre"], true);
  ASSERT_EQ(p.statuses.size(), 2u);
  EXPECT_EQ(format_iso(p.statuses[0].gained_on), "2025-01-01");
  EXPECT_EQ(p.statuses[1].option, "vnpt_money");
  EXPECT_EQ(format_iso(p.statuses[1].gained_on), "2024-06-01");
}

TEST(RegisterTable, ErrorsNameTheRow) {
  const StatusCatalog st = catalog();
  XlsxRows rows = {{"Họ và tên", "Ngày sinh", "Giới tính", "Xóm", "Chủ hộ", "Có điện thoại thông minh"},
                   {"A", "29/02/2023", "Nam", "Xóm A", "x", ""},
                   {"B", "1980", "Khác", "", "x", "2024-01-01"}};
  RegisterTable t = read_register_table(rows, st, "Thôn X");
  ASSERT_EQ(t.errors.size(), 4u);
  EXPECT_EQ(t.errors[0].field, "dòng 2.birth_date");
  EXPECT_EQ(t.errors[1].message, "dòng 3: giới tính ghi \"Nam\" hoặc \"Nữ\", không phải \"Khác\"");
  EXPECT_EQ(t.errors[2].message, "dòng 3: hộ đã có chủ hộ ở dòng trên");
  EXPECT_EQ(t.errors[3].field, "dòng 3.smartphone");
  EXPECT_EQ(read_register_table({{"a"}}, st, "X").errors.at(0).code, "missing_header");
  EXPECT_EQ(read_register_table({{"Họ và tên"}}, st, "X").errors.at(0).code, "missing_column");
}

// A large table's persons are read in two halves at once: the same persons,
// in their households, and the errors in row order as one pass tells them.
TEST(RegisterTable, ALargeTableReadsAsASmallOneDoes) {
  const StatusCatalog st = catalog();
  XlsxRows rows = {{"Họ và tên", "Ngày sinh", "Giới tính", "Xóm", "Số nhà", "Chủ hộ", "Có điện thoại thông minh", "Cáp quang"}};
  for (int i = 0; i < 5000; ++i)
    rows.push_back({"Người " + std::to_string(i), "1980", i % 2 ? "Nữ" : "Nam", i % 3 ? "" : "Xóm 1",
                    i % 3 ? "" : std::to_string(i), i % 3 ? "" : "x", i % 5 ? "" : "01/03/2024", ""});
  RegisterTable t = read_register_table(rows, st, "Thôn X");
  ASSERT_TRUE(t.errors.empty()) << t.errors[0].message;
  ASSERT_EQ(t.households.size(), 1667u);
  size_t n = 0, statuses = 0;
  for (const RegisterTableHousehold& h : t.households)
    for (const RegisterTablePerson& p : h.persons) {
      EXPECT_EQ(p.fields["full_name"], "Người " + std::to_string(n)) << "row " << p.line;
      EXPECT_EQ(p.line, n + 2);
      EXPECT_EQ(p.head, n % 3 == 0);
      statuses += p.statuses.size();
      ++n;
    }
  EXPECT_EQ(n, 5000u);
  EXPECT_EQ(statuses, 1000u);
  // Errors near the start, across the middle and at the end; a second head too.
  rows[3][2] = "Khác";
  rows[2500][1] = "31/02/1990";
  rows[2501][5] = "x";
  rows[2501][2] = "";
  rows[5000][6] = "32/13/2024";
  rows[4001][7] = "hay";  // a household's cell, read in the first pass
  t = read_register_table(rows, st, "Thôn X");
  std::vector<std::string> fields;
  for (const FieldError& e : t.errors) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"dòng 4.sex", "dòng 2501.birth_date", "dòng 2502.sex", "dòng 2502.head",
                                              "dòng 4002.fibre", "dòng 5001.smartphone"}));
}

}  // namespace
}  // namespace langso
