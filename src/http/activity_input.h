// Reading an activity from JSON (single, batch and import share it) and
// writing one as JSON.
#pragma once
#include <array>
#include <string>

#include "http/context.h"
#include "http/fields.h"

namespace langso {

// The fields an activity body may carry.
inline constexpr std::array<std::string_view, 7> kActivityFields = {"team_id", "unit_id", "type", "date",
                                                                    "category", "quantities", "note"};

// 403 for roles that never log activities (viewers). Routes that log call it
// first, before the idempotency key or the body are looked at.
void require_may_log(const Ctx& ctx);
// Fills a from obj. create: every required field; otherwise only those present
// (a holds the current values). Checks bounds, dates, the team, scope and the
// caller's right to log for the team; problems go to f.
void read_activity(Ctx& ctx, Fields& f, const nlohmann::json& obj, Activity& a, bool create);
nlohmann::json activity_json(App& app, const StoredActivity& s);
// A digest of the request body, to tell a retry from a different request.
std::string body_digest(const nlohmann::json& body);
bool valid_idempotency_key(const std::string& k);

}  // namespace langso
