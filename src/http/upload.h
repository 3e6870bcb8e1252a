// Files uploaded as base64 in a JSON body (plans' documents, tasks' evidence,
// target tables, registers): one way to decode them, refuse them and read a
// table from them.
#pragma once
#include <string>
#include <string_view>

#include "io/xlsx_reader.h"

namespace langso {

// The bytes of `content_base64`: 422 `invalid_value` when not base64 or
// empty, 413 `file_too_large` (with `limit_message`) beyond max_bytes.
std::string decoded_upload(const std::string& base64, size_t max_bytes, const std::string& limit_message);
// The rows of an uploaded .xlsx or .csv (read_table_file); 422 `invalid_file`
// for a hostile or broken one.
XlsxRows uploaded_table(const std::string& base64, size_t max_bytes, const std::string& limit_message);

}  // namespace langso
