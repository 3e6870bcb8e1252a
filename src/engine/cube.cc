#include "engine/cube.h"

#include <algorithm>
#include <map>

namespace langso {

Calendar Calendar::make(Date from, Date to) {
  Calendar c;
  int y;
  unsigned m, d;
  ymd_from_date(from, y, m, d);
  c.base = date_from_ymd(y, m, 1);
  int ty;
  unsigned tm, td;
  ymd_from_date(to, ty, tm, td);
  Date end = date_from_ymd(tm == 12 ? ty + 1 : ty, tm == 12 ? 1 : tm + 1, 1);
  c.days = end.days - c.base.days;
  c.month_of_day.resize(static_cast<size_t>(c.days));
  int cy = y;
  unsigned cm = m;
  int16_t idx = 0;
  while (true) {
    Date start = date_from_ymd(cy, cm, 1);
    c.month_start.push_back(start.days - c.base.days);
    if (start >= end) break;
    Date next = date_from_ymd(cm == 12 ? cy + 1 : cy, cm == 12 ? 1 : cm + 1, 1);
    for (int32_t day = start.days; day < next.days; ++day) c.month_of_day[static_cast<size_t>(day - c.base.days)] = idx;
    ++idx;
    if (++cm == 13) cm = 1, ++cy;
  }
  return c;
}

int32_t Calendar::clamp_day(Date d) const { return std::clamp(d.days - base.days, 0, days - 1); }

static void bit_add(int64_t* tree, int32_t n, int32_t i, int64_t v) {
  for (++i; i <= n; i += i & -i) tree[i - 1] += v;
}
static int64_t bit_sum(const int64_t* tree, int32_t i) {  // sum of [0, i]
  int64_t s = 0;
  for (++i; i > 0; i -= i & -i) s += tree[i - 1];
  return s;
}

template <class F>
void Cube::deltas(const Rec& r, Level leaf_level, F&& fn) const {
  if (r.kind == kOrgKind) {
    if (r.q[0]) fn(org_base_ + 0, r.q[0]);
    if (r.q[1]) fn(org_base_ + 1, r.q[1]);
    if (r.q[2]) fn(org_base_ + 2, r.q[2]);
    if (r.q[3]) fn(org_base_ + (leaf_level == Level::Commune ? 3 : 4), r.q[3]);
    return;
  }
  const ActivityType& t = types_.types()[r.kind];
  fn(types_.count_metric(r.kind), 1);
  for (size_t f = 0; f < t.fields.size(); ++f) {
    if (!r.q[f]) continue;
    fn(types_.sum_metric(r.kind, static_cast<int>(f)), r.q[f]);
    if (r.cat >= 0) fn(types_.sum_metric(r.kind, static_cast<int>(f), r.cat), r.q[f]);
  }
}

Cube::Cube(const UnitIndex& units, const ActivityCatalog& types, const Calendar& cal, Date structure,
           const LeafRecords& records, std::function<Id(Id)> resolve,
           const std::unordered_map<Id, int64_t>& population)
    : units_(units), types_(types), cal_(cal), records_(records), structure_(structure), resolve_(std::move(resolve)) {
  org_base_ = types.metric_count();
  metrics_ = org_base_ + 5;
  kind_of_metric_.assign(static_cast<size_t>(org_base_), 0);
  for (const ActivityType& t : types.types())
    for (int m = types.count_metric(t.index); m < org_base_ && (t.index + 1 >= static_cast<int>(types.types().size()) || m < types.count_metric(t.index + 1)); ++m)
      kind_of_metric_[static_cast<size_t>(m)] = t.index;
  nodes_.push_back({0, Level::Province, 0, 0, 0, 0, {}});
  bits_.emplace_back();
  for (Id root : units.roots_at(structure)) {
    units.for_each_descendant(root, structure, [&](const Unit& u) {
      if (u.level == Level::Village) return;
      Node n{u.id, u.level, -1, 0, 0, 0, {}};
      if (u.level == Level::Province) {
        n.dense = static_cast<int>(bits_.size());
        bits_.emplace_back();
      }
      if (node_of_.size() <= static_cast<size_t>(u.id)) node_of_.resize(static_cast<size_t>(u.id) + 1, 0);
      nodes_.push_back(std::move(n));
      node_of_[static_cast<size_t>(u.id)] = static_cast<int32_t>(nodes_.size());
    });
  }
  for (auto& b : bits_) b.assign(static_cast<size_t>(metrics_) * static_cast<size_t>(cal.days), 0);
  flow_prefix_.resize(nodes_.size());
  for (size_t i = 0; i < nodes_.size(); ++i)
    if (nodes_[i].dense < 0) flow_prefix_[i].assign(static_cast<size_t>(cal.months() + 1) * static_cast<size_t>(org_base_), 0);
  stock_at_month_end_.resize(nodes_.size());
  for (size_t i = 0; i < nodes_.size(); ++i)
    if (nodes_[i].dense < 0) stock_at_month_end_[i].assign(static_cast<size_t>(cal.months()) * 5, 0);

  // Unit counts for coverage, on the structure date.
  for (Id root : units.roots_at(structure))
    units.for_each_descendant(root, structure, [&](const Unit& u) {
      if (u.level != Level::Commune && u.level != Level::Village) return;
      std::vector<Id> path = units.path_at(u.id, structure);
      for (Id p : path) {
        int ni = node_index(p);
        if (ni < 0) continue;
        (u.level == Level::Commune ? nodes_[static_cast<size_t>(ni)].communes : nodes_[static_cast<size_t>(ni)].villages)++;
      }
      (u.level == Level::Commune ? nodes_[0].communes : nodes_[0].villages)++;
    });

  // Residents: a unit's own published figure, else the sum of its
  // children's; each node from its children, leaves first (nodes_ holds
  // parents before children, so backwards).
  auto pop_of = [&](Id id) -> int64_t {
    auto it = population.find(id);
    return it == population.end() ? -1 : it->second;
  };
  std::vector<int64_t> below(nodes_.size(), 0);
  std::vector<bool> known(nodes_.size(), false);
  for (size_t i = nodes_.size(); i-- > 1;) {
    const int64_t own = pop_of(nodes_[i].unit);
    const bool has = own >= 0 || known[i];
    nodes_[i].population = own >= 0 ? own : known[i] ? below[i] : 0;
    std::vector<Id> path = units.path_at(nodes_[i].unit, structure);  // innermost first
    int parent = path.size() > 1 ? node_index(path[1]) : 0;
    if (parent < 0) parent = 0;
    if (has) {
      below[static_cast<size_t>(parent)] += nodes_[i].population;
      known[static_cast<size_t>(parent)] = true;
    }
  }
  nodes_[0].population = below[0];
  for (const auto& [id, n] : population)
    if (const Unit* u = units.find(id); u && u->level == Level::Village) village_population_[id] = n;

  // Attribute every leaf with records (once), then add them up.
  std::vector<Id> target_of(records.size(), 0);
  for (size_t leaf = 1; leaf < records.size(); ++leaf) {
    const std::vector<Rec>* acts = records.get(static_cast<Id>(leaf), false);
    const std::vector<Rec>* orgs = records.get(static_cast<Id>(leaf), true);
    if ((!acts || acts->empty()) && (!orgs || orgs->empty())) continue;
    target_of[leaf] = resolve_(static_cast<Id>(leaf));
    if (target_of[leaf] && orgs && !orgs->empty())
      org_leaves_[group_key(target_of[leaf], leaf_level(static_cast<Id>(leaf)))].push_back(static_cast<Id>(leaf));
  }
  for (const auto& [_, group] : org_leaves_)
    if (group.size() > 1) merge_coverage(group);
  for (size_t leaf = 1; leaf < records.size(); ++leaf) {
    const std::vector<Rec>* acts = records.get(static_cast<Id>(leaf), false);
    const std::vector<Rec>* orgs = org_records(static_cast<Id>(leaf));
    const Id target = target_of[leaf];
    if (!target) continue;
    std::vector<int> chain{0};
    for (Id p : units.path_at(target, structure)) {
      int ni = node_index(p);
      if (ni < 0) continue;
      chain.push_back(ni);
      if (nodes_[static_cast<size_t>(ni)].dense < 0) nodes_[static_cast<size_t>(ni)].leaves.push_back(static_cast<Id>(leaf));
    }
    Level lvl = leaf_level(static_cast<Id>(leaf));
    for (const std::vector<Rec>* v : {acts, orgs})
      if (v)
        for (const Rec& r : *v)
          for (int n : chain) add_to_node(n, r, lvl, +1);
    chain_[static_cast<Id>(leaf)] = std::move(chain);
    by_target_[target].push_back(static_cast<Id>(leaf));
  }
  const size_t flows = static_cast<size_t>(org_base_);
  for (auto& prefix : flow_prefix_)
    for (size_t i = flows; i < prefix.size(); ++i) prefix[i] += prefix[i - flows];
  building_ = false;
}

void Cube::merge_coverage(const std::vector<Id>& group) {
  std::map<int32_t, int> delta;  // day -> change in the number of covered leaves
  for (Id leaf : group)
    for (const Rec& r : *records_.get(leaf, true))
      if (r.q[3]) delta[r.day] += r.q[3];
  std::map<int32_t, int> merged;  // day -> change in "any leaf covered"
  int covered = 0;
  for (auto [day, d] : delta) {
    int before = covered > 0;
    covered += d;
    if (int change = (covered > 0) - before) merged[day] += change;
  }
  for (Id leaf : group) {
    std::vector<Rec>& out = org_override_[leaf];
    out.clear();
    for (Rec r : *records_.get(leaf, true)) {
      r.q[3] = 0;
      if (leaf == group.front()) {
        if (auto it = merged.find(r.day); it != merged.end()) r.q[3] = it->second, merged.erase(it);
      }
      out.push_back(r);
    }
    if (leaf == group.front())
      for (auto [day, change] : merged) {
        Rec r;
        r.kind = kOrgKind;
        r.day = day;
        r.q[3] = change;
        out.insert(std::upper_bound(out.begin(), out.end(), day, [](int32_t d, const Rec& x) { return d < x.day; }), r);
      }
  }
}

const std::vector<Rec>* Cube::org_records(Id leaf) const {
  auto it = org_override_.find(leaf);
  return it != org_override_.end() ? &it->second : records_.get(leaf, true);
}

bool Cube::org_shared(Id leaf) const {
  Id target = resolve_(leaf);
  if (!target) return false;
  auto it = org_leaves_.find(group_key(target, leaf_level(leaf)));
  if (it == org_leaves_.end()) return false;
  const bool member = std::find(it->second.begin(), it->second.end(), leaf) != it->second.end();
  return it->second.size() + (member ? 0 : 1) > 1;
}

Level Cube::leaf_level(Id leaf) const {
  const Unit* u = units_.find(leaf);
  return u ? u->level : Level::Village;
}

void Cube::add_to_node(int node, const Rec& r, Level leaf_level, int sign) {
  Node& n = nodes_[static_cast<size_t>(node)];
  if (n.dense >= 0) {
    int64_t* base = bits_[static_cast<size_t>(n.dense)].data();
    deltas(r, leaf_level, [&](int m, int64_t v) {
      bit_add(base + static_cast<size_t>(m) * static_cast<size_t>(cal_.days), cal_.days, r.day, sign * v);
    });
  } else {
    const int month = cal_.month_of_day[static_cast<size_t>(r.day)];
    int64_t* prefix = flow_prefix_[static_cast<size_t>(node)].data();
    int32_t* stock = stock_at_month_end_[static_cast<size_t>(node)].data();
    const int months = cal_.months();
    const size_t flows = static_cast<size_t>(org_base_);
    // Building: each row holds its own month. Afterwards every running total
    // from the month on changes.
    const int last_row = building_ ? month + 1 : months;
    deltas(r, leaf_level, [&](int m, int64_t v) {
      if (m < org_base_) {
        for (int k = month + 1; k <= last_row; ++k) prefix[static_cast<size_t>(k) * flows + static_cast<size_t>(m)] += sign * v;
      } else {
        for (int mo = month; mo < months; ++mo) stock[static_cast<size_t>(mo) * 5 + static_cast<size_t>(m - org_base_)] += static_cast<int32_t>(sign * v);
      }
    });
  }
}

void Cube::apply(Id leaf, const Rec& r, int sign) {
  auto it = chain_.find(leaf);
  if (it == chain_.end()) {
    // A leaf seen for the first time: attribute it as the constructor would.
    Id target = resolve_(leaf);
    if (!target) return;
    std::vector<int> chain{0};
    for (Id p : units_.path_at(target, structure_)) {
      int ni = node_index(p);
      if (ni < 0) continue;
      chain.push_back(ni);
      if (nodes_[static_cast<size_t>(ni)].dense < 0) nodes_[static_cast<size_t>(ni)].leaves.push_back(leaf);
    }
    it = chain_.emplace(leaf, std::move(chain)).first;
    by_target_[target].push_back(leaf);
  }
  Level lvl = leaf_level(leaf);
  if (r.kind == kOrgKind) {  // the owner checked org_shared(): this leaf's coverage is its own
    auto& group = org_leaves_[group_key(resolve_(leaf), lvl)];
    if (std::find(group.begin(), group.end(), leaf) == group.end()) group.push_back(leaf);
  }
  for (int n : it->second) add_to_node(n, r, lvl, sign);
}

bool Cube::has_node(Id unit) const { return unit == 0 || node_index(unit) >= 0; }

std::vector<Id> Cube::leaves_in(Id unit) const {
  std::vector<Id> out;
  const int ni = unit == 0 ? 0 : node_index(unit);
  if (ni < 0) {  // a village, or a unit not on this structure: the leaves attributed to it
    if (auto it = by_target_.find(unit); it != by_target_.end()) out = it->second;
  } else if (ni > 0 && nodes_[static_cast<size_t>(ni)].dense < 0) {
    out = nodes_[static_cast<size_t>(ni)].leaves;
  } else {  // the nation or a province
    for (const auto& [leaf, chain] : chain_)
      if (ni == 0 || std::find(chain.begin(), chain.end(), ni) != chain.end()) out.push_back(leaf);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void Cube::add(Totals& t, int m, int64_t v) const {
  if (m < org_base_) t.flows[static_cast<size_t>(m)] += v;
  else if (m == org_base_) t.teams += v;
  else if (m == org_base_ + 1) t.members += v;
  else if (m == org_base_ + 2) t.trained += v;
  else if (m == org_base_ + 3) t.communes_covered += v;
  else t.villages_covered += v;
}

void Cube::scan(const std::vector<Id>& leaves, int32_t a, int32_t b, bool flows, bool stocks, Totals& t,
                int only_flow) const {
  if (a > b) return;
  for (Id leaf : leaves) {
    const std::vector<Rec>* v = flows ? records_.get(leaf, false) : org_records(leaf);
    if (!v) continue;
    const auto& recs = *v;
    auto it = std::lower_bound(recs.begin(), recs.end(), a, [](const Rec& r, int32_t d) { return r.day < d; });
    Level lvl = leaf_level(leaf);
    for (; it != recs.end() && it->day <= b; ++it) {
      bool org = it->kind == kOrgKind;
      if ((org && !stocks) || (!org && !flows)) continue;
      if (only_flow >= 0 && !org && it->kind != static_cast<uint8_t>(kind_of_metric_[static_cast<size_t>(only_flow)])) continue;
      deltas(*it, lvl, [&](int m, int64_t v) { add(t, m, v); });
    }
  }
}

Totals Cube::totals(Id unit, Date from, Date to, int only_flow) const {
  Totals t;
  totals_into(t, unit, from, to, only_flow);
  return t;
}

void Cube::totals_into(Totals& t, Id unit, Date from, Date to, int only_flow) const {
  t.flows.assign(static_cast<size_t>(org_base_), 0);  // reuses t's buffer
  t.teams = t.members = t.trained = t.communes = t.communes_covered = t.villages = t.villages_covered = 0;
  t.population = 0;
  if (to < from) return;
  const int32_t a = cal_.clamp_day(from), b = cal_.clamp_day(to);
  const bool empty_range = to.days < cal_.base.days || from.days >= cal_.base.days + cal_.days;
  const int ni = unit == 0 ? 0 : node_index(unit);
  if (ni < 0) {
    // A village (or a unit not in this structure): scan its own records.
    const Unit* u = units_.find(unit);
    if (!u || !u->valid.contains(structure_)) return;
    t.villages = u->level == Level::Village;
    if (auto p = village_population_.find(unit); p != village_population_.end()) t.population = p->second;
    // Its own records, and those of the units attributed to it (villages
    // merged into it), as a node's leaves are.
    auto it = by_target_.find(unit);
    const std::vector<Id> self = it != by_target_.end() ? it->second : std::vector<Id>{unit};
    if (!empty_range) scan(self, a, b, true, false, t, only_flow);
    if (to.days >= cal_.base.days && only_flow < 0) scan(self, 0, b, false, true, t);
    return;
  }
  const Node& n = nodes_[static_cast<size_t>(ni)];
  t.communes = n.communes;  // a commune counts itself: its own path includes it
  t.villages = n.villages;
  t.population = n.population;
  auto put = [&](int m, int64_t v) { add(t, m, v); };
  if (n.dense >= 0) {
    const int64_t* base = bits_[static_cast<size_t>(n.dense)].data();
    for (int m = only_flow >= 0 ? only_flow : 0; m < (only_flow >= 0 ? only_flow + 1 : metrics_); ++m) {
      const int64_t* tree = base + static_cast<size_t>(m) * static_cast<size_t>(cal_.days);
      if (m < org_base_) {
        if (!empty_range) put(m, bit_sum(tree, b) - (a > 0 ? bit_sum(tree, a - 1) : 0));
      } else if (to.days >= cal_.base.days) {
        put(m, bit_sum(tree, b));
      }
    }
    return;
  }
  const int64_t* prefix = flow_prefix_[static_cast<size_t>(ni)].data();
  auto add_months = [&](int m0, int m1) {  // the flows of whole months [m0, m1)
    const int64_t* lo = prefix + static_cast<size_t>(m0) * static_cast<size_t>(org_base_);
    const int64_t* hi = prefix + static_cast<size_t>(m1) * static_cast<size_t>(org_base_);
    if (only_flow >= 0) t.flows[static_cast<size_t>(only_flow)] += hi[only_flow] - lo[only_flow];
    else
      for (int m = 0; m < org_base_; ++m) t.flows[static_cast<size_t>(m)] += hi[m] - lo[m];
  };
  const int ma = cal_.month_of_day[static_cast<size_t>(a)], mb = cal_.month_of_day[static_cast<size_t>(b)];
  if (!empty_range) {
    const bool a_whole = cal_.month_start[static_cast<size_t>(ma)] == a;
    const bool b_whole = cal_.month_start[static_cast<size_t>(mb) + 1] == b + 1;
    if (ma == mb) {
      if (a_whole && b_whole) add_months(ma, ma + 1);
      else scan(n.leaves, a, b, true, false, t, only_flow);
    } else {
      int first = a_whole ? ma : ma + 1, last = b_whole ? mb + 1 : mb;
      if (!a_whole) scan(n.leaves, a, cal_.month_start[static_cast<size_t>(ma) + 1] - 1, true, false, t, only_flow);
      add_months(first, last);
      if (!b_whole) scan(n.leaves, cal_.month_start[static_cast<size_t>(mb)], b, true, false, t, only_flow);
    }
  }
  if (to.days >= cal_.base.days && only_flow < 0) {
    if (mb > 0) {
      const int32_t* s = stock_at_month_end_[static_cast<size_t>(ni)].data() +
                         static_cast<size_t>(mb - 1) * 5;
      for (int k = 0; k < 5; ++k) put(org_base_ + k, s[k]);
    }
    scan(n.leaves, cal_.month_start[static_cast<size_t>(mb)], b, false, true, t);
  }
  return;
}

size_t Cube::memory_bytes() const {
  size_t s = 0;
  for (auto& b : bits_) s += b.capacity() * sizeof(int64_t);
  for (auto& m : flow_prefix_) s += m.capacity() * sizeof(int64_t);
  s += node_of_.capacity() * sizeof(int32_t);
  for (auto& m : stock_at_month_end_) s += m.capacity() * sizeof(int32_t);
  for (auto& n : nodes_) s += n.leaves.capacity() * sizeof(Id);
  s += chain_.size() * 64;
  return s;
}

}  // namespace langso
