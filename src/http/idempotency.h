// Idempotency-Key on creates (households, residents, visits, plans, tasks):
// a create retried with the same key and body answers the object it made
// (200, Idempotent-Replayed: true); the same key with another body is a 409.
// The key is the caller's own (keyed by author); Store::find_keyed finds it.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "http/context.h"
#include "http/router.h"

namespace langso {

// The request's key: 400 `idempotency_key_required` without one,
// `idempotency_key_invalid` when malformed.
std::string required_idem_key(const Ctx& ctx);
// The same where a key is optional: "" without one.
std::string optional_idem_key(const Ctx& ctx);

ApiError idempotency_key_reused();

// The prior answer for a retried create (show(id) with status 200), or
// nullopt when the key is new.
template <class F>
std::optional<Response> replay(Ctx& ctx, std::string_view table, const std::string& key, const std::string& digest,
                               F&& show) {
  if (key.empty()) return std::nullopt;
  auto prior = ctx.app.store().find_keyed(table, ctx.caller().user_id, key);
  if (!prior) return std::nullopt;
  if (prior->request_hash != digest) throw idempotency_key_reused();
  Response r = show(prior->id);
  r.status = 200;
  r.headers.emplace_back("Idempotent-Replayed", "true");
  return r;
}

}  // namespace langso
