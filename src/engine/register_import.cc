#include "engine/register_import.h"

#include <future>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "engine/register_audit.h"
#include "util/free_later.h"
#include "util/text.h"

namespace langso {

namespace {

std::string address_key(const Household& h) {
  if (h.hamlet.empty() && h.house_number.empty() && h.address_note.empty()) return "";
  return fold(h.hamlet) + "|" + fold(h.house_number) + "|" + fold(h.address_note);
}

std::string person_key(const Resident& r) { return fold(r.full_name) + "|" + std::to_string(r.birth_year) + "|" + r.sex; }

std::string address_text(const Household& h) {
  std::string s = h.hamlet;
  for (const std::string* part : {&h.house_number, &h.address_note})
    if (!part->empty()) s += (s.empty() ? "" : ", ") + *part;
  return s.empty() ? "#" + std::to_string(h.id) : s;
}

struct Living {
  Resident r;
  Id household = 0;
  bool claimed = false;
};

// What the import does to one existing or new person.
struct PlannedPerson {
  const ImportPerson* in = nullptr;
  Living* match = nullptr;  // null: a new person
  Resident after;
  bool changed = false;
  std::vector<CitizenStatus> add;
};

struct PlannedHousehold {
  const ImportHousehold* in = nullptr;
  const Household* match = nullptr;  // null: new
  Household after;
  bool changed = false;
  std::vector<PlannedPerson> persons;
  size_t head = SIZE_MAX;  // index in persons
};

// The register rows of new households, persons (with their residencies, by
// index) and statuses, as Store::register_rows() reads them back.
Store::RegisterRows written_rows(Id village, const std::vector<Household>& households, const std::vector<Resident>& residents,
                                 const std::vector<Residency>& residencies, const std::vector<CitizenStatus>& statuses) {
  Store::RegisterRows rows;
  rows.households.reserve(households.size());
  for (const Household& h : households) rows.households.push_back({h.id, village, h.fibre});
  rows.people.reserve(residencies.size());
  for (size_t i = 0; i < residencies.size(); ++i) {
    const Resident& r = residents[i];
    rows.people.push_back({r.id, village, residencies[i].household_id, residencies[i].valid, r.birth_date, r.ended_on, r.birth_year});
  }
  rows.statuses.reserve(statuses.size());
  for (const CitizenStatus& st : statuses)
    rows.statuses.push_back({st.resident_id, st.type, {st.gained_on, st.lost_on.value_or(kMaxDate)}});
  return rows;
}

// A run that did not ask for the file's CCCDs (ask_held false) and found
// that it should have: the unique CCCD index refused a write (nothing is
// left written), or there are row errors, to which those of CCCDs held
// elsewhere belong.
struct AskHeld {};

}  // namespace

// ask_held: the file's CCCDs are looked up before anything is written, and
// one held by someone outside the village is a row error. Without it they
// are not (12,500 index lookups, 8-12 ms of a village's first import, more
// on a national database whose index is not in memory): the unique index
// refuses them as the rows are written, and the caller asks again.
static RegisterImportResult import_register_once(App& app, Id village, const std::vector<ImportHousehold>& households, Id actor,
                                                 bool dry_run, bool ask_held) {
  Store& s = app.store();
  const Date today = today_local();
  RegisterImportResult out;
  auto err = [&](size_t line, const std::string& field, const char* code, const std::string& message) {
    const std::string label = "dòng " + std::to_string(line) + ".";
    out.errors.push_back({label + field, code, labelled(label, message)});
  };

  // The village's register today.
  std::vector<Household> existing = s.households_of_unit(village, today);
  std::map<std::string, const Household*> by_address;
  std::map<Id, const Household*> by_id;
  std::vector<Living> living;
  for (const Household& h : existing) {
    by_id[h.id] = &h;
    if (auto k = address_key(h); !k.empty()) by_address.try_emplace(k, &h);
  }
  // One query for the village's people (ordered by household, then person,
  // as a household-by-household read would give them).
  std::vector<Resident> people = s.residents_of_units({village}, today);
  std::sort(people.begin(), people.end(), [](const Resident& a, const Resident& b) {
    return a.household_id != b.household_id ? a.household_id < b.household_id : a.id < b.id;
  });
  for (Resident& r : people) {
    const Id household = r.household_id;
    if (!r.erased_on && by_id.count(household)) living.push_back({std::move(r), household});
  }
  std::unordered_map<std::string, Living*> by_cccd;
  std::map<std::string, std::vector<Living*>> by_person;
  std::vector<Id> ids;
  for (Living& l : living) {
    if (!l.r.cccd_digest.empty()) by_cccd[l.r.cccd_digest] = &l;
    by_person[person_key(l.r)].push_back(&l);
    ids.push_back(l.r.id);
  }
  std::map<Id, std::set<std::string>> ever_held;  // person → status types ever recorded
  for (const CitizenStatus& st : s.statuses_of(ids)) ever_held[st.resident_id].insert(st.type);

  // The file's CCCDs that someone outside the village holds, when asked
  // (ask_held): for the whole file at once (one query per person was ~5 µs ×
  // 12,000 adults).
  std::unordered_set<std::string> held_elsewhere;
  size_t file_cccds = 0;
  {
    std::vector<std::string> asked;
    for (const ImportHousehold& ih : households)
      for (const ImportPerson& ip : ih.persons)
        if (!ip.r.cccd_digest.empty()) {
          ++file_cccds;
          if (ask_held && !by_cccd.count(ip.r.cccd_digest)) asked.push_back(ip.r.cccd_digest);
        }
    for (std::string& d : s.cccd_digests_held(asked)) held_elsewhere.insert(std::move(d));
  }
  std::set<Id> claimed_households;
  std::unordered_map<std::string, size_t> cccd_in_file;  // digest → line
  cccd_in_file.reserve(file_cccds);
  std::vector<PlannedHousehold> plan;
  for (const ImportHousehold& ih : households) {
    PlannedHousehold ph;
    ph.in = &ih;
    // Persons first: a household whose address changed is found by its people.
    for (const ImportPerson& ip : ih.persons) {
      PlannedPerson pp;
      pp.in = &ip;
      if (!ip.r.cccd_digest.empty()) {
        if (auto [it, fresh] = cccd_in_file.try_emplace(ip.r.cccd_digest, ip.line); !fresh) {
          err(ip.line, "cccd", "cccd_duplicate", "số CCCD trùng với dòng " + std::to_string(it->second));
          continue;
        }
        if (auto it = by_cccd.find(ip.r.cccd_digest); it != by_cccd.end()) {
          pp.match = it->second;
        } else if (held_elsewhere.count(ip.r.cccd_digest)) {
          // Says nothing of where: the other person may be outside the caller's scope.
          err(ip.line, "cccd", "cccd_duplicate", "số CCCD này đã được ghi cho một người khác trong langso");
          continue;
        }
      }
      if (!pp.match && !by_person.empty()) {  // (a village's first import: no key to make)
        auto it = by_person.find(person_key(ip.r));
        if (it != by_person.end()) {
          Living* pick = nullptr;
          auto addr = by_address.find(address_key(ih.h));
          for (Living* l : it->second) {
            // Two different CCCDs are two persons, whatever their names.
            if (l->claimed || (!l->r.cccd_digest.empty() && !ip.r.cccd_digest.empty())) continue;
            if (addr != by_address.end() && addr->second->id == l->household) {
              pick = l;
              break;
            }
            if (!pick) pick = l;
          }
          pp.match = pick;
        }
      }
      if (pp.match && pp.match->claimed) {
        err(ip.line, "full_name", "duplicate", "người này đã có ở một dòng trên của tệp");
        continue;
      }
      if (pp.match) pp.match->claimed = true;
      if (pp.match && ip.cccd_masked && pp.match->r.cccd_last4 != ip.r.cccd_last4)
        err(ip.line, "cccd", "invalid_value", "4 số cuối của CCCD khác với số đã ghi trong sổ");
      if (!pp.match && ip.cccd_masked)
        err(ip.line, "cccd", "invalid_value", "số CCCD bị che (********…) chỉ dùng cho người đã có trong sổ; hãy ghi đủ 12 số");
      ph.persons.push_back(std::move(pp));
    }
    // The household.
    if (auto it = by_address.empty() ? by_address.end() : by_address.find(address_key(ih.h)); it != by_address.end())
      ph.match = it->second;
    else
      for (const PlannedPerson& pp : ph.persons)
        if (pp.match) {
          ph.match = by_id.at(pp.match->household);
          break;
        }
    if (ph.match && !claimed_households.insert(ph.match->id).second) {
      err(ih.line, "hamlet", "duplicate", "hộ này trùng với một hộ ở các dòng trên (" + address_text(*ph.match) + ")");
      ph.match = nullptr;
    }
    for (const PlannedPerson& pp : ph.persons)
      if (pp.match && (!ph.match || pp.match->household != ph.match->id))
        err(pp.in->line, "full_name", "in_other_household",
            "người này đang ở hộ " + address_text(*by_id.at(pp.match->household)) +
                " trong sổ; hãy chuyển hộ trên ứng dụng (cần ngày chuyển)");
    plan.push_back(std::move(ph));
  }
  if (!out.errors.empty()) {
    if (!ask_held) throw AskHeld{};
    return out;
  }

  // What changes.
  for (PlannedHousehold& ph : plan) {
    const ImportHousehold& ih = *ph.in;
    ph.after = ph.match ? *ph.match : ih.h;
    ph.after.unit_id = village;
    if (ph.match) {
      Household& a = ph.after;
      if (address_key(ih.h) != address_key(*ph.match)) {
        a.hamlet = ih.h.hamlet, a.house_number = ih.h.house_number, a.address_note = ih.h.address_note;
      } else {  // same address, perhaps spelt differently
        for (auto [dst, src] : {std::pair{&a.hamlet, &ih.h.hamlet}, std::pair{&a.house_number, &ih.h.house_number},
                                std::pair{&a.address_note, &ih.h.address_note}})
          if (!src->empty()) *dst = *src;
      }
      if (ih.has_fibre) a.fibre = ih.h.fibre;
      if (ih.has_smart_device) a.smart_device = ih.h.smart_device;
    }
    for (size_t k = 0; k < ph.persons.size(); ++k) {
      PlannedPerson& pp = ph.persons[k];
      const ImportPerson& ip = *pp.in;
      if (ip.head) ph.head = k;
      if (!pp.match) {
        pp.after = ip.r;
        pp.changed = true;
        pp.add = ip.statuses;
        continue;
      }
      Resident& a = pp.after = pp.match->r;
      if (!ip.r.full_name.empty()) a.full_name = ip.r.full_name;
      if (ip.r.birth_date) a.birth_date = ip.r.birth_date, a.birth_year = ip.r.birth_year;
      if (!ip.r.phone.empty()) a.phone = ip.r.phone;
      if (!ip.r.ethnic.empty()) a.ethnic = ip.r.ethnic;
      if (!ip.r.cccd_digest.empty()) a.cccd_digest = ip.r.cccd_digest, a.cccd_last4 = ip.r.cccd_last4;
      if (ip.r.consent_on) a.consent_on = ip.r.consent_on;
      const Resident& b = pp.match->r;
      pp.changed = a.full_name != b.full_name || a.birth_date != b.birth_date || a.phone != b.phone ||
                   a.ethnic != b.ethnic || a.cccd_digest != b.cccd_digest || a.consent_on != b.consent_on;
      const auto& held = ever_held[b.id];
      for (const CitizenStatus& st : ip.statuses)
        if (!held.count(st.type)) pp.add.push_back(st);
    }
    if (ph.match) {
      const Household& a = ph.after;
      const Household& b = *ph.match;
      const bool head_changes = ph.head != SIZE_MAX && ph.persons[ph.head].match &&
                                ph.persons[ph.head].match->r.id != b.head_id;
      ph.changed = a.hamlet != b.hamlet || a.house_number != b.house_number || a.address_note != b.address_note ||
                   a.fibre != b.fibre || a.smart_device != b.smart_device || head_changes ||
                   (ph.head != SIZE_MAX && !ph.persons[ph.head].match);
    }
    (ph.match ? (ph.changed ? out.households_updated : out.households_unchanged) : out.households_created)++;
    for (const PlannedPerson& pp : ph.persons) {
      (pp.match ? (pp.changed ? out.persons_updated : out.persons_unchanged) : out.persons_created)++;
      out.statuses_added += static_cast<int64_t>(pp.add.size());
    }
  }
  if (dry_run) return out;
  // A second run of the same file: nothing to write, nothing to recount.
  if (out.households_created + out.households_updated + out.persons_created + out.persons_updated + out.statuses_added == 0)
    return out;

  const Date first_day = date_from_ymd(2020, 1, 1);
  Transaction tx(s.db());
  // New rows in bulk, their ids reserved up front; changed rows one by one.
  size_t new_households = 0, new_persons = 0, new_statuses = 0;
  for (const PlannedHousehold& ph : plan) {
    if (!ph.match) ++new_households;
    for (const PlannedPerson& pp : ph.persons) {
      if (!pp.match) ++new_persons;
      new_statuses += pp.add.size();
    }
  }
  const std::vector<Id> hid = s.reserve_ids("households", new_households);
  const std::vector<Id> pid = s.reserve_ids("residents", new_persons);
  const std::vector<Id> xid = s.reserve_ids("residencies", new_persons);
  const std::vector<Id> sid = s.reserve_ids("citizen_statuses", new_statuses);
  std::vector<Household> new_rows, changed_households;
  std::vector<Resident> residents, updated_residents;
  std::vector<Residency> residencies;
  std::vector<CitizenStatus> statuses;
  ImportJournal journal;
  journal.village = village;
  residents.reserve(new_persons);
  residencies.reserve(new_persons);
  statuses.reserve(new_statuses);
  size_t hi = 0, pi = 0, si = 0;
  for (PlannedHousehold& ph : plan) {
    Household& h = ph.after;
    if (!ph.match) h.id = hid[hi++];
    for (PlannedPerson& pp : ph.persons) {
      Resident& r = pp.after;
      if (!pp.match) {
        const Date born = r.birth_date ? *r.birth_date : date_from_ymd(r.birth_year, 1, 1);
        r.id = pid[pi];
        residencies.push_back({xid[pi++], r.id, h.id, {std::max(first_day, born), kMaxDate}});
        journal.created_residents.push_back(r.id);
        journal.residents.push_back(r.id);
      } else if (pp.changed) {
        updated_residents.push_back(r);
        journal.updated.push_back({{"entity", "resident"}, {"id", r.id}, {"before", resident_audit_json(pp.match->r)},
                                   {"after", resident_audit_json(r)}});
        journal.residents.push_back(r.id);
      }
      for (CitizenStatus& st : pp.add) {  // (the plan is not read again)
        st.resident_id = r.id;
        st.source = StatusSource::Import;
        st.id = sid[si++];
        journal.created_statuses.push_back(st.id);
        journal.residents.push_back(r.id);
        statuses.push_back(std::move(st));
      }
      if (!pp.match) residents.push_back(std::move(r));
    }
    if (ph.head != SIZE_MAX) h.head_id = ph.persons[ph.head].after.id;  // ids stay in a moved-from Resident
    if (!ph.match) {
      journal.created_households.push_back(h.id);
      journal.households.push_back(h.id);
      new_rows.push_back(std::move(h));
    } else if (ph.changed) {
      journal.updated.push_back({{"entity", "household"}, {"id", h.id}, {"before", household_audit_json(*ph.match)},
                                 {"after", household_audit_json(h)}});
      journal.households.push_back(h.id);
      changed_households.push_back(h);
    }
  }
  // A village that had no household before holds, once committed, exactly
  // what is written now: its counts are made from these rows on the second
  // core while the first writes them (the writes are most of an import's
  // time), not read back (a list of 15,000 persons read back in about 50 ms).
  // The rows stay as they are until the count is taken: the writes only
  // read them. Any other village is counted again from the database.
  std::future<VillageCounts> counted;
  if (existing.empty()) {
    try {
      counted = std::async(std::launch::async, [&] {
        return app.count_register(village, written_rows(village, new_rows, residents, residencies, statuses));
      });
    } catch (const std::system_error&) {
      // No thread to be had: counted from the database after the commit.
    }
  }
  // Persons before the households that name them as head, residencies and
  // statuses after both. The persons' rows are the ones a CCCD held
  // elsewhere is refused in (the updates of matched persons, then the new).
  try {
    for (const Resident& r : updated_residents) s.update_resident(r);
    s.insert_residents(residents, actor);
  } catch (const DbConstraintError&) {
    if (ask_held) throw;
    throw AskHeld{};  // tx rolls back
  }
  s.insert_households(new_rows, actor);
  for (const Household& h : changed_households) s.update_household(h);
  s.insert_residencies(residencies);
  s.insert_statuses(statuses, actor);
  s.audit_many({{actor, "import", kRegisterImportEntity, village, "", import_audit(journal)}});
  tx.commit();
  if (!counted.valid()) {
    app.refresh_register(village);
  } else {
    try {
      app.set_register_counts(village, counted.get());
    } catch (const std::exception&) {  // out of memory on the count's thread: committed, so counted from the database
      app.refresh_register(village);
    }
  }
  // What the import built (a few hundred thousand small objects) is freed off the request's path.
  free_later(std::move(plan), std::move(living), std::move(by_person), std::move(by_cccd), std::move(ever_held),
             std::move(existing), std::move(residents), std::move(residencies), std::move(statuses), std::move(new_rows));
  return out;
}

RegisterImportResult import_register(App& app, Id village, const std::vector<ImportHousehold>& households, Id actor,
                                     bool dry_run) {
  // A dry run writes nothing for the index to refuse: it asks.
  if (dry_run) return import_register_once(app, village, households, actor, true, true);
  try {
    return import_register_once(app, village, households, actor, false, false);
  } catch (const AskHeld&) {
    // Row errors, or someone outside the village holds one of the file's
    // CCCDs (or another constraint failed, which the second run meets
    // again): all the row errors.
    return import_register_once(app, village, households, actor, false, true);
  }
}

}  // namespace langso
