#include "engine/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <random>

namespace langso {
namespace {

Date D(const char* s) { return *parse_iso_date(s); }

// Property: for random activities, teams and reorganisations, the engine's
// totals on any structure date and range equal a brute-force sum over the
// leaf units, each attributed to the unit alive on that date it counts for
// (UnitIndex::attribute). Nothing lost, nothing counted twice.
class EngineProperty : public ::testing::Test {
 protected:
  void SetUp() override {
    types = ActivityCatalog::from_json(nlohmann::json::parse(default_activity_types_json()));
    std::mt19937 rng(42);
    Id next = 1;
    const Date reform = D("2023-07-01");
    // Two provinces, 2 districts each, 4 communes each, 3 villages each. On
    // 2023-07-01 districts end and the second half of each district's
    // communes moves straight under the province; one commune ends, its
    // villages move to a neighbour which succeeds it.
    for (int p = 0; p < 2; ++p) {
      Id prov = next++;
      units.add_unit({prov, "P" + std::to_string(p), "Tỉnh " + std::to_string(p), "tinh", Level::Province, {}});
      for (int d = 0; d < 2; ++d) {
        Id dist = next++;
        units.add_unit({dist, "D" + std::to_string(dist), "Huyện " + std::to_string(dist), "huyen", Level::District, {kMinDate, reform}});
        units.add_link({dist, prov, {kMinDate, reform}});
        Id previous = 0;
        for (int c = 0; c < 4; ++c) {
          Id com = next++;
          bool ends = c == 3;
          units.add_unit({com, "C" + std::to_string(com), "Xã " + std::to_string(com), "xa", Level::Commune,
                          {kMinDate, ends ? reform : kMaxDate}});
          units.add_link({com, dist, {kMinDate, reform}});
          if (!ends) units.add_link({com, prov, {reform, kMaxDate}});
          if (ends) units.add_succession({1, com, previous, true, 0, ""});
          leaves.push_back(com);
          for (int v = 0; v < 3; ++v) {
            Id vil = next++;
            units.add_unit({vil, "V" + std::to_string(vil), "Thôn " + std::to_string(vil), "thon", Level::Village, {}});
            units.add_link({vil, com, {kMinDate, ends ? reform : kMaxDate}});
            if (ends) units.add_link({vil, previous, {reform, kMaxDate}});
            leaves.push_back(vil);
          }
          previous = com;
        }
      }
    }
    // A second, random reorganisation on 2024-07-01: in each province the
    // communes are shuffled into new communes formed from 1-3 whole ones,
    // and one more commune is split in two; villages follow (those of the
    // split commune to either part).
    const Date second = D("2024-07-01");
    std::vector<Id> provinces = units.roots_at(second);
    for (Id prov : provinces) {
      std::vector<Id> communes = units.children_at(prov, second);
      std::shuffle(communes.begin(), communes.end(), rng);
      Id split = communes.back();
      communes.pop_back();
      auto make_new = [&](const std::string& code) {
        Id id = next++;
        units.add_unit({id, code, "Xã mới " + std::to_string(id), "xa", Level::Commune, {second, kMaxDate}});
        units.add_link({id, prov, {second, kMaxDate}});
        leaves.push_back(id);
        return id;
      };
      auto end_commune = [&](Id old) {
        units.end_links(old, second);
        units.add_unit([&] { Unit u = *units.find(old); u.valid.to = second; return u; }());
      };
      for (size_t i = 0; i < communes.size();) {
        size_t n = 1 + rng() % 3;
        Id fresh = make_new(units.find(communes[i])->code);  // takes the first one's code
        for (size_t k = i; k < std::min(communes.size(), i + n); ++k) {
          units.add_succession({2, communes[k], fresh, true, 0, ""});
          for (Id vil : units.children_at(communes[k], Date{second.days - 1})) {
            units.end_links(vil, second);
            units.add_link({vil, fresh, {second, kMaxDate}});
          }
          end_commune(communes[k]);
        }
        i += n;
      }
      Id part_a = make_new("A" + std::to_string(split)), part_b = make_new("B" + std::to_string(split));
      units.add_succession({2, split, part_a, false, 0, ""});
      units.add_succession({2, split, part_b, false, 1, ""});
      for (Id vil : units.children_at(split, Date{second.days - 1})) {
        units.end_links(vil, second);
        units.add_link({vil, rng() % 2 ? part_a : part_b, {second, kMaxDate}});
      }
      end_commune(split);
    }
    std::uniform_int_distribution<int> day(0, 4 * 365), leaf(0, static_cast<int>(leaves.size()) - 1), qty(0, 50);
    std::uniform_int_distribution<int> type(0, static_cast<int>(types.types().size()) - 1);
    for (int i = 1; i <= 3000; ++i) {
      Activity a;
      a.id = i;
      a.unit_id = leaves[static_cast<size_t>(leaf(rng))];
      a.type = type(rng);
      const ActivityType& t = types.types()[static_cast<size_t>(a.type)];
      a.category = t.categories.empty() ? -1 : static_cast<int>(rng() % t.categories.size());
      a.date = Date{D("2021-01-01").days + day(rng)};
      for (size_t f = 0; f < t.fields.size(); ++f) a.q[f] = qty(rng);
      activities.push_back(a);
    }
    for (int i = 1; i <= 60; ++i) {
      TeamFacts tf;
      tf.team.id = i;
      tf.team.unit_id = leaves[static_cast<size_t>(leaf(rng))];
      tf.team.active_from = Date{D("2021-01-01").days + day(rng)};
      if (rng() % 3 == 0) tf.team.active_to = Date{tf.team.active_from.days + 100 + day(rng) / 2};
      for (int m = 0; m < 4; ++m) {
        Member mem;
        mem.joined_on = Date{tf.team.active_from.days + static_cast<int>(rng() % 200)};
        if (rng() % 4 == 0) mem.left_on = Date{mem.joined_on.days + static_cast<int>(rng() % 400)};
        if (rng() % 2 == 0) mem.trained_on = Date{mem.joined_on.days + static_cast<int>(rng() % 300)};
        tf.members.push_back(mem);
      }
      teams[tf.team.unit_id].push_back(tf);
    }
  }

