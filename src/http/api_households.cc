// The household register: households, residents, digital-citizen statuses and
// visits (issue 12). Person-level data only for the roles that need it
// (Ctx::require_register); every read of it is logged (Decree 13/2023).
#include <algorithm>
#include <unordered_map>
#include <charconv>
#include <map>
#include <span>
#include <set>

#include "auth/crypto.h"
#include "engine/commands.h"
#include "http/activity_input.h"
#include "http/download.h"
#include "http/api.h"
#include "http/fields.h"
#include "http/idempotency.h"
#include "http/json_out.h"
#include "http/register_json.h"
#include "http/scorecard.h"
#include "http/upload.h"
#include "engine/register_import.h"
#include "io/register_table.h"
#include "io/xlsx_table.h"
#include "util/free_later.h"
#include "util/text.h"
#include "util/two_halves.h"

namespace langso {

static Date first_register_day() { return *parse_iso_date("2020-01-01"); }
static Date first_birth_day() { return *parse_iso_date("1900-01-01"); }

// unit: the village (or commune) whose people were read, for the commune's read log.
static void log_read(Ctx& ctx, std::string_view entity, Id id, int64_t records, Id unit) {
  if (records > 0) ctx.app.log_personal_data_access(ctx.caller().user_id, entity, id, records, unit);
}

static std::string label_name(std::span<const Label> labels, std::string_view code) {
  const Label* l = find_label(labels, code);
  return l ? std::string(l->name) : std::string();
}

// ---- JSON

static json status_json(const App& app, const CitizenStatus& s) {
  const StatusType* t = app.statuses().find(s.type);
  json j{{"id", s.id},
         {"resident_id", s.resident_id},
         {"type", s.type},
         {"type_name", t ? t->name : s.type},
         {"option", s.option.empty() ? json(nullptr) : json(s.option)},
         {"gained_on", format_iso(s.gained_on)},
         {"lost_on", date_json(s.lost_on)},
         {"team_id", s.team_id ? json(s.team_id) : json(nullptr)},
         {"member_id", s.member_id ? json(s.member_id) : json(nullptr)},
         {"source", status_source_code(s.source)},
         {"visit_id", s.visit_id ? json(s.visit_id) : json(nullptr)}};
  if (t && !s.option.empty())
    if (int o = t->option_index(s.option); o >= 0) j["option_name"] = t->options[static_cast<size_t>(o)].name;
  return j;
}

json resident_json(const App& app, const Resident& r, Date on, const std::vector<CitizenStatus>& statuses) {
  json st = json::array();
  for (const CitizenStatus& s : statuses)
    if (s.resident_id == r.id) st.push_back(status_json(app, s));
  const int age = age_on(r, on);
  return {{"id", r.id},
          {"full_name", r.full_name},
          {"birth_date", date_json(r.birth_date)},
          {"birth_year", r.birth_year},
          {"age", age >= 0 ? json(age) : json(nullptr)},
          {"adult", age >= kAdultAge},
          {"sex", r.sex},
          {"sex_name", label_name(sexes(), r.sex)},
          {"phone", r.phone.empty() ? json(nullptr) : json(r.phone)},
          // Never shown in full after entry (Decree 13/2023).
          {"cccd", r.cccd_last4.empty() ? json(nullptr) : json("********" + r.cccd_last4)},
          {"ethnic", r.ethnic.empty() ? json(nullptr) : json(r.ethnic)},
          {"ethnic_name", r.ethnic.empty() ? json(nullptr) : json(label_name(ethnic_groups(), r.ethnic))},
          {"ended_on", date_json(r.ended_on)},
          {"end_reason", r.end_reason.empty() ? json(nullptr) : json(r.end_reason)},
          {"consent_on", date_json(r.consent_on)},
          {"erased", r.erased_on.has_value()},
          {"household_id", r.household_id ? json(r.household_id) : json(nullptr)},
          {"statuses", st}};
}

json household_json(App& app, const Household& h, Date on) {
  return {{"id", h.id},
          {"unit_id", h.unit_id},
          {"unit", unit_json(app.units(), h.unit_id, on)},
          {"hamlet", h.hamlet},
          {"house_number", h.house_number},
          {"address_note", h.address_note},
          {"head_id", h.head_id ? json(h.head_id) : json(nullptr)},
          {"phone", h.phone.empty() ? json(nullptr) : json(h.phone)},
          {"fibre", h.fibre},
          {"smart_device", h.smart_device},
          {"members", h.members}};
}

json visit_json(const Visit& v) {
  json changes = json::array();
  for (const VisitChange& c : v.changes)
    changes.push_back({{"resident_id", c.resident_id}, {"type", c.type}, {"option", c.option.empty() ? json(nullptr) : json(c.option)}});
  return {{"id", v.id},         {"household_id", v.household_id},
          {"unit_id", v.unit_id}, {"date", format_iso(v.date)},
          {"team_id", v.team_id ? json(v.team_id) : json(nullptr)},
          {"member_id", v.member_id ? json(v.member_id) : json(nullptr)},
          {"present", v.present}, {"changes", changes},
          {"note", v.note},     {"author_id", v.author}};
}

static std::vector<Id> ids_of(const std::vector<Resident>& rs) {
  std::vector<Id> out;
  for (const Resident& r : rs) out.push_back(r.id);
  return out;
}

// ---- catalogues

static Response status_types(Ctx& ctx) {
  json items = json::array();
  for (const StatusType& t : ctx.app.statuses().types()) {
    json opts = json::array();
    for (const StatusOption& o : t.options) opts.push_back({{"code", o.code}, {"name", o.name}});
    items.push_back({{"code", t.code},
                     {"name", t.name},
                     {"option_name", t.option_name.empty() ? json(nullptr) : json(t.option_name)},
                     {"options", opts},
                     {"activity_type", t.activity_type.empty() ? json(nullptr) : json(t.activity_type)}});
  }
  return json_response(200, {{"items", items}});
}

static Response ethnic_list(Ctx&) {
  json items = json::array();
  for (const Label& l : ethnic_groups()) items.push_back({{"code", l.code}, {"name", l.name}});
  return json_response(200, {{"items", items}});
}

// ---- households

static void require_register_write(const Ctx& ctx) {
  const Role r = ctx.caller().role;
  if (r != Role::TeamMember && r != Role::CommuneOfficer)
    throw forbidden("Chỉ thành viên tổ của thôn và cán bộ xã ghi được sổ hộ");
}

static void read_household(Fields& f, Household& h, bool create) {
  auto text = [&](const char* name, std::string& dst, size_t max) {
    if (create || f.present(name)) {
      auto v = f.text(name, false, max);
      if (v) dst = *v;
      else if (!f.present(name) || f.is_null(name)) dst.clear();
    }
  };
  text("hamlet", h.hamlet, 100);
  text("house_number", h.house_number, 30);
  text("address_note", h.address_note, 300);
  if (create || f.present("phone")) {
    auto v = f.text("phone", false, 20);
    if (v && !v->empty()) {
      if (auto p = normalize_phone(*v)) h.phone = *p;
      else f.error("phone", "invalid_value", "Số điện thoại '" + *v + "' không hợp lệ (10 chữ số, bắt đầu bằng 0)");
    } else if (!v) {
      h.phone.clear();
    }
  }
  if (create || f.present("fibre")) h.fibre = f.boolean("fibre", false).value_or(false);
  if (create || f.present("smart_device")) h.smart_device = f.boolean("smart_device", false).value_or(false);
  if (f.ok() && h.hamlet.empty() && h.house_number.empty() && h.address_note.empty())
    f.error("address_note", "missing_field", "Cần ít nhất một trong: xóm, số nhà, mô tả địa chỉ");
}

// Walking order: hamlet, then house number as people read it ("2" before "10").
static void walking_order(std::vector<Household>& hs) {
  auto num_key = [](const std::string& n) {
    size_t digits = 0;
    while (digits < n.size() && n[digits] >= '0' && n[digits] <= '9') ++digits;
    return std::string(12 - std::min<size_t>(digits, 12), '0') + n;
  };
  // Each household's key once (a collation key costs microseconds), then sorted.
  std::vector<std::pair<std::pair<std::string, std::string>, size_t>> keys;
  keys.reserve(hs.size());
  std::unordered_map<std::string, std::string> hamlet_keys;  // a village has a few hamlets
  for (size_t i = 0; i < hs.size(); ++i) {
    auto [it, fresh] = hamlet_keys.try_emplace(hs[i].hamlet);
    if (fresh) it->second = collation_key(hs[i].hamlet);
    keys.push_back({{it->second, num_key(hs[i].house_number)}, i});
  }
  std::sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
    return std::tie(a.first, hs[a.second].id) < std::tie(b.first, hs[b.second].id);
  });
  std::vector<Household> sorted;
  sorted.reserve(hs.size());
  for (const auto& k : keys) sorted.push_back(std::move(hs[k.second]));
  hs = std::move(sorted);
}

