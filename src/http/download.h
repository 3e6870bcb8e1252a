// Files the API hands out as downloads. The file name is given twice
// (RFC 6266): `filename` in ASCII ("thanh-vien-to-cnscd-thon-na-pau.xlsx",
// what every client understands) and `filename*` in UTF-8 with the
// Vietnamese name, which browsers prefer when they know it.
#pragma once
#include <string>
#include <string_view>

#include "http/message.h"

namespace langso {

// `stem` is made ASCII (ascii_slug); `title` is the UTF-8 name without extension.
std::string content_disposition(std::string_view stem, std::string_view title, std::string_view ext);
Response xlsx_download(std::string bytes, std::string_view stem, std::string_view title);
// Any file, always as an attachment (never shown inline: an uploaded file
// cannot run in the app's origin), with its type and nosniff.
Response file_download(std::string bytes, std::string_view content_type, std::string_view stem, std::string_view title,
                       std::string_view ext);

}  // namespace langso
