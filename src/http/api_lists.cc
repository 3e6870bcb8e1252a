// Lists at the scale of the nation, paged on the server with opaque cursors
// (http/paging.h), and the same lists as .xlsx downloads with the same
// filters: the teams of a unit, their members, activities.
#include <algorithm>
#include <charconv>

#include "engine/activity_pages.h"
#include "http/activity_input.h"
#include "http/api.h"
#include "http/download.h"
#include "http/json_out.h"
#include "http/paging.h"
#include "io/report.h"
#include "io/xlsx_table.h"
#include "util/text.h"

namespace langso {

namespace {

// A positive id in the query; 400 when it is not one.
std::optional<Id> id_query(const Ctx& ctx, const char* name) {
  auto v = ctx.query(name);
  if (!v) return std::nullopt;
  Id id = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), id);
  if (ec != std::errc() || p != v->data() + v->size() || id <= 0)
    throw bad_query(std::string("Tham số '") + name + "' phải là số định danh (số nguyên dương)");
  return id;
}

// The words of a search box, folded; 400 beyond 200 bytes.
std::vector<std::string> search_words(const Ctx& ctx) {
  auto q = ctx.query("q");
  if (!q) return {};
  if (q->size() > 200) throw bad_query("Từ khoá tìm kiếm quá dài");
  return words(fold(*q));
}

bool matches(const std::vector<std::string>& qw, const std::string& folded) {
  return std::all_of(qw.begin(), qw.end(), [&](const std::string& w) { return has_word_prefix(folded, w); });
}

std::string joined(const std::vector<std::string>& w) {
  std::string s;
  for (const auto& x : w) (s += s.empty() ? "" : " ") += x;
  return s;
}

// ---- teams of a unit

// The teams of a unit's subtree that the screen lists, in tree order: a
// commune's own teams, then its villages' teams, siblings in natural order
// (the key is the path's sort keys, then the team's name).
struct TeamListing {
  Date date;
  std::string filters;
  struct Row {
    std::string key;
    Team team;
  };
  std::vector<Row> rows;
};

// Without member_counts the rows' member_count is 0 (a page fetches its own).
TeamListing team_listing(Ctx& ctx, const Unit& root, bool member_counts) {
  const UnitIndex& units = ctx.app.units();
  TeamListing out;
  const bool by_date = ctx.query("date").has_value();
  out.date = ctx.date_for(root);
  const std::vector<std::string> qw = search_words(ctx);
  out.filters = "unit=" + std::to_string(root.id) + "|date=" + ctx.query("date").value_or("") + "|q=" + joined(qw);
  // The teams the totals count on this structure: of the units below, and of
  // the units that ended whose figures go to one of them (Engine::counted_in).
  std::vector<Team> teams = ctx.store().teams_of_units(ctx.app.engine().counted_in(root.id, out.date), member_counts);
  std::unordered_map<Id, std::string> unit_key, unit_words;
  unit_key.reserve(teams.size());
  out.rows.reserve(teams.size());
  for (Team& t : teams) {
    // On a date, the teams active that day; without one, those begun by the
    // unit's date (ended ones too), never those of a later structure.
    if (by_date ? !t.active().contains(out.date) : out.date < t.active_from) continue;
    auto [k, fresh] = unit_key.try_emplace(t.unit_id);
    if (fresh) {
      // Below the root only: what every row shares adds nothing to the order.
      // A team of a unit that ended sits where it counts.
      std::vector<Id> path = units.path_at(ctx.app.engine().resolve(t.unit_id, out.date), out.date);
      auto it = std::find(path.begin(), path.end(), root.id);
      while (it != path.begin()) (k->second += units.sort_key(*--it)) += '\0';
      if (!qw.empty()) unit_words[t.unit_id] = fold(place_text(units, t.unit_id, out.date));
    }
    if (!qw.empty() && !matches(qw, fold(t.name) + " " + unit_words[t.unit_id])) continue;
    out.rows.push_back({k->second + '\x01' + natural_key(t.name), std::move(t)});
  }
  std::sort(out.rows.begin(), out.rows.end(), [](const TeamListing::Row& a, const TeamListing::Row& b) {
    return a.key != b.key ? a.key < b.key : a.team.id < b.team.id;
  });
  return out;
}

json team_row_json(const UnitIndex& units, const Team& t, Date d) {
  json j = team_json(units, t, d);
  j["place"] = place_text(units, t.unit_id, d);
  Id c = commune_of(units, t.unit_id, d);
  j["commune"] = c ? json{{"id", c}, {"name", units.find(c)->name}} : json(nullptr);
  return j;
}

