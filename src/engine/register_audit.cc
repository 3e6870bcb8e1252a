#include "engine/register_audit.h"

#include <algorithm>

#include "util/date_json.h"

namespace langso {

using nlohmann::json;

json household_audit_json(const Household& h) {
  return json{{"unit_id", h.unit_id}, {"head_id", h.head_id}, {"fibre", h.fibre}, {"smart_device", h.smart_device}};
}

json resident_audit_json(const Resident& r, Id household) {
  json j{{"birth_year", r.birth_year}, {"sex", r.sex}, {"has_ethnic", !r.ethnic.empty()},
         {"ended_on", date_json(r.ended_on)}, {"end_reason", r.end_reason}, {"has_cccd", !r.cccd_digest.empty()}};
  if (household) j["household_id"] = household;
  return j;
}

std::string household_audit(const Household& h) { return household_audit_json(h).dump(); }

std::string resident_audit(const Resident& r, Id household) { return resident_audit_json(r, household).dump(); }

std::string status_audit(const CitizenStatus& s) {
  return json{{"resident_id", s.resident_id}, {"type", s.type},       {"option", s.option},
              {"gained_on", format_iso(s.gained_on)}, {"lost_on", date_json(s.lost_on)},
              {"team_id", s.team_id},         {"member_id", s.member_id}, {"source", status_source_code(s.source)},
              {"visit_id", s.visit_id}}
      .dump();
}

json id_ranges(std::vector<Id> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  json out = json::array();
  for (size_t i = 0; i < ids.size();) {
    size_t j = i;
    while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) ++j;
    out.push_back(json::array({ids[i], ids[j]}));
    i = j + 1;
  }
  return out;
}

std::vector<Id> read_id_ranges(const json& ranges, size_t limit) {
  std::vector<Id> out;
  if (!ranges.is_array()) return out;
  for (const json& r : ranges) {
    if (!r.is_array() || r.size() != 2 || !r[0].is_number_integer() || !r[1].is_number_integer()) return {};
    const Id first = r[0].get<Id>(), last = r[1].get<Id>();
    if (first > last) return {};
    for (Id id = first;; ++id) {  // no id past last: last may be the largest Id
      out.push_back(id);
      if (out.size() > limit) return out;
      if (id == last) break;
    }
  }
  return out;
}

std::string import_audit(const ImportJournal& j) {
  return json{{"unit_id", j.village},
              {"households", id_ranges(j.households)},
              {"residents", id_ranges(j.residents)},
              {"created", {{"household", id_ranges(j.created_households)},
                           {"resident", id_ranges(j.created_residents)},
                           {"citizen_status", id_ranges(j.created_statuses)}}},
              {"updated", j.updated}}
      .dump();
}

}  // namespace langso
