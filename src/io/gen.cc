#include "io/gen.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>

#include "auth/crypto.h"
#include "domain/activity.h"
#include "domain/unit_index.h"
#include "io/gen_register.h"
#include "io/gso_import.h"
#include "io/reform2025.h"
#include "io/reorg_import.h"
#include "util/csv.h"
#include "util/split_mix.h"

namespace langso {

namespace {

const char* kSurnames[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"};
const char* kGiven[] = {"An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Long",
                        "Mai", "Minh", "Nam", "Ngọc", "Phúc", "Quang", "Sơn", "Thảo", "Trang", "Tuấn", "Vy", "Yến"};

}  // namespace

GenReport generate_national(Store& store, const GenOptions& opt) {
  if (!store.load_units().empty()) throw std::runtime_error("langso gen cần một cơ sở dữ liệu trống");
  const std::string dir = opt.data_dir + "/";
  Reform2025Lists lists = read_reform2025(read_file(dir + "reform2025_legacy_to_new.csv"),
                                          read_file(dir + "reform2025_communes_2025-07-17.csv"),
                                          read_file(dir + "reform2025_provinces_2025-07-17.csv"));
  if (!lists.errors.empty()) throw std::runtime_error("đọc danh sách 2025 lỗi: " + lists.errors.front());
  ActivityCatalog types = ActivityCatalog::from_json(nlohmann::json::parse(store.activity_types_json()));
  store.indicator_specs();
  Db& db = store.db();
  // A benchmark dataset is rebuilt, not recovered: skip fsyncs while writing it.
  if (db.backend() == "sqlite") db.exec_script("PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576");
  else db.exec_script("SET synchronous_commit = off");
  SplitMix rng{opt.seed};
  auto progress = [&](std::string_view stage, int64_t done, int64_t total) {
    if (opt.progress) opt.progress(stage, done, total);
  };
  GenReport rep;
  rep.population_matched = lists.population_matched;

  // A leaf's activities dated from `after` on go to after_unit/after_team
  // (a legacy commune's own figures after it was merged).
  struct Leaf {
    Id unit, team;
    double weight;
    Id after_unit = 0, after_team = 0;
    double residents = 0;  // a village's share of its commune's population
  };
  std::vector<Leaf> leaves;
  const Date reform = *parse_iso_date("2025-07-01");
  Id admin = 0;
  {
    std::optional<Transaction> tx;
    tx.emplace(db);
    UserRecord u;
    u.login = "gen";
    u.full_name = "Dữ liệu sinh tự động";
    u.role = Role::Admin;
    u.password_hash = hash_password(random_token());
    admin = store.insert_user(u);
    std::map<std::string, Id> province_id;
    for (const NewProvince& p : lists.provinces) {
      if (opt.legacy) break;  // the legacy provinces come from the GSO lists
      if (opt.province_limit && rep.provinces >= opt.province_limit) break;
      std::string name = p.name;
      Unit pu{0, p.code, name, name.starts_with("Thành phố") ? "thanh_pho_tw" : "tinh", Level::Province, {}};
      province_id[p.code] = store.insert_unit(pu);
      ++rep.provinces;
    }
    int64_t phone = 0;
    const Date founded = *parse_iso_date("2022-06-01");
    auto team_for = [&](Id unit, const std::string& name) {
      Team t;
      t.unit_id = unit;
      t.name = "Tổ CNSCĐ " + name;
      t.decision_number = fmt::format("{}/QĐ-UBND", 1 + rng.below(300));
      t.decision_date = founded;
      t.active_from = founded;
      Id team = store.insert_team(t);
      ++rep.teams;
      int members = 4 + static_cast<int>(rng.below(3));
      for (int k = 0; k < members; ++k) {
        std::string full = fmt::format("{} Văn {}", kSurnames[rng.below(12)], kGiven[rng.below(24)]);
        Id person = db.insert("INSERT INTO persons(full_name, phone) VALUES (?,?)", {full, fmt::format("09{:08}", ++phone)});
        Member m;
        m.team_id = team;
        m.person_id = person;
        m.full_name = full;
        m.role = k == 0 ? "to_truong" : k == 1 ? "to_pho" : "thanh_vien";
        m.affiliation = k == 0 ? "truong_thon" : "doan_thanh_nien";
        m.joined_on = founded;
        if (rng.below(4)) m.trained_on = Date{founded.days + 30 + static_cast<int>(rng.below(300))};
        store.insert_member(m);
        ++rep.members;
      }
      return team;
    };
    auto add_villages = [&](Id commune, const std::string& code, bool ward, int n, double weight, double residents) {
      for (int v = 1; v <= n; ++v) {
        Unit vu{0, fmt::format("{}-{:02}", code, v), fmt::format("{} {}", ward ? "Tổ dân phố" : "Thôn", v),
                ward ? "to_dan_pho" : "thon", Level::Village, {}};
        vu.id = store.insert_unit(vu);
        store.insert_link({vu.id, commune, {}});
        ++rep.villages;
        leaves.push_back({vu.id, team_for(vu.id, vu.name), weight, 0, 0, residents});
      }
    };
    if (!opt.legacy) {
      const int64_t all = static_cast<int64_t>(lists.communes.size());
      int64_t seen = 0;
      for (const NewCommune& c : lists.communes) {
        progress("xã, thôn, tổ và thành viên", seen++, all);
        auto pit = province_id.find(c.province_code);
        if (pit == province_id.end()) continue;
        std::string type = c.gso_type == "Phường" ? "phuong" : c.gso_type == "Đặc khu" ? "dac_khu" : "xa";
        Unit cu{0, c.code, c.name, type, Level::Commune, {}};
        cu.id = store.insert_unit(cu);
        store.insert_link({cu.id, pit->second, {}});
        ++rep.communes;
        double pop = static_cast<double>(c.population > 0 ? c.population : 15000);
        int n = opt.villages_per_commune;
        leaves.push_back({cu.id, team_for(cu.id, c.name), pop / (n + 1)});
        add_villages(cu.id, c.code, type == "phuong", n, pop / (n + 1), pop / std::max(1, n));
      }
      progress("xã, thôn, tổ và thành viên", all, all);
    } else {
      // The legacy structure from the GSO lists, then the 2025 reorganisation
      // applied to it; a legacy commune's weight is its 2025 commune's
      // population shared among the communes merged into it.
      tx->commit();  // the importers run their own transactions
      progress("danh mục đơn vị hành chính cũ", 0, 0);
      ImportReport legacy = import_gso_units(store, {read_file(dir + "gso_legacy_communes_2025-07-18.csv"),
                                                     read_file(dir + "gso_legacy_districts_2025-07-18.csv")});
      if (!legacy.errors.empty()) throw std::runtime_error("danh mục cũ lỗi: " + legacy.errors.front());
      tx.emplace(db);
      std::map<std::string, double> weight;
      std::map<std::string, int> parts;
      std::map<std::string, int64_t> population;
      for (const NewCommune& c : lists.communes) population[c.code] = c.population > 0 ? c.population : 15000;
      for (const LegacyMapping& m : lists.mapping) ++parts[m.new_ward_code];
      for (const LegacyMapping& m : lists.mapping)
        if (!m.legacy_ward_code.empty())
          weight[m.legacy_ward_code] += static_cast<double>(population[m.new_ward_code]) / parts[m.new_ward_code];
      const int n = std::max(1, opt.villages_per_commune * 3321 / 10035);
      std::vector<std::pair<Unit, size_t>> communes;  // legacy commune, index of its leaf
      const std::vector<Unit> legacy_units = store.load_units();
      const int64_t all = std::count_if(legacy_units.begin(), legacy_units.end(), [](const Unit& u) { return u.level == Level::Commune; });
      for (const Unit& u : legacy_units) {
        if (u.level != Level::Commune) continue;
        progress("xã, thôn, tổ và thành viên (cơ cấu cũ)", static_cast<int64_t>(communes.size()), all);
        ++rep.communes;
        double w = weight.count(u.code) ? weight[u.code] : 5000.0;
        communes.push_back({u, leaves.size()});
        leaves.push_back({u.id, team_for(u.id, u.name), w / (n + 1)});
        add_villages(u.id, u.code, u.type == "phuong", n, w / (n + 1), w / n);
      }
      progress("xã, thôn, tổ và thành viên (cơ cấu cũ)", all, all);
      tx->commit();
      progress("sắp xếp đơn vị hành chính 01/07/2025", 0, 0);
      ReorgReport r = import_reorganisation(store, lists);
      if (!r.errors.empty()) throw std::runtime_error("áp dụng sắp xếp 2025 lỗi: " + r.errors.front());
      tx.emplace(db);
      // Each new commune gets its own team; the merged communes' teams close.
      UnitIndex idx;
      for (const Unit& u : store.load_units()) idx.add_unit(u);
      for (const UnitLink& l : store.load_links()) idx.add_link(l);
      for (const Succession& x : store.load_successions()) idx.add_succession(x);
      std::map<Id, Id> new_team;
      for (auto& [u, leaf] : communes) {
        Id successor = idx.attribute(u.id, reform);
        if (successor == u.id || !successor) continue;
        auto [it, fresh] = new_team.emplace(successor, 0);
        if (fresh) it->second = team_for(successor, idx.find(successor)->name);
        leaves[leaf].after_unit = successor;
        leaves[leaf].after_team = it->second;
        db.exec("UPDATE teams SET active_to = ? WHERE id = ?", {format_iso(Date{reform.days - 1}), leaves[leaf].team});
      }
      rep.provinces = static_cast<int64_t>(idx.roots_at(Date{reform.days - 1}).size());
    }
    tx->commit();
  }

  // Activities, by population.
  std::vector<double> cumulative;
  double total = 0;
  for (const Leaf& l : leaves) cumulative.push_back(total += l.weight);
  const Date first = *parse_iso_date("2023-01-01"), last = *parse_iso_date("2025-12-31");
  const int span = last.days - first.days + 1;
  const int64_t chunk = 200000;
  const std::string none;
  std::vector<Activity> batch;
  for (int64_t done = 0; done < opt.activities;) {
    Transaction tx(db);
    batch.clear();
    for (int64_t i = 0; i < chunk && done < opt.activities; ++i, ++done) {
      if (done % 10000 == 0) progress("hoạt động", done, opt.activities);
      double x = static_cast<double>(rng.next() >> 11) * (1.0 / 9007199254740992.0) * total;
      const Leaf& l = leaves[static_cast<size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin())];
      Activity a;
      a.date = Date{first.days + static_cast<int>(rng.below(static_cast<uint64_t>(span)))};
      const bool after = l.after_unit && !(a.date < reform);
      a.team_id = after ? l.after_team : l.team;
      a.unit_id = after ? l.after_unit : l.unit;
      a.type = static_cast<int>(rng.below(types.types().size()));
      const ActivityType& t = types.types()[static_cast<size_t>(a.type)];
      if (!t.categories.empty()) a.category = static_cast<int>(rng.below(t.categories.size()));
      for (size_t f = 0; f < t.fields.size(); ++f)
        a.q[f] = static_cast<int32_t>(1 + rng.below(static_cast<uint64_t>(std::max<int64_t>(1, t.fields[f].max / 100))));
      a.author = admin;
      batch.push_back(a);
    }
    std::vector<Store::NewActivity> rows;
    rows.reserve(batch.size());
    for (const Activity& a : batch) rows.push_back({a, none, none});
    store.insert_activities(rows, types);
    rep.activities += static_cast<int64_t>(batch.size());
    tx.commit();
  }
  progress("hoạt động", rep.activities, opt.activities);

  // The household register: each village's share of its commune's people.
  if (opt.register_share > 0) {
    int64_t villages = 0, done = 0;
    for (const Leaf& l : leaves) villages += l.residents > 0;
    GenRegisterReport reg;
    for (size_t i = 0; i < leaves.size();) {
      Transaction tx(db);
      for (int k = 0; k < 50 && i < leaves.size(); ++i) {
        const Leaf& l = leaves[i];
        if (l.residents <= 0) continue;
        ++k;
        if (done++ % 100 == 0) progress("sổ hộ", done, villages);
        const auto people = static_cast<int64_t>(l.residents * opt.register_share + 0.5);
        if (people > 0) write_generated_register(store, l.unit, generate_register(opt.seed, static_cast<uint64_t>(l.unit), people), admin, opt.seed, reg);
      }
      tx.commit();
    }
    progress("sổ hộ", villages, villages);
    rep.households = reg.households;
    rep.persons = reg.persons;
    rep.statuses = reg.statuses;
  }
  return rep;
}

}  // namespace langso
