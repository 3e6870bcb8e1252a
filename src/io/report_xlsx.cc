// The report as an .xlsx workbook: sheet "Báo cáo" holds the body on A4
// portrait (heading, title, sections, Nơi nhận and signature); sheet "Phụ
// lục" the table on A4 landscape at a readable size: the header rows and the
// STT and unit columns repeat on every page, and each pillar's indicators
// start a page width unless they fit beside the previous pillar's.
//
// Text, names included, is only ever written with worksheet_write_string or
// worksheet_merge_range (string cells), never as a formula: a unit named
// "=cmd|..." is shown, not run. Figures are numbers: whole ones with the
// format "#,##0", others "#,##0.0", so Excel shows 339 and 12,5 (a single
// "#,##0.#" would show "339,").
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "io/report.h"
#include "util/csv.h"
#include "util/text.h"

namespace langso {

namespace {

// Column widths in Excel's character units. Portrait A4 with Decree 30's
// margins (left 30 mm, right 15 mm) leaves about 16.5 cm: eight columns of 10.
constexpr int kBodyCols = 8;
constexpr double kBodyColWidth = 10;
constexpr int kBodyLeftCols = 3;  // issuer, Nơi nhận; the rest: national heading, signature
// Characters of 13 pt Times New Roman on a body line, a little under what fits.
constexpr size_t kBodyLineChars = 84;
constexpr size_t kBodyChunkChars = 1400;  // a row holds at most ~400 pt of text
constexpr double kDefaultRowPt = 15;        // a row whose height is not set
// A4's 842 pt less the top and bottom margins of 0.79 in, and a little for the footer.
constexpr double kBodyPagePt = 842 - 2 * 57 - 10;
// The appendix: landscape A4 less 2 × 12.7 mm holds the STT and unit
// columns and eight indicator columns of 12 at 100 % (Calibri's widths, or
// Carlito's in LibreOffice): 11 pt figures, 10 pt headings.
constexpr double kIndicatorColWidth = 12;
constexpr size_t kColsPerPage = 8;

// Rows a text needs at `per_line` characters a line.
size_t lines_for(const std::string& text, size_t per_line) {
  size_t lines = 0, col = 0;
  for (size_t i = 0; i < text.size();) {
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    const size_t w = utf8_length(std::string_view(text).substr(i, j - i));
    if (col == 0) col = w;
    else if (col + 1 + w <= per_line) col += 1 + w;
    else ++lines, col = w;
    i = j + 1;
  }
  return lines + 1;
}

// A long paragraph cut at spaces into pieces a row can hold.
std::vector<std::string> chunks(const std::string& text, size_t max_chars) {
  std::vector<std::string> out;
  size_t start = 0;
  while (utf8_length(std::string_view(text).substr(start)) > max_chars) {
    size_t cut = start, chars = 0;
    for (size_t i = start; i < text.size() && chars < max_chars; ++chars) {
      size_t next = i + 1;
      while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
      if (text[i] == ' ') cut = i;
      i = next;
    }
    if (cut == start) break;  // one word longer than a row: left whole
    out.push_back(text.substr(start, cut - start));
    start = cut + 1;
  }
  out.push_back(text.substr(start));
  return out;
}

class Book {
 public:
  Book() {
    char path[] = "/tmp/langso-report-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) throw std::runtime_error("không tạo được tệp tạm cho báo cáo");
    close(fd);
    path_ = path;
    wb_ = workbook_new(path_.c_str());
  }
  ~Book() {
    if (wb_) workbook_close(wb_);
    std::remove(path_.c_str());
  }
  lxw_workbook* wb() { return wb_; }
  lxw_format* fmt(double size, bool bold = false, bool italic = false, lxw_format_alignments align = LXW_ALIGN_LEFT,
                  bool border = false, bool wrap = true) {
    lxw_format* f = workbook_add_format(wb_);
    format_set_font_name(f, "Times New Roman");
    format_set_font_size(f, size);
    if (bold) format_set_bold(f);
    if (italic) format_set_italic(f);
    format_set_align(f, align);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (border) format_set_border(f, LXW_BORDER_THIN);
    if (wrap) format_set_text_wrap(f);
    return f;
  }
  std::string close_and_read() {
    lxw_error err = workbook_close(wb_);
    wb_ = nullptr;
    if (err != LXW_NO_ERROR) throw std::runtime_error(std::string("không tạo được tệp Excel: ") + lxw_strerror(err));
    return read_file(path_);
  }

