// The report as a .docx (WordprocessingML), which offices edit and sign: a
// zip (libzip) of a small fixed template — content types, relationships,
// styles (Times New Roman, Vietnamese), a header with the page number from
// page 2 (Decree 30/2020/NĐ-CP) — and document.xml written here: the body in
// an A4 portrait section (heading table, title, sections, Nơi nhận and
// signature table), then the appendix in an A4 landscape section, one table
// per pillar with its header row repeated on every page.
#include <zip.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "io/report.h"

namespace langso {

namespace {

constexpr const char* kContentTypes = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>)";

constexpr const char* kRootRels = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>)";

constexpr const char* kDocumentRels = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
</Relationships>)";

constexpr const char* kW = R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";

// Times New Roman 14 pt for the body (Decree 30: 13–14 pt), single spacing,
// 6 pt after a paragraph; "Bang" for the appendix's cells.
constexpr const char* kStyles = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults>
<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Doan"><w:name w:val="Đoạn văn"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="60" w:after="60" w:line="276" w:lineRule="auto"/><w:ind w:firstLine="567"/><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Muc"><w:name w:val="Mục"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/><w:ind w:firstLine="567"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Bang"><w:name w:val="Ô bảng"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="20" w:after="20"/></w:pPr><w:rPr><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>)";

constexpr const char* kSettings = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="720"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>)";

// The page number, centred in the top margin, not on the first page (titlePg).
constexpr const char* kHeader = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>)";

// A4 in twentieths of a point; Decree 30's margins: top and bottom 20 mm, left 30 mm, right 15–20 mm.
constexpr int kA4Short = 11906, kA4Long = 16838, kMm20 = 1134, kMm30 = 1701;

std::string esc(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '&') o += "&amp;";
    else if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '"') o += "&quot;";
    else if (u < 0x20 && c != '\t') o += ' ';  // not allowed in XML 1.0 (line breaks are paragraphs here)
    else o += c;
  }
  return o;
}

struct Run {
  bool bold = false, italic = false;
  int half_points = 0;  // 0: the style's
};

std::string run(std::string_view text, Run f) {
  std::string rpr;
  if (f.bold) rpr += "<w:b/><w:bCs/>";
  if (f.italic) rpr += "<w:i/><w:iCs/>";
  if (f.half_points) rpr += "<w:sz w:val=\"" + std::to_string(f.half_points) + "\"/><w:szCs w:val=\"" + std::to_string(f.half_points) + "\"/>";
  return "<w:r>" + (rpr.empty() ? "" : "<w:rPr>" + rpr + "</w:rPr>") + "<w:t xml:space=\"preserve\">" + esc(text) + "</w:t></w:r>";
}

std::string para(std::string_view text, Run f = {}, std::string_view jc = "", std::string_view style = "", std::string extra = "") {
  std::string ppr;
  if (!style.empty()) ppr += "<w:pStyle w:val=\"" + std::string(style) + "\"/>";
  ppr += extra;
  if (!jc.empty()) ppr += "<w:jc w:val=\"" + std::string(jc) + "\"/>";
  return "<w:p>" + (ppr.empty() ? "" : "<w:pPr>" + ppr + "</w:pPr>") + (text.empty() ? "" : run(text, f)) + "</w:p>";
}

std::string cell(int width, const std::string& content, std::string tcpr_extra = "") {
  return "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(width) + "\" w:type=\"dxa\"/>" + tcpr_extra + "</w:tcPr>" +
         (content.empty() ? "<w:p/>" : content) + "</w:tc>";
}

std::string table_start(const std::vector<int>& widths, bool borders) {
  int total = 0;
  for (int w : widths) total += w;
  std::string b = borders ? "single" : "nil";
  std::string x = "<w:tbl><w:tblPr><w:tblW w:w=\"" + std::to_string(total) + "\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>";
  for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"})
    x += std::string("<w:") + side + " w:val=\"" + b + "\"" + (borders ? " w:sz=\"4\" w:space=\"0\" w:color=\"000000\"" : "") + "/>";
  x += "</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>";
  for (int w : widths) x += "<w:gridCol w:w=\"" + std::to_string(w) + "\"/>";
  return x + "</w:tblGrid>";
}

