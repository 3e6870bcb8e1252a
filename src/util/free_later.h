// Large structures freed off a request's path. A request that built hundreds
// of thousands of small objects (an import's rows: cells, JSON fields, names)
// spends tens of milliseconds in free() when they go out of scope: 15,000
// persons' rows take 20–35 ms, a sixth of the import. free_later() takes them
// over and frees them on a short-lived thread of its own, so the answer does
// not wait for that.
// Contract: the values are moved in; nothing may use them afterwards, and
// their destructors must touch nothing but their own memory (plain data,
// strings, containers; pointers into other objects are fine, they are not
// followed). Without a thread to be had they are freed at once, here.
#pragma once
#include <memory>
#include <system_error>
#include <thread>
#include <tuple>
#include <type_traits>

namespace langso {

template <class... T>
void free_later(T&&... values) {
  static_assert((!std::is_lvalue_reference_v<T> && ...), "free_later takes its values moved in");
  auto bundle = std::make_unique<std::tuple<std::decay_t<T>...>>(std::move(values)...);
  try {
    std::thread([b = std::move(bundle)]() mutable { b.reset(); }).detach();
  } catch (const std::system_error&) {
    // The lambda, and with it the bundle, is freed as the exception leaves.
  }
}

}  // namespace langso
