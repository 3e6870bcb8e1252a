// In-memory index of the administrative hierarchy, derived from the store and
// rebuildable from it at any time. All structural questions take a date: the
// children of a unit on 04/05/2022 may differ from its children today.
//
// Invariants: ids are the store's ids; a unit appears at most once; links
// refer to units present in the index. Not thread-safe: the owner guards it
// (readers share, writers exclude).
#pragma once
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/unit.h"

namespace langso {

class UnitIndex {
 public:
  void clear();
  void add_unit(const Unit& u);  // replaces an existing unit with the same id
  void add_link(const UnitLink& l);

  const Unit* find(Id id) const;
  size_t size() const { return count_; }

  // The parent on a date (0 if none / a root).
  Id parent_at(Id id, Date d) const;
  // Children alive on a date, in Vietnamese alphabetical order of their names.
  std::vector<Id> children_at(Id id, Date d) const;
  // The unit and its ancestors on a date, innermost first.
  std::vector<Id> path_at(Id id, Date d) const;
  // "Xã Hoà Mục › Huyện Chợ Mới › Tỉnh Bắc Kạn"
  std::string path_text(Id id, Date d) const;
  // Roots (units without a parent) alive on a date, sorted.
  std::vector<Id> roots_at(Date d) const;
  // Every unit alive on d under root (root included), depth first.
  void for_each_descendant(Id root, Date d, const std::function<void(const Unit&)>& fn) const;
  // True when unit lies under root on some date (or is root). Scope checks use
  // this: an officer keeps seeing history of units that have since moved away.
  bool is_within(Id unit, Id root) const;

  // Units carrying a code on a date (normally one).
  std::vector<Id> by_code(std::string_view code, Date d) const;
  // Search by name ignoring case, diacritics and tone placement; best first.
  std::vector<Id> search(std::string_view query, Date d, size_t limit,
                         const std::function<bool(Id)>& visible) const;
  void for_each(const std::function<void(const Unit&)>& fn) const;
  // Every date on which a unit or a hierarchy edge begins or ends, sorted:
  // between two of them the structure is the same.
  std::vector<Date> change_dates() const;
  // Orders ids by Vietnamese collation of their names.
  void sort_by_name(std::vector<Id>& ids) const;

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
  };
  Entry* entry(Id id);
  const Entry* entry(Id id) const;

  std::vector<Entry> entries_;  // indexed by id
  size_t count_ = 0;
  std::unordered_multimap<std::string, Id> by_code_;
};

}  // namespace langso
