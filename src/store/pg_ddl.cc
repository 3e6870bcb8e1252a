#include "store/pg_ddl.h"

#include <array>
#include <regex>
#include <stdexcept>

namespace langso {

std::string postgres_ddl(std::string_view sqlite_ddl) {
  std::string sql(sqlite_ddl);
  static const std::regex unsupported(R"(\b(PRAGMA|WITHOUT\s+ROWID|INSERT\s+OR|REPLACE\s+INTO|AUTOINCREMENT)\b)",
                                      std::regex::icase);
  struct Rule {
    std::regex from;
    const char* to;
  };
  static const std::array<Rule, 3> rules = {{
      {std::regex(R"(\bINTEGER\s+PRIMARY\s+KEY\s+AUTOINCREMENT\b)", std::regex::icase), "BIGSERIAL PRIMARY KEY"},
      {std::regex(R"(\bINTEGER\b)", std::regex::icase), "BIGINT"},
      {std::regex(R"(\bREAL\b)", std::regex::icase), "DOUBLE PRECISION"},
  }};
  for (const Rule& r : rules) sql = std::regex_replace(sql, r.from, r.to);
  // Checked after the rules: AUTOINCREMENT is fine only where rule 1 consumed it.
  std::smatch m;
  if (std::regex_search(sql, m, unsupported))
    throw std::invalid_argument("migration uses SQLite-only syntax with no PostgreSQL translation: " + m.str());
  return sql;
}

}  // namespace langso
