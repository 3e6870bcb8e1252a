#include "http/scorecard.h"

#include "http/json_out.h"
#include "http/json_writer.h"

namespace langso {

static nlohmann::json num(std::optional<double> v) {
  v = round_value(v);
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json cell_json(const ValueCell& c) {
  return {{"value", num(c.value)},
          {"target", num(c.target)},
          {"status", std::string(status_code(c.status))},
          {"status_name", std::string(status_name(c.status))}};
}

std::string scorecard_body(App& app, Id unit, const Period& p) {
  std::vector<ValueCell> cells = evaluate_all(app, unit, p);
  JsonWriter w;
  w.begin_object();
  w.key("unit").raw(unit_json(app.units(), unit, p.structure).dump());
  w.key("from").value(format_iso(p.from));
  w.key("to").value(format_iso(p.to));
  w.key("structure_date").value(format_iso(p.structure));
  w.key("pillars").begin_array();
  for (const Label& pillar : pillars()) {
    w.begin_object().key("code").value(pillar.code).key("name").value(pillar.name).key("indicators").begin_array();
    for (const ValueCell& c : cells) {
      if (c.indicator->pillar != pillar.code) continue;
      w.begin_object();
      w.key("code").value(c.indicator->code);
      w.key("name").value(c.indicator->name);
      w.key("unit").value(c.indicator->unit);
      w.key("kind").value(c.indicator->is_stock() ? "stock" : "flow");
      w.key("value").value(round_value(c.value));
      w.key("target").value(round_value(c.target));
      w.key("status").value(status_code(c.status));
      w.key("status_name").value(status_name(c.status));
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.take();
}

}  // namespace langso