 private:
  std::string path_;
  lxw_workbook* wb_ = nullptr;
};

// Merges [first, last] on one row (a single cell is written as a string).
void text(lxw_worksheet* ws, lxw_row_t r, lxw_col_t first, lxw_col_t last, const std::string& s, lxw_format* f) {
  if (first == last) worksheet_write_string(ws, r, first, s.c_str(), f);
  else worksheet_merge_range(ws, r, first, r, last, s.c_str(), f);
}

void write_body(Book& b, const Report& rep) {
  lxw_worksheet* ws = workbook_add_worksheet(b.wb(), "Báo cáo");
  worksheet_set_portrait(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_set_margins(ws, 1.18, 0.59, 0.79, 0.79);
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
  worksheet_set_footer(ws, "&C&\"Times New Roman\"&10Trang &P/&N");
  worksheet_set_column(ws, 0, kBodyCols - 1, kBodyColWidth, nullptr);
  const lxw_col_t L0 = 0, L1 = kBodyLeftCols - 1, R0 = kBodyLeftCols, R1 = kBodyCols - 1;
  std::vector<double> heights;  // of every row so far (Excel's default where none was set)
  auto set_height = [&](lxw_row_t row, double h) {
    worksheet_set_row(ws, row, h, nullptr);
    if (heights.size() <= row) heights.resize(row + 1, kDefaultRowPt);
    heights[row] = h;
  };

  lxw_format* head_bold = b.fmt(12, true, false, LXW_ALIGN_CENTER);
  lxw_format* head_plain = b.fmt(12, false, false, LXW_ALIGN_CENTER);
  lxw_format* motto = b.fmt(13, true, false, LXW_ALIGN_CENTER);
  format_set_underline(motto, LXW_UNDERLINE_SINGLE);
  lxw_format* number = b.fmt(13, false, false, LXW_ALIGN_CENTER);
  lxw_format* place = b.fmt(13, false, true, LXW_ALIGN_CENTER);
  lxw_format* title = b.fmt(14, true, false, LXW_ALIGN_CENTER);
  lxw_format* subtitle = b.fmt(14, true, false, LXW_ALIGN_CENTER);
  lxw_format* italic_center = b.fmt(13, false, true, LXW_ALIGN_CENTER);
  lxw_format* addressed = b.fmt(14, false, false, LXW_ALIGN_CENTER);
  lxw_format* section = b.fmt(13, true);
  lxw_format* para = b.fmt(13, false, false, LXW_ALIGN_JUSTIFY);
  lxw_format* recip_head = b.fmt(12, true, true);
  lxw_format* recip = b.fmt(11);
  lxw_format* sign = b.fmt(13, true, false, LXW_ALIGN_CENTER);

  auto height = [&](lxw_row_t r, const std::string& s, size_t per_line, double line_pt) {
    set_height(r, static_cast<double>(lines_for(s, per_line)) * line_pt + 3);
  };
  // Heading: issuer and number on the left, the national heading and the date line on the right.
  std::vector<std::pair<std::string, lxw_format*>> left, right = {
      {std::string(kNationalHeading), head_bold}, {std::string(kMotto), motto}, {"", nullptr}, {rep.place_date, place}};
  for (const HeadingLine& l : rep.issuer) left.push_back({l.text, l.bold ? head_bold : head_plain});
  left.push_back({"", nullptr});
  left.push_back({rep.number, number});
  lxw_row_t r = 0;
  for (size_t i = 0; i < std::max(left.size(), right.size()); ++i, ++r) {
    size_t lines = 1;
    if (i < left.size() && left[i].second) {
      text(ws, r, L0, L1, left[i].first, left[i].second);
      lines = std::max(lines, lines_for(left[i].first, 30));
    }
    if (i < right.size() && right[i].second) text(ws, r, R0, R1, right[i].first, right[i].second);
    set_height(r, static_cast<double>(lines) * 16 + 2);
  }
  ++r;
  text(ws, r, 0, R1, rep.title, title);
  set_height(r++, 20);
  text(ws, r, 0, R1, rep.subtitle, subtitle);
  height(r++, rep.subtitle, 64, 19);
  text(ws, r, 0, R1, rep.range_text, italic_center);
  height(r++, rep.range_text, kBodyLineChars, 17);
  for (const std::string& x : rep.remarks) {
    text(ws, r, 0, R1, x, italic_center);
    height(r++, x, kBodyLineChars, 17);
  }
  ++r;
  for (const std::string& x : rep.addressed) {
    text(ws, r, 0, R1, x, addressed);
    height(r++, x, 70, 19);
  }
  for (const Report::Section& s : rep.sections) {
    text(ws, r, 0, R1, s.heading, section);
    set_height(r++, 19);
    for (const std::string& p : s.paragraphs)
      for (const std::string& piece : chunks(p, kBodyChunkChars)) {
        text(ws, r, 0, R1, piece, para);
        height(r++, piece, kBodyLineChars, 17);
      }
  }
  ++r;
  // Nơi nhận and the signature stay on one page: when they would not fit
  // below the body, they start the next one (rows are never split).
  const lxw_row_t block = r;
  const size_t block_rows = std::max(rep.recipients.size(), rep.signature.size() + 5);
  double block_pt = 0;
  for (size_t i = 0; i < block_rows; ++i)
    block_pt += std::max(18.0, i < rep.recipients.size() ? static_cast<double>(lines_for(rep.recipients[i], 34)) * 14 + 3 : 18.0);
  heights.resize(block, kDefaultRowPt);
  double used = 0;
  for (double h : heights) used = used + h > kBodyPagePt ? h : used + h;
  lxw_row_t breaks[] = {block, 0};
  if (used + block_pt > kBodyPagePt && block > 0) worksheet_set_h_pagebreaks(ws, breaks);
  // Nơi nhận (left) beside the signature (right): title lines, room to sign, the name.
  std::vector<std::pair<std::string, lxw_format*>> sig;
  for (const std::string& x : rep.signature) sig.push_back({x, sign});
  for (int i = 0; i < 4; ++i) sig.push_back({"", nullptr});
  sig.push_back({rep.signer_name, sign});
  for (size_t i = 0; i < std::max(rep.recipients.size(), sig.size()); ++i, ++r) {
    if (i < rep.recipients.size()) text(ws, r, L0, L1, rep.recipients[i], i == 0 ? recip_head : recip);
    if (i < sig.size() && sig[i].second && !sig[i].first.empty()) text(ws, r, R0, R1, sig[i].first, sig[i].second);
    const size_t lines = i < rep.recipients.size() ? lines_for(rep.recipients[i], 34) : 1;
    set_height(r, std::max(18.0, static_cast<double>(lines) * 14 + 3));
  }
  worksheet_print_area(ws, 0, 0, r, R1);
}

void write_appendix(Book& b, const Report& rep) {
  const ReportTable& t = rep.table;
  lxw_worksheet* ws = workbook_add_worksheet(b.wb(), "Phụ lục");
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);
  worksheet_set_margins(ws, 0.5, 0.5, 1.1, 0.6);
  // The titles print at the top of every page; the rows above the table show them on screen.
  auto esc = [](const std::string& x) {  // '&' starts a code in a header
    std::string o;
    for (char c : x) o += c == '&' ? std::string("&&") : std::string(1, c);
    return o;
  };
  const std::string bold = "&C&\"Times New Roman,Bold\"&12" + esc(rep.appendix_title + ": " + rep.appendix_subtitle);
  std::string header = bold + "\n&\"Times New Roman,Italic\"&10" + esc(rep.appendix_ref) + "\n" + esc(rep.range_text);
  if (utf8_length(header) > 255) header = bold;  // Excel's limit
  lxw_header_footer_options hopt{};
  hopt.margin = 0.35;
  worksheet_set_header_opt(ws, header.c_str(), &hopt);
  worksheet_set_footer(ws, "&C&\"Times New Roman\"&10Trang &P/&N");

  lxw_format* title = b.fmt(13, true, false, LXW_ALIGN_LEFT, false, false);
  lxw_format* ref = b.fmt(11, false, true, LXW_ALIGN_LEFT, false, false);
  lxw_format* group = b.fmt(11, true, false, LXW_ALIGN_CENTER, true);
  format_set_bg_color(group, 0xEEEEEE);
  lxw_format* th = b.fmt(10, true, false, LXW_ALIGN_CENTER, true);
  format_set_align(th, LXW_ALIGN_VERTICAL_CENTER);
  lxw_format* td = b.fmt(11, false, false, LXW_ALIGN_LEFT, true);
  lxw_format* td_center = b.fmt(11, false, false, LXW_ALIGN_CENTER, true);
  lxw_format* total = b.fmt(11, true, false, LXW_ALIGN_LEFT, true);
  auto numfmt = [&](bool bold, bool whole) {
    lxw_format* f = b.fmt(11, bold, false, LXW_ALIGN_RIGHT, true, false);
    format_set_num_format(f, whole ? "#,##0" : "#,##0.0");
    return f;
  };
  lxw_format* num_whole = numfmt(false, true);
  lxw_format* num_dec = numfmt(false, false);
  lxw_format* total_whole = numfmt(true, true);
  lxw_format* total_dec = numfmt(true, false);
  lxw_format* note = b.fmt(10, false, true);

  const lxw_col_t ncols = static_cast<lxw_col_t>(2 + t.columns.size());
  worksheet_set_column(ws, 0, 0, 5, nullptr);
  worksheet_set_column(ws, 1, 1, 26, nullptr);
  if (ncols > 2) worksheet_set_column(ws, 2, static_cast<lxw_col_t>(ncols - 1), kIndicatorColWidth, nullptr);
  // Pillars in pieces of at most a page width ("(tiếp theo)" after the first),
  // and pages of whole pieces: a pillar starts a page unless it fits beside
  // the ones before it (the composite index and Chính quyền số share one).
  std::vector<ReportTable::Group> pieces, pages;
  for (const ReportTable::Group& g : t.groups)
    for (size_t at = 0; at < g.count; at += kColsPerPage)
      pieces.push_back({at ? g.name + " (tiếp theo)" : g.name, g.first + at, std::min(kColsPerPage, g.count - at)});
  for (const ReportTable::Group& g : pieces)
    if (!pages.empty() && pages.back().count + g.count <= kColsPerPage) pages.back().count += g.count;
    else pages.push_back({"", g.first, g.count});
  const lxw_col_t first_page_end = static_cast<lxw_col_t>(pages.empty() ? 1 : 1 + pages.front().count);

  lxw_row_t r = 0;
  text(ws, r++, 0, first_page_end, rep.appendix_title + ": " + rep.appendix_subtitle, title);
  text(ws, r++, 0, first_page_end, rep.appendix_ref, ref);
  text(ws, r++, 0, first_page_end, rep.range_text, ref);
  ++r;
  const lxw_row_t head0 = r, head1 = r + 1;
  worksheet_merge_range(ws, head0, 0, head1, 0, "STT", th);
  worksheet_merge_range(ws, head0, 1, head1, 1, "Đơn vị", th);
  for (const ReportTable::Group& g : pieces)
    text(ws, head0, static_cast<lxw_col_t>(2 + g.first), static_cast<lxw_col_t>(2 + g.first + g.count - 1), g.name, group);
  worksheet_set_row(ws, head0, 18, nullptr);
  size_t longest = 1;
  for (size_t c = 0; c < t.columns.size(); ++c) {
    worksheet_write_string(ws, head1, static_cast<lxw_col_t>(2 + c), t.columns[c].c_str(), th);
    longest = std::max(longest, lines_for(t.columns[c], 14));
  }
  worksheet_set_row(ws, head1, static_cast<double>(std::min<size_t>(longest, 9)) * 13 + 4, nullptr);
  r = head1;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    ++r;
    const bool is_total = i + 1 == t.rows.size();
    if (is_total) worksheet_write_blank(ws, r, 0, total);
    else worksheet_write_number(ws, r, 0, static_cast<double>(i + 1), td_center);
    worksheet_write_string(ws, r, 1, t.rows[i].name.c_str(), is_total ? total : td);
    for (size_t c = 0; c < t.rows[i].values.size(); ++c) {
      const auto v = t.rows[i].values[c];
      const lxw_col_t col = static_cast<lxw_col_t>(2 + c);
      if (!v) {
        worksheet_write_blank(ws, r, col, is_total ? total : td);
        continue;
      }
      const bool whole = std::fabs(*v - std::round(*v)) < 1e-9;
      worksheet_write_number(ws, r, col, *v, is_total ? (whole ? total_whole : total_dec) : (whole ? num_whole : num_dec));
    }
    if (lines_for(t.rows[i].name, 26) > 1) worksheet_set_row(ws, r, static_cast<double>(lines_for(t.rows[i].name, 26)) * 15, nullptr);
  }
  r += 2;
  // Beside the repeated columns, so that no page shows a piece of them.
  const lxw_col_t notes_from = std::min<lxw_col_t>(2, first_page_end);
  const size_t note_chars = 14 * static_cast<size_t>(first_page_end - notes_from + 1);
  for (const std::string& n : rep.notes) {
    text(ws, r, notes_from, first_page_end, n, note);
    worksheet_set_row(ws, r++, static_cast<double>(lines_for(n, note_chars)) * 14 + 2, nullptr);
  }
  worksheet_print_area(ws, head0, 0, r, static_cast<lxw_col_t>(ncols - 1));
  worksheet_repeat_rows(ws, head0, head1);
  worksheet_repeat_columns(ws, 0, 1);
  worksheet_freeze_panes(ws, head1 + 1, 2);
  // Each page width after the first starts at a break.
  std::vector<lxw_col_t> breaks;
  for (size_t g = 1; g < pages.size(); ++g) breaks.push_back(static_cast<lxw_col_t>(2 + pages[g].first));
  breaks.push_back(0);
  if (breaks.size() > 1) worksheet_set_v_pagebreaks(ws, breaks.data());
}

}  // namespace

std::string report_xlsx(const Report& rep) {
  Book b;
  write_body(b, rep);
  write_appendix(b, rep);
  return b.close_and_read();
}

}  // namespace langso
