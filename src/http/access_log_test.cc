#include "http/access_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace langso {
namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<nlohmann::json> lines_of(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

class AccessLogFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/langso-access-XXXXXX";
    fd = mkstemp(tmpl);
    ASSERT_GE(fd, 0);
    path = tmpl;
  }
  void TearDown() override {
    close(fd);
    std::remove(path.c_str());
  }
  int fd = -1;
  std::string path;
};

TEST_F(AccessLogFile, OneJsonLinePerRequestAfterFlush) {
  AccessLog log(fd);
  log.request("GET", "/api/v1/units/7/scorecard", 200, 42, 5600, "127.0.0.1");
  log.request("POST", "/api/v1/activities", 201, 900, 300, "::1");
  log.request("GET", "/api/v1/\"odd\"", 404, 3, 120, "127.0.0.1");
  log.flush();
  auto lines = lines_of(read_all(path));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["level"], "info");
  EXPECT_TRUE(lines[0]["ts"].is_string());
  EXPECT_EQ(lines[0]["msg"]["path"], "/api/v1/units/7/scorecard");
  EXPECT_EQ(lines[0]["msg"]["status"], 200);
  EXPECT_EQ(lines[0]["msg"]["bytes"], 5600);
  EXPECT_EQ(lines[1]["msg"]["method"], "POST");
  EXPECT_EQ(lines[1]["msg"]["remote"], "::1");
  EXPECT_EQ(lines[2]["msg"]["path"], "/api/v1/\"odd\"");
}

TEST_F(AccessLogFile, InvalidUtf8PathIsNamedNotCopied) {
  AccessLog log(fd);
  log.request("GET", "/api/\xff\xfe", 400, 1, 10, "127.0.0.1");
  log.flush();
  auto lines = lines_of(read_all(path));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["msg"]["path"], "(invalid UTF-8)");
}

TEST_F(AccessLogFile, NothingLostWhenDestroyed) {
  {
    AccessLog log(fd);
    for (int i = 0; i < 5000; ++i) log.request("GET", "/api/v1/units/" + std::to_string(i), 200, i, 10, "127.0.0.1");
  }
  auto lines = lines_of(read_all(path));
  ASSERT_EQ(lines.size(), 5000u);
  EXPECT_EQ(lines[4999]["msg"]["path"], "/api/v1/units/4999");
}

}  // namespace
}  // namespace langso
