#include "engine/engine.h"

#include <algorithm>
#include <map>

namespace langso {

Engine::Engine(const UnitIndex& units, const ActivityCatalog& types, Date first_day, Date last_day)
    : units_(units), types_(types), cal_(Calendar::make(first_day, last_day)) {}

Rec Engine::to_rec(const Activity& a) const {
  Rec r;
  r.id = static_cast<uint32_t>(a.id);
  r.day = cal_.clamp_day(a.date);
  r.kind = static_cast<uint8_t>(a.type);
  r.cat = static_cast<int8_t>(a.category);
  for (int i = 0; i < kMaxQuantities; ++i) r.q[i] = a.q[static_cast<size_t>(i)];
  return r;
}

void Engine::load(const Activity& a) {
  records_.at(a.unit_id, false).push_back(to_rec(a));
  ++record_count_;
}

void Engine::load_teams(Id unit, const std::vector<TeamFacts>& teams) {
  for (const Rec& r : organisation_events(teams, cal_)) {
    records_.at(unit, true).push_back(r);
    ++record_count_;
  }
}

void Engine::finish() {
  for (auto* all : {&records_.activity, &records_.org})
    for (auto& v : *all)
      std::stable_sort(v.begin(), v.end(), [](const Rec& x, const Rec& y) { return x.day < y.day; });
  cubes_.clear();
}

void Engine::put(Id leaf, const Rec& r, int sign) {
  auto& v = records_.at(leaf, r.kind == kOrgKind);
  if (sign > 0) {
    auto it = std::upper_bound(v.begin(), v.end(), r.day, [](int32_t d, const Rec& x) { return d < x.day; });
    v.insert(it, r);
    ++record_count_;
  } else {
    auto it = std::find_if(v.begin(), v.end(), [&](const Rec& x) {
      return x.day == r.day && x.id == r.id && x.kind == r.kind && std::equal(x.q, x.q + kMaxQuantities, r.q);
    });
    if (it == v.end()) return;
    v.erase(it);
    --record_count_;
  }
  std::lock_guard guard(cubes_mu_);
  for (auto it = cubes_.begin(); it != cubes_.end();) {
    if (r.kind == kOrgKind && it->second->org_shared(leaf)) {
      it = cubes_.erase(it);  // rebuilt on its next use; readers holding it keep their copy
      continue;
    }
    it->second->apply(leaf, r, sign);
    ++it;
  }
}

void Engine::add(const Activity& a) { put(a.unit_id, to_rec(a), +1); }

void Engine::forget(Id leaf, Id activity_id) {
  const std::vector<Rec>* v = records_.get(leaf, false);
  if (!v) return;
  auto it = std::find_if(v->begin(), v->end(), [&](const Rec& r) { return r.id == static_cast<uint32_t>(activity_id); });
  if (it != v->end()) put(leaf, Rec(*it), -1);
}
void Engine::remove(const Activity& a) { put(a.unit_id, to_rec(a), -1); }

bool Engine::holds(Id leaf, Id activity_id, Date day) const {
  const std::vector<Rec>* v = records_.get(leaf, false);
  if (!v) return false;
  const int32_t d = cal_.clamp_day(day);
  auto it = std::lower_bound(v->begin(), v->end(), d, [](const Rec& x, int32_t k) { return x.day < k; });
  for (; it != v->end() && it->day == d; ++it)
    if (it->id == static_cast<uint32_t>(activity_id)) return true;
  return false;
}

void Engine::set_teams(Id unit, const std::vector<TeamFacts>& teams) {
  std::vector<Rec> old = records_.at(unit, true);
  for (const Rec& r : old) put(unit, r, -1);
  for (const Rec& r : organisation_events(teams, cal_)) put(unit, r, +1);
}

void Engine::set_population(std::unordered_map<Id, int64_t> population) {
  population_ = std::move(population);
  structure_changed();
}

void Engine::structure_changed() {
  std::lock_guard guard(cubes_mu_);
  cubes_.clear();
  rollups_.clear();
  change_days_.clear();
}

Date Engine::structure_key(Date d) const {
  if (change_days_.empty()) {
    change_days_.push_back(kMinDate.days);
    for (Date d : units_.change_dates()) change_days_.push_back(d.days);
  }
  auto it = std::upper_bound(change_days_.begin(), change_days_.end(), d.days);
  return Date{*(it - 1)};
}

Id Engine::resolve(Id leaf, Date structure) const { return units_.attribute(leaf, structure); }

std::shared_ptr<Cube> Engine::cube(Date structure) {
  std::lock_guard guard(cubes_mu_);
  Date key = structure_key(structure);
  auto it = cubes_.find(key.days);
  if (it != cubes_.end()) return it->second;
  if (cubes_.size() >= 4) cubes_.erase(cubes_.begin());
  // The cube is built on the structure date itself: it stands for its whole key span.
  auto c = std::make_shared<Cube>(units_, types_, cal_, structure, records_,
                                  [this, structure](Id leaf) { return resolve(leaf, structure); }, population_);
  return cubes_.emplace(key.days, std::move(c)).first->second;
}

std::vector<int64_t> Engine::flow_values(const std::vector<Id>& units, int metric, Date from, Date to, Date structure) {
  std::shared_ptr<Cube> c = cube(structure);
  std::vector<int64_t> out;
  out.reserve(units.size());
  Totals t;
  for (Id u : units) {
    c->totals_into(t, u, from, to, metric);
    out.push_back(t.flows[static_cast<size_t>(metric)]);
  }
  return out;
}

std::vector<Id> Engine::counted_in(Id unit, Date structure) { return cube(structure)->leaves_in(unit); }

Totals Engine::totals(Id unit, Date from, Date to, Date structure, int only_flow) {
  Totals t = cube(structure)->totals(unit, from, to, only_flow);
  if (only_flow < 0) add_register(t, unit, to, structure);
  return t;
}

static const std::vector<RegisterGroup>& groups_of(const IndicatorCatalog* c) {
  static const std::vector<RegisterGroup> kNone;
  return c ? c->register_groups() : kNone;
}

void Engine::set_indicators(const IndicatorCatalog* c) {
  indicators_ = c;
  if (counts_.empty()) groups_ = groups_of(c), layout_ = RegisterLayout::of(groups_);
}

bool Engine::register_groups_current() const { return groups_ == groups_of(indicators_); }

void Engine::clear_register() {
  for (const auto& [v, _] : counts_) unsaved_.insert(v);  // saved under the old shape: replaced
  counts_.clear();
  groups_ = groups_of(indicators_);
  layout_ = RegisterLayout::of(groups_);
  std::lock_guard guard(cubes_mu_);
  rollups_.clear();
}

VillageCounts Engine::count_village(Id village, const VillageRegister& r) const {
  const Unit* u = units_.find(village);
  return village_counts(r, groups_, layout_, cal_, u && u->level == Level::Village);
}

void Engine::set_register(Id village, const VillageRegister& r) { set_counts(village, count_village(village, r)); }

void Engine::set_counts(Id village, VillageCounts fresh) {
  auto it = counts_.find(village);
  const VillageCounts* before = it == counts_.end() ? nullptr : &it->second;
  const CountsDiff diff = counts_diff(before, &fresh, layout_.metrics);
  change_counts(village, diff, std::move(fresh));
}

void Engine::change_counts(Id village, const CountsDiff& diff, VillageCounts now) {
  {
    std::lock_guard guard(cubes_mu_);
    for (auto& [_, r] : rollups_) r->apply(village, diff);  // before counts_ changes (RegisterRollup::apply)
  }
  if (now.empty()) counts_.erase(village);
  else counts_[village] = std::move(now);
  unsaved_.insert(village);
}

std::string Engine::register_shape() const {
  // v1: encode_counts() of register_rollup.h.
  std::string s = "counts-v1 base " + format_iso(cal_.base) + " days " + std::to_string(cal_.days) + " metrics " +
                  std::to_string(layout_.metrics) + " groups";
  for (const RegisterGroup& g : groups_)
    s += " " + std::to_string(g.min_age) + ":" + std::to_string(g.max_age) + ":" + std::to_string(g.statuses);
  return s;
}

void Engine::put_counts(Id village, VillageCounts c) {
  if (c.empty()) counts_.erase(village);
  else counts_[village] = std::move(c);
}

const VillageCounts* Engine::counts_of(Id village) const {
  auto it = counts_.find(village);
  return it == counts_.end() ? nullptr : &it->second;
}

std::vector<std::pair<Id, VillageCounts>> Engine::take_unsaved(size_t limit) {
  std::vector<std::pair<Id, VillageCounts>> out;
  for (auto it = unsaved_.begin(); it != unsaved_.end() && out.size() < limit;) {
    const VillageCounts* c = counts_of(*it);
    out.emplace_back(*it, c ? *c : VillageCounts{std::vector<int32_t>(static_cast<size_t>(layout_.metrics), 0), {}});
    it = unsaved_.erase(it);
  }
  return out;
}

void Engine::mark_unsaved(const std::vector<Id>& villages) { unsaved_.insert(villages.begin(), villages.end()); }

bool Engine::change_people(Id village, const VillageRegister& before, const VillageRegister& after) {
  if (!before.households.empty() || !after.households.empty()) return false;
  auto it = counts_.find(village);
  if (it == counts_.end()) return false;
  const VillageCounts was = village_counts(before, groups_, layout_, cal_, false);
  const VillageCounts now = village_counts(after, groups_, layout_, cal_, false);
  const CountsDiff diff = counts_diff(&was, &now, layout_.metrics);
  // Residents (and with them the village's register), adults, households, fibre.
  for (int m = 0; m < kRegFixedMetrics && static_cast<size_t>(m) < diff.base.size(); ++m)
    if (diff.base[static_cast<size_t>(m)] != 0) return false;
  for (const auto& [e, net] : diff.events)
    if (e.metric < kRegFixedMetrics) return false;
  if (!diff.empty()) change_counts(village, diff, counts_plus(it->second, diff));
  return true;
}

std::shared_ptr<RegisterRollup> Engine::rollup(Date structure) {
  std::lock_guard guard(cubes_mu_);
  Date key = structure_key(structure);
  auto it = rollups_.find(key.days);
  if (it != rollups_.end()) return it->second;
  if (rollups_.size() >= 4) rollups_.erase(rollups_.begin());
  auto r = std::make_shared<RegisterRollup>(units_, cal_, structure, counts_,
                                            [this, structure](Id v) { return resolve(v, structure); },
                                            layout_.metrics);
  return rollups_.emplace(key.days, std::move(r)).first->second;
}

// Each village's register counts for the unit it is attributed to on the
// structure date, and for that unit's ancestors on that date.
void Engine::add_register(Totals& t, Id unit, Date on, Date structure) {
  const std::vector<RegisterGroup>& groups = groups_of(indicators_);
  t.group_people.assign(groups.size(), 0);
  t.group_holding.assign(groups.size(), 0);
  if (counts_.empty()) return;
  std::vector<int64_t> v;
  if (!rollup(structure)->values(unit, cal_.clamp_day(on), v)) return;
  t.residents = v[kRegResidents];
  t.adults = v[kRegAdults];
  t.households = v[kRegHouseholds];
  t.households_fibre = v[kRegFibre];
  t.villages_with_register = v[kRegVillages];
  for (size_t g = 0; g < groups.size(); ++g) {
    auto known = std::find(groups_.begin(), groups_.end(), groups[g]);
    if (known == groups_.end()) continue;
    const size_t k = static_cast<size_t>(known - groups_.begin());
    t.group_people[g] = v[static_cast<size_t>(layout_.people[k])];
    t.group_holding[g] = v[static_cast<size_t>(layout_.holding[k])];
  }
}

size_t Engine::memory_bytes() const {
  size_t s = (records_.activity.capacity() + records_.org.capacity()) * sizeof(std::vector<Rec>);
  for (auto* all : {&records_.activity, &records_.org})
    for (auto& v : *all) s += v.capacity() * sizeof(Rec);
  for (auto& [_, c] : cubes_) s += c->memory_bytes();  // called without concurrent writers
  for (auto& [_, c] : counts_) s += 64 + c.base.capacity() * sizeof(int32_t) + c.events.capacity() * sizeof(RegisterEvent);
  for (auto& [_, r] : rollups_) s += r->memory_bytes();
  return s;
}

std::vector<Rec> organisation_events(const std::vector<TeamFacts>& teams, const Calendar& cal) {
  std::map<int32_t, Rec> by_day;
  auto at = [&](Date d) -> Rec* {
    if (d.days >= cal.base.days + cal.days) return nullptr;  // beyond the calendar: not visible
    int32_t day = cal.clamp_day(d);
    Rec& r = by_day[day];
    r.kind = kOrgKind;
    r.day = day;
    return &r;
  };
  auto bump = [&](Date d, int slot, int v) {
    if (Rec* r = at(d)) r->q[slot] += v;
  };
  std::vector<Interval> active;
  for (const TeamFacts& tf : teams) {
    Interval iv = tf.team.active();
    active.push_back(iv);
    bump(iv.from, 0, +1);
    if (iv.to != kMaxDate) bump(iv.to, 0, -1);
    for (const Member& m : tf.members) {
      // A member counts while both the membership and the team are active.
      Date from = std::max(m.joined_on, iv.from);
      Date to = m.left_on ? std::min(Date{m.left_on->days + 1}, iv.to) : iv.to;
      if (!(from < to)) continue;
      bump(from, 1, +1);
      if (to != kMaxDate) bump(to, 1, -1);
      if (m.trained_on) {
        Date t = std::max(*m.trained_on, from);
        if (t < to) {
          bump(t, 2, +1);
          if (to != kMaxDate) bump(to, 2, -1);
        }
      }
    }
  }
  // Coverage: +1 when the unit goes from no active team to one, -1 back.
  std::sort(active.begin(), active.end(), [](const Interval& a, const Interval& b) { return a.from < b.from; });
  for (size_t i = 0; i < active.size();) {
    Date from = active[i].from, to = active[i].to;
    size_t j = i + 1;
    while (j < active.size() && active[j].from <= to) to = std::max(to, active[j].to), ++j;
    bump(from, 3, +1);
    if (to != kMaxDate) bump(to, 3, -1);
    i = j;
  }
  std::vector<Rec> out;
  for (auto& [_, r] : by_day)
    if (r.q[0] || r.q[1] || r.q[2] || r.q[3]) out.push_back(r);
  return out;
}

}  // namespace langso
