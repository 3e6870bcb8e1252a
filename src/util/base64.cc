#include "util/base64.h"

#include <cstdint>

namespace langso {

static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = static_cast<unsigned char>(in[i]) << 16 | static_cast<unsigned char>(in[i + 1]) << 8 |
                 static_cast<unsigned char>(in[i + 2]);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], kAlphabet[v & 63]};
  }
  if (i + 1 == in.size()) {
    uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    uint32_t v = static_cast<unsigned char>(in[i]) << 16 | static_cast<unsigned char>(in[i + 1]) << 8;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

namespace {
// Each character's 6 bits; kSkip for the white space a decoder passes over,
// kPad for '=', kBad for anything else.
constexpr uint8_t kSkip = 0xFD, kPad = 0xFE, kBad = 0xFF;
struct DecodeTable {
  uint8_t v[256];
  constexpr DecodeTable() : v() {
    for (int i = 0; i < 256; ++i) v[i] = kBad;
    for (int i = 0; i < 64; ++i) v[static_cast<unsigned char>(kAlphabet[i])] = static_cast<uint8_t>(i);
    v[static_cast<unsigned char>(' ')] = v[static_cast<unsigned char>('\n')] = v[static_cast<unsigned char>('\r')] =
        v[static_cast<unsigned char>('\t')] = kSkip;
    v[static_cast<unsigned char>('=')] = kPad;
  }
};
constexpr DecodeTable kDecode;
}  // namespace

// Four characters at a time while there is no white space or padding (the
// whole of what langso itself encodes), one at a time otherwise.
std::optional<std::string> base64_decode(std::string_view text) {
  std::string out;
  out.resize(text.size() / 4 * 3 + 3);
  char* o = out.data();
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  size_t i = 0;
  while (i + 4 <= size) {
    const uint8_t a = kDecode.v[p[i]], b = kDecode.v[p[i + 1]], c = kDecode.v[p[i + 2]], d = kDecode.v[p[i + 3]];
    if ((a | b | c | d) & 0xC0) break;  // white space, padding or a bad character: the careful loop
    const uint32_t x = uint32_t{a} << 18 | uint32_t{b} << 12 | uint32_t{c} << 6 | d;
    *o++ = static_cast<char>(x >> 16), *o++ = static_cast<char>(x >> 8), *o++ = static_cast<char>(x);
    i += 4;
  }
  uint32_t acc = 0;
  int bits = 0, pad = 0;
  size_t n = i;  // characters counted so far (a multiple of 4)
  for (; i < size; ++i) {
    const uint8_t v = kDecode.v[p[i]];
    if (v == kSkip) continue;
    if (v == kBad) return std::nullopt;
    if (v == kPad) {
      ++pad, ++n;
      continue;
    }
    if (pad) return std::nullopt;  // data after padding
    ++n;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *o++ = static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  if (n % 4 != 0 || pad > 2) return std::nullopt;
  out.resize(static_cast<size_t>(o - out.data()));
  return out;
}

}  // namespace langso
