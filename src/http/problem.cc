#include "http/problem.h"

namespace langso {

nlohmann::json ApiError::to_json() const {
  nlohmann::json j = {{"type", "/problems/" + code}, {"title", title}, {"status", status}, {"code", code},
                      {"detail", detail}};
  if (!errors.empty()) {
    auto& arr = j["errors"] = nlohmann::json::array();
    for (const auto& e : errors) arr.push_back({{"field", e.field}, {"code", e.code}, {"message", e.message}});
  }
  if (retry_after) j["retry_after"] = retry_after;
  return j;
}

ApiError unauthenticated() {
  return {401, "unauthenticated", "Chưa đăng nhập", "Phiên làm việc không hợp lệ hoặc đã hết hạn, vui lòng đăng nhập lại", {}};
}

ApiError not_found() {
  return {404, "not_found", "Không tìm thấy", "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi của bạn", {}};
}

ApiError forbidden(std::string detail) { return {403, "forbidden", "Không có quyền", std::move(detail), {}}; }

ApiError bad_query(std::string detail) { return {400, "bad_query", "Tham số không hợp lệ", std::move(detail), {}}; }

ApiError conflict(std::string detail) { return {409, "conflict", "Dữ liệu bị trùng", std::move(detail), {}}; }

ApiError validation(std::vector<FieldError> errors) {
  std::string detail;
  for (const auto& e : errors) {
    if (!detail.empty()) detail += "; ";
    detail += e.message;
  }
  return {422, "validation_failed", "Dữ liệu không hợp lệ", detail, std::move(errors)};
}

ApiError db_unavailable() {
  return {503, "unavailable", "Hệ thống tạm thời không truy cập được cơ sở dữ liệu",
          "Cơ sở dữ liệu tạm thời không sẵn sàng, vui lòng thử lại sau ít phút", {}, 5};
}

ApiError internal_error() {
  return {500, "internal_error", "Lỗi hệ thống", "Máy chủ gặp lỗi khi xử lý yêu cầu; vui lòng thử lại hoặc báo cho quản trị viên", {}};
}

ApiError login_locked(int64_t wait) {
  ApiError e{429, "login_locked", "Tạm khoá đăng nhập",
             "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau " + std::to_string(wait) + " giây", {}};
  e.retry_after = static_cast<int>(wait);
  return e;
}

}  // namespace langso
