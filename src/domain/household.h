// The household register (sổ hộ): households of a village, the persons living
// in them (with a dated history of where each lives), their digital-citizen
// statuses, and the visits of team members that change them. No I/O.
//
// Status types are data (data/citizen-status-types.json, kept in the store
// like activity types): a province can add its own without a new build. A
// status type may name the activity whose totals a status gained in a visit
// counts in (VNeID activated in a visit → one more person in "vneid").
#pragma once
#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/activity.h"
#include "domain/team.h"

namespace langso {

// The journal's entities of the register's writes (engine/register_audit.h):
// every reader of the register's journal rows (the follower, a start reading
// the saved counts, offline sync) takes these, the list kept here alone.
inline constexpr std::string_view kRegisterImportEntity = "register_import";  // one row for a whole list
// The indicator of digital citizens (all four parts, data/indicators.json),
// shown beside the door-to-door list as the village's progress.
inline constexpr std::string_view kDigitalCitizenIndicator = "cd_cong_dan_so";
inline constexpr std::array<std::string_view, 5> kRegisterJournalEntities = {"household", "resident", "citizen_status",
                                                                            "visit", kRegisterImportEntity};
inline bool is_register_entity(std::string_view entity) {
  return std::find(kRegisterJournalEntities.begin(), kRegisterJournalEntities.end(), entity) != kRegisterJournalEntities.end();
}

struct Household {
  Id id = 0;
  Id unit_id = 0;            // the village (thôn, bản, tổ dân phố)
  std::string hamlet;        // xóm
  std::string house_number;  // số nhà
  std::string address_note;  // a description where there is no number
  Id head_id = 0;            // 0: not named yet
  std::string phone;         // optional
  bool fibre = false;        // fibre broadband
  bool smart_device = false; // at least one smart device in the household
  int64_t members = 0;       // derived: persons living there today
};

// A person of the register ("resident": the persons table holds team members).
struct Resident {
  Id id = 0;
  std::string full_name;
  std::optional<Date> birth_date;
  int birth_year = 0;        // from birth_date when given
  std::string sex;           // "nam" | "nu"
  std::string phone;
  std::string cccd_digest;   // keyed digest of the 12-digit citizen ID ("" none)
  std::string cccd_last4;
  std::string ethnic;        // code in ethnic_groups(), "" unknown
  std::optional<Date> ended_on;  // left the register (moved away, died): first day no longer counted
  std::string end_reason;        // "chuyen_di" | "qua_doi"
  std::optional<Date> consent_on;  // the day the person agreed to be registered (Decree 13/2023)
  std::optional<Date> erased_on;   // identifying data removed on request (counts kept)
  Id merged_into = 0;              // a duplicate merged into that person (no longer counted)
  Id household_id = 0;       // derived: the household on the date asked (0: none)
};

// Where a person lives: [from, to).
struct Residency {
  Id id = 0;
  Id resident_id = 0;
  Id household_id = 0;
  Interval valid;
};

struct StatusOption {
  std::string code, name;
  std::string activity_category;  // the activity category it counts in ("" none)
};

struct StatusType {
  int index = 0;
  std::string code, name;
  std::string option_name;  // "Nhà cung cấp", "Nơi học" ("" no options)
  std::vector<StatusOption> options;
  std::string activity_type, activity_field;  // "" when it counts in no activity
  int option_index(std::string_view code) const;
};

class StatusCatalog {
 public:
  static StatusCatalog from_json(const nlohmann::json& list, const ActivityCatalog& activities);
  const std::vector<StatusType>& types() const { return types_; }
  const StatusType* find(std::string_view code) const;

 private:
  std::vector<StatusType> types_;
};

std::string_view default_status_types_json();

enum class StatusSource { Visit, Import, SelfDeclared };
std::optional<StatusSource> parse_status_source(std::string_view code);
std::string_view status_source_code(StatusSource s);

struct CitizenStatus {
  Id id = 0;
  Id resident_id = 0;
  std::string type;    // StatusType::code
  std::string option;  // "" none
  Date gained_on;
  std::optional<Date> lost_on;  // first day it no longer holds
  Id team_id = 0, member_id = 0;
  StatusSource source = StatusSource::SelfDeclared;
  Id visit_id = 0;
  bool holds_on(Date d) const { return gained_on <= d && (!lost_on || d < *lost_on); }
};

struct VisitChange {
  Id resident_id = 0;
  std::string type, option;
};

struct Visit {
  Id id = 0;
  Id household_id = 0;
  Id unit_id = 0;  // the household's village on the visit date
  Date date;
  Id team_id = 0, member_id = 0;
  std::vector<Id> present;
  std::vector<VisitChange> changes;
  std::string note;
  Id author = 0;
};

std::span<const Label> ethnic_groups();
std::span<const Label> sexes();
std::span<const Label> end_reasons();

// Likely the same person entered twice (issue 12): the same folded name and
// birth year, and the same phone (or one of them has none); two different
// CCCDs are two persons.
bool likely_duplicates(const Resident& a, const Resident& b);

// The parts of `from` not covered by any of `taken` (merging two persons'
// residencies: the kept person's own stay as they are).
std::vector<Interval> uncovered(Interval from, std::vector<Interval> taken);

// A CCCD is 12 digits; the first three are a province code (001–096).
bool valid_cccd(std::string_view s);
// Age in whole years on `on`; from the birth date, else from the year (as if
// born on 1 January — a person with a year only counts as adult from the
// year they turn 18).
int age_on(const Resident& r, Date on);
inline constexpr int kAdultAge = 18;

}  // namespace langso
