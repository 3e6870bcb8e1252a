// What a handler sees: the request, its path parameters, the caller, and the
// scope guard. The guard is the one place where a unit, team, member or user
// is checked against the caller's subtree; anything outside answers 404
// exactly as if it did not exist.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/access.h"
#include "engine/app.h"
#include "http/message.h"
#include "http/problem.h"

namespace langso {

struct Ctx {
  App& app;
  const Request& req;
  std::unordered_map<std::string, std::string> params;
  std::optional<Principal> who;  // set on every route except public ones
  std::string session_digest;
  nlohmann::json body;  // parsed for POST/PATCH
  const class Router* router = nullptr;  // the router this request came through (Router::handle_nested)

  // Path parameter as a positive id; 404 when not a number.
  Id id_param(const std::string& name) const;
  std::optional<std::string> query(const std::string& name) const;
  // A 1/0 flag of the query string (nullopt when absent); 400 when it is neither.
  std::optional<bool> flag(const std::string& name) const;
  // date= query parameter, default today; 400 when malformed or impossible.
  Date date_param(const char* name = "date") const;
  // The date a unit is looked at: the parameter when given, else `fallback`
  // (today) moved into the unit's lifetime, so a unit that ended shows as on
  // its last day and one not yet begun as on its first.
  Date date_for(const Unit& u, const char* name = "date", std::optional<Date> fallback = std::nullopt) const;
  // The structure a unit's figures are asked on (structure_date=, else
  // date_for's default from `fallback`); 400 when the unit is not part of it.
  Date structure_date(const Unit& u, Date fallback) const;
  // The date a unit's figures are as of when nothing is asked: today, or
  // the last day of a unit that ended (the first of one not yet begun).
  // Every screen's default view starts from it.
  Date as_of(const Unit& u) const { return date_for(u, nullptr); }

  const Principal& caller() const { return *who; }
  // The store this request reads: GET requests read the replica when there is
  // one (App::reads); writes, and what they check, use the primary.
  Store& store() const;
  // ---- scope guard
  bool in_scope(Id unit_id) const;
  const Unit& unit(Id id) const;  // 404 unless present and in scope
  Team team(Id id) const;
  Member member(Id id) const;
  UserRecord user(Id id) const;
  // The household register: 404 outside scope, 403 for roles that see only
  // counts (sees_register). A resident is where they live last.
  Household household(Id id) const;
  Resident resident(Id id) const;  // household_id set
  void require_register() const;
  // ---- role checks
  void require_write() const;  // 403 for team members and viewers
};

}  // namespace langso
