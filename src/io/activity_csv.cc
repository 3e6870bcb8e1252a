#include "io/activity_csv.h"

#include <charconv>

#include "util/csv.h"
#include "util/text.h"

namespace langso {

namespace {

std::vector<std::string> codes(const ActivityCatalog& types) {
  std::vector<std::string> c = {"ma_to", "ma_don_vi", "loai", "ngay", "phan_loai"};
  for (const ActivityType& t : types.types())
    for (const QuantitySpec& q : t.fields) c.push_back(t.code + "." + q.code);
  c.push_back("ghi_chu");
  return c;
}

std::optional<Date> parse_vn_date(const std::string& s) {
  // dd/mm/yyyy (as typed in Vietnam), or ISO.
  if (auto d = parse_iso_date(s)) return d;
  size_t a = s.find('/'), b = s.rfind('/');
  if (a == std::string::npos || a == b) return std::nullopt;
  std::string dd = s.substr(0, a), mm = s.substr(a + 1, b - a - 1), yy = s.substr(b + 1);
  if (dd.size() == 1) dd = "0" + dd;
  if (mm.size() == 1) mm = "0" + mm;
  return parse_iso_date(yy + "-" + mm + "-" + dd);
}

}  // namespace

std::string activity_template_csv(const ActivityCatalog& types) {
  std::string out = "\xEF\xBB\xBF";
  std::vector<std::string> c = codes(types);
  for (size_t i = 0; i < c.size(); ++i) out += (i ? "," : "") + csv_text(c[i]);
  out += "\r\n";
  std::vector<std::string> names = {"Mã tổ (số)", "Mã đơn vị (mã GSO hoặc mã thôn)", "Mã loại hoạt động",
                                    "Ngày (dd/mm/yyyy)", "Phân loại (sàn, ví)"};
  for (const ActivityType& t : types.types())
    for (const QuantitySpec& q : t.fields) names.push_back(t.name + ": " + q.name);
  names.push_back("Ghi chú");
  for (size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + csv_text(names[i]);
  out += "\r\n";
  return out;
}

CsvActivities parse_activity_csv(const std::string& text, const ActivityCatalog& types) {
  CsvActivities out;
  CsvReader csv(text);
  std::vector<std::string> f;
  const std::vector<std::string> want = codes(types);
  if (!csv.next(f) || f.size() < 5 || f[0] != "ma_to") {
    out.errors.push_back({"dòng 1", "invalid_value", "dòng 1: không phải mẫu nhập hoạt động của langso (thiếu tiêu đề ma_to, ma_don_vi, …)"});
    return out;
  }
  std::vector<int> col_type(f.size(), -2), col_field(f.size(), -1);
  for (size_t i = 0; i < f.size(); ++i) {
    std::string h = trim(f[i]);
    if (i < 5 || h == "ghi_chu") continue;
    size_t dot = h.find('.');
    const ActivityType* t = dot == std::string::npos ? nullptr : types.find(h.substr(0, dot));
    int field = t ? t->field_index(h.substr(dot + 1)) : -1;
    if (!t || field < 0) {
      out.errors.push_back({"dòng 1." + h, "unknown_field", "dòng 1: cột '" + h + "' không có trong mẫu"});
      continue;
    }
    col_type[i] = t->index;
    col_field[i] = field;
  }
  size_t note_col = f.size();
  for (size_t i = 0; i < f.size(); ++i)
    if (trim(f[i]) == "ghi_chu") note_col = i;
  if (!out.errors.empty()) return out;

  while (csv.next(f)) {
    const int line = static_cast<int>(csv.record());
    const std::string label = "dòng " + std::to_string(line) + ".";
    bool blank = true;
    for (auto& c : f) blank = blank && trim(c).empty();
    if (blank) continue;
    if (line == 2 && trim(f[0]).starts_with("Mã tổ")) continue;  // the Vietnamese header line
    auto cell = [&](size_t i) { return i < f.size() ? trim(f[i]) : std::string(); };
    nlohmann::json item = nlohmann::json::object();
    bool bad = false;
    auto err = [&](const std::string& field, const std::string& code, const std::string& msg) {
      out.errors.push_back({label + field, code, labelled(label, msg)});
      bad = true;
    };
    if (!cell(0).empty()) {
      int64_t team = 0;
      std::string s = cell(0);
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), team);
      if (ec != std::errc() || p != s.data() + s.size() || team <= 0) err("ma_to", "invalid_type", "mã tổ '" + s + "' phải là số");
      else item["team_id"] = team;
    }
    if (!cell(1).empty()) item["unit_code"] = cell(1);
    const ActivityType* t = types.find(cell(2));
    if (!t) {
      err("loai", "invalid_value", "loại hoạt động '" + cell(2) + "' không tồn tại");
      continue;
    }
    item["type"] = t->code;
    if (auto d = parse_vn_date(cell(3))) item["date"] = format_iso(*d);
    else err("ngay", "invalid_date", "ngày '" + cell(3) + "' không hợp lệ (dd/mm/yyyy)");
    if (!cell(4).empty()) item["category"] = cell(4);
    nlohmann::json q = nlohmann::json::object();
    for (size_t i = 5; i < col_type.size(); ++i) {
      if (col_type[i] < 0 || cell(i).empty()) continue;
      const ActivityType& ct = types.types()[static_cast<size_t>(col_type[i])];
      std::string col = ct.code + "." + ct.fields[static_cast<size_t>(col_field[i])].code;
      if (col_type[i] != t->index) {
        err(col, "invalid_value", "cột " + col + " không thuộc loại " + t->code);
        continue;
      }
      std::string s = cell(i);
      int64_t v = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec != std::errc() || p != s.data() + s.size()) err(col, "invalid_type", "'" + s + "' ở cột " + col + " không phải số nguyên");
      else q[ct.fields[static_cast<size_t>(col_field[i])].code] = v;
    }
    item["quantities"] = q;
    if (note_col < f.size() && !cell(note_col).empty()) item["note"] = cell(note_col);
    if (bad) continue;
    out.items.push_back(std::move(item));
    out.rows.push_back(line);
    out.labels.push_back(label);
  }
  if (out.items.empty() && out.errors.empty())
    out.errors.push_back({"csv", "missing_field", "Tệp không có dòng hoạt động nào"});
  return out;
}

}  // namespace langso
