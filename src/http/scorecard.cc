#include "http/scorecard.h"

#include "http/json_out.h"

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

nlohmann::json scorecard_json(App& app, Id unit, const Period& p) {
  std::vector<ValueCell> cells = evaluate_all(app, unit, p);
  nlohmann::json ps = nlohmann::json::array();
  for (const Label& pillar : pillars()) {
    nlohmann::json inds = nlohmann::json::array();
    for (const ValueCell& c : cells) {
      if (c.indicator->pillar != pillar.code) continue;
      nlohmann::json j = cell_json(c);
      j["code"] = c.indicator->code;
      j["name"] = c.indicator->name;
      j["unit"] = c.indicator->unit;
      j["kind"] = c.indicator->is_stock() ? "stock" : "flow";
      inds.push_back(std::move(j));
    }
    ps.push_back({{"code", pillar.code}, {"name", pillar.name}, {"indicators", std::move(inds)}});
  }
  return {{"unit", unit_json(app.units(), unit, p.structure)},
          {"from", format_iso(p.from)},
          {"to", format_iso(p.to)},
          {"structure_date", format_iso(p.structure)},
          {"pillars", std::move(ps)}};
}

}  // namespace langso
