// The demo's household register (issue 12): the villages of Xã Cao Kỳ and Xã
// Tân Sơn and Thôn Nà Pầu of Xã Hoà Mục (all today part of Xã Tân Kỳ) with
// households, people with made-up Tày, Nùng and Dao names and clearly
// fictional CCCDs (middle digits 999), and digital-citizen statuses gained
// over 2022–2025 — in each of Cao Kỳ's and Tân Sơn's pilot villages mostly
// through visits of its team (so they count in the activity totals too),
// elsewhere from the village's own list (source "import").
// Deterministic: the same demo every run.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "auth/crypto.h"
#include "engine/commands.h"
#include "io/demo_register.h"

namespace langso {

namespace {

const char* kSurnames[] = {"Hoàng", "Nông", "Lường", "Triệu", "Lý", "Ma", "Hà", "Lục", "Bế", "Đàm", "Dương", "La"};
const char* kMen[] = {"Văn Pảo", "Văn Toàn", "Văn Thắng", "Đức Lợi", "Văn Khánh", "Quang Hải", "Văn Sình", "Văn Chấn", "Minh Tú", "Văn Páo"};
const char* kWomen[] = {"Thị Slao", "Thị Mây", "Thị Nhung", "Thị Hoa", "Thị Kiều", "Thu Hà", "Thị Mai", "Thị Dung", "Ngọc Ánh", "Thị Xuân"};
const char* kHamlets[] = {"Xóm Trên", "Xóm Giữa", "Xóm Dưới"};
// Nà Pầu's own hamlets (the tests write theirs under other names).
const char* kNaPauHamlets[] = {"Xóm Pác Làng", "Xóm Nà Cà", "Xóm Bó Pja"};

Date day(const char* iso) { return *parse_iso_date(iso); }

}  // namespace

void seed_demo_register(App& app) {
  uint64_t state = 20250701;
  auto rnd = [&](uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  auto chance = [&](int percent) { return static_cast<int>(rnd(100)) < percent; };
  const Date structure = day("2022-05-04");
  const Id cho_moi = app.units().by_code("065", structure).at(0);
  std::vector<std::pair<Id, bool>> villages;  // village, is the pilot (its statuses partly through visits)
  Id na_pau = 0;
  for (Id c : app.units().children_at(cho_moi, structure)) {
    const std::string& name = app.units().find(c)->name;
    if (name == "Xã Hoà Mục")
      for (Id v : app.units().children_at(c, structure))
        if (app.units().find(v)->name == "Thôn Nà Pầu") na_pau = v;
    if (name != "Xã Cao Kỳ" && name != "Xã Tân Sơn") continue;
    bool first = true;
    for (Id v : app.units().children_at(c, structure)) {
      villages.push_back({v, first});
      first = false;
    }
  }
  // Thôn Nà Pầu last (the villages before it draw the same numbers as
  // before), from its list alone: its team's visits are the walkthrough's.
  if (na_pau) villages.push_back({na_pau, false});
  const StatusCatalog& st = app.statuses();
  // Shares reached by the end of 2025 (per type), roughly as provinces report them.
  const std::vector<std::pair<std::string, int>> reach = {
      {"smartphone", 82}, {"vneid_muc_2", 74}, {"tai_khoan_dvc", 52}, {"thanh_toan_khong_tien_mat", 63},
      {"thuong_mai_dien_tu", 12}, {"ky_nang_so", 55}, {"chu_ky_so", 18}, {"ho_so_suc_khoe", 66}};
  const Date first = day("2022-06-01"), last = day("2025-06-20");
  Store& s = app.store();
  int person = 0, visits = 0;
  for (auto [village, pilot] : villages) {
    Team team;
    std::vector<Member> members;
    if (pilot)
      for (const Team& t : s.teams_of_units({village})) team = t, members = s.members_of_team(t.id);
    // A visit per (household, day) in the pilot village; the rest as imported.
    std::map<std::pair<Id, int32_t>, Visit> by_visit;
    std::vector<Id> residents;
    {
      Transaction tx(s.db());
      const int households = 34 + static_cast<int>(rnd(12));
      for (int k = 0; k < households; ++k) {
        Household h;
        h.unit_id = village;
        const char* const* hamlets = village == na_pau ? kNaPauHamlets : kHamlets;
        h.hamlet = hamlets[k % 3];
        h.house_number = std::to_string(k / 3 + 1);
        h.fibre = chance(58);
        h.smart_device = chance(85);
        if (chance(40)) h.phone = fmt::format("0399{:06}", 100000 + person);
        h.id = s.insert_household(h, 0, "", "");
        const std::string surname = kSurnames[rnd(std::size(kSurnames))];
        const int size = 2 + static_cast<int>(rnd(5));
        const char* ethnic = chance(55) ? "tay" : chance(60) ? "nung" : chance(70) ? "dao" : "kinh";
        const int parents = 1950 + static_cast<int>(rnd(45));
        for (int m = 0; m < size; ++m) {
          Resident r;
          const bool man = m == 0 ? true : m == 1 ? false : chance(50);
          r.sex = man ? "nam" : "nu";
          const std::string given = man ? kMen[rnd(std::size(kMen))] : kWomen[rnd(std::size(kWomen))];
          r.full_name = (m == 1 ? std::string(kSurnames[rnd(std::size(kSurnames))]) : surname) + " " + given;
          const int year = m < 2 ? parents + static_cast<int>(rnd(4)) : std::min(2024, parents + 20 + static_cast<int>(rnd(15)));
          if (chance(75)) r.birth_date = date_from_ymd(year, 1 + static_cast<unsigned>(rnd(12)), 1 + static_cast<unsigned>(rnd(28)));
          r.birth_year = year;
          r.ethnic = ethnic;
          // Agreed in mid-2022, or (a child born since) on the day they were registered at birth.
          r.consent_on = std::max(Date{first.days - 20 + static_cast<int>(rnd(60))},
                                  r.birth_date ? *r.birth_date : date_from_ymd(year, 1, 1));
          const bool adult = 2025 - year >= 18;
          if (adult && chance(60)) {
            r.cccd_last4 = fmt::format("{:04}", person % 10000);
            // 006 (Bắc Kạn), sex-and-century digit, year, then 999: no real CCCD looks like this.
            const std::string cccd = fmt::format("006{}{:02}999{:02}{}", man ? (year < 2000 ? 0 : 2) : (year < 2000 ? 1 : 3), year % 100,
                                                 (person / 10000) % 100, r.cccd_last4);
            r.cccd_digest = app.cccd_digest(cccd);
          }
          if (adult && chance(50)) r.phone = fmt::format("0388{:06}", 100000 + person);
          ++person;
          r.id = s.insert_resident(r, 0, "", "");
          const Date born = r.birth_date ? *r.birth_date : date_from_ymd(year, 1, 1);
          s.insert_residency({0, r.id, h.id, {std::max(day("2020-01-01"), born), kMaxDate}});
          if (m == 0) {
            h.head_id = r.id;
            s.update_household(h);
          }
          residents.push_back(r.id);
          // Statuses: adults mostly; children only a health record.
          for (const auto& [code, percent] : reach) {
            const StatusType* t = st.find(code);
            if (!t) continue;
            if (!adult && code != "ho_so_suc_khoe" && !(code == "smartphone" && 2025 - year >= 15)) continue;
            if (!chance(percent)) continue;
            Date gained{first.days + static_cast<int>(rnd(static_cast<uint64_t>(last.days - first.days)))};
            if (gained < born) continue;
            std::string option = t->options.empty() ? "" : t->options[rnd(t->options.size())].code;
            const bool visited = pilot && team.id && !members.empty() && gained.days >= day("2023-01-01").days && chance(70);
            if (visited) {
              // Visits on the household's few visit days.
              const int32_t slot = day("2023-01-01").days + static_cast<int32_t>((gained.days - day("2023-01-01").days) / 91) * 91 + 10;
              Visit& v = by_visit[{h.id, slot}];
              v.household_id = h.id;
              v.unit_id = village;
              v.date = Date{slot};
              v.team_id = team.id;
              v.member_id = members[static_cast<size_t>(h.id) % members.size()].id;
              v.present.push_back(r.id);
              v.changes.push_back({r.id, code, option});
              v.note = "Hướng dẫn tại nhà";
              continue;
            }
            CitizenStatus cs;
            cs.resident_id = r.id;
            cs.type = code;
            cs.option = option;
            cs.gained_on = gained;
            cs.source = StatusSource::Import;
            s.insert_status(cs, 0);
          }
        }
      }
      tx.commit();
    }
    for (auto& [key, v] : by_visit) {
      if (!team.active().contains(v.date)) continue;
      std::sort(v.present.begin(), v.present.end());
      v.present.erase(std::unique(v.present.begin(), v.present.end()), v.present.end());
      record_visit(app, v, "demo-visit-" + std::to_string(++visits), "");
    }
    app.refresh_register(village);
  }
}

}  // namespace langso
