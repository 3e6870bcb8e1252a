// The 2025 reorganisation: the published lists' reader (io/reform2025.h) and
// the importer (io/reorg_import.h) on arbitrary text. The input is split at
// NUL bytes into the mapping, the 2025 communes list and the provinces list;
// they are applied to a small legacy structure in a SQLite database in memory
// (three provinces, four districts, four communes of the GSO importer's test
// and two villages of Xã Hoà Mục). Checks the importer's contract: a rejected
// import writes nothing, and after one that succeeded a second run of the
// same lists changes nothing and counts every row as already applied.
#include <memory>

#include "check.h"
#include "io/gso_import.h"
#include "io/reorg_import.h"
#include "snapshot.h"

using namespace langso;

namespace {

const char* kCommunes =
    "Mã,Tên,Tên Tiếng Anh,Cấp,Mã QH,Quận Huyện,Mã TP,Tỉnh / Thành Phố\r\n"
    "02086,Thị trấn Đồng Tâm,,Thị trấn,065,Huyện Chợ Mới,06,Tỉnh Bắc Kạn\r\n"
    "02098,Xã Hoà Mục,Hoa Muc Commune,Xã,065,Huyện Chợ Mới,06,Tỉnh Bắc Kạn\r\n"
    "01834,Phường Nguyễn Thị Minh Khai,,Phường,058,Thành Phố Bắc Kạn,06,Tỉnh Bắc Kạn\r\n"
    "00001,Phường Phúc Xá,,Phường,001,Quận Ba Đình,01,Thành phố Hà Nội\r\n";
const char* kDistricts =
    "Mã,Tên,Tên Tiếng Anh,Cấp,Mã TP,Tỉnh / Thành Phố\r\n"
    "065,Huyện Chợ Mới,,Huyện,06,Tỉnh Bắc Kạn\r\n"
    "498,Huyện Lý Sơn,,Huyện,51,Tỉnh Quảng Ngãi\r\n";

std::unique_ptr<Store> legacy_structure() {
  auto s = open_store(":memory:");
  ImportReport r = import_gso_units(*s, {kCommunes, kDistricts});
  FUZZ_CHECK(r.errors.empty());
  Id hoa_muc = 0;
  for (const Unit& u : s->load_units())
    if (u.code == "02098") hoa_muc = u.id;
  for (const char* name : {"Thôn Nà Pầu", "Thôn Bản Lắc"}) {
    Id v = s->insert_unit({0, "", name, "thon", Level::Village, {}});
    s->insert_link({v, hoa_muc, {}});
  }
  return s;
}

std::unique_ptr<Store> store;
std::string pristine;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!store) {
    store = legacy_structure();
    pristine = fuzz::snapshot(*store);
  }
  const std::vector<std::string> files = fuzz::parts(data, size, 3);
  Reform2025Lists lists = read_reform2025(files[0], files.size() > 1 ? files[1] : "", files.size() > 2 ? files[2] : "");
  for (const LegacyMapping& m : lists.mapping) {
    FUZZ_CHECK(m.new_ward_code.size() == 5 && m.new_province_code.size() == 2);
    FUZZ_CHECK(m.line >= 2);
  }
  ReorgReport r = import_reorganisation(*store, lists);
  const std::string after = fuzz::snapshot(*store);
  if (!r.errors.empty()) {
    FUZZ_CHECK(after == pristine);
    return 0;
  }
  ReorgReport again = import_reorganisation(*store, lists);
  FUZZ_CHECK(again.errors.empty());
  FUZZ_CHECK(again.rows_already_applied == again.rows);
  FUZZ_CHECK(fuzz::snapshot(*store) == after);
  if (after != pristine) store.reset();  // the next input starts from the legacy structure again
  return 0;
}