Response unit_teams(Ctx& ctx) {
  const Unit& root = ctx.unit(ctx.id_param("id"));
  const size_t limit = limit_param(ctx, 50, 200);
  TeamListing l = team_listing(ctx, root, false);
  auto begin = l.rows.begin();
  if (auto pos = cursor_param(ctx, "unit-teams", l.filters)) {
    if (!pos->is_object() || !(*pos)["k"].is_string() || !(*pos)["i"].is_number_integer()) throw invalid_cursor();
    auto key = from_base64url((*pos)["k"].get<std::string>());
    if (!key) throw invalid_cursor();
    const Id id = (*pos)["i"].get<Id>();
    begin = std::upper_bound(l.rows.begin(), l.rows.end(), std::pair<const std::string&, Id>(*key, id),
                             [](const std::pair<const std::string&, Id>& p, const TeamListing::Row& r) {
                               return p.first != r.key ? p.first < r.key : p.second < r.team.id;
                             });
  }
  const auto end = begin + static_cast<ptrdiff_t>(std::min<size_t>(limit, static_cast<size_t>(l.rows.end() - begin)));
  std::vector<Id> page;
  for (auto it = begin; it != end; ++it) page.push_back(it->team.id);
  const auto counts = ctx.store().member_counts(page);
  json items = json::array();
  for (auto it = begin; it != end; ++it) {
    auto n = counts.find(it->team.id);
    it->team.member_count = n != counts.end() ? n->second : 0;
    items.push_back(team_row_json(ctx.app.units(), it->team, l.date));
  }
  json next = nullptr;
  if (end != l.rows.end() && end != begin) {
    const auto& last = *(end - 1);
    next = encode_cursor(ctx, "unit-teams", l.filters, {{"k", base64url(last.key)}, {"i", last.team.id}});
  }
  return json_response(200, {{"items", std::move(items)}, {"count", l.rows.size()}, {"next_cursor", std::move(next)}});
}

XlsxCell opt_cell(const std::optional<Date>& d) { return d ? XlsxCell(*d) : XlsxCell(); }
XlsxCell text(std::string s) { return s.empty() ? XlsxCell() : XlsxCell(std::move(s)); }

Response unit_teams_xlsx(Ctx& ctx) {
  const Unit& root = ctx.unit(ctx.id_param("id"));
  TeamListing l = team_listing(ctx, root, true);
  const UnitIndex& units = ctx.app.units();
  XlsxTable x("Tổ CNSCĐ", "Danh sách Tổ CNSCĐ — " + root.name + " (ngày " + format_vn(l.date) + ")",
              {{"STT", 6},
               {"Tên tổ", 34},
               {"Địa bàn", 34},
               {"Xã, phường", 22},
               {"Số quyết định", 16},
               {"Ngày quyết định", 14},
               {"Cơ quan quyết định", 24},
               {"Hoạt động từ", 13},
               {"Hoạt động đến", 13},
               {"Số thành viên", 12},
               {"Nhóm Zalo", 30},
               {"Ghi chú", 30}});
  for (const auto& r : l.rows) {
    const Team& t = r.team;
    Id c = commune_of(units, t.unit_id, l.date);
    x.row({static_cast<double>(x.rows() + 1), t.name, units.find(t.unit_id)->name, text(c ? units.find(c)->name : ""),
           text(t.decision_number), opt_cell(t.decision_date), text(t.decision_issuer), t.active_from,
           opt_cell(t.active_to), static_cast<double>(t.member_count), text(t.zalo_link), text(t.notes)});
  }
  return xlsx_download(x.finish(), "to-cnscd-" + root.name, "Tổ CNSCĐ " + root.name);
}

// ---- members

std::vector<XlsxColumn> member_columns(bool pii, bool with_team) {
  std::vector<XlsxColumn> c{{"STT", 6}, {"Họ và tên", 26}};
  if (pii) c.push_back({"Điện thoại", 14});
  c.insert(c.end(), {{"Vai trò", 13}, {"Thành phần", 18}, {"Ngày tham gia", 13}, {"Ngày rời tổ", 13}, {"Ngày tập huấn", 13}});
  if (with_team) c.insert(c.end(), {{"Tổ", 32}, {"Địa bàn", 34}});
  return c;
}

void member_rows(XlsxTable& x, std::vector<const Member*> ms, bool pii, const std::vector<XlsxCell>& team_cells) {
  std::sort(ms.begin(), ms.end(), [](const Member* a, const Member* b) {
    return member_order_key(a->full_name) < member_order_key(b->full_name);
  });
  for (const Member* m : ms) {
    const Label* role = find_label(member_roles(), m->role);
    const Label* aff = find_label(affiliations(), m->affiliation);
    std::vector<XlsxCell> row{static_cast<double>(x.rows() + 1), m->full_name};
    if (pii) row.push_back(m->phone);
    row.insert(row.end(), {role ? std::string(role->name) : m->role, aff ? XlsxCell(std::string(aff->name)) : XlsxCell(),
                           m->joined_on, opt_cell(m->left_on), opt_cell(m->trained_on)});
    row.insert(row.end(), team_cells.begin(), team_cells.end());
    x.row(row);
  }
}

