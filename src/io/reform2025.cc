#include "io/reform2025.h"

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>

#include "util/csv.h"
#include "util/text.h"

namespace langso {

namespace {

// "Thủ đô Hà Nội", "tỉnh Cao Bằng", "Thành phố Hà Nội" -> "ha noi"
std::string province_key(const std::string& name) {
  std::string f = fold(name);
  for (const char* p : {"thu do ", "tinh ", "thanh pho "})
    if (f.starts_with(p)) return f.substr(std::string(p).size());
  return f;
}

// "12.345.678" or "8.718.000" (Vietnamese thousands) -> 12345678; 0 when
// unreadable or too large to be a population.
int64_t vn_integer(const std::string& s) {
  int64_t v = 0;
  bool any = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (v > (INT64_MAX - (c - '0')) / 10) return 0;
      v = v * 10 + (c - '0'), any = true;
    } else if (c != '.' && c != ' ') {
      break;
    }
  }
  return any ? v : 0;
}

// A decimal number; nullopt when unreadable or not finite ("nan", "1e999").
std::optional<double> real_number(const std::string& s) {
  try {
    double v = std::stod(s);
    if (std::isfinite(v)) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

std::string pad(const std::string& code, size_t n) {
  std::string c = code.substr(0, code.find('.'));  // "1.0" -> "1"
  while (c.size() < n) c = "0" + c;
  return c;
}

// Column name -> position; a name the header repeats is its last column.
std::map<std::string, size_t> header_index(const std::vector<std::string>& h) {
  std::map<std::string, size_t> m;
  for (size_t i = 0; i < h.size(); ++i) m[trim(h[i])] = i;
  return m;
}

// The row's cell in column `name`; nullptr when the header has no such column
// or the row is too short to reach it.
const std::string* cell(const std::vector<std::string>& f, const std::map<std::string, size_t>& col, const char* name) {
  auto it = col.find(name);
  return it == col.end() || it->second >= f.size() ? nullptr : &f[it->second];
}

}  // namespace

Reform2025Lists read_reform2025(const std::string& mapping_text, const std::string& communes_text,
                                const std::string& provinces_text) {
  Reform2025Lists out;
  std::map<std::string, NewProvince> provinces;
  std::map<std::string, NewCommune> communes;
  {
    CsvReader csv(mapping_text);
    std::vector<std::string> f;
    csv.next(f);
    const size_t width = f.size();
    auto col = header_index(f);
    for (const char* need : {"provinceCode", "districtCode", "wardCode", "isDividedWard", "province", "district", "ward",
                             "newProvince", "newWard", "newProvinceCode", "newWardCode", "newWardType"})
      if (!col.count(need)) {
        out.errors.push_back(std::string("dòng 1: thiếu cột ") + need);
        return out;
      }
    while (csv.next(f)) {
      int line = static_cast<int>(csv.line());
      if (f.size() == 1 && trim(f[0]).empty()) continue;
      if (f.size() < width) {
        out.errors.push_back("dòng " + std::to_string(line) + ": thiếu cột");
        continue;
      }
      auto get = [&](const char* k) { return trim(f[col[k]]); };
      LegacyMapping m;
      m.line = line;
      m.legacy_province_code = pad(get("provinceCode"), 2);
      m.legacy_district_code = pad(get("districtCode"), 3);
      m.legacy_ward_code = get("wardCode").empty() ? "" : pad(get("wardCode"), 5);
      m.legacy_ward = get("ward");
      m.legacy_district = get("district");
      m.legacy_province = get("province");
      m.new_province_code = pad(get("newProvinceCode"), 2);
      m.new_ward_code = pad(get("newWardCode"), 5);
      m.divided = get("isDividedWard") == "True";
      if (m.new_ward_code.size() != 5 || m.new_province_code.size() != 2) {
        out.errors.push_back("dòng " + std::to_string(line) + ": mã đơn vị mới không hợp lệ");
        continue;
      }
      provinces.emplace(m.new_province_code, NewProvince{m.new_province_code, get("newProvince"), 0});
      NewCommune nc{m.new_ward_code, nfc(get("newWard")), get("newWardType"), m.new_province_code, 0, 0};
      auto real = [&](const char* k) {
        const std::string* c = cell(f, col, k);
        return c ? real_number(*c).value_or(0.0) : 0.0;
      };
      nc.area_km2 = real("newWardAreaKm2");
      nc.lat = real("newWardLat");
      nc.lon = real("newWardLon");
      communes.emplace(m.new_ward_code, nc);
      out.mapping.push_back(std::move(m));
    }
  }
  std::map<std::string, std::string> province_by_key;
  for (auto& [code, p] : provinces) province_by_key[province_key(p.name)] = code;

  if (!provinces_text.empty()) {
    CsvReader csv(provinces_text);
    std::vector<std::string> f;
    csv.next(f);
    auto col = header_index(f);
    while (csv.next(f)) {
      const std::string *name = cell(f, col, "tentinh"), *population = cell(f, col, "dansonguoi");
      if (!name || !population) continue;
      auto it = province_by_key.find(province_key(*name));
      if (it != province_by_key.end()) provinces[it->second].population = vn_integer(*population);
    }
  }
  if (!communes_text.empty()) {
    std::map<std::string, std::string> commune_by_key;  // province code | folded name -> code
    for (auto& [code, c] : communes) commune_by_key[c.province_code + "|" + fold(c.name)] = code;
    CsvReader csv(communes_text);
    std::vector<std::string> f;
    csv.next(f);
    auto col = header_index(f);
    while (csv.next(f)) {
      const std::string *province = cell(f, col, "tentinh"), *population = cell(f, col, "dansonguoi"),
                        *type = cell(f, col, "loai"), *name = cell(f, col, "tenhc");
      if (!province || !population || !type || !name) continue;
      auto p = province_by_key.find(province_key(*province));
      if (p == province_by_key.end()) continue;
      auto c = commune_by_key.find(p->second + "|" + fold(*type + " " + *name));
      if (c == commune_by_key.end()) continue;
      NewCommune& nc = communes[c->second];
      nc.population = vn_integer(*population);
      if (const std::string* area = cell(f, col, "dientichkm2"))
        if (auto a = real_number(*area)) nc.area_km2 = *a;
      ++out.population_matched;
    }
  }
  for (auto& [_, p] : provinces) out.provinces.push_back(p);
  for (auto& [_, c] : communes) out.communes.push_back(c);
  return out;
}

}  // namespace langso
