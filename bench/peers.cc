#include "peers.h"

#include <unordered_map>

#include "store/pg_db.h"

namespace langso::bench {

namespace {

int month_index(Date d) {
  int y;
  unsigned m, dd;
  ymd_from_date(d, y, m, dd);
  return y * 12 + static_cast<int>(m) - 1;
}

void add(Answer& a, int type, int field, int category, int64_t sum, int64_t count) {
  a[{type, field, -1}] += sum;
  if (category >= 0) a[{type, field, category}] += sum;
  if (field == 0) a[{type, -1, -1}] += count;
}

}  // namespace

// Writes rows of integers into a table: prepared INSERTs in one transaction
// on SQLite, COPY on PostgreSQL.
static void write_rows(Db& db, const std::string& table, size_t ncols,
                       const std::function<void(const std::function<void(const std::vector<int64_t>&)>&)>& produce) {
  if (auto* pg = dynamic_cast<PgDb*>(&db)) {
    pg->copy_in(table, [&](const std::function<void(const std::string&)>& sink) {
      std::string line;
      produce([&](const std::vector<int64_t>& row) {
        line.clear();
        for (size_t i = 0; i < row.size(); ++i) {
          if (i) line += '\t';
          line += std::to_string(row[i]);
        }
        sink(line);
      });
    });
    return;
  }
  std::string sql = "INSERT INTO " + table + " VALUES (";
  for (size_t i = 0; i < ncols; ++i) sql += i ? ",?" : "?";
  sql += ")";
  std::vector<Value> params;
  db.begin();
  produce([&](const std::vector<int64_t>& row) {
    params.assign(row.begin(), row.end());
    db.exec(sql, params);
  });
  db.commit();
}

void build_peers(App& app, Db& db, const std::function<void(const std::string&)>& progress) {
  const bool pg = db.backend() == "postgresql";
  const std::string without_rowid = pg ? "" : " WITHOUT ROWID";
  if (!pg) db.exec_script("PRAGMA synchronous=OFF");
  db.exec_script("DROP TABLE IF EXISTS analytics; DROP TABLE IF EXISTS agg_month; DROP TABLE IF EXISTS agg_day;");
  db.exec_script(
      "CREATE TABLE analytics (day INTEGER, month INTEGER, province BIGINT, commune BIGINT, leaf BIGINT, "
      "type INTEGER, field INTEGER, category INTEGER, value BIGINT);"
      "CREATE TABLE agg_month (level INTEGER, unit BIGINT, parent BIGINT, month INTEGER, type INTEGER, field INTEGER, "
      "category INTEGER, value BIGINT, n BIGINT, PRIMARY KEY (level, unit, month, type, field, category))" + without_rowid + ";"
      "CREATE TABLE agg_day (level INTEGER, unit BIGINT, day INTEGER, type INTEGER, field INTEGER, "
      "category INTEGER, value BIGINT, n BIGINT, PRIMARY KEY (level, unit, day, type, field, category))" + without_rowid + ";");
  const UnitIndex& units = app.units();
  const Date today = today_local();
  struct Anc {
    Id commune = 0, province = 0;
  };
  std::unordered_map<Id, Anc> anc;
  auto ancestors = [&](Id leaf) -> Anc {
    auto it = anc.find(leaf);
    if (it != anc.end()) return it->second;
    Anc a;
    for (Id p : units.path_at(leaf, today)) {
      const Unit* u = units.find(p);
      if (u->level == Level::Commune) a.commune = p;
      if (u->level == Level::Province) a.province = p;
    }
    return anc[leaf] = a;
  };
  struct Key {
    int level;
    Id unit, parent;
    int period, type, field, category;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return std::hash<int64_t>()(k.unit * 1000003 + k.period * 131 + k.type * 17 + k.field * 5 + k.category) ^ k.level;
    }
  };
  std::unordered_map<Key, std::pair<int64_t, int64_t>, KeyHash> months, days;
  int64_t n = 0;
  write_rows(db, "analytics", 9, [&](const auto& emit) {
    app.store().each_activity(app.types(), [&](const Activity& a) {
      Anc an = ancestors(a.unit_id);
      const ActivityType& t = app.types().types()[static_cast<size_t>(a.type)];
      int mo = month_index(a.date);
      for (size_t f = 0; f < t.fields.size(); ++f) {
        emit({a.date.days, mo, an.province, an.commune, a.unit_id, a.type, static_cast<int64_t>(f), a.category, a.q[f]});
        for (auto [level, unit, parent] : {std::tuple{0, Id{0}, Id{0}}, {1, an.province, Id{0}}, {2, an.commune, an.province}}) {
          auto& m = months[{level, unit, parent, mo, a.type, static_cast<int>(f), a.category}];
          m.first += a.q[f];
          m.second += 1;
          if (level < 2) {
            auto& d = days[{level, unit, 0, a.date.days, a.type, static_cast<int>(f), a.category}];
            d.first += a.q[f];
            d.second += 1;
          }
        }
      }
      if (++n % 2000000 == 0) progress("analytics: " + std::to_string(n) + " activities");
    });
  });
  write_rows(db, "agg_month", 9, [&](const auto& emit) {
    for (auto& [k, v] : months) emit({k.level, k.unit, k.parent, k.period, k.type, k.field, k.category, v.first, v.second});
  });
  write_rows(db, "agg_day", 8, [&](const auto& emit) {
    for (auto& [k, v] : days) emit({k.level, k.unit, k.period, k.type, k.field, k.category, v.first, v.second});
  });
  progress("indexes");
  db.exec_script(
      "CREATE INDEX analytics_province_day ON analytics(province, day);"
      "CREATE INDEX analytics_commune_day ON analytics(commune, day);"
      "CREATE INDEX analytics_day ON analytics(day);"
      "CREATE INDEX agg_month_parent ON agg_month(level, parent, type, field, month);"
      "ANALYZE;");
}

