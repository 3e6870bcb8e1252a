// The GSO unit-list importer (io/gso_import.h) on arbitrary text: one or two
// files (the input split at a NUL byte: the communes export, then the
// districts export), imported into an empty SQLite database in memory. Checks
// the importer's contract: a file with any bad row writes nothing, and after
// an import that succeeded a second run of the same files changes nothing.
#include <memory>

#include "check.h"
#include "io/gso_import.h"
#include "snapshot.h"

using namespace langso;

static std::unique_ptr<Store> store;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!store) store = open_store(":memory:");
  const std::string empty = fuzz::snapshot(*store);
  const std::vector<std::string> files = fuzz::parts(data, size, 2);
  ImportReport r = import_gso_units(*store, files);
  const std::string after = fuzz::snapshot(*store);
  if (!r.errors.empty()) {
    FUZZ_CHECK(after == empty);
    return 0;
  }
  FUZZ_CHECK((after == empty) == (r.provinces_created + r.districts_created + r.communes_created + r.renamed == 0));
  ImportReport again = import_gso_units(*store, files);
  FUZZ_CHECK(again.errors.empty());
  FUZZ_CHECK(again.provinces_created + again.districts_created + again.communes_created + again.renamed == 0);
  FUZZ_CHECK(fuzz::snapshot(*store) == after);
  if (after != empty) store.reset();  // the next input starts from an empty database again
  return 0;
}
