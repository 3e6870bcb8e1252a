// The activity import sheet: one wide CSV for every activity type. Columns:
// ma_to, ma_don_vi, loai, ngay (dd/mm/yyyy), phan_loai, one column per
// quantity as <type>.<field>, ghi_chu; a second header line names them in
// Vietnamese. Parsing turns each row into the JSON an API call would carry;
// the API validates those like any other activity.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/activity.h"
#include "domain/field_error.h"

namespace langso {

std::string activity_template_csv(const ActivityCatalog& types);

// Rows are numbered as a spreadsheet shows them: the header is row 1, the
// Vietnamese header row 2, and a cell holding a line break is still one row
// (CsvReader::record). Every error's field starts "dòng N." (or "dòng 1" for
// the header, "csv" for a file without rows) and its message "dòng N: ".
struct CsvActivities {
  std::vector<nlohmann::json> items;  // with "unit_code" instead of "unit_id"
  std::vector<int> rows;              // the row each item came from
  std::vector<std::string> labels;    // "dòng 7."
  std::vector<FieldError> errors;
};

CsvActivities parse_activity_csv(const std::string& text, const ActivityCatalog& types);

}  // namespace langso
