#include "engine/app.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "domain/report.h"
#include "store/store_periodic.h"

namespace langso {

static Date engine_first_day() { return *parse_iso_date("2020-01-01"); }  // Decision 749/QĐ-TTg
// At least two years ahead, and the same all year (31/12 of the year after
// next): the register's saved counts hold the calendar's length, and stay
// good until it changes (Engine::register_shape).
static Date engine_last_day() {
  int y;
  unsigned m, d;
  ymd_from_date(today_local(), y, m, d);
  return date_from_ymd(y + 2, 12, 31);
}

App::Structure App::read_structure(Store& from) {
  Structure st;
  for (const Unit& u : from.load_units()) st.units.add_unit(u);
  for (const UnitLink& l : from.load_links()) st.units.add_link(l);
  for (const Succession& x : from.load_successions()) st.units.add_succession(x);
  st.reorganisations = from.load_reorganisations();
  return st;
}

// Indicators and targets (the activity types are fixed at start).
App::Catalogues App::read_catalogues(Store& from) {
  Catalogues c;
  for (const auto& spec : from.indicator_specs())
    c.indicators.add(IndicatorCatalog::parse(spec, types_, c.indicators, &statuses_));
  for (const TargetRecord& t : from.all_targets()) c.targets[{t.unit_id, t.year, t.indicator}] = t.value;
  return c;
}

std::unique_lock<std::timed_mutex> App::writer() {
  std::unique_lock lock(writer_mu_, std::defer_lock);
  if (!lock.try_lock_for(write_wait_))
    throw DbUnavailableError("đang chờ một thao tác ghi khác quá " + std::to_string(write_wait_.count()) + " ms");
  return lock;
}

void App::use_cccd_key(const CccdKey& key) {
  if (!store_->adopt_cccd_key(key.check(), [&](const std::string& unkeyed) { return key.rekey(unkeyed); }))
    throw std::runtime_error(
        "khoá CCCD không khớp với cơ sở dữ liệu: các mã CCCD trong đó được băm bằng một khoá khác; "
        "hãy chỉ đúng tệp khoá (--cccd-key) đã dùng với cơ sở dữ liệu này");
  cccd_key_ = key;
}

std::string App::cccd_digest(std::string_view digits) const {
  if (!cccd_key_) throw std::logic_error("App::cccd_digest before use_cccd_key");
  return cccd_key_->digest(digits);
}

void App::rebuild() {
  Structure st = read_structure(reader());
  units_ = std::move(st.units);
  reorganisations_ = std::move(st.reorganisations);
  types_ = ActivityCatalog::from_json(nlohmann::json::parse(reader().activity_types_json()));
  statuses_ = StatusCatalog::from_json(nlohmann::json::parse(reader().status_types_json()), types_);
  Catalogues c = read_catalogues(reader());
  indicators_ = std::move(c.indicators);
  targets_ = std::move(c.targets);
  plan_targets_ = plan_targets_from(reader());
  reports_ = report_index_from(reader(), units_);

  engine_ = std::make_unique<Engine>(units_, types_, engine_first_day(), engine_last_day());
  for (auto [unit, n] : reader().activity_counts_by_unit()) engine_->reserve(unit, static_cast<size_t>(n));
  reader().each_activity(types_, [&](const Activity& a) { engine_->load(a); });

  std::unordered_map<Id, std::vector<TeamFacts>> by_unit;
  std::unordered_map<Id, std::pair<Id, size_t>> slot;  // team -> (unit, index)
  for (const Team& t : reader().all_teams()) {
    auto& v = by_unit[t.unit_id];
    slot[t.id] = {t.unit_id, v.size()};
    v.push_back({t, {}});
  }
  for (Member& m : reader().all_members()) {
    auto it = slot.find(m.team_id);
    if (it != slot.end()) by_unit[it->second.first][it->second.second].members.push_back(std::move(m));
  }
  for (const auto& [unit, facts] : by_unit) engine_->load_teams(unit, facts);
  engine_->finish();
  engine_->set_status_count(statuses_.types().size());
  engine_->set_indicators(&indicators_);
  load_register(reader());
  engine_->set_population(reader().populations());
  // Build today's structure now, not on the first request.
  Date today = today_local();
  engine_->totals(0, today, today, today);
}

const Reorganisation* App::reorganisation(Id id) const {
  for (const Reorganisation& r : reorganisations_)
    if (r.id == id) return &r;
  return nullptr;
}

void App::apply_change(const ChangeRecord& c) {
  auto field = [](const std::string& text, const char* key) -> Id {
    if (text.empty()) return 0;
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_object() && j.contains(key) && j[key].is_number_integer() ? j[key].get<Id>() : 0;
  };
  // The replica holds the row (it came in the journal row's transaction), but
  // while it has not replayed this instance's own latest writes a reload from
  // it would drop them: reads() then answers with the primary. Everything is
  // read first; the indexes change under exclusive() without a database call.
  Store& from = reads();
  if (c.entity == "activity") {
    auto a = from.get_activity(c.entity_id, types_);
    auto x = exclusive();
    if (Id unit = field(c.before_json, "unit_id")) engine_->forget(unit, c.entity_id);
    if (Id unit = field(c.after_json, "unit_id")) engine_->forget(unit, c.entity_id);  // a replayed create
    if (a && !a->deleted) engine_->add(a->a);
  } else if (c.entity == "team" || c.entity == "member") {
    std::vector<std::pair<Id, std::vector<TeamFacts>>> facts;
    for (const std::string* j : {&c.before_json, &c.after_json}) {
      Id unit = 0;
      if (c.entity == "team") unit = field(*j, "unit_id");
      else if (Id team = field(*j, "team_id"))
        if (auto tm = from.get_team(team)) unit = tm->unit_id;
      if (unit) facts.emplace_back(unit, team_facts_from(from, unit));
    }
    auto x = exclusive();
    for (auto& [unit, f] : facts) engine_->set_teams(unit, f);
  } else if (c.entity == "unit" || c.entity == "village") {
    Structure st = read_structure(from);
    auto population = from.populations();
    auto reports = report_index_from(from, st.units);
    auto x = exclusive();
    reports_ = std::move(reports);
    units_ = std::move(st.units);
    reorganisations_ = std::move(st.reorganisations);
    engine_->set_population(std::move(population));
  } else if (is_register_entity(c.entity)) {
    const std::optional<std::set<Id>> villages = villages_named(from, c);
    if (!villages) {  // nothing to go by: count the whole register again
      auto x = exclusive();
      engine_->clear_register();
      count_register(from);
      return;
    }
    std::unordered_map<Id, VillageRegister> fresh;
    for (Id v : *villages)
      for (auto& [u, reg] : register_from(from, v)) fresh[u] = std::move(reg);
    auto x = exclusive();
    for (auto& [v, reg] : fresh) engine_->set_register(v, reg);
  } else if (c.entity == "user") {
    forget_user_sessions(c.entity_id);
  } else if (c.entity == "plan" || c.entity == "plan_target") {
    PlanTargetMap fresh = plan_targets_from(from);
    auto x = exclusive();
    plan_targets_ = std::move(fresh);
  } else if (c.entity == "report") {
    put_report(from, c.entity_id);
  } else if (c.entity == "indicator" || c.entity == "targets") {
    Catalogues cat = read_catalogues(from);
    const bool same_groups = cat.indicators.register_groups() == indicators_.register_groups();
    auto x = exclusive();
    indicators_ = std::move(cat.indicators);
    targets_ = std::move(cat.targets);
    if (!same_groups) {  // a new register share: count the register again (rare; readers wait)
      engine_->clear_register();
      count_register(from);
    }
  }
}

std::unique_ptr<ReportIndex> App::report_index_from(Store& from, const UnitIndex& units) {
  auto index = std::make_unique<ReportIndex>();
  const ReportForm* f = report_forms().find(kReportForm);
  if (!f) return index;
  index->set_structure(units, *f, engine_first_day(), engine_last_day());
  std::vector<ReportIndex::Loaded> all;
  for (ReportEntryRow& r : report_entry_rows(from, f->code)) all.push_back({std::move(r.state), r.open_violations, r.open_outliers});
  index->put_all(all);
  return index;
}

void App::put_report(Store& from, Id report) {
  const std::optional<ReportEntryRow> r = report_entry_row(from, report);
  auto x = exclusive();
  if (r) reports_->put(r->state, r->open_violations, r->open_outliers);
  else reports_->erase(report);
}

void App::refresh_report(Id report) { put_report(*store_, report); }

std::vector<TeamFacts> App::team_facts(Id unit) { return team_facts_from(*store_, unit); }

std::unordered_map<Id, VillageRegister> App::register_from(Store& from, Id unit, Id last) {
  std::unordered_map<Id, VillageRegister> out =
      registers_of(last ? from.register_rows_between(unit, last) : from.register_rows(unit));
  if (unit && !last) out[unit];  // a village whose register emptied is replaced by nothing
  return out;
}

std::unordered_map<Id, VillageRegister> App::registers_of(const Store::RegisterRows& rows) {
  std::unordered_map<Id, std::vector<RegisterPerson::Held>> held;
  for (const auto& s : rows.statuses)
    if (const StatusType* t = statuses_.find(s.type)) held[s.resident].push_back({t->index, s.when});
  std::unordered_map<Id, VillageRegister> out;
  std::unordered_map<Id, std::vector<Interval>> lived_in;
  for (const auto& r : rows.people) {
    RegisterPerson p;
    p.lived = r.lived;
    if (r.ended_on && *r.ended_on < p.lived.to) p.lived.to = *r.ended_on;
    if (!(p.lived.from < p.lived.to)) continue;
    p.born = r.birth_date ? *r.birth_date : date_from_ymd(r.birth_year, 1, 1);
    if (auto it = held.find(r.resident); it != held.end()) p.statuses = it->second;
    lived_in[r.household].push_back(p.lived);
    out[r.unit].people.push_back(std::move(p));
  }
  for (const auto& h : rows.households) {
    auto it = lived_in.find(h.id);
    if (it == lived_in.end()) continue;
    out[h.unit].households.push_back({h.id, h.fibre, it->second});
  }
  return out;
}

std::optional<std::set<Id>> App::villages_named(Store& from, const ChangeRecord& c) {
  auto field = [](const nlohmann::json& j, const char* key) -> Id {
    return j.is_object() && j.contains(key) && j[key].is_number_integer() ? j[key].get<Id>() : 0;
  };
  std::set<Id> villages;
  auto person = [&](Id r) { villages.merge(villages_of_people(from, {r})); };
  if (c.entity == "resident") person(c.entity_id);
  for (const std::string* text : {&c.before_json, &c.after_json}) {
    if (text->empty()) continue;
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (Id u = field(j, "unit_id")) villages.insert(u);
    if (Id h = field(j, "household_id"))
      if (auto hh = from.get_household(h)) villages.insert(hh->unit_id);
    if (Id r = field(j, "resident_id")) person(r);
    if (j.is_object() && j.contains("changes") && j["changes"].is_array())
      for (const auto& ch : j["changes"])
        if (Id r = field(ch, "resident_id")) person(r);
  }
  if (villages.empty()) return std::nullopt;
  return villages;
}

std::set<Id> App::villages_of_people(Store& from, const std::vector<Id>& residents) {
  std::set<Id> out;
  for (Id r : residents)
    for (const Residency& x : from.residencies_of(r))
      if (auto h = from.get_household(x.household_id)) out.insert(h->unit_id);
  return out;
}

// A few hundred villages at a time, so a nation's register never sits in
// memory as rows.
void App::count_register(Store& from) {
  const std::vector<Id> villages = from.register_villages();
  for (size_t i = 0; i < villages.size(); i += 500) {
    const size_t j = std::min(villages.size(), i + 500) - 1;
    auto chunk = register_from(from, villages[i], villages[j]);
    for (auto& [v, reg] : chunk) engine_->set_register(v, reg);
  }
  register_load_.villages = register_load_.recounted = villages.size();
}

std::string App::register_shape() const {
  std::string s = engine_->register_shape() + " statuses";
  for (const StatusType& t : statuses_.types()) s += " " + std::to_string(t.index) + ":" + t.code;
  return s;
}

// A transaction's journal row may commit after rows with higher ids (a
// PostgreSQL sequence): rows written this long before a save are counted
// again at the next start even when their id is below the saved position.
static constexpr int64_t kLateCommitSeconds = 300;
static constexpr size_t kSpotChecks = 16;

void App::load_register(Store& from) {
  const auto t0 = std::chrono::steady_clock::now();
  register_load_ = {};
  const std::string shape = register_shape();
  const int metrics = engine_->register_metrics();
  std::unordered_map<Id, std::pair<int64_t, int64_t>> as_of;  // village -> (journal id, at)
  size_t unreadable = 0;
  from.each_saved_counts(shape, [&](Store::SavedCounts& c) {
    auto counts = decode_counts(c.bytes, metrics, engine_->calendar().days);
    if (!counts) return void(++unreadable);
    engine_->put_counts(c.village, std::move(*counts));
    as_of[c.village] = {c.as_of_id, c.as_of_at};
  });
  auto count_all = [&](std::string why) {
    engine_->clear_register();
    count_register(from);
    register_load_.why = std::move(why);
    if (!as_of.empty() || unreadable)
      spdlog::warn(R"({{"event":"register_snapshot_unused","why":{}}})", nlohmann::json(register_load_.why).dump());
  };
  auto done = [&] {
    spdlog::info(R"({{"event":"register_loaded","villages":{},"saved":{},"recounted":{},"checked":{},"full":{},"ms":{}}})",
                 register_load_.villages, register_load_.saved, register_load_.recounted, register_load_.checked,
                 register_load_.full, std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
  };
  if (as_of.empty()) return count_all(unreadable ? "unreadable saved counts" : ""), done();

  const std::vector<Id> villages = from.register_villages();
  std::set<Id> recount;
  for (Id v : villages)
    if (!as_of.count(v)) recount.insert(v);  // no saved counts (or unreadable ones)
  {
    std::set<Id> listed(villages.begin(), villages.end());
    for (const auto& [v, _] : as_of)
      if (!listed.count(v)) recount.insert(v);  // saved, but no register now
  }
  int64_t oldest_id = INT64_MAX, oldest_at = INT64_MAX;
  for (const auto& [_, a] : as_of) oldest_id = std::min(oldest_id, a.first), oldest_at = std::min(oldest_at, a.second);
  // The villages each register journal row after a village's saved position names.
  bool unknown = false;
  auto consider = [&](const ChangeRecord& c) {
    const std::optional<std::set<Id>> named = villages_named(from, c);
    if (!named) return void(unknown = true);
    for (Id v : *named) {
      auto it = as_of.find(v);
      if (it == as_of.end() || c.id > it->second.first || c.at >= it->second.second - kLateCommitSeconds) recount.insert(v);
    }
  };
  constexpr size_t kPage = 5000;
  for (int64_t after = oldest_id; !unknown;) {
    const std::vector<ChangeRecord> rows = from.register_changes_after(after, kPage);
    for (const ChangeRecord& c : rows) consider(c);
    if (rows.size() < kPage) break;
    after = rows.back().id;
  }
  if (!unknown)
    for (const ChangeRecord& c : from.register_changes_since(oldest_at - kLateCommitSeconds, oldest_id)) consider(c);
  if (unknown) return count_all("a journal row of the register names no village"), done();
  if (recount.size() * 2 > villages.size()) return count_all(""), done();  // counting everything is quicker

  // The saved counts of a few villages the journal leaves alone, against a
  // count of their register: the database is the truth.
  std::vector<Id> unchanged;
  for (const auto& [v, _] : as_of)
    if (!recount.count(v)) unchanged.push_back(v);
  std::sort(unchanged.begin(), unchanged.end());
  std::mt19937_64 rng(std::random_device{}());
  std::shuffle(unchanged.begin(), unchanged.end(), rng);
  unchanged.resize(std::min(unchanged.size(), kSpotChecks));
  for (Id v : unchanged) {
    if (!register_agrees(from, v)) {
      spdlog::warn(R"({{"event":"register_snapshot_mismatch","village":{}}})", v);
      return count_all("saved counts differ from the register"), done();
    }
  }
  for (Id v : recount)
    for (auto& [u, reg] : register_from(from, v)) engine_->set_register(u, reg);
  size_t saved = 0;
  for (const auto& [v, _] : as_of) saved += recount.count(v) ? 0 : 1;
  register_load_ = {villages.size(), saved, recount.size(), unchanged.size(), false, ""};
  done();
}

size_t App::save_register_counts(int64_t as_of_id, size_t limit) {
  std::vector<std::pair<Id, VillageCounts>> taken = engine_->take_unsaved(limit);
  if (taken.empty()) return 0;
  std::vector<Store::SavedCounts> rows;
  rows.reserve(taken.size());
  const int64_t at = now_seconds();
  for (const auto& [v, c] : taken) rows.push_back({v, as_of_id, at, encode_counts(c)});
  try {
    store_->save_counts(register_shape(), rows);
  } catch (...) {
    std::vector<Id> back;
    for (const auto& [v, _] : taken) back.push_back(v);
    engine_->mark_unsaved(back);
    throw;
  }
  return rows.size();
}

void App::refresh_register(Id village) { refresh_register(village, store_->register_rows(village)); }

bool App::register_agrees(Store& from, Id village) {
  auto fresh = register_from(from, village);
  const VillageCounts now = engine_->count_village(village, fresh[village]);
  const VillageCounts* held = engine_->counts_of(village);
  return held ? encode_counts(*held) == encode_counts(now) : now.empty();
}

void App::refresh_register(Id village, const Store::RegisterRows& rows) {
  set_register_counts(village, count_register(village, rows));
}

VillageCounts App::count_register(Id village, const Store::RegisterRows& rows) {
  auto fresh = registers_of(rows);
  // As register_from: a village with nothing is replaced by nothing.
  return engine_->count_village(village, fresh[village]);
}

void App::set_register_counts(Id village, VillageCounts counts) {
  auto x = exclusive();
  engine_->set_counts(village, std::move(counts));
}

App::PeopleBefore App::register_people(const std::vector<Id>& residents) {
  std::vector<Id> ids = residents;  // each person once: twice would count them twice
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto by_village = registers_of(store_->register_rows_of_residents(ids));
  return {std::move(ids), std::move(by_village)};
}

void App::refresh_people(const PeopleBefore& before) {
  auto after = registers_of(store_->register_rows_of_residents(before.residents));
  std::set<Id> villages;
  for (const auto& [v, _] : before.by_village) villages.insert(v);
  for (const auto& [v, _] : after) villages.insert(v);
  static const VillageRegister kNone;
  std::vector<Id> recount;
  {
    auto x = exclusive();
    for (Id v : villages) {
      auto b = before.by_village.find(v);
      auto a = after.find(v);
      if (!engine_->change_people(v, b == before.by_village.end() ? kNone : b->second, a == after.end() ? kNone : a->second))
        recount.push_back(v);
    }
  }
  for (Id v : recount) refresh_register(v);
}

std::vector<TeamFacts> App::team_facts_from(Store& from, Id unit) {
  std::vector<TeamFacts> facts;
  for (const Team& t : from.teams_of_units({unit})) facts.push_back({t, from.members_of_team(t.id)});
  return facts;
}

App::TargetOn App::yearly_target(Id unit, int year, const Indicator& ind) const {
  const std::string_view code = ind.code;
  const TargetOrigin origins[] = {TargetOrigin::Unit, TargetOrigin::National, TargetOrigin::National};
  size_t i = 0;
  for (auto key : {std::tuple{unit, year, code}, std::tuple{Id{0}, year, code}, std::tuple{Id{0}, 0, code}}) {
    auto it = targets_.find(key);
    if (it != targets_.end()) return {it->second, origins[i], nullptr};
    ++i;
  }
  if (auto v = ind.default_target(year)) return {v, TargetOrigin::Default, nullptr};
  return {};
}

App::TargetOn App::target_on(Id unit, Date on, const Indicator& ind) const {
  if (ind.is_stock()) {
    auto it = plan_targets_.find(std::tuple<Id, std::string_view>{unit, ind.code});
    if (it != plan_targets_.end())
      if (const PlanTargetInForce* t = target_in_force(it->second, on)) return {t->value, TargetOrigin::Plan, t};
  }
  int y;
  unsigned m, d;
  ymd_from_date(on, y, m, d);
  return yearly_target(unit, y, ind);
}

std::string_view App::target_origin_code(TargetOrigin o) {
  switch (o) {
    case TargetOrigin::Plan: return "plan";
    case TargetOrigin::Unit: return "unit";
    case TargetOrigin::National: return "national";
    case TargetOrigin::Default: return "default";
    case TargetOrigin::None: break;
  }
  return "";
}

App::PlanTargetMap App::plan_targets_from(Store& from) {
  PlanTargetMap out;
  for (Store::PlanTargetRow& r : from.plan_targets_in_force())
    out[{r.unit, std::move(r.indicator)}].push_back(std::move(r.t));
  return out;
}

void App::refresh_plan_targets() {
  PlanTargetMap fresh = plan_targets_from(*store_);
  auto x = exclusive();
  plan_targets_ = std::move(fresh);
}

std::vector<TargetRecord> App::targets_of(Id unit, int year) const {
  std::vector<TargetRecord> out;
  for (const auto& [k, v] : targets_)
    if (std::get<0>(k) == unit && std::get<1>(k) == year) out.push_back({unit, year, std::get<2>(k), v});
  return out;
}

std::optional<App::Session> App::session(const std::string& digest) {
  const int64_t now = now_seconds();
  {
    std::lock_guard guard(sessions_mu_);
    auto it = sessions_.find(digest);
    if (it != sessions_.end() && now - it->second.cached_at < kSessionCacheSeconds && now < it->second.expires_at)
      return it->second.s;
  }
  // A session opened through another instance may not have reached the
  // replica yet: the primary is asked before the caller is turned away.
  Store* from = &reads();
  auto rec = from->get_session(digest);
  if (!rec && from != &primary_reads()) rec = (from = &primary_reads())->get_session(digest);
  if (!rec || rec->expires_at <= now) return std::nullopt;
  auto user = from->get_user(rec->user_id);
  if (!user || !user->active) return std::nullopt;
  Session s{{user->id, user->role, user->unit_id}, rec->csrf_token};
  std::lock_guard guard(sessions_mu_);
  if (sessions_.size() > 100000) sessions_.clear();
  sessions_[digest] = {s, rec->expires_at, now};
  return s;
}

void App::forget_session(const std::string& digest) {
  std::lock_guard guard(sessions_mu_);
  sessions_.erase(digest);
}

void App::forget_user_sessions(Id user) {
  std::lock_guard guard(sessions_mu_);
  std::erase_if(sessions_, [&](const auto& kv) { return kv.second.s.who.user_id == user; });
}

}  // namespace langso