static Response list_households(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  const Date on = ctx.date_for(u);
  std::vector<Household> hs = ctx.store().households_of_unit(u.id, on);
  // The counts are the engine's: a household counts while someone lives
  // there; the others (just created, everyone moved or gone) are listed and
  // counted apart, so the screen and the scorecard show one number.
  int64_t inhabited = 0, people = 0;
  for (const Household& h : hs) {
    people += h.members;
    if (h.members > 0) ++inhabited;
  }
  const int64_t empty = static_cast<int64_t>(hs.size()) - inhabited;
  // The village's progress door to door: households with a visit by the day,
  // and its digital citizens' share as the scorecard gives it (the engine's).
  const std::unordered_map<Id, Date> visited = ctx.store().last_visits_of_unit(u.id, on);
  int64_t households_visited = 0;
  for (const Household& h : hs) households_visited += visited.count(h.id);
  json digital_citizens = nullptr;
  if (const Indicator* ind = ctx.app.indicators().find(kDigitalCitizenIndicator))
    digital_citizens = cell_json(evaluate(ctx.app, u.id, *ind, Period{on, on, on}));
  json out = {{"unit_id", u.id}, {"date", format_iso(on)}, {"households", inhabited}, {"households_empty", empty},
              {"residents", people}, {"households_visited", households_visited}, {"digital_citizens", digital_citizens}};
  if (!sees_register(ctx.caller().role)) return json_response(200, out);
  walking_order(hs);
  std::vector<Id> heads;
  for (const Household& h : hs)
    if (h.head_id) heads.push_back(h.head_id);
  const auto head_names = ctx.store().names_of(heads);
  json items = json::array();
  for (Household& h : hs) {
    json j = household_json(ctx.app, h, on);
    if (h.head_id)
      if (auto head = head_names.find(h.head_id); head != head_names.end()) j["head_name"] = head->second;
    auto v = visited.find(h.id);
    j["last_visit"] = v == visited.end() ? json(nullptr) : json(format_iso(v->second));
    items.push_back(std::move(j));
  }
  log_read(ctx, "unit_households", u.id, static_cast<int64_t>(hs.size()), u.id);
  out["items"] = std::move(items);
  return json_response(200, out);
}

static Response show_household(Ctx& ctx, const Household& h0, Date on, bool log = true) {
  Household h = h0;
  std::vector<Resident> rs = ctx.store().residents_on(h.id, on);
  h.members = static_cast<int64_t>(rs.size());
  const auto statuses = ctx.store().statuses_of(ids_of(rs));
  json people = json::array();
  for (const Resident& r : rs) people.push_back(resident_json(ctx.app, r, on, statuses));
  json j = household_json(ctx.app, h, on);
  j["date"] = format_iso(on);
  j["residents"] = people;
  json visits = json::array();
  for (const Visit& v : ctx.store().visits_of_household(h.id)) visits.push_back(visit_json(v));
  j["visits"] = visits;
  if (log) log_read(ctx, "household", h.id, 1 + static_cast<int64_t>(rs.size()), h.unit_id);
  return json_response(200, j);
}

static Response create_household_route(Ctx& ctx) {
  require_register_write(ctx);
  const std::string key = required_idem_key(ctx);
  const std::string digest = body_digest(ctx.body);
  auto show = [&](Id id) {
    auto h = ctx.app.store().get_household(id);
    return show_household(ctx, *h, today_local());
  };
  if (auto r = replay(ctx, "households", key, digest, show)) return *r;
  Fields f(ctx.body, {"unit_id", "hamlet", "house_number", "address_note", "phone", "fibre", "smart_device"});
  auto unit_id = f.integer("unit_id", true, 1, INT64_MAX);
  Household h;
  read_household(f, h, true);
  f.finish();
  const Unit& u = ctx.unit(*unit_id);
  if (u.level != Level::Village)
    throw validation({{"unit_id", "invalid_value", "Hộ gia đình thuộc một thôn, bản, tổ dân phố"}});
  if (!u.valid.contains(today_local()))
    throw validation({{"unit_id", "invalid_value", "Thôn này không còn tồn tại hôm nay"}});
  h.unit_id = u.id;
  Id id = 0;
  try {
    id = create_household(ctx.app, h, ctx.caller().user_id, key, digest);
  } catch (const DbConstraintError&) {
    if (auto r = replay(ctx, "households", key, digest, show)) return *r;
    throw;
  }
  Response r = show(id);
  r.status = 201;
  return r;
}

static Response get_household(Ctx& ctx) {
  Household h = ctx.household(ctx.id_param("id"));
  return show_household(ctx, h, ctx.date_for(*ctx.app.units().find(h.unit_id)));
}

static Response patch_household(Ctx& ctx) {
  require_register_write(ctx);
  Household before = ctx.household(ctx.id_param("id"));
  Household after = before;
  Fields f(ctx.body, {"hamlet", "house_number", "address_note", "phone", "fibre", "smart_device", "head_id"});
  read_household(f, after, false);
  if (f.present("head_id")) {
    auto head = f.integer("head_id", false, 1, INT64_MAX);
    after.head_id = head.value_or(0);
  }
  f.finish();
  if (after.head_id && after.head_id != before.head_id) {
    auto rs = ctx.app.store().residents_on(after.id, today_local());
    if (std::none_of(rs.begin(), rs.end(), [&](const Resident& r) { return r.id == after.head_id; }))
      throw validation({{"head_id", "invalid_value", "Chủ hộ phải là người đang sống trong hộ"}});
  }
  update_household(ctx.app, before, after, ctx.caller().user_id);
  return show_household(ctx, after, today_local());
}

static Response delete_household_route(Ctx& ctx) {
  require_register_write(ctx);
  Household h = ctx.household(ctx.id_param("id"));
  if (ctx.app.store().household_ever_lived_in(h.id))
    throw ApiError{409, "household_in_use", "Hộ còn nhân khẩu hoặc lượt đến",
                   "Không xoá được hộ đã có người ở hoặc đã có lượt đến hộ; hãy chuyển nhân khẩu sang hộ khác", {}};
  delete_household(ctx.app, h, ctx.caller().user_id);
  return no_content();
}

// ---- residents

static const std::initializer_list<std::string_view> kResidentFields = {
    "full_name", "birth_date", "birth_year", "sex", "phone", "cccd", "ethnic", "ended_on", "end_reason", "consent_on"};

