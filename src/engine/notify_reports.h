// The periodic reports' notifications (issue 15), all through notify()
// (engine/notify.h): a step announces itself in its transaction (a report
// submitted waits for its approver; a report returned tells its unit why),
// and the sweep announces, to the officers of each unit expected to report
// the monthly form, its report due within 3 days, due today, or late (for a
// month after the due day, until it is submitted).
#pragma once
#include <vector>

#include "domain/notification.h"
#include "domain/report_form.h"
#include "engine/app.h"
#include "store/store_periodic.h"

namespace langso {

// In the step's transaction; `approver` is the unit that approves `after`'s unit (0: the national level).
void notify_report_step(App& app, Store& s, const ReportForm& f, const ReportPeriod& p, const ReportState& after,
                        ReportAction action, const std::string& reason, Id approver);
// The time-based ones as of `today` (appended to `due`); returns the reports looked at.
size_t report_due_notifications(App& app, Store& reads, Date today, std::vector<Notification>& due);

}  // namespace langso
