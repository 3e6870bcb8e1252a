// Applies a published reorganisation (the 2025 mapping of legacy communes to
// new ones) to the store: new provinces and communes begin on the effective
// date, legacy ones end the day before, successions record which became
// which (with the legal basis), villages move with their commune, and the
// villages of a split commune go to the new commune named first until an
// officer decides (village_assignments).
//
// A unit continues (same id, no succession) when it is the only whole
// predecessor of its successor with the same code and name: 11 provinces and
// about 120 communes in 2025; only its parent link changes.
//
// All or nothing: a row that cannot be applied rejects the import with its
// reason and nothing is written. Rows already applied (a second run) are
// counted and change nothing.
#pragma once
#include <string>
#include <vector>

#include "io/reform2025.h"
#include "store/store.h"

namespace langso {

struct ReorgOptions {
  Date effective = *parse_iso_date("2025-07-01");
  std::string name = "Sắp xếp đơn vị hành chính năm 2025";
  std::string legal_basis = "Nghị quyết số 202/2025/QH15 ngày 12/06/2025 của Quốc hội về việc sắp xếp đơn vị hành chính "
                            "cấp tỉnh; các nghị quyết năm 2025 của Ủy ban Thường vụ Quốc hội về việc sắp xếp đơn vị "
                            "hành chính cấp xã của từng tỉnh, thành phố";
  std::optional<Date> legal_date = parse_iso_date("2025-06-12");
};

struct ReorgReport {
  int rows = 0;
  int legacy_communes_mapped = 0;   // distinct legacy communes in the rows
  int legacy_communes_split = 0;    // of which divided among several new communes
  int legacy_districts_ended = 0;
  int legacy_provinces_ended = 0;
  int provinces = 0, provinces_created = 0, provinces_continuing = 0;
  int communes = 0, communes_created = 0, communes_continuing = 0;
  int villages_moved = 0, villages_pending = 0;
  int commune_teams_to_review = 0;  // active commune-level teams of communes that ended
  int rows_already_applied = 0;
  int facts = 0;                    // units given population / area / centre
  std::vector<std::string> unmapped;  // legacy communes alive the day before that no row names
  std::vector<std::string> errors;    // "dòng N: ..." ; non-empty means nothing was written
};

ReorgReport import_reorganisation(Store& store, const Reform2025Lists& lists, const ReorgOptions& opt = {});

}  // namespace langso