// Fills r from the body (create: every required field). cccd_clear gets the
// 12 digits when a new CCCD is given (checked for duplicates by the caller).
static void read_resident(Fields& f, Resident& r, bool create, std::optional<std::string>& cccd_clear) {
  const Date today = today_local();
  if (create || f.present("full_name")) {
    if (auto n = f.text("full_name", true, 100)) {
      if (n->empty()) f.error("full_name", "missing_field", "Cần họ và tên");
      else r.full_name = *n;
    }
  }
  if (create || f.present("birth_date") || f.present("birth_year")) {
    auto d = f.date("birth_date", false);
    auto y = f.integer("birth_year", false, 1900, 3000);
    if (d) {
      if (*d > today) f.error("birth_date", "invalid_value", "Ngày sinh không được ở tương lai");
      else if (*d < first_birth_day()) f.error("birth_date", "invalid_value", "Ngày sinh phải từ 01/01/1900");
      int yy = 0;
      unsigned m = 0, dd = 0;
      ymd_from_date(*d, yy, m, dd);
      if (y && *y != yy) f.error("birth_year", "invalid_value", "Năm sinh khác với ngày sinh");
      r.birth_date = d;
      r.birth_year = yy;
    } else if (y) {
      int ty = 0;
      unsigned m = 0, dd = 0;
      ymd_from_date(today, ty, m, dd);
      if (*y > ty) f.error("birth_year", "invalid_value", "Năm sinh không được ở tương lai");
      r.birth_date.reset();
      r.birth_year = static_cast<int>(*y);
    } else if (f.ok()) {
      f.error("birth_date", "missing_field", "Cần ngày sinh hoặc năm sinh");
    }
  }
  if (create || f.present("sex")) {
    if (auto s = f.text("sex", true, 10)) {
      if (!find_label(sexes(), *s)) f.error("sex", "invalid_value", "Giới tính phải là 'nam' hoặc 'nu'");
      else r.sex = *s;
    }
  }
  if (create || f.present("phone")) {
    auto v = f.text("phone", false, 20);
    if (v && !v->empty()) {
      if (auto p = normalize_phone(*v)) r.phone = *p;
      else f.error("phone", "invalid_value", "Số điện thoại '" + *v + "' không hợp lệ (10 chữ số, bắt đầu bằng 0)");
    } else {
      r.phone.clear();
    }
  }
  if (f.present("cccd")) {
    auto v = f.text("cccd", false, 20);
    if (v && !v->empty()) {
      std::string digits;
      for (char c : *v)
        if (c != ' ' && c != '.') digits += c;
      if (!valid_cccd(digits)) f.error("cccd", "invalid_value", "Số CCCD phải gồm đúng 12 chữ số, bắt đầu bằng mã tỉnh 001–096");
      else cccd_clear = digits;
    } else if (!create) {
      r.cccd_digest.clear();
      r.cccd_last4.clear();
    }
  }
  if (create || f.present("ethnic")) {
    auto v = f.text("ethnic", false, 30);
    if (v && !v->empty() && !find_label(ethnic_groups(), *v))
      f.error("ethnic", "invalid_value", "Dân tộc '" + *v + "' không có trong danh mục");
    else r.ethnic = v.value_or("");
  }
  if (f.present("ended_on") || f.present("end_reason")) {
    r.ended_on = f.date("ended_on", false);
    auto why = f.text("end_reason", false, 20);
    if (r.ended_on) {
      if (*r.ended_on > today) f.error("ended_on", "invalid_value", "Ngày không được ở tương lai");
      if (!why || !find_label(end_reasons(), *why))
        f.error("end_reason", "invalid_value", "Lý do phải là 'chuyen_di' hoặc 'qua_doi'");
      else r.end_reason = *why;
    } else {
      if (why && !why->empty()) f.error("ended_on", "missing_field", "Cần ngày chuyển đi hoặc ngày mất");
      r.end_reason.clear();
    }
  }
  if (f.ok() && r.ended_on && r.birth_date && *r.ended_on < *r.birth_date)
    f.error("ended_on", "invalid_value", "Ngày kết thúc trước ngày sinh");
  if (f.present("consent_on")) {
    r.consent_on = f.date("consent_on", false);
    if (r.consent_on && *r.consent_on > today) f.error("consent_on", "invalid_value", "Ngày đồng ý không được ở tương lai");
    else if (r.consent_on && r.birth_date && *r.consent_on < *r.birth_date)
      f.error("consent_on", "invalid_value", "Ngày đồng ý trước ngày sinh");
  }
}


static ApiError cccd_taken() {
  // Says nothing of where: the other person may be outside the caller's scope.
  return {409, "cccd_duplicate", "Số CCCD đã có trong sổ",
          "Số CCCD này đã được ghi cho một người khác trong langso; hãy kiểm tra lại", {}};
}

static Response show_resident(Ctx& ctx, const Resident& r) {
  const Date on = today_local();
  auto statuses = ctx.store().statuses_of({r.id});
  json j = resident_json(ctx.app, r, on, statuses);
  json lived = json::array();
  for (const Residency& x : ctx.store().residencies_of(r.id))
    lived.push_back({{"household_id", x.household_id},
                     {"from", format_iso(x.valid.from)},
                     {"to", x.valid.to == kMaxDate ? json(nullptr) : json(format_iso(x.valid.to))}});
  j["residencies"] = lived;
  Id village = 0;
  if (auto h = r.household_id ? ctx.store().get_household(r.household_id) : std::nullopt) village = h->unit_id;
  log_read(ctx, "resident", r.id, 1, village);
  return json_response(200, j);
}

static std::vector<Resident> likely_same(Ctx& ctx, const Resident& r);
static json brief_person(Ctx& ctx, const Resident& r, Date on);

static Response add_resident_route(Ctx& ctx) {
  require_register_write(ctx);
  Household h = ctx.household(ctx.id_param("id"));
  const std::string key = required_idem_key(ctx);
  const std::string digest = body_digest(ctx.body);
  auto show = [&](Id id) { return show_resident(ctx, ctx.resident(id)); };
  if (auto r = replay(ctx, "residents", key, digest, show)) return *r;
  std::vector<std::string_view> allowed(kResidentFields);
  allowed.push_back("from");
  Fields f(ctx.body, allowed);
  Resident r;
  std::optional<std::string> cccd;
  read_resident(f, r, true, cccd);
  Date from = today_local();
  if (f.present("from"))
    if (auto d = f.date("from", false)) from = *d;
  if (from > today_local()) f.error("from", "invalid_value", "Ngày về ở không được ở tương lai");
  if (r.birth_date && from < *r.birth_date) f.error("from", "invalid_value", "Ngày về ở trước ngày sinh");
  f.finish();
  if (cccd) {
    r.cccd_digest = ctx.app.cccd_digest(*cccd);
    r.cccd_last4 = cccd->substr(8);
    if (ctx.app.store().resident_by_cccd(r.cccd_digest)) throw cccd_taken();
  }
  Id id = 0;
  try {
    id = add_resident(ctx.app, r, h.id, from, ctx.caller().user_id, key, digest);
  } catch (const DbConstraintError&) {
    if (auto again = replay(ctx, "residents", key, digest, show)) return *again;
    throw cccd_taken();
  }
  Response out = show(id);
  out.status = 201;
  // Shown, not refused: two people may share a name and a birth year.
  Resident saved = ctx.resident(id);
  json body = json::parse(out.body);
  body["likely_duplicates"] = json::array();
  for (const Resident& o : likely_same(ctx, saved)) body["likely_duplicates"].push_back(brief_person(ctx, o, today_local()));
  out.body = body.dump();
  return out;
}

static Response get_resident(Ctx& ctx) { return show_resident(ctx, ctx.resident(ctx.id_param("id"))); }

static Response patch_resident(Ctx& ctx) {
  require_register_write(ctx);
  Resident before = ctx.resident(ctx.id_param("id"));
  if (before.erased_on)
    throw ApiError{409, "resident_erased", "Đã xoá dữ liệu cá nhân", "Dữ liệu cá nhân của người này đã được xoá theo yêu cầu", {}};
  Resident after = before;
  Fields f(ctx.body, kResidentFields);
  std::optional<std::string> cccd;
  read_resident(f, after, false, cccd);
  f.finish();
  if (cccd) {
    after.cccd_digest = ctx.app.cccd_digest(*cccd);
    after.cccd_last4 = cccd->substr(8);
    if (auto other = ctx.app.store().resident_by_cccd(after.cccd_digest); other && *other != after.id) throw cccd_taken();
  }
  try {
    update_resident(ctx.app, before, after, ctx.caller().user_id);
  } catch (const DbConstraintError&) {
    throw cccd_taken();
  }
  return show_resident(ctx, after);
}

