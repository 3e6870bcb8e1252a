#include "engine/report_index.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "auth/crypto.h"
#include "domain/report.h"
#include "engine/periodic.h"
#include "io/demo.h"

namespace langso {
namespace {

Date D(const char* s) { return *parse_iso_date(s); }

App& demo() {
  static App* a = [] {
    crypto_init();
    auto* x = new App(open_store(":memory:"));
    x->use_cccd_key(CccdKey::random());
    seed_demo(*x, "demo1234");
    return x;
  }();
  return *a;
}

// The rule, restated from the database and the hierarchy without the index:
// the months that meet [from, to] and ended by `to`; in each, the units
// expected in the subtree of any root (expected_in_subtree), each counted
// once; submitted, on time by the due day's end, open violations.
ReportIndex::Counts brute(App& app, Id unit, Date from, Date to, Date structure) {
  ReportIndex::Counts c;
  const ReportForm& f = *report_forms().find(kReportForm);
  std::map<std::pair<std::string, Id>, ReportEntryRow> by;
  for (ReportEntryRow& r : report_entry_rows(app.store(), f.code)) by.emplace(std::pair{r.state.period, r.state.unit}, r);
  for (const ReportPeriod& p : periods_between(f, from, to)) {
    if (to < p.to) continue;
    std::set<Id> expected;
    for (Id r : report_roots(app.units(), unit, structure))
      for (Id id : expected_in_subtree(app.units(), f, r, p)) expected.insert(id);
    for (Id id : expected) {
      ++c.expected;
      auto it = by.find({p.code, id});
      if (it == by.end()) continue;
      const ReportEntryRow& x = it->second;
      if (counts_as_submitted(x.state.status)) {
        ++c.submitted;
        if (x.state.submitted_at && x.state.submitted_at < due_deadline(f, p)) ++c.on_time;
      }
      c.open_violations += x.open_violations;
      c.open_outliers += x.open_outliers;
    }
  }
  return c;
}

void expect_same(const ReportIndex::Counts& a, const ReportIndex::Counts& b, const std::string& what) {
  EXPECT_EQ(a.expected, b.expected) << what;
  EXPECT_EQ(a.submitted, b.submitted) << what;
  EXPECT_EQ(a.on_time, b.on_time) << what;
  EXPECT_EQ(a.open_violations, b.open_violations) << what;
  EXPECT_EQ(a.open_outliers, b.open_outliers) << what;
}

// Every province, district and commune of the demo (both structures: Bắc
// Kạn's 2022 hierarchy and the 2025 one), over ranges within a month,
// across years and across the reorganisation: the index answers what the
// rule restated answers.
TEST(ReportIndex, EqualsTheRuleForEveryUnitRangeAndStructure) {
  App& app = demo();
  std::vector<Id> units{0};  // the nation
  app.units().for_each([&](const Unit& u) {
    if (u.level != Level::Village) units.push_back(u.id);
  });
  ASSERT_GT(units.size(), 50u);
  const std::pair<const char*, const char*> ranges[] = {
      {"2022-05-01", "2022-05-31"}, {"2022-01-01", "2022-12-31"}, {"2022-03-15", "2022-07-10"},
      {"2021-06-01", "2023-06-30"}, {"2025-01-01", "2025-12-31"}, {"2022-05-01", "2022-05-30"}};
  int with_reports = 0;
  for (Id u : units)
    for (const auto& [from, to] : ranges)
      for (const char* structure : {"2022-12-31", "2025-12-31"}) {
        const ReportIndex::Counts want = brute(app, u, D(from), D(to), D(structure));
        const std::vector<Id> roots = report_roots(app.units(), u, D(structure));
        expect_same(app.report_index().counts(roots, D(from), D(to)), want,
                    "unit " + std::to_string(u) + " " + from + ".." + to + " on " + structure);
        with_reports += want.submitted > 0;
      }
  EXPECT_GT(with_reports, 20);  // the demo's 2022 reports are counted
}

// A step through the engine puts the report in the index at once; a step
// written by "another instance" (straight to the database) shows once its
// journal row is applied.
TEST(ReportIndex, KeptCurrentByStepsAndByTheJournal) {
  App& app = demo();
  const ReportForm& f = *report_forms().find(kReportForm);
  const ReportPeriod p = *parse_form_period(f, "2023-02");
  // A commune of the 2022 structure still alive in 02/2023, with no report then.
  Id commune = 0;
  app.units().for_each([&](const Unit& u) {
    if (!commune && u.level == Level::Commune && u.valid.contains(p.to) && !expected_parts_of(app.units(), f, u.id, p).empty() &&
        !report_state(app.store(), u.id, f.code, p.code))
      commune = u.id;
  });
  ASSERT_NE(commune, 0);
  const Id district = app.units().parent_at(commune, p.to);
  const std::vector<Id> roots{district};
  const ReportIndex::Counts before = app.report_index().counts(roots, p.from, p.to);
  {
    auto w = app.writer();
    StepRequest r;
    r.unit = commune;
    r.form = &f;
    r.period = p;
    r.action = ReportAction::Submit;
    for (const Violation& v : check_rules(app, f, commune, p)) r.explanations[v.rule] = "thử";
    r.at = due_deadline(f, p) - 3600;
    r.announce = false;
    step_report(app, r);
  }
  const ReportIndex::Counts after = app.report_index().counts(roots, p.from, p.to);
  EXPECT_EQ(after.expected, before.expected);
  EXPECT_EQ(after.submitted, before.submitted + 1);
  EXPECT_EQ(after.on_time, before.on_time + 1);
  expect_same(after, brute(app, district, p.from, p.to, p.to), "after the step");

  // Another instance returns it: the database changes, the index follows the journal row.
  const ReportState s = *report_state(app.store(), commune, f.code, p.code);
  app.store().db().exec("UPDATE report_documents SET status = 'draft', version = version + 1 WHERE id = ?", {s.id});
  EXPECT_EQ(app.report_index().counts(roots, p.from, p.to).submitted, before.submitted + 1);  // not yet
  ChangeRecord c;
  c.entity = "report";
  c.entity_id = s.id;
  {
    auto w = app.writer();
    app.apply_change(c);
  }
  EXPECT_EQ(app.report_index().counts(roots, p.from, p.to).submitted, before.submitted);
  expect_same(app.report_index().counts(roots, p.from, p.to), brute(app, district, p.from, p.to, p.to), "after the journal");
}

}  // namespace
}  // namespace langso
