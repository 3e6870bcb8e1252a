// Official reports: settings of a unit, report documents with their sections and recipients.
#include "store/store.h"
#include "store/values.h"

namespace langso {

std::optional<ReportSettings> Store::report_settings(Id unit) {
  auto r = db_->query_one("SELECT issuer_kind, issuer_name, abbreviation, head_title, signer_title, signer_name, place "
                          "FROM report_settings WHERE unit_id = ?",
                          {unit});
  if (!r) return std::nullopt;
  ReportSettings s;
  s.unit = unit;
  s.issuer_kind = parse_issuer_kind(r->str(0)).value_or(IssuerKind::PeoplesCommittee);
  s.issuer_name = r->str(1);
  s.abbreviation = r->str(2);
  s.head_title = r->str(3);
  s.signer_title = r->str(4);
  s.signer_name = r->str(5);
  s.place = r->str(6);
  s.saved = true;
  return s;
}

void Store::put_report_settings(const ReportSettings& s, Id by) {
  db_->exec("DELETE FROM report_settings WHERE unit_id = ?", {s.unit});
  db_->exec("INSERT INTO report_settings(unit_id, issuer_kind, issuer_name, abbreviation, head_title, signer_title, "
            "signer_name, place, updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            {s.unit, std::string(issuer_kind_code(s.issuer_kind)), s.issuer_name, s.abbreviation, s.head_title,
             s.signer_title, s.signer_name, s.place, by ? Value(by) : null_value(), now_seconds()});
}

static constexpr const char* kDocumentColumns =
    "id, unit_id, form, period, period_from, period_to, number, report_date, signer_title, signer_name, version, "
    "created_by, created_at, updated_by, updated_at";

static ReportDocument document_from(const Row& r) {
  ReportDocument d;
  d.id = r.i64(0);
  d.unit = r.i64(1);
  d.form = r.str(2);
  d.period = r.str(3);
  d.period_from = date_or(r, 4, kMinDate);
  d.period_to = date_or(r, 5, kMinDate);
  d.number = r.str(6);
  d.date = opt_date_col(r, 7);
  d.signer_title = r.opt_str(8);
  d.signer_name = r.opt_str(9);
  d.version = r.i64(10);
  d.created_by = r.opt_i64(11).value_or(0);
  d.created_at = r.i64(12);
  d.updated_by = r.opt_i64(13).value_or(0);
  d.updated_at = r.i64(14);
  return d;
}

std::optional<ReportDocument> Store::report_document(Id unit, std::string_view form, std::string_view period) {
  auto r = db_->query_one(std::string("SELECT ") + kDocumentColumns +
                              " FROM report_documents WHERE unit_id = ? AND form = ? AND period = ?",
                          {unit, std::string(form), std::string(period)});
  if (!r) return std::nullopt;
  ReportDocument d = document_from(*r);
  for (const Row& s : db_->query("SELECT code, body FROM report_sections WHERE report_id = ?", {d.id})) {
    auto all = report_sections();
    for (size_t i = 0; i < all.size(); ++i)
      if (all[i].code == s.str(0)) d.sections[i] = s.str(1);
  }
  for (const Row& x : db_->query("SELECT unit_id, name, addressed FROM report_recipients WHERE report_id = ? ORDER BY position",
                                 {d.id}))
    d.recipients.push_back({x.opt_i64(0).value_or(0), x.str(1), x.i64(2) != 0});
  return d;
}

std::vector<ReportDocument> Store::report_documents_of(Id unit) {
  std::vector<ReportDocument> out;
  for (const Row& r : db_->query(std::string("SELECT ") + kDocumentColumns +
                                     " FROM report_documents WHERE unit_id = ? ORDER BY period_from DESC, period_to DESC, id",
                                 {unit}))
    out.push_back(document_from(r));
  return out;
}

int64_t Store::put_report_document(ReportDocument& d, Id by) {
  const int64_t now = now_seconds();
  const Value who = by ? Value(by) : null_value();
  if (d.id == 0) {
    d.version = 1;
    d.created_by = by;
    d.created_at = now;
    d.id = db_->insert(
        "INSERT INTO report_documents(unit_id, form, period, period_from, period_to, number, report_date, signer_title, "
        "signer_name, version, created_by, created_at, updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {d.unit, d.form, d.period, format_iso(d.period_from), format_iso(d.period_to), d.number, opt_date(d.date),
         opt_value(d.signer_title), opt_value(d.signer_name), d.version, who, now, who, now});
  } else {
    ++d.version;
    db_->exec("UPDATE report_documents SET number = ?, report_date = ?, signer_title = ?, signer_name = ?, version = ?, "
              "updated_by = ?, updated_at = ? WHERE id = ?",
              {d.number, opt_date(d.date), opt_value(d.signer_title), opt_value(d.signer_name), d.version, who, now, d.id});
    db_->exec("DELETE FROM report_sections WHERE report_id = ?", {d.id});
    db_->exec("DELETE FROM report_recipients WHERE report_id = ?", {d.id});
  }
  d.updated_by = by;
  d.updated_at = now;
  auto all = report_sections();
  for (size_t i = 0; i < all.size(); ++i)
    db_->exec("INSERT INTO report_sections(report_id, code, body) VALUES (?,?,?)", {d.id, std::string(all[i].code), d.sections[i]});
  for (size_t i = 0; i < d.recipients.size(); ++i) {
    const ReportRecipient& x = d.recipients[i];
    db_->exec("INSERT INTO report_recipients(report_id, position, unit_id, name, addressed) VALUES (?,?,?,?,?)",
              {d.id, static_cast<int64_t>(i), x.unit ? Value(x.unit) : null_value(), x.name, int64_t{x.addressed}});
  }
  return d.version;
}

void Store::delete_report_document(Id id) {
  db_->exec("DELETE FROM report_sections WHERE report_id = ?", {id});
  db_->exec("DELETE FROM report_recipients WHERE report_id = ?", {id});
  db_->exec("DELETE FROM report_documents WHERE id = ?", {id});
}

}  // namespace langso
