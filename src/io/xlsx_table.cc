#include "io/xlsx_table.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "util/csv.h"

namespace langso {

struct XlsxTable::Impl {
  std::string path;
  lxw_workbook* wb = nullptr;
  lxw_worksheet* ws = nullptr;
  lxw_format *text = nullptr, *number = nullptr, *date = nullptr, *head = nullptr, *title = nullptr;
  size_t columns = 0;
};

XlsxTable::XlsxTable(const std::string& sheet, const std::string& title, std::vector<XlsxColumn> columns,
                     const XlsxHeading* heading)
    : impl_(new Impl) {
  char path[] = "/tmp/langso-list-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    delete impl_;
    throw std::runtime_error("không tạo được tệp tạm cho tệp Excel");
  }
  close(fd);
  impl_->path = path;
  lxw_workbook_options opt{};
  opt.constant_memory = LXW_TRUE;
  opt.tmpdir = const_cast<char*>("/tmp");
  impl_->wb = workbook_new_opt(path, &opt);
  if (!impl_->wb) {
    std::remove(path);
    delete impl_;
    throw std::runtime_error("không tạo được tệp Excel");
  }
  lxw_workbook* wb = impl_->wb;
  impl_->ws = workbook_add_worksheet(wb, sheet.c_str());
  lxw_worksheet* ws = impl_->ws;
  auto fmt = [&](bool bold, double size) {
    lxw_format* f = workbook_add_format(wb);
    format_set_font_name(f, "Times New Roman");
    format_set_font_size(f, size);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (bold) format_set_bold(f);
    return f;
  };
  impl_->title = fmt(true, 13);
  impl_->head = fmt(true, 11);
  format_set_text_wrap(impl_->head);
  format_set_border(impl_->head, LXW_BORDER_THIN);
  format_set_bg_color(impl_->head, 0xE7EEF7);
  impl_->text = fmt(false, 11);
  format_set_text_wrap(impl_->text);
  impl_->number = fmt(false, 11);
  format_set_num_format(impl_->number, "#,##0");
  impl_->date = fmt(false, 11);
  format_set_num_format(impl_->date, "dd/mm/yyyy");
  format_set_align(impl_->date, LXW_ALIGN_LEFT);
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
  // The heading's rows (each side's lines, the taller side wins), a blank row, then the title.
  const lxw_row_t title_row =
      heading ? static_cast<lxw_row_t>(std::max(heading->left.size(), heading->right.size()) + 1) : 0;
  const lxw_row_t header_row = title_row + 2;
  header_row_ = header_row;
  worksheet_repeat_rows(ws, header_row, header_row);
  worksheet_freeze_panes(ws, header_row + 1, 0);
  impl_->columns = columns.size();
  for (size_t c = 0; c < columns.size(); ++c)
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), columns[c].width, nullptr);
  if (heading) {
    lxw_format* plain = fmt(false, 12);
    lxw_format* bold = fmt(true, 12);
    const lxw_col_t right = static_cast<lxw_col_t>(columns.size() > 2 ? columns.size() / 2 : 1);
    for (size_t i = 0; i < std::max(heading->left.size(), heading->right.size()); ++i) {
      const lxw_row_t r = static_cast<lxw_row_t>(i);
      if (i < heading->left.size())
        worksheet_write_string(ws, r, 0, heading->left[i].text.c_str(), heading->left[i].bold ? bold : plain);
      if (i < heading->right.size())
        worksheet_write_string(ws, r, right, heading->right[i].text.c_str(), heading->right[i].bold ? bold : plain);
    }
  }
  worksheet_write_string(ws, title_row, 0, title.c_str(), impl_->title);
  for (size_t c = 0; c < columns.size(); ++c)
    worksheet_write_string(ws, header_row, static_cast<lxw_col_t>(c), columns[c].header.c_str(), impl_->head);
  if (!columns.empty())
    worksheet_autofilter(ws, header_row, 0, header_row, static_cast<lxw_col_t>(columns.size() - 1));
}

XlsxTable::~XlsxTable() {
  if (!impl_) return;
  if (impl_->wb) workbook_close(impl_->wb);
  std::remove(impl_->path.c_str());
  delete impl_;
}

void XlsxTable::row(const std::vector<XlsxCell>& cells) {
  if (!impl_->wb) throw std::logic_error("XlsxTable: finished");
  const lxw_row_t r = static_cast<lxw_row_t>(header_row_ + 1 + rows_++);
  for (size_t c = 0; c < cells.size() && c < impl_->columns; ++c) {
    const lxw_col_t col = static_cast<lxw_col_t>(c);
    if (auto* s = std::get_if<std::string>(&cells[c])) {
      worksheet_write_string(impl_->ws, r, col, s->c_str(), impl_->text);
    } else if (auto* n = std::get_if<double>(&cells[c])) {
      worksheet_write_number(impl_->ws, r, col, *n, impl_->number);
    } else if (auto* d = std::get_if<Date>(&cells[c])) {
      int y;
      unsigned m, day;
      ymd_from_date(*d, y, m, day);
      lxw_datetime dt{y, static_cast<int>(m), static_cast<int>(day), 0, 0, 0};
      worksheet_write_datetime(impl_->ws, r, col, &dt, impl_->date);
    }
  }
}

std::string XlsxTable::finish() {
  lxw_error err = workbook_close(impl_->wb);
  impl_->wb = nullptr;
  std::string bytes;
  if (err == LXW_NO_ERROR) bytes = read_file(impl_->path);
  if (err != LXW_NO_ERROR) throw std::runtime_error(std::string("không tạo được tệp Excel: ") + lxw_strerror(err));
  return bytes;
}

}  // namespace langso