Response team_members_xlsx(Ctx& ctx) {
  Team t = ctx.team(ctx.id_param("id"));
  std::vector<Member> ms = ctx.store().members_of_team(t.id);
  const bool pii = show_personal_data(ctx, "team_members", t.id, static_cast<int64_t>(ms.size()));
  XlsxTable x("Thành viên", "Thành viên " + t.name + " — " + place_text(ctx.app.units(), t.unit_id, today_local()),
              member_columns(pii, false));
  std::vector<const Member*> ptrs;
  for (const Member& m : ms) ptrs.push_back(&m);
  member_rows(x, ptrs, pii, {});
  return xlsx_download(x.finish(), "thanh-vien-" + t.name, "Thành viên " + t.name);
}

Response unit_members_xlsx(Ctx& ctx) {
  const Unit& root = ctx.unit(ctx.id_param("id"));
  TeamListing l = team_listing(ctx, root, false);
  std::vector<Id> team_ids;
  for (const auto& r : l.rows) team_ids.push_back(r.team.id);
  std::vector<Member> ms = ctx.store().members_of_teams(team_ids);
  const bool pii = show_personal_data(ctx, "unit_members", root.id, static_cast<int64_t>(ms.size()));
  std::unordered_map<Id, std::vector<const Member*>> by_team;
  for (const Member& m : ms) by_team[m.team_id].push_back(&m);
  XlsxTable x("Thành viên", "Thành viên các Tổ CNSCĐ — " + root.name + " (ngày " + format_vn(l.date) + ")",
              member_columns(pii, true));
  for (const auto& r : l.rows)
    member_rows(x, by_team[r.team.id], pii, {r.team.name, place_text(ctx.app.units(), r.team.unit_id, l.date)});
  return xlsx_download(x.finish(), "thanh-vien-" + root.name, "Thành viên Tổ CNSCĐ " + root.name);
}

// ---- activities

struct ActivityQuery {
  ActivityFilter f;
  std::string filters;
  std::string scope_name;  // "Xã Hoà Mục", or "toàn quốc"
};

ActivityQuery activity_query(Ctx& ctx) {
  ActivityQuery q;
  Id root = ctx.caller().scope_unit;
  if (auto u = id_query(ctx, "unit_id")) root = ctx.unit(*u).id;  // 404 outside the caller's scope
  q.f.unit = root;
  q.scope_name = root ? ctx.app.units().find(root)->name : "toàn quốc";
  // A unit that has ended lists up to its last day unless asked otherwise.
  q.f.to = root ? ctx.date_for(*ctx.app.units().find(root), "to") : ctx.date_param("to");
  q.f.from = ctx.query("from") ? ctx.date_param("from") : activity_list_start();
  if (q.f.to < q.f.from) throw bad_query("Ngày 'from' phải trước hoặc bằng ngày 'to'");
  if (auto t = ctx.query("type")) {
    if (!ctx.app.types().find(*t)) throw bad_query("Không có loại hoạt động '" + *t + "'");
    q.f.type = *t;
  }
  if (auto t = id_query(ctx, "team_id")) q.f.team = ctx.team(*t).id;  // 404 outside scope
  if (auto a = id_query(ctx, "author_id")) q.f.author = *a;
  if (ctx.flag("mine").value_or(false)) {
    if (q.f.author && q.f.author != ctx.caller().user_id)
      throw bad_query("Dùng 'mine=1' hoặc 'author_id', không dùng cả hai");
    q.f.author = ctx.caller().user_id;
  }
  q.filters = "unit=" + std::to_string(root) + "|from=" + ctx.query("from").value_or("") +
              "|to=" + ctx.query("to").value_or("") + "|type=" + q.f.type + "|team=" + std::to_string(q.f.team) +
              "|author=" + std::to_string(q.f.author);
  return q;
}

std::optional<ActivityPosition> activity_cursor(Ctx& ctx, const ActivityQuery& q) {
  auto pos = cursor_param(ctx, "activities", q.filters);
  if (!pos) return std::nullopt;
  if (!pos->is_object() || !(*pos)["d"].is_string() || !(*pos)["i"].is_number_integer()) throw invalid_cursor();
  auto d = parse_iso_date((*pos)["d"].get<std::string>());
  if (!d) throw invalid_cursor();
  return ActivityPosition{*d, (*pos)["i"].get<Id>()};
}

// Who logged each row, and the names of the teams, for a page of rows.
struct RowNames {
  std::unordered_map<Id, std::string> authors, teams;
};

