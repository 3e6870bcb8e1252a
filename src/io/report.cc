#include "io/report.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "util/csv.h"
#include "util/text.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

namespace langso {

std::string format_vn_number(double v) {
  double r = std::round(v * 10) / 10;
  bool neg = r < 0;
  r = std::fabs(r);
  auto whole = static_cast<long long>(r);
  int tenth = static_cast<int>(std::llround((r - static_cast<double>(whole)) * 10));
  std::string digits = std::to_string(whole), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  if (tenth) out += "," + std::to_string(tenth);
  return neg ? "-" + out : out;
}

static std::string upper_vn(const std::string& s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  u.toUpper(icu::Locale("vi"));
  std::string out;
  u.toUTF8String(out);
  return out;
}

ReportTable build_report(App& app, Id unit, const Period& p, const std::string& period_code) {
  const UnitIndex& units = app.units();
  const Unit& u = *units.find(unit);
  ReportTable t;
  t.issuer = "UBND " + upper_vn(u.name);
  t.number = "Số:        /BC-UBND";
  int y;
  unsigned m, d;
  ymd_from_date(today_local(), y, m, d);
  t.place_date = std::string(short_name(u)) + ", ngày " + (d < 10 ? "0" : "") + std::to_string(d) + " tháng " +
                 std::to_string(m) + " năm " + std::to_string(y);
  t.title = "BÁO CÁO";
  t.subtitle = "Kết quả hoạt động của Tổ công nghệ số cộng đồng trên địa bàn " + u.name;
  if (period_code.size() == 4) t.period_text = "Năm " + period_code;
  else if (period_code[5] == 'Q') t.period_text = "Quý " + period_code.substr(6) + " năm " + period_code.substr(0, 4);
  else t.period_text = "Tháng " + period_code.substr(5) + " năm " + period_code.substr(0, 4);
  t.period_text += " (từ " + format_vn(p.from) + " đến " + format_vn(p.to) + ")";
  t.structure_text = "Số liệu tổng hợp theo địa giới hành chính ngày " + format_vn(p.structure) + ".";
  for (const Indicator& ind : app.indicators().list()) t.columns.push_back(ind.name + " (" + ind.unit + ")");
  auto row = [&](Id id, std::string name) {
    ReportTable::Row r{std::move(name), {}};
    for (const ValueCell& c : evaluate_all(app, id, p)) r.values.push_back(c.value);
    t.rows.push_back(std::move(r));
  };
  for (Id child : units.children_at(unit, p.structure)) row(child, units.find(child)->name);
  row(unit, "Tổng cộng");
  t.notes.push_back("Số lượt (người, hộ, tài khoản…) là tổng phát sinh trong kỳ; số tổ, thành viên và tỷ lệ là số liệu tại ngày cuối kỳ.");
  add_reorganisation_notes(app, unit, p, t.notes);
  t.notes.push_back("Báo cáo do hệ thống langso tổng hợp tự động từ số liệu các Tổ công nghệ số cộng đồng cập nhật.");
  return t;
}

// When the period spans a reorganisation, the report says how figures of
// units on the other side were attributed (UnitIndex::attribute), naming the
// split communes in it and where their own figures went.
void add_reorganisation_notes(App& app, Id unit, const Period& p, std::vector<std::string>& notes) {
  const UnitIndex& units = app.units();
  for (const Reorganisation& r : app.reorganisations()) {
    const bool forward = p.from < r.effective && !(p.structure < r.effective);
    const bool backward = p.structure < r.effective && !(p.to < r.effective);
    if (!forward && !backward) continue;
    const std::string e = format_vn(r.effective);
    if (forward)
      notes.push_back("Số liệu trước ngày " + e + " ghi cho các đơn vị đã sắp xếp được tính cho đơn vị mà chúng hợp thành (" +
                      r.legal_basis + ").");
    else
      notes.push_back("Số liệu từ ngày " + e + " ghi cho các đơn vị mới được tính cho đơn vị cũ mà đơn vị mới lấy mã, "
                      "nếu không thì đơn vị cũ được nêu đầu tiên.");
    if (!forward) continue;
    units.for_each_descendant(unit, p.structure, [&](const Unit& u) {
      for (const Succession& s : units.predecessors(u.id)) {
        if (s.whole || s.reorganisation != r.id || s.position != 0) continue;
        std::string parts;
        for (const Succession& x : units.successors(s.old_unit)) parts += (parts.empty() ? "" : ", ") + units.find(x.new_unit)->name;
        notes.push_back(units.find(s.old_unit)->name + " được chia cho " + parts + ": số liệu ghi cho chính " +
                        units.find(s.old_unit)->name + " được tính cho " + u.name +
                        " (đơn vị được nêu đầu tiên); số liệu của mỗi thôn, tổ dân phố theo nơi thôn đó được chuyển về.");
      }
    });
  }
}

// Every cell is text (csv_text: unit names reach the issuer, place-and-date
// and row cells) except the row numbers and the figures.
std::string report_csv(const ReportTable& t) {
  std::string out = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_text(cells[i]);
    out += "\r\n";
  };
  line({t.issuer, "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"});
  line({t.number, "", "Độc lập - Tự do - Hạnh phúc"});
  line({"", "", t.place_date});
  line({t.title});
  line({t.subtitle});
  line({t.period_text});
  std::vector<std::string> head = {"STT", "Đơn vị"};
  head.insert(head.end(), t.columns.begin(), t.columns.end());
  line(head);
  for (size_t i = 0; i < t.rows.size(); ++i) {
    out += (i + 1 < t.rows.size() ? std::to_string(i + 1) : "") + "," + csv_text(t.rows[i].name);
    // Plain numbers (a dot as decimal point) so spreadsheets can add them up.
    for (auto v : t.rows[i].values) {
      out += ',';
      if (v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.10g", std::round(*v * 10) / 10);
        out += csv_field(buf);
      }
    }
    out += "\r\n";
  }
  line({t.structure_text});
  for (const auto& n : t.notes) line({n});
  return out;
}