// Why a person living in `current` cannot move to household `target` on
// `on` (prefix: where the person sits in a larger body, "" alone).
static void check_move(Ctx& ctx, const Resident& r, const Residency& current, Id target_id, Id target_unit, Date on,
                       const std::string& field, std::vector<FieldError>& errors) {
  const std::string who = field.empty() ? "" : r.full_name + ": ";
  const std::string f = field.empty() ? "household_id" : field;
  if (current.valid.to != kMaxDate) errors.push_back({f, "invalid_value", who + "Người này không còn ở hộ nào"});
  if (target_id == current.household_id) errors.push_back({f, "invalid_value", who + "Người này đang ở hộ này"});
  if (on <= current.valid.from)
    errors.push_back({field.empty() ? "date" : f, "invalid_value",
                      who + "Ngày chuyển phải sau ngày về ở hộ hiện tại (" + format_vn(current.valid.from) + ")"});
  if (r.ended_on) errors.push_back({f, "invalid_value", who + "Người này đã ra khỏi sổ"});
  if (const Unit* u = ctx.app.units().find(target_unit); !u || !u->valid.contains(on))
    errors.push_back({"date", "invalid_value", "Thôn của hộ mới không tồn tại vào ngày chuyển"});
}

static Response move_resident_route(Ctx& ctx) {
  require_register_write(ctx);
  Resident r = ctx.resident(ctx.id_param("id"));
  Fields f(ctx.body, {"household_id", "date"});
  auto to = f.integer("household_id", true, 1, INT64_MAX);
  auto on = f.date("date", true);
  f.finish();
  Household target = ctx.household(*to);  // 404 outside the caller's scope
  const Residency current = ctx.app.store().residencies_of(r.id).back();
  std::vector<FieldError> errors;
  if (*on > today_local()) errors.push_back({"date", "invalid_value", "Ngày chuyển không được ở tương lai"});
  check_move(ctx, r, current, target.id, target.unit_id, *on, "", errors);
  if (!errors.empty()) throw validation(errors);
  move_resident(ctx.app, r, current, target.id, *on, ctx.caller().user_id);
  return show_resident(ctx, ctx.resident(r.id));
}

// Some of a household's people start a household of their own on a date
// (tách hộ): the new household in the same village, their moves, in one write.
static Response split_household_route(Ctx& ctx) {
  require_register_write(ctx);
  Household from = ctx.household(ctx.id_param("id"));
  Fields f(ctx.body, {"date", "resident_ids", "hamlet", "house_number", "address_note", "phone", "fibre", "smart_device"});
  auto on = f.date("date", true);
  Household fresh;
  read_household(f, fresh, true);
  std::vector<Id> ids;
  if (!ctx.body.contains("resident_ids") || !ctx.body["resident_ids"].is_array() || ctx.body["resident_ids"].empty() ||
      ctx.body["resident_ids"].size() > 100)
    f.error("resident_ids", "invalid_value", "Chọn 1–100 người chuyển sang hộ mới");
  else
    for (const auto& v : ctx.body["resident_ids"]) {
      if (!v.is_number_integer() || v.get<int64_t>() < 1) f.error("resident_ids", "invalid_type", "'resident_ids' là danh sách mã người");
      else if (std::find(ids.begin(), ids.end(), v.get<Id>()) == ids.end()) ids.push_back(v.get<Id>());
    }
  f.finish();
  std::vector<FieldError> errors;
  if (*on > today_local()) errors.push_back({"date", "invalid_value", "Ngày tách hộ không được ở tương lai"});
  const std::vector<Resident> living = ctx.store().residents_on(from.id, *on);
  std::vector<std::pair<Id, Residency>> moves;
  for (Id id : ids) {
    auto it = std::find_if(living.begin(), living.end(), [&](const Resident& r) { return r.id == id; });
    if (it == living.end()) {
      errors.push_back({"resident_ids", "invalid_value", "Người #" + std::to_string(id) + " không ở hộ này vào ngày tách"});
      continue;
    }
    const Residency current = ctx.store().residencies_of(id).back();
    if (current.household_id != from.id)
      errors.push_back({"resident_ids", "invalid_value", it->full_name + ": đã chuyển khỏi hộ này sau ngày tách"});
    check_move(ctx, *it, current, 0, from.unit_id, *on, "resident_ids", errors);
    moves.emplace_back(id, current);
  }
  if (errors.empty() && moves.size() == living.size())
    errors.push_back({"resident_ids", "invalid_value", "Phải còn ít nhất một người ở lại hộ cũ; chuyển cả hộ thì sửa địa chỉ hộ"});
  if (!errors.empty()) throw validation(errors);
  fresh.unit_id = from.unit_id;
  const Id id = split_household(ctx.app, from, fresh, moves, *on, ctx.caller().user_id);
  Response r = show_household(ctx, *ctx.store().get_household(id), *on);
  r.status = 201;
  return r;
}

// Two households become one on a date (nhập hộ): everyone living in this one
// moves to `into_id`.
static Response merge_household_route(Ctx& ctx) {
  require_register_write(ctx);
  Household from = ctx.household(ctx.id_param("id"));
  Fields f(ctx.body, {"into_id", "date"});
  auto into_id = f.integer("into_id", true, 1, INT64_MAX);
  auto on = f.date("date", true);
  f.finish();
  Household into = ctx.household(*into_id);  // 404 outside the caller's scope
  std::vector<FieldError> errors;
  if (into.id == from.id) errors.push_back({"into_id", "invalid_value", "Không nhập một hộ vào chính nó"});
  if (*on > today_local()) errors.push_back({"date", "invalid_value", "Ngày nhập hộ không được ở tương lai"});
  std::vector<std::pair<Id, Residency>> moves;
  for (const Resident& r : ctx.store().residents_on(from.id, today_local())) {
    const Residency current = ctx.store().residencies_of(r.id).back();
    check_move(ctx, r, current, into.id, into.unit_id, *on, "into_id", errors);
    moves.emplace_back(r.id, current);
  }
  if (errors.empty() && moves.empty()) errors.push_back({"id", "invalid_value", "Hộ này không còn ai ở"});
  if (!errors.empty()) throw validation(errors);
  merge_households(ctx.app, from, into, moves, *on, ctx.caller().user_id);
  return show_household(ctx, *ctx.store().get_household(into.id), today_local());
}

// A person's request to be erased (Decree 13/2023): the identifying data go
// (name, phone, CCCD, ethnic group); birth date, sex, where they lived and
// their statuses stay, unnamed, so past and present totals do not change.
static Response erase_resident_route(Ctx& ctx) {
  if (ctx.caller().role != Role::CommuneOfficer) throw forbidden("Chỉ cán bộ xã xoá được dữ liệu cá nhân theo yêu cầu của người dân");
  Resident before = ctx.resident(ctx.id_param("id"));
  Fields f(ctx.body, {"reason"});
  auto reason = f.text("reason", true, 500);
  f.finish();
  if (before.erased_on) throw ApiError{409, "resident_erased", "Đã xoá dữ liệu cá nhân", "Người này đã được xoá dữ liệu cá nhân", {}};
  erase_resident(ctx.app, before, *reason, ctx.caller().user_id);
  return show_resident(ctx, ctx.resident(before.id));
}

// ---- statuses

static const StatusType* read_status_type(const App& app, Fields& f, const std::string& field, const std::string& type,
                                          const std::string& option) {
  const StatusType* t = app.statuses().find(type);
  if (!t) {
    f.error(field + "type", "invalid_value", "Trạng thái '" + type + "' không có trong danh mục");
    return nullptr;
  }
  if (t->options.empty() && !option.empty())
    f.error(field + "option", "invalid_value", "Trạng thái này không có lựa chọn");
  if (!t->options.empty() && t->option_index(option) < 0)
    f.error(field + "option", option.empty() ? "missing_field" : "invalid_value", "Cần chọn " + t->option_name);
  return t;
}

// A person holds each status type at most once at a time.
static bool holds_already(Store& s, Id resident, const std::string& type, Date on, Id except_visit, Id except_status) {
  for (const CitizenStatus& st : s.statuses_of({resident}))
    if (st.type == type && (except_visit == 0 || st.visit_id != except_visit) && st.id != except_status &&
        (st.holds_on(on) || st.gained_on > on))
      return true;
  return false;
}

