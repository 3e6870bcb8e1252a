// The structure tables of a store as text, to tell whether an import wrote
// anything ("all or nothing", "a second run changes nothing").
#pragma once
#include <string>
#include <variant>

#include "store/store.h"

namespace langso::fuzz {

inline std::string snapshot(Store& s) {
  std::string out;
  for (const char* table : {"units", "unit_links", "unit_successions", "reorganisations", "village_assignments",
                            "unit_facts", "audit_log"}) {
    out += std::string("# ") + table + "\n";
    for (const Row& r : s.db().query(std::string("SELECT * FROM ") + table + " ORDER BY 1, 2")) {
      for (const Value& v : r.cols) {
        if (auto* i = std::get_if<int64_t>(&v)) out += std::to_string(*i);
        else if (auto* d = std::get_if<double>(&v)) out += std::to_string(*d);
        else if (auto* t = std::get_if<std::string>(&v)) out += *t;
        out += '|';
      }
      out += '\n';
    }
  }
  return out;
}

}  // namespace langso::fuzz
