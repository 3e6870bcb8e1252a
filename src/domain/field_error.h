// An error about one field of an input, in Vietnamese: what validators and
// importers below the HTTP layer report (io/activity_csv: "dòng 7.quantities.
// households"). The API carries a list of them as problem+json's `errors`
// (http/problem.h), so a row-level import error and a form's field error read
// the same.
#pragma once
#include <string>
#include <string_view>

namespace langso {

struct FieldError {
  std::string field;    // a path: "date", "items[3].quantities.households", "dòng 7.date"
  std::string code;     // stable: "required", "invalid_date", …
  std::string message;  // Vietnamese, for the person who typed it
};

// The message of an error about the object at label ("dòng 7." of an import,
// "items[3]." of a batch): "dòng 7: message".
inline std::string labelled(std::string_view label, std::string_view message) {
  if (label.ends_with('.')) label.remove_suffix(1);
  return std::string(label) + ": " + std::string(message);
}

}  // namespace langso
