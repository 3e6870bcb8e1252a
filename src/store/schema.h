// Schema migrations. Applied in order on start (and by `langso migrate`); a
// database whose version is newer than this binary knows is refused.
#pragma once
#include "store/db.h"

namespace langso {

int latest_schema_version();
// Returns the version after migrating; throws std::runtime_error when the
// database is newer than the binary.
int migrate(Db& db);

// Inside a transaction: makes it the only one of its kind across processes
// until it ends (SQLite's BEGIN IMMEDIATE already is; PostgreSQL takes an
// advisory lock). For schema changes and first-use seeding, which two
// instances starting together would otherwise both attempt.
void serialise_setup(Db& db);

}  // namespace langso