static void check_team_member(Ctx& ctx, Fields& f, const Household& h, Date on, std::optional<int64_t> team_id,
                              std::optional<int64_t> member_id, Id& team_out, Id& member_out) {
  team_out = 0;
  member_out = 0;
  if (team_id) {
    Team t = ctx.team(*team_id);  // 404 outside the caller's scope
    if (ctx.caller().role == Role::TeamMember && t.unit_id != ctx.caller().scope_unit)
      throw forbidden("Thành viên tổ chỉ ghi cho tổ của thôn mình");
    if (!ctx.app.units().is_within(h.unit_id, t.unit_id))
      f.error("team_id", "invalid_value", "Hộ không thuộc địa bàn của tổ");
    if (!t.active().contains(on)) f.error("team_id", "invalid_value", "Tổ không hoạt động vào ngày này");
    team_out = t.id;
  }
  if (member_id) {
    if (!team_id) {
      f.error("member_id", "invalid_value", "Cần chọn tổ của thành viên");
      return;
    }
    auto m = ctx.app.store().get_member(*member_id);
    if (!m || m->team_id != team_out) {
      f.error("member_id", "invalid_value", "Thành viên không thuộc tổ đã chọn");
      return;
    }
    if (on < m->joined_on || (m->left_on && *m->left_on < on))
      f.error("member_id", "invalid_value", "Thành viên không ở trong tổ vào ngày này");
    member_out = m->id;
  }
}

static Response add_status_route(Ctx& ctx) {
  require_register_write(ctx);
  Resident r = ctx.resident(ctx.id_param("id"));
  Household h = ctx.household(r.household_id);
  Fields f(ctx.body, {"type", "option", "gained_on", "lost_on", "team_id", "member_id", "source"});
  CitizenStatus s;
  s.resident_id = r.id;
  auto type = f.text("type", true, 60);
  auto option = f.text("option", false, 60);
  auto gained = f.date("gained_on", true);
  s.lost_on = f.date("lost_on", false);
  auto team_id = f.integer("team_id", false, 1, INT64_MAX);
  auto member_id = f.integer("member_id", false, 1, INT64_MAX);
  auto source = f.text("source", false, 20);
  if (source) {
    auto src = parse_status_source(*source);
    if (!src || *src == StatusSource::Visit)
      f.error("source", "invalid_value", "Nguồn phải là 'import' hoặc 'self'; trạng thái từ lượt đến hộ được ghi qua lượt đến");
    else s.source = *src;
  }
  if (type) {
    s.type = *type;
    s.option = option.value_or("");
    read_status_type(ctx.app, f, "", s.type, s.option);
  }
  if (gained) {
    s.gained_on = *gained;
    if (*gained > today_local()) f.error("gained_on", "invalid_value", "Ngày không được ở tương lai");
    if (*gained < first_register_day()) f.error("gained_on", "invalid_value", "Ngày phải từ 01/01/2020");
    if (s.lost_on && *s.lost_on <= *gained) f.error("lost_on", "invalid_value", "Ngày mất trạng thái phải sau ngày có");
    check_team_member(ctx, f, h, *gained, team_id, member_id, s.team_id, s.member_id);
  }
  if (f.ok() && holds_already(ctx.app.store(), r.id, s.type, s.gained_on, 0, 0))
    f.error("type", "duplicate", "Người này đã có trạng thái này");
  f.finish();
  s.id = add_status(ctx.app, s, ctx.caller().user_id);
  return json_response(201, status_json(ctx.app, s));
}

static CitizenStatus status_in_scope(Ctx& ctx) {
  auto s = ctx.store().get_status(ctx.id_param("id"));
  if (!s) throw not_found();
  ctx.resident(s->resident_id);  // 404 outside scope
  return *s;
}

static void require_not_from_visit(const CitizenStatus& s) {
  if (s.visit_id)
    throw ApiError{409, "status_from_visit", "Trạng thái ghi từ lượt đến hộ",
                   "Trạng thái này được ghi trong một lượt đến hộ; hãy sửa hoặc xoá lượt đến đó", {}};
}

static Response patch_status(Ctx& ctx) {
  require_register_write(ctx);
  CitizenStatus before = status_in_scope(ctx);
  require_not_from_visit(before);
  CitizenStatus after = before;
  Fields f(ctx.body, {"option", "gained_on", "lost_on"});
  if (f.present("option")) after.option = f.text("option", false, 60).value_or("");
  if (f.present("gained_on"))
    if (auto d = f.date("gained_on", true)) after.gained_on = *d;
  if (f.present("lost_on")) after.lost_on = f.date("lost_on", false);
  read_status_type(ctx.app, f, "", after.type, after.option);
  if (after.gained_on > today_local()) f.error("gained_on", "invalid_value", "Ngày không được ở tương lai");
  if (after.gained_on < first_register_day()) f.error("gained_on", "invalid_value", "Ngày phải từ 01/01/2020");
  if (after.lost_on && *after.lost_on <= after.gained_on)
    f.error("lost_on", "invalid_value", "Ngày mất trạng thái phải sau ngày có");
  if (after.lost_on && *after.lost_on > today_local()) f.error("lost_on", "invalid_value", "Ngày không được ở tương lai");
  f.finish();
  change_status(ctx.app, before, after, ctx.caller().user_id);
  return json_response(200, status_json(ctx.app, after));
}

static Response delete_status_route(Ctx& ctx) {
  require_register_write(ctx);
  CitizenStatus s = status_in_scope(ctx);
  require_not_from_visit(s);
  remove_status(ctx.app, s, ctx.caller().user_id);
  return no_content();
}

// ---- visits

// Reads a visit body onto v (create: every required field).
static void read_visit(Ctx& ctx, Fields& f, const json& body, const Household& h, Visit& v, bool create) {
  std::optional<int64_t> team_id, member_id;
  if (create) team_id = f.integer("team_id", ctx.caller().role == Role::TeamMember, 1, INT64_MAX);
  else if (f.present("team_id")) f.error("team_id", "invalid_value", "Không đổi được tổ của lượt đến; hãy xoá và ghi lại");
  if (create || f.present("member_id")) member_id = f.integer("member_id", false, 1, INT64_MAX);
  else if (v.member_id) member_id = v.member_id;
  if (!create && v.team_id) team_id = v.team_id;
  if (create || f.present("date"))
    if (auto d = f.date("date", true)) v.date = *d;
  if (create || f.present("note")) v.note = f.text("note", false, 1000).value_or("");
  const Date today = today_local();
  if (v.date > today) f.error("date", "invalid_value", "Ngày đến hộ không được ở tương lai");
  if (v.date < first_register_day()) f.error("date", "invalid_value", "Ngày đến hộ phải từ 01/01/2020");
  if (!f.ok()) return;
  const Unit* village = ctx.app.units().find(h.unit_id);
  if (!village->valid.contains(v.date)) f.error("date", "invalid_value", "Thôn không tồn tại vào ngày này");
  v.unit_id = h.unit_id;
  check_team_member(ctx, f, h, v.date, team_id, member_id, v.team_id, v.member_id);

  std::set<Id> living;
  for (const Resident& r : ctx.app.store().residents_on(h.id, v.date)) living.insert(r.id);
  if (create || f.present("present")) {
    v.present.clear();
    auto it = body.find("present");
    if (it != body.end() && !it->is_null()) {
      if (!it->is_array() || it->size() > 100) {
        f.error("present", "invalid_type", "present phải là mảng mã nhân khẩu");
      } else {
        for (const auto& id : *it) {
          if (!id.is_number_integer() || !living.count(id.get<Id>())) {
            f.error("present", "invalid_value", "Người có mặt phải là nhân khẩu của hộ vào ngày đến");
            break;
          }
          if (std::find(v.present.begin(), v.present.end(), id.get<Id>()) == v.present.end()) v.present.push_back(id.get<Id>());
        }
      }
    }
  }
  if (!create && !f.present("changes")) {
    // The visit's changes stay; on a new date they must still hold.
    for (const VisitChange& ch : v.changes) {
      if (!living.count(ch.resident_id))
        f.error("date", "invalid_value", "Có người được ghi thay đổi không sống trong hộ vào ngày này");
      else if (holds_already(ctx.app.store(), ch.resident_id, ch.type, v.date, v.id, 0))
        f.error("date", "invalid_value", "Có người đã có trạng thái được ghi trong lượt này trước ngày này");
    }
  }
  if (create || f.present("changes")) {
    v.changes.clear();
    auto it = body.find("changes");
    if (it != body.end() && !it->is_null()) {
      if (!it->is_array() || it->size() > 200) {
        f.error("changes", "invalid_type", "changes phải là mảng {resident_id, type, option}");
        return;
      }
      std::set<std::pair<Id, std::string>> seen;
      for (size_t i = 0; i < it->size(); ++i) {
        const json& c = (*it)[i];
        const std::string label = "changes[" + std::to_string(i) + "].";
        if (!c.is_object()) {
          f.error(label, "invalid_type", label + " phải là đối tượng");
          continue;
        }
        Fields cf(c, {"resident_id", "type", "option"}, label);
        auto rid = cf.integer("resident_id", true, 1, INT64_MAX);
        auto type = cf.text("type", true, 60);
        auto option = cf.text("option", false, 60);
        VisitChange ch;
        if (rid) {
          if (!living.count(*rid)) cf.error("resident_id", "invalid_value", "Người này không sống trong hộ vào ngày đến");
          ch.resident_id = *rid;
        }
        if (type) {
          ch.type = *type;
          ch.option = option.value_or("");
          read_status_type(ctx.app, cf, "", ch.type, ch.option);
        }
        if (cf.ok() && !seen.insert({ch.resident_id, ch.type}).second)
          cf.error("type", "duplicate", "Một người chỉ ghi mỗi trạng thái một lần trong một lượt");
        if (cf.ok() && holds_already(ctx.app.store(), ch.resident_id, ch.type, v.date, v.id, 0))
          cf.error("type", "duplicate", "Người này đã có trạng thái này");
        for (const FieldError& e : cf.errors()) f.error(e.field, e.code, e.message);
        if (cf.ok()) v.changes.push_back(ch);
      }
    }
  }
}

