#include "auth/crypto.h"

#include <sodium.h>

#include <stdexcept>

#include "util/text.h"

namespace langso {

void crypto_init() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium init failed");
}

// NFC, so that "ế" typed precomposed or as e + two marks (keyboards and
// systems differ) is the same password. Invalid UTF-8 is left as it is.
static std::string normal_form(std::string_view password) {
  return is_valid_utf8(password) ? nfc(password) : std::string(password);
}

std::string hash_password(std::string_view password) {
  const std::string pw = normal_form(password);
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, pw.data(), pw.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory while hashing password");
  return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
  auto verify = [&](std::string_view pw) { return crypto_pwhash_str_verify(hash.c_str(), pw.data(), pw.size()) == 0; };
  const std::string pw = normal_form(password);
  // A hash made before passwords were normalised was made of the bytes as typed.
  return verify(pw) || (pw != password && verify(password));
}

std::string to_hex(const unsigned char* p, size_t n) {
  std::string s(n * 2 + 1, '\0');
  sodium_bin2hex(s.data(), s.size(), p, n);
  s.pop_back();
  return s;
}

std::string random_token() {
  unsigned char buf[32];
  randombytes_buf(buf, sizeof buf);
  return to_hex(buf, sizeof buf);
}

std::string token_digest(std::string_view t) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(t.data()), t.size(), nullptr, 0);
  return to_hex(out, sizeof out);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string cccd_digest(std::string_view digits) { return token_digest("langso-cccd:" + std::string(digits)); }

}  // namespace langso