  // The unit a leaf's figures count for on s, found independently of
  // UnitIndex::attribute by following successions and parents by hand.
  Id target(Id leaf, Date s) {
    for (int guard = 0; guard < 32; ++guard) {
      const Unit* u = units.find(leaf);
      if (u->valid.contains(s)) {
        Id p = units.parent_at(leaf, s);
        if (u->level == Level::Province || (p && units.alive(p, s))) return leaf;
        // Not attached on s: the parent it had last (s is after every link here).
        leaf = units.parent_at(leaf, Date{s.days - 1});
        continue;
      }
      if (s >= u->valid.to) {
        auto next = units.successors(leaf);
        leaf = next.empty() ? units.parent_at(leaf, Date{u->valid.to.days - 1}) : next.front().new_unit;
      } else {
        auto prev = units.predecessors(leaf);
        leaf = prev.front().old_unit;
        for (const Succession& x : prev)
          if (units.find(x.old_unit)->code == u->code) leaf = x.old_unit;
      }
    }
    return 0;
  }

  bool under(Id leaf, Id unit, Date s) {
    Id t = target(leaf, s);
    if (!t) return false;
    if (unit == 0) return true;
    for (Id p : units.path_at(t, s))
      if (p == unit) return true;
    return false;
  }

  Totals brute(Id unit, Date from, Date to, Date s) {
    Totals t;
    t.flows.assign(static_cast<size_t>(types.metric_count()), 0);
    for (const Activity& a : activities) {
      if (a.date < from || a.date > to || !under(a.unit_id, unit, s)) continue;
      const ActivityType& ty = types.types()[static_cast<size_t>(a.type)];
      t.flows[static_cast<size_t>(types.count_metric(a.type))]++;
      for (size_t f = 0; f < ty.fields.size(); ++f) {
        t.flows[static_cast<size_t>(types.sum_metric(a.type, static_cast<int>(f)))] += a.q[f];
        if (a.category >= 0) t.flows[static_cast<size_t>(types.sum_metric(a.type, static_cast<int>(f), a.category))] += a.q[f];
      }
    }
    std::set<std::pair<Id, Level>> covered;  // a target counts once, whichever of its leaves is covered
    for (auto& [leaf, facts] : teams) {
      if (!under(leaf, unit, s)) continue;
      for (const TeamFacts& tf : facts) {
        if (!tf.team.active().contains(to)) continue;
        covered.insert({target(leaf, s), units.find(leaf)->level});
        ++t.teams;
        for (const Member& m : tf.members) {
          bool active = m.joined_on <= to && (!m.left_on || to <= *m.left_on);
          if (!active) continue;
          ++t.members;
          if (m.trained_on && *m.trained_on <= to) ++t.trained;
        }
      }
    }
    for (auto [_, level] : covered) (level == Level::Commune ? t.communes_covered : t.villages_covered)++;
    units.for_each([&](const Unit& u) {
      if (u.level < Level::Commune || target(u.id, s) != u.id || !under(u.id, unit, s)) return;
      (u.level == Level::Commune ? t.communes : t.villages)++;
    });
    return t;
  }

