// The official report as PDF (issue 15): the .docx the reports already write
// (io/report_docx.cc, the official layout), converted by LibreOffice
// (`soffice --headless --convert-to pdf`), so there is one layout and one
// renderer of it. docs/decisions.md ("Periodic reports") says why the server
// converts and how it is kept in bounds: one conversion at a time, its own
// LibreOffice profile and temporary directory, killed after a timeout.
#pragma once
#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

namespace langso {

struct PdfError : std::runtime_error {
  enum class Kind { Unavailable, Busy, Failed };
  PdfError(Kind k, const std::string& what) : std::runtime_error(what), kind(k) {}
  Kind kind;
};

// The PDF bytes of the .docx. Waits up to `queue` for a conversion running
// before it (else Busy), kills LibreOffice after `timeout` (Failed);
// Unavailable when soffice is not installed.
std::string docx_to_pdf(std::string_view docx, std::chrono::seconds timeout = std::chrono::seconds(90),
                        std::chrono::seconds queue = std::chrono::seconds(20));

}  // namespace langso
