#include "io/gso_import.h"

#include <fmt/format.h>

#include <map>

#include "util/csv.h"
#include "util/text.h"

namespace langso {

namespace {

struct Planned {
  Unit unit;
  std::string parent_key;  // "" for provinces
};

std::string key(Level l, const std::string& code) { return fmt::format("{}:{}", static_cast<int>(l), code); }

bool digits(const std::string& s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

const UnitType* province_type(const std::string& name) {
  if (name.starts_with("Thành phố ")) return find_unit_type("thanh_pho_tw");
  if (name.starts_with("Tỉnh ")) return find_unit_type("tinh");
  return nullptr;
}

class Planner {
 public:
  ImportReport report;
  std::map<std::string, Planned> units;  // by key, in code order
  std::vector<std::string> order;

  void add(int line, Level level, const std::string& code, const std::string& name, const UnitType* type,
           const std::string& parent_key, const GsoImportOptions& opt) {
    std::string k = key(level, code);
    auto it = units.find(k);
    if (it != units.end()) {
      if (it->second.unit.name != name && level != Level::Commune)
        return;  // the parent columns repeat on every row; the first spelling wins
      if (level == Level::Commune)
        report.errors.push_back(fmt::format("dòng {}: mã {} bị lặp", line, code));
      return;
    }
    Planned p;
    p.unit.code = code;
    p.unit.name = name;
    p.unit.type = std::string(type->code);
    p.unit.level = level;
    p.unit.valid = {opt.valid_from, opt.valid_to};
    p.parent_key = parent_key;
    units.emplace(k, std::move(p));
    order.push_back(k);
  }
};

}  // namespace

ImportReport import_gso_units(Store& store, const std::vector<std::string>& texts, const GsoImportOptions& opt) {
  Planner plan;
  ImportReport& rep = plan.report;
  for (const std::string& text : texts) {
    if (!is_valid_utf8(text)) {
      rep.errors.push_back("tệp không phải UTF-8 hợp lệ");
      continue;
    }
    CsvReader csv(text);
    std::vector<std::string> f;
    if (!csv.next(f)) {
      rep.errors.push_back("tệp rỗng");
      continue;
    }
    const bool communes = f.size() == 8 && f[0] == "Mã" && f[4] == "Mã QH" && f[7] == "Tỉnh / Thành Phố";
    const bool districts = f.size() == 6 && f[0] == "Mã" && f[4] == "Mã TP" && f[5] == "Tỉnh / Thành Phố";
    if (!communes && !districts) {
      rep.errors.push_back("dòng 1: tiêu đề không phải bản xuất danh mục đơn vị hành chính của GSO");
      continue;
    }
    while (csv.next(f)) {
      int line = static_cast<int>(csv.line());
      if (f.size() == 1 && trim(f[0]).empty()) continue;
      ++rep.rows;
      if (f.size() != (communes ? 8u : 6u)) {
        rep.errors.push_back(fmt::format("dòng {}: có {} cột, cần {}", line, f.size(), communes ? 8 : 6));
        continue;
      }
      for (auto& s : f) s = nfc(trim(s));
      const std::string& pcode = communes ? f[6] : f[4];
      const std::string& pname = communes ? f[7] : f[5];
      const UnitType* ptype = province_type(pname);
      if (!digits(pcode, 2)) { rep.errors.push_back(fmt::format("dòng {}: mã tỉnh '{}' phải có 2 chữ số", line, pcode)); continue; }
      if (!ptype) { rep.errors.push_back(fmt::format("dòng {}: không nhận ra loại đơn vị của '{}'", line, pname)); continue; }
      plan.add(line, Level::Province, pcode, pname, ptype, "", opt);
      if (districts) {
        const UnitType* dt = unit_type_from_gso(f[3], Level::District);
        if (!digits(f[0], 3)) { rep.errors.push_back(fmt::format("dòng {}: mã huyện '{}' phải có 3 chữ số", line, f[0])); continue; }
        if (!dt) { rep.errors.push_back(fmt::format("dòng {}: cấp '{}' không phải cấp huyện", line, f[3])); continue; }
        if (f[1].empty()) { rep.errors.push_back(fmt::format("dòng {}: thiếu tên", line)); continue; }
        plan.add(line, Level::District, f[0], f[1], dt, key(Level::Province, pcode), opt);
        continue;
      }
      const UnitType* dt = nullptr;
      // The export spells the district's type in its name, not always in the
      // same case ("Thành Phố Bắc Kạn").
      for (std::string_view cap : {"Quận", "Huyện", "Thị xã", "Thành phố"})
        if (fold(f[5]).starts_with(fold(cap) + " ")) dt = unit_type_from_gso(cap, Level::District);
      const UnitType* ct = unit_type_from_gso(f[3], Level::Commune);
      if (!digits(f[0], 5)) { rep.errors.push_back(fmt::format("dòng {}: mã xã '{}' phải có 5 chữ số", line, f[0])); continue; }
      if (!digits(f[4], 3)) { rep.errors.push_back(fmt::format("dòng {}: mã huyện '{}' phải có 3 chữ số", line, f[4])); continue; }
      if (!ct) { rep.errors.push_back(fmt::format("dòng {}: cấp '{}' không phải cấp xã", line, f[3])); continue; }
      if (!dt) { rep.errors.push_back(fmt::format("dòng {}: không nhận ra loại đơn vị của '{}'", line, f[5])); continue; }
      if (f[1].empty()) { rep.errors.push_back(fmt::format("dòng {}: thiếu tên", line)); continue; }
      plan.add(line, Level::District, f[4], f[5], dt, key(Level::Province, pcode), opt);
      plan.add(line, Level::Commune, f[0], f[1], ct, key(Level::District, f[4]), opt);
    }
  }
  if (!rep.errors.empty()) return rep;

  // Existing units with the same code, level and start date are the same units.
  std::map<std::string, Unit> existing;
  for (const Unit& u : store.load_units())
    if (u.valid.from == opt.valid_from) existing[key(u.level, u.code)] = u;

  Transaction tx(store.db());
  std::map<std::string, Id> ids;
  for (const std::string& k : plan.order) {
    Planned& p = plan.units[k];
    auto ex = existing.find(k);
    if (ex != existing.end()) {
      ids[k] = ex->second.id;
      if (ex->second.name != p.unit.name || ex->second.type != p.unit.type) {
        store.update_unit_name(ex->second.id, p.unit.name, p.unit.type);
        ++rep.renamed;
      } else {
        ++rep.unchanged;
      }
      continue;
    }
    Id id = store.insert_unit(p.unit);
    ids[k] = id;
    if (!p.parent_key.empty()) store.insert_link({id, ids.at(p.parent_key), p.unit.valid});
    switch (p.unit.level) {
      case Level::Province: ++rep.provinces_created; break;
      case Level::District: ++rep.districts_created; break;
      default: ++rep.communes_created; break;
    }
  }
  // Journalled like any write: running instances reload the structure.
  if (rep.provinces_created + rep.districts_created + rep.communes_created + rep.renamed > 0)
    store.audit(0, "import", "unit", 0, "",
                fmt::format(R"({{"provinces":{},"districts":{},"communes":{},"renamed":{}}})", rep.provinces_created,
                            rep.districts_created, rep.communes_created, rep.renamed));
  tx.commit();
  return rep;
}

}  // namespace langso
