// Reading the published lists of the 2025 reorganisation: the mapping of
// legacy communes to 2025 communes (reform2025_legacy_to_new.csv) and the
// lists that add population and area (reform2025_communes_*.csv,
// reform2025_provinces_*.csv), as published, quirks included.
#pragma once
#include <string>
#include <vector>

namespace langso {

struct NewProvince {
  std::string code, name;
  int64_t population = 0;
};

struct NewCommune {
  std::string code, name, gso_type, province_code;  // gso_type: "Xã", "Phường", "Đặc khu"
  int64_t population = 0;
  double area_km2 = 0;
  double lat = 0, lon = 0;  // centre, 0 when not published
};

struct LegacyMapping {
  int line = 0;
  std::string legacy_province_code, legacy_district_code, legacy_ward_code;  // ward code empty for a district row
  std::string legacy_ward, legacy_district, legacy_province;
  std::string new_ward_code, new_province_code;
  bool divided = false;
};

struct Reform2025Lists {
  std::vector<NewProvince> provinces;  // in code order
  std::vector<NewCommune> communes;    // in code order
  std::vector<LegacyMapping> mapping;
  int population_matched = 0;          // communes whose population was found
  std::vector<std::string> errors;     // "dòng N: ..." for rows that could not be read
};

// communes_text and provinces_text may be empty.
Reform2025Lists read_reform2025(const std::string& mapping_text, const std::string& communes_text,
                                const std::string& provinces_text);

}  // namespace langso
