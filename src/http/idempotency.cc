#include "http/idempotency.h"

#include "http/activity_input.h"

namespace langso {

std::string optional_idem_key(const Ctx& ctx) {
  const std::string& k = ctx.req.idempotency_key;
  if (!k.empty() && !valid_idempotency_key(k))
    throw ApiError{400, "idempotency_key_invalid", "Khoá chống ghi trùng không hợp lệ",
                   "Idempotency-Key gồm 8–100 ký tự chữ, số, '-', '_'", {}};
  return k;
}

std::string required_idem_key(const Ctx& ctx) {
  if (ctx.req.idempotency_key.empty())
    throw ApiError{400, "idempotency_key_required", "Thiếu khoá chống ghi trùng",
                   "Yêu cầu tạo mới phải có tiêu đề Idempotency-Key", {}};
  return optional_idem_key(ctx);
}

ApiError idempotency_key_reused() {
  return ApiError{409, "idempotency_key_reused", "Khoá chống ghi trùng đã dùng",
                  "Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy tạo khoá mới", {}};
}

}  // namespace langso
