#include "engine/register_rollup.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace langso {

namespace {

bool leap(int y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

using Intervals = std::vector<Interval>;

Interval meet(Interval a, Interval b) { return {std::max(a.from, b.from), std::min(a.to, b.to)}; }

// Sorted, disjoint, non-empty.
Intervals merged(Intervals v) {
  std::erase_if(v, [](const Interval& i) { return !(i.from < i.to); });
  std::sort(v.begin(), v.end(), [](const Interval& a, const Interval& b) { return a.from < b.from; });
  Intervals out;
  for (const Interval& i : v) {
    if (!out.empty() && i.from <= out.back().to) out.back().to = std::max(out.back().to, i.to);
    else out.push_back(i);
  }
  return out;
}

// Both sorted and disjoint.
Intervals intersect(const Intervals& a, const Intervals& b) {
  Intervals out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    Interval m = meet(a[i], b[j]);
    if (m.from < m.to) out.push_back(m);
    if (a[i].to < b[j].to) ++i;
    else ++j;
  }
  return out;
}

struct Raw {
  int32_t day;
  int32_t metric;
  int64_t delta;
};

// Events are ordered, and summed, by (day, metric).
int32_t event_key(const RegisterEvent& e) { return static_cast<int32_t>(e.day) * 256 + e.metric; }

// A change of `delta` on (day, metric) as events of at most ±127 each.
void push_split(std::vector<RegisterEvent>& out, uint16_t day, uint8_t metric, int64_t delta) {
  for (int64_t left = delta; left != 0;) {
    const int64_t step = std::clamp<int64_t>(left, -127, 127);
    out.push_back({day, metric, static_cast<int8_t>(step)});
    left -= step;
  }
}

}  // namespace

Date birthday(Date born, int years) {
  if (years <= 0) return born;
  int y;
  unsigned m, d;
  ymd_from_date(born, y, m, d);
  y += years;
  if (m == 2 && d == 29 && !leap(y)) return date_from_ymd(y, 3, 1);
  return date_from_ymd(y, m, d);
}

RegisterLayout RegisterLayout::of(const std::vector<RegisterGroup>& groups) {
  RegisterLayout l;
  l.bands = {{kAdultAge, -1, kRegAdults}};  // residents are everyone living there, born or not yet
  for (const RegisterGroup& g : groups) {
    auto it = std::find_if(l.bands.begin(), l.bands.end(), [&](const Band& b) {
      return std::max(b.min_age, 0) == std::max(g.min_age, 0) && b.max_age == g.max_age;
    });
    if (it == l.bands.end()) {
      l.bands.push_back({std::max(g.min_age, 0), g.max_age, l.metrics++});
      it = l.bands.end() - 1;
    }
    l.band_of.push_back(static_cast<int>(it - l.bands.begin()));
    l.people.push_back(it->metric);
  }
  for (size_t g = 0; g < groups.size(); ++g) l.holding.push_back(l.metrics++);
  return l;
}

VillageCounts village_counts(const VillageRegister& r, const std::vector<RegisterGroup>& groups, const Calendar& cal,
                             bool is_village) {
  return village_counts(r, groups, RegisterLayout::of(groups), cal, is_village);
}

