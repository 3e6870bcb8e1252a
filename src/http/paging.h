// Paged lists: the `limit` parameter and opaque cursors.
//
// A cursor names the position after the last row of a page, in the list's own
// stable order (never an offset: a row inserted or removed between two pages
// makes no row of the list repeat or go missing). It belongs to one list (its
// name), one caller and one set of filters: the check digest covers all
// three, so a cursor edited by hand, taken from another list, another set of
// filters or another account answers 400 `invalid_cursor`. The digest is not
// a secret and a cursor grants nothing: every page is filtered by the
// caller's scope as the first one was.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "http/context.h"

namespace langso {

// `limit` as an integer from 1 to max (400 otherwise), default def.
size_t limit_param(const Ctx& ctx, size_t def, size_t max, const char* name = "limit");

// `filters` is a canonical text of the list's filters (the same for every
// page of one list): the caller's id is added here.
std::string encode_cursor(const Ctx& ctx, std::string_view list, std::string_view filters,
                          const nlohmann::json& position);
// The position of the `cursor` parameter, or nullopt without one.
std::optional<nlohmann::json> cursor_param(const Ctx& ctx, std::string_view list, std::string_view filters);

// Bytes as URL-safe base64 without padding, and back (binary sort keys
// inside a position; the cursor itself).
std::string base64url(std::string_view bytes);
std::optional<std::string> from_base64url(std::string_view text);

ApiError invalid_cursor();

}  // namespace langso
