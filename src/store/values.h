// Conversions between domain values and column values, and the shape of
// multi-row statements, shared by the repository files. Dates are ISO text;
// an open end of an interval is NULL.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "store/db.h"
#include "util/date.h"

namespace langso {

inline Value date_value(Date d, Date open) { return d == open ? null_value() : Value(format_iso(d)); }
inline Value opt_date(const std::optional<Date>& d) { return d ? Value(format_iso(*d)) : null_value(); }
inline Value opt_text(const std::string& s) { return s.empty() ? null_value() : Value(s); }  // "" is NULL
inline Date date_or(const Row& r, size_t i, Date open) {
  if (r.is_null(i)) return open;
  auto d = parse_iso_date(r.str(i));
  return d ? *d : open;
}
inline std::optional<Date> opt_date_col(const Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return parse_iso_date(r.str(i));
}

// Rows per multi-row statement: well inside SQLite's 32,766 and PostgreSQL's
// 65,535 parameters, and few distinct statements to prepare.
inline constexpr size_t kRowsPerStatement = 250;

// How many of `left` rows the next multi-row INSERT takes (or values the next
// chunk of an IN list): a full statement (`full`), else the largest power of
// two that fits. Each distinct row
// count is another statement prepared and kept (SqliteDb's cache): a 249-row
// INSERT of 13 columns holds 318 KB, and remainders of every size from 1 to
// 249 would hold tens of megabytes per table over a server's life (an import,
// a batch and a report each end on their own remainder). This way a table's
// bulk INSERT is at most 9 statements, about 640 KB.
inline size_t rows_in_statement(size_t left, size_t full = kRowsPerStatement) {
  if (left >= full) return full;
  if (left == 0) return 0;
  size_t n = 1;
  while (n * 2 <= left) n *= 2;
  return n;
}

// Calls fn(at, n) for consecutive slices [at, at + n) of `total` items, each
// as large as rows_in_statement() says: how every chunked statement (bulk
// INSERTs, IN lists) is cut, so none keeps a statement per remainder size.
template <class F>
void in_statements(size_t total, F fn, size_t full = kRowsPerStatement) {
  for (size_t at = 0, n = 0; at < total; at += n) {
    n = rows_in_statement(total - at, full);
    fn(at, n);
  }
}

// "('a','b')": words (ASCII names of ours, never user input) as an SQL list.
inline std::string sql_word_list(std::span<const std::string_view> words) {
  std::string out = "(";
  for (std::string_view w : words) ((out += out.size() > 1 ? ",'" : "'") += w) += "'";
  return out + ")";
}

// "(?,?,?),(?,?,?)": `rows` groups of `cols` placeholders.
inline std::string placeholder_rows(size_t rows, size_t cols) {
  std::string one = "(";
  for (size_t c = 0; c < cols; ++c) one += c ? ",?" : "?";
  one += ")";
  std::string out;
  out.reserve(rows * (one.size() + 1));
  for (size_t r = 0; r < rows; ++r) (out += r ? "," : "") += one;
  return out;
}

}  // namespace langso
