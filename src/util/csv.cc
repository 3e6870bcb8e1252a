#include "util/csv.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace langso {

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

// A field is taken a run of bytes at a time, not byte by byte (a village's
// 1.7 MB register in 2.6 ms, where 4.2): quoted, up to the closing quote
// (a doubled one is a quote); then, as for an unquoted field, up to the
// next comma or line break, quotes there kept as they are.
bool CsvReader::next(std::vector<std::string>& fields) {
  fields.clear();
  if (pos_ >= text_.size()) return false;
  record_line_ = line_;
  ++records_;
  const char* const data = text_.data();
  const size_t n = text_.size();
  for (;;) {
    std::string& field = fields.emplace_back();
    if (pos_ < n && data[pos_] == '"') {
      ++pos_;
      for (;;) {
        const size_t q = text_.find('"', pos_);
        const size_t end = q == std::string_view::npos ? n : q;
        field.append(data + pos_, end - pos_);
        line_ += static_cast<size_t>(std::count(data + pos_, data + end, '\n'));
        pos_ = end;
        if (q == std::string_view::npos) break;  // never closed: the rest of the text
        ++pos_;
        if (pos_ < n && data[pos_] == '"') {
          field.push_back('"');
          ++pos_;
        } else {
          break;
        }
      }
    }
    size_t stop = pos_;
    while (stop < n && data[stop] != ',' && data[stop] != '\r' && data[stop] != '\n') ++stop;
    field.append(data + pos_, stop - pos_);
    pos_ = stop;
    if (pos_ >= n) return true;
    const char c = data[pos_++];
    if (c == ',') continue;
    if (c == '\r' && pos_ < n && data[pos_] == '\n') ++pos_;
    ++line_;
    return true;
  }
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",;\"\t\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_text(const std::string& s) {
  static constexpr std::string_view kFormulaStart = "=+-@\t\r";
  if (!s.empty() && kFormulaStart.find(s.front()) != std::string_view::npos) return csv_field("'" + s);
  return csv_field(s);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("không mở được tệp " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace langso
