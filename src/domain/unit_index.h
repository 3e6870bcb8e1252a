// In-memory index of the administrative hierarchy, derived from the store and
// rebuildable from it at any time. All structural questions take a date: the
// children of a unit on 04/05/2022 may differ from its children today.
//
// Invariants: ids are the store's ids; a unit appears at most once; links
// refer to units present in the index. Not thread-safe: the owner guards it
// (readers share, writers exclude).
#pragma once
#include <functional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/reorganisation.h"
#include "domain/unit.h"

namespace langso {

class UnitIndex {
 public:
  void clear();
  void add_unit(const Unit& u);  // replaces an existing unit with the same id
  void add_link(const UnitLink& l);
  void add_succession(const Succession& s);
  // Ends every link of child still open on `end` (as a reorganisation does).
  void end_links(Id child, Date end);

  const Unit* find(Id id) const;
  size_t size() const { return count_; }

  // The parent on a date (0 if none / a root).
  Id parent_at(Id id, Date d) const;
  // Children alive on a date, in Vietnamese natural order of their names
  // (natural_key: "Thôn 2" before "Thôn 10").
  std::vector<Id> children_at(Id id, Date d) const;
  // The unit and its ancestors on a date, innermost first.
  std::vector<Id> path_at(Id id, Date d) const;
  // "Xã Hoà Mục › Huyện Chợ Mới › Tỉnh Bắc Kạn"
  std::string path_text(Id id, Date d) const;
  // Roots (units without a parent) alive on a date, sorted.
  std::vector<Id> roots_at(Date d) const;
  // Every unit alive on d under root (root included), depth first.
  void for_each_descendant(Id root, Date d, const std::function<void(const Unit&)>& fn) const;
  // True when unit lies under root on some date (or is root), or became part
  // of it in a reorganisation. Scope checks use this: an officer keeps seeing
  // the history of units that have since moved away, and the officers of a
  // new unit see the units it was formed from.
  bool is_within(Id unit, Id root) const;

  bool alive(Id id, Date d) const;
  // Every link of a unit to a parent, and to its children, whatever the date
  // (the periodic reports' active intervals and expected children).
  std::vector<Interval> parent_link_intervals(Id id) const;
  std::vector<std::pair<Id, Interval>> child_links(Id id) const;
  // Successors of a unit that ended (in the order the legal text names them)
  // and predecessors of one that began.
  std::vector<Succession> successors(Id id) const;
  std::vector<Succession> predecessors(Id id) const;
  // The unit alive and attached to the structure of date d that a figure
  // recorded on `unit` counts for (0 if none). Itself while alive and
  // attached; after it ended, its first successor (a split unit's own figures
  // go to the new unit named first), or failing that its last parent; before
  // it began, the predecessor whose code it took (else the first named), or
  // failing that its first parent. Applied until a live unit is reached.
  Id attribute(Id unit, Date d) const;
  // What a unit that ended became: its successors, or for one without any
  // (an abolished district) the units its children's figures count for on
  // the day after it ended. Empty while it is alive.
  std::vector<Id> became(Id unit) const;
  // What became of a unit that ended, as a sentence ("" while alive):
  // "Xã Như Cố — đã sáp nhập vào Xã Chợ Mới, tỉnh Thái Nguyên, từ 01/07/2025".
  // The unit JSON's fate.text and the historical report's line.
  std::string fate_text(Id unit) const;
  // Moves the link of child that begins on `from` to another parent.
  void move_link(Id child, Date from, Id parent);

  // Units carrying a code on a date (normally one).
  std::vector<Id> by_code(std::string_view code, Date d) const;
  // Search by name (ignoring case, diacritics and tone placement) or by code;
  // units alive on d first, then those that ended or had not begun (so an old
  // name still finds what it became); within a rank in natural order of
  // names. Returns the hits from `offset` on, at most `limit`; `total` (when
  // given) receives the number of all visible hits.
  std::vector<Id> search(std::string_view query, Date d, size_t limit, const std::function<bool(Id)>& visible,
                         size_t offset = 0, size_t* total = nullptr) const;
  void for_each(const std::function<void(const Unit&)>& fn) const;
  // Units with an end date (valid.to set), by id: those whose figures a
  // list may have to attribute elsewhere (few; none before a reorganisation).
  const std::set<Id>& ended() const { return ended_; }
  // Every date on which a unit or a hierarchy edge begins or ends, sorted:
  // between two of them the structure is the same.
  std::vector<Date> change_dates() const;
  // Orders ids by the natural order of their names (natural_key).
  void sort_by_name(std::vector<Id>& ids) const;
  // The key of that order (no zero bytes; empty for an unknown id).
  const std::string& sort_key(Id id) const;

 private:
  struct Edge {
    Id other;
    Interval valid;
  };
  struct Entry {
    bool present = false;
    Unit unit;
    std::string folded;        // of the full name
    std::string folded_short;  // of the name without its type word
    std::string sort_key;
    std::vector<Edge> up, down;
    std::vector<Succession> succ, pred;
  };
  bool attached(Id id, Date d) const;  // alive on d with a live path to a province
  Id attribute(Id unit, Date d, int depth) const;
  Entry* entry(Id id);
  const Entry* entry(Id id) const;

  std::vector<Entry> entries_;  // indexed by id
  size_t count_ = 0;
  std::unordered_multimap<std::string, Id> by_code_;
  std::set<Id> ended_;
};

}  // namespace langso
