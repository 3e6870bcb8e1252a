// langso command line: serve, import units / reorganisation, user add, gen, backup, restore, migrate.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <termios.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "auth/cccd_key.h"
#include "auth/crypto.h"
#include "auth/password_policy.h"
#include "engine/app.h"
#include "engine/commands.h"
#include "http/access_log.h"
#include "engine/notify.h"
#include "http/server.h"
#include "io/demo.h"
#include "io/gen.h"
#include "io/progress.h"
#include "io/gso_import.h"
#include "io/reorg_import.h"
#include "store/prefetch.h"
#include "engine/follower.h"
#include "store/schema.h"
#include "store/pg_db.h"
#include "store/sqlite_db.h"
#include "util/csv.h"
#include "util/text.h"

using namespace langso;

namespace {

constexpr const char* kDbHelp = "Tệp SQLite, hoặc URL PostgreSQL (postgresql://…, host=… dbname=…)";

// Backup and restore copy a SQLite file; a PostgreSQL deployment has its own tools.
void require_sqlite(const std::string& db, const char* what) {
  if (is_postgres_location(db))
    throw std::runtime_error(std::string("langso ") + what +
                             " chỉ dành cho SQLite; với PostgreSQL hãy dùng pg_dump/pg_restore (hoặc pgBackRest)");
}

std::string default_web_dir(const char* argv0) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec) exe = fs::absolute(argv0);
  for (fs::path p : {exe.parent_path().parent_path() / "web" / "dist", fs::path(LANGSO_SOURCE_DIR) / "web" / "dist"})
    if (fs::is_directory(p)) return p.string();
  return {};
}

std::string read_password() {
  if (const char* env = std::getenv("LANGSO_PASSWORD"); env && *env) return env;
  if (!isatty(STDIN_FILENO)) throw std::runtime_error("đặt mật khẩu qua biến môi trường LANGSO_PASSWORD");
  std::fprintf(stderr, "Mật khẩu: ");
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string pw;
  std::getline(std::cin, pw);
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::fprintf(stderr, "\n");
  return pw;
}

struct ServeArgs {
  std::string db, read_db, listen = "127.0.0.1:8080", web, cccd_key;
  bool demo = false;
  int threads = 2;
  std::vector<std::string> trusted_proxies;
  int max_connections = 0;
  double db_timeout = 5;      // seconds a write waits for a lock before its 503
  double connect_wait = 60;   // seconds to keep trying the database at start
  double register_save = 30;  // seconds between saves of the register's counts (App::load_register)
};

// Tries until the database answers or `wait` passes: a PostgreSQL that is
// still starting, or full (max_connections), is waited for, not given up on.
template <class F>
auto with_retries(double wait, const char* what, F open) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<int64_t>(wait * 1000));
  for (int attempt = 0;; ++attempt) {
    try {
      return open();
    } catch (const DbUnavailableError& e) {
      if (std::chrono::steady_clock::now() > deadline) throw;
      if (attempt == 0) spdlog::warn(R"({{"event":"db_wait","what":"{}","error":{}}})", what,
                                     nlohmann::json(std::string(e.what())).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min(2000, 200 * (attempt + 1))));
    }
  }
}