static Visit visit_in_scope(Ctx& ctx, Household* h = nullptr) {
  auto v = ctx.store().get_visit(ctx.id_param("id"));
  if (!v) throw not_found();
  Household hh = ctx.household(v->household_id);
  if (h) *h = hh;
  return *v;
}

static void require_may_change_visit(const Ctx& ctx, const Visit& v) {
  const Principal& me = ctx.caller();
  if (me.role == Role::CommuneOfficer) return;
  if (me.role == Role::TeamMember && v.author == me.user_id) return;
  throw forbidden("Chỉ cán bộ xã hoặc người đã ghi mới sửa, xoá được lượt đến hộ này");
}

static Response create_visit(Ctx& ctx) {
  require_register_write(ctx);
  Household h = ctx.household(ctx.id_param("id"));
  const std::string key = required_idem_key(ctx);
  const std::string digest = body_digest(ctx.body);
  auto show = [&](Id id) { return json_response(200, visit_json(*ctx.app.store().get_visit(id))); };
  if (auto r = replay(ctx, "visits", key, digest, show)) return *r;
  Fields f(ctx.body, {"date", "team_id", "member_id", "present", "changes", "note"});
  Visit v;
  v.household_id = h.id;
  v.author = ctx.caller().user_id;
  read_visit(ctx, f, ctx.body, h, v, true);
  f.finish();
  Id id = 0;
  try {
    id = record_visit(ctx.app, v, key, digest);
  } catch (const DbConstraintError&) {
    if (auto r = replay(ctx, "visits", key, digest, show)) return *r;
    throw;
  }
  return json_response(201, visit_json(*ctx.app.store().get_visit(id)));
}

static Response list_visits(Ctx& ctx) {
  Household h = ctx.household(ctx.id_param("id"));
  json items = json::array();
  for (const Visit& v : ctx.store().visits_of_household(h.id)) items.push_back(visit_json(v));
  return json_response(200, {{"items", items}});
}

static Response get_visit(Ctx& ctx) { return json_response(200, visit_json(visit_in_scope(ctx))); }

static Response patch_visit(Ctx& ctx) {
  require_register_write(ctx);
  Household h;
  Visit before = visit_in_scope(ctx, &h);
  require_may_change_visit(ctx, before);
  Visit after = before;
  Fields f(ctx.body, {"date", "team_id", "member_id", "present", "changes", "note"});
  read_visit(ctx, f, ctx.body, h, after, false);
  f.finish();
  change_visit(ctx.app, before, after, ctx.caller().user_id);
  return json_response(200, visit_json(*ctx.app.store().get_visit(after.id)));
}

static Response delete_visit_route(Ctx& ctx) {
  require_register_write(ctx);
  Visit v = visit_in_scope(ctx);
  require_may_change_visit(ctx, v);
  remove_visit(ctx.app, v, ctx.caller().user_id);
  return no_content();
}

// ---- the register as .xlsx (a village's, or a commune's villages')

// One row per person living there on the date, by village and walking order,
// with the date each digital-citizen status was gained (if held that day).
// Person-level data: the roles that see the register, within their scope;
// every export is logged with how many persons it held.
static Response export_register(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  ctx.require_register();
  const Date on = ctx.date_for(u);
  std::vector<Id> villages;
  if (u.level == Level::Village) villages.push_back(u.id);
  else if (u.level == Level::Commune) villages = ctx.app.units().children_at(u.id, on);
  else throw validation({{"id", "invalid_value", "Xuất sổ hộ theo thôn hoặc theo xã"}});
  const auto& types = ctx.app.statuses().types();
  XlsxTable x("So ho", "Sổ hộ gia đình và công dân số — " + u.name + " (ngày " + format_vn(on) + ")",
              register_columns(ctx.app.statuses()));
  int64_t persons = 0, number = 0;
  for (Id v : villages) {
    const Unit* vu = ctx.app.units().find(v);
    std::vector<Household> hs = ctx.store().households_of_unit(v, on);
    walking_order(hs);
    for (const Household& h : hs) {
      std::vector<Resident> rs = ctx.store().residents_on(h.id, on);
      const auto statuses = ctx.store().statuses_of(ids_of(rs));
      ++number;
      for (const Resident& r : rs) {
        auto yes = [](bool b) { return std::string(b ? "có" : ""); };
        std::vector<XlsxCell> row = {static_cast<double>(++persons),
                                     static_cast<double>(number),
                                     vu ? vu->name : "",
                                     h.hamlet,
                                     h.house_number,
                                     h.address_note,
                                     yes(h.fibre),
                                     yes(h.smart_device),
                                     std::string(h.head_id == r.id ? "x" : ""),
                                     r.full_name,
                                     r.birth_date ? XlsxCell(*r.birth_date) : XlsxCell(std::to_string(r.birth_year)),
                                     label_name(sexes(), r.sex),
                                     label_name(ethnic_groups(), r.ethnic),
                                     r.phone,
                                     r.cccd_last4.empty() ? std::string() : "********" + r.cccd_last4,
                                     r.consent_on ? XlsxCell(*r.consent_on) : XlsxCell()};
        for (const StatusType& t : types) {
          const CitizenStatus* held = nullptr;
          for (const CitizenStatus& st : statuses)
            if (st.resident_id == r.id && st.type == t.code && st.holds_on(on)) held = &st;
          row.push_back(held ? XlsxCell(held->gained_on) : XlsxCell());
          if (!t.options.empty()) {
            int o = held ? t.option_index(held->option) : -1;
            row.push_back(o >= 0 ? XlsxCell(t.options[static_cast<size_t>(o)].name) : XlsxCell());
          }
        }
        x.row(row);
      }
    }
  }
  ctx.app.log_personal_data_access(ctx.caller().user_id, "register_export", u.id, persons, u.id);
  return xlsx_download(x.finish(), "so-ho-" + u.code, "Sổ hộ " + u.name);
}

// ---- search and the read log

