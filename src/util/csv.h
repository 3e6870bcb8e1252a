// RFC 4180 CSV reading: quoted fields, doubled quotes, CRLF, a leading UTF-8 BOM.
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
  // 1-based line number where the last record started (for error messages).
  size_t line() const { return record_line_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t record_line_ = 0;
};

std::string read_file(const std::string& path);  // throws std::runtime_error
// s as one CSV field: quoted (quotes doubled) when it holds a comma, quote or newline.
std::string csv_field(const std::string& s);

}  // namespace langso
