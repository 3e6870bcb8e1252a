#include "domain/sync.h"

#include <array>
#include <charconv>

namespace langso {

namespace {
struct KindName {
  SyncKind kind;
  std::string_view code;
};
constexpr std::array<KindName, 7> kKinds = {{
    {SyncKind::ActivityCreate, "activity.create"},
    {SyncKind::VisitCreate, "visit.create"},
    {SyncKind::HouseholdCreate, "household.create"},
    {SyncKind::HouseholdEdit, "household.edit"},
    {SyncKind::PersonCreate, "person.create"},
    {SyncKind::PersonEdit, "person.edit"},
    {SyncKind::PersonStatus, "person.status"},
}};

// FNV-1a, 64 bits: a check sum, not a signature (see SyncCursor).
uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string hex(uint64_t v) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<size_t>(i)] = digits[v & 15];
  return out;
}

bool read_number(std::string_view s, int64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out >= 0;
}
}  // namespace

std::optional<SyncKind> parse_sync_kind(std::string_view code) {
  for (const KindName& k : kKinds)
    if (k.code == code) return k.kind;
  return std::nullopt;
}

std::string_view sync_kind_code(SyncKind kind) {
  for (const KindName& k : kKinds)
    if (k.kind == kind) return k.code;
  return "";
}

bool is_edit(SyncKind k) { return k == SyncKind::HouseholdEdit || k == SyncKind::PersonEdit; }

std::string encode_cursor(const SyncCursor& c) {
  std::string body = "c1." + std::to_string(c.user) + "." + std::to_string(c.area) + "." + std::to_string(c.journal) +
                     "." + std::to_string(c.at);
  return body + "." + hex(fnv1a("langso-sync:" + body));
}

std::optional<SyncCursor> decode_cursor(std::string_view text) {
  if (text.size() > 200) return std::nullopt;
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (true) {
    size_t j = text.find('.', i);
    parts.push_back(text.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    if (j == std::string_view::npos) break;
    i = j + 1;
  }
  if (parts.size() != 6 || parts[0] != "c1") return std::nullopt;
  const std::string_view body = text.substr(0, text.size() - parts[5].size() - 1);
  if (hex(fnv1a("langso-sync:" + std::string(body))) != parts[5]) return std::nullopt;
  SyncCursor c;
  int64_t user = 0, area = 0;
  if (!read_number(parts[1], user) || !read_number(parts[2], area) || !read_number(parts[3], c.journal) ||
      !read_number(parts[4], c.at))
    return std::nullopt;
  c.user = user;
  c.area = area;
  return c;
}

const std::vector<std::string>& editable_fields(SyncKind k) {
  static const std::vector<std::string> household = {"hamlet", "house_number", "address_note", "phone",
                                                     "fibre",  "smart_device", "head_id"};
  static const std::vector<std::string> person = {"full_name", "birth_date", "birth_year", "sex",
                                                  "phone",     "ethnic",     "ended_on",   "end_reason"};
  static const std::vector<std::string> none;
  if (k == SyncKind::HouseholdEdit) return household;
  if (k == SyncKind::PersonEdit) return person;
  return none;
}

FieldMerge merge_fields(const nlohmann::json& current, const nlohmann::json& base, const nlohmann::json& mine) {
  FieldMerge m;
  for (const auto& [field, value] : mine.items()) {
    const nlohmann::json now = current.contains(field) ? current.at(field) : nlohmann::json(nullptr);
    if (now == value) {
      m.unchanged.push_back(field);
      continue;
    }
    const bool has_base = base.is_object() && base.contains(field);
    if (!has_base || base.at(field) == now) {
      m.apply[field] = value;
      continue;
    }
    m.conflicts.push_back({field, base.at(field), value, now});
  }
  return m;
}

std::string_view sync_field_label(std::string_view field) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kLabels = {{
      {"hamlet", "Xóm"},
      {"house_number", "Số nhà"},
      {"address_note", "Mô tả địa chỉ"},
      {"phone", "Số điện thoại"},
      {"fibre", "Cáp quang"},
      {"smart_device", "Thiết bị thông minh"},
      {"head_id", "Chủ hộ"},
      {"full_name", "Họ và tên"},
      {"birth_date", "Ngày sinh"},
      {"birth_year", "Năm sinh"},
      {"sex", "Giới tính"},
      {"ethnic", "Dân tộc"},
      {"ended_on", "Ngày ra khỏi sổ"},
      {"end_reason", "Lý do ra khỏi sổ"},
  }};
  for (const auto& [f, l] : kLabels)
    if (f == field) return l;
  return field;
}

}  // namespace langso
