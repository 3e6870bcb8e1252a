// The server's secret for CCCD digests (docs/decisions.md, "CCCD").
//
// The register never keeps a citizen ID in clear: it keeps a digest that
// finds duplicates. A digest of a 12-digit number with a known structure
// (province, century and sex, birth year, six digits) is reversed by trying
// every number in seconds, so the digest is keyed: a 32-byte secret held in
// a file outside the database (mode 0600), which a copy of the database does
// not carry.
//
//   digest(cccd) = the first 128 bits of BLAKE2b-256(key, cccd_digest(cccd)),
//                  in 32 hex digits
//
// 128 bits: a chance of about 10^-23 that two of 100 million numbers share
// a digest, and half the index of the 256 bits kept until migration 18 (the
// unique index is filled at random places, and an import's time went with
// its size: docs/performance.md).
//
// where cccd_digest (auth/crypto.h) is the unkeyed digest langso kept before
// the key existed, so a database made then is re-keyed without the numbers:
// rekey(old digest) = digest(cccd).
//
// The database records the key's check value (check()); a server started
// with another key, or without its file, refuses to start rather than miss
// every duplicate (App::use_cccd_key).
#pragma once
#include <array>
#include <string>
#include <string_view>

namespace langso {

class CccdKey {
 public:
  static constexpr size_t kBytes = 32;
  static constexpr size_t kDigestChars = 32;  // digest() and rekey(): 128 bits in hex
  // Reads the key at `path`, or creates it there (random, mode 0600, its
  // directory too) when there is none. Two processes creating it at once
  // agree: the file is written under a temporary name and linked into place
  // only if none is there yet. Throws runtime_error (Vietnamese) when the
  // file is not a key or cannot be read or written.
  static CccdKey load_or_create(const std::string& path);
  static CccdKey random();  // for tests and throwaway servers
  explicit CccdKey(const std::array<unsigned char, kBytes>& bytes) : key_(bytes) {}

  std::string digest(std::string_view digits) const;          // of a 12-digit CCCD
  std::string rekey(std::string_view unkeyed_digest) const;   // digest() of the number behind it
  std::string check() const;                                  // names the key, reveals nothing of it

 private:
  // The keyed BLAKE2b MAC (256 bits) of `message`, its first `hex_digits`
  // hex digits (at most 64).
  std::string mac(std::string_view message, size_t hex_digits = 64) const;
  std::array<unsigned char, kBytes> key_;
};

}  // namespace langso
