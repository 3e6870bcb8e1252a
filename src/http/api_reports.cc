// Official reports: the report file of a unit for a period (.xlsx, .docx,
// .csv), the report documents officers write for it (number, date, the four
// narrative sections, recipients, signer) and the report settings of a unit
// (who issues and who signs). Units only through Ctx's guard: outside the
// caller's subtree is 404; viewers and team members read, officers write
// (403); a bad body is 422 with every field, and nothing is saved.
//
// A period that begins after its unit ended is not issued in the unit's
// name: the file is the report of what it became when that is one unit the
// caller sees, else 409 unit_ended naming what it became; a period of a unit
// that has since ended is marked "Báo cáo lịch sử" (io/report.cc).
#include "engine/scorecard.h"
#include "http/api.h"
#include "http/download.h"
#include "http/fields.h"
#include "http/json_out.h"
#include "io/report.h"
#include "io/report_pdf.h"
#include "store/store_periodic.h"
#include "util/text.h"

namespace langso {

namespace {

Period whole_period(const std::string& code) {
  auto p = parse_report_period(code);
  if (!p) throw bad_query("Kỳ báo cáo phải có dạng 2022-05 (tháng), 2022-Q2 (quý) hoặc 2022 (năm), nhận được '" + code + "'");
  if (today_local() < p->from) throw bad_query("Kỳ báo cáo " + code + " chưa bắt đầu");
  return *p;
}

ApiError unit_ended(App& app, const Unit& u, const std::string& code) {
  return {409, "unit_ended", "Đơn vị đã kết thúc",
          app.units().fate_text(u.id) + ". Kỳ " + report_period_name(code) + " bắt đầu sau ngày đó, nên không có báo cáo của " + name_in_sentence(u) +
              "; hãy lập báo cáo của đơn vị mà nó trở thành.",
          {}};
}

// The unit whose report it is: `u`, or for a period beginning after u ended
// (when follow is set) the one unit it became, if the caller sees it.
const Unit& issuing_unit(Ctx& ctx, const Unit& u, const Period& whole, const std::string& code, bool follow,
                         std::vector<std::string>& remarks) {
  const Unit* at = &u;
  for (int depth = 0; depth < 4 && at->valid.to != kMaxDate && !(whole.from < at->valid.to); ++depth) {
    const std::vector<Id> into = ctx.app.units().became(at->id);
    if (!follow || into.size() != 1 || !ctx.in_scope(into.front())) throw unit_ended(ctx.app, *at, code);
    remarks.push_back(ctx.app.units().fate_text(at->id) + "; báo cáo kỳ này do " + ctx.app.units().find(into.front())->name +
                      " ban hành.");
    at = &ctx.unit(into.front());
  }
  return *at;
}

// Dates and structure of the report of `u` for `code`, dated `date`.
ReportDates dates_for(Ctx& ctx, const Unit& u, const std::string& code, const Period& whole, Date date) {
  ReportDates d = report_dates(u, code, whole, date);
  d.period.structure = ctx.structure_date(u, d.period.to);
  return d;
}

json issuer_json(const std::vector<HeadingLine>& lines) {
  json out = json::array();
  for (const HeadingLine& l : lines) out.push_back({{"text", l.text}, {"bold", l.bold}});
  return out;
}

json settings_json(Ctx& ctx, const Unit& u, const ReportSettings& s) {
  const Unit& gov = governing_unit(ctx.app, u, ctx.date_for(u));
  return {{"unit_id", u.id},
          {"unit", unit_json(ctx.app.units(), u.id, ctx.date_for(u))},
          {"saved", s.saved},
          {"issuer_kind", issuer_kind_code(s.issuer_kind)},
          {"issuer_name", s.issuer_name},
          {"abbreviation", s.abbreviation},
          {"head_title", s.head_title},
          {"signer_title", s.signer_title},
          {"signer_name", s.signer_name},
          {"place", s.place},
          {"can_edit", can_write(ctx.caller().role)},
          {"preview",
           {{"issuer", issuer_json(issuer_lines(s, u, gov))},
            {"issuer_in_sentence", issuer_in_sentence(s, u, gov)},
            {"number", number_line(s, "")},
            {"place_date", date_line(s.place, today_local())},
            {"signature", signature_lines(s, s.signer_title)},
            {"signer_name", s.signer_name}}}};
}

Response get_settings(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  return json_response(200, settings_json(ctx, u, effective_report_settings(ctx.store(), u)));
}

Response put_settings(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  ctx.require_write();
  Fields f(ctx.body, {"issuer_kind", "issuer_name", "abbreviation", "head_title", "signer_title", "signer_name", "place"});
  ReportSettings s;
  s.unit = u.id;
  auto kind_text = f.text("issuer_kind", true, 20);
  const std::optional<IssuerKind> kind = parse_issuer_kind(kind_text.value_or(""));
  if (kind_text && !kind) f.error("issuer_kind", "invalid_value", "Cơ quan ban hành là 'ubnd' (Uỷ ban nhân dân) hoặc 'co_quan' (cơ quan, tổ chức khác)");
  if (kind == IssuerKind::PeoplesCommittee && u.level == Level::Village)
    f.error("issuer_kind", "invalid_value", "Thôn, tổ dân phố không có Uỷ ban nhân dân; hãy chọn cơ quan, tổ chức ban hành");
  auto name = f.text("issuer_name", kind == IssuerKind::Body, 200);
  auto abbr = f.text("abbreviation", true, 20);
  if (abbr)
    for (char c : *abbr)
      if (c == ' ' || c == '/' || c == ',' || c == ';') {
        f.error("abbreviation", "invalid_value", "Chữ viết tắt không có dấu cách, '/', ',' hoặc ';' (ví dụ UBND, SKHCN)");
        break;
      }
  auto head = f.text("head_title", true, 100);
  auto title = f.text("signer_title", true, 100);
  auto signer = f.text("signer_name", false, 100);
  auto place = f.text("place", true, 100);
  f.finish();
  s.issuer_kind = kind.value_or(IssuerKind::PeoplesCommittee);
  s.issuer_name = kind == IssuerKind::Body ? *name : "";
  s.abbreviation = *abbr;
  s.head_title = *head;
  s.signer_title = *title;
  s.signer_name = signer.value_or("");
  s.place = *place;
  s.saved = true;
  Store& st = ctx.store();
  Transaction tx(st.db());
  st.put_report_settings(s, ctx.caller().user_id);
  st.audit(ctx.caller().user_id, "update", "report_settings", u.id, "", ctx.body.dump());
  tx.commit();
  return json_response(200, settings_json(ctx, u, s));
}

// The document of a unit for a period as saved, or the one it would be
// (nothing saved: the default text of section I from the engine's figures).
struct Draft {
  const Unit* unit = nullptr;
  std::string code;
  Period whole;
  std::optional<ReportDocument> saved;
  ReportSettings settings;
  ReportDates dates;
  std::vector<std::string> remarks;
};

Draft draft(Ctx& ctx, const Unit& asked, const std::string& code, bool follow) {
  Draft d;
  d.code = code;
  d.whole = whole_period(code);
  d.unit = &issuing_unit(ctx, asked, d.whole, code, follow, d.remarks);
  Store& st = ctx.store();
  d.saved = st.report_document(d.unit->id, kReportForm, code);
  d.settings = effective_report_settings(st, *d.unit);
  const Date date = d.saved && d.saved->date ? *d.saved->date : today_local();
  d.dates = dates_for(ctx, *d.unit, code, d.whole, date);
  return d;
}

// A report submitted, approved or marked not reporting (issue 15) keeps its
// narrative as it was: only a draft is edited or deleted.
void refuse_unless_draft(Ctx& ctx, const Draft& d) {
  if (!d.saved) return;
  const auto state = report_state(ctx.store(), d.saved->unit, d.saved->form, d.saved->period);
  if (state && state->status != ReportStatus::Draft)
    throw ApiError{409, "report_locked", "Báo cáo không còn ở trạng thái soạn thảo",
                   "Báo cáo " + d.dates.name + " đang ở trạng thái '" + std::string(report_status_name(state->status)) +
                       "'; chỉ sửa được khi báo cáo được trả lại hoặc mở lại.",
                   {}};
}

ReportInput input_of(const Draft& d) { return {d.unit->id, d.dates, d.settings, d.saved, d.remarks, {}}; }

// The approved figures of the monthly report's period (issue 15): the
// unit's own when its report is approved, and those of its children's
// approved reports (a compiled report carries them, not live ones).
void add_frozen(Ctx& ctx, const Draft& d, ReportInput& in) {
  const ReportForm* f = report_forms().find(kReportForm);
  if (!f || !parse_form_period(*f, d.code)) return;
  std::vector<Id> ids = ctx.app.units().children_at(d.unit->id, d.dates.period.structure);
  ids.push_back(d.unit->id);
  Store& st = ctx.store();
  for (const ReportState& x : report_states(st, f->code, d.code, ids)) {
    if (!is_approved(x.status)) continue;
    auto& values = in.frozen[x.unit];
    for (const FrozenValue& v : report_values(st, x.id)) values[v.indicator] = v.value;
  }
}

std::string file_url(Id unit, const std::string& code, const char* format) {
  return "/api/v1/units/" + std::to_string(unit) + "/report?period=" + code + "&format=" + format;
}

json document_json(Ctx& ctx, const Draft& d) {
  const Unit& u = *d.unit;
  const Report rep = build_report(ctx.app, input_of(d));
  const ReportDocument* doc = d.saved ? &*d.saved : nullptr;
  const std::string generated = results_text(ctx.app, u.id, d.dates);
  json sections = json::array();
  auto all = report_sections();
  for (size_t i = 0; i < all.size(); ++i)
    sections.push_back({{"code", all[i].code},
                        {"title", all[i].title},
                        {"heading", rep.sections[i].heading},
                        {"text", doc ? doc->sections[i] : i == 0 ? generated : ""}});
  json recipients = json::array(), options = json::array();
  if (doc)
    for (const ReportRecipient& x : doc->recipients)
      recipients.push_back({{"unit_id", x.unit ? json(x.unit) : json(nullptr)}, {"name", x.name}, {"addressed", x.addressed}});
  for (const ReportRecipient& x : recipient_options(ctx.app, ctx.store(), u.id, d.dates.period.structure))
    options.push_back({{"unit_id", x.unit}, {"name", x.name}});
  return {
      {"unit", unit_json(ctx.app.units(), u.id, d.dates.period.structure)},
      {"form", kReportForm},
      {"period", d.code},
      {"period_name", d.dates.name},
      {"from", format_iso(d.dates.first)},
      {"to", format_iso(d.dates.last)},
      {"data_to", format_iso(d.dates.period.to)},
      {"running", d.dates.running},
      {"structure_date", format_iso(d.dates.period.structure)},
      {"saved", doc != nullptr},
      {"version", doc ? doc->version : 0},
      {"updated_at", doc ? json(doc->updated_at) : json(nullptr)},
      {"number", doc ? doc->number : ""},
      {"date", doc && doc->date ? json(format_iso(*doc->date)) : json(nullptr)},
      {"sections", sections},
      {"generated", {{"ket_qua", generated}}},
      {"recipients", recipients},
      {"recipient_options", options},
      {"signer",
       {{"title", doc && doc->signer_title ? *doc->signer_title : d.settings.signer_title},
        {"name", rep.signer_name},
        {"lines", rep.signature},
        {"from", doc && (doc->signer_title || doc->signer_name) ? "report" : "settings"}}},
      {"settings_saved", d.settings.saved},
      {"can_edit", can_write(ctx.caller().role)},
      {"preview",
       {{"issuer", issuer_json(rep.issuer)},
        {"number", rep.number},
        {"place_date", rep.place_date},
        {"title", rep.title},
        {"subtitle", rep.subtitle},
        {"range_text", rep.range_text},
        {"remarks", rep.remarks},
        {"addressed", rep.addressed},
        {"recipients", rep.recipients}}},
      {"files", {{"xlsx", file_url(u.id, d.code, "xlsx")}, {"docx", file_url(u.id, d.code, "docx")}, {"pdf", file_url(u.id, d.code, "pdf")}, {"csv", file_url(u.id, d.code, "csv")}}},
  };
}

Response get_document(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  return json_response(200, document_json(ctx, draft(ctx, u, ctx.params.at("period"), false)));
}

// A narrative section: text of at most kReportSectionMaxChars characters
// (code points after NFC), line breaks and tabs allowed.
std::optional<std::string> section_text(Fields& f, const nlohmann::json& v, const ReportSectionInfo& info) {
  const std::string field = "sections." + std::string(info.code);
  const std::string label = "Mục " + std::string(info.roman) + ". " + std::string(info.title);
  if (v.is_null()) return std::string();
  if (!v.is_string()) {
    f.error(field, "invalid_type", label + ": phải là chuỗi ký tự");
    return std::nullopt;
  }
  std::string s = nfc(trim(v.get<std::string>()));
  for (unsigned char c : s)
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
      f.error(field, "invalid_value", label + ": chứa ký tự điều khiển");
      return std::nullopt;
    }
  if (const size_t n = utf8_length(s); n > kReportSectionMaxChars) {
    f.error(field, "too_long", label + ": dài quá " + format_vn_number(static_cast<double>(kReportSectionMaxChars)) +
                                   " ký tự (đang có " + format_vn_number(static_cast<double>(n)) + ")");
    return std::nullopt;
  }
  return s;
}

Response put_document(Ctx& ctx) {
  const Unit& asked = ctx.unit(ctx.id_param("id"));
  ctx.require_write();
  Draft d = draft(ctx, asked, ctx.params.at("period"), false);
  const Unit& u = *d.unit;
  Fields f(ctx.body, {"number", "date", "sections", "recipients", "signer_title", "signer_name", "version"});
  ReportDocument doc = d.saved.value_or(ReportDocument{});
  doc.unit = u.id;
  doc.period = d.code;
  doc.period_from = d.dates.first;
  doc.period_to = d.dates.last;
  doc.number = f.text("number", false, 30).value_or("");
  if (doc.number.find('/') != std::string::npos)
    f.error("number", "invalid_value", "Chỉ nhập số của văn bản (ví dụ 125); phần /BC-… do hệ thống ghi");
  doc.date = f.date("date", false);
  if (doc.date && *doc.date < d.dates.first)
    f.error("date", "invalid_value", "Ngày báo cáo không được trước ngày đầu kỳ (" + format_vn(d.dates.first) + ")");
  if (doc.date && today_local() < *doc.date) f.error("date", "invalid_value", "Ngày báo cáo không được sau hôm nay");
  const auto all = report_sections();
  doc.sections = {};
  if (auto it = ctx.body.find("sections"); it != ctx.body.end() && !it->is_null()) {
    if (!it->is_object()) f.error("sections", "invalid_type", "sections phải là đối tượng mã mục → nội dung");
    else
      for (auto s = it->begin(); s != it->end(); ++s) {
        size_t i = 0;
        while (i < all.size() && all[i].code != s.key()) ++i;
        if (i == all.size()) {
          f.error("sections." + s.key(), "unknown_field", "Mục '" + s.key() + "' không có trong báo cáo");
          continue;
        }
        if (auto t = section_text(f, *s, all[i])) doc.sections[i] = *t;
      }
  }
  doc.recipients.clear();
  if (auto it = ctx.body.find("recipients"); it != ctx.body.end() && !it->is_null()) {
    const auto options = recipient_options(ctx.app, ctx.store(), u.id, d.dates.period.structure);
    if (!it->is_array()) f.error("recipients", "invalid_type", "recipients phải là danh sách nơi nhận");
    else if (it->size() > kReportRecipientsMax)
      f.error("recipients", "invalid_value", "Tối đa " + std::to_string(kReportRecipientsMax) + " nơi nhận");
    else
      for (size_t i = 0; i < it->size(); ++i) {
        const std::string at = "recipients[" + std::to_string(i) + "].";
        const nlohmann::json& x = (*it)[i];
        if (!x.is_object()) {
          f.error("recipients[" + std::to_string(i) + "]", "invalid_type", "Mỗi nơi nhận là một đối tượng {name, unit_id, addressed}");
          continue;
        }
        Fields g(x, {"unit_id", "name", "addressed"}, at);
        ReportRecipient r;
        r.name = g.text("name", true, 300).value_or("");
        r.addressed = g.boolean("addressed", false).value_or(false);
        if (auto id = g.integer("unit_id", false, 1, INT64_MAX)) {
          r.unit = *id;
          if (std::none_of(options.begin(), options.end(), [&](const ReportRecipient& o) { return o.unit == r.unit; }))
            g.error("unit_id", "invalid_value", "Đơn vị nhận phải là một cấp trên của " + u.name);
        }
        for (const FieldError& e : g.errors()) f.error(e.field, e.code, e.message);
        doc.recipients.push_back(std::move(r));
      }
  }
  doc.signer_title = f.text("signer_title", false, 100);
  doc.signer_name = f.text("signer_name", false, 100);
  if (doc.signer_title && doc.signer_title->empty()) doc.signer_title.reset();
  const auto version = f.integer("version", false, 0, INT64_MAX);
  f.finish();
  refuse_unless_draft(ctx, d);
  const int64_t current = d.saved ? d.saved->version : 0;
  if (version && *version != current)
    throw conflict(current ? "Báo cáo đã được lưu lại (phiên bản " + std::to_string(current) + ") sau khi bạn mở; hãy tải lại rồi sửa tiếp"
                           : "Báo cáo này đã bị xoá sau khi bạn mở; hãy tải lại");
  Store& st = ctx.store();
  Transaction tx(st.db());
  st.put_report_document(doc, ctx.caller().user_id);
  st.audit(ctx.caller().user_id, d.saved ? "update" : "create", "report", doc.id, "", ctx.body.dump());
  tx.commit();
  Draft after = d;
  after.saved = std::move(doc);
  after.dates = dates_for(ctx, u, d.code, d.whole, after.saved->date.value_or(today_local()));
  return json_response(d.saved ? 200 : 201, document_json(ctx, after));
}

Response delete_document(Ctx& ctx) {
  const Unit& asked = ctx.unit(ctx.id_param("id"));
  ctx.require_write();
  Draft d = draft(ctx, asked, ctx.params.at("period"), false);
  if (!d.saved) throw not_found();
  refuse_unless_draft(ctx, d);
  Store& st = ctx.store();
  Transaction tx(st.db());
  st.delete_report_document(d.saved->id);
  st.audit(ctx.caller().user_id, "delete", "report", d.saved->id, "", "");
  tx.commit();
  return no_content();
}

Response list_documents(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  json items = json::array();
  for (const ReportDocument& x : ctx.store().report_documents_of(u.id)) {
    items.push_back({{"period", x.period},
                     {"form", x.form},
                     {"from", format_iso(x.period_from)},
                     {"to", format_iso(x.period_to)},
                     {"number", x.number},
                     {"date", x.date ? json(format_iso(*x.date)) : json(nullptr)},
                     {"version", x.version},
                     {"updated_at", x.updated_at}});
  }
  return json_response(200, {{"unit_id", u.id}, {"items", items}});
}

Response report_file(Ctx& ctx) {
  const Unit& asked = ctx.unit(ctx.id_param("id"));
  auto period = ctx.query("period");
  if (!period) throw bad_query("Thiếu tham số 'period' (2022-05, 2022-Q2 hoặc 2022)");
  const std::string format = ctx.query("format").value_or("xlsx");
  if (format != "xlsx" && format != "csv" && format != "docx" && format != "pdf")
    throw bad_query("'format' là 'xlsx', 'docx', 'pdf' hoặc 'csv'");
  const Draft d = draft(ctx, asked, *period, true);
  ReportInput in = input_of(d);
  add_frozen(ctx, d, in);
  const Report rep = build_report(ctx.app, in);
  Response r;
  if (format == "csv") {
    r.content_type = "text/csv; charset=utf-8";
    r.body = report_csv(rep);
  } else if (format == "docx") {
    r.content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    r.body = report_docx(rep);
  } else if (format == "pdf") {
    // The .docx (the official layout) converted by LibreOffice once the
    // request's locks are released (io/report_pdf.h).
    r.content_type = "application/pdf";
    r.after_locks = [docx = report_docx(rep)](Response& out) {
      try {
        out.body = docx_to_pdf(docx);
      } catch (const PdfError& e) {
        if (e.kind == PdfError::Kind::Failed) throw;
        ApiError busy{503, e.kind == PdfError::Kind::Busy ? "pdf_busy" : "pdf_unavailable", "Chưa tạo được tệp PDF",
                      e.kind == PdfError::Kind::Busy
                          ? "Máy chủ đang tạo một tệp PDF khác; hãy thử lại sau ít giây (hoặc tải tệp .docx)."
                          : "Máy chủ chưa cài LibreOffice để tạo tệp PDF; hãy tải tệp .docx hoặc .xlsx.",
                      {}};
        if (e.kind == PdfError::Kind::Busy) busy.retry_after = 5;
        throw busy;
      }
    };
  } else {
    r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r.body = report_xlsx(rep);
  }
  r.headers.emplace_back("Content-Disposition", content_disposition(rep.file_name, rep.file_title, format));
  return r;
}

}  // namespace

void add_report_routes(Router& r) {
  r.add("GET", "/api/v1/units/{id}/report", report_file, Access::Session, Work::Files);  // Files: ?format=pdf only
  r.add("GET", "/api/v1/units/{id}/reports", list_documents);
  r.add("GET", "/api/v1/units/{id}/reports/{period}", get_document);
  r.add("PUT", "/api/v1/units/{id}/reports/{period}", put_document);
  r.add("DELETE", "/api/v1/units/{id}/reports/{period}", delete_document);
  r.add("GET", "/api/v1/units/{id}/report-settings", get_settings);
  r.add("PUT", "/api/v1/units/{id}/report-settings", put_settings);
}

}  // namespace langso
