#include "io/plan_target_table.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "io/xlsx_table.h"
#include "util/text.h"

namespace langso {

std::string target_table_xlsx(const TargetTableHeading& h, std::span<const TargetTableUnit> children) {
  XlsxTable t("Phan bo chi tieu",
              "Phân bổ chỉ tiêu \"" + h.indicator_name + "\" (" + h.indicator_unit + ") của " + h.parent_name +
                  " — Kế hoạch " + h.plan_number,
              {{"Mã đơn vị", 12}, {"Tên đơn vị", 36}, {"Dân số", 14}, {"Chỉ tiêu", 14}});
  for (const TargetTableUnit& c : children)
    t.row({c.code, c.name, c.population > 0 ? XlsxCell(static_cast<double>(c.population)) : XlsxCell(), XlsxCell()});
  return t.finish();
}

// "1234.5" (as stored), "1.234" / "1.234,5" / "12,5" (Vietnamese text); nullopt otherwise.
static std::optional<double> table_number(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  if (s.empty() || s.size() > 40) return std::nullopt;
  const bool comma = s.find(',') != std::string::npos;
  auto groups_of_three = [](const std::string& x) {  // "1.234.567"
    size_t dot = x.find('.');
    if (dot == std::string::npos || dot == 0 || dot > 3) return false;
    for (size_t i = dot; i < x.size(); i += 4)
      if (x[i] != '.' || i + 4 > x.size() || x.find_first_not_of("0123456789", i + 1) < i + 4) return false;
    return true;
  };
  if (comma || groups_of_three(s)) {
    std::string t;
    for (char c : s)
      if (c != '.') t += c == ',' ? '.' : c;
    s = t;
  }
  if (s.find_first_not_of("0123456789.eE+-") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (!end || *end || !std::isfinite(v)) return std::nullopt;
  return v;
}

TargetTableParts read_target_table(const XlsxRows& rows, std::span<const TargetTableUnit> children,
                                   const TargetTableHeading& h) {
  TargetTableParts out;
  size_t header = rows.size(), code_col = 0, value_col = 0;
  for (size_t r = 0; r < rows.size() && r < 20 && header == rows.size(); ++r) {
    std::optional<size_t> code, value;
    for (size_t c = 0; c < rows[r].size(); ++c) {
      std::string f = fold(trim(rows[r][c]));
      if (f == "ma don vi" && !code) code = c;
      else if (f == "chi tieu" && !value) value = c;
    }
    if (code && value) header = r, code_col = *code, value_col = *value;
  }
  if (header == rows.size()) {
    out.errors.push_back({"bang", "missing_header",
                          "Không thấy dòng tiêu đề có cột \"Mã đơn vị\" và cột \"Chỉ tiêu\"; hãy dùng tệp mẫu"});
    return out;
  }
  std::vector<std::optional<double>> values(children.size());
  std::vector<bool> seen(children.size());  // a row named it (an error of its own, if any, says the rest)
  for (size_t r = header + 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (std::all_of(row.begin(), row.end(), [](const std::string& c) { return trim(c).empty(); })) continue;
    const std::string label = "dòng " + std::to_string(r + 1) + ".";
    auto cell = [&](size_t c) { return c < row.size() ? trim(row[c]) : std::string(); };
    const std::string code = cell(code_col), text = cell(value_col);
    auto err = [&](const char* field, const char* c, const std::string& m) {
      out.errors.push_back({label + field, c, labelled(label, m)});
    };
    auto it = std::find_if(children.begin(), children.end(), [&](const TargetTableUnit& u) { return u.code == code; });
    size_t k = static_cast<size_t>(it - children.begin());
    const bool again = it != children.end() && seen[k];
    if (it != children.end()) seen[k] = true;
    if (code.empty()) err("ma_don_vi", "required", "thiếu mã đơn vị");
    else if (it == children.end())
      err("ma_don_vi", "invalid_value", "mã " + code + " không phải đơn vị cấp dưới của " + h.parent_name);
    else if (again) err("ma_don_vi", "duplicate", it->name + " có hai dòng");
    auto v = table_number(text);
    if (text.empty()) err("chi_tieu", "required", "thiếu chỉ tiêu");
    else if (!v || *v < 0 || *v > 1e12) err("chi_tieu", "invalid_value", "chỉ tiêu \"" + text + "\" không phải số không âm");
    else if (h.indicator_unit == "%" && *v > 100) err("chi_tieu", "invalid_value", "chỉ tiêu tỷ lệ không được quá 100%");
    else if (it != children.end() && !again) values[k] = *v;
  }
  for (size_t k = 0; k < children.size(); ++k)
    if (!seen[k])
      out.errors.push_back({"bang", "missing_unit", "Thiếu dòng của " + children[k].name + " (mã " + children[k].code + ")"});
  if (!out.errors.empty()) return out;
  for (size_t k = 0; k < children.size(); ++k) out.parts.emplace_back(children[k].id, *values[k]);
  return out;
}

}  // namespace langso
