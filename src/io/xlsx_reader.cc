#include "io/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <cstdlib>
#include <functional>
#include <memory>

#include "util/csv.h"
#include "util/text.h"

namespace langso {

namespace {

const char* kNotXlsx = "Tệp không phải tệp Excel .xlsx hợp lệ";

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};

class Archive {
 public:
  Archive(std::string_view bytes, const XlsxLimits& limits) : limits_(limits) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (!src) throw XlsxError(kNotXlsx);
    zip_t* z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
    zip_error_fini(&err);
    if (!z) {
      zip_source_free(src);
      throw XlsxError(kNotXlsx);
    }
    zip_.reset(z);
    zip_int64_t n = zip_get_num_entries(z, 0);
    if (n < 0 || static_cast<size_t>(n) > limits.max_entries)
      throw XlsxError("Tệp Excel có quá nhiều thành phần (" + std::to_string(n) + "); không đọc");
  }

  bool has(const std::string& name) const { return zip_name_locate(zip_.get(), name.c_str(), 0) >= 0; }

  // The inflated part, read at most max_part_bytes + 1 bytes whatever the
  // directory claims (a zip bomb may lie about its sizes).
  std::string read(const std::string& name) const {
    zip_file_t* f = zip_fopen(zip_.get(), name.c_str(), 0);
    if (!f) throw XlsxError(std::string(kNotXlsx) + " (thiếu " + name + ")");
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> guard(f, zip_fclose);
    std::string out;
    char buf[65536];
    for (;;) {
      zip_int64_t got = zip_fread(f, buf, sizeof buf);
      if (got < 0) throw XlsxError(kNotXlsx);
      if (got == 0) break;
      out.append(buf, static_cast<size_t>(got));
      if (out.size() > limits_.max_part_bytes)
        throw XlsxError("Tệp Excel giải nén ra quá lớn (hơn " + std::to_string(limits_.max_part_bytes >> 20) +
                        " MB một phần); không đọc");
    }
    return out;
  }

 private:
  std::unique_ptr<zip_t, ZipCloser> zip_;
  const XlsxLimits& limits_;
};

std::string_view local_name(const XML_Char* name) {
  std::string_view n(name);
  auto colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const XML_Char* attr(const XML_Char** atts, std::string_view want) {
  for (size_t i = 0; atts[i]; i += 2)
    if (local_name(atts[i]) == want) return atts[i + 1];
  return nullptr;
}

// One expat pass over an XML part, with the callbacks of the reader using it.
// A DOCTYPE stops the parse: .xlsx parts never have one, and refusing it
// refuses every entity-expansion attack with it.
class Sax {
 public:
  std::function<void(std::string_view, const XML_Char**)> on_start;
  std::function<void(std::string_view)> on_end;
  std::function<void(std::string_view)> on_text;

  void parse(const std::string& xml) {
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> p(XML_ParserCreate("UTF-8"), XML_ParserFree);
    if (!p) throw XlsxError(kNotXlsx);
    XML_SetUserData(p.get(), this);
    XML_SetParamEntityParsing(p.get(), XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetElementHandler(p.get(), &Sax::start, &Sax::end);
    XML_SetCharacterDataHandler(p.get(), &Sax::text);
    XML_SetStartDoctypeDeclHandler(p.get(), &Sax::doctype);
    parser_ = p.get();
    if (XML_Parse(p.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE) != XML_STATUS_OK) {
      if (!error_.empty()) throw XlsxError(error_);
      throw XlsxError(std::string(kNotXlsx) + " (XML lỗi ở dòng " +
                      std::to_string(XML_GetCurrentLineNumber(p.get())) + ")");
    }
  }
  // Stops the parse with a message (from a callback).
  void fail(std::string message) {
    error_ = std::move(message);
    XML_StopParser(parser_, XML_FALSE);
  }

 private:
  static void start(void* self, const XML_Char* name, const XML_Char** atts) {
    auto* s = static_cast<Sax*>(self);
    if (s->on_start && s->error_.empty()) s->on_start(local_name(name), atts);
  }
  static void end(void* self, const XML_Char* name) {
    auto* s = static_cast<Sax*>(self);
    if (s->on_end && s->error_.empty()) s->on_end(local_name(name));
  }
  static void text(void* self, const XML_Char* t, int len) {
    auto* s = static_cast<Sax*>(self);
    if (s->on_text && s->error_.empty()) s->on_text(std::string_view(t, static_cast<size_t>(len)));
  }
  static void doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<Sax*>(self)->fail("Tệp Excel có khai báo DOCTYPE; không đọc");
  }
  XML_Parser parser_ = nullptr;
  std::string error_;
};

// The first sheet's part: workbook.xml's first <sheet r:id>, through the
// workbook's relationships; sheet1.xml when those are missing.
std::string first_sheet_path(const Archive& zip) {
  const std::string workbook = "xl/workbook.xml", rels = "xl/_rels/workbook.xml.rels";
  std::string rid;
  if (zip.has(workbook)) {
    Sax sax;
    sax.on_start = [&](std::string_view name, const XML_Char** atts) {
      if (name == "sheet" && rid.empty())
        if (const char* id = attr(atts, "id")) rid = id;
    };
    sax.parse(zip.read(workbook));
  }
  std::string target;
  if (!rid.empty() && zip.has(rels)) {
    Sax sax;
    sax.on_start = [&](std::string_view name, const XML_Char** atts) {
      const char* id = attr(atts, "Id");
      const char* t = attr(atts, "Target");
      if (name == "Relationship" && id && t && rid == id) target = t;
    };
    sax.parse(zip.read(rels));
  }
  if (target.empty()) return "xl/worksheets/sheet1.xml";
  if (target.starts_with("/")) return target.substr(1);
  return "xl/" + target;
}

std::vector<std::string> shared_strings(const Archive& zip) {
  std::vector<std::string> out;
  const std::string name = "xl/sharedStrings.xml";
  if (!zip.has(name)) return out;
  Sax sax;
  bool in_si = false, in_t = false;
  int phonetic = 0;  // <rPh> runs (furigana) are not the cell's text
  sax.on_start = [&](std::string_view n, const XML_Char**) {
    if (n == "si") in_si = true, out.emplace_back();
    else if (n == "rPh") ++phonetic;
    else if (n == "t" && in_si && !phonetic) in_t = true;
  };
  sax.on_end = [&](std::string_view n) {
    if (n == "si") in_si = false;
    else if (n == "rPh") --phonetic;
    else if (n == "t") in_t = false;
  };
  sax.on_text = [&](std::string_view t) {
    if (in_t) out.back().append(t);
  };
  sax.parse(zip.read(name));
  return out;
}

// "BC12" -> column 54 (0-based), row 12; nullopt column when malformed.
bool parse_ref(std::string_view ref, size_t& col, size_t& row) {
  size_t i = 0, c = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 4) c = c * 26 + static_cast<size_t>(ref[i++] - 'A' + 1);
  if (i == 0 || i == ref.size()) return false;
  size_t r = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9' || r > 10'000'000) return false;
    r = r * 10 + static_cast<size_t>(ref[i] - '0');
  }
  if (r == 0) return false;
  col = c - 1;
  row = r;
  return true;
}

}  // namespace

