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
