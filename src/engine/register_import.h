// Importing a village's register from its own list (issue 12): households and
// persons already validated field by field (the API's forms), matched against
// what the village's register holds today, then written all or nothing in one
// transaction with one journal row for the whole list (entity
// "register_import", engine/register_audit.h): the ids it created as ranges,
// the before and after of each row it changed. One row, not one per person
// and status, so that another instance, a start and offline sync read one
// row and count the village once (a list of 15,000 persons wrote 60,000 rows,
// each of which made another instance count the village again).
//
// Matching, so that a second run of the same file changes nothing:
// - a person is the register's person with the same CCCD (its keyed digest),
//   else the one living in the village today with the same folded name, birth
//   year and sex (the first not matched yet, the one of the household the row
//   belongs to first). A CCCD that belongs to a person outside the village is
//   an error that says nothing of where. (Found by the database's unique
//   index as the rows are written, the import then run again asking for the
//   file's CCCDs first, for the row errors; a dry run asks at once.)
// - a household is the village's household with the same address (xóm, số
//   nhà, mô tả; folded), else the household its first matched person lives in
//   (its address is then updated), else a new one.
// - a matched person living in another household than the row's is an error
//   (moving people is done in the app, where the date of the move is asked).
// - a matched person or household takes the file's non-empty values (phone,
//   ethnic group, birth date, CCCD, name's spelling; fibre and smart device
//   when the file has their columns; the head); a status is added only when
//   the person has never had one of that type.
// New persons live in their household from max(01/01/2020, birth). Statuses
// from an import have source "import" and count in no activity.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/field_error.h"
#include "engine/app.h"

namespace langso {

struct ImportPerson {
  size_t line = 0;
  Resident r;                     // cccd_digest / cccd_last4 set when the row gives a CCCD
  bool cccd_masked = false;       // "********1234": must match what is stored
  bool head = false;
  std::vector<CitizenStatus> statuses;  // type, option, gained_on
};

struct ImportHousehold {
  size_t line = 0;
  Household h;
  bool has_fibre = false, has_smart_device = false;  // the file has these columns
  std::vector<ImportPerson> persons;
};

struct RegisterImportResult {
  int64_t households_created = 0, households_updated = 0, households_unchanged = 0;
  int64_t persons_created = 0, persons_updated = 0, persons_unchanged = 0;
  int64_t statuses_added = 0;
  std::vector<FieldError> errors;  // when any: nothing was written
};

// dry_run: the same answer, nothing written.
RegisterImportResult import_register(App& app, Id village, const std::vector<ImportHousehold>& households, Id actor,
                                     bool dry_run);

}  // namespace langso
