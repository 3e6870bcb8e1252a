// gzip (RFC 1952) of a buffer in memory, for answers sent to clients that
// accept it (http/server.cc) and for tests.
#pragma once
#include <string>
#include <string_view>

namespace langso {

// Level 1 (fastest) to 9 (smallest); throws std::runtime_error if zlib fails.
std::string gzip(std::string_view in, int level = 4);
// The original bytes; throws std::runtime_error on a corrupt stream or one
// that would inflate past max_out.
std::string gunzip(std::string_view in, size_t max_out = 64 << 20);

}  // namespace langso
