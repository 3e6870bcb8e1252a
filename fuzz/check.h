// What the harnesses share: a property check that stops the fuzzer like a
// crash (libFuzzer saves the input as crash-<sha1>), and the input as text.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#define FUZZ_CHECK(cond)                                                                 \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

namespace langso::fuzz {

inline std::string text(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }

// Splits the input at NUL bytes into at most n parts (the harnesses that read
// several files take them this way; the seeds hold them so).
inline std::vector<std::string> parts(const uint8_t* data, size_t size, size_t n) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < size; ++i)
    if (data[i] == 0 && out.size() < n) out.emplace_back();
    else out.back().push_back(static_cast<char>(data[i]));
  return out;
}

}  // namespace langso::fuzz
