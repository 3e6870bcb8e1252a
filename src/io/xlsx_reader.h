// Reading the first worksheet of an .xlsx file (Office Open XML) from memory,
// with libzip and expat — what officers' Excel files are.
//
// Contract:
// - the result is the sheet's cells as text, row by row from row 1 and column
//   A: shared and inline strings resolved, numbers and booleans as written in
//   the file ("1234", "12.5", "1"), missing cells as "". Trailing empty cells
//   of a row are not kept; empty rows are.
// - hostile files are refused with XlsxError (a Vietnamese message) before
//   they cost much: not a zip, a zip with more than `max_entries` entries, a
//   part that inflates beyond `max_part_bytes` (a zip bomb), a DOCTYPE (entity
//   expansion), malformed XML, more than `max_rows` rows or `max_columns`
//   columns. Nothing is written anywhere.
// - dates stored as serial numbers are returned as the number (the styles
//   that make them dates are not read).
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace langso {

struct XlsxError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct XlsxLimits {
  size_t max_entries = 2000;
  size_t max_part_bytes = 64u << 20;  // one inflated part (a sheet, the shared strings)
  size_t max_rows = 200000;
  size_t max_columns = 256;
};

using XlsxRows = std::vector<std::vector<std::string>>;

XlsxRows read_xlsx_first_sheet(std::string_view bytes, const XlsxLimits& limits = {});

// Whether the bytes start like a zip (an .xlsx) rather than text (a .csv).
bool looks_like_zip(std::string_view bytes);

// A .csv file's records as rows (RFC 4180, a leading BOM dropped).
XlsxRows csv_rows(std::string_view text);

// An uploaded table, whichever it is: an .xlsx (read_xlsx_first_sheet) or a
// UTF-8 .csv. Throws XlsxError (Vietnamese) for a hostile .xlsx or for text
// that is not UTF-8.
XlsxRows read_table_file(std::string_view bytes, const XlsxLimits& limits = {});

}  // namespace langso