  void expect_equal(const Totals& got, const Totals& want, const std::string& what) {
    EXPECT_EQ(got.flows, want.flows) << what;
    EXPECT_EQ(got.teams, want.teams) << what;
    EXPECT_EQ(got.members, want.members) << what;
    EXPECT_EQ(got.trained, want.trained) << what;
    EXPECT_EQ(got.communes_covered, want.communes_covered) << what;
    EXPECT_EQ(got.villages_covered, want.villages_covered) << what;
    EXPECT_EQ(got.communes, want.communes) << what;
    EXPECT_EQ(got.villages, want.villages) << what;
  }

  std::unique_ptr<Engine> build() {
    auto e = std::make_unique<Engine>(units, types, D("2020-01-01"), D("2026-12-31"));
    for (const Activity& a : activities) e->load(a);
    for (auto& [leaf, facts] : teams) e->load_teams(leaf, facts);
    e->finish();
    return e;
  }

  ActivityCatalog types;
  UnitIndex units;
  std::vector<Id> leaves;
  std::vector<Activity> activities;
  std::map<Id, std::vector<TeamFacts>> teams;
};

TEST_F(EngineProperty, TotalsEqualBruteForceOnEveryStructure) {
  auto engine = build();
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> day(0, 4 * 365 + 60);
  std::vector<Id> targets{0};
  units.for_each([&](const Unit& u) { targets.push_back(u.id); });
  for (int i = 0; i < 400; ++i) {
    Date a{D("2020-12-01").days + day(rng)}, b{D("2020-12-01").days + day(rng)};
    if (b < a) std::swap(a, b);
    if (i % 5 == 0) {  // whole months, as reports ask
      int y; unsigned m, d;
      ymd_from_date(a, y, m, d);
      a = date_from_ymd(y, m, 1);
    }
    const Date structures[] = {D("2022-05-04"), D("2024-01-01"), D("2025-01-01")};
    Date s = structures[i % 3];
    Id unit = targets[rng() % targets.size()];
    expect_equal(engine->totals(unit, a, b, s), brute(unit, a, b, s),
                 "unit " + std::to_string(unit) + " " + format_iso(a) + ".." + format_iso(b) + " on " + format_iso(s));
  }
}

TEST_F(EngineProperty, NothingLostOrCountedTwiceOnAnyStructure) {
  auto engine = build();
  Totals all;
  all.flows.assign(static_cast<size_t>(types.metric_count()), 0);
  for (const Activity& a : activities) all.flows[static_cast<size_t>(types.count_metric(a.type))]++;
  for (Date s : {D("2021-01-01"), D("2023-06-30"), D("2023-07-01"), D("2024-06-30"), D("2024-07-01"), D("2026-01-01")}) {
    Totals sum;
    sum.flows.assign(all.flows.size(), 0);
    for (Id prov : units.roots_at(s)) {
      Totals t = engine->totals(prov, D("2020-01-01"), D("2026-12-31"), s);
      for (size_t m = 0; m < sum.flows.size(); ++m) sum.flows[m] += t.flows[m];
    }
    for (int k = 0; k < static_cast<int>(types.types().size()); ++k)
      EXPECT_EQ(sum.flows[static_cast<size_t>(types.count_metric(k))], all.flows[static_cast<size_t>(types.count_metric(k))])
          << "type " << k << " on " << format_iso(s);
  }
}

TEST_F(EngineProperty, LiveWritesMatchARebuild) {
  auto engine = build();
  Date s1 = D("2022-05-04"), s2 = D("2025-01-01");
  engine->totals(0, D("2021-01-01"), D("2024-12-31"), s1);  // both cubes are cached
  engine->totals(0, D("2021-01-01"), D("2024-12-31"), s2);
  std::mt19937 rng(9);
  for (int i = 0; i < 300; ++i) {
    size_t k = rng() % activities.size();
    engine->remove(activities[k]);
    activities[k].date = Date{activities[k].date.days + static_cast<int>(rng() % 90) - 45};
    activities[k].unit_id = leaves[rng() % leaves.size()];
    engine->add(activities[k]);
  }
  Activity fresh = activities[0];
  fresh.id = 99999;
  activities.push_back(fresh);
  engine->add(fresh);
  auto& facts = teams.begin()->second;
  facts.front().team.active_to.reset();
  facts.front().members.push_back({});
  facts.front().members.back().joined_on = D("2022-01-01");
  engine->set_teams(teams.begin()->first, facts);
  for (Date s : {s1, s2})
    for (Id unit : {Id{0}, Id{1}, Id{2}, Id{3}, Id{4}, Id{units.roots_at(s2).back()}})
      expect_equal(engine->totals(unit, D("2021-03-15"), D("2024-06-20"), s), brute(unit, D("2021-03-15"), D("2024-06-20"), s),
                   "unit " + std::to_string(unit));
}

TEST(OrganisationEvents, CoverageCountsAUnitOnceWhateverItsTeams) {
  Calendar cal = Calendar::make(D("2020-01-01"), D("2025-12-31"));
  TeamFacts a, b;
  a.team.active_from = D("2022-04-28");
  a.team.active_to = D("2022-12-31");
  b.team.active_from = D("2022-06-01");
  auto ev = organisation_events({a, b}, cal);
  int covered = 0, teams = 0;
  for (const Rec& r : ev) covered += r.q[3], teams += r.q[0];
  EXPECT_EQ(covered, 1);  // still covered by b at the end
  EXPECT_EQ(teams, 1);
}

}  // namespace
}  // namespace langso

