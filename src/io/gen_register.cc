#include "io/gen_register.h"

#include <fmt/format.h>

#include <algorithm>

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
  Rng rng{seed ^ static_cast<uint64_t>(village) * 0xD1B54A32D192ED03ULL};
  // The import's bulk writes (ids reserved up front, a few hundred rows per INSERT).
  const std::vector<Id> hid = store.reserve_ids("households", g.households.size());
  const std::vector<Id> pid = store.reserve_ids("residents", g.people.size());
  const std::vector<Id> xid = store.reserve_ids("residencies", g.people.size());
  const std::vector<Id> sid = store.reserve_ids("citizen_statuses", g.statuses.size());
  std::vector<Resident> residents(g.people.size());
  std::vector<Residency> residencies(g.people.size());
  std::vector<CitizenStatus> statuses(g.statuses.size());
  std::vector<Household> households(g.households.size());
  for (size_t i = 0; i < g.households.size(); ++i) {
    const auto& gh = g.households[i];
    Household& h = households[i];
    h = {hid[i], village, fmt::format("Xóm {}", 1 + i / 40), std::to_string(1 + i), "", pid[static_cast<size_t>(gh.first)], "",
         gh.fibre, gh.smart_device};
    for (int32_t k = 0; k < gh.size; ++k) {
      const size_t at = static_cast<size_t>(gh.first + k);
      const auto& x = g.people[at];
      Resident& r = residents[at];
      r.id = pid[at];
      r.full_name = x.female ? fmt::format("{} {} {}", kFamily[rng.below(12)], kMiddleFemale[rng.below(3)], kGivenFemale[rng.below(10)])
                             : fmt::format("{} {} {}", kFamily[rng.below(12)], kMiddleMale[rng.below(3)], kGivenMale[rng.below(10)]);
      r.birth_date = x.born;
      int y;
      unsigned m, d;
      ymd_from_date(x.born, y, m, d);
      r.birth_year = y;
      r.sex = x.female ? "nu" : "nam";
      residencies[at] = {xid[at], r.id, h.id, {x.from, x.to}};
      for (int32_t j = 0; j < x.statuses; ++j) {
        const size_t si = static_cast<size_t>(x.first_status + j);
        CitizenStatus& st = statuses[si];
        st.id = sid[si];
        st.resident_id = r.id;
        st.type = kGenStatusCodes[g.statuses[si].type];
        st.gained_on = g.statuses[si].gained;
        st.source = StatusSource::Import;
      }
    }
  }
  store.insert_residents(residents, author);
  store.insert_households(households, author);
  store.insert_residencies(residencies);
  store.insert_statuses(statuses, author);
  report.households += static_cast<int64_t>(g.households.size());
  report.persons += static_cast<int64_t>(g.people.size());
  report.statuses += static_cast<int64_t>(g.statuses.size());
}

}  // namespace langso
