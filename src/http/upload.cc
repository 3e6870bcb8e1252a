#include "http/upload.h"

#include "http/problem.h"

namespace langso {

nlohmann::json upload_params(const Ctx& ctx) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : ctx.req.query) out[k] = v;
  return out;
}

std::string_view uploaded_file(const Ctx& ctx, size_t max_bytes, const std::string& limit_message) {
  const std::string& bytes = ctx.req.body;
  if (bytes.empty()) throw validation({{"file", "missing_field", "Thiếu tệp: gửi chính tệp làm nội dung yêu cầu"}});
  if (bytes.size() > max_bytes) throw ApiError{413, "file_too_large", "Tệp quá lớn", limit_message, {}};
  return bytes;
}

XlsxRows uploaded_table(const Ctx& ctx, size_t max_bytes, const std::string& limit_message) {
  const std::string_view bytes = uploaded_file(ctx, max_bytes, limit_message);
  try {
    return read_table_file(bytes);
  } catch (const XlsxError& e) {
    throw validation({{"file", "invalid_file", e.what()}});
  }
}

}  // namespace langso
