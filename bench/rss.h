// The process's resident memory, in MB (/proc/self/status VmRSS).
#pragma once
#include <fstream>
#include <string>

namespace langso::bench {

inline long rss_mb() {
  std::ifstream in("/proc/self/status");
  std::string k;
  while (in >> k)
    if (k == "VmRSS:") {
      long kb;
      in >> kb;
      return kb / 1024;
    }
  return 0;
}

}  // namespace langso::bench