static std::string unit_column(int level) { return level == 1 ? "province" : "commune"; }

Answer Peer::totals(int level, Id unit, Date from, Date to) {
  Answer a;
  auto fold = [&](const std::vector<Row>& rows) {
    for (const Row& r : rows)
      add(a, static_cast<int>(r.i64(0)), static_cast<int>(r.i64(1)), static_cast<int>(r.i64(2)), r.i64(3), r.i64(4));
  };
  auto from_analytics = [&](Date f, Date t) {
    if (t < f) return;
    if (level == 0)
      fold(db_.query("SELECT type, field, category, SUM(value), COUNT(*) FROM analytics WHERE day BETWEEN ? AND ? "
                     "GROUP BY type, field, category",
                     {int64_t{f.days}, int64_t{t.days}}));
    else
      fold(db_.query("SELECT type, field, category, SUM(value), COUNT(*) FROM analytics WHERE " + unit_column(level) +
                         " = ? AND day BETWEEN ? AND ? GROUP BY type, field, category",
                     {unit, int64_t{f.days}, int64_t{t.days}}));
  };
  if (analytics_) {
    from_analytics(from, to);
    return a;
  }
  // Whole months from agg_month; the partial months at the ends by day.
  int y;
  unsigned m, d;
  ymd_from_date(from, y, m, d);
  Date first_whole = d == 1 ? from : (m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1));
  ymd_from_date(to, y, m, d);
  Date next = m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1);
  Date last_whole_end = next.days - 1 == to.days ? to : Date{date_from_ymd(y, m, 1).days - 1};
  auto edges = [&](Date f, Date t) {
    if (t < f) return;
    if (level == 2) return from_analytics(f, t);
    fold(db_.query("SELECT type, field, category, SUM(value), SUM(n) FROM agg_day WHERE level = ? AND unit = ? AND "
                   "day BETWEEN ? AND ? GROUP BY type, field, category",
                   {int64_t{level}, unit, int64_t{f.days}, int64_t{t.days}}));
  };
  if (last_whole_end < first_whole) {
    edges(from, to);
    return a;
  }
  fold(db_.query("SELECT type, field, category, SUM(value), SUM(n) FROM agg_month WHERE level = ? AND unit = ? AND "
                 "month BETWEEN ? AND ? GROUP BY type, field, category",
                 {int64_t{level}, unit, int64_t{month_index(first_whole)}, int64_t{month_index(last_whole_end)}}));
  edges(from, Date{first_whole.days - 1});
  edges(Date{last_whole_end.days + 1}, to);
  return a;
}

Ranking Peer::ranking(int child_level, Id parent, Date from, Date to, const Element& e) {
  std::vector<Row> rows;
  std::string cat = e.category >= 0 ? " AND category = " + std::to_string(e.category) : "";
  if (analytics_) {
    std::string col = unit_column(child_level);
    std::string where = child_level == 2 ? "province = ? AND " : "";
    std::vector<Value> params;
    if (child_level == 2) params.emplace_back(parent);
    params.insert(params.end(), {int64_t{from.days}, int64_t{to.days}, int64_t{e.type}, int64_t{e.field}});
    rows = db_.query("SELECT " + col + ", SUM(value) FROM analytics WHERE " + where +
                         "day BETWEEN ? AND ? AND type = ? AND field = ?" + cat + " GROUP BY " + col + " ORDER BY 2 DESC, 1",
                     params);
  } else {  // whole months (rankings are asked on months, quarters, years)
    rows = db_.query("SELECT unit, SUM(value) FROM agg_month WHERE level = ? AND parent = ? AND month BETWEEN ? AND ? "
                     "AND type = ? AND field = ?" + cat + " GROUP BY unit ORDER BY 2 DESC, 1",
                     {int64_t{child_level}, parent, int64_t{month_index(from)}, int64_t{month_index(to)},
                      int64_t{e.type}, int64_t{e.field}});
  }
  Ranking out;
  for (const Row& r : rows) out.emplace_back(r.i64(0), r.i64(1));
  return out;
}

std::vector<int64_t> Peer::series(int level, Id unit, const std::vector<std::pair<Date, Date>>& months, const Element& e) {
  std::vector<int64_t> out(months.size(), 0);
  std::string cat = e.category >= 0 ? " AND category = " + std::to_string(e.category) : "";
  std::vector<Row> rows;
  if (analytics_)
    rows = db_.query("SELECT month, SUM(value) FROM analytics WHERE " + unit_column(level) +
                         " = ? AND day BETWEEN ? AND ? AND type = ? AND field = ?" + cat + " GROUP BY month",
                     {unit, int64_t{months.front().first.days}, int64_t{months.back().second.days}, int64_t{e.type},
                      int64_t{e.field}});
  else
    rows = db_.query("SELECT month, SUM(value) FROM agg_month WHERE level = ? AND unit = ? AND month BETWEEN ? AND ? "
                     "AND type = ? AND field = ?" + cat + " GROUP BY month",
                     {int64_t{level}, unit, int64_t{month_index(months.front().first)},
                      int64_t{month_index(months.back().first)}, int64_t{e.type}, int64_t{e.field}});
  int base = month_index(months.front().first);
  for (const Row& r : rows) {
    size_t i = static_cast<size_t>(r.i64(0) - base);
    if (i < out.size()) out[i] = r.i64(1);
  }
  return out;
}

}  // namespace langso::bench
