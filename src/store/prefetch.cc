#include "store/prefetch.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <thread>
#include <vector>

namespace langso {

void prefetch_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  struct stat st {};
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  if (::fstat(fd, &st) != 0 || pages <= 0 || page <= 0 || st.st_size > pages / 2 * page) {
    ::close(fd);  // before SQLite has opened the file: no lock to lose yet
    return;
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  // The descriptor is never closed. POSIX advisory locks belong to the
  // process, and closing any descriptor of a file drops every lock the
  // process holds on it — SQLite's included. Closed while the server's
  // connections were open, it let another process that closed the database
  // (langso backup, user add, sqlite3) believe it was the last one, and
  // delete the write-ahead log under the running server.
  std::thread([fd] {
    std::vector<char> buf(4 << 20);
    while (::read(fd, buf.data(), buf.size()) > 0) {
    }
  }).detach();
}

}  // namespace langso
