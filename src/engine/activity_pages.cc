#include "engine/activity_pages.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "store/values.h"

namespace langso {

Date activity_list_start() { return *parse_iso_date("1900-01-01"); }

namespace {

// The units whose activities a subtree lists (see the header).
struct Subtree {
  std::vector<char> in;  // by unit id
  std::vector<Id> ids;
  bool has(Id u) const { return static_cast<size_t>(u) < in.size() && in[static_cast<size_t>(u)]; }
  void add(Id u) {
    if (static_cast<size_t>(u) >= in.size()) in.resize(static_cast<size_t>(u) + 1, 0);
    if (!in[static_cast<size_t>(u)]) {
      in[static_cast<size_t>(u)] = 1;
      ids.push_back(u);
    }
  }
};

Subtree subtree_of(const UnitIndex& units, Id root, Date to) {
  const Unit* r = units.find(root);
  Date d = to;
  if (!r->valid.contains(d)) d = d < r->valid.from ? r->valid.from : Date{r->valid.to.days - 1};
  Subtree s;
  units.for_each_descendant(root, d, [&](const Unit& u) { s.add(u.id); });
  std::vector<Id> ended;
  for (Id u : units.ended())
    if (units.find(u)->valid.to.days <= d.days && !s.has(u)) ended.push_back(u);
  for (Id u : ended)
    if (Id into = units.attribute(u, d); into && s.has(into)) s.add(u);
  return s;
}

bool newer(const ActivityPosition& a, const ActivityPosition& b) {
  return a.first != b.first ? b.first < a.first : a.second > b.second;
}

ActivityPosition position(const StoredActivity& s) { return {s.a.date, s.a.id}; }

// The engine's count of activities (of one type, or all) in a unit's subtree
// (0: the nation) over [from, to], on today's structure; nullopt when it
// cannot say (a unit that no longer exists today).
std::optional<double> engine_count(App& app, Id unit, Date from, Date to, int type) {
  Date today = today_local();
  if (unit && !app.units().alive(unit, today)) return std::nullopt;
  const Calendar& cal = app.engine().calendar();
  const Date first = cal.base, last{cal.base.days + cal.days - 1};
  if (from < first) from = first;
  if (last < to) to = last;
  if (to < from) return 0.0;
  const ActivityCatalog& types = app.types();
  if (type >= 0) {
    const int m = types.count_metric(type);
    return static_cast<double>(app.engine().totals(unit, from, to, today, m).flows[static_cast<size_t>(m)]);
  }
  Totals t = app.engine().totals(unit, from, to, today);
  double n = 0;
  for (size_t i = 0; i < types.types().size(); ++i)
    n += static_cast<double>(t.flows[static_cast<size_t>(types.count_metric(static_cast<int>(i)))]);
  return n;
}

class Pager {
 public:
  Pager(App& app, Store& store, const ActivityFilter& f, std::optional<ActivityPosition> after, size_t limit,
        size_t budget)
      : app_(app), store_(store), want_(limit + 1), budget_(budget) {
    scan_.from = f.from;
    scan_.to = f.to;
    scan_.before = after;
    scan_.type = f.type;
    scan_.team = f.team;
    scan_.author = f.author;
  }

  // The index by date, a team's, an author's or a type's: chunks of rows in
  // list order, checked here. `share` estimates the part of the rows read
  // that match.
  void walk(Store::ActivityScan::Lead lead, double share) {
    scan_.lead = lead;
    size_t chunk = want_;
    if (share < 1) chunk = static_cast<size_t>(std::min(1e9, std::ceil(static_cast<double>(want_) / std::max(share, 1e-6) * 1.25))) + 16;
    while (!full() && scanned_ < budget_) {
      scan_.limit = std::max(want_, std::min(chunk, budget_ - scanned_));
      std::vector<StoredActivity> rows = store_.scan_activities(scan_, app_.types());
      for (StoredActivity& r : rows) {
        if (!take(r)) break;
      }
      if (full()) return;
      if (rows.size() < scan_.limit) {
        exhausted_ = true;
        return;
      }
      scan_.before = last_;
      chunk = std::min<size_t>(chunk * 2, 1 << 16);
    }
  }

  // The index by unit, for a few units: a window of dates at a time, newest
  // first, each chunk of units sorted by the database and merged here.
  void by_units(const std::vector<Id>& units, double per_day, size_t per_scan) {
    scan_.lead = Store::ActivityScan::Lead::Units;
    const Date floor = scan_.from;
    Date hi = scan_.before ? scan_.before->first : scan_.to;
    int width = per_day > 0 ? static_cast<int>(std::ceil(static_cast<double>(want_) * 1.5 / per_day)) : 1 << 20;
    width = std::clamp(width, 1, 1 << 20);
    Date lo{std::max(floor.days, hi.days - width + 1)};
    while (!full() && scanned_ < budget_) {
      scan_.from = lo;
      std::vector<StoredActivity> batch;
      std::optional<ActivityPosition> frontier;  // rows older than this may be missing
      for (size_t at = 0; at < units.size(); at += per_scan) {
        scan_.units.assign(units.begin() + static_cast<ptrdiff_t>(at),
                           units.begin() + static_cast<ptrdiff_t>(std::min(units.size(), at + per_scan)));
        scan_.limit = want_;
        std::vector<StoredActivity> rows = store_.scan_activities(scan_, app_.types());
        if (rows.size() == want_ && (!frontier || newer(position(rows.back()), *frontier)))
          frontier = position(rows.back());
        for (StoredActivity& r : rows) batch.push_back(std::move(r));
      }
      std::sort(batch.begin(), batch.end(), [](auto& a, auto& b) { return newer(position(a), position(b)); });
      for (StoredActivity& r : batch) {
        if (frontier && newer(*frontier, position(r))) break;
        if (!take(r)) break;
      }
      if (full()) return;
      if (frontier) {
        scan_.before = *frontier;  // the same window, from where a chunk stopped
        continue;
      }
      if (lo.days <= floor.days) {
        exhausted_ = true;
        return;
      }
      scan_.before = ActivityPosition{lo, 0};  // older than the window
      last_ = *scan_.before;
      width = std::min(width * 4, 1 << 20);
      lo = Date{std::max(floor.days, lo.days - width)};
    }
  }

