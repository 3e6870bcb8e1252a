#include "io/register_table.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cmath>
#include <map>
#include <optional>
#include <span>

#include "util/text.h"
#include "util/two_halves.h"

namespace langso {

using nlohmann::json;

namespace {

// The fixed columns; the import finds them by these headers, folded.
enum Col { Stt, HouseholdNo, Village, Hamlet, HouseNumber, AddressNote, Fibre, SmartDevice, Head, Name, Birth, Sex, Ethnic, Phone, Cccd, Consent, kFixed };
const XlsxColumn kColumns[kFixed] = {
    {"STT", 6},      {"Hộ số", 7},        {"Thôn", 20},    {"Xóm", 14},        {"Số nhà", 10},
    {"Mô tả địa chỉ", 22}, {"Cáp quang", 10}, {"Thiết bị thông minh", 12}, {"Chủ hộ", 8}, {"Họ và tên", 26},
    {"Ngày sinh", 12}, {"Giới tính", 9},  {"Dân tộc", 10}, {"Điện thoại", 13}, {"CCCD", 15},
    {"Ngày đồng ý đăng ký", 12}};

std::string option_header(const StatusType& t) { return t.option_name + " (" + t.name + ")"; }

// The folded name of a catalogue's option, folded once per table read (a
// file of 15,000 rows asks thousands of times).
struct FoldedNames {
  std::map<std::string, std::string, std::less<>> memo;
  const std::string& operator()(std::string_view name) {
    auto it = memo.find(name);
    if (it == memo.end()) it = memo.emplace(std::string(name), fold(name)).first;
    return it->second;
  }
};

// dd/mm/yyyy (d/m/yyyy), or an Excel serial day number.
std::optional<Date> table_date(const std::string& s) {
  if (s.empty()) return std::nullopt;
  if (s.find('/') != std::string::npos) {
    size_t a = s.find('/'), b = s.find('/', a + 1);
    if (b == std::string::npos || s.find('/', b + 1) != std::string::npos) return std::nullopt;
    auto num = [](std::string_view x, int& out) {
      if (x.empty() || x.size() > 4) return false;
      out = 0;
      for (char c : x) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
      }
      return true;
    };
    int d = 0, m = 0, y = 0;
    std::string_view v(s);
    if (!num(v.substr(0, a), d) || !num(v.substr(a + 1, b - a - 1), m) || !num(v.substr(b + 1), y) ||
        v.substr(b + 1).size() != 4)
      return std::nullopt;
    return checked_date(y, m, d);
  }
  // Excel's serial number: days since 30/12/1899 (a fraction is the time of day).
  if (s.find_first_not_of("0123456789.") != std::string::npos || s.size() > 12) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (!end || *end || !std::isfinite(v) || v < 1 || v > 2958465) return std::nullopt;
  return Date{static_cast<int32_t>(std::floor(v)) - 25569};
}

std::optional<bool> yes_no(const std::string& s) {
  const std::string f = fold(s);
  if (f.empty() || f == "khong" || f == "0" || f == "false" || f == "-") return false;
  if (f == "co" || f == "x" || f == "1" || f == "true" || f == "v") return true;
  return std::nullopt;
}

const Label* label_by_name(std::span<const Label> labels, const std::string& text, FoldedNames& fold_name) {
  const std::string f = fold(text);
  for (const Label& l : labels)
    if (fold_name(l.name) == f || l.code == text) return &l;
  return nullptr;
}

}  // namespace

std::vector<XlsxColumn> register_columns(const StatusCatalog& statuses) {
  std::vector<XlsxColumn> cols(std::begin(kColumns), std::end(kColumns));
  for (const StatusType& t : statuses.types()) {
    cols.push_back({t.name, 16});
    if (!t.options.empty()) cols.push_back({option_header(t), 16});
  }
  return cols;
}

