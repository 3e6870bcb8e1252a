#include "domain/indicator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace langso {

static constexpr std::array<Label, 5> kPillars = {{
    {"tong_hop", "Chỉ số tổng hợp"},
    {"chinh_quyen_so", "Chính quyền số"},
    {"kinh_te_so", "Kinh tế số"},
    {"xa_hoi_so", "Xã hội số"},
    {"to_chuc", "Tổ chức Tổ CNSCĐ"},
}};

std::span<const Label> pillars() { return kPillars; }

static constexpr std::array<std::pair<std::string_view, IndicatorKind>, 18> kKinds = {{
    {"sum", IndicatorKind::Sum},
    {"count", IndicatorKind::Count},
    {"teams", IndicatorKind::Teams},
    {"members", IndicatorKind::Members},
    {"trained_members", IndicatorKind::TrainedMembers},
    {"coverage_communes", IndicatorKind::CoverageCommunes},
    {"coverage_villages", IndicatorKind::CoverageVillages},
    {"ratio", IndicatorKind::Ratio},
    {"composite", IndicatorKind::Composite},
    {"register_adults_share", IndicatorKind::RegisterAdultsShare},
    {"register_fibre", IndicatorKind::RegisterFibre},
    {"register_residents", IndicatorKind::RegisterResidents},
    {"register_villages_missing", IndicatorKind::RegisterVillagesMissing},
    {"population", IndicatorKind::Population},
    {"reporting_rate", IndicatorKind::ReportingRate},
    {"on_time_rate", IndicatorKind::OnTimeRate},
    {"open_violations", IndicatorKind::OpenViolations},
    {"open_outliers", IndicatorKind::OpenOutliers},
}};

std::optional<double> Indicator::default_target(int year) const {
  for (auto [by, v] : national_targets)
    if (year <= by) return v;
  if (!national_targets.empty()) return national_targets.back().second;
  return national_target;
}

void IndicatorCatalog::add(Indicator i) {
  if (i.kind == IndicatorKind::RegisterAdultsShare) {
    RegisterGroup g{0, i.min_age, i.max_age};
    for (int s : i.statuses) g.statuses |= uint64_t{1} << s;
    auto it = std::find(groups_.begin(), groups_.end(), g);
    i.group = static_cast<int>(it - groups_.begin());
    if (it == groups_.end()) groups_.push_back(g);
  }
  list_.push_back(std::move(i));
}

bool Indicator::is_stock() const { return kind != IndicatorKind::Sum && kind != IndicatorKind::Count; }

nlohmann::json Indicator::spec_json(const ActivityCatalog& types) const {
  nlohmann::json j;
  for (auto& [name, k] : kKinds)
    if (k == kind) j["kind"] = name;
  if (type >= 0) {
    const ActivityType& t = types.types()[static_cast<size_t>(type)];
    j["type"] = t.code;
    if (field >= 0) j["field"] = t.fields[static_cast<size_t>(field)].code;
    if (category >= 0) j["category"] = t.categories[static_cast<size_t>(category)].code;
  }
  if (kind == IndicatorKind::Ratio) {
    j["numerator"] = numerator;
    j["denominator"] = denominator;
    j["scale"] = scale;
  }
  if (kind == IndicatorKind::Composite)
    for (const auto& [p, w] : weights) j["weights"][p] = w;
  if (kind == IndicatorKind::RegisterAdultsShare) {
    if (status_codes.size() == 1) j["status"] = status_codes[0];
    else j["statuses"] = status_codes;
    if (min_age != kAdultAge) j["min_age"] = min_age;
    if (max_age >= 0) j["max_age"] = max_age;
  }
  if (!national_targets.empty()) {
    j["national_targets"] = nlohmann::json::array();
    for (auto [by, v] : national_targets) j["national_targets"].push_back({{"by", by}, {"value", v}});
  }
  return j;
}

