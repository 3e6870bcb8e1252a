// Reads and validates a JSON request body against the fields a route allows.
// Every problem is collected; finish() throws one 422 listing all of them, so a
// form can show every message at once. Nothing is written before finish().
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "http/problem.h"
#include "util/date.h"

namespace langso {

class Fields {
 public:
  // Unknown fields are errors.
  // prefix names where the object sits in a larger body ("items[3].").
  Fields(const nlohmann::json& body, std::span<const std::string_view> allowed, std::string prefix = "");
  Fields(const nlohmann::json& body, std::initializer_list<std::string_view> allowed, std::string prefix = "")
      : Fields(body, std::span<const std::string_view>(allowed.begin(), allowed.size()), std::move(prefix)) {}

  bool present(std::string_view name) const { return body_.contains(name); }
  bool is_null(std::string_view name) const { return present(name) && body_.at(std::string(name)).is_null(); }

  // Each getter returns nullopt when the field is absent, null, or wrong (the
  // error is recorded). required=true records missing/null as an error.
  std::optional<std::string> text(std::string_view name, bool required, size_t max_chars = 200);
  std::optional<Date> date(std::string_view name, bool required);
  std::optional<int64_t> integer(std::string_view name, bool required, int64_t min, int64_t max);
  std::optional<bool> boolean(std::string_view name, bool required);
  // A flag given as text, "1" or "0" (an upload's parameters come from the
  // query string as text): anything else is an invalid_value error.
  std::optional<bool> flag(std::string_view name);

  void error(std::string field, std::string code, std::string message);
  bool ok() const { return errors_.empty(); }
  const std::vector<FieldError>& errors() const { return errors_; }
  void finish();  // throws ApiError(422) when any error was recorded

 private:
  const nlohmann::json* get(std::string_view name, bool required);
  const nlohmann::json& body_;
  std::string prefix_;
  std::vector<FieldError> errors_;
};

// A 1/0 flag of a query string (Fields::flag, Ctx::flag): true, false, or
// nullopt when the text is neither; flag_rule() is the message that says so.
std::optional<bool> flag_value(std::string_view text);
std::string flag_rule(std::string_view name);

}  // namespace langso
