// Schema migrations. Applied in order on start (and by `langso migrate`); a
// database whose version is newer than this binary knows is refused.
#pragma once
#include "store/db.h"

namespace langso {

int latest_schema_version();
// The version recorded in the database (0: none); throws when it has no
// schema_version table.
int schema_version(Db& db);
// Throws a clear error when `version` is newer than this binary knows.
void refuse_newer_schema(int version);
// Returns the version after migrating; throws std::runtime_error when the
// database is newer than the binary.
int migrate(Db& db);

// Inside a transaction: makes it the only one of its kind across processes
// until it ends (SQLite's BEGIN IMMEDIATE already is; PostgreSQL takes an
// advisory lock). For schema changes and first-use seeding, which two
// instances starting together would otherwise both attempt.
void serialise_setup(Db& db);

}  // namespace langso
