#include "domain/report.h"

#include "util/text.h"

namespace langso {

static constexpr ReportSectionInfo kSections[] = {
    {"ket_qua", "I", "Kết quả thực hiện"},
    {"kho_khan", "II", "Khó khăn, vướng mắc"},
    {"de_xuat", "III", "Đề xuất, kiến nghị"},
    {"phuong_huong", "IV", "Phương hướng, nhiệm vụ kỳ tới"},
};
static_assert(std::size(kSections) == kReportSectionCount);

std::span<const ReportSectionInfo> report_sections() { return kSections; }

std::string_view issuer_kind_code(IssuerKind k) { return k == IssuerKind::PeoplesCommittee ? "ubnd" : "co_quan"; }

std::optional<IssuerKind> parse_issuer_kind(std::string_view s) {
  if (s == "ubnd") return IssuerKind::PeoplesCommittee;
  if (s == "co_quan") return IssuerKind::Body;
  return std::nullopt;
}

ReportSettings default_report_settings(const Unit& u) {
  ReportSettings s;
  s.unit = u.id;
  s.place = std::string(short_name(u));
  if (u.level == Level::Village) {
    s.issuer_kind = IssuerKind::Body;
    s.issuer_name = "Tổ công nghệ số cộng đồng " + name_in_sentence(u);
    s.abbreviation = "TCNSCĐ";
    s.head_title = s.signer_title = "Tổ trưởng";
  } else {
    s.abbreviation = "UBND";
    s.head_title = s.signer_title = "Chủ tịch";
  }
  return s;
}

std::vector<HeadingLine> issuer_lines(const ReportSettings& s, const Unit& unit, const Unit& governing) {
  if (s.issuer_kind == IssuerKind::PeoplesCommittee) return {{"UỶ BAN NHÂN DÂN", true}, {upper(unit.name), true}};
  return {{"UBND " + upper(governing.name), false}, {upper(s.issuer_name), true}};
}

std::string issuer_in_sentence(const ReportSettings& s, const Unit& unit, const Unit& governing) {
  if (s.issuer_kind == IssuerKind::PeoplesCommittee) return "UBND " + name_in_sentence(unit);
  return s.issuer_name + " " + name_in_sentence(governing);
}

std::string number_line(const ReportSettings& s, std::string_view number) {
  const std::string n = trim(number);
  return "Số: " + (n.empty() ? std::string(8, ' ') : n) + "/BC-" + s.abbreviation;
}

std::string date_line(std::string_view place, Date d) {
  int y;
  unsigned m, day;
  ymd_from_date(d, y, m, day);
  auto two = [](unsigned x) { return (x < 10 ? "0" : "") + std::to_string(x); };
  return std::string(place) + ", ngày " + two(day) + " tháng " + (m <= 2 ? two(m) : std::to_string(m)) + " năm " +
         std::to_string(y);
}

std::vector<std::string> signature_lines(const ReportSettings& s, std::string_view signer_title) {
  std::vector<std::string> out;
  if (s.issuer_kind == IssuerKind::PeoplesCommittee) out.push_back("TM. UỶ BAN NHÂN DÂN");
  const std::string head = upper(trim(s.head_title)), title = upper(trim(signer_title));
  if (!title.empty() && title != head) out.push_back("KT. " + head);
  out.push_back(title.empty() ? head : title);
  return out;
}

}  // namespace langso
