#include "io/reorg_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "domain/unit_index.h"
#include "util/text.h"

namespace langso {

namespace {

const UnitType* new_province_type(const std::string& name) {
  if (name.starts_with("Thành phố ") || name.starts_with("Thủ đô ")) return find_unit_type("thanh_pho_tw");
  if (name.starts_with("Tỉnh ")) return find_unit_type("tinh");
  return nullptr;
}

std::string folded_short(const std::string& name, const std::string& type_code) {
  const UnitType* t = find_unit_type(type_code);
  std::string_view s = name;
  if (t && s.starts_with(t->prefix)) s.remove_prefix(t->prefix.size());
  return fold(s);
}

struct PlannedUnit {
  std::string code, name, type;
  std::vector<Id> preds;  // legacy units, in the order the rows name them
  Id id = 0;
  bool continuing = false;
};

class Importer {
 public:
  Importer(Store& store, const Reform2025Lists& lists, const ReorgOptions& opt)
      : store_(store), lists_(lists), opt_(opt), before_{opt.effective.days - 1} {
    for (const Unit& u : store.load_units()) idx_.add_unit(u);
    for (const UnitLink& l : store.load_links()) idx_.add_link(l);
    for (const Succession& s : store.load_successions()) idx_.add_succession(s);
    for (const NewCommune& c : lists.communes) commune_info_[c.code] = &c;
    for (const NewProvince& p : lists.provinces) province_info_[p.code] = &p;
  }

  ReorgReport run() {
    rep_.errors = lists_.errors;
    if (!rep_.errors.empty()) return std::move(rep_);
    for (const LegacyMapping& m : lists_.mapping) plan_row(m);
    check_unmapped();
    if (!rep_.errors.empty()) return std::move(rep_);
    rep_.provinces = static_cast<int>(provinces_.size());
    rep_.communes = static_cast<int>(communes_.size());
    if (legacy_communes_.empty() && district_rows_.empty()) return std::move(rep_);  // everything applied before

    Transaction tx(store_.db());
    reorganisation_ = find_or_insert_reorganisation();
    apply_provinces();
    apply_communes();
    apply_legacy_communes();
    apply_districts();
    // Journalled like any write: running instances reload the structure.
    store_.audit(0, "import", "unit", reorganisation_, "",
                 fmt::format(R"({{"reorganisation":{},"communes":{},"provinces":{}}})", reorganisation_, rep_.communes,
                             rep_.provinces));
    tx.commit();
    return std::move(rep_);
  }

 private:
  Id legacy(const std::string& code, Level level) const {
    for (Id id : idx_.by_code(code, before_))
      if (idx_.find(id)->level == level) return id;
    return 0;
  }
  // A unit with this code and level that begins on the effective date.
  Id beginning(const std::string& code, Level level) const {
    for (Id id : idx_.by_code(code, opt_.effective)) {
      const Unit* u = idx_.find(id);
      if (u->level == level && u->valid.from == opt_.effective) return id;
    }
    return 0;
  }
  // Already ended by this reorganisation, or continuing under a new parent.
  bool applied(Id legacy_unit) const {
    const Unit* u = idx_.find(legacy_unit);
    if (u->valid.to == opt_.effective) return true;
    Id p = idx_.parent_at(legacy_unit, opt_.effective);
    return p && p != idx_.parent_at(legacy_unit, before_);
  }
  void error(int line, const std::string& what) { rep_.errors.push_back(fmt::format("dòng {}: {}", line, what)); }

  static PlannedUnit& planned(std::vector<PlannedUnit>& v, std::map<std::string, size_t>& at, const std::string& code) {
    auto [it, fresh] = at.emplace(code, v.size());
    if (fresh) v.push_back({code, "", "", {}, 0, false});
    return v[it->second];
  }
  static void add_pred(PlannedUnit& p, Id id) {
    if (std::find(p.preds.begin(), p.preds.end(), id) == p.preds.end()) p.preds.push_back(id);
  }

