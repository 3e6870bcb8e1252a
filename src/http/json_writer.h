// A streaming JSON writer for the hot responses (scorecards), where building a
// nlohmann::json tree costs more than the answer itself. Produces the same
// JSON the tree would; strings must be valid UTF-8 (checked at input).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace langso {

// Appends s as a JSON string literal.
void json_escape(std::string& out, std::string_view s);

class JsonWriter {
 public:
  explicit JsonWriter(size_t reserve = 4096) { out_.reserve(reserve); }
  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(int64_t v);
  JsonWriter& value(std::optional<double> v);  // null when empty; integers without ".0"
  JsonWriter& null();
  JsonWriter& raw(std::string_view json);  // an already serialised value
  // Adds already serialised members ("a":1,"b":2) to the open object.
  JsonWriter& members(std::string_view serialised);
  std::string take() { return std::move(out_); }

 private:
  JsonWriter& open(char c);
  JsonWriter& close(char c);
  void comma();
  std::string out_;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace langso
