#include "engine/notify_reports.h"

#include <map>
#include <set>

#include "domain/report.h"
#include "engine/notify.h"
#include "engine/periodic.h"

namespace langso {

static std::string unit_name(App& app, Id id) {
  const Unit* u = app.units().find(id);
  return u ? u->name : "đơn vị " + std::to_string(id);
}

static Notification about_report(NotificationKind k, Id unit_reported, Id addressed, std::string key, Date due) {
  Notification n;
  n.kind = k;
  n.unit = addressed;
  n.subject_type = NotificationSubject::Report;
  n.subject = unit_reported;
  n.due = due;
  n.dedup_key = std::move(key);
  return n;
}

void notify_report_step(App& app, Store& s, const ReportForm& f, const ReportPeriod& p, const ReportState& after,
                        ReportAction action, const std::string& reason, Id approver) {
  const std::string what = "Báo cáo " + period_title(p) + " của " + unit_name(app, after.unit);
  const std::string version = ":" + std::to_string(after.version);
  if (action == ReportAction::Submit && approver) {
    Notification n = about_report(NotificationKind::ReportWaiting, after.unit, approver,
                                  notification_dedup_key(NotificationKind::ReportWaiting, after.id, approver) + version,
                                  due_date(f, p));
    n.title = what + " chờ duyệt";
    n.body = f.name + ": " + unit_name(app, after.unit) + " đã gửi báo cáo " + period_title(p) + "; hãy xem và duyệt hoặc trả lại.";
    notify(s, n);
  } else if (action == ReportAction::Return) {
    Notification n = about_report(NotificationKind::ReportReturned, after.unit, after.unit,
                                  notification_dedup_key(NotificationKind::ReportReturned, after.id, after.unit) + version,
                                  due_date(f, p));
    n.title = what + " bị trả lại";
    n.body = (approver ? unit_name(app, approver) : std::string("Cấp trên")) + " trả lại báo cáo: " + reason;
    notify(s, n);
  }
}

size_t report_due_notifications(App& app, Store& reads, Date today, std::vector<Notification>& due) {
  const ReportForm* f = report_forms().find(kReportForm);
  if (!f) return 0;
  // The periods whose due day is within the next 3 days, today, or passed less than a month ago.
  std::vector<ReportPeriod> periods;
  for (const ReportPeriod& p : periods_between(*f, Date{today.days - 100}, today)) {
    const Date d = due_date(*f, p);
    if (Date{today.days - 31} <= d && d.days - today.days <= kTaskDueSoonDays && p.to < today) periods.push_back(p);
  }
  if (periods.empty()) return 0;
  // Units with officers to tell.
  std::set<Id> with_officers;
  for (const Row& r : reads.db().query("SELECT DISTINCT unit_id FROM users WHERE active = 1 AND unit_id IS NOT NULL AND role IN "
                                       "('province_officer', 'district_officer', 'commune_officer')"))
    with_officers.insert(r.i64(0));
  size_t looked = 0;
  for (const ReportPeriod& p : periods) {
    const Date d = due_date(*f, p);
    std::vector<Id> units(with_officers.begin(), with_officers.end());
    std::map<Id, ReportStatus> status;
    for (const ReportState& x : report_states(reads, f->code, p.code, units)) status[x.unit] = x.status;
    for (Id id : units) {
      if (expected_parts_of(app.units(), *f, id, p).empty()) continue;
      ++looked;
      auto it = status.find(id);
      if (it != status.end() && it->second != ReportStatus::Draft) continue;
      const NotificationKind k = today < d ? NotificationKind::ReportDueSoon
                                 : today == d ? NotificationKind::ReportDueToday
                                              : NotificationKind::ReportLate;
      Notification n = about_report(k, id, id, notification_dedup_key(k, id, id, d) + ":" + p.code, d);
      const std::string what = "Báo cáo " + period_title(p) + " của " + unit_name(app, id);
      if (k == NotificationKind::ReportDueSoon) {
        n.title = what + " đến hạn ngày " + format_vn(d);
        n.body = f->name + ": còn " + std::to_string(d.days - today.days) + " ngày để gửi.";
      } else if (k == NotificationKind::ReportDueToday) {
        n.title = what + " đến hạn hôm nay";
        n.body = f->name + ": hạn gửi là hôm nay, " + format_vn(d) + ".";
      } else {
        n.title = what + " đã quá hạn";
        n.body = f->name + ": hạn gửi là " + format_vn(d) + ", đã quá " + std::to_string(today.days - d.days) + " ngày.";
      }
      due.push_back(std::move(n));
    }
  }
  return looked;
}

}  // namespace langso
