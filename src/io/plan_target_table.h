// The table that splits a plan target over the units below (issue 14,
// cascade "table"): the template an officer downloads (.xlsx: one row per
// child with its code, name and population, the value left to fill in) and
// the reading of the filled file, .xlsx or .csv.
//
// Reading: the header row is the first of the first 20 rows with a cell
// "Mã đơn vị" and one "Chỉ tiêu" (case and diacritics ignored); every
// non-empty row below it is a child: its code must be one of `children`
// (once), its value a number ≥ 0 (≤ 100 for a share). Numbers as Excel
// stores them ("1234.5") or typed as Vietnamese text ("1.234", "12,5": a
// comma is the decimal mark, dots group thousands). All or nothing: any
// error leaves `parts` empty; errors name the row as a spreadsheet shows it
// ("dòng 7.chi_tieu") in Vietnamese. A child without a row is an error too.
#pragma once
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "domain/field_error.h"
#include "domain/unit.h"
#include "io/xlsx_reader.h"

namespace langso {

inline constexpr size_t kTargetTableMaxBytes = 1024 * 1024;  // the uploaded file

struct TargetTableUnit {
  Id id = 0;
  std::string code, name;
  int64_t population = 0;  // 0: unknown (left empty)
};

struct TargetTableHeading {
  std::string plan_number, parent_name, indicator_name, indicator_unit;
};

std::string target_table_xlsx(const TargetTableHeading& h, std::span<const TargetTableUnit> children);

struct TargetTableParts {
  std::vector<std::pair<Id, double>> parts;  // in the order of `children`
  std::vector<FieldError> errors;
};

TargetTableParts read_target_table(const XlsxRows& rows, std::span<const TargetTableUnit> children,
                                   const TargetTableHeading& h);

}  // namespace langso