RowNames row_names(Ctx& ctx, const std::vector<StoredActivity>& rows) {
  std::vector<Id> authors, teams;
  for (const StoredActivity& s : rows) {
    authors.push_back(s.a.author);
    if (s.a.team_id) teams.push_back(s.a.team_id);
  }
  for (auto* v : {&authors, &teams}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  return {ctx.store().user_names(authors), ctx.store().team_names(teams)};
}

Response list_activities(Ctx& ctx) {
  ActivityQuery q = activity_query(ctx);
  const size_t limit = limit_param(ctx, 50, 500);
  ActivityPage page = activity_page(ctx.app, ctx.store(), q.f, activity_cursor(ctx, q), limit);
  RowNames names = row_names(ctx, page.items);
  json items = json::array();
  for (const StoredActivity& s : page.items) {
    json j = activity_json(ctx.app, s);
    auto a = names.authors.find(s.a.author);  // none for the demo's and imports' seeded rows
    j["author"] = a != names.authors.end() ? json{{"id", s.a.author}, {"name", a->second}} : json(nullptr);
    auto t = s.a.team_id ? names.teams.find(s.a.team_id) : names.teams.end();
    j["team"] = t != names.teams.end() ? json{{"id", s.a.team_id}, {"name", t->second}} : json(nullptr);
    j["place"] = place_text(ctx.app.units(), s.a.unit_id, s.a.date);
    items.push_back(std::move(j));
  }
  json next = nullptr;
  if (page.next)
    next = encode_cursor(ctx, "activities", q.filters, {{"d", format_iso(page.next->first)}, {"i", page.next->second}});
  return json_response(200, {{"items", std::move(items)}, {"next_cursor", std::move(next)}});
}

// "12 tài khoản; 3 gian hàng"
std::string quantities_text(const ActivityType& t, const Activity& a) {
  std::string s;
  for (size_t i = 0; i < t.fields.size(); ++i) {
    if (!a.q[i]) continue;
    if (!s.empty()) s += "; ";
    s += format_vn_number(a.q[i]) + " " + t.fields[i].unit;
  }
  return s;
}

constexpr size_t kExportRows = 100000;

Response activities_xlsx(Ctx& ctx) {
  ActivityQuery q = activity_query(ctx);
  const UnitIndex& units = ctx.app.units();
  std::string title = "Hoạt động của Tổ CNSCĐ — " + q.scope_name;
  title += q.f.from == activity_list_start() ? " (đến ngày " + format_vn(q.f.to) + ")"
                                             : " (từ " + format_vn(q.f.from) + " đến " + format_vn(q.f.to) + ")";
  XlsxTable x("Hoạt động", title,
              {{"STT", 7}, {"Ngày", 12}, {"Loại hoạt động", 30}, {"Phân loại", 18}, {"Số lượng", 24}, {"Tổ", 32},
               {"Địa bàn", 34}, {"Người ghi", 22}, {"Ghi chú", 30}});
  std::optional<ActivityPosition> at;
  do {
    ActivityPage page = activity_page(ctx.app, ctx.store(), q.f, at, 1000, 1 << 20);
    if (x.rows() + page.items.size() > kExportRows)
      throw ApiError{400, "too_many_rows", "Quá nhiều dòng",
                     "Có hơn " + format_vn_number(kExportRows) +
                         " hoạt động khớp bộ lọc; hãy thu hẹp khoảng ngày, đơn vị hoặc loại hoạt động",
                     {}};
    RowNames names = row_names(ctx, page.items);
    for (const StoredActivity& s : page.items) {
      const ActivityType& t = ctx.app.types().types()[static_cast<size_t>(s.a.type)];
      auto team = s.a.team_id ? names.teams.find(s.a.team_id) : names.teams.end();
      x.row({static_cast<double>(x.rows() + 1), s.a.date, t.name,
             text(s.a.category >= 0 ? t.categories[static_cast<size_t>(s.a.category)].name : ""),
             text(quantities_text(t, s.a)), text(team != names.teams.end() ? team->second : ""),
             place_text(units, s.a.unit_id, s.a.date), text(names.authors[s.a.author]), text(s.a.note)});
    }
    at = page.next;
  } while (at);
  return xlsx_download(x.finish(), "hoat-dong-" + q.scope_name, "Hoạt động " + q.scope_name);
}

}  // namespace

void add_list_routes(Router& r) {
  r.add("GET", "/api/v1/units/{id}/teams", unit_teams);
  r.add("GET", "/api/v1/units/{id}/teams.xlsx", unit_teams_xlsx);
  r.add("GET", "/api/v1/units/{id}/members.xlsx", unit_members_xlsx);
  r.add("GET", "/api/v1/teams/{id}/members.xlsx", team_members_xlsx);
  r.add("GET", "/api/v1/activities", list_activities);
  r.add("GET", "/api/v1/activities.xlsx", activities_xlsx);
}

}  // namespace langso
