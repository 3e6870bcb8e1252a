// Schema migrations. Applied in order on start (and by `langso migrate`); a
// database whose version is newer than this binary knows is refused.
#pragma once
#include "store/db.h"

namespace langso {

int latest_schema_version();
// Returns the version after migrating; throws std::runtime_error when the
// database is newer than the binary.
int migrate(Db& db);

}  // namespace langso