Indicator IndicatorCatalog::parse(const nlohmann::json& j, const ActivityCatalog& types, const IndicatorCatalog& known,
                                  const StatusCatalog* statuses) {
  auto str = [&](const char* k) {
    if (!j.contains(k) || !j[k].is_string() || j[k].get<std::string>().empty())
      throw std::runtime_error(std::string("thiếu hoặc sai trường '") + k + "'");
    return j[k].get<std::string>();
  };
  Indicator i;
  i.code = str("code");
  i.name = str("name");
  i.unit = str("unit");
  i.pillar = str("pillar");
  if (!find_label(kPillars, i.pillar)) throw std::runtime_error("trụ cột không hợp lệ: " + i.pillar);
  std::string kind = str("kind");
  bool found = false;
  for (auto& [name, k] : kKinds)
    if (name == kind) i.kind = k, found = true;
  if (!found) throw std::runtime_error("loại chỉ số không hợp lệ: " + kind);
  if (i.kind == IndicatorKind::Sum || i.kind == IndicatorKind::Count) {
    const ActivityType* t = types.find(str("type"));
    if (!t) throw std::runtime_error("loại hoạt động không tồn tại: " + j["type"].get<std::string>());
    i.type = t->index;
    if (i.kind == IndicatorKind::Sum) {
      i.field = t->field_index(str("field"));
      if (i.field < 0) throw std::runtime_error("chỉ số '" + j["field"].get<std::string>() + "' không có trong loại " + t->code);
      if (j.contains("category")) {
        i.category = t->category_index(str("category"));
        if (i.category < 0) throw std::runtime_error("phân loại '" + j["category"].get<std::string>() + "' không có trong loại " + t->code);
      }
    }
  }
  if (i.kind == IndicatorKind::RegisterAdultsShare) {
    if (j.contains("statuses")) {
      if (!j["statuses"].is_array() || j["statuses"].empty() || j["statuses"].size() > 16)
        throw std::runtime_error("'statuses' phải là danh sách 1–16 mã trạng thái");
      for (const auto& c : j["statuses"]) {
        if (!c.is_string()) throw std::runtime_error("'statuses' phải là danh sách mã trạng thái");
        i.status_codes.push_back(c.get<std::string>());
      }
    } else {
      i.status_codes.push_back(str("status"));
    }
    for (const std::string& code : i.status_codes) {
      const StatusType* st = statuses ? statuses->find(code) : nullptr;
      if (!st) throw std::runtime_error("trạng thái công dân số không tồn tại: " + code);
      if (std::find(i.statuses.begin(), i.statuses.end(), st->index) != i.statuses.end())
        throw std::runtime_error("trạng thái lặp lại: " + code);
      i.statuses.push_back(st->index);
    }
    auto age = [&](const char* k, int fallback) {
      if (!j.contains(k)) return fallback;
      if (!j[k].is_number_integer() || j[k].get<int64_t>() < 0 || j[k].get<int64_t>() > 120)
        throw std::runtime_error(std::string("'") + k + "' phải là số tuổi 0–120");
      return static_cast<int>(j[k].get<int64_t>());
    };
    i.min_age = age("min_age", kAdultAge);
    i.max_age = age("max_age", -1);
    if (i.max_age >= 0 && i.max_age < i.min_age) throw std::runtime_error("'max_age' nhỏ hơn 'min_age'");
  }
  if (i.kind == IndicatorKind::Ratio) {
    i.numerator = str("numerator");
    i.denominator = str("denominator");
    if (!known.find(i.numerator) || !known.find(i.denominator))
      throw std::runtime_error("tỷ lệ phải dựa trên hai chỉ số đã có");
    for (const Indicator* part : {known.find(i.numerator), known.find(i.denominator)})
      if (part->kind == IndicatorKind::Ratio || part->kind == IndicatorKind::Composite)
        throw std::runtime_error("tỷ lệ không được dựa trên một tỷ lệ hay chỉ số tổng hợp khác");
    i.scale = j.value("scale", 1.0);
  }
  if (i.kind == IndicatorKind::Composite) {
    if (!j.contains("weights") || !j["weights"].is_object() || j["weights"].empty())
      throw std::runtime_error("chỉ số tổng hợp cần 'weights': trọng số của từng trụ cột");
    for (auto it = j["weights"].begin(); it != j["weights"].end(); ++it) {
      if (!find_label(kPillars, it.key()) || it.key() == "tong_hop") throw std::runtime_error("trụ cột không hợp lệ: " + it.key());
      if (!it->is_number() || it->get<double>() < 0 || !std::isfinite(it->get<double>()))
        throw std::runtime_error("trọng số phải là số không âm");
      i.weights.emplace_back(it.key(), it->get<double>());
    }
  }
  if (j.contains("national_target")) {
    if (!j["national_target"].is_number()) throw std::runtime_error("national_target phải là số");
    i.national_target = j["national_target"].get<double>();
  }
  if (j.contains("national_targets")) {
    if (!j["national_targets"].is_array()) throw std::runtime_error("national_targets phải là danh sách");
    for (const auto& m : j["national_targets"]) {
      if (!m.is_object() || !m.contains("by") || !m["by"].is_number_integer() || !m.contains("value") || !m["value"].is_number() ||
          !std::isfinite(m["value"].get<double>()))
        throw std::runtime_error("mỗi mốc của national_targets cần 'by' (năm) và 'value' (số)");
      const int by = m["by"].get<int>();
      if (!i.national_targets.empty() && by <= i.national_targets.back().first)
        throw std::runtime_error("các mốc national_targets phải theo năm tăng dần");
      i.national_targets.emplace_back(by, m["value"].get<double>());
    }
  }
  if (known.find(i.code)) throw std::runtime_error("mã chỉ số đã tồn tại: " + i.code);
  return i;
}

