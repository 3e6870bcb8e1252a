#include "domain/report_form.h"

#include <gtest/gtest.h>

#include "domain/report.h"

namespace langso {

static Date d(int y, unsigned m, unsigned day) { return date_from_ymd(y, m, day); }

TEST(ReportForm, SeededCatalogue) {
  const ReportFormCatalog& c = report_forms();
  const ReportForm* monthly = c.find(kReportForm);
  ASSERT_NE(monthly, nullptr);
  EXPECT_EQ(monthly->periodicity, Periodicity::Month);
  EXPECT_EQ(monthly->due_day, 20);
  EXPECT_TRUE(monthly->reports_at(Level::Commune));
  EXPECT_FALSE(monthly->reports_at(Level::Village));
  EXPECT_EQ(monthly->sections.size(), 4u);
  const ReportForm* q = c.find("ket_qua_qd411");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->periodicity, Periodicity::Quarter);
  EXPECT_FALSE(q->indicators.empty());
}

TEST(ReportForm, MalformedCatalogueRefused) {
  EXPECT_THROW(ReportFormCatalog::from_json("{}"), std::exception);
  EXPECT_THROW(ReportFormCatalog::from_json(R"([{"code":"x","name":"X","periodicity":"week","levels":["commune"],
      "due_day":20,"indicators":[],"sections":[]}])"),
               std::exception);
  EXPECT_THROW(ReportFormCatalog::from_json(R"([{"code":"x","name":"X","periodicity":"month","levels":["commune"],
      "due_day":40,"indicators":[],"sections":[]}])"),
               std::exception);
  EXPECT_THROW(ReportFormCatalog::from_json(R"([{"code":"x","name":"X","periodicity":"month","levels":["commune"],
      "due_day":20,"indicators":[],"sections":["khac"]}])"),
               std::exception);
}

TEST(ReportForm, PeriodsOfEachPeriodicity) {
  ReportForm f;
  f.periodicity = Periodicity::Month;
  auto p = parse_form_period(f, "2022-05");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->from, d(2022, 5, 1));
  EXPECT_EQ(p->to, d(2022, 5, 31));
  EXPECT_EQ(period_title(*p), "tháng 5/2022");
  EXPECT_FALSE(parse_form_period(f, "2022-Q2"));
  EXPECT_FALSE(parse_form_period(f, "2022-13"));
  EXPECT_FALSE(parse_form_period(f, "1999-01"));
  EXPECT_FALSE(parse_form_period(f, "2022-5"));
  EXPECT_EQ(next_period(f, *p).code, "2022-06");
  EXPECT_EQ(period_containing(f, d(2022, 12, 31)).code, "2022-12");
  EXPECT_EQ(next_period(f, period_containing(f, d(2022, 12, 31))).code, "2023-01");
  f.periodicity = Periodicity::Quarter;
  p = parse_form_period(f, "2022-Q4");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->from, d(2022, 10, 1));
  EXPECT_EQ(p->to, d(2022, 12, 31));
  EXPECT_EQ(period_title(*p), "quý 4/2022");
  f.periodicity = Periodicity::HalfYear;
  p = parse_form_period(f, "2025-H2");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->from, d(2025, 7, 1));
  EXPECT_EQ(period_title(*p), "6 tháng cuối năm 2025");
  f.periodicity = Periodicity::Year;
  EXPECT_EQ(parse_form_period(f, "2025")->to, d(2025, 12, 31));
  EXPECT_EQ(periods_between(f, d(2024, 3, 1), d(2025, 1, 1)).size(), 2u);
}

TEST(ReportForm, DueDateInTheMonthAfter) {
  ReportForm f;
  f.due_day = 20;
  EXPECT_EQ(due_date(f, *parse_form_period(f, "2022-05")), d(2022, 6, 20));
  EXPECT_EQ(due_date(f, *parse_form_period(f, "2022-12")), d(2023, 1, 20));
  f.due_day = 31;  // June has 30 days
  EXPECT_EQ(due_date(f, *parse_form_period(f, "2022-05")), d(2022, 6, 30));
  f.due_day = 29;  // February 2023 has 28
  EXPECT_EQ(due_date(f, *parse_form_period(f, "2023-01")), d(2023, 2, 28));
}

TEST(ReportForm, ActiveIntervalsCutAndMerged) {
  const Interval valid{d(2020, 1, 1), d(2025, 7, 1)};
  // Province: its validity.
  EXPECT_EQ(active_intervals(valid, {}, true).size(), 1u);
  // Not attached at all: never active.
  EXPECT_TRUE(active_intervals(valid, {}, false).empty());
  // Two adjacent links (moved to another district) merge; a gap stays a gap.
  std::vector<Interval> links{{d(2023, 1, 1), d(2030, 1, 1)}, {d(2019, 1, 1), d(2022, 3, 15)}, {d(2022, 3, 15), d(2022, 6, 10)}};
  auto a = active_intervals(valid, links, false);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].from, d(2020, 1, 1));
  EXPECT_EQ(a[0].to, d(2022, 6, 10));
  EXPECT_EQ(a[1].from, d(2023, 1, 1));
  EXPECT_EQ(a[1].to, d(2025, 7, 1));
}