RegisterTable read_register_table(const XlsxRows& rows, const StatusCatalog& statuses, const std::string& village_name) {
  RegisterTable out;
  // The header row and where each column is.
  size_t header = rows.size();
  for (size_t r = 0; r < rows.size() && r < 20 && header == rows.size(); ++r)
    for (const std::string& c : rows[r])
      if (fold(trim(c)) == "ho va ten") header = r;
  if (header == rows.size()) {
    out.errors.push_back({"bang", "missing_header", "Không thấy dòng tiêu đề có cột \"Họ và tên\"; hãy dùng tệp mẫu"});
    return out;
  }
  std::map<std::string, size_t> at;  // folded header → column
  for (size_t c = 0; c < rows[header].size(); ++c) {
    std::string f = fold(trim(rows[header][c]));
    if (!f.empty() && !at.count(f)) at[f] = c;
  }
  auto col = [&](const std::string& header_text) -> std::optional<size_t> {
    auto it = at.find(fold(header_text));
    return it == at.end() ? std::nullopt : std::optional<size_t>(it->second);
  };
  std::optional<size_t> cols[kFixed];
  for (int k = 0; k < kFixed; ++k) cols[k] = col(kColumns[k].header);
  if (!cols[Birth]) cols[Birth] = col("Năm sinh");
  if (!cols[Phone]) cols[Phone] = col("Số điện thoại");
  if (!cols[Cccd]) cols[Cccd] = col("Số CCCD");
  for (int k : {Name, Birth, Sex})
    if (!cols[k])
      out.errors.push_back({"bang", "missing_column", "Thiếu cột \"" + kColumns[k].header + "\"; hãy dùng tệp mẫu"});
  struct StatusCols {
    const StatusType* type;
    size_t date;
    std::optional<size_t> option;
  };
  std::vector<StatusCols> status_cols;
  for (const StatusType& t : statuses.types()) {
    auto d = col(t.name);
    if (!d) d = col(t.code);
    if (d) status_cols.push_back({&t, *d, t.options.empty() ? std::nullopt : col(option_header(t))});
  }
  if (!out.errors.empty()) return out;

  // First the households, in order (a row without an address belongs to the
  // one above), and where each person's entry is; then the persons.
  struct Slot {
    size_t row, household, index;
    const char* head_error;
  };
  std::vector<Slot> slots;
  std::map<std::string, size_t> by_number;  // "Hộ số" → index in households
  for (size_t r = header + 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (std::all_of(row.begin(), row.end(), [](const std::string& c) { return trim_view(c).empty(); })) continue;
    const std::string label = "dòng " + std::to_string(r + 1) + ".";
    auto cell = [&](std::optional<size_t> c) { return c && *c < row.size() ? nfc(trim_view(row[*c])) : std::string(); };
    auto err = [&](const std::string& field, const char* code, const std::string& m) {
      out.errors.push_back({label + field, code, labelled(label, m)});
    };
    if (++out.persons > kRegisterMaxPersons) {
      out.errors.push_back({"bang", "too_many_rows",
                            "Một lần nhập tối đa " + std::to_string(kRegisterMaxPersons) + " người; hãy chia tệp theo thôn"});
      break;
    }
    if (const std::string v = cell(cols[Village]); !v.empty() && fold(v) != fold(village_name))
      err("thon", "invalid_value", "dòng này thuộc \"" + v + "\", không phải " + village_name);

    // The household this row belongs to.
    const std::string number = cell(cols[HouseholdNo]);
    const std::string hamlet = cell(cols[Hamlet]), house = cell(cols[HouseNumber]), note = cell(cols[AddressNote]);
    const bool has_address = !hamlet.empty() || !house.empty() || !note.empty();
    RegisterTableHousehold* hh = nullptr;
    bool starts = false;
    if (!number.empty()) {
      auto [it, fresh] = by_number.try_emplace(number, out.households.size());
      if (fresh) out.households.emplace_back(), starts = true;
      hh = &out.households[it->second];
    } else if (has_address || out.households.empty()) {
      if (cols[HouseholdNo] && !has_address) err("ho_so", "required", "thiếu hộ số");
      out.households.emplace_back();
      starts = true;
      hh = &out.households.back();
    } else {
      hh = &out.households.back();
    }
    if (starts) {
      hh->line = r + 1;
      hh->fields = json::object();
      if (!has_address) hh->fields["address_note"] = "";
    }
    auto household_text = [&](const char* field, const std::string& v) {
      if (v.empty()) return;
      if (!hh->fields.contains(field) || hh->fields[field] == "") hh->fields[field] = v;
      else if (hh->fields[field] != v)
        err(field, "invalid_value", "hộ số " + number + " có hai địa chỉ khác nhau (xem dòng " + std::to_string(hh->line) + ")");
    };
    household_text("hamlet", hamlet);
    household_text("house_number", house);
    household_text("address_note", note);
    for (auto [k, field, name] : {std::tuple{Fibre, "fibre", "Cáp quang"}, std::tuple{SmartDevice, "smart_device", "Thiết bị thông minh"}}) {
      if (!cols[k]) continue;
      const std::string v = cell(cols[k]);
      auto b = yes_no(v);
      if (!b) err(field, "invalid_value", std::string("cột ") + name + " ghi \"có\" hoặc để trống, không phải \"" + v + "\"");
      else if (*b || starts) hh->fields[field] = hh->fields.value(field, false) || *b;
    }

    // The household's head, known here where the rows above are (its error
    // told with the person's, in the column's place).
    RegisterTablePerson p;
    p.line = r + 1;
    const char* head_error = nullptr;
    if (cols[Head]) {
      auto b = yes_no(cell(cols[Head]));
      if (!b) head_error = "cột Chủ hộ ghi \"x\" hoặc để trống";
      else if (*b && std::any_of(hh->persons.begin(), hh->persons.end(), [](const RegisterTablePerson& q) { return q.head; }))
        head_error = "hộ đã có chủ hộ ở dòng trên";
      else p.head = *b;
    }
    slots.push_back({r, static_cast<size_t>(hh - out.households.data()), hh->persons.size(), head_error});
    hh->persons.push_back(std::move(p));
  }

  // Each person's cells, in two halves of the rows at once when the table is
  // large (they are most of the reading): a person writes only their own
  // entry, and each half its own errors and folded names.
  auto read_persons = [&](std::span<const Slot> part, std::vector<FieldError>& errors) {
    FoldedNames fold_name;
    for (const Slot& slot : part) {
      const size_t r = slot.row;
      const auto& row = rows[r];
      const std::string label = "dòng " + std::to_string(r + 1) + ".";
      auto cell = [&](std::optional<size_t> c) { return c && *c < row.size() ? nfc(trim_view(row[*c])) : std::string(); };
      auto err = [&](const std::string& field, const char* code, const std::string& m) {
        errors.push_back({label + field, code, labelled(label, m)});
      };
      RegisterTablePerson& p = out.households[slot.household].persons[slot.index];
      p.fields = json::object();
      p.fields["full_name"] = cell(cols[Name]);
      if (p.fields["full_name"] == "") {
        err("full_name", "required", "thiếu họ và tên");
        p.fields["full_name"] = "?";  // neutral: the row is in error already
      }
      const std::string birth = cell(cols[Birth]);
      if (birth.size() == 4 && birth.find_first_not_of("0123456789") == std::string::npos) {
        p.fields["birth_year"] = std::stoi(birth);
      } else if (auto d = table_date(birth)) {
        p.fields["birth_date"] = format_iso(*d);
      } else if (!birth.empty()) {
        err("birth_date", "invalid_date", "ngày sinh \"" + birth + "\" không hợp lệ (dd/mm/yyyy hoặc năm sinh yyyy)");
        p.fields["birth_year"] = 2000;  // the row is in error already; keeps the other checks quiet
      }
      if (const std::string s = cell(cols[Sex]); !s.empty()) {
        const Label* l = label_by_name(sexes(), s, fold_name);
        if (!l) err("sex", "invalid_value", "giới tính ghi \"Nam\" hoặc \"Nữ\", không phải \"" + s + "\"");
        else p.fields["sex"] = l->code;
      } else {
        err("sex", "required", "thiếu giới tính");
        p.fields["sex"] = "nam";  // neutral: the row is in error already
      }
      if (const std::string e = cell(cols[Ethnic]); !e.empty()) {
        const Label* l = label_by_name(ethnic_groups(), e, fold_name);
        if (!l) err("ethnic", "invalid_value", "dân tộc \"" + e + "\" không có trong danh mục");
        else p.fields["ethnic"] = l->code;
      }
      if (const std::string v = cell(cols[Phone]); !v.empty()) p.fields["phone"] = v;
      if (const std::string v = cell(cols[Cccd]); !v.empty()) {
        const size_t stars = v.find_first_not_of('*');
        if (stars > 0 && stars != std::string::npos && v.size() - stars == 4 &&
            v.find_first_not_of("0123456789", stars) == std::string::npos)
          p.cccd_masked = true, p.cccd_last4 = v.substr(stars);
        else
          p.fields["cccd"] = v;
      }
      if (const std::string v = cell(cols[Consent]); !v.empty()) {
        if (auto d = table_date(v)) p.fields["consent_on"] = format_iso(*d);
        else err("consent_on", "invalid_date", "ngày đồng ý \"" + v + "\" không hợp lệ (dd/mm/yyyy)");
      }
      if (slot.head_error) err("head", "invalid_value", slot.head_error);
      for (const StatusCols& sc : status_cols) {
        const StatusType& t = *sc.type;
        const std::string when = cell(sc.date), opt = sc.option ? cell(sc.option) : std::string();
        if (when.empty()) {
          if (!opt.empty()) err(t.code, "missing_field", t.name + ": có " + t.option_name + " nhưng thiếu ngày");
          continue;
        }
        auto d = table_date(when);
        if (!d) {
          err(t.code, "invalid_date", t.name + ": ngày \"" + when + "\" không hợp lệ (dd/mm/yyyy)");
          continue;
        }
        RegisterTableStatus st{t.code, "", *d};
        if (!t.options.empty()) {
          if (opt.empty()) {
            err(t.code + ".option", "missing_field", t.name + ": cần ghi " + t.option_name);
            continue;
          }
          // By code or name; else the one option whose name holds what is written ("OneTouch").
          const std::string folded = fold(opt);
          auto o = std::find_if(t.options.begin(), t.options.end(),
                                [&](const StatusOption& x) { return x.code == opt || fold_name(x.name) == folded; });
          if (o == t.options.end() && folded.size() >= 3) {
            auto holds = [&](const StatusOption& x) { return fold_name(x.name).find(folded) != std::string::npos; };
            auto first = std::find_if(t.options.begin(), t.options.end(), holds);
            if (first != t.options.end() && std::count_if(t.options.begin(), t.options.end(), holds) == 1) o = first;
          }
          if (o == t.options.end()) {
            err(t.code + ".option", "invalid_value", t.option_name + " \"" + opt + "\" không có trong danh mục");
            continue;
          }
          st.option = o->code;
        }
        p.statuses.push_back(std::move(st));
      }
    }
  };
  in_two_halves(std::span<const Slot>(slots), 2000, out.errors, read_persons);
  // In row order, as one pass would have told them (a row's household errors
  // first); those of the whole table last.
  auto line = [](const FieldError& e) {
    constexpr std::string_view kRow = "dòng ";
    return e.field.starts_with(kRow) ? std::strtoull(e.field.c_str() + kRow.size(), nullptr, 10) : ULLONG_MAX;
  };
  std::stable_sort(out.errors.begin(), out.errors.end(), [&](const FieldError& a, const FieldError& b) { return line(a) < line(b); });
  if (out.persons == 0 && out.errors.empty())
    out.errors.push_back({"bang", "empty", "Tệp không có dòng nào dưới dòng tiêu đề"});
  return out;
}

}  // namespace langso
