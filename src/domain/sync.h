// Offline sync (issue 13): what a phone sends after working without a
// connection, and the rules the server applies to it — no I/O.
//
// A phone keeps an outbox of changes, each with its own idempotency key, and
// a cursor. POST /api/v1/sync takes at most kMaxSyncEntries of them at a time,
// applies each through the route that makes the same change online, and
// answers what changed in the user's area since the cursor.
//
// Concurrent edits of one household or person are merged field by field
// against the values the phone started from (its base): a field only the
// phone changed is applied; a field changed on both sides to different values
// keeps the value synced first, and the other is recorded as a conflict.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/unit.h"

namespace langso {

inline constexpr size_t kMaxSyncEntries = 50;
// Journal rows read for one incremental answer; past it the answer is the
// whole area again (a phone away for months gets a fresh copy, not a replay).
inline constexpr size_t kMaxSyncJournalRows = 5000;
// How far behind its own time a cursor re-reads the journal: a write whose
// transaction began before the cursor was made but committed after it
// (PostgreSQL ids commit out of order) is still sent, at the cost of
// re-sending a few rows the phone already has (upserts, so harmless).
inline constexpr int64_t kSyncOverlapSeconds = 60;

// The kinds of outbox entries.
enum class SyncKind { ActivityCreate, VisitCreate, HouseholdCreate, HouseholdEdit, PersonCreate, PersonEdit, PersonStatus };
// "activity.create", "visit.create", "household.create", "household.edit",
// "person.create", "person.edit", "person.status".
std::optional<SyncKind> parse_sync_kind(std::string_view code);
std::string_view sync_kind_code(SyncKind k);
bool is_edit(SyncKind k);

// Bound to one user and one area (the village of a member, the commune or
// village an officer asked for). Not a secret: the server checks the user
// and the area against the caller's scope on every sync; the check sum only
// tells a damaged cursor from a real one.
struct SyncCursor {
  Id user = 0;
  Id area = 0;
  int64_t journal = 0;  // the last journal (audit_log) id the phone has seen
  int64_t at = 0;       // the server's time (Unix seconds) when it was made
};
std::string encode_cursor(const SyncCursor& c);
std::optional<SyncCursor> decode_cursor(std::string_view text);

// The fields an edit may change, by kind (household.edit, person.edit).
const std::vector<std::string>& editable_fields(SyncKind k);

struct FieldConflict {
  std::string field;
  nlohmann::json base, mine, theirs;  // theirs: the value kept (synced first)
};
struct FieldMerge {
  nlohmann::json apply = nlohmann::json::object();  // field → the phone's value, to write
  std::vector<FieldConflict> conflicts;
  std::vector<std::string> unchanged;  // already the phone's value
};
// Field by field: `current` is the record now, `base` the values the phone
// started from, `mine` the phone's new values (only the fields it changed).
// A field missing from `base` is compared as if the phone had started from
// the current value (it is applied).
FieldMerge merge_fields(const nlohmann::json& current, const nlohmann::json& base, const nlohmann::json& mine);

// The Vietnamese label of a field for conflict lists ("Số điện thoại").
std::string_view sync_field_label(std::string_view field);

}  // namespace langso