IndicatorCatalog IndicatorCatalog::from_json(const nlohmann::json& list, const ActivityCatalog& types,
                                             const StatusCatalog* statuses) {
  IndicatorCatalog c;
  for (const auto& j : list) {
    try {
      c.add(parse(j, types, c, statuses));
    } catch (const std::exception& e) {
      throw std::runtime_error("chỉ số " + j.value("code", std::string("?")) + ": " + e.what());
    }
  }
  return c;
}

const Indicator* IndicatorCatalog::find(std::string_view code) const {
  for (const auto& i : list_)
    if (i.code == code) return &i;
  return nullptr;
}

std::optional<double> IndicatorCatalog::value(const Indicator& ind, const Totals& t, const ActivityCatalog& types) const {
  auto pct = [](int64_t a, int64_t b) -> std::optional<double> {
    if (b == 0) return std::nullopt;
    return 100.0 * static_cast<double>(a) / static_cast<double>(b);
  };
  switch (ind.kind) {
    case IndicatorKind::Sum: return static_cast<double>(t.flows[static_cast<size_t>(types.sum_metric(ind.type, ind.field, ind.category))]);
    case IndicatorKind::Count: return static_cast<double>(t.flows[static_cast<size_t>(types.count_metric(ind.type))]);
    case IndicatorKind::Teams: return static_cast<double>(t.teams);
    case IndicatorKind::Members: return static_cast<double>(t.members);
    case IndicatorKind::TrainedMembers: return static_cast<double>(t.trained);
    case IndicatorKind::CoverageCommunes: return pct(t.communes_covered, t.communes);
    case IndicatorKind::CoverageVillages: return pct(t.villages_covered, t.villages);
    case IndicatorKind::Composite: return std::nullopt;
    case IndicatorKind::RegisterAdultsShare: {
      const size_t g = static_cast<size_t>(ind.group);
      if (ind.group < 0 || g >= t.group_people.size()) return std::nullopt;
      return pct(t.group_holding[g], t.group_people[g]);
    }
    case IndicatorKind::RegisterFibre: return pct(t.households_fibre, t.households);
    case IndicatorKind::RegisterResidents: return static_cast<double>(t.residents);
    case IndicatorKind::RegisterVillagesMissing:
      return static_cast<double>(std::max<int64_t>(0, t.villages - t.villages_with_register));
    case IndicatorKind::Population:
      if (t.population <= 0) return std::nullopt;
      return static_cast<double>(t.population);
    case IndicatorKind::ReportingRate: return pct(t.reports_submitted, t.reports_expected);
    case IndicatorKind::OnTimeRate: return pct(t.reports_on_time, t.reports_expected);
    case IndicatorKind::OpenViolations:
      if (!t.reports_expected) return std::nullopt;
      return static_cast<double>(t.reports_open_violations);
    case IndicatorKind::OpenOutliers:
      if (!t.reports_expected) return std::nullopt;
      return static_cast<double>(t.reports_open_outliers);
    case IndicatorKind::Ratio: {
      auto n = value(*find(ind.numerator), t, types);
      auto d = value(*find(ind.denominator), t, types);
      if (!n || !d || *d == 0) return std::nullopt;
      return *n / *d * ind.scale;
    }
  }
  return std::nullopt;
}