bool looks_like_zip(std::string_view bytes) { return bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

XlsxRows read_xlsx_first_sheet(std::string_view bytes, const XlsxLimits& limits) {
  if (!looks_like_zip(bytes)) throw XlsxError(kNotXlsx);
  Archive zip(bytes, limits);
  const std::vector<std::string> strings = shared_strings(zip);
  const std::string sheet = first_sheet_path(zip);

  XlsxRows rows;
  Sax sax;
  size_t row = 0, col = 0;
  std::string type, value;
  bool in_v = false, in_is_t = false, in_cell = false;
  auto too_big = [&](const char* what, size_t limit) {
    sax.fail(std::string("Tệp Excel có quá nhiều ") + what + " (hơn " + std::to_string(limit) + "); không đọc");
  };
  sax.on_start = [&](std::string_view n, const XML_Char** atts) {
    if (n == "row") {
      size_t r = rows.size() + 1;
      if (const char* ref = attr(atts, "r")) r = static_cast<size_t>(std::strtoull(ref, nullptr, 10));
      if (r < rows.size() + 1) r = rows.size() + 1;  // rows out of order: appended
      if (r > limits.max_rows) return too_big("dòng", limits.max_rows);
      rows.resize(r);
      row = r;
      col = 0;
    } else if (n == "c") {
      if (row == 0) rows.resize(row = 1);
      size_t c = col, r = row;
      if (const char* ref = attr(atts, "r")) {
        if (!parse_ref(ref, c, r)) return sax.fail(std::string(kNotXlsx) + " (ô '" + ref + "')");
      }
      if (c >= limits.max_columns) return too_big("cột", limits.max_columns);
      col = c;
      const char* t = attr(atts, "t");
      type = t ? t : "n";
      value.clear();
      in_cell = true;
    } else if (n == "v" && in_cell) {
      in_v = true;
    } else if (n == "t" && in_cell && type == "inlineStr") {
      in_is_t = true;
    }
  };
  sax.on_end = [&](std::string_view n) {
    if (n == "v") in_v = false;
    else if (n == "t") in_is_t = false;
    else if (n == "c" && in_cell) {
      in_cell = false;
      std::string text;
      if (type == "s") {
        char* end = nullptr;
        unsigned long long k = std::strtoull(value.c_str(), &end, 10);
        if (value.empty() || *end || k >= strings.size()) return sax.fail(std::string(kNotXlsx) + " (chuỗi dùng chung)");
        text = strings[k];
      } else {
        text = value;
      }
      auto& cells = rows[row - 1];
      if (!text.empty()) {
        if (cells.size() <= col) cells.resize(col + 1);
        cells[col] = std::move(text);
      }
      ++col;
    }
  };
  sax.on_text = [&](std::string_view t) {
    if (in_v || in_is_t) value.append(t);
  };
  sax.parse(zip.read(sheet));
  return rows;
}

XlsxRows csv_rows(std::string_view text) {
  XlsxRows rows;
  CsvReader r(text);
  std::vector<std::string> fields;
  while (r.next(fields)) {
    rows.resize(r.record());
    rows.back() = std::move(fields);  // next() starts it again
    fields.reserve(rows.back().size());
  }
  return rows;
}

XlsxRows read_table_file(std::string_view bytes, const XlsxLimits& limits) {
  if (looks_like_zip(bytes)) return read_xlsx_first_sheet(bytes, limits);
  if (!is_valid_utf8(bytes)) throw XlsxError("Tệp không phải .xlsx, cũng không phải .csv UTF-8");
  XlsxRows rows = csv_rows(bytes);
  if (rows.size() > limits.max_rows) throw XlsxError("Tệp có quá nhiều dòng");
  return rows;
}

}  // namespace langso
