#include "domain/report.h"

#include <gtest/gtest.h>

namespace langso {

static Unit unit(std::string name, std::string type, Level level) { return {1, "065", std::move(name), std::move(type), level, {}}; }

TEST(Report, PeoplesCommitteeHeadingAndSignature) {
  const Unit u = unit("Huyện Chợ Mới", "huyen", Level::District);
  ReportSettings s = default_report_settings(u);
  EXPECT_EQ(s.place, "Chợ Mới");
  auto lines = issuer_lines(s, u, u);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "UỶ BAN NHÂN DÂN");
  EXPECT_EQ(lines[1].text, "HUYỆN CHỢ MỚI");
  EXPECT_TRUE(lines[1].bold);
  EXPECT_EQ(signature_lines(s, s.signer_title), (std::vector<std::string>{"TM. UỶ BAN NHÂN DÂN", "CHỦ TỊCH"}));
  EXPECT_EQ(signature_lines(s, "Phó Chủ tịch"), (std::vector<std::string>{"TM. UỶ BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"}));
  EXPECT_EQ(number_line(s, " 12 "), "Số: 12/BC-UBND");
  EXPECT_EQ(number_line(s, ""), "Số:         /BC-UBND");
  EXPECT_EQ(issuer_in_sentence(s, u, u), "UBND huyện Chợ Mới");
}

TEST(Report, DepartmentHeadingAndSignature) {
  const Unit p = unit("Tỉnh Thái Nguyên", "tinh", Level::Province);
  ReportSettings s = default_report_settings(p);
  s.issuer_kind = IssuerKind::Body;
  s.issuer_name = "Sở Khoa học và Công nghệ";
  s.abbreviation = "SKHCN";
  s.head_title = "Giám đốc";
  auto lines = issuer_lines(s, p, p);
  EXPECT_EQ(lines[0].text, "UBND TỈNH THÁI NGUYÊN");
  EXPECT_FALSE(lines[0].bold);
  EXPECT_EQ(lines[1].text, "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
  EXPECT_EQ(signature_lines(s, "Phó Giám đốc"), (std::vector<std::string>{"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"}));
  EXPECT_EQ(signature_lines(s, "Giám đốc"), (std::vector<std::string>{"GIÁM ĐỐC"}));
  EXPECT_EQ(issuer_in_sentence(s, p, p), "Sở Khoa học và Công nghệ tỉnh Thái Nguyên");
}

TEST(Report, VillageReportsAsItsTeam) {
  const Unit v = unit("Thôn Nà Pầu", "thon", Level::Village);
  const Unit commune = unit("Xã Hoà Mục", "xa", Level::Commune);
  ReportSettings s = default_report_settings(v);
  EXPECT_EQ(s.issuer_kind, IssuerKind::Body);
  auto lines = issuer_lines(s, v, commune);
  EXPECT_EQ(lines[0].text, "UBND XÃ HOÀ MỤC");
  EXPECT_EQ(lines[1].text, "TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG THÔN NÀ PẦU");
  EXPECT_EQ(signature_lines(s, s.signer_title), (std::vector<std::string>{"TỔ TRƯỞNG"}));
}

TEST(Report, DateLineAsDecree30WritesIt) {
  EXPECT_EQ(date_line("Chợ Mới", date_from_ymd(2022, 5, 4)), "Chợ Mới, ngày 04 tháng 5 năm 2022");
  EXPECT_EQ(date_line("Thái Nguyên", date_from_ymd(2026, 2, 15)), "Thái Nguyên, ngày 15 tháng 02 năm 2026");
  EXPECT_EQ(date_line("Thái Nguyên", date_from_ymd(2026, 12, 2)), "Thái Nguyên, ngày 02 tháng 12 năm 2026");
}

TEST(Report, SectionsInOrder) {
  auto s = report_sections();
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].code, "ket_qua");
  EXPECT_EQ(s[3].title, "Phương hướng, nhiệm vụ kỳ tới");
  EXPECT_EQ(parse_issuer_kind("co_quan"), IssuerKind::Body);
  EXPECT_FALSE(parse_issuer_kind("hdnd"));
}

}  // namespace langso
