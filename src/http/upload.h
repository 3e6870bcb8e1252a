// Files uploaded to langso (plans' documents, tasks' evidence, target tables,
// registers) come as the request's body: the file's bytes themselves, with
// any Content-Type but JSON (the type is read from the bytes, never from a
// header or the name), and the route's other parameters in the query string
// (`?name=so-ho.xlsx&dry_run=1`). Such routes are added with
// Router::add_upload, which never parses their body. One way to take a file,
// refuse it and read a table from it.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "http/context.h"
#include "io/xlsx_reader.h"

namespace langso {

// The route's query parameters as a JSON object of strings, for Fields: a
// parameter gets the same checks and errors as a text field of a JSON body.
nlohmann::json upload_params(const Ctx& ctx);
// The file's bytes: 422 `file` `missing_field` when there are none, 413
// `file_too_large` (with `limit_message`) beyond max_bytes.
std::string_view uploaded_file(const Ctx& ctx, size_t max_bytes, const std::string& limit_message);
// The rows of an uploaded .xlsx or .csv (read_table_file); 422 `file`
// `invalid_file` for a hostile or broken one.
XlsxRows uploaded_table(const Ctx& ctx, size_t max_bytes, const std::string& limit_message);

}  // namespace langso