namespace langso {
namespace {

// The register's stocks, counted the plain way: every person of every
// village attributed under the unit, ages on the day (the reference the
// rollup must match on every unit, day and structure).
class RegisterProperty : public EngineProperty {
 protected:
  void SetUp() override {
    EngineProperty::SetUp();
    auto share = [&](std::vector<int> statuses, int min_age, int max_age) {
      Indicator i;
      i.code = "r" + std::to_string(catalog.list().size());
      i.kind = IndicatorKind::RegisterAdultsShare;
      i.statuses = std::move(statuses);
      i.min_age = min_age;
      i.max_age = max_age;
      catalog.add(i);
    };
    share({0}, 18, -1);
    share({1}, 15, -1);
    share({2}, 15, 59);
    share({3}, 0, -1);
    share({0, 1, 2, 4}, 18, -1);
    std::mt19937 rng(11);
    auto when = [&](int from_year, int span_days) { return Date{D("2019-01-01").days + (from_year - 2019) * 365 + static_cast<int>(rng() % static_cast<unsigned>(span_days))}; };
    for (Id v : leaves) {
      if (units.find(v)->level != Level::Village || rng() % 5 == 0) continue;  // some villages have none
      VillageRegister& r = registers[v];
      const int n = 5 + static_cast<int>(rng() % 25);
      for (int k = 0; k < n; ++k) {
        RegisterPerson p;
        p.born = rng() % 20 == 0 ? date_from_ymd(2004 + 4 * static_cast<int>(rng() % 5), 2, 29)  // leap-day births
                                 : Date{D("1930-01-01").days + static_cast<int>(rng() % (95 * 365))};
        p.lived = {rng() % 3 ? kMinDate : when(2019, 6 * 365), rng() % 4 ? kMaxDate : when(2022, 5 * 365)};
        if (!(p.lived.from < p.lived.to)) std::swap(p.lived.from, p.lived.to);
        for (int s = 0; s < 5; ++s) {
          if (rng() % 3 == 0) continue;
          Date a = rng() % 4 ? when(2019, 7 * 365) : kMinDate;
          p.statuses.push_back({s, {a, rng() % 5 ? kMaxDate : Date{a.days < 0 ? D("2023-01-01").days : a.days + 30 + static_cast<int>(rng() % 700)}}});
          if (rng() % 6 == 0) p.statuses.push_back({s, {Date{D("2025-01-01").days + static_cast<int>(rng() % 400)}, kMaxDate}});  // again
        }
        r.people.push_back(p);
        if (k % 3 == 0) r.households.push_back({static_cast<Id>(v * 100 + k), rng() % 2 == 0, {}});
        r.households.back().lived.push_back(p.lived);
      }
    }
  }