std::string section(bool landscape, bool last) {
  const int w = landscape ? kA4Long : kA4Short, h = landscape ? kA4Short : kA4Long;
  std::string s = "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId3\"/>";
  if (!last) s += "<w:type w:val=\"nextPage\"/>";
  s += "<w:pgSz w:w=\"" + std::to_string(w) + "\" w:h=\"" + std::to_string(h) + "\"" + (landscape ? " w:orient=\"landscape\"" : "") + "/>";
  const int left = landscape ? kMm20 : kMm30;
  s += "<w:pgMar w:top=\"" + std::to_string(kMm20) + "\" w:right=\"" + std::to_string(kMm20) + "\" w:bottom=\"" + std::to_string(kMm20) +
       "\" w:left=\"" + std::to_string(left) + "\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>";
  if (!landscape) s += "<w:titlePg/>";
  return s + "</w:sectPr>";
}

std::string figure(double v) {
  // As the report's text shows it: 1.234, 12,5.
  return format_vn_number(v);
}

std::string document_xml(const Report& rep) {
  std::string b;
  const Run heading_bold{true, false, 24}, heading_plain{false, false, 24};
  // Heading: two columns without borders.
  const int body_width = kA4Short - kMm30 - kMm20;
  const int left_w = body_width * 38 / 100, right_w = body_width - left_w;
  std::string left, right;
  for (const HeadingLine& l : rep.issuer) left += para(l.text, l.bold ? heading_bold : heading_plain, "center");
  left += para("", {}, "center") + para(rep.number, {false, false, 26}, "center");
  right = para(kNationalHeading, heading_bold, "center") + para(kMotto, {true, false, 28}, "center") + para("") +
          para(rep.place_date, {false, true, 28}, "center");
  b += table_start({left_w, right_w}, false) + "<w:tr>" + cell(left_w, left) + cell(right_w, right) + "</w:tr></w:tbl>";

  const std::string space_before = "<w:spacing w:before=\"360\"/>";
  b += para(rep.title, {true, false, 28}, "center", "", space_before);
  b += para(rep.subtitle, {true, false, 28}, "center");
  b += para(rep.range_text, {false, true, 26}, "center");
  for (const std::string& x : rep.remarks) b += para(x, {false, true, 26}, "center");
  if (!rep.addressed.empty()) {
    b += para("");
    for (const std::string& x : rep.addressed) b += para(x, {}, "center");
  }
  b += para("");
  for (const Report::Section& s : rep.sections) {
    b += para(s.heading, {}, "", "Muc");
    if (s.paragraphs.empty()) b += para("", {}, "", "Doan");
    for (const std::string& p : s.paragraphs) b += para(p, {}, "", "Doan");
  }
  b += para("");
  // Nơi nhận and the signature, side by side.
  const int recip_w = body_width * 9 / 20, sign_w = body_width - recip_w;
  std::string rec, sig;
  for (size_t i = 0; i < rep.recipients.size(); ++i)
    rec += i == 0 ? para(rep.recipients[i], {true, true, 24}) : para(rep.recipients[i], {false, false, 22});
  for (const std::string& x : rep.signature) sig += para(x, {true, false, 28}, "center");
  for (int i = 0; i < 4; ++i) sig += para("");
  sig += para(rep.signer_name, {true, false, 28}, "center");
  b += table_start({recip_w, sign_w}, false) + "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + cell(recip_w, rec) + cell(sign_w, sig) +
       "</w:tr></w:tbl>";
  // End of the portrait section.
  b += "<w:p><w:pPr>" + section(false, false) + "</w:pPr></w:p>";

  // The appendix, landscape.
  b += para(rep.appendix_title, {true, false, 28}, "center");
  b += para(rep.appendix_subtitle, {true, false, 28}, "center");
  b += para(rep.appendix_ref, {false, true, 26}, "center");
  b += para(rep.range_text, {false, true, 26}, "center");
  const ReportTable& t = rep.table;
  const int page_w = kA4Long - 2 * kMm20, stt_w = 650, name_w = 3000;
  size_t widest = 1;
  for (const auto& g : t.groups) widest = std::max(widest, g.count);
  const int col_w = std::min(2000, static_cast<int>((page_w - stt_w - name_w) / static_cast<int>(widest)));
  const std::string head_cell = "<w:vAlign w:val=\"center\"/>";
  for (size_t gi = 0; gi < t.groups.size(); ++gi) {
    const ReportTable::Group& g = t.groups[gi];
    b += para("Bảng " + std::to_string(gi + 1) + ". " + g.name, {true, false, 26}, "", "",
              "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/>");
    std::vector<int> widths = {stt_w, name_w};
    for (size_t c = 0; c < g.count; ++c) widths.push_back(col_w);
    b += table_start(widths, true);
    b += "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>";
    b += cell(stt_w, para("STT", {true}, "center", "Bang"), head_cell) + cell(name_w, para("Đơn vị", {true}, "center", "Bang"), head_cell);
    for (size_t c = 0; c < g.count; ++c) b += cell(col_w, para(t.columns[g.first + c], {true, false, 20}, "center", "Bang"), head_cell);
    b += "</w:tr>";
    for (size_t i = 0; i < t.rows.size(); ++i) {
      const bool total = i + 1 == t.rows.size();
      b += "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
      b += cell(stt_w, para(total ? "" : std::to_string(i + 1), {}, "center", "Bang"));
      b += cell(name_w, para(t.rows[i].name, {total}, "", "Bang"));
      for (size_t c = 0; c < g.count; ++c) {
        const auto v = t.rows[i].values[g.first + c];
        b += cell(col_w, para(v ? figure(*v) : "", {total}, "right", "Bang"));
      }
      b += "</w:tr>";
    }
    b += "</w:tbl>";
  }
  b += para("");
  for (const std::string& n : rep.notes) b += para(n, {false, true, 22}, "both");
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document ") + kW + "><w:body>" + b +
         section(true, true) + "</w:body></w:document>";
}

