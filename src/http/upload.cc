#include "http/upload.h"

#include "http/problem.h"
#include "util/base64.h"

namespace langso {

std::string decoded_upload(const std::string& base64, size_t max_bytes, const std::string& limit_message) {
  auto bytes = base64_decode(base64);
  if (!bytes) throw validation({{"content_base64", "invalid_value", "Nội dung tệp không phải base64 hợp lệ"}});
  if (bytes->empty()) throw validation({{"content_base64", "invalid_value", "Tệp rỗng"}});
  if (bytes->size() > max_bytes) throw ApiError{413, "file_too_large", "Tệp quá lớn", limit_message, {}};
  return std::move(*bytes);
}

XlsxRows uploaded_table(const std::string& base64, size_t max_bytes, const std::string& limit_message) {
  const std::string bytes = decoded_upload(base64, max_bytes, limit_message);
  try {
    return read_table_file(bytes);
  } catch (const XlsxError& e) {
    throw validation({{"content_base64", "invalid_file", e.what()}});
  }
}

}  // namespace langso