int serve(const ServeArgs& a, const char* argv0) {
  const std::string& db = a.db;
  auto colon = a.listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--listen phải có dạng HOST:PORT");
  ServerOptions opts;
  opts.host = a.listen.substr(0, colon);
  int port = std::stoi(a.listen.substr(colon + 1));
  if (port < 0 || port > 65535) throw std::runtime_error("cổng không hợp lệ: " + a.listen);
  opts.port = static_cast<unsigned short>(port);
  opts.web_dir = a.web.empty() ? default_web_dir(argv0) : a.web;
  opts.threads = a.threads;
  opts.max_connections = a.max_connections;
  for (const std::string& p : a.trusted_proxies) {
    auto net = parse_ip_net(p);
    if (!net) throw std::runtime_error("--trusted-proxy không phải địa chỉ IP hay mạng (CIDR): " + p);
    opts.trusted_proxies.push_back(*net);
  }
  const auto timeout = std::chrono::milliseconds(static_cast<int64_t>(a.db_timeout * 1000));
  auto t0 = std::chrono::steady_clock::now();
  if (!is_postgres_location(db)) prefetch_file(db);
  if (!a.read_db.empty() && !is_postgres_location(db))
    throw std::runtime_error("--read-db cần --db là PostgreSQL: bản sao là của cơ sở dữ liệu chính đó");
  if (!a.read_db.empty() && a.demo) throw std::runtime_error("--demo nạp dữ liệu vào cơ sở dữ liệu chính: chạy nó không kèm --read-db");
  auto store = with_retries(a.connect_wait, "primary", [&] { return open_store(db); });
  // The catalogues are seeded (or completed) on the primary, never on a replica.
  store->activity_types_json();
  store->indicator_specs();
  // Readers have a connection of their own: a write waiting on the database
  // (a lock, a full disk) never makes them wait (engine/app.h).
  auto primary_reads = with_retries(a.connect_wait, "primary", [&] { return connect_store(db); });
  const std::string origin = random_token();  // this process's journal rows, which the follower skips
  store->set_origin(origin);
  primary_reads->set_origin(origin);
  auto replica = a.read_db.empty() ? nullptr
                                   : with_retries(a.connect_wait, "replica",
                                                  [&] { return open_replica(a.read_db, std::chrono::seconds(30)); });
  // Read before loading, from where the indexes are loaded: what follows is re-applied.
  const int64_t journal = (replica ? *replica : *primary_reads).last_change_id();
  App app(std::move(store), std::move(replica), std::move(primary_reads));
  // Limits apply once the indexes are loaded (the load streams for long).
  constexpr auto kStatementLimit = std::chrono::seconds(30);
  app.set_write_wait(timeout);
  app.store().db().set_timeouts(timeout, kStatementLimit);
  app.primary_reads().db().set_timeouts(timeout, kStatementLimit);
  if (app.has_replica()) app.reader().db().set_timeouts(timeout, kStatementLimit);
  // Commits of the serving process never run a checkpoint themselves.
  if (auto* sqlite = dynamic_cast<SqliteDb*>(&app.store().db())) sqlite->checkpoint_in_background(std::chrono::milliseconds(200));
  // The CCCD digests' key (auth/cccd_key.h): outside the database, beside a
  // SQLite file unless told otherwise.
  std::string key_path = a.cccd_key;
  if (key_path.empty())
    if (const char* env = std::getenv("LANGSO_CCCD_KEY"); env && *env) key_path = env;
  if (key_path.empty()) key_path = is_postgres_location(db) ? "var/cccd.key" : db + ".cccd-key";
  app.use_cccd_key(CccdKey::load_or_create(key_path));
  const bool demo = a.demo;
  if (demo && app.units().size() == 0) {
    const char* pw = std::getenv("LANGSO_DEMO_PASSWORD");
    std::string password = pw && *pw ? pw : "demo1234";
    auto logins = seed_demo(app, password);
    std::fprintf(stderr, "Đã nạp dữ liệu demo (Huyện Chợ Mới, Tỉnh Bắc Kạn, 04/05/2022). Tài khoản demo, mật khẩu '%s':\n",
                 password.c_str());
    auto pad = [](const std::string& s, size_t width) {  // by characters, not bytes
      size_t n = utf8_length(s);
      return s + std::string(n < width ? width - n : 1, ' ');
    };
    for (auto& l : logins)
      std::fprintf(stderr, "  %s%s%s\n", pad(l.login, 11).c_str(), pad(l.role, 19).c_str(), l.unit.c_str());
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  // Other instances on the same database: their writes reach this one's indexes.
  // It also saves the register's counts, read at the next start.
  Follower follower(app, journal, std::chrono::milliseconds(250),
                    std::chrono::milliseconds(static_cast<int64_t>(a.register_save * 1000)));
  // Tasks due soon or overdue and targets at risk become notifications
  // (engine/notify.h); every instance sweeps, the dedup key records each once.
  NotificationSweeper sweeper(app, std::chrono::seconds(30), std::chrono::minutes(10));
  run_server(app, opts, [&](unsigned short p) {
    std::printf("listening on http://%s:%u\n", opts.host.c_str(), p);
    std::fflush(stdout);
    spdlog::info(R"({{"event":"ready","units":{},"startup_ms":{}}})", app.units().size(), ms);
  });
  return 0;
}

}  // namespace

