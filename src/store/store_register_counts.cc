// The register's snapshot: each village's derived counts, saved so that a
// start need not count every person again (store.h, App::load_register).
#include "store/store.h"
#include "store/values.h"
#include "util/base64.h"

namespace langso {

static const std::string kRegisterEntities = sql_word_list(kRegisterJournalEntities);

void Store::each_saved_counts(const std::string& shape, const std::function<void(SavedCounts&)>& fn) {
  SavedCounts c;
  db_->each("SELECT village_id, as_of_id, as_of_at, counts FROM register_counts WHERE shape = ?", {shape},
            [&](const Row& r) {
              auto bytes = base64_decode(r.str(3));
              if (!bytes) return;  // not ours: the village is counted again
              c.village = r.i64(0);
              c.as_of_id = r.i64(1);
              c.as_of_at = r.i64(2);
              c.bytes = std::move(*bytes);
              fn(c);
            });
}

void Store::save_counts(const std::string& shape, const std::vector<SavedCounts>& rows) {
  constexpr size_t kPerStatement = 50;
  Transaction tx(*db_);
  const bool clear = counts_shape_ != shape;
  if (clear) db_->exec("DELETE FROM register_counts WHERE shape <> ?", {shape});
  std::vector<Value> v;
  in_statements(rows.size(), [&](size_t at, size_t n) {
    v.clear();
    for (size_t i = at; i < at + n; ++i)
      v.insert(v.end(), {rows[i].village, shape, rows[i].as_of_id, rows[i].as_of_at, base64_encode(rows[i].bytes)});
    db_->exec("INSERT INTO register_counts(village_id, shape, as_of_id, as_of_at, counts) VALUES " + placeholder_rows(n, 5) +
                  " ON CONFLICT(village_id) DO UPDATE SET shape = excluded.shape, as_of_id = excluded.as_of_id, "
                  "as_of_at = excluded.as_of_at, counts = excluded.counts "
                  "WHERE register_counts.shape <> excluded.shape OR register_counts.as_of_id <= excluded.as_of_id",
              v);
  }, kPerStatement);
  tx.commit();
  if (clear) counts_shape_ = shape;
}

static ChangeRecord change_from(const Row& r) {
  ChangeRecord c{r.i64(0), r.str(1), r.i64(2), r.str(3), r.str(4), r.str(5)};
  c.at = r.i64(6);
  return c;
}

std::vector<ChangeRecord> Store::register_changes_after(int64_t after, size_t limit) {
  std::vector<ChangeRecord> out;
  db_->each("SELECT id, entity, entity_id, before_json, after_json, origin, at FROM audit_log "
                        "WHERE id > ? AND entity IN " + kRegisterEntities + " ORDER BY id LIMIT " + std::to_string(limit),
            {after}, [&](const Row& r) { out.push_back(change_from(r)); });
  return out;
}

std::vector<ChangeRecord> Store::register_changes_since(int64_t since, int64_t up_to) {
  std::vector<ChangeRecord> out;
  db_->each("SELECT id, entity, entity_id, before_json, after_json, origin, at FROM audit_log "
                        "WHERE at >= ? AND id <= ? AND entity IN " + kRegisterEntities + " ORDER BY id",
            {since, up_to}, [&](const Row& r) { out.push_back(change_from(r)); });
  return out;
}

}  // namespace langso