VillageCounts village_counts(const VillageRegister& r, const std::vector<RegisterGroup>& groups,
                             const RegisterLayout& layout, const Calendar& cal, bool is_village) {
  const int metrics = layout.metrics;
  std::vector<int64_t> base(static_cast<size_t>(metrics), 0);
  std::vector<Raw> raw;
  const Date first = cal.base, end{cal.base.days + cal.days};
  auto add = [&](int metric, Interval iv) {
    if (!(iv.from < iv.to) || iv.from >= end || iv.to <= first) return;
    if (iv.from <= first) base[static_cast<size_t>(metric)] += 1;
    else raw.push_back({iv.from.days - first.days, metric, +1});
    if (iv.to < end) raw.push_back({iv.to.days - first.days, metric, -1});
  };
  auto band = [](Date born, int min_age, int max_age) {
    return Interval{birthday(born, min_age), max_age >= 0 ? birthday(born, max_age + 1) : kMaxDate};
  };
  raw.reserve(r.people.size() * 8);
  Intervals all{Interval{kMinDate, kMaxDate}}, held, one;
  std::vector<Interval> in_band(layout.bands.size());
  Interval once[64];
  for (const RegisterPerson& p : r.people) {
    add(kRegResidents, p.lived);
    for (size_t b = 0; b < layout.bands.size(); ++b) {
      in_band[b] = meet(p.lived, band(p.born, layout.bands[b].min_age, layout.bands[b].max_age));
      add(layout.bands[b].metric, in_band[b]);
    }
    // Which statuses the person ever held, and when if only once (the
    // common case: one interval per status, no allocation).
    uint64_t ever = 0, again = 0;
    for (const RegisterPerson::Held& h : p.statuses) {
      if (h.status < 0 || h.status >= 64) continue;
      const uint64_t bit = uint64_t{1} << h.status;
      if (ever & bit) again |= bit;
      ever |= bit;
      once[h.status] = h.when;
    }
    for (size_t g = 0; g < groups.size(); ++g) {
      const Interval in = in_band[static_cast<size_t>(layout.band_of[g])];
      if (!(in.from < in.to)) continue;
      const uint64_t mask = groups[g].statuses;
      if ((ever & mask) != mask) continue;
      if (!(again & mask)) {
        Interval h = in;
        for (uint64_t m = mask; m; m &= m - 1) h = meet(h, once[__builtin_ctzll(m)]);
        add(layout.holding[g], h);
        continue;
      }
      held = all;
      for (int s = 0; s < 64 && !held.empty(); ++s) {
        if (!(groups[g].statuses >> s & 1)) continue;
        one.clear();
        for (const RegisterPerson::Held& h : p.statuses)
          if (h.status == s) one.push_back(h.when);
        held = intersect(held, merged(one));
      }
      for (const Interval& h : held) add(layout.holding[g], meet(h, in));
    }
  }
  for (const RegisterHousehold& h : r.households)
    for (const Interval& i : merged(h.lived)) {
      add(kRegHouseholds, i);
      if (h.fibre) add(kRegFibre, i);
    }
  std::sort(raw.begin(), raw.end(), [](const Raw& a, const Raw& b) { return a.day != b.day ? a.day < b.day : a.metric < b.metric; });
  std::vector<Raw> net;
  for (const Raw& x : raw) {
    if (!net.empty() && net.back().day == x.day && net.back().metric == x.metric) net.back().delta += x.delta;
    else net.push_back(x);
  }
  std::erase_if(net, [](const Raw& x) { return x.delta == 0; });
  if (is_village) {
    // A village has a register while someone lives there.
    int64_t living = base[kRegResidents];
    base[kRegVillages] = living > 0 ? 1 : 0;
    std::vector<Raw> village;
    for (const Raw& x : net) {
      if (x.metric != kRegResidents) continue;
      const bool was = living > 0;
      living += x.delta;
      if (was != (living > 0)) village.push_back({x.day, kRegVillages, was ? -1 : +1});
    }
    if (!village.empty()) {
      net.insert(net.end(), village.begin(), village.end());
      std::sort(net.begin(), net.end(), [](const Raw& a, const Raw& b) { return a.day != b.day ? a.day < b.day : a.metric < b.metric; });
    }
  }
  VillageCounts out;
  out.base.assign(base.begin(), base.end());
  out.events.reserve(net.size());
  for (const Raw& x : net) push_split(out.events, static_cast<uint16_t>(x.day), static_cast<uint8_t>(x.metric), x.delta);
  return out;
}

static_assert(std::endian::native == std::endian::little, "the register snapshot's bytes are little-endian");

