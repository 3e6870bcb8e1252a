#include "io/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "util/csv.h"
#include "util/text.h"

namespace langso {

std::string report_period_name(const std::string& code) {
  if (code.size() == 4) return "năm " + code;
  if (code[5] == 'Q') return "quý " + code.substr(6) + " năm " + code.substr(0, 4);
  return "tháng " + std::to_string(std::stoi(code.substr(5))) + " năm " + code.substr(0, 4);
}

static std::string capitalised(std::string s) {
  // Period names begin with an ASCII letter ("tháng", "quý", "năm").
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

ReportDates report_dates(const Unit& u, const std::string& code, const Period& full, Date date) {
  ReportDates d;
  d.code = code;
  d.first = full.from;
  d.last = full.to;
  d.date = date;
  Date data = std::min(full.to, date);
  if (u.valid.to != kMaxDate) data = std::min(data, Date{u.valid.to.days - 1});
  d.period = {full.from, data, full.structure};
  d.running = data < full.to;
  d.name = report_period_name(code);
  d.range_text = "Từ " + format_vn(full.from) + " đến " + format_vn(data);
  if (d.running) d.range_text += " (số liệu đến ngày " + format_vn(data) + ")";
  return d;
}

const Unit& governing_unit(App& app, const Unit& u, Date d) {
  if (u.level != Level::Village) return u;
  Id parent = app.units().parent_at(u.id, d);
  if (!parent) {
    auto path = app.units().path_at(u.id, Date{u.valid.to.days - 1});
    if (path.size() > 1) parent = path[1];
  }
  const Unit* p = parent ? app.units().find(parent) : nullptr;
  return p ? *p : u;
}

ReportSettings effective_report_settings(Store& s, const Unit& u) {
  if (auto saved = s.report_settings(u.id)) return *saved;
  return default_report_settings(u);
}

std::vector<ReportRecipient> recipient_options(App& app, Store& s, Id unit, Date structure) {
  std::vector<ReportRecipient> out;
  auto path = app.units().path_at(unit, structure);
  for (size_t i = 1; i < path.size(); ++i) {
    const Unit& a = *app.units().find(path[i]);
    out.push_back({a.id, "UBND " + name_in_sentence(a), false});
    if (auto st = s.report_settings(a.id); st && st->issuer_kind == IssuerKind::Body)
      out.push_back({a.id, issuer_in_sentence(*st, a, governing_unit(app, a, structure)), false});
  }
  return out;
}

// The values of the unit's cells by indicator code.
using CellsByCode = std::map<std::string, const ValueCell*>;

std::string results_text(App& app, Id unit, const ReportDates& dates) {
  const Unit& u = *app.units().find(unit);
  const std::vector<ValueCell> cells = evaluate_all(app, unit, dates.period);
  CellsByCode by;
  for (const ValueCell& c : cells) by[c.indicator->code] = &c;
  auto num = [&](const char* code) -> std::optional<std::string> {
    auto it = by.find(code);
    if (it == by.end() || !it->second->value) return std::nullopt;
    return format_vn_number(*it->second->value);
  };
  auto positive = [&](const char* code) {
    auto it = by.find(code);
    return it != by.end() && it->second->value && *it->second->value > 0;
  };
  const std::string where = name_in_sentence(u);
  const std::string in_period = dates.running ? "Từ ngày " + format_vn(dates.first) + " đến ngày " + format_vn(dates.period.to)
                                              : capitalised(dates.name);
  std::string text;
  // The organisation on the last day.
  if (auto teams = num("so_to")) {
    text += "Đến ngày " + format_vn(dates.period.to) + ", trên địa bàn " + where + " có " + *teams +
            " Tổ công nghệ số cộng đồng đang hoạt động";
    if (auto m = num("so_thanh_vien")) {
      text += " với " + *m + " thành viên";
      if (auto t = num("thanh_vien_tap_huan")) {
        text += ", trong đó " + *t + " thành viên đã được tập huấn";
        if (auto r = num("ty_le_tap_huan")) text += " (" + *r + "%)";
      }
    }
    std::string cover;
    if (u.level <= Level::District)
      if (auto x = num("phu_song_xa")) cover += *x + "% số xã, phường, thị trấn";
    if (u.level <= Level::Commune)
      if (auto x = num("phu_song_thon")) cover += (cover.empty() ? "" : " và ") + *x + "% số thôn, tổ dân phố";
    if (!cover.empty()) text += "; " + cover + " đã có tổ";
    text += ".\n";
  }
  // What the teams did in the period.
  std::vector<std::string> done;
  auto add = [&](const char* code, const std::string& before, const std::string& after) {
    if (positive(code)) done.push_back(before + *num(code) + after);
  };
  if (positive("ho_tuyen_truyen") || positive("nguoi_tuyen_truyen")) {
    std::string t = "tuyên truyền về chuyển đổi số đến ";
    if (positive("ho_tuyen_truyen")) t += *num("ho_tuyen_truyen") + " hộ gia đình";
    if (positive("ho_tuyen_truyen") && positive("nguoi_tuyen_truyen")) t += " và ";
    if (positive("nguoi_tuyen_truyen")) t += *num("nguoi_tuyen_truyen") + " người dân";
    done.push_back(t);
  }
  add("dvc_huong_dan", "hướng dẫn ", " người sử dụng dịch vụ công trực tuyến");
  add("dvc_ho_so", "hỗ trợ nộp ", " hồ sơ dịch vụ công trực tuyến");
  add("vneid_kich_hoat", "hỗ trợ ", " người kích hoạt tài khoản định danh điện tử VNeID mức 2");
  add("vi_dien_tu", "hướng dẫn mở ", " tài khoản ví điện tử");
  add("tmdt_tai_khoan", "tạo ", " tài khoản trên sàn thương mại điện tử");
  add("tmdt_gian_hang", "mở ", " gian hàng trên sàn thương mại điện tử (Postmart.vn, Voso.vn)");
  add("hoc_vien_ky_nang_so", "hướng dẫn ", " người dân học kỹ năng số cơ bản");
  add("nguoi_an_toan_mang", "tư vấn an toàn trên mạng, phòng chống lừa đảo cho ", " người");
  add("hoi_nghi_tap_huan", "tổ chức ", " hội nghị, lớp tập huấn về chuyển đổi số");
  if (done.empty()) {
    text += in_period + ", các tổ chưa ghi nhận hoạt động trên hệ thống.\n";
  } else {
    text += in_period + ", các tổ đã ";
    for (size_t i = 0; i < done.size(); ++i) text += (i ? "; " : "") + done[i];
    text += ".\n";
  }
  // Against the year's targets (prorated to the period, as the scorecard does).
  std::vector<std::string> met, behind;
  for (const ValueCell& c : cells) {
    if (c.status == Status::Met) met.push_back(c.indicator->name);
    else if (c.status == Status::Behind) behind.push_back(c.indicator->name);
  }
  auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? "; " : "") + v[i];
    return s;
  };
  if (!met.empty() || !behind.empty()) {
    text += "So với chỉ tiêu năm (tính theo thời gian của kỳ báo cáo)";
    if (!met.empty()) text += ", đã đạt: " + list(met);
    if (!behind.empty()) text += (met.empty() ? ", " : "; ") + std::string("còn chậm: ") + list(behind);
    text += ".\n";
  }
  text += "Số liệu chi tiết tại Phụ lục kèm theo.";
  return text;
}

