// The one way the API reports an error: throw ApiError; the router turns it
// into application/problem+json with a stable code and a Vietnamese message.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/field_error.h"

namespace langso {

struct ApiError {
  int status;
  std::string code;
  std::string title;
  std::string detail;
  std::vector<FieldError> errors;
  int retry_after = 0;

  nlohmann::json to_json() const;
};

ApiError not_found();
ApiError unauthenticated();  // no valid session
ApiError forbidden(std::string detail = "Vai trò của bạn không được phép thực hiện thao tác này");
ApiError bad_query(std::string detail);
ApiError conflict(std::string detail);
ApiError validation(std::vector<FieldError> errors);
ApiError db_unavailable();   // 503 with Retry-After: the database is away, locked or full
ApiError internal_error();   // 500: a fault of ours (logged)
// 429: too many failed log-ins (or current-password checks); wait seconds.
ApiError login_locked(int64_t wait);

}  // namespace langso