  void plan_row(const LegacyMapping& m) {
    ++rep_.rows;
    auto ci = commune_info_.find(m.new_ward_code);
    auto pi = province_info_.find(m.new_province_code);
    const UnitType* ctype = ci == commune_info_.end() ? nullptr : unit_type_from_gso(ci->second->gso_type, Level::Commune);
    const UnitType* ptype = pi == province_info_.end() ? nullptr : new_province_type(pi->second->name);
    if (!ctype) return error(m.line, fmt::format("loại đơn vị của xã mới {} không phải xã, phường hay đặc khu", m.new_ward_code));
    if (!ptype) return error(m.line, fmt::format("không nhận ra loại đơn vị của tỉnh mới {}", m.new_province_code));
    const std::string when = format_vn(before_);
    Id lp = legacy(m.legacy_province_code, Level::Province);
    if (!lp) return error(m.line, fmt::format("không có tỉnh mã {} ({}) vào ngày {}", m.legacy_province_code, m.legacy_province, when));
    Id lc = 0, ld = 0;
    if (m.legacy_ward_code.empty()) {
      ld = legacy(m.legacy_district_code, Level::District);
      if (!ld) return error(m.line, fmt::format("không có huyện mã {} ({}) vào ngày {}", m.legacy_district_code, m.legacy_district, when));
    } else {
      lc = legacy(m.legacy_ward_code, Level::Commune);
      if (!lc) return error(m.line, fmt::format("không có xã mã {} ({}) vào ngày {}", m.legacy_ward_code, m.legacy_ward, when));
    }
    // A unit of another province would be left half done: only the districts
    // of the provinces that take part end.
    const std::vector<Id> path = idx_.path_at(lc ? lc : ld, before_);
    if (std::find(path.begin(), path.end(), lp) == path.end())
      return error(m.line, lc ? fmt::format("xã mã {} ({}) không thuộc tỉnh mã {} ({}) vào ngày {}", m.legacy_ward_code,
                                            m.legacy_ward, m.legacy_province_code, m.legacy_province, when)
                              : fmt::format("huyện mã {} ({}) không thuộc tỉnh mã {} ({}) vào ngày {}", m.legacy_district_code,
                                            m.legacy_district, m.legacy_province_code, m.legacy_province, when));
    PlannedUnit& prov = planned(provinces_, province_at_, m.new_province_code);
    prov.name = nfc(pi->second->name);
    prov.type = std::string(ptype->code);
    add_pred(prov, lp);
    if (lc && applied(lc)) {
      ++rep_.rows_already_applied;
      mapped_.insert(lc);
      return;
    }
    if (ld && idx_.find(ld)->valid.to == opt_.effective) {
      ++rep_.rows_already_applied;
      return;
    }
    PlannedUnit& com = planned(communes_, commune_at_, m.new_ward_code);
    com.name = ci->second->name;
    com.type = std::string(ctype->code);
    commune_province_[m.new_ward_code] = m.new_province_code;
    if (ld) {
      district_rows_[ld] = m.new_ward_code;
      return;
    }
    add_pred(com, lc);
    auto& targets = legacy_communes_[lc];
    if (targets.empty()) legacy_order_.push_back(lc);
    if (std::find(targets.begin(), targets.end(), m.new_ward_code) == targets.end()) targets.push_back(m.new_ward_code);
    if (m.divided) divided_.insert(lc);
    mapped_.insert(lc);
  }

  // Every commune of a district that ends must be named, or it would be left
  // without a parent.
  void check_unmapped() {
    std::set<Id> districts;
    for (Id lc : mapped_)
      if (Id d = idx_.parent_at(lc, before_)) districts.insert(d);
    for (Id d : districts)
      for (Id c : idx_.children_at(d, before_)) {
        const Unit* u = idx_.find(c);
        if (u->level == Level::Commune && !mapped_.count(c))
          rep_.errors.push_back(fmt::format("{} (mã {}, {}) không có trong bảng chuyển đổi nhưng huyện của nó kết thúc",
                                            u->name, u->code, idx_.find(d)->name));
      }
  }

  Id find_or_insert_reorganisation() {
    for (const Reorganisation& r : store_.load_reorganisations())
      if (r.effective == opt_.effective && r.name == opt_.name) return r.id;
    return store_.insert_reorganisation({0, opt_.effective, opt_.name, opt_.legal_basis, opt_.legal_date});
  }

  Id create(const PlannedUnit& p, Level level) {
    Unit u{0, p.code, p.name, p.type, level, {opt_.effective, kMaxDate}};
    u.id = store_.insert_unit(u);
    return u.id;
  }

  void end(Id id) {
    store_.end_unit(id, opt_.effective);
    store_.end_links_of_child(id, opt_.effective);
  }

  void apply_provinces() {
    std::map<Id, int> new_of_legacy;  // legacy province -> how many new provinces it went into
    for (PlannedUnit& p : provinces_)
      for (Id lp : p.preds) ++new_of_legacy[lp];
    for (PlannedUnit& p : provinces_) {
      const Unit* only = p.preds.size() == 1 ? idx_.find(p.preds[0]) : nullptr;
      p.continuing = only && only->code == p.code && new_of_legacy[only->id] == 1 &&
                     folded_short(only->name, only->type) == folded_short(p.name, p.type);
      if (p.continuing) {
        p.id = only->id;
        ++rep_.provinces_continuing;
        continue;
      }
      p.id = beginning(p.code, Level::Province);
      if (!p.id) p.id = create(p, Level::Province), ++rep_.provinces_created;
      if (auto it = province_info_.find(p.code); it != province_info_.end() && it->second->population)
        store_.put_unit_facts({p.id, it->second->population, {}, {}, {}}), ++rep_.facts;
    }
    std::map<Id, int> position;
    for (PlannedUnit& p : provinces_) {
      if (p.continuing) continue;
      for (Id lp : p.preds) {
        if (idx_.find(lp)->valid.to != opt_.effective) end(lp), ++rep_.legacy_provinces_ended;
        if (!has_succession(lp, p.id))
          store_.insert_succession({reorganisation_, lp, p.id, new_of_legacy[lp] == 1, position[lp], opt_.legal_basis});
        ++position[lp];
      }
    }
  }

