// The official report of a unit for a period (Decree 30/2020/NĐ-CP): the
// national heading, the issuing body, "Số: …/BC-…", place and date, the title,
// the narrative sections (I–IV) the officer wrote (domain/report.h), the
// recipients and the signature, and the figures of the unit and its children
// as an appendix (phụ lục). build_report assembles it once; each writer lays
// the same content out for its format: report_csv (no layout),
// report_xlsx (report_xlsx.cc: body sheet in portrait, appendix in landscape
// with repeated header rows and columns, one pillar of indicators per page
// width), report_docx (report_docx.cc: portrait body, landscape appendix).
//
// Every figure comes from the engine through evaluate_all, as the scorecard
// asks it: the total row is the unit's scorecard over the same dates and
// structure, each other row a child's.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/report.h"
#include "engine/scorecard.h"
#include "util/text.h"  // format_vn_number

namespace langso {

// The dates a report covers. A period still running on the report's date
// (or cut by the end of its unit) covers its first day to that date, and says so.
struct ReportDates {
  std::string code;        // "2026-Q4"
  Date first, last;        // the whole period: 01/10/2026 .. 31/12/2026
  Date date;               // the report's date (the document's, or today)
  Period period;           // what the figures cover: first .. data date, on the structure
  bool running = false;    // the figures stop before the period's last day
  std::string name;        // "quý 4 năm 2026" (inside a sentence)
  std::string range_text;  // "Từ 01/10/2026 đến 02/12/2026 (số liệu đến ngày 02/12/2026)"
};
// "tháng 5 năm 2022", "quý 4 năm 2026", "năm 2022" for 2022-05, 2026-Q4, 2022 (a valid code).
std::string report_period_name(const std::string& code);
// full.from/to: the whole period (parse_report_period), full.structure chosen by the caller.
ReportDates report_dates(const Unit& u, const std::string& code, const Period& full, Date date);

struct ReportTable {
  struct Group {
    std::string name;  // the pillar ("Kinh tế số")
    size_t first = 0, count = 0;  // its columns
  };
  std::vector<Group> groups;
  std::vector<std::string> columns;  // "Tài khoản ví điện tử mở mới (tài khoản)", grouped by pillar
  struct Row {
    std::string name;
    std::vector<std::optional<double>> values;  // rounded to one decimal
  };
  std::vector<Row> rows;  // children, then the total (the unit itself), named "Tổng cộng"
};

struct Report {
  std::vector<HeadingLine> issuer;  // top left
  std::string number, place_date;
  std::string title = "BÁO CÁO";
  std::string subtitle;              // "Kết quả hoạt động của Tổ công nghệ số cộng đồng trên địa bàn huyện Chợ Mới tháng 5 năm 2022"
  std::string range_text;
  std::vector<std::string> remarks;  // "Báo cáo lịch sử: …", "… báo cáo do … ban hành"
  std::vector<std::string> addressed;  // "Kính gửi: UBND tỉnh Bắc Kạn." (or a list)
  struct Section {
    std::string heading;                  // "I. KẾT QUẢ THỰC HIỆN"
    std::vector<std::string> paragraphs;  // the officer's text, one per line
  };
  std::vector<Section> sections;
  std::string appendix_title = "Phụ lục";
  std::string appendix_subtitle = "SỐ LIỆU CHI TIẾT";
  std::string appendix_ref;  // "(Kèm theo Báo cáo số …/BC-UBND ngày 04/05/2022 của UBND huyện Chợ Mới)"
  ReportTable table;
  std::vector<std::string> notes;       // how figures were counted and attributed
  std::vector<std::string> recipients;  // "- Như trên;", "- UBND tỉnh Bắc Kạn;", "- Lưu: VT."
  std::vector<std::string> signature;   // "TM. UỶ BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"
  std::string signer_name;
  std::string file_name;   // ASCII, without extension: "bao-cao-thang-5-2022-huyen-cho-moi"
  std::string file_title;  // "Báo cáo tháng 5 năm 2022 - Huyện Chợ Mới"
};

struct ReportInput {
  Id unit = 0;  // the issuing unit
  ReportDates dates;
  ReportSettings settings;
  std::optional<ReportDocument> document;  // none: nothing saved yet (the default text)
  std::vector<std::string> remarks;        // added under the title (a successor's report says whose it was)
  // Periodic reports (issue 15): the figures frozen in approved reports, by
  // unit and indicator code. A row of such a unit (the total row for the
  // issuing unit, a child's row for a compiled report) prints them instead of
  // the engine's live ones; other indicators stay live.
  std::map<Id, std::map<std::string, std::optional<double>>> frozen;
};

// The unit whose committee a body sits under: the unit itself, a village's commune.
const Unit& governing_unit(App& app, const Unit& u, Date d);
// The settings a unit's reports use: saved ones, else the defaults.
ReportSettings effective_report_settings(Store& s, const Unit& u);
// The results paragraphs written from the engine's figures: the default text of section I.
std::string results_text(App& app, Id unit, const ReportDates& dates);
// Units a report may be addressed or sent to: the committees (and bodies with
// report settings) of the unit's ancestors on the structure, nearest first.
std::vector<ReportRecipient> recipient_options(App& app, Store& s, Id unit, Date structure);

Report build_report(App& app, const ReportInput& in);
// Notes saying how figures across a reorganisation inside the period were attributed.
void add_reorganisation_notes(App& app, Id unit, const Period& p, std::vector<std::string>& notes);

std::string report_csv(const Report& r);
std::string report_xlsx(const Report& r);  // the .xlsx bytes (report_xlsx.cc)
std::string report_docx(const Report& r);  // the .docx bytes (report_docx.cc)

}  // namespace langso
