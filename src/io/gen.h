// `langso gen`: a deterministic national dataset on the 2025 structure (or the
// legacy one, reorganised on 01/07/2025) for
// benchmarks — the 34 provinces and 3,321 communes of the published lists with
// their populations, N villages per commune, one team per commune and village
// with 4–6 members, and activities over 2023–2025 spread by population;
// with register_share, a household register grown from the population.
#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "store/store.h"

namespace langso {

struct GenOptions {
  std::string data_dir = "../shared/data";
  int64_t activities = 20'000'000;
  int villages_per_commune = 30;
  uint64_t seed = 2025;
  int province_limit = 0;  // > 0: only the first N provinces (small runs in tests; 2025 structure only)
  // Record on the legacy structure (63 provinces, 10,035 communes from the GSO
  // lists, villages scaled to the same national total), then apply the 2025
  // reorganisation: from 01/07/2025 a commune's own activities are logged on
  // its new commune by a new team, village activities stay on their villages.
  bool legacy = false;
  // The household register (io/gen_register.h): this share of each village's
  // people (1: the nation's ~100 million; 0: none).
  double register_share = 0;
  // Told what is being written and how far (stage, done, total); io/progress.h prints it.
  std::function<void(std::string_view stage, int64_t done, int64_t total)> progress;
};

struct GenReport {
  int64_t provinces = 0, communes = 0, villages = 0, teams = 0, members = 0, activities = 0;
  int population_matched = 0;
  int64_t households = 0, persons = 0, statuses = 0;
};

// Writes into an empty store; throws std::runtime_error otherwise.
GenReport generate_national(Store& store, const GenOptions& opt);

}  // namespace langso