static std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= text.size()) {
    size_t j = text.find('\n', i);
    if (j == std::string::npos) j = text.size();
    std::string line = trim(std::string_view(text).substr(i, j - i));
    if (!line.empty()) out.push_back(std::move(line));
    i = j + 1;
  }
  return out;
}

static ReportTable build_table(App& app, Id unit, const Period& p,
                               const std::map<Id, std::map<std::string, std::optional<double>>>& frozen) {
  ReportTable t;
  const auto& list = app.indicators().list();
  std::vector<size_t> order;  // catalogue positions, grouped by pillar
  for (const Label& pl : pillars()) {
    ReportTable::Group g{std::string(pl.name), order.size(), 0};
    for (size_t i = 0; i < list.size(); ++i)
      if (list[i].pillar == pl.code) order.push_back(i), ++g.count;
    if (g.count) t.groups.push_back(std::move(g));
  }
  for (size_t i = 0; i < list.size(); ++i)  // a pillar the catalogue does not know: a group of its own
    if (std::find_if(pillars().begin(), pillars().end(), [&](const Label& l) { return l.code == list[i].pillar; }) ==
        pillars().end()) {
      if (t.groups.empty() || t.groups.back().name != list[i].pillar) t.groups.push_back({list[i].pillar, order.size(), 0});
      order.push_back(i);
      ++t.groups.back().count;
    }
  for (size_t i : order) t.columns.push_back(list[i].name + " (" + list[i].unit + ")");
  auto row = [&](Id id, std::string name) {
    ReportTable::Row r{std::move(name), {}};
    const std::vector<ValueCell> cells = evaluate_all(app, id, p);
    const auto fz = frozen.find(id);
    for (size_t i : order) {
      std::optional<double> v = cells[i].value;
      if (fz != frozen.end())
        if (auto it = fz->second.find(list[i].code); it != fz->second.end()) v = it->second;
      r.values.push_back(round_value(v));
    }
    t.rows.push_back(std::move(r));
  };
  for (Id child : app.units().children_at(unit, p.structure)) row(child, app.units().find(child)->name);
  row(unit, "Tổng cộng");
  return t;
}

