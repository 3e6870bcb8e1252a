#include "domain/household.h"

#include <algorithm>

#include "util/text.h"

#include <stdexcept>

namespace langso {

int StatusType::option_index(std::string_view c) const {
  for (size_t i = 0; i < options.size(); ++i)
    if (options[i].code == c) return static_cast<int>(i);
  return -1;
}

StatusCatalog StatusCatalog::from_json(const nlohmann::json& list, const ActivityCatalog& activities) {
  if (!list.is_array()) throw std::runtime_error("danh mục trạng thái công dân số phải là mảng");
  StatusCatalog c;
  for (const auto& j : list) {
    StatusType t;
    t.index = static_cast<int>(c.types_.size());
    if (t.index >= 64) throw std::runtime_error("tối đa 64 loại trạng thái công dân số");
    t.code = j.at("code").get<std::string>();
    t.name = j.at("name").get<std::string>();
    if (t.code.empty() || c.find(t.code)) throw std::runtime_error("mã trạng thái trống hoặc trùng: " + t.code);
    t.option_name = j.value("option_name", "");
    for (const auto& o : j.value("options", nlohmann::json::array()))
      t.options.push_back({o.at("code").get<std::string>(), o.at("name").get<std::string>(),
                           o.value("activity_category", "")});
    if (auto a = j.find("activity"); a != j.end()) {
      t.activity_type = a->at("type").get<std::string>();
      t.activity_field = a->at("field").get<std::string>();
      const ActivityType* at = activities.find(t.activity_type);
      if (!at || at->field_index(t.activity_field) < 0)
        throw std::runtime_error("trạng thái " + t.code + ": không có hoạt động " + t.activity_type + "." + t.activity_field);
      for (const auto& o : t.options)
        if (!o.activity_category.empty() && at->category_index(o.activity_category) < 0)
          throw std::runtime_error("trạng thái " + t.code + ": hoạt động không có phân loại " + o.activity_category);
    }
    c.types_.push_back(std::move(t));
  }
  return c;
}

const StatusType* StatusCatalog::find(std::string_view code) const {
  for (const auto& t : types_)
    if (t.code == code) return &t;
  return nullptr;
}

std::optional<StatusSource> parse_status_source(std::string_view c) {
  if (c == "visit") return StatusSource::Visit;
  if (c == "import") return StatusSource::Import;
  if (c == "self") return StatusSource::SelfDeclared;
  return std::nullopt;
}

std::string_view status_source_code(StatusSource s) {
  switch (s) {
    case StatusSource::Visit: return "visit";
    case StatusSource::Import: return "import";
    case StatusSource::SelfDeclared: return "self";
  }
  return "self";
}

static constexpr Label kEthnic[] = {
    {"kinh", "Kinh"},         {"tay", "Tày"},          {"nung", "Nùng"},   {"dao", "Dao"},
    {"hmong", "H'Mông"},      {"thai", "Thái"},        {"muong", "Mường"}, {"san_chay", "Sán Chay"},
    {"san_diu", "Sán Dìu"},   {"hoa", "Hoa"},          {"khmer", "Khmer"}, {"khac", "Dân tộc khác"},
};
static constexpr Label kSexes[] = {{"nam", "Nam"}, {"nu", "Nữ"}};
static constexpr Label kEndReasons[] = {{"chuyen_di", "Chuyển đi nơi khác"}, {"qua_doi", "Đã mất"}};

std::span<const Label> ethnic_groups() { return kEthnic; }
std::span<const Label> sexes() { return kSexes; }
std::span<const Label> end_reasons() { return kEndReasons; }

bool valid_cccd(std::string_view s) {
  if (s.size() != 12) return false;
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  const int province = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
  return province >= 1 && province <= 96;
}

int age_on(const Resident& r, Date on) {
  int y = 0;
  unsigned m = 0, d = 0;
  ymd_from_date(on, y, m, d);
  if (r.birth_date) {
    int by = 0;
    unsigned bm = 0, bd = 0;
    ymd_from_date(*r.birth_date, by, bm, bd);
    return y - by - ((m < bm || (m == bm && d < bd)) ? 1 : 0);
  }
  return r.birth_year ? y - r.birth_year : -1;
}

bool likely_duplicates(const Resident& a, const Resident& b) {
  if (a.id == b.id || a.birth_year != b.birth_year || fold(a.full_name) != fold(b.full_name)) return false;
  if (!a.phone.empty() && !b.phone.empty() && a.phone != b.phone) return false;
  return a.cccd_digest.empty() || b.cccd_digest.empty() || a.cccd_digest == b.cccd_digest;
}

std::vector<Interval> uncovered(Interval from, std::vector<Interval> taken) {
  std::sort(taken.begin(), taken.end(), [](const Interval& x, const Interval& y) { return x.from < y.from; });
  std::vector<Interval> out;
  Date at = from.from;
  for (const Interval& t : taken) {
    if (t.to <= at || !(t.from < from.to)) continue;
    if (at < t.from) out.push_back({at, t.from});
    if (at < t.to) at = t.to;
    if (!(at < from.to)) break;
  }
  if (at < from.to) out.push_back({at, from.to});
  return out;
}

}  // namespace langso
