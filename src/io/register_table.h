// The household register as a table (issue 12): one row per person, the
// household's facts on each of its rows. The same columns are the export of a
// village's or commune's register, the template an officer downloads, and
// what the import reads back — so an exported register can be edited in Excel
// and imported again.
//
// Reading (read_register_table), no I/O and nothing written:
// - the header row is the first of the first 20 rows with a cell "Họ và tên";
//   columns are found by their header (case and diacritics ignored, any
//   order); unknown columns (STT, Ghi chú, …) are ignored. "Họ và tên",
//   "Ngày sinh" and "Giới tính" are required columns.
// - households: rows with the same "Hộ số" are one household; without a
//   "Hộ số", a row with an address (xóm, số nhà, mô tả) starts a household
//   and a row with none belongs to the household above it (the way village
//   lists write the address on the head's row only).
// - cells: dates dd/mm/yyyy (or as Excel stores them: a serial number), a
//   birth year alone (yyyy); yes/no as "có"/"x"/"1" and ""/"không"/"0"; sex
//   "Nam"/"Nữ"; an ethnic group by name or code; a status column holds the
//   date the status was gained, its option column (for the statuses with
//   options) the provider / place by name or code. A CCCD written masked
//   ("********1234", as the export writes it) means "as stored".
// - all or nothing: when `errors` is not empty nothing may be imported; the
//   rows read are still returned (a cell in error left out or neutral) so the
//   caller can check them further and report every error at once. Each error
//   names the row as a spreadsheet shows it ("dòng 7.birth_date") in
//   Vietnamese.
// The persons' and households' fields come out as the JSON bodies the API's
// forms take, so one validation (the API's) checks a form and a row alike.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/field_error.h"
#include "domain/household.h"
#include "io/xlsx_reader.h"
#include "io/xlsx_table.h"

namespace langso {

inline constexpr size_t kRegisterFileMaxBytes = 2 * 1024 * 1024;  // an uploaded register
inline constexpr size_t kRegisterMaxPersons = 20000;              // rows of one import

// The columns, in order: the fixed ones, then each status type (and its
// option's column after it when it has options).
std::vector<XlsxColumn> register_columns(const StatusCatalog& statuses);

struct RegisterTableStatus {
  std::string type, option;
  Date gained_on;
};

struct RegisterTablePerson {
  size_t line = 0;            // the spreadsheet's row number
  nlohmann::json fields;      // full_name, birth_date | birth_year, sex, phone, cccd, ethnic, consent_on
  bool cccd_masked = false;   // "********1234": keep what is stored
  std::string cccd_last4;     // of a masked CCCD
  bool head = false;
  std::vector<RegisterTableStatus> statuses;
};

struct RegisterTableHousehold {
  size_t line = 0;            // its first row
  nlohmann::json fields;      // hamlet, house_number, address_note (+ fibre, smart_device when the columns exist)
  std::vector<RegisterTablePerson> persons;
};

struct RegisterTable {
  std::vector<RegisterTableHousehold> households;
  std::vector<FieldError> errors;
  size_t persons = 0;
};

// village_name: a "Thôn" cell, when given, must name this village.
RegisterTable read_register_table(const XlsxRows& rows, const StatusCatalog& statuses, const std::string& village_name);

}  // namespace langso