TEST(ReportForm, ExpectedExactlyForThePeriodsAUnitExisted) {
  ReportForm f;
  f.periodicity = Periodicity::Month;
  f.levels = {Level::Commune, Level::District};
  auto month = [&](const char* c) { return *parse_form_period(f, c); };
  // A commune that begins on 15/03/2022 and ends on 10/06/2022 (its last day 09/06).
  const std::vector<Interval> active{{d(2022, 3, 15), d(2022, 6, 10)}};
  EXPECT_TRUE(expected_parts(f, Level::Commune, active, month("2022-02")).empty());
  auto march = expected_parts(f, Level::Commune, active, month("2022-03"));
  ASSERT_EQ(march.size(), 1u);
  EXPECT_EQ(covered_days(march), 17);  // 15..31 March
  EXPECT_EQ(covered_days(expected_parts(f, Level::Commune, active, month("2022-04"))), 30);
  EXPECT_EQ(covered_days(expected_parts(f, Level::Commune, active, month("2022-06"))), 9);
  EXPECT_TRUE(expected_parts(f, Level::Commune, active, month("2022-07")).empty());
  // Not a reporting level.
  EXPECT_TRUE(expected_parts(f, Level::Village, active, month("2022-04")).empty());
  // Active several times (detached in between): expected for each stretch, not the gap.
  const std::vector<Interval> twice{{d(2022, 1, 1), d(2022, 2, 1)}, {d(2022, 4, 10), d(2022, 5, 1)}};
  EXPECT_FALSE(expected_parts(f, Level::Commune, twice, month("2022-01")).empty());
  EXPECT_TRUE(expected_parts(f, Level::Commune, twice, month("2022-02")).empty());
  EXPECT_TRUE(expected_parts(f, Level::Commune, twice, month("2022-03")).empty());
  EXPECT_EQ(covered_days(expected_parts(f, Level::Commune, twice, month("2022-04"))), 21);
  EXPECT_TRUE(expected_parts(f, Level::Commune, twice, month("2022-05")).empty());
  // A quarter cut by two stretches: one report for both parts.
  f.periodicity = Periodicity::Quarter;
  const std::vector<Interval> cut{{d(2022, 1, 1), d(2022, 1, 11)}, {d(2022, 3, 1), d(2022, 3, 6)}};
  auto q1 = expected_parts(f, Level::Commune, cut, *parse_form_period(f, "2022-Q1"));
  EXPECT_EQ(q1.size(), 2u);
  EXPECT_EQ(covered_days(q1), 15);
}

TEST(ReportForm, ValidationRules) {
  ValidationRule r{"x", "a", "<=", "b", 2, 0, "a không quá hai lần b"};
  EXPECT_TRUE(rule_holds(r, 4, 2));
  EXPECT_FALSE(rule_holds(r, 5, 2));
  EXPECT_TRUE(rule_holds(r, std::nullopt, 2));  // no value: no violation
  ValidationRule n{"y", "a", ">", "", 1, 0, "có hoạt động"};
  EXPECT_FALSE(rule_holds(n, 0, std::nullopt));
  EXPECT_TRUE(rule_holds(n, 3, std::nullopt));
  const ReportForm* monthly = report_forms().find(kReportForm);
  ASSERT_FALSE(monthly->rules.empty());
  EXPECT_THROW(ReportFormCatalog::from_json(R"([{"code":"x","name":"X","periodicity":"month","levels":["commune"],
      "due_day":20,"indicators":[],"sections":[],"rules":[{"code":"r","left":"a","op":"=>","right":1,"message":"m"}]}])"),
               std::exception);
}

TEST(ReportForm, Workflow) {
  EXPECT_EQ(after_action(ReportStatus::Draft, ReportAction::Submit), ReportStatus::Submitted);
  EXPECT_EQ(after_action(ReportStatus::Submitted, ReportAction::Approve), ReportStatus::Approved);
  EXPECT_EQ(after_action(ReportStatus::Submitted, ReportAction::Return), ReportStatus::Draft);
  EXPECT_EQ(after_action(ReportStatus::Approved, ReportAction::Reopen), ReportStatus::Draft);
  EXPECT_EQ(after_action(ReportStatus::Draft, ReportAction::MarkNotReporting), ReportStatus::NotReporting);
  EXPECT_FALSE(after_action(ReportStatus::Submitted, ReportAction::Submit));
  EXPECT_FALSE(after_action(ReportStatus::Draft, ReportAction::Approve));
  EXPECT_FALSE(after_action(ReportStatus::Approved, ReportAction::Return));
  EXPECT_FALSE(after_action(ReportStatus::NotReporting, ReportAction::Submit));
  EXPECT_TRUE(action_needs_reason(ReportAction::Return));
  EXPECT_FALSE(action_needs_reason(ReportAction::Approve));
  EXPECT_EQ(parse_report_status("approved"), ReportStatus::Approved);
  EXPECT_EQ(parse_report_action("not_reporting"), ReportAction::MarkNotReporting);
  EXPECT_NE(refusal_text(ReportStatus::Approved, ReportAction::Submit).find("đã được duyệt"), std::string::npos);
  // The optional second step: only from approved; accepted is approved in every other respect.
  EXPECT_EQ(after_action(ReportStatus::Approved, ReportAction::Accept), ReportStatus::Accepted);
  EXPECT_FALSE(after_action(ReportStatus::Submitted, ReportAction::Accept));
  EXPECT_FALSE(after_action(ReportStatus::Accepted, ReportAction::Accept));
  EXPECT_EQ(after_action(ReportStatus::Accepted, ReportAction::Reopen), ReportStatus::Draft);
  EXPECT_FALSE(after_action(ReportStatus::Accepted, ReportAction::Return));
  EXPECT_TRUE(is_approved(ReportStatus::Accepted) && counts_as_submitted(ReportStatus::Accepted));
  EXPECT_FALSE(action_needs_reason(ReportAction::Accept));
  EXPECT_EQ(parse_report_status("accepted"), ReportStatus::Accepted);
  EXPECT_EQ(parse_report_action("accept"), ReportAction::Accept);
}

}  // namespace langso
