// CSV reading (util/csv.h) on arbitrary bytes. Checks that reading ends, that
// line numbers only grow, and that csv_field() writes what CsvReader reads
// back: the records read, written again field by field, read the same.
#include <string>
#include <vector>

#include "check.h"
#include "util/csv.h"

using namespace langso;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string s = fuzz::text(data, size);
  std::vector<std::vector<std::string>> records;
  CsvReader csv(s);
  std::vector<std::string> f;
  size_t last_line = 0;
  while (csv.next(f)) {
    FUZZ_CHECK(csv.line() > last_line);
    FUZZ_CHECK(records.size() <= size);  // every record consumes input
    last_line = csv.line();
    records.push_back(f);
  }

  std::string written = "\xEF\xBB\xBF";  // so a field that begins with one survives
  for (const auto& rec : records) {
    for (size_t i = 0; i < rec.size(); ++i) written += (i ? "," : "") + csv_field(rec[i]);
    written += "\r\n";
  }
  CsvReader again(written);
  size_t n = 0;
  while (again.next(f)) {
    FUZZ_CHECK(n < records.size());
    // A record of one empty field is written as an empty line, which reads back the same.
    FUZZ_CHECK(f == records[n]);
    ++n;
  }
  FUZZ_CHECK(n == records.size());
  return 0;
}