// The three published files are told apart by their headers.
static int import_reorganisation_files(const std::string& db, const std::vector<std::string>& files) {
  std::string mapping, communes, provinces;
  for (const std::string& f : files) {
    std::string text = read_file(f);
    std::string head = text.substr(0, text.find('\n'));
    if (head.find("newWardCode") != std::string::npos) mapping = std::move(text);
    else if (head.find("tenhc") != std::string::npos) communes = std::move(text);
    else if (head.find("mahc") != std::string::npos) provinces = std::move(text);
    else throw std::runtime_error(f + ": không nhận ra tệp (cần bảng chuyển đổi, danh sách xã hoặc tỉnh năm 2025)");
  }
  if (mapping.empty()) throw std::runtime_error("thiếu bảng chuyển đổi xã cũ → xã mới (reform2025_legacy_to_new.csv)");
  auto t0 = std::chrono::steady_clock::now();
  auto store = open_store(db);
  ReorgReport r = import_reorganisation(*store, read_reform2025(mapping, communes, provinces));
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  if (!r.errors.empty()) {
    std::fprintf(stderr, "Không áp dụng gì: %zu dòng bị từ chối\n", r.errors.size());
    for (size_t i = 0; i < r.errors.size() && i < 50; ++i) std::fprintf(stderr, "  %s\n", r.errors[i].c_str());
    if (r.errors.size() > 50) std::fprintf(stderr, "  … và %zu dòng khác\n", r.errors.size() - 50);
    return 1;
  }
  std::printf("Đã đọc %d dòng (%d dòng đã áp dụng từ trước, 0 dòng bị từ chối) trong %lld ms\n", r.rows,
              r.rows_already_applied, static_cast<long long>(ms));
  if (r.rows_already_applied == r.rows) {
    std::printf("  Mọi dòng đã được áp dụng từ trước: không thay đổi gì.\n");
    return 0;
  }
  std::printf("  Xã cũ đã chuyển: %d, trong đó %d xã bị chia cho nhiều xã mới\n", r.legacy_communes_mapped, r.legacy_communes_split);
  std::printf("  Tỉnh mới: %d (%d tạo mới, %d giữ nguyên); tỉnh cũ kết thúc: %d; huyện kết thúc: %d\n", r.provinces,
              r.provinces_created, r.provinces_continuing, r.legacy_provinces_ended, r.legacy_districts_ended);
  std::printf("  Xã mới: %d (%d tạo mới, %d giữ nguyên); %d đơn vị có dân số/diện tích\n", r.communes, r.communes_created,
              r.communes_continuing, r.facts);
  std::printf("  Thôn chuyển theo xã: %d; thôn của xã bị chia chờ quyết định: %d; tổ cấp xã cần hợp nhất hoặc giải thể: %d\n",
              r.villages_moved, r.villages_pending, r.commune_teams_to_review);
  return 0;
}