std::string core_xml(const Report& rep) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>)") +
         esc(rep.file_title) + "</dc:title><dc:creator>langso</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>";
}

// An in-memory zip of the parts, in order.
std::string zip_parts(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (!src) throw std::runtime_error("không tạo được tệp Word");
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  auto fail = [&](const char* what) {
    if (za) zip_discard(za);
    zip_source_free(src);
    throw std::runtime_error(std::string("không tạo được tệp Word: ") + what);
  };
  if (!za) fail("zip_open_from_source");
  for (const auto& [name, data] : parts) {
    zip_source_t* s = zip_source_buffer(za, data.data(), data.size(), 0);
    if (!s || zip_file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8) < 0) {
      if (s) zip_source_free(s);
      fail(name.c_str());
    }
  }
  if (zip_close(za) < 0) fail("zip_close");
  za = nullptr;
  std::string out;
  if (zip_source_open(src) < 0) fail("zip_source_open");
  zip_source_seek(src, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  out.resize(static_cast<size_t>(std::max<zip_int64_t>(size, 0)));
  if (size > 0 && zip_source_read(src, out.data(), static_cast<zip_uint64_t>(size)) != size) {
    zip_source_close(src);
    fail("zip_source_read");
  }
  zip_source_close(src);
  zip_source_free(src);
  return out;
}

}  // namespace

std::string report_docx(const Report& rep) {
  return zip_parts({{"[Content_Types].xml", kContentTypes},
                    {"_rels/.rels", kRootRels},
                    {"word/_rels/document.xml.rels", kDocumentRels},
                    {"word/document.xml", document_xml(rep)},
                    {"word/styles.xml", kStyles},
                    {"word/settings.xml", kSettings},
                    {"word/header1.xml", kHeader},
                    {"docProps/core.xml", core_xml(rep)}});
}

}  // namespace langso
