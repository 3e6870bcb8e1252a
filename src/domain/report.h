// Official reports (báo cáo) in the format of Decree 30/2020/NĐ-CP — no I/O.
//
// A unit's report settings say who issues its reports and who signs them:
// its People's Committee (UBND) or a body under it (a department such as
// "Sở Khoa học và Công nghệ"), the head's title and the signer's title and
// name, and the place on the date line. A report document is what an officer
// writes for one unit, report form and period: the number, the date, the four
// narrative sections, the recipients and, when it differs from the settings,
// the signer. The figures are never stored with it: they come from the
// engine when the report is exported (issue 15 adds a status, a history and
// frozen figures to the same records).
//
// The wording functions below turn settings into the lines the report
// prints; every format (.xlsx, .docx, .csv) and the web preview use them.
#pragma once
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/unit.h"

namespace langso {

// The one report form today: the monthly, quarterly or yearly report of the
// teams' work. Issue 15's forms are further codes in the same column.
inline constexpr std::string_view kReportForm = "hoat_dong_to_cnscd";
inline constexpr size_t kReportSectionMaxChars = 20000;  // each narrative section
inline constexpr size_t kReportRecipientsMax = 30;

struct ReportSectionInfo {
  std::string_view code;   // stable API code
  std::string_view roman;  // "I"
  std::string_view title;  // "Kết quả thực hiện"
};
// I. Kết quả thực hiện, II. Khó khăn, vướng mắc, III. Đề xuất, kiến nghị, IV. Phương hướng, nhiệm vụ kỳ tới.
std::span<const ReportSectionInfo> report_sections();
inline constexpr size_t kReportSectionCount = 4;

enum class IssuerKind { PeoplesCommittee, Body };
std::string_view issuer_kind_code(IssuerKind k);  // "ubnd", "co_quan"
std::optional<IssuerKind> parse_issuer_kind(std::string_view s);

struct ReportSettings {
  Id unit = 0;
  IssuerKind issuer_kind = IssuerKind::PeoplesCommittee;
  std::string issuer_name;   // the body ("Sở Khoa học và Công nghệ"); empty for the People's Committee
  std::string abbreviation;  // in the number: "…/BC-UBND", "…/BC-SKHCN"
  std::string head_title;    // "Chủ tịch", "Giám đốc"
  std::string signer_title;  // "Phó Chủ tịch": a deputy signs "KT." for the head
  std::string signer_name;   // empty: a blank to sign by hand
  std::string place;         // "Chợ Mới" on the date line
  bool saved = false;        // false: the defaults below, nothing stored
};

// What a unit's reports use until an officer saves settings: its People's
// Committee, signed by the chairman; a village (which has no People's
// Committee) reports as its team, under its commune's committee.
ReportSettings default_report_settings(const Unit& u);

struct ReportRecipient {
  Id unit = 0;            // a unit chosen from the list offered (0: typed by the officer)
  std::string name;       // "UBND tỉnh Bắc Kạn"
  bool addressed = false; // named on the "Kính gửi" line (then "Như trên" under Nơi nhận)
};

struct ReportDocument {
  Id id = 0;
  Id unit = 0;
  std::string form{kReportForm};
  std::string period;  // "2022-05", "2022-Q2", "2022"
  Date period_from, period_to;
  std::string number;         // "125"; empty: left blank to fill by hand
  std::optional<Date> date;   // on the date line; none: the day it is exported
  std::array<std::string, kReportSectionCount> sections;
  std::vector<ReportRecipient> recipients;
  // Set only when this report is signed by someone else than the settings say.
  std::optional<std::string> signer_title, signer_name;
  int64_t version = 0;  // 0: not saved; +1 on every save (two tabs: the second is refused)
  Id created_by = 0, updated_by = 0;
  int64_t created_at = 0, updated_at = 0;
};

// ---- wording (Decree 30/2020/NĐ-CP, appendix I)
inline constexpr std::string_view kNationalHeading = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM";
inline constexpr std::string_view kMotto = "Độc lập - Tự do - Hạnh phúc";

struct HeadingLine {
  std::string text;
  bool bold = false;
};
// Top left: the governing body (regular) and the issuing body (bold), upper
// case. `unit` is the unit whose committee it is ("UỶ BAN NHÂN DÂN" /
// "HUYỆN CHỢ MỚI"); for a body, `governing` is the unit whose committee it
// sits under ("UBND TỈNH THÁI NGUYÊN" / "SỞ KHOA HỌC VÀ CÔNG NGHỆ").
std::vector<HeadingLine> issuer_lines(const ReportSettings& s, const Unit& unit, const Unit& governing);
// The issuing body as a sentence names it: "UBND huyện Chợ Mới", "Sở Khoa học và Công nghệ tỉnh Thái Nguyên".
std::string issuer_in_sentence(const ReportSettings& s, const Unit& unit, const Unit& governing);
// "Số: 125/BC-UBND", or "Số:        /BC-UBND" to fill by hand.
std::string number_line(const ReportSettings& s, std::string_view number);
// "Chợ Mới, ngày 04 tháng 5 năm 2022" (a zero before days under 10 and months 1 and 2).
std::string date_line(std::string_view place, Date d);
// "TM. UỶ BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH" (the name follows, apart).
std::vector<std::string> signature_lines(const ReportSettings& s, std::string_view signer_title);

}  // namespace langso
