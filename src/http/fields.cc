#include "http/fields.h"

#include <algorithm>

#include "util/text.h"

namespace langso {

Fields::Fields(const nlohmann::json& body, std::span<const std::string_view> allowed, std::string prefix)
    : body_(body), prefix_(std::move(prefix)) {
  for (auto it = body.begin(); it != body.end(); ++it)
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      error(it.key(), "unknown_field", "Trường '" + it.key() + "' không được hỗ trợ");
}

void Fields::error(std::string field, std::string code, std::string message) {
  if (!prefix_.empty()) message = labelled(prefix_, message);
  errors_.push_back({prefix_ + field, std::move(code), std::move(message)});
}

const nlohmann::json* Fields::get(std::string_view name, bool required) {
  auto it = body_.find(std::string(name));
  if (it == body_.end() || it->is_null()) {
    if (required) error(std::string(name), "missing_field", "Thiếu trường bắt buộc '" + std::string(name) + "'");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> Fields::text(std::string_view name, bool required, size_t max_chars) {
  const nlohmann::json* v = get(name, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    error(std::string(name), "invalid_type", "Trường '" + std::string(name) + "' phải là chuỗi ký tự");
    return std::nullopt;
  }
  std::string s = nfc(trim(v->get<std::string>()));
  for (unsigned char c : s)
    if (c < 0x20 && !(max_chars > 200 && (c == '\n' || c == '\t' || c == '\r'))) {
      error(std::string(name), "invalid_value", "Trường '" + std::string(name) + "' chứa ký tự điều khiển");
      return std::nullopt;
    }
  if (required && s.empty()) {
    error(std::string(name), "missing_field", "Trường '" + std::string(name) + "' không được để trống");
    return std::nullopt;
  }
  if (utf8_length(s) > max_chars) {
    error(std::string(name), "too_long",
          "Trường '" + std::string(name) + "' dài quá " + std::to_string(max_chars) + " ký tự");
    return std::nullopt;
  }
  return s;
}

std::optional<bool> flag_value(std::string_view text) {
  if (text == "1") return true;
  if (text == "0") return false;
  return std::nullopt;
}

std::string flag_rule(std::string_view name) { return "Tham số '" + std::string(name) + "' là 1 hoặc 0"; }

std::optional<bool> Fields::flag(std::string_view name) {
  auto t = text(name, false, 5);
  if (!t) return std::nullopt;
  auto v = flag_value(*t);
  if (!v) error(std::string(name), "invalid_value", flag_rule(name));
  return v;
}

std::optional<Date> Fields::date(std::string_view name, bool required) {
  const nlohmann::json* v = get(name, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    error(std::string(name), "invalid_type", "Trường '" + std::string(name) + "' phải là ngày dạng YYYY-MM-DD");
    return std::nullopt;
  }
  auto d = parse_iso_date(v->get<std::string>());
  if (!d) {
    error(std::string(name), "invalid_date",
          "Trường '" + std::string(name) + "': ngày '" + v->get<std::string>() + "' không hợp lệ hoặc không tồn tại");
    return std::nullopt;
  }
  return d;
}

std::optional<int64_t> Fields::integer(std::string_view name, bool required, int64_t min, int64_t max) {
  const nlohmann::json* v = get(name, required);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    error(std::string(name), "invalid_type", "Trường '" + std::string(name) + "' phải là số nguyên");
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(max)) {
    error(std::string(name), "invalid_value", "Trường '" + std::string(name) + "' vượt quá giới hạn");
    return std::nullopt;
  }
  int64_t n = v->get<int64_t>();
  if (n < min || n > max) {
    error(std::string(name), "invalid_value",
          "Trường '" + std::string(name) + "' phải trong khoảng " + std::to_string(min) + " đến " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> Fields::boolean(std::string_view name, bool required) {
  const nlohmann::json* v = get(name, required);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    error(std::string(name), "invalid_type", "Trường '" + std::string(name) + "' phải là true hoặc false");
    return std::nullopt;
  }
  return v->get<bool>();
}

void Fields::finish() {
  if (!errors_.empty()) throw validation(errors_);
}

}  // namespace langso