std::string encode_counts(const VillageCounts& c) {
  const uint32_t head[2] = {static_cast<uint32_t>(c.base.size()), static_cast<uint32_t>(c.events.size())};
  std::string out(sizeof head + c.base.size() * sizeof(int32_t) + c.events.size() * sizeof(RegisterEvent), '\0');
  char* p = out.data();
  std::memcpy(p, head, sizeof head);
  p += sizeof head;
  if (!c.base.empty()) std::memcpy(p, c.base.data(), c.base.size() * sizeof(int32_t));
  p += c.base.size() * sizeof(int32_t);
  if (!c.events.empty()) std::memcpy(p, c.events.data(), c.events.size() * sizeof(RegisterEvent));
  return out;
}

std::optional<VillageCounts> decode_counts(std::string_view bytes, int metrics, int days) {
  uint32_t head[2];
  if (bytes.size() < sizeof head) return std::nullopt;
  std::memcpy(head, bytes.data(), sizeof head);
  if (head[0] != static_cast<uint32_t>(metrics) ||
      bytes.size() != sizeof head + uint64_t{head[0]} * sizeof(int32_t) + uint64_t{head[1]} * sizeof(RegisterEvent))
    return std::nullopt;
  VillageCounts c;
  c.base.resize(head[0]);
  c.events.resize(head[1]);
  const char* p = bytes.data() + sizeof head;
  if (head[0]) std::memcpy(c.base.data(), p, head[0] * sizeof(int32_t));
  p += head[0] * sizeof(int32_t);
  if (head[1]) std::memcpy(c.events.data(), p, head[1] * sizeof(RegisterEvent));
  int32_t last = -1;
  for (const RegisterEvent& e : c.events) {
    const int32_t k = event_key(e);
    if (e.day < 1 || e.day >= days || e.metric >= metrics || e.delta == 0 || k < last) return std::nullopt;
    last = k;
  }
  return c;
}

bool CountsDiff::empty() const {
  return events.empty() && std::all_of(base.begin(), base.end(), [](int64_t v) { return v == 0; });
}

CountsDiff counts_diff(const VillageCounts* before, const VillageCounts* after, int metrics) {
  CountsDiff d;
  d.base.assign(static_cast<size_t>(metrics), 0);
  for (int m = 0; m < metrics; ++m) {
    const size_t i = static_cast<size_t>(m);
    if (after && i < after->base.size()) d.base[i] += after->base[i];
    if (before && i < before->base.size()) d.base[i] -= before->base[i];
  }
  static const std::vector<RegisterEvent> kNone;
  const std::vector<RegisterEvent>& a = before ? before->events : kNone;
  const std::vector<RegisterEvent>& b = after ? after->events : kNone;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    int32_t k = std::min(i < a.size() ? event_key(a[i]) : INT32_MAX, j < b.size() ? event_key(b[j]) : INT32_MAX);
    int64_t net = 0;
    RegisterEvent e{};
    for (; i < a.size() && event_key(a[i]) == k; ++i) net -= a[i].delta, e = a[i];
    for (; j < b.size() && event_key(b[j]) == k; ++j) net += b[j].delta, e = b[j];
    if (net != 0) d.events.push_back({e, net});
  }
  return d;
}

VillageCounts counts_plus(const VillageCounts& c, const CountsDiff& d) {
  VillageCounts out;
  out.base.assign(std::max(c.base.size(), d.base.size()), 0);
  for (size_t m = 0; m < out.base.size(); ++m)
    out.base[m] = static_cast<int32_t>((m < c.base.size() ? c.base[m] : 0) + (m < d.base.size() ? d.base[m] : 0));
  // Both sorted by (day, metric): merged, summed per pair.
  std::vector<std::pair<RegisterEvent, int64_t>> net;
  size_t i = 0, j = 0;
  while (i < c.events.size() || j < d.events.size()) {
    const int32_t k = std::min(i < c.events.size() ? event_key(c.events[i]) : INT32_MAX,
                               j < d.events.size() ? event_key(d.events[j].first) : INT32_MAX);
    int64_t sum = 0;
    RegisterEvent e{};
    for (; i < c.events.size() && event_key(c.events[i]) == k; ++i) sum += c.events[i].delta, e = c.events[i];
    for (; j < d.events.size() && event_key(d.events[j].first) == k; ++j) sum += d.events[j].second, e = d.events[j].first;
    if (sum != 0) net.push_back({e, sum});
  }
  for (const auto& [e, sum] : net) push_split(out.events, e.day, e.metric, sum);
  return out;
}

