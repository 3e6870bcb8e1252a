// The files of plans and tasks (domain/plan_file.h), in the database with
// everything else (so a backup holds them): table plan_files, the bytes as
// base64 text (Db has no binary type; both backends store text alike).
#pragma once
#include <optional>
#include <vector>

#include "domain/plan_file.h"
#include "store/store.h"

namespace langso {

Id insert_plan_file(Store& s, const PlanFile& f);
// With its bytes when `content`.
std::optional<PlanFile> get_plan_file(Store& s, Id id, bool content);
std::vector<PlanFile> plan_files_of(Store& s, Id plan);  // without bytes, oldest first

}  // namespace langso