// The villages whose people a unit's screens read: a village itself, or every
// village ever linked under a commune.
static std::vector<Id> register_villages(Ctx& ctx, const Unit& u) {
  std::vector<Id> out;
  // (Braced: the else bound to the inner if, so a village linked twice under
  // a commune was refused and a district went through with no village.)
  if (u.level == Level::Village) {
    out.push_back(u.id);
  } else if (u.level == Level::Commune) {
    for (const auto& [child, when] : ctx.app.units().child_links(u.id))
      if (std::find(out.begin(), out.end(), child) == out.end()) out.push_back(child);
  } else {
    throw validation({{"id", "invalid_value", "Sổ hộ xem theo thôn hoặc theo xã"}});
  }
  return out;
}

// People of a village or a commune found by name typed with or without
// diacritics (each word a prefix of a word of the name), within scope.
static Response search_residents(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  ctx.require_register();
  const std::string q = fold(trim(ctx.query("q").value_or("")));
  if (q.size() < 2) throw validation({{"q", "invalid_value", "Nhập ít nhất 2 chữ của họ tên"}});
  if (q.size() > 100) throw validation({{"q", "invalid_value", "Chuỗi tìm quá dài"}});
  const Date today = today_local();
  const std::vector<std::string> want = words(q);
  json items = json::array();
  for (const Resident& r : ctx.store().residents_of_units(register_villages(ctx, u), today)) {
    if (r.erased_on || r.merged_into) continue;
    const std::string name = fold(r.full_name);
    if (!std::all_of(want.begin(), want.end(), [&](const std::string& w) { return has_word_prefix(name, w); })) continue;
    auto h = ctx.store().get_household(r.household_id);
    json j = resident_json(ctx.app, r, today, {});
    j.erase("statuses");
    if (h) j["household"] = household_json(ctx.app, *h, today);
    items.push_back(std::move(j));
    if (items.size() >= 50) break;
  }
  log_read(ctx, "resident_search", u.id, static_cast<int64_t>(items.size()), u.id);
  return json_response(200, {{"unit_id", u.id}, {"q", ctx.query("q").value_or("")}, {"items", items}});
}

static json brief_person(Ctx& ctx, const Resident& r, Date on) {
  json j{{"id", r.id}, {"full_name", r.full_name}, {"birth_year", r.birth_year}, {"phone", r.phone.empty() ? json(nullptr) : json(r.phone)},
         {"cccd", r.cccd_last4.empty() ? json(nullptr) : json("********" + r.cccd_last4)}, {"household_id", r.household_id}};
  if (auto h = ctx.store().get_household(r.household_id)) j["household"] = household_json(ctx.app, *h, on);
  return j;
}

// The persons of the caller's area (their village, or their commune's
// villages) who are likely the same as r.
static std::vector<Resident> likely_same(Ctx& ctx, const Resident& r) {
  const Unit* area = ctx.app.units().find(ctx.caller().scope_unit);
  std::vector<Resident> out;
  if (!area || (area->level != Level::Village && area->level != Level::Commune)) return out;
  for (const Resident& o : ctx.store().residents_of_units(register_villages(ctx, *area), today_local()))
    if (!o.erased_on && !o.merged_into && likely_duplicates(r, o)) out.push_back(o);
  return out;
}

// Likely duplicates among the people of a village or a commune: groups of
// two or more with the same folded name and birth year and no conflicting
// phone or CCCD.
static Response list_duplicates(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  ctx.require_register();
  const Date today = today_local();
  std::vector<Resident> rs = ctx.store().residents_of_units(register_villages(ctx, u), today);
  std::erase_if(rs, [](const Resident& r) { return r.erased_on || r.merged_into; });
  std::map<std::string, std::vector<const Resident*>> by_key;
  for (const Resident& r : rs) by_key[fold(r.full_name) + "|" + std::to_string(r.birth_year)].push_back(&r);
  json groups = json::array();
  int64_t shown = 0;
  for (const auto& [key, list] : by_key) {
    if (list.size() < 2) continue;
    std::vector<const Resident*> group;
    for (const Resident* a : list)
      if (std::any_of(list.begin(), list.end(), [&](const Resident* b) { return likely_duplicates(*a, *b); })) group.push_back(a);
    if (group.size() < 2) continue;
    json g = json::array();
    for (const Resident* r : group) g.push_back(brief_person(ctx, *r, today));
    shown += static_cast<int64_t>(group.size());
    groups.push_back(std::move(g));
  }
  log_read(ctx, "register_duplicates", u.id, shown, u.id);
  return json_response(200, {{"unit_id", u.id}, {"groups", groups}});
}

static Response merge_route(Ctx& ctx) {
  require_register_write(ctx);
  Resident kept = ctx.resident(ctx.id_param("id"));
  Fields f(ctx.body, {"duplicate_id"});
  auto dup_id = f.integer("duplicate_id", true, 1, INT64_MAX);
  f.finish();
  Resident dup = ctx.resident(*dup_id);  // 404 outside the caller's scope
  if (dup.id == kept.id) throw validation({{"duplicate_id", "invalid_value", "Không gộp một người với chính mình"}});
  if (kept.erased_on || dup.erased_on)
    throw ApiError{409, "resident_erased", "Đã xoá dữ liệu cá nhân", "Không gộp người đã được xoá dữ liệu cá nhân", {}};
  if (!kept.cccd_digest.empty() && !dup.cccd_digest.empty() && kept.cccd_digest != dup.cccd_digest)
    throw ApiError{409, "different_cccd", "Hai số CCCD khác nhau", "Hai người có hai số CCCD khác nhau: đây là hai người, không gộp được", {}};
  merge_residents(ctx.app, kept, dup, ctx.caller().user_id);
  return show_resident(ctx, ctx.resident(kept.id));
}

// Who read the people of a commune (or a village): when, what, how many —
// for the commune's officer (and the administrator), newest first.
static Response personal_data_log(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  const Role role = ctx.caller().role;
  if (role != Role::CommuneOfficer && role != Role::Admin)
    throw forbidden("Chỉ cán bộ xã (và quản trị viên) xem được nhật ký truy cập dữ liệu cá nhân của xã");
  std::vector<Id> units = register_villages(ctx, u);
  units.push_back(u.id);
  int64_t before = 0;
  if (auto b = ctx.query("before")) {
    auto [p, ec] = std::from_chars(b->data(), b->data() + b->size(), before);
    if (ec != std::errc() || p != b->data() + b->size() || before < 1)
      throw bad_query("'before' phải là số nguyên dương");
  }
  json items = json::array();
  for (const Store::DataAccess& a : ctx.store().personal_data_log(units, before, 100)) {
    const Unit* au = ctx.app.units().find(a.unit_id);
    items.push_back({{"id", a.id},
                     {"at", a.at},
                     {"user_id", a.user_id},
                     {"user_name", a.user_name},
                     {"role", a.user_role},
                     {"entity", a.entity},
                     {"entity_id", a.entity_id},
                     {"records", a.records},
                     {"unit", au ? json{{"id", au->id}, {"name", au->name}} : json(nullptr)}});
  }
  return json_response(200, {{"unit_id", u.id}, {"items", items},
                             {"next_before", items.size() == 100 ? items.back()["id"] : json(nullptr)}});
}

// ---- import

static const Unit& import_village(Ctx& ctx) {
  require_register_write(ctx);
  const Unit& u = ctx.unit(ctx.id_param("id"));
  if (u.level != Level::Village) throw validation({{"id", "invalid_value", "Sổ hộ nhập theo từng thôn, bản, tổ dân phố"}});
  if (!u.valid.contains(today_local())) throw validation({{"id", "invalid_value", "Thôn này không còn tồn tại hôm nay"}});
  return u;
}

// The empty table to fill in (the export's columns): the header row only.
static Response register_template(Ctx& ctx) {
  const Unit& u = import_village(ctx);
  XlsxTable x("So ho",
              "Mẫu sổ hộ — " + u.name +
                  ": mỗi dòng một người; các dòng cùng \"Hộ số\" là một hộ; ngày ghi dd/mm/yyyy; cột trạng thái ghi ngày có",
              register_columns(ctx.app.statuses()));
  return xlsx_download(x.finish(), "mau-so-ho-" + u.code, "Mẫu sổ hộ " + u.name);
}

