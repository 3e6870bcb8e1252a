// Reorganisations, successions, village assignments and unit facts.
#include "store/store.h"
#include "store/values.h"

namespace langso {

std::vector<Reorganisation> Store::load_reorganisations() {
  std::vector<Reorganisation> out;
  for (const Row& r : db_->query("SELECT id, effective_date, name, legal_basis, legal_date FROM reorganisations ORDER BY id"))
    out.push_back({r.i64(0), date_or(r, 1, kMinDate), r.str(2), r.str(3), opt_date_col(r, 4)});
  return out;
}

Id Store::insert_reorganisation(const Reorganisation& x) {
  return db_->insert(
      "INSERT INTO reorganisations(effective_date, name, legal_basis, legal_date, created_at) VALUES (?,?,?,?,?)",
      {format_iso(x.effective), x.name, x.legal_basis, opt_date(x.legal_date), now_seconds()});
}

std::vector<Succession> Store::load_successions() {
  std::vector<Succession> out;
  for (const Row& r : db_->query("SELECT reorganisation_id, old_unit_id, new_unit_id, whole, position, legal_basis "
                                 "FROM unit_successions ORDER BY old_unit_id, position"))
    out.push_back({r.i64(0), r.i64(1), r.i64(2), r.i64(3) != 0, static_cast<int>(r.i64(4)), r.str(5)});
  return out;
}

void Store::insert_succession(const Succession& s) {
  db_->exec("INSERT INTO unit_successions(reorganisation_id, old_unit_id, new_unit_id, whole, position, legal_basis) "
            "VALUES (?,?,?,?,?,?)",
            {s.reorganisation, s.old_unit, s.new_unit, int64_t{s.whole}, int64_t{s.position}, s.legal_basis});
}

void Store::end_unit(Id id, Date end) {
  db_->exec("UPDATE units SET valid_to = ? WHERE id = ?", {format_iso(end), id});
}

void Store::end_links_of_child(Id child, Date end) {
  const std::string iso = format_iso(end);
  db_->exec("UPDATE unit_links SET valid_to = ? WHERE child_id = ? AND (valid_to IS NULL OR valid_to > ?) "
            "AND (valid_from IS NULL OR valid_from < ?)",
            {iso, child, iso, iso});
}

void Store::move_link(Id child, Date from, Id parent) {
  db_->exec("UPDATE unit_links SET parent_id = ? WHERE child_id = ? AND valid_from = ?", {parent, child, format_iso(from)});
}

std::vector<VillageAssignment> Store::village_assignments() {
  std::vector<VillageAssignment> out;
  for (const Row& r : db_->query("SELECT village_id, reorganisation_id, old_commune_id, commune_id, decided_by, decided_at "
                                 "FROM village_assignments ORDER BY village_id"))
    out.push_back({r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.opt_i64(4), r.opt_i64(5).value_or(0)});
  return out;
}

void Store::put_village_assignment(const VillageAssignment& v) {
  db_->exec("DELETE FROM village_assignments WHERE village_id = ?", {v.village});
  db_->exec("INSERT INTO village_assignments(village_id, reorganisation_id, old_commune_id, commune_id, decided_by, decided_at) "
            "VALUES (?,?,?,?,?,?)",
            {v.village, v.reorganisation, v.old_commune, v.commune, opt_value(v.decided_by),
             v.decided_at ? Value(v.decided_at) : null_value()});
}

void Store::put_unit_facts(const UnitFacts& f) {
  db_->exec("DELETE FROM unit_facts WHERE unit_id = ?", {f.unit});
  db_->exec("INSERT INTO unit_facts(unit_id, population, area_km2, lat, lon) VALUES (?,?,?,?,?)",
            {f.unit, opt_value(f.population), opt_value(f.area_km2), opt_value(f.lat), opt_value(f.lon)});
}

std::unordered_map<Id, int64_t> Store::populations() {
  std::unordered_map<Id, int64_t> out;
  for (const Row& r : db_->query("SELECT unit_id, population FROM unit_facts WHERE population IS NOT NULL"))
    out[r.i64(0)] = r.i64(1);
  return out;
}

std::optional<UnitFacts> Store::unit_facts(Id unit) {
  auto r = db_->query_one("SELECT population, area_km2, lat, lon FROM unit_facts WHERE unit_id = ?", {unit});
  if (!r) return std::nullopt;
  auto real = [&](size_t i) { return r->is_null(i) ? std::nullopt : std::optional<double>(r->f64(i)); };
  return UnitFacts{unit, r->opt_i64(0), real(1), real(2), real(3)};
}

}  // namespace langso
