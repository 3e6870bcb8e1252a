#include "domain/report_form.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "domain/report.h"

namespace langso {

std::string_view periodicity_code(Periodicity p) {
  switch (p) {
    case Periodicity::Month: return "month";
    case Periodicity::Quarter: return "quarter";
    case Periodicity::HalfYear: return "half_year";
    case Periodicity::Year: return "year";
  }
  return "month";
}

std::string_view periodicity_name(Periodicity p) {
  switch (p) {
    case Periodicity::Month: return "Tháng";
    case Periodicity::Quarter: return "Quý";
    case Periodicity::HalfYear: return "6 tháng";
    case Periodicity::Year: return "Năm";
  }
  return "Tháng";
}

std::optional<Periodicity> parse_periodicity(std::string_view s) {
  for (Periodicity p : {Periodicity::Month, Periodicity::Quarter, Periodicity::HalfYear, Periodicity::Year})
    if (periodicity_code(p) == s) return p;
  return std::nullopt;
}

std::optional<Level> parse_level(std::string_view s) {
  for (Level l : {Level::Province, Level::District, Level::Commune, Level::Village})
    if (level_code(l) == s) return l;
  return std::nullopt;
}

bool ReportForm::reports_at(Level l) const { return std::find(levels.begin(), levels.end(), l) != levels.end(); }

ReportFormCatalog ReportFormCatalog::from_json(std::string_view text) {
  const nlohmann::json list = nlohmann::json::parse(text);
  if (!list.is_array()) throw std::runtime_error("danh mục mẫu báo cáo phải là mảng");
  ReportFormCatalog c;
  for (const auto& j : list) {
    ReportForm f;
    f.code = j.at("code").get<std::string>();
    if (f.code.empty() || c.find(f.code)) throw std::runtime_error("mã mẫu báo cáo trống hoặc trùng: " + f.code);
    f.name = j.at("name").get<std::string>();
    f.basis = j.value("basis", "");
    const auto per = parse_periodicity(j.at("periodicity").get<std::string>());
    if (!per) throw std::runtime_error("mẫu " + f.code + ": kỳ báo cáo không hợp lệ");
    f.periodicity = *per;
    for (const auto& l : j.at("levels")) {
      const auto level = parse_level(l.get<std::string>());
      if (!level) throw std::runtime_error("mẫu " + f.code + ": cấp không hợp lệ " + l.dump());
      f.levels.push_back(*level);
    }
    if (f.levels.empty()) throw std::runtime_error("mẫu " + f.code + ": không có cấp báo cáo");
    f.due_day = j.at("due_day").get<int>();
    if (f.due_day < 1 || f.due_day > 31) throw std::runtime_error("mẫu " + f.code + ": hạn báo cáo phải từ ngày 1 đến 31");
    for (const auto& i : j.at("indicators")) f.indicators.push_back(i.get<std::string>());
    for (const auto& s : j.at("sections")) {
      const std::string code = s.get<std::string>();
      auto all = report_sections();
      if (std::none_of(all.begin(), all.end(), [&](const ReportSectionInfo& x) { return x.code == code; }))
        throw std::runtime_error("mẫu " + f.code + ": không có mục " + code);
      f.sections.push_back(code);
    }
    for (const auto& r : j.value("rules", nlohmann::json::array())) {
      ValidationRule v;
      v.code = r.at("code").get<std::string>();
      v.left = r.at("left").get<std::string>();
      v.op = r.at("op").get<std::string>();
      if (r.at("right").is_number()) v.number = r.at("right").get<double>();
      else v.right = r.at("right").get<std::string>();
      v.factor = r.value("factor", 1.0);
      v.message = r.at("message").get<std::string>();
      static constexpr std::string_view kOps[] = {"<=", ">=", "<", ">", "==", "!="};
      if (v.code.empty() || v.message.empty() || std::find(std::begin(kOps), std::end(kOps), v.op) == std::end(kOps))
        throw std::runtime_error("mẫu " + f.code + ": quy tắc kiểm tra không hợp lệ " + r.dump());
      f.rules.push_back(std::move(v));
    }
    c.forms_.push_back(std::move(f));
  }
  return c;
}

const ReportForm* ReportFormCatalog::find(std::string_view code) const {
  for (const ReportForm& f : forms_)
    if (f.code == code) return &f;
  return nullptr;
}

const ReportFormCatalog& report_forms() {
  static const ReportFormCatalog c = ReportFormCatalog::from_json(default_report_forms_json());
  return c;
}

bool rule_holds(const ValidationRule& r, std::optional<double> left, std::optional<double> right) {
  if (r.right.empty()) right = r.number;
  else if (right) *right *= r.factor;
  if (!left || !right) return true;
  const double a = *left, b = *right;
  if (r.op == "<=") return a <= b;
  if (r.op == ">=") return a >= b;
  if (r.op == "<") return a < b;
  if (r.op == ">") return a > b;
  if (r.op == "==") return a == b;
  return a != b;
}

// ---- periods

static int months_of(Periodicity p) {
  switch (p) {
    case Periodicity::Month: return 1;
    case Periodicity::Quarter: return 3;
    case Periodicity::HalfYear: return 6;
    case Periodicity::Year: return 12;
  }
  return 1;
}

static Date first_of(int y, int m0) {  // m0: months since January of y, may overflow
  y += m0 / 12;
  m0 %= 12;
  return date_from_ymd(y, static_cast<unsigned>(m0 + 1), 1);
}

// The period of `f` starting in month m0 (0-based, aligned) of year y.
static ReportPeriod make_period(Periodicity per, int y, int m0) {
  const int n = months_of(per);
  ReportPeriod p;
  p.from = first_of(y, m0);
  p.to = Date{first_of(y, m0 + n).days - 1};
  char buf[16];
  switch (per) {
    case Periodicity::Month: std::snprintf(buf, sizeof buf, "%04d-%02d", y, m0 + 1); break;
    case Periodicity::Quarter: std::snprintf(buf, sizeof buf, "%04d-Q%d", y, m0 / 3 + 1); break;
    case Periodicity::HalfYear: std::snprintf(buf, sizeof buf, "%04d-H%d", y, m0 / 6 + 1); break;
    case Periodicity::Year: std::snprintf(buf, sizeof buf, "%04d", y); break;
  }
  p.code = buf;
  return p;
}

std::optional<ReportPeriod> parse_form_period(const ReportForm& f, std::string_view s) {
  auto num = [](std::string_view t, int& out) {
    if (t.empty() || t.size() > 4) return false;
    out = 0;
    for (char c : t) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  int y = 0, n = 0;
  if (s.size() < 4 || !num(s.substr(0, 4), y) || y < 2020 || y > 2100) return std::nullopt;
  switch (f.periodicity) {
    case Periodicity::Year:
      if (s.size() == 4) return make_period(f.periodicity, y, 0);
      break;
    case Periodicity::Month:
      if (s.size() == 7 && s[4] == '-' && num(s.substr(5), n) && n >= 1 && n <= 12)
        return make_period(f.periodicity, y, n - 1);
      break;
    case Periodicity::Quarter:
      if (s.size() == 7 && s[4] == '-' && s[5] == 'Q' && num(s.substr(6), n) && n >= 1 && n <= 4)
        return make_period(f.periodicity, y, (n - 1) * 3);
      break;
    case Periodicity::HalfYear:
      if (s.size() == 7 && s[4] == '-' && s[5] == 'H' && num(s.substr(6), n) && n >= 1 && n <= 2)
        return make_period(f.periodicity, y, (n - 1) * 6);
      break;
  }
  return std::nullopt;
}

ReportPeriod period_containing(const ReportForm& f, Date d) {
  int y;
  unsigned m, day;
  ymd_from_date(d, y, m, day);
  const int n = months_of(f.periodicity);
  return make_period(f.periodicity, y, (static_cast<int>(m) - 1) / n * n);
}

ReportPeriod next_period(const ReportForm& f, const ReportPeriod& p) { return period_containing(f, Date{p.to.days + 1}); }

std::vector<ReportPeriod> periods_between(const ReportForm& f, Date from, Date to) {
  std::vector<ReportPeriod> out;
  for (ReportPeriod p = period_containing(f, from); p.from <= to && out.size() < 1200; p = next_period(f, p))
    out.push_back(p);
  return out;
}

Date due_date(const ReportForm& f, const ReportPeriod& p) {
  const Date next = Date{p.to.days + 1};  // the first of the month after
  int y;
  unsigned m, d;
  ymd_from_date(next, y, m, d);
  const Date after = first_of(y, static_cast<int>(m));  // the first of the month after that
  return std::min(Date{next.days + f.due_day - 1}, Date{after.days - 1});
}

std::string period_title(const ReportPeriod& p) {
  int y;
  unsigned m, d;
  ymd_from_date(p.from, y, m, d);
  const int months = [&] {
    int y2;
    unsigned m2, d2;
    ymd_from_date(p.to, y2, m2, d2);
    return (y2 - y) * 12 + static_cast<int>(m2) - static_cast<int>(m) + 1;
  }();
  const std::string year = std::to_string(y);
  if (months == 1) return "tháng " + std::to_string(m) + "/" + year;
  if (months == 3) return "quý " + std::to_string((m - 1) / 3 + 1) + "/" + year;
  if (months == 6) return std::string(m == 1 ? "6 tháng đầu năm " : "6 tháng cuối năm ") + year;
  return "năm " + year;
}

// ---- who is expected

std::vector<Interval> active_intervals(const Interval& valid, std::span<const Interval> parent_links, bool root) {
  std::vector<Interval> cut;
  if (root) {
    if (valid.from < valid.to) cut.push_back(valid);
    return cut;
  }
  for (const Interval& l : parent_links) {
    Interval x{std::max(valid.from, l.from), std::min(valid.to, l.to)};
    if (x.from < x.to) cut.push_back(x);
  }
  std::sort(cut.begin(), cut.end(), [](const Interval& a, const Interval& b) { return a.from < b.from; });
  std::vector<Interval> merged;
  for (const Interval& x : cut) {
    if (!merged.empty() && x.from <= merged.back().to) merged.back().to = std::max(merged.back().to, x.to);
    else merged.push_back(x);
  }
  return merged;
}

std::vector<Interval> expected_parts(const ReportForm& f, Level level, std::span<const Interval> active,
                                     const ReportPeriod& p) {
  std::vector<Interval> out;
  if (!f.reports_at(level)) return out;
  const Interval whole = p.interval();
  for (const Interval& a : active) {
    Interval x{std::max(a.from, whole.from), std::min(a.to, whole.to)};
    if (x.from < x.to) out.push_back(x);
  }
  return out;
}

int covered_days(std::span<const Interval> parts) {
  int n = 0;
  for (const Interval& x : parts) n += x.to.days - x.from.days;
  return n;
}

// ---- the workflow

std::string_view report_status_code(ReportStatus s) {
  switch (s) {
    case ReportStatus::Draft: return "draft";
    case ReportStatus::Submitted: return "submitted";
    case ReportStatus::Approved: return "approved";
    case ReportStatus::Accepted: return "accepted";
    case ReportStatus::NotReporting: return "not_reporting";
  }
  return "draft";
}

std::string_view report_status_name(ReportStatus s) {
  switch (s) {
    case ReportStatus::Draft: return "Đang soạn";
    case ReportStatus::Submitted: return "Đã gửi, chờ duyệt";
    case ReportStatus::Approved: return "Đã duyệt";
    case ReportStatus::Accepted: return "Đã duyệt, tỉnh đã tiếp nhận";
    case ReportStatus::NotReporting: return "Không báo cáo";
  }
  return "Đang soạn";
}

std::optional<ReportStatus> parse_report_status(std::string_view s) {
  for (ReportStatus x : {ReportStatus::Draft, ReportStatus::Submitted, ReportStatus::Approved, ReportStatus::Accepted,
                         ReportStatus::NotReporting})
    if (report_status_code(x) == s) return x;
  return std::nullopt;
}

std::string_view report_action_code(ReportAction a) {
  switch (a) {
    case ReportAction::Submit: return "submit";
    case ReportAction::Approve: return "approve";
    case ReportAction::Return: return "return";
    case ReportAction::Reopen: return "reopen";
    case ReportAction::MarkNotReporting: return "not_reporting";
    case ReportAction::Accept: return "accept";
  }
  return "submit";
}

std::string_view report_action_name(ReportAction a) {
  switch (a) {
    case ReportAction::Submit: return "Gửi báo cáo";
    case ReportAction::Approve: return "Duyệt";
    case ReportAction::Return: return "Trả lại";
    case ReportAction::Reopen: return "Mở lại";
    case ReportAction::MarkNotReporting: return "Đánh dấu không báo cáo";
    case ReportAction::Accept: return "Tiếp nhận";
  }
  return "Gửi báo cáo";
}

std::optional<ReportAction> parse_report_action(std::string_view s) {
  for (ReportAction a : {ReportAction::Submit, ReportAction::Approve, ReportAction::Return, ReportAction::Reopen,
                         ReportAction::MarkNotReporting, ReportAction::Accept})
    if (report_action_code(a) == s) return a;
  return std::nullopt;
}

bool action_needs_reason(ReportAction a) {
  return a == ReportAction::Return || a == ReportAction::Reopen || a == ReportAction::MarkNotReporting;
}

std::optional<ReportStatus> after_action(ReportStatus from, ReportAction a) {
  switch (a) {
    case ReportAction::Submit:
      if (from == ReportStatus::Draft) return ReportStatus::Submitted;
      break;
    case ReportAction::Approve:
      if (from == ReportStatus::Submitted) return ReportStatus::Approved;
      break;
    case ReportAction::Return:
      if (from == ReportStatus::Submitted) return ReportStatus::Draft;
      break;
    case ReportAction::Reopen:
      if (is_approved(from) || from == ReportStatus::NotReporting) return ReportStatus::Draft;
      break;
    case ReportAction::MarkNotReporting:
      if (from == ReportStatus::Draft) return ReportStatus::NotReporting;
      break;
    case ReportAction::Accept:
      if (from == ReportStatus::Approved) return ReportStatus::Accepted;
      break;
  }
  return std::nullopt;
}

std::string refusal_text(ReportStatus from, ReportAction a) {
  const std::string state = [&] {
    switch (from) {
      case ReportStatus::Draft: return std::string("Báo cáo đang soạn, chưa được gửi");
      case ReportStatus::Submitted: return std::string("Báo cáo đã được gửi và đang chờ duyệt");
      case ReportStatus::Approved: return std::string("Báo cáo đã được duyệt");
      case ReportStatus::Accepted: return std::string("Báo cáo đã được duyệt và được tỉnh tiếp nhận");
      case ReportStatus::NotReporting: return std::string("Đơn vị đã được đánh dấu không báo cáo kỳ này");
    }
    return std::string();
  }();
  return state + "; không thể thực hiện thao tác '" + std::string(report_action_name(a)) + "'. Hãy tải lại để xem trạng thái mới.";
}

std::string_view outlier_outcome_code(OutlierOutcome o) { return o == OutlierOutcome::Checked ? "checked" : "corrected"; }
std::string_view outlier_outcome_name(OutlierOutcome o) {
  return o == OutlierOutcome::Checked ? "Đã kiểm tra, số liệu đúng" : "Đã sửa";
}
std::optional<OutlierOutcome> parse_outlier_outcome(std::string_view s) {
  if (s == "checked") return OutlierOutcome::Checked;
  if (s == "corrected") return OutlierOutcome::Corrected;
  return std::nullopt;
}

}  // namespace langso
