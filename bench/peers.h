// The SQL peers the engine is measured against, built from the same data:
//  (a) an analytics table in the DHIS2 style: one row per data value (an
//      activity's quantity, with its type, field and category), its ancestors
//      as columns, indexed by ancestor and day;
//  (b) pre-aggregated tables: totals per unit (nation, province, commune),
//      month and data element, plus per unit and day for the partial months
//      at the ends of a range — the best a competent SQL engineer builds.
// Both answer flows (activity totals); the engine's stocks have no SQL twin here.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/app.h"
#include "store/db.h"

namespace langso::bench {

// A data element: (type, field, category or -1).
struct Element {
  int type, field, category;
  auto operator<=>(const Element&) const = default;
};
using Answer = std::map<Element, int64_t>;  // element -> total
using Ranking = std::vector<std::pair<Id, int64_t>>;

// Fills the peer tables in db from the app's activities and structure (today's).
void build_peers(App& app, Db& db, const std::function<void(const std::string&)>& progress);

class Peer {
 public:
  Peer(Db& db, bool analytics) : db_(db), analytics_(analytics) {}
  std::string name() const { return analytics_ ? "analytics" : "pre-aggregated"; }
  // unit 0: nation; level 0 nation, 1 province, 2 commune.
  Answer totals(int level, Id unit, Date from, Date to);
  Ranking ranking(int child_level, Id parent, Date from, Date to, const Element& e);
  std::vector<int64_t> series(int level, Id unit, const std::vector<std::pair<Date, Date>>& months, const Element& e);

 private:
  Db& db_;
  bool analytics_;
};

}  // namespace langso::bench
