// Force-included into engine/app.cc in the fuzz build only. clang 14 cannot
// compare a std::tuple holding a std::string with one holding a
// std::string_view through libstdc++ 12's C++20 tuple operator<=> (the
// candidate fails to substitute), which App::target's look-up in a
// std::less<> map does; g++ compiles it. These overloads are picked first.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

namespace std {
inline bool operator<(const tuple<int64_t, int, string>& a, const tuple<int64_t, int, string_view>& b) {
  return tuple<int64_t, int, string_view>(get<0>(a), get<1>(a), get<2>(a)) < b;
}
inline bool operator<(const tuple<int64_t, int, string_view>& a, const tuple<int64_t, int, string>& b) {
  return a < tuple<int64_t, int, string_view>(get<0>(b), get<1>(b), get<2>(b));
}
}  // namespace std
