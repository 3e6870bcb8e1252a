// A list as an .xlsx sheet (members, teams, activities downloaded from their
// screens; with an official heading, a plan's progress report): a title row, a header row (bold, frozen, repeated on every
// printed page) and one row per item, landscape A4 fitted to the width.
//
// Cells keep their kind: text is always written as a string cell (never a
// formula, whatever it starts with: a name "=cmd|…" is shown, not run),
// numbers as numbers (format #,##0), dates as real Excel dates shown
// dd/mm/yyyy. Rows are written as they come (libxlsxwriter's constant-memory
// mode), so a long list costs no more memory than its bytes.
#pragma once
#include <string>
#include <variant>
#include <vector>

#include "util/date.h"

namespace langso {

struct XlsxColumn {
  std::string header;
  double width = 14;  // in characters
};

using XlsxCell = std::variant<std::monostate, std::string, double, Date>;

// The heading of an official document (Decree 30/2020/NĐ-CP) above the
// title: the issuing body and the number on the left, the national heading,
// the motto and the place and date on the right (bold lines marked).
struct XlsxHeading {
  struct Line {
    std::string text;
    bool bold = false;
  };
  std::vector<Line> left, right;
};

class XlsxTable {
 public:
  XlsxTable(const std::string& sheet, const std::string& title, std::vector<XlsxColumn> columns,
            const XlsxHeading* heading = nullptr);
  ~XlsxTable();
  XlsxTable(const XlsxTable&) = delete;
  XlsxTable& operator=(const XlsxTable&) = delete;
  void row(const std::vector<XlsxCell>& cells);
  size_t rows() const { return rows_; }
  // The file's bytes; the table takes no more rows.
  std::string finish();

 private:
  struct Impl;
  Impl* impl_;
  size_t rows_ = 0;
  unsigned header_row_ = 2;  // the title's row + 2
};

}  // namespace langso
