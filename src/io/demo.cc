#include "io/demo.h"
#include "io/demo_register.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "auth/crypto.h"
#include "engine/commands.h"
#include "engine/commands_plans.h"
#include "engine/periodic.h"
#include "io/reorg_import.h"
#include "util/csv.h"

namespace langso {

namespace {

Date d(const char* iso) { return *parse_iso_date(iso); }

// Pilot village first; names are illustrative.
const std::map<std::string, std::vector<std::string>> kVillages = {
    {"Thị trấn Đồng Tâm", {"Tổ dân phố Đồng Tâm", "Tổ dân phố Đon Tuấn", "Tổ dân phố Bến Tắm", "Tổ dân phố Pác Gằng"}},
    {"Xã Quảng Chu", {"Thôn Nà Còn", "Thôn Khuổi Tắm", "Thôn Nà Pài", "Thôn Bản Chang"}},
    {"Xã Như Cố", {"Thôn Nà Tiêm", "Thôn Bản Pằng", "Thôn Khuổi Chủ", "Thôn Nà Khon"}},
    {"Xã Tân Sơn", {"Thôn Khuổi Hóp", "Thôn Nà Dầy", "Thôn Bản Cháng", "Thôn Phiêng Đén"}},
    {"Xã Hoà Mục", {"Thôn Nà Pầu", "Thôn Khuổi Đeng", "Thôn Bản Lắc", "Thôn Nà Lẹng"}},
    {"Xã Cao Kỳ", {"Thôn Khe Thuổng", "Thôn Nà Hoan", "Thôn Bản Giảo", "Thôn Pò Đon"}},
    {"Xã Thanh Vận", {"Thôn Nà Vài", "Thôn Bản Cầy", "Thôn Khuổi Pài", "Thôn Nà Luông"}},
    {"Xã Mai Lạp", {"Thôn Khau Ban", "Thôn Nà Mò", "Thôn Bản Áng", "Thôn Khuổi Nộc"}},
    {"Xã Thanh Mai", {"Thôn Nà Bay", "Thôn Bản Chiêng", "Thôn Khuổi Lừa", "Thôn Phiêng Cuôn"}},
    {"Xã Nông Hạ", {"Thôn Nà Lịa", "Thôn Bản Pjạc", "Thôn Khuổi Ba", "Thôn Nà Riềng"}},
    {"Xã Thanh Thịnh", {"Thôn Nà Ngà", "Thôn Bản Thí", "Thôn Khuổi Cò", "Thôn Nà Dăm"}},
    {"Xã Yên Cư", {"Thôn Nà Tát", "Thôn Bản Cộng", "Thôn Khuổi Cuồng", "Thôn Nà Cà"}},
    {"Xã Yên Hân", {"Thôn Nà Bản", "Thôn Bản Lác", "Thôn Khuổi Chiêm", "Thôn Phiêng Khảo"}},
    {"Xã Bình Văn", {"Thôn Nà Pồng", "Thôn Bản Tàu", "Thôn Khuổi Lịa", "Thôn Nà Hin"}},
};

const char* kSurnames[] = {"Nguyễn", "Hoàng", "Nông", "Triệu", "Lường", "Hà", "Ma", "Đinh", "Lục", "Bế"};
const char* kMiddle[] = {"Văn", "Thị", "Đức", "Thu", "Minh", "Hồng", "Ngọc", "Quang"};
const char* kGiven[] = {"An", "Bình", "Cường", "Dung", "Giang", "Hạnh", "Hùng", "Lan", "Long", "Mai",
                        "Nam", "Ngọc", "Phương", "Quân", "Sơn", "Thảo", "Tuấn", "Vân", "Yến", "Đông"};

std::string person_name(int n) {
  return fmt::format("{} {} {}", kSurnames[n % 10], kMiddle[(n / 10) % 8], kGiven[(n * 7) % 20]);
}

}  // namespace

// The history up to kDemoFrozen is drawn from one sequence for all teams, in
// team order (as the demo always drew it); after it each team goes on from a
// sequence of its own. With one sequence to today, every day added to the
// first teams' history shifted what every later team had logged years
// before, so the demo's 2022 changed from one day to the next (and the tests
// that read it with it).
static constexpr int32_t kDemoFrozen = 20790;  // 03/12/2026

std::vector<Activity> demo_activities(const std::vector<Team>& teams, const ActivityCatalog& types, const UnitIndex& units,
                                      Date today) {
  uint64_t state = 20220504;
  auto rnd = [&](uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  std::vector<Activity> out;
  // Activities from `from` until the day before `end`; returns the day the
  // next would have been.
  auto log_until = [&](const Team& t, Date from, Date end) {
    Date d = from;
    for (; d < end; d = Date{d.days + 6 + static_cast<int>(rnd(10))}) {
      if (!units.alive(t.unit_id, d)) continue;  // a team left on a commune that ended logs nothing there
      Activity a;
      a.team_id = t.id;
      a.unit_id = t.unit_id;
      a.date = d;
      a.type = static_cast<int>(rnd(types.types().size()));
      const ActivityType& ty = types.types()[static_cast<size_t>(a.type)];
      if (!ty.categories.empty()) a.category = static_cast<int>(rnd(ty.categories.size()));
      for (size_t f = 0; f < ty.fields.size(); ++f)
        a.q[f] = static_cast<int32_t>(1 + rnd(static_cast<uint64_t>(std::min<int64_t>(ty.fields[f].max / 50, 40))));
      out.push_back(a);
    }
    return d;
  };
  const Date frozen_end = Date{std::min(today.days, kDemoFrozen) + 1};
  std::vector<Date> next;
  for (const Team& t : teams) next.push_back(log_until(t, Date{t.active_from.days + 1}, std::min(frozen_end, t.active().to)));
  for (size_t i = 0; i < teams.size(); ++i) {
    state = 20220504 + static_cast<uint64_t>(teams[i].id) * 7919;
    log_until(teams[i], next[i], std::min(Date{today.days + 1}, teams[i].active().to));
  }
  return out;
}

namespace {

// From the teams' first days to today, each team logs a few activities a
// month (deterministic), and Chợ Mới and Bắc Kạn get yearly targets.
void seed_demo_activities(App& app) {
  std::vector<PendingActivity> items;
  int seq = 0;
  for (Activity& a : demo_activities(app.store().all_teams(), app.types(), app.units(), today_local()))
    items.push_back({std::move(a), "demo-" + std::to_string(++seq), ""});
  record_activities(app, std::move(items));
  const Id cho_moi = app.units().by_code("065", d("2022-05-04")).at(0);
  const Id bac_kan = app.units().by_code("06", d("2022-05-04")).at(0);
  const Id thai_nguyen = app.units().by_code("19", d("2025-07-01")).at(0);
  Store& s = app.store();
  Transaction tx(s.db());
  for (int year = 2022; year <= 2027; ++year) {
    double growth = 1.0 + 0.15 * (year - 2022);
    // Targets stay with the units they were set for; Thái Nguyên gets its own from 2025.
    std::vector<std::pair<Id, double>> units{{cho_moi, 1.0}, {bac_kan, 8.0}};
    if (year >= 2025) units = {{thai_nguyen, 8.0}};
    for (auto [unit, scale] : units) {
      for (auto [code, base] : {std::pair{"dvc_huong_dan", 1300.0}, {"vi_dien_tu", 1100.0}, {"tmdt_gian_hang", 800.0},
                                {"ho_tuyen_truyen", 1200.0}, {"hoc_vien_ky_nang_so", 1250.0}, {"vneid_kich_hoat", 1500.0}}) {
        TargetRecord t{unit, year, code, std::round(base * scale * growth)};
        s.put_target(t);
        app.set_target(t);
      }
    }
  }
  tx.commit();
}

// 01/07/2025: Bắc Kạn joins Thái Nguyên and Chợ Mới's 14 communes become 5.
// As their officers would, the new communes merge the commune-level teams
// they inherited, except Xã Thanh Thịnh, left for the demo's officers to do.
void apply_demo_reorganisation(App& app) {
  std::string fixture(demo_reform_csv());
  while (fixture.starts_with("#")) fixture.erase(0, fixture.find('\n') + 1);
  ReorgReport r = import_reorganisation(app.store(), read_reform2025(fixture, "", ""));
  if (!r.errors.empty()) throw std::runtime_error("demo: " + r.errors.front());
  app.rebuild();
  const Date reform = d("2025-07-01");
  const Id cho_moi = app.units().by_code("065", d("2022-05-04")).at(0);
  for (Id id : app.units().became(cho_moi)) {
    const Unit commune = *app.units().find(id);
    if (commune.name == "Xã Thanh Thịnh") continue;
    std::vector<Team> open;
    for (const Team& t : inherited_teams(app, commune.id))
      if (t.active().contains(reform)) open.push_back(t);
    if (!open.empty()) merge_teams(app, commune.id, open, "Tổ CNSCĐ " + name_in_sentence(commune), 0);
  }
}

// Who issues and signs the reports of Chợ Mới, Bắc Kạn and Thái Nguyên (the
// names are made up), and Chợ Mới's report of May 2022 as its officer wrote
// it on 04/05/2022, the day the pilot's teams were all in place.
void seed_demo_reports(App& app) {
  const Id cho_moi = app.units().by_code("065", d("2022-05-04")).at(0);
  const Id bac_kan = app.units().by_code("06", d("2022-05-04")).at(0);
  const Id thai_nguyen = app.units().by_code("19", d("2025-07-01")).at(0);
  auto settings = [&](Id unit, IssuerKind kind, std::string body, std::string abbr, std::string head, std::string title,
                      std::string name, std::string place) {
    ReportSettings s;
    s.unit = unit;
    s.issuer_kind = kind;
    s.issuer_name = std::move(body);
    s.abbreviation = std::move(abbr);
    s.head_title = std::move(head);
    s.signer_title = std::move(title);
    s.signer_name = std::move(name);
    s.place = std::move(place);
    return s;
  };
  Store& s = app.store();
  Transaction tx(s.db());
  s.put_report_settings(settings(cho_moi, IssuerKind::PeoplesCommittee, "", "UBND", "Chủ tịch", "Phó Chủ tịch", "Nguyễn Văn A", "Chợ Mới"), 0);
  s.put_report_settings(settings(bac_kan, IssuerKind::PeoplesCommittee, "", "UBND", "Chủ tịch", "Phó Chủ tịch", "Trần Thị B", "Bắc Kạn"), 0);
  s.put_report_settings(settings(thai_nguyen, IssuerKind::Body, "Sở Khoa học và Công nghệ", "SKHCN", "Giám đốc", "Phó Giám đốc",
                                 "Lê Văn C", "Thái Nguyên"),
                        0);
  ReportDocument doc;
  doc.unit = cho_moi;
  doc.period = "2022-05";
  doc.period_from = d("2022-05-01");
  doc.period_to = d("2022-05-31");
  doc.number = "112";
  doc.date = d("2022-05-04");
  doc.sections = {
      "Thực hiện Kế hoạch số 265/KH-UBND ngày 25/4/2022 của UBND tỉnh Bắc Kạn về triển khai thí điểm Tổ Công nghệ số "
      "cộng đồng cấp xã, thôn trên địa bàn tỉnh, UBND huyện Chợ Mới đã chỉ đạo các xã, thị trấn thành lập và đưa vào "
      "hoạt động các Tổ công nghệ số cộng đồng.\n"
      "Tính đến ngày 04/5/2022, toàn huyện đã thành lập được 14 tổ cấp xã và 14 tổ cấp thôn, tổ dân phố; 14/14 xã, thị "
      "trấn có tổ (đạt 100%). Thành viên các tổ là trưởng thôn, công chức văn hoá - xã hội, đoàn viên thanh niên và "
      "nhân viên Viettel, VNPT, Bưu điện trên địa bàn.\n"
      "Các tổ đã thông tin, tuyên truyền các chủ trương, chính sách của Đảng và Nhà nước về chuyển đổi số đến các hộ "
      "gia đình; cung cấp thông tin về chuyển đổi số tại các cuộc họp ở xã, thôn; thành lập nhóm Zalo của tổ cấp xã và "
      "cấp thôn; hướng dẫn người dân sử dụng dịch vụ công trực tuyến, tạo tài khoản và đăng ký gian hàng trên sàn "
      "thương mại điện tử Postmart.vn, Voso.vn, mở tài khoản ví điện tử của Viettel, VNPT.\n"
      "Số liệu chi tiết tại Phụ lục kèm theo.",
      "Một số thôn vùng cao sóng điện thoại, internet chưa ổn định; nhiều người dân, nhất là người cao tuổi, chưa có "
      "điện thoại thông minh; thành viên tổ hoạt động kiêm nhiệm, chưa được tập huấn đầy đủ về kỹ năng số và chưa có "
      "kinh phí hỗ trợ hoạt động.",
      "Đề nghị UBND tỉnh, Sở Thông tin và Truyền thông tổ chức tập huấn cho thành viên các tổ trên nền tảng OneTouch; "
      "đề nghị các doanh nghiệp viễn thông hỗ trợ thiết bị và gói cước cho hộ nghèo, hộ cận nghèo; xem xét bố trí kinh "
      "phí hỗ trợ hoạt động cho các tổ.",
      "Tiếp tục thành lập tổ ở các thôn, tổ dân phố còn lại, phấn đấu 100% thôn, tổ dân phố có Tổ công nghệ số cộng "
      "đồng; đẩy mạnh tuyên truyền theo phương châm \"đi từng ngõ, gõ từng nhà, rà từng đối tượng\"; hướng dẫn người "
      "dân sử dụng dịch vụ công trực tuyến và thanh toán không dùng tiền mặt; cập nhật kết quả hoạt động của các tổ "
      "hằng ngày trên hệ thống.",
  };
  doc.recipients = {{bac_kan, "UBND tỉnh Bắc Kạn", true},
                    {0, "Sở Thông tin và Truyền thông tỉnh Bắc Kạn", true},
                    {0, "Thường trực Huyện uỷ, HĐND huyện", false},
                    {0, "Chủ tịch, các Phó Chủ tịch UBND huyện", false},
                    {0, "UBND các xã, thị trấn", false}};
  s.put_report_document(doc, 0);
  tx.commit();
}

}  // namespace

// A task of a demo plan, from its unit.
static void give_task(App& app, const Plan& p, Id to, const char* title, const char* evidence, const char* due) {
  PlanTask t;
  t.plan = p.id;
  t.from_unit = p.unit;
  t.to_unit = to;
  t.title = title;
  t.evidence_expected = evidence;
  t.due_on = d(due);
  create_plan_task(app, t, 0);
}

// Plan 265/KH-UBND of 25/04/2022 (the seed's story): every commune of every
// district with its team by 30/06/2022 (the article gives no deadline: ours),
// the tasks to Chợ Mới, and Chợ Mới's plan implementing it with a stricter
// deadline (31/05/2022) and a task to Hoà Mục.
static void seed_demo_plans(App& app) {
  const Date on = d("2022-05-04");
  const Id bac_kan = app.units().by_code("06", on).at(0);
  const Id cho_moi = app.units().by_code("065", on).at(0);
  Plan p;
  p.number = "265/KH-UBND";
  p.issued_on = d("2022-04-25");
  p.issuer_unit = p.unit = bac_kan;
  p.issuer_organ = "UBND tỉnh Bắc Kạn";
  p.title = "Kế hoạch triển khai thí điểm Tổ Công nghệ số cộng đồng cấp xã, thôn trên địa bàn tỉnh Bắc Kạn";
  p.start_on = d("2022-04-25");
  p.end_on = d("2022-12-31");
  p.status = PlanStatus::Issued;
  p.id = create_plan(app, p, 0);
  PlanTarget top{0, p.id, bac_kan, "phu_song_xa", 100, d("2022-06-30"), Cascade::Same, 0};
  add_plan_target(app, top, same_for_each(top, app.units().children_at(bac_kan, p.start_on)), 0);
  const char* tasks[][3] = {
      {"Thành lập Tổ CNSCĐ ở tất cả các xã, thị trấn và thôn thí điểm", "Quyết định thành lập tổ của UBND xã", "2022-05-15"},
      {"Báo cáo danh sách Tổ CNSCĐ và thành viên về Sở Thông tin và Truyền thông", "Danh sách tổ, thành viên, số điện thoại liên hệ", "2022-05-20"},
      {"Tập huấn kỹ năng số cho thành viên các tổ", "Danh sách học viên, tài liệu tập huấn", "2022-06-30"},
  };
  for (auto& [title, evidence, due] : tasks) give_task(app, p, cho_moi, title, evidence, due);
  Plan c;
  c.number = "45/KH-UBND";
  c.issued_on = d("2022-04-27");
  c.issuer_unit = c.unit = cho_moi;
  c.issuer_organ = "UBND huyện Chợ Mới";
  c.title = "Kế hoạch thực hiện Kế hoạch số 265/KH-UBND ngày 25/04/2022 của UBND tỉnh Bắc Kạn";
  c.start_on = d("2022-04-27");
  c.end_on = d("2022-12-31");
  c.status = PlanStatus::Issued;
  c.parent = p.id;
  c.id = create_plan(app, c, 0);
  add_plan_target(app, PlanTarget{0, c.id, cho_moi, "phu_song_xa", 100, d("2022-05-31"), Cascade::None, 0}, {}, 0);
  for (Id commune : app.units().children_at(cho_moi, on))
    if (app.units().find(commune)->name == "Xã Hoà Mục")
      give_task(app, c, commune, "Thành lập Tổ CNSCĐ của xã và của thôn Nà Pầu", "Quyết định thành lập tổ", "2022-05-10");
}

// After the reorganisation: UBND tỉnh Thái Nguyên's plan (number and dates
// ours, for the demo) carrying Decision 411/QĐ-TTg's 2025 targets for digital
// society, the same for every commune of the new province, and a task to
// Xã Tân Kỳ.
static void seed_demo_plan_2025(App& app) {
  const Date start = d("2025-07-15");
  auto provinces = app.units().by_code("19", start);
  if (provinces.empty()) return;
  const Id thai_nguyen = provinces.front();
  Plan p;
  p.number = "118/KH-UBND";
  p.issued_on = start;
  p.issuer_unit = p.unit = thai_nguyen;
  p.issuer_organ = "UBND tỉnh Thái Nguyên";
  p.title = "Kế hoạch thực hiện các chỉ tiêu xã hội số năm 2025 theo Quyết định số 411/QĐ-TTg trên địa bàn tỉnh "
            "Thái Nguyên (sau sắp xếp đơn vị hành chính)";
  p.start_on = start;
  p.end_on = d("2025-12-31");
  p.status = PlanStatus::Issued;
  p.id = create_plan(app, p, 0);
  const std::vector<Id> communes = app.units().children_at(thai_nguyen, start);
  // Decision 411's 2025 figures, by the register's indicators (domain.md).
  for (auto [code, value] : {std::pair{"cd_smartphone", 80.0}, {"cd_thanh_toan", 80.0}, {"cd_chu_ky_so", 50.0},
                             {"cd_dich_vu_cong", 50.0}, {"cd_cap_quang", 80.0}, {"cd_ky_nang_so", 70.0},
                             {"cd_ho_so_suc_khoe", 90.0}}) {
    if (!app.indicators().find(code)) continue;
    PlanTarget top{0, p.id, thai_nguyen, code, value, p.end_on, Cascade::Same, 0};
    add_plan_target(app, top, same_for_each(top, communes), 0);
  }
  for (Id commune : communes)
    if (app.units().find(commune)->name == "Xã Tân Kỳ")
      give_task(app, p, commune, "Rà soát sổ hộ, cập nhật công dân số của 3 xã cũ (Tân Sơn, Hòa Mục, Cao Kỳ)",
                "Báo cáo tỷ lệ công dân số theo thôn", "2025-09-30");
}

// Chợ Mới's monthly reports of August to November 2022 (issue 15): the
// communes' approved by the district, one returned with a reason and
// resubmitted (October), one late (September), one not submitted
// (November, so the district's November report waits); the district's
// approved by the province for August to October. Months the API and browser
// tests write activities in (up to July 2022) are left open: approval locks
// a period's activities.
void seed_demo_periodic(App& app, Id hoamuc_user, Id chomoi_user, Id backan_user) {
  const ReportForm* f = report_forms().find(kReportForm);
  if (!f) return;
  const Id cho_moi = app.units().by_code("065", d("2022-05-04")).at(0);
  const std::vector<Id> communes = app.units().children_at(cho_moi, d("2022-08-01"));
  const Id hoa_muc = [&] {
    for (Id c : communes)
      if (app.units().find(c)->name == "Xã Hoà Mục") return c;
    return Id{0};
  }();
  // Vietnam time, hh:mm on a day.
  auto at = [](const char* iso, int hour, int minute) {
    return (static_cast<int64_t>(d(iso).days) * 86400) + (hour - 7) * 3600 + minute * 60;
  };
  auto step = [&](Id unit, const ReportPeriod& p, ReportAction a, Id actor, int64_t when, std::string reason = {}) {
    StepRequest r;
    r.unit = unit;
    r.form = f;
    r.period = p;
    r.action = a;
    r.actor = actor;
    r.at = when;
    r.reason = std::move(reason);
    r.announce = false;  // 2022's history: nobody is told of it in 2026
    if (a == ReportAction::Submit)  // the demo's figures are what the teams recorded: each rule they break is explained
      for (const Violation& v : check_rules(app, *f, unit, p))
        r.explanations[v.rule] = "Đã đối chiếu với sổ theo dõi của các tổ: số liệu đúng thực tế trong tháng.";
    step_report(app, r);
  };
  const size_t returned = communes.size() > 2 ? 2 : 0, late = communes.size() > 3 ? 3 : 0,
               missing = communes.size() > 4 ? 4 : 0;
  for (const char* code : {"2022-08", "2022-09", "2022-10", "2022-11"}) {
    const ReportPeriod p = *parse_form_period(*f, code);
    const Date due = due_date(*f, p);
    char day[11];
    auto on = [&](int offset) {  // an ISO day relative to the due day
      std::snprintf(day, sizeof day, "%s", format_iso(Date{due.days + offset}).c_str());
      return day;
    };
    const bool november = std::string(code) == "2022-11";
    for (size_t i = 0; i < communes.size(); ++i) {
      const Id c = communes[i];
      const Id by = c == hoa_muc ? hoamuc_user : chomoi_user;
      if (november && i == missing) continue;  // not submitted
      if (std::string(code) == "2022-09" && i == late) {
        step(c, p, ReportAction::Submit, by, at(on(7), 9, 40));
        step(c, p, ReportAction::Approve, chomoi_user, at(on(8), 15, 5));
        continue;
      }
      step(c, p, ReportAction::Submit, by, at(on(-8 + static_cast<int>(i % 6)), 8 + static_cast<int>(i % 8), 15));
      if (std::string(code) == "2022-10" && i == returned) {
        step(c, p, ReportAction::Return, chomoi_user, at(on(-1), 10, 30),
             "Số người được hướng dẫn dịch vụ công trực tuyến cao bất thường so với tháng 9; đề nghị xã rà soát lại sổ "
             "theo dõi của các thôn và gửi lại.");
        step(c, p, ReportAction::Submit, by, at(on(0), 16, 20));
      }
      step(c, p, ReportAction::Approve, chomoi_user, at(on(1), 14, 0));
    }
    step(cho_moi, p, ReportAction::Submit, chomoi_user, at(on(0), 17, 30));
    if (!november) step(cho_moi, p, ReportAction::Approve, backan_user, at(on(5), 10, 0));
  }
}

std::vector<DemoLogin> seed_demo(App& app, const std::string& password) {
  // Before serving: this writer is alone, and the commands it calls take
  // exclusive() around their changes to the indexes.
  auto writing = app.writer();
  Store& s = app.store();
  if (!s.load_units().empty()) throw std::runtime_error("cơ sở dữ liệu đã có dữ liệu; chỉ nạp demo vào cơ sở dữ liệu trống");

  {  // Units from the compiled-in GSO fixture.
    Transaction tx(s.db());
    std::map<std::string, Id> by_code;
    CsvReader csv(demo_units_csv());
    std::vector<std::string> f;
    while (csv.next(f)) {
      if (f.size() != 5 || f[0].starts_with("#") || f[0] == "level") continue;
      Level level = f[0] == "province" ? Level::Province : f[0] == "district" ? Level::District : Level::Commune;
      const UnitType* t = level == Level::Province ? find_unit_type("tinh") : unit_type_from_gso(f[3], level);
      Unit u{0, f[1], f[2], std::string(t->code), level, {}};
      u.id = s.insert_unit(u);
      by_code[f[1]] = u.id;
      if (!f[4].empty()) s.insert_link({u.id, by_code.at(f[4]), {}});
    }
    tx.commit();
    app.rebuild();
  }

  const Id province = app.units().by_code("06", d("2022-05-04")).at(0);
  const Id cho_moi = app.units().by_code("065", d("2022-05-04")).at(0);
  const std::string plan = "Thành lập theo Kế hoạch số 265/KH-UBND ngày 25/04/2022 của UBND tỉnh Bắc Kạn "
                           "về triển khai thí điểm Tổ Công nghệ số cộng đồng cấp xã, thôn.";
  const char* affs[] = {"viettel", "vnpt", "buu_dien", "hoi_phu_nu", "hoi_nong_dan", "cong_an"};
  int person = 0, decision = 100;
  Id hoa_muc = 0, hoa_muc_pilot = 0;
  std::vector<Id> communes = app.units().children_at(cho_moi, d("2022-05-04"));
  for (size_t i = 0; i < communes.size(); ++i) {
    const Unit commune = *app.units().find(communes[i]);
    const std::string issuer = "UBND " + name_in_sentence(commune);
    if (commune.name == "Xã Hoà Mục") hoa_muc = commune.id;
    // Decisions fall between the plan (25/04) and 04/05/2022.
    Date decided{d("2022-04-26").days + static_cast<int>(i % 8)};
    std::vector<Id> villages;
    auto names = kVillages.find(commune.name);
    if (names != kVillages.end())
      for (const std::string& v : names->second)
        villages.push_back(create_village(app, commune.id, v, v.starts_with("Tổ dân phố") ? "to_dan_pho" : "thon", kMinDate, 0));
    if (commune.id == hoa_muc && !villages.empty()) hoa_muc_pilot = villages.front();

    auto make_team = [&](Id unit, const std::string& name, Date when, bool village) {
      Team t;
      t.unit_id = unit;
      t.name = name;
      t.decision_number = fmt::format("{}/QĐ-UBND", decision++);
      t.decision_date = when;
      t.decision_issuer = issuer;
      t.active_from = when;
      t.zalo_link = fmt::format("https://zalo.me/g/langso-demo-{}", unit);
      t.zalo_members = village ? 40 + (unit * 7) % 60 : 15 + (unit * 3) % 20;
      t.notes = plan;
      Id team = create_team(app, t, 0);
      for (int k = 0; k < 3; ++k) {
        Member m;
        m.team_id = team;
        m.full_name = person_name(person);
        m.phone = fmt::format("0912{:06}", 100 + person);
        ++person;
        m.role = k == 0 ? "to_truong" : k == 1 ? "to_pho" : "thanh_vien";
        m.affiliation = k == 0 ? (village ? "truong_thon" : "cong_chuc_xa") : k == 1 ? "doan_thanh_nien" : affs[person % 6];
        m.joined_on = when;
        if (k < 2) m.trained_on = d("2022-05-10");
        add_member(app, m, 0);
      }
    };
    make_team(commune.id, "Tổ CNSCĐ " + name_in_sentence(commune), decided, false);
    if (!villages.empty()) {
      const Unit* pilot = app.units().find(villages.front());
      make_team(pilot->id, "Tổ CNSCĐ " + pilot->name, Date{std::min(decided.days + 2, d("2022-05-04").days)}, true);
    }
  }

  apply_demo_reorganisation(app);
  seed_demo_activities(app);
  seed_demo_reports(app);
  seed_demo_plans(app);
  seed_demo_plan_2025(app);
  seed_demo_register(app);

  std::vector<DemoLogin> logins;
  auto user = [&](const char* login, Role role, Id unit, const char* full_name, const char* phone) -> Id {
    UserRecord u;
    u.login = login;
    u.full_name = full_name;
    u.phone = phone;
    u.role = role;
    u.unit_id = unit;
    u.password_hash = hash_password(password);
    const Id id = create_user(app, u, 0);
    logins.push_back({login, std::string(role_name(role)), unit ? app.units().find(unit)->name : "Toàn quốc"});
    return id;
  };
  user("admin", Role::Admin, 0, "Quản trị hệ thống", "0900000001");
  const Id backan_user = user("backan", Role::ProvinceOfficer, province, "Sở KH&CN tỉnh Bắc Kạn", "0900000002");
  const Id chomoi_user = user("chomoi", Role::DistrictOfficer, cho_moi, "Phòng VH-TT huyện Chợ Mới", "0900000003");
  const Id hoamuc_user = hoa_muc ? user("hoamuc", Role::CommuneOfficer, hoa_muc, "Công chức VH-XH xã Hoà Mục", "0900000004") : 0;
  if (hoa_muc_pilot) user("thanhvien", Role::TeamMember, hoa_muc_pilot, "Tổ trưởng thôn Nà Pầu", "0900000005");
  user("xem", Role::Viewer, province, "Lãnh đạo UBND tỉnh Bắc Kạn", "0900000006");
  seed_demo_periodic(app, hoamuc_user ? hoamuc_user : chomoi_user, chomoi_user, backan_user);
  // Accounts of today's units (the ones above wait for an administrator to confirm their new scope).
  const Date today = today_local();
  if (auto tn = app.units().by_code("19", today); !tn.empty())
    user("thainguyen", Role::ProvinceOfficer, tn.front(), "Sở KH&CN tỉnh Thái Nguyên", "0900000007");
  for (Id id : app.units().by_code("02104", today))
    if (app.units().find(id)->name == "Xã Tân Kỳ") user("tanky", Role::CommuneOfficer, id, "Công chức VH-XH xã Tân Kỳ", "0900000008");
  return logins;
}

}  // namespace langso
