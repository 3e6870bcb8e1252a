// Passwords (argon2id via libsodium) and random tokens.
#pragma once
#include <string>
#include <string_view>

namespace langso {

void crypto_init();  // once, before threads start
// Passwords are hashed in NFC (Unicode canonical composition), so the two ways
// of typing a Vietnamese letter are one password; verify_password also
// accepts the bytes as typed, for hashes made before that.
std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);
std::string random_token();                     // 256 random bits, hex
std::string token_digest(std::string_view t);   // what the store keeps of a session token
// What the register keeps of a 12-digit CCCD (never the number): a digest
// found again from the number, for duplicates (docs/decisions.md).
std::string cccd_digest(std::string_view digits);
bool equal_constant_time(std::string_view a, std::string_view b);
std::string to_hex(const unsigned char* p, size_t n);  // lower case, 2n digits

}  // namespace langso
