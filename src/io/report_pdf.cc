#include "io/report_pdf.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

extern char** environ;

namespace langso {

namespace fs = std::filesystem;

namespace {

std::timed_mutex one_at_a_time;

bool on_path(const std::string& cmd) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string d; std::getline(dirs, d, ':');)
    if (!d.empty() && ::access((d + "/" + cmd).c_str(), X_OK) == 0) return true;
  return false;
}

// The process's LibreOffice profile (created by the first conversion, reused: a fresh one costs seconds).
const fs::path& work_root() {
  static const fs::path root = fs::temp_directory_path() / ("langso-pdf-" + std::to_string(::getpid()));
  return root;
}

}  // namespace

std::string docx_to_pdf(std::string_view docx, std::chrono::seconds timeout, std::chrono::seconds queue) {
  if (!on_path("soffice"))
    throw PdfError(PdfError::Kind::Unavailable, "LibreOffice (soffice) is not installed on the server");
  std::unique_lock lock(one_at_a_time, std::defer_lock);
  if (!lock.try_lock_for(queue)) throw PdfError(PdfError::Kind::Busy, "another PDF conversion is running");
  const fs::path root = work_root(), job = root / "job", profile = root / "profile";
  std::error_code ec;
  fs::remove_all(job, ec);
  fs::create_directories(job);
  fs::create_directories(profile);
  const fs::path in = job / "bao-cao.docx", out = job / "bao-cao.pdf";
  {
    std::ofstream f(in, std::ios::binary);
    f.write(docx.data(), static_cast<std::streamsize>(docx.size()));
    if (!f) throw PdfError(PdfError::Kind::Failed, "cannot write " + in.string());
  }
  const std::string env_arg = "-env:UserInstallation=file://" + profile.string();
  const std::string outdir = job.string(), input = in.string();
  std::vector<const char*> argv{"soffice", "--headless", "--norestore", "--nologo", "--nodefault",
                                env_arg.c_str(), "--convert-to", "pdf", "--outdir", outdir.c_str(), input.c_str(), nullptr};
  // Its own environment: HOME in the job's profile, nothing else of ours.
  const std::string home = "HOME=" + profile.string();
  const char* path = std::getenv("PATH");
  const std::string path_var = std::string("PATH=") + (path ? path : "/usr/bin:/bin");
  std::vector<const char*> envp{home.c_str(), path_var.c_str(), "LANG=C.UTF-8", nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);  // its own group: a timeout kills its children too
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "soffice", &actions, &attr, const_cast<char* const*>(argv.data()),
                              const_cast<char* const*>(envp.data()));
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw PdfError(PdfError::Kind::Unavailable, "cannot start soffice");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) throw PdfError(PdfError::Kind::Failed, "waitpid failed");
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      fs::remove_all(job, ec);
      throw PdfError(PdfError::Kind::Failed, "LibreOffice took longer than " + std::to_string(timeout.count()) + " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::string pdf;
  {
    std::ifstream f(out, std::ios::binary);
    if (f) pdf.assign(std::istreambuf_iterator<char>(f), {});
  }
  fs::remove_all(job, ec);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || pdf.rfind("%PDF", 0) != 0)
    throw PdfError(PdfError::Kind::Failed, "LibreOffice did not write a PDF");
  return pdf;
}

}  // namespace langso