std::optional<double> composite_value(const Indicator& ind,
                                      const std::vector<std::pair<std::string_view, double>>& progress) {
  double sum = 0, weight = 0;
  for (const auto& [pillar, w] : ind.weights) {
    double total = 0;
    int n = 0;
    for (const auto& [p, x] : progress)
      if (p == pillar) total += std::clamp(x, 0.0, 1.0), ++n;
    if (n == 0 || w <= 0) continue;
    sum += w * 100.0 * total / n;
    weight += w;
  }
  if (weight <= 0) return std::nullopt;
  return sum / weight;
}

std::string_view status_code(Status s) {
  switch (s) {
    case Status::Met: return "dat";
    case Status::OnTrack: return "dung_tien_do";
    case Status::Behind: return "cham";
    default: return "chua_co_chi_tieu";
  }
}

std::string_view status_name(Status s) {
  switch (s) {
    case Status::Met: return "Đạt";
    case Status::OnTrack: return "Đúng tiến độ";
    case Status::Behind: return "Chậm";
    default: return "Chưa có chỉ tiêu";
  }
}

static double days_in_year_of(Date d) {
  int y;
  unsigned m, dd;
  ymd_from_date(d, y, m, dd);
  return static_cast<double>(date_from_ymd(y + 1, 1, 1).days - date_from_ymd(y, 1, 1).days);
}

double period_target(const Indicator& ind, double yearly, Date from, Date to) {
  if (ind.is_stock()) return yearly;
  double len = static_cast<double>(to.days - from.days + 1);
  return yearly * std::min(1.0, len / days_in_year_of(to));
}

Status status_of(const Indicator& ind, std::optional<double> value, std::optional<double> target, Date from, Date to,
                 Date today) {
  if (!target || !value) return Status::NoTarget;  // no target, or nothing to measure (a ratio over zero)
  double v = *value;
  if (ind.lower_is_better()) return v <= *target ? Status::Met : Status::Behind;
  if (v >= *target) return Status::Met;
  if (today >= to) return Status::Behind;
  double share;
  if (ind.is_stock()) {
    int y;
    unsigned m, d;
    ymd_from_date(to, y, m, d);
    Date jan1 = date_from_ymd(y, 1, 1);
    share = static_cast<double>(today.days - jan1.days + 1) / days_in_year_of(to);
  } else {
    share = static_cast<double>(today.days - from.days + 1) / static_cast<double>(to.days - from.days + 1);
  }
  share = std::clamp(share, 0.0, 1.0);
  return v >= *target * share ? Status::OnTrack : Status::Behind;
}

}  // namespace langso