int main(int argc, char** argv) {
  auto logger = spdlog::stderr_logger_mt("langso");
  logger->set_pattern(kLogPattern);
  spdlog::set_default_logger(logger);
  crypto_init();

  CLI::App cli{"langso — nền tảng điều hành Tổ công nghệ số cộng đồng"};
  cli.require_subcommand(1);
  cli.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("langso: lỗi: ") + e.what() + " (xem langso --help)\n";
  });
  std::string db = "var/langso.db";

  auto* serve_cmd = cli.add_subcommand("serve", "Chạy máy chủ HTTP (API và ứng dụng web)");
  ServeArgs sa;
  serve_cmd->add_option("--db", db, kDbHelp)->capture_default_str();
  serve_cmd->add_option("--read-db", sa.read_db,
                        "URL PostgreSQL của một bản sao (streaming replica): đọc và dựng chỉ mục từ đó, ghi vào --db");
  serve_cmd->add_option("--listen", sa.listen, "HOST:PORT (PORT 0: cổng bất kỳ)")->capture_default_str();
  serve_cmd->add_flag("--demo", sa.demo, "Nạp dữ liệu demo vào cơ sở dữ liệu trống");
  serve_cmd->add_option("--cccd-key", sa.cccd_key,
                        "Tệp khoá băm số CCCD, ngoài cơ sở dữ liệu (mặc định: <db>.cccd-key bên tệp SQLite, "
                        "var/cccd.key với PostgreSQL; biến LANGSO_CCCD_KEY); tạo mới nếu chưa có");
  serve_cmd->add_option("--web", sa.web, "Thư mục ứng dụng web đã build (mặc định web/dist)");
  serve_cmd->add_option("--threads", sa.threads, "Số luồng phục vụ")->check(CLI::Range(1, 64))->capture_default_str();
  serve_cmd->add_option("--trusted-proxy", sa.trusted_proxies,
                        "Địa chỉ hoặc mạng (CIDR) của proxy tin cậy: X-Forwarded-For và X-Forwarded-Proto từ đó mới được tin");
  serve_cmd->add_option("--max-connections", sa.max_connections,
                        "Số kết nối tối đa (mặc định: giới hạn mô tả tệp trừ phần dự trữ)")
      ->check(CLI::Range(8, 1000000));
  serve_cmd->add_option("--db-timeout", sa.db_timeout,
                        "Số giây một thao tác ghi chờ khoá trong cơ sở dữ liệu trước khi trả 503")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
  serve_cmd->add_option("--register-save-every", sa.register_save,
                        "Số giây giữa hai lần lưu số đếm sổ hộ đã tính (đọc lại khi khởi động, khỏi đếm lại từng người)")
      ->check(CLI::Range(0.05, 86400.0))
      ->capture_default_str();
  serve_cmd->add_option("--connect-wait", sa.connect_wait, "Số giây thử kết nối cơ sở dữ liệu khi khởi động")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();

  auto* import_cmd = cli.add_subcommand("import", "Nhập dữ liệu");
  import_cmd->require_subcommand(1);
  auto* units_cmd = import_cmd->add_subcommand("units", "Nhập danh mục đơn vị hành chính GSO (CSV xuất từ danh mục)");
  std::vector<std::string> files;
  std::string valid_from, valid_to;
  units_cmd->add_option("--db", db, kDbHelp)->capture_default_str();
  units_cmd->add_option("--valid-from", valid_from, "Ngày các đơn vị bắt đầu hiệu lực (YYYY-MM-DD; mặc định: không rõ)");
  units_cmd->add_option("--valid-to", valid_to, "Ngày cuối cùng các đơn vị còn hiệu lực (YYYY-MM-DD)");
  units_cmd->add_option("FILE", files, "Tệp CSV (xã và/hoặc huyện)")->required()->check(CLI::ExistingFile);

  auto* reorg_cmd = import_cmd->add_subcommand(
      "reorganisation", "Áp dụng sắp xếp đơn vị hành chính: bảng chuyển đổi xã cũ → xã mới (và danh sách xã, tỉnh mới)");
  reorg_cmd->add_option("--db", db, kDbHelp)->capture_default_str();
  reorg_cmd->add_option("FILE", files, "reform2025_legacy_to_new.csv [reform2025_communes_*.csv] [reform2025_provinces_*.csv]")
      ->required()
      ->check(CLI::ExistingFile);

  auto* user_cmd = cli.add_subcommand("user", "Quản lý tài khoản");
  user_cmd->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "Tạo tài khoản (mật khẩu từ LANGSO_PASSWORD hoặc nhập)");
  std::string login, role = "admin", unit_code, full_name, phone;
  user_add->add_option("--db", db, kDbHelp)->capture_default_str();
  user_add->add_option("--login", login, "Tên đăng nhập")->required();
  user_add->add_option("--role", role, "admin, province_officer, district_officer, commune_officer, team_member, viewer")
      ->capture_default_str();
  user_add->add_option("--unit", unit_code, "Mã đơn vị (GSO hoặc mã thôn của langso), theo cơ cấu hôm nay");
  user_add->add_option("--name", full_name, "Họ và tên");
  user_add->add_option("--phone", phone, "Số điện thoại");

  auto* gen_cmd = cli.add_subcommand("gen", "Sinh bộ dữ liệu quốc gia (cơ cấu 2025) cho đo hiệu năng");
  GenOptions gen;
  gen_cmd->add_option("--db", db, "Tệp SQLite hoặc URL PostgreSQL (trống)")->capture_default_str();
  gen_cmd->add_option("--data", gen.data_dir, "Thư mục danh sách 2025 (reform2025_*.csv)")->capture_default_str();
  gen_cmd->add_option("--activities", gen.activities, "Số hoạt động")->capture_default_str();
  gen_cmd->add_option("--villages", gen.villages_per_commune, "Số thôn mỗi xã")->capture_default_str();
  gen_cmd->add_option("--provinces", gen.province_limit, "Chỉ sinh N tỉnh đầu (0: tất cả)");
  gen_cmd->add_option("--seed", gen.seed, "Hạt giống ngẫu nhiên")->capture_default_str();
  gen_cmd->add_option("--register", gen.register_share, "Sổ hộ: tỉ lệ dân số mỗi thôn được sinh (1: cả nước ~100 triệu người; 0: không)")
      ->check(CLI::Range(0.0, 1.0));
  gen_cmd->add_flag("--legacy", gen.legacy, "Ghi trên cơ cấu cũ (63 tỉnh, 10.035 xã), rồi áp dụng sắp xếp 01/07/2025");

  auto* backup_cmd = cli.add_subcommand("backup", "Sao lưu trực tuyến cơ sở dữ liệu SQLite (máy chủ vẫn chạy)");
  std::string backup_file;
  backup_cmd->add_option("--db", db, "Tệp SQLite (PostgreSQL: dùng pg_dump)")->capture_default_str();
  backup_cmd->add_option("FILE", backup_file, "Tệp sao lưu sẽ tạo")->required();
  auto* restore_cmd = cli.add_subcommand("restore", "Khôi phục cơ sở dữ liệu SQLite từ tệp sao lưu (khi máy chủ đã dừng)");
  restore_cmd->add_option("--db", db, "Tệp SQLite (PostgreSQL: dùng pg_restore)")->capture_default_str();
  restore_cmd->add_option("FILE", backup_file, "Tệp sao lưu")->required()->check(CLI::ExistingFile);

  auto* migrate_cmd = cli.add_subcommand("migrate", "Cập nhật lược đồ cơ sở dữ liệu");
  migrate_cmd->add_option("--db", db, kDbHelp)->capture_default_str();

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  try {
    if (!is_postgres_location(db)) {
      auto parent = std::filesystem::path(db).parent_path();
      if (!parent.empty()) std::filesystem::create_directories(parent);
    }
    if (*serve_cmd) {
      sa.db = db;
      return serve(sa, argv[0]);
    }
    if (*units_cmd) {
      GsoImportOptions opt;
      if (!valid_from.empty()) {
        auto d = parse_iso_date(valid_from);
        if (!d) throw std::runtime_error("--valid-from không phải ngày hợp lệ: " + valid_from);
        opt.valid_from = *d;
      }
      if (!valid_to.empty()) {
        auto d = parse_iso_date(valid_to);
        if (!d) throw std::runtime_error("--valid-to không phải ngày hợp lệ: " + valid_to);
        opt.valid_to = Date{d->days + 1};
      }
      auto t0 = std::chrono::steady_clock::now();
      auto store = open_store(db);
      std::vector<std::string> texts;
      for (auto& f : files) texts.push_back(read_file(f));
      ImportReport r = import_gso_units(*store, texts, opt);
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
      if (!r.errors.empty()) {
        std::fprintf(stderr, "Không nhập gì: %zu dòng lỗi\n", r.errors.size());
        for (size_t i = 0; i < r.errors.size() && i < 50; ++i) std::fprintf(stderr, "  %s\n", r.errors[i].c_str());
        return 1;
      }
      std::printf("Đã đọc %d dòng: tạo %d tỉnh, %d huyện, %d xã; %d đổi tên; %d không đổi (%lld ms)\n", r.rows,
                  r.provinces_created, r.districts_created, r.communes_created, r.renamed, r.unchanged,
                  static_cast<long long>(ms));
      return 0;
    }
    if (*reorg_cmd) return import_reorganisation_files(db, files);
    if (*user_add) {
      auto r = parse_role(role);
      if (!r) throw std::runtime_error("vai trò không hợp lệ: " + role);
      App app(open_store(db));
      UserRecord u;
      u.login = login;
      u.role = *r;
      u.full_name = full_name.empty() ? login : full_name;
      if (!phone.empty()) {
        u.phone = normalize_phone(phone);
        if (!u.phone) throw std::runtime_error("số điện thoại không hợp lệ: " + phone);
      }
      if (*r != Role::Admin) {
        if (unit_code.empty()) throw std::runtime_error("vai trò " + role + " cần --unit");
        auto ids = app.units().by_code(unit_code, today_local());
        if (ids.empty()) throw std::runtime_error("không có đơn vị mã " + unit_code + " vào ngày hôm nay");
        u.unit_id = ids.front();
      }
      std::string pw = read_password();
      const Unit* unit = u.unit_id ? app.units().find(u.unit_id) : nullptr;
      if (auto bad = check_password(pw, {u.login, u.full_name, u.phone.value_or(""), unit ? short_name(*unit) : ""}))
        throw std::runtime_error("mật khẩu không dùng được: " + bad->message);
      u.password_hash = hash_password(pw);
      if (app.store().find_user_by_login_or_phone(login)) throw std::runtime_error("tên đăng nhập đã tồn tại: " + login);
      auto writing = app.writer();
      Id id = create_user(app, u, 0);
      std::printf("Đã tạo tài khoản %s (id %lld, %s)\n", login.c_str(), static_cast<long long>(id),
                  std::string(role_name(u.role)).c_str());
      return 0;
    }
    if (*gen_cmd) {
      auto t0 = std::chrono::steady_clock::now();
      auto store = open_store(db);
      Progress progress;  // stderr, a line every few seconds
      gen.progress = [&](std::string_view stage, int64_t done, int64_t total) { progress(stage, done, total); };
      GenReport r = generate_national(*store, gen);
      auto s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - t0).count();
      std::printf("Đã sinh %lld tỉnh, %lld xã (%d có dân số), %lld thôn, %lld tổ, %lld thành viên, %lld hoạt động (%lld s)\n",
                  static_cast<long long>(r.provinces), static_cast<long long>(r.communes), r.population_matched,
                  static_cast<long long>(r.villages), static_cast<long long>(r.teams), static_cast<long long>(r.members),
                  static_cast<long long>(r.activities), static_cast<long long>(s));
      if (r.persons)
        std::printf("Sổ hộ: %lld hộ, %lld người, %lld trạng thái công dân số\n", static_cast<long long>(r.households),
                    static_cast<long long>(r.persons), static_cast<long long>(r.statuses));
      return 0;
    }
    if (*backup_cmd) {
      require_sqlite(db, "backup");
      if (std::filesystem::exists(backup_file)) throw std::runtime_error("tệp sao lưu đã tồn tại: " + backup_file);
      SqliteDb source(db);
      source.backup_to(backup_file);
      std::printf("Đã sao lưu %s vào %s\n", db.c_str(), backup_file.c_str());
      return 0;
    }
    if (*restore_cmd) {
      require_sqlite(db, "restore");
      {  // the backup must be a langso database this binary can open
        auto check = open_store(backup_file);
      }
      SqliteDb source(backup_file);
      source.backup_to(db);
      std::printf("Đã khôi phục %s từ %s\n", db.c_str(), backup_file.c_str());
      return 0;
    }
    if (*migrate_cmd) {
      auto store = open_store(db);
      std::printf("Lược đồ ở phiên bản %d\n", latest_schema_version());
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "langso: lỗi: %s\n", e.what());
    return 1;
  }
  return 0;
}