RegisterRollup::RegisterRollup(const UnitIndex& units, const Calendar& cal, Date structure,
                               const std::unordered_map<Id, VillageCounts>& villages, std::function<Id(Id)> resolve,
                               int metrics)
    : units_(units), cal_(cal), structure_(structure), villages_(villages), resolve_(std::move(resolve)), metrics_(metrics) {
  const size_t days = static_cast<size_t>(cal_.days);
  const size_t rows = static_cast<size_t>(cal_.months()) + 1;
  // One cell per (metric, day) or (month row, metric), summed afterwards.
  for (const auto& [village, counts] : villages_) {
    attach(village);
    auto it = chain_.find(village);
    if (it == chain_.end()) continue;
    for (Id u : it->second) {
      Node& n = nodes_.at(u);
      if (n.kind == Kind::Scan) continue;
      for (int m = 0; m < metrics_ && static_cast<size_t>(m) < counts.base.size(); ++m) {
        const int32_t v = counts.base[static_cast<size_t>(m)];
        if (n.kind == Kind::Daily) n.values[static_cast<size_t>(m) * days] += v;
        else n.values[static_cast<size_t>(m)] += v;
      }
      for (const RegisterEvent& e : counts.events) {
        if (e.metric >= metrics_) continue;
        if (n.kind == Kind::Daily) n.values[e.metric * days + e.day] += e.delta;
        else n.values[(static_cast<size_t>(cal_.month_of_day[e.day]) + 1) * static_cast<size_t>(metrics_) + e.metric] += e.delta;
      }
    }
  }
  for (auto& [_, n] : nodes_) {
    if (n.kind == Kind::Daily)
      for (size_t m = 0; m < static_cast<size_t>(metrics_); ++m)
        for (size_t d = 1; d < days; ++d) n.values[m * days + d] += n.values[m * days + d - 1];
    else if (n.kind == Kind::Monthly)
      for (size_t r = 1; r < rows; ++r)
        for (size_t m = 0; m < static_cast<size_t>(metrics_); ++m)
          n.values[r * static_cast<size_t>(metrics_) + m] += n.values[(r - 1) * static_cast<size_t>(metrics_) + m];
  }
}

void RegisterRollup::attach(Id village) {
  if (chain_.count(village)) return;
  const Id target = resolve_(village);
  if (!target) return;
  std::vector<Id> path = units_.path_at(target, structure_);
  if (path.empty()) path.push_back(target);
  path.push_back(0);
  for (Id u : path) {
    auto [it, fresh] = nodes_.try_emplace(u);
    Node& n = it->second;
    if (fresh) {
      const Unit* unit = u ? units_.find(u) : nullptr;
      n.kind = !unit || unit->level == Level::Province                           ? Kind::Daily
               : unit->level == Level::District || unit->level == Level::Commune ? Kind::Monthly
                                                                                  : Kind::Scan;
      if (n.kind == Kind::Daily) n.values.assign(static_cast<size_t>(metrics_) * static_cast<size_t>(cal_.days), 0);
      if (n.kind == Kind::Monthly) n.values.assign(static_cast<size_t>(metrics_) * (static_cast<size_t>(cal_.months()) + 1), 0);
    }
    if (n.kind != Kind::Daily) n.villages.push_back(village);
  }
  chain_.emplace(village, std::move(path));
}