Report build_report(App& app, const ReportInput& in) {
  const UnitIndex& units = app.units();
  const Unit& u = *units.find(in.unit);
  const ReportDates& d = in.dates;
  const ReportSettings& st = in.settings;
  const ReportDocument* doc = in.document ? &*in.document : nullptr;
  const Unit& gov = governing_unit(app, u, d.period.structure);
  Report r;
  r.issuer = issuer_lines(st, u, gov);
  r.number = number_line(st, doc ? doc->number : "");
  r.place_date = date_line(st.place, d.date);
  r.subtitle = "Kết quả hoạt động của Tổ công nghệ số cộng đồng trên địa bàn " + name_in_sentence(u) + " " + d.name;
  r.range_text = d.range_text;
  r.remarks = in.remarks;
  if (u.valid.to != kMaxDate && u.valid.to <= today_local()) r.remarks.push_back("Báo cáo lịch sử: " + units.fate_text(u.id));

  std::vector<const ReportRecipient*> addressed, others;
  if (doc)
    for (const ReportRecipient& x : doc->recipients) (x.addressed ? addressed : others).push_back(&x);
  if (addressed.size() == 1) r.addressed.push_back("Kính gửi: " + addressed[0]->name + ".");
  else if (!addressed.empty()) {
    r.addressed.push_back("Kính gửi:");
    for (size_t i = 0; i < addressed.size(); ++i)
      r.addressed.push_back("- " + addressed[i]->name + (i + 1 < addressed.size() ? ";" : "."));
  }

  auto all = report_sections();
  for (size_t i = 0; i < all.size(); ++i) {
    Report::Section sec{std::string(all[i].roman) + ". " + upper(all[i].title), {}};
    sec.paragraphs = lines_of(doc ? doc->sections[i] : i == 0 ? results_text(app, u.id, d) : "");
    r.sections.push_back(std::move(sec));
  }
  for (auto it = r.sections.rbegin(); it != r.sections.rend(); ++it)  // the body ends with "./."
    if (!it->paragraphs.empty()) {
      std::string& last = it->paragraphs.back();
      if (!last.ends_with("./.")) {
        if (last.ends_with(".")) last.pop_back();
        last += "./.";
      }
      break;
    }

  const std::string number = trim(doc ? doc->number : "");
  r.appendix_ref = "(Kèm theo Báo cáo số " + (number.empty() ? std::string("     ") : number) + "/BC-" + st.abbreviation +
                   " ngày " + format_vn(d.date) + " của " + issuer_in_sentence(st, u, gov) + ")";
  r.table = build_table(app, u.id, d.period, in.frozen);
  r.notes.push_back("Số liệu tổng hợp theo địa giới hành chính ngày " + format_vn(d.period.structure) + ".");
  if (!in.frozen.empty()) {
    std::vector<Id> ids;
    for (const auto& [id, values] : in.frozen) ids.push_back(id);
    units.sort_by_name(ids);
    std::string names;
    for (size_t i = 0; i < ids.size() && i < 10; ++i) names += (i ? ", " : "") + units.find(ids[i])->name;
    if (ids.size() > 10) names += " và " + std::to_string(ids.size() - 10) + " đơn vị khác";
    r.notes.push_back("Số liệu của " + names + " là số liệu trong báo cáo đã được duyệt (giữ nguyên như khi gửi).");
  }
  r.notes.push_back("Số lượt (người, hộ, tài khoản…) là tổng phát sinh trong kỳ; số tổ, thành viên và tỷ lệ là số liệu tại ngày " +
                    format_vn(d.period.to) + ".");
  add_reorganisation_notes(app, u.id, d.period, r.notes);
  r.notes.push_back("Số liệu do hệ thống langso tổng hợp từ hoạt động các Tổ công nghệ số cộng đồng cập nhật.");

  r.recipients.push_back("Nơi nhận:");
  if (!addressed.empty()) r.recipients.push_back("- Như trên;");
  for (const ReportRecipient* x : others) r.recipients.push_back("- " + x->name + ";");
  r.recipients.push_back("- Lưu: VT.");

  const std::string title = doc && doc->signer_title ? *doc->signer_title : st.signer_title;
  r.signature = signature_lines(st, title);
  r.signer_name = doc && doc->signer_name ? *doc->signer_name : st.signer_name;

  r.file_title = "Báo cáo " + d.name + " - " + u.name;
  // "bao-cao-thang-5-2022-…", "bao-cao-quy-4-2026-…", "bao-cao-nam-2022-…"
  std::string short_period = d.code.size() == 4 ? "nam " + d.code : d.name.substr(0, d.name.find(" năm ")) + " " + d.code.substr(0, 4);
  r.file_name = ascii_slug("bao cao " + short_period + " " + u.name);
  return r;
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

// The same content as the other formats, without layout: one line per line
// of the report, the table in its columns. Every cell of text goes through
// csv_text (a unit named "=cmd|…" or a narrative line starting with "-" is
// not run as a formula); row numbers and figures are plain numbers.
std::string report_csv(const Report& r) {
  std::string out = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_text(cells[i]);
    out += "\r\n";
  };
  std::vector<std::string> left, right = {std::string(kNationalHeading), std::string(kMotto), r.place_date};
  for (const HeadingLine& l : r.issuer) left.push_back(l.text);
  left.push_back(r.number);
  for (size_t i = 0; i < std::max(left.size(), right.size()); ++i)
    line({i < left.size() ? left[i] : "", "", i < right.size() ? right[i] : ""});
  line({r.title});
  line({r.subtitle});
  line({r.range_text});
  for (const auto& x : r.remarks) line({x});
  for (const auto& x : r.addressed) line({x});
  for (const auto& sec : r.sections) {
    line({sec.heading});
    for (const auto& p : sec.paragraphs) line({p});
  }
  for (size_t i = 0; i < std::max(r.recipients.size(), r.signature.size() + 2); ++i) {
    std::string right_cell = i < r.signature.size() ? r.signature[i] : i == r.signature.size() + 1 ? r.signer_name : "";
    line({i < r.recipients.size() ? r.recipients[i] : "", "", right_cell});
  }
  line({r.appendix_title + ": " + r.appendix_subtitle});
  line({r.appendix_ref});
  std::vector<std::string> groups = {"", ""};
  for (const auto& g : r.table.groups)
    for (size_t i = 0; i < g.count; ++i) groups.push_back(i == 0 ? g.name : "");
  line(groups);
  std::vector<std::string> head = {"STT", "Đơn vị"};
  head.insert(head.end(), r.table.columns.begin(), r.table.columns.end());
  line(head);
  for (size_t i = 0; i < r.table.rows.size(); ++i) {
    out += (i + 1 < r.table.rows.size() ? std::to_string(i + 1) : "") + "," + csv_text(r.table.rows[i].name);
    // Plain numbers (a dot as decimal point) so spreadsheets can add them up.
    for (auto v : r.table.rows[i].values) {
      out += ',';
      if (v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.10g", *v);
        out += csv_field(buf);
      }
    }
    out += "\r\n";
  }
  for (const auto& n : r.notes) line({n});
  return out;
}

}  // namespace langso
