#include "store/store_plan_files.h"

#include "store/values.h"
#include "util/base64.h"

#include <stdexcept>

namespace langso {

static PlanFile plan_file_from(const Row& r, bool content) {
  PlanFile f;
  f.id = r.i64(0);
  f.plan = r.i64(1);
  f.task = r.opt_i64(2).value_or(0);
  f.name = r.str(3);
  f.content_type = r.str(4);
  f.size = r.i64(5);
  f.uploaded_by = r.opt_i64(6).value_or(0);
  f.uploaded_at = r.i64(7);
  if (content) {
    // Bytes that no longer decode to what was stored are never served as an
    // empty or short file: the read fails (a 500 the operators see in the log).
    auto bytes = base64_decode(r.str(8));
    if (!bytes || static_cast<int64_t>(bytes->size()) != f.size)
      throw std::runtime_error("plan_files " + std::to_string(f.id) + ": the stored bytes are damaged");
    f.content = std::move(*bytes);
  }
  return f;
}

static constexpr const char* kColumns = "id, plan_id, task_id, name, content_type, size, uploaded_by, uploaded_at";

Id insert_plan_file(Store& s, const PlanFile& f) {
  return s.db().insert(
      "INSERT INTO plan_files(plan_id, task_id, name, content_type, size, content, uploaded_by, uploaded_at) "
      "VALUES (?,?,?,?,?,?,?,?)",
      {f.plan, f.task ? Value(f.task) : null_value(), f.name, f.content_type, static_cast<int64_t>(f.content.size()),
       base64_encode(f.content), f.uploaded_by ? Value(f.uploaded_by) : null_value(),
       f.uploaded_at ? f.uploaded_at : now_seconds()});
}

std::optional<PlanFile> get_plan_file(Store& s, Id id, bool content) {
  auto r = s.db().query_one(std::string("SELECT ") + kColumns + (content ? ", content" : "") + " FROM plan_files WHERE id = ?",
                            {id});
  if (!r) return std::nullopt;
  return plan_file_from(*r, content);
}

std::vector<PlanFile> plan_files_of(Store& s, Id plan) {
  std::vector<PlanFile> out;
  for (const Row& r : s.db().query(std::string("SELECT ") + kColumns + " FROM plan_files WHERE plan_id = ? ORDER BY id", {plan}))
    out.push_back(plan_file_from(r, false));
  return out;
}

}  // namespace langso
