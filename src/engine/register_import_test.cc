// Importing a village's register (engine/register_import.h): the engine's
// counts after an import equal a count of what the database holds, both for
// a village that had no household before (counted from the rows just
// written, App::refresh_register with the rows) and for one that had (counted again from the
// database).
#include "engine/register_import.h"

#include <gtest/gtest.h>

#include "auth/crypto.h"
#include "io/demo.h"
#include "util/date.h"

namespace langso {

namespace {

// The villages alive today, with and without households.
std::vector<std::pair<Id, bool>> villages_today(App& app, Date today) {
  std::vector<std::pair<Id, bool>> out;
  for (Id root : app.units().roots_at(today))
    app.units().for_each_descendant(root, today, [&](const Unit& u) {
      if (u.level == Level::Village) out.push_back({u.id, !app.store().households_of_unit(u.id, today).empty()});
    });
  return out;
}

// A list of `n` households of three: two adults and a child, some with
// fibre, statuses gained on dates in 2021-2025, one adult with an end date.
std::vector<ImportHousehold> a_list(const StatusCatalog& statuses, int n, int first_house) {
  std::vector<ImportHousehold> out;
  size_t line = 2;
  for (int i = 0; i < n; ++i) {
    ImportHousehold ih;
    ih.line = line;
    ih.h.hamlet = "Xóm Thử";
    ih.h.house_number = std::to_string(first_house + i);
    ih.h.fibre = i % 3 == 0;
    ih.has_fibre = true;
    for (int k = 0; k < 3; ++k) {
      ImportPerson ip;
      ip.line = line++;
      ip.head = k == 0;
      ip.r.full_name = "Hoàng Văn Thử " + std::to_string(first_house + i) + " " + std::to_string(k);
      ip.r.birth_year = k == 2 ? 2015 : 1960 + (i * 7 + k * 13) % 45;
      ip.r.birth_date = date_from_ymd(ip.r.birth_year, 1 + static_cast<unsigned>(i % 12), 1 + static_cast<unsigned>(k * 9));
      ip.r.sex = k == 1 ? "nu" : "nam";
      if (k == 1 && i % 5 == 4) ip.r.ended_on = date_from_ymd(2024, 6, 1);
      for (size_t t = 0; t < statuses.types().size(); ++t) {
        if ((i + k + static_cast<int>(t)) % 3 == 0) continue;
        CitizenStatus st;
        st.type = statuses.types()[t].code;
        st.gained_on = date_from_ymd(2021 + static_cast<int>((i + t) % 5), 3, 10);
        if (st.gained_on < *ip.r.birth_date) st.gained_on = *ip.r.birth_date;
        ip.statuses.push_back(st);
      }
      ih.persons.push_back(std::move(ip));
    }
    out.push_back(std::move(ih));
  }
  return out;
}

}  // namespace

TEST(RegisterImport, TheEngineCountsWhatTheDatabaseHoldsAfterAnImport) {
  crypto_init();
  App app(open_store(":memory:"));
  app.use_cccd_key(CccdKey::random());
  seed_demo(app, "demo1234");
  const Date today = today_local();
  Id empty = 0, registered = 0, other = 0;
  for (auto [v, has] : villages_today(app, today)) {
    if (!has && !empty) empty = v;
    else if (!has && !other) other = v;
    if (has && !registered) registered = v;
  }
  ASSERT_NE(empty, 0);
  ASSERT_NE(registered, 0);
  ASSERT_EQ(app.engine().counts_of(empty), nullptr);

  // A village with no household before: counted from the rows written.
  const RegisterImportResult first = import_register(app, empty, a_list(app.statuses(), 40, 1), 1, false);
  ASSERT_TRUE(first.errors.empty());
  EXPECT_EQ(first.persons_created, 120);
  ASSERT_NE(app.engine().counts_of(empty), nullptr);
  EXPECT_FALSE(app.engine().counts_of(empty)->empty());
  EXPECT_TRUE(app.register_agrees(app.store(), empty));

  // More households in the same village, and a village that had a register:
  // both counted again from the database.
  const RegisterImportResult more = import_register(app, empty, a_list(app.statuses(), 10, 100), 1, false);
  ASSERT_TRUE(more.errors.empty());
  EXPECT_EQ(more.persons_created, 30);
  EXPECT_TRUE(app.register_agrees(app.store(), empty));
  const RegisterImportResult into = import_register(app, registered, a_list(app.statuses(), 10, 500), 1, false);
  ASSERT_TRUE(into.errors.empty());
  EXPECT_TRUE(app.register_agrees(app.store(), registered));

  // The check itself sees a difference: the engine told of only half the list.
  ASSERT_NE(other, 0);
  ASSERT_TRUE(import_register(app, other, a_list(app.statuses(), 6, 1), 1, false).errors.empty());
  ASSERT_TRUE(app.register_agrees(app.store(), other));
  Store::RegisterRows half = app.store().register_rows(other);
  half.people.resize(half.people.size() / 2);
  app.refresh_register(other, half);
  EXPECT_FALSE(app.register_agrees(app.store(), other));
}

}  // namespace langso
