// The .xlsx reader (io/xlsx_reader.h) and the split table read from it
// (io/plan_target_table.h) on arbitrary bytes: a file is read or refused with
// XlsxError, never a crash, a leak or an unbounded allocation; what is read
// keeps the limits (rows, columns); the table reading gives parts only
// without errors, one per child; the register's reading (io/register_table.h)
// gives persons only in households, and a household only with persons.
#include <string>
#include <vector>

#include "check.h"
#include "io/plan_target_table.h"
#include "io/register_table.h"
#include "io/xlsx_reader.h"

using namespace langso;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes = fuzz::text(data, size);
  XlsxLimits limits;
  limits.max_part_bytes = 1u << 20;
  limits.max_rows = 1000;
  limits.max_columns = 64;
  XlsxRows rows;
  bool read = false;
  try {
    rows = read_xlsx_first_sheet(bytes, limits);
    read = true;
  } catch (const XlsxError&) {
    FUZZ_CHECK(rows.empty());
  }
  if (!read && !looks_like_zip(bytes)) rows = csv_rows(bytes);  // what the route does with a file that is not a zip
  if (read) {
    FUZZ_CHECK(rows.size() <= limits.max_rows);
    for (const auto& r : rows) FUZZ_CHECK(r.size() <= limits.max_columns);
  }
  static const std::vector<TargetTableUnit> children = {{1, "01954", "Xã Hoà Mục", 3000}, {2, "01957", "Xã Yên Đĩnh", 0}};
  TargetTableParts p = read_target_table(rows, children, {"1/KH-UBND", "Huyện Chợ Mới", "Số tổ", "%"});
  FUZZ_CHECK(p.errors.empty() ? p.parts.size() == children.size() : p.parts.empty());
  for (const auto& [id, v] : p.parts) FUZZ_CHECK(v >= 0 && v <= 100);
  static const ActivityCatalog acts = ActivityCatalog::from_json(nlohmann::json::parse(default_activity_types_json()));
  static const StatusCatalog statuses = StatusCatalog::from_json(nlohmann::json::parse(default_status_types_json()), acts);
  RegisterTable reg = read_register_table(rows, statuses, "Thôn Nà Pầu");
  size_t persons = 0;
  for (const auto& h : reg.households) {
    FUZZ_CHECK(!h.persons.empty());
    persons += h.persons.size();
  }
  FUZZ_CHECK(persons <= reg.persons && reg.persons <= kRegisterMaxPersons + 1);
  FUZZ_CHECK(!reg.errors.empty() || persons == reg.persons);
  return 0;
}