// Row errors in the order of the rows, at most 200 of them (a file of the
// wrong shape would have thousands).
static ApiError row_errors(std::vector<FieldError> errors) {
  auto line = [](const FieldError& e) {
    return e.field.starts_with("dòng ") ? std::atol(e.field.c_str() + std::string_view("dòng ").size()) : 0L;
  };
  std::stable_sort(errors.begin(), errors.end(), [&](const FieldError& a, const FieldError& b) { return line(a) < line(b); });
  constexpr size_t kMax = 200;
  if (errors.size() > kMax) {
    const size_t more = errors.size() - kMax;
    errors.resize(kMax);
    errors.push_back({"bang", "more_errors", "… và " + std::to_string(more) + " lỗi khác"});
  }
  return validation(std::move(errors));
}

// A table's households as the API's forms check them, in order: the rows of
// `rows` into `checked.households`, their errors into `checked.errors`. Reads
// only what does not change under a write (the catalogues, the CCCD key), so
// two halves of a table may be checked at once.
struct CheckedRows {
  std::vector<ImportHousehold> households;
  std::vector<FieldError> errors;
};

static void check_register_rows(const Ctx& ctx, std::span<const RegisterTableHousehold> rows, Date today,
                                CheckedRows& checked) {
  std::vector<ImportHousehold>& out = checked.households;
  std::vector<FieldError>& errors = checked.errors;
  for (const RegisterTableHousehold& th : rows) {
    ImportHousehold ih;
    ih.line = th.line;
    const std::string label = "dòng " + std::to_string(th.line) + ".";
    Fields hf(th.fields, {"hamlet", "house_number", "address_note", "fibre", "smart_device"}, label);
    read_household(hf, ih.h, true);
    ih.has_fibre = th.fields.contains("fibre");
    ih.has_smart_device = th.fields.contains("smart_device");
    errors.insert(errors.end(), hf.errors().begin(), hf.errors().end());
    for (const RegisterTablePerson& tp : th.persons) {
      ImportPerson ip;
      ip.line = tp.line;
      ip.head = tp.head;
      ip.cccd_masked = tp.cccd_masked;
      const std::string pl = "dòng " + std::to_string(tp.line) + ".";
      Fields pf(tp.fields, kResidentFields, pl);
      std::optional<std::string> cccd;
      read_resident(pf, ip.r, true, cccd);
      if (cccd) {
        ip.r.cccd_digest = ctx.app.cccd_digest(*cccd);
        ip.r.cccd_last4 = cccd->substr(8);
      }
      const Date born = ip.r.birth_date ? *ip.r.birth_date : date_from_ymd(ip.r.birth_year, 1, 1);
      for (const RegisterTableStatus& ts : tp.statuses) {
        const StatusType* t = ctx.app.statuses().find(ts.type);
        if (ts.gained_on > today) pf.error(ts.type, "invalid_value", t->name + ": ngày không được ở tương lai");
        else if (ts.gained_on < first_register_day()) pf.error(ts.type, "invalid_value", t->name + ": ngày phải từ 01/01/2020");
        else if (pf.ok() && ts.gained_on < born) pf.error(ts.type, "invalid_value", t->name + ": ngày có trước ngày sinh");
        CitizenStatus st;
        st.type = ts.type;
        st.option = ts.option;
        st.gained_on = ts.gained_on;
        st.source = StatusSource::Import;
        ip.statuses.push_back(st);
      }
      if (tp.cccd_masked) ip.r.cccd_last4 = tp.cccd_last4;
      errors.insert(errors.end(), pf.errors().begin(), pf.errors().end());
      ih.persons.push_back(std::move(ip));
    }
    out.push_back(std::move(ih));
  }
}

// The rows as the API's forms check them (the same messages), then matched
// and written all or nothing (engine/register_import.h).
static Response import_register_route(Ctx& ctx) {
  const Unit& u = import_village(ctx);
  const nlohmann::json params = upload_params(ctx);
  Fields f(params, {"name", "dry_run"});
  f.text("name", false, 1000);
  const bool dry_run = f.flag("dry_run").value_or(false);
  f.finish();
  XlsxRows rows = uploaded_table(ctx, kRegisterFileMaxBytes, "Tệp sổ hộ tối đa 2 MB; hãy chia theo thôn");
  RegisterTable table = read_register_table(rows, ctx.app.statuses(), u.name);
  const Date today = today_local();
  // A large table is checked in two halves, the second on another core (the
  // checks are a sixth of a large import's time; row_errors() puts errors in row order).
  CheckedRows checked{{}, std::move(table.errors)};
  in_two_halves(
      std::span<const RegisterTableHousehold>(table.households), 1000, checked,
      [&](std::span<const RegisterTableHousehold> part, CheckedRows& out) { check_register_rows(ctx, part, today, out); },
      [](CheckedRows& first, CheckedRows& second) {
        AppendHalves<std::vector<ImportHousehold>>()(first.households, second.households);
        AppendHalves<std::vector<FieldError>>()(first.errors, second.errors);
      });
  std::vector<ImportHousehold>& households = checked.households;
  if (!checked.errors.empty()) throw row_errors(std::move(checked.errors));
  RegisterImportResult res = import_register(ctx.app, u.id, households, ctx.caller().user_id, dry_run);
  if (!res.errors.empty()) throw row_errors(std::move(res.errors));
  const size_t households_read = table.households.size();
  const size_t persons_read = table.persons;
  free_later(std::move(rows), std::move(table), std::move(households));
  return json_response(200, {{"unit_id", u.id},
                             {"dry_run", dry_run},
                             {"households", households_read},
                             {"persons", persons_read},
                             {"households_created", res.households_created},
                             {"households_updated", res.households_updated},
                             {"households_unchanged", res.households_unchanged},
                             {"persons_created", res.persons_created},
                             {"persons_updated", res.persons_updated},
                             {"persons_unchanged", res.persons_unchanged},
                             {"statuses_added", res.statuses_added}});
}

void add_household_routes(Router& r) {
  r.add("GET", "/api/v1/citizen-status-types", status_types);
  r.add("GET", "/api/v1/ethnic-groups", ethnic_list);
  r.add("GET", "/api/v1/units/{id}/households", list_households);
  r.add("GET", "/api/v1/units/{id}/register.xlsx", export_register);
  r.add("GET", "/api/v1/units/{id}/residents", search_residents);
  r.add("GET", "/api/v1/units/{id}/personal-data-log", personal_data_log);
  r.add("GET", "/api/v1/units/{id}/register-template.xlsx", register_template);
  r.add_upload("POST", "/api/v1/units/{id}/register-import", import_register_route);
  r.add("POST", "/api/v1/households", create_household_route);
  r.add("GET", "/api/v1/households/{id}", get_household);
  r.add("PATCH", "/api/v1/households/{id}", patch_household);
  r.add("DELETE", "/api/v1/households/{id}", delete_household_route);
  r.add("POST", "/api/v1/households/{id}/residents", add_resident_route);
  r.add("POST", "/api/v1/households/{id}/split", split_household_route);
  r.add("POST", "/api/v1/households/{id}/merge", merge_household_route);
  r.add("GET", "/api/v1/residents/{id}", get_resident);
  r.add("PATCH", "/api/v1/residents/{id}", patch_resident);
  r.add("POST", "/api/v1/residents/{id}/move", move_resident_route);
  r.add("POST", "/api/v1/residents/{id}/erase", erase_resident_route);
  r.add("POST", "/api/v1/residents/{id}/merge", merge_route);
  r.add("GET", "/api/v1/units/{id}/duplicates", list_duplicates);
  r.add("POST", "/api/v1/residents/{id}/statuses", add_status_route);
  r.add("PATCH", "/api/v1/citizen-statuses/{id}", patch_status);
  r.add("DELETE", "/api/v1/citizen-statuses/{id}", delete_status_route);
  r.add("GET", "/api/v1/households/{id}/visits", list_visits);
  r.add("POST", "/api/v1/households/{id}/visits", create_visit);
  r.add("GET", "/api/v1/visits/{id}", get_visit);
  r.add("PATCH", "/api/v1/visits/{id}", patch_visit);
  r.add("DELETE", "/api/v1/visits/{id}", delete_visit_route);
}

}  // namespace langso
