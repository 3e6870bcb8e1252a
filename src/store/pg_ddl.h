// The migrations are written once, in SQLite's dialect (schema.cc); this turns
// them into PostgreSQL's. SQLite stores any integer in INTEGER and any float in
// REAL, so the PostgreSQL types are the 64-bit ones: ids and Unix seconds must
// not overflow, and values read back must be the same on both backends.
#pragma once
#include <string>
#include <string_view>

namespace langso {

// INTEGER PRIMARY KEY AUTOINCREMENT -> BIGSERIAL PRIMARY KEY, INTEGER -> BIGINT,
// REAL -> DOUBLE PRECISION. Throws std::invalid_argument on SQLite-only
// constructs it cannot translate (PRAGMA, WITHOUT ROWID, INSERT OR …), so a
// new migration cannot silently diverge between the backends.
std::string postgres_ddl(std::string_view sqlite_ddl);

}  // namespace langso