  bool has_succession(Id from, Id to) const {
    for (const Succession& s : idx_.successors(from))
      if (s.new_unit == to) return true;
    return false;
  }

  void apply_communes() {
    for (PlannedUnit& c : communes_) {
      Id province = provinces_[province_at_.at(commune_province_.at(c.code))].id;
      const Unit* only = c.preds.size() == 1 ? idx_.find(c.preds[0]) : nullptr;
      c.continuing = only && !divided_.count(only->id) && legacy_communes_[only->id].size() == 1 && only->code == c.code &&
                     fold(only->name) == fold(c.name);
      if (c.continuing) {
        c.id = only->id;
        store_.end_links_of_child(c.id, opt_.effective);
        store_.insert_link({c.id, province, {opt_.effective, kMaxDate}});
        ++rep_.communes_continuing;
      } else {
        c.id = beginning(c.code, Level::Commune);
        if (!c.id) {
          c.id = create(c, Level::Commune);
          store_.insert_link({c.id, province, {opt_.effective, kMaxDate}});
          ++rep_.communes_created;
        }
      }
      auto it = commune_info_.find(c.code);
      if (it != commune_info_.end()) {
        const NewCommune& n = *it->second;
        UnitFacts f{c.id, {}, {}, {}, {}};
        if (n.population) f.population = n.population;
        if (n.area_km2 > 0) f.area_km2 = n.area_km2;
        if (n.lat != 0 || n.lon != 0) f.lat = n.lat, f.lon = n.lon;
        if (f.population || f.area_km2 || f.lat) store_.put_unit_facts(f), ++rep_.facts;
      }
    }
  }

  void apply_legacy_communes() {
    for (Id lc : legacy_order_) {
      ++rep_.legacy_communes_mapped;
      const std::vector<std::string>& codes = legacy_communes_[lc];
      const PlannedUnit& first = communes_[commune_at_.at(codes.front())];
      if (first.continuing && first.id == lc) continue;
      const bool split = codes.size() > 1 || divided_.count(lc);
      rep_.legacy_communes_split += split;
      for (const Team& t : store_.teams_of_units({lc}))
        if (t.active().contains(opt_.effective)) ++rep_.commune_teams_to_review;
      for (Id v : idx_.children_at(lc, before_)) {
        if (idx_.find(v)->level != Level::Village) continue;
        store_.end_links_of_child(v, opt_.effective);
        store_.insert_link({v, first.id, {opt_.effective, kMaxDate}});
        if (split) {
          store_.put_village_assignment({v, reorganisation_, lc, first.id, std::nullopt, 0});
          ++rep_.villages_pending;
        } else {
          ++rep_.villages_moved;
        }
      }
      end(lc);
      for (size_t k = 0; k < codes.size(); ++k)
        store_.insert_succession({reorganisation_, lc, communes_[commune_at_.at(codes[k])].id, !split, static_cast<int>(k),
                                  opt_.legal_basis});
    }
  }

  // Districts are abolished: every district of a legacy province that took
  // part ends; an island district without communes is succeeded by the
  // special zone it became.
  void apply_districts() {
    std::set<Id> provinces;
    for (const PlannedUnit& p : provinces_) provinces.insert(p.preds.begin(), p.preds.end());
    for (Id lp : provinces)
      for (Id d : idx_.children_at(lp, before_)) {
        const Unit* u = idx_.find(d);
        if (u->level != Level::District || u->valid.to == opt_.effective) continue;
        end(d);
        ++rep_.legacy_districts_ended;
        auto row = district_rows_.find(d);
        if (row != district_rows_.end())
          store_.insert_succession({reorganisation_, d, communes_[commune_at_.at(row->second)].id, true, 0, opt_.legal_basis});
      }
  }

  Store& store_;
  const Reform2025Lists& lists_;
  const ReorgOptions& opt_;
  const Date before_;
  UnitIndex idx_;
  ReorgReport rep_;
  Id reorganisation_ = 0;
  std::map<std::string, const NewCommune*> commune_info_;
  std::map<std::string, const NewProvince*> province_info_;
  std::vector<PlannedUnit> provinces_, communes_;
  std::map<std::string, size_t> province_at_, commune_at_;
  std::map<std::string, std::string> commune_province_;
  std::map<Id, std::vector<std::string>> legacy_communes_;  // legacy commune -> new commune codes, in row order
  std::vector<Id> legacy_order_;
  std::set<Id> divided_, mapped_;
  std::map<Id, std::string> district_rows_;  // island district -> its special zone
};

}  // namespace

ReorgReport import_reorganisation(Store& store, const Reform2025Lists& lists, const ReorgOptions& opt) {
  return Importer(store, lists, opt).run();
}

}  // namespace langso
