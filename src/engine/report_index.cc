#include "engine/report_index.h"

#include <algorithm>

#include "engine/periodic.h"

namespace langso {

static int month_number(Date d) {
  int y;
  unsigned m, day;
  ymd_from_date(d, y, m, day);
  return y * 12 + static_cast<int>(m) - 1;
}

int ReportIndex::month_of(Date d) const {
  const int k = month_number(d) - first_month_;
  return k >= 0 && static_cast<size_t>(k) < months_.size() ? k : -1;
}

void ReportIndex::set_structure(const UnitIndex& units, const ReportForm& f, Date first, Date last) {
  form_ = &f;
  months_.clear();
  pos_.clear();
  ids_.clear();
  Level deepest = Level::Province;
  for (Level x : f.levels) deepest = std::max(deepest, x);
  // The units of a reporting level or above, their active intervals and
  // their links to children of such a level (none change month to month).
  struct Node {
    Level level;
    bool reports;
    std::vector<Interval> active;
    std::vector<std::pair<int32_t, Interval>> down;
  };
  std::vector<Node> nodes;
  pos_.assign(1, 0);  // the nation (unit 0): every province below it while valid
  ids_.push_back(0);
  units.for_each([&](const Unit& u) {
    if (u.level > deepest) return;
    if (pos_.size() <= static_cast<size_t>(u.id)) pos_.resize(static_cast<size_t>(u.id) + 1, -1);
    pos_[static_cast<size_t>(u.id)] = static_cast<int32_t>(ids_.size());
    ids_.push_back(u.id);
  });
  nodes.resize(ids_.size());
  nodes[0] = {Level::Province, false, {}, {}};
  for (size_t i = 1; i < ids_.size(); ++i) {
    const Unit* u = units.find(ids_[i]);
    nodes[i].level = u->level;
    nodes[i].reports = f.reports_at(u->level);
    nodes[i].active = unit_active_intervals(units, u->id);
    if (u->level < deepest)
      for (const auto& [child, link] : units.child_links(u->id))
        if (int c = position(child); c >= 0) nodes[i].down.emplace_back(c, link);
    if (u->level == Level::Province) nodes[0].down.emplace_back(static_cast<int32_t>(i), u->valid);
  }
  first_month_ = month_number(first);
  const std::vector<ReportPeriod> periods = periods_between(f, first, last);
  months_.resize(periods.size());
  std::vector<std::vector<int32_t>> sub(ids_.size());
  std::vector<uint8_t> state(ids_.size());  // 0 not yet, 1 being walked, 2 done
  for (size_t k = 0; k < periods.size(); ++k) {
    Month& m = months_[k];
    m.period = periods[k];
    m.deadline = due_deadline(f, m.period);
    const Interval whole = m.period.interval();
    std::fill(state.begin(), state.end(), 0);
    // The subtree's expected units, children first (expected_in_subtree: the
    // unit, then its children linked in the month, not below the deepest level).
    auto walk = [&](auto&& self, int32_t u) -> const std::vector<int32_t>& {
      std::vector<int32_t>& out = sub[static_cast<size_t>(u)];
      if (state[static_cast<size_t>(u)]) return out;  // done, or a cycle being walked
      state[static_cast<size_t>(u)] = 1;
      out.clear();
      const Node& n = nodes[static_cast<size_t>(u)];
      if (n.reports && !expected_parts(f, n.level, n.active, m.period).empty()) out.push_back(u);
      for (const auto& [c, link] : n.down)
        if (link.from < whole.to && whole.from < link.to) {
          const std::vector<int32_t>& below = self(self, c);
          out.insert(out.end(), below.begin(), below.end());
        }
      if (n.down.size() > 1) {
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
      }
      state[static_cast<size_t>(u)] = 2;
      return out;
    };
    m.offsets.assign(ids_.size() + 1, 0);
    m.members.clear();
    for (size_t u = 0; u < ids_.size(); ++u) {
      const std::vector<int32_t>& s = walk(walk, static_cast<int32_t>(u));
      m.offsets[u] = static_cast<uint32_t>(m.members.size());
      m.members.insert(m.members.end(), s.begin(), s.end());
    }
    m.offsets[ids_.size()] = static_cast<uint32_t>(m.members.size());
    m.members.shrink_to_fit();
  }
  for (size_t k = 0; k < months_.size(); ++k) sum_month(k);
}

void ReportIndex::add_entry(Counts& c, const Month& m, const Entry& e) const {
  if (counts_as_submitted(e.status)) {
    ++c.submitted;
    if (e.submitted_at && e.submitted_at < m.deadline) ++c.on_time;
  }
  c.open_violations += e.open_violations;
  c.open_outliers += e.open_outliers;
}

void ReportIndex::sum_month(size_t k) {
  Month& m = months_[k];
  m.sums.assign(ids_.size(), Counts{});
  for (size_t u = 0; u < ids_.size(); ++u) {
    Counts& c = m.sums[u];
    for (uint32_t i = m.offsets[u]; i < m.offsets[u + 1]; ++i) {
      ++c.expected;
      auto it = entries_.find(key(ids_[static_cast<size_t>(m.members[i])], first_month_ + static_cast<int>(k)));
      if (it != entries_.end()) add_entry(c, m, it->second);
    }
  }
}

// The entry of the report, by unit and month; the month's index (−1: none to sum).
int ReportIndex::store(const ReportState& s, int32_t open_violations, int32_t open_outliers) {
  if (!form_ || s.form != form_->code) return -1;
  const uint64_t k = key(s.unit, month_number(s.from));
  entries_[k] = {s.submitted_at, open_violations, open_outliers, s.status};
  reports_[s.id] = k;
  return month_of(s.from);
}

void ReportIndex::put_all(std::span<const Loaded> all) {
  for (const Loaded& x : all) store(x.state, x.open_violations, x.open_outliers);
  for (size_t k = 0; k < months_.size(); ++k) sum_month(k);
}

void ReportIndex::put(const ReportState& s, int32_t open_violations, int32_t open_outliers) {
  const int k = store(s, open_violations, open_outliers);
  if (k >= 0) sum_month(static_cast<size_t>(k));
}

void ReportIndex::erase(Id report) {
  auto it = reports_.find(report);
  if (it == reports_.end()) return;
  const uint64_t k = it->second;
  reports_.erase(it);
  entries_.erase(k);
  const int month = static_cast<int>(k >> 32) - first_month_;
  if (month >= 0 && static_cast<size_t>(month) < months_.size()) sum_month(static_cast<size_t>(month));
}

ReportIndex::Counts ReportIndex::counts(std::span<const Id> roots, Date from, Date to) const {
  Counts c;
  if (months_.empty() || to < from) return c;
  const int lo = std::max(0, month_number(from) - first_month_);
  const int hi = std::min(static_cast<int>(months_.size()) - 1, month_number(to) - first_month_);
  if (roots.size() == 1) {  // the common case: no list to merge, no allocation
    const int p = position(roots[0]);
    if (p < 0) return c;
    for (int k = lo; k <= hi; ++k) {
      const Month& m = months_[static_cast<size_t>(k)];
      if (to < m.period.to) continue;  // not ended by `to`
      const Counts& s = m.sums[static_cast<size_t>(p)];
      c.expected += s.expected, c.submitted += s.submitted, c.on_time += s.on_time;
      c.open_violations += s.open_violations, c.open_outliers += s.open_outliers;
    }
    return c;
  }
  std::vector<int32_t> at;
  for (Id r : roots)
    if (int p = position(r); p >= 0) at.push_back(p);
  if (at.empty()) return c;
  std::vector<int32_t> merged;
  for (int k = lo; k <= hi; ++k) {
    const Month& m = months_[static_cast<size_t>(k)];
    if (to < m.period.to) continue;
    if (at.size() == 1) {
      const Counts& s = m.sums[static_cast<size_t>(at[0])];
      c.expected += s.expected, c.submitted += s.submitted, c.on_time += s.on_time;
      c.open_violations += s.open_violations, c.open_outliers += s.open_outliers;
      continue;
    }
    merged.clear();
    for (int32_t p : at)
      merged.insert(merged.end(), m.members.begin() + m.offsets[static_cast<size_t>(p)],
                    m.members.begin() + m.offsets[static_cast<size_t>(p) + 1]);
    std::sort(merged.begin(), merged.end());
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    for (int32_t u : merged) {
      ++c.expected;
      auto it = entries_.find(key(ids_[static_cast<size_t>(u)], first_month_ + k));
      if (it != entries_.end()) add_entry(c, m, it->second);
    }
  }
  return c;
}

}  // namespace langso
