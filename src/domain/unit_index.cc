#include "domain/unit_index.h"

#include <algorithm>
#include <cstdint>

#include "util/text.h"

namespace langso {

void UnitIndex::clear() {
  entries_.clear();
  by_code_.clear();
  ended_.clear();
  count_ = 0;
}

UnitIndex::Entry* UnitIndex::entry(Id id) {
  if (id <= 0 || static_cast<size_t>(id) >= entries_.size() || !entries_[id].present) return nullptr;
  return &entries_[id];
}
const UnitIndex::Entry* UnitIndex::entry(Id id) const {
  return const_cast<UnitIndex*>(this)->entry(id);
}

void UnitIndex::add_unit(const Unit& u) {
  if (static_cast<size_t>(u.id) >= entries_.size()) entries_.resize(static_cast<size_t>(u.id) + 1 + entries_.size() / 2);
  Entry& e = entries_[u.id];
  if (e.present) {
    auto range = by_code_.equal_range(e.unit.code);
    for (auto it = range.first; it != range.second; ++it)
      if (it->second == u.id) {
        by_code_.erase(it);
        break;
      }
  } else {
    ++count_;
  }
  e.present = true;
  e.unit = u;
  if (u.valid.to != kMaxDate) ended_.insert(u.id);
  else ended_.erase(u.id);
  e.folded = fold(u.name);
  e.folded_short = fold(short_name(u));
  std::string key = natural_key(short_name(u)) + '\x01' + natural_key(u.name);
  const bool moved = e.sort_key != key;
  e.sort_key = std::move(key);
  by_code_.emplace(u.code, u.id);
  if (moved)  // a renamed unit takes its new place among its siblings
    for (const Edge& up : e.up) {
      auto& down = entries_[up.other].down;
      std::stable_sort(down.begin(), down.end(),
                       [&](const Edge& a, const Edge& b) { return entries_[a.other].sort_key < entries_[b.other].sort_key; });
    }
}

void UnitIndex::add_link(const UnitLink& l) {
  Entry* c = entry(l.child);
  Entry* p = entry(l.parent);
  if (!c || !p) return;
  c->up.push_back({l.parent, l.valid});
  // Children are kept in Vietnamese order, so children_at only filters.
  auto pos = std::upper_bound(p->down.begin(), p->down.end(), c->sort_key,
                              [&](const std::string& key, const Edge& e) { return key < entries_[e.other].sort_key; });
  p->down.insert(pos, {l.child, l.valid});
}

void UnitIndex::add_succession(const Succession& s) {
  Entry* o = entry(s.old_unit);
  Entry* n = entry(s.new_unit);
  if (!o || !n) return;
  auto by_position = [](const Succession& a, const Succession& b) { return a.position < b.position; };
  o->succ.insert(std::upper_bound(o->succ.begin(), o->succ.end(), s, by_position), s);
  n->pred.push_back(s);
}

void UnitIndex::end_links(Id child, Date end) {
  Entry* c = entry(child);
  if (!c) return;
  for (Edge& up : c->up) {
    if (!(up.valid.from < end && end < up.valid.to)) continue;
    for (Edge& down : entries_[up.other].down)
      if (down.other == child && down.valid.from == up.valid.from && down.valid.to == up.valid.to) down.valid.to = end;
    up.valid.to = end;
  }
}

std::vector<Id> UnitIndex::became(Id unit) const {
  std::vector<Id> out;
  const Entry* e = entry(unit);
  if (!e || e->unit.valid.to == kMaxDate) return out;
  for (const Succession& s : e->succ) out.push_back(s.new_unit);
  if (out.empty())
    for (Id c : children_at(unit, Date{e->unit.valid.to.days - 1}))
      if (Id t = attribute(c, e->unit.valid.to); t && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  return out;
}

std::string UnitIndex::fate_text(Id unit) const {
  const Entry* e = entry(unit);
  if (!e || e->unit.valid.to == kMaxDate) return "";
  const Date end = e->unit.valid.to;
  const std::vector<Id> into = became(unit);
  std::string names;
  Id province = 0;
  for (Id id : into) {
    if (!names.empty()) names += ", ";
    names += find(id)->name;
    auto path = path_at(id, end);
    if (path.size() > 1) province = path.back();
  }
  const bool split = !e->succ.empty() && !e->succ.front().whole;
  std::string text = e->unit.name + " — ";
  if (into.empty()) text += "không còn";
  else if (!e->succ.empty()) text += (split ? "đã chia vào " : "đã sáp nhập vào ") + names;
  else text += "không còn; nay thuộc " + names;
  if (province) text += ", " + name_in_sentence(*find(province));
  return text + ", từ " + format_vn(end);
}

void UnitIndex::move_link(Id child, Date from, Id parent) {
  Entry* c = entry(child);
  Entry* p = entry(parent);
  if (!c || !p) return;
  for (Edge& up : c->up) {
    if (up.valid.from != from || up.other == parent) continue;
    auto& old_down = entries_[up.other].down;
    std::erase_if(old_down, [&](const Edge& d) { return d.other == child && d.valid.from == from; });
    Interval valid = up.valid;
    up.other = parent;
    auto pos = std::upper_bound(p->down.begin(), p->down.end(), c->sort_key,
                                [&](const std::string& key, const Edge& e) { return key < entries_[e.other].sort_key; });
    p->down.insert(pos, {child, valid});
    return;
  }
}

std::vector<Succession> UnitIndex::successors(Id id) const {
  const Entry* e = entry(id);
  return e ? e->succ : std::vector<Succession>{};
}

std::vector<Succession> UnitIndex::predecessors(Id id) const {
  const Entry* e = entry(id);
  return e ? e->pred : std::vector<Succession>{};
}

bool UnitIndex::alive(Id id, Date d) const {
  const Entry* e = entry(id);
  return e && e->unit.valid.contains(d);
}

std::vector<Interval> UnitIndex::parent_link_intervals(Id id) const {
  std::vector<Interval> out;
  if (const Entry* e = entry(id))
    for (const Edge& x : e->up) out.push_back(x.valid);
  return out;
}

std::vector<std::pair<Id, Interval>> UnitIndex::child_links(Id id) const {
  std::vector<std::pair<Id, Interval>> out;
  if (const Entry* e = entry(id))
    for (const Edge& x : e->down) out.emplace_back(x.other, x.valid);
  return out;
}

bool UnitIndex::attached(Id id, Date d) const {
  for (int depth = 0; depth < 16; ++depth) {
    const Entry* e = entry(id);
    if (!e || !e->unit.valid.contains(d)) return false;
    if (e->unit.level == Level::Province) return true;
    id = parent_at(id, d);
    if (!id) return false;
  }
  return false;
}

Id UnitIndex::attribute(Id unit, Date d) const { return attribute(unit, d, 0); }

Id UnitIndex::attribute(Id unit, Date d, int depth) const {
  const Entry* e = entry(unit);
  if (!e || depth > 32) return 0;
  const Interval& v = e->unit.valid;
  if (v.contains(d)) {
    if (attached(unit, d)) return unit;
    // Alive but not attached on d (a link that begins later or ended): the
    // parent of the edge nearest to d.
    const Edge* best = nullptr;
    int32_t best_gap = INT32_MAX;
    for (const Edge& up : e->up) {
      int32_t gap = up.valid.contains(d) ? 0 : d < up.valid.from ? up.valid.from.days - d.days : d.days - up.valid.to.days + 1;
      if (gap < best_gap) best = &up, best_gap = gap;
    }
    return best ? attribute(best->other, d, depth + 1) : 0;
  }
  if (d >= v.to) {
    if (!e->succ.empty()) return attribute(e->succ.front().new_unit, d, depth + 1);
    Id p = parent_at(unit, Date{v.to.days - 1});
    return p ? attribute(p, d, depth + 1) : 0;
  }
  if (!e->pred.empty()) {
    const Succession* pick = &e->pred.front();
    for (const Succession& s : e->pred)
      if (const Entry* o = entry(s.old_unit); o && o->unit.code == e->unit.code) {
        pick = &s;
        break;
      }
    return attribute(pick->old_unit, d, depth + 1);
  }
  Id p = parent_at(unit, v.from);
  return p ? attribute(p, d, depth + 1) : 0;
}

const Unit* UnitIndex::find(Id id) const {
  const Entry* e = entry(id);
  return e ? &e->unit : nullptr;
}

Id UnitIndex::parent_at(Id id, Date d) const {
  const Entry* e = entry(id);
  if (!e) return 0;
  for (const Edge& up : e->up)
    if (up.valid.contains(d)) return up.other;
  return 0;
}

const std::string& UnitIndex::sort_key(Id id) const {
  static const std::string none;
  const Entry* e = entry(id);
  return e ? e->sort_key : none;
}

void UnitIndex::sort_by_name(std::vector<Id>& ids) const {
  std::sort(ids.begin(), ids.end(), [&](Id a, Id b) {
    const Entry* ea = entry(a);
    const Entry* eb = entry(b);
    if (ea->sort_key != eb->sort_key) return ea->sort_key < eb->sort_key;
    return a < b;
  });
}

std::vector<Id> UnitIndex::children_at(Id id, Date d) const {
  std::vector<Id> out;
  const Entry* e = entry(id);
  if (!e) return out;
  for (const Edge& down : e->down)
    if (down.valid.contains(d) && entry(down.other)->unit.valid.contains(d)) out.push_back(down.other);
  return out;  // already in order: add_link keeps children sorted
}

std::vector<Id> UnitIndex::path_at(Id id, Date d) const {
  std::vector<Id> out;
  for (Id cur = id; cur && out.size() < 16; cur = parent_at(cur, d)) out.push_back(cur);
  return out;
}

std::string UnitIndex::path_text(Id id, Date d) const {
  std::string s;
  for (Id p : path_at(id, d)) {
    if (!s.empty()) s += " › ";
    s += find(p)->name;
  }
  return s;
}

std::vector<Id> UnitIndex::roots_at(Date d) const {
  std::vector<Id> out;
  for (size_t i = 1; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (e.present && e.unit.valid.contains(d) && !parent_at(static_cast<Id>(i), d)) out.push_back(static_cast<Id>(i));
  }
  sort_by_name(out);
  return out;
}

void UnitIndex::for_each_descendant(Id root, Date d, const std::function<void(const Unit&)>& fn) const {
  const Entry* r = entry(root);
  if (!r) return;
  std::vector<Id> stack{root};
  while (!stack.empty()) {
    Id cur = stack.back();
    stack.pop_back();
    const Entry* e = entry(cur);
    fn(e->unit);
    for (const Edge& down : e->down)
      if (down.valid.contains(d) && entry(down.other)->unit.valid.contains(d)) stack.push_back(down.other);
  }
}

bool UnitIndex::is_within(Id unit, Id root) const {
  if (!entry(unit) || !entry(root)) return false;
  // Walks every historical parent edge; the hierarchy is shallow and narrow upwards.
  std::vector<Id> stack{unit};
  size_t guard = 0;
  while (!stack.empty() && ++guard < 10000) {
    Id cur = stack.back();
    stack.pop_back();
    if (cur == root) return true;
    for (const Edge& up : entry(cur)->up) stack.push_back(up.other);
    for (const Succession& s : entry(cur)->succ) stack.push_back(s.new_unit);
  }
  return false;
}

std::vector<Id> UnitIndex::by_code(std::string_view code, Date d) const {
  std::vector<Id> out;
  auto range = by_code_.equal_range(std::string(code));
  for (auto it = range.first; it != range.second; ++it)
    if (entry(it->second)->unit.valid.contains(d)) out.push_back(it->second);
  std::sort(out.begin(), out.end());
  return out;
}

void UnitIndex::for_each(const std::function<void(const Unit&)>& fn) const {
  for (const Entry& e : entries_)
    if (e.present) fn(e.unit);
}

std::vector<Date> UnitIndex::change_dates() const {
  std::vector<Date> out;
  auto add = [&](const Interval& iv) {
    if (iv.from != kMinDate) out.push_back(iv.from);
    if (iv.to != kMaxDate) out.push_back(iv.to);
  };
  for (const Entry& e : entries_) {
    if (!e.present) continue;
    add(e.unit.valid);
    for (const Edge& up : e.up) add(up.valid);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<Id> UnitIndex::search(std::string_view query, Date d, size_t limit, const std::function<bool(Id)>& visible,
                                  size_t offset, size_t* total) const {
  if (total) *total = 0;
  const std::string q = fold(query);
  const std::vector<std::string> qw = words(q);
  if (qw.empty()) return {};
  struct Hit {
    int rank;
    Id id;
  };
  std::vector<Hit> hits;
  const bool code = std::all_of(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; });
  for (size_t i = 1; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (!e.present) continue;
    int rank;
    if (code) {
      if (e.unit.code != q) continue;
      rank = 0;
    } else if (e.folded_short == q || e.folded == q) rank = 0;
    else if (e.folded_short.starts_with(q) || e.folded.starts_with(q)) rank = 1;
    else if (std::all_of(qw.begin(), qw.end(), [&](const std::string& w) { return has_word_prefix(e.folded, w); })) rank = 2;
    else continue;
    if (!e.unit.valid.contains(d)) rank += 4;  // units of another structure after those of d's
    if (!visible(static_cast<Id>(i))) continue;
    hits.push_back({rank * 8 + static_cast<int>(e.unit.level), static_cast<Id>(i)});
  }
  if (total) *total = hits.size();
  const size_t end = std::min(hits.size(), offset + std::min(limit, hits.size()));
  if (offset >= end) return {};
  std::partial_sort(hits.begin(), hits.begin() + static_cast<ptrdiff_t>(end), hits.end(), [&](const Hit& a, const Hit& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    const Entry* ea = entry(a.id);
    const Entry* eb = entry(b.id);
    if (ea->sort_key != eb->sort_key) return ea->sort_key < eb->sort_key;
    return a.id < b.id;
  });
  std::vector<Id> out;
  for (size_t i = offset; i < end; ++i) out.push_back(hits[i].id);
  return out;
}

}  // namespace langso
