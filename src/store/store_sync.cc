// Offline sync's tables (migration 11; domain/sync.h, http/api_sync.cc).
#include "store/store.h"
#include "store/values.h"

namespace langso {

std::optional<Store::SyncEntry> Store::find_sync_entry(Id user, const std::string& key) {
  auto r = db_->query_one("SELECT request_hash, result, entity_id FROM sync_entries WHERE user_id = ? AND idem_key = ?",
                          {user, key});
  if (!r) return std::nullopt;
  return SyncEntry{r->str(0), r->str(1), r->opt_i64(2).value_or(0)};
}

void Store::insert_sync_entry(Id user, const std::string& key, const SyncEntry& e, std::string_view kind,
                              std::optional<int64_t> device_at) {
  db_->exec(
      "INSERT INTO sync_entries(user_id, idem_key, request_hash, kind, entity_id, result, device_at, received_at) "
      "VALUES (?,?,?,?,?,?,?,?)",
      {user, key, e.request_hash, std::string(kind), e.entity_id ? Value(e.entity_id) : null_value(), e.result_json,
       opt_value(device_at), now_seconds()});
}

void Store::insert_sync_conflict(const SyncConflictRow& c) {
  db_->exec(
      "INSERT INTO sync_conflicts(user_id, unit_id, commune_id, entity, entity_id, field, base_value, mine, theirs, "
      "idem_key, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
      {c.user, c.unit, c.commune, c.entity, c.entity_id, c.field, c.base_json, c.mine_json, c.theirs_json, c.key,
       now_seconds()});
}

std::vector<Store::SyncConflictRow> Store::sync_conflicts(Id user, const std::vector<Id>& villages, size_t limit) {
  std::vector<SyncConflictRow> out;
  if (!user && villages.empty()) return out;
  std::string sql =
      "SELECT id, user_id, unit_id, commune_id, entity, entity_id, field, base_value, mine, theirs, idem_key, "
      "created_at FROM sync_conflicts WHERE ";
  std::vector<Value> params;
  if (user) {
    sql += "user_id = ?";
    params.push_back(user);
  } else {
    // A commune has tens of villages, never kRowsPerStatement.
    sql += "unit_id IN " + placeholder_rows(1, villages.size());
    params.assign(villages.begin(), villages.end());
  }
  sql += " ORDER BY id DESC LIMIT " + std::to_string(limit);
  for (const Row& r : db_->query(sql, params))
    out.push_back({r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.str(4), r.i64(5), r.str(6), r.str(7), r.str(8), r.str(9),
                   r.str(10), r.i64(11)});
  return out;
}

static const std::string kRegisterEntitiesSql = sql_word_list(kRegisterJournalEntities);

std::vector<ChangeRecord> Store::sync_journal(int64_t after, int64_t since, size_t limit) {
  std::vector<ChangeRecord> out;
  for (const Row& r : db_->query(
           "SELECT id, entity, entity_id, before_json, after_json, origin FROM audit_log "
           "WHERE (id > ? OR at >= ?) AND (entity IN " + kRegisterEntitiesSql + " OR entity IN ('activity','team','member')) "
           "ORDER BY id LIMIT " +
               std::to_string(limit),
           {after, since}))
    out.push_back({r.i64(0), r.str(1), r.i64(2), r.str(3), r.str(4), r.str(5)});
  return out;
}

}  // namespace langso