  void brute_register(Totals& t, Id unit, Date on, Date s) {
    const auto& groups = catalog.register_groups();
    t.residents = t.adults = t.households = t.households_fibre = t.villages_with_register = 0;
    t.group_people.assign(groups.size(), 0);
    t.group_holding.assign(groups.size(), 0);
    // Old enough: born on or before the same day `age` years back (29/02 back
    // in a common year: 28/02), as an officer counts it.
    auto old_enough = [](Date born, Date on, int age) {
      int y;
      unsigned m, d;
      ymd_from_date(on, y, m, d);
      y -= age;
      if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) d = 28;
      return born <= date_from_ymd(y, m, d);
    };
    for (auto& [v, r] : registers) {
      if (!under(v, unit, s)) continue;
      bool someone = false;
      for (const RegisterPerson& p : r.people) {
        if (!p.lived.contains(on)) continue;
        someone = true;
        ++t.residents;
        if (old_enough(p.born, on, kAdultAge)) ++t.adults;
        for (size_t g = 0; g < groups.size(); ++g) {
          if (!old_enough(p.born, on, groups[g].min_age) || (groups[g].max_age >= 0 && old_enough(p.born, on, groups[g].max_age + 1))) continue;
          ++t.group_people[g];
          bool all = true;
          for (int st = 0; st < 64; ++st)
            if (groups[g].statuses >> st & 1)
              all = all && std::any_of(p.statuses.begin(), p.statuses.end(), [&](const RegisterPerson::Held& h) { return h.status == st && h.when.contains(on); });
          if (all) ++t.group_holding[g];
        }
      }
      if (someone) ++t.villages_with_register;
      for (const RegisterHousehold& h : r.households) {
        if (std::none_of(h.lived.begin(), h.lived.end(), [&](const Interval& i) { return i.contains(on); })) continue;
        ++t.households;
        if (h.fibre) ++t.households_fibre;
      }
    }
  }

  void expect_register(const Totals& got, const Totals& want, const std::string& what) {
    EXPECT_EQ(got.residents, want.residents) << what;
    EXPECT_EQ(got.adults, want.adults) << what;
    EXPECT_EQ(got.households, want.households) << what;
    EXPECT_EQ(got.households_fibre, want.households_fibre) << what;
    EXPECT_EQ(got.villages_with_register, want.villages_with_register) << what;
    EXPECT_EQ(got.group_people, want.group_people) << what;
    EXPECT_EQ(got.group_holding, want.group_holding) << what;
  }

  // The engine's figures equal the brute force on every unit and day asked, on structure s.
  void expect_brute(Engine& e, Date s, const std::string& what = "") {
    for (Date on : days_to_ask())
      for (Id unit : units_to_ask()) {
        Totals want;
        brute_register(want, unit, on, s);
        expect_register(e.totals(unit, on, on, s), want, what + "unit " + std::to_string(unit) + " on " + format_iso(on));
      }
  }

