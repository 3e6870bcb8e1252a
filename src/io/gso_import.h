// Imports the GSO administrative-unit catalogue exactly as downloaded: the
// communes export (Mã,Tên,Tên Tiếng Anh,Cấp,Mã QH,Quận Huyện,Mã TP,Tỉnh / Thành Phố)
// and the districts export (Mã,Tên,Tên Tiếng Anh,Cấp,Mã TP,Tỉnh / Thành Phố).
// All or nothing: any bad row aborts the import with row-level errors and
// nothing is written. Importing the same file again changes nothing.
#pragma once
#include <string>
#include <vector>

#include "store/store.h"

namespace langso {

struct ImportReport {
  int provinces_created = 0, districts_created = 0, communes_created = 0;
  int renamed = 0, unchanged = 0, rows = 0;
  std::vector<std::string> errors;  // "dòng 17: ..." ; non-empty means nothing was written
};

struct GsoImportOptions {
  Date valid_from = kMinDate;  // when the listed units began (open by default)
  Date valid_to = kMaxDate;
};

ImportReport import_gso_units(Store& store, const std::vector<std::string>& csv_texts, const GsoImportOptions& opt = {});

}  // namespace langso
