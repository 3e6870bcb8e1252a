// Work over a large list done in two halves at once, the second on another
// thread: the machine's second core for a large import's reading and checks
// (a province's server has two). One helper, so that every such step splits,
// falls back and puts its results back in order the same way.
//
//   in_two_halves(items, at_least, first, [&](std::span<const T> part, Out& out) { ... });
//
// `work(part, out)` is called once with all of `items` into `first` when
// there are fewer than `at_least` of them or no thread can be had; otherwise
// with the first half into `first` and, at the same time on a thread of its
// own, with the second half into a fresh Out, which is then handed to
// `merge(first, second)` (by default: appended, Out being a container).
// Contract: the two calls run concurrently, so `work` writes only its `out`
// and its part's own items, and reads nothing that another thread changes.
// An exception from either call leaves here after both have ended.
#pragma once
#include <future>
#include <iterator>
#include <span>
#include <system_error>

namespace langso {

template <class Out>
struct AppendHalves {
  void operator()(Out& first, Out& second) const {
    first.insert(first.end(), std::make_move_iterator(second.begin()), std::make_move_iterator(second.end()));
  }
};

template <class T, class Out, class Work, class Merge = AppendHalves<Out>>
void in_two_halves(std::span<const T> items, size_t at_least, Out& first, Work work, Merge merge = {}) {
  const size_t half = items.size() / 2;
  if (items.size() < at_least || half == 0) {
    work(items, first);
    return;
  }
  Out second{};
  std::future<void> other;
  try {
    other = std::async(std::launch::async, [&] { work(items.subspan(half), second); });
  } catch (const std::system_error&) {
    work(items, first);  // no thread to be had: both halves here
    return;
  }
  try {
    work(items.first(half), first);
  } catch (...) {
    other.wait();  // the thread uses `second` and `items`: it ends before they go
    throw;
  }
  other.get();
  merge(first, second);
}

}  // namespace langso
