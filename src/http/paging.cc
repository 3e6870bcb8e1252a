#include "http/paging.h"

#include <sodium.h>

#include <charconv>
#include <cstring>

#include "auth/crypto.h"

namespace langso {

size_t limit_param(const Ctx& ctx, size_t def, size_t max, const char* name) {
  auto v = ctx.query(name);
  if (!v) return def;
  size_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n < 1 || n > max)
    throw bad_query(std::string("Tham số '") + name + "' phải là số nguyên từ 1 đến " + std::to_string(max));
  return n;
}

ApiError invalid_cursor() {
  return {400, "invalid_cursor", "Con trỏ trang không hợp lệ",
          "Tham số 'cursor' không đúng, hoặc thuộc một danh sách hay bộ lọc khác; hãy tải lại danh sách từ đầu", {}};
}

static std::string check_digest(const Ctx& ctx, std::string_view list, std::string_view filters, std::string_view body) {
  std::string in = "langso-cursor-1\n";
  in.append(list).append("\n").append(std::to_string(ctx.caller().user_id)).append("\n");
  in.append(filters).append("\n").append(body);
  return token_digest(in).substr(0, 16);
}

std::string base64url(std::string_view bytes) {
  std::string b64(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  b64.resize(std::strlen(b64.c_str()));
  return b64;
}

std::optional<std::string> from_base64url(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

std::string encode_cursor(const Ctx& ctx, std::string_view list, std::string_view filters,
                          const nlohmann::json& position) {
  const std::string body = position.dump();
  return base64url(body) + "." + check_digest(ctx, list, filters, body);
}

std::optional<nlohmann::json> cursor_param(const Ctx& ctx, std::string_view list, std::string_view filters) {
  auto c = ctx.query("cursor");
  if (!c) return std::nullopt;
  const size_t dot = c->rfind('.');
  if (c->empty() || c->size() > 4096 || dot == std::string::npos) throw invalid_cursor();
  auto body = from_base64url(std::string_view(*c).substr(0, dot));
  if (!body || !equal_constant_time(check_digest(ctx, list, filters, *body), std::string_view(*c).substr(dot + 1)))
    throw invalid_cursor();
  try {
    return nlohmann::json::parse(*body);
  } catch (const std::exception&) {
    throw invalid_cursor();
  }
}

}  // namespace langso
