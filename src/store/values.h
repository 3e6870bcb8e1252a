// Conversions between domain values and column values, shared by the
// repository files. Dates are ISO text; an open end of an interval is NULL.
#pragma once
#include <optional>

#include "store/db.h"
#include "util/date.h"

namespace langso {

inline Value date_value(Date d, Date open) { return d == open ? null_value() : Value(format_iso(d)); }
inline Value opt_date(const std::optional<Date>& d) { return d ? Value(format_iso(*d)) : null_value(); }
inline Date date_or(const Row& r, size_t i, Date open) {
  if (r.is_null(i)) return open;
  auto d = parse_iso_date(r.str(i));
  return d ? *d : open;
}
inline std::optional<Date> opt_date_col(const Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return parse_iso_date(r.str(i));
}

}  // namespace langso