  template <class Keep>
  void keep_if(Keep k) {
    keep_ = k;
  }

  ActivityPage result(const char* plan) {
    ActivityPage p;
    p.plan = plan;
    p.scanned = scanned_;
    if (full()) {
      got_.pop_back();
      p.next = position(got_.back());
    } else if (!exhausted_) {
      p.next = last_;  // the budget ran out: go on from the last row read
    }
    p.items = std::move(got_);
    return p;
  }

 private:
  bool full() const { return got_.size() >= want_; }
  // Counts a row read; false once the page is full.
  bool take(StoredActivity& r) {
    ++scanned_;
    last_ = position(r);
    if (keep_(r)) got_.push_back(std::move(r));
    return !full();
  }

  App& app_;
  Store& store_;
  const size_t want_, budget_;
  Store::ActivityScan scan_;
  std::function<bool(const StoredActivity&)> keep_;
  std::vector<StoredActivity> got_;
  ActivityPosition last_;
  size_t scanned_ = 0;
  bool exhausted_ = false;
};

}  // namespace

ActivityPage activity_page(App& app, Store& store, const ActivityFilter& f, std::optional<ActivityPosition> after,
                           size_t limit, size_t scan_budget, std::string_view force) {
  using Lead = Store::ActivityScan::Lead;
  Pager pager(app, store, f, after, limit, scan_budget);
  Engine& engine = app.engine();
  const int type = f.type.empty() ? -1 : app.types().find(f.type)->index;
  // With a team, an author or a type, its own index leads (the team's rows
  // are few; an author's or a type's hold what the filter asks for).
  const Lead lead = f.team ? Lead::Team : f.author ? Lead::Author : type >= 0 ? Lead::Type : Lead::Date;
  auto name = [](Lead l) {
    return l == Lead::Team ? "team" : l == Lead::Author ? "author" : l == Lead::Type ? "type" : "date";
  };
  if (!f.unit) {
    pager.keep_if([&](const StoredActivity& s) { return engine.holds(s.a.unit_id, s.a.id, s.a.date); });
    pager.walk(lead, 1.0);
    return pager.result(name(lead));
  }
  Subtree sub = subtree_of(app.units(), f.unit, f.to);
  pager.keep_if([&](const StoredActivity& s) { return sub.has(s.a.unit_id) && engine.holds(s.a.unit_id, s.a.id, s.a.date); });
  if (f.team) {
    pager.walk(lead, 1.0);
    return pager.result(name(lead));
  }
  // Cost in rows read. The walk on the leading index reads want / share
  // rows, share being the part of that index's rows (of the type, or all)
  // that lie in the subtree; the walk by unit seeks every unit (a few
  // windows) and reads the subtree's rows of every type for want matching
  // ones. An author's rows are taken to spread like all rows (their share
  // sizes the chunks read), but the walk by unit is used whenever it is
  // possible: an author may have logged nothing here.
  constexpr size_t kMaxUnitsPlan = 1000;
  const double want = static_cast<double>(limit + 1);
  const std::optional<double> in_sub = engine_count(app, f.unit, f.from, f.to, type);
  const std::optional<double> in_sub_all = type < 0 ? in_sub : engine_count(app, f.unit, f.from, f.to, -1);
  // The rows the leading index holds: of the type when the type leads, all
  // of them for the date or an author.
  const std::optional<double> in_lead = engine_count(app, 0, f.from, f.to, lead == Lead::Type ? type : -1);
  bool units_plan = sub.ids.size() <= kMaxUnitsPlan;
  double share = 1;
  if (in_sub && in_lead && *in_lead > 0) {
    const double match = std::max(1.0, *in_sub);
    share = std::min(1.0, match / *in_lead);
    const double walk_cost = want / share;
    const double units_cost = static_cast<double>(sub.ids.size()) * 3 * 2 + want * std::max(1.0, *in_sub_all) / match;
    if (!f.author) units_plan = units_plan && units_cost < walk_cost;
  }
  if (force == "lead") units_plan = false;
  // "units/N": N units per statement (the merge of several statements' rows).
  size_t per_scan = kRowsPerStatement;
  if (force.starts_with("units")) {
    units_plan = sub.ids.size() <= kMaxUnitsPlan;
    if (force.starts_with("units/")) per_scan = std::max<size_t>(1, std::stoul(std::string(force.substr(6))));
  }
  if (!units_plan) {
    pager.walk(lead, share);
    return pager.result(name(lead));
  }
  const Date first = std::max(f.from, engine.calendar().base);
  const double days = std::max(1, f.to.days - first.days + 1);
  pager.by_units(sub.ids, in_sub ? *in_sub / days : 0, per_scan);
  return pager.result("units");
}

}  // namespace langso