void RegisterRollup::apply(Id village, const CountsDiff& diff) {
  attach(village);
  auto it = chain_.find(village);
  if (it == chain_.end() || diff.empty()) return;
  // The diff as running sums, one metric at a time: each value of a node
  // changes by the sum of the deltas up to its day (or month), so it is
  // touched once per metric, not once per event (a village's first import of
  // 15,000 persons has tens of thousands of events: 11 ms event by event).
  const size_t M = static_cast<size_t>(metrics_);
  std::vector<std::vector<std::pair<int32_t, int64_t>>> by_metric(M);  // (day, delta), in day order
  for (size_t m = 0; m < M && m < diff.base.size(); ++m)
    if (diff.base[m]) by_metric[m].push_back({0, diff.base[m]});
  for (const auto& [e, delta] : diff.events)  // sorted by (day, metric)
    if (e.metric < M && e.day < cal_.days) by_metric[e.metric].push_back({e.day, delta});
  // Monthly rows: row 0 holds the base, row r the value before month r (a day's event counts from the next row).
  auto row_of = [&](int32_t day) { return day == 0 ? 0 : cal_.month_of_day[static_cast<size_t>(day)] + 1; };
  for (Id u : it->second) {
    Node& n = nodes_.at(u);
    if (n.kind == Kind::Scan) continue;
    for (size_t m = 0; m < M; ++m) {
      const auto& b = by_metric[m];
      if (b.empty()) continue;
      int64_t run = 0;
      size_t k = 0;
      if (n.kind == Kind::Daily) {
        int32_t* row = n.values.data() + m * static_cast<size_t>(cal_.days);
        for (int32_t d = b[0].first; d < cal_.days; ++d) {
          for (; k < b.size() && b[k].first <= d; ++k) run += b[k].second;
          row[d] += static_cast<int32_t>(run);
        }
      } else {
        for (int r = row_of(b[0].first); r <= cal_.months(); ++r) {
          for (; k < b.size() && row_of(b[k].first) <= r; ++k) run += b[k].second;
          n.values[static_cast<size_t>(r) * M + m] += static_cast<int32_t>(run);
        }
      }
    }
  }
}

void RegisterRollup::scan(const std::vector<Id>& villages, int32_t from_day, int32_t to_day, std::vector<int64_t>& out) const {
  for (Id v : villages) {
    auto it = villages_.find(v);
    if (it == villages_.end()) continue;
    const VillageCounts& c = it->second;
    if (from_day == 0)
      for (size_t m = 0; m < out.size() && m < c.base.size(); ++m) out[m] += c.base[m];
    auto e = std::lower_bound(c.events.begin(), c.events.end(), from_day,
                              [](const RegisterEvent& x, int32_t d) { return x.day < d; });
    for (; e != c.events.end() && e->day <= to_day; ++e)
      if (e->metric < out.size()) out[e->metric] += e->delta;
  }
}

bool RegisterRollup::values(Id unit, int32_t day, std::vector<int64_t>& out) const {
  out.assign(static_cast<size_t>(metrics_), 0);
  auto it = nodes_.find(unit);
  if (it == nodes_.end()) return false;
  const Node& n = it->second;
  day = std::clamp(day, 0, cal_.days - 1);
  const size_t M = static_cast<size_t>(metrics_);
  if (n.kind == Kind::Daily) {
    for (size_t m = 0; m < M; ++m) out[m] = n.values[m * static_cast<size_t>(cal_.days) + static_cast<size_t>(day)];
  } else if (n.kind == Kind::Monthly) {
    const size_t mo = static_cast<size_t>(cal_.month_of_day[static_cast<size_t>(day)]);
    const bool month_end = day + 1 == cal_.month_start[mo + 1];
    const int32_t* row = n.values.data() + (month_end ? mo + 1 : mo) * M;
    for (size_t m = 0; m < M; ++m) out[m] = row[m];
    // The month's own events up to the day (the base is in row 0).
    if (!month_end) scan(n.villages, std::max(1, cal_.month_start[mo]), day, out);
  } else {
    scan(n.villages, 0, day, out);
  }
  return true;
}

size_t RegisterRollup::memory_bytes() const {
  size_t s = 0;
  for (const auto& [_, n] : nodes_) s += sizeof(Node) + 16 + n.values.capacity() * sizeof(int32_t) + n.villages.capacity() * sizeof(Id);
  for (const auto& [_, c] : chain_) s += 48 + c.capacity() * sizeof(Id);
  return s;
}

}  // namespace langso
