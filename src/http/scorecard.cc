#include "http/scorecard.h"

#include <array>

#include "http/json_out.h"
#include "http/json_writer.h"

namespace langso {

static nlohmann::json num(std::optional<double> v) {
  v = round_value(v);
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// "target_source": where the target comes from (App::target_on), null without one.
static nlohmann::json source_json(const ValueCell& c) {
  if (c.target_origin == App::TargetOrigin::None) return nullptr;
  nlohmann::json j = {{"kind", std::string(App::target_origin_code(c.target_origin))}};
  if (const PlanTargetInForce* t = c.target_plan)
    j.update({{"plan_id", t->plan}, {"plan_number", t->plan_number}, {"deadline", format_iso(t->deadline)}});
  return j;
}

nlohmann::json cell_json(const ValueCell& c) {
  return {{"value", num(c.value)},
          {"target", num(c.target)},
          {"target_source", source_json(c)},
          {"status", std::string(status_code(c.status))},
          {"status_name", std::string(status_name(c.status))}};
}

static void write_source(JsonWriter& w, const ValueCell& c) {
  w.key("target_source");
  if (c.target_origin == App::TargetOrigin::None) {
    w.null();
    return;
  }
  w.begin_object().key("kind").value(App::target_origin_code(c.target_origin));
  if (const PlanTargetInForce* t = c.target_plan)
    w.key("plan_id").value(t->plan).key("plan_number").value(t->plan_number).key("deadline").value(format_iso(t->deadline));
  w.end_object();
}

// The members of an indicator's entry that do not depend on the period
// ("code", "name", "unit", "kind"), serialised once per I/O thread and reused
// while those fields are what they were: escaping two dozen names for every
// scorecard cost a tenth of the server's time. The check against the
// indicator itself (not an id) keeps it right whatever the catalogue does.
static std::string_view indicator_members(size_t index, const Indicator& ind) {
  struct Entry {
    std::string code, name, unit;
    bool stock = false;
    std::string json;
  };
  thread_local std::vector<Entry> cache;
  if (cache.size() <= index) cache.resize(index + 1);
  Entry& e = cache[index];
  if (e.json.empty() || e.code != ind.code || e.name != ind.name || e.unit != ind.unit || e.stock != ind.is_stock()) {
    JsonWriter w(256);
    w.begin_object();
    w.key("code").value(ind.code);
    w.key("name").value(ind.name);
    w.key("unit").value(ind.unit);
    w.key("kind").value(ind.is_stock() ? "stock" : "flow");
    if (ind.lower_is_better()) w.key("lower_is_better").value(true);  // a count of problems: met at or below its target
    e = {ind.code, ind.name, ind.unit, ind.is_stock(), w.take().substr(1)};  // without the '{'
  }
  return e.json;
}

// "status" and "status_name" of each status, serialised once.
static std::string_view status_members(Status s) {
  static const std::array<std::string, 4> text = [] {
    std::array<std::string, 4> out;
    for (Status st : {Status::Met, Status::OnTrack, Status::Behind, Status::NoTarget}) {
      JsonWriter w(128);
      w.begin_object().key("status").value(status_code(st)).key("status_name").value(status_name(st));
      out[static_cast<size_t>(st)] = w.take().substr(1);
    }
    return out;
  }();
  return text[static_cast<size_t>(s)];
}

std::string scorecard_body(App& app, Id unit, const Period& p) {
  std::vector<ValueCell> cells = evaluate_all(app, unit, p);
  JsonWriter w(8192);
  w.begin_object();
  w.key("unit");
  write_unit_json(w, app.units(), unit, p.structure);
  w.key("from").value(format_iso(p.from));
  w.key("to").value(format_iso(p.to));
  w.key("structure_date").value(format_iso(p.structure));
  w.key("pillars").begin_array();
  for (const Label& pillar : pillars()) {
    w.begin_object().key("code").value(pillar.code).key("name").value(pillar.name).key("indicators").begin_array();
    for (size_t i = 0; i < cells.size(); ++i) {
      const ValueCell& c = cells[i];
      if (c.indicator->pillar != pillar.code) continue;
      w.begin_object().members(indicator_members(i, *c.indicator));
      w.key("value").value(round_value(c.value));
      w.key("target").value(round_value(c.target));
      write_source(w, c);
      w.members(status_members(c.status));
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.take();
}

}  // namespace langso