  // An engine whose rollups on s1 and s2 are built before the writes a test makes.
  std::unique_ptr<Engine> build_register_with_rollups(Date s1, Date s2) {
    auto e = build_register();
    e->totals(0, s1, s1, s1);
    e->totals(0, s2, s2, s2);
    return e;
  }

  std::unique_ptr<Engine> build_register() {
    auto e = build();
    e->set_indicators(&catalog);
    for (auto& [v, r] : registers) e->set_register(v, r);
    return e;
  }

  std::vector<Date> days_to_ask() {
    std::vector<Date> out{D("2020-01-01"), D("2020-02-29"), D("2021-02-28"), D("2021-03-01"), D("2022-12-31"),
                          D("2023-06-30"), D("2023-07-01"), D("2024-02-29"), D("2024-03-01"), D("2025-12-31"), D("2026-12-31"),
                          D("2022-02-28"), D("2022-03-01"), D("2023-02-28"), D("2023-03-01"), D("2025-02-28"), D("2025-03-01")};
    std::mt19937 rng(5);
    for (int i = 0; i < 25; ++i) out.push_back(Date{D("2020-01-01").days + static_cast<int>(rng() % (7 * 365))});
    return out;
  }
  std::vector<Id> units_to_ask() {
    std::vector<Id> out{0};
    units.for_each([&](const Unit& u) { out.push_back(u.id); });
    return out;
  }

