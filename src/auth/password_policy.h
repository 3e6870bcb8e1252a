// Which passwords langso accepts, following NIST SP 800-63B revision 3
// (§5.1.1.2, memorized secrets; docs/decisions.md says why that revision):
//
// - 8 to 128 characters, counted as Unicode code points after NFC, taken as
//   typed (never trimmed or truncated); any printable character, Vietnamese
//   letters included; no composition rules (no "one digit, one capital");
// - not only whitespace, and no control characters;
// - not repetitive or sequential: a string that repeats a shorter one
//   ("abcabcab", "hahahaha"), or that is at most two runs of the same
//   character, of consecutive characters or of neighbouring keys
//   ("aaaaaaaa", "12345678", "abcdefgh", "qwertyui", "1234abcd");
// - not a common or breached password (data/passwords/: Openwall's list and
//   common Vietnamese ones), nor one of them with only digits or symbols
//   added before or after ("iloveyou2024");
// - not built on the account's own words or the service's name: the login,
//   the phone number, the person's name, the unit's name, "langso" — a
//   password containing one is refused when what is left without it would
//   itself be refused ("hoamuc123" for the login hoamuc; a long sentence that
//   happens to contain the name is accepted).
//
// Comparisons ignore case, diacritics, spaces and the separators - . , ( ),
// so "Mật Khẩu 123" is compared as "matkhau123". Plain C++: no I/O.
#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace langso {

inline constexpr size_t kPasswordMinChars = 8;
inline constexpr size_t kPasswordMaxChars = 128;

// The account a password is for; any of them may be empty.
struct PasswordContext {
  std::string_view login;
  std::string_view full_name;
  std::string_view phone;      // as stored (0912345678)
  std::string_view unit_name;  // the scope unit's short name ("Hoà Mục")
};

struct PasswordRefusal {
  // Stable: invalid_value (control characters, not UTF-8), too_long,
  // too_short, whitespace_only, repetitive, common_password, context_specific.
  std::string code;
  std::string message;  // Vietnamese, for the person choosing the password
};

// nullopt when the password may be used.
std::optional<PasswordRefusal> check_password(std::string_view password, const PasswordContext& who);

// The compiled-in lists (data/passwords/*.txt, through CMake): one password a
// line, lines starting with '#' are comments.
std::span<const std::string_view> common_password_lists();

}  // namespace langso