// Text, names included, is only ever written with worksheet_write_string or
// worksheet_merge_range (string cells), never as a formula: a unit named
// "=cmd|..." is shown, not run.
std::string report_xlsx(const ReportTable& t) {
  char path[] = "/tmp/langso-report-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("không tạo được tệp tạm cho báo cáo");
  close(fd);
  lxw_workbook* wb = workbook_new(path);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Báo cáo");
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);

  auto fmt = [&](bool bold, bool italic, bool center, bool border, bool wrap, double size = 11) {
    lxw_format* f = workbook_add_format(wb);
    format_set_font_name(f, "Times New Roman");
    format_set_font_size(f, size);
    if (bold) format_set_bold(f);
    if (italic) format_set_italic(f);
    if (center) format_set_align(f, LXW_ALIGN_CENTER);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (border) format_set_border(f, LXW_BORDER_THIN);
    if (wrap) format_set_text_wrap(f);
    return f;
  };
  lxw_format* head_center = fmt(true, false, true, false, false);
  lxw_format* motto = fmt(true, false, true, false, false);
  format_set_underline(motto, LXW_UNDERLINE_SINGLE);
  lxw_format* plain_center = fmt(false, false, true, false, false);
  lxw_format* italic_center = fmt(false, true, true, false, false);
  lxw_format* title = fmt(true, false, true, false, false, 14);
  lxw_format* th = fmt(true, false, true, true, true, 10);
  lxw_format* td = fmt(false, false, false, true, true, 10);
  lxw_format* td_center = fmt(false, false, true, true, false, 10);
  lxw_format* num = fmt(false, false, false, true, false, 10);
  format_set_num_format(num, "#,##0.#");
  lxw_format* total = fmt(true, false, false, true, false, 10);
  lxw_format* total_num = fmt(true, false, false, true, false, 10);
  format_set_num_format(total_num, "#,##0.#");
  lxw_format* note = fmt(false, true, false, false, false, 10);

  const lxw_col_t ncols = static_cast<lxw_col_t>(2 + t.columns.size());
  const lxw_col_t left_end = 2, right_start = static_cast<lxw_col_t>(ncols > 8 ? ncols - 6 : 3);
  worksheet_set_column(ws, 0, 0, 5, nullptr);
  worksheet_set_column(ws, 1, 1, 24, nullptr);
  worksheet_set_column(ws, 2, static_cast<lxw_col_t>(ncols - 1), 11, nullptr);
  worksheet_merge_range(ws, 0, 0, 0, left_end, t.issuer.c_str(), head_center);
  worksheet_merge_range(ws, 0, right_start, 0, static_cast<lxw_col_t>(ncols - 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", head_center);
  worksheet_merge_range(ws, 1, 0, 1, left_end, t.number.c_str(), plain_center);
  worksheet_merge_range(ws, 1, right_start, 1, static_cast<lxw_col_t>(ncols - 1), "Độc lập - Tự do - Hạnh phúc", motto);
  worksheet_merge_range(ws, 2, right_start, 2, static_cast<lxw_col_t>(ncols - 1), t.place_date.c_str(), italic_center);
  worksheet_merge_range(ws, 4, 0, 4, static_cast<lxw_col_t>(ncols - 1), t.title.c_str(), title);
  worksheet_merge_range(ws, 5, 0, 5, static_cast<lxw_col_t>(ncols - 1), t.subtitle.c_str(), head_center);
  worksheet_merge_range(ws, 6, 0, 6, static_cast<lxw_col_t>(ncols - 1), t.period_text.c_str(), italic_center);

  lxw_row_t r = 8;
  worksheet_set_row(ws, r, 90, nullptr);
  worksheet_write_string(ws, r, 0, "STT", th);
  worksheet_write_string(ws, r, 1, "Đơn vị", th);
  for (size_t c = 0; c < t.columns.size(); ++c) worksheet_write_string(ws, r, static_cast<lxw_col_t>(2 + c), t.columns[c].c_str(), th);
  for (size_t i = 0; i < t.rows.size(); ++i) {
    ++r;
    bool is_total = i + 1 == t.rows.size();
    if (is_total) worksheet_write_blank(ws, r, 0, total);
    else worksheet_write_number(ws, r, 0, static_cast<double>(i + 1), td_center);
    worksheet_write_string(ws, r, 1, t.rows[i].name.c_str(), is_total ? total : td);
    for (size_t c = 0; c < t.rows[i].values.size(); ++c) {
      auto v = t.rows[i].values[c];
      if (v) worksheet_write_number(ws, r, static_cast<lxw_col_t>(2 + c), std::round(*v * 10) / 10, is_total ? total_num : num);
      else worksheet_write_blank(ws, r, static_cast<lxw_col_t>(2 + c), is_total ? total : td);
    }
  }
  r += 2;
  worksheet_write_string(ws, r++, 0, t.structure_text.c_str(), note);
  for (const auto& n : t.notes) worksheet_write_string(ws, r++, 0, n.c_str(), note);
  r += 1;
  worksheet_merge_range(ws, r, right_start, r, static_cast<lxw_col_t>(ncols - 1), "TM. ỦY BAN NHÂN DÂN", head_center);
  worksheet_merge_range(ws, r + 1, 0, r + 1, left_end, "Nơi nhận:", fmt(true, true, false, false, false, 10));
  worksheet_write_string(ws, r + 2, 0, "- Như trên;", note);
  worksheet_write_string(ws, r + 3, 0, "- Lưu: VT.", note);

  lxw_error err = workbook_close(wb);
  std::string bytes;
  if (err == LXW_NO_ERROR) bytes = read_file(path);
  std::remove(path);
  if (err != LXW_NO_ERROR) throw std::runtime_error(std::string("không tạo được tệp Excel: ") + lxw_strerror(err));
  return bytes;
}

}  // namespace langso
