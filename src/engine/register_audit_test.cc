#include "engine/register_audit.h"

#include <gtest/gtest.h>

namespace langso {

using nlohmann::json;

// An import's journal row names its ids as ranges: any ids (unsorted,
// repeated) come back as the sorted set; what a reader takes from a row it
// did not write (offline sync, another build) is refused, not guessed, and
// never more than it asked for.
TEST(RegisterAudit, IdRangesRoundTripAndRefuseWhatIsNotRanges) {
  EXPECT_EQ(id_ranges({}).dump(), "[]");
  EXPECT_EQ(id_ranges({7, 3, 4, 5, 5, 9, 10, 1}).dump(), "[[1,1],[3,5],[7,7],[9,10]]");
  std::vector<Id> many;
  for (Id id = 100; id < 15100; ++id) many.push_back(id);
  EXPECT_EQ(id_ranges(many).dump(), "[[100,15099]]");
  EXPECT_EQ(read_id_ranges(id_ranges({7, 3, 4, 5, 9, 10, 1}), 100), (std::vector<Id>{1, 3, 4, 5, 7, 9, 10}));
  EXPECT_EQ(read_id_ranges(id_ranges(many), 20000), many);
  EXPECT_EQ(read_id_ranges(id_ranges(many), 5000).size(), 5001u) << "past the limit: one more than asked, then stop";
  EXPECT_EQ(read_id_ranges(json::parse("[[1,9223372036854775807]]"), 10).size(), 11u) << "a huge range is not expanded";
  for (const char* bad : {"{}", "[1,2]", "[[2,1]]", "[[1]]", "[[1,2,3]]", "[[\"1\",2]]", "[[1.5,2]]", "[[1,2],7]", "null"})
    EXPECT_TRUE(read_id_ranges(json::parse(bad), 100).empty()) << bad;
}

TEST(RegisterAudit, AnImportRowNamesTheVillageAndIdsAndNoOne) {
  ImportJournal j;
  j.village = 41;
  j.households = j.created_households = {10, 11, 12};
  j.residents = {20, 21, 22, 5};
  j.created_residents = {20, 21, 22};
  j.created_statuses = {30, 31};
  Resident before;
  before.full_name = "Nông Thị Mây";
  before.phone = "0987000111";
  before.birth_year = 1980;
  Resident after = before;
  after.phone = "0912000222";
  j.updated.push_back({{"entity", "resident"}, {"id", 5}, {"before", resident_audit_json(before)}, {"after", resident_audit_json(after)}});
  const std::string text = import_audit(j);
  const json row = json::parse(text);
  EXPECT_EQ(row["unit_id"], 41);
  EXPECT_EQ(row["households"].dump(), "[[10,12]]");
  EXPECT_EQ(row["residents"].dump(), "[[5,5],[20,22]]");
  EXPECT_EQ(row["created"]["citizen_status"].dump(), "[[30,31]]");
  EXPECT_EQ(row["updated"][0]["before"]["birth_year"], 1980);
  EXPECT_EQ(text.find("Nông"), std::string::npos);
  EXPECT_EQ(text.find("0987"), std::string::npos);
}

}  // namespace langso
