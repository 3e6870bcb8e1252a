// RFC 4180 CSV: reading (quoted fields, doubled quotes, CRLF, a leading UTF-8
// BOM) and the cells langso writes.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace langso {

class CsvReader {
 public:
  explicit CsvReader(std::string_view text);
  // Reads the next record into fields; false at end of input.
  bool next(std::vector<std::string>& fields);
  // 1-based line number where the last record started, in a text editor.
  size_t line() const { return record_line_; }
  // 1-based number of the last record: its row in a spreadsheet, where a cell
  // holding a line break is still one row (blank lines count as rows).
  size_t record() const { return records_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t record_line_ = 0;
  size_t records_ = 0;
};

std::string read_file(const std::string& path);  // throws std::runtime_error
// s as one CSV field, as it is: quoted (quotes doubled) when it holds a comma,
// a semicolon (the list separator of Excel in many locales), a quote, a tab or
// a line break. For numbers and codes langso makes; text goes through csv_text.
std::string csv_field(const std::string& s);
// A cell of text (names, notes, headings: anything a user may have typed).
// A spreadsheet opening the file would take a cell starting with = + - @, a
// tab or a carriage return as a formula (CSV injection); such a cell gets a
// leading apostrophe, which keeps it text, as OWASP's "CSV Injection" page
// advises. Numbers in numeric columns go through csv_field: -5 stays -5.
std::string csv_text(const std::string& s);

}  // namespace langso