  IndicatorCatalog catalog;
  std::map<Id, VillageRegister> registers;
};

TEST_F(RegisterProperty, StocksEqualACountOfThePeopleOnEveryUnitDayAndStructure) {
  auto engine = build_register();
  int asked = 0;
  for (Date s : {D("2022-05-04"), D("2024-01-01"), D("2025-01-01")})
    for (Date on : days_to_ask())
      for (Id unit : units_to_ask()) {
        Totals want;
        brute_register(want, unit, on, s);
        expect_register(engine->totals(unit, on, on, s), want,
                        "unit " + std::to_string(unit) + " on " + format_iso(on) + ", structure " + format_iso(s));
        asked += want.residents > 0;
      }
  EXPECT_GT(asked, 1000);  // the property was tried on populated units
}

TEST_F(RegisterProperty, LiveChangesMatchACountOfThePeople) {
  const Date s1 = D("2022-05-04"), s2 = D("2025-01-01");
  auto engine = build_register_with_rollups(s1, s2);
  std::mt19937 rng(3);
  std::vector<Id> villages;
  for (auto& [v, _] : registers) villages.push_back(v);
  for (int i = 0; i < 60; ++i) {
    Id v = villages[rng() % villages.size()];
    VillageRegister& r = registers[v];
    if (r.people.empty()) r.people.push_back({{D("2021-01-01"), kMaxDate}, D("2001-02-03"), {}});
    if (r.households.empty()) r.households.push_back({static_cast<Id>(v * 100 + 99), true, {r.people.back().lived}});
    switch (i % 4) {
      case 0:  // a status gained in a visit
        r.people[rng() % r.people.size()].statuses.push_back({static_cast<int>(rng() % 5), {Date{D("2023-01-01").days + static_cast<int>(rng() % 900)}, kMaxDate}});
        break;
      case 1:  // someone leaves
        r.people[rng() % r.people.size()].lived.to = Date{D("2024-01-01").days + static_cast<int>(rng() % 300)};
        break;
      case 2:  // someone is born
        r.people.push_back({{D("2024-05-05"), kMaxDate}, D("2024-05-05"), {}});
        r.households.back().lived.push_back(r.people.back().lived);
        break;
      case 3:  // a village's register is emptied, or filled again
        if (r.people.size() > 3) r = {};
        else r.people.push_back({{kMinDate, kMaxDate}, D("1990-06-01"), {{0, {kMinDate, kMaxDate}}}});
        break;
    }
    engine->set_register(v, r);
  }
  for (Date s : {s1, s2}) expect_brute(*engine, s);
}

// A visit or a status edit moves the counts by the people it names alone
// (Engine::change_people): the same figures as a recount of the village.
TEST_F(RegisterProperty, StatusChangesByThePeopleAloneMatchACountOfThePeople) {
  const Date s1 = D("2022-05-04"), s2 = D("2025-01-01");
  auto engine = build_register_with_rollups(s1, s2);
  std::mt19937 rng(5);
  std::vector<Id> villages;
  for (auto& [v, r] : registers)
    if (!r.people.empty()) villages.push_back(v);
  ASSERT_FALSE(villages.empty());
  int moved = 0;
  for (int i = 0; i < 200; ++i) {
    Id v = villages[rng() % villages.size()];
    VillageRegister& r = registers[v];
    // One or two people of the village; the second may be the first again
    // in another index (a visit naming one person twice counts them once).
    std::vector<size_t> who{rng() % r.people.size()};
    if (rng() % 3 == 0) who.push_back(rng() % r.people.size());
    std::sort(who.begin(), who.end());
    who.erase(std::unique(who.begin(), who.end()), who.end());
    VillageRegister before, after;
    for (size_t k : who) before.people.push_back(r.people[k]);
    for (size_t k : who) {
      RegisterPerson& p = r.people[k];
      switch (rng() % 3) {
        case 0:  // gained in a visit (possibly before the rollups' first day, or many in one day)
          p.statuses.push_back({static_cast<int>(rng() % 5), {Date{D("2019-06-01").days + static_cast<int>(rng() % 2400)}, kMaxDate}});
          break;
        case 1:  // a status lost, or its date corrected
          if (!p.statuses.empty()) {
            auto& h = p.statuses[rng() % p.statuses.size()];
            if (rng() % 2) h.when.to = Date{std::max(h.when.from.days + 1, D("2024-02-29").days + static_cast<int>(rng() % 200))};
            else h.when.from = Date{D("2022-01-01").days + static_cast<int>(rng() % 1000)};
          }
          break;
        case 2:  // a visit deleted: its status goes
          if (!p.statuses.empty()) p.statuses.erase(p.statuses.begin() + static_cast<ptrdiff_t>(rng() % p.statuses.size()));
          break;
      }
      after.people.push_back(p);
    }
    ASSERT_TRUE(engine->change_people(v, before, after)) << "village " << v;
    ++moved;
  }
  EXPECT_EQ(moved, 200);
  // A change of where someone lives is not a status change: refused, nothing moved.
  {
    Id v = villages.front();
    VillageRegister before, after;
    before.people.push_back(registers[v].people.front());
    after.people.push_back(before.people.front());
    after.people.front().lived.to = D("2024-06-01");
    EXPECT_FALSE(engine->change_people(v, before, after));
  }
  for (Date s : {s1, s2}) expect_brute(*engine, s);
  // A rollup built after the changes agrees too (the kept counts are right,
  // not only the rollups they were applied to).
  expect_brute(*engine, D("2023-07-01"), "new rollup: ");
}

TEST(RegisterCounts, ALargeChangeOnOneDayIsSplitIntoSmallEvents) {
  UnitIndex units;
  units.add_unit({1, "P", "Tỉnh", "tinh", Level::Province, {}});
  units.add_unit({2, "C", "Xã", "xa", Level::Commune, {}});
  units.add_unit({3, "V", "Thôn", "thon", Level::Village, {}});
  units.add_link({2, 1, {kMinDate, kMaxDate}});
  units.add_link({3, 2, {kMinDate, kMaxDate}});
  const Calendar cal = Calendar::make(D("2020-01-01"), D("2026-12-31"));
  VillageRegister r;
  for (int i = 0; i < 1000; ++i) r.people.push_back({{D("2023-03-15"), kMaxDate}, D("1980-01-01"), {}});  // an import
  VillageCounts c = village_counts(r, {}, cal, true);
  EXPECT_EQ(c.base[kRegResidents], 0);
  int64_t sum = 0;
  for (const RegisterEvent& e : c.events)
    if (e.metric == kRegResidents) sum += e.delta;
  EXPECT_EQ(sum, 1000);
  std::unordered_map<Id, VillageCounts> all{{3, c}};
  RegisterRollup rollup(units, cal, D("2024-01-01"), all, [](Id v) { return v; }, RegisterLayout::of({}).metrics);
  std::vector<int64_t> v;
  for (Id u : {Id{0}, Id{1}, Id{2}, Id{3}}) {
    ASSERT_TRUE(rollup.values(u, cal.clamp_day(D("2023-03-14")), v));
    EXPECT_EQ(v[kRegResidents], 0) << u;
    rollup.values(u, cal.clamp_day(D("2023-03-15")), v);
    EXPECT_EQ(v[kRegResidents], 1000) << u;
    EXPECT_EQ(v[kRegVillages], 1) << u;
  }
}

// The register's snapshot (App::load_register): the bytes give back the
// same counts, and anything that is not exactly such bytes is refused.
TEST(RegisterCounts, SavedBytesGiveBackTheSameCountsAndNothingElseIsRead) {
  const Calendar cal = Calendar::make(D("2020-01-01"), D("2026-12-31"));
  const std::vector<RegisterGroup> groups{{uint64_t{1} << 0, kAdultAge, -1}, {uint64_t{3}, 15, 59}};
  const RegisterLayout layout = RegisterLayout::of(groups);
  VillageRegister r;
  for (int i = 0; i < 300; ++i) {
    RegisterPerson p{{D("2021-02-01"), i % 7 ? kMaxDate : D("2024-05-05")}, Date{D("1950-01-01").days + i * 97}, {}};
    if (i % 3) p.statuses.push_back({0, {D("2022-01-01"), kMaxDate}});
    if (i % 5) p.statuses.push_back({1, {Date{D("2022-01-01").days + i}, kMaxDate}});
    r.people.push_back(p);
  }
  r.households.push_back({1, true, {{D("2021-02-01"), kMaxDate}}});
  const VillageCounts c = village_counts(r, groups, layout, cal, true);
  ASSERT_GT(c.events.size(), 100u);
  const std::string bytes = encode_counts(c);
  const auto back = decode_counts(bytes, layout.metrics, cal.days);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->base, c.base);
  EXPECT_EQ(encode_counts(*back), bytes);
  ASSERT_EQ(back->events.size(), c.events.size());
  for (size_t i = 0; i < c.events.size(); ++i)
    EXPECT_TRUE(back->events[i].day == c.events[i].day && back->events[i].metric == c.events[i].metric &&
                back->events[i].delta == c.events[i].delta);
  EXPECT_FALSE(decode_counts(bytes, layout.metrics + 1, cal.days)) << "another layout";
  EXPECT_FALSE(decode_counts(bytes.substr(0, bytes.size() - 1), layout.metrics, cal.days)) << "cut short";
  EXPECT_FALSE(decode_counts(bytes + "x", layout.metrics, cal.days)) << "too long";
  EXPECT_FALSE(decode_counts("", layout.metrics, cal.days));
  EXPECT_FALSE(decode_counts(bytes, layout.metrics, c.events.back().day)) << "a shorter calendar";
  std::string swapped = bytes;  // two events out of order
  const size_t at = bytes.size() - 2 * sizeof(RegisterEvent);
  std::swap_ranges(swapped.begin() + static_cast<long>(at), swapped.begin() + static_cast<long>(at + 4), swapped.begin() + static_cast<long>(at + 4));
  if (c.events.end()[-1].day != c.events.end()[-2].day || c.events.end()[-1].metric != c.events.end()[-2].metric)
    EXPECT_FALSE(decode_counts(swapped, layout.metrics, cal.days)) << "events out of order";
  std::string zero = bytes;
  zero.back() = 0;  // a delta of 0 is never written
  EXPECT_FALSE(decode_counts(zero, layout.metrics, cal.days));
  const VillageCounts none{std::vector<int32_t>(static_cast<size_t>(layout.metrics), 0), {}};
  const auto empty = decode_counts(encode_counts(none), layout.metrics, cal.days);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace langso
