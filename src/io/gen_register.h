// `langso gen --register`: a deterministic household register grown from a
// village's population, for benchmarks (issue 12). The same generator feeds
// the database (write_generated_register) and the engine benchmark, which
// grows the whole nation's register in memory without a database.
//
// Rates, as the programme's reports put them for 2025 (by age on
// 31/12/2025; a person's statuses are correlated through one "digital
// propensity", so digital citizens are a realistic share, not a product of
// independent draws): smartphone 82 % of those 12+, VNeID level 2 72 % of
// those 14+, online public-service account 48 %, cashless payment 76 % and
// e-commerce 22 % of those 15+, basic digital skills 50 % of those 10+,
// digital signature 7 % of adults, electronic health record 80 % of
// everyone. Of each, a part was held on 01/01/2022 (the first survey), the
// rest is gained evenly over 2022–2025. Ages: 23 % under 15, 63 % 15–59,
// 14 % 60–94; households of 1–8 people, 3.7 on average; fibre in 72 % of
// households, a smart device in 88 %; 1.2 % of people leave in 2023–2025;
// everyone born since 2020 lives there from birth.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "util/date.h"

namespace langso {

class Store;

// The status types the generator grows, as in data/citizen-status-types.json.
inline constexpr const char* kGenStatusCodes[] = {"smartphone", "vneid_muc_2", "tai_khoan_dvc",
                                                  "thanh_toan_khong_tien_mat", "thuong_mai_dien_tu", "ky_nang_so",
                                                  "chu_ky_so", "ho_so_suc_khoe"};
inline constexpr int kGenStatusTypes = 8;

struct GenRegister {
  struct Household {
    bool fibre = false, smart_device = false;
    int32_t first = 0, size = 0;  // its people: people[first, first + size)
  };
  struct Person {
    Date born, from, to;  // lives there [from, to)
    bool female = false;
    int32_t first_status = 0, statuses = 0;
  };
  struct Status {
    uint8_t type;  // index into kGenStatusCodes
    Date gained;
  };
  std::vector<Household> households;
  std::vector<Person> people;
  std::vector<Status> statuses;
};

// About `people` persons (whole households), the same for the same seed and key.
GenRegister generate_register(uint64_t seed, uint64_t key, int64_t people);

struct GenRegisterReport {
  int64_t households = 0, persons = 0, statuses = 0;
};
// Writes a village's generated register (names made up, no CCCD, statuses
// with source "import") into the store, inside the caller's transaction.
void write_generated_register(Store& store, int64_t village, const GenRegister& g, int64_t author, uint64_t seed,
                              GenRegisterReport& report);

}  // namespace langso
