#include "io/gen_register.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "store/store.h"
#include "util/split_mix.h"

namespace langso {

namespace {

using Rng = SplitMix;

struct Rate {
  int min_age;
  double by_2025, at_start;  // shares of those old enough: held by 31/12/2025, of which held on 01/01/2022
};
constexpr Rate kRates[kGenStatusTypes] = {
    {12, 0.82, 0.70}, {14, 0.72, 0.10}, {15, 0.48, 0.25}, {15, 0.76, 0.55},
    {15, 0.22, 0.20}, {10, 0.50, 0.15}, {18, 0.07, 0.10}, {0, 0.80, 0.15},
};

const char* kFamily[] = {"Hoàng", "Nông", "Lương", "Ma", "Triệu", "Lý", "Hà", "Đàm", "Nguyễn", "Lục", "Bế", "Vi"};
const char* kMiddleMale[] = {"Văn", "Đức", "Minh"};
const char* kMiddleFemale[] = {"Thị", "Thu", "Ngọc"};
const char* kGivenMale[] = {"Pảo", "Sình", "Tài", "Khánh", "Dũng", "Cường", "Thắng", "Hưng", "Quyết", "Nam"};
const char* kGivenFemale[] = {"Nhất", "Mây", "Nguyệt", "Hoa", "Lan", "Hương", "Thảo", "Liên", "Vân", "Hằng"};

}  // namespace

GenRegister generate_register(uint64_t seed, uint64_t key, int64_t people) {
  Rng rng{seed * 0x2545F4914F6CDD1DULL ^ (key + 1) * 0x9E3779B97F4A7C15ULL};
  GenRegister g;
  g.people.reserve(static_cast<size_t>(people) + 8);
  g.households.reserve(static_cast<size_t>(people / 3 + 1));
  const Date mid2025 = date_from_ymd(2025, 7, 1), first = date_from_ymd(2020, 1, 1), survey = date_from_ymd(2022, 1, 1);
  const Date end2025 = date_from_ymd(2025, 12, 31);
  const int span = end2025.days - survey.days;
  while (static_cast<int64_t>(g.people.size()) < people) {
    GenRegister::Household h;
    h.fibre = rng.below(100) < 72;
    h.smart_device = rng.below(100) < 88;
    h.first = static_cast<int32_t>(g.people.size());
    h.size = static_cast<int32_t>(1 + rng.below(4) + rng.below(3) + (rng.below(10) < 2 ? 1 : 0));
    for (int32_t k = 0; k < h.size; ++k) {
      GenRegister::Person p;
      const uint64_t band = rng.below(100);
      const int age = band < 23 ? static_cast<int>(rng.below(15)) : band < 86 ? 15 + static_cast<int>(rng.below(45)) : 60 + static_cast<int>(rng.below(35));
      p.born = Date{mid2025.days - age * 365 - static_cast<int>(age / 4) - static_cast<int>(rng.below(365))};
      p.female = rng.below(2) == 0;
      p.from = std::max(first, p.born);
      p.to = rng.below(1000) < 12 ? Date{date_from_ymd(2023, 1, 1).days + static_cast<int>(rng.below(3 * 365))} : kMaxDate;
      p.first_status = static_cast<int32_t>(g.statuses.size());
      const double propensity = rng.unit();
      const int age_end = (end2025.days - p.born.days) * 4 / 1461;
      for (int s = 0; s < kGenStatusTypes; ++s) {
        if (age_end < kRates[s].min_age) continue;
        const double u = 0.65 * propensity + 0.35 * rng.unit();
        if (u >= kRates[s].by_2025) continue;
        Date gained = rng.unit() < kRates[s].at_start ? survey : Date{survey.days + 1 + static_cast<int>(rng.below(static_cast<uint64_t>(span)))};
        gained = std::max(gained, p.from);
        if (!(gained < p.to)) continue;
        g.statuses.push_back({static_cast<uint8_t>(s), gained});
        ++p.statuses;
      }
      g.people.push_back(p);
    }
    g.households.push_back(h);
  }
  return g;
}

void write_generated_register(Store& store, int64_t village, const GenRegister& g, int64_t author, uint64_t seed,
                              GenRegisterReport& report) {
  Db& db = store.db();
  Rng rng{seed ^ static_cast<uint64_t>(village) * 0xD1B54A32D192ED03ULL};
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  const std::vector<int64_t> hid = db.reserve_ids("households", g.households.size());
  const std::vector<int64_t> pid = db.reserve_ids("residents", g.people.size());
  const std::vector<int64_t> xid = db.reserve_ids("residencies", g.people.size());
  const std::vector<int64_t> sid = db.reserve_ids("citizen_statuses", g.statuses.size());
  // Multi-row INSERTs of up to 200 rows.
  auto batched = [&](const char* head, const char* one, size_t cols, size_t n, auto&& row) {
    std::vector<Value> params;
    std::string sql;
    for (size_t i = 0; i < n;) {
      const size_t k = std::min<size_t>(200, n - i);
      sql = head;
      params.clear();
      params.reserve(k * cols);
      for (size_t j = 0; j < k; ++j, ++i) {
        if (j) sql += ',';
        sql += one;
        row(i, params);
      }
      db.exec(sql, params);
    }
  };
  auto iso = [](Date d) { return Value(format_iso(d)); };
  batched("INSERT INTO households(id, unit_id, hamlet, house_number, head_id, fibre, smart_device, author_id, created_at, updated_at) VALUES ",
          "(?,?,?,?,?,?,?,?,?,?)", 10, g.households.size(), [&](size_t i, std::vector<Value>& p) {
            const auto& h = g.households[i];
            p.insert(p.end(), {hid[i], village, Value(fmt::format("Xóm {}", 1 + i / 40)), Value(std::to_string(1 + i)),
                               pid[static_cast<size_t>(h.first)], int64_t{h.fibre}, int64_t{h.smart_device}, author, now, now});
          });
  std::vector<int64_t> household_of(g.people.size());
  for (size_t i = 0; i < g.households.size(); ++i)
    for (int32_t k = 0; k < g.households[i].size; ++k) household_of[static_cast<size_t>(g.households[i].first + k)] = static_cast<int64_t>(i);
  batched("INSERT INTO residents(id, full_name, birth_date, birth_year, sex, author_id, created_at, updated_at) VALUES ",
          "(?,?,?,?,?,?,?,?)", 8, g.people.size(), [&](size_t i, std::vector<Value>& p) {
            const auto& x = g.people[i];
            const std::string name = x.female ? fmt::format("{} {} {}", kFamily[rng.below(12)], kMiddleFemale[rng.below(3)], kGivenFemale[rng.below(10)])
                                              : fmt::format("{} {} {}", kFamily[rng.below(12)], kMiddleMale[rng.below(3)], kGivenMale[rng.below(10)]);
            int y;
            unsigned m, d;
            ymd_from_date(x.born, y, m, d);
            p.insert(p.end(), {pid[i], Value(name), iso(x.born), int64_t{y}, Value(std::string(x.female ? "nu" : "nam")), author, now, now});
          });
  batched("INSERT INTO residencies(id, resident_id, household_id, valid_from, valid_to) VALUES ", "(?,?,?,?,?)", 5,
          g.people.size(), [&](size_t i, std::vector<Value>& p) {
            const auto& x = g.people[i];
            p.insert(p.end(), {xid[i], pid[i], hid[static_cast<size_t>(household_of[i])], iso(x.from),
                               x.to == kMaxDate ? null_value() : iso(x.to)});
          });
  std::vector<int64_t> owner(g.statuses.size());
  for (size_t i = 0; i < g.people.size(); ++i)
    for (int32_t k = 0; k < g.people[i].statuses; ++k) owner[static_cast<size_t>(g.people[i].first_status + k)] = pid[i];
  batched("INSERT INTO citizen_statuses(id, resident_id, type, gained_on, source, author_id, created_at, updated_at) VALUES ",
          "(?,?,?,?,?,?,?,?)", 8, g.statuses.size(), [&](size_t i, std::vector<Value>& p) {
            p.insert(p.end(), {sid[i], owner[i], Value(std::string(kGenStatusCodes[g.statuses[i].type])), iso(g.statuses[i].gained),
                               Value(std::string("import")), author, now, now});
          });
  report.households += static_cast<int64_t>(g.households.size());
  report.persons += static_cast<int64_t>(g.people.size());
  report.statuses += static_cast<int64_t>(g.statuses.size());
}

}  // namespace langso
