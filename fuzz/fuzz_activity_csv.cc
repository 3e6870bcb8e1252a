// The activity import sheet (io/activity_csv.h) on arbitrary text, against
// the seeded catalogue of activity types. Checks what the import route relies
// on: items, rows and labels go together, every item names a known type and
// carries a quantities object, every error has a field, code and message.
#include <nlohmann/json.hpp>

#include "check.h"
#include "io/activity_csv.h"

using namespace langso;

static const ActivityCatalog& catalog() {
  static const ActivityCatalog c = ActivityCatalog::from_json(nlohmann::json::parse(default_activity_types_json()));
  return c;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  CsvActivities out = parse_activity_csv(fuzz::text(data, size), catalog());
  FUZZ_CHECK(out.items.size() == out.rows.size() && out.items.size() == out.labels.size());
  FUZZ_CHECK(!out.items.empty() || !out.errors.empty());
  for (const nlohmann::json& item : out.items) {
    FUZZ_CHECK(item.is_object());
    FUZZ_CHECK(item.contains("type") && item["type"].is_string() && catalog().find(item["type"].get<std::string>()));
    FUZZ_CHECK(item.contains("quantities") && item["quantities"].is_object());
    if (item.contains("unit_code")) FUZZ_CHECK(item["unit_code"].is_string());
    item.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  for (const FieldError& e : out.errors) FUZZ_CHECK(!e.field.empty() && !e.code.empty() && !e.message.empty());
  return 0;
}
