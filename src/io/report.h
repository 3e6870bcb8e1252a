// Periodic reports of a unit with its children broken down, laid out as a
// Vietnamese administrative report (Decree 30/2020/NĐ-CP): the national
// heading, the issuing body, the number and the place-and-date line, a title,
// and a table with a total row.
#pragma once
#include <string>
#include <vector>

#include "engine/scorecard.h"

namespace langso {

struct ReportTable {
  std::string issuer;      // "UBND HUYỆN CHỢ MỚI"
  std::string number;      // "Số:      /BC-UBND"
  std::string place_date;  // "Chợ Mới, ngày 04 tháng 5 năm 2022"
  std::string title, subtitle, period_text, structure_text;
  std::vector<std::string> columns;  // indicator names with units
  struct Row {
    std::string name;
    std::vector<std::optional<double>> values;
  };
  std::vector<Row> rows;  // children, then the total (the unit itself)
  std::vector<std::string> notes;
};

ReportTable build_report(App& app, Id unit, const Period& p, const std::string& period_code);
// Notes saying how figures across a reorganisation inside the period were attributed.
void add_reorganisation_notes(App& app, Id unit, const Period& p, std::vector<std::string>& notes);
std::string report_csv(const ReportTable& t);
std::string report_xlsx(const ReportTable& t);  // the .xlsx bytes
std::string format_vn_number(double v);         // 1.234.567 or 12,5

}  // namespace langso
