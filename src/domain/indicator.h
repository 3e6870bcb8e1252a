// Indicators: the catalogue (data, extendable by province officers without a
// build), their values from the engine's sums, targets and status.
//
// Flow indicators (sums and counts of activity quantities) are totals over a
// date range; stock indicators (teams, members, coverage and ratios of stocks)
// are values on the last day of the range.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/activity.h"
#include "domain/household.h"
#include "domain/household.h"
#include "domain/team.h"

namespace langso {

// Register*: from the household register (domain/household.h), stocks on the
// range's last day: the share of the people of an age band (18+ by default;
// ages on that day) living in the unit who hold a status — or all of several
// (a digital citizen) —, of households with fibre broadband, persons
// registered.
enum class IndicatorKind {
  Sum, Count, Teams, Members, TrainedMembers, CoverageCommunes, CoverageVillages, Ratio, Composite,
  RegisterAdultsShare, RegisterFibre, RegisterResidents,
  RegisterVillagesMissing,  // villages of the unit with nobody in the register that day
  Population,  // the published residents (Totals::population); undefined when unknown
  // Periodic reports (issue 15, engine/periodic.h): submitted ÷ expected and
  // submitted by the due day ÷ expected, over the reports of the monthly form
  // expected in the unit for the range's months; undefined when none expected.
  ReportingRate, OnTimeRate,
  // The open validation violations (recorded at submission, the report
  // waiting for approval) and open outliers (flagged at submission, not
  // followed up) of those reports; undefined when none expected. Lower is
  // better: the documented target is 0.
  OpenViolations, OpenOutliers
};

struct Indicator {
  std::string code, name, unit, pillar;
  IndicatorKind kind = IndicatorKind::Sum;
  int type = -1, field = -1, category = -1;  // Sum, Count
  // RegisterAdultsShare: the statuses a person must all hold (StatusType
  // indices and codes; "status" or "statuses" in the spec) and the age band
  // [min_age, max_age] (max_age < 0: no upper bound), counted as `group`.
  std::vector<int> statuses;
  std::vector<std::string> status_codes;
  int min_age = kAdultAge, max_age = -1;
  int group = -1;                            // IndicatorCatalog::register_groups()
  std::string numerator, denominator;        // Ratio
  double scale = 1;
  // Composite: the weight of each pillar. Its value is the weighted mean of
  // the pillars' progress (composite_value), not a figure of the engine's.
  std::vector<std::pair<std::string, double>> weights;
  std::optional<double> national_target;     // a default target every year
  // Dated national targets ("national_targets": [{"by": 2025, "value": 80},
  // {"by": 2030, "value": 95}], Decision 411): a year takes the first
  // milestone not yet passed, after the last one the last one; before
  // national_target.
  std::vector<std::pair<int, double>> national_targets;
  std::optional<double> default_target(int year) const;
  bool builtin = true;
  bool is_stock() const;
  // A count of problems: met at or below its target, ranked fewest first.
  bool lower_is_better() const {
    return kind == IndicatorKind::OpenViolations || kind == IndicatorKind::OpenOutliers ||
           kind == IndicatorKind::RegisterVillagesMissing;
  }
  nlohmann::json spec_json(const ActivityCatalog& types) const;
};

std::span<const Label> pillars();

// What the engine hands over for one unit and one range.
struct Totals {
  std::vector<int64_t> flows;  // per metric, summed over the range
  int64_t teams = 0, members = 0, trained = 0;
  int64_t communes = 0, communes_covered = 0, villages = 0, villages_covered = 0;
  // Residents on the structure: the unit's published population, else the
  // sum of its communes' (0: unknown). Rates per 1,000 people divide by it.
  int64_t population = 0;
  // The household register on the range's last day (Engine::set_register).
  int64_t residents = 0, adults = 0, households = 0, households_fibre = 0;
  int64_t villages_with_register = 0;  // with someone living there that day
  // By register group (IndicatorCatalog::register_groups()): the people of
  // its age band, and those of them holding all its statuses.
  std::vector<int64_t> group_people, group_holding;
  // Periodic reports (filled by the scorecard when an indicator asks, engine/periodic.h).
  int64_t reports_expected = 0, reports_submitted = 0, reports_on_time = 0;
  int64_t reports_open_violations = 0, reports_open_outliers = 0;
};

// What a register share counts: the people of an age band holding all the
// statuses of a mask (bit i: StatusType::index i; at most 64 types).
struct RegisterGroup {
  uint64_t statuses = 0;
  int min_age = kAdultAge, max_age = -1;
  bool operator==(const RegisterGroup&) const = default;
};

class IndicatorCatalog {
 public:
  // Throws std::runtime_error naming the bad entry.
  // statuses: the register's status types (register indicators name one).
  static IndicatorCatalog from_json(const nlohmann::json& list, const ActivityCatalog& types,
                                    const StatusCatalog* statuses = nullptr);
  static Indicator parse(const nlohmann::json& j, const ActivityCatalog& types, const IndicatorCatalog& known,
                         const StatusCatalog* statuses = nullptr);

  const std::vector<Indicator>& list() const { return list_; }
  const Indicator* find(std::string_view code) const;
  // Gives a register share its group (shared by indicators that count alike).
  void add(Indicator i);
  const std::vector<RegisterGroup>& register_groups() const { return groups_; }

  // nullopt when undefined (a ratio over zero), and for a composite (its
  // value comes from the other indicators' progress: composite_value).
  std::optional<double> value(const Indicator& ind, const Totals& t, const ActivityCatalog& types) const;

 private:
  std::vector<Indicator> list_;
  std::vector<RegisterGroup> groups_;
};

// The composite index (0–100): for each weighted pillar, the mean progress
// towards target (value ÷ target, at most 1) of its indicators that have a
// target and a value, × 100; then the weighted mean over the pillars that
// have such indicators. nullopt when none has. `progress` lists (pillar,
// progress) pairs.
std::optional<double> composite_value(const Indicator& ind,
                                      const std::vector<std::pair<std::string_view, double>>& progress);

enum class Status { Met, OnTrack, Behind, NoTarget };
std::string_view status_code(Status s);   // "dat", "dung_tien_do", "cham", "chua_co_chi_tieu"
std::string_view status_name(Status s);   // "Đạt", "Đúng tiến độ", "Chậm", "Chưa có chỉ tiêu"

// The target that applies to [from, to]: flows prorate the yearly target by
// the range's length; stocks use it as is.
double period_target(const Indicator& ind, double yearly, Date from, Date to);
// No target, or no value (a ratio over zero): NoTarget. Lower is better: met
// when value <= target, else behind. Otherwise met when value >= target. Otherwise, while the range is still running
// (today < to), on track when value >= target × the elapsed share of the range
// (flows) or of the year (stocks); behind otherwise.
Status status_of(const Indicator& ind, std::optional<double> value, std::optional<double> target, Date from, Date to,
                 Date today);

std::string_view default_indicators_json();

}  // namespace langso
